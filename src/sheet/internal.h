/* sheet internal: what sheet.c, zip.c, value.c, xlsx.c and ods.c share; no other module
 * includes it. Invariant: every archive entry is read through sheet_xml (counted against
 * the caps as it inflates); every cell value passes through sheet_rows_add before anyone
 * sees it. */
#ifndef PT_SHEET_INTERNAL_H
#define PT_SHEET_INTERNAL_H

#include <libxml/xmlreader.h>
#include <stdbool.h>
#include <stddef.h>
#include <zip.h>

#include "sheet/sheet.h"
#include "util/buf.h"
#include "util/diag.h"

#define SHEET_XML_MAX_DEPTH 64

/* ---- zip.c: the archive, with its caps ---- */
struct sheet_zip {
	zip_t *za;
	const char *display;             /* borrowed from the book */
	const struct sheet_limits *lim;  /* borrowed from the book */
	size_t total;                    /* uncompressed bytes read so far, all entries */
};

/* Opens the archive in data[0..n) (borrowed). Returns 0, or 1 with an error in dl. */
int sheet_zip_open(struct sheet_zip *z, const void *data, size_t n, struct diag_list *dl);
void sheet_zip_close(struct sheet_zip *z);
/* True when the archive holds an entry named name (ASCII case ignored). */
bool sheet_zip_has(struct sheet_zip *z, const char *name);
/* Reads a small entry whole (at most max bytes) into b. Returns 0, 1 with an error in dl. */
int sheet_zip_read_small(struct sheet_zip *z, const char *name, size_t max, struct buf *b,
			 struct diag_list *dl);

/* An entry read as XML, node by node. */
struct sheet_xml {
	xmlTextReaderPtr r;
	zip_file_t *zf;
	struct sheet_zip *z;
	char *entry;        /* the entry's name, for messages */
	size_t got;         /* uncompressed bytes read from it */
	size_t limit;       /* bytes it may give: min(max_entry, ratio cap, total left) */
	int fault;          /* why the input callback stopped: an enum in zip.c, 0 = none */
	bool reported;      /* the fault is in the caller's diag_list */
	char zerr[160];     /* libzip's message for a read fault */
	char xerr[200];     /* the first libxml2 error */
	int xline;          /* its line */
	bool prolog;        /* still before the root element's start tag */
	char p1, p2;        /* the last two bytes seen in the prolog */
};

/* Opens entry name of z for reading as XML. Returns 0, or 1 with an error in dl. */
int sheet_xml_open(struct sheet_zip *z, const char *name, struct sheet_xml *x,
		   struct diag_list *dl);
/* Moves to the next node. Returns 1, 0 at the end of the document, -1 with an error in dl
 * (a cap, a read fault, malformed XML, a DOCTYPE, an entity reference, nesting too deep). */
int sheet_xml_next(struct sheet_xml *x, struct diag_list *dl);
/* Skips the subtree of the current element (the reader then stands on the node after it).
 * Returns as sheet_xml_next. */
int sheet_xml_skip(struct sheet_xml *x, struct diag_list *dl);
void sheet_xml_close(struct sheet_xml *x);

/* True when the current node is a start tag with local name local (and namespace ns when
 * ns is not NULL). */
bool sheet_xml_start(struct sheet_xml *x, const char *local, const char *ns);
/* True when the current node ends an element named local: its end tag, or an empty start
 * tag (<x/>) itself. */
bool sheet_xml_end(struct sheet_xml *x, const char *local);
/* The current start tag's attribute (local name, namespace ns or none), as a new string
 * (free with xmlFree), or NULL. */
char *sheet_xml_attr(struct sheet_xml *x, const char *local, const char *ns);
/* Appends the text of the current text node to b (nothing when it is not one). */
void sheet_xml_text(struct sheet_xml *x, struct buf *b);

/* ---- the book and the rows reader (sheet.c) ---- */
struct sheet_entry {
	struct sheet_info info;
	char *name;   /* owns info.name */
	char *part;   /* .xlsx: the worksheet's entry name; ODS: NULL */
};

struct sheet_book {
	enum sheet_format format;
	char *display;
	struct sheet_limits lim;
	char *owned;                  /* the file's bytes when read by sheet_book_open_file */
	struct sheet_zip z;
	struct sheet_entry *sheets;
	size_t nsheets, cap;
	/* .xlsx */
	bool date1904;
	unsigned char *xf_kind;       /* per cellXfs index: enum sheet_numkind */
	size_t nxf;
	char *strings;                /* the shared strings, each NUL-terminated */
	size_t *str_off;
	size_t nstr;
	bool reading;
};

enum sheet_numkind { NUM_PLAIN, NUM_DATE, NUM_PERCENT };

struct sheet_rows {
	struct sheet_book *b;
	size_t index;
	struct sheet_xml x;
	bool failed, ended;
	struct buf text;              /* the current row's values, each NUL-terminated */
	size_t *off;                  /* per cell: offset into text */
	struct sheet_cell *cells;
	size_t ncells, cap;
	struct sheet_row row;
	long last_row;                /* the last row number handed out (0 before) */
	size_t nrows;                 /* rows handed out */
	/* ODS: a non-empty row still to be repeated this many times */
	long repeat;
	long next_row;                /* ODS: the number of the next table:table-row */
	int depth;                    /* ODS: the depth of the sheet's table:table */
	bool in_table;                /* ODS: inside the sheet's table:table */
};

/* Starts a new row: forgets the cells of the previous one. */
void sheet_rows_begin(struct sheet_rows *r);
/* Adds a cell to the row being built, at 0-based col and 1-based row (for messages);
 * empty values are dropped. Checks the caps (column, size), UTF-8 and NUL, turns "\r\n"
 * and "\r" into "\n", and the column order. Returns 0 or -1 with an error in dl. */
int sheet_rows_add(struct sheet_rows *r, long col, long row, const char *s, size_t n,
		   struct diag_list *dl);
/* Finishes the row numbered row: checks the row caps and order. Returns 1 when it has a
 * cell (r->row is then set), 0 when empty, -1 with an error in dl. */
int sheet_rows_finish(struct sheet_rows *r, long row, bool hidden, struct diag_list *dl);
/* Adds an error about sheet r at cell (col, row) (col < 0: the row only; row <= 0: the
 * sheet only). */
void sheet_rows_error(struct sheet_rows *r, long col, long row, struct diag_list *dl,
		      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* ---- value.c: numbers, dates ---- */
/* Parses a number as written in XML ("3.5", "1E-3"), whatever the C locale. Returns 0 and
 * *v, or -1 when s is not one. */
int sheet_parse_number(const char *s, double *v);
/* Writes v as the manual says (shortest, at most 15 digits) into out (at least 40 bytes). */
void sheet_format_number(double v, char *out, size_t n);
/* Writes serial as DD.MM.YYYY in the date system given (into out, at least 16 bytes).
 * Returns 0, or -1 (nothing written) when the serial is outside the system's range. */
int sheet_format_serial(double serial, bool date1904, char *out, size_t n);
/* Writes an ISO 8601 date ("2004-03-14", "2004-03-14T10:00:00") as DD.MM.YYYY. Returns 0,
 * or -1 when s does not start with a real date. */
int sheet_format_iso_date(const char *s, char *out, size_t n);
/* Tells what an .xlsx number format shows: a date, a percentage, or a plain number. */
enum sheet_numkind sheet_numfmt_kind(int id, const char *code);

/* ---- xlsx.c, ods.c ---- */
int sheet_xlsx_load(struct sheet_book *b, struct diag_list *dl);
int sheet_xlsx_next(struct sheet_rows *r, struct diag_list *dl);
int sheet_ods_load(struct sheet_book *b, struct diag_list *dl);
int sheet_ods_next(struct sheet_rows *r, struct diag_list *dl);
/* Opens the sheet's entry and moves the reader to where its rows start. 0 or 1 + dl. */
int sheet_xlsx_start(struct sheet_rows *r, struct diag_list *dl);
int sheet_ods_start(struct sheet_rows *r, struct diag_list *dl);

/* Appends a sheet to the book (name copied; part copied, may be NULL). */
void sheet_book_add(struct sheet_book *b, const char *name, bool hidden, const char *part);

#endif
