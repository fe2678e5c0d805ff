/* chart: vector charts of the analytic report — grouped bars, stacked bars, lines — with a
 * value axis, values printed on or beside the marks, a legend and the caption underneath.
 * Invariant: series are told apart without colour (hatching, dots, gray levels with a black
 * outline; lines by dash and marker: odd series are dashed, as the report's targets are);
 * every item lies in [x0, x0 + width] and in the height returned; NAN prints «нет данных». */
#include "chart.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "font/ttf.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define VAL_SIZE 8.0
#define LAB_SIZE 9.0
#define LEG_SIZE 8.5
#define CAP_SIZE 10.5
#define NODATA "нет данных"

struct cx {
	const struct chart_env *env;
	struct item *v;
	size_t n, cap;
	double x0, w;
};

/* ---- items ------------------------------------------------------------------------------ */

static struct item *add(struct cx *c, enum item_kind kind)
{
	xgrow((void **)&c->v, &c->cap, c->n + 1, sizeof *c->v);
	struct item *it = &c->v[c->n++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	return it;
}

/* s with what the backend cannot show or face lacks replaced by '?'. */
static char *showable(const struct cx *c, enum font_face face, const char *s)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		size_t len;
		int cp = utf8_decode(s + i, n - i, &len);
		if (cp < 0 || (c->env->can_show && !c->env->can_show((unsigned)cp)) ||
		    (c->env->face[face] && !ttf_glyph(c->env->face[face], (unsigned)cp)))
			buf_addc(&b, '?');
		else
			buf_add(&b, s + i, len);
		i += len ? len : 1;
	}
	buf_addc(&b, '\0');
	b.len--;
	return buf_take(&b);
}

static double text_w(const struct cx *c, enum font_face face, double size, const char *s)
{
	const struct ttf *f = c->env->face[face];
	double w = 0;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		size_t len;
		int cp = utf8_decode(s + i, n - i, &len);
		w += f ? ttf_width(f, cp < 0 ? '?' : (unsigned)cp) : 500;
		i += len ? len : 1;
	}
	return w * size / 1000;
}

/* Text with its baseline at y; align -1 left of x, 0 centred on x, 1 ending at x; kept in
 * the chart's width. */
static void text(struct cx *c, enum font_face face, double size, double x, double y, int align, const char *s)
{
	double w = text_w(c, face, size, s);
	x -= align == 0 ? w / 2 : align > 0 ? w : 0;
	if (x + w > c->x0 + c->w)
		x = c->x0 + c->w - w;
	if (x < c->x0)
		x = c->x0;
	struct item *it = add(c, ITEM_TEXT);
	it->face = face, it->size = size, it->x = x, it->y = y;
	it->text = showable(c, face, s);
}

static void rect(struct cx *c, double x, double top, double w, double h, enum fill f, double gray, double stroke)
{
	struct item *it = add(c, ITEM_RECT);
	it->x = x, it->y = top, it->x2 = w, it->y2 = h;
	it->fill = f, it->gray = gray, it->width = stroke;
}

static void line(struct cx *c, double x1, double y1, double x2, double y2, double width, double gray, double dash)
{
	struct item *it = add(c, ITEM_LINE);
	it->x = x1, it->y = y1, it->x2 = x2, it->y2 = y2;
	it->width = width, it->gray = gray, it->dash = dash;
}

static void poly(struct cx *c, const double *pts, size_t npts, bool closed, double gray, double width, double dash)
{
	struct item *it = add(c, ITEM_POLY);
	it->pts = xmalloc(npts * 2 * sizeof *it->pts);
	memcpy(it->pts, pts, npts * 2 * sizeof *pts);
	it->npts = npts, it->closed = closed, it->gray = gray, it->width = width, it->dash = dash;
}

/* ---- styles ---------------------------------------------------------------------------- */

struct style {
	enum fill fill;
	double gray;
	enum fill over; /* a second pattern over the first, FILL_NONE for none */
};

static const struct style styles[] = {
	{FILL_GRAY, 0.35, FILL_NONE}, {FILL_HATCH, 0, FILL_NONE}, {FILL_GRAY, 0.8, FILL_NONE},
	{FILL_CROSS, 0, FILL_NONE},   {FILL_DOTS, 0, FILL_NONE},  {FILL_GRAY, 0.58, FILL_NONE},
	{FILL_WHITE, 0, FILL_NONE},   {FILL_GRAY, 0.8, FILL_DOTS}, {FILL_GRAY, 0.8, FILL_HATCH},
};
#define NSTYLES (sizeof styles / sizeof *styles)

static void swatch(struct cx *c, size_t s, double x, double top, double w, double h)
{
	const struct style *st = &styles[s % NSTYLES];
	if (st->fill != FILL_GRAY && st->fill != FILL_WHITE)
		rect(c, x, top, w, h, FILL_WHITE, 1, 0);
	rect(c, x, top, w, h, st->fill, st->gray, 0);
	if (st->over != FILL_NONE)
		rect(c, x, top, w, h, st->over, 0, 0);
	rect(c, x, top, w, h, FILL_NONE, 0, 0.5);
}

/* A marker of line series s centred at (x, y). */
static void marker(struct cx *c, size_t s, double x, double y)
{
	double r = 3.2;
	double pts[16];
	size_t n = 0;
	switch (s % 4) {
	case 0: /* circle */
		for (int k = 0; k < 8; k++) {
			pts[2 * k] = x + r * cos(k * 0.785398163397448);
			pts[2 * k + 1] = y + r * sin(k * 0.785398163397448);
		}
		n = 8;
		break;
	case 1: /* square */
		pts[0] = x - r, pts[1] = y - r, pts[2] = x + r, pts[3] = y - r;
		pts[4] = x + r, pts[5] = y + r, pts[6] = x - r, pts[7] = y + r;
		n = 4;
		break;
	case 2: /* triangle */
		pts[0] = x, pts[1] = y - r * 1.2, pts[2] = x + r * 1.1, pts[3] = y + r * 0.8;
		pts[4] = x - r * 1.1, pts[5] = y + r * 0.8;
		n = 3;
		break;
	default: /* diamond */
		pts[0] = x, pts[1] = y - r * 1.3, pts[2] = x + r, pts[3] = y;
		pts[4] = x, pts[5] = y + r * 1.3, pts[6] = x - r, pts[7] = y;
		n = 4;
		break;
	}
	poly(c, pts, n, true, s % 2 ? 1 : 0, 0.8, 0);
}

static double line_gray(size_t s) { return (s / 2) % 2 ? 0.45 : 0; }
static double line_dash(size_t s) { return s % 2 ? 3 : 0; }

/* ---- numbers --------------------------------------------------------------------------- */

static void fmt(double v, bool integer, char *out, size_t n)
{
	if (integer && fabs(v - round(v)) < 1e-9)
		snprintf(out, n, "%.0f", v);
	else
		snprintf(out, n, "%.1f", round(v * 10) / 10);
	char *dot = strchr(out, '.');
	if (dot)
		*dot = ',';
}

/* A round step giving about five ticks up to max. */
static double nice_step(double max, bool integer)
{
	double raw = max / 5, p = pow(10, floor(log10(raw)));
	double m = raw / p;
	double step = (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * p;
	if (integer && step < 1)
		step = 1;
	return step;
}

static double value(const struct doc_chart *ch, size_t s, size_t k)
{
	return ch->values[s * ch->ncats + k];
}

static double stack_total(const struct doc_chart *ch, size_t k, bool *any)
{
	double t = 0;
	*any = false;
	for (size_t s = 0; s < ch->nseries; s++)
		if (!isnan(value(ch, s, k)))
			t += value(ch, s, k), *any = true;
	return t;
}

static double data_max(const struct doc_chart *ch)
{
	double max = 0;
	for (size_t k = 0; k < ch->ncats; k++) {
		bool any;
		if (ch->kind == DOC_CHART_STACKED) {
			double t = stack_total(ch, k, &any);
			max = t > max ? t : max;
			continue;
		}
		for (size_t s = 0; s < ch->nseries; s++)
			if (value(ch, s, k) > max)
				max = value(ch, s, k);
	}
	return max;
}

static bool all_integer(const struct doc_chart *ch)
{
	for (size_t i = 0; i < ch->ncats * ch->nseries; i++)
		if (!isnan(ch->values[i]) && fabs(ch->values[i] - round(ch->values[i])) > 1e-9)
			return false;
	return !ch->percent;
}

/* ---- wrapped text ---------------------------------------------------------------------- */

/* Splits s into lines no wider than w (at spaces); calls emit for each. Returns the count. */
static int wrap(struct cx *c, enum font_face face, double size, const char *s, double w, double x, double y, double lead,
		bool draw)
{
	int lines = 0;
	struct buf cur = BUF_INIT;
	const char *p = s;
	while (*p) {
		size_t l = strcspn(p, " ");
		char *word = xstrndup(p, l);
		size_t keep = cur.len;
		if (cur.len)
			buf_addc(&cur, ' ');
		buf_adds(&cur, word);
		if (keep && text_w(c, face, size, buf_cstr(&cur)) > w) {
			char *prev = xstrndup(buf_cstr(&cur), keep);
			if (draw)
				text(c, face, size, x, y + lines * lead, 0, prev);
			lines++;
			free(prev);
			buf_reset(&cur);
			buf_adds(&cur, word);
		}
		free(word);
		p += l;
		while (*p == ' ')
			p++;
	}
	if (cur.len) {
		if (draw)
			text(c, face, size, x, y + lines * lead, 0, buf_cstr(&cur));
		lines++;
	}
	buf_free(&cur);
	return lines;
}

/* ---- legend ---------------------------------------------------------------------------- */

/* Lays out (and with draw, draws) the legend from top; returns its height. */
static double legend(struct cx *c, const struct doc_chart *ch, double top, bool draw)
{
	double lead = LEG_SIZE + 5, x = c->x0, y = top;
	double sw = ch->kind == DOC_CHART_LINE ? 22 : 12;
	for (size_t s = 0; s < ch->nseries; s++) {
		double w = sw + 4 + text_w(c, FONT_REGULAR, LEG_SIZE, ch->series[s]) + 14;
		if (x > c->x0 && x + w > c->x0 + c->w)
			x = c->x0, y += lead;
		if (draw) {
			if (ch->kind == DOC_CHART_LINE) {
				line(c, x, y + lead / 2 - 2, x + sw, y + lead / 2 - 2, 1.2, line_gray(s), line_dash(s));
				marker(c, s, x + sw / 2, y + lead / 2 - 2);
			} else {
				swatch(c, s, x, y + 1, sw, 8);
			}
			text(c, FONT_REGULAR, LEG_SIZE, x + sw + 4, y + LEG_SIZE, -1, ch->series[s]);
		}
		x += w;
	}
	return y - top + lead;
}

/* ---- the plot -------------------------------------------------------------------------- */

struct plot {
	double left, right, top, bottom; /* the plot area */
	double max;                      /* the value at the top */
	bool integer;
};

static double vy(const struct plot *p, double v)
{
	return p->bottom - (p->bottom - p->top) * v / p->max;
}

static double cat_x(const struct plot *p, size_t k, size_t n)
{
	return p->left + (p->right - p->left) * (k + 0.5) / n;
}

static void nodata(struct cx *c, double x, double bottom, bool two_lines)
{
	if (two_lines) {
		text(c, FONT_ITALIC, 7, x, bottom - 12, 0, "нет");
		text(c, FONT_ITALIC, 7, x, bottom - 4, 0, "данных");
	} else {
		text(c, FONT_ITALIC, VAL_SIZE, x, bottom - 5, 0, NODATA);
	}
}

static void axes(struct cx *c, const struct doc_chart *ch, const struct plot *p, double step)
{
	for (double t = 0; t <= p->max + step / 1000; t += step) {
		double y = vy(p, t);
		if (t > 0)
			line(c, p->left, y, p->right, y, 0.3, 0.7, 2);
		line(c, p->left - 3, y, p->left, y, 0.6, 0, 0);
		char b[32];
		fmt(t, p->integer || fabs(t - round(t)) < 1e-9, b, sizeof b);
		text(c, FONT_REGULAR, LAB_SIZE, p->left - 5, y + LAB_SIZE * 0.33, 1, b);
	}
	line(c, p->left, p->top - 4, p->left, p->bottom, 0.8, 0, 0);
	line(c, p->left, p->bottom, p->right, p->bottom, 0.8, 0, 0);
	if (ch->y_label && *ch->y_label)
		text(c, FONT_ITALIC, LAB_SIZE, p->left - 5, p->top - 8, 1, ch->y_label);
	for (size_t k = 0; k < ch->ncats; k++)
		text(c, FONT_REGULAR, LAB_SIZE, cat_x(p, k, ch->ncats), p->bottom + LAB_SIZE + 4, 0, ch->cats[k]);
}

static void value_label(struct cx *c, const struct plot *p, double v, double x, double y)
{
	char b[32];
	fmt(v, p->integer, b, sizeof b);
	text(c, FONT_REGULAR, VAL_SIZE, x, y, 0, b);
}

static void bars(struct cx *c, const struct doc_chart *ch, const struct plot *p)
{
	double gw = (p->right - p->left) / ch->ncats;
	double bw = fmin(gw * 0.78 / ch->nseries, 46);
	for (size_t k = 0; k < ch->ncats; k++) {
		double x = cat_x(p, k, ch->ncats) - bw * ch->nseries / 2;
		bool any = false;
		for (size_t s = 0; s < ch->nseries; s++)
			any |= !isnan(value(ch, s, k));
		if (!any) {
			nodata(c, cat_x(p, k, ch->ncats), p->bottom, false);
			continue;
		}
		for (size_t s = 0; s < ch->nseries; s++, x += bw) {
			double v = value(ch, s, k);
			if (isnan(v)) {
				nodata(c, x + bw / 2, p->bottom, true);
				continue;
			}
			double top = vy(p, v);
			if (p->bottom - top > 0.01)
				swatch(c, s, x, top, bw, p->bottom - top);
			value_label(c, p, v, x + bw / 2, top - 3);
		}
	}
}

static void stacked(struct cx *c, const struct doc_chart *ch, const struct plot *p)
{
	double gw = (p->right - p->left) / ch->ncats;
	double bw = fmin(gw * 0.42, 70);
	for (size_t k = 0; k < ch->ncats; k++) {
		double cx = cat_x(p, k, ch->ncats), x = cx - bw / 2;
		bool any;
		double total = stack_total(ch, k, &any);
		if (!any || total <= 0) {
			nodata(c, cx, p->bottom, false);
			continue;
		}
		double acc = 0, side_y = 1e9; /* labels of thin segments go beside the bar, upwards */
		for (size_t s = 0; s < ch->nseries; s++) {
			double v = value(ch, s, k);
			if (isnan(v) || v <= 0)
				continue;
			double top = vy(p, acc + v), bot = vy(p, acc);
			swatch(c, s, x, top, bw, bot - top);
			char b[32];
			fmt(v, p->integer, b, sizeof b);
			double tw = text_w(c, FONT_REGULAR, VAL_SIZE, b), mid = (top + bot) / 2 + VAL_SIZE * 0.33;
			if (bot - top >= VAL_SIZE + 3) {
				rect(c, cx - tw / 2 - 1.5, mid - VAL_SIZE * 0.8, tw + 3, VAL_SIZE + 1, FILL_WHITE, 1, 0);
				text(c, FONT_REGULAR, VAL_SIZE, cx, mid, 0, b);
			} else {
				double y = fmin(mid, side_y - VAL_SIZE - 0.5);
				line(c, x + bw, (top + bot) / 2, x + bw + 4, y - VAL_SIZE * 0.33, 0.4, 0, 0);
				text(c, FONT_REGULAR, VAL_SIZE, x + bw + 5, y, -1, b);
				side_y = y;
			}
			acc += v;
		}
		if (!ch->percent)
			value_label(c, p, total, cx, vy(p, total) - 3);
	}
}

static void lines(struct cx *c, const struct doc_chart *ch, const struct plot *p)
{
	for (size_t k = 0; k < ch->ncats; k++) {
		bool none = false;
		for (size_t s = 0; s < ch->nseries; s++)
			none |= isnan(value(ch, s, k));
		if (none)
			nodata(c, cat_x(p, k, ch->ncats), p->bottom, false);
	}
	for (size_t s = 0; s < ch->nseries; s++) {
		double *pts = xmalloc(ch->ncats * 2 * sizeof *pts);
		size_t n = 0;
		for (size_t k = 0; k <= ch->ncats; k++) {
			double v = k < ch->ncats ? value(ch, s, k) : NAN;
			if (!isnan(v)) {
				pts[2 * n] = cat_x(p, k, ch->ncats);
				pts[2 * n + 1] = vy(p, v);
				n++;
				continue;
			}
			if (n > 1)
				poly(c, pts, n, false, line_gray(s), 1.3, line_dash(s));
			n = 0;
		}
		free(pts);
		for (size_t k = 0; k < ch->ncats; k++) {
			double v = value(ch, s, k);
			if (isnan(v))
				continue;
			double x = cat_x(p, k, ch->ncats), y = vy(p, v);
			marker(c, s, x, y);
			/* facts above their point, targets below, series 2–3 shifted sideways */
			double dx = (s / 2) % 2 ? 16 : -16;
			value_label(c, p, v, x + dx, s % 2 ? y + VAL_SIZE + 3 : y - 4);
		}
	}
}

double chart_draw(const struct doc_chart *ch, const struct chart_env *env, double x0, double width,
		  struct item **items, size_t *n)
{
	struct cx c = {env, NULL, 0, 0, x0, width};
	double h = ch->height > 120 ? ch->height : 120;
	double cap_lead = CAP_SIZE * 1.25;
	int cap_lines = wrap(&c, FONT_REGULAR, CAP_SIZE, ch->title, width, 0, 0, cap_lead, false);
	double leg_h = legend(&c, ch, 0, false);
	struct plot p = {0};
	p.integer = all_integer(ch);
	double max = data_max(ch);
	double step = nice_step(max > 0 ? max * 1.12 : (ch->percent ? 10 : 5), p.integer);
	p.max = ceil((max > 0 ? max * 1.12 : step) / step) * step;
	if (ch->percent && ch->kind == DOC_CHART_STACKED && max <= 100.5)
		p.max = 100, step = 25; /* shares of a whole: the whole is the top */
	char b[32];
	fmt(p.max, p.integer, b, sizeof b);
	p.left = x0 + text_w(&c, FONT_REGULAR, LAB_SIZE, b) + 10;
	p.right = x0 + width - (ch->kind == DOC_CHART_STACKED ? 4 : 16);
	p.top = 22;
	double below = LAB_SIZE + 10 + leg_h + 6 + cap_lines * cap_lead + 4;
	if (h - below - p.top < 80)
		h = below + p.top + 80;
	p.bottom = h - below;
	axes(&c, ch, &p, step);
	if (ch->ncats && ch->nseries) {
		if (ch->kind == DOC_CHART_STACKED)
			stacked(&c, ch, &p);
		else if (ch->kind == DOC_CHART_LINE)
			lines(&c, ch, &p);
		else
			bars(&c, ch, &p);
	}
	double y = p.bottom + LAB_SIZE + 12;
	legend(&c, ch, y, true);
	wrap(&c, FONT_REGULAR, CAP_SIZE, ch->title, width, x0 + width / 2, y + leg_h + 6 + CAP_SIZE, cap_lead, true);
	*items = c.v;
	*n = c.n;
	return h;
}
