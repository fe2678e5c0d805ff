/* test_report: the analytic report's indicators on a small hand-made college whose expected
 * values were computed by hand (below, before each check), then the report built from them
 * through templates/report.xml, and the template checker's messages.
 * Invariant: no expected number here is produced by the code under test. */
#define _POSIX_C_SOURCE 200809L /* open_memstream, mkstemp */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "layout/chart.h"
#include "rules/indicators.h"
#include "rules/report.h"


#define D(y, m, d) ((struct date){y, m, d})

/* ---- the hand-made college ------------------------------------------------------------------
 * Staff: S1 deputy, S2 social pedagogue, S3 teacher (no psychologist, no defectologist, 3 people).
 * Graduates (graduation → academic year of graduation; patronage = 2 years; under patronage in
 * year Y: graduated 01.09.Y-2–31.08.Y+1, so 2023/24 holds G1, G2, G3, G7 and 2024/25 the two
 * cohorts G1–G3 and G4–G6):
 *   G1 28.06.2024 (AY 2023) curator S2, employed by specialty, honours
 *   G2 30.06.2024 (AY 2023) curator S3, employed not by specialty, offence, asocial life
 *   G3 27.02.2024 (AY 2023) no curator, army
 *   G4 30.06.2025 (AY 2024) curator S2, studying, honours, university
 *   G5 01.07.2025 (AY 2024) curator S2, parental leave, refused to bring up children
 *   G6 14.03.2025 (AY 2024) curator S3, dropped out, not working or studying
 *   G7 20.06.2022 (AY 2021) curator S1, employed by specialty (patronage to 20.06.2024)
 * Institution: 2023/24 graduates 10, admitted 20, need a mentor 4, students 100;
 *              2024/25 graduates 8, admitted 16, need a mentor 5, students 200;
 *              2025/26 graduates 0 (a year with no graduates), admitted 10.
 * Targets 2024: pairs 3, pairs-share 50, mentee-satisfaction 80, mentor-satisfaction 70,
 *               mentee-share 2. */

static struct staff staff[] = {
	{.id = "S1", .surname = "Громова", .name = "Ирина", .patronymic = "Павловна", .position = "Заместитель директора", .role = ROLE_DEPUTY},
	{.id = "S2", .surname = "Лебедева", .name = "Наталья", .patronymic = "Сергеевна", .position = "Социальный педагог", .role = ROLE_SOCIAL_PEDAGOGUE},
	{.id = "S3", .surname = "Белов", .name = "Сергей", .patronymic = "Иванович", .position = "Преподаватель", .role = ROLE_TEACHER},
};

#define NONE ((size_t)-1)
#define GRAD(gid, date, cur, st, ...) \
	{.id = gid, .surname = "Ф", .name = "И", .patronymic = "", .graduation = date, .curator_index = cur, \
	 .status = st, __VA_ARGS__}

static struct graduate grads[] = {
	GRAD("G1", D(2024, 6, 28), 1, LIFE_EMPLOYED, .by_specialty = true, .honours = true),
	GRAD("G2", D(2024, 6, 30), 2, LIFE_EMPLOYED, .offence = true, .antisocial = true),
	GRAD("G3", D(2024, 2, 27), NONE, LIFE_ARMY, .by_specialty = false),
	GRAD("G4", D(2025, 6, 30), 1, LIFE_STUDYING, .honours = true, .university = true),
	GRAD("G5", D(2025, 7, 1), 1, LIFE_PARENTAL_LEAVE, .parental_rights = true),
	GRAD("G6", D(2025, 3, 14), 2, LIFE_IDLE, .dropped_out = true),
	GRAD("G7", D(2022, 6, 20), 0, LIFE_EMPLOYED, .by_specialty = true),
};

/* Records: R1 G1 10.12.2024 (G1's half-year 1), R2 G2 15.01.2025 (G2's half-year 2),
 * R3 G4 20.12.2025 (AY 2025), R4 G3 01.03.2025 «не выявлены» (G3's half-year 3),
 * R5 G5 15.08.2025 (G5's half-year 1). */
static struct record recs[] = {
	{.graduate = "G1", .graduate_index = 0, .date = D(2024, 12, 10), .difficulties = "Долги за квартиру, нет работы"},
	{.graduate = "G2", .graduate_index = 1, .date = D(2025, 1, 15), .difficulties = "Долг по кредиту"},
	{.graduate = "G4", .graduate_index = 3, .date = D(2025, 12, 20), .difficulties = "Долги"},
	{.graduate = "G3", .graduate_index = 2, .date = D(2025, 3, 1), .difficulties = "Трудности не выявлены."},
	{.graduate = "G5", .graduate_index = 4, .date = D(2025, 8, 15), .difficulties = "Нет жилья, долгов нет"},
};

static struct pair pairs[] = {
	{.mentor = "S1", .mentee = "Иванова А. А.", .form = FORM_TEACHER_TEACHER, .start = D(2024, 9, 2), .mentee_satisfaction = 90, .mentor_satisfaction = 80},
	{.mentor = "S2", .mentee = "G4", .form = FORM_TEACHER_STUDENT, .start = D(2024, 10, 1), .mentee_satisfaction = 70, .mentor_satisfaction = -1},
	{.mentor = "ООО", .mentee = "G4", .form = FORM_EMPLOYER_STUDENT, .start = D(2024, 11, 1), .mentee_satisfaction = -1, .mentor_satisfaction = 90},
	{.mentor = "Петров", .mentee = "Сидоров", .form = FORM_STUDENT_STUDENT, .start = D(2025, 1, 15), .mentee_satisfaction = 80, .mentor_satisfaction = 60},
	{.mentor = "S1", .mentee = "G1", .form = FORM_TEACHER_STUDENT, .start = D(2023, 10, 1), .mentee_satisfaction = 100, .mentor_satisfaction = 100},
};

static struct year_totals years[] = {
	{2023, 10, 20, 4, 100}, {2024, 8, 16, 5, 200}, {2025, 0, 10, -1, -1}};
static struct target targets[] = {
	{2024, "pairs", 3}, {2024, "pairs-share", 50}, {2024, "mentee-satisfaction", 80},
	{2024, "mentor-satisfaction", 70}, {2024, "mentee-share", 2}};

static struct model college(void)
{
	struct model m = {0};
	m.inst.name = "ГБПОУ «Тестовый колледж»";
	m.inst.short_name = "ГБПОУ «ТК»";
	m.inst.city = "Тестовск";
	m.inst.director_position = "Директор";
	m.inst.director_surname = "Колесников", m.inst.director_name = "Андрей", m.inst.director_patronymic = "Викторович";
	m.inst.years = years, m.inst.nyears = 3;
	m.inst.targets = targets, m.inst.ntargets = 5;
	m.staff = staff, m.nstaff = 3;
	m.graduates = grads, m.ngraduates = 7;
	m.records = recs, m.nrecords = 5;
	m.pairs = pairs, m.npairs = 5, m.has_pairs = true;
	return m;
}

static bool near(double a, double b) { return fabs(a - b) < 1e-6; }

static void test_volume_effect(const struct model *m)
{
	struct ind_year y;
	/* 2022/23 (01.09.2022–31.08.2023): only G7 under patronage (to 20.06.2024), curator S1 */
	ind_year(m, 2022, &y);
	CHECK_NAMED("2022 under patronage", y.under_patronage == 1 && y.supported == 1 && y.curators == 1,
	      "%d %d %d", y.under_patronage, y.supported, y.curators);
	CHECK_NAMED("2022 has data, no cohort", y.has_data && y.cohort == 0, "%d %d", y.has_data, y.cohort);
	CHECK_NAMED("2022 effect no data", isnan(ind_pct(y.effect[0])) && isnan(ind_pct(y.effect[4])), "base %d", y.effect[0].base);
	/* 2023/24: G1, G2, G3 (graduated in it) and G7 (to 20.06.2024) → 4; curators G1 S2, G2 S3,
	 * G7 S1 → 3 supported, 3 distinct curators */
	ind_year(m, 2023, &y);
	CHECK_NAMED("2023 volume", y.under_patronage == 4 && y.supported == 3 && y.curators == 3, "%d %d %d",
	      y.under_patronage, y.supported, y.curators);
	/* under patronage G1, G2, G3, G7 of 10 graduates: 4/10 = 40 %; with curator G1, G2, G7: 30 %;
	 * offence G2: 10 %; refusing their children: the count 0; dropped 0 of 20 admitted = 0 % */
	CHECK_NAMED("2023 effect 1", near(ind_pct(y.effect[0]), 40), "%g", ind_pct(y.effect[0]));
	CHECK_NAMED("2023 effect 2", near(ind_pct(y.effect[1]), 30), "%g", ind_pct(y.effect[1]));
	CHECK_NAMED("2023 effect 3", near(ind_pct(y.effect[2]), 10), "%g", ind_pct(y.effect[2]));
	CHECK_NAMED("2023 effect 4 count", y.effect[3].n == 0, "%d", y.effect[3].n);
	CHECK_NAMED("2023 effect 5 base admitted", y.effect[4].base == 20 && y.effect[4].n == 0, "%d", y.effect[4].base);
	/* 2024/25: G1, G2, G3, G4, G5, G6 (G7 ended 20.06.2024) → 6; with curator all but G3 → 5;
	 * distinct curators S2, S3 → 2 */
	ind_year(m, 2024, &y);
	CHECK_NAMED("2024 volume", y.under_patronage == 6 && y.supported == 5 && y.curators == 2, "%d %d %d",
	      y.under_patronage, y.supported, y.curators);
	/* both cohorts, G1–G6, of 8: 6/8 = 75 %; with a curator all but G3: 5/8 = 62,5 %; offence G2
	 * 1/8 = 12,5 %; refusing their children G5: the count 1; dropped G6 1 of 16 admitted = 6,25 % */
	CHECK_NAMED("2024 effect 1 both cohorts", near(ind_pct(y.effect[0]), 75), "%g", ind_pct(y.effect[0]));
	CHECK_NAMED("2024 effect 2", near(ind_pct(y.effect[1]), 62.5), "%g", ind_pct(y.effect[1]));
	CHECK_NAMED("2024 effect 3", near(ind_pct(y.effect[2]), 12.5), "%g", ind_pct(y.effect[2]));
	CHECK_NAMED("2024 effect 4 count", y.effect[3].n == 1, "%d", y.effect[3].n);
	CHECK_NAMED("2024 effect 5", near(ind_pct(y.effect[4]), 6.25), "%g", ind_pct(y.effect[4]));
	/* 2025/26: the institution had 0 graduates: no division, no data; G1–G6 are still under
	 * patronage, G6 dropped out → the outcome base is 5 */
	ind_year(m, 2025, &y);
	CHECK_NAMED("2025 zero graduates", isnan(ind_pct(y.effect[0])) && y.outcome[0].base == 5, "%g %d",
	      ind_pct(y.effect[0]), y.outcome[0].base);
	CHECK_NAMED("base zero is nan", isnan(ind_pct((struct ind_share){0, 0})), "division by zero");
}

static void test_outcome(const struct model *m)
{
	struct ind_year y;
	/* 2023 under patronage G1, G2, G3, G7 (none dropped out) → base 4: honours G1 1/4, by
	 * specialty G1, G7 2/4, not by specialty G2 1/4, army G3 1/4, asocial G2 1/4, the rest 0 */
	ind_year(m, 2023, &y);
	double want23[IND_OUTCOME] = {25, 0, 0, 50, 25, 25, 0, 0, 25};
	for (int k = 0; k < IND_OUTCOME; k++) {
		char name[32];
		snprintf(name, sizeof name, "2023 outcome %d", k + 1);
		CHECK_NAMED(name, y.outcome[k].base == 4 && near(ind_pct(y.outcome[k]), want23[k]), "%d/%d",
		      y.outcome[k].n, y.outcome[k].base);
	}
	CHECK_NAMED("2023 life", y.life[0] == 2 && y.life[1] == 1 && y.life[3] == 1 && y.life[2] == 0, "%d %d %d",
	      y.life[0], y.life[1], y.life[3]);
	/* 2024 both cohorts G1–G5 (G6 dropped out) → base 5: honours G1, G4 2/5, university G4 1/5,
	 * by specialty G1 1/5, not by specialty G2 1/5, army G3 1/5, parental leave G5 1/5, asocial G2
	 * 1/5 (the asocial graduate of the earlier cohort still counts), the rest 0 */
	ind_year(m, 2024, &y);
	double want24[IND_OUTCOME] = {40, 20, 0, 20, 20, 20, 20, 0, 20};
	for (int k = 0; k < IND_OUTCOME; k++) {
		char name[32];
		snprintf(name, sizeof name, "2024 outcome %d", k + 1);
		CHECK_NAMED(name, y.outcome[k].base == 5 && near(ind_pct(y.outcome[k]), want24[k]), "%d/%d",
		      y.outcome[k].n, y.outcome[k].base);
	}
}

static void test_mentoring(const struct model *m)
{
	struct ind_year y;
	/* 2024/25: pairs 1–4 (4 pairs, one per form); student mentees G4 (twice) and Сидоров → 2;
	 * pairs share 2/5 = 40 %; mentee share 2/200 = 1 %; mentee satisfaction (90+70+80)/3 = 80;
	 * mentor satisfaction (80+90+60)/3 = 76,67 */
	ind_year(m, 2024, &y);
	CHECK_NAMED("2024 pairs", y.pairs == 4 && y.by_form[FORM_TEACHER_TEACHER] == 1 && y.by_form[FORM_STUDENT_STUDENT] == 1,
	      "%d", y.pairs);
	CHECK_NAMED("2024 student mentees", y.student_mentees == 2, "%d", y.student_mentees);
	CHECK_NAMED("2024 pairs share", near(ind_pct(y.pairs_share), 40), "%g", ind_pct(y.pairs_share));
	CHECK_NAMED("2024 mentee share", near(ind_pct(y.mentee_share), 1), "%g", ind_pct(y.mentee_share));
	CHECK_NAMED("2024 mentee satisfaction", near(y.mentee_sat, 80), "%g", y.mentee_sat);
	CHECK_NAMED("2024 mentor satisfaction", near(y.mentor_sat, 230.0 / 3), "%g", y.mentor_sat);
	/* 2023/24: pair 5 only: 1 mentee of 4 needing one = 25 %, of 100 students = 1 % */
	ind_year(m, 2023, &y);
	CHECK_NAMED("2023 pairs share", y.pairs == 1 && near(ind_pct(y.pairs_share), 25), "%g", ind_pct(y.pairs_share));
	/* 2022/23: no pair → no data, not 0 % */
	ind_year(m, 2022, &y);
	CHECK_NAMED("2022 mentoring no data", y.pairs == 0 && isnan(ind_pct(y.pairs_share)) && isnan(y.mentee_sat), "%d",
	      y.pairs);
}

static void test_gaps(const struct model *m)
{
	/* half-years ended in 2024/25 before 23.11.2025 without a record: G1's second (R1 is in
	 * the first), G2's first (R2 is in the second), G3's second (26.08.2024–26.02.2025; R4 is in
	 * the third) → 3 gaps of 3 graduates */
	struct rec_index ri;
	rec_index_build(&ri, m);
	int graduates;
	int gaps = ind_gaps(m, &ri, 2024, D(2025, 11, 23), &graduates);
	CHECK_NAMED("half-year gaps", gaps == 3 && graduates == 3, "%d %d", gaps, graduates);
	rec_index_free(&ri);
}

static char *dump(const struct doc *d)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	doc_dump(d, f);
	fclose(f);
	return s;
}

static void test_report_text(const struct model *m)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct tmpl *t = tmpl_load("templates/report.xml", "report.xml", &dl);
	CHECK_NAMED("template loads", t != NULL, "report.xml");
	if (!t)
		return;
	CHECK_NAMED("template checks clean", report_check_template(t, &dl) == 0, "%zu errors", dl.nerrors);
	struct rec_index ri;
	rec_index_build(&ri, m);
	struct doc *d = report_build(m, &ri, t, NULL, 2024, D(2025, 11, 23));
	char *s = dump(d);
	static const char *const want[] = {
		"2022/2023", "2023/2024", "2024/2025",
		"40,0\xC2\xA0% (4)",  /* effect 1, 2023 */
		"75,0\xC2\xA0% (6)",  /* effect 1, 2024: both cohorts */
		"6,3\xC2\xA0% (1)",   /* effect 5, 2024: 6,25 rounded half up */
		"25,0\xC2\xA0% (1)",  /* honours 2023; asocial 2023 */
		"20,0\xC2\xA0% (1)",  /* asocial 2024 */
		"нет данных",         /* 2022 effect */
		"на 15,0\xC2\xA0п.\xC2\xA0п.", /* honours 25,0 → 40,0 */
		"76,7\xC2\xA0%",      /* mentor satisfaction */
		"не достигнуто (отставание — 10,0\xC2\xA0п.\xC2\xA0п.)", /* pairs share 40 vs 50 */
		"нет записей за 3 полугодия у 3 выпускников", /* plural agreement */
		"находились 6 выпускников, из них 3 выпускника 2024/2025", /* §1, both cohorts */
		/* §6: G2 (law: offence) first, then housing G1, G5 */
		"Ф\xC2\xA0И. (G2), запись от 15.01.2025: Долг по кредиту",
		"не сняты у 3 выпускников",
		"учитель-дефектолог", "педагог-психолог", "сейчас — 3", /* the group's gaps */
		"«доля сформированных пар от числа нуждающихся в наставнике обучающихся»: факт — 40,0\xC2\xA0%, цель — 50,0\xC2\xA0%",
	};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		char name[96];
		snprintf(name, sizeof name, "report says %s", want[i]);
		CHECK_NAMED(name, strstr(s, want[i]) != NULL, "not in the dump");
	}
	CHECK_NAMED("no NaN", !strstr(s, "nan") && !strstr(s, "NaN"), "NaN printed");
	/* 4.2(4) is a count: its row holds 0, 0, 1 (2022–2024), no percent */
	const char *row4 = strstr(s, "4) число выпускников");
	const char *next = row4 ? strstr(row4, "  row") : NULL;
	CHECK_NAMED("4.2(4) a count, not a share", row4 && next && !memchr(row4, '%', (size_t)(next - row4)),
		    "%.*s", row4 && next ? (int)(next - row4) : 0, row4 ? row4 : "");
	const char *law = strstr(s, "(G2), запись"), *housing = strstr(s, "(G1), запись");
	CHECK_NAMED("law before housing", law && housing && law < housing, "order of the kinds");
	CHECK_NAMED("ended year: a verdict, not interim", strstr(s, "признаётся") && !strstr(s, "промежуточный"),
		    "verdict");
	free(s);
	doc_free(d);
	/* 2025/26 on 23.11.2025 has not ended: the title says so, no verdict is drawn */
	d = report_build(m, &ri, t, NULL, 2025, D(2025, 11, 23));
	s = dump(d);
	CHECK_NAMED("interim title", strstr(s, "Отчёт промежуточный, по состоянию на 23.11.2025") != NULL, "title");
	CHECK_NAMED("interim: no verdict", !strstr(s, "признаётся"), "a verdict from empty values");
	free(s);
	doc_free(d);
	rec_index_free(&ri);
	tmpl_free(t);
	diag_list_free(&dl);
}

static void test_default_year(void)
{
	/* year Y is reportable from 01.06.Y+1 */
	static const struct {
		struct date today;
		int year;
	} cases[] = {{{2026, 12, 2}, 2025}, {{2026, 6, 1}, 2025}, {{2026, 5, 31}, 2024},
		     {{2027, 1, 15}, 2025}, {{2026, 8, 31}, 2025}, {{2026, 9, 1}, 2025}};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char name[64];
		snprintf(name, sizeof name, "default year on %02d.%02d.%d", cases[i].today.d, cases[i].today.m,
			 cases[i].today.y);
		int y = report_default_year(cases[i].today);
		CHECK_NAMED(name, y == cases[i].year, "%d, want %d", y, cases[i].year);
	}
	CHECK_NAMED("2025 not ended on 31.08.2026", report_interim(2025, D(2026, 8, 31)), "interim");
	CHECK_NAMED("2025 ended on 01.09.2026", !report_interim(2025, D(2026, 9, 1)), "interim");
}

static void test_plural(void)
{
	static const struct {
		long n;
		const char *want;
	} cases[] = {{0, "выпускников"}, {1, "выпускник"}, {2, "выпускника"}, {4, "выпускника"},
		     {5, "выпускников"}, {11, "выпускников"}, {12, "выпускников"}, {14, "выпускников"},
		     {21, "выпускник"}, {22, "выпускника"}, {28, "выпускников"}, {101, "выпускник"},
		     {111, "выпускников"}, {112, "выпускников"}, {1024, "выпускника"}};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char name[64];
		snprintf(name, sizeof name, "%ld %s", cases[i].n, cases[i].want);
		const char *got = report_plural(cases[i].n, "выпускник", "выпускника", "выпускников");
		CHECK_NAMED(name, strcmp(got, cases[i].want) == 0, "%s", got);
	}
}

static void test_troubles(const struct model *m)
{
	/* 2024/25 up to 31.08.2025 (today 23.11.2025 is later): latest records G1 R1 «Долги за
	 * квартиру, нет работы», G2 R2 «Долг по кредиту», G3 R4 «не выявлены» (none), G5 R5 «Нет
	 * жилья, долгов нет»; G4's R3 (20.12.2025) is after the year, G6 has none → 3 graduates.
	 * Kinds with the keywords below: G1 housing + employment; G2 employment + law (offence, an
	 * asocial life); G5 housing + employment + family (refused to bring up her child). Listed
	 * under the first kind: law G2; housing G1, G5. */
	const char *kw[IND_KINDS] = {[KIND_HOUSING] = "квартир жиль", [KIND_EMPLOYMENT] = "работ долг кредит"};
	struct rec_index ri;
	rec_index_build(&ri, m);
	struct ind_troubles tr;
	ind_troubles(m, &ri, NULL, 2024, D(2025, 11, 23), kw, &tr);
	CHECK_NAMED("troubles: 3 graduates", tr.n == 3, "%zu", tr.n);
	if (tr.n == 3) {
		CHECK_NAMED("troubles: law first, G2", tr.v[0].graduate == 1 && tr.v[0].kind == KIND_LAW, "%zu %d",
			    tr.v[0].graduate, tr.v[0].kind);
		CHECK_NAMED("troubles: housing G1 then G5", tr.v[1].graduate == 0 && tr.v[2].graduate == 4 &&
			    tr.v[1].kind == KIND_HOUSING && tr.v[2].kind == KIND_HOUSING, "%zu %zu", tr.v[1].graduate,
			    tr.v[2].graduate);
		CHECK_NAMED("troubles: the latest record", tr.v[0].record == 1 && tr.v[2].record == 4, "%zu %zu",
			    tr.v[0].record, tr.v[2].record);
	}
	CHECK_NAMED("troubles by kind", tr.by_kind[KIND_HOUSING] == 2 && tr.by_kind[KIND_EMPLOYMENT] == 3 &&
		    tr.by_kind[KIND_LAW] == 1 && tr.by_kind[KIND_FAMILY] == 1 && tr.by_kind[KIND_HEALTH] == 0 &&
		    tr.by_kind[KIND_OTHER] == 0, "%d %d %d %d", tr.by_kind[KIND_HOUSING], tr.by_kind[KIND_EMPLOYMENT],
		    tr.by_kind[KIND_LAW], tr.by_kind[KIND_FAMILY]);
	CHECK_NAMED("troubles: none resolved", tr.resolved == 0, "%d", tr.resolved);
	ind_troubles_free(&tr);
	/* 2025/26 up to 23.11.2025: G4's R3 (20.12.2025) is after today → G1, G2, G5 as before */
	ind_troubles(m, &ri, NULL, 2025, D(2025, 11, 23), kw, &tr);
	CHECK_NAMED("troubles up to today", tr.n == 3, "%zu", tr.n);
	ind_troubles_free(&tr);
	rec_index_free(&ri);
}

static void test_template_check(void)
{
	char path[] = "/tmp/test_report.XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	fputs("<report>\n  <text id=\"title\">Отчёт</text>\n  <text id=\"subtitle\">за {perod} год</text>\n"
	      "  <bogus/>\n</report>\n", f);
	fclose(f);
	struct diag_list dl = DIAG_LIST_INIT;
	struct tmpl *t = tmpl_load(path, "report.xml", &dl);
	size_t errs = t ? report_check_template(t, &dl) : 0;
	bool placeholder = false, element = false, missing = false;
	for (size_t i = 0; i < dl.n; i++) {
		placeholder |= dl.v[i].line == 3 && strstr(dl.v[i].msg, "{perod}") != NULL;
		element |= dl.v[i].line == 4 && strstr(dl.v[i].msg, "unknown element") != NULL;
		missing |= strstr(dl.v[i].msg, "missing <text id=\"h.group\">") != NULL;
	}
	CHECK_NAMED("unknown placeholder with its line", placeholder, "%zu errors", errs);
	CHECK_NAMED("unknown element with its line", element, "%zu errors", errs);
	CHECK_NAMED("missing text reported", missing, "%zu errors", errs);
	tmpl_free(t);
	diag_list_free(&dl);
	unlink(path);
}

/* Every item inside [x0, x0 + width] × [0, height]; NAN prints «нет данных»; series are told
 * apart by patterns, not colour only. Fonts absent: widths are estimated (500/1000 em). */
static void test_chart(enum doc_chart_kind kind, const char *name)
{
	const char *cats[] = {"2023/2024", "2024/2025", "2025/2026"};
	const char *series[] = {"первый ряд", "второй ряд", "третий ряд"};
	double v[] = {NAN, 12.5, 40, NAN, 30, 20, NAN, 57.5, 35};
	struct doc *d = doc_new();
	struct doc_chart *ch = doc_add_chart(d, kind, "Рисунок 1 — проверка", 3, cats, 3, series, v);
	ch->percent = true;
	const struct ttf *faces[4] = {NULL, NULL, NULL, NULL};
	struct chart_env env = {faces, NULL};
	struct item *items;
	size_t n;
	double x0 = 56, w = 300;
	double h = chart_draw(ch, &env, x0, w, &items, &n);
	bool inside = h > 0, nodata = false, patterns = false;
	for (size_t i = 0; i < n; i++) {
		const struct item *it = &items[i];
		double x2 = it->kind == ITEM_RECT ? it->x + it->x2 : it->kind == ITEM_LINE ? it->x2 : it->x;
		double y2 = it->kind == ITEM_RECT ? it->y + it->y2 : it->kind == ITEM_LINE ? it->y2 : it->y;
		if (it->kind == ITEM_TEXT)
			x2 = it->x + 0.5 * it->size * (double)strlen(it->text) / 1.6; /* ≤ bytes / 1.6 glyphs */
		for (size_t k = 0; k < it->npts; k++)
			inside &= it->pts[2 * k] >= x0 && it->pts[2 * k] <= x0 + w && it->pts[2 * k + 1] >= 0 &&
				  it->pts[2 * k + 1] <= h;
		bool in = it->kind == ITEM_POLY || (it->x >= x0 - 0.01 && x2 <= x0 + w + 0.01 && it->y >= -0.01 && y2 <= h + 0.01);
		if (!in)
			printf("outside: kind %d x %g y %g x2 %g y2 %g %s\n", it->kind, it->x, it->y, x2, y2, it->text ? it->text : "");
		inside &= in;
		nodata |= it->kind == ITEM_TEXT && (strcmp(it->text, "нет данных") == 0 || strcmp(it->text, "данных") == 0);
		patterns |= it->kind == ITEM_RECT && (it->fill == FILL_HATCH || it->fill == FILL_CROSS);
		free(it->text);
		free(it->pts);
	}
	free(items);
	doc_free(d);
	char b[64];
	snprintf(b, sizeof b, "%s inside its box", name);
	CHECK_NAMED(b, inside, "an item leaves the chart");
	snprintf(b, sizeof b, "%s prints нет данных", name);
	CHECK_NAMED(b, nodata, "NAN drawn silently");
	if (kind != DOC_CHART_LINE) {
		snprintf(b, sizeof b, "%s uses patterns", name);
		CHECK_NAMED(b, patterns, "no hatching");
	}
}

int main(void)
{
	test_chart(DOC_CHART_BAR, "bar chart");
	test_chart(DOC_CHART_STACKED, "stacked chart");
	test_chart(DOC_CHART_LINE, "line chart");
	struct model m = college();
	test_volume_effect(&m);
	test_outcome(&m);
	test_mentoring(&m);
	test_gaps(&m);
	test_troubles(&m);
	test_report_text(&m);
	test_default_year();
	test_plural();
	test_template_check();
	return DONE("report");
}
