/* verify: checks an output folder against its manifest.csv — files missing, changed since
 * they were written, or PDFs nobody listed — and lists the documents whose keeping period
 * has ended.
 * Invariant: verify only reads; it follows no symbolic link while walking the folder and
 * reports each problem once, as one line "KIND: PATH" in a stable order (the manifest's
 * problems by path, then the unlisted files by path). */
#ifndef PT_VERIFY_H
#define PT_VERIFY_H

#include <stddef.h>
#include <stdio.h>

#include "util/date.h"

#define VERIFY_MAX_DEPTH 16      /* folders deeper than this under out_dir are not walked */
#define VERIFY_MAX_FILES 4000000 /* PDFs looked at while searching for unlisted ones */

/* How the keeping period is counted (rules/retention.h: app hands it in, the archive does
 * not see the rules): the last day to keep a document of kind whose file closed on closed,
 * kept years years (1-100; DOCMETA_PERMANENT, DOCMETA_NOT_KEPT); empty when none. */
struct verify_rules {
	struct date (*keep_until)(const char *kind, struct date closed, int years);
};

/* Checks every file of out_dir/manifest.csv (a symbolic link is refused: -1) and every
 * column of its row; prints to f one line per problem:
 *   "missing: PATH", "unreadable: PATH" (present, cannot be read, or not a PDF of ours),
 *   "symlink: PATH (…)" (the file, or a folder on its way, is a link: never followed; also
 *   any link under out_dir), "changed: PATH" (its SHA-256 is not the manifest's: the file
 *   or the row changed), "unlisted: PATH" (a *.pdf in any case, e.g. X.PDF, not listed;
 *   manifest.csv and temporary files are not PDFs),
 *   "changed column COL: PATH (manifest A, document B)" for pages (the page tree's /Count),
 *   kind, graduate, date and keep_until against the file's own metadata (docmeta.h),
 *   "no archive metadata: PATH", and with rules "keeping period against the rules: PATH
 *   (document A, the rules give B)" (recomputed from the kind, closing day and period the
 *   file carries);
 * then a line "note: …" (not a problem) when the register shows the digest of an earlier
 * manifest, and last "digest of the manifest: XXXXXXXX … (8 groups)" (manifest_digest), to
 * compare with the signed register. Returns the number of problems (the CLI exits 1 when
 * > 0), -1 with err when there is no readable manifest. rules may be NULL. */
int verify_dir_rules(const char *out_dir, const struct verify_rules *rules, FILE *f, char *err, size_t errlen);
/* verify_dir_rules without rules. */
int verify_dir(const char *out_dir, FILE *f);
/* As verify_dir; on -1 (and -2, a malformed manifest, also returned as -1) err says why. */
int verify_dir_err(const char *out_dir, FILE *f, char *err, size_t errlen);

/* Lists documents whose keeping period has ended by d (keep_until < d), one line each:
 * "PATH\tKIND\tGRADUATE\tKEEP_UNTIL" (the date as YYYY-MM-DD), in path order. Documents kept
 * permanently and print copies never expire. A document whose file does not confirm the
 * row (its SHA-256, and the keep-until it carries: docmeta.h) is not listed but reported as
 * "withheld: PATH (…)", so that a tampered manifest never sends a document to destruction.
 * Returns the count listed, -1 without manifest. */
int verify_expired(const char *out_dir, struct date d, FILE *f);
/* As verify_expired, with err saying why on -1. */
int verify_expired_err(const char *out_dir, struct date d, FILE *f, char *err, size_t errlen);

#endif
