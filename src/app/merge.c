/* merge: the shards' records, their checks, and the merged output staged and committed.
 * Invariant: a shard's expected documents are the plan tasks_plan makes for that shard (the
 * same code the shard ran), and the merged run's print files and record are made by
 * print_write and record_run from the staged copies, as batch.c makes them from the staged
 * documents; so the merged folder is byte for byte what one unsharded run writes. */
#define _POSIX_C_SOURCE 200809L
#include "app/merge.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>

#include "app/print.h"
#include "app/record.h"
#include "app/stage.h"
#include "app/tasks.h"
#include "archive/manifest.h"
#include "util/buf.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/sha256.h"
#include "util/xalloc.h"

#define RECORD_MAGIC "patronat shard 1"
#define RECORD_MAX (64u * 1024)       /* bytes of a record */
#define DOC_MAX ((size_t)1 << 30)     /* bytes of one document copied */
#define FINDINGS_SHOWN 10             /* verify's findings reported per shard */

struct shard {
	const char *dir; /* as given (borrowed) */
	bool read;       /* the record was read */
	int k, n;
	char version[32];
	struct date date;
	int year, order_year, report_year;
	unsigned docs;
	char input[65], manifest[65];
	struct manifest man; /* its manifest.csv (merge_check) */
	struct tasks ts;     /* what shard k of n writes of the input (merge_check) */
};

struct merge {
	struct shard *v;
	size_t n;
	bool consistent; /* merge_read found the records agree */
	unsigned long long bytes; /* the shards' documents, for the free-space check */
};

/* ---- the documents, as the record names them ------------------------------------------ */

static const struct {
	unsigned doc;
	const char *name;
} doc_names[] = {
	{APP_PASSPORTS, "passports"}, {APP_PLANS, "plans"}, {APP_ORDER, "order"}, {APP_REPORT, "report"},
};
#define NDOCS (sizeof doc_names / sizeof *doc_names)

static void docs_format(unsigned docs, struct buf *b)
{
	bool first = true;
	for (size_t i = 0; i < NDOCS; i++)
		if (docs & doc_names[i].doc) {
			if (!first)
				buf_addc(b, ' ');
			buf_adds(b, doc_names[i].name);
			first = false;
		}
}

/* Parses "passports plans …" into *docs; returns 0, or -1 on an unknown or empty list. */
static int docs_parse(const char *s, unsigned *docs)
{
	*docs = 0;
	while (*s) {
		size_t len = strcspn(s, " ");
		size_t i = 0;
		while (i < NDOCS && !(strlen(doc_names[i].name) == len && strncmp(s, doc_names[i].name, len) == 0))
			i++;
		if (i == NDOCS || len == 0)
			return -1;
		*docs |= doc_names[i].doc;
		s += len;
		if (*s == ' ')
			s++;
	}
	return *docs ? 0 : -1;
}

/* ---- the input's digest ---------------------------------------------------------------- */

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds "LABEL/NAME SHA256\n" for the file dir/name ("-" when it cannot be read). */
static void add_file_line(struct buf *b, const char *label, const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name), hex[65];
	if (sha256_file(path, hex) != 0)
		snprintf(hex, sizeof hex, "-");
	buf_printf(b, "%s/%s %s\n", label, name, hex);
	free(path);
}

/* Adds a line for every regular file directly in dir (by name). */
static void add_folder(struct buf *b, const char *label, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 10000) {
		char *p = xasprintf("%s/%s", dir, e->d_name);
		struct stat st;
		if (e->d_name[0] != '.' && lstat(p, &st) == 0 && S_ISREG(st.st_mode)) {
			xgrow((void **)&names, &cap, n + 1, sizeof *names);
			names[n++] = xstrdup(e->d_name);
		}
		free(p);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof *names, str_cmp);
	for (size_t i = 0; i < n; i++) {
		add_file_line(b, label, dir, names[i]);
		free(names[i]);
	}
	free(names);
}

/* The digest of what the documents were made from: every input file the model read (by
 * name), every file of the templates folder and its schemas, and the fonts' list (the run
 * checks the fonts against the SHA-256 it gives). */
static void input_digest(const struct run *r, char hex[65])
{
	struct buf b = BUF_INIT;
	const struct model *m = &r->m;
	char **names = xmalloc((m->nfiles ? m->nfiles : 1) * sizeof *names);
	for (size_t i = 0; i < m->nfiles; i++)
		names[i] = m->files[i];
	if (m->nfiles > 1)
		qsort(names, m->nfiles, sizeof *names, str_cmp);
	for (size_t i = 0; i < m->nfiles; i++)
		add_file_line(&b, "input", r->o->in_dir, names[i]);
	free(names);
	char *t = xasprintf("%s/templates", r->o->data_dir), *s = xasprintf("%s/templates/schema", r->o->data_dir);
	add_folder(&b, "templates", t);
	add_folder(&b, "templates/schema", s);
	free(t);
	free(s);
	char *f = xasprintf("%s/fonts", r->o->data_dir);
	add_file_line(&b, "fonts", f, "fonts.list");
	free(f);
	struct sha256 h;
	uint8_t d[32];
	sha256_init(&h);
	sha256_update(&h, b.data, b.len);
	sha256_final(&h, d);
	sha256_hex(d, hex);
	buf_free(&b);
}

/* ---- the record ------------------------------------------------------------------------ */

int merge_record_shard(const struct run *r, unsigned docs, char *err, size_t errlen)
{
	char man[65], in[65];
	char *mpath = xasprintf("%s/%s", r->write_dir, MANIFEST_FILE);
	int rc = sha256_file(mpath, man);
	free(mpath);
	if (rc != 0) {
		snprintf(err, errlen, "%s/%s: %s", r->o->out_dir, MANIFEST_FILE, strerror(errno));
		return -1;
	}
	input_digest(r, in);
	const struct date d = r->o->today;
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s\nshard=%d/%d\nversion=%s\ndate=%04d-%02d-%02d\n", RECORD_MAGIC, r->o->shard_k,
		   r->o->shard_n, PATRONAT_VERSION, d.y, d.m, d.d);
	if (r->o->year)
		buf_printf(&b, "year=%d\n", r->o->year);
	else
		buf_adds(&b, "year=\n");
	buf_printf(&b, "order-year=%d\nreport-year=%d\ndocs=", r->year, r->report_year);
	docs_format(docs, &b);
	buf_printf(&b, "\ninput=%s\nmanifest=%s\n", in, man);
	char *path = xasprintf("%s/%s", r->write_dir, MERGE_RECORD);
	rc = file_write_new(path, b.data, b.len, 0640, err, errlen);
	free(path);
	buf_free(&b);
	return rc;
}

static bool hex64(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");
	return n == 64 && !s[n];
}

/* Reads one KEY=VALUE line's value into sh; returns 0, or -1 (a bad or unknown value). */
static int record_value(struct shard *sh, const char *key, const char *v, unsigned *seen)
{
	static const char *const keys[] = {"shard", "version", "date", "year", "order-year",
					   "report-year", "docs", "input", "manifest"};
	size_t i = 0;
	while (i < sizeof keys / sizeof *keys && strcmp(keys[i], key) != 0)
		i++;
	if (i == sizeof keys / sizeof *keys || (*seen & (1u << i)))
		return -1;
	*seen |= 1u << i;
	int used = 0;
	switch (i) {
	case 0:
		return sscanf(v, "%d/%d%n", &sh->k, &sh->n, &used) == 2 && !v[used] && sh->n > 1 && sh->n <= 100000 &&
		       sh->k >= 1 && sh->k <= sh->n ? 0 : -1;
	case 1:
		return snprintf(sh->version, sizeof sh->version, "%s", v) < (int)sizeof sh->version ? 0 : -1;
	case 2:
		return strlen(v) == 10 && date_parse(v, &sh->date) == 0 ? 0 : -1;
	case 3:
		if (!*v)
			return 0;
		/* fall through */
	case 4:
	case 5: {
		int *to = i == 3 ? &sh->year : i == 4 ? &sh->order_year : &sh->report_year;
		return sscanf(v, "%4d%n", to, &used) == 1 && !v[used] && *to >= 1900 && *to <= 2199 ? 0 : -1;
	}
	case 6: return docs_parse(v, &sh->docs);
	case 7:
	case 8:
		if (!hex64(v))
			return -1;
		memcpy(i == 7 ? sh->input : sh->manifest, v, 65);
		return 0;
	}
	return -1;
}

/* Reads sh->dir/MERGE_RECORD; an error in dl when it cannot. */
static void record_read(struct shard *sh, struct diag_list *dl)
{
	struct stat st;
	if (stat(sh->dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		diag_error(dl, sh->dir, 0, NULL, "not a folder: give the output folder of each shard");
		return;
	}
	char *path = xasprintf("%s/%s", sh->dir, MERGE_RECORD), *data = NULL;
	char *shown = xasprintf("%s/%s", sh->dir, MERGE_RECORD);
	size_t len = 0;
	int rc = file_read_all(path, RECORD_MAX, &data, &len);
	if (rc != 0) {
		diag_error(dl, sh->dir, 0, NULL,
			   "no %s: not the output folder of a sharded run (patronat --shard K/N … -o FOLDER)", MERGE_RECORD);
		free(path);
		free(shown);
		return;
	}
	unsigned seen = 0;
	int line = 0;
	bool bad = strlen(data) != len;
	char *save = NULL;
	for (char *l = strtok_r(data, "\n", &save); l && !bad; l = strtok_r(NULL, "\n", &save)) {
		line++;
		if (line == 1) {
			bad = strcmp(l, RECORD_MAGIC) != 0;
			continue;
		}
		char *eq = strchr(l, '=');
		if (!eq || (*eq = '\0', record_value(sh, l, eq + 1, &seen) != 0))
			bad = true;
	}
	if (bad)
		diag_error(dl, shown, line, NULL, "not a record of a shard this version of patronat reads");
	else if (seen != 0x1ffu)
		diag_error(dl, shown, 0, NULL, "incomplete: a line is missing");
	sh->read = !bad && seen == 0x1ffu;
	free(data);
	free(path);
	free(shown);
}

/* ---- the checks ------------------------------------------------------------------------ */

struct merge *merge_read(const char *const *dirs, size_t n, struct diag_list *dl, struct merge_common *common)
{
	struct merge *m = xcalloc(1, sizeof *m);
	m->v = xcalloc(n ? n : 1, sizeof *m->v);
	m->n = n;
	size_t before = dl->nerrors;
	for (size_t i = 0; i < n; i++) {
		m->v[i].dir = dirs[i];
		m->v[i].man = (struct manifest)MANIFEST_INIT;
		record_read(&m->v[i], dl);
	}
	if (dl->nerrors > before || n == 0)
		return m;
	const struct shard *a = &m->v[0];
	int total = a->n;
	const struct shard **by_k = xcalloc((size_t)total, sizeof *by_k);
	for (size_t i = 0; i < n; i++) {
		const struct shard *s = &m->v[i];
		char d1[11], d2[11];
		snprintf(d1, sizeof d1, "%04d-%02d-%02d", s->date.y, s->date.m, s->date.d);
		snprintf(d2, sizeof d2, "%04d-%02d-%02d", a->date.y, a->date.m, a->date.d);
		if (s->n != total)
			diag_error(dl, s->dir, 0, NULL, "shard %d/%d, but %s is a shard of %d: give the shards of one run",
				   s->k, s->n, a->dir, total);
		else if (by_k[s->k - 1])
			diag_error(dl, s->dir, 0, NULL, "shard %d/%d given twice (also %s)", s->k, s->n, by_k[s->k - 1]->dir);
		else
			by_k[s->k - 1] = s;
		if (strcmp(s->version, PATRONAT_VERSION) != 0)
			diag_error(dl, s->dir, 0, NULL, "written by patronat %s, not by this patronat %s: make the shards "
				   "and the merge with one version", s->version, PATRONAT_VERSION);
		if (i == 0)
			continue;
		if (date_cmp(s->date, a->date) != 0)
			diag_error(dl, s->dir, 0, NULL, "dated %s, but %s is dated %s: give the shards of one run", d1, a->dir, d2);
		if (s->year != a->year || s->order_year != a->order_year || s->report_year != a->report_year)
			diag_error(dl, s->dir, 0, NULL, "made for other academic years than %s (--year)", a->dir);
		if (s->docs != a->docs)
			diag_error(dl, s->dir, 0, NULL, "holds other documents than %s (the command of the run)", a->dir);
		if (strcmp(s->input, a->input) != 0)
			diag_error(dl, s->dir, 0, NULL, "made from another input or other templates than %s", a->dir);
	}
	if (dl->nerrors == before)
		for (int k = 0; k < total; k++)
			if (!by_k[k])
				diag_error(dl, NULL, 0, NULL, "shard %d/%d is missing: give the output folder of every shard",
					   k + 1, total);
	free(by_k);
	m->consistent = dl->nerrors == before;
	if (m->consistent)
		*common = (struct merge_common){a->date, a->year, a->docs};
	return m;
}

/* The plan of shard k of n for docs: tasks_plan over a view of r with the shard's options. */
static void plan_of(struct tasks *ts, const struct run *r, unsigned docs, int k, int n)
{
	struct app_opts o = *r->o;
	o.graduate = NULL;
	o.shard_k = k;
	o.shard_n = n;
	struct run view = *r;
	view.o = &o;
	*ts = (struct tasks){0};
	tasks_plan(ts, &view, docs);
}

struct findings {
	char **v;
	size_t n, cap;
};

static void finding(const char *text, void *arg)
{
	struct findings *f = arg;
	xgrow((void **)&f->v, &f->cap, f->n + 1, sizeof *f->v);
	f->v[f->n++] = xstrdup(text);
}

/* The shard's folder against its manifest, as `patronat verify DIR` checks it. */
static void check_verifies(const struct shard *sh, struct diag_list *dl)
{
	struct findings f = {0};
	char err[512];
	long n = pt_verify(sh->dir, false, (struct pt_date){sh->date.y, sh->date.m, sh->date.d}, finding, &f, err,
			   sizeof err);
	if (n < 0) {
		diag_error(dl, sh->dir, 0, NULL, "%s", err);
	} else if (n > 0) {
		/* the last line is the manifest's digest, not a finding */
		for (size_t i = 0; i + 1 < f.n && i < FINDINGS_SHOWN; i++)
			diag_error(dl, sh->dir, 0, NULL, "does not verify against its manifest: %s", f.v[i]);
		if (n > FINDINGS_SHOWN)
			diag_error(dl, sh->dir, 0, NULL, "does not verify against its manifest: %ld more findings "
				   "(patronat verify %s lists them)", n - FINDINGS_SHOWN, sh->dir);
	}
	for (size_t i = 0; i < f.n; i++)
		free(f.v[i]);
	free(f.v);
}

static int path_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The manifest lists exactly the documents of the shard's plan, of its date. */
static void check_listing(struct shard *sh, const struct run *r, struct diag_list *dl, unsigned long long *bytes)
{
	char **paths = xmalloc((sh->ts.n ? sh->ts.n : 1) * sizeof *paths);
	for (size_t i = 0; i < sh->ts.n; i++) {
		const struct task *t = &sh->ts.v[i];
		paths[i] = tasks_path(r, t);
		const struct manifest_entry *e = manifest_find(&sh->man, paths[i]);
		if (!e) {
			diag_error(dl, sh->dir, 0, NULL, "%s is missing from its manifest (shard %d/%d writes it)", paths[i],
				   sh->k, sh->n);
			continue;
		}
		if (strcmp(e->kind, tasks_kind_name(t->kind)) != 0 || strcmp(e->graduate, tasks_graduate(r, t)) != 0 ||
		    date_cmp(e->date, sh->date) != 0)
			diag_error(dl, sh->dir, 0, NULL, "%s: its row in the manifest is not of this run (kind, graduate "
				   "or date)", paths[i]);
		char *full = xasprintf("%s/%s", sh->dir, paths[i]);
		struct stat st;
		if (stat(full, &st) == 0)
			*bytes += (unsigned long long)st.st_size;
		free(full);
	}
	if (sh->ts.n > 1)
		qsort(paths, sh->ts.n, sizeof *paths, path_cmp);
	for (size_t i = 0; i < sh->man.n; i++) {
		const char *p = sh->man.v[i].path;
		if (!sh->ts.n || !bsearch(&p, paths, sh->ts.n, sizeof *paths, path_cmp))
			diag_error(dl, sh->dir, 0, NULL, "its manifest lists %s, which is not a document of shard %d/%d "
				   "of this input", p, sh->k, sh->n);
	}
	for (size_t i = 0; i < sh->ts.n; i++)
		free(paths[i]);
	free(paths);
}

/* The output folder is none of the shards' (the merge would replace what it reads). */
static void check_apart(const struct merge *m, const struct run *r, struct diag_list *dl)
{
	struct stat a, b;
	if (stat(r->o->out_dir, &a) != 0)
		return;
	for (size_t i = 0; i < m->n; i++)
		if (stat(m->v[i].dir, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			diag_error(dl, m->v[i].dir, 0, NULL, "is the output folder itself (-o): merge into another folder");
}

size_t merge_check(struct merge *m, struct run *r)
{
	struct diag_list *dl = &r->dl;
	size_t before = dl->nerrors;
	if (!m->consistent)
		return 0;
	check_apart(m, r, dl);
	/* merge_read found every shard of one input and one year */
	char in[65];
	input_digest(r, in);
	if (strcmp(m->v[0].input, in) != 0)
		diag_error(dl, r->o->in_dir, 0, NULL, "not the input the shards were made from (its files or the "
			   "templates differ): give the input of the shards' runs");
	else if (m->v[0].order_year != r->year || m->v[0].report_year != r->report_year)
		diag_error(dl, r->o->in_dir, 0, NULL, "gives other academic years than the shards were made for");
	for (size_t i = 0; i < m->n; i++) {
		struct shard *sh = &m->v[i];
		char err[512], hex[65];
		char *mpath = xasprintf("%s/%s", sh->dir, MANIFEST_FILE);
		int rc = manifest_load(&sh->man, sh->dir, err, sizeof err);
		if (rc != 0) {
			diag_error(dl, sh->dir, 0, NULL, "%s", err);
		} else if (sha256_file(mpath, hex) != 0 || strcmp(hex, sh->manifest) != 0) {
			diag_error(dl, sh->dir, 0, NULL, "its manifest.csv is not the one its %s names (written again "
				   "or changed after the shard's run)", MERGE_RECORD);
		} else {
			check_verifies(sh, dl);
			plan_of(&sh->ts, r, sh->docs, sh->k, sh->n);
			check_listing(sh, r, dl, &m->bytes);
		}
		free(mpath);
	}
	return dl->nerrors - before;
}

/* ---- the merged output ------------------------------------------------------------------- */

struct out {
	struct merge *m;
	struct run *r;
	struct tasks ts; /* the unsharded plan: the print order and the folders */
	struct task_result *res;
	size_t nres, rescap, total;
	struct timespec start;
	double last_shown;
};

static double seconds_since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static void progress(struct out *o, bool last)
{
	if (!o->r->progress)
		return;
	double t = seconds_since(&o->start);
	if (!last && t - o->last_shown < 0.1)
		return;
	o->last_shown = t;
	double rate = t > 0 ? (double)o->nres / t : 0;
	struct pt_progress p = {o->nres, o->total, t, rate > 0 ? (double)(o->total - o->nres) / rate : -1, 0};
	o->r->progress(&p, o->r->progress_arg);
}

static void add_result(struct out *o, const struct task_result *res)
{
	xgrow((void **)&o->res, &o->rescap, o->nres + 1, sizeof *o->res);
	o->res[o->nres++] = *res;
	run_add_file(o->r, res->path, res->kind, res->graduate, res->pages);
	progress(o, false);
}

static bool cancelled(const struct run *r)
{
	return r->cancel && *r->cancel;
}

/* Copies the listed file sh->dir/path into the staging area, its bytes checked against the
 * manifest's hash as they are copied; fills res. Returns 0, or -1 with r->err. */
static int copy_one(struct out *o, const struct shard *sh, const char *path)
{
	struct run *r = o->r;
	const struct manifest_entry *e = manifest_find(&sh->man, path);
	char *from = xasprintf("%s/%s", sh->dir, path), *data = NULL;
	size_t n = 0;
	int rc = e ? file_read_all(from, DOC_MAX, &data, &n) : -1;
	char hex[65] = "", err[512];
	if (rc == 0) {
		struct sha256 h;
		uint8_t d[32];
		sha256_init(&h);
		sha256_update(&h, data, n);
		sha256_final(&h, d);
		sha256_hex(d, hex);
	}
	if (rc != 0 || strcmp(hex, e->sha256) != 0) {
		run_fail(r, "%s: changed or gone since the shards were checked: nothing was written", from);
		rc = -1;
	} else {
		char *to = xasprintf("%s/%s", r->write_dir, path);
		rc = file_write_new(to, data, n, 0640, err, sizeof err);
		free(to);
		if (rc != 0)
			run_fail(r, "%s", err);
	}
	if (rc == 0) {
		struct task_result res = {0};
		snprintf(res.path, sizeof res.path, "%s", path);
		snprintf(res.kind, sizeof res.kind, "%s", e->kind);
		snprintf(res.graduate, sizeof res.graduate, "%s", e->graduate);
		res.pages = e->pages;
		memcpy(res.sha256, e->sha256, sizeof res.sha256);
		add_result(o, &res);
	}
	free(data);
	free(from);
	return rc;
}

static int copy_all(struct out *o)
{
	for (size_t i = 0; i < o->m->n; i++) {
		const struct shard *sh = &o->m->v[i];
		for (size_t t = 0; t < sh->ts.n; t++) {
			if (cancelled(o->r))
				return -2;
			char *path = tasks_path(o->r, &sh->ts.v[t]);
			int rc = copy_one(o, sh, path);
			free(path);
			if (rc != 0)
				return -1;
		}
	}
	if (o->nres != o->ts.n) { /* the shards' plans together are the plan of one run */
		run_fail(o->r, "the shards hold %zu documents, one run writes %zu", o->nres, o->ts.n);
		return -1;
	}
	return 0;
}

static int print_all(struct out *o)
{
	for (size_t k = 0; k < print_count(&o->ts); k++) {
		if (cancelled(o->r))
			return -2;
		struct task_result res = {0};
		char err[512];
		if (print_write(o->r, &o->ts, k, &res, err, sizeof err) != 0) {
			run_fail(o->r, "%s", err);
			return -1;
		}
		add_result(o, &res);
	}
	return 0;
}

/* The folders the merged output writes into, as a run of the same documents. */
static size_t folders(const struct out *o, const char **sub)
{
	bool need[3] = {false, false, o->ts.print != 0 || o->r->inventory};
	for (size_t i = 0; i < o->ts.n; i++) {
		need[0] |= o->ts.v[i].kind == T_PASSPORT;
		need[1] |= o->ts.v[i].kind == T_PLAN;
	}
	static const char *const names[] = {"passports", "plans", "print"};
	size_t n = 0;
	for (int i = 0; i < 3; i++)
		if (need[i])
			sub[n++] = names[i];
	return n;
}

/* No folder of the output is a symbolic link or a file, and the file system has room for
 * the documents and their print files. Returns 0 or -1 (r->err). */
static int check_before(const struct out *o, const char *const *sub, size_t nsub)
{
	struct run *r = o->r;
	for (size_t i = 0; i < nsub; i++) {
		char *dir = xasprintf("%s/%s", r->o->out_dir, sub[i]);
		struct stat st;
		int rc = lstat(dir, &st) == 0 && !S_ISDIR(st.st_mode) ? -1 : 0;
		if (rc)
			run_fail(r, "%s: %s", dir,
				 S_ISLNK(st.st_mode) ? _("is a symbolic link: refusing to write through it") : _("not a folder"));
		else
			stage_narrow_folder(dir);
		free(dir);
		if (rc)
			return -1;
	}
	struct statvfs vfs;
	unsigned long long need = 2 * o->m->bytes + 64u * 1024;
	if (statvfs(r->o->out_dir, &vfs) == 0) {
		unsigned long long avail = (unsigned long long)vfs.f_bavail * vfs.f_frsize;
		if (avail < need) {
			run_fail(r, "%s: not enough free space: about %llu MB needed, %llu MB free", r->o->out_dir,
				 (need + (1u << 20) - 1) >> 20, avail >> 20);
			return -1;
		}
	}
	return 0;
}

static void waiting(long pid, void *arg)
{
	const struct run *r = arg;
	if (!r->progress)
		return;
	struct pt_progress p = {0, 0, 0, -1, pid > 0 ? pid : -1};
	r->progress(&p, r->progress_arg);
}

static int write_staged(struct out *o, struct stage *st)
{
	struct run *r = o->r;
	char err[512];
	const char *sub[3];
	size_t nsub = folders(o, sub);
	if (stage_recover(st, &r->dl, err, sizeof err) != 0) {
		run_fail(r, "%s", err);
		return -1;
	}
	if (check_before(o, sub, nsub) != 0)
		return -1;
	if (stage_open(st, sub, nsub, err, sizeof err) != 0) {
		run_fail(r, "%s", err);
		return -1;
	}
	r->write_dir = st->dir;
	int rc = copy_all(o);
	if (rc == 0)
		rc = print_all(o);
	progress(o, true);
	if (rc == 0 && !cancelled(r)) {
		rc = record_run(r, o->res, o->nres, true, err, sizeof err);
		if (rc != 0)
			run_fail(r, "%s", err);
	}
	return rc != 0 ? rc : cancelled(r) ? -2 : 0;
}

static void forget_files(struct run *r)
{
	for (size_t i = 0; i < r->nfiles; i++) {
		free(r->files[i].path);
		free(r->files[i].kind);
		free(r->files[i].graduate);
	}
	r->nfiles = 0;
}

int merge_write(struct merge *m, struct run *r)
{
	struct out o = {m, r, {0}, NULL, 0, 0, 0, {0, 0}, 0};
	forget_files(r);
	clock_gettime(CLOCK_MONOTONIC, &o.start);
	plan_of(&o.ts, r, m->n ? m->v[0].docs : 0, 0, 0);
	o.total = o.ts.n + print_count(&o.ts);
	struct stage st = {.out = r->o->out_dir, .lock_fd = -1};
	char err[512];
	int rc = stage_lock(&st, !r->no_wait, r->cancel, waiting, r, err, sizeof err);
	if (rc == -1 || rc == -3)
		run_fail(r, "%s", err);
	if (rc == 0 && record_check(r, err, sizeof err) != 0) {
		run_fail(r, "%s", err);
		rc = -1;
	}
	if (rc == 0) {
		rc = write_staged(&o, &st);
		if (rc == 0 && stage_commit(&st, err, sizeof err) != 0) {
			run_fail(r, "%s", err);
			rc = -1;
		}
		if (rc != 0) {
			stage_remove(&st);
			forget_files(r);
		}
		r->write_dir = NULL;
	}
	stage_unlock(&st);
	tasks_free(&o.ts);
	free(o.res);
	return rc == -2 ? -2 : rc != 0 ? -1 : 0;
}

void merge_free(struct merge *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		manifest_free(&m->v[i].man);
		tasks_free(&m->v[i].ts);
	}
	free(m->v);
	free(m);
}
