/* pages: laid-out pages — the one thing the PDF backend sees. Text runs at absolute
 * positions in one of four faces, rules, rectangles and polygons, in PDF points with the
 * origin at the bottom left of an A4 page; text names its face with enum font_face (face.h).
 * Invariant: every item lies inside the page; text is UTF-8 of BMP characters that its
 * item's face has (layout drew the others from a fallback face or replaced them by '?');
 * pages own their items and strings. */
#ifndef PT_PAGES_H
#define PT_PAGES_H

#include <stddef.h>

#include "font/face.h"

enum item_kind { ITEM_TEXT, ITEM_LINE, ITEM_RECT, ITEM_POLY };

enum fill { FILL_NONE, FILL_GRAY, FILL_HATCH, FILL_CROSS, FILL_DOTS, FILL_WHITE };

struct item {
	enum item_kind kind;
	enum font_face face; /* for text */
	double size;       /* text size, pt */
	double x, y;       /* text baseline start; line start; rect bottom-left */
	double x2, y2;     /* line end; rect width and height in x2, y2 */
	double width;      /* stroke width, pt; 0 = no stroke */
	double word_space; /* extra space added to every U+0020 (justification) */
	enum fill fill;
	double gray;       /* 0 black .. 1 white, for FILL_GRAY and the stroke of text/lines */
	double dash;       /* dash length for lines, 0 = solid */
	char *text;        /* UTF-8, for text */
	double *pts;       /* polygon/polyline points x0,y0,x1,y1…, for ITEM_POLY */
	size_t npts;       /* number of points */
	int closed;        /* polygon closed and filled with fill */
};

struct page {
	struct item *items;
	size_t nitems, cap;
};

struct pages {
	double width, height;
	struct page *v;
	size_t n, cap;
	char *title, *author, *subject, *keywords; /* metadata, UTF-8 */
	size_t replaced; /* characters the fonts cannot show, replaced by '?' */
};

struct page *pages_add(struct pages *p);
/* Appends an item (its text/pts are taken over) and returns it. */
struct item *page_add_item(struct page *pg, const struct item *it);
void pages_free(struct pages *p);

#endif
