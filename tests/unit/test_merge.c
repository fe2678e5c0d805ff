/* test_merge: print files merged from per-graduate PDFs (pdf/merge.h) — pages in order, a
 * valid PDF (qpdf --check), the text in order (pdftotext), duplex blanks, identical bytes for
 * identical inputs, an outline and page labels read back, font files deflated once giving
 * the same bytes, strings and stream data copied verbatim, and damaged inputs rejected
 * with the file named, no crash and nothing left in the output folder.
 * Invariants: run from the repository root (fonts/); every file lives in one mkdtemp folder
 * removed at the end; the last line is "merge: N passed, N failed". */
#define _DEFAULT_SOURCE /* mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "font/fontset.h"
#include "harness.h"
#include "pdf/merge.h"
#include "pdf/pdf.h"
#include "util/buf.h"
#include "util/fileio.h"
#include "util/sha256.h"
#include "util/xalloc.h"

static char dir[] = "/tmp/patronat-merge-XXXXXX";
static struct fontset fs;

static char *tmp_path(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static void write_file(const char *name, const char *data, size_t n)
{
	char *p = tmp_path(name);
	FILE *f = fopen(p, "wb");
	if (f) {
		fwrite(data, 1, n, f);
		fclose(f);
	}
	free(p);
}

/* A document of npages A4 pages, each with the line "<label>, страница K", rendered by the
 * backend into dir/name. */
static void make_doc(const char *name, const char *label, int npages)
{
	struct pages pg = {0};
	pg.width = 595.276;
	pg.height = 841.89;
	pg.title = xstrdup(label);
	for (int k = 1; k <= npages; k++) {
		struct page *p = pages_add(&pg);
		struct item it = {.kind = ITEM_TEXT, .face = FONT_REGULAR, .size = 12, .x = 72, .y = 700};
		it.text = xasprintf("%s, страница %d", label, k);
		page_add_item(p, &it);
	}
	struct pdf_fonts pf = {0};
	for (int f = 0; f < FONT_NMAIN; f++)
		pf.path[f] = fontset_pdf_path(&fs, f);
	char *data, err[256];
	size_t n;
	CHECK(pdf_render(&pg, &pf, "test", &data, &n, err, sizeof err) == 0, "%s", err);
	write_file(name, data, n);
	free(data);
	pages_free(&pg);
}

/* Merges the named inputs of dir into dir/out. Returns 0 (pages, sha set) or -1 (err). */
static int merge_marked(const char *out, const char *const *in, const char *const *titles,
			const char *const *labels, size_t n, bool duplex, size_t *pages, char sha[65], char *err,
			size_t errlen)
{
	struct pdf_merge_opts o = {"Паспорта патроната выпускников", "Колледж «Тест»", "patronat", duplex, NULL};
	char *path = tmp_path(out);
	struct pdf_merge *m = pdf_merge_new(path, &o, err, errlen);
	free(path);
	if (!m)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char *p = tmp_path(in[i]);
		int rc = pdf_merge_add(m, p, titles ? titles[i] : NULL, labels ? labels[i] : NULL, err, errlen);
		free(p);
		if (rc != 0) {
			pdf_merge_abort(m);
			return -1;
		}
	}
	return pdf_merge_finish(m, pages, sha, err, errlen);
}

static int merge(const char *out, const char *const *in, size_t n, bool duplex, size_t *pages, char sha[65],
		 char *err, size_t errlen)
{
	return merge_marked(out, in, NULL, NULL, n, duplex, pages, sha, err, errlen);
}

/* The output of a shell command (at most 64 KB). */
static char *run(const char *fmt, const char *arg)
{
	char *cmd = xasprintf(fmt, dir, arg);
	FILE *p = popen(cmd, "r");
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t k;
	while (p && (k = fread(chunk, 1, sizeof chunk, p)) > 0 && b.len < 65536)
		buf_add(&b, chunk, k);
	if (p)
		pclose(p);
	free(cmd);
	buf_addc(&b, '\0');
	return buf_take(&b);
}

static bool qpdf_clean(const char *name)
{
	char *cmd = xasprintf("qpdf --check '%s/%s' >/dev/null 2>&1", dir, name);
	int rc = system(cmd);
	free(cmd);
	return rc == 0;
}

static int pdfinfo_pages(const char *name)
{
	char *s = run("pdfinfo '%s/%s' 2>/dev/null | awk '/^Pages:/ {print $2}'", name);
	int n = atoi(s);
	free(s);
	return n;
}

static bool exists(const char *name)
{
	char *p = tmp_path(name);
	struct stat st;
	bool e = lstat(p, &st) == 0;
	free(p);
	return e;
}

/* Whether dir holds a temporary file left by a merge. */
static bool tmp_left(void)
{
	char *s = run("ls '%s' | grep -c '\\.tmp\\.'%s", "");
	bool left = atoi(s) > 0;
	free(s);
	return left;
}

static void test_real(void)
{
	const char *in[] = {"a.pdf", "b.pdf", "c.pdf"};
	size_t pages = 0;
	char sha[65] = "", err[512] = "";
	CHECK(merge("all.pdf", in, 3, false, &pages, sha, err, sizeof err) == 0, "%s", err);
	CHECK(pages == 6, "pages %zu", pages);
	CHECK(pdfinfo_pages("all.pdf") == 6, "pdfinfo pages");
	CHECK(qpdf_clean("all.pdf"), "qpdf --check fails on the merged file");
	char *text = run("pdftotext -enc UTF-8 '%s/%s' - 2>&1", "all.pdf");
	const char *want[] = {"Документ А, страница 1", "Документ Б, страница 1", "Документ Б, страница 2",
			      "Документ В, страница 1", "Документ В, страница 2", "Документ В, страница 3"};
	const char *at = text;
	for (size_t i = 0; i < 6; i++) {
		const char *f = at ? strstr(at, want[i]) : NULL;
		CHECK(f != NULL, "[%s] not found in order in [%s]", want[i], text);
		at = f;
	}
	CHECK(strstr(text, "Error") == NULL, "poppler complains: %s", text);
	free(text);
	char *info = run("pdfinfo '%s/%s' 2>&1", "all.pdf");
	CHECK(strstr(info, "Title:           Паспорта патроната выпускников") != NULL, "%s", info);
	CHECK(strstr(info, "Author:          Колледж «Тест»") != NULL, "%s", info);
	free(info);

	char *p = tmp_path("all.pdf"), file_sha[65];
	struct stat st;
	CHECK(sha256_file(p, file_sha) == 0 && strcmp(file_sha, sha) == 0, "sha %s, file %s", sha, file_sha);
	CHECK(stat(p, &st) == 0 && (st.st_mode & 0777) == 0640, "mode %o", (unsigned)(st.st_mode & 0777));
	char *d1, *d2;
	size_t n1, n2;
	char sha2[65];
	CHECK(merge("again.pdf", in, 3, false, &pages, sha2, err, sizeof err) == 0, "%s", err);
	char *p2 = tmp_path("again.pdf");
	CHECK(file_read_all(p, 1 << 24, &d1, &n1) == 0 && file_read_all(p2, 1 << 24, &d2, &n2) == 0, "read back");
	CHECK(n1 == n2 && memcmp(d1, d2, n1) == 0, "the same inputs give different bytes");
	CHECK_STR(sha, sha2);
	free(d1), free(d2), free(p), free(p2);
	CHECK(!tmp_left(), "a temporary file is left");
}

static void test_duplex(void)
{
	const char *in[] = {"a.pdf", "b.pdf", "c.pdf", "a.pdf"};
	size_t pages = 0;
	char sha[65], err[512] = "";
	/* a on 1, blank 2, b on 3-4, c on 5-7, blank 8, a on 9 */
	CHECK(merge("duplex.pdf", in, 4, true, &pages, sha, err, sizeof err) == 0, "%s", err);
	CHECK(pages == 9, "pages %zu", pages);
	CHECK(qpdf_clean("duplex.pdf"), "qpdf --check fails on the duplex file");
	char *text = run("pdftotext -enc UTF-8 '%s/%s' - | awk 'BEGIN {RS=\"\\f\"} {print NR \": \" $0}' | tr '\\n' ' '",
			 "duplex.pdf");
	CHECK(strstr(text, "2:  3: Документ Б, страница 1") != NULL, "%s", text);
	CHECK(strstr(text, "8:  9: Документ А, страница 1") != NULL, "%s", text);
	free(text);
	char *sizes = run("pdfinfo -f 1 -l 9 '%s/%s' | grep -c 'size: *595.27[0-9]* x 841.8[0-9]* pts (A4)'", "duplex.pdf");
	CHECK(atoi(sizes) == 9, "every page A4, the blanks too: %s", sizes);
	free(sizes);
}

/* The outline and page labels read back through qpdf's JSON: "title@page" per entry, then
 * "label@first page" per range (pages from 1). */
static void test_outline(void)
{
	const char *in[] = {"a.pdf", "b.pdf", "c.pdf", "a.pdf"};
	const char *titles[] = {"Зуев Артём Сергеевич — 2024-001", "Ёлкина «Ая» (1) — 2024-002", NULL,
				"Абрамова Ксения Михайловна — 2026-013"};
	const char *labels[] = {"2024-001-", "2024-002-", "", "2026-013-"};
	size_t pages = 0;
	char sha[65], err[512] = "";
	/* a on 1, blank 2, b on 3-4, c on 5-7, blank 8, a on 9 */
	CHECK(merge_marked("outline.pdf", in, titles, labels, 4, true, &pages, sha, err, sizeof err) == 0, "%s", err);
	CHECK(pages == 9, "pages %zu", pages);
	CHECK(qpdf_clean("outline.pdf"), "qpdf --check fails on the file with an outline");
	static const char script[] =
		"import json, sys\n"
		"d = json.load(sys.stdin)\n"
		"print(' '.join('%s@%d' % (o['title'], o['destpageposfrom1']) for o in d['outlines']))\n"
		"print(' '.join('%s@%d' % (r['label'].get('/P', '-'), r['index'] + 1) for r in d['pagelabels']))\n";
	write_file("outline.py", script, strlen(script));
	char *got = run("cd '%s' && qpdf --json --json-key=outlines --json-key=pagelabels %s | python3 outline.py",
			"outline.pdf");
	CHECK_STR(got, "Зуев Артём Сергеевич — 2024-001@1 Ёлкина «Ая» (1) — 2024-002@3 "
		       "Абрамова Ксения Михайловна — 2026-013@9\n"
		       "u:2024-001-@1 u:2024-002-@3 -@5 u:2026-013-@9\n");
	free(got);
	char *warn = run("cd '%s' && { pdfinfo %s >/dev/null; pdftotext outline.pdf /dev/null; } 2>&1", "outline.pdf");
	CHECK_STR(warn, "");
	free(warn);
	/* no titles, no labels: no outline, no /PageLabels */
	CHECK(merge("plain.pdf", in, 2, false, &pages, sha, err, sizeof err) == 0, "%s", err);
	char *plain = run("grep -a -c -e /Outlines -e /PageLabels '%s/%s'", "plain.pdf");
	CHECK_STR(plain, "0\n");
	free(plain);
}

/* Font files deflated once (pdf_fonts.cache) give the very bytes of compressing them in
 * every document: the same pages rendered without the cache, with it (filling it) and with
 * it again (reading it), and pages drawing other glyphs after them. */
static void test_font_cache(void)
{
	struct pdf_fonts pf = {0};
	for (int f = 0; f < FONT_NMAIN; f++)
		pf.path[f] = fontset_pdf_path(&fs, f);
	const char *texts[] = {"Зуев Артём Сергеевич", "Ёлкина «Ая» — 2024-002, Щ"};
	for (size_t k = 0; k < 2; k++) {
		struct pages pg = {0};
		pg.width = 595.276;
		pg.height = 841.89;
		struct page *p = pages_add(&pg);
		for (int face = 0; face < FONT_NMAIN; face++) {
			struct item it = {.kind = ITEM_TEXT, .face = face, .size = 12, .x = 72, .y = 700 - 20 * face};
			it.text = xstrdup(texts[k]);
			page_add_item(p, &it);
		}
		char *d[3] = {NULL, NULL, NULL}, err[256] = "";
		size_t n[3] = {0, 0, 0};
		struct pdf_cache *c = pdf_cache_new();
		for (int i = 0; i < 3; i++) {
			pf.cache = i == 0 ? NULL : c;
			CHECK(pdf_render(&pg, &pf, "test", &d[i], &n[i], err, sizeof err) == 0, "%s", err);
		}
		CHECK(n[0] > 0 && n[0] == n[1] && memcmp(d[0], d[1], n[0]) == 0, "filling the cache changes the bytes");
		CHECK(n[0] == n[2] && memcmp(d[0], d[2], n[0]) == 0, "a cached font changes the bytes");
		write_file("cached.pdf", d[2], n[2]);
		CHECK(qpdf_clean("cached.pdf"), "qpdf --check fails on a document with a cached font");
		char *text = run("pdftotext -enc UTF-8 '%s/%s' - 2>&1", "cached.pdf");
		CHECK(strstr(text, texts[k]) != NULL, "[%s] not in [%s]", texts[k], text);
		free(text);
		for (int i = 0; i < 3; i++)
			free(d[i]);
		pdf_cache_free(c);
		pages_free(&pg);
	}
}

/* A hand-made PDF of the given object bodies (object i+1 = body[i]), /Root 1 0 R. */
static void make_raw(const char *name, const char *const *body, size_t n)
{
	struct buf b = BUF_INIT;
	size_t *off = xcalloc(n + 1, sizeof *off);
	buf_adds(&b, "%PDF-1.3\n");
	for (size_t i = 0; i < n; i++) {
		off[i + 1] = b.len;
		buf_printf(&b, "%zu 0 obj\n%s\nendobj\n", i + 1, body[i]);
	}
	size_t xref = b.len;
	buf_printf(&b, "xref\n0 %zu\n0000000000 65535 f\r\n", n + 1);
	for (size_t i = 1; i <= n; i++)
		buf_printf(&b, "%010zu 00000 n\r\n", off[i]);
	buf_printf(&b, "trailer\n<< /Size %zu /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", n + 1, xref);
	write_file(name, b.data, b.len);
	buf_free(&b);
	free(off);
}

#define CONTENT "BT /F1 12 Tf 72 700 Td (x \\) 5 0 R) Tj ET\n% 3 0 R endobj endstream"

static void test_verbatim(void)
{
	const char *tricky[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>",
		"<< /Type /Page /MediaBox [ 0 0 595 842 ] /Parent 2 0 R /Contents 4 0 R\n"
		"/Resources << /Font << /F1 6 0 R >> >>\n"
		"/Note (a (nested 2 0 R) \\( 4 0 R) /Hex <3420302052> /Dict <</X 4 0 R>> >>",
		"<< /Length 5 0 R >>\nstream\n" CONTENT "\nendstream",
		"66",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	};
	CHECK(strlen(CONTENT) == 66, "content length %zu", strlen(CONTENT));
	make_raw("tricky.pdf", tricky, 6);
	make_raw("tricky2.pdf", tricky, 6);
	const char *in[] = {"tricky.pdf", "tricky2.pdf"};
	size_t pages = 0;
	char sha[65], err[512] = "";
	CHECK(merge("tricky-out.pdf", in, 2, false, &pages, sha, err, sizeof err) == 0, "%s", err);
	CHECK(pages == 2, "pages %zu", pages);
	CHECK(qpdf_clean("tricky-out.pdf"), "qpdf --check fails on the merged hand-made file");
	char *p = tmp_path("tricky-out.pdf"), *d = NULL;
	size_t n = 0;
	CHECK(file_read_all(p, 1 << 20, &d, &n) == 0, "read back");
	free(p);
	if (!d)
		return;
	/* the first input's objects 3..6 become 4..7, the second's 8..11 */
	CHECK(strstr(d, "/Note (a (nested 2 0 R) \\( 4 0 R) /Hex <3420302052> /Dict <</X 5 0 R>>") != NULL,
	      "strings must be copied verbatim, the reference renumbered: %s", d);
	CHECK(strstr(d, "/Parent 2 0 R /Contents 5 0 R") != NULL, "first page's references");
	CHECK(strstr(d, "/Parent 2 0 R /Contents 9 0 R") != NULL, "second page's references");
	CHECK(strstr(d, "/Length 6 0 R >>\nstream\n" CONTENT "\nendstream") != NULL, "stream data copied verbatim");
	CHECK(strstr(d, "/Kids [\n4 0 R 8 0 R\n]\n/Count 2") != NULL, "the new page tree: %s", d);
	free(d);
}

/* Expects the merge of good.pdf then name to fail naming name, leaving nothing behind. */
static void expect_rejected(const char *name, const char *why)
{
	const char *in[] = {"a.pdf", name};
	size_t pages = 0;
	char sha[65], err[512] = "";
	CHECK(merge("bad-out.pdf", in, 2, false, &pages, sha, err, sizeof err) != 0, "%s accepted", name);
	CHECK(strstr(err, name) != NULL, "%s: the message does not name the file: %s", name, err);
	CHECK(strstr(err, why) != NULL, "%s: expected [%s] in [%s]", name, why, err);
	CHECK(!exists("bad-out.pdf"), "%s: an output file is left", name);
	CHECK(!tmp_left(), "%s: a temporary file is left", name);
}

static void test_damaged(void)
{
	char *p = tmp_path("b.pdf"), *d;
	size_t n;
	CHECK(file_read_all(p, 1 << 24, &d, &n) == 0, "read b.pdf");
	free(p);
	write_file("truncated.pdf", d, n / 2);
	expect_rejected("truncated.pdf", "startxref");
	write_file("tail-cut.pdf", d, n - 30);
	expect_rejected("tail-cut.pdf", "startxref");
	/* the xref's first object entry pointed one byte off */
	char *x = strstr(d, "65535 f\r\n");
	if (x) {
		x[9 + 9] = (char)(x[9 + 9] == '9' ? '8' : x[9 + 9] + 1);
		write_file("offset.pdf", d, n);
		expect_rejected("offset.pdf", "xref table does not point at the object");
	}
	free(d);
	write_file("garbage.pdf", "\x89PNG\r\n\x1a\n garbage", 17);
	expect_rejected("garbage.pdf", "no %PDF header");
	write_file("empty.pdf", "", 0);
	expect_rejected("empty.pdf", "no %PDF header");
	expect_rejected("missing.pdf", "cannot read");
	char *fifo = tmp_path("fifo.pdf");
	CHECK(mkfifo(fifo, 0600) == 0, "mkfifo");
	free(fifo);
	expect_rejected("fifo.pdf", "not a regular file"); /* must not block */

	const char *long_len[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>",
		"<< /Type /Page /MediaBox [ 0 0 595 842 ] /Parent 2 0 R /Contents 4 0 R /Resources << >> >>",
		"<< /Length 999999 >>\nstream\nBT ET\nendstream",
	};
	make_raw("length.pdf", long_len, 4);
	expect_rejected("length.pdf", "/Length runs past the end");
	const char *loop[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>",
		"<< /Type /Pages /Kids [ 4 0 R 2 0 R ] /Parent 2 0 R /Count 1 >>",
		"<< /Type /Page /MediaBox [ 0 0 595 842 ] /Parent 3 0 R /Resources << >> >>",
	};
	make_raw("loop.pdf", loop, 4);
	expect_rejected("loop.pdf", "loop in the page tree");
	const char *self[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [ 2 0 R ] /Count 1 >>",
	};
	make_raw("self.pdf", self, 2);
	expect_rejected("self.pdf", "loop in the page tree");
	const char *unclosed[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>",
		"<< /Type /Page /MediaBox [ 0 0 595 842 ] /Parent 2 0 R /Resources << >> /T (never closed >>",
	};
	make_raw("unclosed.pdf", unclosed, 3);
	expect_rejected("unclosed.pdf", "damaged");
	const char *dangling[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>",
		"<< /Type /Page /MediaBox [ 0 0 595 842 ] /Parent 2 0 R /Contents 9 0 R /Resources << >> >>",
	};
	make_raw("dangling.pdf", dangling, 3);
	expect_rejected("dangling.pdf", "missing object");
}

int main(void)
{
	char err[512];
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	CHECK(fontset_load(&fs, "fonts", err, sizeof err) == 0, "%s", err);
	make_doc("a.pdf", "Документ А", 1);
	make_doc("b.pdf", "Документ Б", 2);
	make_doc("c.pdf", "Документ В", 3);
	test_real();
	test_duplex();
	test_outline();
	test_font_cache();
	test_verbatim();
	test_damaged();
	fontset_free(&fs);
	char *cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("cannot remove %s\n", dir);
	free(cmd);
	return DONE("merge");
}
