/* read_sheet: the workbook reader (src/sheet: .xlsx and .ods) behind the reader interface.
 * Invariant: rows are streamed from the sheet one at a time, each with its sheet's name and
 * the row number the spreadsheet shows; a row is handed out from column A up to its last
 * non-empty cell, the gaps as "". Which file is a workbook is decided by its content
 * (src/sheet), so a .xls or .xlsb given under its own extension is refused with its message.
 */
#include "input/input.h"

#include <stdlib.h>
#include <string.h>

#include "sheet/sheet.h"
#include "util/xalloc.h"

struct sheet_state {
	struct sheet_book *book;
	struct sheet_rows *rows;
	const char *sheet; /* the sheet's name, borrowed from book */
};

static void sheet_close(void *state)
{
	struct sheet_state *s = state;
	if (!s)
		return;
	sheet_rows_close(s->rows);
	sheet_book_free(s->book);
	free(s);
}

static int sheet_list(const char *path, const char *shown, struct input_names *out,
		      struct diag_list *dl)
{
	struct sheet_book *b = NULL;
	memset(out, 0, sizeof *out);
	if (sheet_book_open_file(path, shown, NULL, &b, dl) != 0)
		return 1;
	size_t n = sheet_book_count(b);
	out->v = xcalloc(n ? n : 1, sizeof *out->v);
	for (size_t i = 0; i < n; i++)
		out->v[i] = xstrdup(sheet_book_sheet(b, i)->name);
	out->n = n;
	sheet_book_free(b);
	return 0;
}

/* The sheet a table with no sheet named is read from: the first visible one (the first of
 * all when every sheet is hidden). */
static size_t first_sheet(const struct sheet_book *b)
{
	for (size_t i = 0; i < sheet_book_count(b); i++)
		if (!sheet_book_sheet(b, i)->hidden)
			return i;
	return 0;
}

static void *sheet_open(const char *path, const char *shown, const struct input_want *want,
			struct diag_list *dl)
{
	struct sheet_book *b = NULL;
	if (sheet_book_open_file(path, shown, NULL, &b, dl) != 0)
		return NULL;
	size_t i = first_sheet(b);
	if (want && want->sheet) {
		long k = sheet_book_find(b, want->sheet);
		if (k < 0) {
			diag_error(dl, shown, 0, NULL, "the workbook has no sheet «%s»", want->sheet);
			sheet_book_free(b);
			return NULL;
		}
		i = (size_t)k;
	}
	struct sheet_state *s = xcalloc(1, sizeof *s);
	s->book = b;
	s->sheet = sheet_book_sheet(b, i)->name;
	if (sheet_rows_open(b, i, &s->rows, dl) != 0) {
		sheet_close(s);
		return NULL;
	}
	return s;
}

static int sheet_next(void *state, struct input_row *row, struct diag_list *dl)
{
	struct sheet_state *s = state;
	const struct sheet_row *r;
	memset(row, 0, sizeof *row);
	int rc = sheet_rows_next(s->rows, &r, dl);
	if (rc != 1)
		return rc < 0 ? -1 : 0;
	size_t n = (size_t)r->cells[r->ncells - 1].col + 1; /* cols increase: the last is widest */
	row->cell = xcalloc(n, sizeof *row->cell);
	for (size_t k = 0; k < r->ncells; k++)
		row->cell[r->cells[k].col] = xstrndup(r->cells[k].text, r->cells[k].len);
	for (size_t k = 0; k < n; k++)
		if (!row->cell[k])
			row->cell[k] = xstrdup("");
	row->ncells = n;
	row->pos.sheet = s->sheet;
	row->pos.row = r->row;
	return 1;
}

static const char *const exts[] = {"xlsx", "xlsm", "ods", "xls", "xlsb", NULL};

const struct input_reader input_sheet = {
	.name = "Excel/Calc",
	.exts = exts,
	.list = sheet_list,
	.open = sheet_open,
	.next = sheet_next,
	.close = sheet_close,
};
