/* patronat: the public calls of patronat.h over one run context (run.h).
 * Invariant: a session owns its run and every string it hands out; nothing here prints. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#define _POSIX_C_SOURCE 200809L
#include "patronat.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "app/merge.h"
#include "app/render.h"
#include "app/run.h"
#include "archive/verify.h"
#include "model/load.h"
#include "rules/retention.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/fileio.h"
#include "util/xalloc.h"

struct pt_session {
	struct app_opts o;
	struct run r;
	bool ok;          /* the input passed its checks */
	bool prepared;    /* fonts and hyphenation loaded */
	bool shared_cancel; /* cancel is a shared mapping (else malloc'd: workers do not see it) */
	/* set by pt_cancel; in a shared page, so that the worker processes pt_write forks see
	 * it too and stop after their current document */
	volatile sig_atomic_t *cancel;
	/* views handed out, rebuilt when what they show has grown */
	struct pt_problem *problems;
	size_t nproblems;
	struct pt_table_info tables[TABLE_COUNT];
	struct pt_graduate_info *grads;
	struct pt_file_info *files;
	size_t nfiles;
	struct merge *merge; /* pt_open_shards: the shards to join, else NULL */
};

static struct date to_date(struct pt_date d)
{
	return (struct date){d.year, d.month, d.day};
}

/* A session for o, its input not read yet. */
static struct pt_session *session_new(const struct pt_options *o)
{
	struct pt_session *s = xcalloc(1, sizeof *s);
	s->o = (struct app_opts){o->in_dir, o->out_dir, o->data_dir, to_date(o->today), o->year,
				 o->graduate, o->jobs, o->shard_k, o->shard_n, o->duplex, o->strict, o->qr};
	s->r.o = &s->o;
	void *page = mmap(NULL, sizeof *s->cancel, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	s->cancel = page == MAP_FAILED ? xcalloc(1, sizeof *s->cancel) : page;
	s->shared_cancel = page != MAP_FAILED;
	s->r.cancel = s->cancel;
	s->r.no_wait = o->no_wait;
	return s;
}

struct pt_session *pt_open(const struct pt_options *o, unsigned docs)
{
	struct pt_session *s = session_new(o);
	s->ok = run_load(&s->r, docs ? docs : PT_ALL);
	return s;
}

struct pt_session *pt_open_shards(const struct pt_options *o, const char *const *dirs, size_t n)
{
	struct pt_session *s = session_new(o);
	struct diag_list *dl = &s->r.dl;
	struct merge_common c = {{0, 0, 0}, 0, 0};
	if (o->graduate || o->shard_n > 1)
		diag_error(dl, NULL, 0, o->graduate ? "--graduate" : "--shard",
			   "merge joins whole shards: it takes no --graduate or --shard");
	if (n == 0)
		diag_error(dl, NULL, 0, NULL, "no shard given: name the output folder of every shard");
	s->merge = merge_read(dirs, n, dl, &c);
	if (dl->nerrors == 0 && o->today.year && date_cmp(to_date(o->today), c.date) != 0)
		diag_error(dl, NULL, 0, "--date", "%04d-%02d-%02d, but the shards are dated %04d-%02d-%02d",
			   o->today.year, o->today.month, o->today.day, c.date.y, c.date.m, c.date.d);
	if (dl->nerrors == 0 && o->year && o->year != c.year && c.year)
		diag_error(dl, NULL, 0, "--year", "%d, but the shards were made with --year %d", o->year, c.year);
	else if (dl->nerrors == 0 && o->year && !c.year)
		diag_error(dl, NULL, 0, "--year", "%d, but the shards were made without --year", o->year);
	if (dl->nerrors == 0) {
		s->o.today = c.date;
		s->o.year = c.year;
		s->o.shard_k = s->o.shard_n = 0;
		run_load(&s->r, c.docs);
		merge_check(s->merge, &s->r);
	}
	diag_sort(dl);
	s->ok = !diag_failed(dl, o->strict);
	return s;
}

void pt_close(struct pt_session *s)
{
	if (!s)
		return;
	run_free(&s->r);
	merge_free(s->merge);
	if (s->shared_cancel)
		munmap((void *)s->cancel, sizeof *s->cancel);
	else
		free((void *)s->cancel);
	free(s->problems);
	free(s->grads);
	free(s->files);
	free(s);
}

/* Rebuilds the problem view when the list has grown (a write adds warnings). */
static void sync_problems(struct pt_session *s)
{
	const struct diag_list *dl = &s->r.dl;
	if (s->problems && s->nproblems == dl->n)
		return;
	free(s->problems);
	s->problems = xcalloc(dl->n ? dl->n : 1, sizeof *s->problems);
	for (size_t i = 0; i < dl->n; i++) {
		const struct diag *d = &dl->v[i];
		s->problems[i] = (struct pt_problem){
			.level = d->level == DIAG_ERROR ? PT_ERROR : PT_WARNING,
			.file = d->file,
			.sheet = d->sheet,
			.line = d->line,
			.cell = d->cell,
			.field = d->field,
			.graduate = d->graduate,
			.message = d->msg,
		};
	}
	s->nproblems = dl->n;
}

size_t pt_problem_count(const struct pt_session *s)
{
	return s->r.dl.n;
}

const struct pt_problem *pt_problem_at(const struct pt_session *s, size_t i)
{
	struct pt_session *m = (struct pt_session *)s; /* the view is a cache */
	sync_problems(m);
	return i < m->nproblems ? &m->problems[i] : NULL;
}

size_t pt_error_count(const struct pt_session *s)
{
	return s->r.dl.nerrors;
}

size_t pt_warning_count(const struct pt_session *s)
{
	return s->r.dl.nwarnings;
}

bool pt_failed(const struct pt_session *s)
{
	return !s->ok;
}

char *pt_problem_format(const struct pt_problem *p, bool strict)
{
	struct diag d = {
		.level = p->level == PT_ERROR ? DIAG_ERROR : DIAG_WARNING,
		.file = (char *)p->file,
		.line = p->line,
		.field = (char *)p->field,
		.msg = (char *)p->message,
		.sheet = (char *)p->sheet,
		.cell = (char *)p->cell,
	};
	return diag_format(&d, strict);
}

enum pt_status pt_write_problems(struct pt_session *s, const char *path)
{
	char *own = path ? NULL : xasprintf("%s/problems.csv", s->o.out_dir);
	const char *to = path ? path : own;
	char *dir = xstrdup(to), *slash = strrchr(dir, '/');
	size_t len = 0;
	char *text = diag_csv(&s->r.dl, s->o.strict, &len);
	char err[512] = "";
	int rc = 0;
	if (slash && slash != dir) {
		*slash = '\0';
		rc = file_mkdirs(dir, err, sizeof err);
	}
	if (rc == 0)
		rc = file_write_atomic(to, text, len, 0640, err, sizeof err);
	if (rc != 0) {
		s->r.err[0] = '\0';
		run_fail(&s->r, "cannot write the list of problems: %s", err);
	}
	free(text);
	free(dir);
	free(own);
	return rc == 0 ? PT_OK : PT_FAILURE;
}

size_t pt_table_count(const struct pt_session *s)
{
	(void)s;
	return TABLE_COUNT;
}

/* The file of the model's file list that holds table name ("graduates.csv"), else the file
 * its first row came from (a workbook of every sheet: "patronat.xlsx"), or NULL. */
static const char *table_file(const struct model *m, const char *name, const struct src *first)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < m->nfiles; i++)
		if (strncmp(m->files[i], name, n) == 0 && m->files[i][n] == '.')
			return m->files[i];
	return first ? first->file : NULL;
}

const struct pt_table_info *pt_table_at(const struct pt_session *s, size_t i)
{
	if (i >= TABLE_COUNT)
		return NULL;
	struct pt_session *m = (struct pt_session *)s;
	const struct model *md = &s->r.m;
	size_t rows[TABLE_COUNT] = {md->ngraduates, md->nstaff, md->nrecords, md->nevents, md->npairs};
	/* every entity starts with its src */
	const struct src *first[TABLE_COUNT] = {
		md->ngraduates ? (const struct src *)md->graduates : NULL,
		md->nstaff ? (const struct src *)md->staff : NULL,
		md->nrecords ? (const struct src *)md->records : NULL,
		md->nevents ? (const struct src *)md->events : NULL,
		md->npairs ? (const struct src *)md->pairs : NULL,
	};
	const char *name = load_table_name((enum model_table)i);
	m->tables[i] = (struct pt_table_info){name, table_file(md, name, first[i]), rows[i]};
	return &m->tables[i];
}

size_t pt_graduate_count(const struct pt_session *s)
{
	return s->r.m.ngraduates;
}

const struct pt_graduate_info *pt_graduate_at(const struct pt_session *s, size_t i)
{
	struct pt_session *m = (struct pt_session *)s;
	if (i >= s->r.m.ngraduates)
		return NULL;
	if (!m->grads) {
		m->grads = xcalloc(s->r.m.ngraduates, sizeof *m->grads);
		for (size_t k = 0; k < s->r.m.ngraduates; k++) {
			const struct graduate *g = &s->r.m.graduates[k];
			m->grads[k] = (struct pt_graduate_info){g->id, g->surname, g->name, g->patronymic};
		}
	}
	return &m->grads[i];
}

int pt_academic_year(const struct pt_session *s)
{
	return s->r.year;
}

enum pt_status pt_write(struct pt_session *s, unsigned docs, pt_progress_fn progress, void *arg)
{
	s->r.err[0] = '\0';
	if (!s->ok)
		return PT_INPUT_ERROR;
	if (!s->prepared) {
		if (render_prepare(&s->r) != 0)
			return PT_FAILURE;
		s->prepared = true;
	}
	s->r.progress = progress;
	s->r.progress_arg = arg;
	int rc = batch_write(&s->r, docs);
	s->r.progress = NULL;
	return rc == 0 ? PT_OK : rc == -2 ? PT_INTERRUPTED : PT_FAILURE;
}

enum pt_status pt_merge(struct pt_session *s, pt_progress_fn progress, void *arg)
{
	s->r.err[0] = '\0';
	if (!s->ok || !s->merge)
		return PT_INPUT_ERROR;
	if (!s->prepared) {
		if (render_prepare(&s->r) != 0)
			return PT_FAILURE;
		s->prepared = true;
	}
	s->r.progress = progress;
	s->r.progress_arg = arg;
	int rc = merge_write(s->merge, &s->r);
	s->r.progress = NULL;
	return rc == 0 ? PT_OK : rc == -2 ? PT_INTERRUPTED : PT_FAILURE;
}

size_t pt_file_count(const struct pt_session *s)
{
	return s->r.nfiles;
}

const struct pt_file_info *pt_file_at(const struct pt_session *s, size_t i)
{
	struct pt_session *m = (struct pt_session *)s;
	if (i >= s->r.nfiles)
		return NULL;
	if (m->nfiles != s->r.nfiles) {
		free(m->files);
		m->files = xcalloc(s->r.nfiles, sizeof *m->files);
		for (size_t k = 0; k < s->r.nfiles; k++) {
			const struct run_file *f = &s->r.files[k];
			m->files[k] = (struct pt_file_info){f->path, f->kind, f->graduate, f->pages};
		}
		m->nfiles = s->r.nfiles;
	}
	return &m->files[i];
}

const char *pt_last_error(const struct pt_session *s)
{
	return s->r.err;
}

void pt_cancel(struct pt_session *s)
{
	*s->cancel = 1;
}

enum pt_status pt_dump_tree(struct pt_session *s, unsigned kind, const char *graduate, char **text)
{
	*text = NULL;
	if (!s->ok) {
		snprintf(s->r.err, sizeof s->r.err, "the input has errors");
		return PT_INPUT_ERROR;
	}
	return run_dump_tree(&s->r, kind, graduate, text);
}

/* verify's rules: the keeping period as rules/retention.h counts it. */
static struct date keep_until_by_rules(const char *kind, struct date closed, int years)
{
	struct date none = {0, 0, 0};
	return retention_years(NULL, kind) == RETENTION_NOT_KEPT ? none : retention_keep_until(closed, years);
}

long pt_verify(const char *dir, bool expired, struct pt_date today,
	       void (*line)(const char *text, void *arg), void *arg, char *err, size_t errlen)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	int n = expired ? verify_expired_err(dir, to_date(today), f, err, errlen)
			: verify_dir_rules(dir, &(struct verify_rules){keep_until_by_rules}, f, err, errlen);
	fclose(f);
	for (char *p = text, *nl; line && p && *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl) {
			line(p, arg);
			break;
		}
		*nl = '\0';
		line(p, arg);
	}
	free(text);
	return n;
}

char *pt_find_data_dir(void)
{
	return app_find_data_dir();
}

const char *pt_version(void)
{
	return PATRONAT_VERSION;
}
