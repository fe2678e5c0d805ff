/* manifest: out/manifest.csv, the list of every file a run wrote — path, document kind,
 * graduate, document date, SHA-256, pages and the last day it must be kept — so that the
 * archive can be checked years later (verify.h) and its register printed (app/record.c
 * hands the entries to rules/inventory.h).
 * archive/ (manifest, verify) sits beside the readers: it sees util and the CSV reader
 * (manifest.csv is read as any input is), never model, rules or app; app sees it (record.c
 * writes the manifest, patronat.c's pt_verify checks a folder).
 * Invariant: every entry's path is relative to the output folder, '/'-separated, with no
 * empty, "." or ".." component; a manifest owns its strings; a written manifest.csv is
 * complete (written atomically) and sorted by path, so equal runs give equal files.
 *
 * The file: UTF-8 CSV, header path,kind,graduate,date,sha256,pages,keep_until; dates as
 * YYYY-MM-DD. keep_until is empty for print files (kinds "print" and "inventory": copies,
 * made again by every run) and reads "permanent" for documents kept permanently
 * (rules/retention.h). A field starting as a spreadsheet formula would (-, =, +, @) is quoted.
 *
 * The manifest's digest (manifest_digest) is the SHA-256 of the file's text as
 * manifest_write writes it — header and rows, canonical quoting — with the rows of kind
 * "inventory" left out: the register prints the digest, so it cannot be covered by it; every
 * other row is. The register of a run is made after every other row is known, and its
 * own row is added last. */
#ifndef PT_MANIFEST_H
#define PT_MANIFEST_H

#include <stddef.h>

#include "util/date.h"

#define MANIFEST_FILE "manifest.csv"
#define MANIFEST_MAX_ENTRIES 1000000

struct manifest_entry {
	char *path;          /* relative to the output folder, '/' separated, e.g. "passports/2024-001.pdf" */
	char *kind;          /* passport, plan, order, report, print, inventory */
	char *graduate;      /* graduate id, "" for documents of the year */
	struct date date;    /* the document's date (--date) */
	char sha256[65];
	int pages;
	struct date keep_until; /* last day of the keeping period; empty for print files (copies)
				   and for documents kept permanently */
};

struct manifest {
	struct manifest_entry *v;
	size_t n, cap;
};

#define MANIFEST_INIT {NULL, 0, 0}

/* Computes the SHA-256 of out_dir/path and appends an entry (strings copied). Returns 0, or
 * -1 with err (the file cannot be read, or path is not a clean relative path). */
int manifest_add_file(struct manifest *m, const char *out_dir, const char *path, const char *kind,
		      const char *graduate, struct date date, int pages, struct date keep_until,
		      char *err, size_t errlen);
/* Appends a copy of e (its strings copied; its sha256 taken as given). */
void manifest_add_entry(struct manifest *m, const struct manifest_entry *e);
/* Reads out_dir/manifest.csv and merges it into m (m is left sorted by path). Returns 0;
 * -1 when the file is absent or unreadable; -2 when a symbolic link (manifest_refuse_link)
 * or malformed (err names the line and the
 * field; m is left unchanged). */
int manifest_load(struct manifest *m, const char *out_dir, char *err, size_t errlen);
/* Merges: entries of add (copied) replace entries of m with the same path (of several with
 * one path, the last added wins); m is left sorted by path. */
void manifest_merge(struct manifest *m, const struct manifest *add);
/* Writes out_dir/manifest.csv atomically (mode 0640), sorted by path, one line per path (of
 * several entries with one path, the last added). Returns 0, or -1 with err, or -2 when
 * the manifest there is a symbolic link (nothing written). */
int manifest_write(const struct manifest *m, const char *out_dir, char *err, size_t errlen);
/* The manifest's digest (see above) as 64 hex digits; the rows as manifest_write would write
 * them, the register's excepted. */
void manifest_digest(const struct manifest *m, char hex[65]);
/* hex (64 digits) in eight groups of eight separated by spaces, as the register prints it. */
void manifest_digest_groups(const char hex[65], char out[72]);
/* Returns 0 when out_dir/manifest.csv is absent or a regular file; -2 with err when it is a
 * symbolic link or anything else (it is never read through, nor replaced). */
int manifest_refuse_link(const char *out_dir, char *err, size_t errlen);
/* The entry for path, or NULL (borrowed). m must be sorted by path, as manifest_load and
 * manifest_merge leave it (manifest_add_file appends, unsorted). */
const struct manifest_entry *manifest_find(const struct manifest *m, const char *path);
/* True when path is relative, '/'-separated, with no empty, "." or ".." component. */
int manifest_path_ok(const char *path);
/* Releases the entries; m is empty and reusable afterwards. */
void manifest_free(struct manifest *m);

#endif
