/* fileio: atomic writes (unnamed or temporary file + fsync + rename), folder creation, whole
 * reads. */
#define _GNU_SOURCE /* O_TMPFILE, AT_EMPTY_PATH */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "xalloc.h"

int file_open_unnamed(const char *path, const char *tmp, int mode, int *named)
{
	*named = 0;
#ifdef O_TMPFILE
	const char *slash = strrchr(path, '/');
	char dir[4096];
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if ((size_t)(slash - path) < sizeof dir)
		snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
	else
		dir[0] = '\0';
	if (dir[0]) {
		int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
		if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
			return fd;
	}
#endif
	*named = 1;
	return open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode);
}

int file_name_into_place(int fd, int named, const char *tmp, const char *path)
{
	if (!named) {
		char proc[64];
		snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
		int rc = linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW);
		if (rc != 0 && errno == EEXIST && unlink(tmp) == 0) /* a stale one of a killed run */
			rc = linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW);
		if (rc != 0 && errno == ENOENT) /* no /proc */
			rc = linkat(fd, "", AT_FDCWD, tmp, AT_EMPTY_PATH);
		if (rc != 0)
			return -1;
	}
	if (rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	return 0;
}

int file_write_atomic(const char *path, const void *data, size_t n, int mode, char *err, size_t errlen)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	int named;
	int fd = file_open_unnamed(path, tmp, mode, &named);
	if (fd < 0) {
		snprintf(err, errlen, _("%s: cannot create: %s"), path, strerror(errno));
		free(tmp);
		return -1;
	}
	const char *p = data;
	size_t left = n;
	int rc = 0;
	while (left > 0) {
		ssize_t k = write(fd, p, left);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			snprintf(err, errlen, _("%s: cannot write: %s"), path, strerror(k < 0 ? errno : ENOSPC));
			rc = -1;
			break;
		}
		p += k;
		left -= (size_t)k;
	}
	if (rc == 0 && fsync(fd) != 0) {
		snprintf(err, errlen, _("%s: cannot write: %s"), path, strerror(errno));
		rc = -1;
	}
	if (rc == 0 && file_name_into_place(fd, named, tmp, path) != 0) {
		snprintf(err, errlen, _("%s: cannot rename into place: %s"), path, strerror(errno));
		rc = -1;
	}
	if (close(fd) != 0 && rc == 0) {
		snprintf(err, errlen, _("%s: cannot write: %s"), path, strerror(errno));
		rc = -1;
	}
	if (rc != 0 && named)
		unlink(tmp);
	free(tmp);
	return rc;
}

int file_write_new(const char *path, const void *data, size_t n, int mode, char *err, size_t errlen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0) {
		snprintf(err, errlen, _("%s: cannot create: %s"), path, strerror(errno));
		return -1;
	}
	const char *p = data;
	size_t left = n;
	int rc = 0;
	while (left > 0) {
		ssize_t k = write(fd, p, left);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			snprintf(err, errlen, _("%s: cannot write: %s"), path, strerror(k < 0 ? errno : ENOSPC));
			rc = -1;
			break;
		}
		p += k;
		left -= (size_t)k;
	}
	if (close(fd) != 0 && rc == 0) {
		snprintf(err, errlen, _("%s: cannot write: %s"), path, strerror(errno));
		rc = -1;
	}
	if (rc != 0)
		unlink(path);
	return rc;
}

int file_mkdirs(const char *dir, char *err, size_t errlen)
{
	char *p = xstrdup(dir);
	int rc = 0;
	for (char *s = p + 1;; s++) {
		char c = *s;
		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		struct stat st;
		if (mkdir(p, 0750) != 0 && errno != EEXIST) {
			snprintf(err, errlen, _("%s: cannot create the folder: %s"), p, strerror(errno));
			rc = -1;
		} else if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
			snprintf(err, errlen, _("%s: not a folder"), p);
			rc = -1;
		}
		*s = c;
		if (rc || c == '\0')
			break;
	}
	free(p);
	return rc;
}

int file_read_all(const char *path, size_t max, char **data, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int rc = 0;
	for (;;) {
		xgrow((void **)&buf, &cap, len + 65536 + 1, 1);
		size_t k = fread(buf + len, 1, cap - len - 1, f);
		len += k;
		if (len > max) {
			rc = -2;
			break;
		}
		if (k == 0)
			break;
	}
	if (rc == 0 && ferror(f))
		rc = -1;
	fclose(f);
	if (rc) {
		free(buf);
		return rc;
	}
	buf[len] = '\0';
	*data = buf;
	*n = len;
	return 0;
}
