/* test_model: dates, header matching, cell conversion and the half-year rule. */
#include <stdlib.h>

#include "harness.h"
#include "model/check.h"
#include "model/load.h"
#include "rules/periods.h"
#include "util/collate.h"
#include "util/date.h"
#include "util/fold.h"
#include "util/table.h"
#include "util/xalloc.h"

static struct date D(int y, int m, int d)
{
	struct date r = {y, m, d};
	return r;
}

static void test_dates(void)
{
	struct date d;
	CHECK(date_parse("05.06.2025", &d) == 0 && d.y == 2025 && d.m == 6 && d.d == 5, "dotted");
	CHECK(date_parse("5.6.2025", &d) == 0 && d.d == 5, "one digit day and month");
	CHECK(date_parse("2025-06-05", &d) == 0 && d.m == 6, "ISO");
	CHECK(date_parse(" 01.01.2024 ", &d) == 0, "spaces around");
	CHECK(date_parse("31.02.2023", &d) != 0, "31.02 is not a date");
	CHECK(date_parse("29.02.2023", &d) != 0, "no 29.02 in 2023");
	CHECK(date_parse("29.02.2024", &d) == 0, "29.02.2024 is a date");
	CHECK(date_parse("00.00.0000", &d) != 0, "zeros");
	CHECK(date_parse("2023-13-01", &d) != 0, "month 13");
	CHECK(date_parse("01.01.24", &d) != 0, "two-digit year");
	CHECK(date_parse("01.01.2024г", &d) != 0, "trailing text");
	CHECK(date_parse("", &d) != 0, "empty");
	CHECK(date_parse("1.1.1899", &d) != 0, "before 1900");
	/* what spreadsheets write */
	struct date today = D(2026, 11, 23), none = {0, 0, 0};
	enum date_form f;
	CHECK(date_parse_loose("30.06.24", DATE_CENTURY_2000, today, &d, &f) == 0 &&
	      date_cmp(d, D(2024, 6, 30)) == 0 && f == DATE_FORM_SHORT, "DD.MM.YY");
	CHECK(date_parse_loose("1.9.99", DATE_CENTURY_2000, today, &d, NULL) == 0 && d.y == 2099,
	      "a graduation is never before 2000");
	CHECK(date_parse_loose("14.3.05", DATE_CENTURY_PAST, today, &d, NULL) == 0 &&
	      date_cmp(d, D(2005, 3, 14)) == 0, "D.M.YY birth in this century");
	CHECK(date_parse_loose("01.02.80", DATE_CENTURY_PAST, today, &d, NULL) == 0 && d.y == 1980,
	      "a birth date is never in the future");
	CHECK(date_parse_loose("24.11.26", DATE_CENTURY_PAST, today, &d, NULL) == 0 && d.y == 1926,
	      "tomorrow's birth date is the last century's");
	CHECK(date_parse_loose("23.11.26", DATE_CENTURY_PAST, today, &d, NULL) == 0 && d.y == 2026,
	      "today's is this one's");
	CHECK(date_parse_loose("01.02.31", DATE_CENTURY_PAST, none, &d, NULL) == 0 && d.y == 1931 &&
	      date_parse_loose("01.02.30", DATE_CENTURY_PAST, none, &d, NULL) == 0 && d.y == 2030,
	      "without a date: 19YY past 30");
	CHECK(date_parse_loose("31.02.24", DATE_CENTURY_2000, today, &d, NULL) != 0, "31.02.24 is none");
	CHECK(date_parse_loose("45473", DATE_CENTURY_2000, today, &d, &f) == 0 &&
	      date_cmp(d, D(2024, 6, 30)) == 0 && f == DATE_FORM_SERIAL, "a day number");
	CHECK(date_parse_loose("38425,5", DATE_CENTURY_2000, today, &d, NULL) == 0 &&
	      date_cmp(d, D(2005, 3, 14)) == 0, "a day number with a time");
	CHECK(date_parse_loose("2005", DATE_CENTURY_2000, today, &d, NULL) != 0, "a year is no day number");
	CHECK(date_parse_loose("05.06.2025", DATE_CENTURY_2000, today, &d, &f) == 0 && f == DATE_FORM_FULL,
	      "the full form still");
	CHECK(date_parse_loose("1.1.205", DATE_CENTURY_2000, today, &d, NULL) != 0, "three digits");
	char b[40];
	date_format(D(2025, 6, 5), b, sizeof b);
	CHECK_STR(b, "05.06.2025");
	date_format_long(D(2025, 6, 5), b, sizeof b);
	CHECK_STR(b, "5 июня 2025\xc2\xa0г.");
	struct date e = date_add_months(D(2024, 8, 31), 6);
	CHECK(date_cmp(e, D(2025, 2, 28)) == 0, "31.08 + 6 months = 28.02");
	e = date_add_months(D(2023, 8, 31), 6);
	CHECK(date_cmp(e, D(2024, 2, 29)) == 0, "leap year clamp");
	CHECK(date_cmp(date_add_days(D(2024, 12, 31), 1), D(2025, 1, 1)) == 0, "day after 31.12");
	CHECK(date_cmp(date_from_days(date_days(D(2026, 11, 23))), D(2026, 11, 23)) == 0, "days round trip");
	CHECK(date_academic_year(D(2025, 8, 31)) == 2024 && date_academic_year(D(2025, 9, 1)) == 2025,
	      "academic years start on 1 September");
}

static void test_periods(void)
{
	struct date g = D(2024, 6, 30);
	char a0[16];
	CHECK(period_of(g, D(2024, 6, 29)) == 0, "before graduation");
	CHECK(period_of(g, g) == 1, "graduation day is in the first half-year");
	CHECK(period_of(g, D(2024, 12, 29)) == 1, "last day of half-year 1");
	CHECK(period_of(g, D(2024, 12, 30)) == 2, "first day of half-year 2");
	CHECK(period_of(g, D(2025, 6, 29)) == 2, "last day of half-year 2");
	CHECK(period_of(g, D(2025, 12, 30)) == 4, "half-year 4");
	CHECK(period_of(g, D(2026, 6, 29)) == 4, "the last day of patronage: two years end the day before the anniversary");
	CHECK(period_of(g, D(2026, 6, 30)) == 5, "the second anniversary is after patronage");
	date_format(period_patronage_end(g), a0, sizeof a0);
	CHECK_STR(a0, "29.06.2026");
	date_format(period_last(g, 4), a0, sizeof a0);
	CHECK_STR(a0, "29.06.2026");
	char a[16];
	date_format(period_last(g, 1), a, sizeof a);
	CHECK_STR(a, "29.12.2024");
	date_format(period_first(g, 3), a, sizeof a);
	CHECK_STR(a, "30.06.2025");
}

static void test_headers(void)
{
	char *n = fold_key("  Ведёт \xc2\xa0 ДОКУМЕНТАЦИЮ ");
	CHECK_STR(n, "ведет документацию");
	free(n);
	n = fold_key("Birth_Date");
	CHECK_STR(n, "birth_date");
	free(n);
}

/* a staff table with the given header and one row */
static struct table *staff_table(const char *const *hdr, const char *const *row, size_t n)
{
	struct table *t = table_new("staff.csv");
	t->header_line = 1;
	char **cells = xcalloc(n, sizeof *cells);
	for (size_t i = 0; i < n; i++) {
		table_add_header(t, hdr[i]);
		cells[i] = xstrdup(row[i]);
	}
	table_add_row(t, 2, cells);
	return t;
}

static void test_cells(void)
{
	const char *hdr[] = {"Код", "Фамилия", "Имя", "Должность", "Роль", "Ведёт документацию"};
	const char *good[] = {"S1", "Иванова", "Анна", "Педагог", "Педагог-психолог", "Да"};
	const char *bad[] = {"S2", "Петрова", "Ольга", "Педагог", "повар", "может быть"};
	struct model m = {0};
	struct diag_list dl = DIAG_LIST_INIT;
	struct table *t = staff_table(hdr, good, 6);
	CHECK(load_table(&m, TABLE_STAFF, t, NULL, &dl) == 0, "good row: no errors");
	CHECK(m.nstaff == 1 && m.staff[0].role == ROLE_PSYCHOLOGIST && m.staff[0].keeps_records,
	      "role and yes converted");
	CHECK_STR(m.staff[0].patronymic, "");
	table_free(t);
	t = staff_table(hdr, bad, 6);
	CHECK(load_table(&m, TABLE_STAFF, t, NULL, &dl) == 2, "bad role and bad yes/no: 2 errors");
	CHECK(dl.n == 2 && dl.v[0].line == 2 && strcmp(dl.v[0].field, "Роль") == 0, "error names line and field");
	CHECK(dl.n == 2 && strcmp(dl.v[1].field, "Ведёт документацию") == 0, "second error's field");
	table_free(t);
	/* yes/no spellings */
	const char *yes[] = {"да", "ДА", "1", "yes", "Yes", "true", "+", "✓", "x", "X", "Да"};
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
		const char *row[] = {"S9", "А", "Б", "В", "педагог", yes[i]};
		struct model m2 = {0};
		t = staff_table(hdr, row, 6);
		load_table(&m2, TABLE_STAFF, t, NULL, &dl);
		CHECK(m2.nstaff == 1 && m2.staff[0].keeps_records, "'%s' means yes", yes[i]);
		table_free(t);
		model_free(&m2);
	}
	/* ids as file names on Windows */
	const char *ids[] = {"CON", "lpt1", "Nul.x", "A1.", "a:b", "COM10"};
	const bool refused[] = {true, true, true, true, true, false};
	for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
		const char *row[] = {ids[i], "А", "Б", "В", "педагог", ""};
		struct model m2 = {0};
		struct diag_list d2 = DIAG_LIST_INIT;
		t = staff_table(hdr, row, 6);
		load_table(&m2, TABLE_STAFF, t, NULL, &d2);
		CHECK((d2.nerrors == 1) == refused[i], "id '%s' %s", ids[i], refused[i] ? "refused" : "taken");
		table_free(t);
		model_free(&m2);
		diag_list_free(&d2);
	}
	model_free(&m);
	diag_list_free(&dl);
}

static void test_collate(void)
{
	CHECK(collate_ru("Абрамова", "Борисов") < 0, "А before Б");
	CHECK(collate_ru("Елкин", "Ёлкин") < 0 && collate_ru("Ёлкин", "Жуков") < 0, "ё between е and ж");
	CHECK(collate_ru("ёж", "Ежов") > 0, "ё after е, case ignored");
	CHECK(collate_ru("иванов", "ИВАНОВ") == 0, "case ignored");
	CHECK(collate_ru("Иван", "Иванов") < 0, "a prefix first");
	CHECK(collate_ru(NULL, "") == 0, "NULL reads as empty");
	CHECK(collate_ru("Яковлев", "Smith") > 0 && collate_ru("Smith", "Абрамов") < 0, "Latin before Cyrillic");
}

int main(void)
{
	test_collate();
	test_dates();
	test_periods();
	test_headers();
	test_cells();
	return DONE("model");
}
