/* test_typo: the no-break rules, Russian hyphenation points, line breaking that never parts
 * what the rules glue, hyphenated justified lines, and pages that leave no line of a
 * paragraph alone at a page's foot or head.
 * Invariants: run from the repository root (fonts/ and Debian's hyph_ru_RU.dic); the last
 * line is "typo: N passed, N failed". */
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "font/fontset.h"
#include "harness.h"
#include "layout/hyph.h"
#include "layout/layout.h"
#include "layout/linebreak.h"
#include "layout/typo.h"
#include "pdf/cp1251.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define DICT "/usr/share/hyphen/hyph_ru_RU.dic"

/* Code points of a UTF-8 string; *n gets their number. Free with free(). */
static unsigned *cps(const char *s, size_t *n)
{
	size_t len = strlen(s);
	unsigned *v = xmalloc((len + 1) * sizeof *v);
	*n = 0;
	for (size_t i = 0; i < len;) {
		size_t l;
		int c = utf8_decode(s + i, len - i, &l);
		v[(*n)++] = c < 0 ? '?' : (unsigned)c;
		i += l;
	}
	return v;
}

/* The text with every space shown by its kind: ' ' breakable, '~' fixed, '+' glued. */
static char *classified(const char *s)
{
	size_t n;
	unsigned *v = cps(s, &n);
	unsigned char *k = xmalloc(n + 1);
	typo_classify(v, n, k);
	char *out = xmalloc(n * 4 + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned c = v[i];
		if (c == ' ' || c == 0xA0)
			c = k[i] == TYPO_FIXED ? '~' : k[i] == TYPO_GLUE ? '+' : ' ';
		o += utf8_encode(c, out + o);
	}
	out[o] = '\0';
	free(v);
	free(k);
	return out;
}

static void expect_classes(const char *in, const char *want)
{
	char *got = classified(in);
	CHECK_STR(got, want);
	free(got);
}

static void test_rules(void)
{
	expect_classes("подписал И. О. Фамилия вчера", "подписал И.~О.~Фамилия вчера");
	expect_classes("подписал И.О. Фамилия вчера", "подписал И.О.~Фамилия вчера");
	expect_classes("ответственный Фамилия И. О. вчера", "ответственный Фамилия~И.~О. вчера");
	expect_classes("назначить Громова И.П., социальный", "назначить Громова~И.П., социальный");
	expect_classes("приказ № 245-о от", "приказ №~245-о от");
	expect_classes("в 2026 г. и 2024–2025 гг. около 50 % за 3 мес. по 100 руб.",
		       "в+2026~г. и+2024–2025~гг. около 50~% за+3~мес. по+100~руб.");
	expect_classes("прошло 2 лет, 5 ч. 30 мин. учёбы", "прошло 2~лет, 5~ч.~30~мин. учёбы");
	expect_classes("всего 33 141 студент", "всего 33~141+студент");
	expect_classes("по ч. 1 ст. 158 УК в г. Тверь", "по+ч.~1 ст.~158 УК в+г.~Тверь");
	expect_classes("слово « цитата » слово", "слово «+цитата+» слово");
	expect_classes("работа — это труд", "работа+— это труд");
	expect_classes("и в городе, а на селе не он же",
		       "и+в+городе, а+на+селе не+он+же");
	expect_classes("Во дворе К дому", "Во+дворе К+дому");
	expect_classes("обычные слова подряд", "обычные слова подряд");
	expect_classes("слово и, потом", "слово и, потом"); /* "и," ends a clause: no glue */
	expect_classes("т. е. так", "т.~е. так");
	expect_classes("Фамилия\xc2\xa0И.О.", "Фамилия~И.О.");
}

/* A number keeps the word it counts, no line starts with a dash, none ends with a one-letter
 * word; a date, a code or a preposition after a number is not glued to it. */
static void test_new_rules(void)
{
	expect_classes("кондитер 3 разряда; стаж 2,5 года и 2–3 смены",
		       "кондитер 3+разряда; стаж 2,5~года и+2–3+смены");
	expect_classes("в 2025 г. выпуск", "в+2025~г. выпуск");
	expect_classes("беседа (апрель 2025 г.). Итог", "беседа (апрель 2025~г.). Итог");
	expect_classes("приказ № 12 от", "приказ №~12 от");
	expect_classes("(около 27 тыс. руб.), 2 млн руб.", "(около 27~тыс.~руб.), 2~млн~руб.");
	expect_classes("всего 7 из 1078", "всего 7 из+1078");                 /* a preposition is not counted */
	expect_classes("от 17.01.2026 привлечён", "от+17.01.2026 привлечён");   /* a date counts nothing */
	expect_classes("код 23.01.17 приказом", "код 23.01.17 приказом");
	expect_classes("д. 6 (со слов)", "д.~6 (со+слов)");
	expect_classes("3 Разряда", "3 Разряда");                             /* a capital starts a new phrase */
	expect_classes("работа — это труд, отдых – тоже, дом - крепость",
		       "работа+— это труд, отдых+– тоже, дом+- крепость");
	expect_classes("в доме к дому с другом у дома о доме и дом а дом я сам",
		       "в+доме к+дому с+другом у+дома о+доме и+дом а+дом я+сам");
	expect_classes("В доме Я сам", "В+доме Я+сам");
}

/* Straight quotes made typographic, in place; returns the new text (free it). */
static char *quoted(const char *s, size_t *changed)
{
	size_t n;
	unsigned *v = cps(s, &n);
	*changed = typo_quotes(v, n);
	char *out = xmalloc(n * 4 + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++)
		o += utf8_encode(v[i], out + o);
	out[o] = '\0';
	free(v);
	return out;
}

static void expect_quotes(const char *in, const char *want, size_t want_changed)
{
	size_t changed;
	char *got = quoted(in, &changed);
	CHECK_STR(got, want);
	CHECK(changed == want_changed, "%s: %zu quotes replaced, want %zu", in, changed, want_changed);
	free(got);
}

static void test_quotes(void)
{
	expect_quotes("\"Северный хлеб\"", "«Северный хлеб»", 2);
	expect_quotes("ООО \"Северный хлеб\"; пекарь", "ООО «Северный хлеб»; пекарь", 2);
	expect_quotes("клуб \"Молодая \"семья\"\"", "клуб «Молодая „семья“»", 4);
	expect_quotes("«Программа \"Молодая семья\"»", "«Программа „Молодая семья“»", 2);
	expect_quotes("\"Школа 21\" и \"Дом\"", "«Школа 21» и «Дом»", 4);
	expect_quotes("монитор 24\" и \"Дом\"", "монитор 24\" и «Дом»", 2); /* an inch mark stays */
	expect_quotes("(см. \"Устав\"), — \"да\"", "(см. «Устав»), — «да»", 4);
	expect_quotes("он сказал \"да", "он сказал \"да", 0);                 /* no pair: unchanged */
	expect_quotes("слово\" потом", "слово\" потом", 0);
	expect_quotes("а \" б", "а \" б", 0);
	expect_quotes("д'Артаньян, 'так'", "д'Артаньян, 'так'", 0);            /* single quotes untouched */
	/* deeper than the cap: 32 pairs are made, the quotes beyond stay straight */
	char deep[200] = "";
	for (int i = 0; i < 40; i++)
		strcat(deep, "\"");
	strcat(deep, "x");
	for (int i = 0; i < 40; i++)
		strcat(deep, "\"");
	size_t changed;
	char *got = quoted(deep, &changed);
	CHECK(changed == 64, "40 nested pairs: %zu quotes replaced, want 64 (32 pairs)", changed);
	free(got);
}

/* The hyphenation points of word as "со=про"; "" when none. */
static char *points(struct hyph *h, const char *word)
{
	size_t n;
	unsigned *v = cps(word, &n);
	unsigned char ok[64];
	char *out = xmalloc(n * 5 + 1);
	size_t o = 0;
	if (n <= 64 && hyph_word(h, v, n, ok))
		for (size_t i = 0; i < n; i++) {
			o += utf8_encode(v[i], out + o);
			if (ok[i])
				out[o++] = '=';
		}
	out[o] = '\0';
	free(v);
	return out;
}

static void expect_points(struct hyph *h, const char *word, const char *want)
{
	char *got = points(h, word);
	CHECK_STR(got, want);
	free(got);
}

static void test_hyphenation(struct hyph *h)
{
	CHECK(h != NULL, "the dictionary %s loads", DICT);
	if (!h)
		return;
	expect_points(h, "сопровождения", "сопровожде=ния");
	expect_points(h, "ответственный", "от=вет=ствен=ный");
	expect_points(h, "Ответственный", "От=вет=ствен=ный"); /* case does not matter */
	expect_points(h, "документации", "докумен=та=ции");
	expect_points(h, "дом", "");                              /* too short */
}

struct env {
	struct fontset fs;
	const struct ttf *face[FONT_NFACES];
	struct hyph *hy;
};

/* Breaks text at width; returns the lines joined with '|' (a new string); *hyphens gets the
 * number of lines ending with an added hyphen. */
static char *broken(const struct env *e, const char *text, double width, enum doc_align al, size_t *hyphens)
{
	struct doc_para p = {0};
	struct doc_span span = {DOC_REGULAR, false, (char *)text};
	p.spans = &span, p.nspans = 1, p.align = al, p.hyphenate = true;
	struct lb_para lp;
	lb_build(&lp, &p, e->face, cp1251_has, 12);
	struct lb_line *lines;
	size_t nl = lb_break(&lp, &p, width, e->hy, &lines);
	size_t cap = 1;
	for (size_t i = 0; i < nl; i++)
		cap += (lines[i].b - lines[i].a) * 4 + 3;
	char *out = xmalloc(cap);
	out[0] = '\0';
	*hyphens = 0;
	for (size_t i = 0; i < nl; i++) {
		char *s = lb_text(&lp, lines[i].a, lines[i].b, lines[i].hyphen);
		if (i)
			strcat(out, "|");
		strcat(out, s);
		free(s);
		*hyphens += lines[i].hyphen;
	}
	free(lines);
	lb_free(&lp);
	return out;
}

static void test_breaking(const struct env *e)
{
	const char *text = "Приказ подписал директор И. О. Фамилия, согласовали Громова И.П. и Петров А. Б., "
			   "номер приказа № 245-о от 01.09.2026 г., срок 30 дней, в городе « Верхнеборск » — "
			   "всё в порядке.";
	static const char *const never[] = {"И.|", "|О.", "О.|", "|Фамилия", "Громова|", "|И.П.", "№|",
					    "|245", "2026|", "|г.", "30|", "|дней", " в|", "«|", "|»",
					    "|—", "А.|", "|Б."};
	int bad = 0;
	for (int w = 110; w <= 460; w++) {
		size_t hy;
		char *s = broken(e, text, w, DOC_JUSTIFY, &hy);
		for (size_t k = 0; k < sizeof never / sizeof *never; k++)
			if (strstr(s, never[k]) && bad++ < 3)
				printf("width %d: a line break at \"%s\": %s\n", w, never[k], s);
		free(s);
	}
	CHECK(bad == 0, "no-break rules broken %d times at widths from 110 to 460 pt", bad);
	/* the rules of issue 10, and quotes from the input made typographic on the way */
	const char *text2 = "Трудоустроена в ООО \"Северный хлеб\" кондитером 3 разряда с 06.07.2026 г. "
			    "по приказу № 12; работа - это то, о чём мечтала, а я и брат рады — так сказала "
			    "выпускница (апрель 2025 г.). Консультация у психолога и 2 беседы.";
	static const char *const never2[] = {"3|", "|разряда", "2026|", "|г.", "№|", "|12", "|-", "|—",
					     " о|", " а|", " я|", " и|", " у|", "2|", "|беседы", "\""};
	bad = 0;
	for (int w = 110; w <= 460; w++) {
		size_t hy;
		char *s = broken(e, text2, w, DOC_JUSTIFY, &hy);
		for (size_t k = 0; k < sizeof never2 / sizeof *never2; k++)
			if (strstr(s, never2[k]) && bad++ < 3)
				printf("width %d: \"%s\" in: %s\n", w, never2[k], s);
		if ((!strstr(s, "«Северный") || !strstr(s, "хлеб»")) && bad++ < 3)
			printf("width %d: no «Северный хлеб» in: %s\n", w, s);
		free(s);
	}
	CHECK(bad == 0, "issue 10 rules broken %d times at widths from 110 to 460 pt", bad);
	/* a chain wider than the line still breaks (never runs past the margin) */
	size_t hy;
	char *s = broken(e, "И. О. Фамилия", 30, DOC_LEFT, &hy);
	CHECK(strchr(s, '|') != NULL, "a too long chain is broken: %s", s);
	free(s);
}

static void test_hyphenated_lines(const struct env *e)
{
	const char *text = "Организация патронатного сопровождения выпускников предполагает своевременное "
			   "оказание необходимой квалифицированной помощи выпускникам в социально-профессиональной "
			   "адаптации, организацию взаимодействия с государственными учреждениями, организациями "
			   "и общественными объединениями для оказания помощи выпускникам, оказавшимся "
			   "в неблагоприятных, кризисных ситуациях; ответственный за ведение документации "
			   "назначается приказом по учреждению образования.";
	size_t total = 0, widths = 0;
	for (int w = 150; w <= 300; w += 10) {
		size_t hy;
		char *s = broken(e, text, w, DOC_JUSTIFY, &hy);
		total += hy;
		widths += hy > 0;
		/* every hyphen ends a line inside a word: a letter before it, a letter after the '|' */
		for (char *p = strstr(s, "-|"); p; p = strstr(p + 2, "-|")) {
			size_t l;
			int next = utf8_decode(p + 2, strlen(p + 2), &l);
			CHECK(next >= 0x430 && next <= 0x44F, "width %d: a hyphenated line is followed by a "
			      "lower-case letter: %.40s", w, p);
		}
		free(s);
	}
	CHECK(widths >= 10, "hyphenated lines at %zu of 16 widths (%zu hyphens)", widths, total);
	size_t hy;
	char *s = broken(e, "Ответственный Ответственный Ответственный Ответственный", 100, DOC_JUSTIFY, &hy);
	CHECK(hy == 0, "capitalised words are not hyphenated: %s", s);
	free(s);
}

/* Counts the text items of each page that are not page numbers (lines of one face). */
static size_t lines_on(const struct pages *pg, size_t i)
{
	size_t n = 0;
	for (size_t k = 0; k < pg->v[i].nitems; k++) {
		const struct item *it = &pg->v[i].items[k];
		if (it->kind == ITEM_TEXT && it->y < pg->height - 56.6)
			n++;
	}
	return n;
}

static void test_widows(const struct env *e)
{
	struct layout_opts o;
	layout_default_opts(&o);
	for (int f = 0; f < FONT_NFACES; f++)
		o.face[f] = e->face[f];
	o.can_show = cp1251_has;
	o.hyph = e->hy;
	const char *text = "Педагог социальный изучает взаимоотношения в семье, социальное окружение "
			   "выпускников как по месту жительства, так и при предполагаемом трудоустройстве; "
			   "обеспечивает преемственность форм и методов обучения и коррекционно-педагогической "
			   "работы по налаживанию взаимодействия между учреждениями образования на уровнях "
			   "общего среднего и профессионально-технического образования, центрами "
			   "коррекционно-развивающего обучения и реабилитации.";
	int bad = 0, split = 0, heading_alone = 0;
	for (int h = 500; h <= 700; h += 2) {
		struct doc *d = doc_new();
		doc_add_text(d, DOC_LEFT, DOC_REGULAR, "Начало"); /* a space at a page's head is dropped */
		doc_add_space(d, h);
		struct doc_para *hd = doc_add_text(d, DOC_LEFT, DOC_BOLD, "Заголовок");
		hd->keep_with_next = true;
		hd->space_after = 12;
		struct doc_para *p = doc_add_text(d, DOC_JUSTIFY, DOC_REGULAR, text);
		p->indent_first = 35;
		p->hyphenate = true;
		p->space_before = 6;
		struct pages pg = {0};
		CHECK(layout_doc(d, &o, &pg) == 0, "layout at %d", h);
		size_t first = pg.n ? lines_on(&pg, 0) : 0, second = pg.n > 1 ? lines_on(&pg, 1) : 0;
		/* page 1: the first line, the heading and some lines of the paragraph */
		size_t on1 = first > 2 ? first - 2 : 0;
		if (pg.n > 1 && first == 2)
			heading_alone++;
		if (pg.n > 1 && on1 > 0) {
			split++;
			if (on1 < 2 || second < 2)
				bad++;
		}
		pages_free(&pg);
		doc_free(d);
	}
	CHECK(split > 5, "the paragraph was split across pages at %d heights", split);
	CHECK(bad == 0, "%d splits left a single line at a page's foot or head", bad);
	CHECK(heading_alone == 0, "the heading was left alone at a page's foot %d times", heading_alone);
}

int main(void)
{
	struct env e = {0};
	char err[256];
	test_rules();
	test_new_rules();
	test_quotes();
	e.hy = hyph_load(DICT);
	test_hyphenation(e.hy);
	if (fontset_load(&e.fs, "fonts", err, sizeof err) != 0) {
		CHECK(0, "fonts: %s", err);
		hyph_free(e.hy);
		return DONE("typo");
	}
	for (int f = 0; f < FONT_NFACES; f++)
		e.face[f] = e.fs.ttf[f];
	test_breaking(&e);
	if (e.hy)
		test_hyphenated_lines(&e);
	test_widows(&e);
	fontset_free(&e.fs);
	hyph_free(e.hy);
	return DONE("typo");
}
