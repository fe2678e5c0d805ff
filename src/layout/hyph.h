/* hyph: Russian (and any libhyphen) hyphenation of single words.
 * Invariant: words are given and answered in code points; the dictionary's own encoding
 * (KOI8-R for Debian's hyph_ru_RU.dic, named on its first line) stays inside this module. */
#ifndef PT_HYPH_H
#define PT_HYPH_H

#include <stddef.h>

struct hyph;

/* Loads a libhyphen dictionary. Returns it (free with hyph_free) or NULL when missing. */
struct hyph *hyph_load(const char *path);
void hyph_free(struct hyph *h);
/* Marks where word (n code points, letters only) may break: ok[k] = 1 when a hyphen may
 * follow the k-th letter; at least two letters stay on each side. Returns the number of
 * break points (0 for words it does not know or cannot encode). */
size_t hyph_word(struct hyph *h, const unsigned *word, size_t n, unsigned char *ok);

#endif
