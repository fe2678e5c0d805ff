/* test_passport: unit tests of the passport's rules — each record's parts under their own
 * sub-labels of fields 10–13, dated; the fields of a graduate who did not finish; the warnings
 * for contradicting status, flags and dates — on models built by hand with the real template.
 * Invariant: every test frees what it got, so a leak report means a leak in passport.c. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "rules/passport.h"
#include "util/buf.h"
#include "util/xalloc.h"

static void add_graduate(struct model *m, const char *id, struct date grad)
{
	m->graduates = xreallocarray(m->graduates, m->ngraduates + 1, sizeof *m->graduates);
	struct graduate *x = &m->graduates[m->ngraduates++];
	memset(x, 0, sizeof *x);
	char **s[] = {&x->address, &x->social_status, &x->family, &x->housing, &x->organization,
		      &x->position, &x->reason, &x->curator, &x->notes, &x->conclusions, &x->recommendations};
	for (size_t i = 0; i < sizeof s / sizeof *s; i++)
		*s[i] = xstrdup("");
	x->id = xstrdup(id), x->surname = xstrdup("Иванов"), x->name = xstrdup("Пётр");
	x->patronymic = xstrdup("Сергеевич");
	x->birth = (struct date){2005, 3, 1};
	x->graduation = grad;
	x->curator_index = (size_t)-1;
	x->src = (struct src){"graduates.csv", NULL, (int)m->ngraduates + 1};
}

static void add_record(struct model *m, size_t g, struct date d, const char *feat, const char *diff,
		       const char *help, const char *by, const char *planned)
{
	m->records = xreallocarray(m->records, m->nrecords + 1, sizeof *m->records);
	struct record *r = &m->records[m->nrecords++];
	memset(r, 0, sizeof *r);
	r->graduate = xstrdup(m->graduates[g].id);
	r->graduate_index = g;
	r->date = d;
	r->features = xstrdup(feat), r->difficulties = xstrdup(diff), r->help = xstrdup(help);
	r->help_by = xstrdup(by), r->planned_help = xstrdup(planned);
	r->src = (struct src){"records.csv", NULL, (int)m->nrecords + 1};
}

static void init(struct model *m)
{
	memset(m, 0, sizeof *m);
	m->inst.name = xstrdup("Колледж");
}

/* The passport of graduate gi: one line per paragraph. A new string. */
static char *passport_text(const struct model *m, const struct tmpl *t, size_t gi)
{
	struct rec_index ri;
	rec_index_build(&ri, m);
	struct doc *d = passport_build(m, &ri, gi, t);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < d->nblocks; i++)
		if (d->blocks[i].kind == DOC_PARAGRAPH) {
			for (size_t s = 0; s < d->blocks[i].u.para.nspans; s++)
				buf_adds(&b, d->blocks[i].u.para.spans[s].text);
			buf_addc(&b, '\n');
		}
	doc_free(d);
	rec_index_free(&ri);
	return buf_take(&b);
}

/* The line of text that starts with start, after the line that starts with after. */
static const char *line_after(const char *text, const char *after, const char *start)
{
	const char *p = strstr(text, after);
	if (!p)
		return NULL;
	for (p = strchr(p, '\n'); p; p = strchr(p + 1, '\n'))
		if (strncmp(p + 1, start, strlen(start)) == 0)
			return p + 1;
	return NULL;
}

static bool line_is(const char *line, const char *want)
{
	size_t n = strlen(want);
	return line && strncmp(line, want, n) == 0 && line[n] == '\n';
}

#define LINE(text, field, label, want)                                                         \
	CHECK(line_is(line_after(text, field, label), want), "%s / %s: want [%s], got [%.120s]", \
	      field, label, want, line_after(text, field, label) ? line_after(text, field, label) : "(none)")

static void test_sub_labels(const struct tmpl *t)
{
	struct model m;
	init(&m);
	struct date g = {2024, 6, 28};
	add_graduate(&m, "G-1", g);
	/* half-year 1, 2, 3, 4: one record each, every part ending in a full stop */
	add_record(&m, 0, (struct date){2024, 10, 12}, "Работает.", "Долги.", "Консультация.", "Лебедева Н.С.",
		   "Контроль.");
	add_record(&m, 0, (struct date){2025, 2, 3}, "Учится.", "", "", "", "Беседа.");
	add_record(&m, 0, (struct date){2025, 9, 1}, "Переехал.", "Нет жилья.", "Жильё.", "Громова И.П.",
		   "Наблюдение.");
	add_record(&m, 0, (struct date){2026, 3, 5}, "Семья.", "Болезнь.", "Путёвка.", "Белов С.И.",
		   "Лечение.");
	add_record(&m, 0, (struct date){2026, 4, 5}, "Работа.", "", "", "", "");
	char *s = passport_text(&m, t, 0);
	CHECK(strstr(s, ".;") == NULL, "no «.;» in the passport:\n%s", s);
	CHECK(strstr(s, "особенности:") == NULL && strstr(s, "трудности:") == NULL,
	      "no parts run together under one label");
	LINE(s, "10. Анализ", "особенности", "особенности 12.10.2024 — Работает.");
	LINE(s, "10. Анализ", "испытываемые трудности", "испытываемые трудности 12.10.2024 — Долги.");
	LINE(s, "10. Анализ", "оказанная помощь", "оказанная помощь (какая, когда, кем) 12.10.2024, Лебедева Н.С. — Консультация.");
	LINE(s, "10. Анализ", "прогнозируемая помощь", "прогнозируемая помощь 12.10.2024 — Контроль.");
	LINE(s, "11. Анализ", "особенности", "особенности 03.02.2025 — Учится.");
	LINE(s, "11. Анализ", "испытываемые трудности", "испытываемые трудности");
	LINE(s, "12. Анализ", "особенности", "особенности 01.09.2025 — Переехал.");
	LINE(s, "12. Анализ", "трудности в социализации", "трудности в социализации 01.09.2025 — Нет жилья.");
	LINE(s, "12. Анализ", "оказанная помощь", "оказанная помощь (какая, когда, кем) 01.09.2025, Громова И.П. — Жильё.");
	LINE(s, "12. Анализ", "прогнозируемая помощь", "прогнозируемая помощь 01.09.2025 — Наблюдение.");
	/* field 13: two records in the half-year, each on its own dated line */
	LINE(s, "13. Результаты", "особенности", "особенности");
	LINE(s, "13. Результаты", "05.03.2026", "05.03.2026 — Семья.");
	LINE(s, "13. Результаты", "05.04.2026", "05.04.2026 — Работа.");
	LINE(s, "13. Результаты", "трудности в социализации", "трудности в социализации 05.03.2026 — Болезнь.");
	LINE(s, "13. Результаты", "оказанная помощь", "оказанная помощь (какая, когда, кем) 05.03.2026, Белов С.И. — Путёвка.");
	LINE(s, "13. Результаты", "прогнозируемая помощь", "прогнозируемая помощь 05.03.2026 — Лечение.");
	CHECK(strstr(strstr(s, "12. Анализ"), "Нет жилья.") < strstr(s, "оказанная помощь (какая, когда, кем) 01.09"),
	      "difficulties before help in field 12");
	free(s);
	/* every part is printed: the template leaves no warning */
	struct diag_list dl = DIAG_LIST_INIT;
	passport_check_unprinted(&m, t, &dl);
	CHECK(dl.nwarnings == 0, "every record part has its place: %zu warnings", dl.nwarnings);
	diag_list_free(&dl);
	model_free(&m);
}

static void test_dropped_out(const struct tmpl *t)
{
	struct model m;
	init(&m);
	add_graduate(&m, "G-2", (struct date){2025, 3, 14});
	struct graduate *g = &m.graduates[0];
	g->dropped_out = true;
	g->status = LIFE_EMPLOYED;
	free(g->organization), g->organization = xstrdup("ООО «Торг»");
	free(g->position), g->position = xstrdup("грузчик");
	char *s = passport_text(&m, t, 0);
	CHECK(strstr(s, "3. Год окончания учреждения образования 2025") == NULL, "no year of finishing:\n%s", s);
	CHECK(strstr(s, "3. Год окончания учреждения образования не окончил(а): обучение прекращено 14.03.2025\n"),
	      "field 3 says the graduate did not finish");
	CHECK(strstr(s, "специальности") == NULL, "no «по/не по полученной специальности»");
	CHECK(strstr(s, "ООО «Торг»; должность: грузчик") != NULL, "the work is printed");
	free(s);
	/* the same graduate having finished: the year and the specialty are back */
	g->dropped_out = false;
	s = passport_text(&m, t, 0);
	CHECK(strstr(s, "3. Год окончания учреждения образования 2025\n") != NULL, "year of a graduate who finished");
	CHECK(strstr(s, "не по полученной специальности") != NULL, "specialty of a graduate who finished");
	free(s);
	model_free(&m);
}

static bool has_warning(const struct diag_list *dl, const char *field, const char *text)
{
	for (size_t i = 0; i < dl->n; i++)
		if (dl->v[i].level == DIAG_WARNING && dl->v[i].field && strcmp(dl->v[i].field, field) == 0 &&
		    strstr(dl->v[i].msg, text))
			return true;
	return false;
}

static void test_contradictions(void)
{
	struct model m;
	init(&m);
	add_graduate(&m, "G-3", (struct date){2025, 3, 14});
	add_graduate(&m, "G-4", (struct date){2025, 6, 30});
	add_graduate(&m, "G-5", (struct date){2025, 6, 30});
	m.graduates[0].dropped_out = m.graduates[0].by_specialty = m.graduates[0].honours = true;
	m.graduates[1].status = LIFE_IDLE;
	free(m.graduates[1].organization), m.graduates[1].organization = xstrdup("ООО «Торг»");
	m.graduates[2].status = LIFE_EMPLOYED;
	m.graduates[2].since = (struct date){2010, 1, 1};
	struct diag_list dl = DIAG_LIST_INIT;
	passport_check_consistency(&m, &dl);
	CHECK(dl.nerrors == 0, "contradictions are warnings, not errors");
	CHECK(has_warning(&dl, "Не завершил обучение", "graduate G-3: «Не завершил обучение» contradicts «По специальности»"),
	      "dropped out and by specialty");
	CHECK(has_warning(&dl, "Не завершил обучение", "graduate G-3: «Не завершил обучение» contradicts «Диплом с отличием»"),
	      "dropped out and honours");
	CHECK(has_warning(&dl, "Жизнеустройство", "graduate G-4: «Жизнеустройство» contradicts «Организация»"),
	      "idle with an organization");
	CHECK(has_warning(&dl, "Дата поступления", "graduate G-5: «Дата поступления» contradicts «Дата рождения»"),
	      "entry before 14");
	CHECK(dl.nwarnings == 5, "5 warnings (one more: entry 15 years before graduation), got %zu", dl.nwarnings);
	CHECK(dl.v[0].line == 2 && strcmp(dl.v[0].file, "graduates.csv") == 0, "the graduate's row");
	diag_list_free(&dl);
	/* a consistent graduate: no warning */
	m.graduates[0].by_specialty = m.graduates[0].honours = false;
	m.graduates[1].status = LIFE_EMPLOYED;
	m.graduates[2].since = (struct date){2025, 8, 1};
	passport_check_consistency(&m, &dl);
	CHECK(dl.nwarnings == 0, "consistent graduates: %zu warnings", dl.nwarnings);
	diag_list_free(&dl);
	model_free(&m);
}

int main(void)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct tmpl *t = tmpl_load("templates/passport.xml", "passport.xml", &dl);
	CHECK(t != NULL, "templates/passport.xml loads");
	if (t) {
		CHECK(passport_check_template(t, &dl) == 0, "templates/passport.xml is valid: %zu errors", dl.nerrors);
		test_sub_labels(t);
		test_dropped_out(t);
	}
	diag_list_free(&dl);
	tmpl_free(t);
	test_contradictions();
	return DONE("test_passport");
}
