/* sheet ods: OpenDocument spreadsheets (ODF 1.2/1.3): the manifest (encryption), the
 * tables of content.xml and their rows streamed.
 * Invariants: repeated empty rows and cells cost no work beyond reading their tag (a
 * counter moves, nothing is expanded); a repeated non-empty row or cell is handed out as
 * often as repeated, each copy checked against the caps; only the names of hidden table
 * styles are kept between tables. */
#include "sheet/internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_DRAW "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define MAX_SHEETS 4096
#define MAX_HIDDEN_STYLES 4096
#define MAX_SPACES 1000 /* text:c of one text:s */

/* Parses a repeat count: at least 1, at most max. */
static long parse_repeat(const char *s, long max)
{
	long n = 0;
	if (!s || !isdigit((unsigned char)*s))
		return 1;
	for (; isdigit((unsigned char)*s) && n <= max; s++)
		n = n * 10 + (*s - '0');
	return n < 1 ? 1 : n > max ? max : n;
}

static int check_manifest(struct sheet_book *b, struct diag_list *dl)
{
	struct sheet_xml x;
	const char *part = "META-INF/manifest.xml";
	if (!sheet_zip_has(&b->z, part))
		return 0;
	if (sheet_xml_open(&b->z, part, &x, dl))
		return 1;
	int st;
	bool enc = false;
	while ((st = sheet_xml_next(&x, dl)) > 0)
		if (sheet_xml_start(&x, "encryption-data", NULL))
			enc = true;
	sheet_xml_close(&x);
	if (st < 0)
		return 1;
	if (enc) {
		diag_error(dl, b->display, 0, NULL,
			   "file is password-protected: save it without a password");
		return 1;
	}
	return 0;
}

struct names {
	char **v;
	size_t n, cap;
};

static bool names_has(const struct names *ns, const char *s)
{
	for (size_t i = 0; s && i < ns->n; i++)
		if (strcmp(ns->v[i], s) == 0)
			return true;
	return false;
}

int sheet_ods_load(struct sheet_book *b, struct diag_list *dl)
{
	if (check_manifest(b, dl))
		return 1;
	struct sheet_xml x;
	if (sheet_xml_open(&b->z, "content.xml", &x, dl))
		return 1;
	struct names hidden = {NULL, 0, 0};
	char *style = NULL; /* the table style being read */
	int st = sheet_xml_next(&x, dl);
	while (st > 0) {
		if (sheet_xml_start(&x, "style", NS_STYLE)) {
			char *fam = sheet_xml_attr(&x, "family", NS_STYLE);
			xmlFree(style);
			style = fam && strcmp(fam, "table") == 0 ? sheet_xml_attr(&x, "name", NS_STYLE)
								 : NULL;
			xmlFree(fam);
		} else if (style && sheet_xml_start(&x, "table-properties", NS_STYLE)) {
			char *disp = sheet_xml_attr(&x, "display", NS_TABLE);
			if (disp && strcmp(disp, "false") == 0 && hidden.n < MAX_HIDDEN_STYLES) {
				xgrow((void **)&hidden.v, &hidden.cap, hidden.n + 1, sizeof *hidden.v);
				hidden.v[hidden.n++] = xstrdup(style);
			}
			xmlFree(disp);
		} else if (sheet_xml_start(&x, "table", NS_TABLE)) {
			if (b->nsheets >= MAX_SHEETS) {
				diag_error(dl, b->display, 0, NULL, "the workbook has more than %d sheets",
					   MAX_SHEETS);
				st = -1;
				break;
			}
			char *name = sheet_xml_attr(&x, "name", NS_TABLE);
			char *sn = sheet_xml_attr(&x, "style-name", NS_TABLE);
			sheet_book_add(b, name ? name : "", names_has(&hidden, sn), NULL);
			xmlFree(name);
			xmlFree(sn);
			st = sheet_xml_skip(&x, dl);
			continue;
		}
		st = sheet_xml_next(&x, dl);
	}
	xmlFree(style);
	for (size_t i = 0; i < hidden.n; i++)
		free(hidden.v[i]);
	free(hidden.v);
	sheet_xml_close(&x);
	return st < 0;
}

int sheet_ods_start(struct sheet_rows *r, struct diag_list *dl)
{
	struct sheet_xml *x = &r->x;
	if (sheet_xml_open(&r->b->z, "content.xml", x, dl))
		return 1;
	size_t seen = 0;
	int st = sheet_xml_next(x, dl);
	while (st > 0) {
		if (sheet_xml_start(x, "table", NS_TABLE)) {
			if (seen++ == r->index)
				break;
			st = sheet_xml_skip(x, dl);
			continue;
		}
		st = sheet_xml_next(x, dl);
	}
	if (st < 0)
		return 1;
	if (st == 0) {
		diag_error(dl, r->b->display, 0, NULL, "the workbook changed while read");
		return 1;
	}
	r->depth = xmlTextReaderDepth(x->r);
	r->next_row = 1;
	if (xmlTextReaderIsEmptyElement(x->r) == 1)
		r->ended = true;
	return 0;
}

/* Reads the text of the cell the reader stands on: its paragraphs joined by "\n".
 * Returns 0, or -1 with an error in dl. */
static int cell_paragraphs(struct sheet_rows *r, long col, long row, struct buf *out,
			   struct diag_list *dl)
{
	struct sheet_xml *x = &r->x;
	if (xmlTextReaderIsEmptyElement(x->r) == 1)
		return 0;
	int depth = xmlTextReaderDepth(x->r), paras = 0, in_p = 0, st;
	st = sheet_xml_next(x, dl);
	while (st > 0) {
		int type = xmlTextReaderNodeType(x->r);
		if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(x->r) == depth)
			break;
		if (sheet_xml_start(x, "annotation", NS_OFFICE) ||
		    (type == XML_READER_TYPE_ELEMENT && xmlTextReaderConstNamespaceUri(x->r) &&
		     strcmp((const char *)xmlTextReaderConstNamespaceUri(x->r), NS_DRAW) == 0)) {
			st = sheet_xml_skip(x, dl);
			continue;
		}
		if (sheet_xml_start(x, "p", NS_TEXT) || sheet_xml_start(x, "h", NS_TEXT)) {
			if (paras++)
				buf_addc(out, '\n');
			if (xmlTextReaderIsEmptyElement(x->r) != 1)
				in_p++;
		} else if (sheet_xml_end(x, "p") || sheet_xml_end(x, "h")) {
			if (type == XML_READER_TYPE_END_ELEMENT && in_p > 0)
				in_p--;
		} else if (in_p && sheet_xml_start(x, "s", NS_TEXT)) {
			char *c = sheet_xml_attr(x, "c", NS_TEXT);
			long n = parse_repeat(c, MAX_SPACES);
			xmlFree(c);
			for (long i = 0; i < n; i++)
				buf_addc(out, ' ');
		} else if (in_p && sheet_xml_start(x, "tab", NS_TEXT)) {
			buf_addc(out, '\t');
		} else if (in_p && sheet_xml_start(x, "line-break", NS_TEXT)) {
			buf_addc(out, '\n');
		} else if (in_p) {
			sheet_xml_text(x, out);
		}
		if (out->len > r->b->lim.max_cell) {
			sheet_rows_error(r, col, row, dl, "the cell holds more than %zu bytes",
					 r->b->lim.max_cell);
			return -1;
		}
		st = sheet_xml_next(x, dl);
	}
	return st > 0 ? 0 : -1;
}

/* The text of the cell the reader stands on, by its value type, into out. */
static int cell_value(struct sheet_rows *r, long col, long row, struct buf *out,
		      struct diag_list *dl)
{
	struct sheet_xml *x = &r->x;
	char *type = sheet_xml_attr(x, "value-type", NS_OFFICE);
	char *val = NULL, num[64];
	double d;
	int st = 0;
	if (type && (strcmp(type, "float") == 0 || strcmp(type, "currency") == 0 ||
		     strcmp(type, "percentage") == 0)) {
		val = sheet_xml_attr(x, "value", NS_OFFICE);
		if (!val || sheet_parse_number(val, &d)) {
			sheet_rows_error(r, col, row, dl, "the cell's number is malformed");
			st = -1;
		} else if (type[0] == 'p') {
			sheet_format_number(d * 100, num, sizeof num);
			buf_printf(out, "%s%%", num);
		} else {
			sheet_format_number(d, num, sizeof num);
			buf_adds(out, num);
		}
	} else if (type && strcmp(type, "date") == 0) {
		val = sheet_xml_attr(x, "date-value", NS_OFFICE);
		if (val && sheet_format_iso_date(val, num, sizeof num) == 0)
			buf_adds(out, num);
		else
			st = cell_paragraphs(r, col, row, out, dl);
	} else if (type && strcmp(type, "boolean") == 0) {
		val = sheet_xml_attr(x, "boolean-value", NS_OFFICE);
		buf_adds(out, val && (strcmp(val, "true") == 0 || strcmp(val, "1") == 0) ? "да" : "нет");
	} else {
		/* string, time, or no type: the text as shown */
		st = cell_paragraphs(r, col, row, out, dl);
		if (st == 0 && out->len == 0 && type) {
			val = sheet_xml_attr(x, "string-value", NS_OFFICE);
			if (val)
				buf_adds(out, val);
		}
	}
	xmlFree(type);
	xmlFree(val);
	return st;
}

/* Reads the table:table-row the reader stands on into the row. Returns 0 or -1. */
static int read_row(struct sheet_rows *r, long row, struct diag_list *dl)
{
	struct sheet_xml *x = &r->x;
	if (xmlTextReaderIsEmptyElement(x->r) == 1)
		return 0;
	int depth = xmlTextReaderDepth(x->r), st;
	long col = 0;
	struct buf v = BUF_INIT;
	st = sheet_xml_next(x, dl);
	while (st > 0) {
		int type = xmlTextReaderNodeType(x->r);
		if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(x->r) == depth)
			break;
		bool covered = sheet_xml_start(x, "covered-table-cell", NS_TABLE);
		if (!covered && !sheet_xml_start(x, "table-cell", NS_TABLE)) {
			st = sheet_xml_next(x, dl);
			continue;
		}
		char *rep = sheet_xml_attr(x, "number-columns-repeated", NS_TABLE);
		long n = parse_repeat(rep, SHEET_MAX_COL + 1L);
		xmlFree(rep);
		buf_reset(&v);
		if (!covered && cell_value(r, col, row, &v, dl)) {
			st = -1;
			break;
		}
		for (long i = 0; v.len > 0 && i < n; i++)
			if (sheet_rows_add(r, col + i, row, buf_cstr(&v), v.len, dl)) {
				st = -1;
				break;
			}
		if (st < 0)
			break;
		col += n;
		if (col > SHEET_MAX_COL + 1L)
			col = SHEET_MAX_COL + 1L;
		st = covered ? sheet_xml_skip(x, dl) : sheet_xml_next(x, dl);
	}
	buf_free(&v);
	return st > 0 ? 0 : -1;
}

int sheet_ods_next(struct sheet_rows *r, struct diag_list *dl)
{
	struct sheet_xml *x = &r->x;
	if (r->repeat > 0) {
		r->repeat--;
		return sheet_rows_finish(r, r->last_row + 1, r->row.hidden, dl);
	}
	int st;
	while ((st = sheet_xml_next(x, dl)) > 0) {
		int type = xmlTextReaderNodeType(x->r);
		if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(x->r) == r->depth)
			return 0;
		if (!sheet_xml_start(x, "table-row", NS_TABLE))
			continue;
		char *rep = sheet_xml_attr(x, "number-rows-repeated", NS_TABLE);
		char *vis = sheet_xml_attr(x, "visibility", NS_TABLE);
		long n = parse_repeat(rep, SHEET_MAX_ROW + 1L);
		bool hidden = vis && strcmp(vis, "visible") != 0;
		xmlFree(rep);
		xmlFree(vis);
		long row = r->next_row;
		r->next_row = row + n > SHEET_MAX_ROW + 1L ? SHEET_MAX_ROW + 1L : row + n;
		sheet_rows_begin(r);
		if (read_row(r, row, dl))
			return -1;
		int fin = sheet_rows_finish(r, row, hidden, dl);
		if (fin != 0) {
			if (fin > 0)
				r->repeat = n - 1;
			return fin;
		}
	}
	if (st == 0)
		sheet_rows_error(r, -1, 0, dl, "the sheet ends too early (the workbook is corrupt)");
	return -1;
}
