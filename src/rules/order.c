/* order: «Приказ об организации патронатного сопровождения выпускников» — requisites of
 * ГОСТ Р 7.0.97-2025, the group, the keeper of the documentation, the curators' table, the
 * signature and the acquaintance list, worded by templates/order.xml.
 * Invariant: every placeholder the template may use is in one table (keys[]) and every
 * element in one list per level, so checking the template and building from it agree; the
 * rules build a document tree, never a PDF; messages name ids and lines, never people. */
#include "order.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/collate.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define NBSP "\xc2\xa0"

/* ---- placeholders ---------------------------------------------------------------------- */

enum key {
	K_YEAR, K_YEAR_NEXT, K_YEARS, K_CITY, K_INSTITUTION, K_SHORT_NAME, K_PARENT, K_ORDER_DATE,
	K_ORDER_NUMBER, K_DIRECTOR, K_DIRECTOR_POSITION, K_KEEPER, K_KEEPER_POSITION, K_MEMBERS,
};

static const char *const keys[] = {
	[K_YEAR] = "year", [K_YEAR_NEXT] = "year_next", [K_YEARS] = "years", [K_CITY] = "city",
	[K_INSTITUTION] = "institution", [K_SHORT_NAME] = "short_name", [K_PARENT] = "parent",
	[K_ORDER_DATE] = "order_date", [K_ORDER_NUMBER] = "order_number", [K_DIRECTOR] = "director",
	[K_DIRECTOR_POSITION] = "director_position", [K_KEEPER] = "keeper",
	[K_KEEPER_POSITION] = "keeper_position", [K_MEMBERS] = "members", NULL};

struct octx {
	const struct model *m;
	int year;
	size_t keeper;   /* staff index, or (size_t)-1 */
	bool dated;      /* the order's date and number in institution.xml belong to this year */
	const struct doc_sheet *st; /* the order's sizes and spacings (building only) */
};

/* Lower-cases the first letter of s when the second is lower case ("Социальный педагог" →
 * "социальный педагог", but "ГБПОУ …" stays). Returns a new string. */
static char *lc_first(const char *s)
{
	size_t n = strlen(s), l1, l2;
	int c1 = utf8_decode(s, n, &l1);
	int c2 = n > l1 ? utf8_decode(s + l1, n - l1, &l2) : -1;
	bool up = (c1 >= 'A' && c1 <= 'Z') || (c1 >= 0x410 && c1 <= 0x42F) || c1 == 0x401;
	bool low2 = (c2 >= 'a' && c2 <= 'z') || (c2 >= 0x430 && c2 <= 0x44F) || c2 == 0x451;
	if (!up || !low2)
		return xstrdup(s);
	unsigned lc = c1 == 0x401 ? 0x451u : (unsigned)c1 + 32;
	char u[4];
	size_t k = utf8_encode(lc, u);
	return xasprintf("%.*s%s", (int)k, u, s + l1);
}

static char *staff_short(const struct staff *s)
{
	return model_short_name(s->surname, s->name, s->patronymic);
}

/* The value of keys[k] as the order prints it (a new string). */
static char *value_of(const struct octx *c, size_t k)
{
	const struct institution *in = &c->m->inst;
	char b[32];
	switch ((enum key)k) {
	case K_YEAR: return xasprintf("%d", c->year);
	case K_YEAR_NEXT: return xasprintf("%d", c->year + 1);
	case K_YEARS: return xasprintf("%d/%d", c->year, c->year + 1);
	case K_CITY: return xstrdup(in->city ? in->city : "");
	case K_INSTITUTION: return xstrdup(in->name ? in->name : "");
	case K_SHORT_NAME:
		return xstrdup(in->short_name && *in->short_name ? in->short_name : in->name ? in->name : "");
	case K_PARENT: return xstrdup(in->parent ? in->parent : "");
	case K_ORDER_DATE:
		if (!c->dated)
			return xstrdup("«___»" NBSP "____________ 20___" NBSP "г.");
		date_format(in->order_date, b, sizeof b);
		return xstrdup(b);
	case K_ORDER_NUMBER:
		return xstrdup(c->dated && in->order_number && *in->order_number ? in->order_number : "________");
	case K_DIRECTOR:
		return model_initials_first(in->director_surname, in->director_name, in->director_patronymic);
	case K_DIRECTOR_POSITION: return lc_first(in->director_position ? in->director_position : "");
	case K_KEEPER: return c->keeper < c->m->nstaff ? staff_short(&c->m->staff[c->keeper]) : xstrdup("");
	case K_KEEPER_POSITION:
		return c->keeper < c->m->nstaff ? lc_first(c->m->staff[c->keeper].position) : xstrdup("");
	case K_MEMBERS: return xasprintf("%zu", c->m->nstaff);
	}
	return xstrdup("");
}

/* tmpl_expand's value callback. */
static char *value_cb(const void *ctx, size_t k)
{
	return value_of(ctx, k);
}

/* Expands the {key} placeholders of s into out (values only when c is not NULL). Returns 0,
 * or -1 with the offending text in bad. */
static int expand(const struct octx *c, const char *s, struct buf *out, char *bad, size_t badn)
{
	return tmpl_expand(s, keys, c ? value_cb : NULL, c, out, bad, badn);
}

/* The expanded text (a new string); placeholders were checked with the template. */
static char *fill(const struct octx *c, const char *s)
{
	struct buf b = BUF_INIT;
	char bad[64];
	expand(c, s ? s : "", &b, bad, sizeof bad);
	return buf_take(&b);
}

/* ---- the template ---------------------------------------------------------------------- */

static const char *const top_elems[] = {
	"parent", "institution", "kind", "date-number", "place", "heading", "preamble", "command",
	"point", "signature", "acquaintance", NULL};
static const char *const point_elems[] = {"group", "curators", "item", NULL};

static bool in(const char *const *list, const char *s)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

static void check_text(const struct tmpl *t, const struct tnode *n, const char *field, const char *s,
		       struct diag_list *dl)
{
	struct buf b = BUF_INIT;
	char bad[64];
	if (s && expand(NULL, s, &b, bad, sizeof bad) != 0)
		diag_error(dl, t->file, n->line, field, "unknown placeholder %s (known: {year}, {year_next}, "
			   "{years}, {city}, {institution}, {short_name}, {parent}, {order_date}, {order_number}, "
			   "{director}, {director_position}, {keeper}, {keeper_position}, {members})", bad);
	buf_free(&b);
}

/* Checks the text and every attribute of n for placeholders. */
static void check_node_text(const struct tmpl *t, const struct tnode *n, struct diag_list *dl)
{
	check_text(t, n, n->name, n->text, dl);
	for (size_t i = 0; i + 1 < n->nattr; i += 2)
		check_text(t, n, n->attr[i], n->attr[i + 1], dl);
}

static enum role role_named(const char *s)
{
	for (int r = ROLE_HEAD; r < ROLE_COUNT; r++)
		if (strcmp(model_role_name((enum role)r), s) == 0)
			return (enum role)r;
	return ROLE_NONE;
}

static void check_group(const struct tmpl *t, const struct tnode *g, struct diag_list *dl)
{
	for (size_t i = 0; i < g->nkids; i++) {
		const struct tnode *r = &g->kids[i];
		if (strcmp(r->name, "role") != 0) {
			diag_error(dl, t->file, r->line, r->name, "unknown element (expected role)");
			continue;
		}
		if (role_named(tnode_attr(r, "name", "")) == ROLE_NONE)
			diag_error(dl, t->file, r->line, "name", "unknown role '%s'", tnode_attr(r, "name", ""));
		check_node_text(t, r, dl);
	}
}

size_t order_check_template(const struct tmpl *t, struct diag_list *dl)
{
	size_t before = dl->nerrors;
	const struct tnode *root = &t->root;
	if (strcmp(root->name, "order") != 0) {
		diag_error(dl, t->file, root->line, root->name, "the root element must be <order>");
		return dl->nerrors - before;
	}
	struct doc_sheet st;
	tmpl_sheet(t, DOC_FORM_ORDER, &st, dl);
	for (size_t i = 0; i < root->nkids; i++) {
		const struct tnode *n = &root->kids[i];
		if (!in(top_elems, n->name)) {
			diag_error(dl, t->file, n->line, n->name, "unknown element");
			continue;
		}
		check_node_text(t, n, dl);
		for (size_t k = 0; k < n->nkids; k++) {
			const struct tnode *p = &n->kids[k];
			if (strcmp(n->name, "point") != 0 || !in(point_elems, p->name)) {
				diag_error(dl, t->file, p->line, p->name, "unknown element inside <%s>", n->name);
				continue;
			}
			check_node_text(t, p, dl);
			if (strcmp(p->name, "group") == 0)
				check_group(t, p, dl);
			else if (p->nkids)
				diag_error(dl, t->file, p->kids[0].line, p->kids[0].name,
					   "unknown element inside <%s>", p->name);
		}
	}
	return dl->nerrors - before;
}

/* ---- the group's composition (seeds/001) ------------------------------------------------ */

size_t order_check(const struct model *m, struct diag_list *dl)
{
	size_t before = dl->nerrors;
	if (m->staff_unread)
		return 0; /* the staff table was refused or is missing: that error is the one */
	const char *file = m->staff[0].src.file;
	size_t count[ROLE_COUNT] = {0};
	size_t keeper = (size_t)-1;
	for (size_t i = 0; i < m->nstaff; i++) {
		const struct staff *s = &m->staff[i];
		count[s->role]++;
		if (!s->keeps_records)
			continue;
		if (keeper == (size_t)-1)
			keeper = i;
		else
			diag_error(dl, s->src.file, s->src.line, "Ведёт документацию",
				   "%s is a second member keeping the documentation (%s at line %d is the first); "
				   "seeds/001 requires exactly one", s->id, m->staff[keeper].id,
				   m->staff[keeper].src.line);
	}
	if (m->nstaff < 5)
		diag_error(dl, file, 0, "Роль", "the patronage group has %zu member(s) (seeds/001 requires "
			   "at least 5)", m->nstaff);
	if (count[ROLE_HEAD] + count[ROLE_DEPUTY] == 0)
		diag_error(dl, file, 0, "Роль", "the patronage group has no руководитель or заместитель "
			   "руководителя (seeds/001 requires one)");
	static const enum role need[] = {ROLE_SOCIAL_PEDAGOGUE, ROLE_PSYCHOLOGIST, ROLE_DEFECTOLOGIST};
	for (size_t k = 0; k < sizeof need / sizeof *need; k++)
		if (count[need[k]] == 0)
			diag_error(dl, file, 0, "Роль", "the patronage group has no %s (seeds/001 requires one)",
				   model_role_name(need[k]));
	if (keeper == (size_t)-1)
		diag_error(dl, file, 0, "Ведёт документацию", "no member of the patronage group keeps the "
			   "documentation (seeds/001 requires exactly one)");
	const struct institution *in = &m->inst;
	if (date_empty(in->order_date) || !in->order_number || !*in->order_number)
		diag_warn(dl, "institution.xml", in->src.line, "order", "the order's date or number is "
			  "missing: the order leaves them blank, to fill in by hand");
	return dl->nerrors - before;
}

/* ---- sorting ------------------------------------------------------------------------------ */

/* A person to sort: rank first (0 for plain alphabetical order), then the names, then the id. */
struct entry {
	int rank;
	const char *surname, *name, *patronymic, *id;
	size_t i; /* index in the model */
};

static int cmp_entry(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	if (a->rank != b->rank)
		return a->rank - b->rank;
	int c = collate_ru(a->surname, b->surname);
	if (!c)
		c = collate_ru(a->name, b->name);
	if (!c)
		c = collate_ru(a->patronymic ? a->patronymic : "", b->patronymic ? b->patronymic : "");
	return c ? c : strcmp(a->id, b->id);
}

/* Sorts the n entries of e, frees e and returns their model indexes in that order (a new array). */
static size_t *sorted_indexes(struct entry *e, size_t n)
{
	qsort(e, n, sizeof *e, cmp_entry);
	size_t *v = xmalloc((n ? n : 1) * sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = e[i].i;
	free(e);
	return v;
}

/* Staff indexes in alphabetical order, or — by_role — in the order of the regulation (head,
 * deputies, social pedagogue, psychologist, defectologist, teachers), alphabetical within a
 * role. A new array. */
static size_t *staff_order(const struct model *m, bool by_role)
{
	struct entry *e = xmalloc((m->nstaff ? m->nstaff : 1) * sizeof *e);
	for (size_t i = 0; i < m->nstaff; i++) {
		const struct staff *s = &m->staff[i];
		int rank = s->role == ROLE_NONE ? ROLE_COUNT : (int)s->role;
		e[i] = (struct entry){by_role ? rank : 0, s->surname, s->name, s->patronymic, s->id, i};
	}
	return sorted_indexes(e, m->nstaff);
}

/* Graduate indexes in alphabetical order (a new array). */
static size_t *graduate_order(const struct model *m)
{
	struct entry *e = xmalloc((m->ngraduates ? m->ngraduates : 1) * sizeof *e);
	for (size_t i = 0; i < m->ngraduates; i++) {
		const struct graduate *g = &m->graduates[i];
		e[i] = (struct entry){0, g->surname, g->name, g->patronymic, g->id, i};
	}
	return sorted_indexes(e, m->ngraduates);
}

/* True when g is under patronage (two years from graduation) at some time in the academic
 * year starting 01.09.year. */
static bool in_year(const struct graduate *g, int year)
{
	struct date first = {year, 9, 1}, last = {year + 1, 8, 31};
	if (date_empty(g->graduation))
		return false;
	return date_cmp(g->graduation, last) <= 0 && date_cmp(date_add_months(g->graduation, 24), first) >= 0;
}

/* ---- building ----------------------------------------------------------------------------- */

static struct doc_para *text_para(struct doc *d, const struct octx *c, const char *tmpl_text,
				  const char *dflt, enum doc_align al, enum doc_style st)
{
	char *s = fill(c, tmpl_text && *tmpl_text ? tmpl_text : dflt);
	struct doc_para *p = doc_add_text(d, al, st, s);
	free(s);
	return p;
}

static void body_para(const struct octx *c, struct doc_para *p)
{
	p->indent_first = c->st->body.indent;
	p->hyphenate = true;
}

/* Adds a table row of texts whose cells hyphenate (narrow columns). */
static void add_row(struct doc_table *t, const char *const *texts, bool header)
{
	struct doc_row *r = doc_table_add_row(t, texts, false, header);
	for (size_t k = 0; k < r->ncells; k++)
		for (size_t i = 0; i < r->cells[k].nparas; i++)
			r->cells[k].paras[i].hyphenate = !header;
}

static const char *role_label(const struct tnode *g, enum role r)
{
	for (size_t i = 0; i < g->nkids; i++)
		if (role_named(tnode_attr(&g->kids[i], "name", "")) == r && *g->kids[i].text)
			return g->kids[i].text;
	return model_role_name(r);
}

static void add_group(struct doc *d, const struct octx *c, const struct tnode *g)
{
	const struct model *m = c->m;
	struct doc_table *t = doc_add_table(d, c->st->group.n, c->st->group.w);
	t->size = c->st->table.size;
	const char *head[] = {tnode_attr(g, "number", "№ п/п"), tnode_attr(g, "name", "Фамилия И.О."),
			      tnode_attr(g, "position", "Должность"), tnode_attr(g, "role", "Роль в группе")};
	add_row(t, head, true);
	size_t *order = staff_order(m, true);
	for (size_t i = 0; i < m->nstaff; i++) {
		const struct staff *s = &m->staff[order[i]];
		char num[24];
		snprintf(num, sizeof num, "%zu", i + 1);
		char *name = staff_short(s);
		char *role = fill(c, role_label(g, s->role));
		const char *row[] = {num, name, s->position, role};
		add_row(t, row, false);
		free(name);
		free(role);
	}
	free(order);
}

static void add_curators(struct doc *d, const struct octx *c, const struct tnode *n)
{
	const struct model *m = c->m;
	size_t *order = graduate_order(m);
	size_t shown = 0;
	for (size_t i = 0; i < m->ngraduates; i++)
		shown += in_year(&m->graduates[i], c->year);
	if (shown == 0) {
		struct doc_para *p = text_para(d, c, tnode_attr(n, "empty", NULL),
					       "Выпускников под патронатным сопровождением нет.", DOC_JUSTIFY, DOC_REGULAR);
		body_para(c, p);
		free(order);
		return;
	}
	struct doc_table *t = doc_add_table(d, c->st->curators.n, c->st->curators.w);
	t->size = c->st->table.size;
	const char *head[] = {tnode_attr(n, "number", "№ п/п"),
			      tnode_attr(n, "graduate", "Фамилия, имя, отчество выпускника"),
			      tnode_attr(n, "year", "Год выпуска"), tnode_attr(n, "curator", "Куратор")};
	add_row(t, head, true);
	size_t k = 0;
	for (size_t i = 0; i < m->ngraduates; i++) {
		const struct graduate *g = &m->graduates[order[i]];
		if (!in_year(g, c->year))
			continue;
		char num[24], year[16];
		snprintf(num, sizeof num, "%zu", ++k);
		snprintf(year, sizeof year, "%d", g->graduation.y);
		char *name = model_full_name(g->surname, g->name, g->patronymic);
		char *cur = g->curator_index < m->nstaff ? staff_short(&m->staff[g->curator_index]) : NULL;
		const char *row[] = {num, name, year, cur};
		add_row(t, row, false);
		free(name);
		free(cur);
	}
	free(order);
}

static void add_point(struct doc *d, const struct octx *c, const struct tnode *n, int num)
{
	char *text = fill(c, n->text);
	char *s = xasprintf("%d.%s%s", num, *text ? " " : "", text);
	struct doc_para *p = doc_add_text(d, DOC_JUSTIFY, DOC_REGULAR, s);
	body_para(c, p);
	if (n->nkids) {
		p->keep_with_next = true;
		p->space_after = c->st->point.after;
	}
	free(s);
	free(text);
	int item = 0;
	for (size_t i = 0; i < n->nkids; i++) {
		const struct tnode *k = &n->kids[i];
		if (strcmp(k->name, "group") == 0) {
			add_group(d, c, k);
		} else if (strcmp(k->name, "curators") == 0) {
			add_curators(d, c, k);
		} else {
			char *it = fill(c, k->text);
			char *line = xasprintf("%d.%d. %s", num, ++item, it);
			body_para(c, doc_add_text(d, DOC_JUSTIFY, DOC_REGULAR, line));
			free(line);
			free(it);
		}
		doc_add_space(d, c->st->point.after);
	}
}

/* Date at the left margin, «№ …» at the right margin, on one line. */
static void add_date_number(struct doc *d, const struct octx *c, const struct tnode *n)
{
	char *date = fill(c, tnode_attr(n, "date", "{order_date}"));
	char *num = fill(c, tnode_attr(n, "number", "№" NBSP "{order_number}"));
	doc_add_space(d, c->st->dateline.before);
	doc_add_signature(d, date, num, NULL);
	d->blocks[d->nblocks - 1].u.sig.line = false;
	free(date);
	free(num);
}

static void add_signature(struct doc *d, const struct octx *c, const struct tnode *n)
{
	char *pos = fill(c, tnode_attr(n, "position", NULL));
	const struct institution *in = &c->m->inst;
	char *name = model_initials_first(in->director_surname, in->director_name, in->director_patronymic);
	doc_add_signature(d, *pos ? pos : in->director_position, name, tnode_attr(n, "caption", NULL));
	free(pos);
	free(name);
}

static void add_acquaintance(struct doc *d, const struct octx *c, const struct tnode *n)
{
	struct doc_para *p = text_para(d, c, n->text, "С приказом ознакомлены:", DOC_LEFT, DOC_REGULAR);
	p->space_before = c->st->acquaintance.before;
	p->keep_with_next = true;
	const struct model *m = c->m;
	size_t *order = staff_order(m, false);
	char *date = fill(c, tnode_attr(n, "date", "«___»" NBSP "____________ 20___" NBSP "г."));
	for (size_t i = 0; i < m->nstaff; i++) {
		char *name = staff_short(&m->staff[order[i]]);
		doc_add_signature(d, name, date, NULL);
		free(name);
	}
	free(date);
	free(order);
}

static void add_element(struct doc *d, const struct octx *c, const struct tnode *n, int *points)
{
	const struct institution *in = &c->m->inst;
	struct doc_para *p = NULL;
	const char *name = n->name;
	if (strcmp(name, "parent") == 0) {
		p = text_para(d, c, n->text, "{parent}", DOC_CENTER, DOC_REGULAR);
	} else if (strcmp(name, "institution") == 0) {
		p = text_para(d, c, n->text, "{institution}", DOC_CENTER, DOC_BOLD);
		p->space_before = c->st->institution.before;
		/* ГОСТ Р 7.0.97, 5.3: the short name (of the charter) in brackets under the full one */
		const char *sn = tnode_attr(n, "short", "{short_name}");
		char *shortn = fill(c, sn);
		if (*shortn && strcmp(shortn, in->name ? in->name : "") != 0) {
			char *br = xasprintf("(%s)", shortn);
			doc_add_text(d, DOC_CENTER, DOC_BOLD, br);
			free(br);
		}
		free(shortn);
	} else if (strcmp(name, "kind") == 0) {
		p = text_para(d, c, n->text, "ПРИКАЗ", DOC_CENTER, DOC_BOLD);
		p->size = c->st->title.size;
		p->space_before = c->st->title.before;
	} else if (strcmp(name, "date-number") == 0) {
		add_date_number(d, c, n);
	} else if (strcmp(name, "place") == 0) {
		p = text_para(d, c, n->text, in->city && *in->city ? "г. {city}" : "", DOC_CENTER, DOC_REGULAR);
		p->space_before = c->st->place.before;
	} else if (strcmp(name, "heading") == 0) {
		p = text_para(d, c, n->text, "Об организации патронатного сопровождения выпускников", DOC_LEFT,
			      DOC_BOLD);
		p->space_before = c->st->heading.before;
		p->space_after = c->st->heading.after;
		p->keep_with_next = true;
	} else if (strcmp(name, "preamble") == 0) {
		body_para(c, p = text_para(d, c, n->text, "", DOC_JUSTIFY, DOC_REGULAR));
	} else if (strcmp(name, "command") == 0) {
		p = text_para(d, c, n->text, "ПРИКАЗЫВАЮ:", DOC_LEFT, DOC_REGULAR);
		p->space_before = c->st->command.before;
		p->space_after = c->st->command.after;
		p->keep_with_next = true;
	} else if (strcmp(name, "point") == 0) {
		add_point(d, c, n, ++*points);
	} else if (strcmp(name, "signature") == 0) {
		add_signature(d, c, n);
	} else if (strcmp(name, "acquaintance") == 0) {
		add_acquaintance(d, c, n);
	}
}

/* True when the order's date in institution.xml can be this year's order (dated from June
 * before the academic year, when such orders are prepared, to its end). */
static bool dated_for(const struct institution *in, int year)
{
	if (date_empty(in->order_date))
		return false;
	const struct date d = in->order_date;
	return date_academic_year(d) == year || (d.y == year && d.m >= 6);
}

struct doc *order_build(const struct model *m, const struct tmpl *t, int year, struct date today)
{
	(void)today; /* the order carries its own date (institution.xml) or a blank for it */
	struct doc_sheet st;
	tmpl_sheet(t, DOC_FORM_ORDER, &st, NULL);
	struct octx c = {m, year, (size_t)-1, dated_for(&m->inst, year), &st};
	for (size_t i = 0; i < m->nstaff && c.keeper == (size_t)-1; i++)
		if (m->staff[i].keeps_records)
			c.keeper = i;
	struct doc *d = doc_new();
	d->size = st.body.size;
	char *num = value_of(&c, K_ORDER_NUMBER), *date = value_of(&c, K_ORDER_DATE);
	char *title = xasprintf("Приказ №" NBSP "%s от %s «Об организации патронатного сопровождения "
				"выпускников» (%d/%d учебный год)", num, date, year, year + 1);
	doc_set_info(d, title, m->inst.name, "Приказ об организации патронатного сопровождения выпускников");
	free(title);
	free(num);
	free(date);
	int points = 0;
	for (size_t i = 0; i < t->root.nkids; i++)
		add_element(d, &c, &t->root.kids[i], &points);
	return d;
}
