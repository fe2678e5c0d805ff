/* diag: collects the problems of a run and prints them sorted by file, sheet and line.
 * Invariant: a record without sheet and cell prints exactly as "file:line: field: message". */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static char *dup_opt(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

/* Counts the problem; returns the record to fill, or NULL when the list is full. */
static struct diag *add(struct diag_list *dl, enum diag_level level, const struct diag_at *at)
{
	if (level == DIAG_ERROR)
		dl->nerrors++;
	else
		dl->nwarnings++;
	size_t max = dl->max ? dl->max : 10000;
	if (dl->n >= max) {
		dl->dropped++;
		return NULL;
	}
	xgrow((void **)&dl->v, &dl->cap, dl->n + 1, sizeof *dl->v);
	struct diag *d = &dl->v[dl->n];
	memset(d, 0, sizeof *d);
	d->level = level;
	d->file = xstrdup(at->file);
	d->line = at->line;
	d->field = dup_opt(at->field);
	d->sheet = dup_opt(at->sheet);
	d->cell = dup_opt(at->cell);
	d->graduate = dup_opt(at->graduate);
	d->seq = dl->n;
	dl->n++;
	return d;
}

static char *format(const char *fmt, va_list ap)
{
	va_list again;
	va_copy(again, ap);
	char probe[1];
	int n = vsnprintf(probe, sizeof probe, fmt, ap);
	char *msg = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	msg[0] = '\0';
	if (n > 0)
		vsnprintf(msg, (size_t)n + 1, fmt, again);
	va_end(again);
	return msg;
}

void diag_add(struct diag_list *dl, enum diag_level level, const char *file, int line,
	      const char *field, const char *fmt, ...)
{
	struct diag_at at = {.file = file, .field = field, .line = line};
	struct diag *d = add(dl, level, &at);
	if (!d)
		return;
	va_list ap;
	va_start(ap, fmt);
	d->msg = format(fmt, ap);
	va_end(ap);
}

void diag_add_at(struct diag_list *dl, enum diag_level level, const struct diag_at *at,
		 const char *fmt, ...)
{
	struct diag *d = add(dl, level, at);
	if (!d)
		return;
	va_list ap;
	va_start(ap, fmt);
	d->msg = format(fmt, ap);
	va_end(ap);
}

void diag_cell_name(unsigned col, long row, char *out)
{
	char letters[4];
	size_t k = 0;
	out[0] = '\0';
	if (col < 1 || col > 16384 || row < 1)
		return;
	for (unsigned c = col; c > 0; c = (c - 1) / 26)
		letters[k++] = (char)('A' + (c - 1) % 26);
	size_t i = 0;
	while (k > 0)
		out[i++] = letters[--k];
	snprintf(out + i, DIAG_CELL_MAX - i, "%ld", row);
}

static int cmp(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;
	int c = strcmp(x->file ? x->file : "", y->file ? y->file : "");
	if (c)
		return c;
	if (!x->sheet != !y->sheet)
		return x->sheet ? 1 : -1;
	if (x->sheet && (c = strcmp(x->sheet, y->sheet)) != 0)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void diag_sort(struct diag_list *dl)
{
	if (dl->n > 1)
		qsort(dl->v, dl->n, sizeof *dl->v, cmp);
}

/* "file: лист «SHEET», ячейка E14 (field): " */
static void print_place(const struct diag *d, FILE *f)
{
	if (d->file)
		fprintf(f, "%s: ", d->file);
	if (d->sheet)
		fprintf(f, "лист «%s»%s", d->sheet, d->cell ? ", " : "");
	if (d->cell)
		fprintf(f, "ячейка %s", d->cell);
	if (d->field)
		fprintf(f, " (%s)", d->field);
	fputs(": ", f);
}

size_t diag_print(const struct diag_list *dl, FILE *f, bool strict)
{
	for (size_t i = 0; i < dl->n; i++) {
		const struct diag *d = &dl->v[i];
		if (d->sheet || d->cell)
			print_place(d, f);
		else {
			if (d->file && d->line > 0)
				fprintf(f, "%s:%d: ", d->file, d->line);
			else if (d->file)
				fprintf(f, "%s: ", d->file);
			if (d->field)
				fprintf(f, "%s: ", d->field);
		}
		if (d->level == DIAG_WARNING)
			fputs(strict ? "error (strict): " : "warning: ", f);
		fprintf(f, "%s\n", d->msg);
	}
	if (dl->dropped)
		fprintf(f, "patronat: %zu more problems not shown\n", dl->dropped);
	return dl->n;
}

bool diag_failed(const struct diag_list *dl, bool strict)
{
	return dl->nerrors > 0 || (strict && dl->nwarnings > 0);
}

void diag_list_free(struct diag_list *dl)
{
	for (size_t i = 0; i < dl->n; i++) {
		free(dl->v[i].file);
		free(dl->v[i].field);
		free(dl->v[i].msg);
		free(dl->v[i].sheet);
		free(dl->v[i].cell);
		free(dl->v[i].graduate);
	}
	free(dl->v);
	memset(dl, 0, sizeof *dl);
}
