/* run: the context of one run, shared by the loading (app.c) and the writing (batch.c and
 * the files it calls: tasks, workers, render, print, record).
 * Invariant: a run owns everything it loaded; run_free releases it all; after a successful
 * load the model is checked and indexed, and the templates of the chosen documents are valid. */
#ifndef PT_RUN_H
#define PT_RUN_H

#include <signal.h>

#include "app/app.h"
#include "patronat.h"
#include "font/fontset.h"
#include "model/load.h"
#include "rules/periods.h"
#include "tmpl/tmpl.h"

struct hyph; /* layout/hyph.h: only render.c looks inside */

struct run {
	const struct app_opts *o;
	struct diag_list dl;
	struct model m;
	struct aliases al;
	struct tmpl *passport, *plan, *order, *report, *inventory;
	int year;        /* the academic year of the order */
	int report_year; /* the report's: --year, else the latest whose report is due by today */
	struct fontset fs; /* fs, fonts_loaded and hy: render_prepare loads them, render_free frees */
	bool fonts_loaded;
	struct hyph *hy;
	struct rec_index ri;
	bool indexed;
	/* the caller's progress callback (may be NULL), called from the parent process only */
	void (*progress)(const struct pt_progress *p, void *arg);
	void *progress_arg;
	volatile sig_atomic_t *cancel; /* set to non-zero: stop the batch (may be NULL) */
	bool no_wait; /* another run holds the output folder: fail at once instead of waiting */
	/* where the batch writes: its staging area inside the output folder (batch.c sets it;
	 * render and record write there, never into o->out_dir itself) */
	const char *write_dir;
	/* what the last batch wrote (batch_write empties it first), paths relative to the
	 * output folder */
	struct run_file {
		char *path, *kind, *graduate;
		int pages;
	} *files;
	size_t nfiles, filescap;
	char err[512]; /* why the run failed, "" while it has not */
};

/* Reads the templates, the tables and institution.xml and checks them into r->dl (sorted).
 * Returns true when documents may be written (no error, no warning under strict). */
bool run_load(struct run *r, unsigned docs);
/* Records why the run failed in r->err (the first call wins). */
void run_fail(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Adds a written file to r->files (copies the strings). */
void run_add_file(struct run *r, const char *path, const char *kind, const char *graduate, int pages);
/* Releases everything r holds (render_free included); r is not reused afterwards. */
void run_free(struct run *r);
/* The tree of one document as text (pt_dump_tree; tree.c). Returns a pt_status; *text a
 * new string (free) on PT_OK, NULL otherwise with r->err set. Writes nothing. */
enum pt_status run_dump_tree(struct run *r, unsigned kind, const char *graduate, char **text);
/* Writes the chosen documents (batch.c): plans the tasks, runs them over the workers, merges
 * the print files and records the run. The fonts must be loaded (render_prepare). Returns 0,
 * -1 with r->err set, or -2 when r->cancel stopped it. */
int batch_write(struct run *r, unsigned docs);

#endif
