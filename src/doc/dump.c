/* dump: the document tree as indented text (see dump.h for the format).
 * Invariant: one line per node, written in tree order; only this file knows the format. */
#include "dump.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

static void indent(struct buf *b, int depth)
{
	for (int i = 0; i < depth; i++)
		buf_adds(b, "  ");
}

/* A string in double quotes: \" \\ \n \t escaped, other control bytes as \xNN. */
static void quoted(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		switch (*p) {
		case '"': buf_adds(b, "\\\""); break;
		case '\\': buf_adds(b, "\\\\"); break;
		case '\n': buf_adds(b, "\\n"); break;
		case '\t': buf_adds(b, "\\t"); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				buf_printf(b, "\\x%02x", *p);
			else
				buf_addc(b, (char)*p);
		}
	}
	buf_addc(b, '"');
}

/* A number as %g (6 significant digits), with '.' whatever the locale; NAN as "-". */
static void number(struct buf *b, double v)
{
	if (isnan(v)) {
		buf_addc(b, '-');
		return;
	}
	char s[32];
	snprintf(s, sizeof s, "%g", v == 0 ? 0.0 : v); /* no "-0" */
	for (char *p = s; *p; p++)
		if (*p == ',')
			*p = '.';
	buf_adds(b, s);
}

/* " name=value" when v is not 0. */
static void attr_num(struct buf *b, const char *name, double v)
{
	if (v == 0)
		return;
	buf_printf(b, " %s=", name);
	number(b, v);
}

static void attr_str(struct buf *b, const char *name, const char *s)
{
	if (!s)
		return;
	buf_printf(b, " %s=", name);
	quoted(b, s);
}

static void flag(struct buf *b, const char *name, bool on)
{
	if (on)
		buf_printf(b, " %s", name);
}

static void src(struct buf *b, const struct doc_src *s)
{
	if (s->file && s->line > 0)
		buf_printf(b, " @%s:%d", s->file, s->line);
}

static const char *style_name(enum doc_style s)
{
	static const char *const n[] = {"regular", "bold", "italic", "bold-italic"};
	return (unsigned)s < sizeof n / sizeof *n ? n[s] : "?";
}

static const char *align_name(enum doc_align a)
{
	static const char *const n[] = {"left", "center", "right", "justify"};
	return (unsigned)a < sizeof n / sizeof *n ? n[a] : "?";
}

static const char *chart_name(enum doc_chart_kind k)
{
	static const char *const n[] = {"bar", "stacked", "line", "pie"};
	return (unsigned)k < sizeof n / sizeof *n ? n[k] : "?";
}

static void para(struct buf *b, const struct doc_para *p, int depth)
{
	indent(b, depth);
	buf_printf(b, "paragraph align=%s", align_name(p->align));
	attr_num(b, "size", p->size);
	attr_num(b, "indent-first", p->indent_first);
	attr_num(b, "indent-left", p->indent_left);
	attr_num(b, "space-before", p->space_before);
	attr_num(b, "space-after", p->space_after);
	flag(b, "keep-with-next", p->keep_with_next);
	flag(b, "hyphenate", p->hyphenate);
	flag(b, "rule-after", p->rule_after);
	attr_num(b, "blank-lines", p->blank_lines);
	flag(b, "rule-under", p->rule_under);
	attr_str(b, "caption", p->caption);
	src(b, &p->src);
	buf_addc(b, '\n');
	for (size_t i = 0; i < p->nspans; i++) {
		const struct doc_span *s = &p->spans[i];
		indent(b, depth + 1);
		buf_printf(b, "span %s", style_name(s->style));
		flag(b, "underline", s->underline);
		buf_addc(b, ' ');
		quoted(b, s->text);
		buf_addc(b, '\n');
	}
}

static void table(struct buf *b, const struct doc_table *t, int depth)
{
	indent(b, depth);
	buf_printf(b, "table columns=%zu widths=", t->ncols);
	for (size_t i = 0; i < t->ncols; i++) {
		if (i)
			buf_addc(b, ',');
		number(b, t->widths[i]);
	}
	attr_num(b, "size", t->size);
	buf_addc(b, '\n');
	for (size_t r = 0; r < t->nrows; r++) {
		const struct doc_row *row = &t->rows[r];
		indent(b, depth + 1);
		buf_adds(b, "row");
		flag(b, "header", row->header);
		flag(b, "span", row->span);
		src(b, &row->src);
		buf_addc(b, '\n');
		for (size_t c = 0; c < row->ncells; c++) {
			indent(b, depth + 2);
			buf_adds(b, "cell\n");
			for (size_t k = 0; k < row->cells[c].nparas; k++)
				para(b, &row->cells[c].paras[k], depth + 3);
		}
	}
}

static void chart(struct buf *b, const struct doc_chart *c, int depth)
{
	indent(b, depth);
	buf_printf(b, "chart %s", chart_name(c->kind));
	attr_str(b, "title", c->title);
	attr_str(b, "y-label", c->y_label);
	attr_num(b, "height", c->height);
	flag(b, "percent", c->percent);
	buf_addc(b, '\n');
	indent(b, depth + 1);
	buf_adds(b, "categories");
	for (size_t i = 0; i < c->ncats; i++) {
		buf_addc(b, ' ');
		quoted(b, c->cats[i]);
	}
	buf_addc(b, '\n');
	for (size_t s = 0; s < c->nseries; s++) {
		indent(b, depth + 1);
		buf_adds(b, "series ");
		quoted(b, c->series[s]);
		for (size_t i = 0; i < c->ncats; i++) {
			buf_addc(b, ' ');
			number(b, c->values[s * c->ncats + i]);
		}
		buf_addc(b, '\n');
	}
}

static void block(struct buf *b, const struct doc_block *k, int depth)
{
	switch (k->kind) {
	case DOC_PARAGRAPH:
		para(b, &k->u.para, depth);
		break;
	case DOC_TABLE:
		table(b, &k->u.table, depth);
		break;
	case DOC_SIGNATURE:
		indent(b, depth);
		buf_adds(b, "signature");
		flag(b, "line", k->u.sig.line);
		attr_str(b, "left", k->u.sig.left);
		attr_str(b, "right", k->u.sig.right);
		attr_str(b, "caption", k->u.sig.caption);
		buf_addc(b, '\n');
		break;
	case DOC_APPROVAL:
		indent(b, depth);
		buf_adds(b, "approval\n");
		for (size_t i = 0; i < k->u.appr.nlines; i++) {
			indent(b, depth + 1);
			buf_adds(b, "line ");
			quoted(b, k->u.appr.lines[i]);
			buf_addc(b, '\n');
		}
		break;
	case DOC_CHART:
		chart(b, &k->u.chart, depth);
		break;
	case DOC_SPACE:
		indent(b, depth);
		buf_adds(b, "space ");
		number(b, k->u.space);
		buf_addc(b, '\n');
		break;
	case DOC_PAGE_BREAK:
		indent(b, depth);
		buf_adds(b, "page-break\n");
		break;
	}
}

char *doc_dump_text(const struct doc *d)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "document");
	attr_str(&b, "title", d->title);
	attr_str(&b, "author", d->author);
	attr_str(&b, "subject", d->subject);
	attr_str(&b, "keywords", d->keywords);
	attr_num(&b, "size", d->size);
	flag(&b, "numbered", d->number_pages);
	buf_addc(&b, '\n');
	for (size_t i = 0; i < d->nblocks; i++)
		block(&b, &d->blocks[i], 1);
	return buf_take(&b);
}

void doc_dump(const struct doc *d, FILE *f)
{
	char *s = doc_dump_text(d);
	fputs(s, f);
	free(s);
}
