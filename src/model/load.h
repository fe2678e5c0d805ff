/* load: gives meaning to input tables — maps their headers to the contract's columns and
 * converts every cell (dates, yes/no, statuses, roles), reporting each problem with file,
 * line and field. Invariant: a cell that cannot be converted is an error, never a silent
 * default; an unknown column is a warning (its data is not used). */
#ifndef PT_LOAD_H
#define PT_LOAD_H

#include "model/model.h"
#include "util/table.h"

enum model_table {
	TABLE_GRADUATES,
	TABLE_STAFF,
	TABLE_RECORDS,
	TABLE_EVENTS,
	TABLE_MENTORING,
	TABLE_COUNT,
};

/* The table's base name in the input folder ("graduates", …). */
const char *load_table_name(enum model_table t);
/* True when the input folder must hold this table. */
bool load_table_required(enum model_table t);

/* Header aliases an institution adds (templates/aliases.txt). */
struct aliases {
	struct alias {
		enum model_table table;
		char *column; /* contract name, e.g. "surname" */
		char *header; /* normalised alias */
	} *v;
	size_t n, cap;
};

/* Reads an alias file: lines "table.column = Header text", '#' comments. A missing file is
 * no error (returns 0 with no aliases); a bad line is an error in dl. Free with aliases_free. */
int aliases_load(struct aliases *a, const char *path, struct diag_list *dl);
void aliases_free(struct aliases *a);

/* Adds the rows of table t (kind which) to m, converting and checking every cell (a
 * two-digit birth year is read against m->today); an entity's src.line is its row's
 * spreadsheet row when the reader knew it, else its line; an empty header over a column
 * holding data is an error.
 * Borrows t and a. Returns the number of errors added to dl. */
size_t load_table(struct model *m, enum model_table which, const struct table *t,
		  const struct aliases *a, struct diag_list *dl);

/* What load_is_header needs: the table a file gives, the aliases (may be NULL). */
struct load_header_test {
	enum model_table table;
	const struct aliases *aliases;
};

/* The header test of input_want (src/input): true when at least two of the n cells name
 * columns of the table arg (a struct load_header_test, borrowed) describes. */
bool load_is_header(const char *const *cells, size_t n, const void *arg);

/* Registers a file name in m (copied); returns the stable pointer src.file uses. */
const char *load_file_name(struct model *m, const char *name);

#endif
