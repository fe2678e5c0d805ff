/* test_plan: unit tests of the event plan's rules — due texts, recurrence expansion, academic
 * years, completion marks, role resolution, item order and states — on models built by hand.
 * Invariant: every test frees what it got, so a leak report means a leak in plan.c. */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "rules/plan.h"
#include "util/xalloc.h"

static struct date D(int y, int m, int d)
{
	return (struct date){y, m, d};
}

static char *fmt(struct date d)
{
	static char b[16];
	date_format(d, b, sizeof b);
	return b;
}

/* ---- due texts and recurrences ---- */

static void test_due_parse(void)
{
	struct plan_due d;
	CHECK(plan_due_parse("", &d) == 0 && d.kind == PLAN_DUE_NONE, "empty");
	CHECK(plan_due_parse("  15.03.2025 ", &d) == 0 && d.kind == PLAN_DUE_DATE && date_cmp(d.date, D(2025, 3, 15)) == 0,
	      "date: kind %d", d.kind);
	CHECK(plan_due_parse("до 2025-03-15", &d) == 0 && d.kind == PLAN_DUE_DATE, "до + ISO date");
	CHECK(plan_due_parse("ноябрь 2025", &d) == 0 && d.kind == PLAN_DUE_MONTH, "month kind %d", d.kind);
	CHECK_STR(fmt(d.date), "30.11.2025");
	CHECK(plan_due_parse("Февраль 2024 г.", &d) == 0 && d.kind == PLAN_DUE_MONTH, "capitalised month with г.");
	CHECK_STR(fmt(d.date), "29.02.2024");
	CHECK(plan_due_parse("02.2026", &d) == 0 && d.kind == PLAN_DUE_MONTH, "MM.YYYY");
	CHECK_STR(fmt(d.date), "28.02.2026");
	CHECK(plan_due_parse("сентябрь", &d) == 0 && d.kind == PLAN_DUE_RELMONTH && d.month == 9, "month alone");
	CHECK(plan_due_parse("1 раз в 6 месяцев на протяжении патронатного сопровождения", &d) == 0 &&
		      d.kind == PLAN_DUE_RECUR && d.every == 6, "recurrence: kind %d every %d", d.kind, d.every);
	CHECK_STR(d.phrase, "1 раз в 6 месяцев");
	CHECK(plan_due_parse("2 раза в год", &d) == 0 && d.every == 6, "twice a year: every %d", d.every);
	CHECK(plan_due_parse("Ежеквартально", &d) == 0 && d.every == 3, "quarterly");
	CHECK(plan_due_parse("раз в полугодие", &d) == 0 && d.every == 6, "раз в полугодие");
	CHECK(plan_due_parse("каждые 4 месяца", &d) == 0 && d.every == 4, "каждые 4 месяца");
	CHECK(plan_due_parse("2 раза в месяц", &d) == -1 && d.kind == PLAN_DUE_BAD, "more than monthly is not expanded");
	CHECK(plan_due_parse("в течение года", &d) == -1 && d.kind == PLAN_DUE_BAD, "free text");
	CHECK(plan_due_parse("31.02.2025", &d) == -1, "no 31 February");
	CHECK(plan_due_parse("ноябрь 20255", &d) == -1, "bad year");
}

static void test_due_dates(void)
{
	struct plan_due d;
	struct date out[PLAN_MAX_DATES];
	struct date g = D(2024, 6, 28);
	plan_due_parse("1 раз в 6 месяцев", &d);
	size_t n = plan_due_dates(&d, g, out, PLAN_MAX_DATES);
	CHECK(n == 4, "four half-years, got %zu", n);
	/* the last day of each half-year of patronage, the fourth by the same rule */
	CHECK_STR(fmt(out[0]), "27.12.2024");
	CHECK_STR(fmt(out[1]), "27.06.2025");
	CHECK_STR(fmt(out[2]), "27.12.2025");
	CHECK_STR(fmt(out[3]), "27.06.2026");
	plan_due_parse("ежемесячно", &d);
	CHECK(plan_due_dates(&d, g, out, PLAN_MAX_DATES) == 24, "monthly: 24 dates");
	CHECK(plan_due_dates(&d, g, out, 5) == 5, "capped by max");
	plan_due_parse("1 раз в 2 года", &d);
	n = plan_due_dates(&d, D(2024, 2, 29), out, PLAN_MAX_DATES);
	CHECK(n == 1, "once in two years: %zu", n);
	CHECK_STR(fmt(out[0]), "27.02.2026"); /* 29.02.2024 + 24 months = 28.02.2026, minus one day */
	plan_due_parse("сентябрь", &d);
	plan_due_dates(&d, g, out, 1);
	CHECK_STR(fmt(out[0]), "30.09.2024");
	plan_due_parse("июнь", &d);
	plan_due_dates(&d, g, out, 1);
	CHECK_STR(fmt(out[0]), "30.06.2024"); /* the graduation month itself still ends after it */
	plan_due_parse("февраль", &d);
	plan_due_dates(&d, g, out, 1);
	CHECK_STR(fmt(out[0]), "28.02.2025");
	plan_due_parse("", &d);
	CHECK(plan_due_dates(&d, g, out, PLAN_MAX_DATES) == 0, "no due, no dates");
}

static void test_years(void)
{
	int a, b;
	plan_years(D(2024, 6, 28), &a, &b);
	CHECK(a == 2024 && b == 2025, "June 2024: %d..%d", a, b);
	plan_years(D(2024, 7, 2), &a, &b);
	CHECK(a == 2024 && b == 2025, "July 2024: %d..%d", a, b);
	plan_years(D(2024, 2, 27), &a, &b);
	CHECK(a == 2023 && b == 2025, "February 2024 touches three years: %d..%d", a, b);
	plan_years(D(2024, 12, 20), &a, &b);
	CHECK(a == 2024 && b == 2026, "December 2024: %d..%d", a, b);
	plan_years(D(2025, 5, 15), &a, &b);
	CHECK(a == 2024 && b == 2026, "May 2025: %d..%d", a, b);
}

/* ---- marks ---- */

static void test_marks(void)
{
	struct date ds[4];
	size_t n;
	CHECK(plan_mark_parse("", ds, 4, &n) == PLAN_MARK_NONE && n == 0, "empty");
	CHECK(plan_mark_parse("29.09.2025", ds, 4, &n) == PLAN_MARK_DONE && n == 1, "bare date");
	CHECK(plan_mark_parse("2025-09-29", ds, 4, &n) == PLAN_MARK_DONE && n == 1 && ds[0].d == 29, "ISO date");
	CHECK(plan_mark_parse("выполнено 17.04.2025, установлена II группа", ds, 4, &n) == PLAN_MARK_DONE && n == 1,
	      "выполнено + date");
	CHECK_STR(fmt(ds[0]), "17.04.2025");
	CHECK(plan_mark_parse("Проведено", ds, 4, &n) == PLAN_MARK_DONE && n == 0, "word alone");
	CHECK(plan_mark_parse("выполнено 12.12.2024, 10.06.2025", ds, 4, &n) == PLAN_MARK_DONE && n == 2, "two dates");
	CHECK(plan_mark_parse("выпускник от консультации отказался (28.01.2026)", ds, 4, &n) == PLAN_MARK_OTHER,
	      "a refusal is not a completion");
	CHECK(plan_mark_parse("не выполнено", ds, 4, &n) == PLAN_MARK_OTHER, "не выполнено");
	CHECK(plan_mark_parse("выполненные работы отсутствуют", ds, 4, &n) == PLAN_MARK_OTHER, "a longer word");
}

/* ---- numbers ---- */

static void test_numbers(void)
{
	CHECK(plan_number_cmp("2.4.10", "2.4.9") > 0, "2.4.10 after 2.4.9");
	CHECK(plan_number_cmp("2.4.9", "2.4.10") < 0, "2.4.9 before 2.4.10");
	CHECK(plan_number_cmp("2.4", "2.4.1") < 0, "a parent before its children");
	CHECK(plan_number_cmp("3.10", "3.6") > 0, "3.10 after 3.6");
	CHECK(plan_number_cmp("2.05", "2.5") == 0, "leading zeros");
	CHECK(plan_number_cmp("1.2", "1.2") == 0, "equal");
	CHECK(plan_number_cmp("", "9.9") > 0 && plan_number_cmp("9.9", "") < 0, "empty sorts last");
	CHECK(plan_number_cmp("10", "9") > 0, "10 after 9");
}

/* ---- a model by hand ---- */

static void add_staff(struct model *m, const char *id, const char *sur, const char *name, const char *pat,
		      const char *pos, enum role r)
{
	m->staff = xreallocarray(m->staff, m->nstaff + 1, sizeof *m->staff);
	struct staff *s = &m->staff[m->nstaff++];
	memset(s, 0, sizeof *s);
	s->id = xstrdup(id), s->surname = xstrdup(sur), s->name = xstrdup(name);
	s->patronymic = xstrdup(pat), s->position = xstrdup(pos), s->role = r;
	s->src = (struct src){"staff.csv", NULL, (int)m->nstaff + 1};
}

static void add_graduate(struct model *m, const char *id, struct date g, size_t curator)
{
	m->graduates = xreallocarray(m->graduates, m->ngraduates + 1, sizeof *m->graduates);
	struct graduate *x = &m->graduates[m->ngraduates++];
	memset(x, 0, sizeof *x);
	char **s[] = {&x->surname, &x->name, &x->patronymic, &x->address, &x->social_status, &x->family,
		      &x->housing, &x->organization, &x->position, &x->reason, &x->curator, &x->notes,
		      &x->conclusions, &x->recommendations};
	for (size_t i = 0; i < sizeof s / sizeof *s; i++)
		*s[i] = xstrdup("");
	free(x->surname), free(x->name);
	x->id = xstrdup(id), x->surname = xstrdup("Иванов"), x->name = xstrdup("Иван");
	x->graduation = g;
	x->curator_index = curator;
	x->src = (struct src){"graduates.csv", NULL, (int)m->ngraduates + 1};
}

static void add_event(struct model *m, const char *grad, size_t gi, int section, const char *item,
		      const char *title, const char *due, const char *resp, const char *done)
{
	m->events = xreallocarray(m->events, m->nevents + 1, sizeof *m->events);
	struct event *e = &m->events[m->nevents++];
	e->graduate = xstrdup(grad), e->graduate_index = gi, e->section = section;
	e->item = xstrdup(item), e->title = xstrdup(title), e->due = xstrdup(due);
	e->responsible = xstrdup(resp), e->done = xstrdup(done);
	e->src = (struct src){"events.csv", NULL, (int)m->nevents + 1};
	m->has_events = true;
}

static void build_model(struct model *m)
{
	memset(m, 0, sizeof *m);
	m->inst.director_surname = xstrdup("Колесников");
	m->inst.director_name = xstrdup("Андрей");
	m->inst.director_patronymic = xstrdup("Викторович");
	add_staff(m, "S02", "Лебедева", "Наталья", "Сергеевна", "Социальный педагог", ROLE_SOCIAL_PEDAGOGUE);
	add_staff(m, "S03", "Ковалёв", "Денис", "Андреевич", "Педагог-психолог", ROLE_PSYCHOLOGIST);
	add_staff(m, "S06", "Белов", "Сергей", "Иванович", "Мастер производственного обучения", ROLE_TEACHER);
	add_staff(m, "S08", "Фёдорова", "Анастасия", "Игоревна", "Преподаватель", ROLE_TEACHER);
	add_staff(m, "S05", "Соколова", "Марина", "Викторовна", "Куратор группы", ROLE_CLASS_TEACHER);
	add_graduate(m, "G1", D(2024, 6, 28), 2);          /* curator S06 */
	add_graduate(m, "G2", D(2024, 2, 27), (size_t)-1); /* no curator */
}

static void test_roles(void)
{
	struct model m;
	build_model(&m);
	enum plan_resp st;
	const char *role;
	char *s = plan_responsible(&m, 0, "Педагог социальный", &st, &role);
	CHECK_STR(s, "Педагог социальный Лебедева\u00a0Н.С.");
	CHECK(st == PLAN_RESP_OK, "status %d", st);
	free(s);
	/* a role is printed by its one name, however it was written (issue 10) */
	s = plan_responsible(&m, 0, "ПЕДАГОГ-ПСИХОЛОГ", &st, &role);
	CHECK_STR(s, "Педагог-психолог Ковалёв\u00a0Д.А.");
	free(s);
	s = plan_responsible(&m, 0, "социальный педагог", &st, &role);
	CHECK_STR(s, "Педагог социальный Лебедева\u00a0Н.С.");
	free(s);
	s = plan_responsible(&m, 0, "педагог-психолог", &st, &role);
	CHECK_STR(s, "Педагог-психолог Ковалёв\u00a0Д.А.");
	free(s);
	/* a staff id: the person with his own role, not his position */
	s = plan_responsible(&m, 0, "S02", &st, &role);
	CHECK_STR(s, "Педагог социальный Лебедева\u00a0Н.С.");
	free(s);
	s = plan_responsible(&m, 0, "педагог", &st, &role);
	CHECK_STR(s, "Педагог Белов\u00a0С.И., Фёдорова\u00a0А.И.");
	free(s);
	/* the class teacher of a graduate is the graduate's curator, printed with the curator's own
	 * role; without one, whoever holds the role */
	s = plan_responsible(&m, 0, "классный руководитель", &st, &role);
	CHECK_STR(s, "Педагог Белов\u00a0С.И.");
	free(s);
	s = plan_responsible(&m, 1, "классный руководитель", &st, &role);
	CHECK_STR(s, "Классный руководитель Соколова\u00a0М.В.");
	free(s);
	s = plan_responsible(&m, 0, "руководитель", &st, &role);
	CHECK_STR(s, "Руководитель Колесников\u00a0А.В.");
	free(s);
	s = plan_responsible(&m, 0, "учитель-дефектолог", &st, &role);
	CHECK_STR(s, "Учитель-дефектолог");
	CHECK(st == PLAN_RESP_UNHELD && role && strcmp(role, "учитель-дефектолог") == 0, "unheld role: %d", st);
	free(s);
	s = plan_responsible(&m, 1, "куратор", &st, &role);
	CHECK(st == PLAN_RESP_UNHELD, "no curator: %d", st);
	free(s);
	s = plan_responsible(&m, 0, "инспектор ПДН", &st, &role);
	CHECK_STR(s, "Инспектор ПДН");
	CHECK(st == PLAN_RESP_UNKNOWN, "unknown: %d", st);
	free(s);
	s = plan_responsible(&m, 0, "S02, педагог-психолог", &st, &role);
	CHECK_STR(s, "Педагог социальный Лебедева\u00a0Н.С.,\nПедагог-психолог Ковалёв\u00a0Д.А.");
	CHECK(st == PLAN_RESP_OK, "two parts: %d", st);
	free(s);
	model_free(&m);
}

/* ---- items: merge, order, states ---- */

static const char *const small_plan =
	"<plan>\n"
	"<table><column width=\"1\">№</column><column width=\"5\">М</column><column width=\"2\">С</column>"
	"<column width=\"2\">О</column><column width=\"2\">Т</column></table>\n"
	"<section n=\"1\" title=\"Один\"><item n=\"1.1\">Сбор данных</item></section>\n"
	"<section n=\"2\" title=\"Два\">\n"
	"  <item n=\"2.4\">Помощь</item>\n"
	"  <item n=\"2.4.1\" responsible=\"педагог социальный\" hint=\"yes\">(Мероприятия)</item>\n"
	"  <item n=\"2.4.2\" responsible=\"педагог-психолог\" hint=\"yes\">(Мероприятия)</item>\n"
	"</section>\n"
	"<section n=\"3\" title=\"Три\"><item n=\"3.1\" due=\"1 раз в 6 месяцев\">Посещение</item>\n"
	"  <item n=\"3.2\" due=\"сентябрь\">Запрос</item></section>\n"
	"<section n=\"4\" title=\"Четыре\"/>\n"
	"</plan>\n";

static struct tmpl *load_plan(const char *text)
{
	char path[] = "/tmp/test-plan-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	struct diag_list dl = DIAG_LIST_INIT;
	struct tmpl *t = tmpl_load(path, "plan.xml", &dl);
	unlink(path);
	CHECK(t && dl.nerrors == 0, "template loads");
	diag_list_free(&dl);
	return t;
}

static const struct plan_item *find(const struct plan_items *pi, const char *number)
{
	for (size_t i = 0; i < pi->n; i++)
		if (strcmp(pi->v[i].number, number) == 0)
			return &pi->v[i];
	return NULL;
}

static void test_items(void)
{
	struct model m;
	build_model(&m);
	struct tmpl *t = load_plan(small_plan);
	add_event(&m, "G1", 0, 2, "2.4.10", "Десятое", "", "S03", "");
	add_event(&m, "G1", 0, 2, "2.4.9", "Девятое", "ноябрь 2025", "педагог социальный", "");
	add_event(&m, "G1", 0, 2, "2.4.1", "Конкретное", "01.10.2024", "", "выполнено 15.10.2024");
	add_event(&m, "", (size_t)-1, 4, "4.1", "Для всех", "ноябрь 2026", "S02", "");
	add_event(&m, "G2", 1, 2, "2.4.3", "Чужое", "", "", "");
	add_event(&m, "G1", 0, 3, "3.6", "Отказ", "февраль 2026", "", "выпускник отказался (28.01.2026)");
	add_event(&m, "G1", 0, 3, "3.7", "Частично", "1 раз в 6 месяцев", "", "выполнено 20.12.2024");
	struct plan_items pi;
	plan_items(&m, 0, t, D(2026, 11, 23), &pi);
	/* 2.4.2 is a placeholder whose slot (2.4.x) the events fill: never a row */
	const char *want[] = {"1.1", "2.4", "2.4.1", "2.4.9", "2.4.10", "3.1", "3.2", "3.6", "3.7", "4.1"};
	CHECK(pi.n == sizeof want / sizeof *want, "item count %zu", pi.n);
	for (size_t i = 0; i < pi.n && i < sizeof want / sizeof *want; i++)
		CHECK_STR(pi.v[i].number, want[i]);
	const struct plan_item *it = find(&pi, "2.4.1");
	CHECK(it && !it->hint && it->from_events && strcmp(it->title, "Конкретное") == 0, "event replaces the hint row");
	CHECK(it && strstr(it->responsible, "Лебедева"), "the hint's role stays when the event names none");
	CHECK(it && it->state == PLAN_DONE_LATE, "done after the due date: state %d", it ? (int)it->state : -1);
	CHECK(find(&pi, "2.4.2") == NULL, "a placeholder beside the slot's events is not a row");
	it = find(&pi, "2.4.9");
	CHECK(it && it->state == PLAN_OVERDUE && strcmp(fmt(it->missed), "30.11.2025") == 0, "overdue month");
	CHECK(it && it->src && it->src->line == 3, "overdue row keeps its source line");
	CHECK_STR(it ? it->due_text : "", "ноябрь 2025");
	it = find(&pi, "4.1");
	CHECK(it && it->state == PLAN_OPEN, "a month runs to its last day: not overdue on 23.11.2026");
	it = find(&pi, "3.1");
	CHECK(it && !it->tracked && it->state == PLAN_OPEN, "standard recurrence is not tracked here");
	CHECK_STR(it ? it->due_text : "", "1 раз в 6 месяцев: 27.12.2024, 27.06.2025, 27.12.2025, 27.06.2026");
	CHECK(it && date_cmp(it->due, D(2026, 6, 27)) == 0, "due is the last occurrence");
	it = find(&pi, "3.2");
	CHECK(it && it->tracked && it->state == PLAN_OVERDUE && it->src == NULL, "standard one-time due is tracked");
	CHECK_STR(it ? it->due_text : "", "сентябрь 2024");
	it = find(&pi, "3.6");
	CHECK(it && it->state == PLAN_NOT_DONE, "a refusal: not done, not overdue");
	it = find(&pi, "3.7");
	CHECK(it && it->state == PLAN_OVERDUE && strcmp(fmt(it->missed), "27.06.2025") == 0,
	      "one completion of four: the second occurrence is missed");
	CHECK(find(&pi, "2.4.3") == NULL, "another graduate's event is not here");
	plan_items_free(&pi);

	/* the same plan earlier: nothing overdue yet */
	plan_items(&m, 0, t, D(2024, 9, 1), &pi);
	size_t overdue = 0;
	for (size_t i = 0; i < pi.n; i++)
		overdue += pi.v[i].state == PLAN_OVERDUE;
	CHECK(overdue == 0, "nothing overdue on 01.09.2024, got %zu", overdue);
	plan_items_free(&pi);

	struct diag_list dl = DIAG_LIST_INIT;
	plan_check(&m, t, D(2026, 11, 23), &dl);
	size_t found = 0;
	for (size_t i = 0; i < dl.n; i++) {
		const struct diag *d = &dl.v[i];
		if (d->file && strcmp(d->file, "events.csv") == 0 && d->line == 3 && strstr(d->msg, "graduate G1") &&
		    strstr(d->msg, "2.4.9"))
			found |= 1;
		if (d->file && strcmp(d->file, "graduates.csv") == 0 && d->line == 2 && strstr(d->msg, "3.2"))
			found |= 2;
		if (strstr(d->msg, "3.6"))
			found |= 4;
	}
	CHECK(found == 3, "overdue warnings at the event's line and at the graduate's line, none for a refusal (%zu)",
	      found);
	diag_list_free(&dl);
	tmpl_free(t);
	model_free(&m);
}

static const struct doc_block *first_block(const struct doc *d, enum doc_block_kind k);

/* The one recurrence rule on two graduates: the last day of each half-year, every k alike. */
static void test_period_rule(void)
{
	struct plan_due d;
	struct date out[PLAN_MAX_DATES];
	plan_due_parse("1 раз в 6 месяцев на протяжении патронатного сопровождения", &d);
	const struct {
		struct date g;
		const char *want[4];
	} cases[] = {
		{D(2025, 6, 30), {"29.12.2025", "29.06.2026", "29.12.2026", "29.06.2027"}},
		{D(2024, 8, 31), {"27.02.2025", "30.08.2025", "27.02.2026", "30.08.2026"}},
	};
	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
		size_t n = plan_due_dates(&d, cases[c].g, out, PLAN_MAX_DATES);
		CHECK(n == 4, "graduate %zu: four half-years, got %zu", c, n);
		for (size_t k = 0; k < n && k < 4; k++) {
			CHECK_STR(fmt(out[k]), cases[c].want[k]);
			struct date e = plan_period_end(cases[c].g, 6, (int)k + 1);
			CHECK(date_cmp(e, out[k]) == 0, "plan_period_end is the rule (k %zu)", k + 1);
			/* the day after the due date starts the next half-year */
			CHECK(date_cmp(date_add_days(e, 1), date_add_months(cases[c].g, 6 * ((int)k + 1))) == 0,
			      "half-year %zu ends the day before the next begins", k + 1);
		}
	}
	CHECK(date_empty(plan_period_end((struct date){0, 0, 0}, 6, 1)), "no graduation, no date");
	CHECK(date_empty(plan_period_end(D(2024, 6, 28), 6, 0)), "k starts at 1");
}

/* True when the doc tree's dump of d contains needle. */
static bool dump_has(const struct doc *d, const char *needle)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	doc_dump(d, f);
	fclose(f);
	bool r = strstr(buf, needle) != NULL;
	free(buf);
	return r;
}

/* A placeholder no event fills is a blank slot: number and role, no instruction, ruled lines. */
static void test_blank_slot(void)
{
	struct model m;
	build_model(&m);
	struct tmpl *t = load_plan(small_plan);
	struct plan_items pi;
	plan_items(&m, 0, t, D(2026, 11, 23), &pi);
	const struct plan_item *a = find(&pi, "2.4.1"), *b = find(&pi, "2.4.2");
	CHECK(a && b && a->hint && b->hint, "both empty slots stay as rows");
	for (size_t i = 0; i < pi.n; i++) {
		CHECK(!strstr(pi.v[i].title, "(Мероприятия)"), "item %s prints no placeholder", pi.v[i].number);
		if (pi.v[i].hint)
			CHECK(!*pi.v[i].title && !*pi.v[i].due_text && !*pi.v[i].done && !pi.v[i].tracked,
			      "slot %s is blank", pi.v[i].number);
	}
	CHECK(a && strstr(a->responsible, "Лебедева"), "the slot keeps its responsible: %s", a ? a->responsible : "");
	plan_items_free(&pi);
	struct doc *d = plan_build(&m, 0, t, D(2026, 11, 23));
	CHECK(!dump_has(d, "Мероприятия)"), "the tree holds no placeholder text");
	CHECK(dump_has(d, "blank-lines"), "the slot's event cell has ruled lines to write in");
	const struct doc_block *tb = first_block(d, DOC_TABLE);
	size_t ruled = 0;
	for (size_t i = 0; tb && i < tb->u.table.nrows; i++) {
		const struct doc_row *r = &tb->u.table.rows[i];
		if (!r->span && r->ncells == 5 && r->cells[1].nparas && r->cells[1].paras[0].blank_lines >= 2)
			ruled++;
	}
	CHECK(ruled == 2, "two blank slots with two ruled lines each: %zu", ruled);
	doc_free(d);
	/* one event under 2.4 fills the slot: neither placeholder remains */
	add_event(&m, "G1", 0, 2, "2.4.3", "Беседа", "ноябрь 2025", "S03", "");
	plan_items(&m, 0, t, D(2026, 11, 23), &pi);
	CHECK(!find(&pi, "2.4.1") && !find(&pi, "2.4.2") && find(&pi, "2.4.3"), "the event fills the slot");
	plan_items_free(&pi);
	/* another graduate's event does not fill this one's slot */
	plan_items(&m, 1, t, D(2026, 11, 23), &pi);
	CHECK(find(&pi, "2.4.1") && find(&pi, "2.4.1")->hint, "G2's slot stays blank");
	plan_items_free(&pi);
	tmpl_free(t);
	model_free(&m);
}

/* Every row of the shipped template's plan: a due that is a date or a period, or none. */
static void test_every_row_due(void)
{
	struct model m;
	build_model(&m);
	struct diag_list dl = DIAG_LIST_INIT;
	struct tmpl *t = tmpl_load("templates/plan.xml", "plan.xml", &dl);
	CHECK(t && dl.nerrors == 0, "templates/plan.xml loads");
	diag_list_free(&dl);
	if (!t) {
		model_free(&m);
		return;
	}
	add_event(&m, "G1", 0, 3, "3.6", "Выезд", "ноябрь 2025", "педагог социальный", "");
	add_event(&m, "G1", 0, 2, "2.5.3", "Беседа", "15.03.2025", "S02", "выполнено 12.03.2025");
	struct plan_items pi;
	plan_items(&m, 0, t, D(2026, 11, 23), &pi);
	size_t recur = 0;
	for (size_t i = 0; i < pi.n; i++) {
		const struct plan_item *it = &pi.v[i];
		struct plan_due d;
		bool dated = false;
		int dd, mm, yy;
		for (const char *p = it->due_text; *p && !dated; p++)
			dated = sscanf(p, "%2d.%2d.%4d", &dd, &mm, &yy) == 3 && yy > 1900;
		CHECK(!*it->due_text || dated || plan_due_parse(it->due_text, &d) == 0,
		      "item %s: due «%s» is a date, a period or blank", it->number, it->due_text);
		CHECK(!strchr(it->title, '(') || it->title[0] != '(', "item %s is no placeholder", it->number);
		if (strstr(it->due_text, "6 месяцев")) {
			recur++;
			CHECK_STR(it->due_text, "1 раз в 6 месяцев: 27.12.2024, 27.06.2025, 27.12.2025, 27.06.2026");
		}
	}
	CHECK(recur == 4, "the four half-yearly rows: %zu", recur);
	CHECK(find(&pi, "2.5.1") == NULL && find(&pi, "2.5.2") == NULL, "2.5's placeholders give way to 2.5.3");
	CHECK(find(&pi, "2.1.1") && find(&pi, "2.1.1")->hint, "2.1.1 is a blank slot");
	plan_items_free(&pi);
	tmpl_free(t);
	model_free(&m);
}

static void test_drop_hints(void)
{
	struct model m;
	build_model(&m);
	char *with = xasprintf("<plan placeholders=\"drop\">%s", small_plan + strlen("<plan>"));
	struct tmpl *t = load_plan(with);
	add_event(&m, "G1", 0, 2, "2.4.2", "Заполнено", "", "", "");
	struct plan_items pi;
	plan_items(&m, 0, t, D(2026, 11, 23), &pi);
	CHECK(find(&pi, "2.4.1") == NULL, "an unfilled hint row is dropped");
	CHECK(find(&pi, "2.4.2") != NULL, "a filled one stays");
	plan_items_free(&pi);
	struct diag_list dl = DIAG_LIST_INIT;
	CHECK(plan_check_template(t, &dl) == 0, "the small template is valid");
	diag_list_free(&dl);
	tmpl_free(t);
	free(with);
	model_free(&m);
}

/* ---- the document: styles and the approval stamp ---- */

/* The first block of kind k (or NULL). */
static const struct doc_block *first_block(const struct doc *d, enum doc_block_kind k)
{
	for (size_t i = 0; i < d->nblocks; i++)
		if (d->blocks[i].kind == k)
			return &d->blocks[i];
	return NULL;
}

/* The size of the paragraph whose first run is text, or -1. */
static double para_size(const struct doc *d, const char *text)
{
	for (size_t i = 0; i < d->nblocks; i++) {
		const struct doc_para *p = &d->blocks[i].u.para;
		if (d->blocks[i].kind == DOC_PARAGRAPH && p->nspans && strcmp(p->spans[0].text, text) == 0)
			return p->size;
	}
	return -1;
}

static void test_document(void)
{
	struct model m;
	build_model(&m);
	m.inst.name = xstrdup("Колледж");
	static const char *const extra =
		"<approval><line>УТВЕРЖДАЮ</line><line>{position} {short_institution}</line>"
		"<line>__ {director}</line></approval><title>План</title><subtitle>мероприятий</subtitle>\n";
	char *plain = xasprintf("<plan>%s%s", extra, small_plan + strlen("<plan>"));
	char *styled = xasprintf("<plan table-size=\"9\" subtitle-size=\"13\">%s%s", extra,
				 small_plan + strlen("<plan>"));
	char *sized = xasprintf("<plan table-size=\"9\">%s", small_plan + strlen("<plan>"));
	const char *size11 = strstr(sized, "<table>");
	char *own = xasprintf("%.*s<table size=\"8\">%s", (int)(size11 - sized), sized, size11 + strlen("<table>"));
	struct tmpl *t = load_plan(plain), *ts = load_plan(styled), *to = load_plan(own);
	struct diag_list dl = DIAG_LIST_INIT;
	CHECK(t && ts && to && plan_check_template(ts, &dl) == 0 && plan_check_template(to, &dl) == 0,
	      "templates with styles check clean: %zu errors", dl.nerrors);
	struct doc *d = plan_build(&m, 0, t, D(2026, 11, 23));
	struct doc *ds = plan_build(&m, 0, ts, D(2026, 11, 23));
	struct doc *dn = plan_build(&m, 0, to, D(2026, 11, 23));
	const struct doc_block *tb = first_block(d, DOC_TABLE), *tbs = first_block(ds, DOC_TABLE);
	const struct doc_block *tbo = first_block(dn, DOC_TABLE);
	CHECK(tb && tb->u.table.size == 11, "the plan's table is 11 pt by default: %g", tb ? tb->u.table.size : -1);
	CHECK(tbs && tbs->u.table.size == 9, "table-size=9 on the root: %g", tbs ? tbs->u.table.size : -1);
	CHECK(tbo && tbo->u.table.size == 8, "<table size> wins over the root: %g", tbo ? tbo->u.table.size : -1);
	CHECK(para_size(d, "План") == 14 && para_size(d, "мероприятий") == 14, "title and subtitle 14 pt");
	CHECK(para_size(ds, "План") == 14 && para_size(ds, "мероприятий") == 13, "subtitle-size=13: %g",
	      para_size(ds, "мероприятий"));
	const struct doc_block *ap = first_block(d, DOC_APPROVAL);
	CHECK(ap && ap->u.appr.nlines == 3, "the approval stamp has its 3 lines");
	if (ap && ap->u.appr.nlines == 3) {
		CHECK_STR(ap->u.appr.lines[1], "Директор Колледж");
		CHECK_STR(ap->u.appr.lines[2], "__ А.В.\u00a0Колесников");
	}
	doc_free(d), doc_free(ds), doc_free(dn);
	tmpl_free(t), tmpl_free(ts), tmpl_free(to);
	free(plain), free(styled), free(sized), free(own);
	char *bad = xasprintf("<plan table-size=\"huge\"><approval><line>{positon}</line></approval>%s",
			      small_plan + strlen("<plan>"));
	t = load_plan(bad);
	size_t n0 = dl.nerrors;
	plan_check_template(t, &dl);
	bool size = false, key = false;
	for (size_t i = 0; i < dl.n; i++) {
		const char *field = dl.v[i].field ? dl.v[i].field : "";
		size |= strcmp(field, "table-size") == 0 && dl.v[i].file && strcmp(dl.v[i].file, "plan.xml") == 0;
		key |= strcmp(field, "line") == 0 && strstr(dl.v[i].msg, "unknown placeholder");
	}
	CHECK(dl.nerrors == n0 + 2 && size && key, "a bad table-size and an unknown placeholder: %zu errors",
	      dl.nerrors - n0);
	tmpl_free(t);
	free(bad);
	diag_list_free(&dl);
	model_free(&m);
}

int main(void)
{
	test_due_parse();
	test_due_dates();
	test_years();
	test_marks();
	test_numbers();
	test_roles();
	test_items();
	test_period_rule();
	test_blank_slot();
	test_every_row_due();
	test_drop_hints();
	test_document();
	return DONE("plan");
}
