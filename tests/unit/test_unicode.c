/* test_unicode: the letters beyond Russian — collation after their base letter, and NFC on
 * reading (table_add_row / table_add_header), as a user sorting and matching names sees them. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "util/collate.h"
#include "util/table.h"
#include "util/xalloc.h"

/* Checks that the names are in collate_ru order, each strictly before the next. */
static void expect_sorted(const char *what, const char *const *names, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		CHECK(collate_ru(names[i], names[i + 1]) < 0 && collate_ru(names[i + 1], names[i]) > 0,
		      "%s: [%s] must sort before [%s]", what, names[i], names[i + 1]);
}

static void test_collation(void)
{
	/* Tatar: ә after а, before б; ө after о; ү after у; җ after ж; ң after н; һ after х */
	const char *tatar[] = {"Абдуллин", "Андреев", "Әхмәтов", "әхмәтова", "Бойко", "Гәрәев",
			       "Жуков", "Җәлилов", "Зиннатуллин", "Нуриев", "Ңаров", "Оськин", "Өлкәнов",
			       "Пушкин", "Усманов", "Үзәков", "Фролов", "Хабибуллин", "Һади", "Цой"};
	expect_sorted("Tatar", tatar, sizeof tatar / sizeof *tatar);
	/* Ukrainian: г ґ; е є; и і ї й */
	const char *ukr[] = {"Гнатюк", "Ґалаґан", "Дмитренко", "Евтух", "Єрмак", "Живко",
			     "Иваненко", "Іваненко", "Їжак", "Йосипенко", "Коваль"};
	expect_sorted("Ukrainian", ukr, sizeof ukr / sizeof *ukr);
	/* Kazakh and Bashkir: ғ after г; қ ҡ after к; ұ before ү after у; ҙ after з; ҫ after с */
	const char *kaz[] = {"Габдуллин", "Ғалиев", "Дауленов", "Зарипов", "Ҙәйнуллин", "Иманов",
			     "Каримов", "Қасымов", "Ҡаһарманов", "Лапин", "Сулейманов", "Ҫабиров",
			     "Тимуров", "Уразов", "Ұлықбек", "Үмбетов", "Фаизов"};
	expect_sorted("Kazakh/Bashkir", kaz, sizeof kaz / sizeof *kaz);
	/* Belarusian ў after у; Russian ё after е and й after и, as before */
	const char *rus[] = {"Елкин", "Ёлкин", "Жуков", "Иванов", "Йошкин", "Кузнецов", "Ус", "Ўладзімір",
			     "Фёдоров"};
	expect_sorted("Belarusian and Russian", rus, sizeof rus / sizeof *rus);
	/* Latin: é after e, before f; ö after o; ł after l; ş after s */
	const char *lat[] = {"Dvorak", "Dvořák", "Eder", "Émile", "Fischer", "Lang", "Łukasiewicz",
			     "Müller", "Oz", "Özil", "Sahin", "Şahin", "Taylor"};
	expect_sorted("Latin", lat, sizeof lat / sizeof *lat);
	CHECK(collate_ru("ӘХМӘТОВ", "әхмәтов") == 0, "case ignored for national letters");
	CHECK(collate_ru("ŁUKASIEWICZ", "łukasiewicz") == 0, "case ignored for Latin with a stroke");
	CHECK(collate_ru("Smith", "Абрамов") < 0, "Latin before Cyrillic");
}

static void test_nfc(void)
{
	struct table *t = table_new("graduates.csv");
	table_add_header(t, "Фами\xd0\xbb\xd0\xb8\xd1\x8f");
	table_add_header(t, "Имя");
	char **cells = xcalloc(2, sizeof *cells);
	cells[0] = xstrdup("\xd0\x90\xd0\xbd\xd0\xb4\xd1\x80\xd0\xb5\xd0\xb8\xcc\x86"); /* Андреи + U+0306 */
	cells[1] = xstrdup("Zoe\xcc\x88"); /* Zoe + U+0308 */
	table_add_row(t, 2, cells);
	cells = xcalloc(2, sizeof *cells);
	cells[0] = xstrdup("Гәрәев");
	cells[1] = xstrdup("Айдар");
	table_add_row(t, 3, cells);
	CHECK_STR(t->rows[0].cell[0], "Андрей");
	CHECK_STR(t->rows[0].cell[1], "Zoë");
	CHECK_STR(t->rows[1].cell[0], "Гәрәев");
	CHECK_STR(t->header[0], "Фамилия");
	CHECK(strcmp(t->rows[0].cell[0], "Андрей") == 0 && collate_ru(t->rows[0].cell[0], "Андрей") == 0,
	      "one letter й after reading");
	table_free(t);
}

int main(void)
{
	test_collation();
	test_nfc();
	return DONE("unicode");
}
