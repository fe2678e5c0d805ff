/* fontset: reads fonts.list, checks each listed font file's SHA-256 and loads its metrics;
 * makes the reduced copies the PDFs embed.
 * Invariants: each font file is read once, and the bytes hashed are the bytes parsed and
 * the bytes reduced; the list's size is capped (line length, line count) and so is each
 * font file's; on failure nothing stays allocated, nor on disk; only the process that made
 * the folder of reduced copies removes it, or a later run once that process is gone (killed
 * before its cleanup) and the folder is an hour old. */
#define _POSIX_C_SOURCE 200809L

#include "fontset.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "font/subset.h"
#include "pdf/pdf.h"
#include "util/sha256.h"
#include "util/xalloc.h"
#include "util/i18n.h"

#define MAX_LINE 1024          /* bytes of one fonts.list line */
#define MAX_LINES 1000         /* lines of fonts.list, comments included */
#define MAX_FONT (64u << 20)   /* bytes of one font file */
#define STALE_AGE 3600         /* seconds after which a dead run's folder of copies goes */

static const char *const ROLES[FONT_NFACES] = {"regular", "bold", "italic", "bold-italic",
					       "fallback", "fallback-bold"};

const char *fontset_role_name(enum font_face face)
{
	return (unsigned)face < FONT_NFACES ? ROLES[face] : "?";
}

/* Reads the file at path into *data (free with free()) and *n. Returns 0, or an errno
 * value (EFBIG past MAX_FONT). */
static int read_all(const char *path, uint8_t **data, size_t *n)
{
	*data = NULL;
	*n = 0;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return errno ? errno : EIO;
	size_t cap = 0, got;
	do {
		xgrow((void **)data, &cap, *n + 65536, 1);
		got = fread(*data + *n, 1, cap - *n, fp);
		*n += got;
	} while (got > 0 && *n <= MAX_FONT);
	int e = ferror(fp) ? (errno ? errno : EIO) : *n > MAX_FONT ? EFBIG : 0;
	fclose(fp);
	if (e) {
		free(*data);
		*data = NULL;
		*n = 0;
	}
	return e;
}

/* One parsed line of the list. */
struct entry {
	int line;  /* 0: the role was not listed */
	char sha[65];
	char *name;
};

static int is_hex64(const char *s, size_t n)
{
	if (n != 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Splits line into at most 4 fields separated by spaces or tabs; returns how many. */
static int split(char *line, char *field[4], size_t len[4])
{
	int nf = 0;
	char *p = line;
	for (;;) {
		p += strspn(p, " \t");
		if (*p == '\0' || nf == 4)
			return *p ? nf + 1 : nf;
		field[nf] = p;
		len[nf] = strcspn(p, " \t");
		p += len[nf];
		nf++;
	}
}

/* Parses one non-comment line into e[role]. Returns 0, or -1 with a message in err. */
static int parse_line(char *line, int lineno, const char *list, struct entry e[FONT_NFACES],
		      char *err, size_t errlen)
{
	char *field[4];
	size_t len[4];
	if (split(line, field, len) != 3) {
		snprintf(err, errlen, _("%s:%d: expected '<sha256>  <file name>  <role>'"), list, lineno);
		return -1;
	}
	if (!is_hex64(field[0], len[0])) {
		snprintf(err, errlen, _("%s:%d: the checksum is not 64 hex digits"), list, lineno);
		return -1;
	}
	field[1][len[1]] = '\0';
	if (strpbrk(field[1], "/\\") || !strcmp(field[1], ".") || !strcmp(field[1], "..") ||
	    len[1] > 255) {
		snprintf(err, errlen, _("%s:%d: '%.60s' is not a plain file name"), list, lineno,
			 field[1]);
		return -1;
	}
	field[2][len[2]] = '\0';
	int face = 0;
	while (face < FONT_NFACES && strcmp(field[2], ROLES[face]) != 0)
		face++;
	if (face == FONT_NFACES) {
		snprintf(err, errlen, _("%s:%d: unknown role '%.40s' (regular, bold, italic, bold-italic, "
			 "fallback, fallback-bold)"),
			 list, lineno, field[2]);
		return -1;
	}
	if (e[face].line) {
		snprintf(err, errlen, _("%s:%d: role '%s' listed twice (also on line %d)"), list, lineno,
			 ROLES[face], e[face].line);
		return -1;
	}
	e[face].line = lineno;
	for (int i = 0; i < 64; i++)
		e[face].sha[i] = (char)tolower((unsigned char)field[0][i]);
	e[face].sha[64] = '\0';
	e[face].name = xstrdup(field[1]);
	return 0;
}

/* Reads the list at path into e. Returns 0, or -1 with a message in err. */
static int read_list(const char *list, struct entry e[FONT_NFACES], char *err, size_t errlen)
{
	FILE *fp = fopen(list, "r");
	if (!fp) {
		snprintf(err, errlen, "%s: %s", list, errno == ENOENT ? _("missing") : strerror(errno));
		return -1;
	}
	char line[MAX_LINE + 2];
	int lineno = 0, rc = 0;
	while (rc == 0 && fgets(line, sizeof line, fp)) {
		lineno++;
		size_t n = strlen(line);
		if (lineno > MAX_LINES) {
			snprintf(err, errlen, _("%s: more than %d lines"), list, MAX_LINES);
			rc = -1;
		} else if (n > MAX_LINE && line[n - 1] != '\n') {
			snprintf(err, errlen, _("%s:%d: line longer than %d bytes"), list, lineno, MAX_LINE);
			rc = -1;
		} else {
			while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
				line[--n] = '\0';
			char *p = line + strspn(line, " \t");
			if (*p && *p != '#')
				rc = parse_line(p, lineno, list, e, err, errlen);
		}
	}
	if (rc == 0 && ferror(fp)) {
		snprintf(err, errlen, _("%s: cannot read: %s"), list, strerror(errno ? errno : EIO));
		rc = -1;
	}
	fclose(fp);
	for (int face = 0; rc == 0 && face < FONT_NMAIN; face++) {
		if (!e[face].line) {
			snprintf(err, errlen, _("%s: no line for role '%s'"), list, ROLES[face]);
			rc = -1;
		}
	}
	return rc;
}

/* Checks and loads one face whose file is at path. Returns 0, or -1 with a message. */
static int load_face(struct fontset *fs, int face, const char *path, const char *sha,
		     char *err, size_t errlen)
{
	uint8_t *data;
	size_t n;
	int e = read_all(path, &data, &n);
	if (e == ENOENT) {
		snprintf(err, errlen, _("%s: missing (run 'make deps')"), path);
		return -1;
	}
	if (e) {
		snprintf(err, errlen, _("%s: cannot read: %s"), path, strerror(e));
		return -1;
	}
	struct sha256 ctx;
	uint8_t d[32];
	char hex[65];
	sha256_init(&ctx);
	sha256_update(&ctx, data, n);
	sha256_final(&ctx, d);
	sha256_hex(d, hex);
	int rc = -1;
	if (strcmp(hex, sha) != 0)
		snprintf(err, errlen, _("%s: checksum mismatch: the file is not the one fonts.list names"),
			 path);
	else
		rc = ttf_load_mem(data, n, path, &fs->ttf[face], err, errlen);
	if (rc == 0) {
		fs->data[face] = data; /* kept for fontset_make_reduced */
		fs->size[face] = n;
	} else {
		free(data);
	}
	return rc;
}

int fontset_load(struct fontset *fs, const char *dir, char *err, size_t errlen)
{
	struct entry e[FONT_NFACES];
	char *list = xasprintf("%s/fonts.list", dir);
	memset(fs, 0, sizeof *fs);
	memset(e, 0, sizeof e);
	fs->cache = pdf_cache_new();
	if (errlen)
		err[0] = '\0';

	int rc = read_list(list, e, err, errlen);
	for (int face = 0; rc == 0 && face < FONT_NFACES; face++) {
		if (!e[face].line)
			continue; /* a fallback face not listed */
		fs->path[face] = xasprintf("%s/%s", dir, e[face].name);
		rc = load_face(fs, face, fs->path[face], e[face].sha, err, errlen);
	}
	for (int face = 0; face < FONT_NFACES; face++)
		free(e[face].name);
	free(list);
	if (rc)
		fontset_free(fs);
	return rc;
}

/* Removes the reduced copies (in their owner only) and forgets them. */
static void drop_reduced(struct fontset *fs)
{
	bool owner = fs->reduced_dir && fs->reduced_owner == getpid();
	for (int face = 0; face < FONT_NFACES; face++) {
		if (owner && fs->reduced_path[face])
			unlink(fs->reduced_path[face]);
		if (owner && fs->wide_path[face])
			unlink(fs->wide_path[face]);
		free(fs->reduced_path[face]);
		free(fs->wide_path[face]);
		fs->reduced_path[face] = NULL;
		fs->wide_path[face] = NULL;
	}
	if (owner)
		rmdir(fs->reduced_dir);
	free(fs->reduced_dir);
	fs->reduced_dir = NULL;
}

void fontset_free(struct fontset *fs)
{
	drop_reduced(fs);
	pdf_cache_free(fs->cache);
	fs->cache = NULL;
	for (int face = 0; face < FONT_NFACES; face++) {
		free(fs->path[face]);
		ttf_free(fs->ttf[face]);
		free(fs->data[face]);
		fs->path[face] = NULL;
		fs->ttf[face] = NULL;
		fs->data[face] = NULL;
		fs->size[face] = 0;
	}
}

/* Writes n bytes to a new file at path, mode 0600. */
static int write_new(const char *path, const uint8_t *data, size_t n, char *err, size_t errlen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, _("%s: cannot create: %s"), path, strerror(errno));
		return -1;
	}
	size_t done = 0;
	while (done < n) {
		ssize_t k = write(fd, data + done, n - done);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		done += (size_t)k;
	}
	int e = done < n ? (errno ? errno : EIO) : 0;
	if (close(fd) != 0 && !e)
		e = errno;
	if (e)
		snprintf(err, errlen, _("%s: cannot write: %s"), path, strerror(e));
	return e ? -1 : 0;
}

/* Checks that the reduced font in data gives every code point keep accepts and orig shows
 * the width orig gives it, and others glyph 0's width. */
static int same_widths(const struct ttf *orig, const uint8_t *data, size_t n, const char *name,
		       bool (*keep)(unsigned), char *err, size_t errlen)
{
	struct ttf *red;
	if (ttf_load_mem(data, n, name, &red, err, errlen) != 0)
		return -1;
	int rc = 0;
	for (unsigned cp = 0; cp < 0xFFFF && rc == 0; cp++) {
		if (!ttf_glyph(orig, cp) || !keep(cp))
			continue;
		if (!ttf_glyph(red, cp) || ttf_width(red, cp) != ttf_width(orig, cp)) {
			snprintf(err, errlen, _("%s: U+%04X has width %d in the reduced font, %d in the "
				 "original"), name, cp, ttf_width(red, cp), ttf_width(orig, cp));
			rc = -1;
		}
	}
	if (rc == 0 && ttf_width(red, 0xFFFF) != ttf_width(orig, 0xFFFF)) {
		snprintf(err, errlen, _("%s: glyph 0 has another width in the reduced font"), name);
		rc = -1;
	}
	ttf_free(red);
	return rc;
}

static bool keep_all(unsigned cp)
{
	(void)cp;
	return true;
}

/* Reduces one face into fs->reduced_dir: to keep's code points as <role>.ttf, or, when wide,
 * to all the face maps as <role>-wide.ttf. Returns 0, or -1 with a message. */
static int reduce_face(struct fontset *fs, int face, bool (*keep)(unsigned), bool wide,
		       char *err, size_t errlen)
{
	if (wide)
		keep = keep_all;
	uint8_t *out;
	size_t n;
	char why[256];
	if (subset_ttf(fs->data[face], fs->size[face], keep, &out, &n, why, sizeof why) != 0) {
		snprintf(err, errlen, _("%s: cannot reduce the font: %s"), fs->path[face], why);
		return -1;
	}
	char *path = xasprintf("%s/%s%s.ttf", fs->reduced_dir, ROLES[face], wide ? "-wide" : "");
	int rc = same_widths(fs->ttf[face], out, n, fs->path[face], keep, err, errlen);
	if (rc == 0)
		rc = write_new(path, out, n, err, errlen);
	if (rc == 0)
		*(wide ? &fs->wide_path[face] : &fs->reduced_path[face]) = path;
	else
		free(path);
	free(out);
	return rc;
}

/* Whether the folder name (in dir) is one a run killed before its cleanup left: named
 * "patronat-fonts-<pid>-XXXXXX", its maker gone, this user's, untouched for STALE_AGE. */
static bool is_stale(const char *dir, const char *name, char **path)
{
	unsigned long pid;
	int end = 0;
	if (sscanf(name, "patronat-fonts-%lu-%*6[A-Za-z0-9]%n", &pid, &end) != 1 || end == 0 ||
	    name[end] != '\0' || pid == 0 || pid > INT32_MAX || (pid_t)pid == getpid())
		return false;
	if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
		return false;
	struct stat st;
	*path = xasprintf("%s/%s", dir, name);
	if (lstat(*path, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == getuid() &&
	    time(NULL) - st.st_mtime > STALE_AGE)
		return true;
	free(*path);
	return false;
}

/* Removes from dir the folders of copies that killed runs left (see is_stale): the files a
 * set writes there, then the folder when that emptied it. */
static void remove_stale(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		char *path;
		if (!is_stale(dir, e->d_name, &path))
			continue;
		for (int face = 0; face < 2 * FONT_NFACES; face++) {
			char *file = xasprintf("%s/%s%s.ttf", path, ROLES[face % FONT_NFACES],
					       face < FONT_NFACES ? "" : "-wide");
			unlink(file);
			free(file);
		}
		rmdir(path);
		free(path);
	}
	closedir(d);
}

int fontset_make_reduced(struct fontset *fs, bool (*keep)(unsigned cp), char *err,
			 size_t errlen)
{
	if (fs->reduced_dir)
		return 0;
	for (int face = 0; face < FONT_NMAIN; face++) {
		if (!fs->data[face]) {
			snprintf(err, errlen, _("the fonts are not loaded"));
			return -1;
		}
	}
	const char *tmp = getenv("TMPDIR");
	tmp = tmp && *tmp ? tmp : "/tmp";
	remove_stale(tmp);
	fs->reduced_dir = xasprintf("%s/patronat-fonts-%ld-XXXXXX", tmp, (long)getpid());
	if (!mkdtemp(fs->reduced_dir)) {
		snprintf(err, errlen, _("cannot make a temporary folder in %s: %s"), tmp,
			 strerror(errno));
		free(fs->reduced_dir);
		fs->reduced_dir = NULL;
		return -1;
	}
	fs->reduced_owner = getpid();
	int rc = 0;
	for (int face = 0; face < FONT_NMAIN && rc == 0; face++) /* fallback faces: wide only */
		rc = reduce_face(fs, face, keep, false, err, errlen);
	if (rc) {
		drop_reduced(fs);
		return -1;
	}
	return 0; /* the bytes stay for fontset_make_wide */
}

int fontset_make_wide(struct fontset *fs, bool needed, char *err, size_t errlen)
{
	int rc = 0;
	for (int face = 0; face < FONT_NFACES && needed && fs->reduced_dir && rc == 0; face++)
		if (fs->data[face] && !fs->wide_path[face])
			rc = reduce_face(fs, face, NULL, true, err, errlen);
	if (rc) {
		for (int face = 0; face < FONT_NFACES; face++) {
			if (fs->wide_path[face])
				unlink(fs->wide_path[face]);
			free(fs->wide_path[face]);
			fs->wide_path[face] = NULL;
		}
	}
	for (int face = 0; face < FONT_NFACES && fs->reduced_dir; face++) {
		free(fs->data[face]);
		fs->data[face] = NULL;
	}
	return rc;
}

const char *fontset_pdf_path(const struct fontset *fs, enum font_face face)
{
	if ((unsigned)face >= FONT_NFACES)
		return NULL;
	return fs->reduced_path[face] ? fs->reduced_path[face] : fs->path[face];
}

const char *fontset_pdf_wide_path(const struct fontset *fs, enum font_face face)
{
	if ((unsigned)face >= FONT_NFACES)
		return NULL;
	return fs->wide_path[face] ? fs->wide_path[face] : fs->path[face];
}

bool fontset_printable(unsigned cp)
{
	return cp >= 0x20 && cp <= 0xFFFF && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0) &&
	       !(cp >= 0xD800 && cp < 0xE000);
}

bool fontset_covers(const void *set, unsigned cp)
{
	const struct fontset *fs = set;
	if (!fontset_printable(cp))
		return false;
	bool all = true;
	for (int face = 0; face < FONT_NMAIN && all; face++)
		all = fs->ttf[face] && ttf_glyph(fs->ttf[face], cp) != 0;
	return all || (fs->ttf[FONT_FALLBACK] && ttf_glyph(fs->ttf[FONT_FALLBACK], cp) != 0);
}
