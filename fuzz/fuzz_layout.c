/* fuzz_layout: arbitrary UTF-8 (valid or not) into paragraphs and a table cell, laid out with
 * the real fonts and hyphenation, then rendered to PDF in memory. Run from the repository's
 * root (it reads fonts/). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "font/fontset.h"
#include "layout/hyph.h"
#include "layout/layout.h"
#include "pdf/cp1251.h"
#include "pdf/pdf.h"
#include "util/xalloc.h"

static struct fontset fs;
static struct hyph *hy;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	char err[256];
	if (fontset_load(&fs, "fonts", err, sizeof err) != 0)
		abort();
	hy = hyph_load("/usr/share/hyphen/hyph_ru_RU.dic");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	if (n > 20000)
		return 0;
	char *text = xstrndup((const char *)data, n);
	struct doc *d = doc_new();
	struct doc_para *p = doc_add_text(d, DOC_JUSTIFY, DOC_REGULAR, text);
	p->hyphenate = true;
	p->indent_first = 35;
	p->rule_after = true;
	p->blank_lines = 1;
	doc_add_text(d, DOC_CENTER, DOC_BOLD_ITALIC, text)->rule_under = true;
	double w[3] = {1, 4, 2};
	struct doc_table *t = doc_add_table(d, 3, w);
	const char *hdr[3] = {"№", "Текст", "Ещё"};
	doc_table_add_row(t, hdr, false, true);
	const char *cells[3] = {"1", text, text};
	doc_table_add_row(t, cells, false, false);
	doc_table_add_row(t, cells, true, false);
	doc_add_signature(d, text, "И.\xc2\xa0О.\xc2\xa0Фамилия", "(подпись)");
	struct layout_opts lo;
	layout_default_opts(&lo);
	for (int f = 0; f < FONT_NFACES; f++)
		lo.face[f] = fs.ttf[f];
	lo.can_show = cp1251_has;
	lo.hyph = hy;
	struct pages pg = {0};
	layout_doc(d, &lo, &pg);
	struct pdf_fonts pf = {0};
	for (int f = 0; f < FONT_NMAIN; f++)
		pf.path[f] = fs.path[f];
	char *out = NULL, err[256];
	size_t len;
	/* the backend too, for one input in eight (libharu's font loading is slow) */
	if ((n & 7) == 0 && pdf_render(&pg, &pf, "fuzz", &out, &len, err, sizeof err) == 0)
		free(out);
	pages_free(&pg);
	doc_free(d);
	free(text);
	return 0;
}
