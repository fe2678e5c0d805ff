/* pool: a string pool — many small strings copied into a few large blocks, released at once.
 * Invariant: a string in the pool never moves and lives until pool_free; the blocks are
 * shared memory (mmap MAP_SHARED | MAP_ANONYMOUS), so a process forked after the strings were
 * written sees them without a private copy of its own: its resident size counts only the
 * pages it reads, and pool_forget_pages drops even those. Out of memory is xalloc's
 * (exit 3). A zeroed struct pool is an empty pool. */
#ifndef PT_POOL_H
#define PT_POOL_H

#include <stdbool.h>
#include <stddef.h>

struct pool {
	struct pool_block {
		char *base;
		size_t used, size;
	} *v;
	size_t n, cap;
	const char *empty; /* the one "" every empty string is (inside the first block) */
};

/* Returns a copy of s in p ("" for every empty string is the same copy); never NULL. Never
 * free() it: pool_free releases it. s must not be NULL. */
char *pool_strdup(struct pool *p, const char *s);
/* True when s lies in one of p's blocks (a string pool_strdup gave). */
bool pool_owns(const struct pool *p, const void *s);
/* The bytes of p's blocks (mapped, not all resident). */
size_t pool_size(const struct pool *p);
/* Drops this process's mapping of the pages of p's blocks from its resident set; the strings
 * stay (the pages are shared; a later read maps them again). For a forked worker that read
 * some of them: its resident size falls back. */
void pool_forget_pages(const struct pool *p);
/* Releases every block; p is an empty pool afterwards. */
void pool_free(struct pool *p);

#endif
