/* test_ttf: SHA-256 vectors, TrueType widths against libharu's own, damaged fonts, fontset.
 * Invariants: run from the repository root (it reads fonts/fonts.list); every temporary
 * file lives in one mkdtemp directory removed at the end; the last line is
 * "ttf: N passed, N failed" and the exit status is non-zero when anything failed. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <hpdf.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "font/fontset.h"
#include "font/ttf.h"
#include "util/sha256.h"
#include "util/xalloc.h"

#define FONTDIR "/usr/share/fonts/truetype/liberation2"

static int passed, failed;

/* Counts one check; on failure prints "FAIL file:line: " and the formatted detail. */
static void check(int ok, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void check(int ok, const char *file, int line, const char *fmt, ...)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL %s:%d: ", file, line);
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

#define CHECK(cond, ...) check((cond) != 0, __FILE__, __LINE__, __VA_ARGS__)
#define CHECK_INT(a, b)                                                          \
	do {                                                                     \
		long long a_ = (a), b_ = (b);                                    \
		CHECK(a_ == b_, "%s is %lld, expected %lld", #a, a_, b_);         \
	} while (0)
#define CHECK_STR(a, b)                                                          \
	do {                                                                     \
		const char *sa_ = (a), *sb_ = (b);                               \
		CHECK(sa_ && strcmp(sa_, sb_) == 0, "%s is \"%s\", expected \"%s\"", #a, \
		      sa_ ? sa_ : "(null)", sb_);                                \
	} while (0)
#define CHECK_HAS(a, needle)                                                     \
	do {                                                                     \
		const char *ha_ = (a), *hn_ = (needle);                          \
		CHECK(strstr(ha_, hn_) != NULL, "%s is \"%s\", lacks \"%s\"", #a, ha_, hn_); \
	} while (0)

static const char *const FACES[FONT_NMAIN] = {
	"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
	"LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf",
};

static char tmpdir[64];

/* ---- files ---- */

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

static char *tmp_path(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

/* ---- SHA-256 ---- */

static char *digest_hex(const void *data, size_t n, size_t chunk)
{
	static char hex[65];
	struct sha256 ctx;
	uint8_t d[32];
	const uint8_t *p = data;
	sha256_init(&ctx);
	while (n) {
		size_t k = chunk < n ? chunk : n;
		sha256_update(&ctx, p, k);
		p += k;
		n -= k;
	}
	sha256_final(&ctx, d);
	sha256_hex(d, hex);
	return hex;
}

static void test_sha256(void)
{
	static const struct {
		const char *msg, *hex;
	} V[] = {
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
		{"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
		 "klmnopqrlmnopqrsmnopqrstnopqrstu",
		 "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
	};
	for (size_t i = 0; i < sizeof V / sizeof V[0]; i++) {
		size_t n = strlen(V[i].msg);
		CHECK_STR(digest_hex(V[i].msg, n, n ? n : 1), V[i].hex);
		CHECK_STR(digest_hex(V[i].msg, n, 1), V[i].hex);   /* byte by byte */
		CHECK_STR(digest_hex(V[i].msg, n, 7), V[i].hex);   /* odd chunks */
	}

	size_t million = 1000000;
	char *a = xmalloc(million);
	memset(a, 'a', million);
	const char *want = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
	CHECK_STR(digest_hex(a, million, million), want);
	CHECK_STR(digest_hex(a, million, 1000), want);
	CHECK_STR(digest_hex(a, million, 63), want);

	/* a file whose length is no multiple of 64, and the fonts, against sha256sum */
	char *path = tmp_path("sha.bin");
	spit(path, a, 100003);
	free(a);
	const char *files[] = {path, FONTDIR "/LiberationSerif-Regular.ttf",
			       FONTDIR "/LiberationSerif-BoldItalic.ttf"};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char hex[65], cmd[512], sum[65] = "";
		CHECK_INT(sha256_file(files[i], hex), 0);
		snprintf(cmd, sizeof cmd, "sha256sum '%s'", files[i]);
		FILE *p = popen(cmd, "r");
		CHECK(p && fscanf(p, "%64s", sum) == 1, "cannot run %s", cmd);
		if (p)
			pclose(p);
		CHECK_STR(hex, sum);
	}
	remove(path);
	free(path);

	char hex[65] = "junk";
	errno = 0;
	CHECK_INT(sha256_file("/nonexistent/patronat-test", hex), -1);
	CHECK_INT(errno, ENOENT);
	CHECK_STR(hex, "");
}

/* ---- widths against libharu ---- */

static void hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
	int *n = user;
	(*n)++;
	printf("libharu error 0x%04X (detail %u)\n", (unsigned)error_no, (unsigned)detail_no);
}

/* Compares ttf_width with libharu for every byte 0x20..0xFF that iconv maps to Unicode in
 * encoding enc (iconv's name) / henc (libharu's). Returns how many bytes were compared. */
static int compare_encoding(struct ttf *f, HPDF_Doc pdf, const char *font_name,
			    const char *enc, const char *henc, const char *face)
{
	HPDF_Font font = HPDF_GetFont(pdf, font_name, henc);
	CHECK(font != NULL, "%s: libharu cannot give %s in %s", face, font_name, henc);
	if (!font)
		return 0;
	iconv_t cd = iconv_open("UTF-32LE", enc);
	CHECK(cd != (iconv_t)-1, "iconv cannot convert from %s", enc);
	if (cd == (iconv_t)-1)
		return 0;
	int compared = 0;
	for (unsigned b = 0x20; b <= 0xFF; b++) {
		char in = (char)b, out[8];
		char *pin = &in, *pout = out;
		size_t nin = 1, nout = sizeof out;
		iconv(cd, NULL, NULL, NULL, NULL);
		if (iconv(cd, &pin, &nin, &pout, &nout) == (size_t)-1 || nout != 4)
			continue; /* not in the repertoire, e.g. 0x98 of CP1251 */
		unsigned cp = (unsigned)(uint8_t)out[0] | (unsigned)(uint8_t)out[1] << 8 |
			      (unsigned)(uint8_t)out[2] << 16 | (unsigned)(uint8_t)out[3] << 24;
		HPDF_BYTE byte = (HPDF_BYTE)b;
		long want = (long)HPDF_Font_TextWidth(font, &byte, 1).width;
		long got = ttf_width(f, cp);
		CHECK(got == want, "%s %s byte 0x%02X U+%04X: ttf_width %ld, libharu %ld", face, enc,
		      b, cp, got, want);
		compared++;
	}
	iconv_close(cd);
	return compared;
}

static void test_widths(void)
{
	int nerr = 0;
	HPDF_Doc pdf = HPDF_New(hpdf_error, &nerr);
	CHECK(pdf != NULL, "HPDF_New failed");
	if (!pdf)
		return;
	for (int face = 0; face < FONT_NMAIN; face++) {
		char *path = xasprintf("%s/%s", FONTDIR, FACES[face]);
		char err[256];
		struct ttf *f;
		int rc = ttf_load(path, &f, err, sizeof err);
		CHECK(rc == 0, "ttf_load %s: %s", path, err);
		const char *name = HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE);
		CHECK(name != NULL, "libharu cannot load %s", path);
		if (rc == 0 && name) {
			CHECK_INT(compare_encoding(f, pdf, name, "CP1251", "CP1251", FACES[face]), 223);
			compare_encoding(f, pdf, name, "KOI8-R", "KOI8-R", FACES[face]);
			compare_encoding(f, pdf, name, "CP1252", "CP1252", FACES[face]);
			compare_encoding(f, pdf, name, "ISO-8859-5", "ISO8859-5", FACES[face]);

			HPDF_Font font = HPDF_GetFont(pdf, name, "CP1251");
			struct ttf_metrics m;
			ttf_get_metrics(f, &m);
			CHECK_INT(m.ascent, HPDF_Font_GetAscent(font));
			CHECK_INT(m.descent, HPDF_Font_GetDescent(font));
			CHECK_INT(ttf_units_per_em(f), 2048);
			CHECK_STR(ttf_family(f), "Liberation Serif");
			CHECK(m.cap_height > 600 && m.cap_height < 700, "%s cap height %d", FACES[face],
			      m.cap_height);
			CHECK(m.x_height > 400 && m.x_height < 500, "%s x height %d", FACES[face],
			      m.x_height);
			CHECK(m.underline_pos < 0 && m.underline_pos > -200, "%s underline position %d",
			      FACES[face], m.underline_pos);
			CHECK(m.underline_thickness > 30 && m.underline_thickness < 120,
			      "%s underline thickness %d", FACES[face], m.underline_thickness);
			/* a code point the font lacks measures as glyph 0, as in libharu */
			CHECK_INT(ttf_glyph(f, 0xE000), 0);
			CHECK_INT(ttf_width(f, 0xE000), ttf_width(f, 0));
			CHECK_INT(ttf_width(f, 0x10FFFF), ttf_width(f, 0));
			CHECK_INT(ttf_width(f, 0xFFFFFFFFu), ttf_width(f, 0));
		}
		if (face == FONT_REGULAR && rc == 0) {
			/* Times metrics, which Liberation Serif reproduces */
			CHECK_INT(ttf_width(f, ' '), 250);
			CHECK_INT(ttf_width(f, 'A'), 722);
			CHECK_INT(ttf_width(f, 0x0410), 722); /* А */
			CHECK_INT(ttf_width(f, 0x2014), 1000); /* — */
			CHECK(ttf_glyph(f, 'A') != 0, "no glyph for A");
		}
		ttf_free(f);
		free(path);
	}
	CHECK_INT(nerr, 0);
	HPDF_Free(pdf);
}

/* ---- a synthetic font: exercises idRangeOffset, format 12, short hmtx, unitsPerEm ---- */

static int load_anything(const uint8_t *data, size_t n, const char *what);
static uint32_t rnd(void);

struct out {
	uint8_t b[4096];
	size_t n;
};

static void p16(struct out *o, unsigned v)
{
	o->b[o->n++] = (uint8_t)(v >> 8);
	o->b[o->n++] = (uint8_t)v;
}

static void p32(struct out *o, uint32_t v)
{
	p16(o, v >> 16);
	p16(o, v & 0xFFFF);
}

static void pad(struct out *o, size_t upto)
{
	while (o->n < upto)
		o->b[o->n++] = 0;
}

/* Builds a font with 5 glyphs, unitsPerEm 2048, advances 500 1024 2047 (2047 2047).
 * with4: a (3,1) format 4 cmap: A->1 B->2 (delta), U+0430->3 U+0431->none (idRangeOffset),
 * U+0500->200 (beyond the glyphs); always a (3,10) format 12 cmap: U+0041->3,
 * U+1F600->4, U+1F601->5 (beyond). */
static size_t build_font(uint8_t *dst, int with4)
{
	struct out t[8];
	const char *tags[8] = {"OS/2", "cmap", "head", "hhea", "hmtx", "maxp", "name", "post"};
	memset(t, 0, sizeof t);

	struct out *o = &t[0]; /* OS/2 version 4 */
	p16(o, 4);
	pad(o, 68);
	p16(o, 1600);
	p16(o, (unsigned)-400 & 0xFFFF);
	pad(o, 86);
	p16(o, 1000);
	p16(o, 1400);
	pad(o, 96);

	o = &t[1]; /* cmap */
	p16(o, 0);
	p16(o, with4 ? 2 : 1);
	size_t dir = o->n;
	pad(o, dir + 8 * (with4 ? 2 : 1));
	if (with4) {
		size_t at = o->n;
		o->n = dir;
		p16(o, 3), p16(o, 1), p32(o, (uint32_t)at);
		o->n = at;
		unsigned start[] = {0x41, 0x430, 0x500, 0xFFFF}, end[] = {0x42, 0x431, 0x500, 0xFFFF};
		unsigned delta[] = {(1 - 0x41) & 0xFFFF, 0, (200 - 0x500) & 0xFFFF, 1};
		unsigned ro[] = {0, 6, 0, 0}; /* seg 1: &ro[1] + 6 bytes = glyphIdArray[0] */
		p16(o, 4), p16(o, 16 + 8 * 4 + 4), p16(o, 0);
		p16(o, 8), p16(o, 8), p16(o, 2), p16(o, 0);
		for (int i = 0; i < 4; i++)
			p16(o, end[i]);
		p16(o, 0);
		for (int i = 0; i < 4; i++)
			p16(o, start[i]);
		for (int i = 0; i < 4; i++)
			p16(o, delta[i]);
		for (int i = 0; i < 4; i++)
			p16(o, ro[i]);
		p16(o, 3), p16(o, 0); /* glyphIdArray */
		dir += 8;
	}
	size_t at = o->n;
	o->n = dir;
	p16(o, 3), p16(o, 10), p32(o, (uint32_t)at);
	o->n = at;
	p16(o, 12), p16(o, 0), p32(o, 16 + 12 * 2), p32(o, 0), p32(o, 2);
	p32(o, 0x1F600), p32(o, 0x1F601), p32(o, 4); /* given out of order: sorted at load */
	p32(o, 0x41), p32(o, 0x41), p32(o, 3);

	o = &t[2]; /* head */
	p32(o, 0x00010000), p32(o, 0), p32(o, 0), p32(o, 0x5F0F3CF5), p16(o, 0);
	p16(o, 2048);
	pad(o, 54);

	o = &t[3]; /* hhea */
	p32(o, 0x00010000);
	p16(o, 1800);
	p16(o, (unsigned)-500 & 0xFFFF);
	pad(o, 34);
	p16(o, 3);

	o = &t[4]; /* hmtx: 3 long metrics, then 2 lsb */
	p16(o, 500), p16(o, 0), p16(o, 1024), p16(o, 0), p16(o, 2047), p16(o, 0);
	p16(o, 0), p16(o, 0);

	o = &t[5]; /* maxp 0.5 */
	p32(o, 0x00005000), p16(o, 5);

	o = &t[6]; /* name: family "Тест" as UTF-16BE, and a Macintosh record */
	p16(o, 0), p16(o, 2), p16(o, 6 + 24);
	p16(o, 1), p16(o, 0), p16(o, 0), p16(o, 1), p16(o, 4), p16(o, 8);
	p16(o, 3), p16(o, 1), p16(o, 0x409), p16(o, 1), p16(o, 8), p16(o, 0);
	p16(o, 0x0422), p16(o, 0x0435), p16(o, 0x0441), p16(o, 0x0442);
	o->b[o->n++] = 'M', o->b[o->n++] = 'a', o->b[o->n++] = 'c', o->b[o->n++] = '!';

	o = &t[7]; /* post */
	p32(o, 0x00030000), p32(o, 0);
	p16(o, (unsigned)-200 & 0xFFFF);
	p16(o, 100);
	pad(o, 32);

	size_t n = 12 + 16 * 8;
	uint8_t *p = dst;
	memset(p, 0, n);
	p[1] = 1, p[5] = 8;
	for (int i = 0; i < 8; i++) {
		uint8_t *e = p + 12 + 16 * i;
		memcpy(e, tags[i], 4);
		e[8] = (uint8_t)(n >> 24), e[9] = (uint8_t)(n >> 16), e[10] = (uint8_t)(n >> 8);
		e[11] = (uint8_t)n;
		e[14] = (uint8_t)(t[i].n >> 8), e[15] = (uint8_t)t[i].n;
		memcpy(p + n, t[i].b, t[i].n);
		n += (t[i].n + 3) & ~(size_t)3;
	}
	return n;
}

static void test_synthetic(void)
{
	uint8_t *data = xcalloc(1, 12 * 4096);
	char err[256];
	struct ttf *f;

	size_t n = build_font(data, 1);
	int rc = ttf_load_mem(data, n, "synthetic", &f, err, sizeof err);
	CHECK(rc == 0, "synthetic font: %s", err);
	if (rc == 0) {
		CHECK_INT(ttf_units_per_em(f), 2048);
		CHECK_INT(ttf_glyph(f, 'A'), 1);
		CHECK_INT(ttf_glyph(f, 'B'), 2);
		CHECK_INT(ttf_glyph(f, 'C'), 0);
		CHECK_INT(ttf_glyph(f, 0x430), 3);
		CHECK_INT(ttf_glyph(f, 0x431), 0);
		CHECK_INT(ttf_glyph(f, 0x500), 0);     /* glyph 200 does not exist */
		CHECK_INT(ttf_glyph(f, 0x1F600), 4);
		CHECK_INT(ttf_glyph(f, 0x1F601), 0);   /* glyph 5 does not exist */
		CHECK_INT(ttf_glyph(f, 0x1F602), 0);
		CHECK_INT(ttf_width(f, 0), 244);       /* 500 * 1000 / 2048 = 244.1 */
		CHECK_INT(ttf_width(f, 'A'), 500);     /* 1024 */
		CHECK_INT(ttf_width(f, 'B'), 999);     /* 2047 -> 999.5, truncated */
		CHECK_INT(ttf_width(f, 0x430), 999);   /* glyph 3: past numberOfHMetrics */
		CHECK_INT(ttf_width(f, 0x431), 244);
		CHECK_INT(ttf_width(f, 0x1F600), 999);
		CHECK_INT(ttf_width(f, 0x1F601), 244);
		struct ttf_metrics m;
		ttf_get_metrics(f, &m);
		CHECK_INT(m.ascent, 878);              /* 1800 -> 878.9 */
		CHECK_INT(m.descent, -244);            /* -500 -> -244.1 */
		CHECK_INT(m.cap_height, 683);
		CHECK_INT(m.x_height, 488);
		CHECK_INT(m.underline_pos, -97);
		CHECK_INT(m.underline_thickness, 48);
		CHECK_STR(ttf_family(f), "Тест");
		ttf_free(f);
	}

	memset(data, 0, 12 * 4096);
	n = build_font(data, 0); /* format 12 only: it decides the BMP too */
	rc = ttf_load_mem(data, n, "synthetic12", &f, err, sizeof err);
	CHECK(rc == 0, "synthetic font without format 4: %s", err);
	if (rc == 0) {
		CHECK_INT(ttf_glyph(f, 'A'), 3);
		CHECK_INT(ttf_glyph(f, 'B'), 0);
		CHECK_INT(ttf_glyph(f, 0x1F600), 4);
		CHECK_INT(ttf_width(f, 'A'), 999);
		ttf_free(f);
	}

	/* every truncation and random damage of the small font, which is all parsed tables */
	n = build_font(data, 1);
	uint8_t *copy = xmalloc(n);
	int bad = 0;
	for (size_t len = 0; len <= n; len++)
		bad += !load_anything(data, len, "synthetic truncated");
	for (int round = 0; round < 1500; round++) {
		memcpy(copy, data, n);
		for (int k = 1 + (int)(rnd() % 4); k > 0; k--)
			copy[rnd() % n] = (uint8_t)rnd();
		bad += !load_anything(copy, n, "synthetic mutated");
	}
	CHECK_INT(bad, 0);
	free(copy);
	free(data);
}

/* ---- damaged fonts ---- */

static uint32_t rng = 12345;

static uint32_t rnd(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 8;
}

/* Expects ttf_load of path to fail with a message containing want. */
static void expect_bad_file(const char *path, const char *want)
{
	char err[256] = "";
	struct ttf *f = (struct ttf *)&rng; /* must be reset to NULL */
	CHECK_INT(ttf_load(path, &f, err, sizeof err), -1);
	CHECK(f == NULL, "%s: *out not NULL on failure", path);
	CHECK_HAS(err, path);
	CHECK_HAS(err, want);
}

/* Loads n bytes that may or may not be a font and uses the result. Returns 1 when it is
 * coherent (a font, or -1 with a message and no font), 0 otherwise; a crash or an
 * out-of-bounds read is the sanitizers' to report. */
static int load_anything(const uint8_t *data, size_t n, const char *what)
{
	char err[128] = "";
	struct ttf *f;
	int rc = ttf_load_mem(data, n, what, &f, err, sizeof err);
	if (rc == 0) {
		long sum = 0;
		struct ttf_metrics m;
		for (unsigned cp = 0; cp < 0x10000; cp += 7)
			sum += ttf_width(f, cp) + (long)ttf_glyph(f, cp);
		sum += ttf_width(f, 0x1F600) + ttf_width(f, 0x10FFFF) + ttf_width(f, 0x7FFFFFFF);
		ttf_get_metrics(f, &m);
		sum += (long)strlen(ttf_family(f)) + m.ascent;
		volatile long sink = sum;
		(void)sink;
		ttf_free(f);
		return 1;
	}
	if (err[0] != '\0' && f == NULL)
		return 1;
	printf("%s (%zu bytes): failure without a message or with a font\n", what, n);
	return 0;
}

static void test_damaged(void)
{
	char *path = tmp_path("damaged.ttf");
	size_t n;
	uint8_t *font = slurp(FONTDIR "/LiberationSerif-Regular.ttf", &n);

	expect_bad_file("/nonexistent/font.ttf", "no such file");
	expect_bad_file(tmpdir, "cannot read"); /* a directory */

	spit(path, "", 0);
	expect_bad_file(path, "too short");

	uint8_t junk[4096];
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (uint8_t)rnd();
	spit(path, junk, sizeof junk);
	expect_bad_file(path, "not a TrueType font");

	memcpy(junk, font, 12); /* a real header, then 19 table entries of noise */
	spit(path, junk, sizeof junk);
	expect_bad_file(path, "no 'head' table");

	memcpy(junk, font, 316); /* a real directory, then noise where head should be */
	spit(path, junk, sizeof junk);
	expect_bad_file(path, "wrong magic number");

	memcpy(junk, "OTTO", 4);
	spit(path, junk, sizeof junk);
	expect_bad_file(path, "CFF");

	spit(path, font, 1000);
	expect_bad_file(path, "outside the file");
	spit(path, font, n / 2);
	expect_bad_file(path, "outside the file");
	spit(path, font, 100);
	expect_bad_file(path, "table directory truncated");

	/* every truncation length near the parsed tables' edges, then random mutations */
	int bad = 0;
	for (size_t len = 0; len < 700; len++)
		bad += !load_anything(font, len, "truncated");
	for (size_t len = n - 60000; len < n; len += 997)
		bad += !load_anything(font, len, "truncated");

	uint8_t *copy = xmalloc(n);
	for (int round = 0; round < 1500; round++) {
		memcpy(copy, font, n);
		int k = 1 + (int)(rnd() % 8);
		for (int i = 0; i < k; i++) {
			/* where LiberationSerif-Regular keeps what the parser reads: the
			 * directory, head hhea maxp OS/2 hmtx cmap in the first 16 KB; name
			 * and the start of post from byte 342788 */
			size_t at = rnd() % 3 ? rnd() % 16384 : 342788 + rnd() % 4000;
			copy[at] = rnd() % 2 ? (uint8_t)rnd() : (uint8_t)(copy[at] ^ (1u << rnd() % 8));
		}
		bad += !load_anything(copy, n, "mutated");
	}
	CHECK_INT(bad, 0);
	free(copy);
	free(font);
	remove(path);
	free(path);
}

/* ---- fontset ---- */

/* The fallback faces fonts/fonts.list names (fonts-dejavu-core). */
static const char *const FALLBACKS[] = {"DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"};

static void copy_fonts(void)
{
	for (int face = 0; face < FONT_NFACES; face++) {
		const char *name = face < FONT_NMAIN ? FACES[face] : FALLBACKS[face - FONT_NMAIN];
		char *src = face < FONT_NMAIN ? xasprintf("%s/%s", FONTDIR, name)
					      : xasprintf("/usr/share/fonts/truetype/dejavu/%s", name);
		char *dst = tmp_path(name);
		size_t n;
		uint8_t *data = slurp(src, &n);
		spit(dst, data, n);
		free(data);
		free(src);
		free(dst);
	}
}

static void write_list(const char *text)
{
	char *p = tmp_path("fonts.list");
	spit(p, text, strlen(text));
	free(p);
}

/* Expects fontset_load of tmpdir to fail with a message containing want. */
static void expect_bad_set(const char *want)
{
	struct fontset fs;
	char err[512] = "";
	CHECK_INT(fontset_load(&fs, tmpdir, err, sizeof err), -1);
	CHECK_HAS(err, want);
	for (int face = 0; face < FONT_NMAIN; face++)
		CHECK(fs.path[face] == NULL && fs.ttf[face] == NULL, "face %d left after failure",
		      face);
	fontset_free(&fs);
}

static void test_fontset(void)
{
	size_t n;
	uint8_t *list = slurp("fonts/fonts.list", &n);
	char *text = xstrndup((char *)list, n);
	free(list);
	copy_fonts();
	write_list(text);

	struct fontset fs;
	char err[512] = "";
	int rc = fontset_load(&fs, tmpdir, err, sizeof err);
	CHECK(rc == 0, "fontset_load with the repository's fonts.list: %s", err);
	if (rc == 0) {
		for (int face = 0; face < FONT_NMAIN; face++) {
			char *want = tmp_path(FACES[face]);
			CHECK_STR(fs.path[face], want);
			free(want);
			CHECK(fs.ttf[face] != NULL, "face %d not loaded", face);
		}
		CHECK(fs.ttf[FONT_FALLBACK] && ttf_glyph(fs.ttf[FONT_FALLBACK], 0x2200) &&
		      !ttf_glyph(fs.ttf[FONT_REGULAR], 0x2200), "the fallback face draws what Liberation lacks");
		CHECK(fontset_covers(&fs, 0x04D9) && fontset_covers(&fs, 0x2200) &&
		      !fontset_covers(&fs, 0x1F600) && !fontset_covers(&fs, 0xE000),
		      "covered: ә (Liberation), ∀ (DejaVu); not an emoji, not private use");
		CHECK_INT(ttf_width(fs.ttf[FONT_REGULAR], 'A'), 722);
		CHECK(ttf_width(fs.ttf[FONT_BOLD], 0x0416) != ttf_width(fs.ttf[FONT_REGULAR], 0x0416),
		      "bold Ж as wide as regular: faces mixed up?");
	}
	fontset_free(&fs);
	fontset_free(&fs); /* twice is harmless */
	CHECK_STR(fontset_role_name(FONT_BOLD_ITALIC), "bold-italic");

	/* a missing file */
	char *bold = tmp_path("LiberationSerif-Bold.ttf");
	char *want = xasprintf("%s: missing (run 'make deps')", bold);
	remove(bold);
	expect_bad_set(want);
	free(want);

	/* one changed byte */
	copy_fonts();
	char *italic = tmp_path("LiberationSerif-Italic.ttf");
	uint8_t *data = slurp(italic, &n);
	data[n / 3] ^= 1;
	spit(italic, data, n);
	free(data);
	want = xasprintf("%s: checksum mismatch: the file is not the one fonts.list names", italic);
	expect_bad_set(want);
	free(want);
	copy_fonts();

	/* a listed file that passes its checksum but is no font */
	char *fake = tmp_path("fake.ttf");
	spit(fake, "not a font at all", 17);
	char hex[65];
	CHECK_INT(sha256_file(fake, hex), 0);
	char *alt = xstrdup(text);
	char *line = strstr(alt, "  LiberationSerif-BoldItalic.ttf");
	CHECK(line != NULL, "fonts.list lacks the bold italic line");
	if (line) {
		memcpy(line - 64, hex, 64);
		char *fixed = xasprintf("%.*s  fake.ttf  bold-italic\n", (int)(line - alt), alt);
		write_list(fixed);
		expect_bad_set("not a TrueType font");
		free(fixed);
	}
	free(alt);
	remove(fake);
	free(fake);

	/* damaged lists */
	char *base = xstrdup(text);
	char *bi = strstr(base, "  bold-italic");
	CHECK(bi != NULL, "fonts.list lacks a bold-italic line");
	if (bi) {
		bi += 2;
		strcpy(bi, "heavy\n");
		write_list(base);
		expect_bad_set("unknown role 'heavy'");
		strcpy(bi, "bold\n");
		write_list(base);
		expect_bad_set("role 'bold' listed twice");
		*strrchr(base, '\n') = '\0';
		*(strrchr(base, '\n') + 1) = '\0';
		write_list(base);
		expect_bad_set("no line for role 'bold-italic'");
	}
	free(base);
	write_list("# nothing but a comment\n\n");
	expect_bad_set("no line for role 'regular'");
	write_list("0123  LiberationSerif-Regular.ttf  regular\n");
	expect_bad_set("fonts.list:1: the checksum is not 64 hex digits");
	write_list("29d12439831b7f59194efec85872f24f54eff05738933f9a860220d2abff88ba  "
		   "../LiberationSerif-Regular.ttf  regular\n");
	expect_bad_set("not a plain file name");
	write_list("29d12439831b7f59194efec85872f24f54eff05738933f9a860220d2abff88ba  "
		   "LiberationSerif-Regular.ttf\n");
	expect_bad_set("fonts.list:1: expected");
	char *longline = xmalloc(3000);
	memset(longline, '#', 2999);
	longline[2999] = '\0';
	write_list(longline);
	expect_bad_set("line longer than");
	free(longline);
	char *listpath = tmp_path("fonts.list");
	remove(listpath);
	want = xasprintf("%s: missing", listpath);
	expect_bad_set(want);
	free(want);
	free(listpath);

	for (int face = 0; face < FONT_NFACES; face++) {
		char *p = tmp_path(face < FONT_NMAIN ? FACES[face] : FALLBACKS[face - FONT_NMAIN]);
		remove(p);
		free(p);
	}
	free(italic);
	free(bold);
	free(text);
}

int main(void)
{
	strcpy(tmpdir, "/tmp/patronat-ttf-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		printf("mkdtemp: %s\n", strerror(errno));
		return 2;
	}
	test_sha256();
	test_widths();
	test_synthetic();
	test_damaged();
	test_fontset();
	if (rmdir(tmpdir) != 0)
		printf("note: could not remove %s: %s\n", tmpdir, strerror(errno));
	printf("ttf: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
