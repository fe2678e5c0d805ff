/* batch: writes a run's documents — the output folder made safe, the planned tasks run
 * through the workers, each finished file counted for progress, then the print files and
 * the record (manifest and register).
 * Invariant: a task's output depends only on the model, the templates and the date, never on
 * which worker ran it or when, so any -j and any shard split give the same bytes; print files
 * are made last, by this process, from the per-graduate PDFs just written; the caller's
 * progress callback is called from this process only. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/print.h"
#include "app/record.h"
#include "app/render.h"
#include "app/run.h"
#include "app/tasks.h"
#include "app/workers.h"
#include "util/fileio.h"
#include "util/xalloc.h"

struct batch {
	struct run *r;
	struct tasks ts;
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
	struct pt_progress p = {b->nres, total, t, rate > 0 ? (double)(total - b->nres) / rate : -1};
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
	return render_task(b->r, &b->ts.v[i], result, why, whylen);
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
	struct workers w = {b->ts.n, jobs, sizeof(struct task_result), run_one, done_one, b, b->r->cancel};
	char err[1024];
	int rc = workers_run(&w, err, sizeof err);
	if (rc == -1)
		run_fail(b->r, "%s", err);
	return rc;
}

static int print_files(struct batch *b)
{
	for (size_t k = 0; k < print_count(&b->ts); k++) {
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
	bool need[4] = {true, false, false, b->ts.print != 0};
	for (size_t i = 0; i < b->ts.n; i++) {
		need[1] |= b->ts.v[i].kind == T_PASSPORT;
		need[2] |= b->ts.v[i].kind == T_PLAN;
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

/* Returns 0, -1 (r->err says why) or -2 (cancelled). */
int batch_write(struct run *r, unsigned docs)
{
	struct batch b = {0};
	b.r = r;
	forget_files(r); /* r->files: what this batch writes */
	clock_gettime(CLOCK_MONOTONIC, &b.start);
	tasks_plan(&b.ts, r, docs);
	char cerr[512];
	int rc = record_check(r, cerr, sizeof cerr); /* a manifest that cannot be recorded into: nothing written */
	if (rc != 0)
		run_fail(r, "%s", cerr);
	if (rc == 0)
		rc = make_folders(&b);
	if (rc == 0) {
		rc = run_tasks(&b);
		if (r->cancel && *r->cancel)
			rc = -2;
		if (rc == 0)
			rc = print_files(&b);
		progress(&b, true);
	}
	if (rc == 0) {
		char err[512];
		rc = record_run(r, b.res, b.nres, tasks_whole(r->o), err, sizeof err);
		if (rc != 0)
			run_fail(r, "%s", err);
	}
	tasks_free(&b.ts);
	free(b.res);
	return rc;
}
