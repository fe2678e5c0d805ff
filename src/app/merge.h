/* merge: the shards of one sharded run (--shard K/N, each written into its own folder)
 * joined into one output folder, the same as one unsharded run of the same input would have
 * written: the shards' documents copied, the print files and the register made again from
 * them, the manifest recorded as a run records it.
 * A sharded run leaves beside its manifest the record MERGE_RECORD ("shard.txt", not a PDF,
 * so verify never lists it), lines of KEY=VALUE after a first line "patronat shard 1":
 *   shard=K/N  version=0.1.0  date=YYYY-MM-DD  year=(--year, empty without)
 *   order-year=YYYY  report-year=YYYY  docs=passports plans order report
 *   input=<SHA-256 of the input files, templates and fonts list read>
 *   manifest=<SHA-256 of manifest.csv>
 * Invariant: nothing is written unless every shard K of N is given exactly once, all of one
 * version, date, year, document set and input (the one the merge reads), each shard's
 * folder verifies against its manifest (as `patronat verify` would) and its manifest lists
 * exactly the documents shard K of that input writes; the files copied are re-hashed against
 * the manifest as they are copied. */
#ifndef PT_MERGE_H
#define PT_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include "app/run.h"
#include "util/diag.h"

#define MERGE_RECORD "shard.txt"

/* In a sharded run (o->shard_n > 1, no --graduate): writes r->write_dir/MERGE_RECORD for the
 * documents docs, after the manifest was staged there (its hash is in the record). Returns 0,
 * or -1 with err. */
int merge_record_shard(const struct run *r, unsigned docs, char *err, size_t errlen);

/* What the shards agree on, once merge_read found them consistent. */
struct merge_common {
	struct date date; /* their --date */
	int year;         /* their --year, 0 when they had none */
	unsigned docs;    /* the documents they wrote (enum app_doc bits) */
};

struct merge;

/* Reads the record of each of the n folders dirs (borrowed: they must outlive the merge) and
 * checks them against each other: every shard K of one N exactly once, one version, date,
 * year, document set and input. Each problem is an error in dl naming the folder. Returns a
 * new merge (merge_free), never NULL; *common is set when the records agree (returns with no
 * error added to dl). */
struct merge *merge_read(const char *const *dirs, size_t n, struct diag_list *dl, struct merge_common *common);

/* With r loaded (run_load) from the input the merge was given, with the shards' date, year
 * and documents: checks that they were made from this input and these templates, that each
 * shard's folder verifies against its manifest and that the manifest lists exactly the
 * documents of its shard. Errors go into r->dl. Returns the number of errors added. */
size_t merge_check(struct merge *m, struct run *r);

/* Writes the merged output into r->o->out_dir as batch_write writes a run: the folder locked,
 * what can be checked checked, every file staged, then moved into place (manifest last).
 * Fills r->files. The fonts must be loaded (render_prepare). Returns 0, -1 with r->err set,
 * or -2 when r->cancel stopped it (the output folder is then as it was). */
int merge_write(struct merge *m, struct run *r);

void merge_free(struct merge *m);

#endif
