/* stage: the output folder's lock, the staging area, its commit and the recovery of a killed
 * run's area.
 * Invariant: manifest.csv is renamed into OUT only after every other staged file is in
 * place and their folders are durable; nothing here follows a symlink inside OUT. */
#define _GNU_SOURCE /* syncfs */
#include "app/stage.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/fileio.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#define MARKER ".commit"
#define MANIFEST "manifest.csv"
#define MAX_DEPTH 3 /* OUT/.patronat-staging-PID/passports/ID.pdf: nothing deeper is ours */

/* ---- the lock ------------------------------------------------------------------------ */

static long holder(int fd)
{
	char buf[24] = "";
	ssize_t k = pread(fd, buf, sizeof buf - 1, 0);
	if (k <= 0)
		return 0;
	buf[k] = '\0';
	return strtol(buf, NULL, 10);
}

int stage_lock(struct stage *s, bool wait, const volatile sig_atomic_t *cancel,
	       void (*waiting)(long pid, void *arg), void *arg, char *err, size_t errlen)
{
	s->lock_fd = -1;
	s->dir = NULL;
	if (file_mkdirs(s->out, err, errlen) != 0)
		return -1;
	char *path = xasprintf("%s/%s", s->out, STAGE_LOCK);
	int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0640);
	if (fd < 0) {
		snprintf(err, errlen, _("%s: cannot write in the output folder: %s"), path, strerror(errno));
		free(path);
		return -1;
	}
	free(path);
	bool told = false;
	while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK) {
			snprintf(err, errlen, _("%s: cannot lock: %s"), s->out, strerror(errno));
			close(fd);
			return -1;
		}
		if (!wait) {
			long pid = holder(fd);
			if (pid > 0)
				snprintf(err, errlen, _("%s: in use by another run (process %ld)"), s->out, pid);
			else
				snprintf(err, errlen, _("%s: in use by another run"), s->out);
			close(fd);
			return -3;
		}
		if (!told && waiting)
			waiting(holder(fd), arg);
		told = true;
		if (cancel && *cancel) {
			close(fd);
			return -2;
		}
		struct timespec ts = {0, 50 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	char pid[24];
	int len = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)len, 0) != len) {
		snprintf(err, errlen, _("%s/%s: cannot write: %s"), s->out, STAGE_LOCK, strerror(errno));
		close(fd);
		return -1;
	}
	s->lock_fd = fd;
	return 0;
}

void stage_unlock(struct stage *s)
{
	free(s->dir);
	s->dir = NULL;
	if (s->lock_fd >= 0) {
		/* the pid goes first, so that a waiter never names a finished run */
		if (ftruncate(s->lock_fd, 0) != 0) {
			/* nothing to do: the lock is released all the same */
		}
		close(s->lock_fd);
	}
	s->lock_fd = -1;
}

/* ---- small folder helpers ------------------------------------------------------------ */

static int fsync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	int e = errno;
	close(fd);
	errno = e;
	return rc;
}

/* Removes path and what it holds (depth levels at most), never following a symlink. */
static void remove_tree(const char *path, int depth)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	DIR *d = depth > 0 ? opendir(path) : NULL;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *child = xasprintf("%s/%s", path, e->d_name);
		remove_tree(child, depth - 1);
		free(child);
	}
	if (d)
		closedir(d);
	rmdir(path);
}

int stage_narrow_folder(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return -1;
	mode_t m = st.st_mode & 07777;
	if ((m & ~(mode_t)0750) == 0)
		return 0;
	return chmod(path, m & 0750);
}

/* ---- the move into place ------------------------------------------------------------- */

/* Moves every file of the staged folder sub into OUT/sub (the whole folder when OUT has none),
 * then makes OUT/sub durable. */
static int move_folder(const char *out, const char *stage, const char *sub, char *err, size_t errlen)
{
	char *from = xasprintf("%s/%s", stage, sub), *to = xasprintf("%s/%s", out, sub);
	struct stat st;
	int rc = 0;
	if (lstat(to, &st) != 0 && errno == ENOENT) {
		if (rename(from, to) != 0) {
			snprintf(err, errlen, _("%s: cannot move into place: %s"), to, strerror(errno));
			rc = -1;
		}
		free(from);
		free(to);
		return rc;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: %s", to,
			 S_ISLNK(st.st_mode) ? _("is a symbolic link: refusing to write through it") : _("not a folder"));
		free(from);
		free(to);
		return -1;
	}
	stage_narrow_folder(to);
	DIR *d = opendir(from);
	struct dirent *e;
	while (rc == 0 && d && (e = readdir(d))) {
		if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
			continue;
		char *a = xasprintf("%s/%s", from, e->d_name), *b = xasprintf("%s/%s", to, e->d_name);
		if (rename(a, b) != 0) {
			snprintf(err, errlen, _("%s: cannot move into place: %s"), b, strerror(errno));
			rc = -1;
		}
		free(a);
		free(b);
	}
	if (d)
		closedir(d);
	if (rc == 0 && fsync_path(to) != 0) {
		snprintf(err, errlen, _("%s: cannot write: %s"), to, strerror(errno));
		rc = -1;
	}
	free(from);
	free(to);
	return rc;
}

/* Moves the committed staging area stage into out: the folders and files, OUT made durable,
 * then the manifest, OUT durable again; then removes the area. Safe to run again after
 * it stopped half way. */
static int finish(const char *out, const char *stage, char *err, size_t errlen)
{
	DIR *d = opendir(stage);
	if (!d) {
		snprintf(err, errlen, _("%s: cannot read: %s"), stage, strerror(errno));
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d))) {
		const char *n = e->d_name;
		if (n[0] == '.' || strcmp(n, MANIFEST) == 0) /* ".", "..", the marker */
			continue;
		char *from = xasprintf("%s/%s", stage, n);
		struct stat st = {0};
		if (lstat(from, &st) == 0 && S_ISDIR(st.st_mode)) {
			rc = move_folder(out, stage, n, err, errlen);
		} else if (S_ISREG(st.st_mode)) {
			char *to = xasprintf("%s/%s", out, n);
			if (rename(from, to) != 0) {
				snprintf(err, errlen, _("%s: cannot move into place: %s"), to, strerror(errno));
				rc = -1;
			}
			free(to);
		}
		free(from);
	}
	closedir(d);
	if (rc == 0 && fsync_path(out) != 0) {
		snprintf(err, errlen, _("%s: cannot write: %s"), out, strerror(errno));
		rc = -1;
	}
	char *from = xasprintf("%s/%s", stage, MANIFEST), *to = xasprintf("%s/%s", out, MANIFEST);
	if (rc == 0 && rename(from, to) != 0 && errno != ENOENT) {
		snprintf(err, errlen, _("%s: cannot move into place: %s"), to, strerror(errno));
		rc = -1;
	}
	free(from);
	free(to);
	if (rc == 0 && fsync_path(out) != 0) {
		snprintf(err, errlen, _("%s: cannot write: %s"), out, strerror(errno));
		rc = -1;
	}
	if (rc == 0)
		remove_tree(stage, MAX_DEPTH);
	return rc;
}

/* ---- the staging area ---------------------------------------------------------------- */

int stage_recover(const struct stage *s, struct diag_list *dl, char *err, size_t errlen)
{
	DIR *d = opendir(s->out);
	if (!d)
		return 0;
	struct dirent *e;
	int rc = 0;
	/* names first: the folder changes while it is read */
	char **names = NULL;
	size_t n = 0, cap = 0;
	while ((e = readdir(d)))
		if (strncmp(e->d_name, STAGE_PREFIX, strlen(STAGE_PREFIX)) == 0 && n < 1000) {
			xgrow((void **)&names, &cap, n + 1, sizeof *names);
			names[n++] = xstrdup(e->d_name);
		}
	closedir(d);
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", s->out, names[i]);
		char *marker = xasprintf("%s/%s", path, MARKER);
		struct stat st;
		if (rc == 0 && lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && lstat(marker, &st) == 0) {
			rc = finish(s->out, path, err, errlen);
			if (rc == 0)
				diag_warn(dl, NULL, 0, NULL,
					  "%s: a run was stopped while putting its files in place: its move is finished now",
					  path);
		} else if (rc == 0) {
			remove_tree(path, MAX_DEPTH);
			diag_warn(dl, NULL, 0, NULL,
				  "%s: left by a run that was stopped before it finished: removed (the output folder "
				  "is as it was before that run)",
				  path);
		}
		free(marker);
		free(path);
		free(names[i]);
	}
	free(names);
	return rc;
}

int stage_open(struct stage *s, const char *const *sub, size_t n, char *err, size_t errlen)
{
	s->dir = xasprintf("%s/%s%ld", s->out, STAGE_PREFIX, (long)getpid());
	remove_tree(s->dir, MAX_DEPTH); /* a process of the same pid, long gone */
	if (mkdir(s->dir, 0750) != 0) {
		snprintf(err, errlen, _("%s: cannot create the folder: %s"), s->dir, strerror(errno));
		free(s->dir);
		s->dir = NULL;
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		char *p = xasprintf("%s/%s", s->dir, sub[i]);
		int rc = mkdir(p, 0750);
		if (rc != 0)
			snprintf(err, errlen, _("%s: cannot create the folder: %s"), p, strerror(errno));
		free(p);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* Makes every staged file and folder durable: one syncfs for the file system, or an fsync of
 * each file and folder where syncfs is not there. */
static int durable(const char *dir, int depth)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (depth == MAX_DEPTH && syncfs(fd) == 0) {
		close(fd);
		return 0;
	}
	if (depth == MAX_DEPTH && errno != ENOSYS) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	int rc = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (rc == 0 && d && (e = readdir(d))) {
		if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
			continue;
		char *p = xasprintf("%s/%s", dir, e->d_name);
		struct stat st = {0};
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode) && depth > 0) {
			rc = durable(p, depth - 1);
		} else if (S_ISREG(st.st_mode)) {
			int f = open(p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
			rc = f < 0 || fsync(f) != 0 ? -1 : 0;
			if (f >= 0)
				close(f);
		}
		free(p);
	}
	if (d)
		closedir(d);
	if (rc == 0)
		rc = fsync(fd);
	close(fd);
	return rc;
}

int stage_commit(struct stage *s, char *err, size_t errlen)
{
	if (durable(s->dir, MAX_DEPTH) != 0) {
		snprintf(err, errlen, _("%s: cannot write: %s"), s->out, strerror(errno));
		stage_remove(s);
		return -1;
	}
	char *marker = xasprintf("%s/%s", s->dir, MARKER);
	int fd = open(marker, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0640);
	int rc = fd >= 0 && fsync(fd) == 0 ? 0 : -1;
	if (fd >= 0 && close(fd) != 0)
		rc = -1;
	if (rc == 0)
		rc = fsync_path(s->dir);
	free(marker);
	if (rc != 0) {
		snprintf(err, errlen, _("%s: cannot write: %s"), s->out, strerror(errno));
		stage_remove(s);
		return -1;
	}
	/* from here on the run counts as done: the next run finishes what this one cannot */
	rc = finish(s->out, s->dir, err, errlen);
	if (rc != 0) {
		size_t len = strlen(err);
		snprintf(err + len, errlen - len, _(" (the next run finishes putting the files in place)"));
	}
	free(s->dir); /* removed, or left with its marker for the next run to finish */
	s->dir = NULL;
	return rc;
}

void stage_remove(struct stage *s)
{
	if (!s->dir)
		return;
	remove_tree(s->dir, MAX_DEPTH);
	free(s->dir);
	s->dir = NULL;
}
