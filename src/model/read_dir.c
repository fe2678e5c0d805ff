/* read_dir: the files of the input folder matched to the contract's tables and read.
 * Invariant: a table is read only when exactly one source gives it (a file named after it,
 * or a sheet of a workbook named as templates/sheets.txt says); the sources of one table are
 * named in the readers' order (CSV before XML before workbooks), then by name and sheet. */
#include "read_dir.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input/input.h"
#include "model/institution.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/fold.h"
#include "util/xalloc.h"

#define INSTITUTION "institution.xml"
#define SHEETS_FILE "sheets.txt" /* beside the schema folder: templates/sheets.txt */
#define SHEETS_MAX 256           /* lines of it kept */

/* The sheet names of templates/sheets.txt: a sheet whose folded name is key is table t. */
struct sheet_names {
	struct sheet_name {
		enum model_table t;
		char *key;
	} v[SHEETS_MAX];
	size_t n;
};

struct rctx {
	struct model *m;
	const char *in_dir, *schema_dir;
	const struct aliases *al;
	struct diag_list *dl;
	const struct input_dir *d;
	bool *used; /* per file of d: read, reported or left alone on purpose */
	struct input_names *sheets; /* per file of d: the sheets of a workbook named after no
				     * table (the tables it may hold), else none */
	const struct sheet_names *names;
};

/* The table the sheet named name is, or -1. */
static int sheet_table(const struct sheet_names *sn, const char *name)
{
	char *key = fold_key(name);
	int t = -1;
	for (size_t i = 0; i < sn->n && t < 0; i++)
		if (strcmp(sn->v[i].key, key) == 0)
			t = (int)sn->v[i].t;
	free(key);
	return t;
}

/* Reads the lines "table = Sheet name" of path ('#' comments) into *sn. A missing file is
 * no error (no workbook then holds several tables); a bad line is. */
static void sheet_names_load(struct sheet_names *sn, const char *path, struct diag_list *dl)
{
	sn->n = 0;
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	char line[1024];
	int lineno = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		char *p = line + (lineno == 1 && strncmp(line, "\xef\xbb\xbf", 3) == 0 ? 3 : 0);
		p[strcspn(p, "\r\n")] = '\0';
		char *eq = strchr(p, '=');
		char *key = fold_key(p);
		bool blank = !*key || *key == '#';
		free(key);
		if (blank)
			continue;
		int t = -1;
		if (eq) {
			*eq = '\0';
			char *tname = fold_key(p);
			for (int k = 0; k < TABLE_COUNT && t < 0; k++)
				if (strcmp(tname, load_table_name((enum model_table)k)) == 0)
					t = k;
			free(tname);
		}
		key = eq ? fold_key(eq + 1) : NULL;
		if (t < 0 || !*key)
			diag_error(dl, SHEETS_FILE, lineno, NULL, "expected 'table = Sheet name' with "
				   "a table of the contract");
		else if (sn->n < SHEETS_MAX) {
			sn->v[sn->n].t = (enum model_table)t;
			sn->v[sn->n++].key = key;
			key = NULL;
		}
		free(key);
	}
	fclose(f);
}

static void sheet_names_free(struct sheet_names *sn)
{
	for (size_t i = 0; i < sn->n; i++)
		free(sn->v[i].key);
	sn->n = 0;
}

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

/* One place a table comes from: file f of the folder, and the sheet of it (NULL: the file
 * is the table, or gives its first sheet). */
struct source {
	size_t f;
	const char *sheet;
};

/* "graduates.csv", or "patronat.xlsx (sheet «Выпускники»)"; a new string. */
static char *source_name(const struct rctx *c, const struct source *s)
{
	if (!s->sheet)
		return xstrdup(c->d->v[s->f].name);
	return xasprintf(_("%s (sheet «%s»)"), c->d->v[s->f].name, s->sheet);
}

/* True for the files a folder may hold for people: README*, *.md, *.txt. */
static bool is_documentation(const char *name)
{
	const char *dot = strrchr(name, '.');
	return strncasecmp(name, "readme", 6) == 0 ||
	       (dot && (strcasecmp(dot, ".md") == 0 || strcasecmp(dot, ".txt") == 0));
}

static bool names_table(const char *name)
{
	for (int t = 0; t < TABLE_COUNT; t++)
		if (has_base(name, load_table_name((enum model_table)t)))
			return true;
	return false;
}

/* Lists the sheets of every workbook named after no table: the tables it may hold. A
 * workbook that cannot be opened is reported (and so accounted for); a sheet that is no
 * table, in a workbook where another is, is a warning. */
static void list_workbooks(struct rctx *c)
{
	for (size_t i = 0; i < c->d->n; i++) {
		const struct input_file *f = &c->d->v[i];
		if (!f->reader || !f->reader->list || f->kind != INPUT_REGULAR || names_table(f->name) ||
		    is_documentation(f->name))
			continue;
		if (f->reader->list(f->path, f->name, &c->sheets[i], c->dl) != 0) {
			c->used[i] = true;
			continue;
		}
		bool any = false;
		for (size_t k = 0; k < c->sheets[i].n; k++)
			any = any || sheet_table(c->names, c->sheets[i].v[k]) >= 0;
		if (!any)
			continue; /* warn_unread says so */
		c->used[i] = true;
		for (size_t k = 0; k < c->sheets[i].n; k++)
			if (sheet_table(c->names, c->sheets[i].v[k]) < 0) {
				struct diag_at at = {.file = f->name, .sheet = c->sheets[i].v[k]};
				diag_add_at(c->dl, DIAG_WARNING, &at, "sheet not read: no table has this name "
					    "(the sheet names are in templates/sheets.txt)");
			}
	}
}

static void read_table(struct rctx *c, enum model_table t)
{
	const char *name = load_table_name(t);
	size_t idx[8];
	struct source src[8];
	const size_t max = sizeof src / sizeof *src;
	size_t n = files_of(c, name, idx, max);
	size_t errors_before = c->dl->nerrors;
	struct table *tab = NULL;
	bool refused = false;
	bool taken = false; /* the table was read and its header accepted */
	for (size_t i = 0; i < n && i < max; i++)
		src[i] = (struct source){idx[i], NULL};
	for (size_t i = 0; i < c->d->n; i++) {
		if (c->d->v[i].reader && has_base(c->d->v[i].name, name)) {
			c->used[i] = true;
			refused |= refuse_special(c, &c->d->v[i]);
		}
		for (size_t k = 0; k < c->sheets[i].n; k++)
			if (sheet_table(c->names, c->sheets[i].v[k]) == (int)t) {
				if (n < max)
					src[n] = (struct source){i, c->sheets[i].v[k]};
				n++;
			}
	}
	size_t *count[TABLE_COUNT] = {&c->m->ngraduates, &c->m->nstaff, &c->m->nrecords,
				      &c->m->nevents, &c->m->npairs};
	size_t had = *count[t];
	if (refused) {
		/* reported above */
	} else if (n > 1) {
		char *first = source_name(c, &src[0]);
		for (size_t k = 1; k < n && k < max; k++) {
			char *other = source_name(c, &src[k]);
			diag_error(c->dl, c->d->v[src[k].f].name, 0, NULL, "both %s and %s are present: keep one",
				   first, other);
			free(other);
		}
		free(first);
	} else if (n == 1) {
		const struct input_file *f = &c->d->v[src[0].f];
		struct load_header_test ht = {t, c->al};
		struct input_want want = {name, src[0].sheet, c->schema_dir, load_is_header, &ht};
		/* a workbook named after the table: its sheet named as the table if it has one,
		 * else its first */
		struct input_names own = {NULL, 0};
		if (!want.sheet && f->reader->list && f->reader->list(f->path, f->name, &own, c->dl) == 0)
			for (size_t k = 0; k < own.n && !want.sheet; k++)
				if (sheet_table(c->names, own.v[k]) == (int)t)
					want.sheet = own.v[k];
		if (c->dl->nerrors == errors_before) /* a workbook that cannot be opened is said once */
			input_read_table(f->reader, f->path, f->name, &want, &tab, c->dl);
		input_names_free(&own);
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
		xalloc_release(); /* the cells' pages: the next table or the documents reuse none */
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


/* "graduates, staff, records, events and mentoring"; a new string. */
static char *table_names(void)
{
	struct buf b = BUF_INIT;
	for (int t = 0; t < TABLE_COUNT; t++) {
		if (t > 0)
			buf_adds(&b, t + 1 == TABLE_COUNT ? _(" and ") : ", ");
		buf_adds(&b, load_table_name((enum model_table)t));
	}
	return buf_take(&b);
}

/* Warns about every file nothing else accounted for. */
static void warn_unread(const struct rctx *c)
{
	char *exts = input_exts_text(), *tables = table_names();
	for (size_t i = 0; i < c->d->n; i++) {
		const struct input_file *f = &c->d->v[i];
		if (c->used[i] || is_documentation(f->name) || f->kind == INPUT_FOLDER)
			continue;
		if (f->reader && c->sheets[i].n > 0)
			diag_warn(c->dl, f->name, 0, NULL, "file not read: neither the file nor any of "
				  "its sheets has a table's name (the tables are %s; the sheet names are "
				  "in templates/sheets.txt)", tables);
		else if (f->reader)
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
	struct sheet_names *names = xcalloc(1, sizeof *names);
	const char *slash = strrchr(schema_dir, '/');
	char *path = slash ? xasprintf("%.*s/%s", (int)(slash - schema_dir), schema_dir, SHEETS_FILE)
			   : xstrdup(SHEETS_FILE);
	sheet_names_load(names, path, dl);
	free(path);
	size_t nf = d.n ? d.n : 1;
	struct rctx c = {m, in_dir, schema_dir, al, dl, &d, xcalloc(nf, sizeof(bool)),
			 xcalloc(nf, sizeof(struct input_names)), names};
	list_workbooks(&c);
	for (int t = 0; t < TABLE_COUNT; t++)
		read_table(&c, (enum model_table)t);
	read_institution(&c);
	warn_unread(&c);
	for (size_t i = 0; i < d.n; i++)
		input_names_free(&c.sheets[i]);
	free(c.sheets);
	free(c.used);
	sheet_names_free(names);
	free(names);
	input_dir_free(&d);
	return dl->nerrors - before;
}
