/* table: any reader's rows into one struct table; the held state of whole-table backends.
 * Invariant: a table is handed out only when its reader gave every row without an error,
 * and then every row has exactly the header's width. */
#include "input/input.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static void free_row(struct input_row *row)
{
	for (size_t i = 0; i < row->ncells; i++)
		free(row->cell[i]);
	free(row->cell);
	row->cell = NULL;
	row->ncells = 0;
}

/* Makes row exactly ncols wide. Returns 0, or 1 when a cell past the width holds a value. */
static int fit(struct input_row *row, size_t ncols)
{
	for (size_t i = ncols; i < row->ncells; i++)
		if (*row->cell[i])
			return 1;
	for (size_t i = ncols; i < row->ncells; i++)
		free(row->cell[i]);
	row->cell = xreallocarray(row->cell, ncols ? ncols : 1, sizeof *row->cell);
	for (size_t i = row->ncells; i < ncols; i++)
		row->cell[i] = xstrdup("");
	row->ncells = ncols;
	return 0;
}

/* Adds row (taken) to t; returns 0, or 1 with an error in dl when it is wider than t. */
static int add_row(struct table *t, struct input_row *row, struct diag_list *dl)
{
	size_t width = row->ncells;
	if (fit(row, t->ncols) != 0 && row->pos.sheet && row->pos.row > 0) {
		/* a workbook: at the first value past the header, as the user finds it */
		size_t k = t->ncols;
		while (k < row->ncells && !*row->cell[k])
			k++;
		char cell[DIAG_CELL_MAX];
		diag_cell_name((unsigned)k + 1, row->pos.row, cell);
		struct diag_at at = {.file = t->file, .sheet = row->pos.sheet, .cell = cell, .line = row->pos.row};
		diag_add_at(dl, DIAG_ERROR, &at, "a value past the header's last column (the header has %zu "
			    "columns)", t->ncols);
		free_row(row);
		return 1;
	} else if (row->ncells != t->ncols) {
		diag_error(dl, t->file, row->pos.row ? row->pos.row : row->pos.line, NULL,
			   "row has %zu fields, the header has %zu", width, t->ncols);
		free_row(row);
		return 1;
	}
	table_add_row(t, row->pos.line, row->cell);
	t->rows[t->nrows - 1].row = row->pos.row;
	memset(row, 0, sizeof *row);
	return 0;
}

/* Adds the rows after the header; returns 0, or 1 with an error in dl. */
static int take_rows(const struct input_reader *rd, void *st, struct table *t,
		     struct diag_list *dl)
{
	struct input_row row;
	int rc;
	memset(&row, 0, sizeof row);
	while ((rc = rd->next(st, &row, dl)) == 1)
		if (add_row(t, &row, dl) != 0)
			return 1;
	return rc < 0;
}

static bool row_empty(const struct input_row *row)
{
	for (size_t i = 0; i < row->ncells; i++)
		if (*row->cell[i])
			return false;
	return true;
}

static bool takes(const struct input_want *want, const struct input_row *row)
{
	return want->is_header((const char *const *)row->cell, row->ncells, want->header_arg);
}

/* Reads the header into *head as want says, the rows read past it while looking (when no
 * row is a header: the header is the first, they are data) into held[0..*nheld). Returns
 * as next() does. */
static int find_header(const struct input_reader *rd, void *st, const struct input_want *want,
		       struct input_row *head, struct input_row *held, size_t *nheld,
		       struct diag_list *dl)
{
	*nheld = 0;
	int rc;
	while ((rc = rd->next(st, head, dl)) == 1 && row_empty(head))
		free_row(head);
	if (rc != 1 || !want->is_header || takes(want, head))
		return rc;
	held[(*nheld)++] = *head;
	memset(head, 0, sizeof *head);
	while (*nheld < INPUT_HEADER_SCAN && (rc = rd->next(st, head, dl)) == 1) {
		if (row_empty(head)) {
			free_row(head);
			continue;
		}
		if (takes(want, head)) {
			for (size_t i = 0; i < *nheld; i++)
				free_row(&held[i]);
			*nheld = 0;
			return 1;
		}
		held[(*nheld)++] = *head;
		memset(head, 0, sizeof *head);
	}
	if (rc < 0) {
		for (size_t i = 0; i < *nheld; i++)
			free_row(&held[i]);
		*nheld = 0;
		return rc;
	}
	*head = held[0];
	memmove(held, held + 1, (*nheld - 1) * sizeof *held);
	(*nheld)--;
	return 1;
}

int input_read_table(const struct input_reader *rd, const char *path, const char *shown,
		     const struct input_want *want, struct table **out, struct diag_list *dl)
{
	*out = NULL;
	void *st = rd->open(path, shown, want, dl);
	if (!st)
		return 1;
	struct input_row head, held[INPUT_HEADER_SCAN];
	size_t nheld = 0;
	memset(&head, 0, sizeof head);
	int rc = find_header(rd, st, want, &head, held, &nheld, dl);
	if (rc == 0)
		diag_error(dl, shown, 0, NULL, "file is empty");
	if (rc != 1) {
		rd->close(st);
		return 1;
	}
	struct table *t = table_new(shown);
	t->header_line = head.pos.line;
	t->header_row = head.pos.row;
	t->sheet = head.pos.sheet ? xstrdup(head.pos.sheet) : NULL;
	for (size_t i = 0; i < head.ncells; i++)
		table_add_header(t, head.cell[i]);
	free_row(&head);
	rc = 0;
	for (size_t i = 0; i < nheld; i++)
		if (rc == 0)
			rc = add_row(t, &held[i], dl);
		else
			free_row(&held[i]);
	if (rc == 0)
		rc = take_rows(rd, st, t, dl);
	rd->close(st);
	if (rc != 0) {
		table_free(t);
		return 1;
	}
	*out = t;
	return 0;
}

/* ---- a whole table held by a backend -------------------------------------------------- */

struct held {
	struct table *t;
	size_t next;      /* the next row to hand out */
	bool header_done; /* the header was handed out */
};

void *input_held_new(struct table *t)
{
	if (!t)
		return NULL;
	struct held *h = xcalloc(1, sizeof *h);
	h->t = t;
	return h;
}

int input_held_next(void *held, struct input_row *row, struct diag_list *dl)
{
	struct held *h = held;
	struct table *t = h->t;
	(void)dl;
	memset(row, 0, sizeof *row);
	row->pos.sheet = t->sheet;
	if (!h->header_done) {
		h->header_done = true;
		row->pos.line = t->header_line;
		row->pos.row = t->header_row;
		row->cell = xcalloc(t->ncols ? t->ncols : 1, sizeof *row->cell);
		for (size_t i = 0; i < t->ncols; i++)
			row->cell[i] = xstrdup(t->header[i]);
		row->ncells = t->ncols;
		return 1;
	}
	if (h->next >= t->nrows)
		return 0;
	struct table_row *r = &t->rows[h->next++];
	row->pos.line = r->line;
	row->pos.row = r->row;
	row->cell = r->cell;
	row->ncells = t->ncols;
	r->cell = NULL; /* the caller's now */
	return 1;
}

void input_held_free(void *held)
{
	struct held *h = held;
	if (!h)
		return;
	table_free(h->t);
	free(h);
}
