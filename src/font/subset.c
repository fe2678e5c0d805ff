/* subset: builds a reduced TrueType font (see subset.h).
 * Invariants: every read of the source goes through a span checked against its length; each
 * glyph is taken at most once and composite glyphs are followed with a worklist (no
 * recursion), so the work is bounded by the source's size plus 65536 whatever it says; the
 * output's directory is sorted by tag, every table starts on a 4-byte boundary and is
 * zero-padded, and the checksums and head.checkSumAdjustment are those of the bytes written.
 * The output has exactly libharu's 13 tables (cvt, fpgm and prep empty: no hinting is kept,
 * the documents are printed), so the directory libharu embeds (always those 13) has right
 * search fields; gasp is not kept for the same reason. */
#include "subset.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font/ttf.h"
#include "util/xalloc.h"

#define NBMP 0x10000
#define MAX_OUT_TABLES 13

/* composite glyph flags */
#define ARGS_ARE_WORDS 0x0001
#define HAVE_SCALE 0x0008
#define MORE_COMPONENTS 0x0020
#define HAVE_XY_SCALE 0x0040
#define HAVE_2X2 0x0080
#define HAVE_INSTRUCTIONS 0x0100

/* A bounds-checked piece of the source. */
struct span {
	const uint8_t *p;
	size_t n;
};

/* The source's tables and counts, and where errors go. */
struct src {
	struct span file, head, hhea, maxp, hmtx, loca, glyf, cmap, post;
	unsigned nglyphs, nhm;
	int loca_long;
	char *err;
	size_t errlen;
};

/* The glyphs kept: old[new id] = source id; newid[source id] = new id or -1. */
struct keepset {
	int32_t *newid;
	uint16_t *old;
	size_t count;
	uint16_t *cp, *gid;  /* the cmap to write: code points ascending, new glyph ids */
	size_t nmap;
};

/* A growable output buffer. */
struct bytes {
	uint8_t *p;
	size_t n, cap;
};

static unsigned get16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void set16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void set32(uint8_t *p, uint32_t v)
{
	set16(p, v >> 16);
	set16(p + 2, v & 0xFFFF);
}

static int has(struct span s, size_t off, size_t len)
{
	return off <= s.n && len <= s.n - off;
}

/* Appends len zero bytes to b and returns where they start (NULL when len is 0). */
static uint8_t *grow(struct bytes *b, size_t len)
{
	if (len == 0)
		return NULL;
	xgrow((void **)&b->p, &b->cap, b->n + len, 1);
	uint8_t *at = b->p + b->n;
	memset(at, 0, len);
	b->n += len;
	return at;
}

static void put16(struct bytes *b, unsigned v)
{
	set16(grow(b, 2), v);
}

static void put32(struct bytes *b, uint32_t v)
{
	set32(grow(b, 4), v);
}

static void put_span(struct bytes *b, struct span s)
{
	if (s.n)
		memcpy(grow(b, s.n), s.p, s.n);
}

static struct span sp(const struct bytes *b)
{
	return (struct span){b->p, b->n};
}

static void pad4(struct bytes *b)
{
	grow(b, (4 - b->n % 4) % 4);
}

static int fail(const struct src *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(const struct src *s, const char *fmt, ...)
{
	if (s->err && s->errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(s->err, s->errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* ---- reading the source ------------------------------------------------------------ */

/* Finds table tag: 0 with *t (p NULL when absent and !need), or -1 when it is needed and
 * absent, shorter than min, or out of the file. */
static int table(const struct src *s, const char *tag, size_t min, int need, struct span *t)
{
	unsigned ntables = get16(s->file.p + 4);
	t->p = NULL;
	t->n = 0;
	for (unsigned i = 0; i < ntables; i++) {
		const uint8_t *e = s->file.p + 12 + 16 * (size_t)i;
		if (memcmp(e, tag, 4) != 0)
			continue;
		uint32_t off = get32(e + 8), len = get32(e + 12);
		if (!has(s->file, off, len))
			return fail(s, "the '%s' table lies outside the file", tag);
		if (len < min)
			return fail(s, "the '%s' table is truncated (%lu bytes)", tag, (unsigned long)len);
		t->p = s->file.p + off;
		t->n = len;
		return 0;
	}
	return need ? fail(s, "no '%s' table", tag) : 0;
}

static int read_tables(struct src *s)
{
	if (s->file.n < 12)
		return fail(s, "not a TrueType font (file too short)");
	uint32_t tag = get32(s->file.p);
	if (tag != 0x00010000 && tag != 0x74727565) /* 1.0, 'true' */
		return fail(s, "not a TrueType font with glyf outlines (bad signature)");
	if (!has(s->file, 12, 16 * (size_t)get16(s->file.p + 4)))
		return fail(s, "the table directory is truncated");
	if (table(s, "head", 54, 1, &s->head) || table(s, "hhea", 36, 1, &s->hhea) ||
	    table(s, "maxp", 6, 1, &s->maxp) || table(s, "hmtx", 0, 1, &s->hmtx) ||
	    table(s, "loca", 0, 1, &s->loca) || table(s, "glyf", 0, 1, &s->glyf) ||
	    table(s, "cmap", 4, 1, &s->cmap) || table(s, "post", 32, 0, &s->post))
		return -1;
	unsigned fmt = get16(s->head.p + 50);
	if (fmt > 1)
		return fail(s, "bad 'head' table (indexToLocFormat %u)", fmt);
	s->loca_long = fmt == 1;
	s->nglyphs = get16(s->maxp.p + 4);
	s->nhm = get16(s->hhea.p + 34);
	if (s->nglyphs == 0 || s->nhm == 0 || s->nhm > s->nglyphs)
		return fail(s, "bad glyph counts (%u glyphs, %u metrics)", s->nglyphs, s->nhm);
	if (!has(s->hmtx, 0, 4 * (size_t)s->nhm + 2 * (size_t)(s->nglyphs - s->nhm)))
		return fail(s, "the 'hmtx' table is truncated");
	if (!has(s->loca, 0, ((size_t)s->nglyphs + 1) * (s->loca_long ? 4 : 2)))
		return fail(s, "the 'loca' table is truncated");
	return 0;
}

/* Sets *g to glyph gid's bytes in glyf. Returns 0, or -1 when loca puts it out of glyf. */
static int glyph(const struct src *s, unsigned gid, struct span *g)
{
	size_t a, b;
	if (s->loca_long) {
		a = get32(s->loca.p + 4 * (size_t)gid);
		b = get32(s->loca.p + 4 * (size_t)gid + 4);
	} else {
		a = 2 * (size_t)get16(s->loca.p + 2 * (size_t)gid);
		b = 2 * (size_t)get16(s->loca.p + 2 * (size_t)gid + 2);
	}
	if (a > b || b > s->glyf.n)
		return fail(s, "glyph %u lies outside the 'glyf' table", gid);
	if (b - a > 0 && b - a < 10)
		return fail(s, "glyph %u is truncated", gid);
	g->p = s->glyf.p + a;
	g->n = b - a;
	return 0;
}

static unsigned advance(const struct src *s, unsigned gid)
{
	return get16(s->hmtx.p + 4 * (size_t)(gid < s->nhm ? gid : s->nhm - 1));
}

static unsigned side_bearing(const struct src *s, unsigned gid)
{
	if (gid < s->nhm)
		return get16(s->hmtx.p + 4 * (size_t)gid + 2);
	return get16(s->hmtx.p + 4 * (size_t)s->nhm + 2 * (size_t)(gid - s->nhm));
}

/* ---- choosing the glyphs ------------------------------------------------------------ */

static void take(struct keepset *k, unsigned gid)
{
	if (k->newid[gid] >= 0)
		return;
	k->newid[gid] = (int32_t)k->count;
	k->old[k->count++] = (uint16_t)gid;
}

/* Steps over one component of a composite glyph g at *pos: sets *idx to the offset of its
 * glyph index and *more to whether another follows. Returns 0, or -1 when truncated. */
static int component(struct span g, size_t *pos, size_t *idx, int *more)
{
	if (!has(g, *pos, 4))
		return -1;
	unsigned flags = get16(g.p + *pos);
	size_t len = 4 + (flags & ARGS_ARE_WORDS ? 4 : 2);
	len += flags & HAVE_SCALE ? 2 : flags & HAVE_XY_SCALE ? 4 : flags & HAVE_2X2 ? 8 : 0;
	if (!has(g, *pos, len))
		return -1;
	*idx = *pos + 2;
	*pos += len;
	*more = (flags & MORE_COMPONENTS) != 0;
	return 0;
}

static int is_composite(struct span g)
{
	return g.n >= 10 && (get16(g.p) & 0x8000);
}

/* Takes the components of every glyph taken, and theirs, each once. */
static int close_components(const struct src *s, struct keepset *k)
{
	for (size_t i = 0; i < k->count; i++) {
		struct span g;
		if (glyph(s, k->old[i], &g))
			return -1;
		if (!is_composite(g))
			continue;
		size_t pos = 10, idx;
		int more = 1;
		while (more) {
			if (component(g, &pos, &idx, &more))
				return fail(s, "composite glyph %u is truncated", k->old[i]);
			unsigned c = get16(g.p + idx);
			if (c >= s->nglyphs)
				return fail(s, "composite glyph %u uses glyph %u of %u", k->old[i], c,
					    s->nglyphs);
			take(k, c);
		}
	}
	return 0;
}

/* Chooses the glyphs: 0, then those of the kept code points in code point order, then
 * their components. The code points' glyphs come from the ttf module's reading of the same
 * bytes (the cmap is read in one place, the way libharu reads it). */
static int choose(const struct src *s, bool (*keep)(unsigned), struct keepset *k)
{
	struct ttf *f = NULL;
	if (ttf_load_mem(s->file.p, s->file.n, NULL, &f, s->err, s->errlen) != 0)
		return -1;
	k->newid = xmalloc(s->nglyphs * sizeof *k->newid);
	k->old = xmalloc(s->nglyphs * sizeof *k->old);
	for (unsigned g = 0; g < s->nglyphs; g++)
		k->newid[g] = -1;
	take(k, 0);
	size_t nkept = 0;
	for (unsigned c = 0; c < NBMP - 1; c++)
		nkept += keep(c);
	k->cp = xmalloc((nkept ? nkept : 1) * sizeof *k->cp);
	k->gid = xmalloc((nkept ? nkept : 1) * sizeof *k->gid);
	for (unsigned c = 0; c < NBMP - 1; c++) {
		unsigned g;
		if (!keep(c) || !(g = ttf_glyph(f, c)) || g >= s->nglyphs)
			continue;
		take(k, g);
		k->cp[k->nmap] = (uint16_t)c;
		k->gid[k->nmap++] = (uint16_t)k->newid[g];
	}
	ttf_free(f);
	return close_components(s, k);
}

/* ---- writing the tables -------------------------------------------------------------- */

/* Appends glyph gid (its bytes g) to glyf without hinting: a simple glyph keeps its header,
 * contour ends, flags and coordinates with an empty instruction array; a composite glyph
 * keeps its components (renumbered, WE_HAVE_INSTRUCTIONS cleared) and loses the
 * instructions after them. */
static int put_glyph(const struct src *s, const struct keepset *k, unsigned gid, struct span g,
		     struct bytes *glyf)
{
	if (g.n == 0)
		return 0;
	size_t pos = 10, idx;
	if (!is_composite(g)) {
		size_t ends = pos + 2 * (size_t)get16(g.p);
		if (!has(g, ends, 2) || !has(g, ends + 2, get16(g.p + ends)))
			return fail(s, "glyph %u is truncated", gid);
		size_t rest = ends + 2 + get16(g.p + ends);
		put_span(glyf, (struct span){g.p, ends});
		put16(glyf, 0);
		put_span(glyf, (struct span){g.p + rest, g.n - rest});
		return 0;
	}
	int more = 1;
	while (more)
		if (component(g, &pos, &idx, &more))
			return fail(s, "composite glyph %u is truncated", gid);
	size_t at = glyf->n;
	put_span(glyf, (struct span){g.p, pos});
	pos = 10, more = 1;
	while (more && component(g, &pos, &idx, &more) == 0) {
		uint8_t *c = glyf->p + at + idx;
		set16(c - 2, get16(c - 2) & ~(unsigned)HAVE_INSTRUCTIONS);
		set16(c, (unsigned)k->newid[get16(c)]);
	}
	return 0;
}

/* glyf and loca: each glyph without hinting (put_glyph), padded to 4 bytes. */
static int write_glyf_loca(const struct src *s, const struct keepset *k, struct bytes *glyf,
			   struct bytes *loca, int *loca_long)
{
	uint32_t *at = xmalloc((k->count + 1) * sizeof *at);
	for (size_t i = 0; i < k->count; i++) {
		struct span g;
		at[i] = (uint32_t)glyf->n;
		if (glyph(s, k->old[i], &g) || put_glyph(s, k, k->old[i], g, glyf)) {
			free(at);
			return -1;
		}
		pad4(glyf);
	}
	at[k->count] = (uint32_t)glyf->n;
	*loca_long = glyf->n > 0x1FFFE;
	for (size_t i = 0; i <= k->count; i++) {
		if (*loca_long)
			put32(loca, at[i]);
		else
			put16(loca, at[i] / 2);
	}
	free(at);
	return 0;
}

/* hmtx, and the number of long metrics: trailing glyphs of the last advance share it. */
static unsigned write_hmtx(const struct src *s, const struct keepset *k, struct bytes *b)
{
	size_t nlong = k->count;
	while (nlong > 1 && advance(s, k->old[nlong - 1]) == advance(s, k->old[nlong - 2]))
		nlong--;
	for (size_t i = 0; i < k->count; i++) {
		if (i < nlong)
			put16(b, advance(s, k->old[i]));
		put16(b, side_bearing(s, k->old[i]));
	}
	return (unsigned)nlong;
}

/* cmap: one (3,1) format 4 subtable, a segment per run of consecutive code points with
 * consecutive glyphs (idDelta only), and the closing 0xFFFF segment. */
static int write_cmap(const struct src *s, const struct keepset *k, struct bytes *b)
{
	size_t nseg = 0;
	uint16_t *start = xmalloc((k->nmap + 1) * sizeof *start);
	uint16_t *end = xmalloc((k->nmap + 1) * sizeof *end);
	uint16_t *delta = xmalloc((k->nmap + 1) * sizeof *delta);
	for (size_t i = 0; i < k->nmap; i++) {
		unsigned d = (k->gid[i] - k->cp[i]) & 0xFFFF;
		if (nseg && k->cp[i] == end[nseg - 1] + 1 && d == delta[nseg - 1]) {
			end[nseg - 1] = k->cp[i];
			continue;
		}
		start[nseg] = end[nseg] = k->cp[i];
		delta[nseg++] = (uint16_t)d;
	}
	start[nseg] = end[nseg] = 0xFFFF;
	delta[nseg++] = 1;
	size_t len = 16 + 8 * nseg;
	int rc = 0;
	if (len > 0xFFFF) {
		rc = fail(s, "too many code points for one format 4 cmap (%zu segments)", nseg);
	} else {
		unsigned range = 1;
		while (range * 2 <= nseg)
			range *= 2;
		unsigned selector = 0;
		while ((1u << (selector + 1)) <= range)
			selector++;
		put16(b, 0), put16(b, 1);                    /* version, one subtable */
		put16(b, 3), put16(b, 1), put32(b, 12);      /* Windows, Unicode BMP */
		put16(b, 4), put16(b, (unsigned)len), put16(b, 0);
		put16(b, (unsigned)(2 * nseg)), put16(b, 2 * range), put16(b, selector);
		put16(b, (unsigned)(2 * nseg - 2 * range));
		for (size_t i = 0; i < nseg; i++)
			put16(b, end[i]);
		put16(b, 0);
		for (size_t i = 0; i < nseg; i++)
			put16(b, start[i]);
		for (size_t i = 0; i < nseg; i++)
			put16(b, delta[i]);
		grow(b, 2 * nseg);                           /* idRangeOffset: all 0 */
	}
	free(start);
	free(end);
	free(delta);
	return rc;
}

/* post format 3.0: the source's header (angle, underline, pitch) and no glyph names. */
static void write_post(const struct src *s, struct bytes *b)
{
	put32(b, 0x00030000);
	if (s->post.p)
		put_span(b, (struct span){s->post.p + 4, 28});
	else
		grow(b, 28);
}

/* The name IDs kept: copyright, family, subfamily, unique id, full name, version,
 * PostScript name, license and license URL (the SIL OFL asks that the copyright and the
 * license travel with the font); descriptions, trademark and URLs of vendor and designer go. */
static int name_kept(unsigned id)
{
	return id <= 6 || id == 13 || id == 14;
}

/* Whether the name record rec is a Windows Unicode English (3,1,0x409) one of name id. */
static int is_win_english(const uint8_t *rec, unsigned id)
{
	return get16(rec) == 3 && get16(rec + 2) == 1 && get16(rec + 4) == 0x409 &&
	       get16(rec + 6) == id;
}

/* name (format 0): the source's records of the kept IDs, in their order, with their strings.
 * Only Windows ones when the source has the (3,1,0x409) subfamily and PostScript names,
 * which libharu reads when there is no Macintosh copy; all platforms otherwise. */
static int write_name(const struct src *s, struct span name, struct bytes *b)
{
	if (!has(name, 0, 6) || !has(name, 6, 12 * (size_t)get16(name.p + 2)))
		return fail(s, "bad 'name' table (its records do not fit)");
	unsigned count = get16(name.p + 2);
	size_t strings = get16(name.p + 4);
	int have2 = 0, have6 = 0;
	for (unsigned i = 0; i < count; i++) {
		have2 |= is_win_english(name.p + 6 + 12 * (size_t)i, 2);
		have6 |= is_win_english(name.p + 6 + 12 * (size_t)i, 6);
	}
	int windows_only = have2 && have6;
	struct bytes recs = {0}, text = {0};
	unsigned kept = 0;
	for (unsigned i = 0; i < count; i++) {
		const uint8_t *r = name.p + 6 + 12 * (size_t)i;
		if (!name_kept(get16(r + 6)) || get16(r + 4) >= 0x8000 ||
		    (windows_only && get16(r) != 3))
			continue;
		size_t at = strings + get16(r + 10), len = get16(r + 8);
		if (!has(name, at, len) || text.n + len > 0xFFFF) {
			free(recs.p), free(text.p);
			return fail(s, "bad 'name' table (record %u lies outside it)", i);
		}
		put_span(&recs, (struct span){r, 8});
		put16(&recs, (unsigned)len), put16(&recs, (unsigned)text.n);
		put_span(&text, (struct span){name.p + at, len});
		kept++;
	}
	put16(b, 0), put16(b, kept), put16(b, 6 + 12 * kept);
	put_span(b, sp(&recs));
	put_span(b, sp(&text));
	free(recs.p), free(text.p);
	return 0;
}

/* ---- assembling the font ------------------------------------------------------------- */

struct out_table {
	char tag[4];
	struct span data;
};

static int cmp_tag(const void *a, const void *b)
{
	return memcmp(((const struct out_table *)a)->tag, ((const struct out_table *)b)->tag, 4);
}

static uint32_t checksum(const uint8_t *p, size_t n)
{
	uint32_t sum = 0;
	for (size_t i = 0; i < n; i += 4)
		sum += get32(p + i);
	return sum;
}

/* Writes the sorted tables t[0..nt) with their directory into *font. */
static void assemble(struct out_table *t, size_t nt, struct bytes *font)
{
	qsort(t, nt, sizeof *t, cmp_tag);
	unsigned range = 1, selector = 0;
	while (range * 2 <= nt)
		range *= 2, selector++;
	put32(font, 0x00010000);
	put16(font, (unsigned)nt), put16(font, 16 * range), put16(font, selector);
	put16(font, (unsigned)(16 * nt - 16 * range));
	size_t dir = font->n, head_at = 0;
	grow(font, 16 * nt);
	for (size_t i = 0; i < nt; i++) {
		size_t at = font->n;
		put_span(font, t[i].data);
		pad4(font);
		uint8_t *e = font->p + dir + 16 * i;
		memcpy(e, t[i].tag, 4);
		set32(e + 4, checksum(font->p + at, font->n - at));
		set32(e + 8, (uint32_t)at);
		set32(e + 12, (uint32_t)t[i].data.n);
		if (memcmp(t[i].tag, "head", 4) == 0)
			head_at = at;
	}
	set32(font->p + head_at + 8, 0xB1B0AFBAu - checksum(font->p, font->n));
}

/* maxp: the glyph count, and no room for hinting (no twilight points, storage, functions,
 * instruction definitions, stack or instructions) when it is a version 1.0 table. */
static void write_maxp(const struct src *s, const struct keepset *k, struct bytes *b)
{
	put_span(b, s->maxp);
	set16(b->p + 4, (unsigned)k->count);
	if (get32(b->p) == 0x00010000 && b->n >= 28)
		memset(b->p + 16, 0, 12);
}

/* The tables every reduced font has, as libharu embeds them (its fixed list of 13 tables:
 * OS/2 copied, cvt, fpgm and prep present but empty, the rest built). */
struct tables {
	struct bytes glyf, loca, hmtx, cmap, post, head, hhea, maxp, name;
	struct span os2;
};

static void free_tables(struct tables *t)
{
	free(t->glyf.p), free(t->loca.p), free(t->hmtx.p), free(t->cmap.p), free(t->post.p);
	free(t->head.p), free(t->hhea.p), free(t->maxp.p), free(t->name.p);
}

/* Fills t from the chosen glyphs. Returns 0, or -1 with a message. */
static int make_tables(struct src *s, const struct keepset *k, struct tables *t)
{
	struct span name;
	int loca_long;
	if (write_glyf_loca(s, k, &t->glyf, &t->loca, &loca_long) || write_cmap(s, k, &t->cmap) ||
	    table(s, "name", 6, 1, &name) || write_name(s, name, &t->name) ||
	    table(s, "OS/2", 0, 0, &t->os2))
		return -1;
	unsigned nlong = write_hmtx(s, k, &t->hmtx);
	write_post(s, &t->post);
	write_maxp(s, k, &t->maxp);
	put_span(&t->head, s->head);
	set32(t->head.p + 8, 0);                     /* checkSumAdjustment: set last */
	set16(t->head.p + 50, (unsigned)loca_long);
	put_span(&t->hhea, s->hhea);
	set16(t->hhea.p + 34, nlong);
	return 0;
}

/* Builds every table from the chosen glyphs and assembles them. */
static int build(struct src *s, const struct keepset *k, struct bytes *font)
{
	struct tables t = {0};
	int rc = make_tables(s, k, &t);
	if (rc == 0) {
		struct span none = {NULL, 0};
		struct out_table ot[MAX_OUT_TABLES] = {
			{"cmap", sp(&t.cmap)}, {"glyf", sp(&t.glyf)}, {"head", sp(&t.head)},
			{"hhea", sp(&t.hhea)}, {"hmtx", sp(&t.hmtx)}, {"loca", sp(&t.loca)},
			{"maxp", sp(&t.maxp)}, {"post", sp(&t.post)}, {"name", sp(&t.name)},
			{"cvt ", none}, {"fpgm", none}, {"prep", none}, {"OS/2", t.os2},
		};
		assemble(ot, t.os2.p ? MAX_OUT_TABLES : MAX_OUT_TABLES - 1, font);
	}
	free_tables(&t);
	return rc;
}

int subset_ttf(const void *data, size_t n, bool (*keep)(unsigned cp), uint8_t **out,
	       size_t *outlen, char *err, size_t errlen)
{
	struct src s = {.file = {data, n}, .err = err, .errlen = errlen};
	struct keepset k = {0};
	struct bytes font = {0};
	*out = NULL;
	*outlen = 0;
	if (err && errlen)
		err[0] = '\0';
	int rc = read_tables(&s);
	if (rc == 0)
		rc = choose(&s, keep, &k);
	if (rc == 0)
		rc = build(&s, &k, &font);
	free(k.newid), free(k.old), free(k.cp), free(k.gid);
	if (rc) {
		free(font.p);
		return -1;
	}
	*out = font.p;
	*outlen = font.n;
	return 0;
}
