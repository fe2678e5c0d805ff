/* chart: draws a document chart (bar, stacked bar, line, pie) as vector items — axes, bars
 * with hatching that survives black-and-white print, values printed on or beside the bars,
 * Russian labels and a legend.
 * Invariant: everything stays inside [x0, x0 + width] and the height returned; a NAN value
 * draws "нет данных", never a zero bar. */
#ifndef PT_CHART_H
#define PT_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "doc/doc.h"
#include "layout/pages.h"

struct ttf;

struct chart_env {
	const struct ttf *const *face; /* metrics by enum font_face */
	bool (*can_show)(unsigned cp);
};

/* Draws ch at x0 in width; items' y (and y2 of lines, rects' top in y and height in y2,
 * polygon points' y) are measured downward from the chart's top. *items is malloc'd and
 * handed to the caller with its texts and points. Returns the chart's height, pt. */
double chart_draw(const struct doc_chart *ch, const struct chart_env *env, double x0, double width,
		  struct item **items, size_t *n);

#endif
