/* fontset: reads fonts.list, checks each listed font file's SHA-256 and loads its metrics.
 * Invariants: each font file is read once, and the bytes hashed are the bytes parsed; the
 * list's size is capped (line length, line count) and so is each font file's; on failure
 * nothing stays allocated. */
#include "fontset.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/sha256.h"
#include "util/xalloc.h"

#define MAX_LINE 1024          /* bytes of one fonts.list line */
#define MAX_LINES 1000         /* lines of fonts.list, comments included */
#define MAX_FONT (64u << 20)   /* bytes of one font file */

static const char *const ROLES[FONT_NFACES] = {"regular", "bold", "italic", "bold-italic"};

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
		snprintf(err, errlen, "%s:%d: expected '<sha256>  <file name>  <role>'", list, lineno);
		return -1;
	}
	if (!is_hex64(field[0], len[0])) {
		snprintf(err, errlen, "%s:%d: the checksum is not 64 hex digits", list, lineno);
		return -1;
	}
	field[1][len[1]] = '\0';
	if (strpbrk(field[1], "/\\") || !strcmp(field[1], ".") || !strcmp(field[1], "..") ||
	    len[1] > 255) {
		snprintf(err, errlen, "%s:%d: '%.60s' is not a plain file name", list, lineno,
			 field[1]);
		return -1;
	}
	field[2][len[2]] = '\0';
	int face = 0;
	while (face < FONT_NFACES && strcmp(field[2], ROLES[face]) != 0)
		face++;
	if (face == FONT_NFACES) {
		snprintf(err, errlen, "%s:%d: unknown role '%.40s' (regular, bold, italic, bold-italic)",
			 list, lineno, field[2]);
		return -1;
	}
	if (e[face].line) {
		snprintf(err, errlen, "%s:%d: role '%s' listed twice (also on line %d)", list, lineno,
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
		snprintf(err, errlen, "%s: %s", list, errno == ENOENT ? "missing" : strerror(errno));
		return -1;
	}
	char line[MAX_LINE + 2];
	int lineno = 0, rc = 0;
	while (rc == 0 && fgets(line, sizeof line, fp)) {
		lineno++;
		size_t n = strlen(line);
		if (lineno > MAX_LINES) {
			snprintf(err, errlen, "%s: more than %d lines", list, MAX_LINES);
			rc = -1;
		} else if (n > MAX_LINE && line[n - 1] != '\n') {
			snprintf(err, errlen, "%s:%d: line longer than %d bytes", list, lineno, MAX_LINE);
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
		snprintf(err, errlen, "%s: cannot read: %s", list, strerror(errno ? errno : EIO));
		rc = -1;
	}
	fclose(fp);
	for (int face = 0; rc == 0 && face < FONT_NFACES; face++) {
		if (!e[face].line) {
			snprintf(err, errlen, "%s: no line for role '%s'", list, ROLES[face]);
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
		snprintf(err, errlen, "%s: missing (run 'make deps')", path);
		return -1;
	}
	if (e) {
		snprintf(err, errlen, "%s: cannot read: %s", path, strerror(e));
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
		snprintf(err, errlen, "%s: checksum mismatch: the file is not the one fonts.list names",
			 path);
	else
		rc = ttf_load_mem(data, n, path, &fs->ttf[face], err, errlen);
	free(data);
	return rc;
}

int fontset_load(struct fontset *fs, const char *dir, char *err, size_t errlen)
{
	struct entry e[FONT_NFACES];
	char *list = xasprintf("%s/fonts.list", dir);
	memset(fs, 0, sizeof *fs);
	memset(e, 0, sizeof e);
	if (errlen)
		err[0] = '\0';

	int rc = read_list(list, e, err, errlen);
	for (int face = 0; rc == 0 && face < FONT_NFACES; face++) {
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

void fontset_free(struct fontset *fs)
{
	for (int face = 0; face < FONT_NFACES; face++) {
		free(fs->path[face]);
		ttf_free(fs->ttf[face]);
		fs->path[face] = NULL;
		fs->ttf[face] = NULL;
	}
}
