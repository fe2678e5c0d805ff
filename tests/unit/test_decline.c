/* test_decline: surnames of every type, first names, patronymics, initials and staff positions
 * put into the cases the order needs, checked against the forms a Russian grammar gives.
 * Invariants: each case names its input; the last line is "decline: N passed, N failed". */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "rules/decline.h"

#define M DECLINE_MALE
#define F DECLINE_FEMALE
#define U DECLINE_UNKNOWN
#define NOM DECLINE_NOM
#define GEN DECLINE_GEN
#define DAT DECLINE_DAT
#define ACC DECLINE_ACC
#define INS DECLINE_INS
#define PRE DECLINE_PRE

struct named {
	const char *in;
	enum decline_gender g;
	enum decline_case c;
	const char *want; /* NULL: the rules do not decide, the input comes back (UNSURE) */
};

static const char *const case_names[] = {"nom", "gen", "dat", "acc", "ins", "pre"};

static void check(const char *what, const struct named *t, enum decline_result r, char *got)
{
	char name[200];
	snprintf(name, sizeof name, "%s %s/%s/%s", what, t->in, t->g == M ? "m" : t->g == F ? "f" : "?",
		 case_names[t->c]);
	const char *want = t->want ? t->want : t->in;
	enum decline_result want_r = t->want ? DECLINE_DONE : DECLINE_UNSURE;
	CHECK(strcmp(got, want) == 0 && r == want_r, "%s: got [%s] (%s), want [%s] (%s)", name, got,
	      r == DECLINE_DONE ? "done" : "unsure", want, want_r == DECLINE_DONE ? "done" : "unsure");
	free(got);
}

/* Surnames: each type of the grammar, for men and women, in each case. */
static const struct named surnames[] = {
	/* -ов/-ев/-ёв/-ин/-ын and their feminine -а */
	{"Иванов", M, GEN, "Иванова"}, {"Иванов", M, DAT, "Иванову"}, {"Иванов", M, ACC, "Иванова"},
	{"Иванов", M, INS, "Ивановым"}, {"Иванов", M, PRE, "Иванове"}, {"Иванов", M, NOM, "Иванов"},
	{"Иванова", F, GEN, "Ивановой"}, {"Иванова", F, DAT, "Ивановой"}, {"Иванова", F, ACC, "Иванову"},
	{"Иванова", F, INS, "Ивановой"}, {"Иванова", F, PRE, "Ивановой"},
	{"Лебедева", F, ACC, "Лебедеву"}, {"Громова", F, GEN, "Громовой"}, {"Белов", M, DAT, "Белову"},
	{"Ковалёв", M, INS, "Ковалёвым"}, {"Ковалёва", F, DAT, "Ковалёвой"}, {"Фёдорова", F, GEN, "Фёдоровой"},
	{"Пушкин", M, INS, "Пушкиным"}, {"Пушкина", F, ACC, "Пушкину"}, {"Птицын", M, GEN, "Птицына"},
	{"Птицына", F, INS, "Птицыной"}, {"Соловьёв", M, PRE, "Соловьёве"},
	/* adjectival: -ский/-цкий, -ской, -ой/-ый/-ий; -ская/-цкая, -ая/-яя */
	{"Достоевский", M, GEN, "Достоевского"}, {"Достоевский", M, DAT, "Достоевскому"},
	{"Достоевский", M, INS, "Достоевским"}, {"Достоевский", M, PRE, "Достоевском"},
	{"Троцкий", M, ACC, "Троцкого"}, {"Донской", M, INS, "Донским"}, {"Толстой", M, INS, "Толстым"},
	{"Толстой", M, DAT, "Толстому"}, {"Белый", M, GEN, "Белого"}, {"Крайний", M, DAT, "Крайнему"},
	{"Рыжий", M, INS, "Рыжим"}, {"Горький", M, GEN, "Горького"},
	{"Достоевская", F, GEN, "Достоевской"}, {"Достоевская", F, ACC, "Достоевскую"},
	{"Вишневецкая", F, INS, "Вишневецкой"}, {"Толстая", F, ACC, "Толстую"},
	{"Крайняя", F, GEN, "Крайней"}, {"Крайняя", F, ACC, "Крайнюю"}, {"Рыжая", F, DAT, "Рыжей"},
	/* -их/-ых, -ко/-енко, -ово/-аго: never */
	{"Черных", M, GEN, "Черных"}, {"Черных", F, DAT, "Черных"}, {"Долгих", M, INS, "Долгих"},
	{"Седых", U, ACC, "Седых"}, {"Шевченко", M, GEN, "Шевченко"}, {"Шевченко", F, INS, "Шевченко"},
	{"Бондаренко", U, DAT, "Бондаренко"}, {"Франко", M, INS, "Франко"}, {"Дурново", M, GEN, "Дурново"},
	{"Живаго", M, DAT, "Живаго"},
	/* -ук/-юк/-ич and foreign ones in a consonant: men yes, women no */
	{"Шевчук", M, GEN, "Шевчука"}, {"Шевчук", M, INS, "Шевчуком"}, {"Шевчук", F, GEN, "Шевчук"},
	{"Ковальчук", M, DAT, "Ковальчуку"}, {"Ковальчук", F, INS, "Ковальчук"}, {"Тимощук", M, INS, "Тимощуком"},
	{"Полищук", F, ACC, "Полищук"}, {"Гнатюк", M, ACC, "Гнатюка"}, {"Гнатюк", F, ACC, "Гнатюк"},
	{"Бабич", M, INS, "Бабичем"}, {"Бабич", M, PRE, "Бабиче"}, {"Бабич", F, DAT, "Бабич"},
	{"Шмидт", M, DAT, "Шмидту"}, {"Шмидт", F, DAT, "Шмидт"}, {"Гоголь", M, INS, "Гоголем"},
	{"Гоголь", F, INS, "Гоголь"}, {"Гайдай", M, GEN, "Гайдая"}, {"Кочубей", M, DAT, "Кочубею"},
	{"Цой", M, DAT, "Цою"}, {"Цой", F, DAT, "Цой"}, {"Кулик", M, GEN, "Кулика"},
	{"Лев", M, GEN, "Лева"}, /* a surname keeps its vowel (the name: Льва) */
	{"Дарвин", M, INS, "Дарвином"}, {"Ким", M, INS, "Кимом"}, {"Ли", M, GEN, "Ли"},
	{"Голубь", M, DAT, "Голубю"}, {"Сорока", F, INS, "Сорокой"}, {"Ёлкин", M, PRE, "Ёлкине"},
	/* -а/-я after a consonant: both decline; after a vowel only -ия; French stressed -а/-я no */
	{"Сковорода", M, GEN, "Сковороды"}, {"Сковорода", F, ACC, "Сковороду"}, {"Сковорода", U, INS, "Сковородой"},
	{"Глинка", M, DAT, "Глинке"}, {"Глинка", F, GEN, "Глинки"}, {"Гарсия", M, GEN, "Гарсии"},
	{"Гарсия", F, INS, "Гарсией"}, {"Галуа", M, GEN, "Галуа"}, {"Моя", F, DAT, "Моя"},
	{"Дюма", M, GEN, "Дюма"}, {"Золя", M, DAT, "Золя"},
	/* -о/-е/-и/-у/-ю/-э */
	{"Гёте", M, GEN, "Гёте"}, {"Шоу", M, DAT, "Шоу"}, {"Дзидзигури", F, INS, "Дзидзигури"},
	{"Камю", M, GEN, "Камю"},
	/* double-barrelled: part by part */
	{"Римский-Корсаков", M, GEN, "Римского-Корсакова"}, {"Салтыков-Щедрин", M, INS, "Салтыковым-Щедриным"},
	{"Петрова-Водкина", F, INS, "Петровой-Водкиной"}, {"Мамин-Сибиряк", M, DAT, "Мамину-Сибиряку"},
	{"Иванова-Шевченко", F, ACC, "Иванову-Шевченко"},
	/* what depends on an unknown gender stays; what the spelling cannot decide stays */
	{"Лебедева", U, GEN, NULL}, /* Лебедевы (a man's noun) or Лебедевой (a woman's -ова) */
	{"Лебедева", U, ACC, "Лебедеву"}, /* both rules agree */
	{"Иванов", U, GEN, NULL}, {"Шевчук", U, DAT, NULL},
	{"Ткач", M, INS, NULL}, {"Кравец", M, GEN, NULL}, {"Кваша", M, INS, NULL},
	{"Smith", M, GEN, NULL}, {"Иванов-Ткач", M, GEN, NULL},
	/* capitalisation and ё as given */
	{"ИВАНОВА", F, ACC, "ИВАНОВУ"}, {"иванов", M, GEN, "иванова"}, {"Артёмов", M, INS, "Артёмовым"},
};

static const struct named names[] = {
	{"Павел", M, GEN, "Павла"}, {"Павел", M, INS, "Павлом"}, {"Лев", M, DAT, "Льву"},
	{"Лев", M, INS, "Львом"}, {"Пётр", M, GEN, "Петра"}, {"ПЁТР", M, DAT, "ПЕТРУ"},
	{"Илья", M, GEN, "Ильи"}, {"Илья", M, ACC, "Илью"}, {"Илья", M, INS, "Ильёй"},
	{"Никита", M, ACC, "Никиту"}, {"Никита", M, INS, "Никитой"}, {"Игорь", M, GEN, "Игоря"},
	{"Игорь", M, INS, "Игорем"}, {"Дмитрий", M, PRE, "Дмитрии"}, {"Дмитрий", M, INS, "Дмитрием"},
	{"Сергей", M, INS, "Сергеем"}, {"Денис", M, DAT, "Денису"}, {"Лука", M, GEN, "Луки"},
	{"Любовь", F, GEN, "Любови"}, {"Любовь", F, ACC, "Любовь"}, {"Любовь", F, INS, "Любовью"},
	{"Наталья", F, ACC, "Наталью"}, {"Наталья", F, INS, "Натальей"}, {"Наталья", F, DAT, "Наталье"},
	{"Мария", F, DAT, "Марии"}, {"Мария", F, INS, "Марией"}, {"Анастасия", F, ACC, "Анастасию"},
	{"Ольга", F, GEN, "Ольги"}, {"Анна", F, INS, "Анной"}, {"Ирина", F, ACC, "Ирину"},
	{"Зоя", F, DAT, "Зое"}, {"Маша", F, INS, "Машей"}, {"Кармен", F, GEN, "Кармен"},
	{"Ирина", U, ACC, NULL},
};

static const struct named patronymics[] = {
	{"Сергеевич", U, INS, "Сергеевичем"}, {"Андреевич", U, DAT, "Андреевичу"},
	{"Ильич", U, INS, "Ильичом"}, {"Кузьмич", U, GEN, "Кузьмича"}, {"Сергеевна", U, DAT, "Сергеевне"},
	{"Сергеевна", U, ACC, "Сергеевну"}, {"Ильинична", U, GEN, "Ильиничны"},
	{"Павловна", U, INS, "Павловной"}, {"Гейдар оглы", U, DAT, "Гейдар оглы"},
	{"Алиевна кызы", U, GEN, "Алиевна кызы"}, {"Иванович", U, PRE, "Ивановиче"},
};

static const struct named initials[] = {
	{"Лебедева Н.С.", F, ACC, "Лебедеву Н.С."}, {"Н. С. Лебедева", F, DAT, "Н. С. Лебедевой"},
	{"Ковалёв Д.А.", M, INS, "Ковалёвым Д.А."}, {"Громова И.П.", F, GEN, "Громовой И.П."},
	{"Шевченко Т.Г.", M, DAT, "Шевченко Т.Г."}, {"Лебедева Н.С.", U, DAT, NULL},
	{"Лебедева Наталья", F, ACC, NULL}, /* not an initials form */
};

/* The sample's positions and the common ones of a college. */
static const struct named positions[] = {
	{"социальный педагог", U, GEN, "социального педагога"},
	{"социальный педагог", U, DAT, "социальному педагогу"},
	{"социальный педагог", U, ACC, "социального педагога"},
	{"социальный педагог", U, INS, "социальным педагогом"},
	{"Социальный педагог", U, ACC, "Социального педагога"},
	{"педагог социальный", U, GEN, "педагога социального"},
	{"педагог-психолог", U, GEN, "педагога-психолога"},
	{"Педагог-психолог", U, INS, "Педагогом-психологом"},
	{"заместитель директора по учебно-воспитательной работе", U, GEN,
	 "заместителя директора по учебно-воспитательной работе"},
	{"Заместитель директора по учебно-воспитательной работе", U, INS,
	 "Заместителем директора по учебно-воспитательной работе"},
	{"классный руководитель", U, DAT, "классному руководителю"},
	{"классный руководитель", U, ACC, "классного руководителя"},
	{"учитель-дефектолог", U, ACC, "учителя-дефектолога"},
	{"учитель-дефектолог", U, INS, "учителем-дефектологом"},
	{"мастер производственного обучения", U, INS, "мастером производственного обучения"},
	{"Мастер производственного обучения", U, GEN, "Мастера производственного обучения"},
	{"Преподаватель, куратор учебной группы ПК-41", U, GEN, "Преподавателя, куратора учебной группы ПК-41"},
	{"Преподаватель информатики", U, DAT, "Преподавателю информатики"},
	{"медицинская сестра", U, ACC, "медицинскую сестру"},
	{"заведующий отделением", U, GEN, "заведующего отделением"},
	{"Заведующий библиотекой", U, INS, "Заведующим библиотекой"},
	{"заведующая учебной частью", U, DAT, "заведующей учебной частью"},
	{"педагог-организатор", U, DAT, "педагогу-организатору"},
	{"Медико-социальный работник", U, INS, "Медико-социальным работником"},
	{"Педагог дополнительного образования", U, GEN, "Педагога дополнительного образования"},
	{"Учитель начальных классов", U, ACC, "Учителя начальных классов"},
	{"секретарь", U, INS, "секретарём"},
	{"главный бухгалтер", U, INS, "главным бухгалтером"},
	{"старший мастер", U, GEN, "старшего мастера"},
	{"директор", U, DAT, "директору"},
	{"методист", U, PRE, "методисте"},
	{"водолаз", U, GEN, NULL},             /* not a known position noun */
	{"новый водолаз", U, GEN, NULL},
	{"социальный", U, GEN, NULL},          /* an adjective with no head */
};

#define N(a) (sizeof a / sizeof *a)

int main(void)
{
	char *out;
	for (size_t i = 0; i < N(surnames); i++) {
		const struct named *t = &surnames[i];
		enum decline_result res = decline_surname(t->in, t->g, t->c, &out);
		check("surname", t, res, out);
	}
	for (size_t i = 0; i < N(names); i++) {
		const struct named *t = &names[i];
		enum decline_result res = decline_name(t->in, t->g, t->c, &out);
		check("name", t, res, out);
	}
	for (size_t i = 0; i < N(patronymics); i++) {
		const struct named *t = &patronymics[i];
		enum decline_result res = decline_patronymic(t->in, t->c, &out);
		check("patronymic", t, res, out);
	}
	for (size_t i = 0; i < N(initials); i++) {
		const struct named *t = &initials[i];
		enum decline_result res = decline_initials(t->in, t->g, t->c, &out);
		check("initials", t, res, out);
	}
	for (size_t i = 0; i < N(positions); i++) {
		const struct named *t = &positions[i];
		enum decline_result res = decline_position(t->in, t->c, &out);
		check("position", t, res, out);
	}

	/* gender: the patronymic first, then the name */
	CHECK(decline_gender_of("Наталья", "Сергеевна") == F, "Наталья Сергеевна is a woman");
	CHECK(decline_gender_of("Денис", "Андреевич") == M, "Денис Андреевич is a man");
	CHECK(decline_gender_of("Саша", "Ильинична") == F, "Ильинична decides");
	CHECK(decline_gender_of("Саша", NULL) == U, "Саша alone does not tell");
	CHECK(decline_gender_of("Ильхам", "Гейдар оглы") == M, "оглы is a man");
	CHECK(decline_gender_of(NULL, "Алиевна кызы") == F, "кызы is a woman");
	CHECK(decline_gender_of("Илья", "") == M, "Илья is a man");
	CHECK(decline_gender_of("Никита", NULL) == M, "Никита is a man");
	CHECK(decline_gender_of("Любовь", NULL) == F, "Любовь is a woman");
	CHECK(decline_gender_of("Игорь", NULL) == M, "Игорь is a man");
	CHECK(decline_gender_of("Ольга", NULL) == F, "Ольга is a woman");
	CHECK(decline_gender_of("Сергей", NULL) == M, "Сергей is a man");
	CHECK(decline_gender_of("Нико", NULL) == U, "Нико: unknown");
	CHECK(decline_gender_of(NULL, NULL) == U, "nothing: unknown");

	/* the whole person */
	enum decline_result r = decline_person("Лебедева", "Наталья", "Сергеевна", ACC, &out);
	CHECK(r == DECLINE_DONE && strcmp(out, "Лебедеву Наталью Сергеевну") == 0, "person acc: [%s]", out);
	free(out);
	r = decline_person("Ковалёв", "Денис", "Андреевич", DAT, &out);
	CHECK(r == DECLINE_DONE && strcmp(out, "Ковалёву Денису Андреевичу") == 0, "person dat: [%s]", out);
	free(out);
	r = decline_person("Белов", "Сергей", "Иванович", INS, &out);
	CHECK(r == DECLINE_DONE && strcmp(out, "Беловым Сергеем Ивановичем") == 0, "person ins: [%s]", out);
	free(out);
	r = decline_person("Лебедева", "Саша", NULL, ACC, &out);
	CHECK(r == DECLINE_UNSURE && strcmp(out, "Лебедева Саша") == 0, "unknown gender: unchanged [%s]", out);
	free(out);

	/* what is not a name comes back unchanged */
	r = decline_surname("", M, GEN, &out);
	CHECK(r == DECLINE_UNSURE && strcmp(out, "") == 0, "empty: [%s]", out);
	free(out);
	r = decline_surname(NULL, M, GEN, &out);
	CHECK(r == DECLINE_UNSURE && strcmp(out, "") == 0, "NULL: [%s]", out);
	free(out);
	r = decline_surname("Ива\xff" "нов", M, GEN, &out);
	CHECK(r == DECLINE_UNSURE && strcmp(out, "Ива\xff" "нов") == 0, "not UTF-8: unchanged");
	free(out);
	char longname[400];
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	r = decline_position(longname, GEN, &out);
	CHECK(r == DECLINE_UNSURE && strcmp(out, longname) == 0, "a 399-byte text: unchanged");
	free(out);
	r = decline_surname("Ивановивановивановивановивановивановивановивановиванов", M, GEN, &out);
	CHECK(r == DECLINE_UNSURE, "a word over the cap: unchanged [%s]", out);
	free(out);
	return DONE("decline");
}
