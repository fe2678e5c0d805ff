/* linebreak: a paragraph's styled text as measured glyphs, and its division into lines.
 * Invariant: breaks happen only at breakable spaces, after a hyphen inside a word, at
 * hyphenation points, at '\n', or — when nothing else fits — at a no-break space and, for a
 * word wider than the line, between characters. The typography pass (typo.h) marks the
 * no-break spaces when the text is measured, so "И.\u00a0О.\u00a0Фамилия", "№\u00a05",
 * "2026\u00a0г.", "в\u00a0городе" and "«слово»" stay together in every document. */
#ifndef PT_LINEBREAK_H
#define PT_LINEBREAK_H

#include <stdbool.h>
#include <stddef.h>

#include "doc/doc.h"
#include "font/face.h"

struct ttf;
struct hyph;

struct lb_glyph {
	unsigned cp;
	unsigned char face;
	unsigned char nobreak; /* a space no line may end at (typo.h) */
	float w; /* advance, pt */
};

/* The face a span of style s is set in. */
enum font_face lb_face_of(enum doc_style s);

struct lb_para {
	struct lb_glyph *g;
	size_t n;
	size_t replaced; /* characters the backend cannot show, now '?' */
	double size;
	double hyphen_w[FONT_NFACES];
};

struct lb_line {
	size_t a, b;   /* glyphs [a, b) (no leading/trailing spaces) */
	double width;  /* natural width, pt, hyphen included */
	double offset; /* x offset from the text area's left (indent, centring) */
	double extra;  /* extra per space when justified */
	bool hyphen;   /* a hyphen is added at the end */
};

/* Measures the spans of p at size (faces by style; a character the style's face lacks in the
 * fallback face that has it; one that can_show refuses or no face has becomes '?', counted
 * in replaced) and applies the no-break rules: a fixed no-break space becomes U+00A0 (when
 * the backend can show it), a stretching one stays a space marked nobreak. face[] may have
 * NULL fallback faces. Free with lb_free. */
void lb_build(struct lb_para *lp, const struct doc_para *p, const struct ttf *const face[FONT_NFACES],
	      bool (*can_show)(unsigned cp), double size);
/* Breaks into lines of at most width pt (the first line also loses p->indent_first);
 * hyphenates (when hy and p->hyphenate) a word that would otherwise leave the line loose by
 * more than an em, never a capitalised word, and not on a third line in a row unless the
 * line would be very loose. *lines is malloc'd (free with free()). Returns the number of lines. */
size_t lb_break(const struct lb_para *lp, const struct doc_para *p, double width, struct hyph *hy,
		struct lb_line **lines);
/* UTF-8 text of glyphs [a, b), plus "-" when hyphen. Free with free(). */
char *lb_text(const struct lb_para *lp, size_t a, size_t b, bool hyphen);
void lb_free(struct lb_para *lp);

#endif
