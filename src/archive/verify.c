/* verify: re-hashing an output folder against its manifest, and the expired documents.
 * Invariant: the folder walk is iterative (an explicit stack) and bounded in depth and in
 * files, so neither a deep nor a huge folder can exhaust the stack or memory. */
#define _POSIX_C_SOURCE 200809L
#include "verify.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "archive/docmeta.h"
#include "archive/manifest.h"
#include "util/i18n.h"
#include "util/sha256.h"
#include "util/xalloc.h"

struct strs {
	char **v;
	size_t n, cap;
};

static void strs_push(struct strs *s, char *p)
{
	xgrow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v);
	s->v[s->n++] = p;
}

static void strs_free(struct strs *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* True for a name ending in .pdf in any case (X.PDF is a PDF to a USB stick's FAT). */
static int is_pdf(const char *name)
{
	size_t n = strlen(name);
	if (n <= 4 || name[n - 4] != '.')
		return 0;
	const char *e = name + n - 3;
	return (e[0] | 0x20) == 'p' && (e[1] | 0x20) == 'd' && (e[2] | 0x20) == 'f';
}

/* Folders still to walk: relative paths ("" = out_dir itself) and their depths. */
struct pending {
	struct strs rel;
	int *depth;
	size_t cap;
};

static void pending_push(struct pending *p, char *rel, int depth)
{
	strs_push(&p->rel, rel);
	xgrow((void **)&p->depth, &p->cap, p->rel.n, sizeof *p->depth);
	p->depth[p->rel.n - 1] = depth;
}

/* Adds the PDFs of folder rel to pdfs (any file but a folder or a link whose name ends in
 * .pdf, in any case), its symbolic links to links, its subfolders to dirs. */
static void scan_dir(const char *out_dir, const char *rel, int depth, struct pending *dirs,
		     struct strs *pdfs, struct strs *links)
{
	char *full = *rel ? xasprintf("%s/%s", out_dir, rel) : xstrdup(out_dir);
	DIR *d = opendir(full);
	struct dirent *de;
	while (d && (de = readdir(d)) != NULL && pdfs->n < VERIFY_MAX_FILES) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		char *child = *rel ? xasprintf("%s/%s", rel, de->d_name) : xstrdup(de->d_name);
		char *child_full = xasprintf("%s/%s", full, de->d_name);
		struct stat st;
		int got = lstat(child_full, &st) == 0;
		if (got && S_ISDIR(st.st_mode) && depth < VERIFY_MAX_DEPTH) {
			pending_push(dirs, child, depth + 1);
			child = NULL;
		} else if (got && S_ISLNK(st.st_mode)) {
			strs_push(links, child);
			child = NULL;
		} else if (got && !S_ISDIR(st.st_mode) && is_pdf(de->d_name)) {
			strs_push(pdfs, child);
			child = NULL;
		}
		free(child);
		free(child_full);
	}
	if (d)
		closedir(d);
	free(full);
}

/* Every *.pdf under out_dir and every symbolic link (not followed), relative, sorted. */
static void list_pdfs(const char *out_dir, struct strs *pdfs, struct strs *links)
{
	struct pending dirs = {{0}, NULL, 0};
	pending_push(&dirs, xstrdup(""), 0);
	while (dirs.rel.n > 0) {
		size_t top = --dirs.rel.n;
		char *rel = dirs.rel.v[top];
		scan_dir(out_dir, rel, dirs.depth[top], &dirs, pdfs, links);
		free(rel);
	}
	strs_free(&dirs.rel);
	free(dirs.depth);
	if (pdfs->n > 1) /* qsort wants an array, even of none */
		qsort(pdfs->v, pdfs->n, sizeof *pdfs->v, str_cmp);
	if (links->n > 1)
		qsort(links->v, links->n, sizeof *links->v, str_cmp);
}

/* True when a folder on the way from out_dir to path is a symbolic link. */
static int through_link(const char *out_dir, const char *path)
{
	char *full = xasprintf("%s/%s", out_dir, path);
	size_t base = strlen(out_dir) + 1;
	int link = 0;
	for (char *p = full + base; !link && (p = strchr(p, '/')) != NULL; p++) {
		struct stat st;
		*p = '\0';
		link = lstat(full, &st) == 0 && S_ISLNK(st.st_mode);
		*p = '/';
	}
	free(full);
	return link;
}

static void fmt_date(struct date d, const char *empty, char out[16])
{
	if (date_empty(d))
		snprintf(out, 16, "%s", empty);
	else
		snprintf(out, 16, "%04d-%02d-%02d", d.y, d.m, d.d);
}

static int is_copy(const char *kind)
{
	return strcmp(kind, "print") == 0 || strcmp(kind, "inventory") == 0;
}

/* "changed column COLUMN: PATH (manifest A, document B)" when a and b differ; returns 1 then. */
static int column(FILE *f, const char *col, const char *path, const char *a, const char *b)
{
	if (strcmp(a, b) == 0)
		return 0;
	fprintf(f, _("changed column %s: %s (manifest %s, document %s)\n"), col, path, *a ? a : _("empty"),
		*b ? b : _("empty"));
	return 1;
}

/* Compares the columns of e with what its PDF says of itself (its hash already matches).
 * Returns the problems printed. */
static int check_columns(const char *full, const struct manifest_entry *e, const struct verify_rules *rules,
			 const char *digest, FILE *f)
{
	int pages;
	char *kw = NULL, why[160];
	if (docmeta_read_pdf(full, &pages, &kw, why, sizeof why) != 0) {
		fprintf(f, _("unreadable: %s (%s)\n"), e->path, why);
		return 1;
	}
	struct docmeta dm;
	int bad = 0;
	char a[16], b[16];
	snprintf(a, sizeof a, "%d", e->pages);
	snprintf(b, sizeof b, "%d", pages);
	bad += column(f, "pages", e->path, a, b);
	if (!kw || docmeta_parse(kw, &dm) != 0) {
		fprintf(f, _("no archive metadata: %s (its columns cannot be checked)\n"), e->path);
		free(kw);
		return bad + 1;
	}
	free(kw);
	bad += column(f, "kind", e->path, e->kind, dm.kind);
	bad += column(f, "graduate", e->path, e->graduate, dm.graduate);
	fmt_date(e->date, "", a);
	fmt_date(dm.date, "", b);
	bad += column(f, "date", e->path, a, b);
	const char *never = is_copy(e->kind) ? "" : "permanent";
	fmt_date(e->keep_until, never, a);
	fmt_date(dm.keep_until, dm.years == DOCMETA_NOT_KEPT ? "" : "permanent", b);
	bad += column(f, "keep_until", e->path, a, b);
	if (rules && rules->keep_until) {
		struct date want = rules->keep_until(dm.kind, dm.closed, dm.years);
		char c[16];
		fmt_date(want, dm.years == DOCMETA_NOT_KEPT ? "" : "permanent", c);
		if (strcmp(b, c) != 0) {
			fprintf(f, _("keeping period against the rules: %s (document %s, the rules give %s)\n"), e->path,
				*b ? b : _("empty"), *c ? c : _("empty"));
			bad++;
		}
	}
	if (dm.manifest_sha256[0] && digest && strcmp(dm.manifest_sha256, digest) != 0)
		fprintf(f, _("note: %s was made for an earlier manifest (run all to make the register again)\n"),
			e->path);
	return bad;
}

/* Checks one listed file; prints its problems and returns how many. */
static int check_entry(const char *out_dir, const struct manifest_entry *e, const struct verify_rules *rules,
		       const char *digest, FILE *f)
{
	char *full = xasprintf("%s/%s", out_dir, e->path);
	char hex[65];
	struct stat st;
	int problem = 1;
	int gone = lstat(full, &st) != 0;
	if (through_link(out_dir, e->path))
		fprintf(f, _("symlink: %s (a folder on its way is a symbolic link, not followed)\n"), e->path);
	else if (gone && errno == ENOENT)
		fprintf(f, _("missing: %s\n"), e->path);
	else if (!gone && S_ISLNK(st.st_mode))
		fprintf(f, _("symlink: %s (not followed)\n"), e->path);
	else if (gone || !S_ISREG(st.st_mode) || sha256_file(full, hex) != 0)
		fprintf(f, _("unreadable: %s\n"), e->path);
	else if (strcmp(hex, e->sha256) != 0)
		fprintf(f, _("changed: %s\n"), e->path);
	else
		problem = check_columns(full, e, rules, digest, f);
	free(full);
	return problem;
}

int verify_dir_rules(const char *out_dir, const struct verify_rules *rules, FILE *f, char *err, size_t errlen)
{
	struct manifest m = MANIFEST_INIT;
	if (manifest_load(&m, out_dir, err, errlen) != 0) {
		manifest_free(&m);
		return -1;
	}
	char digest[65], groups[72];
	manifest_digest(&m, digest);
	int problems = 0;
	for (size_t i = 0; i < m.n; i++)
		problems += check_entry(out_dir, &m.v[i], rules, digest, f);
	struct strs pdfs = {0}, links = {0};
	list_pdfs(out_dir, &pdfs, &links);
	for (size_t i = 0; i < pdfs.n; i++)
		if (!manifest_find(&m, pdfs.v[i])) {
			fprintf(f, _("unlisted: %s\n"), pdfs.v[i]);
			problems++;
		}
	for (size_t i = 0; i < links.n; i++)
		if (!manifest_find(&m, links.v[i])) { /* a listed one is reported above */
			fprintf(f, _("symlink: %s (not followed)\n"), links.v[i]);
			problems++;
		}
	strs_free(&pdfs);
	strs_free(&links);
	manifest_free(&m);
	manifest_digest_groups(digest, groups);
	fprintf(f, _("digest of the manifest: %s\n"), groups);
	return problems;
}

int verify_dir_err(const char *out_dir, FILE *f, char *err, size_t errlen)
{
	return verify_dir_rules(out_dir, NULL, f, err, errlen);
}

int verify_dir(const char *out_dir, FILE *f)
{
	char err[512];
	return verify_dir_err(out_dir, f, err, sizeof err);
}

/* True when e's file is the one listed (its SHA-256), not through a link, and says of
 * itself that it is kept until the manifest's day: a tampered row never sends a document
 * to destruction. */
static int own_keep_until_agrees(const char *out_dir, const struct manifest_entry *e)
{
	char *full = xasprintf("%s/%s", out_dir, e->path), hex[65], *kw = NULL, why[160];
	struct stat st;
	struct docmeta dm;
	int pages, ok = !through_link(out_dir, e->path) && lstat(full, &st) == 0 && S_ISREG(st.st_mode) &&
			sha256_file(full, hex) == 0 && strcmp(hex, e->sha256) == 0 &&
			docmeta_read_pdf(full, &pages, &kw, why, sizeof why) == 0 && kw && docmeta_parse(kw, &dm) == 0 &&
			date_cmp(dm.keep_until, e->keep_until) == 0;
	free(kw);
	free(full);
	return ok;
}

int verify_expired_err(const char *out_dir, struct date d, FILE *f, char *err, size_t errlen)
{
	struct manifest m = MANIFEST_INIT;
	if (manifest_load(&m, out_dir, err, errlen) != 0) {
		manifest_free(&m);
		return -1;
	}
	int n = 0;
	for (size_t i = 0; i < m.n; i++) {
		const struct manifest_entry *e = &m.v[i];
		if (date_empty(e->keep_until) || date_cmp(e->keep_until, d) >= 0)
			continue;
		if (!own_keep_until_agrees(out_dir, e)) {
			fprintf(f, _("withheld: %s (the file does not confirm the manifest's keep_until: run verify)\n"),
				e->path);
			continue;
		}
		fprintf(f, "%s\t%s\t%s\t%04d-%02d-%02d\n", e->path, e->kind, e->graduate, e->keep_until.y,
			e->keep_until.m, e->keep_until.d);
		n++;
	}
	manifest_free(&m);
	return n;
}

int verify_expired(const char *out_dir, struct date d, FILE *f)
{
	char err[512];
	return verify_expired_err(out_dir, d, f, err, sizeof err);
}
