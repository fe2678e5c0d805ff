/* pdf: pages → PDF through libharu 2.3 (embedded TrueType subsets: the CP1251 encoder for
 * text within it, Type0 fonts with our own ToUnicode CMap for the rest). */
#include "pdf.h"

#include <hpdf.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "pdf/cp1251.h"
#include "util/buf.h"
#include "util/fileio.h"
#include "util/utf8.h"
#include "util/xalloc.h"
#include "util/i18n.h"
#include "pdf/pdferr.h"

struct ctx {
	HPDF_STATUS first_error;
	HPDF_STATUS detail;
};

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
	struct ctx *c = user;
	if (!c->first_error) {
		c->first_error = error;
		c->detail = detail;
	}
}

/* UTF-8 → CP1251 bytes (unknown characters become '?'; layout already replaced them). */
static char *to_cp1251(const char *s)
{
	size_t n = strlen(s);
	char *out = xmalloc(n + 1), *p = out; /* never longer than the UTF-8 */
	for (size_t i = 0; i < n;) {
		size_t len;
		int cp = utf8_decode(s + i, n - i, &len);
		i += len;
		*p++ = (char)cp1251_byte(cp < 0 ? '?' : (unsigned)cp);
	}
	*p = '\0';
	return out;
}

/* Sets an info string: as UTF-8 when utf (the UTF-8 encoder is current), else in CP1251. */
static void set_info(HPDF_Doc pdf, HPDF_InfoType type, const char *utf8, bool utf)
{
	if (!utf8 || !*utf8)
		return;
	if (utf) {
		HPDF_SetInfoAttr(pdf, type, utf8);
		return;
	}
	char *s = to_cp1251(utf8);
	HPDF_SetInfoAttr(pdf, type, s);
	free(s);
}

static void draw_hatch(HPDF_Page page, const struct item *it, double step, int dir)
{
	double x0 = it->x, y0 = it->y, w = it->x2, h = it->y2;
	HPDF_Page_GSave(page);
	HPDF_Page_Rectangle(page, (HPDF_REAL)x0, (HPDF_REAL)y0, (HPDF_REAL)w, (HPDF_REAL)h);
	HPDF_Page_Clip(page);
	HPDF_Page_EndPath(page);
	HPDF_Page_SetLineWidth(page, 0.5);
	for (double t = -h; t < w; t += step) {
		double ax = x0 + t, bx = x0 + t + h;
		if (dir > 0) {
			HPDF_Page_MoveTo(page, (HPDF_REAL)ax, (HPDF_REAL)y0);
			HPDF_Page_LineTo(page, (HPDF_REAL)bx, (HPDF_REAL)(y0 + h));
		} else {
			HPDF_Page_MoveTo(page, (HPDF_REAL)ax, (HPDF_REAL)(y0 + h));
			HPDF_Page_LineTo(page, (HPDF_REAL)bx, (HPDF_REAL)y0);
		}
	}
	HPDF_Page_Stroke(page);
	HPDF_Page_GRestore(page);
}

static void draw_rect(HPDF_Page page, const struct item *it)
{
	HPDF_REAL x = (HPDF_REAL)it->x, y = (HPDF_REAL)it->y, w = (HPDF_REAL)it->x2, h = (HPDF_REAL)it->y2;
	if (it->fill == FILL_GRAY || it->fill == FILL_WHITE) {
		HPDF_Page_SetGrayFill(page, it->fill == FILL_WHITE ? 1 : (HPDF_REAL)it->gray);
		HPDF_Page_Rectangle(page, x, y, w, h);
		HPDF_Page_Fill(page);
		HPDF_Page_SetGrayFill(page, 0);
	} else if (it->fill == FILL_HATCH) {
		draw_hatch(page, it, 4, 1);
	} else if (it->fill == FILL_CROSS) {
		draw_hatch(page, it, 5, 1);
		draw_hatch(page, it, 5, -1);
	} else if (it->fill == FILL_DOTS) {
		HPDF_Page_SetGrayFill(page, 0);
		for (double yy = y + 2; yy < y + h - 1; yy += 4)
			for (double xx = x + 2 + fmod(yy - y, 8) / 4; xx < x + w - 1; xx += 4) {
				HPDF_Page_Circle(page, (HPDF_REAL)xx, (HPDF_REAL)yy, 0.6f);
				HPDF_Page_Fill(page);
			}
	}
	if (it->width > 0) {
		HPDF_Page_SetLineWidth(page, (HPDF_REAL)it->width);
		HPDF_Page_Rectangle(page, x, y, w, h);
		HPDF_Page_Stroke(page);
	}
}

static void draw_line(HPDF_Page page, const struct item *it)
{
	HPDF_Page_SetLineWidth(page, (HPDF_REAL)(it->width > 0 ? it->width : 0.5));
	HPDF_Page_SetGrayStroke(page, (HPDF_REAL)it->gray);
	if (it->dash > 0) {
		HPDF_UINT16 pat[2] = {(HPDF_UINT16)it->dash, (HPDF_UINT16)it->dash};
		HPDF_Page_SetDash(page, pat, 2, 0);
	}
	HPDF_Page_MoveTo(page, (HPDF_REAL)it->x, (HPDF_REAL)it->y);
	HPDF_Page_LineTo(page, (HPDF_REAL)it->x2, (HPDF_REAL)it->y2);
	HPDF_Page_Stroke(page);
	if (it->dash > 0)
		HPDF_Page_SetDash(page, NULL, 0, 0);
	HPDF_Page_SetGrayStroke(page, 0);
}

static void draw_poly(HPDF_Page page, const struct item *it)
{
	if (it->npts < 2)
		return;
	HPDF_Page_SetLineWidth(page, (HPDF_REAL)(it->width > 0 ? it->width : 0.5));
	if (it->dash > 0) {
		HPDF_UINT16 pat[2] = {(HPDF_UINT16)it->dash, (HPDF_UINT16)(it->dash / 2 + 1)};
		HPDF_Page_SetDash(page, pat, 2, 0);
	}
	if (it->closed) /* colours are set outside a path (libharu's graphics modes) */
		HPDF_Page_SetGrayFill(page, (HPDF_REAL)it->gray);
	HPDF_Page_MoveTo(page, (HPDF_REAL)it->pts[0], (HPDF_REAL)it->pts[1]);
	for (size_t i = 1; i < it->npts; i++)
		HPDF_Page_LineTo(page, (HPDF_REAL)it->pts[2 * i], (HPDF_REAL)it->pts[2 * i + 1]);
	if (it->closed) {
		HPDF_Page_ClosePath(page);
		if (it->width > 0)
			HPDF_Page_FillStroke(page);
		else
			HPDF_Page_Fill(page);
		HPDF_Page_SetGrayFill(page, 0);
	} else {
		HPDF_Page_Stroke(page);
	}
	if (it->dash > 0)
		HPDF_Page_SetDash(page, NULL, 0, 0);
}

/* True when every character of s has a CP1251 byte (the fast path's repertoire). */
static bool all_cp1251(const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		unsigned char b = (unsigned char)s[i];
		if (b >= 0x20 && b < 0x7F) {
			i++;
			continue;
		}
		size_t len;
		int cp = utf8_decode(s + i, n - i, &len);
		if (cp < 0 || !cp1251_has((unsigned)cp))
			return false;
		i += len;
	}
	return true;
}

/* One libharu document being built: fonts loaded as first needed, metadata from the pages.
 * A face whose text stays within CP1251 is a simple TrueType font with libharu's CP1251
 * encoder (small, fast); a face with any other character, and every fallback face, is a
 * Type0 font (Identity-H, codes = BMP code points, libharu's UTF-8 mode) whose ToUnicode
 * CMap this file writes itself from the characters drawn with it (libharu's own is invalid). */
struct pdf_writer {
	struct ctx c;
	HPDF_Doc pdf;
	const struct pdf_fonts *fonts;
	HPDF_Font font[FONT_NFACES];  /* CP1251 */
	HPDF_Font ufont[FONT_NFACES]; /* Type0, Unicode */
	uint8_t *drawn[FONT_NFACES];  /* bit set of the code points drawn with ufont (8 KiB) */
	bool utf_ready;               /* HPDF_UseUTFEncodings done */
	bool info_set;
	char *creator;
};

static void mark_drawn(struct pdf_writer *w, enum font_face f, const char *s)
{
	if (!w->drawn[f])
		w->drawn[f] = xcalloc(0x10000 / 8, 1);
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		size_t len;
		int cp = utf8_decode(s + i, n - i, &len);
		i += len;
		if (cp >= 0 && cp <= 0xFFFF)
			w->drawn[f][cp >> 3] |= (uint8_t)(1u << (cp & 7));
	}
}

/* Shows a Unicode item: libharu's Tw stretches only the one-byte code 32, never a Type0
 * font's two-byte spaces, so a justified line is drawn word by word at the positions the
 * stretched spaces give (the widths are the font's, as in the PDF's /W array). */
static void show_unicode(HPDF_Page page, HPDF_Font font, const struct item *it)
{
	if (it->word_space == 0 || !strchr(it->text, ' ')) {
		HPDF_Page_TextOut(page, (HPDF_REAL)it->x, (HPDF_REAL)it->y, it->text);
		return;
	}
	double space = HPDF_Font_TextWidth(font, (const HPDF_BYTE *)" ", 1).width * it->size / 1000;
	double x = it->x;
	const char *p = it->text;
	for (;;) {
		size_t len = strcspn(p, " ");
		if (len) {
			char *word = xstrndup(p, len);
			HPDF_Page_TextOut(page, (HPDF_REAL)x, (HPDF_REAL)it->y, word);
			x += HPDF_Font_TextWidth(font, (const HPDF_BYTE *)word, (HPDF_UINT)len).width *
			     it->size / 1000;
			free(word);
		}
		if (!p[len])
			break;
		x += space + it->word_space;
		p += len + 1;
	}
}

static void draw_texts(struct pdf_writer *w, HPDF_Page page, const struct page *pg)
{
	HPDF_Font cur_font = NULL;
	double cur_size = 0, cur_ws = 0;
	HPDF_Page_BeginText(page);
	for (size_t i = 0; i < pg->nitems; i++) {
		const struct item *it = &pg->items[i];
		if (it->kind != ITEM_TEXT || !it->text || !*it->text || (unsigned)it->face >= FONT_NFACES)
			continue;
		bool uni = w->ufont[it->face] != NULL;
		HPDF_Font font = uni ? w->ufont[it->face] : w->font[it->face];
		if (!font)
			continue;
		if (font != cur_font || it->size != cur_size) {
			HPDF_Page_SetFontAndSize(page, font, (HPDF_REAL)it->size);
			cur_font = font;
			cur_size = it->size;
		}
		if (uni) {
			mark_drawn(w, it->face, it->text);
			show_unicode(page, font, it);
			continue;
		}
		if (it->word_space != cur_ws) {
			HPDF_Page_SetWordSpace(page, (HPDF_REAL)it->word_space);
			cur_ws = it->word_space;
		}
		char *s = to_cp1251(it->text);
		HPDF_Page_TextOut(page, (HPDF_REAL)it->x, (HPDF_REAL)it->y, s);
		free(s);
	}
	HPDF_Page_EndText(page);
}

static void draw_page(struct pdf_writer *w, const struct pages *pgs, const struct page *pg)
{
	HPDF_Page page = HPDF_AddPage(w->pdf);
	HPDF_Page_SetWidth(page, (HPDF_REAL)pgs->width);
	HPDF_Page_SetHeight(page, (HPDF_REAL)pgs->height);
	for (size_t i = 0; i < pg->nitems; i++) {
		const struct item *it = &pg->items[i];
		if (it->kind == ITEM_RECT)
			draw_rect(page, it);
		else if (it->kind == ITEM_LINE)
			draw_line(page, it);
		else if (it->kind == ITEM_POLY)
			draw_poly(page, it);
	}
	draw_texts(w, page, pg);
}

static struct pdf_writer *pdf_writer_new(const struct pdf_fonts *fonts, const char *creator)
{
	struct pdf_writer *w = xcalloc(1, sizeof *w);
	w->pdf = HPDF_New(on_error, &w->c);
	if (!w->pdf) {
		free(w);
		return NULL;
	}
	w->fonts = fonts;
	w->creator = xstrdup(creator);
	HPDF_SetCompressionMode(w->pdf, HPDF_COMP_ALL);
	return w;
}

static void use_utf(struct pdf_writer *w)
{
	if (!w->utf_ready && !w->c.first_error)
		HPDF_UseUTFEncodings(w->pdf);
	w->utf_ready = true;
}

/* Loads the faces pg shows that are not loaded yet (only those: a face not shown is not
 * embedded): as a CP1251 font when all its text is CP1251, else as a Type0 font. */
static void load_fonts(struct pdf_writer *w, const struct pages *pg)
{
	bool used[FONT_NFACES] = {false}, wide[FONT_NFACES] = {false};
	for (size_t i = 0; i < pg->n; i++) {
		for (size_t k = 0; k < pg->v[i].nitems; k++) {
			const struct item *it = &pg->v[i].items[k];
			if (it->kind != ITEM_TEXT || !it->text || (unsigned)it->face >= FONT_NFACES)
				continue;
			used[it->face] = true;
			if (it->face >= FONT_NMAIN || (!wide[it->face] && !all_cp1251(it->text)))
				wide[it->face] = true;
		}
	}
	for (int f = 0; f < FONT_NFACES && !w->c.first_error; f++) {
		if (!used[f] || w->ufont[f] || (w->font[f] && !wide[f]))
			continue;
		const char *path = wide[f] && w->fonts->wide[f] ? w->fonts->wide[f] : w->fonts->path[f];
		if (!path)
			continue;
		if (wide[f])
			use_utf(w);
		const char *name = HPDF_LoadTTFontFromFile(w->pdf, path, HPDF_TRUE);
		if (name && wide[f])
			w->ufont[f] = HPDF_GetFont(w->pdf, name, "UTF-8");
		else if (name)
			w->font[f] = HPDF_GetFont(w->pdf, name, "CP1251");
	}
}

/* ---- font programs compressed once per process ------------------------------------------ */

struct cache_entry {
	uint64_t hash;
	unsigned char *raw, *z; /* the font file and its deflated bytes, owned */
	size_t nraw, nz;
};

struct pdf_cache {
	struct cache_entry e[PDF_CACHE_MAX];
	size_t n;
};

struct pdf_cache *pdf_cache_new(void)
{
	return xcalloc(1, sizeof(struct pdf_cache));
}

void pdf_cache_free(struct pdf_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->e[i].raw);
		free(c->e[i].z);
	}
	free(c);
}

static uint64_t fnv1a(const unsigned char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3u;
	return h;
}

/* Deflates raw as libharu does (zlib's default level and window, one zlib stream). Returns
 * 0 with a malloc'd *z, or -1. */
static int deflate_all(const unsigned char *raw, size_t n, unsigned char **z, size_t *nz)
{
	z_stream s = {0};
	if (deflateInit(&s, Z_DEFAULT_COMPRESSION) != Z_OK)
		return -1;
	uLong cap = deflateBound(&s, (uLong)n);
	unsigned char *out = xmalloc(cap ? cap : 1);
	s.next_in = (Bytef *)raw;
	s.avail_in = (uInt)n;
	s.next_out = out;
	s.avail_out = (uInt)cap;
	int rc = deflate(&s, Z_FINISH);
	*nz = s.total_out;
	deflateEnd(&s);
	if (rc != Z_STREAM_END) {
		free(out);
		return -1;
	}
	*z = out;
	return 0;
}

/* The deflated bytes of raw from the cache, compressed (and kept, while there is room) when
 * not there yet. Returns them (borrowed from the cache, or malloc'd when *owned) or NULL. */
static const unsigned char *cached_deflate(struct pdf_cache *c, const unsigned char *raw, size_t n, size_t *nz,
					   bool *owned)
{
	uint64_t h = fnv1a(raw, n);
	*owned = false;
	for (size_t i = 0; i < c->n; i++)
		if (c->e[i].hash == h && c->e[i].nraw == n && memcmp(c->e[i].raw, raw, n) == 0) {
			*nz = c->e[i].nz;
			return c->e[i].z;
		}
	unsigned char *z;
	if (deflate_all(raw, n, &z, nz) != 0)
		return NULL;
	if (c->n == PDF_CACHE_MAX || n > PDF_CACHE_MAX_FONT) {
		*owned = true;
		return z;
	}
	struct cache_entry *e = &c->e[c->n++];
	e->hash = h;
	e->raw = xmalloc(n ? n : 1);
	memcpy(e->raw, raw, n);
	e->nraw = n;
	e->z = z;
	e->nz = *nz;
	return z;
}

/* What libharu writes for a deflated stream's filter, written by the stream's dictionary
 * itself when the data is deflated already (libharu then writes it as it is). */
static HPDF_STATUS write_flate_filter(HPDF_Dict obj, HPDF_Stream stream)
{
	(void)obj;
	return HPDF_Stream_WriteStr(stream, "/Filter [ /FlateDecode ]\012");
}

/* Builds the descriptor and font file of a simple TrueType font now (what libharu does as
 * it starts writing the font; it then finds them made) and puts into the font file its
 * deflated bytes from the cache: the same dictionary, the same data, one compression a
 * process for each distinct font file. */
static void precompress_font(struct pdf_cache *c, HPDF_Font font)
{
	if (!font->before_write_fn || font->before_write_fn(font) != HPDF_OK)
		return;
	HPDF_Dict desc = HPDF_Dict_GetItem(font, "FontDescriptor", HPDF_OCLASS_DICT);
	HPDF_Dict data = desc ? HPDF_Dict_GetItem(desc, "FontFile2", HPDF_OCLASS_DICT) : NULL;
	if (!data || !data->stream || data->filter != HPDF_STREAM_FILTER_FLATE_DECODE || data->write_fn)
		return;
	HPDF_UINT32 size = HPDF_Stream_Size(data->stream);
	if (size == 0)
		return;
	unsigned char *raw = xmalloc(size);
	HPDF_UINT got = size;
	HPDF_Stream_Seek(data->stream, 0, HPDF_SEEK_SET);
	if (HPDF_Stream_Read(data->stream, raw, &got) == HPDF_OK && got == size) {
		size_t nz;
		bool owned;
		const unsigned char *z = cached_deflate(c, raw, size, &nz, &owned);
		if (z) {
			HPDF_MemStream_FreeData(data->stream);
			HPDF_Stream_Write(data->stream, z, (HPDF_UINT)nz);
			data->filter = HPDF_STREAM_FILTER_NONE;
			data->write_fn = write_flate_filter;
			if (owned)
				free((void *)z);
		}
	}
	free(raw);
}

/* Writes a ToUnicode CMap mapping each code drawn with font (a BMP code point) to itself,
 * over the one libharu 2.3 made (whose begincidrange readers reject). */
static void write_to_unicode(struct pdf_writer *w, HPDF_Font font, const uint8_t *drawn)
{
	HPDF_Dict tu = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
	if (!tu || !tu->stream || !drawn)
		return;
	struct buf b = BUF_INIT;
	buf_adds(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
		     "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		     "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
		     "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	unsigned cps[100];
	size_t n = 0;
	for (unsigned cp = 0; cp <= 0x10000; cp++) {
		bool on = cp < 0x10000 && (drawn[cp >> 3] >> (cp & 7) & 1);
		if (on)
			cps[n++] = cp;
		if (n == 100 || (cp == 0x10000 && n > 0)) {
			buf_printf(&b, "%zu beginbfchar\n", n);
			for (size_t i = 0; i < n; i++)
				buf_printf(&b, "<%04X> <%04X>\n", cps[i], cps[i]);
			buf_adds(&b, "endbfchar\n");
			n = 0;
		}
	}
	buf_adds(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	HPDF_MemStream_FreeData(tu->stream);
	HPDF_Stream_Write(tu->stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
	/* the stream's dictionary names the CMap it now holds */
	HPDF_Dict_AddName(tu, "CMapName", "Adobe-Identity-UCS");
	HPDF_Dict csi = HPDF_Dict_GetItem(tu, "CIDSystemInfo", HPDF_OCLASS_DICT);
	if (csi)
		HPDF_Dict_Add(csi, "Ordering", HPDF_String_New(tu->mmgr, "UCS", NULL));
	buf_free(&b);
	(void)w;
}

/* Cuts the descendant CIDFont's /W and /CIDToGIDMap, which libharu fills for every code
 * point the font maps, down to the code points drawn: same widths and glyphs for every
 * code the page contents use, a few hundred bytes instead of some 15 KB per face. */
static void trim_cid_font(HPDF_Font font, const uint8_t *drawn)
{
	HPDF_Array kids = HPDF_Dict_GetItem(font, "DescendantFonts", HPDF_OCLASS_ARRAY);
	HPDF_Dict desc = kids ? HPDF_Array_GetItem(kids, 0, HPDF_OCLASS_DICT) : NULL;
	if (!desc || !drawn)
		return;
	unsigned max = 0;
	for (unsigned cp = 0; cp < 0x10000; cp++)
		if (drawn[cp >> 3] >> (cp & 7) & 1)
			max = cp;
	HPDF_Array wa = HPDF_Array_New(font->mmgr);
	if (!wa)
		return;
	HPDF_Array run = NULL;
	for (unsigned cp = 0; cp <= max; cp++) {
		if (!(drawn[cp >> 3] >> (cp & 7) & 1)) {
			run = NULL;
			continue;
		}
		char u[4];
		size_t len = utf8_encode(cp, u);
		HPDF_TextWidth tw = HPDF_Font_TextWidth(font, (const HPDF_BYTE *)u, (HPDF_UINT)len);
		if (!run) {
			HPDF_Array_AddNumber(wa, (HPDF_INT32)cp);
			run = HPDF_Array_New(font->mmgr);
			if (!run || HPDF_Array_Add(wa, run) != HPDF_OK)
				return;
		}
		HPDF_Array_AddNumber(run, (HPDF_INT32)tw.width);
	}
	HPDF_Dict_Add(desc, "W", wa);
	HPDF_Dict csi = HPDF_Dict_GetItem(desc, "CIDSystemInfo", HPDF_OCLASS_DICT);
	if (csi) /* libharu names the ordering after the CMap, "Identity-H"; it is "Identity" */
		HPDF_Dict_Add(csi, "Ordering", HPDF_String_New(font->mmgr, "Identity", NULL));
	HPDF_Dict map = HPDF_Dict_GetItem(desc, "CIDToGIDMap", HPDF_OCLASS_DICT);
	if (!map || !map->stream || map->stream->size < 2 * (max + 1))
		return;
	size_t n = 2 * ((size_t)max + 1);
	HPDF_BYTE *gids = xmalloc(n);
	HPDF_UINT got = (HPDF_UINT)n;
	HPDF_Stream_Seek(map->stream, 0, HPDF_SEEK_SET);
	if (HPDF_Stream_Read(map->stream, gids, &got) == HPDF_OK && got == n) {
		for (unsigned cp = 0; cp <= max; cp++)
			if (!(drawn[cp >> 3] >> (cp & 7) & 1))
				gids[2 * cp] = gids[2 * cp + 1] = 0;
		HPDF_MemStream_FreeData(map->stream);
		HPDF_Stream_Write(map->stream, gids, (HPDF_UINT)n);
	}
	free(gids);
}

static int pdf_writer_add(struct pdf_writer *w, const struct pages *pg)
{
	load_fonts(w, pg);
	if (!w->info_set && !w->c.first_error) {
		const char *info[4] = {pg->title, pg->author, pg->subject, pg->keywords};
		bool utf = false;
		for (int i = 0; i < 4; i++)
			utf |= info[i] && !all_cp1251(info[i]);
		if (utf) /* libharu writes the info strings of its UTF-8 encoder as UTF-16BE */
			use_utf(w);
		HPDF_SetCurrentEncoder(w->pdf, utf ? "UTF-8" : "CP1251");
		set_info(w->pdf, HPDF_INFO_TITLE, pg->title, utf);
		set_info(w->pdf, HPDF_INFO_AUTHOR, pg->author, utf);
		set_info(w->pdf, HPDF_INFO_SUBJECT, pg->subject, utf);
		set_info(w->pdf, HPDF_INFO_KEYWORDS, pg->keywords, utf);
		set_info(w->pdf, HPDF_INFO_CREATOR, w->creator, utf);
		w->info_set = true;
	}
	for (size_t i = 0; i < pg->n && !w->c.first_error; i++) {
		draw_page(w, pg, &pg->v[i]);
	}
	return w->c.first_error ? -1 : 0;
}

static void writer_free(struct pdf_writer *w)
{
	HPDF_Free(w->pdf);
	for (int f = 0; f < FONT_NFACES; f++)
		free(w->drawn[f]);
	free(w->creator);
	free(w);
}

static int pdf_writer_finish(struct pdf_writer *w, char **data, size_t *n, char *err, size_t errlen)
{
	int rc = -1;
	for (int f = 0; f < FONT_NFACES && !w->c.first_error; f++)
		if (w->ufont[f]) {
			write_to_unicode(w, w->ufont[f], w->drawn[f]);
			trim_cid_font(w->ufont[f], w->drawn[f]);
		}
	/* only when every font is simple: libharu numbers the objects it makes as it writes, and
	 * making some of them earlier must not change the order */
	bool simple = true;
	for (int f = 0; f < FONT_NFACES; f++)
		simple &= w->ufont[f] == NULL;
	for (int f = 0; f < FONT_NFACES && simple && w->fonts->cache && !w->c.first_error; f++)
		if (w->font[f])
			precompress_font(w->fonts->cache, w->font[f]);
	if (!w->c.first_error)
		HPDF_SaveToStream(w->pdf);
	if (w->c.first_error) {
		pdf_error_describe(w->c.first_error, w->c.detail, err, errlen);
	} else {
		HPDF_UINT32 size = HPDF_GetStreamSize(w->pdf);
		char *buf = xmalloc(size ? size : 1);
		HPDF_UINT32 got = size;
		HPDF_ResetStream(w->pdf);
		HPDF_ReadFromStream(w->pdf, (HPDF_BYTE *)buf, &got);
		if (got != size) {
			snprintf(err, errlen, _("PDF library error while saving"));
			free(buf);
		} else {
			*data = buf;
			*n = size;
			rc = 0;
		}
	}
	writer_free(w);
	return rc;
}

int pdf_render(const struct pages *pg, const struct pdf_fonts *fonts, const char *creator,
	       char **data, size_t *n, char *err, size_t errlen)
{
	struct pdf_writer *w = pdf_writer_new(fonts, creator);
	if (!w) {
		snprintf(err, errlen, _("cannot start a PDF (out of memory)"));
		return -1;
	}
	pdf_writer_add(w, pg);
	return pdf_writer_finish(w, data, n, err, errlen);
}

int pdf_write(const struct pages *pg, const struct pdf_fonts *fonts, const char *creator,
	      const char *path, char *err, size_t errlen)
{
	char *data;
	size_t n;
	if (pdf_render(pg, fonts, creator, &data, &n, err, errlen) != 0)
		return -1;
	int rc = file_write_atomic(path, data, n, 0640, err, errlen);
	free(data);
	return rc;
}
