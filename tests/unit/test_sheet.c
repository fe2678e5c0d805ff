/* test_sheet: unit tests of the workbook reader (src/sheet): every kind of value in .xlsx
 * and .ods workbooks built here with libzip, the sample's fixtures (tests/data/workbooks,
 * made by LibreOffice) read back to the cells of the CSV reader, and each hostile workbook
 * refused with its message. Prints "ok NAME" / "FAIL NAME: detail" and a final
 * "sheet: N passed, N failed" line.
 * `test_sheet --write-bench PATH ROWS` writes a ROWS-row .xlsx (--write-bench-ods: .ods,
 * the ROWS rows followed by empty rows repeated up to row 1048576); `test_sheet --read PATH`
 * reads every sheet of a workbook and prints its row and cell counts (for /usr/bin/time -v).
 * Invariant: every workbook is written to a temporary file that is removed; every test
 * frees what it got. */
#define _POSIX_C_SOURCE 200809L /* mkstemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include "harness.h"
#include "csv/csv_read.h"
#include "sheet/sheet.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* ---- building workbooks ---- */

struct part {
	const char *name;
	const char *data; /* NUL-terminated unless len is given */
	size_t len;
};

/* Writes a zip of the parts (NULL name ends the list) to a new temporary file; returns
 * its path (free it, unlink it). With password, every entry is encrypted (AES-256). */
static char *write_zip_pw(const struct part *parts, const char *password)
{
	char *path = xstrdup("/tmp/test_sheet_XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0) {
		perror("mkstemp");
		exit(2);
	}
	close(fd);
	int err;
	zip_t *za = zip_open(path, ZIP_TRUNCATE, &err);
	if (!za) {
		fprintf(stderr, "zip_open %s failed: %d\n", path, err);
		exit(2);
	}
	for (const struct part *p = parts; p->name; p++) {
		size_t n = p->len ? p->len : strlen(p->data);
		char *copy = xmalloc(n ? n : 1);
		memcpy(copy, p->data, n);
		zip_source_t *src = zip_source_buffer(za, copy, n, 1);
		if (!src || zip_file_add(za, p->name, src, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8) < 0) {
			fprintf(stderr, "zip_file_add %s: %s\n", p->name, zip_strerror(za));
			exit(2);
		}
		if (password && zip_file_set_encryption(za, (zip_uint64_t)(p - parts),
							ZIP_EM_AES_256, password) != 0) {
			fprintf(stderr, "zip_file_set_encryption: %s\n", zip_strerror(za));
			exit(2);
		}
	}
	if (zip_close(za) != 0) {
		fprintf(stderr, "zip_close: %s\n", zip_strerror(za));
		exit(2);
	}
	return path;
}

static char *write_zip(const struct part *parts)
{
	return write_zip_pw(parts, NULL);
}

static char *write_bytes(const char *data, size_t n)
{
	char *path = xstrdup("/tmp/test_sheet_XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0 || write(fd, data, n) != (ssize_t)n) {
		perror("write");
		exit(2);
	}
	close(fd);
	return path;
}

#define X_MAIN "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define X_REL "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define X_RELTYPE "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static const char *WORKBOOK_RELS =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" X_RELTYPE "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"" X_RELTYPE "worksheet\" Target=\"/xl/worksheets/sheet2.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"" X_RELTYPE "styles\" Target=\"styles.xml\"/>"
	"<Relationship Id=\"rId4\" Type=\"" X_RELTYPE "sharedStrings\" Target=\"sharedStrings.xml\"/>"
	"</Relationships>";

/* A workbook of two sheets (the second hidden), the date system given by pr. */
static char *workbook_xml(const char *pr)
{
	return xasprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook " X_MAIN " " X_REL ">"
			 "%s<sheets><sheet name=\"Данные\" sheetId=\"1\" r:id=\"rId1\"/>"
			 "<sheet name=\"Скрытый\" sheetId=\"2\" state=\"hidden\" r:id=\"rId2\"/>"
			 "</sheets></workbook>",
			 pr);
}

/* cellXfs: 0 general, 1 built-in date 14, 2 custom DD.MM.YYYY, 3 time 20, 4 percent 9,
 * 5 custom "[$-419]d mmmm yyyy", 6 custom h:mm:ss */
static const char *STYLES =
	"<styleSheet " X_MAIN "><numFmts count=\"3\">"
	"<numFmt numFmtId=\"164\" formatCode=\"DD.MM.YYYY\"/>"
	"<numFmt numFmtId=\"165\" formatCode=\"[$-419]d\\ mmmm\\ yyyy\"/>"
	"<numFmt numFmtId=\"166\" formatCode=\"h:mm:ss\"/></numFmts>"
	"<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
	"<cellXfs count=\"7\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
	"<xf numFmtId=\"20\"/><xf numFmtId=\"9\"/><xf numFmtId=\"165\"/><xf numFmtId=\"166\"/>"
	"</cellXfs></styleSheet>";

static const char *STRINGS =
	"<sst " X_MAIN " count=\"4\" uniqueCount=\"4\">"
	"<si><t>Код</t></si>"
	"<si><r><rPr><b/></rPr><t>Жир</t></r><r><t xml:space=\"preserve\">ный </t></r>"
	"<r><t>текст</t></r><rPh sb=\"0\" eb=\"1\"><t>ФОНЕТИКА</t></rPh></si>"
	"<si><t>строка 1_x000D_\nстрока 2</t></si>"
	"<si><t/></si></sst>";

static const char *SHEET1 =
	"<worksheet " X_MAIN "><dimension ref=\"A1:XFD1048576\"/><sheetData>"
	"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
	"<c r=\"C1\" t=\"inlineStr\"><is><r><t>инлайн</t></r><r><t xml:space=\"preserve\"> ран</t></r>"
	"<rPh><t>X</t></rPh></is></c><c r=\"D1\" t=\"s\"><v>2</v></c><c r=\"E1\" t=\"s\"><v>3</v></c></row>"
	"<row r=\"2\"><c r=\"A2\"><v>2025</v></c><c r=\"B2\" t=\"n\"><v>3.5</v></c>"
	"<c r=\"C2\" s=\"1\"><v>38060</v></c><c r=\"D2\" s=\"2\"><v>60</v></c>"
	"<c r=\"E2\" s=\"2\"><v>61</v></c><c r=\"F2\" t=\"b\"><v>1</v></c><c r=\"G2\" t=\"b\"><v>0</v></c>"
	"<c r=\"H2\"><f>1+1</f><v>2</v></c><c r=\"I2\" t=\"str\"><f>\"a\"&amp;\"b\"</f><v>ab</v></c>"
	"<c r=\"J2\" t=\"e\"><f>NA()</f><v>#N/A</v></c><c r=\"K2\" s=\"3\"><v>0.5</v></c>"
	"<c r=\"L2\" s=\"4\"><v>0.9</v></c><c r=\"M2\"><f>A2*2</f></c>"
	"<c r=\"N2\" s=\"5\"><v>45471.75</v></c><c r=\"O2\" s=\"6\"><v>0.25</v></c>"
	"<c r=\"P2\"><v>0.30000000000000004</v></c><c r=\"Q2\" s=\"1\"><v>59</v></c>"
	"<c r=\"R2\" s=\"1\"><v>1</v></c><c r=\"S2\" t=\"d\"><v>2004-03-14T00:00:00</v></c></row>"
	"<row r=\"4\" hidden=\"1\"><c r=\"A4\" t=\"inlineStr\"><is><t>скрытая строка</t></is></c></row>"
	"<row r=\"5\"><c r=\"A5\" s=\"1\"/><c r=\"B5\" t=\"s\"><v>3</v></c></row>"
	"<row r=\"7\"><c r=\"A7\" t=\"inlineStr\"><is><t>объединено</t></is></c><c r=\"B7\"/><c r=\"C7\"/></row>"
	"<row><c t=\"inlineStr\"><is><t>x</t></is></c><c><v>1</v></c><c r=\"E8\"><v>5</v></c></row>"
	"<row r=\"10\" spans=\"1:2\"><c r=\"AA10\"><v>-0.25</v></c><c r=\"AB10\"><v>1E-6</v></c>"
	"<c r=\"AC10\"><v>1E+25</v></c><c r=\"AD10\"><v>123456789012345678</v></c></row>"
	"</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A7:C7\"/></mergeCells></worksheet>";

static const char *SHEET2 =
	"<worksheet " X_MAIN "><sheetData><row r=\"3\"><c r=\"B3\" s=\"1\"><v>0</v></c>"
	"<c r=\"C3\" s=\"1\"><v>36598</v></c></row></sheetData></worksheet>";

static char *write_xlsx(const char *pr, const char *sheet1, const char *sheet2)
{
	char *wb = workbook_xml(pr);
	struct part parts[] = {{"xl/workbook.xml", wb, 0},
			       {"xl/_rels/workbook.xml.rels", WORKBOOK_RELS, 0},
			       {"xl/styles.xml", STYLES, 0},
			       {"xl/sharedStrings.xml", STRINGS, 0},
			       {"xl/worksheets/sheet1.xml", sheet1, 0},
			       {"xl/worksheets/sheet2.xml", sheet2, 0},
			       {NULL, NULL, 0}};
	char *path = write_zip(parts);
	free(wb);
	return path;
}

/* ---- reading back ---- */

static void dump_text(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			buf_adds(b, "\\n");
		else if (*s == '\t')
			buf_adds(b, "\\t");
		else
			buf_addc(b, *s);
	}
}

/* Returns sheet i as "ROW[h]: A1=v B1=v\n" lines (free it), or the errors as "ERR msg\n". */
static char *dump_sheet(struct sheet_book *b, size_t i)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct buf out = BUF_INIT;
	struct sheet_rows *r;
	const struct sheet_row *row;
	int st = -1;
	if (sheet_rows_open(b, i, &r, &dl) == 0) {
		while ((st = sheet_rows_next(r, &row, &dl)) > 0) {
			buf_printf(&out, "%d%s:", row->row, row->hidden ? "h" : "");
			for (size_t k = 0; k < row->ncells; k++) {
				char nm[16];
				buf_printf(&out, " %s=",
					   sheet_cell_name(row->cells[k].col, row->row, nm, sizeof nm));
				dump_text(&out, row->cells[k].text);
			}
			buf_addc(&out, '\n');
		}
		sheet_rows_close(r);
	}
	for (size_t k = 0; k < dl.n; k++)
		buf_printf(&out, "ERR %s\n", dl.v[k].msg);
	diag_list_free(&dl);
	return buf_take(&out);
}

static void expect_sheet(const char *name, struct sheet_book *b, size_t i, const char *want)
{
	char *got = dump_sheet(b, i);
	CHECK_NAMED(name, strcmp(got, want) == 0, "\n--- got\n%s--- want\n%s", got, want);
	free(got);
}

/* ---- values ---- */

static void test_names(void)
{
	char b[16];
	CHECK_STR(sheet_cell_name(0, 1, b, sizeof b), "A1");
	CHECK_STR(sheet_cell_name(4, 14, b, sizeof b), "E14");
	CHECK_STR(sheet_cell_name(25, 2, b, sizeof b), "Z2");
	CHECK_STR(sheet_cell_name(26, 3, b, sizeof b), "AA3");
	CHECK_STR(sheet_cell_name(51, 1, b, sizeof b), "AZ1");
	CHECK_STR(sheet_cell_name(52, 1, b, sizeof b), "BA1");
	CHECK_STR(sheet_cell_name(701, 1, b, sizeof b), "ZZ1");
	CHECK_STR(sheet_cell_name(702, 1, b, sizeof b), "AAA1");
	CHECK_STR(sheet_cell_name(16383, 1048576, b, sizeof b), "XFD1048576");
	CHECK_STR(sheet_cell_name(16384, 1, b, sizeof b), "?");
	CHECK_STR(sheet_cell_name(-1, 1, b, sizeof b), "?");
	CHECK_STR(sheet_cell_name(0, 0, b, sizeof b), "?");
	CHECK_STR(sheet_col_name(511, b, sizeof b), "SR");
}

static void test_xlsx_values(void)
{
	char *path = write_xlsx("<workbookPr/>", SHEET1, SHEET2);
	struct diag_list dl = DIAG_LIST_INIT;
	struct sheet_book *b;
	int rc = sheet_book_open_file(path, "t.xlsx", NULL, &b, &dl);
	CHECK_NAMED("xlsx opens", rc == 0, "rc %d, %zu errors: %s", rc, dl.n, dl.n ? dl.v[0].msg : "");
	if (rc == 0) {
		CHECK(sheet_book_format(b) == SHEET_XLSX, "format");
		CHECK(sheet_book_count(b) == 2, "%zu sheets", sheet_book_count(b));
		CHECK_STR(sheet_book_sheet(b, 0)->name, "Данные");
		CHECK(!sheet_book_sheet(b, 0)->hidden, "first sheet visible");
		CHECK_STR(sheet_book_sheet(b, 1)->name, "Скрытый");
		CHECK(sheet_book_sheet(b, 1)->hidden, "second sheet hidden");
		CHECK(sheet_book_find(b, "Скрытый") == 1 && sheet_book_find(b, "нет") == -1, "find");
		expect_sheet("xlsx: every kind of value, 1900 system", b, 0,
			     "1: A1=Код B1=Жирный текст C1=инлайн ран D1=строка 1\\nстрока 2\n"
			     "2: A2=2025 B2=3.5 C2=14.03.2004 D2=29.02.1900 E2=01.03.1900 F2=да G2=нет"
			     " H2=2 I2=ab J2=#N/A K2=0.5 L2=90% N2=28.06.2024 O2=0.25 P2=0.3"
			     " Q2=28.02.1900 R2=01.01.1900 S2=14.03.2004\n"
			     "4h: A4=скрытая строка\n"
			     "7: A7=объединено\n"
			     "8: A8=x B8=1 E8=5\n"
			     "10: AA10=-0.25 AB10=0.000001 AC10=1E+25 AD10=123456789012346000\n");
		expect_sheet("xlsx: serial 0 is not a date in the 1900 system", b, 1,
			     "3: B3=0 C3=13.03.2000\n");
		sheet_book_free(b);
	}
	diag_list_free(&dl);
	unlink(path);
	free(path);

	path = write_xlsx("<workbookPr date1904=\"true\"/>", SHEET1, SHEET2);
	rc = sheet_book_open_file(path, "t.xlsx", NULL, &b, &dl);
	CHECK_NAMED("xlsx 1904 opens", rc == 0, "rc %d", rc);
	if (rc == 0) {
		expect_sheet("xlsx: the 1904 system", b, 1, "3: B3=01.01.1904 C3=14.03.2004\n");
		sheet_book_free(b);
	}
	diag_list_free(&dl);
	unlink(path);
	free(path);
}

#define O_NS                                                                             \
	"xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "              \
	"xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "                \
	"xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "                  \
	"xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "                \
	"xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\""
#define O_HEAD                                                                            \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content " O_NS           \
	"><office:automatic-styles><style:style style:name=\"ta1\" style:family=\"table\">"  \
	"<style:table-properties table:display=\"true\"/></style:style>"                     \
	"<style:style style:name=\"ta2\" style:family=\"table\">"                            \
	"<style:table-properties table:display=\"false\"/></style:style>"                    \
	"</office:automatic-styles><office:body><office:spreadsheet>"
#define O_TAIL "</office:spreadsheet></office:body></office:document-content>"

static char *write_ods(const char *tables, const char *manifest)
{
	char *content = xasprintf(O_HEAD "%s" O_TAIL, tables);
	struct part parts[] = {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet", 0},
			       {"content.xml", content, 0},
			       {manifest ? "META-INF/manifest.xml" : NULL, manifest, 0},
			       {NULL, NULL, 0}};
	char *path = write_zip(parts);
	free(content);
	return path;
}

static const char *ODS_TABLES =
	"<table:table table:name=\"Лист1\" table:style-name=\"ta1\">"
	"<table:table-column table:number-columns-repeated=\"1024\"/>"
	"<table:table-row><table:table-cell office:value-type=\"string\"><text:p>первая</text:p>"
	"<text:p>вторая  <text:s text:c=\"3\"/>строка<text:tab/>и <text:span>спан</text:span></text:p>"
	"</table:table-cell><table:table-cell office:value-type=\"float\" office:value=\"3.5\">"
	"<text:p>3,5</text:p></table:table-cell>"
	"<table:table-cell office:value-type=\"percentage\" office:value=\"0.9\"><text:p>90%</text:p>"
	"</table:table-cell><table:table-cell office:value-type=\"date\" office:date-value="
	"\"2004-03-14T10:30:00\"><text:p>14.03.04</text:p></table:table-cell>"
	"<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"true\"><text:p>ИСТИНА"
	"</text:p></table:table-cell><table:table-cell office:value-type=\"boolean\" "
	"office:boolean-value=\"false\"/><table:table-cell table:formula=\"of:=1+1\" "
	"office:value-type=\"float\" office:value=\"2\"><text:p>2</text:p></table:table-cell>"
	"<table:table-cell office:value-type=\"string\"><office:annotation><text:p>комментарий"
	"</text:p></office:annotation><text:p>с примечанием</text:p></table:table-cell>"
	"<table:table-cell office:value-type=\"float\" office:value=\"2025\" "
	"table:number-columns-spanned=\"2\"><text:p>2025</text:p></table:table-cell>"
	"<table:covered-table-cell office:value-type=\"float\" office:value=\"7\"/>"
	"<table:table-cell table:number-columns-repeated=\"100\"/>"
	"<table:table-cell office:value-type=\"string\" table:number-columns-repeated=\"3\">"
	"<text:p>три</text:p></table:table-cell>"
	"<table:table-cell table:number-columns-repeated=\"16270\"/></table:table-row>"
	"<table:table-row table:number-rows-repeated=\"2\"><table:table-cell "
	"table:number-columns-repeated=\"1024\"/></table:table-row>"
	"<table:table-row table:visibility=\"collapse\"><table:table-cell office:value-type=\"string\">"
	"<text:p>скрытая</text:p></table:table-cell></table:table-row>"
	"<table:table-row table:number-rows-repeated=\"2\"><table:table-cell office:value-type="
	"\"string\"><text:p>дважды</text:p></table:table-cell></table:table-row>"
	"<table:table-row table:number-rows-repeated=\"1048000\"><table:table-cell "
	"table:number-columns-repeated=\"16384\"/></table:table-row>"
	"<table:table-row><table:table-cell office:value-type=\"string\"><text:p>в конце</text:p>"
	"</table:table-cell></table:table-row>"
	"<table:table-row table:number-rows-repeated=\"567\"><table:table-cell "
	"table:number-columns-repeated=\"16384\"/></table:table-row></table:table>"
	"<table:table table:name=\"Скрытый\" table:style-name=\"ta2\"/>";

static void test_ods_values(void)
{
	char *path = write_ods(ODS_TABLES, NULL);
	struct diag_list dl = DIAG_LIST_INIT;
	struct sheet_book *b;
	int rc = sheet_book_open_file(path, "t.ods", NULL, &b, &dl);
	CHECK_NAMED("ods opens", rc == 0, "rc %d: %s", rc, dl.n ? dl.v[0].msg : "");
	if (rc == 0) {
		CHECK(sheet_book_format(b) == SHEET_ODS, "format");
		CHECK(sheet_book_count(b) == 2, "%zu sheets", sheet_book_count(b));
		CHECK_STR(sheet_book_sheet(b, 0)->name, "Лист1");
		CHECK(!sheet_book_sheet(b, 0)->hidden, "first sheet visible");
		CHECK_STR(sheet_book_sheet(b, 1)->name, "Скрытый");
		CHECK(sheet_book_sheet(b, 1)->hidden, "second sheet hidden (table:display false)");
		clock_t t0 = clock();
		expect_sheet("ods: every kind of value, repeated rows and cells", b, 0,
			     "1: A1=первая\\nвторая     строка\\tи спан B1=3.5 C1=90% D1=14.03.2004"
			     " E1=да F1=нет G1=2 H1=с примечанием I1=2025 DG1=три DH1=три DI1=три\n"
			     "4h: A4=скрытая\n"
			     "5: A5=дважды\n"
			     "6: A6=дважды\n"
			     "1048007: A1048007=в конце\n");
		double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
		CHECK_NAMED("ods: a million repeated empty rows cost nothing", secs < 0.5,
			    "%.3f s", secs);
		expect_sheet("ods: an empty table", b, 1, "");
		sheet_book_free(b);
	}
	diag_list_free(&dl);
	unlink(path);
	free(path);
}

/* ---- the sample's fixtures against the CSV reader ---- */

static char *trimmed(const char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	return xstrndup(s, n);
}

/* Compares sheet i of the workbook at path with the table the CSV reader makes of csv:
 * the first row is the header, then one row per record, cell by cell. */
static void compare_with_csv(const char *path, const char *sheet, const char *csv)
{
	char name[256];
	snprintf(name, sizeof name, "%s [%s] reads as %s", path, sheet ? sheet : "1", csv);
	struct diag_list dl = DIAG_LIST_INIT;
	struct table *t = NULL;
	struct sheet_book *b = NULL;
	struct sheet_rows *r = NULL;
	const struct sheet_row *row;
	char why[512] = "";
	if (csv_read_file(csv, csv, &t, &dl)) {
		CHECK_NAMED(name, 0, "the CSV reader refused %s", csv);
		goto out;
	}
	if (sheet_book_open_file(path, path, NULL, &b, &dl)) {
		CHECK_NAMED(name, 0, "refused: %s", dl.n ? dl.v[0].msg : "?");
		goto out;
	}
	long idx = sheet ? sheet_book_find(b, sheet) : 0;
	if (idx < 0 || sheet_rows_open(b, (size_t)idx, &r, &dl)) {
		CHECK_NAMED(name, 0, "no sheet %s", sheet);
		goto out;
	}
	size_t nrec = 0, ncells = 0;
	int st;
	bool header = true;
	while (!why[0] && (st = sheet_rows_next(r, &row, &dl)) > 0) {
		char **want = header ? t->header : nrec < t->nrows ? t->rows[nrec].cell : NULL;
		if (!want) {
			snprintf(why, sizeof why, "row %d: more rows than the CSV", row->row);
			break;
		}
		size_t k = 0;
		for (size_t c = 0; c < t->ncols && !why[0]; c++) {
			const char *got = "";
			if (k < row->ncells && (size_t)row->cells[k].col == c)
				got = row->cells[k++].text;
			char *g = trimmed(got);
			if (strcmp(g, want[c]) != 0)
				snprintf(why, sizeof why, "row %d column %zu: got [%.80s], want [%.80s]",
					 row->row, c, g, want[c]);
			else
				ncells += *g != '\0';
			free(g);
		}
		if (!why[0] && k < row->ncells)
			snprintf(why, sizeof why, "row %d: a cell beyond the CSV's columns", row->row);
		if (header)
			header = false;
		else
			nrec++;
	}
	if (!why[0] && st < 0)
		snprintf(why, sizeof why, "read error: %s", dl.n ? dl.v[dl.n - 1].msg : "?");
	if (!why[0] && nrec != t->nrows)
		snprintf(why, sizeof why, "%zu records, the CSV has %zu", nrec, t->nrows);
	CHECK_NAMED(name, !why[0] && ncells > t->nrows, "%s", why[0] ? why : "no cells");
out:
	sheet_rows_close(r);
	sheet_book_free(b);
	table_free(t);
	diag_list_free(&dl);
}

static void test_fixtures(void)
{
	static const char *tables[][2] = {{"graduates", "Выпускники"},
					  {"staff", "Сотрудники"},
					  {"records", "Записи сопровождения"},
					  {"events", "Мероприятия"},
					  {"mentoring", "Наставничество"}};
	char path[256], csv[256];
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		snprintf(csv, sizeof csv, "input/%s.csv", tables[i][0]);
		snprintf(path, sizeof path, "tests/data/workbooks/%s.xlsx", tables[i][0]);
		compare_with_csv(path, NULL, csv);
		snprintf(path, sizeof path, "tests/data/workbooks/%s.ods", tables[i][0]);
		compare_with_csv(path, NULL, csv);
		compare_with_csv("tests/data/workbooks/patronat.xlsx", tables[i][1], csv);
		compare_with_csv("tests/data/workbooks/patronat.ods", tables[i][1], csv);
	}
}

/* ---- hostile workbooks ---- */

/* Opens the file at path (and reads every sheet); checks that it is refused with an error
 * containing want, under the display name. */
static void expect_refused(const char *name, const char *path, const struct sheet_limits *lim,
			   const char *want)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct sheet_book *b = NULL;
	int failed = sheet_book_open_file(path, "bad.xlsx", lim, &b, &dl);
	for (size_t i = 0; !failed && i < sheet_book_count(b); i++) {
		struct sheet_rows *r;
		const struct sheet_row *row;
		int st = 0;
		if (sheet_rows_open(b, i, &r, &dl) == 0) {
			while ((st = sheet_rows_next(r, &row, &dl)) > 0)
				;
			sheet_rows_close(r);
		} else {
			st = -1;
		}
		failed = st < 0;
	}
	/* as the user reads it: "bad.xlsx: sheet «S», cell E14: message" */
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	diag_print(&dl, f, false);
	fclose(f);
	bool found = dl.nerrors > 0 && strstr(text, "bad.xlsx: ") && strstr(text, want);
	CHECK_NAMED(name, failed && found, "failed %d, %zu messages: %s; want: %s", failed, dl.n,
		    text, want);
	free(text);
	sheet_book_free(b);
	diag_list_free(&dl);
}

static void refuse_xlsx(const char *name, const char *sheet1, const struct sheet_limits *lim,
			const char *want)
{
	char *path = write_xlsx("", sheet1, SHEET2);
	expect_refused(name, path, lim, want);
	unlink(path);
	free(path);
}

static void refuse_bytes(const char *name, const char *data, size_t n, const char *want)
{
	char *path = write_bytes(data, n);
	expect_refused(name, path, NULL, want);
	unlink(path);
	free(path);
}

static void refuse_parts(const char *name, const struct part *parts, const char *want)
{
	char *path = write_zip(parts);
	expect_refused(name, path, NULL, want);
	unlink(path);
	free(path);
}

static char *sheet_with(const char *rows)
{
	return xasprintf("<worksheet " X_MAIN "><sheetData>%s</sheetData></worksheet>", rows);
}

static void test_bombs(void)
{
	/* 100 MB of empty rows: well-formed XML that deflate shrinks about 1000:1 */
	struct buf bomb = BUF_INIT;
	buf_adds(&bomb, "<worksheet " X_MAIN "><sheetData>");
	while (bomb.len < (100u << 20))
		buf_adds(&bomb, "<row/><row/><row/><row/><row/><row/><row/><row/>");
	buf_adds(&bomb, "</sheetData></worksheet>");
	char *wb = workbook_xml("");
	struct part parts[] = {{"xl/workbook.xml", wb, 0},
			       {"xl/_rels/workbook.xml.rels", WORKBOOK_RELS, 0},
			       {"xl/worksheets/sheet1.xml", bomb.data, bomb.len},
			       {"xl/worksheets/sheet2.xml", SHEET2, 0},
			       {NULL, NULL, 0}};
	char *path = write_zip(parts);
	FILE *f = fopen(path, "rb");
	long size = 0;
	if (f && fseek(f, 0, SEEK_END) == 0)
		size = ftell(f);
	if (f)
		fclose(f);
	CHECK_NAMED("zip bomb: 100 MB in a small file", size > 0 && size < (1 << 20), "%ld bytes", size);
	expect_refused("zip bomb: the compression ratio", path, NULL, "compressed more than 100:1");
	struct sheet_limits lim;
	sheet_limits_default(&lim);
	lim.max_ratio = 100000;
	lim.max_entry = 8u << 20;
	expect_refused("zip bomb: the size of an entry", path, &lim, "larger than 8 MB uncompressed");
	lim.max_entry = 256u << 20;
	lim.max_total = 16u << 20;
	expect_refused("zip bomb: the total size", path, &lim, "holds more than 16 MB uncompressed");
	unlink(path);
	free(path);
	free(wb);
	buf_free(&bomb);

	/* the shared strings are held in memory: capped on their own */
	sheet_limits_default(&lim);
	lim.max_strings = 1u << 20;
	struct buf sst = BUF_INIT;
	buf_adds(&sst, "<sst " X_MAIN ">");
	for (int i = 0; sst.len < (2u << 20); i++)
		buf_printf(&sst, "<si><t>строка номер %d</t></si>", i);
	buf_adds(&sst, "</sst>");
	wb = workbook_xml("");
	struct part sparts[] = {{"xl/workbook.xml", wb, 0},
				{"xl/_rels/workbook.xml.rels", WORKBOOK_RELS, 0},
				{"xl/sharedStrings.xml", sst.data, sst.len},
				{"xl/worksheets/sheet1.xml", SHEET2, 0},
				{"xl/worksheets/sheet2.xml", SHEET2, 0},
				{NULL, NULL, 0}};
	path = write_zip(sparts);
	expect_refused("shared strings over their cap", path, &lim, "shared strings exceed 1 MB");
	unlink(path);
	free(path);
	free(wb);
	buf_free(&sst);
}

static void test_hostile(void)
{
	static const char cfb[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
	struct buf b = BUF_INIT;
	buf_add(&b, cfb, 8);
	for (int i = 0; i < 1000; i++)
		buf_addc(&b, 0);
	size_t at = b.len;
	const char *name = "EncryptionInfo";
	for (const char *p = name; *p; p++) {
		buf_addc(&b, *p);
		buf_addc(&b, 0);
	}
	refuse_bytes("encrypted OOXML (compound file with EncryptionInfo)", b.data, b.len,
		     "file is password-protected: save it without a password");
	refuse_bytes("a compound file without EncryptionInfo (.xls)", b.data, at, "save it as .xlsx");
	buf_free(&b);
	expect_refused("a real .xls (BIFF, written by LibreOffice)", "tests/data/workbooks/staff.xls",
		       NULL, "file is an Excel 97-2003 workbook (.xls): save it as .xlsx");
	refuse_bytes("plain text", "Код;Фамилия\n", 0, "not an .xlsx or .ods workbook");

	struct part xlsb[] = {{"[Content_Types].xml", "<Types/>", 0},
			      {"xl/workbook.bin", "\x83\x01\x00", 3},
			      {NULL, NULL, 0}};
	refuse_parts(".xlsb", xlsb, "(.xlsb): save it as .xlsx");
	struct part other[] = {{"readme.txt", "hello", 0}, {NULL, NULL, 0}};
	refuse_parts("a zip that is no workbook", other, "zip archive but not a workbook");
	struct part odt[] = {{"mimetype", "application/vnd.oasis.opendocument.text", 0},
			     {"content.xml", "<x/>", 0},
			     {NULL, NULL, 0}};
	refuse_parts("an OpenDocument text", odt, "not a spreadsheet");

	if (zip_encryption_method_supported(ZIP_EM_AES_256, 1)) {
		char *wb = workbook_xml("");
		struct part enc[] = {{"xl/workbook.xml", wb, 0},
				     {"xl/worksheets/sheet1.xml", SHEET2, 0},
				     {"xl/worksheets/sheet2.xml", SHEET2, 0},
				     {NULL, NULL, 0}};
		char *p = write_zip_pw(enc, "secret");
		expect_refused("a zip whose entries are encrypted", p, NULL,
			       "file is password-protected: save it without a password");
		unlink(p);
		free(p);
		free(wb);
	}

	char *path = write_ods("<table:table table:name=\"a\"/>",
			       "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:"
			       "xmlns:manifest:1.0\"><manifest:file-entry manifest:full-path="
			       "\"content.xml\"><manifest:encryption-data manifest:checksum=\"x\"/>"
			       "</manifest:file-entry></manifest:manifest>");
	expect_refused("encrypted .ods", path, NULL, "password-protected");
	unlink(path);
	free(path);

	/* a corrupt zip: truncated, and with its deflated data damaged */
	path = write_xlsx("", SHEET1, SHEET2);
	char *data;
	size_t n;
	FILE *f = fopen(path, "rb");
	data = xmalloc(1 << 20);
	n = f ? fread(data, 1, 1 << 20, f) : 0;
	if (f)
		fclose(f);
	unlink(path);
	free(path);
	refuse_bytes("a truncated zip", data, n / 2, "corrupt or truncated zip archive");
	/* damage the bytes of the first entry's deflated data (it starts after its header) */
	for (size_t i = 60; i < 120 && i < n; i++)
		data[i] ^= 0x5A;
	refuse_bytes("a zip with damaged data", data, n, "corrupt");
	free(data);

	refuse_xlsx("XML with a DOCTYPE and entities",
		    "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 "
		    "\"&lol;&lol;&lol;&lol;\">]><worksheet " X_MAIN "><sheetData><row r=\"1\"><c "
		    "t=\"inlineStr\"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>",
		    NULL, "declares a DOCTYPE or entities");
	refuse_xlsx("XML with an undeclared entity",
		    "<worksheet " X_MAIN "><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>&x;"
		    "</t></is></c></row></sheetData></worksheet>",
		    NULL, "not well-formed XML");
	refuse_xlsx("malformed XML",
		    "<worksheet " X_MAIN "><sheetData><row r=\"1\"></sheetData></worksheet>", NULL,
		    "not well-formed XML");
	refuse_xlsx("invalid UTF-8 (declared ISO-8859-1)",
		    "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><worksheet " X_MAIN "><sheetData>"
		    "<row r=\"1\"><c t=\"inlineStr\"><is><t>caf\xE9</t></is></c></row></sheetData>"
		    "</worksheet>",
		    NULL, "not well-formed XML");

	struct buf deep = BUF_INIT;
	buf_adds(&deep, "<worksheet " X_MAIN "><sheetData>");
	for (int i = 0; i < 100; i++)
		buf_adds(&deep, "<a>");
	for (int i = 0; i < 100; i++)
		buf_adds(&deep, "</a>");
	buf_adds(&deep, "</sheetData></worksheet>");
	refuse_xlsx("nesting too deep", deep.data, NULL, "nests elements deeper than 64");
	buf_free(&deep);

	char *s = sheet_with("<row r=\"2000000\"><c r=\"A2000000\"><v>1</v></c></row>");
	refuse_xlsx("a row beyond 1048576", s, NULL, "a row numbered beyond 1048576");
	free(s);
	s = sheet_with("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>");
	refuse_xlsx("a column beyond XFD", s, NULL, "a cell reference beyond XFD1048576");
	free(s);
	s = sheet_with("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"SS1\"><v>1</v></c></row>");
	refuse_xlsx("a value beyond 512 columns", s, NULL,
		    "sheet «Данные», cell SS1: a value beyond the first 512 columns");
	free(s);
	s = sheet_with("<row r=\"3\"><c><v>1</v></c></row><row r=\"2\"><c><v>1</v></c></row>");
	refuse_xlsx("rows out of order", s, NULL, "row 2: rows out of order");
	free(s);
	s = sheet_with("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>99</v></c></row>");
	refuse_xlsx("a shared string that does not exist", s, NULL,
		    "cell A1: the cell points to a shared string that does not exist");
	free(s);
	s = sheet_with("<row r=\"1\"><c r=\"B1\"><v>12abc</v></c></row>");
	refuse_xlsx("a malformed number", s, NULL, "cell B1: the cell's number is malformed");
	free(s);

	struct sheet_limits lim;
	sheet_limits_default(&lim);
	lim.max_rows = 5;
	struct buf rows = BUF_INIT;
	for (int i = 1; i <= 6; i++)
		buf_printf(&rows, "<row r=\"%d\"><c r=\"A%d\"><v>%d</v></c></row>", i, i, i);
	s = sheet_with(rows.data);
	refuse_xlsx("more rows than the cap", s, &lim, "row 6: the sheet has more than 5 rows");
	free(s);
	buf_free(&rows);
	sheet_limits_default(&lim);
	struct buf big = BUF_INIT;
	buf_adds(&big, "<row r=\"14\"><c r=\"E14\" t=\"inlineStr\"><is><t>");
	for (int i = 0; i <= CSV_MAX_FIELD; i += 10)
		buf_adds(&big, "0123456789");
	buf_adds(&big, "</t></is></c></row>");
	s = sheet_with(big.data);
	refuse_xlsx("a cell over 100000 bytes", s, &lim,
		    "sheet «Данные», cell E14: the cell holds more than 100000 bytes");
	free(s);
	buf_free(&big);

	/* ODS: a non-empty row repeated past the last row; a repeated cell past the columns */
	path = write_ods("<table:table table:name=\"Л\"><table:table-row table:number-rows-repeated"
			 "=\"2000000\"><table:table-cell office:value-type=\"string\"><text:p>x"
			 "</text:p></table:table-cell></table:table-row></table:table>",
			 NULL);
	lim.max_rows = 1000;
	expect_refused("ods: a non-empty row repeated 2 000 000 times", path, &lim,
		       "row 1001: the sheet has more than 1000 rows");
	sheet_limits_default(&lim);
	lim.max_rows = 2000000;
	expect_refused("ods: a repeated row past row 1048576", path, &lim,
		       "a row numbered 1048577 (a sheet has rows 1 to 1048576)");
	unlink(path);
	free(path);
	path = write_ods("<table:table table:name=\"Л\"><table:table-row><table:table-cell "
			 "office:value-type=\"float\" office:value=\"1\" table:number-columns-"
			 "repeated=\"16384\"/></table:table-row></table:table>",
			 NULL);
	expect_refused("ods: a non-empty cell repeated over 16384 columns", path, NULL,
		       "cell SS1: a value beyond the first 512 columns");
	unlink(path);
	free(path);
}

/* ---- a large sheet ---- */

/* Writes an .xlsx of nrows rows of 10 cells (shared strings, numbers, dates) to path. */
static void write_big(const char *path, long nrows)
{
	struct buf sh = BUF_INIT, sst = BUF_INIT;
	buf_adds(&sst, "<sst " X_MAIN ">");
	for (int i = 0; i < 1000; i++)
		buf_printf(&sst, "<si><t>Текст ячейки номер %d, довольно длинный</t></si>", i);
	buf_adds(&sst, "</sst>");
	buf_adds(&sh, "<worksheet " X_MAIN "><sheetData>");
	for (long r = 1; r <= nrows; r++) {
		buf_printf(&sh, "<row r=\"%ld\">", r);
		buf_printf(&sh, "<c r=\"A%ld\" t=\"inlineStr\"><is><t>2024-%06ld</t></is></c>", r, r);
		for (int c = 1; c < 6; c++)
			buf_printf(&sh, "<c r=\"%c%ld\" t=\"s\"><v>%ld</v></c>", 'A' + c, r,
				   (r * 7 + c) % 1000);
		buf_printf(&sh, "<c r=\"G%ld\" s=\"1\"><v>%ld</v></c>", r, 36000 + r % 9000);
		buf_printf(&sh, "<c r=\"H%ld\"><v>%ld.5</v></c>", r, r);
		buf_printf(&sh, "<c r=\"I%ld\" t=\"b\"><v>%ld</v></c>", r, r % 2);
		buf_printf(&sh, "<c r=\"J%ld\"><f>H%ld*2</f><v>%ld</v></c></row>", r, r, 2 * r + 1);
	}
	buf_adds(&sh, "</sheetData></worksheet>");
	char *wb = workbook_xml("");
	struct part parts[] = {{"xl/workbook.xml", wb, 0},
			       {"xl/_rels/workbook.xml.rels", WORKBOOK_RELS, 0},
			       {"xl/styles.xml", STYLES, 0},
			       {"xl/sharedStrings.xml", sst.data, sst.len},
			       {"xl/worksheets/sheet1.xml", sh.data, sh.len},
			       {"xl/worksheets/sheet2.xml", SHEET2, 0},
			       {NULL, NULL, 0}};
	char *tmp = write_zip(parts);
	if (rename(tmp, path) != 0) {
		perror("rename");
		exit(2);
	}
	free(tmp);
	free(wb);
	buf_free(&sh);
	buf_free(&sst);
}

/* Writes an .ods of nrows rows of 10 cells (strings, floats, dates, booleans) to path. */
static void write_big_ods(const char *path, long nrows)
{
	struct buf t = BUF_INIT;
	buf_adds(&t, "<table:table table:name=\"Большой\">");
	for (long r = 1; r <= nrows; r++) {
		buf_printf(&t, "<table:table-row><table:table-cell office:value-type=\"string\">"
			       "<text:p>2024-%06ld</text:p></table:table-cell>", r);
		for (int c = 1; c < 6; c++)
			buf_printf(&t, "<table:table-cell office:value-type=\"string\"><text:p>Текст "
				       "ячейки номер %ld, довольно длинный</text:p></table:table-cell>",
				   (r * 7 + c) % 1000);
		buf_printf(&t, "<table:table-cell office:value-type=\"date\" office:date-value="
			       "\"2004-03-%02ld\"><text:p>x</text:p></table:table-cell>", 1 + r % 28);
		buf_printf(&t, "<table:table-cell office:value-type=\"float\" office:value=\"%ld.5\">"
			       "<text:p>x</text:p></table:table-cell>", r);
		buf_printf(&t, "<table:table-cell office:value-type=\"boolean\" "
			       "office:boolean-value=\"%s\"/>", r % 2 ? "true" : "false");
		buf_printf(&t, "<table:table-cell office:value-type=\"float\" office:value=\"%ld\"/>"
			       "<table:table-cell table:number-columns-repeated=\"16374\"/>"
			       "</table:table-row>", 2 * r + 1);
	}
	buf_adds(&t, "<table:table-row table:number-rows-repeated=\"948575\"><table:table-cell "
		     "table:number-columns-repeated=\"16384\"/></table:table-row></table:table>");
	char *tmp = write_ods(t.data, NULL);
	if (rename(tmp, path) != 0) {
		perror("rename");
		exit(2);
	}
	free(tmp);
	buf_free(&t);
}

/* Reads every sheet of path; returns the number of rows, *cells the cells, -1 on error. */
static long read_all(const char *path, long *cells, struct diag_list *dl)
{
	struct sheet_book *b;
	long nrows = 0;
	*cells = 0;
	if (sheet_book_open_file(path, path, NULL, &b, dl))
		return -1;
	for (size_t i = 0; i < sheet_book_count(b); i++) {
		struct sheet_rows *r;
		const struct sheet_row *row;
		int st;
		if (sheet_rows_open(b, i, &r, dl)) {
			nrows = -1;
			break;
		}
		while ((st = sheet_rows_next(r, &row, dl)) > 0) {
			nrows++;
			*cells += (long)row->ncells;
		}
		sheet_rows_close(r);
		if (st < 0) {
			nrows = -1;
			break;
		}
	}
	sheet_book_free(b);
	return nrows;
}

static void test_big(void)
{
	char path[] = "/tmp/test_sheet_big_XXXXXX";
	int fd = mkstemp(path);
	if (fd >= 0)
		close(fd);
	write_big(path, 20000);
	struct diag_list dl = DIAG_LIST_INIT;
	long cells;
	long n = read_all(path, &cells, &dl);
	CHECK_NAMED("a 20 000-row sheet is read whole", n == 20001 && cells == 200002,
		    "%ld rows, %ld cells: %s", n, cells, dl.n ? dl.v[0].msg : "");
	diag_list_free(&dl);
	unlink(path);
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "--write-bench") == 0) {
		write_big(argv[2], atol(argv[3]));
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "--write-bench-ods") == 0) {
		write_big_ods(argv[2], atol(argv[3]));
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "--read") == 0) {
		struct diag_list dl = DIAG_LIST_INIT;
		long cells, n = read_all(argv[2], &cells, &dl);
		diag_print(&dl, stderr, false);
		diag_list_free(&dl);
		printf("%ld rows, %ld cells\n", n, cells);
		return n < 0;
	}
	test_names();
	test_xlsx_values();
	test_ods_values();
	test_fixtures();
	test_hostile();
	test_bombs();
	test_big();
	return DONE("sheet");
}
