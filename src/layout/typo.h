/* typo: the rules of Russian typesetting applied to every paragraph of every document by the
 * line breaker — typographic quotes for straight ones, and which spaces must never end a line.
 * Invariant: typo works on a code point array and never adds, removes or reorders characters
 * (typo_quotes replaces one code point by one); it knows nothing of fonts, widths or
 * documents. */
#ifndef PT_TYPO_H
#define PT_TYPO_H

#include <stddef.h>

enum typo_space {
	TYPO_BREAK,   /* an ordinary space: a line may end here */
	TYPO_FIXED,   /* a no-break space of fixed width: И.\u00a0О.\u00a0Фамилия, №\u00a05, 2026\u00a0г. */
	TYPO_GLUE,    /* a no-break space that still stretches in justified lines: «в\u00a0городе» */
};

/* Classifies every space of text (n code points) into kind[i] (kind[i] of other characters is
 * TYPO_BREAK and means nothing). The rules, each keeping two neighbours on one line:
 * initials and the surname (И. О. Фамилия, И.О. Фамилия, Фамилия И. О.); № and what follows;
 * a number and its unit (г., гг., лет, %, руб., ч., мин., мес., …) and the groups of a
 * number (33 141), a count and its unit (27 тыс. руб.); a number and the word it counts
 * (3 разряда, 2 беседы: a small letter after a number with no dot or slash in it, not a
 * preposition or an abbreviation); an abbreviation and its number or name (ст. 158, д. 5, г. Тверь);
 * « and the word after it, the word before »; a word and the dash after it (—, –, or a
 * hyphen with spaces around it); a short preposition, conjunction, particle or pronoun (в, к,
 * с, о, у, и, а, я, на, по, за, от, до, из, не, …)
 * and the word after it; же, ли, бы and the word before them. A U+00A0 in the text is
 * always TYPO_FIXED. */
void typo_classify(const unsigned *text, size_t n, unsigned char *kind);

/* Replaces the straight double quotes of text (n code points, changed in place) by the
 * typographic ones of Russian: a pair «…», a pair inside another (typographic or straight)
 * „…“. A quote opens after the start, a space, a bracket, an opening quote or a dash, and
 * closes elsewhere; one right after a digit with no straight quote open is an inch mark
 * (24") and stays. A quote that finds no pair stays straight, as do pairs nested deeper than
 * 32. « » „ “ already in the text are kept and count for the nesting. Returns the number of
 * quotes replaced. Call it before typo_classify, which then sees the typographic quotes. */
size_t typo_quotes(unsigned *text, size_t n);

#endif
