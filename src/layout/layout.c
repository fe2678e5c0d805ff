/* layout: document tree → boxes (one per line, table row slice, block) → pages.
 * Invariant: every block becomes a list of boxes whose items are positioned relative to the
 * box's top; the paginator only stacks boxes, honouring keep-with-next chains, discarding
 * spacing at the top of a page and repeating table headers. */
#include "layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "font/ttf.h"
#include "layout/hyph.h"
#include "layout/linebreak.h"
#include "util/xalloc.h"

#define MM (72.0 / 25.4)

void layout_default_opts(struct layout_opts *o)
{
	memset(o, 0, sizeof *o);
	o->page_w = 210 * MM;
	o->page_h = 297 * MM;
	o->margin_l = 20 * MM;
	o->margin_r = 10 * MM;
	o->margin_t = 20 * MM;
	o->margin_b = 20 * MM;
	o->line_spacing = 1.15;
}

/* ---- boxes --------------------------------------------------------------------------- */

struct box {
	double h;
	struct item *items; /* y (and rect/line y2) measured downward from the box top */
	size_t n, cap;
	bool keep_next; /* no page break between this box and the next */
	bool spacer;    /* dropped at the top of a page */
	bool page_break;
	int table;      /* table id (>0) the box belongs to, 0 = none */
	bool header;    /* a table header row, repeated on every page of the table */
	bool row_cont;  /* a strip of a split table row that continues in the next box: a page
			 * break after it closes the row with a rule across [x0, x1] */
	double x0, x1;  /* the table's edges, for those rules */
};

struct boxes {
	struct box *v;
	size_t n, cap;
	int ntables;
	size_t replaced;
};

struct ctx {
	const struct layout_opts *o;
	const struct doc *d;
	struct boxes bx;
	double left, width; /* text area */
	double ascent;      /* the regular face's ascender, em: the baseline below a line's top */
	size_t sig_end; /* box count right after the last signature block (lists of signatures) */
};

static struct box *box_new(struct boxes *b, double h)
{
	xgrow((void **)&b->v, &b->cap, b->n + 1, sizeof *b->v);
	struct box *x = &b->v[b->n++];
	memset(x, 0, sizeof *x);
	x->h = h;
	return x;
}

static struct item *box_item(struct box *b, enum item_kind kind)
{
	xgrow((void **)&b->items, &b->cap, b->n + 1, sizeof *b->items);
	struct item *it = &b->items[b->n++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	return it;
}

static void box_rule(struct box *b, double x1, double x2, double y, double width)
{
	struct item *it = box_item(b, ITEM_LINE);
	it->x = x1, it->x2 = x2, it->y = y, it->y2 = y, it->width = width;
}

static void spacer(struct ctx *c, double h)
{
	if (h > 0)
		box_new(&c->bx, h)->spacer = true;
}

static double leading(const struct ctx *c, double size)
{
	return size * c->o->line_spacing;
}

/* ---- paragraphs ---------------------------------------------------------------------- */

/* A spacer that keeps the chain it is in (a paragraph kept with the next one stays so across
 * the space between them). */
static void keep_spacer(struct ctx *c, double h, bool keep)
{
	spacer(c, h);
	if (h > 0)
		c->bx.v[c->bx.n - 1].keep_next = keep;
}

/* Emits the lines of a broken paragraph as text items into box b at baseline y. */
static void emit_line(struct box *b, const struct lb_para *lp, const struct lb_line *ln, double x0,
		      double y, double size)
{
	double x = x0 + ln->offset;
	size_t i = ln->a;
	while (i < ln->b) {
		enum font_face face = lp->g[i].face;
		size_t j = i;
		double w = 0;
		int spaces = 0;
		while (j < ln->b && lp->g[j].face == face) {
			w += lp->g[j].w;
			spaces += lp->g[j].cp == ' ';
			j++;
		}
		char *s = lb_text(lp, i, j, j == ln->b && ln->hyphen);
		struct item *it = box_item(b, ITEM_TEXT);
		it->face = face, it->size = size, it->x = x, it->y = y;
		it->word_space = ln->extra;
		it->text = s;
		x += w + spaces * ln->extra;
		i = j;
	}
}

/* A text item of s in the regular face with its baseline at (x, y); when the face lacks some
 * of its characters, one item per run of the face lb_build draws them in (a fallback face). */
static void box_text(const struct ctx *c, struct box *b, double size, double x, double y, const char *s)
{
	struct doc_para p = {0};
	struct doc_span span = {DOC_REGULAR, false, (char *)s};
	p.spans = &span, p.nspans = 1;
	struct lb_para lp;
	lb_build(&lp, &p, c->o->face, c->o->can_show, size);
	bool plain = lp.replaced == 0;
	for (size_t i = 0; i < lp.n && plain; i++)
		plain = lp.g[i].face == FONT_REGULAR;
	if (plain) {
		struct item *it = box_item(b, ITEM_TEXT);
		it->face = FONT_REGULAR, it->size = size, it->x = x, it->y = y;
		it->text = xstrdup(s);
	} else {
		struct lb_line ln = {0, lp.n, 0, 0, 0, false};
		emit_line(b, &lp, &ln, x, y, size);
	}
	lb_free(&lp);
}

/* Lays out paragraph p at (x0, width) into line boxes; returns the x where the text ended on
 * the last line (for rule_after) via *end_x. */
static void para_boxes(struct ctx *c, const struct doc_para *p, double x0, double width, bool keep_last)
{
	double size = p->size > 0 ? p->size : c->d->size;
	double lead = leading(c, size);
	struct lb_para lp;
	lb_build(&lp, p, c->o->face, c->o->can_show, size);
	c->bx.replaced += lp.replaced;
	struct lb_line *lines;
	size_t nl = lb_break(&lp, p, width - p->indent_left, c->o->hyph, &lines);
	keep_spacer(c, p->space_before, c->bx.n > 0 && c->bx.v[c->bx.n - 1].keep_next);
	double ascent = size * c->ascent;
	size_t first = c->bx.n;
	double end_x = x0 + p->indent_left;
	for (size_t i = 0; i < nl; i++) {
		struct box *b = box_new(&c->bx, lead);
		double y = ascent + (lead - size) / 2;
		emit_line(b, &lp, &lines[i], x0 + p->indent_left, y, size);
		end_x = x0 + p->indent_left + lines[i].offset + lines[i].width;
		if (p->rule_under)
			box_rule(b, x0, x0 + width, y + size * 0.2, 0.5);
	}
	/* orphans and widows: the first line never alone at a page's foot, the last never alone
	 * at a page's head; a heading-like paragraph keeps with what follows */
	if (nl >= 2) {
		c->bx.v[first].keep_next = true;
		c->bx.v[first + nl - 2].keep_next = true;
	}
	if (nl == 0) {
		struct box *b = box_new(&c->bx, lead);
		(void)b;
		nl = 1;
	}
	if (p->rule_after) {
		struct box *last = &c->bx.v[c->bx.n - 1];
		double y = ascent + (lead - size) / 2 + size * 0.15;
		if (x0 + width - end_x >= 40) {
			box_rule(last, end_x + 3, x0 + width, y, 0.5);
		} else {
			double g = p->blank_height > 0 ? p->blank_height : lead * 1.3;
			struct box *b = box_new(&c->bx, g);
			box_rule(b, x0, x0 + width, g - size * 0.3, 0.5);
			c->bx.v[c->bx.n - 2].keep_next = true;
		}
	}
	double gap = p->blank_height > 0 ? p->blank_height : lead * 1.3;
	/* with a set height, the first blank line is as far from the rule on the label's line */
	double first_extra = 0;
	if (p->blank_height > 0 && p->rule_after) {
		double on_label = lead - (ascent + (lead - size) / 2 + size * 0.15);
		first_extra = gap - (on_label + gap - size * 0.3);
		if (first_extra < 0)
			first_extra = 0;
	}
	for (int k = 0; k < p->blank_lines; k++) {
		c->bx.v[c->bx.n - 1].keep_next = true; /* a form's blank lines stay with their label */
		double h = gap + (k == 0 ? first_extra : 0);
		struct box *b = box_new(&c->bx, h);
		box_rule(b, x0, x0 + width, h - size * 0.3, 0.5);
	}
	if (p->caption) {
		double cs = size * 0.7;
		struct lb_para cp;
		struct doc_para cap = {0};
		struct doc_span span = {DOC_REGULAR, false, p->caption};
		cap.spans = &span, cap.nspans = 1, cap.align = DOC_CENTER;
		lb_build(&cp, &cap, c->o->face, c->o->can_show, cs);
		struct lb_line *cl;
		size_t ncl = lb_break(&cp, &cap, width, NULL, &cl);
		c->bx.v[c->bx.n - 1].keep_next = true;
		for (size_t i = 0; i < ncl; i++) {
			struct box *b = box_new(&c->bx, cs * 1.2);
			emit_line(b, &cp, &cl[i], x0, cs, cs);
		}
		free(cl);
		lb_free(&cp);
	}
	if (p->keep_with_next || keep_last)
		c->bx.v[c->bx.n - 1].keep_next = true;
	keep_spacer(c, p->space_after, p->keep_with_next || keep_last);
	free(lines);
	lb_free(&lp);
}

/* ---- tables -------------------------------------------------------------------------- */

#define PAD_X 3.0
#define PAD_Y 2.0

struct cell_lines {
	struct box *lines; /* one box per line, items relative to the cell's content origin */
	size_t n;
};

/* Lays out the paragraphs of a cell into temporary boxes (one per line). */
static void cell_layout(struct ctx *c, const struct doc_cell *cell, double x0, double width,
			double size, struct cell_lines *out)
{
	struct boxes saved = c->bx;
	memset(&c->bx, 0, sizeof c->bx);
	for (size_t k = 0; k < cell->nparas; k++) {
		struct doc_para p = cell->paras[k];
		if (p.size <= 0)
			p.size = size;
		p.space_before = p.space_after = 0;
		para_boxes(c, &p, x0, width, false);
	}
	saved.replaced += c->bx.replaced;
	out->lines = c->bx.v;
	out->n = c->bx.n;
	c->bx = saved;
}

static void move_items(struct box *dst, struct box *src, double dy)
{
	for (size_t i = 0; i < src->n; i++) {
		struct item *it = box_item(dst, src->items[i].kind);
		*it = src->items[i];
		it->y += dy;
		if (it->kind == ITEM_LINE)
			it->y2 += dy;
	}
	free(src->items);
	src->items = NULL;
	src->n = 0;
}

/* Draws the borders of a row slice [0, h) in box b: the rules above and below it across the
 * table, and the verticals at xs[0..ncols] (a spanning row: only the table's outer edges). */
static void row_borders(struct box *b, const double *xs, size_t ncols, bool span, double h)
{
	box_rule(b, xs[0], xs[ncols], 0, 0.5);
	box_rule(b, xs[0], xs[ncols], h, 0.5);
	for (size_t k = 0; k <= ncols; k++) {
		if (span && k != 0 && k != ncols)
			continue;
		struct item *it = box_item(b, ITEM_LINE);
		it->x = it->x2 = xs[k], it->y = 0, it->y2 = h, it->width = 0.5;
	}
}

/* The height of the next slice of a row: each cell takes the lines that fit in maxh (at
 * least one, so that a slice always makes progress). */
static double slice_height(const struct cell_lines *cl, const size_t *next, size_t nc, double maxh,
			   bool *more)
{
	double h = 0;
	*more = false;
	for (size_t k = 0; k < nc; k++) {
		double y = PAD_Y;
		size_t i = next[k];
		while (i < cl[k].n && (y + cl[k].lines[i].h + PAD_Y <= maxh || i == next[k])) {
			y += cl[k].lines[i].h;
			i++;
		}
		h = fmax(h, y + PAD_Y);
		*more |= i < cl[k].n;
	}
	return h;
}

/* Puts a grey background under everything already in b (a header row). */
static void box_background(struct box *b, double x, double w, double h)
{
	struct item *bg = box_item(b, ITEM_RECT);
	bg->fill = FILL_GRAY, bg->gray = 0.92, bg->x = x, bg->y = 0, bg->x2 = w, bg->y2 = h;
	struct item tmp = *bg;
	memmove(b->items + 1, b->items, (b->n - 1) * sizeof *b->items);
	b->items[0] = tmp;
}

/* Frees what cell_layout made. */
static void cells_free(struct cell_lines *cl, size_t nc)
{
	for (size_t k = 0; k < nc; k++) {
		for (size_t i = 0; i < cl[k].n; i++)
			free(cl[k].lines[i].items);
		free(cl[k].lines);
	}
	free(cl);
}

/* Emits a row as boxes of at most maxh each (normally one box), every box with its own
 * borders and chained to the next by keep_next; a box is cut between lines, never through one. */
static void row_slices(struct ctx *c, const struct doc_table *t, const struct doc_row *r, const double *xs,
		       struct cell_lines *cl, size_t *next, size_t nc, double maxh, bool keep_next)
{
	bool more = true;
	while (more) {
		double h = slice_height(cl, next, nc, maxh, &more);
		struct box *b = box_new(&c->bx, h);
		for (size_t k = 0; k < nc; k++) {
			double y = PAD_Y;
			while (next[k] < cl[k].n && y + cl[k].lines[next[k]].h + PAD_Y <= h + 0.001) {
				move_items(b, &cl[k].lines[next[k]], y);
				y += cl[k].lines[next[k]].h;
				next[k]++;
			}
		}
		if (r->header)
			box_background(b, xs[0], xs[t->ncols] - xs[0], h);
		row_borders(b, xs, t->ncols, r->span, h);
		b->keep_next = keep_next || more;
	}
}

/* Emits a tall row as strips, one line of every cell each, that the paginator may separate
 * (it closes the row with a rule at the page's foot): the row fills what is left of a page
 * and goes on on the next. The first line never alone at a foot, the last never alone at a head. */
static void row_strips(struct ctx *c, const struct doc_table *t, const struct doc_row *r, const double *xs,
		       struct cell_lines *cl, size_t *next, size_t nc, bool keep_next)
{
	size_t first = c->bx.n;
	bool more = true;
	while (more) {
		double top = c->bx.n == first ? PAD_Y : 0, band = 0;
		for (size_t k = 0; k < nc; k++)
			if (next[k] < cl[k].n)
				band = fmax(band, cl[k].lines[next[k]].h);
		struct box *b = box_new(&c->bx, 0);
		more = false;
		for (size_t k = 0; k < nc; k++) {
			if (next[k] < cl[k].n)
				move_items(b, &cl[k].lines[next[k]++], top);
			more |= next[k] < cl[k].n;
		}
		b->h = top + band + (more ? 0 : PAD_Y);
		if (top > 0)
			box_rule(b, xs[0], xs[t->ncols], 0, 0.5);
		if (!more)
			box_rule(b, xs[0], xs[t->ncols], b->h, 0.5);
		for (size_t k = 0; k <= t->ncols; k++) {
			if (r->span && k != 0 && k != t->ncols)
				continue;
			struct item *it = box_item(b, ITEM_LINE);
			it->x = it->x2 = xs[k], it->y = 0, it->y2 = b->h, it->width = 0.5;
		}
		b->row_cont = more;
		b->keep_next = !more && keep_next;
	}
	size_t n = c->bx.n - first;
	if (n >= 2) {
		c->bx.v[first].keep_next = true;
		c->bx.v[c->bx.n - 2].keep_next = true;
	}
}

/* Lays out one row: as one box (cut into boxes of maxh only when it is taller), or, when it is
 * taller than split_over, as strips that fill the rest of a page. */
static void table_row(struct ctx *c, const struct doc_table *t, const struct doc_row *r,
		      const double *xs, int id, double maxh, double split_over, bool keep_next)
{
	double size = t->size > 0 ? t->size : c->d->size;
	size_t nc = r->span ? 1 : t->ncols;
	/* the cells' columns: a spanning row has one cell across the table */
	double span_xs[2] = {xs[0], xs[t->ncols]};
	const double *cx = r->span ? span_xs : xs;
	struct cell_lines *cl = xcalloc(nc, sizeof *cl);
	size_t *next = xcalloc(nc, sizeof *next);
	for (size_t k = 0; k < nc; k++)
		cell_layout(c, &r->cells[k], cx[k] + PAD_X, cx[k + 1] - cx[k] - 2 * PAD_X, size, &cl[k]);
	bool more;
	size_t from = c->bx.n;
	if (!r->header && slice_height(cl, next, nc, INFINITY, &more) > split_over)
		row_strips(c, t, r, xs, cl, next, nc, keep_next);
	else
		row_slices(c, t, r, xs, cl, next, nc, maxh, keep_next);
	for (size_t i = from; i < c->bx.n; i++) {
		c->bx.v[i].table = id;
		c->bx.v[i].header = r->header;
		c->bx.v[i].x0 = xs[0], c->bx.v[i].x1 = xs[t->ncols];
	}
	cells_free(cl, nc);
	free(next);
}

static void table_boxes(struct ctx *c, const struct doc_table *t)
{
	double total = 0;
	for (size_t k = 0; k < t->ncols; k++)
		total += t->widths[k] > 0 ? t->widths[k] : 1;
	double *xs = xmalloc((t->ncols + 1) * sizeof *xs);
	xs[0] = c->left;
	for (size_t k = 0; k < t->ncols; k++)
		xs[k + 1] = xs[k] + c->width * (t->widths[k] > 0 ? t->widths[k] : 1) / total;
	int id = ++c->bx.ntables;
	double body = c->o->page_h - c->o->margin_t - c->o->margin_b;
	size_t hstart = c->bx.n;
	for (size_t r = 0; r < t->nrows; r++) {
		const struct doc_row *row = &t->rows[r];
		double header_h = 0;
		for (size_t i = hstart; i < c->bx.n && c->bx.v[i].header; i++)
			header_h += c->bx.v[i].h;
		double maxh = row->header ? body / 3 : body - header_h - 2;
		/* headers and section rows keep with the row after them; a row taller than a quarter
		 * of a page may break across pages between its lines */
		table_row(c, t, row, xs, id, maxh, body / 4, row->header || row->span);
	}
	free(xs);
}

/* ---- approval, signature ------------------------------------------------------------- */

static double text_width(const struct ctx *c, enum doc_style style, double size, const char *s)
{
	struct doc_para p = {0};
	struct doc_span span = {style, false, (char *)s};
	p.spans = &span, p.nspans = 1;
	struct lb_para lp;
	lb_build(&lp, &p, c->o->face, c->o->can_show, size);
	double w = 0;
	for (size_t i = 0; i < lp.n; i++)
		w += lp.g[i].w;
	lb_free(&lp);
	return w;
}

static void approval_boxes(struct ctx *c, const struct doc_approval *a)
{
	double size = c->d->size;
	double bw = 75 * MM; /* the stamp's width: top right of the first page */
	double x0 = c->left + c->width - bw;
	for (size_t i = 0; i < a->nlines; i++) {
		struct doc_para p = {0};
		struct doc_span span = {DOC_REGULAR, false, a->lines[i]};
		p.spans = &span, p.nspans = 1, p.align = DOC_LEFT;
		p.keep_with_next = true;
		para_boxes(c, &p, x0, bw, true);
	}
	spacer(c, size);
}

/* Moves the items of box from into box to (their texts go with them) and empties from. */
static void box_move_items(struct box *to, struct box *from)
{
	for (size_t i = 0; i < from->n; i++)
		*box_item(to, from->items[i].kind) = from->items[i];
	free(from->items);
	from->items = NULL;
	from->n = from->cap = 0;
}

/* The right part of a signature block too wide to stand beside the left part (boxes first…
 * the last, one a line): its lines right-aligned in the column from x0 to the right margin,
 * side by side with the left part's lines — the first lines level when top, else the last
 * ones — with line boxes added when the right part has more lines. Returns the x where the
 * right part's last line starts. */
static double right_column(struct ctx *c, size_t first, const char *text, double x0, bool top)
{
	size_t nleft = c->bx.n - first;
	struct doc_para p = {0};
	struct doc_span span = {DOC_REGULAR, false, (char *)text};
	p.spans = &span, p.nspans = 1, p.align = DOC_RIGHT;
	size_t rfirst = c->bx.n;
	para_boxes(c, &p, x0, c->left + c->width - x0, false);
	size_t nright = c->bx.n - rfirst;
	double last_x = c->left + c->width;
	const struct box *lastr = &c->bx.v[c->bx.n - 1];
	for (size_t i = 0; i < lastr->n; i++)
		if (lastr->items[i].x < last_x)
			last_x = lastr->items[i].x;
	/* the shorter part's lines go into the longer part's boxes, then its own boxes go */
	size_t lo = first, nlo = nleft, hi = rfirst, nhi = nright;
	if (nright <= nleft)
		lo = rfirst, nlo = nright, hi = first, nhi = nleft;
	size_t off = top ? 0 : nhi - nlo;
	for (size_t i = 0; i < nlo; i++)
		box_move_items(&c->bx.v[hi + off + i], &c->bx.v[lo + i]);
	if (lo == first) /* the left part's boxes, emptied, before the right part's */
		memmove(&c->bx.v[first], &c->bx.v[rfirst], nright * sizeof *c->bx.v);
	c->bx.n = first + nhi;
	for (size_t i = first; i + 1 < c->bx.n; i++)
		c->bx.v[i].keep_next = true;
	return last_x;
}

/* ГОСТ Р 7.0.97: the position at the left margin (it may take several lines), И.О. Фамилия
 * ending at the right margin level with the position's last line, a line for the signature
 * between them; the block stands two lines below the text and never alone at a page's head
 * (the text's last lines move with it). A signature right after another one or after a
 * paragraph kept with it (a list of people signing, «С приказом ознакомлены:») stands a
 * little over half a line below it; one without a line (a date at the left margin, a number
 * at the right) follows the text directly. A right part that does not fit beside the left
 * one wraps in the column right of the left part's 45 % (right_column): a number's first
 * line level with the date, a name's last line with the position's. */
static void signature_boxes(struct ctx *c, const struct doc_signature *s)
{
	double size = c->d->size;
	double lead = leading(c, size);
	double leftw = c->width * 0.45;
	bool prev_keep = c->bx.n > 0 && c->bx.v[c->bx.n - 1].keep_next;
	bool listed = c->bx.n > 0 && (c->bx.n == c->sig_end || prev_keep);
	if (s->line && !listed && c->bx.n > 0)
		c->bx.v[c->bx.n - 1].keep_next = true;
	if (s->line)
		keep_spacer(c, listed ? lead * 0.6 : lead * 2, !listed || prev_keep);
	struct doc_para p = {0};
	struct doc_span span = {DOC_REGULAR, false, s->left};
	p.spans = &span, p.nspans = 1, p.align = DOC_LEFT;
	size_t first = c->bx.n;
	para_boxes(c, &p, c->left, leftw, false);
	for (size_t i = first; i + 1 < c->bx.n; i++)
		c->bx.v[i].keep_next = true;
	if (c->bx.n == first)
		return;
	double y = size * c->ascent + (lead - size) / 2;
	double rw = text_width(c, DOC_REGULAR, size, s->right);
	double rx = c->left + c->width - rw;
	double lw = text_width(c, DOC_REGULAR, size, s->left);
	double left_end = c->left + (lw <= leftw ? lw : leftw);
	if (rx >= left_end + 10)
		box_text(c, &c->bx.v[c->bx.n - 1], size, rx, y, s->right);
	else
		rx = right_column(c, first, s->right, c->left + leftw + (s->line ? 80 : 12), !s->line);
	struct box *last = &c->bx.v[c->bx.n - 1];
	if (s->line) {
		double lx1 = c->left + leftw + 10, lx2 = rx - 15;
		if (lx2 - lx1 > 140)
			lx1 = lx2 - 140;
		if (lx2 > lx1 + 20) {
			box_rule(last, lx1, lx2, y + 1.5, 0.5);
			if (s->caption && *s->caption) {
				double cs = size * 0.65;
				double cw = text_width(c, DOC_REGULAR, cs, s->caption);
				box_text(c, last, cs, (lx1 + lx2 - cw) / 2, y + cs + 2.5, s->caption);
			}
		}
	}
	if (s->keep_with_next)
		c->bx.v[c->bx.n - 1].keep_next = true;
	c->sig_end = c->bx.n;
}

/* ---- charts (drawn by layout/chart.c) ------------------------------------------------ */

#include "layout/chart.h"

static void chart_boxes(struct ctx *c, const struct doc_chart *ch)
{
	struct box *b = box_new(&c->bx, 0);
	struct chart_env env = {c->o->face, c->o->can_show};
	struct item *items = NULL;
	size_t n = 0;
	double h = chart_draw(ch, &env, c->left, c->width, &items, &n);
	b = &c->bx.v[c->bx.n - 1];
	for (size_t i = 0; i < n; i++) {
		struct item *it = box_item(b, items[i].kind);
		*it = items[i];
	}
	free(items);
	b->h = h;
}

/* ---- pagination ---------------------------------------------------------------------- */

struct pager {
	const struct layout_opts *o;
	struct pages *out;
	struct page *pg;
	double y;   /* distance of the next box's top below the page's top */
	double top; /* first y of the text area */
	double bottom;
};

static void new_page(struct pager *p)
{
	p->pg = pages_add(p->out);
	p->y = p->top;
}

static void place(struct pager *p, const struct box *b)
{
	double top = p->o->page_h - p->y;
	for (size_t i = 0; i < b->n; i++) {
		struct item it = b->items[i];
		it.text = it.text ? xstrdup(it.text) : NULL;
		if (it.pts) {
			double *pts = xmalloc(it.npts * 2 * sizeof *pts);
			for (size_t k = 0; k < it.npts; k++) {
				pts[2 * k] = it.pts[2 * k];
				pts[2 * k + 1] = top - it.pts[2 * k + 1];
			}
			it.pts = pts;
		}
		if (it.kind == ITEM_RECT) {
			it.y = top - it.y - it.y2;
		} else {
			it.y = top - it.y;
			if (it.kind == ITEM_LINE)
				it.y2 = top - it.y2;
		}
		page_add_item(p->pg, &it);
	}
	p->y += b->h;
}

/* Index of the first box of the keep-with-next chain ending at i-1, not before from. */
static size_t chain_start(const struct boxes *bx, size_t i, size_t from)
{
	size_t j = i;
	while (j > from && bx->v[j - 1].keep_next)
		j--;
	return j;
}

static double header_height(const struct boxes *bx, int table)
{
	double h = 0;
	for (size_t i = 0; i < bx->n; i++)
		if (bx->v[i].table == table && bx->v[i].header)
			h += bx->v[i].h;
	return h;
}

static void repeat_header(struct pager *p, const struct boxes *bx, int table)
{
	for (size_t i = 0; i < bx->n; i++)
		if (bx->v[i].table == table && bx->v[i].header)
			place(p, &bx->v[i]);
}

/* A rule across table box b's width at the current position. */
static void rule_across(struct pager *p, const struct box *b)
{
	struct item it = {0};
	it.kind = ITEM_LINE, it.width = 0.5;
	it.x = b->x0, it.x2 = b->x1;
	it.y = it.y2 = p->o->page_h - p->y;
	page_add_item(p->pg, &it);
}

static void paginate(const struct boxes *bx, const struct layout_opts *o, struct pages *out)
{
	struct pager p = {o, out, NULL, 0, o->margin_t, o->page_h - o->margin_b};
	new_page(&p);
	size_t page_first = 0; /* index of the first box on the current page */
	size_t i = 0;
	while (i < bx->n) {
		const struct box *b = &bx->v[i];
		if (b->page_break) {
			if (i > page_first)
				new_page(&p);
			page_first = ++i;
			continue;
		}
		if (b->spacer && i == page_first) {
			page_first = ++i;
			continue;
		}
		if (p.y + b->h <= p.bottom + 0.01 || i == page_first) {
			place(&p, b);
			i++;
			continue;
		}
		/* b does not fit: move the keep chain ending before it to the next page, if the
		 * chain does not fill the page already; a chain never moves back in the input */
		size_t j = chain_start(bx, i, page_first);
		if (j > page_first && j < i) {
			/* undo the placement of boxes j..i-1 */
			double undo = 0;
			size_t nitems = 0;
			for (size_t k = j; k < i; k++) {
				undo += bx->v[k].h;
				nitems += bx->v[k].n;
			}
			for (size_t k = p.pg->nitems - nitems; k < p.pg->nitems; k++) {
				free(p.pg->items[k].text);
				free(p.pg->items[k].pts);
			}
			p.pg->nitems -= nitems;
			p.y -= undo;
			i = j;
		}
		/* a table row split here: closed at the page's foot, reopened at the next page's head */
		bool split = i > page_first && bx->v[i - 1].row_cont;
		if (split)
			rule_across(&p, &bx->v[i - 1]);
		new_page(&p);
		page_first = i;
		while (i < bx->n && bx->v[i].spacer)
			page_first = ++i;
		if (i < bx->n && bx->v[i].table && !bx->v[i].header && header_height(bx, bx->v[i].table) > 0) {
			repeat_header(&p, bx, bx->v[i].table);
		}
		if (split)
			rule_across(&p, &bx->v[i - 1]);
	}
}

/* Page numbers from page 2 on, centred over the text in the top margin, their top 10 mm from
 * the edge (ГОСТ Р 7.0.97: at least 10 mm). */
static void number_pages(const struct ctx *c, struct pages *out)
{
	double size = c->d->size;
	for (size_t i = 1; i < out->n; i++) {
		char num[24];
		int len = snprintf(num, sizeof num, "%zu", i + 1);
		double w = text_width(c, DOC_REGULAR, size, num);
		struct item it = {0};
		it.kind = ITEM_TEXT, it.face = FONT_REGULAR, it.size = size;
		it.x = c->left + (c->width - w) / 2;
		it.y = c->o->page_h - 10 * MM - size * c->ascent - 0.5; /* ГОСТ: at least 10 mm from the edge */
		it.text = xstrndup(num, (size_t)len);
		page_add_item(&out->v[i], &it);
	}
}

int layout_doc(const struct doc *d, const struct layout_opts *o, struct pages *out)
{
	struct ttf_metrics m;
	ttf_get_metrics(o->face[FONT_REGULAR], &m);
	struct ctx c = {o, d, {0}, o->margin_l, o->page_w - o->margin_l - o->margin_r, m.ascent / 1000.0, 0};
	for (size_t i = 0; i < d->nblocks; i++) {
		const struct doc_block *b = &d->blocks[i];
		switch (b->kind) {
		case DOC_PARAGRAPH: para_boxes(&c, &b->u.para, c.left, c.width, false); break;
		case DOC_TABLE: table_boxes(&c, &b->u.table); break;
		case DOC_SIGNATURE: signature_boxes(&c, &b->u.sig); break;
		case DOC_APPROVAL: approval_boxes(&c, &b->u.appr); break;
		case DOC_CHART: chart_boxes(&c, &b->u.chart); break;
		case DOC_SPACE: spacer(&c, b->u.space); break;
		case DOC_PAGE_BREAK: box_new(&c.bx, 0)->page_break = true; break;
		}
	}
	out->width = o->page_w;
	out->height = o->page_h;
	paginate(&c.bx, o, out);
	if (d->number_pages)
		number_pages(&c, out);
	out->title = xstrdup(d->title);
	out->author = xstrdup(d->author);
	out->subject = xstrdup(d->subject);
	out->keywords = xstrdup(d->keywords);
	out->replaced = c.bx.replaced;
	for (size_t i = 0; i < c.bx.n; i++) {
		for (size_t k = 0; k < c.bx.v[i].n; k++) {
			free(c.bx.v[i].items[k].text);
			free(c.bx.v[i].items[k].pts);
		}
		free(c.bx.v[i].items);
	}
	free(c.bx.v);
	return 0;
}
