/* test_subset: reduced fonts give the original's widths (ours and libharu's), keep outlines,
 * are well-formed; damaged sources fail cleanly; the reduced copies' folder lives as long as
 * the process that made it.
 * Invariants: run from the repository root (fonts/); temporary files live in one mkdtemp
 * folder removed at the end; the last line is "subset: N passed, N failed". */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <hpdf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "font/fontset.h"
#include "font/subset.h"
#include "font/ttf.h"
#include "harness.h"
#include "pdf/cp1251.h"
#include "util/xalloc.h"

static const char *const FACES[FONT_NMAIN] = {
	"fonts/LiberationSerif-Regular.ttf", "fonts/LiberationSerif-Bold.ttf",
	"fonts/LiberationSerif-Italic.ttf", "fonts/LiberationSerif-BoldItalic.ttf",
};

static char tmpdir[64];

static uint8_t *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		printf("cannot open %s: %s\n", path, strerror(errno));
		exit(2);
	}
	uint8_t *data = NULL;
	size_t cap = 0, got;
	*n = 0;
	do {
		xgrow((void **)&data, &cap, *n + 65536, 1);
		got = fread(data + *n, 1, cap - *n, f);
		*n += got;
	} while (got > 0);
	fclose(f);
	return data;
}

static void spit(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
		printf("cannot write %s\n", path);
		exit(2);
	}
}

static unsigned g16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t g32(const uint8_t *p)
{
	return (uint32_t)g16(p) << 16 | g16(p + 2);
}

/* Finds a table of a font the test trusts (the originals, or output checked by check_form). */
static const uint8_t *find(const uint8_t *font, const char *tag, uint32_t *len)
{
	for (unsigned i = 0; i < g16(font + 4); i++) {
		const uint8_t *e = font + 12 + 16 * i;
		if (memcmp(e, tag, 4) == 0) {
			*len = g32(e + 12);
			return font + g32(e + 8);
		}
	}
	*len = 0;
	return NULL;
}

/* The bytes of glyph gid: *n of them. */
static const uint8_t *glyph_bytes(const uint8_t *font, unsigned gid, size_t *n)
{
	uint32_t len;
	const uint8_t *head = find(font, "head", &len), *loca = find(font, "loca", &len);
	const uint8_t *glyf = find(font, "glyf", &len);
	size_t a, b;
	if (g16(head + 50)) {
		a = g32(loca + 4 * gid), b = g32(loca + 4 * gid + 4);
	} else {
		a = 2u * g16(loca + 2 * gid), b = 2u * g16(loca + 2 * gid + 2);
	}
	*n = b - a;
	return glyf + a;
}

static bool keep_none(unsigned cp)
{
	(void)cp;
	return false;
}

static bool keep_latin(unsigned cp)
{
	return cp >= 0x20 && cp < 0x7F;
}

/* ---- the form of the output ---- */

static uint32_t sum32(const uint8_t *p, size_t n)
{
	uint32_t s = 0;
	for (size_t i = 0; i + 4 <= n; i += 4)
		s += g32(p + i);
	return s;
}

/* Directory sorted, tables aligned, inside the file, checksums right, 13 tables, none of
 * the dropped ones, counts consistent. */
static void check_form(const uint8_t *f, size_t n, const char *face)
{
	CHECK(n % 4 == 0, "%s: length %zu is no multiple of 4", face, n);
	CHECK(g32(f) == 0x00010000, "%s: signature %08X", face, (unsigned)g32(f));
	unsigned nt = g16(f + 4);
	CHECK(nt == 13, "%s: %u tables", face, nt);
	CHECK(g16(f + 6) == 128 && g16(f + 8) == 3 && g16(f + 10) == 16 * nt - 128,
	      "%s: search fields %u %u %u", face, g16(f + 6), g16(f + 8), g16(f + 10));
	for (unsigned i = 0; i < nt; i++) {
		const uint8_t *e = f + 12 + 16 * i;
		uint32_t off = g32(e + 8), len = g32(e + 12);
		CHECK(i == 0 || memcmp(e - 16, e, 4) < 0, "%s: table %u out of order", face, i);
		CHECK(off % 4 == 0 && off <= n && (len + 3) / 4 * 4 <= n - off,
		      "%s: table %.4s at %u+%u", face, (const char *)e, (unsigned)off, (unsigned)len);
		if (off % 4 || off > n || (len + 3) / 4 * 4 > n - off)
			return;
		uint32_t want = sum32(f + off, (len + 3) / 4 * 4);
		if (memcmp(e, "head", 4) == 0)
			want -= g32(f + off + 8);
		CHECK(g32(e + 4) == want, "%s: checksum of %.4s", face, (const char *)e);
	}
	CHECK(sum32(f, n) == 0xB1B0AFBAu, "%s: checkSumAdjustment wrong", face);
	const char *dropped[] = {"kern", "GPOS", "GSUB", "GDEF", "hdmx", "LTSH", "VDMX", "DSIG"};
	for (size_t i = 0; i < sizeof dropped / sizeof dropped[0]; i++) {
		uint32_t len;
		CHECK(!find(f, dropped[i], &len), "%s: %s kept", face, dropped[i]);
	}
	uint32_t len;
	const uint8_t *maxp = find(f, "maxp", &len), *hhea = find(f, "hhea", &len);
	const uint8_t *cmap = find(f, "cmap", &len), *post = find(f, "post", &len);
	unsigned ng = g16(maxp + 4);
	CHECK(ng > 200 && ng < 260, "%s: %u glyphs", face, ng);
	CHECK(g16(hhea + 34) >= 1 && g16(hhea + 34) <= ng, "%s: numberOfHMetrics", face);
	CHECK(g32(post) == 0x00030000 && len == 32, "%s: post %08X", face, (unsigned)g32(post));
	CHECK(g16(cmap + 2) == 1 && g16(cmap + 4) == 3 && g16(cmap + 6) == 1 &&
	      g16(cmap + 12) == 4, "%s: cmap is not one (3,1) format 4 subtable", face);
	CHECK(g16(cmap + 12 + 6) / 2 < 40, "%s: %u cmap segments", face, g16(cmap + 18) / 2);
}

/* ---- widths, ours and libharu's ---- */

static void hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
	int *n = user;
	(*n)++;
	printf("libharu error 0x%04X (detail %u)\n", (unsigned)error_no, (unsigned)detail_no);
}

/* Loads path into a new libharu document and returns its font in CP1251. */
static HPDF_Font hpdf_font(HPDF_Doc pdf, const char *path)
{
	const char *name = HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE);
	return name ? HPDF_GetFont(pdf, name, "CP1251") : NULL;
}

static void check_widths(const struct ttf *orig, const uint8_t *red, size_t nred,
			 const char *orig_path, const char *red_path, const char *face)
{
	char err[256];
	struct ttf *r;
	CHECK(ttf_load_mem(red, nred, "reduced", &r, err, sizeof err) == 0, "%s: %s", face, err);
	if (!r)
		return;
	int shown = 0;
	for (unsigned b = 0x20; b <= 0xFF; b++) {
		unsigned cp = cp1251_cp((unsigned char)b);
		CHECK(ttf_width(r, cp) == ttf_width(orig, cp), "%s byte %02X U+%04X: %d, not %d", face,
		      b, cp, ttf_width(r, cp), ttf_width(orig, cp));
		shown += ttf_glyph(r, cp) != 0;
	}
	CHECK(shown == 222, "%s: %d CP1251 characters have a glyph", face, shown);
	CHECK(ttf_glyph(orig, 0x0100) != 0 && ttf_glyph(r, 0x0100) == 0,
	      "%s: U+0100 (not CP1251) should be dropped", face);
	struct ttf_metrics mo, mr;
	ttf_get_metrics(orig, &mo);
	ttf_get_metrics(r, &mr);
	CHECK(memcmp(&mo, &mr, sizeof mo) == 0, "%s: metrics differ", face);
	CHECK_STR(ttf_family(r), ttf_family(orig));
	ttf_free(r);

	int nerr = 0;
	HPDF_Doc po = HPDF_New(hpdf_error, &nerr), pr = HPDF_New(hpdf_error, &nerr);
	HPDF_Font fo = hpdf_font(po, orig_path), fr = hpdf_font(pr, red_path);
	CHECK(fo && fr, "%s: libharu cannot load the fonts", face);
	for (unsigned b = 1; fo && fr && b <= 0xFF; b++) {
		HPDF_BYTE byte = (HPDF_BYTE)b;
		HPDF_UINT wo = HPDF_Font_TextWidth(fo, &byte, 1).width;
		HPDF_UINT wr = HPDF_Font_TextWidth(fr, &byte, 1).width;
		CHECK(wo == wr, "%s byte %02X: libharu width %u, not %u", face, b, (unsigned)wr,
		      (unsigned)wo);
	}
	if (fo && fr) {
		CHECK(HPDF_Font_GetAscent(fo) == HPDF_Font_GetAscent(fr) &&
		      HPDF_Font_GetDescent(fo) == HPDF_Font_GetDescent(fr) &&
		      HPDF_Font_GetCapHeight(fo) == HPDF_Font_GetCapHeight(fr) &&
		      HPDF_Font_GetXHeight(fo) == HPDF_Font_GetXHeight(fr),
		      "%s: libharu's metrics differ", face);
		CHECK_STR(HPDF_Font_GetFontName(fr), HPDF_Font_GetFontName(fo));
	}
	CHECK(nerr == 0, "%s: %d libharu errors", face, nerr);
	HPDF_Free(po);
	HPDF_Free(pr);
}

/* Where the instructions of simple glyph g (n bytes) start: past its contour ends and their
 * length field. */
static size_t instructions_at(const uint8_t *g)
{
	return 10 + 2 * (size_t)g16(g) + 2;
}

/* Whether simple glyph gr (nr bytes, padded) is simple glyph go (no bytes) without its
 * instructions: the same header and contour ends, no instructions, the same flags and
 * coordinates. */
static bool same_outline(const uint8_t *go, size_t no, const uint8_t *gr, size_t nr)
{
	size_t at = instructions_at(go), il = g16(go + at - 2), rest = no - at - il;
	return nr >= at + rest && nr - (at + rest) < 4 && memcmp(go, gr, at - 2) == 0 &&
	       g16(gr + at - 2) == 0 && memcmp(go + at + il, gr + at, rest) == 0;
}

/* A simple glyph is copied without its instructions (the rest byte for byte); a composite
 * glyph keeps its components, the copies of the original's (here Ё = Е + dieresis,
 * й = и + breve), and loses its own instructions. */
static void check_outlines(const uint8_t *orig, const struct ttf *fo, const uint8_t *red,
			   size_t nred, const char *face)
{
	struct ttf *fr;
	char err[256];
	if (ttf_load_mem(red, nred, "reduced", &fr, err, sizeof err) != 0)
		return;
	const unsigned cps[] = {'A', 'g', 0x0416, 0x2116, 0x0401, 0x0439};
	for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		size_t no, nr;
		const uint8_t *go = glyph_bytes(orig, ttf_glyph(fo, cps[i]), &no);
		const uint8_t *gr = glyph_bytes(red, ttf_glyph(fr, cps[i]), &nr);
		CHECK(no >= 10 && nr >= 10, "%s U+%04X: %zu bytes from %zu", face, cps[i], nr, no);
		if (no < 10 || nr < 10)
			continue;
		if (!(g16(go) & 0x8000)) {
			CHECK(g16(go + instructions_at(go) - 2) > 0,
			      "%s U+%04X: the original has no instructions", face, cps[i]);
			CHECK(same_outline(go, no, gr, nr), "%s U+%04X: outline changed", face, cps[i]);
			continue;
		}
		/* composite: the same components, their indices naming equal glyphs */
		size_t pos = 10;
		unsigned flags, ncomp = 0;
		do {
			flags = g16(go + pos);
			size_t a, b;
			const uint8_t *co = glyph_bytes(orig, g16(go + pos + 2), &a);
			const uint8_t *cr = glyph_bytes(red, g16(gr + pos + 2), &b);
			CHECK(a >= 10 && !(g16(co) & 0x8000) && same_outline(co, a, cr, b),
			      "%s U+%04X: component %u differs", face, cps[i], ncomp);
			CHECK(g16(gr + pos) == (flags & ~0x0100u), "%s U+%04X: flags %04X from %04X",
			      face, cps[i], g16(gr + pos), flags);
			pos += 4 + (flags & 1 ? 4 : 2) +
			       (flags & 8 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0);
			CHECK(memcmp(go + pos - 2, gr + pos - 2, 2) == 0, "%s U+%04X: placement differs",
			      face, cps[i]);
			ncomp++;
		} while ((flags & 0x20) && pos + 4 <= no);
		CHECK(ncomp >= 2, "%s U+%04X: %u components", face, cps[i], ncomp);
		CHECK(nr >= pos && nr - pos < 4, "%s U+%04X: %zu bytes after the components", face,
		      cps[i], nr - pos);
	}
	ttf_free(fr);
}

/* No hinting is left: cvt, fpgm and prep are empty, maxp asks for no room to run
 * instructions, and no glyph carries any. */
static void check_no_hinting(const uint8_t *red, const char *face)
{
	const char *tags[] = {"cvt ", "fpgm", "prep"};
	uint32_t len;
	for (size_t i = 0; i < 3; i++)
		CHECK(find(red, tags[i], &len) && len == 0, "%s: '%s' has %u bytes", face, tags[i],
		      (unsigned)len);
	const uint8_t *maxp = find(red, "maxp", &len);
	for (size_t at = 16; at < 28; at += 2)
		CHECK(g16(maxp + at) == 0, "%s: maxp field at %zu is %u", face, at, g16(maxp + at));
	unsigned ng = g16(maxp + 4), with = 0;
	for (unsigned gid = 0; gid < ng; gid++) {
		size_t n;
		const uint8_t *g = glyph_bytes(red, gid, &n);
		if (n == 0)
			continue;
		if (!(g16(g) & 0x8000)) {
			with += g16(g + instructions_at(g) - 2) != 0;
			continue;
		}
		size_t pos = 10;
		unsigned flags;
		do {
			flags = g16(g + pos);
			with += (flags & 0x0100) != 0;
			pos += 4 + (flags & 1 ? 4 : 2) +
			       (flags & 8 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0);
		} while ((flags & 0x20) && pos + 4 <= n);
	}
	CHECK(with == 0, "%s: %u glyphs keep instructions", face, with);
}

/* The string of name id on (platform, encoding, English), or NULL; its length in *n. */
static const uint8_t *name_string(const uint8_t *font, unsigned pid, unsigned eid, unsigned id,
				  size_t *n)
{
	uint32_t len;
	const uint8_t *name = find(font, "name", &len);
	for (unsigned i = 0; i < g16(name + 2); i++) {
		const uint8_t *r = name + 6 + 12 * i;
		if (g16(r) == pid && g16(r + 2) == eid && g16(r + 6) == id &&
		    g16(r + 4) == (pid == 3 ? 0x409 : 0)) {
			*n = g16(r + 8);
			return name + g16(name + 4) + g16(r + 10);
		}
	}
	return NULL;
}

/* The name table keeps the naming, the copyright and the license (Windows records, as the
 * original's), and neither the long descriptions nor the Macintosh copies. */
static void check_names(const uint8_t *orig, const uint8_t *red, const char *face)
{
	uint32_t len;
	const uint8_t *name = find(red, "name", &len);
	CHECK(len < 1024, "%s: name has %u bytes", face, (unsigned)len);
	const unsigned kept[] = {0, 1, 2, 3, 4, 5, 6, 13, 14}, dropped[] = {7, 8, 9, 10, 11, 12};
	for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
		size_t no = 0, nr = 0;
		const uint8_t *so = name_string(orig, 3, 1, kept[i], &no);
		const uint8_t *sr = name_string(red, 3, 1, kept[i], &nr);
		CHECK(so && sr && no == nr && memcmp(so, sr, no) == 0, "%s: name id %u differs",
		      face, kept[i]);
	}
	for (size_t i = 0; i < sizeof dropped / sizeof dropped[0]; i++) {
		size_t n;
		CHECK(!name_string(red, 3, 1, dropped[i], &n), "%s: name id %u kept", face,
		      dropped[i]);
	}
	for (unsigned i = 0; i < g16(name + 2); i++)
		CHECK(g16(name + 6 + 12 * i) == 3, "%s: record %u on platform %u", face, i,
		      g16(name + 6 + 12 * i));
}

static void test_faces(void)
{
	for (int face = 0; face < FONT_NMAIN; face++) {
		size_t n, nred;
		uint8_t *data = slurp(FACES[face], &n), *red;
		char err[256];
		struct ttf *orig;
		CHECK(ttf_load_mem(data, n, FACES[face], &orig, err, sizeof err) == 0, "%s", err);
		int rc = subset_ttf(data, n, cp1251_has, &red, &nred, err, sizeof err);
		CHECK(rc == 0, "%s: %s", FACES[face], err);
		if (rc == 0 && orig) {
			CHECK(nred < n / 5, "%s: %zu bytes from %zu", FACES[face], nred, n);
			check_form(red, nred, FACES[face]);
			char *path = xasprintf("%s/face%d.ttf", tmpdir, face);
			spit(path, red, nred);
			check_widths(orig, red, nred, FACES[face], path, FACES[face]);
			check_outlines(data, orig, red, nred, FACES[face]);
			check_no_hinting(red, FACES[face]);
			check_names(data, red, FACES[face]);
			remove(path);
			free(path);
			free(red);
		}
		ttf_free(orig);
		free(data);
	}
}

/* A set that keeps nothing gives glyph 0 alone; Latin alone, fewer glyphs than CP1251. */
static void test_small_sets(void)
{
	size_t n, nred;
	uint8_t *data = slurp(FACES[0], &n), *red;
	char err[256];
	CHECK(subset_ttf(data, n, keep_none, &red, &nred, err, sizeof err) == 0, "%s", err);
	uint32_t len;
	CHECK(red && g16(find(red, "maxp", &len) + 4) == 1, "keep nothing: not glyph 0 alone");
	struct ttf *f = NULL;
	CHECK(red && ttf_load_mem(red, nred, "none", &f, err, sizeof err) == 0, "%s", err);
	CHECK(f && ttf_glyph(f, 'A') == 0, "keep nothing: A kept");
	ttf_free(f);
	free(red);
	CHECK(subset_ttf(data, n, keep_latin, &red, &nred, err, sizeof err) == 0, "%s", err);
	CHECK(red && g16(find(red, "maxp", &len) + 4) == 96, "Latin: %u glyphs",
	      red ? g16(find(red, "maxp", &len) + 4) : 0);
	CHECK(red && g16(find(red, "cmap", &len) + 18) / 2 == 2, "Latin: %u segments, not 2",
	      red ? g16(find(red, "cmap", &len) + 18) / 2 : 0);
	free(red);
	free(data);
}

/* A font without the Windows PostScript name keeps its Macintosh records, where libharu
 * then finds the name. */
static void test_name_fallback(void)
{
	size_t n, nred;
	uint8_t *data = slurp(FACES[0], &n), *red;
	uint32_t len;
	uint8_t *name = (uint8_t *)find(data, "name", &len);
	for (unsigned i = 0; i < g16(name + 2); i++) {
		uint8_t *r = name + 6 + 12 * i;
		if (g16(r) == 3 && g16(r + 6) == 6)
			r[7] = 16; /* the PostScript name becomes a typographic family name */
	}
	char err[256];
	CHECK(subset_ttf(data, n, cp1251_has, &red, &nred, err, sizeof err) == 0, "%s", err);
	size_t k;
	const uint8_t *ps = red ? name_string(red, 1, 0, 6, &k) : NULL;
	CHECK(ps && k == 15 && memcmp(ps, "LiberationSerif", 15) == 0,
	      "no Macintosh PostScript name kept");
	CHECK(red && name_string(red, 3, 1, 13, &k), "the Windows license dropped");
	char *path = xasprintf("%s/fallback.ttf", tmpdir);
	if (red)
		spit(path, red, nred);
	int nerr = 0;
	HPDF_Doc pdf = HPDF_New(hpdf_error, &nerr);
	HPDF_Font f = hpdf_font(pdf, path);
	CHECK(f && strcmp(HPDF_Font_GetFontName(f), "LiberationSerif") == 0 && nerr == 0,
	      "libharu: %s", f ? HPDF_Font_GetFontName(f) : "no font");
	HPDF_Free(pdf);
	remove(path);
	free(path);
	free(red);
	free(data);
}

/* ---- damaged sources ---- */

static uint32_t rnd_state = 12345;

static uint32_t rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return rnd_state >> 8;
}

static void set_table_word(uint8_t *font, const char *tag, size_t at, unsigned v)
{
	uint32_t len;
	uint8_t *t = (uint8_t *)find(font, tag, &len);
	t[at] = (uint8_t)(v >> 8);
	t[at + 1] = (uint8_t)v;
}

static void expect_failure(const uint8_t *data, size_t n, const char *what, const char *msg)
{
	uint8_t *out = (uint8_t *)"x";
	size_t nout = 1;
	char err[256];
	int rc = subset_ttf(data, n, cp1251_has, &out, &nout, err, sizeof err);
	CHECK(rc == -1 && out == NULL && nout == 0, "%s: accepted", what);
	CHECK(strstr(err, msg) != NULL, "%s: message [%s] lacks [%s]", what, err, msg);
	if (rc == 0)
		free(out);
}

static void test_damaged(void)
{
	size_t n;
	uint8_t *data = slurp(FACES[0], &n), *copy = xmalloc(n);
	expect_failure(data, 11, "11 bytes", "too short");
	expect_failure((const uint8_t *)"OTTO\0\0\0\0\0\0\0\0", 12, "CFF", "bad signature");
	expect_failure(data, 300, "cut in the directory", "directory is truncated");
	expect_failure(data, 2000, "cut in the tables", "outside the file");

	struct ttf *f;
	char err[256];
	ttf_load_mem(data, n, "orig", &f, err, sizeof err);
	uint32_t len;
	memcpy(copy, data, n); /* the end of A's glyph past glyf's end (long loca) */
	uint8_t *loca = (uint8_t *)find(copy, "loca", &len);
	CHECK(g16(find(copy, "head", &len) + 50) == 1, "the test expects a long loca");
	loca[4 * (ttf_glyph(f, 'A') + 1)] = 0x7F;
	expect_failure(copy, n, "loca beyond glyf", "outside the 'glyf' table");

	memcpy(copy, data, n); /* numberOfHMetrics above numGlyphs */
	set_table_word(copy, "hhea", 34, 60000);
	expect_failure(copy, n, "hmtx count", "bad glyph counts");

	memcpy(copy, data, n); /* more name records than the table holds */
	set_table_word(copy, "name", 2, 60000);
	expect_failure(copy, n, "name count", "bad 'name' table");

	memcpy(copy, data, n); /* Ё's first component points past the last glyph */
	size_t gn;
	uint8_t *g = (uint8_t *)glyph_bytes(copy, ttf_glyph(f, 0x0401), &gn);
	g[12] = 0xFF, g[13] = 0xF0;
	expect_failure(copy, n, "component index", "uses glyph 65520");
	ttf_free(f);

	/* random damage: never a crash (ASan watches), and what is accepted is well-formed
	 * enough to load */
	int accepted = 0;
	for (int round = 0; round < 150; round++) {
		memcpy(copy, data, n);
		size_t cut = round % 3 == 0 ? rnd() % n : n;
		int flips = 1 + (int)(rnd() % 20);
		for (int i = 0; i < flips; i++) {
			/* aim at the directory and small tables most of the time */
			size_t at = rnd() % 2 ? rnd() % 1024 : rnd() % n;
			copy[at] ^= (uint8_t)(1u << (rnd() % 8));
		}
		uint8_t *out;
		size_t nout;
		if (subset_ttf(copy, cut, cp1251_has, &out, &nout, err, sizeof err) == 0) {
			accepted++;
			CHECK(nout % 4 == 0 && sum32(out, nout) == 0xB1B0AFBAu,
			      "round %d: accepted output malformed", round);
			free(out);
		} else {
			CHECK(err[0] != '\0', "round %d: failure without a message", round);
		}
	}
	printf("random damage: %d of 150 accepted\n", accepted);
	free(copy);
	free(data);
}

/* ---- the fontset's folder of reduced copies ---- */

static void test_fontset(void)
{
	struct fontset fs;
	char err[512];
	setenv("TMPDIR", tmpdir, 1);
	CHECK(fontset_load(&fs, "fonts", err, sizeof err) == 0, "%s", err);
	CHECK_STR(fontset_pdf_path(&fs, FONT_BOLD), fs.path[FONT_BOLD]);
	CHECK(fontset_make_reduced(&fs, cp1251_has, err, sizeof err) == 0, "%s", err);
	if (!fs.reduced_dir) {
		fontset_free(&fs);
		return;
	}
	char *dir = xstrdup(fs.reduced_dir);
	struct stat st;
	CHECK(strncmp(dir, tmpdir, strlen(tmpdir)) == 0, "folder %s not under TMPDIR", dir);
	CHECK(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700, "folder mode %o",
	      (unsigned)(st.st_mode & 0777));
	for (int face = 0; face < FONT_NMAIN; face++) {
		const char *p = fontset_pdf_path(&fs, face);
		CHECK(strncmp(p, dir, strlen(dir)) == 0, "face %d embeds %s", face, p);
		CHECK(stat(p, &st) == 0 && st.st_size > 10000 && st.st_size < 80000,
		      "face %d: %s, %lld bytes", face, p, (long long)st.st_size);
	}
	CHECK(fontset_make_reduced(&fs, cp1251_has, err, sizeof err) == 0, "second call");
	CHECK_STR(fs.reduced_dir, dir);

	pid_t pid = fork(); /* a worker frees its copy: the folder stays */
	if (pid == 0) {
		fontset_free(&fs);
		_exit(0);
	}
	int status = 1;
	waitpid(pid, &status, 0);
	CHECK(status == 0 && stat(dir, &st) == 0, "a worker removed the folder");
	fontset_free(&fs);
	CHECK(stat(dir, &st) != 0 && errno == ENOENT, "the folder %s outlived the run", dir);
	free(dir);

	setenv("TMPDIR", "/nonexistent/patronat-test", 1); /* failure leaves the originals */
	CHECK(fontset_load(&fs, "fonts", err, sizeof err) == 0, "%s", err);
	CHECK(fontset_make_reduced(&fs, cp1251_has, err, sizeof err) == -1, "made in nowhere");
	CHECK(strstr(err, "cannot make a temporary folder in /nonexistent/patronat-test") != NULL,
	      "message [%s]", err);
	CHECK_STR(fontset_pdf_path(&fs, FONT_REGULAR), fs.path[FONT_REGULAR]);
	fontset_free(&fs);
	unsetenv("TMPDIR");
}

/* Makes folder dir/name holding a copy's file, its time hours_ago in the past. */
static char *fake_folder(const char *name, int hours_ago)
{
	char *dir = xasprintf("%s/%s", tmpdir, name), *file = xasprintf("%s/bold.ttf", dir);
	mkdir(dir, 0700);
	spit(file, "x", 1);
	struct timespec t[2] = {{time(NULL) - hours_ago * 3600, 0}, {time(NULL) - hours_ago * 3600, 0}};
	utimensat(AT_FDCWD, dir, t, 0);
	free(file);
	return dir;
}

/* A killed run's folder (its process gone, older than an hour) is removed by the next run;
 * a recent one, or one whose process lives, stays. */
static void test_stale_folders(void)
{
	pid_t dead = fork();
	if (dead == 0)
		_exit(0);
	waitpid(dead, NULL, 0);
	char name[64];
	snprintf(name, sizeof name, "patronat-fonts-%ld-AbC123", (long)dead);
	char *old_dead = fake_folder(name, 2);
	snprintf(name, sizeof name, "patronat-fonts-%ld-DeF456", (long)dead);
	char *new_dead = fake_folder(name, 0);
	snprintf(name, sizeof name, "patronat-fonts-%ld-GhI789", (long)getppid());
	char *old_live = fake_folder(name, 2);
	char *other = fake_folder("patronat-fonts-1x-AbC123", 2);

	struct fontset fs;
	char err[512];
	setenv("TMPDIR", tmpdir, 1);
	CHECK(fontset_load(&fs, "fonts", err, sizeof err) == 0, "%s", err);
	CHECK(fontset_make_reduced(&fs, cp1251_has, err, sizeof err) == 0, "%s", err);
	char *mine = xasprintf("%s/patronat-fonts-%ld-", tmpdir, (long)getpid());
	CHECK(fs.reduced_dir && strncmp(fs.reduced_dir, mine, strlen(mine)) == 0,
	      "folder %s not named with the pid", fs.reduced_dir ? fs.reduced_dir : "(none)");
	fontset_free(&fs);
	unsetenv("TMPDIR");
	struct stat st;
	CHECK(stat(old_dead, &st) != 0, "a killed run's folder stayed");
	CHECK(stat(new_dead, &st) == 0, "a recent folder was removed");
	CHECK(stat(old_live, &st) == 0, "a living run's folder was removed");
	CHECK(stat(other, &st) == 0, "a folder of another name was removed");
	char *dirs[] = {old_dead, new_dead, old_live, other};
	for (size_t i = 0; i < 4; i++) {
		char *file = xasprintf("%s/bold.ttf", dirs[i]);
		remove(file);
		rmdir(dirs[i]);
		free(file);
		free(dirs[i]);
	}
	free(mine);
}

int main(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/patronat-test-subset-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		printf("cannot make a temporary folder\n");
		return 2;
	}
	test_faces();
	test_small_sets();
	test_name_fallback();
	test_damaged();
	test_fontset();
	test_stale_folders();
	CHECK(rmdir(tmpdir) == 0, "%s not left empty", tmpdir);
	return DONE("subset");
}
