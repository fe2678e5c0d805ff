/* fileio: writing output files so that nothing half-written is ever seen.
 * Invariant: a file appears under its final name only complete (written to a temporary
 * file in the same folder, flushed, then renamed), with the mode asked (0640 for documents)
 * narrowed by the umask, never widened; a symlink planted at the final name is replaced,
 * never followed. */
#ifndef PT_FILEIO_H
#define PT_FILEIO_H

#include <stddef.h>

/* Writes n bytes of data to path atomically with the given mode. Returns 0, or -1 with a
 * message (naming path and the system's reason) in err. */
int file_write_atomic(const char *path, const void *data, size_t n, int mode, char *err, size_t errlen);
/* Writes n bytes of data to the new file path (which must not exist: O_EXCL, a symlink is
 * not followed) with mode narrowed by the umask, without fsync: for a staging area whose
 * files are made durable together (app/stage.h). A file that cannot be written whole is
 * removed. Returns 0, or -1 with a message naming path in err. */
int file_write_new(const char *path, const void *data, size_t n, int mode, char *err, size_t errlen);
/* Opens a new file to be written in path's folder, with no name while it is written
 * (O_TMPFILE) where the file system allows, so that a process that ends half way (out of memory
 * included) leaves nothing behind; else under the name tmp. *named tells which. Returns the
 * descriptor, or -1 with errno set. */
int file_open_unnamed(const char *path, const char *tmp, int mode, int *named);
/* Puts the file open as fd (from file_open_unnamed) in place as path: links it as tmp when it
 * has no name, then renames tmp to path (a symlink at path is replaced, never followed).
 * Allocates nothing. Returns 0, or -1 with errno set (tmp removed). fd stays open. */
int file_name_into_place(int fd, int named, const char *tmp, const char *path);
/* Creates dir and its missing parents with mode 0750 (narrowed by the umask). Returns 0 or -1 with err. */
int file_mkdirs(const char *dir, char *err, size_t errlen);
/* Reads a whole file (at most max bytes). Returns 0 and a malloc'd buffer (NUL-terminated,
 * *n bytes), -1 when it cannot be read, -2 when larger than max. */
int file_read_all(const char *path, size_t max, char **data, size_t *n);

#endif
