/* passport: «ПАСПОРТ патроната выпускника» (Приложение 1) — the template's fields filled from
 * a graduate's data and records.
 * Invariant: every value name the template may use is one row of fields[] (a graduate's field
 * and the function that fills it) or period_cols[] (a half-year's column), so checking a
 * template and filling it resolve names alike; sizes and spacings come from the style sheet
 * (doc/style.h); the rules build a document tree, never a PDF. */
#include "passport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/periods.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* A value: zero or more entries (each printed as its own paragraph when there are several). */
struct value {
	char **v;
	size_t n;
	bool not_applicable; /* field 8's other statuses */
};

static void value_add(struct value *val, char *s)
{
	if (!s || !*s) {
		free(s);
		return;
	}
	val->v = xreallocarray(val->v, val->n + 1, sizeof *val->v);
	val->v[val->n++] = s;
}

static void value_free(struct value *val)
{
	for (size_t i = 0; i < val->n; i++)
		free(val->v[i]);
	free(val->v);
}

struct pctx {
	const struct model *m;
	const struct graduate *g;
	const struct rec_index *ri;
	size_t gi;
	const struct doc_sheet *st; /* the passport's sizes and spacings (building only) */
};

/* ---- the values ------------------------------------------------------------------------ */

static void v_text(const char *s, struct value *out)
{
	value_add(out, xstrdup(s));
}

static void v_date(struct date d, struct value *out)
{
	char b[16];
	date_format(d, b, sizeof b);
	value_add(out, xstrdup(b));
}

/* "; "-joined parts that are not empty. */
static void join(struct buf *b, const char *label, const char *s)
{
	if (!s || !*s)
		return;
	if (b->len) {
		/* "a.; b" never: a part's own full stop gives way to the separator */
		while (b->len && (b->data[b->len - 1] == '.' || b->data[b->len - 1] == ' '))
			b->data[--b->len] = '\0';
		buf_adds(b, "; ");
	}
	if (label)
		buf_printf(b, "%s ", label);
	buf_adds(b, s);
}

static void life(const struct pctx *c, enum life_status want, struct value *out)
{
	const struct graduate *g = c->g;
	bool other = want == LIFE_OTHER &&
		     (g->status == LIFE_ARMY || g->status == LIFE_PARENTAL_LEAVE || g->status == LIFE_OTHER);
	if (g->status == LIFE_NONE)
		return; /* unknown: blank lines to fill in by hand */
	if (g->status != want && !other) {
		out->not_applicable = true;
		return;
	}
	char since[16];
	date_format(g->since, since, sizeof since);
	struct buf b = BUF_INIT;
	switch (want) {
	case LIFE_STUDYING:
		join(&b, NULL, g->organization);
		join(&b, "дата поступления", since);
		join(&b, "специальность:", g->position);
		break;
	case LIFE_EMPLOYED:
		join(&b, NULL, g->organization);
		join(&b, "должность:", g->position);
		join(&b, "дата принятия на работу", since);
		/* a graduate who did not finish has no specialty to work by */
		if ((*g->organization || *g->position) && !g->dropped_out)
			join(&b, NULL, g->by_specialty ? "по полученной специальности"
						       : "не по полученной специальности");
		break;
	case LIFE_IDLE:
		join(&b, NULL, g->reason);
		break;
	default:
		if (g->status != LIFE_OTHER)
			join(&b, NULL, model_status_name(g->status));
		join(&b, NULL, g->organization);
		join(&b, NULL, g->position);
		join(&b, "с", since);
		join(&b, NULL, g->reason);
		break;
	}
	if (want != LIFE_IDLE && want != LIFE_OTHER && b.len == 0)
		buf_adds(&b, model_status_name(want));
	value_add(out, buf_take(&b));
}

/* "12.10.2024 — text", or "12.10.2024, Иванова А.А. — text" */
static char *dated(struct date d, const char *text, const char *by)
{
	char ds[16];
	date_format(d, ds, sizeof ds);
	if (by && *by) /* when, by whom — what (the form's «какая, когда, кем») */
		return xasprintf("%s, %s — %s", ds, by, text);
	return xasprintf("%s — %s", ds, text);
}

static void help_all(const struct pctx *c, struct value *out)
{
	for (size_t k = c->ri->start[c->gi]; k < c->ri->start[c->gi + 1]; k++) {
		const struct record *r = &c->m->records[c->ri->order[k]];
		if (*r->help)
			value_add(out, dated(r->date, r->help, r->help_by));
	}
}

enum rcol { RC_FEATURES, RC_DIFFICULTIES, RC_HELP, RC_PLANNED, RC_SUMMARY, RC_SOCIAL };

static void period_value(const struct pctx *c, int period, enum rcol col, struct value *out)
{
	for (size_t k = c->ri->start[c->gi]; k < c->ri->start[c->gi + 1]; k++) {
		const struct record *r = &c->m->records[c->ri->order[k]];
		if (period_of(c->g->graduation, r->date) != period)
			continue;
		switch (col) {
		case RC_FEATURES: if (*r->features) value_add(out, dated(r->date, r->features, NULL)); break;
		case RC_DIFFICULTIES: if (*r->difficulties) value_add(out, dated(r->date, r->difficulties, NULL)); break;
		case RC_HELP: if (*r->help) value_add(out, dated(r->date, r->help, r->help_by)); break;
		case RC_PLANNED: if (*r->planned_help) value_add(out, dated(r->date, r->planned_help, NULL)); break;
		case RC_SOCIAL: {
			/* features and difficulties together (field 12 has one item for both) */
			struct buf b = BUF_INIT;
			if (*r->features && *r->difficulties) {
				join(&b, "особенности:", r->features);
				join(&b, "трудности:", r->difficulties);
			} else {
				join(&b, NULL, *r->features ? r->features : r->difficulties);
			}
			if (b.len)
				value_add(out, dated(r->date, buf_cstr(&b), NULL));
			buf_free(&b);
			break;
		}
		case RC_SUMMARY: {
			struct buf b = BUF_INIT;
			join(&b, "особенности:", r->features);
			join(&b, "трудности:", r->difficulties);
			if (*r->help) {
				char *h = *r->help_by ? xasprintf("%s (%s)", r->help, r->help_by) : xstrdup(r->help);
				join(&b, "оказанная помощь:", h);
				free(h);
			}
			join(&b, "прогнозируемая помощь:", r->planned_help);
			if (b.len) {
				char *s = dated(r->date, buf_cstr(&b), NULL);
				value_add(out, s);
			}
			buf_free(&b);
			break;
		}
		}
	}
}

/* ---- the values a template may name -------------------------------------------------- */

static void f_full_name(const struct pctx *c, struct value *out)
{
	value_add(out, model_full_name(c->g->surname, c->g->name, c->g->patronymic));
}

static void f_birth_date(const struct pctx *c, struct value *out) { v_date(c->g->birth, out); }

static void f_graduation_year(const struct pctx *c, struct value *out)
{
	if (c->g->dropped_out) { /* no year of finishing: the date is the day studies ended */
		char d[16];
		date_format(c->g->graduation, d, sizeof d);
		value_add(out, c->g->graduation.y ? xasprintf("не окончил(а): обучение прекращено %s", d)
						  : xstrdup("не окончил(а)"));
		return;
	}
	value_add(out, c->g->graduation.y ? xasprintf("%d", c->g->graduation.y) : NULL);
}

static void f_address(const struct pctx *c, struct value *out) { v_text(c->g->address, out); }
static void f_social_status(const struct pctx *c, struct value *out) { v_text(c->g->social_status, out); }
static void f_family(const struct pctx *c, struct value *out) { v_text(c->g->family, out); }
static void f_housing(const struct pctx *c, struct value *out) { v_text(c->g->housing, out); }
static void f_studying(const struct pctx *c, struct value *out) { life(c, LIFE_STUDYING, out); }
static void f_employed(const struct pctx *c, struct value *out) { life(c, LIFE_EMPLOYED, out); }
static void f_idle(const struct pctx *c, struct value *out) { life(c, LIFE_IDLE, out); }
static void f_other(const struct pctx *c, struct value *out) { life(c, LIFE_OTHER, out); }
static void f_conclusions(const struct pctx *c, struct value *out) { v_text(c->g->conclusions, out); }
static void f_notes(const struct pctx *c, struct value *out) { v_text(c->g->notes, out); }
static void f_recommendations(const struct pctx *c, struct value *out) { v_text(c->g->recommendations, out); }

static void f_curator(const struct pctx *c, struct value *out)
{
	if (c->g->curator_index < c->m->nstaff) {
		const struct staff *s = &c->m->staff[c->g->curator_index];
		value_add(out, model_short_name(s->surname, s->name, s->patronymic));
	}
}

/* The values of a graduate, by the name a template gives them. */
static const struct field {
	const char *name;
	void (*fill)(const struct pctx *c, struct value *out);
} fields[] = {
	{"full_name", f_full_name}, {"birth_date", f_birth_date}, {"graduation_year", f_graduation_year},
	{"address", f_address}, {"social_status", f_social_status}, {"family", f_family},
	{"housing", f_housing}, {"life.studying", f_studying}, {"life.employed", f_employed},
	{"life.idle", f_idle}, {"life.other", f_other}, {"help.all", help_all},
	{"conclusions", f_conclusions}, {"notes", f_notes}, {"recommendations", f_recommendations},
	{"curator", f_curator},
};

/* The columns of a half-year's records, as pN.name (N = 1 … PERIODS). */
static const struct {
	const char *name;
	enum rcol col;
} period_cols[] = {
	{"features", RC_FEATURES}, {"difficulties", RC_DIFFICULTIES}, {"help", RC_HELP},
	{"planned", RC_PLANNED}, {"summary", RC_SUMMARY}, {"social", RC_SOCIAL},
};

/* A value name resolved: a field, or a half-year's column. */
struct vref {
	const struct field *f; /* or NULL for a half-year's column */
	int period;
	enum rcol col;
};

/* Resolves key. Returns 0, or -1 when the template may not name it. */
static int resolve(const char *key, struct vref *r)
{
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		if (strcmp(fields[i].name, key) == 0) {
			*r = (struct vref){&fields[i], 0, RC_FEATURES};
			return 0;
		}
	if (key[0] == 'p' && key[1] >= '1' && key[1] < '1' + PERIODS && key[2] == '.')
		for (size_t i = 0; i < sizeof period_cols / sizeof *period_cols; i++)
			if (strcmp(period_cols[i].name, key + 3) == 0) {
				*r = (struct vref){NULL, key[1] - '0', period_cols[i].col};
				return 0;
			}
	return -1;
}

bool passport_value_known(const char *key)
{
	struct vref r;
	return resolve(key, &r) == 0;
}

/* Adds the values key names for the graduate of c. Returns 0, or -1 for an unknown key. */
static int value_of(const struct pctx *c, const char *key, struct value *out)
{
	struct vref r;
	if (resolve(key, &r) != 0)
		return -1;
	if (r.f)
		r.f->fill(c, out);
	else
		period_value(c, r.period, r.col, out);
	return 0;
}

/* ---- template ------------------------------------------------------------------------- */

static void check_node(const struct tmpl *t, const struct tnode *n, struct diag_list *dl)
{
	const char *key = tnode_attr(n, "value", NULL);
	if (key && !passport_value_known(key))
		diag_error(dl, t->file, n->line, "value", "unknown value '%s'", key);
	if (!key && n->nkids == 0)
		diag_error(dl, t->file, n->line, n->name, "a field needs a value or items");
	if (!tnode_attr(n, "label", NULL))
		diag_error(dl, t->file, n->line, "label", "required attribute is missing");
	tnode_int(t, n, "blank-lines", 0, 20, 0, dl);
	for (size_t i = 0; i < n->nkids; i++) {
		if (strcmp(n->kids[i].name, "item") != 0)
			diag_error(dl, t->file, n->kids[i].line, n->kids[i].name, "unknown element (expected item)");
		else
			check_node(t, &n->kids[i], dl);
	}
}

size_t passport_check_template(const struct tmpl *t, struct diag_list *dl)
{
	size_t before = dl->nerrors;
	const struct tnode *root = &t->root;
	if (strcmp(root->name, "passport") != 0) {
		diag_error(dl, t->file, root->line, root->name, "the root element must be <passport>");
		return dl->nerrors - before;
	}
	struct doc_sheet st;
	tmpl_sheet(t, DOC_FORM_PASSPORT, &st, dl);
	tnode_int(t, root, "blank-lines", 0, 20, 2, dl);
	for (size_t i = 0; i < root->nkids; i++) {
		const struct tnode *n = &root->kids[i];
		if (strcmp(n->name, "field") == 0)
			check_node(t, n, dl);
		else if (strcmp(n->name, "title") && strcmp(n->name, "subtitle") && strcmp(n->name, "institution"))
			diag_error(dl, t->file, n->line, n->name, "unknown element");
	}
	return dl->nerrors - before;
}

/* True when the template prints key anywhere. */
static bool uses(const struct tnode *n, const char *key)
{
	const char *v = tnode_attr(n, "value", NULL);
	if (v && strcmp(v, key) == 0)
		return true;
	for (size_t i = 0; i < n->nkids; i++)
		if (uses(&n->kids[i], key))
			return true;
	return false;
}

void passport_check_unprinted(const struct model *m, const struct tmpl *t, struct diag_list *dl)
{
	static const char *const cols[] = {"features", "difficulties", "help", "planned"};
	static const char *const heads[] = {"Особенности", "Трудности", "Оказанная помощь",
					    "Прогнозируемая помощь"};
	for (size_t i = 0; i < m->nrecords; i++) {
		const struct record *r = &m->records[i];
		if (r->graduate_index >= m->ngraduates)
			continue;
		int p = period_of(m->graduates[r->graduate_index].graduation, r->date);
		if (p < 1 || p > PERIODS)
			continue;
		const char *vals[] = {r->features, r->difficulties, r->help, r->planned_help};
		char key[32];
		snprintf(key, sizeof key, "p%d.summary", p);
		if (uses(&t->root, key))
			continue;
		snprintf(key, sizeof key, "p%d.social", p);
		bool social = uses(&t->root, key);
		for (int k = 0; k < 4; k++) {
			snprintf(key, sizeof key, "p%d.%s", p, cols[k]);
			if (*vals[k] && !uses(&t->root, key) && !(k == 2 && uses(&t->root, "help.all")) &&
			    !(k < 2 && social))
				SRC_DIAG(dl, DIAG_WARNING, &r->src, heads[k], NULL,
					  "not printed in the passport: its form has no place for it in half-year %d "
					  "(add <item value=\"%s\"> to templates/passport.xml)", p, key);
		}
	}
}

/* A pair of the graduate's fields (their column names) that cannot both be as given. */
static void contradiction(struct diag_list *dl, const struct graduate *g, const char *a,
			  const char *b, const char *why)
{
	SRC_DIAG(dl, DIAG_WARNING, &g->src, a, g->id,
		  "graduate %s: «%s» contradicts «%s» (%s); the passport prints them as given", g->id, a,
		  b, why);
}

void passport_check_consistency(const struct model *m, struct diag_list *dl)
{
	for (size_t i = 0; i < m->ngraduates; i++) {
		const struct graduate *g = &m->graduates[i];
		if (g->dropped_out) {
			if (g->by_specialty)
				contradiction(dl, g, "Не завершил обучение", "По специальности",
					      "a graduate who did not finish has no specialty to work by");
			if (g->honours)
				contradiction(dl, g, "Не завершил обучение", "Диплом с отличием",
					      "a graduate who did not finish has no diploma");
			if (g->second_specialty)
				contradiction(dl, g, "Не завершил обучение", "Вторая специальность",
					      "a graduate who did not finish got no specialty");
		}
		bool placed = g->status == LIFE_STUDYING || g->status == LIFE_EMPLOYED;
		if (g->status == LIFE_IDLE && *g->organization)
			contradiction(dl, g, "Жизнеустройство", "Организация",
				      "a graduate who neither works nor studies has no organization");
		if (placed && !date_empty(g->since) && !date_empty(g->birth) &&
		    date_cmp(g->since, date_add_months(g->birth, 14 * 12)) < 0)
			contradiction(dl, g, "Дата поступления", "Дата рождения",
				      "the date of entry is before the graduate was 14");
		if (placed && !date_empty(g->since) && !date_empty(g->graduation) &&
		    date_cmp(g->since, date_add_months(g->graduation, -12 * 6)) < 0)
			contradiction(dl, g, "Дата поступления", "Дата выпуска",
				      "the date of entry is more than 6 years before graduation");
	}
}

/* ---- building -------------------------------------------------------------------------- */

static void add_value_paras(struct doc *d, const struct doc_sheet *st, struct doc_para *label,
			    const struct value *v, int blank, const char *na)
{
	if (v->not_applicable) {
		doc_para_add(label, DOC_REGULAR, " ");
		doc_para_add(label, DOC_ITALIC, na);
		return;
	}
	if (v->n == 0) {
		label->rule_after = true;
		label->blank_lines = blank;
		return;
	}
	if (v->n == 1) {
		doc_para_add(label, DOC_REGULAR, " ");
		doc_para_add(label, DOC_ITALIC, v->v[0]);
		return;
	}
	label->keep_with_next = true;
	for (size_t i = 0; i < v->n; i++) {
		struct doc_para *p = doc_add_text(d, DOC_JUSTIFY, DOC_ITALIC, v->v[i]);
		p->hyphenate = true;
		p->blank_height = st->blank.height;
		p->indent_left = st->value.indent;
		p->space_before = st->value.before;
	}
}

/* depth: 0 for a numbered field, 1 for its item, 2 for an item's own items (field 13). */
static void add_node(struct doc *d, const struct pctx *c, const struct tnode *n, int number,
		     int dflt_blank, const char *na, int depth)
{
	const char *label = tnode_attr(n, "label", "");
	int blank = dflt_blank;
	const char *b = tnode_attr(n, "blank-lines", NULL);
	if (b)
		blank = atoi(b);
	/* body text justified with hyphenation (ГОСТ Р 7.0.97-2025) */
	struct doc_para *p = doc_add_para(d, DOC_JUSTIFY);
	p->hyphenate = true;
	p->blank_height = c->st->blank.height;
	p->space_before = depth ? c->st->item.before : c->st->label.before;
	/* under a line ruled to fill in, the next rule no nearer than the blank height */
	if (d->nblocks >= 2 && d->blocks[d->nblocks - 2].kind == DOC_PARAGRAPH) {
		const struct doc_para *prev = &d->blocks[d->nblocks - 2].u.para;
		if ((prev->rule_after || prev->blank_lines) && p->space_before < c->st->blank.after)
			p->space_before = c->st->blank.after;
	}
	p->indent_first = c->st->item.indent * depth;
	char *text = number ? xasprintf("%d. %s", number, label) : xstrdup(label);
	doc_para_add(p, DOC_REGULAR, text);
	free(text);
	const char *key = tnode_attr(n, "value", NULL);
	if (key) {
		struct value v = {0};
		value_of(c, key, &v);
		if (v.n && (!strchr(key, '.') || strncmp(key, "life.", 5) == 0)) /* from the graduate's row */
			doc_src_set(&p->src, c->g->src.file, c->g->src.line);
		add_value_paras(d, c->st, p, &v, blank, na);
		value_free(&v);
	} else {
		p->keep_with_next = true;
	}
	for (size_t i = 0; i < n->nkids; i++)
		add_node(d, c, &n->kids[i], 0, dflt_blank, na, depth + 1);
}

struct doc *passport_build(const struct model *m, const struct rec_index *ri, size_t gi,
			   const struct tmpl *t)
{
	const struct graduate *g = &m->graduates[gi];
	struct doc_sheet st;
	tmpl_sheet(t, DOC_FORM_PASSPORT, &st, NULL);
	struct pctx c = {m, g, ri, gi, &st};
	const struct tnode *root = &t->root;
	int blank = atoi(tnode_attr(root, "blank-lines", "2"));
	const char *na = tnode_attr(root, "not-applicable", "—");
	struct doc *d = doc_new();
	d->size = st.body.size;
	char *full = model_full_name(g->surname, g->name, g->patronymic);
	const char *title = tnode_child_text(root, "title", "ПАСПОРТ");
	const char *subtitle = tnode_child_text(root, "subtitle", "патроната выпускника");
	char *doc_title = xasprintf("%s %s: %s", title, subtitle, full);
	doc_set_info(d, doc_title, m->inst.name, "Паспорт патроната выпускника (Приложение 1)");
	free(doc_title);
	free(full);
	/* the last field never alone on a page: the one before it keeps with it */
	size_t last_field = root->nkids, before_last = root->nkids;
	for (size_t i = 0; i < root->nkids; i++)
		if (strcmp(root->kids[i].name, "field") == 0) {
			before_last = last_field;
			last_field = i;
		}
	for (size_t i = 0; i < root->nkids; i++) {
		const struct tnode *n = &root->kids[i];
		if (strcmp(n->name, "title") == 0 || strcmp(n->name, "subtitle") == 0) {
			struct doc_para *p = doc_add_text(d, DOC_CENTER, DOC_BOLD, n->text);
			p->size = strcmp(n->name, "title") == 0 ? st.title.size : st.subtitle.size;
			p->keep_with_next = true;
		} else if (strcmp(n->name, "institution") == 0) {
			struct doc_para *p = doc_add_text(d, DOC_CENTER, DOC_REGULAR, m->inst.name);
			p->space_before = st.blank.before;
			p->rule_under = true;
			const char *cap = tnode_attr(n, "caption", NULL);
			if (cap)
				p->caption = xstrdup(cap);
			p->space_after = st.blank.after;
		} else if (strcmp(n->name, "field") == 0) {
			int num = atoi(tnode_attr(n, "n", "0"));
			add_node(d, &c, n, num, blank, na, 0);
			if (i == before_last && d->nblocks && d->blocks[d->nblocks - 1].kind == DOC_PARAGRAPH)
				d->blocks[d->nblocks - 1].u.para.keep_with_next = true;
		}
	}
	return d;
}
