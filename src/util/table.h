/* table: one input table as a reader gave it (src/input), before any meaning is given to it.
 * Invariant: every row has exactly ncols cells, none NULL ("" for an absent value); all
 * strings are valid UTF-8 without NUL bytes, in Unicode NFC; line numbers are physical lines
 * of the file (a row starts on the line its first character is on), 0 for a workbook; cell i
 * of a row is in the header's column i, which a workbook shows as column i + 1 (A). The table
 * owns all its strings. */
#ifndef PT_TABLE_H
#define PT_TABLE_H

#include <stddef.h>

struct table_row {
	int line;    /* physical line of a text file, 0 in a workbook */
	int row;     /* the row number a spreadsheet shows (CSV too), 0 when not known (XML) */
	char **cell; /* ncols entries */
};

struct table {
	char *file;        /* base name as the user knows it, e.g. "graduates.csv" */
	char *sheet;       /* the workbook's sheet the table is, or NULL for a text file */
	size_t ncols;
	char **header;     /* ncols header strings, as written (trimmed) */
	int header_line;
	int header_row;    /* the header's spreadsheet row (> 1 under a title), 0 when not known */
	size_t nrows;
	size_t cap;
	struct table_row *rows;
};

/* Returns a new empty table named file (copied). Free with table_free(). */
struct table *table_new(const char *file);
/* Appends a header column (copied, normalised to NFC). */
void table_add_header(struct table *t, const char *name);
/* Appends a row of ncols cells; takes ownership of cells (an array of ncols malloc'd strings),
 * replacing each cell that is not in NFC by its NFC form. Its spreadsheet row number is 0
 * until the caller sets rows[nrows - 1].row. */
void table_add_row(struct table *t, int line, char **cells);
/* Frees t and everything in it (a row whose cell array is NULL was handed on: skipped). */
void table_free(struct table *t);

#endif
