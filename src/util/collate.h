/* collate: Russian alphabetical order for names in printed lists and print files.
 * Invariant: case is ignored; ё sorts right after е (and before ж); other characters by
 * code point, so the order is total and the same on every machine (no locale involved). */
#ifndef PT_COLLATE_H
#define PT_COLLATE_H

/* Compares UTF-8 strings a and b (NULL reads as ""). Returns <0, 0 or >0 like strcmp. */
int collate_ru(const char *a, const char *b);

#endif
