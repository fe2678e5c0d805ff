/* tasks: what a batch writes — one task per document file, for the graduates the options
 * select (--graduate, --shard) in print order, and where each task's file goes.
 * Invariant: the plan depends only on the model and the options, never on the number of
 * workers or on time, so any -j and any shard split give the same files; a graduate falls
 * in exactly one shard of n (a stable hash of its id). */
#ifndef PT_TASKS_H
#define PT_TASKS_H

#include <stdbool.h>
#include <stddef.h>

#include "app/run.h"

enum task_kind { T_ORDER, T_REPORT, T_PASSPORT, T_PLAN };

struct task {
	enum task_kind kind;
	size_t g; /* graduate index for T_PASSPORT and T_PLAN */
};

/* One file written (a task's document or a print file), as it is reported and recorded:
 * fixed-size, so that a worker can send it to the parent in one write. */
struct task_result {
	char path[256];    /* relative to the output folder */
	char kind[16];     /* passport, plan, order, report, print */
	char graduate[72]; /* the graduate's id, "" for documents of the year and print files */
	int pages;
	char sha256[65];   /* 64 hex digits of the file's bytes */
};

struct tasks {
	struct task *v;
	size_t n, cap;
	size_t *order;  /* the selected graduates in print order (surname, name, patronymic, id) */
	size_t norder;
	unsigned print; /* the print files to merge after the tasks: APP_PASSPORTS, APP_PLANS */
};

/* Plans the documents docs (enum app_doc bits) of r into ts (which must be zeroed): the
 * order and the report first (the heavy ones, so that workers share them out; only in
 * shard 1 and without --graduate), then each selected graduate's passport and plan in print
 * order. The print files are planned only when the run covers every graduate and has one.
 * r is borrowed; free ts with tasks_free. */
void tasks_plan(struct tasks *ts, const struct run *r, unsigned docs);
void tasks_free(struct tasks *ts);

/* True when the options cover every graduate (no --graduate, no --shard): the print files
 * and the register are made only then. */
bool tasks_whole(const struct app_opts *o);

/* The file of t relative to the output folder: "passports/ID.pdf", "plans/ID.pdf",
 * "order-YEAR.pdf", "report-YEAR.pdf". Returns a new string (free). */
char *tasks_path(const struct run *r, const struct task *t);
/* The kind's name in the manifest: "order", "report", "passport", "plan" (static). */
const char *tasks_kind_name(enum task_kind kind);
/* The id of t's graduate, "" for the documents of the year (borrowed from r). */
const char *tasks_graduate(const struct run *r, const struct task *t);

#endif
