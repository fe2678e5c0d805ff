/* utf8: strict UTF-8 checking, decoding and encoding; Windows-1251 to UTF-8; line numbers.
 * Invariant: "valid" is RFC 3629 UTF-8 (no overlong forms, no surrogates, nothing above
 * U+10FFFF); every function reads only the bytes it is given a length for (the one
 * exception, utf8_line_of_offset, says so); nothing here keeps state between calls. */
#ifndef PT_UTF8_H
#define PT_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Returns true when the n bytes at s are valid UTF-8 (NUL bytes count as valid). When not,
 * and bad_offset is not NULL, *bad_offset gets the offset of the first byte that does not
 * start a valid sequence. */
bool utf8_valid(const char *s, size_t n, size_t *bad_offset);

/* Decodes the code point that starts at s (at most n bytes are read). Returns it, or -1 when
 * the bytes there are not valid UTF-8 (bad lead byte, bad or missing continuation, overlong,
 * surrogate, above U+10FFFF). *len gets the bytes consumed: the sequence length, or 1 for
 * invalid input, so a caller can always step over a bad byte (0 only when n == 0). */
int utf8_decode(const char *s, size_t n, size_t *len);

/* Writes the UTF-8 form of cp into out (not NUL-terminated) and returns its length, 1-4.
 * A surrogate or a value above U+10FFFF is written as U+FFFD. */
size_t utf8_encode(unsigned cp, char out[4]);

/* Converts n bytes of Windows-1251 text to UTF-8 with iconv. The byte 0x98 (undefined in
 * Windows-1251) becomes U+FFFD; NUL bytes are dropped. Returns a NUL-terminated string the
 * caller frees with free(), or NULL when iconv cannot convert from CP1251 on this system. */
char *utf8_from_cp1251(const char *s, size_t n);

/* Returns the 1-based line number of byte offset off in s: one plus the line ends before
 * off, where a line end is "\n", "\r\n" (counted once) or a lone "\r". Reads s[0..off],
 * i.e. the byte at off too, so off must be inside s (or at its terminating NUL). */
int utf8_line_of_offset(const char *s, size_t off);

#endif
