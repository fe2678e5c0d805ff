/* input: the readers of input tables behind one small interface (as curl's backends), and
 * the files an input folder holds. It sees the parsers (src/csv, src/xml, later src/sheet)
 * and util; the model (model_read_dir) sees it. It gives no meaning to a table: which file
 * is which table, and what its columns say, is the model's business.
 * Invariant: a reader is a table of functions — open, next row with its source position,
 * close — and nothing else is format-specific; every problem becomes a record in the
 * caller's diag_list, named by the file's shown name, never a print.
 *
 * Adding a format is one new file here (src/input/read_FORMAT.c defining
 * `const struct input_reader input_FORMAT`) and one entry in READERS (readers.c). */
#ifndef PT_INPUT_H
#define PT_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/diag.h"
#include "util/table.h"

/* ---- the reader interface ------------------------------------------------------------ */

/* Where a row is, as the user would look for it. A cell's position is its row's plus its
 * column: cell i of a row is in column i + 1 (A = 1; diag_cell_name writes "E14"). */
struct input_pos {
	const char *sheet; /* workbook: the sheet's name, borrowed from the reader until close;
			    * NULL for a text file */
	int line;          /* text file: the physical line the row starts on; 0 in a workbook */
	int row;           /* the row number a spreadsheet shows (its first row is 1; CSV: one
			    * per record, blank lines counted), 0 when the reader does not
			    * know it (XML) */
};

/* One row as next() hands it out. */
struct input_row {
	struct input_pos pos;
	char **cell;   /* ncells malloc'd UTF-8 strings, none NULL ("" for an empty cell), in
			* an array of their own: the caller owns both and frees them */
	size_t ncells; /* from column A up to at least the last non-empty cell */
};

/* What the caller wants from a file. */
struct input_want {
	const char *table;      /* the contract's name of the table ("graduates"), for readers
				 * that check a file against it (XML validates with NAME.xsd) */
	const char *sheet;      /* which table of a file that holds several: a name list() gave;
				 * NULL = the file's only (or first) table */
	const char *schema_dir; /* folder of the schemas NAME.xsd, or NULL */
	/* Whether the n cells of a row (borrowed for the call) are the table's header, or NULL
	 * (then the first row is). The header is the first of the first INPUT_HEADER_SCAN
	 * non-empty rows it takes; the rows above it (a title, blank rows) are not read. When
	 * it takes none, the first row is the header. */
	bool (*is_header)(const char *const *cells, size_t n, const void *arg);
	const void *header_arg;
};

#define INPUT_HEADER_SCAN 10

/* The names of the tables one file holds (a workbook's sheets, in the file's order). */
struct input_names {
	char **v; /* n malloc'd strings */
	size_t n;
};

struct input_reader {
	const char *name;        /* the format as users know it: "CSV", "XML", "Excel" */
	const char *const *exts; /* the extensions it reads, lower case without the dot,
				  * NULL-terminated */
	/* Lists the tables the file at path holds into *out (free with input_names_free).
	 * Returns 0, or non-zero with errors in dl. NULL for a format whose files are one table
	 * each (CSV, XML): then there is nothing to choose. */
	int (*list)(const char *path, const char *shown, struct input_names *out,
		    struct diag_list *dl);
	/* Opens the table want names in the file at path (borrowed; messages call it shown).
	 * Returns the reader's state for next and close, or NULL with at least one error in
	 * dl. May read the whole table at once (CSV, XML) or stream it (a workbook). */
	void *(*open)(const char *path, const char *shown, const struct input_want *want,
		      struct diag_list *dl);
	/* Gives the next row into *row: the first is the header (a format without a header
	 * row, XML, makes one from its schema), then the data rows in order; rows entirely
	 * empty may be skipped. Returns 1 with *row filled, 0 after the last row, -1 when the
	 * table cannot be used (at least one error in dl; the caller stops and closes). */
	int (*next)(void *state, struct input_row *row, struct diag_list *dl);
	/* Releases the state (and every row not handed out yet). */
	void (*close)(void *state);
};

/* Frees the names and zeroes *n. */
void input_names_free(struct input_names *n);

/* ---- the readers patronat has (readers.c) ----------------------------------------------- */

/* The readers, NULL-terminated, in a fixed order (the order in which the files of a table
 * given twice are named). Static. */
const struct input_reader *const *input_readers(void);
/* The reader for the extension of the file name (after its last '.', compared without
 * case), or NULL when none reads it. */
const struct input_reader *input_reader_for(const char *name);
/* Every extension readers read, for messages: ".csv or .xml". A new string; free(). */
char *input_exts_text(void);

/* ---- reading one table (table.c) -------------------------------------------------------- */

/* Reads the table want names from path with rd into a new struct table named shown: the
 * first row is its header, the others its rows (shorter rows padded with "", empty cells
 * past the header's width dropped; a value there is an error). Returns 0 and *out (free
 * with table_free), or 1 with *out NULL and at least one error in dl. */
int input_read_table(const struct input_reader *rd, const char *path, const char *shown,
		     const struct input_want *want, struct table **out, struct diag_list *dl);

/* For backends whose parser reads a whole struct table at once (CSV, XML): a state that
 * hands its header and rows out as next() does. input_held_new takes t (NULL allowed:
 * returns NULL); input_held_next and input_held_free have the signatures of next and
 * close. */
void *input_held_new(struct table *t);
int input_held_next(void *held, struct input_row *row, struct diag_list *dl);
void input_held_free(void *held);

/* ---- the input folder (dir.c) ------------------------------------------------------------ */

#define INPUT_MAX_FILES 4096 /* entries an input folder may hold */

enum input_kind {
	INPUT_REGULAR, /* a regular file (or a link to one) */
	INPUT_FOLDER,  /* a folder (or a link to one) */
	INPUT_SPECIAL  /* a FIFO, a device, a socket, or a link to one or to nothing: never
			* opened (opening a FIFO would block) */
};

struct input_file {
	enum input_kind kind;
	char *name; /* base name, e.g. "graduates.csv" */
	char *path; /* the folder's path joined with name */
	const struct input_reader *reader; /* by the extension; NULL when no reader reads it */
};

struct input_dir {
	struct input_file *v; /* sorted by name (bytes) */
	size_t n;
};

/* Lists the entries of the folder dir (what each is told by kind, symbolic links followed;
 * hidden entries, whose names start with '.', left out) into *out, sorted by name. Returns
 * 0, or 1 with one error in dl saying why: dir does not exist, is no folder, cannot be
 * read, or holds more than INPUT_MAX_FILES entries. Free with input_dir_free, also after a
 * failure. */
int input_dir_list(const char *dir, struct input_dir *out, struct diag_list *dl);
void input_dir_free(struct input_dir *d);

#endif
