/* test_order: unit tests of the order's generated sentences through templates/order.xml — the
 * keeper in the accusative, the curators in the instrumental and their graduates in the
 * accusative for male and female staff of several surname types, the no-case phrasing when a
 * form is not decided, each member's functions with the member's own role, and the template
 * checker's rules for case placeholders — on models built by hand.
 * Invariant: run from the source tree (reads templates/order.xml); every test frees what it
 * got, so a leak report means a leak in order.c. */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "rules/order.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* ---- a model by hand ---- */

static void add_staff(struct model *m, const char *id, const char *sur, const char *name, const char *pat,
		      const char *pos, enum role r, bool keeps)
{
	m->staff = xreallocarray(m->staff, m->nstaff + 1, sizeof *m->staff);
	struct staff *s = &m->staff[m->nstaff++];
	memset(s, 0, sizeof *s);
	s->id = xstrdup(id), s->surname = xstrdup(sur), s->name = xstrdup(name);
	s->patronymic = xstrdup(pat), s->position = xstrdup(pos), s->role = r;
	s->keeps_records = keeps;
	s->src = (struct src){"staff.csv", NULL, (int)m->nstaff + 1};
}

static void add_graduate(struct model *m, const char *id, const char *sur, const char *name, const char *pat,
			 int year, size_t curator)
{
	m->graduates = xreallocarray(m->graduates, m->ngraduates + 1, sizeof *m->graduates);
	struct graduate *x = &m->graduates[m->ngraduates++];
	memset(x, 0, sizeof *x);
	char **s[] = {&x->address, &x->social_status, &x->family, &x->housing, &x->organization,
		      &x->position, &x->reason, &x->curator, &x->notes, &x->conclusions, &x->recommendations};
	for (size_t i = 0; i < sizeof s / sizeof *s; i++)
		*s[i] = xstrdup("");
	x->id = xstrdup(id), x->surname = xstrdup(sur), x->name = xstrdup(name), x->patronymic = xstrdup(pat);
	x->graduation = (struct date){year, 6, 30};
	x->curator_index = curator;
	x->src = (struct src){"graduates.csv", NULL, (int)m->ngraduates + 1};
}

/* The regulation's group; the keeper and the curators vary per test. */
static void build_model(struct model *m)
{
	memset(m, 0, sizeof *m);
	struct institution *in = &m->inst;
	in->name = xstrdup("Колледж"), in->city = xstrdup("Тестовск"), in->parent = xstrdup("Министерство");
	in->director_position = xstrdup("Директор");
	in->director_surname = xstrdup("Колесников");
	in->director_name = xstrdup("Андрей");
	in->director_patronymic = xstrdup("Викторович");
	add_staff(m, "S01", "Вишневская", "Ольга", "Петровна", "Заместитель директора по учебной работе",
		  ROLE_DEPUTY, false);
	add_staff(m, "S02", "Лебедева", "Наталья", "Сергеевна", "Социальный педагог", ROLE_SOCIAL_PEDAGOGUE, true);
	add_staff(m, "S03", "Ковалёв", "Денис", "Андреевич", "Педагог-психолог", ROLE_PSYCHOLOGIST, false);
	add_staff(m, "S04", "Шевченко", "Иван", "Петрович", "Учитель-дефектолог", ROLE_DEFECTOLOGIST, false);
	add_staff(m, "S05", "Сорокин", "Олег", "Ильич", "Мастер производственного обучения", ROLE_TEACHER, false);
	add_staff(m, "S06", "Черных", "Ольга", "Петровна", "Преподаватель, куратор группы Т-21",
		  ROLE_CLASS_TEACHER, false);
}

/* The text of every paragraph and table cell of d, one per line. A new string. */
static char *doc_text(const struct doc *d)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < d->nblocks; i++) {
		const struct doc_block *k = &d->blocks[i];
		if (k->kind == DOC_PARAGRAPH) {
			for (size_t s = 0; s < k->u.para.nspans; s++)
				buf_adds(&b, k->u.para.spans[s].text);
			buf_addc(&b, '\n');
		} else if (k->kind == DOC_TABLE) {
			for (size_t r = 0; r < k->u.table.nrows; r++) {
				const struct doc_row *row = &k->u.table.rows[r];
				for (size_t c = 0; c < row->ncells; c++)
					for (size_t p = 0; p < row->cells[c].nparas; p++)
						for (size_t s = 0; s < row->cells[c].paras[p].nspans; s++)
							buf_printf(&b, "%s|", row->cells[c].paras[p].spans[s].text);
				buf_addc(&b, '\n');
			}
		}
	}
	char *s = buf_take(&b);
	/* no-break spaces as plain ones, for readable expectations */
	char *w = s;
	for (char *r = s; *r; r++) {
		if ((unsigned char)r[0] == 0xc2 && (unsigned char)r[1] == 0xa0) {
			*w++ = ' ';
			r++;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return s;
}

static struct tmpl *load_order(void)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct tmpl *t = tmpl_load("templates/order.xml", "order.xml", &dl);
	CHECK(t != NULL, "templates/order.xml loads");
	if (t)
		CHECK(order_check_template(t, &dl) == 0, "templates/order.xml is valid: %zu errors",
		      dl.nerrors);
	diag_list_free(&dl);
	return t;
}

/* The order's text for year 2025/2026 of m. A new string. */
static char *order_text(const struct model *m, const struct tmpl *t)
{
	struct doc *d = order_build(m, t, 2025, (struct date){2025, 11, 1});
	char *s = doc_text(d);
	doc_free(d);
	return s;
}

#define HAS(text, want) CHECK(strstr((text), (want)) != NULL, "[%s] not in the order", (want))
#define HASNT(text, want) CHECK(strstr((text), (want)) == NULL, "[%s] must not be in the order", (want))

/* ---- the keeper (accusative), the director's position (dative) ---- */

static void keeper_is(struct tmpl *t, const char *sur, const char *name, const char *pat, const char *pos,
		      const char *want)
{
	struct model m;
	build_model(&m);
	m.staff[1].keeps_records = false;
	add_staff(&m, "K", sur, name, pat, pos, ROLE_TEACHER, true);
	char *s = order_text(&m, t);
	char *line = xasprintf("после завершения патроната %s.", want);
	HAS(s, line);
	free(line);
	free(s);
	model_free(&m);
}

static void test_keeper(struct tmpl *t)
{
	keeper_is(t, "Лебедева", "Наталья", "Сергеевна", "Социальный педагог", "Лебедеву Н.С., социального педагога");
	keeper_is(t, "Ковалёв", "Денис", "Андреевич", "Педагог-психолог", "Ковалёва Д.А., педагога-психолога");
	keeper_is(t, "Вишневский", "Олег", "Петрович", "Заместитель директора по учебной работе",
		  "Вишневского О.П., заместителя директора по учебной работе");
	keeper_is(t, "Вишневская", "Ольга", "Петровна", "Методист", "Вишневскую О.П., методиста");
	keeper_is(t, "Сорокин", "Олег", "Ильич", "Мастер производственного обучения",
		  "Сорокина О.И., мастера производственного обучения");
	keeper_is(t, "Сорокина", "Ольга", "Ильинична", "Учитель-дефектолог", "Сорокину О.И., учителя-дефектолога");
	keeper_is(t, "Шевченко", "Иван", "Петрович", "Преподаватель", "Шевченко И.П., преподавателя");
	keeper_is(t, "Черных", "Ольга", "Петровна", "Преподаватель, куратор группы Т-21",
		  "Черных О.П., преподавателя, куратора группы Т-21");
	keeper_is(t, "Римская-Корсакова", "Ольга", "Петровна", "Социальный педагог",
		  "Римскую-Корсакову О.П., социального педагога");
	keeper_is(t, "Гюго", "Виктор", "", "Тьютор", "Гюго В., тьютора");

	struct model m;
	build_model(&m);
	char *s = order_text(&m, t);
	HAS(s, "на утверждение директору (ответственные");
	HAS(s, "(ответственный — Лебедева Н.С.)");
	HASNT(s, "Лебедева Н.С., социальный педагог");
	free(s);
	model_free(&m);
}

/* ---- when a form is not decided: the phrasing with no case, never a guess ---- */

static void test_unsure(struct tmpl *t)
{
	struct model m;
	build_model(&m);
	m.staff[1].keeps_records = false;
	/* male Кравец: Кравца or Кравеца — the rules do not decide */
	add_staff(&m, "K", "Кравец", "Иван", "Петрович", "Социальный педагог", ROLE_TEACHER, true);
	char *s = order_text(&m, t);
	HAS(s, "после завершения патроната — Кравец И.П., социальный педагог.");
	HASNT(s, "Назначить ответственным");
	HASNT(s, "Кравеца");
	HASNT(s, "Кравца");
	free(s);
	model_free(&m);

	/* a position with no known head noun */
	build_model(&m);
	m.staff[1].keeps_records = false;
	add_staff(&m, "K", "Лебедева", "Наталья", "Сергеевна", "Старшая вожатая", ROLE_TEACHER, true);
	s = order_text(&m, t);
	HAS(s, "после завершения патроната — Лебедева Н.С., старшая вожатая.");
	HASNT(s, "Лебедеву");
	free(s);
	model_free(&m);

	/* a director's position that does not decline: the plan goes «руководителю учреждения» */
	build_model(&m);
	free(m.inst.director_position);
	m.inst.director_position = xstrdup("ИО директора");
	s = order_text(&m, t);
	HAS(s, "на утверждение руководителю учреждения образования (ответственные");
	HASNT(s, "на утверждение ИО директора");
	HAS(s, "Назначить ответственным"); /* one text falling back leaves the others alone */
	free(s);
	model_free(&m);
}

/* ---- curators: «за кем (творительный) — кого (винительный)» ---- */

static void test_curators(struct tmpl *t)
{
	struct model m;
	build_model(&m);
	add_graduate(&m, "G1", "Андреев", "Павел", "Николаевич", 2025, 4);   /* Сорокин */
	add_graduate(&m, "G2", "Клименко", "Софья", "Дмитриевна", 2024, 5);  /* Черных */
	add_graduate(&m, "G3", "Тарасов", "Илья", "Андреевич", 2025, 5);     /* Черных */
	add_graduate(&m, "G4", "Бердникова", "Олеся", "Вадимовна", 2025, 0); /* Вишневская */
	add_graduate(&m, "G5", "Кравец", "Иван", "Петрович", 2025, 2);       /* Ковалёв: not decided */
	add_graduate(&m, "G6", "Ершова", "Нина", "Павловна", 2024, (size_t)-1);
	add_graduate(&m, "G7", "Яковлев", "Денис", "Олегович", 2022, 4);     /* patronage over */
	char *s = order_text(&m, t);
	HAS(s, "Закрепить за кураторами выпускников, находящихся под патронатным сопровождением в 2025/2026 "
	       "учебном году:");
	HAS(s, "4.1. за Вишневской О.П., заместителем директора по учебной работе, — Бердникову Олесю "
	       "Вадимовну (выпуск 2025 г.);");
	HAS(s, "4.2. куратор Ковалёв Д.А., педагог-психолог: Кравец Иван Петрович (выпуск 2025 г.);");
	HAS(s, "4.3. за Сорокиным О.И., мастером производственного обучения, — Андреева Павла Николаевича "
	       "(выпуск 2025 г.);");
	HAS(s, "4.4. за Черных О.П., преподавателем, куратором группы Т-21, — Клименко Софью Дмитриевну "
	       "(выпуск 2024 г.), Тарасова Илью Андреевича (выпуск 2025 г.);");
	HAS(s, "4.5. куратор не назначен: Ершова Нина Павловна (выпуск 2024 г.).");
	HASNT(s, "Яковлев");
	HASNT(s, "Ковалёвым");
	free(s);
	model_free(&m);

	build_model(&m);
	s = order_text(&m, t);
	HAS(s, "Выпускников под патронатным сопровождением в 2025/2026 учебном году нет.");
	free(s);
	model_free(&m);
}

/* ---- each member's functions, with the member's own role by its one name ---- */

static void test_functions(struct tmpl *t)
{
	struct model m;
	build_model(&m);
	char *s = order_text(&m, t);
	HAS(s, "2. Возложить на членов группы патронатного сопровождения следующие функции");
	HAS(s, "2.1. Вишневская О.П. (заместитель руководителя): решает организационные вопросы (готовит "
	       "приказ по организации патроната, определяет субъекты патроната и их функции); координирует "
	       "деятельность группы патронатного сопровождения; создаёт условия, необходимые для успешной "
	       "работы по патронату; осуществляет общий контроль.");
	HAS(s, "2.2. Лебедева Н.С. (педагог социальный): изучает взаимоотношения в семье");
	HAS(s, "2.3. Ковалёв Д.А. (педагог-психолог): изучает способности, возможности выпускников");
	HAS(s, "участвует в реализации индивидуальных программ патронатного сопровождения.\n");
	HAS(s, "2.4. Шевченко И.П. (учитель-дефектолог): консультирует педагогический коллектив");
	HAS(s, "2.5. Сорокин О.И. (педагог): проводит внеклассные мероприятия");
	HAS(s, "2.6. Черных О.П. (классный руководитель): проводит внеклассные мероприятия");
	HASNT(s, "2.7.");
	/* the group's table: the same role names */
	HAS(s, "Вишневская О.П.|Заместитель директора по учебной работе|заместитель руководителя|");
	HAS(s, "Лебедева Н.С.|Социальный педагог|педагог социальный|");
	HASNT(s, "руководитель группы");
	free(s);
	model_free(&m);

	/* a member with no role in the group has no functions to print */
	build_model(&m);
	add_staff(&m, "S07", "Белов", "Сергей", "Иванович", "Лаборант", ROLE_NONE, false);
	s = order_text(&m, t);
	HAS(s, "Белов С.И.|Лаборант|\n");
	HASNT(s, "Белов С.И. (");
	free(s);
	model_free(&m);
}

/* ---- the template checker ---- */

static size_t template_errors(const char *text, struct diag_list *dl)
{
	char path[] = "/tmp/test-order-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	struct tmpl *t = tmpl_load(path, "order.xml", dl);
	unlink(path);
	size_t n = t ? order_check_template(t, dl) : 99;
	tmpl_free(t);
	return n;
}

static bool said(const struct diag_list *dl, const char *needle)
{
	for (size_t i = 0; i < dl->n; i++)
		if (strstr(dl->v[i].msg, needle))
			return true;
	return false;
}

static void test_template(void)
{
	struct diag_list dl = DIAG_LIST_INIT;
	CHECK(template_errors("<order><point unsure=\"Ответственный — {keeper}.\">Назначить {keeper:acc}."
			      "</point></order>", &dl) == 0, "a case with its no-case phrasing");
	diag_list_free(&dl);
	CHECK(template_errors("<order><point>Назначить {keeper:acc}.</point></order>", &dl) == 1,
	      "a case with no unsure=");
	CHECK(said(&dl, "a placeholder in a case needs unsure="), "the message says what is missing");
	diag_list_free(&dl);
	CHECK(template_errors("<order><point unsure=\"{keeper:gen}\">{keeper:acc}</point></order>", &dl) == 1,
	      "a case in the no-case phrasing");
	CHECK(said(&dl, "may not use a placeholder in a case"), "the message for a case in unsure=");
	diag_list_free(&dl);
	CHECK(template_errors("<order><point><curators item=\"за {curator:ins}\"/></point></order>", &dl) == 1,
	      "an attribute with a case and no X-unsure");
	CHECK(said(&dl, "item-unsure="), "the message names item-unsure");
	diag_list_free(&dl);
	CHECK(template_errors("<order><point>{keeper:abl}</point></order>", &dl) >= 1, "an unknown case");
	CHECK(said(&dl, "unknown placeholder {keeper:abl}"), "the message names it");
	diag_list_free(&dl);
	CHECK(template_errors("<order><point><group><role name=\"руководитель\">руководитель группы</role>"
			      "</group></point></order>", &dl) == 1, "no other label for a role");
	diag_list_free(&dl);
	CHECK(template_errors("<order><point><functions><role name=\"директор школы\"><duty>x</duty></role>"
			      "<role name=\"педагог\"><task>x</task></role></functions></point></order>", &dl) == 2,
	      "an unknown role and an unknown element in <functions>");
	diag_list_free(&dl);
}

int main(void)
{
	struct tmpl *t = load_order();
	if (t) {
		test_keeper(t);
		test_unsure(t);
		test_curators(t);
		test_functions(t);
	}
	tmpl_free(t);
	test_template();
	return DONE("test_order");
}
