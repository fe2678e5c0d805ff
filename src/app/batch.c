/* batch: writes a run's documents — one task per file, spread over worker processes, with
 * progress on a terminal, print files in a stable order, shards for many machines.
 * Invariant: a task's output depends only on the model, the templates and the date, never on
 * which worker ran it or when, so any -j and any shard split give the same bytes. Workers
 * take tasks from a shared counter and report each finished file to the parent on a pipe as
 * one line (atomic, < PIPE_BUF). Print files are made last, by the parent, by merging the
 * per-graduate PDFs just written (pdf/merge.h: one file in memory at a time). */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/run.h"
#include "archive/record.h"
#include "doc/doc.h"
#include "layout/layout.h"
#include "pdf/merge.h"
#include "pdf/pdf.h"
#include "rules/order.h"
#include "rules/passport.h"
#include "rules/plan.h"
#include "rules/report.h"
#include "util/buf.h"
#include "util/collate.h"
#include "util/fileio.h"
#include "util/sha256.h"
#include "util/xalloc.h"

enum task_kind { T_ORDER, T_REPORT, T_PASSPORT, T_PLAN };

struct task {
	enum task_kind kind;
	size_t g; /* graduate index for T_PASSPORT and T_PLAN */
};

/* One finished file, as a worker reports it. */
struct result {
	char path[256];    /* relative to the output folder */
	char kind[16];
	char graduate[72];
	int pages;
	char sha256[65];
};

struct batch {
	struct run *r;
	struct task *t;
	size_t n, cap;
	size_t *order; /* selected graduates in print order (surname, name, id) */
	size_t norder;
	unsigned print; /* the print files to merge after the tasks: APP_PASSPORTS, APP_PLANS */
	struct result *res;
	size_t nres, rescap;
	/* progress */
	struct timespec start;
	double last_shown;
};

static const char *const kind_names[] = {"order", "report", "passport", "plan"};

/* ---- selection and order ----------------------------------------------------------- */

/* FNV-1a: a stable hash of an id, for --shard. */
static uint64_t id_hash(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static bool selected(const struct run *r, const struct graduate *g)
{
	if (r->o->graduate && strcmp(r->o->graduate, g->id) != 0)
		return false;
	if (r->o->shard_n > 1 && (int)(id_hash(g->id) % (uint64_t)r->o->shard_n) != r->o->shard_k - 1)
		return false;
	return true;
}

/* Print order: surname, name, patronymic (Russian alphabetical order), then id. */
static int cmp_print(const void *a, const void *b)
{
	const struct graduate *x = *(const struct graduate *const *)a, *y = *(const struct graduate *const *)b;
	int c = collate_ru(x->surname, y->surname);
	if (!c)
		c = collate_ru(x->name, y->name);
	if (!c)
		c = collate_ru(x->patronymic, y->patronymic);
	return c ? c : strcmp(x->id, y->id);
}

static void print_order(struct batch *b)
{
	const struct model *m = &b->r->m;
	const struct graduate **v = xmalloc((m->ngraduates ? m->ngraduates : 1) * sizeof *v);
	size_t n = 0;
	for (size_t g = 0; g < m->ngraduates; g++)
		if (selected(b->r, &m->graduates[g]))
			v[n++] = &m->graduates[g];
	qsort(v, n, sizeof *v, cmp_print);
	b->order = xmalloc((n ? n : 1) * sizeof *b->order);
	for (size_t i = 0; i < n; i++)
		b->order[i] = (size_t)(v[i] - m->graduates);
	b->norder = n;
	free(v);
}

static void add_task(struct batch *b, enum task_kind kind, size_t g)
{
	xgrow((void **)&b->t, &b->cap, b->n + 1, sizeof *b->t);
	b->t[b->n++] = (struct task){kind, g};
}

/* Heavy tasks first, so that workers share them out; the print files (only when the run
 * covers every graduate) are merged by the parent after all tasks. */
static void plan_tasks(struct batch *b, unsigned docs)
{
	const struct app_opts *o = b->r->o;
	bool whole = !o->graduate && o->shard_n <= 1;
	if (whole && b->norder)
		b->print = docs & (APP_PASSPORTS | APP_PLANS);
	bool first_shard = o->shard_n <= 1 || o->shard_k == 1;
	if ((docs & APP_ORDER) && first_shard && !o->graduate)
		add_task(b, T_ORDER, 0);
	if ((docs & APP_REPORT) && first_shard && !o->graduate)
		add_task(b, T_REPORT, 0);
	for (size_t i = 0; i < b->norder; i++) {
		if (docs & APP_PASSPORTS)
			add_task(b, T_PASSPORT, b->order[i]);
		if (docs & APP_PLANS)
			add_task(b, T_PLAN, b->order[i]);
	}
}

/* ---- one task ----------------------------------------------------------------------- */

static struct doc *build(const struct run *r, enum task_kind kind, size_t g)
{
	switch (kind) {
	case T_PASSPORT: return passport_build(&r->m, &r->ri, g, r->passport);
	case T_PLAN: return plan_build(&r->m, g, r->plan, r->o->today);
	case T_ORDER: return order_build(&r->m, r->order, r->year, r->o->today);
	case T_REPORT: return report_build(&r->m, &r->ri, r->report, r->plan, r->year, r->o->today);
	}
	return NULL;
}

static void lay_out(const struct run *r, const struct doc *d, struct pages *pg)
{
	struct layout_opts lo;
	layout_default_opts(&lo);
	for (int f = 0; f < FONT_NFACES; f++)
		lo.face[f] = r->fs.ttf[f];
	lo.can_show = fontset_printable;
	lo.hyph = r->hy;
	memset(pg, 0, sizeof *pg);
	layout_doc(d, &lo, pg);
}

static void fonts_of(const struct run *r, struct pdf_fonts *pf)
{
	pf->cache = r->fs.cache;
	for (int f = 0; f < FONT_NFACES; f++) {
		pf->path[f] = r->fs.ttf[f] ? fontset_pdf_path(&r->fs, f) : NULL;
		pf->wide[f] = r->fs.ttf[f] ? fontset_pdf_wide_path(&r->fs, f) : NULL;
	}
}

static char *task_path(const struct run *r, const struct task *t)
{
	switch (t->kind) {
	case T_PASSPORT: return xasprintf("passports/%s.pdf", r->m.graduates[t->g].id);
	case T_PLAN: return xasprintf("plans/%s.pdf", r->m.graduates[t->g].id);
	case T_ORDER: return xasprintf("order-%d.pdf", r->year);
	case T_REPORT: return xasprintf("report-%d.pdf", r->year);
	}
	return NULL;
}

/* Writes a rendered PDF atomically (mode 0640) and its SHA-256 (hashed from memory, not
 * read back). Returns 0 or -1 with err. */
static int write_hashed(const char *path, const char *data, size_t n, char sha[65], char *err, size_t errlen)
{
	struct sha256 h;
	uint8_t digest[32];
	sha256_init(&h);
	sha256_update(&h, data, n);
	sha256_final(&h, digest);
	sha256_hex(digest, sha);
	return file_write_atomic(path, data, n, 0640, err, errlen);
}

/* Runs one task; fills res. Returns 0, or -1 with why in why (whylen bytes). */
static int run_task(const struct run *r, const struct task *t, struct result *res, char *why, size_t whylen)
{
	char err[512];
	char *rel = task_path(r, t);
	char *path = xasprintf("%s/%s", r->o->out_dir, rel);
	struct doc *d = build(r, t->kind, t->g);
	struct pages pg;
	lay_out(r, d, &pg);
	struct pdf_fonts pf;
	fonts_of(r, &pf);
	int pages = (int)pg.n;
	char *data;
	size_t n;
	int rc = pdf_render(&pg, &pf, CREATOR, &data, &n, err, sizeof err);
	if (rc == 0) {
		rc = write_hashed(path, data, n, res->sha256, err, sizeof err);
		free(data);
	}
	pages_free(&pg);
	doc_free(d);
	if (rc != 0)
		snprintf(why, whylen, "%s: %s", rel, err);
	snprintf(res->path, sizeof res->path, "%s", rel);
	snprintf(res->kind, sizeof res->kind, "%s", kind_names[t->kind]);
	snprintf(res->graduate, sizeof res->graduate, "%s",
		 t->kind == T_PASSPORT || t->kind == T_PLAN ? r->m.graduates[t->g].id : "");
	res->pages = pages;
	free(rel);
	free(path);
	return rc;
}

/* ---- progress ------------------------------------------------------------------------ */

static double elapsed(const struct batch *b)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - b->start.tv_sec) + (double)(now.tv_nsec - b->start.tv_nsec) / 1e9;
}

static void progress(struct batch *b, bool last)
{
	if (!b->r->progress)
		return;
	double t = elapsed(b);
	if (!last && t - b->last_shown < 0.1)
		return;
	b->last_shown = t;
	size_t total = b->n + (b->print & APP_PASSPORTS ? 1 : 0) + (b->print & APP_PLANS ? 1 : 0);
	double rate = t > 0 ? (double)b->nres / t : 0;
	struct pt_progress p = {b->nres, total, t, rate > 0 ? (double)(total - b->nres) / rate : -1};
	b->r->progress(&p, b->r->progress_arg);
}

static void add_result(struct batch *b, const struct result *res)
{
	xgrow((void **)&b->res, &b->rescap, b->nres + 1, sizeof *b->res);
	b->res[b->nres++] = *res;
	run_add_file(b->r, res->path, res->kind, res->graduate, res->pages);
	progress(b, false);
}

/* ---- workers ------------------------------------------------------------------------- */

/* A worker: takes the next task from the counter shared by all workers (so a long task, the
 * report, does not hold back the others) and reports each finished file as
 * "path\tkind\tgraduate\tpages\tsha\n". */
static int worker(const struct run *r, const struct batch *b, atomic_size_t *next, int fd)
{
	int status = 0;
	for (;;) {
		size_t i = atomic_fetch_add(next, 1);
		if (i >= b->n || (r->cancel && *r->cancel))
			break;
		struct result res = {0};
		char why[1024];
		if (run_task(r, &b->t[i], &res, why, sizeof why) != 0) {
			status = 1;
			atomic_store(next, b->n); /* the cause (disk full, …) would fail the rest too */
			char line[PIPE_BUF];
			int len = snprintf(line, sizeof line, "!\t%.400s\n", why);
			if (len > 0 && write(fd, line, (size_t)len) != len)
				status = 1;
			break;
		}
		char line[512];
		int len = snprintf(line, sizeof line, "%s\t%s\t%s\t%d\t%s\n", res.path, res.kind, res.graduate,
				   res.pages, res.sha256);
		if (len > 0 && write(fd, line, (size_t)len) != len)
			status = 1;
	}
	return status;
}

static void parse_line(struct batch *b, char *line)
{
	if (strncmp(line, "!\t", 2) == 0) { /* a worker's failure */
		run_fail(b->r, "%s", line + 2);
		return;
	}
	struct result res = {0};
	char *f[5];
	for (int i = 0; i < 5; i++) {
		f[i] = line;
		char *tab = strchr(line, i < 4 ? '\t' : '\0');
		if (!tab)
			return;
		*tab = '\0';
		line = tab + 1;
	}
	snprintf(res.path, sizeof res.path, "%s", f[0]);
	snprintf(res.kind, sizeof res.kind, "%s", f[1]);
	snprintf(res.graduate, sizeof res.graduate, "%s", f[2]);
	res.pages = atoi(f[3]);
	snprintf(res.sha256, sizeof res.sha256, "%s", f[4]);
	add_result(b, &res);
}

/* Reads the workers' lines until every worker has closed its end. */
static void collect(struct batch *b, int fd)
{
	struct buf acc = BUF_INIT;
	char chunk[4096];
	for (;;) {
		ssize_t k = read(fd, chunk, sizeof chunk);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		buf_add(&acc, chunk, (size_t)k);
		char *start = acc.data, *nl;
		while ((nl = memchr(start, '\n', acc.len - (size_t)(start - acc.data)))) {
			*nl = '\0';
			parse_line(b, start);
			start = nl + 1;
		}
		size_t rest = acc.len - (size_t)(start - acc.data);
		memmove(acc.data, start, rest);
		acc.len = rest;
	}
	buf_free(&acc);
}

static int run_parallel(struct batch *b, size_t jobs)
{
	int fds[2];
	if (pipe(fds) != 0) {
		run_fail(b->r, "cannot start workers: %s", strerror(errno));
		return -1;
	}
	/* the next task's index, shared by the workers (an anonymous shared page) */
	atomic_size_t *next = mmap(NULL, sizeof *next, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (next == MAP_FAILED) {
		run_fail(b->r, "cannot start workers: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	atomic_init(next, 0);
	fflush(stderr);
	pid_t *pids = xcalloc(jobs, sizeof *pids);
	int status = 0;
	for (size_t k = 0; k < jobs; k++) {
		pids[k] = fork();
		if (pids[k] == 0) {
			close(fds[0]);
			int st = worker(b->r, b, next, fds[1]);
			close(fds[1]);
			_exit(st);
		}
		if (pids[k] < 0) {
			run_fail(b->r, "cannot start a worker: %s", strerror(errno));
			status = -1;
			break;
		}
	}
	close(fds[1]);
	collect(b, fds[0]);
	close(fds[0]);
	for (size_t k = 0; k < jobs; k++) {
		int ws;
		if (pids[k] <= 0)
			continue;
		while (waitpid(pids[k], &ws, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0) {
			status = -1;
			run_fail(b->r, "a worker process failed");
		}
	}
	free(pids);
	munmap(next, sizeof *next);
	return status;
}

static int run_inline(struct batch *b)
{
	int status = 0;
	for (size_t i = 0; i < b->n; i++) {
		if (b->r->cancel && *b->r->cancel)
			return -2;
		struct result res = {0};
		char why[1024];
		if (run_task(b->r, &b->t[i], &res, why, sizeof why) != 0) {
			run_fail(b->r, "%s", why);
			status = -1;
			break;
		}
		add_result(b, &res);
	}
	return status;
}

/* ---- print files: the per-graduate PDFs just written, merged in print order ------------ */

/* Merges folder/<id>.pdf of every selected graduate, in print order, into print/<folder>.pdf
 * and adds it to the results. Returns 0, or -1 after printing why. */
static int merge_print(struct batch *b, const char *folder, const char *title)
{
	const struct run *r = b->r;
	struct pdf_merge_opts mo = {title, r->m.inst.name, CREATOR, r->o->duplex};
	struct result res = {0};
	snprintf(res.path, sizeof res.path, "print/%s.pdf", folder);
	snprintf(res.kind, sizeof res.kind, "print");
	char err[512];
	char *path = xasprintf("%s/%s", r->o->out_dir, res.path);
	struct pdf_merge *m = pdf_merge_new(path, &mo, err, sizeof err);
	int rc = m ? 0 : -1;
	for (size_t i = 0; i < b->norder && rc == 0; i++) {
		const struct graduate *g = &r->m.graduates[b->order[i]];
		char *in = xasprintf("%s/%s/%s.pdf", r->o->out_dir, folder, g->id);
		char *full = model_full_name(g->surname, g->name, g->patronymic);
		char *entry = xasprintf("%s — %s", full, g->id), *label = xasprintf("%s-", g->id);
		rc = pdf_merge_add(m, in, entry, label, err, sizeof err);
		free(in), free(full), free(entry), free(label);
	}
	size_t pages = 0;
	if (rc == 0)
		rc = pdf_merge_finish(m, &pages, res.sha256, err, sizeof err);
	else
		pdf_merge_abort(m);
	free(path);
	if (rc != 0) {
		run_fail(b->r, "%s", err);
		return -1;
	}
	res.pages = (int)pages;
	add_result(b, &res);
	return 0;
}

static int print_files(struct batch *b)
{
	int rc = 0;
	if (b->print & APP_PASSPORTS)
		rc = merge_print(b, "passports", "Паспорта патроната выпускников");
	if (rc == 0 && (b->print & APP_PLANS))
		rc = merge_print(b, "plans", "Планы мероприятий патронатного сопровождения");
	return rc;
}

static size_t default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (size_t)n : 1;
}

/* Removes what a killed run left: temporary files ("NAME.pdf.tmp.PID") never renamed. */
static void remove_stale(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strstr(e->d_name, ".tmp.")) {
			char *p = xasprintf("%s/%s", dir, e->d_name);
			unlink(p);
			free(p);
		}
	}
	closedir(d);
}

/* Creates the output folders; a folder under the output folder must not be a symlink
 * (documents are never written through a link planted there). */
static int make_folders(const struct batch *b)
{
	char err[512];
	const char *sub[] = {"", "passports", "plans", "print"};
	bool need[4] = {true, false, false, b->print != 0};
	for (size_t i = 0; i < b->n; i++) {
		need[1] |= b->t[i].kind == T_PASSPORT;
		need[2] |= b->t[i].kind == T_PLAN;
	}
	for (int i = 0; i < 4; i++) {
		if (!need[i])
			continue;
		char *dir = xasprintf("%s/%s", b->r->o->out_dir, sub[i]);
		struct stat st;
		int rc = file_mkdirs(dir, err, sizeof err);
		if (rc == 0 && i > 0 && lstat(dir, &st) == 0 && S_ISLNK(st.st_mode)) {
			snprintf(err, sizeof err, "%s: is a symbolic link: refusing to write through it", dir);
			rc = -1;
		}
		if (rc == 0)
			remove_stale(dir);
		free(dir);
		if (rc) {
			run_fail(b->r, "%s", err);
			return -1;
		}
	}
	return 0;
}

/* ---- the archive: out/manifest.csv and out/print/inventory.pdf (archive/record.h) ------ */

static int write_register(void *ctx, const struct doc *d, const char *rel, int *pages, char *err,
			  size_t errlen)
{
	const struct run *r = ctx;
	struct pages pg;
	lay_out(r, d, &pg);
	struct pdf_fonts pf;
	fonts_of(r, &pf);
	*pages = (int)pg.n;
	char *path = xasprintf("%s/%s", r->o->out_dir, rel);
	int rc = pdf_write(&pg, &pf, CREATOR, path, err, errlen);
	free(path);
	pages_free(&pg);
	return rc;
}

static int record(struct batch *b)
{
	const struct run *r = b->r;
	struct record_file *f = xmalloc((b->nres ? b->nres : 1) * sizeof *f);
	for (size_t i = 0; i < b->nres; i++) {
		const struct result *s = &b->res[i];
		f[i] = (struct record_file){s->path, s->kind, s->graduate, s->pages, s->sha256};
	}
	char err[512];
	bool whole = !r->o->graduate && r->o->shard_n <= 1; /* the register, like print files, needs all */
	int rc = record_run(&r->m, r->year, r->o->today, r->o->out_dir, f, b->nres, whole ? r->inventory : NULL,
			    write_register, (void *)r, err, sizeof err);
	if (rc != 0)
		run_fail(b->r, "%s", err);
	free(f);
	return rc;
}

/* Returns 0, -1 (r->err says why) or -2 (cancelled). */
int batch_write(struct run *r, unsigned docs)
{
	struct batch b = {0};
	b.r = r;
	clock_gettime(CLOCK_MONOTONIC, &b.start);
	print_order(&b);
	plan_tasks(&b, docs);
	int rc = make_folders(&b);
	if (rc == 0) {
		size_t jobs = r->o->jobs > 0 ? (size_t)r->o->jobs : default_jobs();
		if (jobs > b.n)
			jobs = b.n;
		rc = jobs <= 1 ? run_inline(&b) : run_parallel(&b, jobs);
		if (r->cancel && *r->cancel)
			rc = -2;
		if (rc == 0)
			rc = print_files(&b);
		progress(&b, true);
	}
	if (rc == 0)
		rc = record(&b);
	free(b.t);
	free(b.order);
	free(b.res);
	return rc;
}
