/* record: the archive's part of a run — the files just written are merged into
 * out/manifest.csv with their keeping periods (rules/retention.h), and the register «Опись
 * документов» of the whole manifest (rules/inventory.h) is written to out/print/inventory.pdf
 * through the render path.
 * Invariant: the manifest on disk is replaced only by a complete one (staged, then moved) that keeps
 * every entry of the old manifest not rewritten by this run; a malformed old manifest is
 * never overwritten (it may be the evidence of a tampered archive). */
#ifndef PT_RECORD_H
#define PT_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "app/run.h"
#include "app/tasks.h"
#include "archive/manifest.h"
#include "doc/doc.h"

#define RECORD_INVENTORY_PATH "print/inventory.pdf"

/* Records the n files of a run (files borrowed): the manifest of r->o->out_dir merged with
 * them is written to r->write_dir/manifest.csv (the staging area, moved into place last),
 * dated
 * r->o->today, kept until the day retention.h gives (from each graduate's graduation, or the
 * academic year r->year). With register_too (the run covers every graduate) and the
 * inventory template loaded, also writes the register of the merged manifest to
 * r->write_dir/RECORD_INVENTORY_PATH and lists it. Returns 0, or -1 with err: the old
 * manifest cannot be read (batch.c checks that before writing anything), the new one cannot
 * be staged, or the register cannot (the batch then discards its staging area). The fonts must be loaded (render_prepare). */
int record_run(const struct run *r, const struct task_result *files, size_t n, bool register_too, char *err,
	       size_t errlen);

/* Checks, before a run writes anything, that the manifest of r->o->out_dir can be recorded
 * into: absent, or a readable and well-formed regular file (a symbolic link is refused).
 * Returns 0, or -1 with err. */
int record_check(const struct run *r, char *err, size_t errlen);

/* The archive line (archive/docmeta.h) of a document of kind for graduate (borrowed; "" or
 * NULL for documents of the year) graduated on graduation (empty for others), dated
 * r->o->today with the keeping period the manifest gives it. Returns a new string (free). */
char *record_meta(const struct run *r, const char *kind, const char *graduate, struct date graduation);

/* Builds the register of man's documents (man borrowed; print copies are not listed), as
 * record_run writes it, with the digest of man (manifest_digest) printed and in its
 * metadata; r->inventory must be loaded. Returns a new tree (doc_free). */
struct doc *record_inventory(const struct run *r, const struct manifest *man);

#endif
