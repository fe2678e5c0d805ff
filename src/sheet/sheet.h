/* sheet: reads spreadsheet workbooks (.xlsx, .ods) as sheets of rows of text cells.
 * Invariants: nothing is held in memory in proportion to a sheet (rows are streamed from
 * the archive through libxml2's streaming reader; only the shared strings of an .xlsx are
 * kept, capped); every cell handed out is non-empty, valid UTF-8 without NUL, with line
 * breaks as "\n", at most limits.max_cell bytes; rows come in increasing order, columns in
 * increasing order within a row; every problem becomes an error in the caller's diag_list
 * under the display name, and messages quote no cell contents.
 *
 * The manual
 * ----------
 * A workbook is recognised by its content, not by its name: a zip archive holding
 * xl/workbook.xml is Office Open XML (.xlsx, .xlsm), one whose "mimetype" is
 * application/vnd.oasis.opendocument.spreadsheet (or that holds content.xml) is OpenDocument
 * (.ods). Refused, each with its own message: an OLE compound file holding EncryptionInfo
 * (a password-protected .xlsx), any other compound file (.xls, BIFF), an archive holding
 * xl/workbook.bin (.xlsb), an .ods whose manifest declares encryption, a corrupt or
 * truncated archive, anything else.
 *
 * Values are given as the text the rest of patronat reads in a CSV cell:
 * - strings (shared, inline, formula results) as written, rich text runs concatenated,
 *   phonetic runs and cell comments left out; OOXML's _xHHHH_ escapes decoded; "\r\n" and
 *   "\r" become "\n"; ODS paragraphs (text:p) joined by "\n", text:s as its spaces,
 *   text:tab as TAB, text:line-break as "\n". Values are not trimmed.
 * - numbers in the shortest decimal form that reads back as the same double, with at most
 *   15 significant digits (what a spreadsheet shows: a cached 0.30000000000000004 is "0.3"):
 *   "2025", "3.5", "-0.25", "0.000001"; beyond 1e21 or below 1e-10 in exponent form "1E+25".
 * - percentages (an ODS percentage cell, an .xlsx number format holding '%') as the
 *   number times 100 and "%": 0.9 is "90%".
 * - dates as "DD.MM.YYYY": an .xlsx number whose format shows a date (built-in ids 14-17
 *   and 22, or a custom format that names a day, month or year: d, y, or m without h or s;
 *   quoted text, escapes and [..] sections are not format letters), counted in the
 *   workbook's date system: the 1900 system (serial 1 = 01.01.1900, serial 60 the
 *   fictitious 29.02.1900 that Excel and Lotus show, 61 = 01.03.1900) or the 1904 system
 *   (workbookPr date1904, serial 0 = 01.01.1904). A time of day is dropped; a serial
 *   outside 1..2958465 (1904: 0..2957003) stays a number. A time-only format (built-in
 *   18-21 and 45-47, a custom h:mm) stays a number: it shows no date. ODS date cells
 *   (office:date-value) and .xlsx t="d" cells (ISO 8601) are written the same way.
 *   Nothing else is reformatted: a number shows as its value, not in its number format
 *   (0.5 formatted "0.00" is "0.5"; thousands separators and currency signs are dropped).
 * - booleans as "да" and "нет".
 * - formulas by their cached value (<v>, office:value...); a formula never calculated
 *   gives an empty cell; errors as their text ("#N/A", "#DIV/0!").
 * - merged cells: the value sits in the top-left cell only; it is NOT repeated over the
 *   merged area. An .xlsx lists its merges after the rows (so repeating them would need
 *   the whole sheet in memory), and a title merged over a header's columns, repeated, would
 *   put the title into every column; the other cells of the area are empty, as in a CSV
 *   saved by Excel or Calc.
 * - hidden rows (and rows in hidden sheets) are read like any other: a hidden row is still
 *   a record (row->hidden says so); empty rows (no non-empty cell) are not handed out and
 *   cost nothing, also when an ODS repeats one a million times (number-rows-repeated).
 *   A repeated non-empty row or cell is handed out as often as it is repeated, within the
 *   caps below.
 *
 * Caps (struct sheet_limits, each refusal an error naming the file, the sheet, the cell):
 * workbook file size, uncompressed bytes of one archive entry and of all entries read,
 * the ratio uncompressed/compressed of an entry (a zip bomb), bytes of shared strings,
 * rows (row number above 1 048 576, more than max_rows non-empty rows), columns (a column
 * beyond XFD = 16 384, or a non-empty cell beyond max_cols), bytes of one cell; XML that
 * declares a DOCTYPE (and so entities) or nests deeper than 64; invalid UTF-8 (the XML is
 * parsed as UTF-8 whatever it declares). */
#ifndef PT_SHEET_H
#define PT_SHEET_H

#include <stdbool.h>
#include <stddef.h>

#include "util/diag.h"

#define SHEET_MAX_ROW 1048576 /* rows of an .xlsx sheet: 1..1048576 */
#define SHEET_MAX_COL 16384   /* columns: A..XFD */

struct sheet_limits {
	size_t max_file;    /* bytes of the workbook file; CSV_MAX_BYTES (256 MB) */
	size_t max_entry;   /* uncompressed bytes of one archive entry; 1 GB (streamed) */
	size_t max_total;   /* uncompressed bytes read from one workbook in all; 2 GB */
	size_t max_ratio;   /* uncompressed/compressed bytes of an entry above 1 MB; 100 */
	size_t max_strings; /* bytes of an .xlsx's shared strings, held in memory; 64 MB */
	size_t max_rows;    /* non-empty rows of one sheet; CSV_MAX_ROWS */
	size_t max_cols;    /* a non-empty cell's column index must be below this; CSV_MAX_COLS */
	size_t max_cell;    /* bytes of one cell's value; CSV_MAX_FIELD */
};

/* Fills *lim with the defaults above. */
void sheet_limits_default(struct sheet_limits *lim);

enum sheet_format { SHEET_XLSX, SHEET_ODS };

struct sheet_info {
	const char *name; /* as the workbook names it (valid UTF-8), borrowed from the book */
	bool hidden;      /* hidden or very hidden (.xlsx state, ODS table:display="false") */
};

struct sheet_cell {
	int col;          /* 0-based column: A = 0 */
	const char *text; /* non-empty, NUL-terminated; borrowed until the next sheet_rows_next */
	size_t len;       /* strlen(text) */
};

struct sheet_row {
	int row;          /* 1-based row number as the spreadsheet shows it */
	bool hidden;      /* the row is hidden (still a record) */
	size_t ncells;    /* at least 1 */
	const struct sheet_cell *cells; /* ncells, in increasing col order */
};

struct sheet_book;
struct sheet_rows;

/* Opens the workbook held in the n bytes at data (borrowed: they must outlive the book).
 * display names the file in messages (e.g. "graduates.xlsx"; copied). lim may be NULL for
 * the defaults (copied). Reads the list of sheets (and for an .xlsx its styles and shared
 * strings). Returns 0 and *out (free with sheet_book_free), or 1 with *out NULL and at
 * least one error in dl. */
int sheet_book_open_mem(const void *data, size_t n, const char *display,
			const struct sheet_limits *lim, struct sheet_book **out,
			struct diag_list *dl);

/* As sheet_book_open_mem over the file at path, read whole into memory the book owns
 * (at most lim->max_file bytes); a file that cannot be read is an error in dl. */
int sheet_book_open_file(const char *path, const char *display,
			 const struct sheet_limits *lim, struct sheet_book **out,
			 struct diag_list *dl);

/* Returns the book's format. */
enum sheet_format sheet_book_format(const struct sheet_book *b);
/* Returns the number of sheets (at least 1 for an open book). */
size_t sheet_book_count(const struct sheet_book *b);
/* Returns sheet i (i < sheet_book_count), borrowed from the book. */
const struct sheet_info *sheet_book_sheet(const struct sheet_book *b, size_t i);
/* Returns the index of the sheet named name (exact match), or -1. */
long sheet_book_find(const struct sheet_book *b, const char *name);
/* Frees the book (NULL is fine). Every sheet_rows of it must be closed before. */
void sheet_book_free(struct sheet_book *b);

/* Starts reading sheet i of b (borrowed: b must outlive the reader; one reader at a time
 * per book). Returns 0 and *out (close with sheet_rows_close), or 1 with errors in dl. */
int sheet_rows_open(struct sheet_book *b, size_t i, struct sheet_rows **out,
		    struct diag_list *dl);

/* Reads the next non-empty row. Returns 1 and *row (borrowed: valid until the next call or
 * the close), 0 at the end of the sheet, or -1 with an error in dl (the reader then only
 * returns -1; the rows handed out before stay valid input, but the sheet is incomplete). */
int sheet_rows_next(struct sheet_rows *r, const struct sheet_row **row, struct diag_list *dl);

/* Frees the reader (NULL is fine). */
void sheet_rows_close(struct sheet_rows *r);

/* Writes the A1 name of the cell at 0-based column col and 1-based row ("A1", "E14",
 * "AA3", "XFD1048576") into out (at least 16 bytes) and returns out. A column outside
 * 0..SHEET_MAX_COL-1 or a row below 1 writes "?". */
char *sheet_cell_name(int col, int row, char *out, size_t n);

/* Writes the column letters of 0-based col ("A", "AA") into out (at least 4 bytes);
 * "?" outside 0..SHEET_MAX_COL-1. Returns out. */
char *sheet_col_name(int col, char *out, size_t n);

#endif
