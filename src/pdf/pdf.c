/* pdf: pages → PDF through libharu 2.3 (CP1251 encoder, embedded TrueType subsets). */
#include "pdf.h"

#include <hpdf.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/cp1251.h"
#include "util/fileio.h"
#include "util/utf8.h"
#include "util/xalloc.h"

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

static void set_info(HPDF_Doc pdf, HPDF_InfoType type, const char *utf8)
{
	if (!utf8 || !*utf8)
		return;
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

static void draw_texts(HPDF_Page page, const struct page *pg, HPDF_Font font[FONT_NFACES])
{
	int cur_face = -1; /* none yet */
	double cur_size = 0, cur_ws = 0;
	HPDF_Page_BeginText(page);
	for (size_t i = 0; i < pg->nitems; i++) {
		const struct item *it = &pg->items[i];
		if (it->kind != ITEM_TEXT || !it->text || !*it->text || (unsigned)it->face >= FONT_NFACES)
			continue;
		if ((int)it->face != cur_face || it->size != cur_size) {
			HPDF_Page_SetFontAndSize(page, font[it->face], (HPDF_REAL)it->size);
			cur_face = (int)it->face;
			cur_size = it->size;
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

static void draw_page(HPDF_Doc pdf, const struct pages *pgs, const struct page *pg, HPDF_Font font[FONT_NFACES])
{
	HPDF_Page page = HPDF_AddPage(pdf);
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
	draw_texts(page, pg, font);
}

/* One libharu document being built: fonts loaded as first needed, metadata from the pages. */
struct pdf_writer {
	struct ctx c;
	HPDF_Doc pdf;
	const struct pdf_fonts *fonts;
	HPDF_Font font[FONT_NFACES];
	bool info_set;
	char *creator;
};

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

/* Loads the faces pg shows that are not loaded yet (only those: a face not shown is not embedded). */
static void load_fonts(struct pdf_writer *w, const struct pages *pg)
{
	bool used[FONT_NFACES] = {false};
	for (size_t i = 0; i < pg->n; i++)
		for (size_t k = 0; k < pg->v[i].nitems; k++)
			if (pg->v[i].items[k].kind == ITEM_TEXT && (unsigned)pg->v[i].items[k].face < FONT_NFACES)
				used[pg->v[i].items[k].face] = true;
	for (int f = 0; f < FONT_NFACES && !w->c.first_error; f++) {
		if (!used[f] || w->font[f])
			continue;
		const char *name = HPDF_LoadTTFontFromFile(w->pdf, w->fonts->path[f], HPDF_TRUE);
		if (name)
			w->font[f] = HPDF_GetFont(w->pdf, name, "CP1251");
	}
}

static int pdf_writer_add(struct pdf_writer *w, const struct pages *pg)
{
	load_fonts(w, pg);
	if (!w->info_set && !w->c.first_error) {
		HPDF_SetCurrentEncoder(w->pdf, "CP1251");
		set_info(w->pdf, HPDF_INFO_TITLE, pg->title);
		set_info(w->pdf, HPDF_INFO_AUTHOR, pg->author);
		set_info(w->pdf, HPDF_INFO_SUBJECT, pg->subject);
		set_info(w->pdf, HPDF_INFO_KEYWORDS, pg->keywords);
		set_info(w->pdf, HPDF_INFO_CREATOR, w->creator);
		w->info_set = true;
	}
	for (size_t i = 0; i < pg->n && !w->c.first_error; i++) {
		draw_page(w->pdf, pg, &pg->v[i], w->font);
	}
	return w->c.first_error ? -1 : 0;
}

static void writer_free(struct pdf_writer *w)
{
	HPDF_Free(w->pdf);
	free(w->creator);
	free(w);
}

static int pdf_writer_finish(struct pdf_writer *w, char **data, size_t *n, char *err, size_t errlen)
{
	int rc = -1;
	if (!w->c.first_error)
		HPDF_SaveToStream(w->pdf);
	if (w->c.first_error) {
		snprintf(err, errlen, "PDF library error 0x%04X (detail %u)", (unsigned)w->c.first_error,
			 (unsigned)w->c.detail);
	} else {
		HPDF_UINT32 size = HPDF_GetStreamSize(w->pdf);
		char *buf = xmalloc(size ? size : 1);
		HPDF_UINT32 got = size;
		HPDF_ResetStream(w->pdf);
		HPDF_ReadFromStream(w->pdf, (HPDF_BYTE *)buf, &got);
		if (got != size) {
			snprintf(err, errlen, "PDF library error while saving");
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
		snprintf(err, errlen, "cannot start a PDF (out of memory)");
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
