/* collate: alphabetical order for names in printed lists and print files — Russian, and the
 * other Cyrillic alphabets of Russia and its neighbours, and Latin with diacritics.
 * Invariant: case is ignored; a letter with a diacritic or a national letter sorts right
 * after its base letter and before the next one (ё after е and before ж; ә after а; і, ї
 * and й after и; ң after н; ө after о; ұ, ү, ў after у; һ after х; é after e; ł after l);
 * other characters by code point; the same on every machine (no locale involved). */
#ifndef PT_COLLATE_H
#define PT_COLLATE_H

/* Compares UTF-8 strings a and b (NULL reads as ""). Returns <0, 0 or >0 like strcmp. */
int collate_ru(const char *a, const char *b);

#endif
