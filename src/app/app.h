/* app: the library's internals behind patronat.h — the options of a run and the documents.
 * Sees: model (and the readers csv, xml), rules, tmpl, doc, font, archive, util — and
 * layout and pdf only through render.c. Seen by: the clients (cli, web) only through
 * src/patronat.h (patronat.c); below app nothing includes it. Its files, in pipeline order:
 * app.c reads the input (run_load); batch.c writes: tasks.c plans, workers.c runs the tasks,
 * render.c turns each tree into a PDF, print.c merges the print files, record.c writes the
 * manifest and the register, stage.c locks the output folder and moves a run's staged files
 * into place; merge.c joins the folders of a sharded run's shards into one, as one run.
 * Invariant: nothing is written to the output folder unless the whole input was read with no
 * errors (and no warnings under strict); every document file appears complete or not at all. */
#ifndef PT_APP_H
#define PT_APP_H

#include <stdbool.h>

#include "model/model.h"
#include "util/date.h"
#include "util/diag.h"

struct app_opts {
	const char *in_dir;   /* input folder */
	const char *out_dir;  /* output folder */
	const char *data_dir; /* where templates/ and fonts/ are */
	struct date today;    /* the documents' date */
	int year;             /* academic year (start), 0 = from institution.xml or today */
	const char *graduate; /* only this graduate, or NULL */
	int jobs;             /* worker processes, 0 = the number of cores */
	int shard_k, shard_n; /* only the graduates of shard k of n (1-based), n <= 1 = all */
	bool duplex;          /* print files: every document starts on an odd page */
	bool strict;
	bool qr;              /* the QR element on page 1 of every document (layout/qr.h) */
};

enum app_doc {
	APP_PASSPORTS = 1,
	APP_PLANS = 2,
	APP_ORDER = 4,
	APP_REPORT = 8,
	APP_ALL = 15,
};

/* The folder holding templates/ and fonts/ (see pt_find_data_dir). Returns a malloc'd path. */
char *app_find_data_dir(void);

#endif
