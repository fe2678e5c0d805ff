/* sheet xlsx: Office Open XML workbooks (ECMA-376): the sheet list, the date system, the
 * styles that make a number a date, the shared strings, and a worksheet's rows streamed.
 * Invariants: only the shared strings (capped at max_strings) and one style byte per cell
 * format are kept; a worksheet is read node by node; a cell's text is built once, checked
 * by sheet_rows_add. */
#include "sheet/internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"
#include "util/xalloc.h"

#define NS_REL_T "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_REL_S "http://purl.oclc.org/ooxml/officeDocument/relationships"
#define MAX_SHEETS 4096    /* sheets of one workbook (Excel allows as many as memory) */
#define MAX_XF 65536       /* cell formats (Excel: 64 000) */
#define MAX_NUMFMT 4096    /* custom number formats */
#define MAX_RELS 65536     /* relationships of the workbook part */

struct rel {
	char *id, *target, *type;
};

struct rels {
	struct rel *v;
	size_t n, cap;
};

static void rels_free(struct rels *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		xmlFree(rs->v[i].id);
		xmlFree(rs->v[i].target);
		xmlFree(rs->v[i].type);
	}
	free(rs->v);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The entry a relationship of the workbook part (in xl/) points to; free with free(). */
static char *rel_path(const char *target)
{
	if (target[0] == '/')
		return xstrdup(target + 1);
	return xasprintf("xl/%s", target);
}

static int read_rels(struct sheet_book *b, struct rels *rs, struct diag_list *dl)
{
	struct sheet_xml x;
	const char *part = "xl/_rels/workbook.xml.rels";
	if (!sheet_zip_has(&b->z, part))
		return 0;
	if (sheet_xml_open(&b->z, part, &x, dl))
		return 1;
	int st;
	while ((st = sheet_xml_next(&x, dl)) > 0) {
		if (!sheet_xml_start(&x, "Relationship", NULL))
			continue;
		if (rs->n >= MAX_RELS) {
			diag_error(dl, b->display, 0, NULL, "the workbook has too many relationships");
			st = -1;
			break;
		}
		struct rel rl = {sheet_xml_attr(&x, "Id", NULL), sheet_xml_attr(&x, "Target", NULL),
				 sheet_xml_attr(&x, "Type", NULL)};
		xgrow((void **)&rs->v, &rs->cap, rs->n + 1, sizeof *rs->v);
		rs->v[rs->n++] = rl;
	}
	sheet_xml_close(&x);
	return st < 0;
}

static const struct rel *rel_find(const struct rels *rs, const char *id)
{
	for (size_t i = 0; id && i < rs->n; i++)
		if (rs->v[i].id && strcmp(rs->v[i].id, id) == 0)
			return &rs->v[i];
	return NULL;
}

/* The part of the relationship whose type ends in suffix, or dflt; free with free(). */
static char *rel_part_of_type(const struct rels *rs, const char *suffix, const char *dflt)
{
	for (size_t i = 0; i < rs->n; i++)
		if (rs->v[i].type && rs->v[i].target && ends_with(rs->v[i].type, suffix))
			return rel_path(rs->v[i].target);
	return xstrdup(dflt);
}

static bool attr_true(const char *v)
{
	return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

static int read_workbook(struct sheet_book *b, const struct rels *rs, struct diag_list *dl)
{
	struct sheet_xml x;
	if (sheet_xml_open(&b->z, "xl/workbook.xml", &x, dl))
		return 1;
	int st;
	while ((st = sheet_xml_next(&x, dl)) > 0) {
		if (sheet_xml_start(&x, "workbookPr", NULL)) {
			char *v = sheet_xml_attr(&x, "date1904", NULL);
			b->date1904 = attr_true(v);
			xmlFree(v);
		} else if (sheet_xml_start(&x, "sheet", NULL)) {
			if (b->nsheets >= MAX_SHEETS) {
				diag_error(dl, b->display, 0, NULL, "the workbook has more than %d sheets",
					   MAX_SHEETS);
				st = -1;
				break;
			}
			char *name = sheet_xml_attr(&x, "name", NULL);
			char *state = sheet_xml_attr(&x, "state", NULL);
			char *id = sheet_xml_attr(&x, "id", NS_REL_T);
			if (!id)
				id = sheet_xml_attr(&x, "id", NS_REL_S);
			const struct rel *rl = rel_find(rs, id);
			bool hidden = state && strcmp(state, "visible") != 0;
			if (rl && rl->target && rl->type && ends_with(rl->type, "/worksheet")) {
				char *part = rel_path(rl->target);
				sheet_book_add(b, name ? name : "", hidden, part);
				free(part);
			} else if (!rl && rs->n == 0) {
				/* no relationships part: the usual name of the n-th worksheet */
				char *part = xasprintf("xl/worksheets/sheet%zu.xml", b->nsheets + 1);
				sheet_book_add(b, name ? name : "", hidden, part);
				free(part);
			} /* else a chart sheet or a dangling id: no rows to read */
			xmlFree(name);
			xmlFree(state);
			xmlFree(id);
		}
	}
	sheet_xml_close(&x);
	return st < 0;
}

struct numfmt {
	int id;
	unsigned char kind;
};

static int read_styles(struct sheet_book *b, const char *part, struct diag_list *dl)
{
	struct sheet_xml x;
	struct numfmt *fmts = NULL;
	size_t nf = 0, capf = 0, capx = 0;
	bool in_xfs = false;
	if (!sheet_zip_has(&b->z, part))
		return 0;
	if (sheet_xml_open(&b->z, part, &x, dl))
		return 1;
	int st;
	while ((st = sheet_xml_next(&x, dl)) > 0) {
		if (sheet_xml_start(&x, "numFmt", NULL)) {
			char *id = sheet_xml_attr(&x, "numFmtId", NULL);
			char *code = sheet_xml_attr(&x, "formatCode", NULL);
			if (id && code && nf < MAX_NUMFMT) {
				xgrow((void **)&fmts, &capf, nf + 1, sizeof *fmts);
				fmts[nf].id = atoi(id);
				fmts[nf++].kind = (unsigned char)sheet_numfmt_kind(atoi(id), code);
			}
			xmlFree(id);
			xmlFree(code);
		} else if (sheet_xml_start(&x, "cellXfs", NULL)) {
			in_xfs = xmlTextReaderIsEmptyElement(x.r) != 1;
		} else if (sheet_xml_end(&x, "cellXfs")) {
			in_xfs = false;
		} else if (in_xfs && sheet_xml_start(&x, "xf", NULL)) {
			if (b->nxf >= MAX_XF) {
				diag_error(dl, b->display, 0, NULL,
					   "the workbook has more than %d cell formats", MAX_XF);
				st = -1;
				break;
			}
			char *id = sheet_xml_attr(&x, "numFmtId", NULL);
			int n = id ? atoi(id) : 0;
			unsigned char kind = (unsigned char)sheet_numfmt_kind(n, NULL);
			for (size_t i = 0; i < nf; i++)
				if (fmts[i].id == n)
					kind = fmts[i].kind;
			xmlFree(id);
			xgrow((void **)&b->xf_kind, &capx, b->nxf + 1, 1);
			b->xf_kind[b->nxf++] = kind;
		}
	}
	free(fmts);
	sheet_xml_close(&x);
	return st < 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Appends s[0..n) to out with OOXML's _xHHHH_ escapes decoded (_x0000_ is kept as text). */
static void decode_xstring(const char *s, size_t n, struct buf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '_' && i + 6 < n && s[i + 1] == 'x' && s[i + 6] == '_') {
			int h[4];
			unsigned cp = 0;
			bool ok = true;
			for (int k = 0; k < 4; k++) {
				h[k] = hexval(s[i + 2 + k]);
				ok = ok && h[k] >= 0;
				cp = cp * 16 + (unsigned)(ok ? h[k] : 0);
			}
			if (ok && cp != 0) {
				char u[4];
				buf_add(out, u, utf8_encode(cp, u));
				i += 6;
				continue;
			}
		}
		buf_addc(out, s[i]);
	}
}

/* Reads the text runs of the element the reader stands on (<si>, <is>) into out: the
 * text of its <t> elements, phonetic runs (<rPh>) left out. At most max bytes. Returns 0,
 * 1 when longer than max (the rest skipped), -1 with an error in dl. */
static int read_runs(struct sheet_xml *x, size_t max, struct buf *out, struct diag_list *dl)
{
	if (xmlTextReaderIsEmptyElement(x->r) == 1)
		return 0;
	int depth = xmlTextReaderDepth(x->r), st, over = 0;
	bool in_t = false;
	struct buf raw = BUF_INIT;
	st = sheet_xml_next(x, dl);
	while (st > 0) {
		int type = xmlTextReaderNodeType(x->r);
		if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(x->r) == depth)
			break;
		if (sheet_xml_start(x, "rPh", NULL)) {
			st = sheet_xml_skip(x, dl);
			continue;
		}
		if (sheet_xml_start(x, "t", NULL))
			in_t = xmlTextReaderIsEmptyElement(x->r) != 1;
		else if (sheet_xml_end(x, "t"))
			in_t = false;
		else if (in_t && !over) {
			sheet_xml_text(x, &raw);
			if (raw.len > max)
				over = 1;
		}
		st = sheet_xml_next(x, dl);
	}
	if (st > 0 && !over)
		decode_xstring(buf_cstr(&raw), raw.len, out);
	buf_free(&raw);
	return st < 0 ? -1 : st == 0 ? -1 : over;
}

static int read_strings(struct sheet_book *b, const char *part, struct diag_list *dl)
{
	struct sheet_xml x;
	struct buf all = BUF_INIT;
	size_t cap = 0;
	if (!sheet_zip_has(&b->z, part))
		return 0;
	if (sheet_xml_open(&b->z, part, &x, dl))
		return 1;
	int st;
	while ((st = sheet_xml_next(&x, dl)) > 0) {
		if (!sheet_xml_start(&x, "si", NULL))
			continue;
		size_t at = all.len;
		int rs = read_runs(&x, b->lim.max_strings, &all, dl);
		if (rs < 0 && x.fault == 0)
			diag_error(dl, b->display, 0, NULL, "the shared strings end too early");
		if (rs != 0 || all.len > b->lim.max_strings) {
			if (rs >= 0)
				diag_error(dl, b->display, 0, NULL,
					   "the workbook's shared strings exceed %zu MB",
					   b->lim.max_strings >> 20);
			st = -1;
			break;
		}
		buf_addc(&all, '\0');
		xgrow((void **)&b->str_off, &cap, b->nstr + 1, sizeof *b->str_off);
		b->str_off[b->nstr++] = at;
	}
	sheet_xml_close(&x);
	b->strings = buf_take(&all);
	return st < 0;
}

int sheet_xlsx_load(struct sheet_book *b, struct diag_list *dl)
{
	struct rels rs = {NULL, 0, 0};
	int st = read_rels(b, &rs, dl);
	if (!st)
		st = read_workbook(b, &rs, dl);
	char *styles = rel_part_of_type(&rs, "/styles", "xl/styles.xml");
	char *strings = rel_part_of_type(&rs, "/sharedStrings", "xl/sharedStrings.xml");
	if (!st)
		st = read_styles(b, styles, dl);
	if (!st)
		st = read_strings(b, strings, dl);
	free(styles);
	free(strings);
	rels_free(&rs);
	return st;
}

int sheet_xlsx_start(struct sheet_rows *r, struct diag_list *dl)
{
	const char *part = r->b->sheets[r->index].part;
	if (sheet_xml_open(&r->b->z, part, &r->x, dl))
		return 1;
	int st;
	while ((st = sheet_xml_next(&r->x, dl)) > 0)
		if (sheet_xml_start(&r->x, "sheetData", NULL))
			break;
	if (st < 0)
		return 1;
	if (st == 0 || xmlTextReaderIsEmptyElement(r->x.r) == 1)
		r->ended = true;
	return 0;
}

/* Parses an A1 reference: *col 0-based, *row 1-based. Returns 0, or -1 when malformed or
 * beyond XFD1048576. */
static int parse_ref(const char *s, long *col, long *row)
{
	long c = 0, w = 0;
	size_t i = 0;
	for (; isalpha((unsigned char)s[i]); i++) {
		c = c * 26 + (toupper((unsigned char)s[i]) - 'A' + 1);
		if (c > SHEET_MAX_COL)
			return -1;
	}
	if (i == 0 || !isdigit((unsigned char)s[i]))
		return -1;
	for (; isdigit((unsigned char)s[i]); i++) {
		w = w * 10 + (s[i] - '0');
		if (w > SHEET_MAX_ROW)
			return -1;
	}
	if (s[i] || w < 1)
		return -1;
	*col = c - 1;
	*row = w;
	return 0;
}

/* Parses a positive row number; -1 when not one or beyond SHEET_MAX_ROW. */
static long parse_row(const char *s)
{
	long w = 0;
	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		w = w * 10 + (*s - '0');
		if (w > SHEET_MAX_ROW)
			return -1;
	}
	return w >= 1 ? w : -1;
}

struct cell {
	char *t;         /* the type attribute, or NULL */
	long s;          /* style index, -1 */
	struct buf v;    /* <v> */
	struct buf is;   /* <is> runs, decoded */
	bool has_v, has_is;
};

/* Turns a cell into its text in out. Returns 0 or -1 with an error in dl. */
static int cell_text(struct sheet_rows *r, struct cell *c, long col, long row, struct buf *out,
		     struct diag_list *dl)
{
	const struct sheet_book *b = r->b;
	const char *t = c->t ? c->t : "n";
	const char *v = buf_cstr(&c->v);
	char num[64];
	double d;
	if (strcmp(t, "inlineStr") == 0) {
		buf_add(out, buf_cstr(&c->is), c->is.len);
		return 0;
	}
	if (!c->has_v || c->v.len == 0)
		return 0;
	if (strcmp(t, "s") == 0) {
		size_t i = 0, k = 0;
		for (; isdigit((unsigned char)v[k]) && i <= b->nstr; k++)
			i = i * 10 + (size_t)(v[k] - '0');
		if (k == 0 || v[k] || i >= b->nstr) {
			sheet_rows_error(r, col, row, dl,
					 "the cell points to a shared string that does not exist");
			return -1;
		}
		buf_adds(out, b->strings + b->str_off[i]);
	} else if (strcmp(t, "str") == 0) {
		decode_xstring(v, c->v.len, out);
	} else if (strcmp(t, "b") == 0) {
		buf_adds(out, strcmp(v, "1") == 0 || strcmp(v, "true") == 0 ? "да" : "нет");
	} else if (strcmp(t, "e") == 0) {
		buf_adds(out, v);
	} else if (strcmp(t, "d") == 0) {
		if (sheet_format_iso_date(v, num, sizeof num) == 0)
			buf_adds(out, num);
		else
			buf_adds(out, v);
	} else {
		if (sheet_parse_number(v, &d)) {
			sheet_rows_error(r, col, row, dl, "the cell's number is malformed");
			return -1;
		}
		int kind = c->s >= 0 && (size_t)c->s < b->nxf ? b->xf_kind[c->s] : NUM_PLAIN;
		if (kind == NUM_DATE && sheet_format_serial(d, b->date1904, num, sizeof num) == 0) {
			buf_adds(out, num);
		} else if (kind == NUM_PERCENT) {
			sheet_format_number(d * 100, num, sizeof num);
			buf_printf(out, "%s%%", num);
		} else {
			sheet_format_number(d, num, sizeof num);
			buf_adds(out, num);
		}
	}
	return 0;
}

/* Reads the <c> the reader stands on into the row. Returns 0 or -1. */
static int read_cell(struct sheet_rows *r, long row, long *col, struct diag_list *dl)
{
	struct sheet_xml *x = &r->x;
	struct cell c = {NULL, -1, BUF_INIT, BUF_INIT, false, false};
	struct buf out = BUF_INIT;
	char *ref = sheet_xml_attr(x, "r", NULL);
	char *s = sheet_xml_attr(x, "s", NULL);
	long rr = row;
	int st = 1;
	c.t = sheet_xml_attr(x, "t", NULL);
	c.s = s ? atol(s) : -1;
	if (ref && parse_ref(ref, col, &rr)) {
		sheet_rows_error(r, -1, row, dl, "a cell reference beyond XFD%d or malformed",
				 SHEET_MAX_ROW);
		st = -1;
	} else if (!ref) {
		(*col)++;
	}
	if (st > 0 && xmlTextReaderIsEmptyElement(x->r) != 1) {
		int depth = xmlTextReaderDepth(x->r);
		bool in_v = false;
		while ((st = sheet_xml_next(x, dl)) > 0) {
			int type = xmlTextReaderNodeType(x->r);
			if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(x->r) == depth)
				break;
			if (sheet_xml_start(x, "v", NULL)) {
				in_v = xmlTextReaderIsEmptyElement(x->r) != 1;
				c.has_v = true;
			} else if (sheet_xml_end(x, "v")) {
				in_v = false;
			} else if (sheet_xml_start(x, "is", NULL)) {
				c.has_is = true;
				int rs = read_runs(x, r->b->lim.max_cell, &c.is, dl);
				if (rs > 0)
					sheet_rows_error(r, *col, row, dl, "the cell holds more than %zu bytes",
							 r->b->lim.max_cell);
				if (rs != 0) {
					st = -1;
					break;
				}
			} else if (in_v) {
				sheet_xml_text(x, &c.v);
				if (c.v.len > r->b->lim.max_cell) {
					sheet_rows_error(r, *col, row, dl,
							 "the cell holds more than %zu bytes",
							 r->b->lim.max_cell);
					st = -1;
					break;
				}
			}
		}
		if (st == 0)
			st = -1;
	}
	if (st > 0)
		st = cell_text(r, &c, *col, row, &out, dl) ? -1 : 1;
	if (st > 0)
		st = sheet_rows_add(r, *col, row, buf_cstr(&out), out.len, dl) ? -1 : 1;
	xmlFree(ref);
	xmlFree(s);
	xmlFree(c.t);
	buf_free(&c.v);
	buf_free(&c.is);
	buf_free(&out);
	return st > 0 ? 0 : -1;
}

int sheet_xlsx_next(struct sheet_rows *r, struct diag_list *dl)
{
	struct sheet_xml *x = &r->x;
	long row = r->last_row;
	int st;
	while ((st = sheet_xml_next(x, dl)) > 0) {
		if (sheet_xml_end(x, "sheetData"))
			return 0;
		if (!sheet_xml_start(x, "row", NULL))
			continue;
		char *rn = sheet_xml_attr(x, "r", NULL);
		char *hid = sheet_xml_attr(x, "hidden", NULL);
		bool hidden = attr_true(hid);
		long num = rn ? parse_row(rn) : row + 1;
		xmlFree(rn);
		xmlFree(hid);
		if (num < 0) {
			sheet_rows_error(r, -1, 0, dl, "a row numbered beyond %d or malformed",
					 SHEET_MAX_ROW);
			return -1;
		}
		row = num;
		sheet_rows_begin(r);
		if (xmlTextReaderIsEmptyElement(x->r) == 1)
			continue;
		int depth = xmlTextReaderDepth(x->r);
		long col = -1;
		while ((st = sheet_xml_next(x, dl)) > 0) {
			int type = xmlTextReaderNodeType(x->r);
			if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(x->r) == depth)
				break;
			if (sheet_xml_start(x, "c", NULL) && read_cell(r, row, &col, dl))
				return -1;
		}
		if (st <= 0)
			break;
		int fin = sheet_rows_finish(r, row, hidden, dl);
		if (fin != 0)
			return fin;
		if (row > r->last_row)
			r->last_row = row; /* empty rows still advance the implicit numbering */
	}
	if (st == 0)
		sheet_rows_error(r, -1, 0, dl, "the sheet ends too early (the workbook is corrupt)");
	return -1;
}
