/* xalloc: allocation that never returns NULL.
 * Invariant: out-of-memory is handled in exactly one place (xalloc_fail), which prints
 * "patronat: out of memory" and exits with status 3; callers never check for NULL. */
#ifndef PT_XALLOC_H
#define PT_XALLOC_H

#include <stddef.h>

/* Returns a block of n bytes (n may be 0); free with free(). */
void *xmalloc(size_t n);
/* Returns a zeroed block of n * size bytes, overflow-checked; free with free(). */
void *xcalloc(size_t n, size_t size);
/* Resizes p to n * size bytes, overflow-checked; returns the new block. */
void *xreallocarray(void *p, size_t n, size_t size);
/* Returns a copy of s (s may be NULL: returns NULL); free with free(). */
char *xstrdup(const char *s);
/* Returns a NUL-terminated copy of the first n bytes of s; free with free(). */
char *xstrndup(const char *s, size_t n);
/* Returns a newly allocated printf-formatted string; free with free(). */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Returns n bytes of zeroed shared anonymous memory (mmap MAP_SHARED | MAP_ANONYMOUS: a
 * process forked afterwards shares the pages instead of copying them); release with munmap. */
void *xmap_shared(size_t n);

/* Gives the pages of freed blocks back to the system (glibc keeps them resident otherwise):
 * after a large transient structure (an input table) was freed. */
void xalloc_release(void);

/* The exit status of a process that ran out of memory. */
#define XALLOC_EXIT 3
/* Ends the process as running out of memory does, without a second message: for a process
 * whose worker ran out of memory (exit status XALLOC_EXIT) and has said so. */
_Noreturn void xalloc_exit_quietly(void);

/* Grows *v (an array of *cap elements of size bytes) so it holds at least need elements. */
void xgrow(void **v, size_t *cap, size_t need, size_t size);

#endif
