/* doc: building and freeing the document tree; the tree owns its strings. */
#include "doc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct doc *doc_new(void)
{
	struct doc *d = xcalloc(1, sizeof *d);
	d->size = 12;
	d->number_pages = true;
	return d;
}

static void set(char **dst, const char *s)
{
	if (!s)
		return;
	free(*dst);
	*dst = xstrdup(s);
}

void doc_set_info(struct doc *d, const char *title, const char *author, const char *subject)
{
	set(&d->title, title);
	set(&d->author, author);
	set(&d->subject, subject);
}

static struct doc_block *add_block(struct doc *d, enum doc_block_kind kind)
{
	xgrow((void **)&d->blocks, &d->cap, d->nblocks + 1, sizeof *d->blocks);
	struct doc_block *b = &d->blocks[d->nblocks++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	return b;
}

static void para_init(struct doc_para *p, enum doc_align align)
{
	memset(p, 0, sizeof *p);
	p->align = align;
}

struct doc_para *doc_add_para(struct doc *d, enum doc_align align)
{
	struct doc_block *b = add_block(d, DOC_PARAGRAPH);
	para_init(&b->u.para, align);
	return &b->u.para;
}

void doc_para_add(struct doc_para *p, enum doc_style style, const char *text)
{
	if (!text || !*text)
		return;
	xgrow((void **)&p->spans, &p->cap, p->nspans + 1, sizeof *p->spans);
	struct doc_span *s = &p->spans[p->nspans++];
	s->style = style;
	s->underline = false;
	s->text = xstrdup(text);
}

struct doc_para *doc_add_text(struct doc *d, enum doc_align align, enum doc_style style, const char *text)
{
	struct doc_para *p = doc_add_para(d, align);
	doc_para_add(p, style, text);
	return p;
}

struct doc_table *doc_add_table(struct doc *d, size_t ncols, const double *widths)
{
	struct doc_block *b = add_block(d, DOC_TABLE);
	struct doc_table *t = &b->u.table;
	t->ncols = ncols;
	t->widths = xmalloc(ncols * sizeof *t->widths);
	memcpy(t->widths, widths, ncols * sizeof *t->widths);
	return t;
}

struct doc_para *doc_cell_add_para(struct doc_cell *c, enum doc_align align)
{
	xgrow((void **)&c->paras, &c->cap, c->nparas + 1, sizeof *c->paras);
	struct doc_para *p = &c->paras[c->nparas++];
	para_init(p, align);
	return p;
}

struct doc_row *doc_table_add_row(struct doc_table *t, const char *const *texts, bool span, bool header)
{
	xgrow((void **)&t->rows, &t->cap, t->nrows + 1, sizeof *t->rows);
	struct doc_row *r = &t->rows[t->nrows++];
	r->span = span;
	r->header = header;
	r->src = (struct doc_src){NULL, 0};
	r->ncells = span ? 1 : t->ncols;
	r->cells = xcalloc(r->ncells, sizeof *r->cells);
	for (size_t i = 0; i < r->ncells; i++) {
		if (!texts || !texts[i] || !*texts[i])
			continue;
		struct doc_para *p = doc_cell_add_para(&r->cells[i], header ? DOC_CENTER : DOC_LEFT);
		doc_para_add(p, header || span ? DOC_BOLD : DOC_REGULAR, texts[i]);
	}
	return r;
}

struct doc_signature *doc_add_signature(struct doc *d, const char *left, const char *right, const char *caption)
{
	struct doc_block *b = add_block(d, DOC_SIGNATURE);
	b->u.sig.left = xstrdup(left ? left : "");
	b->u.sig.right = xstrdup(right ? right : "");
	b->u.sig.line = true;
	b->u.sig.caption = xstrdup(caption);
	return &b->u.sig;
}

void doc_add_approval(struct doc *d, const char *const *lines, size_t n)
{
	struct doc_block *b = add_block(d, DOC_APPROVAL);
	b->u.appr.lines = xcalloc(n, sizeof *b->u.appr.lines);
	b->u.appr.nlines = n;
	for (size_t i = 0; i < n; i++)
		b->u.appr.lines[i] = xstrdup(lines[i] ? lines[i] : "");
}

static char **dup_list(const char *const *v, size_t n)
{
	char **r = xcalloc(n, sizeof *r);
	for (size_t i = 0; i < n; i++)
		r[i] = xstrdup(v[i] ? v[i] : "");
	return r;
}

struct doc_chart *doc_add_chart(struct doc *d, enum doc_chart_kind kind, const char *title,
				size_t ncats, const char *const *cats, size_t nseries,
				const char *const *series, const double *values)
{
	struct doc_block *b = add_block(d, DOC_CHART);
	struct doc_chart *c = &b->u.chart;
	c->kind = kind;
	c->title = xstrdup(title ? title : "");
	c->ncats = ncats;
	c->nseries = nseries;
	c->cats = dup_list(cats, ncats);
	c->series = dup_list(series, nseries);
	c->values = xcalloc(ncats * nseries, sizeof *c->values);
	memcpy(c->values, values, ncats * nseries * sizeof *c->values);
	c->height = 200;
	return c;
}

void doc_add_space(struct doc *d, double pt)
{
	add_block(d, DOC_SPACE)->u.space = pt;
}

void doc_add_page_break(struct doc *d)
{
	add_block(d, DOC_PAGE_BREAK);
}

void doc_src_set(struct doc_src *s, const char *file, int line)
{
	free(s->file);
	bool set = file && line > 0;
	s->file = set ? xstrdup(file) : NULL;
	s->line = set ? line : 0;
}

/* ---- free ------------------------------------------------------------------------------ */

static void para_free(struct doc_para *p)
{
	for (size_t i = 0; i < p->nspans; i++)
		free(p->spans[i].text);
	free(p->spans);
	free(p->caption);
	free(p->src.file);
}

static void table_free_(struct doc_table *t)
{
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->rows[r].ncells; c++) {
			struct doc_cell *cell = &t->rows[r].cells[c];
			for (size_t k = 0; k < cell->nparas; k++)
				para_free(&cell->paras[k]);
			free(cell->paras);
		}
		free(t->rows[r].cells);
		free(t->rows[r].src.file);
	}
	free(t->rows);
	free(t->widths);
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void doc_free(struct doc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nblocks; i++) {
		struct doc_block *b = &d->blocks[i];
		switch (b->kind) {
		case DOC_PARAGRAPH: para_free(&b->u.para); break;
		case DOC_TABLE: table_free_(&b->u.table); break;
		case DOC_SIGNATURE:
			free(b->u.sig.left), free(b->u.sig.right), free(b->u.sig.caption);
			break;
		case DOC_APPROVAL: free_list(b->u.appr.lines, b->u.appr.nlines); break;
		case DOC_CHART:
			free(b->u.chart.title), free(b->u.chart.y_label), free(b->u.chart.values);
			free_list(b->u.chart.cats, b->u.chart.ncats);
			free_list(b->u.chart.series, b->u.chart.nseries);
			break;
		case DOC_SPACE:
		case DOC_PAGE_BREAK: break;
		}
	}
	free(d->blocks);
	free(d->title), free(d->author), free(d->subject), free(d->keywords);
	free(d);
}
