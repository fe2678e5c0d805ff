/* docmeta: the archive line of a PDF's /Keywords, and a reader of our own PDFs' trailer, page
 * tree and Info dictionary.
 * Invariant: the reader reads a bounded number of bytes (the tail, the xref entries it
 * needs, objects up to DOCMETA_MAX_OBJECT), never recurses (nesting is skipped with a
 * counter) and never follows a symbolic link; anything unexpected is an error, not a guess. */
#define _POSIX_C_SOURCE 200809L
#include "docmeta.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* ---- the line -------------------------------------------------------------------------- */

static void add_date(struct buf *b, struct date d)
{
	if (!date_empty(d))
		buf_printf(b, "%04d-%02d-%02d", d.y, d.m, d.d);
}

static bool plain(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
	       c == '.' || c == '~';
}

char *docmeta_format(const struct docmeta *m)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%skind=%s; graduate=", DOCMETA_PREFIX, m->kind);
	for (const unsigned char *p = (const unsigned char *)m->graduate; *p; p++)
		if (plain(*p))
			buf_addc(&b, (char)*p);
		else
			buf_printf(&b, "%%%02X", *p);
	buf_adds(&b, "; date=");
	add_date(&b, m->date);
	buf_adds(&b, "; closed=");
	add_date(&b, m->closed);
	buf_adds(&b, "; years=");
	if (m->years > 0)
		buf_printf(&b, "%d", m->years);
	else if (m->years == DOCMETA_PERMANENT)
		buf_adds(&b, "permanent");
	buf_adds(&b, "; keep-until=");
	if (m->years == DOCMETA_PERMANENT)
		buf_adds(&b, "permanent");
	else
		add_date(&b, m->keep_until);
	if (m->manifest_sha256[0])
		buf_printf(&b, "; manifest-sha256=%s", m->manifest_sha256);
	return buf_take(&b);
}

/* Reads "KEY=" at *s and returns the value's length (up to ';' or the end), or -1. */
static long field(const char **s, const char *key)
{
	size_t k = strlen(key);
	if (strncmp(*s, key, k) != 0 || (*s)[k] != '=')
		return -1;
	*s += k + 1;
	return (long)strcspn(*s, ";");
}

/* Moves past the value of length n and its "; " (or the end). Returns 0, or -1. */
static int next(const char **s, long n, bool last)
{
	*s += n;
	if (last)
		return **s == '\0' ? 0 : -1;
	if (strncmp(*s, "; ", 2) != 0)
		return -1;
	*s += 2;
	return 0;
}

static int parse_date(const char *s, long n, struct date *d)
{
	struct date none = {0, 0, 0};
	*d = none;
	if (n == 0)
		return 0;
	char b[11];
	if (n != 10)
		return -1;
	memcpy(b, s, 10);
	b[10] = '\0';
	return b[4] == '-' && b[7] == '-' && date_parse(b, d) == 0 ? 0 : -1;
}

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static int parse_graduate(const char *s, long n, char *out)
{
	size_t k = 0;
	for (long i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		if (c == '%') {
			int hi = i + 2 < n ? hexval(s[i + 1]) : -1, lo = i + 2 < n ? hexval(s[i + 2]) : -1;
			if (hi < 0 || lo < 0)
				return -1;
			c = hi * 16 + lo;
			i += 2;
		} else if (!plain((unsigned char)c)) {
			return -1;
		}
		if (k >= DOCMETA_MAX_GRADUATE || c == 0)
			return -1;
		out[k++] = (char)c;
	}
	out[k] = '\0';
	return 0;
}

int docmeta_parse(const char *s, struct docmeta *m)
{
	memset(m, 0, sizeof *m);
	size_t pl = strlen(DOCMETA_PREFIX);
	if (!s || strncmp(s, DOCMETA_PREFIX, pl) != 0)
		return -1;
	s += pl;
	long n = field(&s, "kind");
	if (n <= 0 || n >= (long)sizeof m->kind)
		return -1;
	memcpy(m->kind, s, (size_t)n);
	for (long i = 0; i < n; i++)
		if (!plain((unsigned char)s[i]))
			return -1;
	if (next(&s, n, false) != 0 || (n = field(&s, "graduate")) < 0 || parse_graduate(s, n, m->graduate) != 0 ||
	    next(&s, n, false) != 0)
		return -1;
	if ((n = field(&s, "date")) < 0 || parse_date(s, n, &m->date) != 0 || date_empty(m->date) ||
	    next(&s, n, false) != 0)
		return -1;
	if ((n = field(&s, "closed")) < 0 || parse_date(s, n, &m->closed) != 0 || next(&s, n, false) != 0)
		return -1;
	if ((n = field(&s, "years")) < 0)
		return -1;
	if (n == 0) {
		m->years = DOCMETA_NOT_KEPT;
	} else if (n == 9 && strncmp(s, "permanent", 9) == 0) {
		m->years = DOCMETA_PERMANENT;
	} else {
		int y = 0;
		for (long i = 0; i < n; i++) {
			if (s[i] < '0' || s[i] > '9' || i >= 3)
				return -1;
			y = y * 10 + (s[i] - '0');
		}
		if (y < 1 || y > 100)
			return -1;
		m->years = y;
	}
	if (next(&s, n, false) != 0 || (n = field(&s, "keep-until")) < 0)
		return -1;
	if (m->years == DOCMETA_PERMANENT) {
		if (n != 9 || strncmp(s, "permanent", 9) != 0)
			return -1;
	} else if (parse_date(s, n, &m->keep_until) != 0 ||
		   (m->years < 0 ? !date_empty(m->keep_until) : date_empty(m->keep_until) != date_empty(m->closed))) {
		return -1;
	}
	s += n;
	if (*s == '\0')
		return 0;
	if (strncmp(s, "; ", 2) != 0)
		return -1;
	s += 2;
	if ((n = field(&s, "manifest-sha256")) != 64)
		return -1;
	for (long i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return -1;
	memcpy(m->manifest_sha256, s, 64);
	m->manifest_sha256[64] = '\0';
	return next(&s, n, true);
}

/* ---- reading a PDF ----------------------------------------------------------------------- */

struct pdf {
	int fd;
	off_t size;
	off_t entries; /* where the xref's entries begin (20 bytes each) */
	uint64_t nobj;
};

/* Reads up to max bytes at off into a new NUL-terminated buffer; *n the bytes read. */
static char *read_at(const struct pdf *p, off_t off, size_t max, size_t *n)
{
	*n = 0;
	if (off < 0 || off >= p->size)
		return NULL;
	if ((uint64_t)(p->size - off) < max)
		max = (size_t)(p->size - off);
	char *b = xmalloc(max + 1);
	while (*n < max) {
		ssize_t got = pread(p->fd, b + *n, max - *n, off + (off_t)*n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		*n += (size_t)got;
	}
	b[*n] = '\0';
	return b;
}

static bool is_ws(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static bool is_delim(unsigned char c)
{
	return is_ws(c) || strchr("()<>[]{}/%", c) != NULL;
}

static void skip_ws(const char *d, size_t n, size_t *pos)
{
	while (*pos < n) {
		if (d[*pos] == '%') {
			while (*pos < n && d[*pos] != '\n' && d[*pos] != '\r')
				(*pos)++;
		} else if (is_ws((unsigned char)d[*pos])) {
			(*pos)++;
		} else {
			break;
		}
	}
}

/* An unsigned integer at *pos (moved past it), or -1. */
static int64_t read_uint(const char *d, size_t n, size_t *pos)
{
	size_t p = *pos;
	int64_t v = 0;
	while (p < n && d[p] >= '0' && d[p] <= '9' && p - *pos < 15)
		v = v * 10 + (d[p++] - '0');
	if (p == *pos || (p < n && !is_delim((unsigned char)d[p])))
		return -1;
	*pos = p;
	return v;
}

enum vtype { V_NONE, V_INT, V_REF, V_STRING, V_OTHER };

struct val {
	enum vtype t;
	int64_t i;          /* V_INT, V_REF (the object number) */
	size_t start, end;  /* V_STRING: the token, delimiters included */
};

enum { TRUNCATED = -2 };

/* Skips a literal string starting at d[*pos] == '('. Returns 0 or TRUNCATED. */
static int skip_literal(const char *d, size_t n, size_t *pos)
{
	long depth = 0;
	for (size_t p = *pos; p < n; p++) {
		if (d[p] == '\\')
			p++;
		else if (d[p] == '(')
			depth++;
		else if (d[p] == ')' && --depth == 0) {
			*pos = p + 1;
			return 0;
		}
	}
	return TRUNCATED;
}

/* Reads one value at *pos (arrays and dictionaries skipped whole, with a depth counter).
 * Returns 0, -1 (malformed) or TRUNCATED. */
static int read_value(const char *d, size_t n, size_t *pos, struct val *v)
{
	skip_ws(d, n, pos);
	if (*pos >= n)
		return TRUNCATED;
	size_t p = *pos;
	v->t = V_OTHER;
	char c = d[p];
	if (c == '(') {
		v->t = V_STRING, v->start = p;
		int rc = skip_literal(d, n, pos);
		v->end = *pos;
		return rc;
	}
	if (c == '<' && p + 1 < n && d[p + 1] != '<') {
		const char *e = memchr(d + p, '>', n - p);
		if (!e)
			return TRUNCATED;
		v->t = V_STRING, v->start = p, v->end = (size_t)(e - d) + 1;
		*pos = v->end;
		return 0;
	}
	if (c == '[' || c == '<') {
		long depth = 0;
		while (p < n) {
			char k = d[p];
			if (k == '(') {
				if (skip_literal(d, n, &p) != 0)
					return TRUNCATED;
				continue;
			}
			if (k == '%') {
				skip_ws(d, n, &p);
				continue;
			}
			if (k == '[' || (k == '<' && p + 1 < n && d[p + 1] == '<'))
				depth++, p += k == '<' ? 2 : 1;
			else if (k == ']' || (k == '>' && p + 1 < n && d[p + 1] == '>'))
				depth--, p += k == '>' ? 2 : 1;
			else
				p++;
			if (depth == 0) {
				*pos = p;
				return 0;
			}
			if (depth < 0)
				return -1;
		}
		return TRUNCATED;
	}
	if (c >= '0' && c <= '9') {
		int64_t a = read_uint(d, n, &p);
		if (a < 0)
			return -1;
		*pos = p;
		v->t = V_INT, v->i = a;
		size_t q = p;
		skip_ws(d, n, &q);
		if (read_uint(d, n, &q) >= 0) {
			skip_ws(d, n, &q);
			if (q < n && d[q] == 'R' && (q + 1 >= n || is_delim((unsigned char)d[q + 1]))) {
				v->t = V_REF;
				*pos = q + 1;
			}
		}
		return 0;
	}
	if (c == '/')
		p++;
	while (p < n && !is_delim((unsigned char)d[p]))
		p++;
	if (p == *pos)
		return -1;
	*pos = p;
	return 0;
}

/* Looks key ("/Name") up in the dictionary at *pos ("<<"). Returns 0 with v (V_NONE when
 * absent), -1 or TRUNCATED. */
static int dict_get(const char *d, size_t n, size_t pos, const char *key, struct val *v)
{
	skip_ws(d, n, &pos);
	if (pos + 2 > n)
		return TRUNCATED;
	if (d[pos] != '<' || d[pos + 1] != '<')
		return -1;
	pos += 2;
	size_t klen = strlen(key);
	for (;;) {
		skip_ws(d, n, &pos);
		if (pos + 1 >= n)
			return TRUNCATED;
		if (d[pos] == '>' && d[pos + 1] == '>') {
			v->t = V_NONE;
			return 0;
		}
		if (d[pos] != '/')
			return -1;
		size_t k = pos + 1;
		while (k < n && !is_delim((unsigned char)d[k]))
			k++;
		bool hit = k - pos == klen && memcmp(d + pos, key, klen) == 0;
		pos = k;
		int rc = read_value(d, n, &pos, v);
		if (rc != 0)
			return rc;
		if (hit)
			return 0;
	}
}

static int fail(char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "%s", what);
	return -1;
}

/* The offset of object num from the xref, or -1. */
static off_t object_offset(const struct pdf *p, uint64_t num)
{
	if (num == 0 || num >= p->nobj)
		return -1;
	size_t n;
	char *e = read_at(p, p->entries + (off_t)(20 * num), 20, &n);
	off_t off = -1;
	if (e && n == 20 && e[17] == 'n') {
		size_t pos = 0;
		int64_t v = read_uint(e, 10, &pos);
		off = pos == 10 && v >= 0 && v < p->size ? (off_t)v : -1;
	}
	free(e);
	return off;
}

/* Reads object num and looks key up in its dictionary. Returns 0 with v and the object's
 * text in *text (free), or -1. */
static int object_get(const struct pdf *p, uint64_t num, const char *key, struct val *v, char **text)
{
	off_t off = object_offset(p, num);
	*text = NULL;
	if (off < 0)
		return -1;
	for (size_t max = 64u << 10;; max = DOCMETA_MAX_OBJECT) {
		size_t n, pos = 0;
		char *d = read_at(p, off, max, &n);
		if (!d)
			return -1;
		int rc = read_uint(d, n, &pos) == (int64_t)num ? 0 : -1;
		skip_ws(d, n, &pos);
		if (rc == 0 && read_uint(d, n, &pos) == 0) {
			skip_ws(d, n, &pos);
			rc = n - pos >= 3 && memcmp(d + pos, "obj", 3) == 0 ? dict_get(d, n, pos + 3, key, v) : -1;
		} else {
			rc = -1;
		}
		if (rc == 0) {
			*text = d;
			return 0;
		}
		free(d);
		if (rc != TRUNCATED || max == DOCMETA_MAX_OBJECT || n < max)
			return -1;
	}
}

/* The bytes of a string token (literal or hex), in a new buffer of *len bytes. */
static char *string_bytes(const char *d, const struct val *v, size_t *len)
{
	char *out = xmalloc(v->end - v->start + 1);
	size_t k = 0;
	if (d[v->start] == '<') {
		int hi = -1;
		for (size_t p = v->start + 1; p + 1 < v->end; p++) {
			int c = d[p];
			int x = c >= 'a' && c <= 'f' ? c - 'a' + 10 : hexval(c);
			if (x < 0)
				continue;
			if (hi < 0)
				hi = x;
			else
				out[k++] = (char)(hi * 16 + x), hi = -1;
		}
		if (hi >= 0)
			out[k++] = (char)(hi * 16);
	} else {
		for (size_t p = v->start + 1; p + 1 < v->end; p++) {
			char c = d[p];
			if (c != '\\') {
				out[k++] = c;
				continue;
			}
			c = d[++p];
			const char *esc = c ? strchr("n\nr\rt\tb\bf\f", c) : NULL;
			if (c >= '0' && c <= '7') {
				int o = 0;
				for (int i = 0; i < 3 && p < v->end - 1 && d[p] >= '0' && d[p] <= '7'; i++)
					o = o * 8 + (d[p++] - '0');
				p--;
				out[k++] = (char)o;
			} else if (c == '\r' || c == '\n') {
				if (c == '\r' && d[p + 1] == '\n')
					p++;
			} else if (esc && (esc - "n\nr\rt\tb\bf\f") % 2 == 0) {
				out[k++] = esc[1];
			} else {
				out[k++] = c;
			}
		}
	}
	*len = k;
	return out;
}

/* A PDF text string's bytes as UTF-8: UTF-16BE after a byte-order mark, else bytes (bytes
 * outside ASCII, which our line never has, become '?'). A new string. */
static char *text_utf8(const unsigned char *s, size_t n)
{
	struct buf b = BUF_INIT;
	if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
		for (size_t i = 2; i + 1 < n; i += 2) {
			unsigned u = (unsigned)s[i] << 8 | s[i + 1];
			if (u >= 0xD800 && u < 0xDC00 && i + 3 < n) {
				unsigned lo = (unsigned)s[i + 2] << 8 | s[i + 3];
				if (lo >= 0xDC00 && lo < 0xE000) {
					u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
					i += 2;
				}
			}
			char e[4];
			buf_add(&b, e, utf8_encode(u >= 0xD800 && u < 0xE000 ? 0xFFFD : u, e));
		}
	} else {
		for (size_t i = 0; i < n; i++)
			buf_addc(&b, s[i] && s[i] < 0x80 ? (char)s[i] : '?');
	}
	return buf_take(&b);
}

/* Finds the xref table and the trailer's /Root and /Info. Returns 0 or -1 with err. */
static int read_trailer(struct pdf *p, uint64_t *root, uint64_t *info, char *err, size_t errlen)
{
	size_t n, pos;
	off_t tail = p->size > 1024 ? p->size - 1024 : 0;
	char *t = read_at(p, tail, 1024, &n);
	char *sx = NULL; /* the last "startxref" (the tail may hold binary stream data) */
	for (size_t q = n >= 9 ? n - 9 + 1 : 0; t && q-- > 0 && !sx;)
		if (memcmp(t + q, "startxref", 9) == 0)
			sx = t + q;
	if (!sx) {
		free(t);
		return fail(err, errlen, "no startxref (not a PDF of ours)");
	}
	pos = (size_t)(sx - t) + 9;
	skip_ws(t, n, &pos);
	int64_t xref = read_uint(t, n, &pos);
	free(t);
	if (xref < 0 || xref >= p->size)
		return fail(err, errlen, "startxref points outside the file");
	char *x = read_at(p, (off_t)xref, 64, &n);
	pos = 4;
	int ok = x && n > 4 && memcmp(x, "xref", 4) == 0;
	int64_t first = -1, count = -1;
	if (ok) {
		skip_ws(x, n, &pos);
		first = read_uint(x, n, &pos);
		skip_ws(x, n, &pos);
		count = read_uint(x, n, &pos);
		skip_ws(x, n, &pos);
	}
	free(x);
	if (!ok || first != 0 || count < 2 || count > 100000000)
		return fail(err, errlen, "no classic xref table (not a PDF of ours)");
	p->entries = (off_t)xref + (off_t)pos;
	p->nobj = (uint64_t)count;
	char *tr = read_at(p, p->entries + (off_t)(20 * count), 4096, &n);
	pos = 0;
	if (tr)
		skip_ws(tr, n, &pos);
	struct val r = {V_NONE, 0, 0, 0}, i = {V_NONE, 0, 0, 0};
	ok = tr && n - pos > 7 && memcmp(tr + pos, "trailer", 7) == 0 &&
	     dict_get(tr, n, pos + 7, "/Root", &r) == 0 && dict_get(tr, n, pos + 7, "/Info", &i) == 0;
	free(tr);
	if (!ok || r.t != V_REF)
		return fail(err, errlen, "no trailer with /Root after the xref table");
	*root = (uint64_t)r.i;
	*info = i.t == V_REF ? (uint64_t)i.i : 0;
	return 0;
}

static int read_pdf(struct pdf *p, int *pages, char **keywords, char *err, size_t errlen)
{
	uint64_t root, info;
	if (read_trailer(p, &root, &info, err, errlen) != 0)
		return -1;
	struct val v;
	char *text;
	if (object_get(p, root, "/Pages", &v, &text) != 0 || v.t != V_REF) {
		free(text);
		return fail(err, errlen, "the catalog has no /Pages");
	}
	free(text);
	uint64_t tree = (uint64_t)v.i;
	if (object_get(p, tree, "/Count", &v, &text) != 0 || v.t != V_INT || v.i > 10000000) {
		free(text);
		return fail(err, errlen, "the page tree has no /Count");
	}
	free(text);
	*pages = (int)v.i;
	if (info == 0)
		return 0;
	if (object_get(p, info, "/Keywords", &v, &text) != 0) {
		free(text);
		return fail(err, errlen, "the trailer's /Info cannot be read");
	}
	if (v.t == V_STRING) {
		size_t len;
		char *bytes = string_bytes(text, &v, &len);
		*keywords = text_utf8((const unsigned char *)bytes, len);
		free(bytes);
	}
	free(text);
	return 0;
}

int docmeta_read_pdf(const char *path, int *pages, char **keywords, char *err, size_t errlen)
{
	*pages = 0;
	*keywords = NULL;
	struct pdf p = {open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), 0, 0, 0};
	struct stat st;
	if (p.fd < 0)
		return fail(err, errlen, errno == ELOOP ? "a symbolic link" : "cannot be read");
	int rc = -1;
	if (fstat(p.fd, &st) != 0 || !S_ISREG(st.st_mode))
		fail(err, errlen, "not a regular file");
	else if ((p.size = st.st_size) < 16)
		fail(err, errlen, "too short for a PDF");
	else
		rc = read_pdf(&p, pages, keywords, err, errlen);
	close(p.fd);
	return rc;
}
