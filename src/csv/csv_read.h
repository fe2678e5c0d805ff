/* csv_read: reads one CSV file as Excel writes it (and as users break it) into a struct table.
 * Invariants: a table is handed out only when no error was found, and then it is complete;
 * every cell is valid UTF-8 without NUL, trimmed of spaces, tabs and NBSP at both ends,
 * with line breaks as "\n"; every line number is a physical line of the file as stored
 * (line breaks inside quoted cells counted), whatever its encoding, and every row also has
 * the row number a spreadsheet shows for it (one row per record whatever line breaks its
 * cells hold, blank lines counted, a "sep=" line not). Problems become
 * records in the caller's diag_list under display_name, never prints; messages quote no
 * cell contents. */
#ifndef PT_CSV_READ_H
#define PT_CSV_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "util/diag.h"
#include "util/table.h"

#define CSV_MAX_BYTES (256u * 1024 * 1024) /* larger files are refused (100 000 graduates: 130 MB) */
#define CSV_MAX_FIELD 100000              /* bytes in one cell, before trimming */
#define CSV_MAX_COLS 512                  /* columns of the header, fields of a row */
#define CSV_MAX_ROWS 1000000              /* data rows, empty rows not counted */
#define CSV_HEADER_SCAN 10                /* non-empty records in which the header is sought */

enum csv_encoding {
	CSV_ENC_UNKNOWN,   /* not decided (the file was refused before) */
	CSV_ENC_UTF8,      /* UTF-8 without a byte order mark (also plain ASCII) */
	CSV_ENC_UTF8_BOM,  /* UTF-8 with a byte order mark (Excel's "CSV UTF-8") */
	CSV_ENC_CP1251     /* Windows-1251 (Excel's plain "CSV" on a Russian Windows) */
};

/* What the reader found out about a file; filled as far as it got, even on failure. */
struct csv_info {
	enum csv_encoding enc;
	char delim; /* ';', ',' or '\t'; 0 when not decided */
	bool sep_line; /* the text opened with "sep=X" */
};

/* How to find the header. is_header (may be NULL) says whether the n cells of a record
 * (borrowed for the call; "" for an empty cell) are the table's header; arg is passed on. */
struct csv_opts {
	bool (*is_header)(const char *const *cells, size_t n, const void *arg);
	const void *arg;
};

/* Returns a static English name for enc ("UTF-8", "UTF-8 with BOM", "Windows-1251", ...). */
const char *csv_encoding_name(enum csv_encoding enc);

/* Reads the n bytes at data (borrowed; need not be NUL-terminated) as one table.
 * The encoding is UTF-8 (a BOM is dropped) or Windows-1251 (converted); the delimiter is
 * ';', ',' or TAB, whichever splits the header (the first non-empty record) into the most
 * fields, ';' winning ties. The header must have at least 2 columns; trailing empty header
 * cells are dropped. Completely empty rows are skipped; shorter rows are padded with "";
 * extra trailing empty cells are ignored. A quote inside an unquoted cell is kept as text
 * (ООО "Ромашка"); text after a closing quote ("a"b) is an error. Quoting does not keep
 * blanks at a cell's ends. Duplicate header names are kept (the caller checks them).
 * Returns 0 and sets *out to a new table (header, possibly 0 rows; the caller frees it with
 * table_free) when the file could be read, warnings possibly added to dl. Returns 1, sets
 * *out to NULL and adds at least one error to dl when it could not. info may be NULL. */
int csv_read_mem_info(const char *data, size_t n, const char *display_name, struct table **out,
		      struct csv_info *info, struct diag_list *dl);

/* As csv_read_mem_info, and: a first line "sep=X" (Excel's) sets the delimiter and is no
 * row; with opts->is_header, the header is the first of the first CSV_HEADER_SCAN
 * non-empty records it takes (the delimiter chosen as the one under which it takes one
 * soonest), the records above it (a title) are not read and the table's header_row says
 * where it was; when it takes none, the first record is the header as above. opts may be
 * NULL. */
int csv_read_mem_opts(const char *data, size_t n, const char *display_name,
		      const struct csv_opts *opts, struct table **out, struct csv_info *info,
		      struct diag_list *dl);

/* As csv_read_mem_info with info NULL. */
int csv_read_mem(const char *data, size_t n, const char *display_name, struct table **out,
		 struct diag_list *dl);

/* Reads the file at path (at most CSV_MAX_BYTES) and then works as csv_read_mem_info;
 * a file that cannot be opened or read is an error in dl too. info may be NULL. */
int csv_read_file_info(const char *path, const char *display_name, struct table **out,
		       struct csv_info *info, struct diag_list *dl);

/* As csv_read_file_info with the header found as csv_read_mem_opts finds it. */
int csv_read_file_opts(const char *path, const char *display_name, const struct csv_opts *opts,
		       struct table **out, struct csv_info *info, struct diag_list *dl);

/* As csv_read_file_info with info NULL. */
int csv_read_file(const char *path, const char *display_name, struct table **out,
		  struct diag_list *dl);

#endif
