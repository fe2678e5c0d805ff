/* fold: the form in which two texts typed by people are compared (headers, words, names).
 * Invariant: folding is idempotent and keeps only what a user would call the same text:
 * blanks trimmed and collapsed, Latin and Cyrillic letters lower-cased, ё as е. */
#ifndef PT_FOLD_H
#define PT_FOLD_H

/* Returns s (UTF-8, borrowed) folded for matching: trimmed, every run of blanks (space,
 * tab, line break, NBSP, narrow NBSP) as one space, lower case (Latin and Cyrillic),
 * ё/Ё as е; invalid bytes dropped. A new string; free with free(). */
char *fold_key(const char *s);

#endif
