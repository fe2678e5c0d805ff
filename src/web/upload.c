/* upload: new tables into the input folder, only after they pass the check.
 * Invariant: an uploaded file is written under a name of patronat's own (never the name the
 * browser sent), first into a staging folder inside the input folder beside the tables it
 * does not replace; the input folder changes only when that staging folder passes pt_open,
 * and then each file arrives by rename (whole or not at all). */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "web/json.h"
#include "web/webint.h"

static const char *const tables[] = {"graduates", "staff", "records", "events", "mentoring"};
static const char *const table_exts[] = {"csv", "xml", "xlsx", "ods"};

static bool is_table(const char *stem)
{
	for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
		if (strcmp(stem, tables[i]) == 0)
			return true;
	return false;
}

int upload_name(const char *sent, char *out, size_t outlen)
{
	const char *base = sent;
	for (const char *p = sent; *p; p++) /* a browser may send a path: only its last part */
		if (*p == '/' || *p == '\\')
			base = p + 1;
	const char *dot = strrchr(base, '.');
	if (!dot || dot == base || strlen(dot + 1) > 4 || (size_t)(dot - base) > 40)
		return -1;
	char stem[48], ext[8];
	size_t n = (size_t)(dot - base);
	for (size_t i = 0; i < n; i++)
		stem[i] = (char)(base[i] >= 'A' && base[i] <= 'Z' ? base[i] + 32 : base[i]);
	stem[n] = '\0';
	size_t k = 0;
	for (const char *p = dot + 1; *p; p++)
		ext[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	ext[k] = '\0';
	bool workbook = strcmp(ext, "xlsx") == 0 || strcmp(ext, "ods") == 0;
	bool known_ext = false;
	for (size_t i = 0; i < sizeof table_exts / sizeof *table_exts; i++)
		known_ext |= strcmp(ext, table_exts[i]) == 0;
	if (is_table(stem) && known_ext)
		snprintf(out, outlen, "%s.%s", stem, ext);
	else if (strcmp(stem, "institution") == 0 && strcmp(ext, "xml") == 0)
		snprintf(out, outlen, "institution.xml");
	else if (workbook) /* a workbook whose sheets are the tables, whatever it was called */
		snprintf(out, outlen, "patronat.%s", ext);
	else
		return -1;
	return 0;
}

/* The stem of a file name ("graduates" of "graduates.csv") into out. */
static void stem_of(const char *name, char *out, size_t outlen)
{
	const char *dot = strrchr(name, '.');
	size_t n = dot ? (size_t)(dot - name) : strlen(name);
	snprintf(out, outlen, "%.*s", (int)n, name);
}

/* Whether the input folder's file name is replaced by the uploaded files u[0..n): the same
 * table in another format, or, when a whole workbook arrives, every table file. */
static bool superseded(const char *name, const struct web_upload *u, size_t n)
{
	char stem[64], ustem[64];
	stem_of(name, stem, sizeof stem);
	const char *dot = strrchr(name, '.');
	bool known_ext = false;
	for (size_t i = 0; dot && i < sizeof table_exts / sizeof *table_exts; i++)
		known_ext |= strcmp(dot + 1, table_exts[i]) == 0;
	if (!known_ext)
		return false;
	for (size_t i = 0; i < n; i++) {
		stem_of(u[i].name, ustem, sizeof ustem);
		if (strcmp(stem, ustem) == 0 && (is_table(stem) || strcmp(stem, "patronat") == 0))
			return true;
		if (strcmp(ustem, "patronat") == 0 && is_table(stem))
			return true;
	}
	return false;
}

static bool uploaded(const char *name, const struct web_upload *u, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(name, u[i].name) == 0)
			return true;
	return false;
}

static int write_all(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0640);
	if (fd < 0)
		return -1;
	for (size_t done = 0; done < len;) {
		ssize_t k = write(fd, data + done, len - done);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			close(fd);
			return -1;
		}
		done += (size_t)k;
	}
	int rc = fsync(fd);
	return close(fd) == 0 && rc == 0 ? 0 : -1;
}

/* Copies src to dst (when a hard link cannot be made). */
static int copy_file(const char *src, const char *dst)
{
	int fd = open(src, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	char *data = NULL;
	int rc = -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= (off_t)WEB_UPLOAD_FILE_CAP * 64 &&
	    (data = malloc((size_t)st.st_size + 1))) {
		size_t got = 0;
		ssize_t k;
		while (got < (size_t)st.st_size && (k = read(fd, data + got, (size_t)st.st_size - got)) > 0)
			got += (size_t)k;
		rc = got == (size_t)st.st_size ? write_all(dst, data, got) : -1;
	}
	free(data);
	close(fd);
	return rc;
}

/* Removes the staging folder and what it holds (plain files only: it has no subfolders). */
static void remove_staging(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[PATH_MAX];
	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
		    snprintf(path, sizeof path, "%s/%s", dir, e->d_name) < (int)sizeof path)
			unlink(path);
	if (d)
		closedir(d);
	rmdir(dir);
}

/* Fills the staging folder: the uploads, and links to the input's other regular files. */
static int stage(const char *in, const char *dir, const struct web_upload *u, size_t n)
{
	char path[PATH_MAX], src[PATH_MAX];
	for (size_t i = 0; i < n; i++)
		if (snprintf(path, sizeof path, "%s/%s", dir, u[i].name) >= (int)sizeof path ||
		    write_all(path, u[i].data, u[i].len) != 0)
			return -1;
	DIR *d = opendir(in);
	if (!d)
		return -1;
	struct dirent *e;
	int rc = 0;
	while (rc == 0 && (e = readdir(d))) {
		struct stat st;
		if (e->d_name[0] == '.' || uploaded(e->d_name, u, n) || superseded(e->d_name, u, n))
			continue;
		if (snprintf(src, sizeof src, "%s/%s", in, e->d_name) >= (int)sizeof src ||
		    snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path)
			continue;
		if (lstat(src, &st) != 0 || !S_ISREG(st.st_mode))
			continue; /* folders and symlinks are not tables */
		if (link(src, path) != 0 && copy_file(src, path) != 0)
			rc = -1;
	}
	closedir(d);
	return rc;
}

/* Moves the checked uploads into the input folder and removes the files they replace. */
static int commit(const char *in, const char *dir, const struct web_upload *u, size_t n)
{
	char from[PATH_MAX], to[PATH_MAX];
	for (size_t i = 0; i < n; i++) {
		if (snprintf(from, sizeof from, "%s/%s", dir, u[i].name) >= (int)sizeof from ||
		    snprintf(to, sizeof to, "%s/%s", in, u[i].name) >= (int)sizeof to || rename(from, to) != 0)
			return -1;
	}
	DIR *d = opendir(in);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		struct stat st;
		if (e->d_name[0] == '.' || uploaded(e->d_name, u, n) || !superseded(e->d_name, u, n) ||
		    snprintf(to, sizeof to, "%s/%s", in, e->d_name) >= (int)sizeof to)
			continue;
		if (lstat(to, &st) == 0 && S_ISREG(st.st_mode))
			unlink(to);
	}
	if (d)
		closedir(d);
	int fd = open(in, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	return 0;
}

static void free_uploads(struct web_upload *u, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(u[i].data);
		u[i].data = NULL;
	}
}

void upload_apply(struct web_server *srv, struct web_upload *u, size_t n, struct web_reply *r)
{
	if (n == 0) {
		reply_error(r, 400, "не выбрано ни одного файла");
		return;
	}
	pthread_mutex_lock(&srv->mu);
	bool busy = srv->b.running || srv->checking || srv->stopping;
	srv->checking = !busy;
	pthread_mutex_unlock(&srv->mu);
	if (busy) {
		free_uploads(u, n);
		reply_error(r, 409, "уже выполняется");
		return;
	}
	char dir[PATH_MAX];
	struct json j;
	bool staged = snprintf(dir, sizeof dir, "%s/.upload-XXXXXX", srv->in_real) < (int)sizeof dir &&
		      mkdtemp(dir) != NULL;
	if (!staged || stage(srv->in_real, dir, u, n) != 0 || json_open(&j) != 0) {
		if (staged)
			remove_staging(dir);
		free_uploads(u, n);
		pthread_mutex_lock(&srv->mu);
		srv->checking = false;
		pthread_mutex_unlock(&srv->mu);
		reply_error(r, 500, "не удалось сохранить файлы во входную папку");
		return;
	}
	struct pt_options o = {
		.in_dir = dir, .out_dir = srv->out_real, .data_dir = srv->o->data_dir,
		.today = srv->o->today, .strict = srv->o->strict,
	};
	struct pt_session *s = pt_open(&o, PT_ALL);
	bool pass = !pt_failed(s);
	bool moved = pass && commit(srv->in_real, dir, u, n) == 0;
	fprintf(j.f, "{\"applied\":%s,\"files\":[", moved ? "true" : "false");
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', j.f);
		json_str(&j, u[i].name);
	}
	fputs("],", j.f);
	api_problems_json(&j, s, srv->o->strict);
	fputc('}', j.f);
	pt_close(s);
	remove_staging(dir);
	free_uploads(u, n);
	pthread_mutex_lock(&srv->mu);
	srv->checking = false;
	pthread_mutex_unlock(&srv->mu);
	size_t len;
	char *body = json_take(&j, &len);
	if (pass && !moved) {
		free(body);
		reply_error(r, 500, "таблицы проверены, но не перенесены во входную папку");
		return;
	}
	reply_json(r, moved ? 200 : 422, body, len);
}
