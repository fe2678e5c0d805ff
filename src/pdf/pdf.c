/* pdf: pages → PDF through libharu 2.3 (embedded TrueType subsets: the CP1251 encoder for
 * text within it, Type0 fonts with our own ToUnicode CMap for the rest). */
#include "pdf.h"

#include <hpdf.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_pages.h>
#include <math.h>
#include <pthread.h>
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

/* zlib's level for the page contents: 3 measured 1.3 M instructions less a passport than
 * libharu's 6 (of 6 M for the whole PDF) for 1.9 % more bytes; 1 gains little more for twice
 * the bytes (docs/performance.md). */
#define PDF_CONTENT_LEVEL 3

struct ctx {
	HPDF_STATUS first_error;
	HPDF_STATUS detail;
};

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
	struct ctx *c = user;
	if (c && !c->first_error) {
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
	bool shared;                  /* pdf is the cache's, reused (not freed here) */
	bool utf_ready;               /* HPDF_UseUTFEncodings done (pdf not shared) */
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

/* ---- one libharu document a process, reused ------------------------------------------- */

/* The font programs a process embedded: the glyph flags libharu's subsetting was given, the
 * font name's tag, and what it made of them (Length1 and the deflated bytes) — the same for
 * every later document that draws the same glyphs of that face in the same tag. */
struct desc_entry {
	HPDF_FontDef def;
	char tag[HPDF_TTF_FONT_TAG_LEN];
	HPDF_BYTE *flags; /* attr->glyph_tbl.flgs, num_glyphs bytes, owned */
	unsigned char *z; /* owned */
	size_t nz;
	HPDF_UINT length1;
};

/* A TrueType file parsed once a process (from memory: libharu's file reader seeks and reads
 * the file again for every glyph of every document). */
struct face_def {
	char *path;
	bool cid; /* for a Type0 font (libharu keeps state of that use in the definition) */
	HPDF_FontDef def;
};

#define PDF_CACHE_DEFS (2 * FONT_NFACES)
#define PDF_CACHE_DESC 64

struct cache_entry {
	uint64_t hash;
	unsigned char *raw, *z; /* the font file and its deflated bytes, owned */
	size_t nraw, nz;
};

struct pdf_cache {
	struct cache_entry e[PDF_CACHE_MAX];
	size_t n;
	HPDF_Doc pdf;      /* the document reused for every PDF (HPDF_NewDoc keeps its encoders
			    * and font list); NULL until the first */
	bool busy;         /* pdf is being written (a nested render makes its own) */
	bool utf_ready;    /* HPDF_UseUTFEncodings done on pdf */
	struct face_def defs[PDF_CACHE_DEFS];
	size_t ndefs;
	struct desc_entry d[PDF_CACHE_DESC];
	size_t nd;
};

/* Frees the font definitions and the font programs made from them (before the document
 * whose memory manager they come from goes, or for a new document: a freed definition's
 * address may come back). */
static void drop_fonts(struct pdf_cache *c)
{
	for (size_t i = 0; i < c->nd; i++) {
		free(c->d[i].flags);
		free(c->d[i].z);
	}
	c->nd = 0;
	if (c->pdf)
		while (c->pdf->fontdef_list && c->pdf->fontdef_list->count > 0)
			HPDF_List_RemoveByIndex(c->pdf->fontdef_list, 0);
	for (size_t i = 0; i < c->ndefs; i++) {
		HPDF_FontDef_Free(c->defs[i].def);
		free(c->defs[i].path);
	}
	c->ndefs = 0;
}

static struct pdf_writer *pdf_writer_new(const struct pdf_fonts *fonts, const char *creator)
{
	struct pdf_writer *w = xcalloc(1, sizeof *w);
	struct pdf_cache *c = fonts->cache;
	if (c && !c->busy) {
		if (!c->pdf)
			c->pdf = HPDF_New(on_error, NULL);
		else if (HPDF_NewDoc(c->pdf) != HPDF_OK) {
			HPDF_FreeDoc(c->pdf);
			drop_fonts(c);
			HPDF_Free(c->pdf);
			c->pdf = HPDF_New(on_error, NULL);
			c->utf_ready = false;
		}
		w->pdf = c->pdf;
		w->shared = w->pdf != NULL;
		c->busy = w->shared;
	} else {
		w->pdf = HPDF_New(on_error, NULL);
	}
	if (!w->pdf) {
		free(w);
		return NULL;
	}
	w->pdf->error.user_data = &w->c;
	w->fonts = fonts;
	w->creator = xstrdup(creator);
	HPDF_SetCompressionMode(w->pdf, HPDF_COMP_ALL);
	return w;
}

static void use_utf(struct pdf_writer *w)
{
	bool *ready = w->shared ? &w->fonts->cache->utf_ready : &w->utf_ready;
	if (!*ready && !w->c.first_error)
		HPDF_UseUTFEncodings(w->pdf);
	*ready = true;
}

/* What HPDF_LoadTTFontFromFile does for an embedded font, with the definition parsed once a
 * process: puts it into the document's font list and gives it the document's next tag
 * ("HPDFAA", "HPDFAB", ... as libharu numbers the fonts of a document as they are loaded).
 * Returns the font's name for HPDF_GetFont, or NULL (an error set). */
static const char *load_ttf(struct pdf_writer *w, const char *path, bool cid)
{
	if (!w->shared)
		return HPDF_LoadTTFontFromFile(w->pdf, path, HPDF_TRUE);
	struct pdf_cache *c = w->fonts->cache;
	HPDF_FontDef def = NULL;
	for (size_t i = 0; i < c->ndefs && !def; i++)
		if (c->defs[i].cid == cid && strcmp(c->defs[i].path, path) == 0)
			def = c->defs[i].def;
	if (!def) {
		char *data = NULL;
		size_t n = 0;
		if (c->ndefs == PDF_CACHE_DEFS || file_read_all(path, (size_t)64 << 20, &data, &n) != 0 || n == 0) {
			free(data);
			return HPDF_LoadTTFontFromFile(w->pdf, path, HPDF_TRUE); /* libharu says why */
		}
		/* one buffer, a byte longer than the file: libharu's memory stream cannot seek to
		 * its very end when that is a buffer's end */
		HPDF_Stream st = HPDF_MemStream_New(w->pdf->mmgr, (HPDF_UINT)n + 1);
		if (st && HPDF_Stream_Write(st, (const HPDF_BYTE *)data, (HPDF_UINT)n) == HPDF_OK)
			def = HPDF_TTFontDef_Load(w->pdf->mmgr, st, HPDF_TRUE); /* owns st */
		else if (st)
			HPDF_Stream_Free(st);
		free(data);
		if (!def)
			return NULL;
		c->defs[c->ndefs].path = xstrdup(path);
		c->defs[c->ndefs].cid = cid;
		c->defs[c->ndefs++].def = def;
	}
	if (HPDF_Doc_FindFontDef(w->pdf, def->base_font)) {
		HPDF_SetError(&w->pdf->error, HPDF_FONT_EXISTS, 0);
		HPDF_CheckError(&w->pdf->error);
		return NULL;
	}
	HPDF_FontDef_Cleanup(def); /* no glyph of an earlier document marked used */
	if (HPDF_List_Add(w->pdf->fontdef_list, def) != HPDF_OK)
		return NULL;
	HPDF_BYTE *tag = w->pdf->ttfont_tag;
	if (tag[0] == 0) {
		memcpy(tag, "HPDFAA", 6);
	} else {
		for (int i = 5; i >= 0; i--) {
			tag[i] += 1;
			if (tag[i] > 'Z')
				tag[i] = 'A';
			else
				break;
		}
	}
	HPDF_TTFontDef_SetTagName(def, (char *)tag);
	return def->base_font;
}

/* ---- encodings written once a process ---------------------------------------------------- */

/* What libharu writes for a single-byte encoder (its /Encoding dictionary: the /Differences
 * of CP1251, every glyph name looked up in a table of 4 000 names, some 5 000 string compares
 * a font), made once a process for each encoder name and copied into every font after: the
 * same bytes. Guarded by a mutex (the web server runs a batch in a thread of its own). */
#define ENC_CACHE_MAX 8
static struct {
	char name[HPDF_LIMIT_MAX_NAME_LEN + 1];
	unsigned char *bytes;
	size_t n;
} enc_cache[ENC_CACHE_MAX];
static size_t enc_cached;
static pthread_mutex_t enc_mu = PTHREAD_MUTEX_INITIALIZER;

static HPDF_STATUS write_encoding(HPDF_Encoder enc, HPDF_Stream out)
{
	pthread_mutex_lock(&enc_mu);
	size_t i = 0;
	while (i < enc_cached && strcmp(enc_cache[i].name, enc->name) != 0)
		i++;
	if (i == enc_cached) {
		HPDF_Stream tmp = HPDF_MemStream_New(enc->mmgr, 4096);
		HPDF_STATUS ret = tmp ? HPDF_BasicEncoder_Write(enc, tmp) : HPDF_FAILD_TO_ALLOC_MEM;
		HPDF_UINT32 size = tmp && ret == HPDF_OK ? HPDF_Stream_Size(tmp) : 0;
		unsigned char *b = size ? xmalloc(size) : NULL;
		HPDF_UINT got = size;
		if (b && (HPDF_Stream_Seek(tmp, 0, HPDF_SEEK_SET) != HPDF_OK ||
			  HPDF_Stream_Read(tmp, b, &got) != HPDF_OK || got != size)) {
			free(b);
			b = NULL;
		}
		if (tmp)
			HPDF_Stream_Free(tmp);
		if (!b || enc_cached == ENC_CACHE_MAX) { /* written the slow way, as libharu does */
			free(b);
			pthread_mutex_unlock(&enc_mu);
			return HPDF_BasicEncoder_Write(enc, out);
		}
		snprintf(enc_cache[i].name, sizeof enc_cache[i].name, "%s", enc->name);
		enc_cache[i].bytes = b;
		enc_cache[i].n = size;
		enc_cached++;
	}
	const unsigned char *bytes = enc_cache[i].bytes;
	size_t n = enc_cache[i].n;
	pthread_mutex_unlock(&enc_mu); /* entries are never changed nor freed once made */
	return HPDF_Stream_Write(out, bytes, (HPDF_UINT)n);
}

/* Has enc written through the cache of write_encoding (libharu's basic encoders only). */
static void cache_encoding(HPDF_Encoder enc)
{
	if (enc && enc->write_fn == HPDF_BasicEncoder_Write)
		enc->write_fn = write_encoding;
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
		const char *name = load_ttf(w, path, wide[f]);
		if (name && wide[f])
			w->ufont[f] = HPDF_GetFont(w->pdf, name, "UTF-8");
		else if (name)
		{
			w->font[f] = HPDF_GetFont(w->pdf, name, "CP1251");
			if (w->font[f])
				cache_encoding(((HPDF_FontAttr)w->font[f]->attr)->encoder);
		}
	}
}

/* ---- font programs compressed once per process ------------------------------------------ */

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
	if (c->pdf)
		HPDF_FreeDoc(c->pdf);
	drop_fonts(c);
	if (c->pdf)
		HPDF_Free(c->pdf);
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

/* The entry of the font programs made for def's glyphs in tag, or NULL. */
static struct desc_entry *find_desc(struct pdf_cache *c, HPDF_FontDef def)
{
	HPDF_TTFontDefAttr da = def->attr;
	for (size_t i = 0; i < c->nd; i++) {
		struct desc_entry *e = &c->d[i];
		if (e->def == def && memcmp(e->tag, da->tag_name, sizeof e->tag) == 0 &&
		    memcmp(e->flags, da->glyph_tbl.flgs, da->num_glyphs) == 0)
			return e;
	}
	return NULL;
}

/* Builds font's descriptor as libharu 2.3's CreateDescriptor does — the same entries in the
 * same order, the same objects in the same order — with the font file e made for the same
 * glyphs before, instead of making it again (libharu's subsetting reads the font four bytes
 * at a time: a third of a passport's cost). */
static void make_descriptor(HPDF_Font font, const struct desc_entry *e)
{
	HPDF_FontAttr fa = font->attr;
	HPDF_FontDef def = fa->fontdef;
	HPDF_TTFontDefAttr da = def->attr;
	HPDF_Dict desc = HPDF_Dict_New(font->mmgr);
	if (!desc)
		return;
	HPDF_STATUS ret = HPDF_Xref_Add(fa->xref, desc);
	ret += HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
	ret += HPDF_Dict_AddNumber(desc, "Ascent", def->ascent);
	ret += HPDF_Dict_AddNumber(desc, "Descent", def->descent);
	ret += HPDF_Dict_AddNumber(desc, "CapHeight", def->cap_height);
	ret += HPDF_Dict_AddNumber(desc, "Flags", (HPDF_INT32)def->flags);
	ret += HPDF_Dict_Add(desc, "FontBBox", HPDF_Box_Array_New(font->mmgr, def->font_bbox));
	ret += HPDF_Dict_AddName(desc, "FontName", da->base_font);
	ret += HPDF_Dict_AddNumber(desc, "ItalicAngle", def->italic_angle);
	ret += HPDF_Dict_AddNumber(desc, "StemV", def->stemv);
	ret += HPDF_Dict_AddNumber(desc, "XHeight", def->x_height);
	if (da->char_set)
		ret += HPDF_Dict_AddName(desc, "CharSet", da->char_set);
	if (ret != HPDF_OK)
		return;
	HPDF_Dict data = HPDF_DictStream_New(font->mmgr, fa->xref);
	if (!data || HPDF_Stream_Write(data->stream, e->z, (HPDF_UINT)e->nz) != HPDF_OK)
		return;
	ret += HPDF_Dict_Add(desc, "FontFile2", data);
	ret += HPDF_Dict_AddNumber(data, "Length1", (HPDF_INT32)e->length1);
	ret += HPDF_Dict_AddNumber(data, "Length2", 0);
	ret += HPDF_Dict_AddNumber(data, "Length3", 0);
	data->filter = HPDF_STREAM_FILTER_NONE;
	data->write_fn = write_flate_filter;
	da->length1 = e->length1;
	if (ret == HPDF_OK)
		def->descriptor = desc;
}

/* Keeps what libharu made for font's glyphs (its Length1, deflated) for the next document
 * that draws the same ones; flags are the glyph flags before libharu made the font file. */
static void keep_desc(struct pdf_cache *c, HPDF_Font font, const HPDF_BYTE *flags, const unsigned char *z,
		      size_t nz)
{
	HPDF_FontDef def = ((HPDF_FontAttr)font->attr)->fontdef;
	HPDF_TTFontDefAttr da = def->attr;
	bool ours = false;
	for (size_t i = 0; i < c->ndefs && !ours; i++)
		ours = c->defs[i].def == def;
	if (!ours || c->nd == PDF_CACHE_DESC || nz > PDF_CACHE_MAX_FONT)
		return;
	struct desc_entry *e = &c->d[c->nd++];
	e->def = def;
	memcpy(e->tag, da->tag_name, sizeof e->tag);
	e->flags = xmalloc(da->num_glyphs ? da->num_glyphs : 1);
	memcpy(e->flags, flags, da->num_glyphs);
	e->z = xmalloc(nz ? nz : 1);
	memcpy(e->z, z, nz);
	e->nz = nz;
	e->length1 = da->length1;
}

/* The characters a simple font's program carries whether drawn or not (pdf_fonts.fixed):
 * the Russian alphabet, the digits, the Roman numerals' I, V and X and the punctuation of the
 * data. A face whose text stays within them (names, dates, addresses) then embeds the
 * same font program in every document — made and deflated once a process, copied after —
 * instead of one subset a document; what it costs is the glyphs a document does not draw
 * (see docs/performance.md). */
static const char FIXED_REPERTOIRE[] =
	" 0123456789.,:;!?-()/\"'%+*=№«»–—IVX"
	"АБВГДЕЁЖЗИЙКЛМНОП"
	"РСТУФХЦЧШЩЪЫЬЭЮЯ"
	"абвгдеёжзийклмноп"
	"рстуфхцчшщъыьэюя";

/* Marks the glyphs of FIXED_REPERTOIRE used in def (as measuring them does: the parts of
 * composite glyphs too); the font's widths, by code, stay those of the codes drawn. */
static void widen_glyphs(HPDF_FontDef def)
{
	const char *s = FIXED_REPERTOIRE;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		size_t len;
		int cp = utf8_decode(s + i, n - i, &len);
		i += len;
		if (cp > 0 && cp <= 0xFFFF)
			HPDF_TTFontDef_GetCharWidth(def, (HPDF_UINT16)cp);
	}
}

/* Builds the descriptor and font file of a simple TrueType font now (what libharu does as
 * it starts writing the font; it then finds them made): from what an earlier document with
 * the same glyphs of the same face made, else by libharu, its font file then deflated
 * through the cache (one compression a process for each distinct font file). */
static void precompress_font(struct pdf_cache *c, HPDF_Font font, bool shared)
{
	if (!font->before_write_fn)
		return;
	HPDF_FontDef def = ((HPDF_FontAttr)font->attr)->fontdef;
	HPDF_TTFontDefAttr da = def->attr;
	HPDF_BYTE *flags = NULL;
	if (shared && !def->descriptor && da->embedding && da->glyph_tbl.flgs) {
		struct desc_entry *e = find_desc(c, def);
		if (e)
			make_descriptor(font, e);
		else
		{
			flags = xmalloc(da->num_glyphs ? da->num_glyphs : 1);
			memcpy(flags, da->glyph_tbl.flgs, da->num_glyphs);
		}
	}
	if (font->before_write_fn(font) != HPDF_OK) {
		free(flags);
		return;
	}
	HPDF_Dict desc = HPDF_Dict_GetItem(font, "FontDescriptor", HPDF_OCLASS_DICT);
	HPDF_Dict data = desc ? HPDF_Dict_GetItem(desc, "FontFile2", HPDF_OCLASS_DICT) : NULL;
	if (!data || !data->stream || data->filter != HPDF_STREAM_FILTER_FLATE_DECODE || data->write_fn) {
		free(flags);
		return;
	}
	HPDF_UINT32 size = HPDF_Stream_Size(data->stream);
	if (size == 0) {
		free(flags);
		return;
	}
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
			if (flags)
				keep_desc(c, font, flags, z, nz);
			if (owned)
				free((void *)z);
		}
	}
	free(flags);
	free(raw);
}

/* Deflates the page contents of w's document at PDF_CONTENT_LEVEL here (libharu would at
 * zlib's default, 6) with one zlib stream reset for each (libharu sets up one per stream). */
static void deflate_contents(struct pdf_writer *w)
{
	HPDF_List pages = w->pdf->page_list;
	z_stream zs = {0};
	if (!pages || deflateInit(&zs, PDF_CONTENT_LEVEL) != Z_OK)
		return;
	unsigned char *raw = NULL, *z = NULL;
	size_t rawcap = 0, zcap = 0;
	for (HPDF_UINT i = 0; i < pages->count; i++) {
		HPDF_Page page = HPDF_List_ItemAt(pages, i);
		HPDF_Dict c = page ? ((HPDF_PageAttr)page->attr)->contents : NULL;
		if (!c || !c->stream || c->filter != HPDF_STREAM_FILTER_FLATE_DECODE || c->write_fn)
			continue;
		HPDF_UINT32 size = HPDF_Stream_Size(c->stream);
		HPDF_UINT got = size;
		xgrow((void **)&raw, &rawcap, size ? size : 1, 1);
		if (HPDF_Stream_Seek(c->stream, 0, HPDF_SEEK_SET) != HPDF_OK ||
		    HPDF_Stream_Read(c->stream, raw, &got) != HPDF_OK || got != size)
			continue; /* left to libharu */
		uLong bound = deflateBound(&zs, size);
		xgrow((void **)&z, &zcap, bound, 1);
		deflateReset(&zs);
		zs.next_in = raw;
		zs.avail_in = size;
		zs.next_out = z;
		zs.avail_out = (uInt)bound;
		if (deflate(&zs, Z_FINISH) != Z_STREAM_END)
			continue;
		HPDF_MemStream_FreeData(c->stream);
		HPDF_Stream_Write(c->stream, z, (HPDF_UINT)zs.total_out);
		c->filter = HPDF_STREAM_FILTER_NONE;
		c->write_fn = write_flate_filter;
	}
	deflateEnd(&zs);
	free(raw);
	free(z);
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
	if (w->shared) {
		/* the document's objects go now; the font definitions stay for the next one, out
		 * of the list that HPDF_Free would free them with */
		HPDF_FreeDoc(w->pdf);
		struct pdf_cache *c = w->fonts->cache;
		while (w->pdf->fontdef_list->count > 0) {
			HPDF_FontDef def = HPDF_List_RemoveByIndex(w->pdf->fontdef_list, 0);
			bool kept = false;
			for (size_t i = 0; i < c->ndefs && !kept; i++)
				kept = c->defs[i].def == def;
			if (!kept) /* loaded by libharu itself (the cache full) */
				HPDF_FontDef_Free(def);
		}
		w->pdf->error.user_data = NULL;
		w->fonts->cache->busy = false;
	} else {
		HPDF_Free(w->pdf);
	}
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
	for (int f = 0; f < FONT_NFACES && !w->c.first_error; f++)
		if (w->font[f] && (w->fonts->fixed >> f & 1))
			widen_glyphs(((HPDF_FontAttr)w->font[f]->attr)->fontdef);
	for (int f = 0; f < FONT_NFACES && simple && w->fonts->cache && !w->c.first_error; f++)
		if (w->font[f])
			precompress_font(w->fonts->cache, w->font[f], w->shared);
	if (!w->c.first_error)
		deflate_contents(w);
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
