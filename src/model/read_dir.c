/* read_dir: the files of the input folder matched to the contract's tables and read.
 * Invariant: a table is read only when exactly one file gives it; the files of one table are
 * named in the readers' order (CSV before XML), then by name. */
#include "read_dir.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input/input.h"
#include "model/institution.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define INSTITUTION "institution.xml"

struct rctx {
	struct model *m;
	const char *in_dir, *schema_dir;
	const struct aliases *al;
	struct diag_list *dl;
	const struct input_dir *d;
	bool *used; /* per file of d: read, reported or left alone on purpose */
};

/* True when file name is base followed by '.' and an extension. */
static bool has_base(const char *name, const char *base)
{
	size_t k = strlen(base);
	const char *dot = strrchr(name, '.');
	return dot && (size_t)(dot - name) == k && strncmp(name, base, k) == 0;
}

static size_t reader_rank(const struct input_reader *rd)
{
	const struct input_reader *const *all = input_readers();
	size_t i = 0;
	while (all[i] && all[i] != rd)
		i++;
	return i;
}

/* The files of d that give table base (a reader reads them), in reporting order, into idx
 * (the first max of them); returns how many there are. */
static size_t files_of(const struct rctx *c, const char *base, size_t *idx, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < c->d->n; i++)
		if (c->d->v[i].reader && c->d->v[i].kind == INPUT_REGULAR &&
		    has_base(c->d->v[i].name, base)) {
			if (n < max)
				idx[n] = i;
			n++;
		}
	/* a stable sort by reader: d is sorted by name already */
	for (size_t a = 1; a < n && a < max; a++) {
		size_t x = idx[a], j = a, r = reader_rank(c->d->v[x].reader);
		for (; j > 0 && reader_rank(c->d->v[idx[j - 1]].reader) > r; j--)
			idx[j] = idx[j - 1];
		idx[j] = x;
	}
	return n;
}

/* Reports f, which is no regular file, as an error; returns true when it is one. */
static bool refuse_special(struct rctx *c, const struct input_file *f)
{
	if (f->kind == INPUT_FOLDER)
		diag_error(c->dl, f->name, 0, NULL, "this is a folder, not a file: the table must be "
			   "a file");
	else if (f->kind == INPUT_SPECIAL)
		diag_error(c->dl, f->name, 0, NULL, "not a regular file (a FIFO, a device, or a link "
			   "to one or to nothing): patronat reads only regular files");
	return f->kind != INPUT_REGULAR;
}

static void read_table(struct rctx *c, enum model_table t)
{
	const char *name = load_table_name(t);
	size_t idx[8];
	size_t n = files_of(c, name, idx, sizeof idx / sizeof *idx);
	struct table *tab = NULL;
	bool refused = false;
	bool taken = false; /* the table was read and its header accepted */
	for (size_t i = 0; i < c->d->n; i++)
		if (c->d->v[i].reader && has_base(c->d->v[i].name, name)) {
			c->used[i] = true;
			refused |= refuse_special(c, &c->d->v[i]);
		}
	size_t *count[TABLE_COUNT] = {&c->m->ngraduates, &c->m->nstaff, &c->m->nrecords,
				      &c->m->nevents, &c->m->npairs};
	size_t had = *count[t];
	if (refused) {
		/* reported above */
	} else if (n > 1) {
		for (size_t k = 1; k < n && k < sizeof idx / sizeof *idx; k++)
			diag_error(c->dl, c->d->v[idx[k]].name, 0, NULL, "both %s and %s are present: keep one",
				   c->d->v[idx[0]].name, c->d->v[idx[k]].name);
	} else if (n == 1) {
		const struct input_file *f = &c->d->v[idx[0]];
		struct load_header_test ht = {t, c->al};
		struct input_want want = {name, NULL, c->schema_dir, load_is_header, &ht};
		input_read_table(f->reader, f->path, f->name, &want, &tab, c->dl);
	} else if (load_table_required(t)) {
		char *shown = xasprintf("%s.csv", name);
		diag_error(c->dl, shown, 0, NULL, "required table is missing from the input folder %s",
			   c->in_dir);
		free(shown);
	}
	if (tab) {
		if (t == TABLE_EVENTS)
			c->m->has_events = true;
		if (t == TABLE_MENTORING)
			c->m->has_pairs = true;
		int head = tab->header_row > 0 ? tab->header_row : tab->header_line;
		if (tab->header_row > 1)
			diag_warn(c->dl, tab->file, head, NULL, "the header is on row %d: the %d row(s) "
				  "above it (a title, blank rows) are not read", head, head - 1);
		if (tab->nrows == 0 && load_table_required(t))
			diag_error(c->dl, tab->file, head, NULL, "the table has no rows");
		size_t errors = load_table(c->m, t, tab, c->al, c->dl);
		taken = *count[t] > had || (tab->nrows == 0 && errors == 0);
		table_free(tab);
	}
	/* a table that gave no rows (unreadable, or its header wrong): references to it are not
	 * checked, they would only echo the one error */
	c->m->graduates_unread |= t == TABLE_GRADUATES && c->m->ngraduates == 0;
	c->m->staff_unread |= t == TABLE_STAFF && c->m->nstaff == 0;
	/* an optional table given but not taken: what it would tell is not checked either */
	bool given = refused || n > 0;
	c->m->records_unread |= t == TABLE_RECORDS && given && !taken;
	c->m->events_unread |= t == TABLE_EVENTS && given && !taken;
	c->m->pairs_unread |= t == TABLE_MENTORING && given && !taken;
}

static void read_institution(struct rctx *c)
{
	for (size_t i = 0; i < c->d->n; i++)
		if (strcmp(c->d->v[i].name, INSTITUTION) == 0) {
			c->used[i] = true;
			if (refuse_special(c, &c->d->v[i]))
				return;
			char *xsd = xasprintf("%s/institution.xsd", c->schema_dir);
			institution_load(c->m, c->d->v[i].path, INSTITUTION, xsd, c->dl);
			free(xsd);
			return;
		}
	diag_error(c->dl, INSTITUTION, 0, NULL, "required file is missing from the input folder %s",
		   c->in_dir);
}

/* True for the files a folder may hold for people: README*, *.md, *.txt. */
static bool is_documentation(const char *name)
{
	const char *dot = strrchr(name, '.');
	return strncasecmp(name, "readme", 6) == 0 ||
	       (dot && (strcasecmp(dot, ".md") == 0 || strcasecmp(dot, ".txt") == 0));
}

/* "graduates, staff, records, events and mentoring"; a new string. */
static char *table_names(void)
{
	struct buf b = BUF_INIT;
	for (int t = 0; t < TABLE_COUNT; t++) {
		if (t > 0)
			buf_adds(&b, t + 1 == TABLE_COUNT ? " and " : ", ");
		buf_adds(&b, load_table_name((enum model_table)t));
	}
	return buf_take(&b);
}

static bool names_table(const char *name)
{
	for (int t = 0; t < TABLE_COUNT; t++)
		if (has_base(name, load_table_name((enum model_table)t)))
			return true;
	return false;
}

/* Warns about every file nothing else accounted for. */
static void warn_unread(const struct rctx *c)
{
	char *exts = input_exts_text(), *tables = table_names();
	for (size_t i = 0; i < c->d->n; i++) {
		const struct input_file *f = &c->d->v[i];
		if (c->used[i] || is_documentation(f->name) || f->kind == INPUT_FOLDER)
			continue;
		if (f->reader)
			diag_warn(c->dl, f->name, 0, NULL, "file not read: no table has this name (the "
				  "tables are %s)", tables);
		else if (names_table(f->name))
			diag_warn(c->dl, f->name, 0, NULL, "file not read: patronat reads tables as %s "
				  "files only", exts);
		else
			diag_warn(c->dl, f->name, 0, NULL, "file not read: patronat reads the tables %s "
				  "(as %s) and %s", tables, exts, INSTITUTION);
	}
	free(exts);
	free(tables);
}

size_t model_read_dir(struct model *m, const char *in_dir, const char *schema_dir,
		      const struct aliases *al, struct diag_list *dl)
{
	size_t before = dl->nerrors;
	struct input_dir d;
	if (input_dir_list(in_dir, &d, dl) != 0) {
		/* the one error says why: no table is looked for, nothing else echoes it */
		m->graduates_unread = m->staff_unread = true;
		input_dir_free(&d);
		return dl->nerrors - before;
	}
	struct rctx c = {m, in_dir, schema_dir, al, dl, &d, xcalloc(d.n ? d.n : 1, sizeof(bool))};
	for (int t = 0; t < TABLE_COUNT; t++)
		read_table(&c, (enum model_table)t);
	read_institution(&c);
	warn_unread(&c);
	free(c.used);
	input_dir_free(&d);
	return dl->nerrors - before;
}
