/* diag: the problems found in the user's input, collected for the user.
 * Invariant: nothing deep in the program prints; every problem in the input becomes one
 * record here (file, physical line, field, message; for a workbook also the sheet and the
 * cell) and the CLI prints them all at the end.
 * Messages carry ids, line numbers and field names, and a bad value itself only where the
 * user must see it to fix it (it is his own data, shown back on his terminal and in
 * out/problems.csv); nothing is ever logged elsewhere. */
#ifndef PT_DIAG_H
#define PT_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum diag_level { DIAG_WARNING, DIAG_ERROR };

struct diag {
	enum diag_level level;
	char *file;  /* file name as the user knows it (base name), or NULL */
	int line;    /* 1-based line (CSV: the row a spreadsheet shows; XML: the physical line),
		      * or 0 when the problem has no line */
	char *field; /* column/element name, or NULL */
	char *msg;
	/* where in a workbook, or NULL (optional: diag_add leaves them NULL) */
	char *sheet;    /* the sheet's name as the workbook shows it */
	char *cell;     /* the cell in A1 notation, e.g. "E14" (a CSV cell too: its row is
			 * then the line) */
	char *graduate; /* the id of the graduate the problem is about (not printed: the
			 * message names it where it matters; a column of out/problems.csv) */
	size_t seq;  /* insertion order, keeps sorting stable */
};

struct diag_list {
	struct diag *v;
	size_t n, cap;
	size_t nerrors, nwarnings;
	size_t max; /* stop recording (but keep counting) after this many; 0 = 10000 */
	size_t dropped;
};

#define DIAG_LIST_INIT {NULL, 0, 0, 0, 0, 0, 0}

/* Records a problem; copies file, field and the formatted message. */
void diag_add(struct diag_list *dl, enum diag_level level, const char *file, int line,
	      const char *field, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
#define diag_error(dl, file, line, field, ...) diag_add(dl, DIAG_ERROR, file, line, field, __VA_ARGS__)
#define diag_warn(dl, file, line, field, ...) diag_add(dl, DIAG_WARNING, file, line, field, __VA_ARGS__)

/* Where a problem is: every member optional (NULL / 0). line is the physical line of a text
 * file, or for a workbook the row number (used to sort; the cell is what is printed). */
struct diag_at {
	const char *file, *sheet, *cell, *field, *graduate;
	int line;
};

/* Records a problem at *at (borrowed; every string copied) with the formatted message. */
void diag_add_at(struct diag_list *dl, enum diag_level level, const struct diag_at *at,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Writes the A1 name of the cell in column col (1 = A, 27 = AA) and row row (1-based) into
 * out (at least DIAG_CELL_MAX bytes): "E14". Columns past XFD (16384) or rows < 1 give "". */
#define DIAG_CELL_MAX 24
void diag_cell_name(unsigned col, long row, char *out);

/* Sorts by file, sheet (none first), line, insertion order. */
void diag_sort(struct diag_list *dl);
/* Returns d as one line (a new string; free it), its place first:
 *   a workbook's (a sheet):  "file: лист «SHEET», ячейка E14 (field): message"
 *   a text file's cell:      "file:ROW: E (field): message" (CSV: ROW is the row a
 *                            spreadsheet shows; E the column's letters, from cell)
 *   else                     "file:line: field: message" (each part absent when unknown)
 * with "warning: " before the message of a warning, or "error (strict): " for a warning
 * that strict promotes. */
char *diag_format(const struct diag *d, bool strict);
/* Prints every record as diag_format does, one a line; then a line counting those not
 * kept. Returns the number printed. */
size_t diag_print(const struct diag_list *dl, FILE *f, bool strict);
/* Returns every record as a CSV text that Excel opens as it is: UTF-8 with a BOM, ';',
 * CRLF, the columns file;sheet;cell;graduate;level;message (cell: the cell, E30, or the
 * row or line number alone when the problem has no column; message: "field: message");
 * a value that Excel would take for a formula (= + - @ first) is given a leading
 * apostrophe. A new string of *len bytes; free it. Cell values quoted in messages are the
 * user's own data: the file is for him, beside his documents. */
char *diag_csv(const struct diag_list *dl, bool strict, size_t *len);
/* True when the run must fail: any error, or any warning when strict. */
bool diag_failed(const struct diag_list *dl, bool strict);
void diag_list_free(struct diag_list *dl);

#endif
