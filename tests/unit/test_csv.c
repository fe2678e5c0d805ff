/* test_csv: unit tests of utf8 and csv_read; prints "ok NAME" or "FAIL NAME: detail" per check
 * and a final "csv: N passed, N failed" line; exits 1 when anything failed.
 * Invariant: every test frees what it got, so a leak report means a leak in the reader. */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "csv/csv_read.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/xalloc.h"


#define S(lit) lit, sizeof(lit) - 1 /* a string literal as (data, length), NULs included */

/* ---- helpers ---- */

struct res {
	int rc;
	struct table *t;
	struct diag_list dl;
	struct csv_info info;
};

static struct res read_mem(const char *data, size_t n)
{
	struct res r = {0, NULL, DIAG_LIST_INIT, {CSV_ENC_UNKNOWN, 0, false}};
	r.rc = csv_read_mem_info(data, n, "t.csv", &r.t, &r.info, &r.dl);
	return r;
}

static void res_free(struct res *r)
{
	table_free(r->t);
	diag_list_free(&r->dl);
}

static void dump_cell(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			buf_adds(b, "\\n");
		else if (*s == '|')
			buf_adds(b, "\\|");
		else
			buf_addc(b, *s);
	}
}

/* Returns the table as text: "H<line>: a|b\n" then "<line>: x|y\n" per row; free it. */
static char *dump(const struct table *t)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "H%d:", t->header_line);
	for (size_t c = 0; c < t->ncols; c++) {
		buf_adds(&b, c ? "|" : " ");
		dump_cell(&b, t->header[c]);
	}
	buf_addc(&b, '\n');
	for (size_t r = 0; r < t->nrows; r++) {
		buf_printf(&b, "%d:", t->rows[r].line);
		for (size_t c = 0; c < t->ncols; c++) {
			buf_adds(&b, c ? "|" : " ");
			dump_cell(&b, t->rows[r].cell[c]);
		}
		buf_addc(&b, '\n');
	}
	return buf_take(&b);
}

/* Returns the problems as "line: field: message" lines; free it. */
static char *problems(const struct diag_list *dl)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < dl->n; i++)
		buf_printf(&b, "%d: %s: %s\n", dl->v[i].line, dl->v[i].field ? dl->v[i].field : "-",
			   dl->v[i].msg);
	return buf_take(&b);
}

static void expect_table(const char *name, const char *data, size_t n, const char *want)
{
	struct res r = read_mem(data, n);
	char *got = r.t ? dump(r.t) : problems(&r.dl);
	CHECK_NAMED(name, r.rc == 0 && r.dl.n == 0 && strcmp(got, want) == 0,
	      "rc %d\n--- want\n%s--- got\n%s", r.rc, want, got);
	free(got);
	res_free(&r);
}

/* Expects exactly one error, on line `line`, whose message contains `msg`. */
static void expect_error(const char *name, const char *data, size_t n, int line, const char *msg)
{
	struct res r = read_mem(data, n);
	char *got = problems(&r.dl);
	bool ok = r.rc != 0 && r.t == NULL && r.dl.n == 1 && r.dl.nerrors == 1 &&
		  r.dl.v[0].line == line && strstr(r.dl.v[0].msg, msg);
	CHECK_NAMED(name, ok, "rc %d, want line %d \"%s\", got:\n%s", r.rc, line, msg, got);
	free(got);
	res_free(&r);
}

/* Returns the dump of data read as a table, or the problems; free it. */
static char *dump_of(const char *data, size_t n)
{
	struct res r = read_mem(data, n);
	char *d = r.t ? dump(r.t) : problems(&r.dl);
	res_free(&r);
	return d;
}

/* ---- utf8 ---- */

static void test_utf8_valid(void)
{
	size_t bad = 99;
	CHECK_NAMED("utf8 ascii", utf8_valid(S("abc;def\r\n"), &bad), "rejected");
	CHECK_NAMED("utf8 cyrillic", utf8_valid(S("Фамилия ё №"), NULL), "rejected");
	CHECK_NAMED("utf8 4-byte", utf8_valid(S("\xF0\x9F\x98\x80"), NULL), "rejected");
	CHECK_NAMED("utf8 max", utf8_valid(S("\xF4\x8F\xBF\xBF"), NULL), "rejected U+10FFFF");
	static const struct {
		const char *name, *s;
		size_t off;
	} bads[] = {
		{"utf8 overlong 2", "ab\xC0\x80", 2},   {"utf8 overlong 3", "\xE0\x80\xAF", 0},
		{"utf8 overlong 4", "\xF0\x80\x80\xAF", 0}, {"utf8 surrogate", "x\xED\xA0\x80", 1},
		{"utf8 above max", "\xF4\x90\x80\x80", 0}, {"utf8 truncated", "\xD0\x96\xD0", 2},
		{"utf8 lone cont", "a\x80", 1},          {"utf8 F5", "\xF5\x80\x80\x80", 0},
		{"utf8 bad cont", "\xD0\x41", 0},
	};
	for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
		bad = 99;
		bool v = utf8_valid(bads[i].s, strlen(bads[i].s), &bad);
		CHECK_NAMED(bads[i].name, !v && bad == bads[i].off, "valid %d offset %zu", v, bad);
	}
}

static void test_utf8_codec(void)
{
	size_t len = 0;
	int cp = utf8_decode(S("Жx"), &len);
	CHECK_NAMED("decode 2-byte", cp == 0x416 && len == 2, "cp %x len %zu", cp, len);
	cp = utf8_decode(S("\xF0\x9F\x98\x80"), &len);
	CHECK_NAMED("decode 4-byte", cp == 0x1F600 && len == 4, "cp %x len %zu", cp, len);
	cp = utf8_decode(S("\xE2\x82"), &len);
	CHECK_NAMED("decode short", cp == -1 && len == 1, "cp %d len %zu", cp, len);
	cp = utf8_decode(S("\xC1\xBF"), &len);
	CHECK_NAMED("decode overlong", cp == -1 && len == 1, "cp %d len %zu", cp, len);

	static const unsigned cps[] = {0x41, 0x7F, 0x80, 0x416, 0x7FF, 0x800, 0x20AC, 0xFFFF,
				       0x10000, 0x1F600, 0x10FFFF};
	int roundtrip = 1;
	for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		char out[4];
		size_t n = utf8_encode(cps[i], out);
		roundtrip &= utf8_decode(out, n, &len) == (int)cps[i] && len == n;
	}
	CHECK_NAMED("encode roundtrip", roundtrip, "a code point did not survive");
	char out[4];
	size_t n = utf8_encode(0xD800, out);
	CHECK_NAMED("encode surrogate", n == 3 && memcmp(out, "\xEF\xBF\xBD", 3) == 0, "n %zu", n);
	n = utf8_encode(0x110000, out);
	CHECK_NAMED("encode too big", n == 3 && memcmp(out, "\xEF\xBF\xBD", 3) == 0, "n %zu", n);
}

static void test_cp1251(void)
{
	char *s = utf8_from_cp1251(S("\xCA\xEE\xE4 \xA8\xB8\xB9\xAB\xBB\x96\x97\xA0"));
	CHECK_NAMED("cp1251 letters", s && strcmp(s, "Код Ёё№«»–—\xC2\xA0") == 0, "got %s", s ? s : "NULL");
	free(s);
	s = utf8_from_cp1251(S("a\x98" "b\0c"));
	CHECK_NAMED("cp1251 0x98 and NUL", s && strcmp(s, "a\xEF\xBF\xBD" "bc") == 0, "got %s",
	      s ? s : "NULL");
	free(s);
	s = utf8_from_cp1251("", 0);
	CHECK_NAMED("cp1251 empty", s && *s == '\0', "not empty");
	free(s);
}

static void test_line_of_offset(void)
{
	const char *s = "a\r\nb\rc\nd\r\n\ne";
	CHECK_NAMED("line 1", utf8_line_of_offset(s, 0) == 1, "%d", utf8_line_of_offset(s, 0));
	CHECK_NAMED("line crlf once", utf8_line_of_offset(s, 2) == 1 && utf8_line_of_offset(s, 3) == 2,
	      "%d %d", utf8_line_of_offset(s, 2), utf8_line_of_offset(s, 3));
	CHECK_NAMED("line lone cr", utf8_line_of_offset(s, 5) == 3, "%d", utf8_line_of_offset(s, 5));
	CHECK_NAMED("line lf", utf8_line_of_offset(s, 7) == 4, "%d", utf8_line_of_offset(s, 7));
	CHECK_NAMED("line empty line", utf8_line_of_offset(s, 11) == 6, "%d", utf8_line_of_offset(s, 11));
}

/* ---- csv: encodings and delimiters ---- */

static void test_encodings(void)
{
	const char *want = "H1: Код|Фамилия\n2: 1|Ёлкина\n";
	expect_table("utf8 no bom", S("Код;Фамилия\n1;Ёлкина\n"), want);
	expect_table("utf8 bom", S("\xEF\xBB\xBFКод;Фамилия\n1;Ёлкина\n"), want);
	expect_table("cp1251", S("\xCA\xEE\xE4;\xD4\xE0\xEC\xE8\xEB\xE8\xFF\n1;\xA8\xEB\xEA\xE8\xED\xE0\n"),
		     want);

	struct res r = read_mem(S("\xEF\xBB\xBF" "a;b\n"));
	CHECK_NAMED("info bom", r.info.enc == CSV_ENC_UTF8_BOM && r.info.delim == ';', "enc %s delim %c",
	      csv_encoding_name(r.info.enc), r.info.delim);
	res_free(&r);
	r = read_mem(S("\xCA\xEE\xE4,\xC8\xEC\xFF\n"));
	CHECK_NAMED("info cp1251", r.info.enc == CSV_ENC_CP1251 && r.info.delim == ',', "enc %s delim %c",
	      csv_encoding_name(r.info.enc), r.info.delim);
	res_free(&r);
	r = read_mem(S("a\tb\n"));
	CHECK_NAMED("info utf8", r.info.enc == CSV_ENC_UTF8 && r.info.delim == '\t', "enc %s delim %c",
	      csv_encoding_name(r.info.enc), r.info.delim);
	res_free(&r);

	expect_table("cp1251 0x98", S("\xCA\xEE\xE4;\xC8\xEC\xFF\n\xCA\xEE\xE4\x98;\xE0\xE0\xE0\xE0\n"),
		     "H1: Код|Имя\n2: Код\xEF\xBF\xBD|аааа\n");
	expect_error("bom invalid utf8", S("\xEF\xBB\xBFКод;Имя\r\n1;ok\r\n2;\xC8\xE2\r\n"), 3,
		     "invalid UTF-8 after a UTF-8 byte order mark");
	expect_error("invalid utf8 not cp1251", S("a;b\n1;Ж\n2;\x80\x81\x82\x83\n"), 3,
		     "invalid UTF-8 at line 3 (and not Windows-1251 text)");
	expect_error("utf8 with a stray byte", S("a;b\nФамилия;\xE0\n"), 2, "invalid UTF-8 at line 2");
	expect_error("utf16", S("\xFF\xFE" "a\0;\0b\0"), 0, "UTF-16");
}

static void test_delimiters(void)
{
	const char *want = "H1: a|b|c\n2: 1|2|3\n";
	expect_table("semicolon", S("a;b;c\n1;2;3\n"), want);
	expect_table("comma", S("a,b,c\n1,2,3\n"), want);
	expect_table("tab", S("a\tb\tc\n1\t2\t3\n"), want);
	expect_table("comma wins by count", S("a,b;c,d\n1,2;3,4\n"), "H1: a|b;c|d\n2: 1|2;3|4\n");
	expect_table("semicolon wins tie", S("a;b,c\n1;2,3\n"), "H1: a|b,c\n2: 1|2,3\n");
	expect_table("quotes respected", S("\"Фамилия, имя\";Код\n\"Ли, Ан\";7\n"),
		     "H1: Фамилия, имя|Код\n2: Ли, Ан|7\n");
	expect_table("comma in quoted header", S("\"x;y\",b\n1,2\n"), "H1: x;y|b\n2: 1|2\n");
	expect_error("single column", S("Код\n1\n"), 1,
		     "cannot detect the delimiter: the header has a single column");
	expect_error("single column trailing delim", S("\n\nКод;;\n1;;\n"), 3,
		     "the header has a single column");
}

/* ---- csv: structure ---- */

static void test_line_ends(void)
{
	const char *want = "H1: a|b\n2: 1|2\n4: 3|4\n";
	expect_table("lf", S("a;b\n1;2\n\n3;4\n"), want);
	expect_table("crlf", S("a;b\r\n1;2\r\n\r\n3;4\r\n"), want);
	expect_table("cr", S("a;b\r1;2\r\r3;4\r"), want);
	expect_table("no final newline", S("a;b\r\n1;2\r\n\r\n3;4"), want);
	expect_table("mixed", S("a;b\r\n1;2\n\r3;4\n"), want);
}

static void test_quoted(void)
{
	expect_table("doubled quotes", S("a;b\n\"He said \"\"hi\"\"\";\"\"\"\"\n"),
		     "H1: a|b\n2: He said \"hi\"|\"\n");
	expect_table("quoted delimiter", S("a,b\n\"1,5\",\"x;y\"\n"), "H1: a|b\n2: 1,5|x;y\n");
	expect_table("quoted crlf normalised", S("a;b\r\n\"x\r\ny\rz\";2\r\n"),
		     "H1: a|b\n2: x\\ny\\nz|2\n");
	expect_table("quote in unquoted cell", S("a;b\nООО \"Ромашка\";x\"y\"\n"),
		     "H1: a|b\n2: ООО \"Ромашка\"|x\"y\"\n");
	expect_table("spaces around quotes", S("a;b\n  \"x\"  ;  \" y \"\n"), "H1: a|b\n2: x|y\n");
	expect_error("text after closing quote", S("a;b\n1;2\n\"ООО \"Ромашка\"\";3\n"), 3,
		     "text after the closing quote");
}

static void test_physical_lines(void)
{
	const char *want =
		"H1: id|address|note\n"
		"2: 1|line one\\nline two\\nline three|x\n"
		"5: 2|b|\n"
		"7: 3|p\\n\\nq|y\\nz\n"
		"12: 4|c|d\n";
	expect_table("lines lf", S("id;address;note\n"
				   "1;\"line one\nline two\nline three\";x\n"
				   "2;b\n"
				   "\n"
				   "3;\"p\n\nq\";\"y\nz\"\n"
				   "\n"
				   "4;c;d\n"), want);
	expect_table("lines crlf", S("id;address;note\r\n"
				     "1;\"line one\r\nline two\r\nline three\";x\r\n"
				     "2;b\r\n"
				     "\r\n"
				     "3;\"p\r\n\r\nq\";\"y\r\nz\"\r\n"
				     "\r\n"
				     "4;c;d\r\n"), want);
	expect_table("lines cr", S("id;address;note\r"
				   "1;\"line one\rline two\rline three\";x\r"
				   "2;b\r"
				   "\r"
				   "3;\"p\r\rq\";\"y\rz\"\r"
				   "\r"
				   "4;c;d\r"), want);
	expect_table("multi-line first cell", S("a;b\n\"x\ny\";1\n\"\n\";2\n3;4\n"),
		     "H1: a|b\n2: x\\ny|1\n4: \\n|2\n6: 3|4\n");
	expect_table("multi-line header", S("\"Дата\nрождения\";Код\n01.02.2003;1\n"),
		     "H1: Дата\\nрождения|Код\n3: 01.02.2003|1\n");
	expect_error("error at the spreadsheet row after multi-line", S("a;b\n\"1\n2\n3\";x\n1;2;3\n"), 3,
		     "row has 3 fields, the header has 2");
}

static void test_empty(void)
{
	expect_error("empty file", "", 0, 0, "file is empty");
	expect_error("bom only", S("\xEF\xBB\xBF"), 0, "file is empty");
	expect_error("whitespace only", S(" \r\n\t\n"), 0, "file is empty");
	expect_error("only empty records", S(";;\n ; ;\n"), 0, "file is empty");
	expect_table("header only", S("a;b\n"), "H1: a|b\n");
	expect_table("header only no newline", S("a;b"), "H1: a|b\n");
	expect_table("header then blank lines", S("a;b\r\n\r\n\r\n"), "H1: a|b\n");
	expect_table("skipped empty rows", S("\n;;\na;b\n;\n1;2\n  ;\t\n\" \";\"\"\n\n3;4\n;;;;\n"),
		     "H3: a|b\n5: 1|2\n9: 3|4\n");
}

static void test_bad_input(void)
{
	expect_error("nul byte", S("a;b\n1;2\n3;\0\n"), 3, "binary data (NUL byte) at line 3: not a CSV file");
	expect_error("too many fields", S("a;b;c\n1;2;3\n1;2;3;4\n"), 3, "row has 4 fields, the header has 3");
	expect_error("too many fields gap", S("a;b;c\n1;;;;x\n"), 2, "row has 5 fields, the header has 3");
	expect_table("trailing empty fields", S("a;b;c\n1;2;3;;;\n"), "H1: a|b|c\n2: 1|2|3\n");
	expect_table("short rows padded", S("a;b;c\n1\n1;2\n"), "H1: a|b|c\n2: 1||\n3: 1|2|\n");
	expect_table("trailing empty header", S("a;b;;\n1;2;;\n"), "H1: a|b\n2: 1|2\n");
	expect_error("unterminated quote", S("a;b\n1;2\n3;\"four\nfive;6\n7;8\n"), 3,
		     "unterminated quoted field starting at line 3");
	expect_error("unterminated first field", S("a;b\r\n\r\n\"x\r\n"), 3,
		     "unterminated quoted field starting at line 3");
	expect_error("unterminated in header", S("a;\"b\nc;d\n"), 1,
		     "unterminated quoted field starting at line 1");
}

static void test_trimming(void)
{
	expect_table("trim", S(" a \t; \xC2\xA0" "b\xC2\xA0\n \t1 2\xC2\xA0\xC2\xA0;\xC2\xA0x\xC2\xA0y \n"),
		     "H1: a|b\n2: 1 2|x\xC2\xA0y\n");
	expect_table("trim quoted", S("a;b\n\" 1 \";\"\xC2\xA0 2\"\n"), "H1: a|b\n2: 1|2\n");
	expect_table("trim cp1251 nbsp", S("a;b\n\xA0\xC0\xA0;1\n"), "H1: a|b\n2: А|1\n");
	expect_table("nbsp only row skipped", S("a;b\n\xC2\xA0;\xC2\xA0\n1;2\n"), "H1: a|b\n3: 1|2\n");
	expect_table("duplicate headers kept", S("Код;код ;Код\n1;2;3\n"), "H1: Код|код|Код\n2: 1|2|3\n");
}

static void test_caps(void)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "a;Адрес\n1;2\n3;");
	for (int i = 0; i < CSV_MAX_FIELD; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, "\n");
	struct res r = read_mem(b.data, b.len);
	CHECK_NAMED("field at the cap", r.rc == 0 && r.t->nrows == 2 && r.t->rows[1].line == 3 &&
	      strlen(r.t->rows[1].cell[1]) == CSV_MAX_FIELD, "rc %d", r.rc);
	res_free(&r);

	buf_reset(&b);
	buf_adds(&b, "a;Адрес\n1;2\n3;\"\n");
	for (int i = 0; i <= CSV_MAX_FIELD; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, "\"\n4;5\n");
	r = read_mem(b.data, b.len);
	char *got = problems(&r.dl);
	CHECK_NAMED("field too long", r.rc && r.dl.n == 1 && r.dl.v[0].line == 3 && r.dl.v[0].field &&
	      strcmp(r.dl.v[0].field, "Адрес") == 0 &&
	      strcmp(r.dl.v[0].msg, "field too long (100002 bytes, at most 100000)") == 0,
	      "got %s", got);
	free(got);
	res_free(&r);

	buf_reset(&b);
	for (int i = 0; i <= CSV_MAX_COLS; i++)
		buf_printf(&b, "c%d;", i);
	expect_error("too many columns", b.data, b.len, 1, "the header has more than 512 columns");
	buf_reset(&b);
	buf_adds(&b, "a;b");
	for (int i = 0; i < 2000; i++)
		buf_addc(&b, ';');
	buf_adds(&b, "\n1;2;;;\n");
	expect_table("many empty columns", b.data, b.len, "H1: a|b\n2: 1|2\n");
	buf_free(&b);
}

/* libcsv gets at most 64 KiB at a time: a cut between "\r" and "\n", or inside a quoted
 * cell, must not shift the lines. */
static void test_chunks(void)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "a;b\r\n1;");
	for (int i = 0; i < 65533; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, "\r\n2;\"");
	for (int i = 0; i < 70000; i++)
		buf_adds(&b, i % 1000 ? "y" : "\r\n");
	buf_adds(&b, "\"\r\n3;z\r\n");
	struct res r = read_mem(b.data, b.len);
	CHECK_NAMED("chunk boundaries", r.rc == 0 && r.t->nrows == 3 && r.t->rows[0].line == 2 &&
	      r.t->rows[1].line == 3 && r.t->rows[2].line == 74 &&
	      strlen(r.t->rows[0].cell[1]) == 65533 && !strchr(r.t->rows[1].cell[1], '\r'),
	      "rc %d", r.rc);
	res_free(&r);
	buf_free(&b);
}

static void test_no_content_in_messages(void)
{
	struct res r = read_mem(S("Код;Имя\n1;Секретова;Тайна\n2;\"Скрытая\n"));
	bool clean = r.dl.n == 2;
	for (size_t i = 0; i < r.dl.n; i++)
		clean &= !strstr(r.dl.v[i].msg, "Секрет") && !strstr(r.dl.v[i].msg, "Тайна") &&
			 !strstr(r.dl.v[i].msg, "Скрыт");
	char *got = problems(&r.dl);
	CHECK_NAMED("no cell contents in messages", clean, "got:\n%s", got);
	free(got);
	res_free(&r);
}

static void test_rows_cap(void)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "a;b\n");
	for (int i = 0; i < CSV_MAX_ROWS; i++)
		buf_adds(&b, "1;2\n");
	struct res r = read_mem(b.data, b.len);
	CHECK_NAMED("rows at the cap", r.rc == 0 && r.t && r.t->nrows == CSV_MAX_ROWS &&
	      r.t->rows[CSV_MAX_ROWS - 1].line == CSV_MAX_ROWS + 1, "rc %d", r.rc);
	res_free(&r);
	buf_adds(&b, "\n3;4\n");
	expect_error("too many rows", b.data, b.len, CSV_MAX_ROWS + 3, "more than 1000000 data rows");
	buf_free(&b);

	size_t n = CSV_MAX_BYTES + 1;
	char *big = xmalloc(n);
	memset(big, 'a', n);
	expect_error("file too large", big, n, 0, "file too large");
	free(big);
}

/* The same data as Excel's "CSV" on a Russian Windows (CP1251, ';', CRLF) and as "CSV UTF-8"
 * elsewhere (',', LF) must give one table. */
static void test_same_table(void)
{
	static const char cp[] =
		"\xCA\xEE\xE4;\xD4\xE0\xEC\xE8\xEB\xE8\xFF;\xC8\xEC\xFF;\xC0\xE4\xF0\xE5\xF1;"
		"\xCF\xF0\xE8\xEC\xE5\xF7\xE0\xED\xE8\xE5\r\n"
		"1;\xA8\xEB\xEA\xE8\xED\xE0;\xC0\xEB\xB8\xED\xE0;\xE3. \xD2\xE2\xE5\xF0\xFC, \xF3\xEB. "
		"\xCB\xE5\xED\xE8\xED\xE0, \xE4. 5;\xAB\xCE\xF2\xEB\xE8\xF7\xED\xE8\xF6\xE0\xBB \x97 "
		"\xB9" "1\r\n"
		"2;\xC8\xE2\xE0\xED\xEE\xE2;\xCF\xB8\xF2\xF0;\"\xCC\xEE\xF1\xEA\xE2\xE0\r\n"
		"\xEA\xE2. 7\";\r\n";
	static const char u8[] =
		"Код,Фамилия,Имя,Адрес,Примечание\n"
		"1,Ёлкина,Алёна,\"г. Тверь, ул. Ленина, д. 5\",«Отличница» — №1\n"
		"2,Иванов,Пётр,\"Москва\nкв. 7\",\n";
	const char *want = "H1: Код|Фамилия|Имя|Адрес|Примечание\n"
			   "2: 1|Ёлкина|Алёна|г. Тверь, ул. Ленина, д. 5|«Отличница» — №1\n"
			   "3: 2|Иванов|Пётр|Москва\\nкв. 7|\n";
	char *a = dump_of(cp, sizeof cp - 1), *b = dump_of(u8, sizeof u8 - 1);
	CHECK_NAMED("cp1251 crlf = utf8 lf", strcmp(a, b) == 0 && strcmp(a, want) == 0,
	      "\n--- cp1251\n%s--- utf-8\n%s", a, b);
	free(a);
	free(b);
}

static void test_file(void)
{
	char path[] = "/tmp/test_csv_XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (!f) {
		CHECK_NAMED("file", 0, "cannot make a temporary file");
		return;
	}
	fputs("\xEF\xBB\xBFКод;Имя\r\n7;Ян\r\n", f);
	fclose(f);
	struct table *t = NULL;
	struct diag_list dl = DIAG_LIST_INIT;
	struct csv_info info;
	int rc = csv_read_file_info(path, "graduates.csv", &t, &info, &dl);
	CHECK_NAMED("read file", rc == 0 && t && t->nrows == 1 && strcmp(t->rows[0].cell[1], "Ян") == 0 &&
	      strcmp(t->file, "graduates.csv") == 0 && info.enc == CSV_ENC_UTF8_BOM,
	      "rc %d", rc);
	table_free(t);
	remove(path);
	rc = csv_read_file(path, "graduates.csv", &t, &dl);
	CHECK_NAMED("missing file", rc && !t && dl.n == 1 && strcmp(dl.v[0].file, "graduates.csv") == 0 &&
	      strstr(dl.v[0].msg, "cannot open"), "rc %d", rc);
	diag_list_free(&dl);
}

/* ---- rows as a spreadsheet shows them, sep=, the header under a title ---- */

/* Returns "H<row>: cells" then "<row>: cells": the spreadsheet rows; free it. */
static char *dump_rows(const struct table *t)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "H%d:", t->header_row);
	for (size_t c = 0; c < t->ncols; c++) {
		buf_adds(&b, c ? "|" : " ");
		dump_cell(&b, t->header[c]);
	}
	buf_addc(&b, '\n');
	for (size_t r = 0; r < t->nrows; r++) {
		buf_printf(&b, "%d:", t->rows[r].row);
		for (size_t c = 0; c < t->ncols; c++) {
			buf_adds(&b, c ? "|" : " ");
			dump_cell(&b, t->rows[r].cell[c]);
		}
		buf_addc(&b, '\n');
	}
	return buf_take(&b);
}

/* A header test for the tests: a row whose first cell is "Код". */
static bool first_is_kod(const char *const *cells, size_t n, const void *arg)
{
	(void)arg;
	return n >= 2 && strcmp(cells[0], "Код") == 0;
}

static void expect_rows(const char *name, const char *data, size_t n, bool find, const char *want,
			char delim)
{
	struct csv_opts opts = {first_is_kod, NULL};
	struct csv_info info;
	struct diag_list dl = DIAG_LIST_INIT;
	struct table *t = NULL;
	int rc = csv_read_mem_opts(data, n, "t.csv", find ? &opts : NULL, &t, &info, &dl);
	char *got = t ? dump_rows(t) : problems(&dl);
	CHECK_NAMED(name, rc == 0 && dl.n == 0 && strcmp(got, want) == 0 && info.delim == delim,
		    "rc %d delim '%c'\n--- want\n%s--- got\n%s", rc, info.delim, want, got);
	free(got);
	table_free(t);
	diag_list_free(&dl);
}

static void test_spreadsheet_rows(void)
{
	expect_rows("a row per record whatever its line breaks",
		    S("Код;Адрес\n1;\"a\nb\nc\"\n2;x\n\n3;\"\r\n\"\n4;y\n"), false,
		    "H1: Код|Адрес\n2: 1|a\\nb\\nc\n3: 2|x\n5: 3|\\n\n6: 4|y\n", ';');
	expect_rows("sep= sets the delimiter and is no row", S("sep=,\r\nКод,А;Б\r\n1,x;y\r\n"), false,
		    "H1: Код|А;Б\n2: 1|x;y\n", ',');
	expect_rows("SEP= in capitals", S("SEP=;\nКод;Б\n1;2\n"), false, "H1: Код|Б\n2: 1|2\n", ';');
	expect_rows("a title and a blank row above the header",
		    S("Список выпускников;;;\n\nКод;Фамилия;Имя\n1;А;Б\n"), true,
		    "H3: Код|Фамилия|Имя\n4: 1|А|Б\n", ';');
	expect_rows("a comma title, the header found under ','",
		    S("Выпускники, 2026\nКод,Фамилия\n1,А\n"), true, "H2: Код|Фамилия\n3: 1|А\n", ',');
	expect_rows("sep= and a title", S("sep=;\nТитул\nКод;Ф\n1;2\n"), true, "H2: Код|Ф\n3: 1|2\n", ';');
	expect_rows("no header found: the first record is", S("a;b\n1;2\n"), true, "H1: a|b\n2: 1|2\n",
		    ';');
	expect_rows("trailing empty rows and columns", S("Код;Ф;;\n1;2;;\n;;;\n\n;;\n"), true,
		    "H1: Код|Ф\n2: 1|2\n", ';');
	expect_error("a value past the header's last column names both columns",
		     S("a;b\n1;2;3\n"), 2, "column C holds a value but the header ends at column B");
	expect_error("sep=\" refused", S("sep=\"\na;b\n"), 0, "names no usable delimiter");
}

int main(void)
{
	test_spreadsheet_rows();
	test_utf8_valid();
	test_utf8_codec();
	test_cp1251();
	test_line_of_offset();
	test_encodings();
	test_delimiters();
	test_line_ends();
	test_quoted();
	test_physical_lines();
	test_empty();
	test_bad_input();
	test_trimming();
	test_caps();
	test_chunks();
	test_no_content_in_messages();
	test_rows_cap();
	test_same_table();
	test_file();
	return DONE("csv");
}
