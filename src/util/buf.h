/* buf: a growable byte string, always NUL-terminated.
 * Invariant: b->data is NULL only while b->len == 0 and nothing was appended; buf_cstr()
 * never returns NULL. Growth is bounded by the caller's caps, not here. */
#ifndef PT_BUF_H
#define PT_BUF_H

#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

#define BUF_INIT {NULL, 0, 0}

/* Makes room for n more bytes (and the NUL) at once, exactly: for a size known ahead. */
void buf_reserve(struct buf *b, size_t n);
void buf_add(struct buf *b, const char *s, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns the contents (borrowed; valid until the next change). */
const char *buf_cstr(const struct buf *b);
/* Hands the contents to the caller (free with free()) and empties b. */
char *buf_take(struct buf *b);
void buf_reset(struct buf *b);
void buf_free(struct buf *b);

#endif
