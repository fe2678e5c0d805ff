/* record: the archive's part of a run — the files just written are merged into
 * out/manifest.csv with their keeping periods, and the register «Опись документов» of the
 * whole manifest is written to out/print/inventory.pdf.
 * Invariant: the manifest on disk is replaced only by a complete one (atomically) that keeps
 * every entry of the old manifest not rewritten by this run; a malformed old manifest is
 * never overwritten (it may be the evidence of a tampered archive). This module builds the
 * register's document tree; laying it out and writing the PDF is the caller's (write_doc). */
#ifndef PT_RECORD_H
#define PT_RECORD_H

#include <stddef.h>

#include "doc/doc.h"
#include "model/model.h"
#include "tmpl/tmpl.h"

#define RECORD_INVENTORY_PATH "print/inventory.pdf"

/* One file a run wrote (borrowed strings). */
struct record_file {
	const char *path;     /* relative to the output folder */
	const char *kind;     /* passport, plan, order, report, print */
	const char *graduate; /* id, "" for documents of the year and print files */
	int pages;
	const char *sha256;   /* 64 hex digits */
	int year;             /* the academic year it covers when not the run's (the report), 0 = the run's */
};

/* Writes d to out_dir/rel as a PDF; sets *pages. Returns 0, or -1 with err. */
typedef int (*record_write_fn)(void *ctx, const struct doc *d, const char *rel, int *pages, char *err,
			       size_t errlen);

/* Records the n files of a run into out_dir/manifest.csv: dated today, kept until the day
 * retention.h gives (from each graduate's graduation in m, or the academic year `year`).
 * When inventory (a checked templates/inventory.xml) is not NULL, also writes the register of
 * the merged manifest through write_doc to RECORD_INVENTORY_PATH and lists it. Returns 0, or
 * -1 with err: the old manifest cannot be read (it is left unchanged), the new one cannot be
 * written, or the register cannot (the manifest is written all the same). m, files,
 * inventory borrowed. */
int record_run(const struct model *m, int year, struct date today, const char *out_dir,
	       const struct record_file *files, size_t n, const struct tmpl *inventory,
	       record_write_fn write_doc, void *ctx, char *err, size_t errlen);

#endif
