/* decline: the rule tables of Russian declension for names and positions, and a matcher that
 * applies the first rule whose ending pattern fits a word.
 * Invariant: a word is at most WORD_MAX code points and a text at most TEXT_MAX bytes (longer:
 * unchanged); a rule replaces only the word's ending (or, for a fleeting vowel, its stem, by a
 * table entry) and copies the rest, so the input's letters, case and ё survive.
 *
 * The rules are the common ones of Russian grammar as Д. Э. Розенталь's «Справочник по
 * правописанию и литературной правке» (§ «Склонение фамилий», «Имена и отчества») gives them:
 * - -ов/-ев/-ёв/-ин/-ын: men Иванов → Иванова, Ивановым; women Иванова → Ивановой, Иванову.
 * - adjectival (-ский/-цкий/-ской, -ый/-ий/-ой; -ская/-ая/-яя) decline as adjectives.
 * - -их/-ых, -ово/-аго, and every ending in -о/-е/-и/-у/-ю/-э/-ы (Шевченко, Гёте, Шоу) do not
 *   decline.
 * - a consonant or -ь/-й (Шевчук, Бабич, Шмидт, Гоголь, Гайдай): men decline as nouns of the
 *   second declension (the fleeting vowel of surnames is kept: Кулик → Кулика), women do not.
 * - -а/-я after a consonant decline for both (Сковорода → Сковороды); after a vowel only -ия
 *   does (Гарсия → Гарсии); French ones stressed on the end do not (Дюма, Золя, Тома).
 * - a double-barrelled surname declines part by part (Римский-Корсаков → Римского-Корсакова).
 * - first names follow the nouns, with the fleeting vowels of Павел, Лев (Павла, Льва), Пётр →
 *   Петра, Илья → Ильёй, Любовь → Любови (the vowel stays); patronymics -ич (-ичем; Ильич,
 *   Кузьмич, Фомич, Лукич stressed: -ичом), -на; оглы/кызы do not decline.
 * Where the instrumental's -ом/-ем (-ой/-ей) after ж ш ч щ ц depends on the stress, which the
 * spelling does not show, the word is left unchanged. Known limit: a foreign surname in -ин
 * takes -ом (Дарвином), which the spelling does not show either; only the few in the table do,
 * any other gets the Russian -ым. */
#include "decline.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define WORD_MAX 48  /* code points of a word the rules look at */
#define TEXT_MAX 255 /* bytes of a text */

enum kind {
	R_DECLINE, /* replace the ending */
	R_SAME,    /* the word does not decline */
	R_UNSURE,  /* the rules do not decide */
};

/* One rule. The pattern is matched against the end of the lower-case word: a Cyrillic letter
 * stands for itself; an ASCII capital for a class (V vowel, C consonant, K г к х, S ж ш ч щ,
 * H a consonant other than ж ш ч щ ц); a leading '^' anchors it at the word's start. */
struct rule {
	const char *pattern;
	enum kind kind;
	unsigned char strip;  /* code points removed before the ending */
	unsigned char minlen; /* the word has at least this many letters (0: any) */
	const char *stem;     /* when set, the word's new stem (a fleeting vowel, ё → е) */
	const char *end[5];   /* endings of the genitive, dative, accusative, instrumental, prepositional */
};

#define SAME(p) {p, R_SAME, 0, 0, NULL, {NULL}}
#define UNSURE(p) {p, R_UNSURE, 0, 0, NULL, {NULL}}
#define END_MASC_HARD {"а", "у", "а", "ом", "е"}  /* Шмидт, Иван, педагог */
#define END_MASC_SOFT {"я", "ю", "я", "ем", "е"}  /* Гоголь, Игорь, Сергей, учитель */
#define END_MASC_OV {"а", "у", "а", "ым", "е"}    /* Иванов, Пушкин */
#define END_FEM_OVA {"ой", "ой", "у", "ой", "ой"} /* Иванова */
#define END_A_HARD {"ы", "е", "у", "ой", "е"}     /* Сковорода, Никита, Марина */
#define END_A_VELAR {"и", "е", "у", "ой", "е"}    /* Глинка, Ольга, Лука */
#define END_A_SIBIL {"и", "е", "у", "ей", "е"}    /* Маша, Саша (names: stress on the stem) */
#define END_YA {"и", "е", "ю", "ей", "е"}         /* Наталья, Таня, Зоя */
#define END_IYA {"и", "и", "ю", "ей", "и"}        /* Мария, Гарсия */
#define END_ADJ_HARD {"ого", "ому", "ого", "ым", "ом"} /* Белый, Толстой */
#define END_ADJ_VELAR {"ого", "ому", "ого", "им", "ом"} /* Тверской, Горький, Донской */
#define END_ADJ_SOFT {"его", "ему", "его", "им", "ем"}  /* Крайний, Рыжий, старший */
#define END_ADJF_HARD {"ой", "ой", "ую", "ой", "ой"}    /* Тверская, Толстая */
#define END_ADJF_SIBIL {"ей", "ей", "ую", "ей", "ей"}   /* Рыжая, старшая */
#define END_ADJF_SOFT {"ей", "ей", "юю", "ей", "ей"}    /* Крайняя */

/* Beginnings of both surname tables: what never declines whatever the gender. */
#define SURNAME_COMMON                                                                     \
	SAME("^дюма"), SAME("^золя"), SAME("^тома"), SAME("^петипа"), SAME("^дега"),        \
	SAME("^гамсахурдиа"), SAME("их"), SAME("ых"), SAME("о"), SAME("е"), SAME("ё"),     \
	SAME("и"), SAME("у"), SAME("ю"), SAME("э"), SAME("ы"),                             \
	{"ия", R_DECLINE, 1, 0, NULL, END_IYA}

static const struct rule surname_male[] = {
	SURNAME_COMMON,
	SAME("Vа"),
	SAME("Vя"),
	{"Kий", R_DECLINE, 2, 0, NULL, END_ADJ_VELAR}, /* Тверский, Горький, Троцкий */
	{"Kой", R_DECLINE, 2, 5, NULL, END_ADJ_VELAR}, /* Донской, Трубецкой */
	{"ний", R_DECLINE, 2, 0, NULL, END_ADJ_SOFT},  /* Крайний */
	{"Sий", R_DECLINE, 2, 0, NULL, END_ADJ_SOFT},  /* Рыжий */
	{"ый", R_DECLINE, 2, 0, NULL, END_ADJ_HARD},   /* Белый */
	{"ой", R_DECLINE, 2, 5, NULL, END_ADJ_HARD},   /* Толстой (Цой: a noun, below) */
	UNSURE("ий"),
	{"Vй", R_DECLINE, 1, 0, NULL, END_MASC_SOFT},  /* Гайдай, Кочубей, Цой */
	{"^дарвин", R_DECLINE, 0, 0, NULL, END_MASC_HARD}, /* foreign -ин: -ом, not -ым */
	{"^чаплин", R_DECLINE, 0, 0, NULL, END_MASC_HARD},
	{"^франклин", R_DECLINE, 0, 0, NULL, END_MASC_HARD},
	{"ов", R_DECLINE, 0, 0, NULL, END_MASC_OV},
	{"ев", R_DECLINE, 0, 0, NULL, END_MASC_OV},
	{"ёв", R_DECLINE, 0, 0, NULL, END_MASC_OV},
	{"ин", R_DECLINE, 0, 0, NULL, END_MASC_OV},
	{"ын", R_DECLINE, 0, 0, NULL, END_MASC_OV},
	{"ич", R_DECLINE, 0, 0, NULL, {"а", "у", "а", "ем", "е"}}, /* Бабич, Петрович */
	UNSURE("S"),
	UNSURE("ц"),
	{"ь", R_DECLINE, 1, 0, NULL, END_MASC_SOFT},   /* Гоголь */
	{"H", R_DECLINE, 0, 0, NULL, END_MASC_HARD},   /* Шевчук, Ковальчук, Шмидт */
	{"Kа", R_DECLINE, 1, 0, NULL, END_A_VELAR},    /* Глинка */
	UNSURE("Sа"),
	UNSURE("ца"),
	{"Cа", R_DECLINE, 1, 0, NULL, END_A_HARD},     /* Сковорода */
	{"Cя", R_DECLINE, 1, 0, NULL, END_YA},
	{"ья", R_DECLINE, 1, 0, NULL, END_YA},
	{NULL, R_UNSURE, 0, 0, NULL, {NULL}},
};

static const struct rule surname_female[] = {
	SURNAME_COMMON,
	{"Sая", R_DECLINE, 2, 0, NULL, END_ADJF_SIBIL}, /* Рыжая */
	{"яя", R_DECLINE, 2, 0, NULL, END_ADJF_SOFT},   /* Крайняя */
	{"ая", R_DECLINE, 2, 0, NULL, END_ADJF_HARD},   /* Тверская, Толстая, Белая */
	SAME("Vа"),
	SAME("Vя"),
	{"ова", R_DECLINE, 1, 0, NULL, END_FEM_OVA},
	{"ева", R_DECLINE, 1, 0, NULL, END_FEM_OVA},
	{"ёва", R_DECLINE, 1, 0, NULL, END_FEM_OVA},
	{"ина", R_DECLINE, 1, 0, NULL, END_FEM_OVA},
	{"ына", R_DECLINE, 1, 0, NULL, END_FEM_OVA},
	{"Kа", R_DECLINE, 1, 0, NULL, END_A_VELAR},
	UNSURE("Sа"),
	UNSURE("ца"),
	{"Cа", R_DECLINE, 1, 0, NULL, END_A_HARD},
	{"Cя", R_DECLINE, 1, 0, NULL, END_YA},
	{"ья", R_DECLINE, 1, 0, NULL, END_YA},
	SAME("C"), /* Шевчук, Бабич, Шмидт: a woman's surname in a consonant stays */
	SAME("й"),
	SAME("ь"),
	{NULL, R_UNSURE, 0, 0, NULL, {NULL}},
};

static const struct rule name_male[] = {
	{"^павел", R_DECLINE, 0, 0, "павл", END_MASC_HARD},
	{"^лев", R_DECLINE, 0, 0, "льв", END_MASC_HARD},
	{"^пётр", R_DECLINE, 0, 0, "петр", END_MASC_HARD},
	{"^илья", R_DECLINE, 1, 0, NULL, {"и", "е", "ю", "ёй", "е"}},
	{"ий", R_DECLINE, 1, 0, NULL, {"я", "ю", "я", "ем", "и"}}, /* Дмитрий → о Дмитрии */
	{"Vй", R_DECLINE, 1, 0, NULL, END_MASC_SOFT},             /* Сергей, Николай */
	{"ь", R_DECLINE, 1, 0, NULL, END_MASC_SOFT},              /* Игорь */
	{"H", R_DECLINE, 0, 0, NULL, END_MASC_HARD},              /* Иван, Денис */
	{"Kа", R_DECLINE, 1, 0, NULL, END_A_VELAR},               /* Лука */
	{"Sа", R_DECLINE, 1, 0, NULL, END_A_SIBIL},               /* Миша */
	{"Cа", R_DECLINE, 1, 0, NULL, END_A_HARD},                /* Никита, Фома */
	{"Cя", R_DECLINE, 1, 0, NULL, END_YA},                    /* Ваня */
	{NULL, R_UNSURE, 0, 0, NULL, {NULL}},
};

static const struct rule name_female[] = {
	{"ия", R_DECLINE, 1, 0, NULL, END_IYA},         /* Мария, Анастасия */
	{"я", R_DECLINE, 1, 0, NULL, END_YA},           /* Наталья, Таня, Зоя */
	{"Kа", R_DECLINE, 1, 0, NULL, END_A_VELAR},     /* Ольга */
	{"Sа", R_DECLINE, 1, 0, NULL, END_A_SIBIL},     /* Маша */
	UNSURE("ца"),
	{"Cа", R_DECLINE, 1, 0, NULL, END_A_HARD},      /* Анна, Марина */
	{"ь", R_DECLINE, 1, 0, NULL, {"и", "и", "ь", "ью", "и"}}, /* Любовь, Нинель */
	SAME("C"),
	SAME("й"),
	SAME("о"), SAME("е"), SAME("и"), SAME("у"), SAME("ю"), SAME("э"),
	{NULL, R_UNSURE, 0, 0, NULL, {NULL}},
};

static const struct rule patronymic[] = {
	SAME("оглы"), SAME("улы"), SAME("уулу"), SAME("кызы"), SAME("гызы"),
	{"^ильич", R_DECLINE, 0, 0, NULL, END_MASC_HARD},
	{"^кузьмич", R_DECLINE, 0, 0, NULL, END_MASC_HARD},
	{"^фомич", R_DECLINE, 0, 0, NULL, END_MASC_HARD},
	{"^лукич", R_DECLINE, 0, 0, NULL, END_MASC_HARD},
	{"ич", R_DECLINE, 0, 0, NULL, {"а", "у", "а", "ем", "е"}},
	{"на", R_DECLINE, 1, 0, NULL, END_A_HARD},
	{NULL, R_UNSURE, 0, 0, NULL, {NULL}},
};

/* Adjectives of a position in the nominative, before or right after its head noun. */
static const struct rule adjective[] = {
	{"Kий", R_DECLINE, 2, 0, NULL, END_ADJ_VELAR}, /* русский */
	{"ний", R_DECLINE, 2, 0, NULL, END_ADJ_SOFT},  /* средний */
	{"Sий", R_DECLINE, 2, 0, NULL, END_ADJ_SOFT},  /* старший, ведущий, заведующий */
	{"ый", R_DECLINE, 2, 0, NULL, END_ADJ_HARD},   /* социальный, классный */
	{"Kой", R_DECLINE, 2, 0, NULL, END_ADJ_VELAR}, /* городской */
	{"ой", R_DECLINE, 2, 0, NULL, END_ADJ_HARD},   /* молодой */
	{"Sая", R_DECLINE, 2, 0, NULL, END_ADJF_SIBIL},
	{"яя", R_DECLINE, 2, 0, NULL, END_ADJF_SOFT},
	{"ая", R_DECLINE, 2, 0, NULL, END_ADJF_HARD},  /* медицинская */
	{NULL, R_UNSURE, 0, 0, NULL, {NULL}},
};

/* Head nouns of positions: known words first, then the agent suffixes. */
static const struct rule position_noun[] = {
	{"^секретарь", R_DECLINE, 1, 0, NULL, {"я", "ю", "я", "ём", "е"}},
	{"^библиотекарь", R_DECLINE, 1, 0, NULL, END_MASC_SOFT},
	{"^врач", R_DECLINE, 0, 0, NULL, END_MASC_HARD},
	{"^сторож", R_DECLINE, 0, 0, NULL, {"а", "у", "а", "ем", "е"}},
	{"^сестра", R_DECLINE, 1, 0, NULL, END_A_HARD},
	{"^медсестра", R_DECLINE, 1, 0, NULL, END_A_HARD},
	{"^няня", R_DECLINE, 1, 0, NULL, END_YA},
	{"^педагог", R_DECLINE, 0, 0, NULL, END_MASC_HARD},
	{"^мастер", R_DECLINE, 0, 0, NULL, END_MASC_HARD},
	{"^инженер", R_DECLINE, 0, 0, NULL, END_MASC_HARD},
	{"^бухгалтер", R_DECLINE, 0, 0, NULL, END_MASC_HARD},
	{"^фельдшер", R_DECLINE, 0, 0, NULL, END_MASC_HARD},
	{"^логопед", R_DECLINE, 0, 0, NULL, END_MASC_HARD},
	{"^юрисконсульт", R_DECLINE, 0, 0, NULL, END_MASC_HARD},
	{"^тьютор", R_DECLINE, 0, 0, NULL, END_MASC_HARD},
	{"^член", R_DECLINE, 0, 0, NULL, END_MASC_HARD},
	{"^юрист", R_DECLINE, 0, 0, NULL, END_MASC_HARD},
	{"^комендант", R_DECLINE, 0, 0, NULL, END_MASC_HARD},
	{"^вахтёр", R_DECLINE, 0, 0, NULL, END_MASC_HARD},
	{"^техник", R_DECLINE, 0, 0, NULL, END_MASC_HARD},
	{"тель", R_DECLINE, 1, 6, NULL, END_MASC_SOFT}, /* учитель, заместитель, руководитель */
	{"лог", R_DECLINE, 0, 6, NULL, END_MASC_HARD},  /* психолог, дефектолог */
	{"ист", R_DECLINE, 0, 6, NULL, END_MASC_HARD},  /* методист, специалист */
	{"тор", R_DECLINE, 0, 6, NULL, END_MASC_HARD},  /* директор, куратор, инспектор */
	{"ант", R_DECLINE, 0, 6, NULL, END_MASC_HARD},  /* лаборант, консультант */
	{"ник", R_DECLINE, 0, 6, NULL, END_MASC_HARD},  /* сотрудник, помощник, работник */
	{NULL, R_UNSURE, 0, 0, NULL, {NULL}},
};

/* Adjectives used as a position's head noun (заведующий отделением). */
static const char *const adjective_heads[] = {"заведующий", "заведующая", "дежурный", "дежурная",
					      "управляющий", "управляющая", NULL};

/* Male first names in -а/-я, female ones in -ь, male ones in -ь. */
static const char *const male_a_names[] = {"илья", "никита", "фома", "кузьма", "лука", "савва",
					   "данила", "гаврила", "фока", "добрыня", NULL};
static const char *const female_soft_names[] = {"любовь", "нинель", "адель", "рахиль", "эсфирь",
						"юдифь", "ассоль", "айгуль", "гузель", NULL};
static const char *const male_soft_names[] = {"игорь", "лазарь", "олесь", NULL};
/* Short names either gender bears: the name alone does not tell. */
static const char *const common_names[] = {"саша", "женя", "валя", "шура", NULL};

/* ---- letters ------------------------------------------------------------------------- */

static bool is_upper(unsigned c)
{
	return (c >= 0x410 && c <= 0x42F) || c == 0x401 || (c >= 'A' && c <= 'Z');
}

static unsigned to_lower(unsigned c)
{
	if ((c >= 0x410 && c <= 0x42F) || (c >= 'A' && c <= 'Z'))
		return c + 32;
	return c == 0x401 ? 0x451 : c;
}

static unsigned to_upper(unsigned c)
{
	if ((c >= 0x430 && c <= 0x44F) || (c >= 'a' && c <= 'z'))
		return c - 32;
	return c == 0x451 ? 0x401 : c;
}

static bool in_set(unsigned c, const char *set)
{
	size_t n = strlen(set);
	for (size_t i = 0; i < n;) {
		size_t l;
		int d = utf8_decode(set + i, n - i, &l);
		if (d >= 0 && (unsigned)d == c)
			return true;
		i += l;
	}
	return false;
}

static bool in_class(unsigned c, char cls)
{
	switch (cls) {
	case 'V': return in_set(c, "аеёиоуыэюя");
	case 'C': return in_set(c, "бвгджзклмнпрстфхцчшщ");
	case 'K': return in_set(c, "гкх");
	case 'S': return in_set(c, "жшчщ");
	case 'H': return in_set(c, "бвгдзклмнпрстфх");
	default: return false;
	}
}

/* ---- words ---------------------------------------------------------------------------- */

struct word {
	unsigned cp[WORD_MAX];  /* as given */
	unsigned low[WORD_MAX]; /* lower case */
	size_t n;
};

/* Decodes n bytes of s into w; false when too long, not UTF-8, or empty. */
static bool word_read(struct word *w, const char *s, size_t n)
{
	w->n = 0;
	for (size_t i = 0; i < n;) {
		size_t l;
		int c = utf8_decode(s + i, n - i, &l);
		if (c < 0 || w->n == WORD_MAX)
			return false;
		w->cp[w->n] = (unsigned)c;
		w->low[w->n++] = to_lower((unsigned)c);
		i += l;
	}
	return w->n > 0;
}

/* Decodes a UTF-8 pattern or ending (at most WORD_MAX code points) into v; returns the count. */
static size_t decode(const char *s, unsigned *v)
{
	size_t n = strlen(s), k = 0;
	for (size_t i = 0; i < n && k < WORD_MAX;) {
		size_t l;
		int c = utf8_decode(s + i, n - i, &l);
		v[k++] = c < 0 ? 0 : (unsigned)c;
		i += l;
	}
	return k;
}

static bool matches(const struct word *w, const struct rule *r)
{
	unsigned p[WORD_MAX];
	bool anchored = r->pattern[0] == '^';
	size_t np = decode(r->pattern + anchored, p);
	if (np > w->n || (anchored && np != w->n) || w->n < r->minlen)
		return false;
	for (size_t i = 0; i < np; i++) {
		unsigned c = w->low[w->n - np + i];
		if (p[i] < 0x80 && p[i] >= 'A' && p[i] <= 'Z' ? !in_class(c, (char)p[i]) : c != p[i])
			return false;
	}
	return true;
}

static void put(struct buf *b, unsigned c)
{
	char e[4];
	buf_add(b, e, utf8_encode(c, e));
}

/* Appends w declined by the first rule of table that matches; returns its kind (R_SAME and
 * R_UNSURE append w unchanged). */
static enum kind word_decline(struct buf *b, const struct word *w, const struct rule *table, enum decline_case c)
{
	const struct rule *r = table;
	while (r->pattern && !matches(w, r))
		r++;
	if (!r->pattern || r->kind != R_DECLINE || c == DECLINE_NOM) {
		for (size_t i = 0; i < w->n; i++)
			put(b, w->cp[i]);
		return r->pattern && c == DECLINE_NOM ? R_SAME : r->kind;
	}
	bool upper = is_upper(w->cp[w->n - 1]);
	unsigned v[WORD_MAX];
	if (r->stem) {
		size_t ns = decode(r->stem, v);
		for (size_t i = 0; i < ns; i++)
			put(b, i < w->n && is_upper(w->cp[i]) ? to_upper(v[i]) : v[i]);
	} else {
		for (size_t i = 0; i + r->strip < w->n; i++)
			put(b, w->cp[i]);
	}
	size_t ne = decode(r->end[c - 1], v);
	for (size_t i = 0; i < ne; i++)
		put(b, upper ? to_upper(v[i]) : v[i]);
	return R_DECLINE;
}

/* Declines a word that may be hyphenated, part by part, by table; returns R_UNSURE when a
 * part is (and appends nothing then), else R_DECLINE or R_SAME (no part changed). */
static enum kind parts_decline(struct buf *b, const char *s, size_t n, const struct rule *table,
			       enum decline_case c)
{
	struct buf t = {0};
	enum kind k = R_SAME;
	for (size_t i = 0; i <= n;) {
		size_t e = i;
		while (e < n && s[e] != '-')
			e++;
		struct word w;
		if (!word_read(&w, s + i, e - i)) {
			k = R_UNSURE;
			break;
		}
		enum kind pk = word_decline(&t, &w, table, c);
		if (pk == R_UNSURE) {
			k = R_UNSURE;
			break;
		}
		if (pk == R_DECLINE)
			k = R_DECLINE;
		if (e < n)
			buf_addc(&t, '-');
		i = e + 1;
	}
	if (k != R_UNSURE)
		buf_adds(b, buf_cstr(&t));
	buf_free(&t);
	return k;
}

static bool word_is(const char *s, size_t n, const char *const *list)
{
	struct word w;
	if (!word_read(&w, s, n))
		return false;
	for (size_t i = 0; list[i]; i++) {
		unsigned v[WORD_MAX];
		size_t nv = decode(list[i], v);
		if (nv == w.n && memcmp(v, w.low, nv * sizeof *v) == 0)
			return true;
	}
	return false;
}

/* ---- the exported functions ------------------------------------------------------------- */

static bool usable(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	return n > 0 && n <= TEXT_MAX && utf8_valid(s, n, NULL);
}

static enum decline_result unsure(const char *s, char **out)
{
	*out = xstrdup(s ? s : "");
	return DECLINE_UNSURE;
}

static enum decline_result finish(struct buf *b, enum kind k, const char *s, char **out)
{
	if (k == R_UNSURE) {
		buf_free(b);
		return unsure(s, out);
	}
	*out = buf_take(b);
	return DECLINE_DONE;
}

/* Whether the n bytes of s end, in lower case, with suffix (lower case). */
static bool ends_with_n(const char *s, size_t n, const char *suffix)
{
	struct word w;
	unsigned v[WORD_MAX];
	if (!word_read(&w, s, n))
		return false;
	size_t nv = decode(suffix, v);
	return nv <= w.n && memcmp(v, w.low + w.n - nv, nv * sizeof *v) == 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	return ends_with_n(s, strlen(s), suffix);
}

enum decline_gender decline_gender_of(const char *name, const char *patr)
{
	if (usable(patr)) {
		static const char *const male[] = {"ич", "оглы", "улы", "уулу", NULL};
		static const char *const female[] = {"вна", "чна", "кызы", "гызы", NULL};
		for (size_t i = 0; male[i]; i++)
			if (ends_with(patr, male[i]))
				return DECLINE_MALE;
		for (size_t i = 0; female[i]; i++)
			if (ends_with(patr, female[i]))
				return DECLINE_FEMALE;
	}
	if (!usable(name))
		return DECLINE_UNKNOWN;
	size_t n = strlen(name);
	if (word_is(name, n, common_names))
		return DECLINE_UNKNOWN;
	if (word_is(name, n, male_a_names) || word_is(name, n, male_soft_names))
		return DECLINE_MALE;
	if (word_is(name, n, female_soft_names))
		return DECLINE_FEMALE;
	struct word w;
	if (!word_read(&w, name, n))
		return DECLINE_UNKNOWN;
	unsigned last = w.low[w.n - 1];
	if (last == 0x430 || last == 0x44F) /* а я */
		return DECLINE_FEMALE;
	if (last == 0x439 || in_class(last, 'C')) /* й, a consonant */
		return DECLINE_MALE;
	return DECLINE_UNKNOWN;
}

enum decline_result decline_surname(const char *s, enum decline_gender g, enum decline_case c, char **out)
{
	if (!usable(s))
		return unsure(s, out);
	if (c == DECLINE_NOM) {
		*out = xstrdup(s);
		return DECLINE_DONE;
	}
	size_t n = strlen(s);
	struct buf m = {0}, f = {0};
	enum kind km = g != DECLINE_FEMALE ? parts_decline(&m, s, n, surname_male, c) : R_UNSURE;
	enum kind kf = g != DECLINE_MALE ? parts_decline(&f, s, n, surname_female, c) : R_UNSURE;
	if (g == DECLINE_MALE) {
		buf_free(&f);
		return finish(&m, km, s, out);
	}
	if (g == DECLINE_FEMALE) {
		buf_free(&m);
		return finish(&f, kf, s, out);
	}
	/* unknown gender: only where both rules give the same form */
	bool agree = km != R_UNSURE && kf != R_UNSURE && strcmp(buf_cstr(&m), buf_cstr(&f)) == 0;
	buf_free(&f);
	return finish(&m, agree ? km : R_UNSURE, s, out);
}

enum decline_result decline_name(const char *s, enum decline_gender g, enum decline_case c, char **out)
{
	if (!usable(s) || g == DECLINE_UNKNOWN)
		return unsure(s, out);
	if (c == DECLINE_NOM) {
		*out = xstrdup(s);
		return DECLINE_DONE;
	}
	struct buf b = {0};
	enum kind k = parts_decline(&b, s, strlen(s), g == DECLINE_MALE ? name_male : name_female, c);
	return finish(&b, k, s, out);
}

enum decline_result decline_patronymic(const char *s, enum decline_case c, char **out)
{
	if (!usable(s))
		return unsure(s, out);
	if (c == DECLINE_NOM) {
		*out = xstrdup(s);
		return DECLINE_DONE;
	}
	const char *sp = strrchr(s, ' ');
	if (sp) { /* "Гейдар оглы": the Turkic form does not decline */
		struct word w;
		struct buf t = {0};
		const char *last = sp + 1;
		bool same = word_read(&w, last, strlen(last)) && word_decline(&t, &w, patronymic, c) == R_SAME;
		buf_free(&t);
		if (same) {
			*out = xstrdup(s);
			return DECLINE_DONE;
		}
		return unsure(s, out);
	}
	struct buf b = {0};
	enum kind k = parts_decline(&b, s, strlen(s), patronymic, c);
	return finish(&b, k, s, out);
}

/* "Н.С.", "Н.", "С.": capital letters each followed by a dot. */
static bool is_initials(const char *s, size_t n)
{
	struct word w;
	if (!word_read(&w, s, n) || w.n % 2)
		return false;
	for (size_t i = 0; i < w.n; i += 2)
		if (!is_upper(w.cp[i]) || w.cp[i + 1] != '.')
			return false;
	return true;
}

enum decline_result decline_initials(const char *s, enum decline_gender g, enum decline_case c, char **out)
{
	if (!usable(s))
		return unsure(s, out);
	size_t n = strlen(s), sa = 0, sb = 0, surnames = 0;
	for (size_t i = 0; i < n;) {
		size_t e = i;
		while (e < n && s[e] != ' ')
			e++;
		if (e > i && !is_initials(s + i, e - i)) {
			sa = i, sb = e;
			surnames++;
		}
		i = e + 1;
	}
	if (surnames != 1)
		return unsure(s, out);
	char *sur = xstrndup(s + sa, sb - sa), *d;
	enum decline_result r = decline_surname(sur, g, c, &d);
	free(sur);
	if (r != DECLINE_DONE) {
		free(d);
		return unsure(s, out);
	}
	struct buf b = {0};
	buf_add(&b, s, sa);
	buf_adds(&b, d);
	buf_adds(&b, s + sb);
	free(d);
	*out = buf_take(&b);
	return DECLINE_DONE;
}

enum decline_result decline_person(const char *surname, const char *name, const char *patr,
				   enum decline_case c, char **out)
{
	enum decline_gender g = decline_gender_of(name, patr);
	const char *part[3] = {surname, name, patr};
	struct buf b = {0}, in = {0};
	enum decline_result res = DECLINE_DONE;
	for (int i = 0; i < 3; i++) {
		if (!part[i] || !*part[i])
			continue;
		char *d;
		enum decline_result r = i == 0 ? decline_surname(part[i], g, c, &d)
				      : i == 1 ? decline_name(part[i], g, c, &d)
					       : decline_patronymic(part[i], c, &d);
		if (r != DECLINE_DONE)
			res = DECLINE_UNSURE;
		if (b.len)
			buf_addc(&b, ' '), buf_addc(&in, ' ');
		buf_adds(&b, d);
		buf_adds(&in, part[i]);
		free(d);
	}
	if (res == DECLINE_UNSURE) {
		buf_free(&b);
		*out = buf_take(&in);
	} else {
		buf_free(&in);
		*out = buf_take(&b);
	}
	return res;
}

/* The last hyphenated part of the token [s, s + n) (an adjective declines only there:
 * медико-социальный); returns its start. */
static const char *last_part(const char *s, size_t n)
{
	const char *h = s + n;
	while (h > s && h[-1] != '-')
		h--;
	return h;
}

/* True when the token is a nominative adjective (by its last part). */
static bool is_adjective(const char *s, size_t n)
{
	const char *h = last_part(s, n);
	struct word w;
	if (!word_read(&w, h, (size_t)(s + n - h)))
		return false;
	const struct rule *r = adjective;
	while (r->pattern && !matches(&w, r))
		r++;
	return r->pattern != NULL;
}

/* True when the token is a nominative masculine adjective in -ый/-ий (after a head noun:
 * «педагог социальный»; -ой there is rather a feminine oblique form: «группы учебной»). */
static bool is_post_adjective(const char *s, size_t n)
{
	return is_adjective(s, n) && (ends_with_n(s, n, "ый") || ends_with_n(s, n, "ий"));
}

/* True when every hyphenated part of the token is a position noun. */
static bool is_position_noun(const char *s, size_t n)
{
	struct buf t = {0};
	enum kind k = parts_decline(&t, s, n, position_noun, DECLINE_GEN);
	buf_free(&t);
	return k == R_DECLINE;
}

static void add_adjective(struct buf *b, const char *s, size_t n, enum decline_case c)
{
	const char *h = last_part(s, n);
	struct word w;
	buf_add(b, s, (size_t)(h - s));
	word_read(&w, h, (size_t)(s + n - h)); /* is_adjective read it before */
	word_decline(b, &w, adjective, c);
}

/* Declines one comma-free part of a position into b: the adjectives before the head noun, the
 * head, a nominative adjective after it; the rest is copied. Returns R_UNSURE when the part has
 * no known head noun (b then holds a partial text the caller drops). */
static enum kind position_part(struct buf *b, const char *s, size_t n, enum decline_case c)
{
	enum { PRE, POST, TAIL } state = PRE;
	for (size_t i = 0; i < n;) {
		size_t e = i;
		while (e < n && s[e] != ' ')
			e++;
		const char *tok = s + i;
		size_t len = e - i, ne = e + 1;
		while (ne < n && s[ne] != ' ')
			ne++;
		const char *next = e < n ? s + e + 1 : s + n;
		size_t nlen = e < n ? ne - e - 1 : 0;
		if (state == TAIL || len == 0) {
			buf_add(b, tok, len);
		} else if (state == PRE && is_adjective(tok, len)) {
			bool head = word_is(tok, len, adjective_heads); /* заведующий учебной частью */
			if (!head && !(nlen && (is_adjective(next, nlen) || is_position_noun(next, nlen))))
				return R_UNSURE;
			add_adjective(b, tok, len, c);
			if (head)
				state = TAIL;
		} else if (state == PRE) {
			if (parts_decline(b, tok, len, position_noun, c) == R_UNSURE)
				return R_UNSURE;
			state = POST;
		} else if (is_post_adjective(tok, len)) {
			add_adjective(b, tok, len, c);
		} else {
			buf_add(b, tok, len);
			state = TAIL;
		}
		if (e < n)
			buf_addc(b, ' ');
		i = e + 1;
	}
	return state == PRE ? R_UNSURE : R_DECLINE;
}

enum decline_result decline_position(const char *s, enum decline_case c, char **out)
{
	if (!usable(s))
		return unsure(s, out);
	if (c == DECLINE_NOM) {
		*out = xstrdup(s);
		return DECLINE_DONE;
	}
	struct buf b = {0};
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		const char *comma = strstr(s + i, ", ");
		size_t e = comma ? (size_t)(comma - s) : n;
		if (position_part(&b, s + i, e - i, c) == R_UNSURE)
			return finish(&b, R_UNSURE, s, out);
		if (e < n)
			buf_adds(&b, ", ");
		i = e < n ? e + 2 : n;
	}
	return finish(&b, R_DECLINE, s, out);
}
