/* table: storage for one input table; the table owns every string in it. */
#include "table.h"

#include <stdlib.h>

#include "xalloc.h"

struct table *table_new(const char *file)
{
	struct table *t = xcalloc(1, sizeof *t);
	t->file = xstrdup(file);
	return t;
}

void table_add_header(struct table *t, const char *name)
{
	t->header = xreallocarray(t->header, t->ncols + 1, sizeof *t->header);
	t->header[t->ncols++] = xstrdup(name);
}

void table_add_row(struct table *t, int line, char **cells)
{
	xgrow((void **)&t->rows, &t->cap, t->nrows + 1, sizeof *t->rows);
	t->rows[t->nrows].line = line;
	t->rows[t->nrows].row = 0;
	t->rows[t->nrows].cell = cells;
	t->nrows++;
}

void table_free(struct table *t)
{
	if (!t)
		return;
	for (size_t r = 0; r < t->nrows; r++) {
		if (!t->rows[r].cell)
			continue;
		for (size_t c = 0; c < t->ncols; c++)
			free(t->rows[r].cell[c]);
		free(t->rows[r].cell);
	}
	for (size_t c = 0; c < t->ncols; c++)
		free(t->header[c]);
	free(t->header);
	free(t->rows);
	free(t->file);
	free(t->sheet);
	free(t);
}
