/* layout: turns a document tree into pages — line breaking (with hyphenation), justification,
 * tables that break across pages with their header repeated, forms' blank lines, approval and
 * signature blocks, charts, page numbers.
 * Invariant: layout sees the document tree and font metrics only; it never calls the PDF
 * library and knows nothing of what the document is about. Nothing it emits leaves the
 * page's text area (except page numbers, in the top margin; the QR element of layout/qr.h
 * goes in the bottom one): over-long words are broken. */
#ifndef PT_LAYOUT_H
#define PT_LAYOUT_H

#include <stdbool.h>

#include "doc/doc.h"
#include "layout/pages.h"

struct ttf;
struct hyph;

struct layout_opts {
	double page_w, page_h;                      /* pt */
	double margin_l, margin_r, margin_t, margin_b; /* pt */
	double line_spacing;                        /* leading as a multiple of the size */
	const struct ttf *face[FONT_NFACES];        /* metrics by enum font_face (fallbacks may be NULL) */
	bool (*can_show)(unsigned cp);              /* what the backend can write at all; the rest, and
						     * what no face has, become '?' */
	struct hyph *hyph;                          /* hyphenation dictionary, or NULL for none */
};

/* Fills o with A4 and the margins of ГОСТ Р 7.0.97 (20/10/20/20 mm), leading 1.15. */
void layout_default_opts(struct layout_opts *o);

/* Lays out d into out (which must be zeroed; free with pages_free); the baselines are placed
 * with the ascender of the regular face (ttf_get_metrics). Returns 0: every document can be
 * laid out (a word wider than its column is broken between characters, a row taller than a
 * page is split), so there is no failure to report; out of memory ends the program (xalloc). */
int layout_doc(const struct doc *d, const struct layout_opts *o, struct pages *out);

#endif
