/* sheet: opening a workbook (its kind told by its bytes), the list of sheets, the rows
 * reader shared by both formats, A1 names.
 * Invariant: a cell reaches the caller only through sheet_rows_add (caps, UTF-8, line
 * breaks) and a row only through sheet_rows_finish (row caps, order). */
#include "sheet/internal.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv/csv_read.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define ODS_MIME "application/vnd.oasis.opendocument.spreadsheet"

void sheet_limits_default(struct sheet_limits *lim)
{
	lim->max_file = 64u << 20;
	lim->max_entry = 256u << 20;
	lim->max_total = 512u << 20;
	lim->max_ratio = 100;
	lim->max_strings = 64u << 20;
	lim->max_rows = CSV_MAX_ROWS;
	lim->max_cols = CSV_MAX_COLS;
	lim->max_cell = CSV_MAX_FIELD;
}

char *sheet_col_name(int col, char *out, size_t n)
{
	char tmp[8];
	size_t k = 0;
	if (col < 0 || col >= SHEET_MAX_COL) {
		snprintf(out, n, "?");
		return out;
	}
	for (long c = (long)col + 1; c > 0; c = (c - 1) / 26)
		tmp[k++] = (char)('A' + (c - 1) % 26);
	size_t i = 0;
	for (; i < k && i + 1 < n; i++)
		out[i] = tmp[k - 1 - i];
	if (n > 0)
		out[i] = '\0';
	return out;
}

char *sheet_cell_name(int col, int row, char *out, size_t n)
{
	char c[8];
	if (col < 0 || col >= SHEET_MAX_COL || row < 1)
		snprintf(out, n, "?");
	else
		snprintf(out, n, "%s%d", sheet_col_name(col, c, sizeof c), row);
	return out;
}

void sheet_book_add(struct sheet_book *b, const char *name, bool hidden, const char *part)
{
	xgrow((void **)&b->sheets, &b->cap, b->nsheets + 1, sizeof *b->sheets);
	struct sheet_entry *e = &b->sheets[b->nsheets++];
	e->name = xstrdup(name);
	e->part = xstrdup(part);
	e->info.name = e->name;
	e->info.hidden = hidden;
}

/* Finds the UTF-16LE form of the ASCII name among the n bytes at d. */
static bool has_utf16(const unsigned char *d, size_t n, const char *name)
{
	size_t k = strlen(name);
	for (size_t i = 0; i + 2 * k <= n; i++) {
		size_t j = 0;
		while (j < k && d[i + 2 * j] == (unsigned char)name[j] && d[i + 2 * j + 1] == 0)
			j++;
		if (j == k)
			return true;
	}
	return false;
}

/* Tells the archive's kind; 0 with b->format, or 1 with an error in dl. */
static int detect_zip(struct sheet_book *b, struct diag_list *dl)
{
	struct sheet_zip *z = &b->z;
	if (sheet_zip_has(z, "xl/workbook.bin")) {
		diag_error(dl, b->display, 0, NULL,
			   "file is an Excel binary workbook (.xlsb): save it as .xlsx");
		return 1;
	}
	if (sheet_zip_has(z, "xl/workbook.xml")) {
		b->format = SHEET_XLSX;
		return 0;
	}
	if (sheet_zip_has(z, "mimetype")) {
		struct buf m = BUF_INIT;
		int st = sheet_zip_read_small(z, "mimetype", 256, &m, dl);
		bool ods = st == 0 && strncmp(buf_cstr(&m), ODS_MIME, strlen(ODS_MIME)) == 0 &&
			   (m.len == strlen(ODS_MIME) || buf_cstr(&m)[strlen(ODS_MIME)] == '\n');
		buf_free(&m);
		if (st)
			return 1;
		if (!ods) {
			diag_error(dl, b->display, 0, NULL,
				   "file is an OpenDocument file but not a spreadsheet: save it from "
				   "Calc as .ods or .xlsx");
			return 1;
		}
		b->format = SHEET_ODS;
		return 0;
	}
	if (sheet_zip_has(z, "content.xml")) {
		b->format = SHEET_ODS;
		return 0;
	}
	diag_error(dl, b->display, 0, NULL,
		   "file is a zip archive but not a workbook: save it as .xlsx or .ods");
	return 1;
}

/* Tells the file's kind from its bytes and opens the archive; 0, or 1 with an error. */
static int detect(struct sheet_book *b, const unsigned char *d, size_t n, struct diag_list *dl)
{
	static const unsigned char cfb[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	if (n >= 8 && memcmp(d, cfb, 8) == 0) {
		if (has_utf16(d, n, "EncryptionInfo") || has_utf16(d, n, "EncryptedPackage"))
			diag_error(dl, b->display, 0, NULL,
				   "file is password-protected: save it without a password");
		else
			diag_error(dl, b->display, 0, NULL,
				   "file is an Excel 97-2003 workbook (.xls): save it as .xlsx");
		return 1;
	}
	if (n < 4 || d[0] != 'P' || d[1] != 'K' ||
	    !((d[2] == 3 && d[3] == 4) || (d[2] == 5 && d[3] == 6))) {
		diag_error(dl, b->display, 0, NULL,
			   "file is not an .xlsx or .ods workbook: save it as .xlsx or .ods");
		return 1;
	}
	if (sheet_zip_open(&b->z, d, n, dl))
		return 1;
	return detect_zip(b, dl);
}

int sheet_book_open_mem(const void *data, size_t n, const char *display,
			const struct sheet_limits *lim, struct sheet_book **out,
			struct diag_list *dl)
{
	struct sheet_book *b = xcalloc(1, sizeof *b);
	b->display = xstrdup(display);
	if (lim)
		b->lim = *lim;
	else
		sheet_limits_default(&b->lim);
	b->z.display = b->display;
	b->z.lim = &b->lim;
	*out = NULL;
	int st = n > b->lim.max_file ? 2 : detect(b, data, n, dl);
	if (st == 2)
		diag_error(dl, b->display, 0, NULL, "the workbook is larger than %zu MB",
			   b->lim.max_file >> 20);
	if (!st)
		st = b->format == SHEET_XLSX ? sheet_xlsx_load(b, dl) : sheet_ods_load(b, dl);
	if (!st && b->nsheets == 0) {
		diag_error(dl, b->display, 0, NULL, "the workbook has no sheets");
		st = 1;
	}
	if (st) {
		sheet_book_free(b);
		return 1;
	}
	*out = b;
	return 0;
}

int sheet_book_open_file(const char *path, const char *display,
			 const struct sheet_limits *lim, struct sheet_book **out,
			 struct diag_list *dl)
{
	struct sheet_limits def;
	if (!lim) {
		sheet_limits_default(&def);
		lim = &def;
	}
	char *data;
	size_t n;
	*out = NULL;
	int st = file_read_all(path, lim->max_file, &data, &n);
	if (st == -2) {
		diag_error(dl, display, 0, NULL, "the workbook is larger than %zu MB",
			   lim->max_file >> 20);
		return 1;
	}
	if (st) {
		diag_error(dl, display, 0, NULL, "cannot read the file");
		return 1;
	}
	if (sheet_book_open_mem(data, n, display, lim, out, dl)) {
		free(data);
		return 1;
	}
	(*out)->owned = data;
	return 0;
}

enum sheet_format sheet_book_format(const struct sheet_book *b)
{
	return b->format;
}

size_t sheet_book_count(const struct sheet_book *b)
{
	return b->nsheets;
}

const struct sheet_info *sheet_book_sheet(const struct sheet_book *b, size_t i)
{
	return i < b->nsheets ? &b->sheets[i].info : NULL;
}

long sheet_book_find(const struct sheet_book *b, const char *name)
{
	for (size_t i = 0; i < b->nsheets; i++)
		if (strcmp(b->sheets[i].name, name) == 0)
			return (long)i;
	return -1;
}

void sheet_book_free(struct sheet_book *b)
{
	if (!b)
		return;
	sheet_zip_close(&b->z);
	for (size_t i = 0; i < b->nsheets; i++) {
		free(b->sheets[i].name);
		free(b->sheets[i].part);
	}
	free(b->sheets);
	free(b->xf_kind);
	free(b->strings);
	free(b->str_off);
	free(b->display);
	free(b->owned);
	free(b);
}

int sheet_rows_open(struct sheet_book *b, size_t i, struct sheet_rows **out,
		    struct diag_list *dl)
{
	*out = NULL;
	if (i >= b->nsheets || b->reading) {
		diag_error(dl, b->display, 0, NULL, "internal: sheet %zu cannot be opened", i);
		return 1;
	}
	struct sheet_rows *r = xcalloc(1, sizeof *r);
	r->b = b;
	r->index = i;
	int st = b->format == SHEET_XLSX ? sheet_xlsx_start(r, dl) : sheet_ods_start(r, dl);
	if (st) {
		sheet_rows_close(r);
		return 1;
	}
	b->reading = true;
	*out = r;
	return 0;
}

int sheet_rows_next(struct sheet_rows *r, const struct sheet_row **row, struct diag_list *dl)
{
	*row = NULL;
	if (r->failed)
		return -1;
	if (r->ended)
		return 0;
	int st = r->b->format == SHEET_XLSX ? sheet_xlsx_next(r, dl) : sheet_ods_next(r, dl);
	if (st < 0)
		r->failed = true;
	else if (st == 0)
		r->ended = true;
	else
		*row = &r->row;
	return st;
}

void sheet_rows_close(struct sheet_rows *r)
{
	if (!r)
		return;
	if (r->x.r || r->x.zf)
		sheet_xml_close(&r->x);
	if (r->b && r->b->reading)
		r->b->reading = false;
	buf_free(&r->text);
	free(r->off);
	free(r->cells);
	free(r);
}

void sheet_rows_error(struct sheet_rows *r, long col, long row, struct diag_list *dl,
		      const char *fmt, ...)
{
	char msg[512], where[32];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, _(fmt), ap);
	va_end(ap);
	struct diag_at at = {.file = r->b->display, .sheet = r->b->sheets[r->index].name};
	if (row > 0 && col >= 0 && col < SHEET_MAX_COL && row <= SHEET_MAX_ROW) {
		at.cell = sheet_cell_name((int)col, (int)row, where, sizeof where);
		at.line = (int)row;
		diag_add_at(dl, DIAG_ERROR, &at, "%s", msg);
	} else if (row > 0) {
		at.line = row <= INT_MAX ? (int)row : INT_MAX;
		diag_add_at(dl, DIAG_ERROR, &at, "row %ld: %s", row, msg);
	} else {
		diag_add_at(dl, DIAG_ERROR, &at, "%s", msg);
	}
}

void sheet_rows_begin(struct sheet_rows *r)
{
	buf_reset(&r->text);
	r->ncells = 0;
}

int sheet_rows_add(struct sheet_rows *r, long col, long row, const char *s, size_t n,
		   struct diag_list *dl)
{
	const struct sheet_limits *lim = &r->b->lim;
	if (n == 0)
		return 0;
	if (col < 0 || col >= SHEET_MAX_COL) {
		sheet_rows_error(r, -1, row, dl, "a cell lies beyond column XFD (%d columns)",
				 SHEET_MAX_COL);
		return -1;
	}
	if ((size_t)col >= lim->max_cols) {
		sheet_rows_error(r, col, row, dl, "a value beyond the first %zu columns",
				 lim->max_cols);
		return -1;
	}
	if (n > lim->max_cell) {
		sheet_rows_error(r, col, row, dl, "the cell holds more than %zu bytes",
				 lim->max_cell);
		return -1;
	}
	size_t bad;
	if (!utf8_valid(s, n, &bad) || memchr(s, '\0', n)) {
		sheet_rows_error(r, col, row, dl, "the cell holds invalid UTF-8 or a NUL byte");
		return -1;
	}
	if (r->ncells > 0 && r->cells[r->ncells - 1].col >= col) {
		sheet_rows_error(r, col, row, dl, "cells out of order (the workbook is corrupt)");
		return -1;
	}
	size_t cap = r->cap;
	xgrow((void **)&r->cells, &r->cap, r->ncells + 1, sizeof *r->cells);
	if (r->cap != cap || !r->off)
		r->off = xreallocarray(r->off, r->cap, sizeof *r->off);
	r->off[r->ncells] = r->text.len;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\r') {
			buf_addc(&r->text, '\n');
			if (i + 1 < n && s[i + 1] == '\n')
				i++;
		} else {
			buf_addc(&r->text, s[i]);
		}
	}
	buf_addc(&r->text, '\0');
	r->cells[r->ncells].col = (int)col;
	r->ncells++;
	return 0;
}

int sheet_rows_finish(struct sheet_rows *r, long row, bool hidden, struct diag_list *dl)
{
	if (r->ncells == 0)
		return 0;
	if (row < 1 || row > SHEET_MAX_ROW) {
		sheet_rows_error(r, -1, 0, dl, "a row numbered %ld (a sheet has rows 1 to %d)", row,
				 SHEET_MAX_ROW);
		return -1;
	}
	if (row <= r->last_row) {
		sheet_rows_error(r, -1, row, dl, "rows out of order (the workbook is corrupt)");
		return -1;
	}
	if (r->nrows >= r->b->lim.max_rows) {
		sheet_rows_error(r, -1, row, dl, "the sheet has more than %zu rows",
				 r->b->lim.max_rows);
		return -1;
	}
	const char *base = buf_cstr(&r->text);
	for (size_t i = 0; i < r->ncells; i++) {
		r->cells[i].text = base + r->off[i];
		r->cells[i].len = strlen(r->cells[i].text);
	}
	r->row.row = (int)row;
	r->row.hidden = hidden;
	r->row.ncells = r->ncells;
	r->row.cells = r->cells;
	r->last_row = row;
	r->nrows++;
	return 1;
}
