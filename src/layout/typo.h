/* typo: the no-break rules of Russian typesetting — which spaces of a text must never end a
 * line. Applied by the line breaker to every paragraph of every document.
 * Invariant: typo only classifies spaces (U+0020 and U+00A0) of a code point array; it never
 * adds, removes or reorders characters, and knows nothing of fonts, widths or documents. */
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
 * number (33 141); an abbreviation and its number or name (ст. 158, д. 5, г. Тверь);
 * « and the word after it, the word before »; a word and the dash after it; a short
 * preposition, conjunction or particle (в, к, с, о, у, и, а, на, по, за, от, до, из, не, …)
 * and the word after it; же, ли, бы and the word before them. A U+00A0 in the text is
 * always TYPO_FIXED. */
void typo_classify(const unsigned *text, size_t n, unsigned char *kind);

#endif
