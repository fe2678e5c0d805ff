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

/* Re-hashes every file of out_dir/manifest.csv; prints to f one line per problem:
 * "missing: PATH", "unreadable: PATH" (present, cannot be read), "changed: PATH",
 * "unlisted: PATH" (PDF files under out_dir not in the manifest; manifest.csv itself and
 * temporary files, which do not end in .pdf, are not PDFs). Returns the number of problems
 * (the CLI exits 1 when > 0), -1 when there is no readable manifest. */
int verify_dir(const char *out_dir, FILE *f);
/* As verify_dir; on -1 (and -2, a malformed manifest, also returned as -1) err says why. */
int verify_dir_err(const char *out_dir, FILE *f, char *err, size_t errlen);

/* Lists documents whose keeping period has ended by d (keep_until < d), one line each:
 * "PATH\tKIND\tGRADUATE\tKEEP_UNTIL" (the date as YYYY-MM-DD), in path order. Documents kept
 * permanently and print copies never expire. Returns the count, -1 without manifest. */
int verify_expired(const char *out_dir, struct date d, FILE *f);
/* As verify_expired, with err saying why on -1. */
int verify_expired_err(const char *out_dir, struct date d, FILE *f, char *err, size_t errlen);

#endif
