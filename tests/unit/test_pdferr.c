/* test_pdferr: libharu's error codes in words (pdf/pdferr.h) — every code of hpdf_error.h has
 * a sentence, the codes our use can raise say what happened, the code follows in brackets;
 * and the backend's real failures (a title too long, a font size or page beyond the limits,
 * a damaged or missing font file) reach err in those words.
 * Invariant: run from the repository root (fonts/); temporary files in one mkdtemp folder. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <hpdf_error.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "font/fontset.h"
#include "harness.h"
#include "layout/pages.h"
#include "pdf/pdf.h"
#include "pdf/pdferr.h"
#include "util/xalloc.h"

static const char *const INTERNAL = "an error inside the program (please report it with this code)";

static void test_every_code(void)
{
	/* every code libharu 2.3 defines: 0x1001 … 0x1085 */
	size_t internal = 0, plain = 0;
	for (unsigned long c = 0x1001; c <= 0x1085; c++) {
		const char *w = pdf_error_what(c);
		CHECK(w && *w, "0x%04lX has no sentence", c);
		CHECK(!strstr(w, "PDF library error"), "0x%04lX: %s", c, w);
		if (strcmp(w, INTERNAL) == 0)
			internal++;
		else
			plain++;
	}
	CHECK(plain >= 30, "only %zu codes in plain words", plain);
	CHECK(internal > 0, "every code in plain words, even the program's own mistakes");
	CHECK_STR(pdf_error_what(0), INTERNAL);
	CHECK_STR(pdf_error_what(0x9999), INTERNAL);
}

static void test_words(void)
{
	CHECK_STR(pdf_error_what(HPDF_FAILD_TO_ALLOC_MEM), "out of memory");
	CHECK_STR(pdf_error_what(HPDF_STRING_OUT_OF_RANGE),
		  "a text is too long for a PDF: more than 65 535 bytes in one piece");
	CHECK(strstr(pdf_error_what(HPDF_REAL_OUT_OF_RANGE), "the text does not fit the page"), "0x1057");
	CHECK(strstr(pdf_error_what(HPDF_PAGE_OUT_OF_RANGE), "the text does not fit the page"), "0x1056");
	CHECK(strstr(pdf_error_what(HPDF_PAGE_INVALID_SIZE), "page size"), "0x1054");
	CHECK(strstr(pdf_error_what(HPDF_PAGE_INVALID_FONT_SIZE), "font size"), "0x1050");
	CHECK(strstr(pdf_error_what(HPDF_XREF_COUNT_ERR), "too large"), "0x1065");
	CHECK(strstr(pdf_error_what(HPDF_TTF_CANNOT_EMBEDDING_FONT), "licence forbids embedding"), "0x105D");
	static const unsigned long damaged[] = {HPDF_TTF_INVALID_CMAP, HPDF_TTF_INVALID_FOMAT,
						HPDF_TTF_MISSING_TABLE, HPDF_INVALID_FONTDEF_DATA,
						HPDF_STREAM_EOF};
	for (size_t i = 0; i < sizeof damaged / sizeof *damaged; i++)
		CHECK(strstr(pdf_error_what(damaged[i]), "a font file is damaged"), "0x%04lX", damaged[i]);
	CHECK_STR(pdf_error_what(HPDF_FILE_OPEN_ERROR), "cannot open a font file");
	CHECK_STR(pdf_error_what(HPDF_INVALID_DOCUMENT_STATE), INTERNAL);

	char s[256];
	pdf_error_describe(HPDF_STRING_OUT_OF_RANGE, 0, s, sizeof s);
	CHECK_STR(s, "a text is too long for a PDF: more than 65 535 bytes in one piece (libharu error 0x105B)");
	pdf_error_describe(HPDF_FILE_OPEN_ERROR, 2, s, sizeof s);
	CHECK_STR(s, "cannot open a font file (libharu error 0x1017, detail 2)");
	char small[8];
	pdf_error_describe(HPDF_FAILD_TO_ALLOC_MEM, 0, small, sizeof small);
	CHECK_STR(small, "out of ");
}

/* ---- the backend's real failures ------------------------------------------------------ */

static struct fontset fs;

/* Renders one A4 page (width × height) with one line at size; title as given; face 0 from
 * font (NULL: the set's). Returns pdf_render's status, its message in err. */
static int render(double width, double height, double size, const char *title, const char *font,
		  char *err, size_t errlen)
{
	struct pages pg = {0};
	pg.width = width;
	pg.height = height;
	pg.title = xstrdup(title);
	struct page *p = pages_add(&pg);
	struct item it = {.kind = ITEM_TEXT, .face = FONT_REGULAR, .size = size, .x = 72, .y = 300};
	it.text = xstrdup("Паспорт патроната");
	page_add_item(p, &it);
	struct pdf_fonts pf = {0};
	for (int f = 0; f < FONT_NMAIN; f++)
		pf.path[f] = fontset_pdf_path(&fs, f);
	if (font)
		pf.path[FONT_REGULAR] = font;
	char *data = NULL;
	size_t n;
	err[0] = '\0';
	int rc = pdf_render(&pg, &pf, "test", &data, &n, err, errlen);
	free(data);
	pages_free(&pg);
	return rc;
}

static void test_backend(void)
{
	char err[512];
	CHECK(render(595.276, 841.89, 14, "Паспорт", NULL, err, sizeof err) == 0, "a plain page: %s", err);

	char *title = xmalloc(70001);
	memset(title, 'a', 70000);
	title[70000] = '\0';
	CHECK(render(595.276, 841.89, 14, title, NULL, err, sizeof err) == -1, "a title of 70 000 bytes");
	CHECK_STR(err, "a text is too long for a PDF: more than 65 535 bytes in one piece (libharu error 0x105B)");
	free(title);

	CHECK(render(595.276, 841.89, 700, "Паспорт", NULL, err, sizeof err) == -1, "a font of 700 pt");
	CHECK(strstr(err, "a font size is beyond") && strstr(err, "(libharu error 0x1050"), "%s", err);

	CHECK(render(20000, 841.89, 14, "Паспорт", NULL, err, sizeof err) == -1, "a page 20 000 pt wide");
	CHECK(strstr(err, "the page size is beyond") && strstr(err, "(libharu error 0x1054"), "%s", err);

	char dir[] = "/tmp/patronat-pdferr-XXXXXX";
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(2);
	}
	char *bad = xasprintf("%s/damaged.ttf", dir);
	FILE *f = fopen(bad, "wb");
	if (!f)
		exit(2);
	/* a TrueType header claiming tables that are not there */
	fwrite("\x00\x01\x00\x00\x00\x0d\x00\x80\x00\x03\x00\x50glyfjunkjunkjunk", 1, 28, f);
	fclose(f);
	CHECK(render(595.276, 841.89, 14, "Паспорт", bad, err, sizeof err) == -1, "a damaged font file");
	CHECK(strstr(err, "a font file is damaged") && strstr(err, "(libharu error 0x"), "%s", err);
	unlink(bad);
	free(bad);

	char *missing = xasprintf("%s/missing.ttf", dir);
	CHECK(render(595.276, 841.89, 14, "Паспорт", missing, err, sizeof err) == -1, "a missing font file");
	CHECK(strstr(err, "cannot open a font file (libharu error 0x1017"), "%s", err);
	free(missing);
	rmdir(dir);
}

int main(void)
{
	char err[512];
	test_every_code();
	test_words();
	if (fontset_load(&fs, "fonts", err, sizeof err) != 0) {
		printf("fonts: %s\n", err);
		return 2;
	}
	test_backend();
	fontset_free(&fs);
	return DONE("pdferr");
}
