/* order: «Приказ об организации патронатного сопровождения выпускников» — requisites of
 * ГОСТ Р 7.0.97-2025, the group, each member's functions, the keeper of the documentation,
 * the curators' sub-points, the signature and the acquaintance list, worded by
 * templates/order.xml; names and positions in the case the sentence needs (rules/decline).
 * Invariant: every placeholder the template may use is in one table (keys[]) and every
 * element in one list per level, so checking the template and building from it agree; a
 * declined form the rules do not decide is never printed — the text's no-case phrasing
 * (unsure=) is, and the check makes sure each text in a case has one; a role is printed by
 * model_role_name only; the rules build a document tree, never a PDF; messages name ids and
 * lines, never people. */
#include "order.h"

#include <stdlib.h>
#include <string.h>

#include "rules/decline.h"
#include "rules/periods.h"
#include "util/buf.h"
#include "util/collate.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define NBSP "\xc2\xa0"

/* ---- placeholders ---------------------------------------------------------------------- */

/* Plain placeholders (keys[0 .. K_PLAIN_COUNT-1]). */
enum key {
	K_YEAR, K_YEAR_NEXT, K_YEARS, K_CITY, K_INSTITUTION, K_SHORT_NAME, K_PARENT, K_ORDER_DATE,
	K_ORDER_NUMBER, K_MEMBERS, K_MEMBER_ROLE, K_DUTIES, K_GRADUATION_YEAR, K_PLAIN_COUNT,
};

/* Placeholders that decline: each is in keys[] six times, {base} (nominative) then
 * {base:gen}, {base:dat}, {base:acc}, {base:ins}, {base:pre}, in the order of enum
 * decline_case. */
enum cased {
	C_KEEPER, C_KEEPER_POSITION, C_DIRECTOR, C_DIRECTOR_POSITION, C_CURATOR, C_CURATOR_POSITION,
	C_GRADUATES, C_GRADUATE, C_MEMBER, C_MEMBER_POSITION, C_COUNT,
};
#define NCASES 6

#define CASED(b) b, b ":gen", b ":dat", b ":acc", b ":ins", b ":pre"
static const char *const keys[] = {
	"year", "year_next", "years", "city", "institution", "short_name", "parent", "order_date",
	"order_number", "members", "member_role", "duties", "graduation_year",
	CASED("keeper"), CASED("keeper_position"), CASED("director"), CASED("director_position"),
	CASED("curator"), CASED("curator_position"), CASED("graduates"), CASED("graduate"),
	CASED("member"), CASED("member_position"), NULL};
_Static_assert(sizeof keys / sizeof *keys == K_PLAIN_COUNT + C_COUNT * NCASES + 1,
	       "keys[] lists every plain key and six forms of every declined one");

/* What the placeholders of one text refer to; changed while the order is built. */
struct oscope {
	bool unsure;        /* a declined value of the text was not decided (DECLINE_UNSURE) */
	size_t curator;     /* staff index for {curator…}, or (size_t)-1 */
	const size_t *grads; /* graduates for {graduates…} (model indexes) */
	size_t ngrads;
	const char *graduate_fmt; /* how {graduates…} prints each one (with {graduate…}) */
	size_t graduate;    /* graduate index for {graduate…} and {graduation_year} */
	enum decline_case list_case; /* the case of the {graduates…} being printed */
	size_t member;      /* staff index for {member…}, or (size_t)-1 */
	const char *duties; /* {duties} */
};

struct octx {
	const struct model *m;
	int year;
	size_t keeper;   /* staff index, or (size_t)-1 */
	bool dated;      /* the order's date and number in institution.xml belong to this year */
	const struct doc_sheet *st; /* the order's sizes and spacings (building only) */
	struct oscope *sc; /* building only */
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

/* Notes in c's scope that a form was not decided. */
static void note(const struct octx *c, enum decline_result r)
{
	if (r == DECLINE_UNSURE && c->sc)
		c->sc->unsure = true;
}

/* A person's surname in case k, the name and patronymic as initials (a new string): «Лебедеву
 * Н.С.», or with initials_first «А.В. Колесникову». */
static char *person(const struct octx *c, const char *surname, const char *name, const char *patronymic,
		    enum decline_case k, bool initials_first)
{
	char *s;
	note(c, decline_surname(surname ? surname : "", decline_gender_of(name, patronymic), k, &s));
	char *r = initials_first ? model_initials_first(s, name, patronymic) : model_short_name(s, name, patronymic);
	free(s);
	return r;
}

/* A position, first letter lower-cased, in case k (a new string). */
static char *position(const struct octx *c, const char *pos, enum decline_case k)
{
	char *lc = lc_first(pos ? pos : "");
	if (k == DECLINE_NOM || !*lc)
		return lc;
	char *s;
	note(c, decline_position(lc, k, &s));
	free(lc);
	return s;
}

static const struct staff *staff_at(const struct octx *c, size_t i)
{
	return i < c->m->nstaff ? &c->m->staff[i] : NULL;
}

static char *fill(const struct octx *c, const char *s);

/* {graduates…}: each graduate of the scope through graduate_fmt, in case k, joined with ", ". */
static char *graduates(const struct octx *c, enum decline_case k)
{
	struct oscope *sc = c->sc;
	struct buf b = BUF_INIT;
	enum decline_case outer = sc->list_case;
	size_t outer_g = sc->graduate;
	sc->list_case = k;
	for (size_t i = 0; i < sc->ngrads; i++) {
		sc->graduate = sc->grads[i];
		char *one = fill(c, sc->graduate_fmt && *sc->graduate_fmt ? sc->graduate_fmt : "{graduate}");
		buf_printf(&b, "%s%s", i ? ", " : "", one);
		free(one);
	}
	sc->list_case = outer;
	sc->graduate = outer_g;
	return buf_take(&b);
}

/* The value of a declined placeholder: base b in case k (a new string). */
static char *cased_value(const struct octx *c, enum cased b, enum decline_case k)
{
	const struct institution *in = &c->m->inst;
	const struct oscope *sc = c->sc;
	const struct staff *s = NULL;
	switch (b) {
	case C_KEEPER:
	case C_KEEPER_POSITION: s = staff_at(c, c->keeper); break;
	case C_CURATOR:
	case C_CURATOR_POSITION: s = sc ? staff_at(c, sc->curator) : NULL; break;
	case C_MEMBER:
	case C_MEMBER_POSITION: s = sc ? staff_at(c, sc->member) : NULL; break;
	default: break;
	}
	switch (b) {
	case C_KEEPER:
	case C_CURATOR:
	case C_MEMBER: return s ? person(c, s->surname, s->name, s->patronymic, k, false) : xstrdup("");
	case C_KEEPER_POSITION:
	case C_CURATOR_POSITION:
	case C_MEMBER_POSITION: return s ? position(c, s->position, k) : xstrdup("");
	case C_DIRECTOR:
		return person(c, in->director_surname, in->director_name, in->director_patronymic, k, true);
	case C_DIRECTOR_POSITION: return position(c, in->director_position, k);
	case C_GRADUATES: return sc ? graduates(c, k) : xstrdup("");
	case C_GRADUATE: {
		if (!sc || sc->graduate >= c->m->ngraduates)
			return xstrdup("");
		const struct graduate *g = &c->m->graduates[sc->graduate];
		/* {graduate} inside the format of a list takes the list's case */
		enum decline_case gk = k == DECLINE_NOM ? sc->list_case : k;
		char *r;
		note(c, decline_person(g->surname, g->name, g->patronymic, gk, &r));
		return r;
	}
	case C_COUNT: break;
	}
	return xstrdup("");
}

/* The value of keys[k] as the order prints it (a new string). */
static char *value_of(const struct octx *c, size_t k)
{
	const struct institution *in = &c->m->inst;
	char b[32];
	if (k >= K_PLAIN_COUNT)
		return cased_value(c, (enum cased)((k - K_PLAIN_COUNT) / NCASES),
				   (enum decline_case)((k - K_PLAIN_COUNT) % NCASES));
	const struct oscope *sc = c->sc;
	const struct staff *mem = sc ? staff_at(c, sc->member) : NULL;
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
	case K_MEMBERS: return xasprintf("%zu", c->m->nstaff);
	case K_MEMBER_ROLE: return xstrdup(mem ? model_role_name(mem->role) : "");
	case K_DUTIES: return xstrdup(sc && sc->duties ? sc->duties : "");
	case K_GRADUATION_YEAR:
		if (sc && sc->graduate < c->m->ngraduates)
			return xasprintf("%d", c->m->graduates[sc->graduate].graduation.y);
		return xstrdup("");
	case K_PLAIN_COUNT: break;
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

/* Collapses each run of white space in s to one space, in place (attributes of templates keep
 * the indentation of their continuation lines). Returns s. */
static char *collapse(char *s)
{
	char *w = s;
	for (const char *r = s; *r; r++) {
		bool sp = *r == ' ' || *r == '\n' || *r == '\t' || *r == '\r';
		if (!sp)
			*w++ = *r;
		else if (w > s && w[-1] != ' ')
			*w++ = ' ';
	}
	while (w > s && w[-1] == ' ')
		w--;
	*w = '\0';
	return s;
}

/* The expanded text s, or — when a declined value in it was not decided — the expanded alt,
 * the phrasing that needs no case (the template check makes sure there is one). A new string. */
static char *fill_alt(const struct octx *c, const char *s, const char *alt)
{
	bool outer = c->sc->unsure;
	c->sc->unsure = false;
	char *r = fill(c, s);
	if (c->sc->unsure && alt) {
		free(r);
		r = fill(c, alt);
	}
	c->sc->unsure = outer || c->sc->unsure;
	return collapse(r);
}

/* n's text, with its unsure="…" fallback. A new string. */
static char *fill_text(const struct octx *c, const struct tnode *n, const char *dflt)
{
	const char *s = n->text && *n->text ? n->text : dflt;
	return fill_alt(c, s ? s : "", tnode_attr(n, "unsure", NULL));
}

/* n's attribute name (dflt when absent), with its name-unsure="…" fallback. A new string. */
static char *fill_attr(const struct octx *c, const struct tnode *n, const char *name, const char *dflt)
{
	char alt[64];
	snprintf(alt, sizeof alt, "%s-unsure", name);
	return fill_alt(c, tnode_attr(n, name, dflt ? dflt : ""), tnode_attr(n, alt, NULL));
}

/* ---- the template ---------------------------------------------------------------------- */

static const char *const top_elems[] = {
	"parent", "institution", "kind", "date-number", "place", "heading", "preamble", "command",
	"point", "signature", "acquaintance", NULL};
static const char *const point_elems[] = {"group", "functions", "curators", "item", NULL};

static bool in(const char *const *list, const char *s)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

/* True when s holds a declined placeholder ({…:acc} and the like). */
static bool has_case(const char *s)
{
	for (const char *p = s ? strchr(s, '{') : NULL; p; p = strchr(p + 1, '{')) {
		const char *close = strchr(p, '}'), *colon = strchr(p, ':');
		if (close && colon && colon < close)
			return true;
	}
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
			   "{members}, {director}, {director_position}, {keeper}, {keeper_position}; in <functions> "
			   "{member}, {member_position}, {member_role}, {duties}; in <curators> {curator}, "
			   "{curator_position}, {graduates}, {graduate}, {graduation_year}; names and positions "
			   "also in a case: {keeper:acc}, :gen, :dat, :ins, :pre)", bad);
	buf_free(&b);
}

/* Checks the text and every attribute of n for placeholders; a text with a declined
 * placeholder needs a phrasing that needs none, for when the form is not decided: unsure="…"
 * for the element's text, name-unsure="…" for attribute name. */
static void check_node_text(const struct tmpl *t, const struct tnode *n, struct diag_list *dl)
{
	check_text(t, n, n->name, n->text, dl);
	if (has_case(n->text) && !tnode_attr(n, "unsure", NULL))
		diag_error(dl, t->file, n->line, n->name, "a placeholder in a case needs unsure=\"…\": the "
			   "same sentence in words that need no case, for names the rules cannot decline");
	for (size_t i = 0; i + 1 < n->nattr; i += 2) {
		const char *a = n->attr[i], *v = n->attr[i + 1];
		size_t len = strlen(a);
		bool alt = strcmp(a, "unsure") == 0 || (len > 7 && strcmp(a + len - 7, "-unsure") == 0);
		check_text(t, n, a, v, dl);
		if (alt && has_case(v)) {
			diag_error(dl, t->file, n->line, a, "the phrasing for undecided forms may not use a "
				   "placeholder in a case");
		} else if (!alt && has_case(v)) {
			char want[64];
			snprintf(want, sizeof want, "%s-unsure", a);
			if (!tnode_attr(n, want, NULL))
				diag_error(dl, t->file, n->line, a, "a placeholder in a case needs %s=\"…\": the "
					   "same text in words that need no case", want);
		}
	}
}

static enum role role_named(const char *s)
{
	for (int r = ROLE_HEAD; r < ROLE_COUNT; r++)
		if (strcmp(model_role_name((enum role)r), s) == 0)
			return (enum role)r;
	return ROLE_NONE;
}

/* <functions>: <role name="…"> children holding <duty> children. */
static void check_functions(const struct tmpl *t, const struct tnode *g, struct diag_list *dl)
{
	for (size_t i = 0; i < g->nkids; i++) {
		const struct tnode *r = &g->kids[i];
		if (strcmp(r->name, "role") != 0) {
			diag_error(dl, t->file, r->line, r->name, "unknown element (expected role)");
			continue;
		}
		if (role_named(tnode_attr(r, "name", "")) == ROLE_NONE)
			diag_error(dl, t->file, r->line, "name", "unknown role '%s' (the roles: руководитель, "
				   "заместитель руководителя, педагог социальный, педагог-психолог, "
				   "учитель-дефектолог, педагог, классный руководитель)", tnode_attr(r, "name", ""));
		for (size_t k = 0; k < r->nkids; k++) {
			if (strcmp(r->kids[k].name, "duty") != 0)
				diag_error(dl, t->file, r->kids[k].line, r->kids[k].name, "unknown element (expected duty)");
			else
				check_node_text(t, &r->kids[k], dl);
		}
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
			if (strcmp(p->name, "functions") == 0)
				check_functions(t, p, dl);
			else if (strcmp(p->name, "group") == 0 && p->nkids)
				diag_error(dl, t->file, p->kids[0].line, p->kids[0].name, "unknown element inside "
					   "<group> (a role is printed by its one name; its duties go in <functions>)");
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
	size_t keeper = (size_t)-1, head = (size_t)-1;
	for (size_t i = 0; i < m->nstaff; i++) {
		const struct staff *s = &m->staff[i];
		count[s->role]++;
		/* seeds/001: «руководитель учреждения образования или его заместители» — an
		 * institution has one head and any number of deputies; a second head would print
		 * two heads of one institution in the order, the plans and the report */
		if (s->role == ROLE_HEAD) {
			if (head == (size_t)-1)
				head = i;
			else
				diag_error(dl, s->src.file, s->src.line, "Роль",
					   "%s is a second руководитель (%s at line %d is the first): an "
					   "institution has one head (seeds/001: «руководитель учреждения "
					   "образования или его заместители»); give the others the role "
					   "заместитель руководителя", s->id, m->staff[head].id,
					   m->staff[head].src.line);
		}
		if (!s->keeps_records)
			continue;
		if (keeper == (size_t)-1)
			keeper = i;
		else
			SRC_DIAG(dl, DIAG_ERROR, &s->src, "Ведёт документацию", NULL,
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
	return date_cmp(g->graduation, last) <= 0 && date_cmp(period_patronage_end(g->graduation), first) >= 0;
}

/* ---- building ----------------------------------------------------------------------------- */

/* A paragraph of n's text (dflt when it has none), with its unsure="…" fallback. */
static struct doc_para *text_para(struct doc *d, const struct octx *c, const struct tnode *n,
				  const char *dflt, enum doc_align al, enum doc_style st)
{
	char *s = fill_text(c, n, dflt);
	struct doc_para *p = doc_add_text(d, al, st, s);
	free(s);
	return p;
}

static void body_para(const struct octx *c, struct doc_para *p)
{
	p->indent_first = c->st->body.indent;
	p->hyphenate = true;
}

/* Adds the sub-point "num.item. text" of a point. */
static void add_sub(struct doc *d, const struct octx *c, int num, int *item, const char *text)
{
	char *line = xasprintf("%d.%d. %s", num, ++*item, text);
	body_para(c, doc_add_text(d, DOC_JUSTIFY, DOC_REGULAR, line));
	free(line);
	doc_add_space(d, c->st->point.after);
}

/* Adds a table row of texts whose cells hyphenate (narrow columns). */
static void add_row(struct doc_table *t, const char *const *texts, bool header)
{
	struct doc_row *r = doc_table_add_row(t, texts, false, header);
	for (size_t k = 0; k < r->ncells; k++)
		for (size_t i = 0; i < r->cells[k].nparas; i++)
			r->cells[k].paras[i].hyphenate = !header;
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
		const char *row[] = {num, name, s->position, model_role_name(s->role)};
		add_row(t, row, false);
		doc_src_set(&t->rows[t->nrows - 1].src, s->src.file, s->src.line);
		free(name);
	}
	free(order);
	doc_add_space(d, c->st->point.after);
}

/* The <role> of <functions> for r, or NULL. */
static const struct tnode *duties_of(const struct tnode *f, enum role r)
{
	for (size_t i = 0; i < f->nkids; i++)
		if (strcmp(f->kids[i].name, "role") == 0 && role_named(tnode_attr(&f->kids[i], "name", "")) == r)
			return &f->kids[i];
	return NULL;
}

/* One sub-point per member of the group (in the order of the group's table): the member, the
 * role and the role's duties from <functions>; a member whose role has none is left out. */
static void add_functions(struct doc *d, const struct octx *c, const struct tnode *f, int num, int *item)
{
	const struct model *m = c->m;
	size_t *order = staff_order(m, true);
	for (size_t i = 0; i < m->nstaff; i++) {
		const struct tnode *r = duties_of(f, m->staff[order[i]].role);
		if (!r || !r->nkids)
			continue;
		c->sc->member = order[i];
		struct buf b = BUF_INIT;
		for (size_t k = 0; k < r->nkids; k++) {
			char *duty = fill_text(c, &r->kids[k], "");
			if (*duty)
				buf_printf(&b, "%s%s", b.len ? "; " : "", duty);
			free(duty);
		}
		char *duties = buf_take(&b);
		c->sc->duties = duties;
		char *s = fill_attr(c, f, "member", "{member} ({member_role}): {duties}.");
		add_sub(d, c, num, item, s);
		free(s);
		free(duties);
		c->sc->duties = NULL;
	}
	c->sc->member = (size_t)-1;
	free(order);
}

/* One sub-point per curator (alphabetical): the graduates under patronage in the year whom
 * the curator is assigned, alphabetical; graduates with no curator in a sub-point of their own.
 * Each sub-point ends with ";", the last with ".". */
static void add_curators(struct doc *d, const struct octx *c, const struct tnode *n, int num, int *item)
{
	const struct model *m = c->m;
	size_t *gorder = graduate_order(m);
	size_t *sorder = staff_order(m, false);
	size_t *mine = xmalloc((m->ngraduates ? m->ngraduates : 1) * sizeof *mine);
	size_t shown = 0;
	for (size_t i = 0; i < m->ngraduates; i++)
		shown += in_year(&m->graduates[i], c->year);
	if (shown == 0) {
		char *s = fill_attr(c, n, "empty", "Выпускников под патронатным сопровождением нет.");
		body_para(c, doc_add_text(d, DOC_JUSTIFY, DOC_REGULAR, s));
		free(s);
		doc_add_space(d, c->st->point.after);
	}
	struct oscope *sc = c->sc;
	sc->graduate_fmt = tnode_attr(n, "graduate", "{graduate} (выпуск {graduation_year} г.)");
	size_t done = 0;
	for (size_t s = 0; s <= m->nstaff && done < shown; s++) {
		size_t cur = s < m->nstaff ? sorder[s] : (size_t)-1; /* the last round: no curator */
		size_t k = 0;
		for (size_t i = 0; i < m->ngraduates; i++) {
			const struct graduate *g = &m->graduates[gorder[i]];
			bool theirs = s < m->nstaff ? g->curator_index == cur : g->curator_index >= m->nstaff;
			if (theirs && in_year(g, c->year))
				mine[k++] = gorder[i];
		}
		if (!k)
			continue;
		done += k;
		sc->curator = cur;
		sc->grads = mine;
		sc->ngrads = k;
		char *text = cur < m->nstaff
				     ? fill_attr(c, n, "item", "за {curator:ins}, {curator_position:ins}, — {graduates:acc}")
				     : fill_attr(c, n, "none", "куратор не назначен: {graduates}");
		char *line = xasprintf("%s%s", text, done < shown ? ";" : ".");
		add_sub(d, c, num, item, line);
		free(line);
		free(text);
	}
	sc->curator = (size_t)-1;
	sc->grads = NULL;
	sc->ngrads = 0;
	free(mine);
	free(sorder);
	free(gorder);
}

static void add_point(struct doc *d, const struct octx *c, const struct tnode *n, int num)
{
	char *text = fill_text(c, n, "");
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
		} else if (strcmp(k->name, "functions") == 0) {
			add_functions(d, c, k, num, &item);
		} else if (strcmp(k->name, "curators") == 0) {
			add_curators(d, c, k, num, &item);
		} else {
			char *it = fill_text(c, k, "");
			add_sub(d, c, num, &item, it);
			free(it);
		}
	}
}

/* Date at the left margin, «№ …» at the right margin, on one line. */
static void add_date_number(struct doc *d, const struct octx *c, const struct tnode *n)
{
	char *date = fill_attr(c, n, "date", "{order_date}");
	char *num = fill_attr(c, n, "number", "№" NBSP "{order_number}");
	doc_add_space(d, c->st->dateline.before);
	doc_add_signature(d, date, num, NULL);
	d->blocks[d->nblocks - 1].u.sig.line = false;
	free(date);
	free(num);
}

static void add_signature(struct doc *d, const struct octx *c, const struct tnode *n)
{
	char *pos = fill_attr(c, n, "position", NULL);
	const struct institution *in = &c->m->inst;
	char *name = model_initials_first(in->director_surname, in->director_name, in->director_patronymic);
	doc_add_signature(d, *pos ? pos : in->director_position, name, tnode_attr(n, "caption", NULL));
	free(pos);
	free(name);
}

static void add_acquaintance(struct doc *d, const struct octx *c, const struct tnode *n)
{
	struct doc_para *p = text_para(d, c, n, "С приказом ознакомлены:", DOC_LEFT, DOC_REGULAR);
	p->space_before = c->st->acquaintance.before;
	p->keep_with_next = true;
	const struct model *m = c->m;
	size_t *order = staff_order(m, false);
	char *date = fill_attr(c, n, "date", "«___»" NBSP "____________ 20___" NBSP "г.");
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
		p = text_para(d, c, n, "{parent}", DOC_CENTER, DOC_REGULAR);
	} else if (strcmp(name, "institution") == 0) {
		p = text_para(d, c, n, "{institution}", DOC_CENTER, DOC_BOLD);
		p->space_before = c->st->institution.before;
		/* ГОСТ Р 7.0.97, 5.3: the short name (of the charter) in brackets under the full one */
		char *shortn = fill_attr(c, n, "short", "{short_name}");
		if (*shortn && strcmp(shortn, in->name ? in->name : "") != 0) {
			char *br = xasprintf("(%s)", shortn);
			doc_add_text(d, DOC_CENTER, DOC_BOLD, br);
			free(br);
		}
		free(shortn);
	} else if (strcmp(name, "kind") == 0) {
		p = text_para(d, c, n, "ПРИКАЗ", DOC_CENTER, DOC_BOLD);
		p->size = c->st->title.size;
		p->space_before = c->st->title.before;
	} else if (strcmp(name, "date-number") == 0) {
		add_date_number(d, c, n);
	} else if (strcmp(name, "place") == 0) {
		p = text_para(d, c, n, in->city && *in->city ? "г. {city}" : "", DOC_CENTER, DOC_REGULAR);
		p->space_before = c->st->place.before;
	} else if (strcmp(name, "heading") == 0) {
		p = text_para(d, c, n, "Об организации патронатного сопровождения выпускников", DOC_LEFT, DOC_BOLD);
		p->space_before = c->st->heading.before;
		p->space_after = c->st->heading.after;
		p->keep_with_next = true;
	} else if (strcmp(name, "preamble") == 0) {
		body_para(c, p = text_para(d, c, n, "", DOC_JUSTIFY, DOC_REGULAR));
	} else if (strcmp(name, "command") == 0) {
		p = text_para(d, c, n, "ПРИКАЗЫВАЮ:", DOC_LEFT, DOC_REGULAR);
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
	struct oscope sc = {.curator = (size_t)-1, .graduate = (size_t)-1, .member = (size_t)-1};
	struct octx c = {m, year, (size_t)-1, dated_for(&m->inst, year), &st, &sc};
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
