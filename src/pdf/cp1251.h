/* cp1251: the single-byte encoding the PDF backend writes text in (libharu's CP1251 encoder
 * gives exact text extraction with no ToUnicode warnings; its UTF-8 mode does not).
 * Invariant: cp1251_byte and cp1251_has agree: a code point has a byte iff it is shown. */
#ifndef PT_CP1251_H
#define PT_CP1251_H

#include <stdbool.h>

/* True when code point cp can be written (and so must be measured/shown). */
bool cp1251_has(unsigned cp);
/* The byte for code point cp, or '?' when cp1251_has(cp) is false. */
unsigned char cp1251_byte(unsigned cp);
/* The code point of byte b. */
unsigned cp1251_cp(unsigned char b);

#endif
