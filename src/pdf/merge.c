/* merge: joins PDFs of pdf.c into one, object by object, renumbering references.
 * Invariant: every read of an input is bounds-checked against its length; every loop over
 * input advances or ends; the page tree is walked with an explicit stack and a visited mark,
 * so a loop in /Kids is an error, not a hang. Output objects: 1 the catalog, 2 the single
 * /Pages node, 3 the metadata, then each input's objects but its catalog, page-tree nodes
 * and metadata, in input order; a duplex blank page where needed; last the outline's root
 * and its items, one per titled input, in input order. */
#define _POSIX_C_SOURCE 200809L
#include "merge.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fileio.h"
#include "util/sha256.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define OBJ_CATALOG 1u
#define OBJ_PAGES 2u
#define OBJ_INFO 3u
#define OBJ_FIRST 4u
#define MAX_OBJECTS 8388607u        /* the largest object number readers accept */
#define MAX_OFFSET 9999999999ull    /* what a 10-digit xref entry can hold */
#define MAX_NESTING 64              /* << [ nesting inside one value */
#define MAX_BOX 200                 /* bytes of a /MediaBox array */

/* ---- the sequential output -------------------------------------------------------------- */

struct out {
	int fd;
	char *path, *tmp;
	int named;          /* the file has its temporary name already (file_open_unnamed) */
	uint64_t off;       /* bytes written so far, buffered ones included */
	struct sha256 h;    /* of every byte written */
	int error;          /* the first errno of a failed write, 0 = none */
	size_t nbuf;
	char buf[1 << 16];
};

static void out_flush(struct out *o)
{
	const char *p = o->buf;
	size_t left = o->nbuf;
	while (left > 0 && !o->error) {
		ssize_t k = write(o->fd, p, left);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			o->error = k < 0 ? errno : ENOSPC;
			break;
		}
		p += k;
		left -= (size_t)k;
	}
	o->nbuf = 0;
}

static void out_write(struct out *o, const void *data, size_t n)
{
	sha256_update(&o->h, data, n);
	o->off += n;
	const char *p = data;
	while (n > 0) {
		size_t room = sizeof o->buf - o->nbuf;
		size_t k = n < room ? n : room;
		memcpy(o->buf + o->nbuf, p, k);
		o->nbuf += k;
		p += k;
		n -= k;
		if (o->nbuf == sizeof o->buf)
			out_flush(o);
	}
}

static void out_puts(struct out *o, const char *s)
{
	out_write(o, s, strlen(s));
}

static void out_printf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out_printf(struct out *o, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (k > 0)
		out_write(o, line, (size_t)k < sizeof line ? (size_t)k : sizeof line - 1);
}

/* ---- the merge ------------------------------------------------------------------------- */

/* An input's place in the output: its first page (an index into kids), its outline title
 * and label prefix (owned; NULL = none). */
struct mark {
	size_t page;
	char *title, *label;
};

struct pdf_merge {
	struct out o;
	const struct pdf_merge_opts *opts;
	uint64_t *xoff;      /* output offset of each object, by number (0 unused) */
	size_t nobj, capobj; /* next object number; capacity of xoff */
	uint32_t *kids;      /* output page objects in order */
	size_t nkids, capkids;
	char box[MAX_BOX + 1]; /* the /MediaBox of the last page, for a duplex blank */
	struct mark *marks;  /* one per input added, in order */
	size_t nmarks, capmarks;
	bool labelled;       /* whether some input had a label */
};

static void snerr(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void snerr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

struct pdf_merge *pdf_merge_new(const char *path, const struct pdf_merge_opts *o, char *err, size_t errlen)
{
	struct pdf_merge *m = xcalloc(1, sizeof *m);
	m->opts = o;
	m->o.path = xstrdup(path);
	m->o.tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	m->o.fd = file_open_unnamed(path, m->o.tmp, 0640, &m->o.named);
	if (m->o.fd < 0) {
		snerr(err, errlen, "%s: cannot create: %s", path, strerror(errno));
		free(m->o.path);
		free(m->o.tmp);
		free(m);
		return NULL;
	}
	sha256_init(&m->o.h);
	m->nobj = OBJ_FIRST;
	xgrow((void **)&m->xoff, &m->capobj, m->nobj, sizeof *m->xoff);
	out_puts(&m->o, "%PDF-1.3\n%\xB7\xBE\xAD\xAA\n");
	return m;
}

size_t pdf_merge_pages(const struct pdf_merge *m)
{
	return m->nkids;
}

static void merge_free(struct pdf_merge *m)
{
	for (size_t i = 0; i < m->nmarks; i++) {
		free(m->marks[i].title);
		free(m->marks[i].label);
	}
	free(m->marks);
	free(m->o.path);
	free(m->o.tmp);
	free(m->xoff);
	free(m->kids);
	free(m);
}

void pdf_merge_abort(struct pdf_merge *m)
{
	if (!m)
		return;
	if (m->o.fd >= 0)
		close(m->o.fd);
	if (m->o.named)
		unlink(m->o.tmp);
	merge_free(m);
}

/* Starts output object num (assigned by the caller) at the current offset. */
static void begin_object(struct pdf_merge *m, size_t num)
{
	xgrow((void **)&m->xoff, &m->capobj, num + 1, sizeof *m->xoff);
	m->xoff[num] = m->o.off;
	out_printf(&m->o, "%zu 0 obj", num);
}

static void add_kid(struct pdf_merge *m, size_t num)
{
	xgrow((void **)&m->kids, &m->capkids, m->nkids + 1, sizeof *m->kids);
	m->kids[m->nkids++] = (uint32_t)num;
}

/* ---- one input: lexing ----------------------------------------------------------------- */

enum tk { TK_END, TK_BAD, TK_DICT, TK_DICT_END, TK_ARRAY, TK_ARRAY_END, TK_NAME, TK_STRING, TK_HEX,
	  TK_WORD, TK_BRACE };

struct tok {
	enum tk k;
	size_t at, len;
};

struct in {
	const char *name; /* the path, for messages */
	const char *d;
	size_t n;
	size_t size;        /* the trailer's /Size: object numbers are below it */
	uint64_t *off;      /* xref offset of each object; UINT64_MAX = not in use */
	uint32_t *map;      /* output number of each object, 0 = none */
	unsigned char *role;
	size_t root, info;
	size_t *pages;      /* page objects in order */
	size_t npages, cappages;
	char *err;
	size_t errlen;
};

enum role { R_OBJECT, R_CATALOG, R_PAGES, R_INFO, R_PAGE };

static int bad(struct in *in, size_t at, const char *what)
{
	snerr(in->err, in->errlen, "%s: damaged, or not a PDF this program wrote: %s (byte %zu)", in->name, what, at);
	return -1;
}

static bool is_ws(unsigned char c)
{
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static bool is_delim(unsigned char c)
{
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' ||
	       c == '/' || c == '%';
}

static bool is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* A literal string from the "(" at p: balanced parentheses, backslash escapes. Returns the
 * offset after its ")", or 0 when it does not end before n. */
static size_t string_end(const char *d, size_t n, size_t p)
{
	int depth = 0;
	for (; p < n; p++) {
		if (d[p] == '\\')
			p++;
		else if (d[p] == '(')
			depth++;
		else if (d[p] == ')' && --depth == 0)
			return p + 1;
	}
	return 0;
}

/* The token after whitespace and comments from *pos (advanced past it). */
static struct tok lex(const char *d, size_t n, size_t *pos)
{
	size_t p = *pos;
	for (;;) {
		while (p < n && is_ws((unsigned char)d[p]))
			p++;
		if (p >= n || d[p] != '%')
			break;
		while (p < n && d[p] != '\n' && d[p] != '\r')
			p++;
	}
	struct tok t = {TK_END, p, 0};
	if (p >= n) {
		*pos = p;
		return t;
	}
	unsigned char c = (unsigned char)d[p];
	size_t q = p + 1;
	if (c == '<' && q < n && d[q] == '<') {
		t.k = TK_DICT, q++;
	} else if (c == '>' && q < n && d[q] == '>') {
		t.k = TK_DICT_END, q++;
	} else if (c == '<') {
		while (q < n && (is_hex((unsigned char)d[q]) || is_ws((unsigned char)d[q])))
			q++;
		t.k = q < n && d[q] == '>' ? TK_HEX : TK_BAD;
		q++;
	} else if (c == '(') {
		q = string_end(d, n, p);
		t.k = q ? TK_STRING : TK_BAD;
	} else if (c == '[' || c == ']') {
		t.k = c == '[' ? TK_ARRAY : TK_ARRAY_END;
	} else if (c == '{' || c == '}') {
		t.k = TK_BRACE;
	} else if (c == '/') {
		while (q < n && !is_ws((unsigned char)d[q]) && !is_delim((unsigned char)d[q]))
			q++;
		t.k = TK_NAME;
	} else if (c == ')' || c == '>') {
		t.k = TK_BAD;
	} else {
		while (q < n && !is_ws((unsigned char)d[q]) && !is_delim((unsigned char)d[q]))
			q++;
		t.k = TK_WORD;
	}
	if (t.k == TK_BAD)
		q = p + 1;
	t.len = q - p;
	*pos = q;
	return t;
}

static bool tok_is(const char *d, struct tok t, const char *s)
{
	return strlen(s) == t.len && memcmp(d + t.at, s, t.len) == 0;
}

/* An unsigned integer word of at most 10 digits. */
static bool tok_uint(const char *d, struct tok t, uint64_t *v)
{
	if (t.k != TK_WORD || t.len == 0 || t.len > 10)
		return false;
	uint64_t x = 0;
	for (size_t i = 0; i < t.len; i++) {
		if (d[t.at + i] < '0' || d[t.at + i] > '9')
			return false;
		x = x * 10 + (uint64_t)(d[t.at + i] - '0');
	}
	*v = x;
	return true;
}

/* Whether t starts a reference "num gen R"; if so sets *num and *after. */
static bool ref_at(const char *d, size_t n, struct tok t, uint64_t *num, size_t *after)
{
	uint64_t a, g;
	if (!tok_uint(d, t, &a))
		return false;
	size_t p = t.at + t.len;
	struct tok t2 = lex(d, n, &p);
	if (!tok_uint(d, t2, &g))
		return false;
	struct tok t3 = lex(d, n, &p);
	if (t3.k != TK_WORD || !tok_is(d, t3, "R"))
		return false;
	*num = a;
	*after = p;
	return true;
}

/* ---- one input: values ----------------------------------------------------------------- */

enum vk { V_REF, V_INT, V_NAME, V_ARRAY, V_DICT, V_OTHER };

struct val {
	enum vk k;
	size_t at, end; /* its bytes */
	uint64_t num;   /* the object of V_REF, the value of V_INT */
};

/* Reads the value whose first token is t (lexed from *pos, which ends after the value).
 * Returns 0, or -1 (unbalanced, too deep, a bad token). */
static int read_val(struct in *in, struct tok t, size_t *pos, struct val *v)
{
	v->at = t.at;
	if (t.k == TK_WORD && ref_at(in->d, in->n, t, &v->num, pos)) {
		v->k = V_REF;
	} else if (t.k == TK_DICT || t.k == TK_ARRAY) {
		enum tk stack[MAX_NESTING];
		int depth = 0;
		stack[depth++] = t.k;
		v->k = t.k == TK_DICT ? V_DICT : V_ARRAY;
		while (depth > 0) {
			struct tok u = lex(in->d, in->n, pos);
			if (u.k == TK_END || u.k == TK_BAD)
				return bad(in, u.at, "an unterminated or malformed value");
			if (u.k == TK_DICT || u.k == TK_ARRAY) {
				if (depth == MAX_NESTING)
					return bad(in, u.at, "values nested too deep");
				stack[depth++] = u.k;
			} else if (u.k == TK_DICT_END || u.k == TK_ARRAY_END) {
				if (stack[--depth] != (u.k == TK_DICT_END ? TK_DICT : TK_ARRAY))
					return bad(in, u.at, "unbalanced << >> or [ ]");
			}
		}
	} else if (t.k == TK_WORD && tok_uint(in->d, t, &v->num)) {
		v->k = V_INT;
	} else if (t.k == TK_NAME) {
		v->k = V_NAME;
	} else if (t.k == TK_STRING || t.k == TK_HEX || t.k == TK_WORD) {
		v->k = V_OTHER;
	} else {
		return bad(in, t.at, "a value expected");
	}
	v->end = *pos;
	return 0;
}

/* Looks key (e.g. "/Type") up in the dictionary starting at at. Returns 1 and *v when
 * found, 0 when absent, -1 when the dictionary is malformed. */
static int dict_get(struct in *in, size_t at, const char *key, struct val *v)
{
	size_t pos = at;
	struct tok t = lex(in->d, in->n, &pos);
	if (t.k != TK_DICT)
		return bad(in, t.at, "a dictionary expected");
	for (;;) {
		struct tok k = lex(in->d, in->n, &pos);
		if (k.k == TK_DICT_END)
			return 0;
		if (k.k != TK_NAME)
			return bad(in, k.at, "a dictionary key expected");
		struct val x;
		if (read_val(in, lex(in->d, in->n, &pos), &pos, &x) != 0)
			return -1;
		if (tok_is(in->d, k, key)) {
			*v = x;
			return 1;
		}
	}
}

static bool val_is(const struct in *in, const struct val *v, const char *s)
{
	return v->end - v->at == strlen(s) && memcmp(in->d + v->at, s, v->end - v->at) == 0;
}

/* Finds object num: its body starts after "num 0 obj" at *body. Returns 0 or -1. */
static int obj_body(struct in *in, uint64_t num, size_t *body)
{
	if (num == 0 || num >= in->size || in->off[num] == UINT64_MAX)
		return bad(in, 0, "a reference to a missing object");
	size_t pos = (size_t)in->off[num];
	uint64_t a, g;
	struct tok t1 = lex(in->d, in->n, &pos), t2 = lex(in->d, in->n, &pos), t3 = lex(in->d, in->n, &pos);
	if (!tok_uint(in->d, t1, &a) || a != num || !tok_uint(in->d, t2, &g) || !tok_is(in->d, t3, "obj"))
		return bad(in, t1.at, "the xref table does not point at the object");
	*body = pos;
	return 0;
}

/* The dictionary entry key of object num (which must be a dictionary). */
static int obj_get(struct in *in, uint64_t num, const char *key, struct val *v)
{
	size_t body;
	if (obj_body(in, num, &body) != 0)
		return -1;
	return dict_get(in, body, key, v);
}

/* ---- one input: xref and trailer ------------------------------------------------------- */

/* The offset "startxref" gives. Returns 0 or -1. */
static int find_startxref(struct in *in, size_t *xref)
{
	static const char kw[] = "startxref";
	size_t from = in->n > 1024 ? in->n - 1024 : 0;
	size_t at = SIZE_MAX;
	for (size_t p = from; p + sizeof kw - 1 <= in->n; p++)
		if (memcmp(in->d + p, kw, sizeof kw - 1) == 0)
			at = p;
	if (at == SIZE_MAX)
		return bad(in, in->n, "no startxref at the end (truncated?)");
	size_t pos = at + sizeof kw - 1;
	uint64_t v;
	if (!tok_uint(in->d, lex(in->d, in->n, &pos), &v) || v >= in->n)
		return bad(in, at, "startxref points outside the file");
	*xref = (size_t)v;
	return 0;
}

/* Walks the xref subsections from *pos; with fill, records the entries in in->off. Leaves
 * *pos after the keyword "trailer"; *max is one more than the largest object number. */
static int walk_xref(struct in *in, size_t *pos, bool fill, size_t *max)
{
	*max = 0;
	for (;;) {
		uint64_t start, count;
		struct tok t = lex(in->d, in->n, pos);
		if (t.k == TK_WORD && tok_is(in->d, t, "trailer"))
			return 0;
		if (!tok_uint(in->d, t, &start) || !tok_uint(in->d, lex(in->d, in->n, pos), &count))
			return bad(in, t.at, "a malformed xref table");
		while (*pos < in->n && (in->d[*pos] == ' ' || in->d[*pos] == '\r' || in->d[*pos] == '\n'))
			(*pos)++;
		if (count > (in->n - *pos) / 20 || start + count > MAX_OBJECTS)
			return bad(in, *pos, "the xref table runs past the end of the file");
		for (uint64_t i = 0; i < count; i++, *pos += 20) {
			const char *e = in->d + *pos;
			uint64_t off = 0;
			for (int k = 0; k < 10; k++) {
				if (e[k] < '0' || e[k] > '9')
					return bad(in, *pos, "a malformed xref entry");
				off = off * 10 + (uint64_t)(e[k] - '0');
			}
			if (e[17] != 'n' && e[17] != 'f')
				return bad(in, *pos, "a malformed xref entry");
			if (e[17] == 'n' && off >= in->n)
				return bad(in, *pos, "an xref entry points past the end of the file");
			if (fill && start + i < in->size)
				in->off[start + i] = e[17] == 'n' && start + i > 0 ? off : UINT64_MAX;
		}
		if (start + count > *max)
			*max = (size_t)(start + count);
	}
}

static int read_trailer(struct in *in)
{
	size_t xref;
	if (find_startxref(in, &xref) != 0)
		return -1;
	size_t pos = xref, max;
	if (!tok_is(in->d, lex(in->d, in->n, &pos), "xref"))
		return bad(in, xref, "no xref table where startxref points");
	size_t entries = pos;
	if (walk_xref(in, &pos, false, &max) != 0)
		return -1;
	struct val sz, root, info;
	if (dict_get(in, pos, "/Size", &sz) != 1 || sz.k != V_INT || sz.num != max || sz.num < 2)
		return bad(in, pos, "the trailer has no /Size matching the xref table");
	if (dict_get(in, pos, "/Root", &root) != 1 || root.k != V_REF)
		return bad(in, pos, "the trailer has no /Root");
	int hi = dict_get(in, pos, "/Info", &info);
	if (hi < 0 || (hi == 1 && info.k != V_REF))
		return bad(in, pos, "the trailer's /Info is not a reference");
	in->size = (size_t)sz.num;
	in->off = xmalloc(in->size * sizeof *in->off);
	for (size_t i = 0; i < in->size; i++)
		in->off[i] = UINT64_MAX;
	pos = entries;
	if (walk_xref(in, &pos, true, &max) != 0)
		return -1;
	in->root = root.num < in->size ? (size_t)root.num : 0;
	in->info = hi == 1 && info.num < in->size ? (size_t)info.num : 0;
	if (!in->root || in->off[in->root] == UINT64_MAX || (hi == 1 && (!in->info || in->off[in->info] == UINT64_MAX)))
		return bad(in, pos, "the trailer names a missing object");
	return 0;
}

/* ---- one input: the page tree ---------------------------------------------------------- */

/* Pushes the references of the array v onto the stack in reverse (so they pop in order). */
static int push_kids(struct in *in, const struct val *v, size_t **stack, size_t *n, size_t *cap)
{
	size_t pos = v->at, first = *n;
	lex(in->d, v->end, &pos); /* [ */
	for (;;) {
		struct tok t = lex(in->d, v->end, &pos);
		if (t.k == TK_ARRAY_END)
			break;
		struct val k;
		if (read_val(in, t, &pos, &k) != 0)
			return -1;
		if (k.k != V_REF || k.num >= in->size)
			return bad(in, t.at, "/Kids holds something other than page references");
		xgrow((void **)stack, cap, *n + 1, sizeof **stack);
		(*stack)[(*n)++] = (size_t)k.num;
	}
	for (size_t i = first, j = *n; i + 1 < j; i++, j--) {
		size_t x = (*stack)[i];
		(*stack)[i] = (*stack)[j - 1];
		(*stack)[j - 1] = x;
	}
	return 0;
}

static const char *const inherited[] = {"/Resources", "/MediaBox", "/CropBox", "/Rotate"};

/* One node of the tree: a /Pages node pushes its kids, a /Page is listed. */
static int visit(struct in *in, size_t num, size_t **stack, size_t *n, size_t *cap)
{
	struct val type, kids, x;
	if (in->role[num] != R_OBJECT)
		return bad(in, (size_t)in->off[num], "a loop in the page tree");
	int r = obj_get(in, num, "/Type", &type);
	if (r != 1)
		return r < 0 ? -1 : bad(in, (size_t)in->off[num], "a page-tree node without /Type");
	if (val_is(in, &type, "/Page")) {
		in->role[num] = R_PAGE;
		xgrow((void **)&in->pages, &in->cappages, in->npages + 1, sizeof *in->pages);
		in->pages[in->npages++] = num;
		return 0;
	}
	if (!val_is(in, &type, "/Pages"))
		return bad(in, (size_t)in->off[num], "a page-tree node neither /Pages nor /Page");
	in->role[num] = R_PAGES;
	for (size_t i = 0; i < sizeof inherited / sizeof *inherited; i++)
		if ((r = obj_get(in, num, inherited[i], &x)) != 0)
			return r < 0 ? -1 : bad(in, (size_t)in->off[num], "page attributes inherited from /Pages");
	if (obj_get(in, num, "/Kids", &kids) != 1 || kids.k != V_ARRAY)
		return bad(in, (size_t)in->off[num], "a /Pages node without /Kids");
	return push_kids(in, &kids, stack, n, cap);
}

/* Every page has a /Parent in the tree. */
static int check_parents(struct in *in)
{
	for (size_t i = 0; i < in->npages; i++) {
		struct val p;
		if (obj_get(in, in->pages[i], "/Parent", &p) != 1 || p.k != V_REF || p.num >= in->size ||
		    in->role[p.num] != R_PAGES)
			return bad(in, (size_t)in->off[in->pages[i]], "a page whose /Parent is not its /Pages node");
	}
	return 0;
}

static int read_tree(struct in *in)
{
	struct val type, pages;
	in->role = xcalloc(in->size, 1);
	if (obj_get(in, in->root, "/Type", &type) != 1 || !val_is(in, &type, "/Catalog"))
		return bad(in, (size_t)in->off[in->root], "/Root is not a catalog");
	if (obj_get(in, in->root, "/Pages", &pages) != 1 || pages.k != V_REF || pages.num >= in->size ||
	    pages.num == in->root)
		return bad(in, (size_t)in->off[in->root], "the catalog has no /Pages");
	in->role[in->root] = R_CATALOG;
	size_t *stack = NULL, n = 0, cap = 0;
	xgrow((void **)&stack, &cap, 1, sizeof *stack);
	stack[n++] = (size_t)pages.num;
	int rc = 0;
	while (n > 0 && rc == 0)
		rc = visit(in, stack[--n], &stack, &n, &cap);
	free(stack);
	if (rc == 0 && in->npages == 0)
		rc = bad(in, (size_t)in->off[in->root], "no pages");
	if (rc == 0)
		rc = check_parents(in);
	if (rc == 0 && in->info) {
		if (in->role[in->info] != R_OBJECT)
			return bad(in, (size_t)in->off[in->info], "/Info is part of the page tree");
		in->role[in->info] = R_INFO;
	}
	return rc;
}

/* ---- one input: copying its objects ---------------------------------------------------- */

/* The output number of old object num (the dropped catalog, tree nodes and metadata map to
 * the output's own). */
static int new_number(struct in *in, uint64_t num, size_t at, uint32_t *out)
{
	if (num == 0 || num >= in->size || !in->map[num])
		return bad(in, at, "a reference to a missing object");
	*out = in->map[num];
	return 0;
}

/* The /Length of a stream whose dictionary starts at dict (resolved when a reference). */
static int stream_length(struct in *in, size_t dict, size_t *len)
{
	struct val v;
	if (dict_get(in, dict, "/Length", &v) != 1)
		return bad(in, dict, "a stream without /Length");
	if (v.k == V_REF) {
		size_t body;
		if (obj_body(in, v.num, &body) != 0)
			return -1;
		struct tok t = lex(in->d, in->n, &body);
		if (!tok_uint(in->d, t, &v.num) || !tok_is(in->d, lex(in->d, in->n, &body), "endobj"))
			return bad(in, t.at, "a stream /Length object is not an integer");
	} else if (v.k != V_INT) {
		return bad(in, v.at, "a stream /Length is not an integer");
	}
	*len = (size_t)v.num;
	return 0;
}

/* Past "stream": the end-of-line, len bytes of data, an end-of-line, "endstream". Sets *pos
 * after "endstream". */
static int skip_stream(struct in *in, size_t dict, size_t *pos)
{
	size_t len, p = *pos;
	if (stream_length(in, dict, &len) != 0)
		return -1;
	if (p + 1 < in->n && in->d[p] == '\r' && in->d[p + 1] == '\n')
		p += 2;
	else if (p < in->n && in->d[p] == '\n')
		p++;
	else
		return bad(in, p, "no end of line after 'stream'");
	if (len > in->n - p)
		return bad(in, p, "a stream /Length runs past the end of the file");
	p += len;
	struct tok t = lex(in->d, in->n, &p);
	if (!tok_is(in->d, t, "endstream"))
		return bad(in, t.at, "a stream's data does not end where its /Length says");
	*pos = p;
	return 0;
}

/* Copies old object num as output object m->nobj: the body verbatim but for references. */
static int copy_object(struct pdf_merge *m, struct in *in, size_t num)
{
	size_t body;
	if (obj_body(in, num, &body) != 0)
		return -1;
	begin_object(m, in->map[num]);
	size_t pos = body, copied = body, dict = SIZE_MAX;
	int depth = 0;
	for (;;) {
		struct tok t = lex(in->d, in->n, &pos);
		uint64_t ref;
		size_t after;
		uint32_t nn;
		if (t.k == TK_END || t.k == TK_BAD)
			return bad(in, t.at, t.k == TK_END ? "an object without endobj" : "a malformed token");
		if (t.k == TK_DICT || t.k == TK_ARRAY) {
			if (t.k == TK_DICT && depth == 0 && dict == SIZE_MAX)
				dict = t.at;
			depth++;
		} else if (t.k == TK_DICT_END || t.k == TK_ARRAY_END) {
			if (--depth < 0)
				return bad(in, t.at, "unbalanced << >> or [ ]");
		} else if (t.k == TK_WORD && ref_at(in->d, in->n, t, &ref, &after)) {
			if (new_number(in, ref, t.at, &nn) != 0)
				return -1;
			out_write(&m->o, in->d + copied, t.at - copied);
			out_printf(&m->o, "%u 0 R", (unsigned)nn);
			copied = pos = after;
		} else if (t.k == TK_WORD && tok_is(in->d, t, "stream")) {
			if (depth != 0 || dict == SIZE_MAX)
				return bad(in, t.at, "a stream without a dictionary");
			if (skip_stream(in, dict, &pos) != 0)
				return -1;
		} else if (t.k == TK_WORD && tok_is(in->d, t, "endobj")) {
			if (depth != 0)
				return bad(in, t.at, "unbalanced << >> or [ ]");
			out_write(&m->o, in->d + copied, pos - copied);
			out_puts(&m->o, "\n");
			return 0;
		}
	}
}

/* Numbers the objects kept (in input order, from m->nobj) and maps the dropped ones. */
static int number_objects(struct pdf_merge *m, struct in *in)
{
	in->map = xcalloc(in->size, sizeof *in->map);
	for (size_t i = 1; i < in->size; i++) {
		if (in->off[i] == UINT64_MAX)
			continue;
		switch (in->role[i]) {
		case R_CATALOG: in->map[i] = OBJ_CATALOG; break;
		case R_PAGES: in->map[i] = OBJ_PAGES; break;
		case R_INFO: in->map[i] = OBJ_INFO; break;
		default:
			if (m->nobj >= MAX_OBJECTS)
				return bad(in, 0, "too many objects for one PDF");
			in->map[i] = (uint32_t)m->nobj++;
		}
	}
	return 0;
}

/* Remembers the last page's /MediaBox (a plain array of numbers) for a duplex blank. */
static int keep_box(struct pdf_merge *m, struct in *in)
{
	size_t last = in->pages[in->npages - 1];
	struct val v;
	if (obj_get(in, last, "/MediaBox", &v) != 1 || v.k != V_ARRAY || v.end - v.at > MAX_BOX)
		return bad(in, (size_t)in->off[last], "a page without a plain /MediaBox");
	for (size_t i = v.at; i < v.end; i++)
		if (!in->d[i] || !strchr("0123456789.-+[] \r\n", in->d[i]))
			return bad(in, i, "a page without a plain /MediaBox");
	memcpy(m->box, in->d + v.at, v.end - v.at);
	m->box[v.end - v.at] = '\0';
	return 0;
}

static void add_blank(struct pdf_merge *m)
{
	size_t num = m->nobj++;
	begin_object(m, num);
	out_puts(&m->o, "\n<<\n/Type /Page\n/MediaBox ");
	out_puts(&m->o, m->box);
	out_printf(&m->o, "\n/Resources << >>\n/Parent %u 0 R\n>>\nendobj\n", OBJ_PAGES);
	add_kid(m, num);
}

static void in_free(struct in *in)
{
	free((char *)in->d);
	free(in->off);
	free(in->map);
	free(in->role);
	free(in->pages);
}

/* Reads input whole: a regular file (not a link, a pipe or a device, which could block or
 * never end) of at most PDF_MERGE_MAX_INPUT bytes. */
static int read_input(struct in *in, const char *input)
{
	int fd = open(input, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		snerr(in->err, in->errlen, "%s: cannot read: %s", input, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > PDF_MERGE_MAX_INPUT) {
		snerr(in->err, in->errlen, "%s: not a regular file of at most %zu MB: not a document this program wrote",
		      input, PDF_MERGE_MAX_INPUT >> 20);
		close(fd);
		return -1;
	}
	char *data = xmalloc((size_t)st.st_size + 1);
	size_t n = 0;
	const char *why = NULL;
	while (n < (size_t)st.st_size && !why) {
		ssize_t k = read(fd, data + n, (size_t)st.st_size - n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			why = k < 0 ? strerror(errno) : "the file shrank while it was read";
		else
			n += (size_t)k;
	}
	close(fd);
	in->d = data;
	in->n = n;
	if (why) {
		snerr(in->err, in->errlen, "%s: cannot read: %s", input, why);
		return -1;
	}
	if (n < 8 || memcmp(data, "%PDF-1.", 7) != 0)
		return bad(in, 0, "no %PDF header");
	return 0;
}

/* Remembers where the input about to be appended starts, and its title and label. */
static void add_mark(struct pdf_merge *m, const char *title, const char *label)
{
	xgrow((void **)&m->marks, &m->capmarks, m->nmarks + 1, sizeof *m->marks);
	struct mark *k = &m->marks[m->nmarks++];
	k->page = m->nkids;
	k->title = title && *title ? xstrdup(title) : NULL;
	k->label = label && *label ? xstrdup(label) : NULL;
	m->labelled |= k->label != NULL;
}

int pdf_merge_add(struct pdf_merge *m, const char *input, const char *title, const char *label, char *err,
		  size_t errlen)
{
	struct in in = {.name = input, .err = err, .errlen = errlen};
	int rc = read_input(&in, input);
	if (rc == 0)
		rc = read_trailer(&in);
	if (rc == 0)
		rc = read_tree(&in);
	if (rc == 0 && m->opts->duplex && m->nkids % 2 == 1)
		add_blank(m);
	if (rc == 0) {
		add_mark(m, title, label);
		rc = number_objects(m, &in);
	}
	for (size_t i = 1; i < in.size && rc == 0; i++)
		if (in.off[i] != UINT64_MAX && in.role[i] != R_CATALOG && in.role[i] != R_PAGES && in.role[i] != R_INFO)
			rc = copy_object(m, &in, i);
	for (size_t i = 0; i < in.npages && rc == 0; i++)
		add_kid(m, in.map[in.pages[i]]);
	if (rc == 0)
		rc = keep_box(m, &in);
	in_free(&in);
	if (rc == 0 && (m->o.error || m->o.off > MAX_OFFSET)) {
		snerr(err, errlen, "%s: cannot write: %s", m->o.path, strerror(m->o.error ? m->o.error : EFBIG));
		rc = -1;
	}
	return rc;
}

/* ---- the end: tree, catalog, metadata, xref, trailer ----------------------------------- */

/* A PDF text string: UTF-16BE with a byte-order mark, as hex, after key and a space. */
static void out_text(struct out *o, const char *key, const char *utf8)
{
	if (!utf8 || !*utf8)
		return;
	out_printf(o, "%s <FEFF", key);
	size_t n = strlen(utf8);
	for (size_t i = 0, count = 0; i < n && count < PDF_MERGE_MAX_TEXT; count++) {
		size_t len;
		int cp = utf8_decode(utf8 + i, n - i, &len);
		i += len;
		unsigned u = cp < 0 ? 0xFFFDu : (unsigned)cp;
		if (u > 0xFFFF)
			out_printf(o, "%04X%04X", 0xD800 + ((u - 0x10000) >> 10), 0xDC00 + ((u - 0x10000) & 0x3FF));
		else
			out_printf(o, "%04X", u);
	}
	out_puts(o, ">\n");
}

/* The outline: its root, then one item per titled input, each opening that input's first
 * page at the reader's zoom. Returns the root's number, or 0 when no input had a title. */
static size_t write_outline(struct pdf_merge *m)
{
	struct out *o = &m->o;
	size_t count = 0;
	for (size_t i = 0; i < m->nmarks; i++)
		count += m->marks[i].title != NULL;
	if (count == 0)
		return 0;
	size_t root = m->nobj, first = root + 1, last = root + count;
	m->nobj = last + 1;
	begin_object(m, root);
	out_printf(o, "\n<<\n/Type /Outlines\n/First %zu 0 R\n/Last %zu 0 R\n/Count %zu\n>>\nendobj\n", first,
		   last, count);
	size_t num = first;
	for (size_t i = 0; i < m->nmarks; i++) {
		const struct mark *k = &m->marks[i];
		if (!k->title)
			continue;
		begin_object(m, num);
		out_puts(o, "\n<<\n");
		out_text(o, "/Title", k->title);
		out_printf(o, "/Parent %zu 0 R\n", root);
		if (num > first)
			out_printf(o, "/Prev %zu 0 R\n", num - 1);
		if (num < last)
			out_printf(o, "/Next %zu 0 R\n", num + 1);
		out_printf(o, "/Dest [%u 0 R /XYZ null null null]\n>>\nendobj\n", (unsigned)m->kids[k->page]);
		num++;
	}
	return root;
}

/* The catalog's /PageLabels: a range per input from its first page, decimal from 1 after
 * its label. */
static void write_labels(struct pdf_merge *m)
{
	struct out *o = &m->o;
	out_puts(o, "/PageLabels << /Nums [");
	for (size_t i = 0; i < m->nmarks; i++) {
		out_printf(o, "\n%zu << /S /D", m->marks[i].page);
		if (m->marks[i].label) {
			out_puts(o, " ");
			out_text(o, "/P", m->marks[i].label);
		}
		out_puts(o, m->marks[i].label ? ">>" : " >>");
	}
	out_puts(o, "\n] >>\n");
}

static void write_tail(struct pdf_merge *m)
{
	struct out *o = &m->o;
	size_t outline = write_outline(m);
	begin_object(m, OBJ_CATALOG);
	out_printf(o, "\n<<\n/Type /Catalog\n/Pages %u 0 R\n", OBJ_PAGES);
	if (outline)
		out_printf(o, "/Outlines %zu 0 R\n/PageMode /UseOutlines\n", outline);
	if (m->labelled)
		write_labels(m);
	out_puts(o, ">>\nendobj\n");
	begin_object(m, OBJ_PAGES);
	out_puts(o, "\n<<\n/Type /Pages\n/Kids [");
	for (size_t i = 0; i < m->nkids; i++)
		out_printf(o, "%s%u 0 R", i % 10 ? " " : "\n", (unsigned)m->kids[i]);
	out_printf(o, "\n]\n/Count %zu\n>>\nendobj\n", m->nkids);
	begin_object(m, OBJ_INFO);
	out_puts(o, "\n<<\n");
	out_text(o, "/Title", m->opts->title);
	out_text(o, "/Author", m->opts->author);
	out_text(o, "/Creator", m->opts->creator);
	out_text(o, "/Keywords", m->opts->keywords);
	out_puts(o, ">>\nendobj\n");
	uint64_t xref = o->off;
	out_printf(o, "xref\n0 %zu\n0000000000 65535 f\r\n", m->nobj);
	for (size_t i = 1; i < m->nobj; i++)
		out_printf(o, "%010llu 00000 n\r\n", (unsigned long long)m->xoff[i]);
	struct sha256 h = o->h; /* the /ID: a hash of everything before it */
	uint8_t id[32];
	char hex[65];
	sha256_final(&h, id);
	sha256_hex(id, hex);
	hex[32] = '\0';
	out_printf(o, "trailer\n<<\n/Size %zu\n/Root %u 0 R\n/Info %u 0 R\n/ID [<%s> <%s>]\n>>\n", m->nobj,
		   OBJ_CATALOG, OBJ_INFO, hex, hex);
	out_printf(o, "startxref\n%llu\n%%%%EOF\n", (unsigned long long)xref);
}

/* Flushes, sets the mode, syncs and renames. Returns 0 or -1 with err. */
static int commit(struct out *o, char *err, size_t errlen)
{
	out_flush(o);
	const char *what = "cannot write";
	int e = o->error;
	if (!e && o->off > MAX_OFFSET)
		e = EFBIG;
	/* the mode is the one open gave (0640 narrowed by the umask): never widened here */
	if (!e && fsync(o->fd) != 0)
		e = errno;
	if (!e && file_name_into_place(o->fd, o->named, o->tmp, o->path) != 0)
		e = errno, what = "cannot rename into place";
	if (close(o->fd) != 0 && !e)
		e = errno;
	o->fd = -1;
	if (e)
		snerr(err, errlen, "%s: %s: %s", o->path, what, strerror(e));
	return e ? -1 : 0;
}

int pdf_merge_finish(struct pdf_merge *m, size_t *pages, char sha256[65], char *err, size_t errlen)
{
	if (m->nkids == 0) {
		snerr(err, errlen, "%s: no pages to write", m->o.path);
		pdf_merge_abort(m);
		return -1;
	}
	write_tail(m);
	struct sha256 h = m->o.h;
	uint8_t digest[32];
	sha256_final(&h, digest);
	if (commit(&m->o, err, errlen) != 0) {
		pdf_merge_abort(m);
		return -1;
	}
	sha256_hex(digest, sha256);
	*pages = m->nkids;
	merge_free(m);
	return 0;
}
