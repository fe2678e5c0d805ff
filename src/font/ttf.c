/* ttf: parses the few TrueType tables layout needs (head maxp hhea hmtx cmap OS/2 post name,
 * loca/glyf only for a missing cap height) into plain arrays.
 * Invariants: every read goes through a span whose bounds were checked against the file;
 * every glyph id stored is < nglyphs (0 otherwise), so lookups never index out of range;
 * the work done at load is bounded by the file size plus 65536, whatever the input says. */
#include "ttf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define MAX_FILE (64u << 20)  /* no real text font comes near this */
#define MAX_NAME 255           /* bytes of UTF-8 kept of the family name */
#define NBMP 0x10000

struct group {  /* one format 12 group: code points [start, end] -> glyph + (cp - start) */
	uint32_t start, end, glyph;
};

struct ttf {
	int upem;
	unsigned nglyphs;
	int *width;            /* nglyphs advance widths, 1/1000 em */
	uint16_t *bmp;         /* NBMP glyph ids, each < nglyphs */
	struct group *groups;  /* format 12 groups sorted by start; NULL when none */
	size_t ngroups;
	struct ttf_metrics m;
	char *family;
};

/* A bounds-checked piece of the file. */
struct span {
	const uint8_t *p;
	size_t n;
};

/* What a load reads from and where it reports. */
struct src {
	struct span file;
	const char *name;
	char *err;
	size_t errlen;
};

static int fail(const struct src *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(const struct src *s, const char *fmt, ...)
{
	if (!s->err || s->errlen == 0)
		return -1;
	int k = snprintf(s->err, s->errlen, "%s: ", s->name ? s->name : "font");
	if (k >= 0 && (size_t)k < s->errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(s->err + k, s->errlen - (size_t)k, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static unsigned get16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static int gets16(const uint8_t *p)
{
	unsigned v = get16(p);
	return v >= 0x8000 ? (int)v - 0x10000 : (int)v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* True when n bytes at off lie inside sp. */
static int has(struct span sp, size_t off, size_t n)
{
	return off <= sp.n && n <= sp.n - off;
}

/* Sets *t to the first table tagged tag. Returns 1 when found, 0 when absent, -1 (with a
 * message) when its directory entry points outside the file. */
static int find_table(const struct src *s, const char *tag, struct span *t)
{
	unsigned ntables = get16(s->file.p + 4);
	for (unsigned i = 0; i < ntables; i++) {
		const uint8_t *e = s->file.p + 12 + 16 * (size_t)i;
		if (memcmp(e, tag, 4) != 0)
			continue;
		uint32_t off = get32(e + 8), len = get32(e + 12);
		if (!has(s->file, off, len))
			return fail(s, "table '%s' lies outside the file (damaged or truncated)", tag);
		t->p = s->file.p + off;
		t->n = len;
		return 1;
	}
	return 0;
}

/* A table that must be there, at least min bytes long. */
static int need_table(const struct src *s, const char *tag, size_t min, struct span *t)
{
	int r = find_table(s, tag, t);
	if (r < 0)
		return -1;
	if (r == 0)
		return fail(s, "not a usable TrueType font (no '%s' table)", tag);
	if (t->n < min)
		return fail(s, "table '%s' too short (%zu bytes)", tag, t->n);
	return 0;
}

/* Scales font units to 1/1000 em as libharu does (C division truncates toward zero). */
static int per_mille(const struct ttf *f, int v)
{
	return (int)((int32_t)v * 1000 / f->upem);
}

static int parse_head_maxp(const struct src *s, struct ttf *f, int *loca_long)
{
	struct span head, maxp;
	if (need_table(s, "head", 54, &head) || need_table(s, "maxp", 6, &maxp))
		return -1;
	if (get32(head.p + 12) != 0x5F0F3CF5)
		return fail(s, "bad 'head' table (wrong magic number)");
	f->upem = (int)get16(head.p + 18);
	if (f->upem < 16 || f->upem > 16384)
		return fail(s, "bad unitsPerEm %d (must be 16..16384)", f->upem);
	*loca_long = gets16(head.p + 50) != 0;
	f->nglyphs = get16(maxp.p + 4);
	if (f->nglyphs == 0)
		return fail(s, "the font has no glyphs");
	return 0;
}

static int parse_hhea_hmtx(const struct src *s, struct ttf *f)
{
	struct span hhea, hmtx;
	if (need_table(s, "hhea", 36, &hhea) || need_table(s, "hmtx", 0, &hmtx))
		return -1;
	unsigned nh = get16(hhea.p + 34);
	if (nh == 0)
		return fail(s, "bad 'hhea' table (numberOfHMetrics is 0)");
	if (nh > f->nglyphs)
		nh = f->nglyphs;
	if (!has(hmtx, 0, 4 * (size_t)nh))
		return fail(s, "table 'hmtx' too short for %u metrics", nh);

	f->width = xmalloc(f->nglyphs * sizeof *f->width);
	for (unsigned g = 0; g < f->nglyphs; g++) {
		unsigned aw = get16(hmtx.p + 4 * (size_t)(g < nh ? g : nh - 1));
		f->width[g] = (int)(aw * 1000u / (unsigned)f->upem);
	}
	f->m.ascent = per_mille(f, gets16(hhea.p + 4));
	f->m.descent = per_mille(f, gets16(hhea.p + 6));
	return 0;
}

/* Fills f->bmp from a format 4 subtable at off in cmap. A code maps through the first
 * segment whose end is >= it, and only when that segment's start is <= it: libharu's
 * lookup, kept even for segments out of order. */
static int cmap_format4(const struct src *s, struct ttf *f, struct span cmap, size_t off)
{
	struct span t = {cmap.p + off, cmap.n - off};
	if (!has(t, 0, 14))
		return fail(s, "bad format 4 cmap (truncated)");
	size_t nseg = get16(t.p + 6) / 2;
	if (nseg == 0 || !has(t, 0, 16 + 8 * nseg))
		return fail(s, "bad format 4 cmap (%zu segments do not fit)", nseg);
	const uint8_t *endc = t.p + 14, *startc = t.p + 16 + 2 * nseg;
	const uint8_t *delta = t.p + 16 + 4 * nseg, *range = t.p + 16 + 6 * nseg;

	uint32_t next = 0; /* every code below next is decided */
	for (size_t i = 0; i < nseg && next < NBMP; i++) {
		uint32_t end = get16(endc + 2 * i), start = get16(startc + 2 * i);
		unsigned d = get16(delta + 2 * i), ro = get16(range + 2 * i);
		if (end < next)
			continue;
		for (uint32_t c = start > next ? start : next; c <= end; c++) {
			unsigned g;
			if (ro == 0) {
				g = (c + d) & 0xFFFF;
			} else {
				/* glyphIdArray entry: &idRangeOffset[i] + ro + 2 * (c - start) */
				size_t at = (size_t)(range - t.p) + 2 * i + ro + 2 * (size_t)(c - start);
				g = has(t, at, 2) ? get16(t.p + at) : 0;
				if (g)
					g = (g + d) & 0xFFFF;
			}
			f->bmp[c] = (uint16_t)(g < f->nglyphs ? g : 0);
		}
		next = end + 1;
	}
	return 0;
}

static int cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* Reads the groups of a format 12 subtable at off in cmap into f->groups, sorted. */
static int cmap_format12(const struct src *s, struct ttf *f, struct span cmap, size_t off)
{
	struct span t = {cmap.p + off, cmap.n - off};
	if (!has(t, 0, 16))
		return fail(s, "bad format 12 cmap (truncated)");
	uint32_t n = get32(t.p + 12);
	if (n > (t.n - 16) / 12)
		return fail(s, "bad format 12 cmap (%lu groups do not fit)", (unsigned long)n);
	f->groups = xcalloc(n, sizeof *f->groups);
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *g = t.p + 16 + 12 * (size_t)i;
		struct group gr = {get32(g), get32(g + 4), get32(g + 8)};
		if (gr.start > gr.end || gr.start > 0x10FFFF)
			continue;
		if (gr.end > 0x10FFFF)
			gr.end = 0x10FFFF;
		f->groups[f->ngroups++] = gr;
	}
	qsort(f->groups, f->ngroups, sizeof *f->groups, cmp_group);
	return 0;
}

static unsigned group_glyph(const struct ttf *f, uint32_t cp)
{
	size_t lo = 0, hi = f->ngroups; /* find the last group with start <= cp */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->groups[mid].start <= cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || cp > f->groups[lo - 1].end)
		return 0;
	const struct group *g = &f->groups[lo - 1];
	uint64_t gid = (uint64_t)g->glyph + (cp - g->start);
	return gid < f->nglyphs ? (unsigned)gid : 0;
}

/* Picks the Unicode subtables: format 4 from (3,1), else from platform 0; format 12 from
 * (3,10), else from (0,4) or (0,6). */
static int parse_cmap(const struct src *s, struct ttf *f)
{
	struct span cmap;
	if (need_table(s, "cmap", 4, &cmap))
		return -1;
	unsigned nsub = get16(cmap.p + 2);
	if (!has(cmap, 4, 8 * (size_t)nsub))
		return fail(s, "bad 'cmap' table (%u subtables do not fit)", nsub);

	size_t off4 = 0, off12 = 0;
	int rank4 = 0, rank12 = 0; /* 2: Windows, 1: Unicode platform, 0: none yet */
	for (unsigned i = 0; i < nsub; i++) {
		const uint8_t *e = cmap.p + 4 + 8 * (size_t)i;
		unsigned pid = get16(e), eid = get16(e + 2);
		uint32_t off = get32(e + 4);
		if (!has(cmap, off, 2))
			continue;
		unsigned format = get16(cmap.p + off);
		int r4 = format != 4 ? 0 : pid == 3 && eid == 1 ? 2 : pid == 0 ? 1 : 0;
		int r12 = format != 12 ? 0 : pid == 3 && eid == 10 ? 2 :
			  pid == 0 && (eid == 4 || eid == 6) ? 1 : 0;
		if (r4 > rank4) {
			rank4 = r4;
			off4 = off;
		}
		if (r12 > rank12) {
			rank12 = r12;
			off12 = off;
		}
	}
	if (!rank4 && !rank12)
		return fail(s, "no Unicode cmap (format 4 or 12)");
	if (rank12 && cmap_format12(s, f, cmap, off12))
		return -1;

	f->bmp = xcalloc(NBMP, sizeof *f->bmp);
	if (rank4)
		return cmap_format4(s, f, cmap, off4);
	uint32_t next = 0; /* no format 4: the BMP from the groups, the first group winning */
	for (size_t i = 0; i < f->ngroups && next < NBMP; i++) {
		const struct group *g = &f->groups[i];
		for (uint32_t c = g->start > next ? g->start : next; c <= g->end && c < NBMP; c++) {
			uint64_t gid = (uint64_t)g->glyph + (c - g->start);
			f->bmp[c] = (uint16_t)(gid < f->nglyphs ? gid : 0);
		}
		if (g->end >= next)
			next = g->end + 1;
	}
	return 0;
}

/* Returns the yMax of glyph gid from loca/glyf, 0 when it cannot be read. */
static int glyph_top(const struct src *s, const struct ttf *f, unsigned gid, int loca_long)
{
	struct src quiet = {s->file, s->name, NULL, 0}; /* a damaged glyph only loses a metric */
	struct span loca, glyf;
	if (gid == 0 || find_table(&quiet, "loca", &loca) != 1 ||
	    find_table(&quiet, "glyf", &glyf) != 1)
		return 0;
	size_t a, b;
	if (loca_long) {
		if (!has(loca, 4 * (size_t)gid, 8))
			return 0;
		a = get32(loca.p + 4 * (size_t)gid);
		b = get32(loca.p + 4 * (size_t)gid + 4);
	} else {
		if (!has(loca, 2 * (size_t)gid, 4))
			return 0;
		a = 2 * (size_t)get16(loca.p + 2 * (size_t)gid);
		b = 2 * (size_t)get16(loca.p + 2 * (size_t)gid + 2);
	}
	if (b < a + 10 || !has(glyf, a, 10))
		return 0;
	return per_mille(f, gets16(glyf.p + a + 8));
}

static int parse_metrics(const struct src *s, struct ttf *f, int loca_long)
{
	struct span os2 = {NULL, 0}, post = {NULL, 0};
	int r = find_table(s, "OS/2", &os2);
	if (r < 0)
		return -1;
	int os2_version = r && os2.n >= 2 ? (int)get16(os2.p) : -1;
	if (f->m.ascent == 0 && os2_version >= 0 && os2.n >= 72) {
		f->m.ascent = per_mille(f, gets16(os2.p + 68));
		f->m.descent = per_mille(f, gets16(os2.p + 70));
	}
	if (f->m.descent > 0)
		f->m.descent = -f->m.descent;
	if (os2_version >= 2 && os2.n >= 90) {
		f->m.x_height = per_mille(f, gets16(os2.p + 86));
		f->m.cap_height = per_mille(f, gets16(os2.p + 88));
	}
	if (f->m.cap_height == 0)
		f->m.cap_height = glyph_top(s, f, f->bmp['H'], loca_long);
	if (f->m.x_height == 0)
		f->m.x_height = glyph_top(s, f, f->bmp['x'], loca_long);

	r = find_table(s, "post", &post);
	if (r < 0)
		return -1;
	if (r && post.n >= 12) {
		f->m.underline_pos = per_mille(f, gets16(post.p + 8));
		f->m.underline_thickness = per_mille(f, gets16(post.p + 10));
	}
	return 0;
}

/* Appends code point c as UTF-8 to out (len bytes used), keeping within MAX_NAME. */
static void put_utf8(char *out, size_t *len, uint32_t c)
{
	char u[4];
	size_t n;
	if (c < 0x20 || c == 0x7F)
		c = '?';
	if (c < 0x80) {
		u[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xC0 | c >> 6);
		u[1] = (char)(0x80 | (c & 0x3F));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xE0 | c >> 12);
		u[1] = (char)(0x80 | (c >> 6 & 0x3F));
		u[2] = (char)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | c >> 18);
		u[1] = (char)(0x80 | (c >> 12 & 0x3F));
		u[2] = (char)(0x80 | (c >> 6 & 0x3F));
		u[3] = (char)(0x80 | (c & 0x3F));
		n = 4;
	}
	if (*len + n > MAX_NAME)
		return;
	memcpy(out + *len, u, n);
	*len += n;
}

/* Sets f->family from name id 1: Windows Unicode English first, then any Windows Unicode,
 * then Unicode platform, then Macintosh Roman (its ASCII part). Absent or damaged: "". */
static int parse_name(const struct src *s, struct ttf *f)
{
	char out[MAX_NAME + 1];
	size_t len = 0;
	struct span name;
	int r = find_table(s, "name", &name);
	if (r < 0)
		return -1;

	const uint8_t *best = NULL;
	int best_rank = 0;
	unsigned count = r && name.n >= 6 ? get16(name.p + 2) : 0;
	for (unsigned i = 0; i < count && has(name, 6 + 12 * (size_t)i, 12); i++) {
		const uint8_t *rec = name.p + 6 + 12 * (size_t)i;
		unsigned pid = get16(rec), eid = get16(rec + 2), lang = get16(rec + 4);
		if (get16(rec + 6) != 1)
			continue;
		int rank = pid == 3 && eid == 1 ? (lang == 0x409 ? 4 : 3) :
			   pid == 0 ? 2 : pid == 1 && eid == 0 ? 1 : 0;
		if (rank > best_rank) {
			best_rank = rank;
			best = rec;
		}
	}
	if (best) {
		size_t at = (size_t)get16(name.p + 4) + get16(best + 10), n = get16(best + 8);
		if (!has(name, at, n))
			n = 0;
		const uint8_t *p = name.p + at;
		if (best_rank == 1) {
			for (size_t i = 0; i < n; i++)
				put_utf8(out, &len, p[i] < 0x80 ? p[i] : '?');
		} else {
			for (size_t i = 0; i + 1 < n; i += 2) {
				uint32_t c = get16(p + i);
				if (c >= 0xD800 && c < 0xDC00 && i + 3 < n &&
				    get16(p + i + 2) >= 0xDC00 && get16(p + i + 2) < 0xE000) {
					c = 0x10000 + ((c - 0xD800) << 10) + (get16(p + i + 2) - 0xDC00);
					i += 2;
				} else if (c >= 0xD800 && c < 0xE000) {
					c = 0xFFFD;
				}
				put_utf8(out, &len, c);
			}
		}
	}
	f->family = xstrndup(out, len);
	return 0;
}

int ttf_load_mem(const void *data, size_t n, const char *name, struct ttf **out, char *err,
		 size_t errlen)
{
	struct src s = {{data, n}, name, err, errlen};
	*out = NULL;
	if (err && errlen)
		err[0] = '\0';
	if (n < 12)
		return fail(&s, "not a TrueType font (file too short: %zu bytes)", n);
	uint32_t tag = get32(s.file.p);
	if (tag == 0x4F54544F) /* OTTO */
		return fail(&s, "an OpenType font with CFF outlines, not TrueType");
	if (tag == 0x74746366) /* ttcf */
		return fail(&s, "a font collection (.ttc), not a single TrueType font");
	if (tag != 0x00010000 && tag != 0x74727565) /* 1.0, true */
		return fail(&s, "not a TrueType font (bad signature)");
	unsigned ntables = get16(s.file.p + 4);
	if (!has(s.file, 12, 16 * (size_t)ntables))
		return fail(&s, "table directory truncated (%u tables)", ntables);

	struct ttf *f = xcalloc(1, sizeof *f);
	int loca_long = 0;
	if (parse_head_maxp(&s, f, &loca_long) || parse_hhea_hmtx(&s, f) || parse_cmap(&s, f) ||
	    parse_metrics(&s, f, loca_long) || parse_name(&s, f)) {
		ttf_free(f);
		return -1;
	}
	*out = f;
	return 0;
}

int ttf_load(const char *path, struct ttf **out, char *err, size_t errlen)
{
	struct src s = {{NULL, 0}, path, err, errlen};
	*out = NULL;
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		if (errno == ENOENT)
			return fail(&s, "no such file");
		return fail(&s, "cannot open: %s", strerror(errno));
	}
	uint8_t *data = NULL;
	size_t len = 0, cap = 0, got;
	do {
		xgrow((void **)&data, &cap, len + 65536, 1);
		got = fread(data + len, 1, cap - len, fp);
		len += got;
	} while (got > 0 && len <= MAX_FILE);
	int rc;
	if (ferror(fp))
		rc = fail(&s, "cannot read: %s", strerror(errno ? errno : EIO));
	else if (len > MAX_FILE)
		rc = fail(&s, "file too large for a font (over %u MiB)", MAX_FILE >> 20);
	else
		rc = ttf_load_mem(data, len, path, out, err, errlen);
	fclose(fp);
	free(data);
	return rc;
}

void ttf_free(struct ttf *f)
{
	if (!f)
		return;
	free(f->width);
	free(f->bmp);
	free(f->groups);
	free(f->family);
	free(f);
}

unsigned ttf_glyph(const struct ttf *f, unsigned cp)
{
	if (cp < NBMP)
		return f->bmp[cp];
	return f->groups ? group_glyph(f, cp) : 0;
}

int ttf_width(const struct ttf *f, unsigned cp)
{
	return f->width[ttf_glyph(f, cp)];
}

int ttf_units_per_em(const struct ttf *f)
{
	return f->upem;
}

const char *ttf_family(const struct ttf *f)
{
	return f->family;
}

void ttf_get_metrics(const struct ttf *f, struct ttf_metrics *m)
{
	*m = f->m;
}
