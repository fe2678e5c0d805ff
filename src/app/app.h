/* app: the library behind the command line — reads the input folder into a checked model,
 * and writes the documents.
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
	bool strict, quiet;
};

enum app_doc {
	APP_PASSPORTS = 1,
	APP_PLANS = 2,
	APP_ORDER = 4,
	APP_REPORT = 8,
	APP_ALL = 15,
};

/* Status of a run, as the process's exit code. */
enum app_status { APP_OK = 0, APP_INPUT_ERROR = 1, APP_USAGE = 2, APP_FAILURE = 3 };

/* Reads and checks the input (tables, institution.xml, templates); prints every problem to
 * stderr. docs chooses which documents' templates and rules are checked. */
enum app_status app_check(const struct app_opts *o, unsigned docs);
/* Checks, then writes the chosen documents into o->out_dir. */
enum app_status app_run(const struct app_opts *o, unsigned docs);

/* Finds the folder holding templates/ and fonts/: $PATRONAT_DATA, the executable's
 * ../share/patronat, or the executable's ../ (the build tree). Returns a malloc'd path. */
char *app_find_data_dir(const char *argv0);

#endif
