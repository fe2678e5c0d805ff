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

#include "archive/manifest.h"
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

static int is_pdf(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && strcmp(name + n - 4, ".pdf") == 0;
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

/* Adds the PDFs of folder rel to pdfs, its subfolders to dirs. */
static void scan_dir(const char *out_dir, const char *rel, int depth, struct pending *dirs,
		     struct strs *pdfs)
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
		if (lstat(child_full, &st) == 0 && S_ISDIR(st.st_mode) && depth < VERIFY_MAX_DEPTH) {
			pending_push(dirs, child, depth + 1);
			child = NULL;
		} else if (lstat(child_full, &st) == 0 && S_ISREG(st.st_mode) && is_pdf(de->d_name)) {
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

/* Every regular *.pdf under out_dir, relative, sorted. */
static void list_pdfs(const char *out_dir, struct strs *pdfs)
{
	struct pending dirs = {{0}, NULL, 0};
	pending_push(&dirs, xstrdup(""), 0);
	while (dirs.rel.n > 0) {
		size_t top = --dirs.rel.n;
		char *rel = dirs.rel.v[top];
		scan_dir(out_dir, rel, dirs.depth[top], &dirs, pdfs);
		free(rel);
	}
	strs_free(&dirs.rel);
	free(dirs.depth);
	qsort(pdfs->v, pdfs->n, sizeof *pdfs->v, str_cmp);
}

/* Checks one listed file; prints and returns 1 when it is missing, unreadable or changed. */
static int check_entry(const char *out_dir, const struct manifest_entry *e, FILE *f)
{
	char *full = xasprintf("%s/%s", out_dir, e->path);
	char hex[65];
	struct stat st;
	int problem = 1;
	int gone = lstat(full, &st) != 0;
	if (gone && errno == ENOENT)
		fprintf(f, "missing: %s\n", e->path);
	else if (gone || !S_ISREG(st.st_mode) || sha256_file(full, hex) != 0)
		fprintf(f, "unreadable: %s\n", e->path);
	else if (strcmp(hex, e->sha256) != 0)
		fprintf(f, "changed: %s\n", e->path);
	else
		problem = 0;
	free(full);
	return problem;
}

int verify_dir_err(const char *out_dir, FILE *f, char *err, size_t errlen)
{
	struct manifest m = MANIFEST_INIT;
	if (manifest_load(&m, out_dir, err, errlen) != 0) {
		manifest_free(&m);
		return -1;
	}
	int problems = 0;
	for (size_t i = 0; i < m.n; i++)
		problems += check_entry(out_dir, &m.v[i], f);
	struct strs pdfs = {0};
	list_pdfs(out_dir, &pdfs);
	for (size_t i = 0; i < pdfs.n; i++)
		if (!manifest_find(&m, pdfs.v[i])) {
			fprintf(f, "unlisted: %s\n", pdfs.v[i]);
			problems++;
		}
	strs_free(&pdfs);
	manifest_free(&m);
	return problems;
}

int verify_dir(const char *out_dir, FILE *f)
{
	char err[512];
	return verify_dir_err(out_dir, f, err, sizeof err);
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
