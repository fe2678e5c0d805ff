/* diag: collects the problems of a run and prints them sorted by file and line. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void diag_add(struct diag_list *dl, enum diag_level level, const char *file, int line,
	      const char *field, const char *fmt, ...)
{
	if (level == DIAG_ERROR)
		dl->nerrors++;
	else
		dl->nwarnings++;
	size_t max = dl->max ? dl->max : 10000;
	if (dl->n >= max) {
		dl->dropped++;
		return;
	}
	xgrow((void **)&dl->v, &dl->cap, dl->n + 1, sizeof *dl->v);
	struct diag *d = &dl->v[dl->n];
	d->level = level;
	d->file = xstrdup(file);
	d->line = line;
	d->field = field && *field ? xstrdup(field) : NULL;
	va_list ap;
	char probe[1];
	va_start(ap, fmt);
	int n = vsnprintf(probe, sizeof probe, fmt, ap);
	va_end(ap);
	d->msg = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	d->msg[0] = '\0';
	if (n > 0) {
		va_start(ap, fmt);
		vsnprintf(d->msg, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	d->seq = dl->n;
	dl->n++;
}

static int cmp(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;
	int c = strcmp(x->file ? x->file : "", y->file ? y->file : "");
	if (c)
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

size_t diag_print(const struct diag_list *dl, FILE *f, bool strict)
{
	for (size_t i = 0; i < dl->n; i++) {
		const struct diag *d = &dl->v[i];
		if (d->file && d->line > 0)
			fprintf(f, "%s:%d: ", d->file, d->line);
		else if (d->file)
			fprintf(f, "%s: ", d->file);
		if (d->field)
			fprintf(f, "%s: ", d->field);
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
	}
	free(dl->v);
	memset(dl, 0, sizeof *dl);
}
