/* diag: collects the problems of a run and prints them sorted by file, sheet and line.
 * Invariant: a record without sheet and cell prints exactly as "file:line: field: message";
 * one function (add_place) says how a place is printed, for the terminal and the web page. */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "buf.h"
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

/* Formats the translation of fmt; a message passed whole ("%s", msg) is translated itself. */
static char *format(const char *fmt, va_list ap)
{
	fmt = i18n_tr(fmt);
	if (strcmp(fmt, "%s") == 0)
		return xstrdup(i18n_tr(va_arg(ap, const char *)));
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

/* The place of d as printed, with ": " after it (nothing when d has no place). */
static void add_place(struct buf *b, const struct diag *d)
{
	if (d->sheet) {
		/* "file: sheet «SHEET», cell E14 (field): " (in Russian "лист «…», ячейка E14") */
		if (d->file)
			buf_printf(b, "%s: ", d->file);
		buf_printf(b, _("sheet «%s»"), d->sheet);
		if (d->cell)
			buf_printf(b, _(", cell %s"), d->cell);
		if (d->field)
			buf_printf(b, " (%s)", d->field);
		buf_adds(b, ": ");
		return;
	}
	if (d->file && d->line > 0)
		buf_printf(b, "%s:%d: ", d->file, d->line);
	else if (d->file)
		buf_printf(b, "%s: ", d->file);
	if (d->cell) {
		/* a text file's cell: its column letters, the row being the line */
		size_t k = strcspn(d->cell, "0123456789");
		buf_add(b, d->cell, k);
		if (d->field)
			buf_printf(b, " (%s)", d->field);
		buf_adds(b, ": ");
	} else if (d->field) {
		buf_printf(b, "%s: ", d->field);
	}
}

static const char *level_word(const struct diag *d, bool strict)
{
	if (d->level == DIAG_ERROR)
		return "";
	return strict ? _("error (strict): ") : _("warning: ");
}

char *diag_format(const struct diag *d, bool strict)
{
	struct buf b = BUF_INIT;
	add_place(&b, d);
	buf_adds(&b, level_word(d, strict));
	buf_adds(&b, d->msg ? d->msg : "");
	return buf_take(&b);
}

size_t diag_print(const struct diag_list *dl, FILE *f, bool strict)
{
	for (size_t i = 0; i < dl->n; i++) {
		char *line = diag_format(&dl->v[i], strict);
		fprintf(f, "%s\n", line);
		free(line);
	}
	if (dl->dropped)
		fprintf(f, P_("patronat: %zu more problems not shown\n", "patronat: %zu more problems not shown\n",
			      dl->dropped), dl->dropped);
	return dl->n;
}

/* Adds s as one field of a CSV line for Excel: quoted when it holds ';', '"' or a line
 * break; a text Excel would take for a formula (= + - @ first) gets a leading apostrophe. */
static void add_field(struct buf *b, const char *s)
{
	if (!s)
		s = "";
	bool formula = *s == '=' || *s == '+' || *s == '-' || *s == '@';
	if (!formula && !strpbrk(s, ";\"\r\n")) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	if (formula)
		buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

char *diag_csv(const struct diag_list *dl, bool strict, size_t *len)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "\xEF\xBB\xBF" "file;sheet;cell;graduate;level;message\r\n");
	for (size_t i = 0; i < dl->n; i++) {
		const struct diag *d = &dl->v[i];
		char row[24] = "";
		if (!d->cell && d->line > 0)
			snprintf(row, sizeof row, "%d", d->line);
		add_field(&b, d->file);
		buf_addc(&b, ';');
		add_field(&b, d->sheet);
		buf_addc(&b, ';');
		add_field(&b, d->cell ? d->cell : row);
		buf_addc(&b, ';');
		add_field(&b, d->graduate);
		buf_addc(&b, ';');
		add_field(&b, d->level == DIAG_ERROR ? "error" : strict ? "error (strict)" : "warning");
		buf_addc(&b, ';');
		char *msg = d->field ? xasprintf("%s: %s", d->field, d->msg ? d->msg : "")
				     : xstrdup(d->msg ? d->msg : "");
		add_field(&b, msg);
		free(msg);
		buf_adds(&b, "\r\n");
	}
	if (dl->dropped) {
		char *more = xasprintf("%zu more problems not kept", dl->dropped);
		buf_adds(&b, ";;;;;");
		add_field(&b, more);
		buf_adds(&b, "\r\n");
		free(more);
	}
	*len = b.len;
	return buf_take(&b);
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
