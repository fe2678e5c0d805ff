/* table: one input table as read from CSV or XML, before any meaning is given to it.
 * Invariant: every row has exactly ncols cells, none NULL ("" for an absent value); all
 * strings are valid UTF-8 without NUL bytes, in Unicode NFC; line numbers are physical lines of the file
 * (a row starts on the line its first character is on). The table owns all its strings. */
#ifndef PT_TABLE_H
#define PT_TABLE_H

#include <stddef.h>

struct table_row {
	int line;
	char **cell; /* ncols entries */
};

struct table {
	char *file;        /* base name as the user knows it, e.g. "graduates.csv" */
	size_t ncols;
	char **header;     /* ncols header strings, as written (trimmed) */
	int header_line;
	size_t nrows;
	size_t cap;
	struct table_row *rows;
};

/* Returns a new empty table named file (copied). Free with table_free(). */
struct table *table_new(const char *file);
/* Appends a header column (copied, normalised to NFC). */
void table_add_header(struct table *t, const char *name);
/* Appends a row of ncols cells; takes ownership of cells (an array of ncols malloc'd strings),
 * replacing each cell that is not in NFC by its NFC form. */
void table_add_row(struct table *t, int line, char **cells);
void table_free(struct table *t);

#endif
