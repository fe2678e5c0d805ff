/* files: sending a file of the output folder, the zip of a folder, the sample workbook.
 * Invariant: a path from a URL is opened only when each of its parts is a plain name
 * (letters, digits, '.', '-', '_', not starting with '.'), it resolves inside the folder
 * and no part of it is a symlink; anything else is a 404 that says nothing more. */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "web/webint.h"

#define MAX_DEPTH 4
#define MAX_ENTRIES 200000

/* Whether rel is a relative path of plain names (see the invariant). */
static bool plain_path(const char *rel)
{
	size_t n = strlen(rel), depth = 0;
	if (n == 0 || n > 255)
		return false;
	for (const char *p = rel; *p;) {
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == 0 || p[0] == '.' || ++depth > MAX_DEPTH)
			return false;
		for (size_t i = 0; i < len; i++) {
			char c = p[i];
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
			      c == '-' || c == '_'))
				return false;
		}
		p += len + (end != NULL);
		if (end && !*p)
			return false; /* a trailing slash */
	}
	return true;
}

/* Opens root/rel when it is a regular file inside root reached through no symlink. Returns
 * the descriptor (its size in *size), or -1. */
static int open_inside(const char *root, const char *rel, unsigned long long *size)
{
	if (!plain_path(rel))
		return -1;
	size_t rl = strlen(root);
	char path[PATH_MAX], real[PATH_MAX];
	if (snprintf(path, sizeof path, "%s/%s", root, rel) >= (int)sizeof path)
		return -1;
	/* a symlink anywhere on the way makes the resolved path differ from the path itself */
	if (!realpath(path, real) || strcmp(real, path) != 0 || strncmp(real, root, rl) != 0 || real[rl] != '/')
		return -1;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -1;
	}
	*size = (unsigned long long)st.st_size;
	return fd;
}

bool files_exists(const char *root, const char *rel)
{
	unsigned long long size;
	int fd = open_inside(root, rel, &size);
	if (fd >= 0)
		close(fd);
	return fd >= 0;
}

static const char *type_of(const char *name, bool *inline_ok)
{
	const char *dot = strrchr(name, '.');
	*inline_ok = false;
	if (dot && strcmp(dot, ".pdf") == 0) {
		*inline_ok = true;
		return "application/pdf";
	}
	if (dot && strcmp(dot, ".csv") == 0)
		return "text/csv; charset=utf-8";
	if (dot && strcmp(dot, ".zip") == 0)
		return "application/zip";
	return "application/octet-stream";
}

void files_send(const char *root, const char *rel, struct web_reply *r)
{
	int fd = open_inside(root, rel, &r->size);
	if (fd < 0) {
		reply_error(r, 404, "нет такого файла");
		return;
	}
	const char *base = strrchr(rel, '/');
	base = base ? base + 1 : rel;
	bool inl;
	r->type = type_of(base, &inl);
	snprintf(r->disposition, sizeof r->disposition, "%s; filename=\"%s\"", inl ? "inline" : "attachment", base);
	r->fd = fd;
	r->status = 200;
}

/* ---- the zip ------------------------------------------------------------------------- */

struct walk {
	zip_t *za;
	const char *root;
	unsigned long long bytes;
	size_t entries;
	int failed; /* 0, or the status to answer */
};

/* Adds the regular files under root/rel (rel "" for root) to the zip, depth-first, sorted. */
static void walk(struct walk *w, const char *rel, int depth)
{
	char dir[PATH_MAX];
	if (snprintf(dir, sizeof dir, "%s%s%s", w->root, *rel ? "/" : "", rel) >= (int)sizeof dir || depth > MAX_DEPTH)
		return;
	struct dirent **names = NULL;
	int n = scandir(dir, &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		char sub[PATH_MAX], path[PATH_MAX];
		struct stat st;
		if (w->failed || name[0] == '.' || strstr(name, ".tmp.") ||
		    snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", name) >= (int)sizeof sub ||
		    snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path || lstat(path, &st) != 0) {
			free(names[i]);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			walk(w, sub, depth + 1);
		} else if (S_ISREG(st.st_mode) && plain_path(sub)) {
			if (++w->entries > MAX_ENTRIES || (w->bytes += (unsigned long long)st.st_size) > WEB_ZIP_CAP) {
				w->failed = 413;
			} else {
				zip_source_t *src = zip_source_file(w->za, path, 0, -1);
				zip_int64_t idx = src ? zip_file_add(w->za, sub, src, ZIP_FL_ENC_UTF_8) : -1;
				if (idx < 0) {
					zip_source_free(src);
					w->failed = 500;
				} else { /* PDFs are compressed already */
					const char *dot = strrchr(name, '.');
					zip_set_file_compression(w->za, (zip_uint64_t)idx,
								 dot && strcmp(dot, ".pdf") == 0 ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0);
				}
			}
		}
		free(names[i]);
	}
	free(names);
}

void files_zip(const char *root, const char *zipname, struct web_reply *r)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *buf = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_t *za = buf ? zip_open_from_source(buf, ZIP_TRUNCATE, &ze) : NULL;
	if (!za) {
		zip_source_free(buf);
		zip_error_fini(&ze);
		reply_error(r, 500, "архив не создан");
		return;
	}
	zip_source_keep(buf); /* the bytes are read back after zip_close */
	struct walk w = {za, root, 0, 0, 0};
	walk(&w, "", 0);
	if (w.failed) {
		zip_discard(za);
		zip_source_free(buf);
		zip_error_fini(&ze);
		reply_error(r, w.failed, w.failed == 413 ? "слишком много файлов для одного архива" : "архив не создан");
		return;
	}
	if (w.entries == 0) {
		zip_discard(za);
		zip_source_free(buf);
		zip_error_fini(&ze);
		reply_error(r, 404, "в папке нет файлов");
		return;
	}
	int rc = zip_close(za);
	zip_stat_t zs;
	char *data = NULL;
	if (rc == 0 && zip_source_stat(buf, &zs) == 0 && zip_source_open(buf) == 0) {
		data = malloc(zs.size ? zs.size : 1);
		if (data && zip_source_read(buf, data, zs.size) != (zip_int64_t)zs.size) {
			free(data);
			data = NULL;
		}
		zip_source_close(buf);
	}
	if (rc != 0)
		zip_discard(za);
	zip_source_free(buf);
	zip_error_fini(&ze);
	if (!data) {
		reply_error(r, 500, "архив не создан");
		return;
	}
	r->status = 200;
	r->body = data;
	r->len = zs.size;
	r->type = "application/zip";
	snprintf(r->disposition, sizeof r->disposition, "attachment; filename=\"%s\"", zipname);
}

/* ---- the sample workbook (its reader is issue 12's) ---------------------------------- */

static const char *const sample_places[] = {"sample", "tests/data/workbooks"};

static int open_sample(const char *data_dir, unsigned long long *size)
{
	char root[PATH_MAX];
	for (size_t i = 0; data_dir && i < sizeof sample_places / sizeof *sample_places; i++) {
		if (snprintf(root, sizeof root, "%s/%s", data_dir, sample_places[i]) >= (int)sizeof root)
			continue;
		char real[PATH_MAX];
		if (!realpath(root, real))
			continue;
		int fd = open_inside(real, "patronat.xlsx", size);
		if (fd >= 0)
			return fd;
	}
	return -1;
}

bool files_has_sample_workbook(const char *data_dir)
{
	unsigned long long size;
	int fd = open_sample(data_dir, &size);
	if (fd >= 0)
		close(fd);
	return fd >= 0;
}

void files_sample_workbook(const char *data_dir, struct web_reply *r)
{
	int fd = open_sample(data_dir, &r->size);
	if (fd < 0) {
		reply_error(r, 404, "образца в виде книги пока нет: скачайте таблицы примера");
		return;
	}
	r->fd = fd;
	r->status = 200;
	r->type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	snprintf(r->disposition, sizeof r->disposition, "attachment; filename=\"patronat.xlsx\"");
}
