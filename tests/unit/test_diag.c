/* test_diag: how problems are printed — today's "file:line: field: message" unchanged, and
 * a workbook's "file: sheet «SHEET», cell E14 (field): message" (in Russian, see
 * tests/e2e/i18n.sh: "лист «SHEET», ячейка E14") — and how they sort. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "util/diag.h"

/* What diag_print writes for dl (after sorting), as a new string. */
static char *printed(struct diag_list *dl, bool strict)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	diag_sort(dl);
	diag_print(dl, f, strict);
	fclose(f);
	return s;
}

static void test_plain(void)
{
	struct diag_list dl = DIAG_LIST_INIT;
	diag_error(&dl, "graduates.csv", 3, "Дата рождения", "invalid date");
	diag_warn(&dl, "graduates.csv", 0, NULL, "a warning");
	diag_error(&dl, NULL, 0, "--graduate", "no graduate with id X");
	char *s = printed(&dl, false);
	CHECK_STR(s, "--graduate: no graduate with id X\n"
		     "graduates.csv: warning: a warning\n"
		     "graduates.csv:3: Дата рождения: invalid date\n");
	free(s);
	s = printed(&dl, true);
	CHECK(strstr(s, "graduates.csv: error (strict): a warning\n") != NULL, "strict: %s", s);
	free(s);
	CHECK(dl.nerrors == 2 && dl.nwarnings == 1, "counts");
	diag_list_free(&dl);
}

static void test_sheet_cell(void)
{
	struct diag_list dl = DIAG_LIST_INIT;
	char cell[DIAG_CELL_MAX];
	diag_cell_name(5, 14, cell);
	struct diag_at at = {.file = "graduates.xlsx", .sheet = "Выпускники", .cell = cell,
			     .field = "Дата рождения", .graduate = "2026-002", .line = 14};
	diag_add_at(&dl, DIAG_ERROR, &at, "«%s» — такой даты нет", "31.02.2005");
	struct diag_at row9 = {.file = "graduates.xlsx", .sheet = "Выпускники", .cell = "B9", .line = 9};
	diag_add_at(&dl, DIAG_WARNING, &row9, "second");
	struct diag_at csv = {.file = "staff.csv", .cell = "C7", .field = "Роль", .line = 7};
	diag_add_at(&dl, DIAG_ERROR, &csv, "unknown role");
	struct diag_at sheet_only = {.file = "patronat.xlsx", .sheet = "Сотрудники"};
	diag_add_at(&dl, DIAG_ERROR, &sheet_only, "required column is missing");
	struct diag_at none = {.file = "records.csv", .field = "Дата", .line = 4};
	diag_add_at(&dl, DIAG_ERROR, &none, "as diag_error");
	CHECK(dl.n == 5 && strcmp(dl.v[0].graduate, "2026-002") == 0, "the graduate is kept");
	char *s = printed(&dl, false);
	CHECK_STR(s, "graduates.xlsx: sheet «Выпускники», cell B9: warning: second\n"
		     "graduates.xlsx: sheet «Выпускники», cell E14 (Дата рождения): «31.02.2005» — "
		     "такой даты нет\n"
		     "patronat.xlsx: sheet «Сотрудники»: required column is missing\n"
		     "records.csv:4: Дата: as diag_error\n"
		     "staff.csv:7: C (Роль): unknown role\n");
	free(s);
	diag_list_free(&dl);
}

static void test_cell_names(void)
{
	static const struct {
		unsigned col;
		long row;
		const char *want;
	} v[] = {
		{1, 1, "A1"}, {5, 14, "E14"}, {26, 2, "Z2"}, {27, 3, "AA3"}, {52, 1, "AZ1"},
		{53, 1, "BA1"}, {702, 10, "ZZ10"}, {703, 1, "AAA1"}, {16384, 1048576, "XFD1048576"},
		{0, 1, ""}, {16385, 1, ""}, {3, 0, ""},
	};
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		char out[DIAG_CELL_MAX];
		diag_cell_name(v[i].col, v[i].row, out);
		CHECK(strcmp(out, v[i].want) == 0, "column %u row %ld: got [%s], want [%s]", v[i].col,
		      v[i].row, out, v[i].want);
	}
}

/* the list keeps at most max records but counts every problem */
static void test_cap(void)
{
	struct diag_list dl = DIAG_LIST_INIT;
	dl.max = 2;
	struct diag_at at = {.file = "a.xlsx", .sheet = "S", .cell = "A1", .line = 1};
	for (int i = 0; i < 5; i++)
		diag_add_at(&dl, DIAG_ERROR, &at, "e%d", i);
	CHECK(dl.n == 2 && dl.nerrors == 5 && dl.dropped == 3, "n %zu errors %zu dropped %zu", dl.n,
	      dl.nerrors, dl.dropped);
	diag_list_free(&dl);
}

/* out/problems.csv: what Excel opens as it is. */
static void test_csv(void)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct diag_at cell = {.file = "graduates.csv", .cell = "E30", .field = "Дата рождения",
			       .graduate = "2026-002", .line = 30};
	diag_add_at(&dl, DIAG_ERROR, &cell, "invalid date «31.02.2005»; \"quoted\"");
	diag_warn(&dl, "records.csv", 12, NULL, "a row's warning");
	struct diag_at sheet = {.file = "patronat.xlsx", .sheet = "Выпускники", .cell = "B2",
				.graduate = "-1", .line = 2};
	diag_add_at(&dl, DIAG_WARNING, &sheet, "=HYPERLINK(\"x\")");
	size_t len = 0;
	char *s = diag_csv(&dl, false, &len);
	CHECK(len == strlen(s), "length");
	CHECK_STR(s, "\xEF\xBB\xBF" "file;sheet;cell;graduate;level;message\r\n"
		     "graduates.csv;;E30;2026-002;error;\"Дата рождения: invalid date «31.02.2005»; "
		     "\"\"quoted\"\"\"\r\n"
		     "records.csv;;12;;warning;a row's warning\r\n"
		     "patronat.xlsx;Выпускники;B2;\"'-1\";warning;\"'=HYPERLINK(\"\"x\"\")\"\r\n");
	free(s);
	s = diag_csv(&dl, true, &len);
	CHECK(strstr(s, ";error (strict);a row's warning") != NULL, "strict promotes warnings");
	free(s);
	diag_list_free(&dl);
}

int main(void)
{
	test_csv();
	test_plain();
	test_sheet_cell();
	test_cell_names();
	test_cap();
	return DONE("diag");
}
