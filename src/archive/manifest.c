/* manifest: building, reading, merging and writing out/manifest.csv.
 * Invariant: reading goes through the project's CSV reader (the same caps and UTF-8 checks as
 * any input); a malformed file changes nothing in the caller's manifest. */
#define _POSIX_C_SOURCE 200809L
#include "manifest.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv/csv_read.h"
#include "util/buf.h"
#include "util/fileio.h"
#include "util/sha256.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static const char *const columns[] = {"path", "kind", "graduate", "date", "sha256", "pages", "keep_until"};
enum { C_PATH, C_KIND, C_GRADUATE, C_DATE, C_SHA, C_PAGES, C_KEEP, C_COUNT };

int manifest_path_ok(const char *path)
{
	if (!path || !*path || path[0] == '/')
		return 0;
	const char *p = path;
	for (;;) {
		size_t n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		if (p[n] == '\0')
			return 1;
		p += n + 1;
	}
}

static void entry_copy(struct manifest_entry *dst, const struct manifest_entry *src)
{
	*dst = *src;
	dst->path = xstrdup(src->path);
	dst->kind = xstrdup(src->kind);
	dst->graduate = xstrdup(src->graduate);
}

static void entry_free(struct manifest_entry *e)
{
	free(e->path);
	free(e->kind);
	free(e->graduate);
}

static void push(struct manifest *m, const struct manifest_entry *e)
{
	xgrow((void **)&m->v, &m->cap, m->n + 1, sizeof *m->v);
	entry_copy(&m->v[m->n++], e);
}

void manifest_add_entry(struct manifest *m, const struct manifest_entry *e)
{
	push(m, e);
}

int manifest_add_file(struct manifest *m, const char *out_dir, const char *path, const char *kind,
		      const char *graduate, struct date date, int pages, struct date keep_until,
		      char *err, size_t errlen)
{
	if (!manifest_path_ok(path)) {
		snprintf(err, errlen, _("manifest: '%s' is not a relative path inside the output folder"), path ? path : "");
		return -1;
	}
	struct manifest_entry e = {(char *)path, (char *)kind, (char *)(graduate ? graduate : ""), date, "",
				   pages, keep_until};
	char *full = xasprintf("%s/%s", out_dir, path);
	int rc = sha256_file(full, e.sha256);
	if (rc != 0)
		snprintf(err, errlen, _("%s: cannot read to compute its SHA-256"), full);
	else
		push(m, &e);
	free(full);
	return rc;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct manifest_entry *x = a, *y = b;
	return strcmp(x->path, y->path);
}

const struct manifest_entry *manifest_find(const struct manifest *m, const char *path)
{
	struct manifest_entry key = {0};
	key.path = (char *)path;
	return m->n ? bsearch(&key, m->v, m->n, sizeof *m->v, entry_cmp) : NULL;
}

struct ranked {
	struct manifest_entry e;
	size_t pos;
};

static int ranked_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	int c = strcmp(x->e.path, y->e.path);
	return c ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

/* Sorts by path; of entries with the same path only the last added stays. */
static void sort_unique(struct manifest *m)
{
	struct ranked *r = xcalloc(m->n ? m->n : 1, sizeof *r);
	for (size_t i = 0; i < m->n; i++)
		r[i].e = m->v[i], r[i].pos = i;
	qsort(r, m->n, sizeof *r, ranked_cmp);
	size_t k = 0;
	for (size_t i = 0; i < m->n; i++) {
		if (i + 1 < m->n && strcmp(r[i].e.path, r[i + 1].e.path) == 0)
			entry_free(&r[i].e);
		else
			m->v[k++] = r[i].e;
	}
	m->n = k;
	free(r);
}

void manifest_merge(struct manifest *m, const struct manifest *add)
{
	for (size_t i = 0; i < add->n; i++)
		push(m, &add->v[i]);
	sort_unique(m);
}

void manifest_free(struct manifest *m)
{
	for (size_t i = 0; i < m->n; i++)
		entry_free(&m->v[i]);
	free(m->v);
	m->v = NULL;
	m->n = m->cap = 0;
}

/* ---- reading ------------------------------------------------------------------------- */

static int is_hex64(const char *s)
{
	size_t i = 0;
	while (i < 64 && ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
		i++;
	return i == 64 && s[64] == '\0';
}

static int parse_iso(const char *s, struct date *d)
{
	return strlen(s) == 10 && s[4] == '-' && date_parse(s, d) == 0 ? 0 : -1;
}

/* Fills e from a row (strings borrowed); returns the failing column or -1. */
static int parse_row(char **cell, const int *col, struct manifest_entry *e)
{
	struct date none = {0, 0, 0};
	e->path = cell[col[C_PATH]];
	e->kind = cell[col[C_KIND]];
	e->graduate = cell[col[C_GRADUATE]];
	if (!manifest_path_ok(e->path))
		return C_PATH;
	if (!*e->kind)
		return C_KIND;
	if (parse_iso(cell[col[C_DATE]], &e->date) != 0)
		return C_DATE;
	if (!is_hex64(cell[col[C_SHA]]))
		return C_SHA;
	memcpy(e->sha256, cell[col[C_SHA]], 65);
	char *end;
	long p = strtol(cell[col[C_PAGES]], &end, 10);
	if (!*cell[col[C_PAGES]] || *end || p < 0 || p > 1000000)
		return C_PAGES;
	e->pages = (int)p;
	const char *k = cell[col[C_KEEP]];
	e->keep_until = none;
	if (*k && strcmp(k, "permanent") != 0 && parse_iso(k, &e->keep_until) != 0)
		return C_KEEP;
	return -1;
}

static int header_columns(const struct table *t, int *col, char *err, size_t errlen)
{
	for (int c = 0; c < C_COUNT; c++) {
		col[c] = -1;
		for (size_t i = 0; i < t->ncols; i++)
			if (strcmp(t->header[i], columns[c]) == 0)
				col[c] = (int)i;
		if (col[c] < 0) {
			snprintf(err, errlen, _("%s:%d: %s: required column is missing"), MANIFEST_FILE,
				 t->header_line, columns[c]);
			return -1;
		}
	}
	return 0;
}

struct row_ref {
	const char *path;
	int line;
};

static int row_ref_cmp(const void *a, const void *b)
{
	const struct row_ref *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* The line of the second row listing a path already listed, or 0. */
static int duplicate_line(const struct table *t, int path_col)
{
	struct row_ref *r = xcalloc(t->nrows ? t->nrows : 1, sizeof *r);
	for (size_t i = 0; i < t->nrows; i++)
		r[i].path = t->rows[i].cell[path_col], r[i].line = t->rows[i].line;
	qsort(r, t->nrows, sizeof *r, row_ref_cmp);
	int line = 0;
	for (size_t i = 1; i < t->nrows && !line; i++)
		if (strcmp(r[i - 1].path, r[i].path) == 0)
			line = r[i].line;
	free(r);
	return line;
}

static int load_table_rows(struct manifest *m, const struct table *t, char *err, size_t errlen)
{
	int col[C_COUNT];
	if (header_columns(t, col, err, errlen) != 0)
		return -2;
	if (t->nrows > MANIFEST_MAX_ENTRIES) {
		snprintf(err, errlen, _("%s: more than %d entries"), MANIFEST_FILE, MANIFEST_MAX_ENTRIES);
		return -2;
	}
	int dup = duplicate_line(t, col[C_PATH]);
	if (dup) {
		snprintf(err, errlen, _("%s:%d: path: listed twice"), MANIFEST_FILE, dup);
		return -2;
	}
	struct manifest tmp = MANIFEST_INIT;
	for (size_t r = 0; r < t->nrows; r++) {
		struct manifest_entry e;
		int bad = parse_row(t->rows[r].cell, col, &e);
		if (bad >= 0) {
			snprintf(err, errlen, "%s:%d: %s: %s", MANIFEST_FILE, t->rows[r].line, columns[bad],
				 bad == C_PATH ? "not a relative path inside the folder" : "malformed value");
			manifest_free(&tmp);
			return -2;
		}
		push(&tmp, &e);
	}
	manifest_merge(m, &tmp);
	manifest_free(&tmp);
	return 0;
}

int manifest_load(struct manifest *m, const char *out_dir, char *err, size_t errlen)
{
	if (manifest_refuse_link(out_dir, err, errlen) != 0)
		return -2;
	char *path = xasprintf("%s/%s", out_dir, MANIFEST_FILE);
	char *data = NULL;
	size_t n = 0;
	int rc = file_read_all(path, CSV_MAX_BYTES, &data, &n);
	if (rc != 0) {
		snprintf(err, errlen, "%s: %s", path, rc == -2 ? _("too large") : _("cannot read"));
		free(path);
		return rc == -2 ? -2 : -1;
	}
	struct diag_list dl = DIAG_LIST_INIT;
	struct table *t = NULL;
	if (csv_read_mem(data, n, MANIFEST_FILE, &t, &dl) != 0) {
		const struct diag *d = dl.n ? &dl.v[0] : NULL;
		snprintf(err, errlen, "%s:%d: %s", MANIFEST_FILE, d ? d->line : 0, d ? d->msg : _("cannot be read"));
		rc = -2;
	} else {
		rc = load_table_rows(m, t, err, errlen);
	}
	table_free(t);
	diag_list_free(&dl);
	free(data);
	free(path);
	return rc;
}

/* ---- writing ------------------------------------------------------------------------- */

/* A field, quoted when CSV needs it, and when it starts as a spreadsheet formula would
 * (-, =, +, @, tab, CR), so that an id "-1" or "=1+1" is read as text, never computed. */
static void add_field(struct buf *b, const char *s, char sep)
{
	if (strpbrk(s, ",\"\r\n;") || (*s && strchr("-=+@\t", s[0])) ||
	    (*s && (s[0] == ' ' || s[strlen(s) - 1] == ' '))) {
		buf_addc(b, '"');
		for (const char *p = s; *p; p++) {
			if (*p == '"')
				buf_addc(b, '"');
			buf_addc(b, *p);
		}
		buf_addc(b, '"');
	} else {
		buf_adds(b, s);
	}
	buf_addc(b, sep);
}

static void add_date(struct buf *b, struct date d, const char *empty)
{
	if (date_empty(d))
		buf_adds(b, empty);
	else
		buf_printf(b, "%04d-%02d-%02d", d.y, d.m, d.d);
}

static int is_copy(const char *kind)
{
	return strcmp(kind, "print") == 0 || strcmp(kind, "inventory") == 0;
}

static int by_path(const void *a, const void *b)
{
	const struct manifest_entry *const *x = a, *const *y = b;
	int c = strcmp((*x)->path, (*y)->path);
	return c ? c : (*x > *y) - (*x < *y); /* the array's order: the order added */
}

/* The file's text: the header, then one line per path (the last added of several), sorted;
 * without the register's rows (kind "inventory") when skip_register. */
static void manifest_text(const struct manifest *m, bool skip_register, struct buf *b)
{
	const struct manifest_entry **order = xcalloc(m->n ? m->n : 1, sizeof *order);
	for (size_t i = 0; i < m->n; i++)
		order[i] = &m->v[i];
	qsort(order, m->n, sizeof *order, by_path);
	buf_adds(b, "path,kind,graduate,date,sha256,pages,keep_until\n");
	for (size_t i = 0; i < m->n; i++) {
		const struct manifest_entry *e = order[i];
		if (i + 1 < m->n && strcmp(e->path, order[i + 1]->path) == 0)
			continue;
		if (skip_register && strcmp(e->kind, "inventory") == 0)
			continue;
		add_field(b, e->path, ',');
		add_field(b, e->kind, ',');
		add_field(b, e->graduate, ',');
		add_date(b, e->date, "");
		buf_printf(b, ",%s,%d,", e->sha256, e->pages);
		add_date(b, e->keep_until, is_copy(e->kind) ? "" : "permanent");
		buf_addc(b, '\n');
	}
	free(order);
}

int manifest_write(const struct manifest *m, const char *out_dir, char *err, size_t errlen)
{
	struct buf b = BUF_INIT;
	manifest_text(m, false, &b);
	char *path = xasprintf("%s/%s", out_dir, MANIFEST_FILE);
	int rc = manifest_refuse_link(out_dir, err, errlen);
	if (rc == 0)
		rc = file_write_atomic(path, buf_cstr(&b), b.len, 0640, err, errlen);
	free(path);
	buf_free(&b);
	return rc;
}

void manifest_digest(const struct manifest *m, char hex[65])
{
	struct buf b = BUF_INIT;
	manifest_text(m, true, &b);
	struct sha256 h;
	uint8_t d[32];
	sha256_init(&h);
	sha256_update(&h, b.data, b.len);
	sha256_final(&h, d);
	sha256_hex(d, hex);
	buf_free(&b);
}

void manifest_digest_groups(const char hex[65], char out[72])
{
	size_t k = 0;
	for (size_t i = 0; i < 64; i++) {
		if (i && i % 8 == 0)
			out[k++] = ' ';
		out[k++] = hex[i];
	}
	out[k] = '\0';
}

int manifest_refuse_link(const char *out_dir, char *err, size_t errlen)
{
	char *path = xasprintf("%s/%s", out_dir, MANIFEST_FILE);
	struct stat st;
	int rc = 0;
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: %s, not a file: refused (move it away, then run again)", path,
			 S_ISLNK(st.st_mode) ? "a symbolic link" : "not a regular file");
		rc = -2;
	}
	free(path);
	return rc;
}
