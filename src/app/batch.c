/* batch: writes a run's documents — the output folder locked (stage.h), what can be checked
 * checked before writing, the planned tasks run through the workers into the staging area,
 * each finished file counted for progress, then the print files and the record (manifest and
 * register) and the list of problems, and only then the whole staging area moved into place.
 * Invariant: a task's output depends only on the model, the templates and the date, never on
 * which worker ran it or when, so any -j and any shard split give the same bytes; print files
 * are made last, by this process, from the per-graduate PDFs just staged; the caller's
 * progress callback is called from this process only; a batch that fails or is cancelled
 * leaves the output folder as it found it. */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "app/merge.h"
#include "app/print.h"
#include "app/record.h"
#include "app/render.h"
#include "app/run.h"
#include "app/stage.h"
#include "app/tasks.h"
#include "app/workers.h"
#include "archive/manifest.h"
#include "util/diag.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/xalloc.h"

struct batch {
	struct run *r;
	struct tasks ts;
	unsigned docs; /* the documents asked for (enum app_doc bits) */
	struct task_result *res; /* the files written, in the order they were finished */
	size_t nres, rescap;
	/* progress */
	struct timespec start;
	double last_shown;
};

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
	size_t total = b->ts.n + print_count(&b->ts);
	double rate = t > 0 ? (double)b->nres / t : 0;
	struct pt_progress p = {b->nres, total, t, rate > 0 ? (double)(total - b->nres) / rate : -1, 0};
	b->r->progress(&p, b->r->progress_arg);
}

static void add_result(struct batch *b, const struct task_result *res)
{
	xgrow((void **)&b->res, &b->rescap, b->nres + 1, sizeof *b->res);
	b->res[b->nres++] = *res;
	run_add_file(b->r, res->path, res->kind, res->graduate, res->pages);
	progress(b, false);
}

/* ---- the tasks, through the workers ---------------------------------------------------- */

static int run_one(void *ctx, size_t i, void *result, char *why, size_t whylen)
{
	const struct batch *b = ctx;
	int rc = render_task(b->r, &b->ts.v[i], result, why, whylen);
	/* the model's strings this task read leave the resident set (they stay in the shared
	 * pool): a worker does not grow with the graduates it has done */
	pool_forget_pages(&b->r->m.pool);
	return rc;
}

static void done_one(void *ctx, const void *result)
{
	add_result(ctx, result);
}

static size_t default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (size_t)n : 1;
}

static int run_tasks(struct batch *b)
{
	size_t jobs = b->r->o->jobs > 0 ? (size_t)b->r->o->jobs : default_jobs();
	if (jobs > b->ts.n)
		jobs = b->ts.n;
	xalloc_release(); /* freed pages resident now would be every worker's too */
	struct workers w = {b->ts.n, jobs, sizeof(struct task_result), run_one, done_one, b, b->r->cancel};
	char err[1024];
	int rc = workers_run(&w, err, sizeof err);
	if (rc == -1)
		run_fail(b->r, "%s", err);
	return rc;
}

static int print_files(struct batch *b)
{
	for (size_t k = 0; k < print_count(&b->ts) && !(b->r->cancel && *b->r->cancel); k++) {
		struct task_result res = {0};
		char err[512];
		if (print_write(b->r, &b->ts, k, &res, err, sizeof err) != 0) {
			run_fail(b->r, "%s", err);
			return -1;
		}
		add_result(b, &res);
	}
	return 0;
}

/* ---- the output folder ----------------------------------------------------------------- */

/* The folders a batch writes into: "passports", "plans", "print" as needed. */
static size_t folders(const struct batch *b, bool whole, const char **sub)
{
	bool need[3] = {false, false, b->ts.print != 0 || (whole && b->r->inventory)};
	for (size_t i = 0; i < b->ts.n; i++) {
		need[0] |= b->ts.v[i].kind == T_PASSPORT;
		need[1] |= b->ts.v[i].kind == T_PLAN;
	}
	static const char *const names[] = {"passports", "plans", "print"};
	size_t n = 0;
	for (int i = 0; i < 3; i++)
		if (need[i])
			sub[n++] = names[i];
	return n;
}

/* A rough lower bound of the bytes a batch stages: a document is rarely under 12 KB, a print
 * file holds every graduate's document again. */
#define EST_DOC (12u * 1024)
static unsigned long long estimate(const struct batch *b)
{
	unsigned long long n = (unsigned long long)b->ts.n * EST_DOC + 64u * 1024;
	n += (unsigned long long)print_count(&b->ts) * b->ts.norder * EST_DOC;
	return n;
}

/* What can be checked before anything is written: the old manifest reads, no folder of the
 * output is a symlink, the file system has room for a rough estimate. Returns 0 or -1 (r->err). */
static int check_before(struct batch *b, const char *const *sub, size_t nsub)
{
	struct run *r = b->r;
	char err[512];
	struct manifest man = MANIFEST_INIT;
	int rc = manifest_load(&man, r->o->out_dir, err, sizeof err);
	manifest_free(&man);
	if (rc == -2) {
		run_fail(r, "%s (the manifest is left as it is: repair or move it away, then run again)", err);
		return -1;
	}
	for (size_t i = 0; i < nsub; i++) {
		char *dir = xasprintf("%s/%s", r->o->out_dir, sub[i]);
		struct stat st;
		rc = lstat(dir, &st) == 0 && !S_ISDIR(st.st_mode) ? -1 : 0;
		if (rc)
			run_fail(r, "%s: %s", dir,
				 S_ISLNK(st.st_mode) ? _("is a symbolic link: refusing to write through it")
						 : _("not a folder"));
		else
			stage_narrow_folder(dir); /* a folder of ours: 0750 at most */
		free(dir);
		if (rc)
			return -1;
	}
	struct statvfs vfs;
	unsigned long long need = estimate(b);
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
	const struct batch *b = arg;
	if (!b->r->progress)
		return;
	struct pt_progress p = {0, 0, 0, -1, pid > 0 ? pid : -1};
	b->r->progress(&p, b->r->progress_arg);
}

/* ---- the batch --------------------------------------------------------------------------- */

static void forget_files(struct run *r)
{
	for (size_t i = 0; i < r->nfiles; i++) {
		free(r->files[i].path);
		free(r->files[i].kind);
		free(r->files[i].graduate);
	}
	r->nfiles = 0;
}

static bool cancelled(const struct run *r)
{
	return r->cancel && *r->cancel;
}

/* Plans, checks, stages and runs the tasks, the print files and the record. */
static int write_staged(struct batch *b, struct stage *st)
{
	struct run *r = b->r;
	char err[512];
	const char *sub[3];
	bool whole = tasks_whole(r->o);
	size_t nsub = folders(b, whole, sub);
	if (stage_recover(st, &r->dl, err, sizeof err) != 0) {
		run_fail(r, "%s", err);
		return -1;
	}
	if (check_before(b, sub, nsub) != 0)
		return -1;
	if (stage_open(st, sub, nsub, err, sizeof err) != 0) {
		run_fail(r, "%s", err);
		return -1;
	}
	r->write_dir = st->dir;
	int rc = run_tasks(b);
	if (rc == 0 && !cancelled(r))
		rc = print_files(b);
	progress(b, true);
	if (rc == 0 && !cancelled(r)) {
		rc = record_run(r, b->res, b->nres, whole, err, sizeof err);
		if (rc != 0)
			run_fail(r, "%s", err);
	}
	/* a shard names itself beside its manifest, for patronat merge (merge.h) */
	if (rc == 0 && !cancelled(r) && r->o->shard_n > 1 && !r->o->graduate) {
		rc = merge_record_shard(r, b->docs, err, sizeof err);
		if (rc != 0)
			run_fail(r, "%s", err);
	}
	return rc != 0 ? rc : cancelled(r) ? -2 : 0;
}

/* Stages OUT/problems.csv: every problem of the session, this run's too, as
 * pt_write_problems writes it; committed with the documents, so a run that fails or is
 * stopped leaves the previous list in place. Returns 0, or -1 with r->err. */
static int stage_problems(struct run *r, const struct stage *st)
{
	size_t len = 0;
	char *text = diag_csv(&r->dl, r->o->strict, &len);
	char *path = xasprintf("%s/problems.csv", st->dir);
	char err[512];
	int rc = file_write_new(path, text, len, 0640, err, sizeof err);
	if (rc != 0)
		run_fail(r, "cannot write the list of problems: %s", err);
	free(path);
	free(text);
	return rc;
}

/* Returns 0, -1 (r->err says why) or -2 (cancelled). */
int batch_write(struct run *r, unsigned docs)
{
	struct batch b = {0};
	b.r = r;
	b.docs = docs;
	forget_files(r); /* r->files: what this batch writes */
	clock_gettime(CLOCK_MONOTONIC, &b.start);
	tasks_plan(&b.ts, r, docs);
	struct stage st = {.out = r->o->out_dir, .lock_fd = -1};
	char err[512];
	int rc = stage_lock(&st, !r->no_wait, r->cancel, waiting, &b, err, sizeof err);
	if (rc == -1 || rc == -3)
		run_fail(r, "%s", err);
	if (rc == 0) { /* a manifest that cannot be recorded into: nothing written */
		char cerr[512];
		if (record_check(r, cerr, sizeof cerr) != 0) {
			run_fail(r, "%s", cerr);
			rc = -1;
		}
	}
	if (rc == 0) {
		rc = write_staged(&b, &st);
		if (rc == 0)
			rc = stage_problems(r, &st);
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
	tasks_free(&b.ts);
	free(b.res);
	return rc == -2 ? -2 : rc != 0 ? -1 : 0;
}
