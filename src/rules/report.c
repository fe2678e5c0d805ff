/* report: «Аналитический отчёт» — the indicators of indicators.c laid out as tables, charts
 * and sentences from templates/report.xml, with conclusions and recommendations by rules.
 * Invariant: every sentence comes from a template text whose placeholders are the ones the
 * table texts[] allows it (so checking the template and filling it use one list); a value
 * that cannot be computed prints the template's «nodata», never 0 % or NaN. */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/institution.h"
#include "rules/indicators.h"
#include "rules/plan.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define NBSP "\xC2\xA0"
#define YEARS 3
#define MAX_KEYS 16 /* placeholders of one text */

/* ---- the template's texts -------------------------------------------------------------- */

struct tdef {
	const char *id;
	const char *keys; /* the placeholders it may use, space-separated */
};

static const struct tdef texts[] = {
	{"title", ""}, {"subtitle", "period"}, {"title.period", "from to"}, {"title.interim", "date"},
	{"title.place", "city date_year"}, {"approval.1", ""},
	{"approval.2", "director_position institution_short"}, {"approval.3", "director"},
	{"approval.4", ""}, {"h.group", ""}, {"group.intro", "period n"}, {"group.table", ""},
	{"group.none", ""}, {"group.patronage", "period n cohort from to"}, {"table.indicator", ""},
	{"h.volume", ""}, {"volume.intro", ""}, {"volume.1", ""}, {"volume.2", ""},
	{"volume.rule", "period from to"},
	{"volume.chart", ""}, {"volume.short1", ""}, {"volume.short2", ""}, {"axis.people", ""},
	{"axis.percent", ""}, {"h.effect", ""}, {"effect.intro", ""}, {"effect.1", ""},
	{"effect.2", ""}, {"effect.3", ""}, {"effect.4", ""}, {"effect.5", ""},
	{"effect.base1", ""}, {"effect.base2", ""}, {"effect.rule", ""}, {"effect.chart", ""},
	{"effect.short1", ""}, {"effect.short2", ""}, {"effect.short3", ""}, {"effect.short5", ""},
	{"h.outcome", ""}, {"outcome.intro", "date"}, {"outcome.base", ""}, {"outcome.1", ""},
	{"outcome.2", ""}, {"outcome.3", ""}, {"outcome.4", ""}, {"outcome.5", ""},
	{"outcome.6", ""}, {"outcome.7", ""}, {"outcome.8", ""}, {"outcome.9", ""},
	{"outcome.rule", "date"},
	{"outcome.chart", ""}, {"life.1", ""}, {"life.2", ""}, {"life.3", ""}, {"life.4", ""},
	{"life.5", ""}, {"life.6", ""}, {"life.7", ""}, {"life.8", ""}, {"h.mentoring", ""},
	{"mentoring.forms", ""}, {"mentoring.form", ""}, {"mentoring.total", ""},
	{"mentoring.targets", ""}, {"mentoring.1", ""}, {"mentoring.2", ""}, {"mentoring.3", ""},
	{"mentoring.4", ""}, {"mentoring.5", ""}, {"mentoring.chart1", ""},
	{"mentoring.chart2", ""}, {"mentoring.fact", ""}, {"mentoring.goal", ""},
	{"mentoring.short2", ""}, {"mentoring.short3", ""}, {"mentoring.short4", ""},
	{"mentoring.short5", ""}, {"mentoring.regional", "period value mentees students target"},
	{"mentoring.regional.none", "period"}, {"h.difficulties", ""},
	{"diff.intro", "period date n"}, {"diff.table", ""}, {"diff.none", "period date"},
	{"diff.rule", ""}, {"diff.item", "name id date text"}, {"diff.help", "help by"},
	{"diff.help.anon", "help"}, {"diff.help.none", ""}, {"diff.planned", "planned"}, {"diff.planned.none", ""},
	{"diff.also", "kinds"}, {"diff.resolved", "period n sections"},
	{"diff.resolved.noplan", "period n"}, {"diff.resolved.none", "period"},
	{"diff.section", "section n"},
	{"plan.intro", "period"}, {"plan.table", ""},
	{"plan.1", ""}, {"plan.2", ""}, {"plan.3", ""}, {"plan.4", ""}, {"plan.total", ""},
	{"plan.none", "period"}, {"plan.nothing", ""}, {"plan.note", ""}, {"plan.chart", ""}, {"plan.cat", "n"}, {"plan.s1", ""},
	{"plan.s2", ""}, {"plan.s3", ""}, {"plan.s4", ""}, {"plan.best", "section done due pct min"},
	{"plan.worst", "section done due pct"}, {"plan.compare.none", "min"}, {"h.conclusions", ""},
	{"concl.rose", "indicator from to diff y1 y2"}, {"concl.fell", "indicator from to diff y1 y2"},
	{"concl.same", "indicator to y1 y2"}, {"concl.single", "indicator to y2"},
	{"concl.nodata", "list y2"}, {"concl.met", "target"}, {"concl.missed", "target gap"},
	{"concl.overall.good", "period met targets"},
	{"concl.overall.bad", "period met targets worse"},
	{"concl.overall.bad.targets", "period met targets"},
	{"concl.overall.interim", "period date"}, {"concl.overall.none", "period"}, {"points", "n"},
	{"h.recommendations", ""}, {"rec.gaps", "period n graduates"},
	{"rec.worse", "indicator from to diff"}, {"rec.rise", "indicator from to diff"},
	{"rec.target", "indicator value target"}, {"rec.role", "role"}, {"rec.size", "n"},
	{"rec.overdue", "n total"}, {"rec.troubles", "n kind k"}, {"rec.none", ""}, {"role.head", ""},
	{"role.teachers", ""},
	{"sign.position", "position"}, {"sign.caption", ""}, {"sign.date", "date"}, {"nodata", ""},
};
#define NTEXTS (sizeof texts / sizeof *texts)

static const struct tdef *tdef_find(const char *id)
{
	for (size_t i = 0; i < NTEXTS; i++)
		if (strcmp(texts[i].id, id) == 0)
			return &texts[i];
	return NULL;
}

static bool key_allowed(const struct tdef *d, const char *key, size_t n)
{
	const char *k = d->keys;
	while (*k) {
		size_t l = strcspn(k, " ");
		if (l == n && strncmp(k, key, n) == 0)
			return true;
		k += l;
		k += *k == ' ';
	}
	return false;
}

static void check_text(const struct tmpl *t, const struct tnode *n, struct diag_list *dl)
{
	const char *id = tnode_attr(n, "id", NULL);
	const struct tdef *d = id ? tdef_find(id) : NULL;
	if (!d) {
		diag_error(dl, t->file, n->line, "id", id ? "unknown text id '%s'" : "a <text> needs an id%s",
			   id ? id : "");
		return;
	}
	for (const char *p = strchr(n->text ? n->text : "", '{'); p; p = strchr(p + 1, '{')) {
		size_t l = strcspn(p + 1, "}");
		size_t kl = strcspn(p + 1, "|}");
		int bars = 0;
		for (size_t i = 0; i < l; i++)
			bars += p[1 + i] == '|';
		if (p[1 + l] != '}')
			diag_error(dl, t->file, n->line, id, "unclosed placeholder");
		else if (bars != 0 && bars != 3)
			diag_error(dl, t->file, n->line, id,
				   "placeholder {%.*s}: a plural takes three forms, {n|один|два|пять}", (int)l, p + 1);
		else if (!key_allowed(d, p + 1, kl))
			diag_error(dl, t->file, n->line, id, "unknown placeholder {%.*s} (this text may use: %s)",
				   (int)kl, p + 1, *d->keys ? d->keys : "none");
	}
}

static const struct tnode *text_node(const struct tnode *root, const char *id)
{
	for (size_t i = 0; i < root->nkids; i++)
		if (strcmp(root->kids[i].name, "text") == 0 &&
		    strcmp(tnode_attr(&root->kids[i], "id", ""), id) == 0)
			return &root->kids[i];
	return NULL;
}

/* The ids of <kind> in the order of enum ind_kind. */
static const char *const kind_ids[IND_KINDS] = {"law", "housing", "employment", "family", "health", "other"};

static const struct tnode *kind_node(const struct tnode *root, int k)
{
	for (size_t i = 0; i < root->nkids; i++)
		if (strcmp(root->kids[i].name, "kind") == 0 &&
		    strcmp(tnode_attr(&root->kids[i], "id", ""), kind_ids[k]) == 0)
			return &root->kids[i];
	return NULL;
}

static void check_kind(const struct tmpl *t, const struct tnode *n, struct diag_list *dl)
{
	const char *id = tnode_attr(n, "id", "");
	bool known = false;
	for (int k = 0; k < IND_KINDS; k++)
		known |= strcmp(id, kind_ids[k]) == 0;
	if (!known)
		diag_error(dl, t->file, n->line, "id", "unknown kind '%s' (expected housing, employment, family, "
			   "health, law or other)", id);
	else if (!*tnode_attr(n, "title", ""))
		diag_error(dl, t->file, n->line, id, "a <kind> needs a title");
}

size_t report_check_template(const struct tmpl *t, struct diag_list *dl)
{
	size_t before = dl->nerrors;
	const struct tnode *root = &t->root;
	if (strcmp(root->name, "report") != 0) {
		diag_error(dl, t->file, root->line, root->name, "the root element must be <report>");
		return dl->nerrors - before;
	}
	struct doc_sheet st;
	tmpl_sheet(t, DOC_FORM_REPORT, &st, dl);
	for (size_t i = 0; i < root->nkids; i++) {
		const struct tnode *n = &root->kids[i];
		if (strcmp(n->name, "text") == 0)
			check_text(t, n, dl);
		else if (strcmp(n->name, "kind") == 0)
			check_kind(t, n, dl);
		else
			diag_error(dl, t->file, n->line, n->name, "unknown element (expected text or kind)");
	}
	for (int k = 0; k < IND_KINDS; k++)
		if (!kind_node(root, k))
			diag_error(dl, t->file, root->line, "kind", "missing <kind id=\"%s\">", kind_ids[k]);
	for (size_t i = 0; i < NTEXTS; i++)
		if (!text_node(root, texts[i].id))
			diag_error(dl, t->file, root->line, "text", "missing <text id=\"%s\">", texts[i].id);
	return dl->nerrors - before;
}

/* ---- context and formatting ------------------------------------------------------------ */

struct rctx {
	const struct model *m;
	const struct tmpl *t;
	struct doc *d;
	struct doc_sheet st; /* the report's sizes and spacings */
	int year;
	struct date today;
	struct ind_year yr[YEARS]; /* the years shown, oldest first; the last is the report's */
	size_t ny;
	char period[16];
	int figure;
	bool interim;            /* the year has not ended by today */
	int met, targets, worse; /* for the overall conclusion */
	int compared;            /* indicators with a value this year and one before */
	int troubles, trouble_kind, trouble_kind_n; /* graduates with unresolved difficulties, the
						     * most frequent kind and its graduates */
};

static const char *txt(const struct rctx *c, const char *id)
{
	const struct tnode *n = text_node(&c->t->root, id);
	return n && n->text ? n->text : "";
}

/* tmpl_expand's value callback: the value of the k-th pair of kv (NULL prints nothing). */
static char *kv_value(const void *kv, size_t k)
{
	const char *v = ((const char *const *)kv)[2 * k + 1];
	return xstrdup(v ? v : "");
}

const char *report_plural(long n, const char *one, const char *few, const char *many)
{
	long a = n < 0 ? -n : n;
	if (a % 100 >= 11 && a % 100 <= 14)
		return many;
	if (a % 10 == 1)
		return one;
	if (a % 10 >= 2 && a % 10 <= 4)
		return few;
	return many;
}

int report_default_year(struct date today)
{
	/* year Y is due from 1 June Y+1: in June–December of T that is T-1, before June T-2 */
	return today.m >= 6 ? today.y - 1 : today.y - 2;
}

bool report_interim(int year, struct date today)
{
	return date_cmp(today, (struct date){year + 1, 8, 31}) <= 0;
}

/* The value kv gives key (n bytes), or NULL. */
static const char *kv_find(const char *const *kv, const char *key, size_t n)
{
	for (size_t i = 0; i < MAX_KEYS && kv && kv[2 * i]; i++)
		if (strlen(kv[2 * i]) == n && strncmp(kv[2 * i], key, n) == 0)
			return kv[2 * i + 1];
	return NULL;
}

/* Replaces each plural placeholder {key|one|few|many} of s by the form agreeing with key's
 * value (a number; anything else takes «many»); other placeholders stay. A new string. */
static char *plurals(const char *s, const char *const *kv)
{
	struct buf b = BUF_INIT;
	for (const char *p = s; *p;) {
		size_t l = *p == '{' ? strcspn(p + 1, "}") : 0;
		const char *bar = l ? memchr(p + 1, '|', l) : NULL;
		if (!bar || p[1 + l] != '}') {
			buf_addc(&b, *p++);
			continue;
		}
		const char *forms[3], *end = p + 1 + l;
		size_t flen[3];
		const char *f = bar + 1;
		for (int k = 0; k < 3; k++) {
			const char *e = memchr(f, '|', (size_t)(end - f));
			if (!e || k == 2)
				e = end;
			forms[k] = f, flen[k] = (size_t)(e - f);
			f = e < end ? e + 1 : end;
		}
		const char *v = kv_find(kv, p + 1, (size_t)(bar - p - 1));
		char *num_end = NULL;
		long n = v ? strtol(v, &num_end, 10) : 0;
		bool number = v && num_end != v && *num_end == '\0';
		int k = !number ? 2 : report_plural(n, "0", "1", "2")[0] - '0';
		buf_add(&b, forms[k], flen[k]);
		p = end + 1;
	}
	return buf_take(&b);
}

/* The text id with its placeholders replaced by kv (name, value, …, NULL; at most MAX_KEYS
 * pairs), which holds every placeholder the text may use (checked with the template). */
static char *say(const struct rctx *c, const char *id, const char *const *kv)
{
	const char *keys[MAX_KEYS + 1];
	size_t n = 0;
	for (; n < MAX_KEYS && kv && kv[2 * n]; n++)
		keys[n] = kv[2 * n];
	keys[n] = NULL;
	char *text = plurals(txt(c, id), kv);
	struct buf b = BUF_INIT;
	char bad[64];
	tmpl_expand(text, keys, kv_value, kv, &b, bad, sizeof bad);
	free(text);
	return buf_take(&b);
}

/* "12,5" (one decimal, comma). */
static void fmt_dec(double v, char *out, size_t n)
{
	snprintf(out, n, "%.1f", round(v * 10) / 10); /* half up: 6,25 → 6,3 */
	char *dot = strchr(out, '.');
	if (dot)
		*dot = ',';
	if (strcmp(out, "-0,0") == 0)
		snprintf(out, n, "0,0");
}

/* "12,5 %" with a no-break space, or the template's «нет данных». */
static void fmt_pct(const struct rctx *c, double v, char *out, size_t n)
{
	if (isnan(v)) {
		snprintf(out, n, "%s", txt(c, "nodata"));
		return;
	}
	char d[32];
	fmt_dec(v, d, sizeof d);
	snprintf(out, n, "%s" NBSP "%%", d);
}

/* "5,7 % (12)" — a share with its count. */
static void fmt_share(const struct rctx *c, struct ind_share s, char *out, size_t n)
{
	double v = ind_pct(s);
	if (isnan(v)) {
		fmt_pct(c, v, out, n);
		return;
	}
	char p[48];
	fmt_pct(c, v, p, sizeof p);
	snprintf(out, n, "%s (%d)", p, s.n);
}

static void fmt_count(const struct rctx *c, double v, char *out, size_t n)
{
	if (isnan(v))
		snprintf(out, n, "%s", txt(c, "nodata"));
	else
		snprintf(out, n, "%.0f", v);
}

static void year_label(int y, char *out, size_t n)
{
	snprintf(out, n, "%d/%d", y, y + 1);
}

/* ---- blocks ---------------------------------------------------------------------------- */

static void heading(struct rctx *c, const char *id)
{
	struct doc_para *p = doc_add_text(c->d, DOC_LEFT, DOC_BOLD, txt(c, id));
	p->space_before = c->st.heading.before;
	p->space_after = c->st.heading.after;
	p->keep_with_next = true;
}

static struct doc_para *para(struct rctx *c, const char *text)
{
	struct doc_para *p = doc_add_text(c->d, DOC_JUSTIFY, DOC_REGULAR, text);
	p->indent_first = c->st.body.indent;
	p->hyphenate = true;
	p->space_after = c->st.body.after;
	return p;
}

static void para_say(struct rctx *c, const char *id, const char *const *kv)
{
	char *s = say(c, id, kv);
	para(c, s);
	free(s);
}

/* A footnote in small type under a table or chart: the rule behind the numbers. */
static void note_say(struct rctx *c, const char *id, const char *const *kv)
{
	char *s = say(c, id, kv);
	struct doc_para *p = doc_add_text(c->d, DOC_JUSTIFY, DOC_REGULAR, s);
	p->size = c->st.small.size;
	p->space_before = c->st.small.before;
	p->space_after = c->st.body.after;
	p->hyphenate = true;
	free(s);
}

/* A table whose header is the template text id split at '|', then extra year columns. */
static struct doc_table *table_new(struct rctx *c, const char *id, const double *widths, size_t ncols,
				   bool years)
{
	char *hdr = xstrdup(txt(c, id));
	const char *cells[16] = {0};
	size_t k = 0;
	for (char *s = hdr; s && k < ncols; k++) {
		cells[k] = s;
		s = strchr(s, '|');
		if (s)
			*s++ = '\0';
	}
	char ylab[YEARS][16];
	for (size_t i = 0; years && i < c->ny && k < ncols; i++, k++) {
		year_label(c->yr[i].year, ylab[i], sizeof ylab[i]);
		cells[k] = ylab[i];
	}
	struct doc_table *t = doc_add_table(c->d, ncols, widths);
	t->size = c->st.table.size;
	doc_table_add_row(t, cells, false, true);
	free(hdr);
	return t;
}

/* Adds a row; cells after the first are centred. */
static void table_row(struct doc_table *t, const char *const *cells)
{
	struct doc_row *r = doc_table_add_row(t, cells, false, false);
	for (size_t i = 1; i < r->ncells; i++)
		for (size_t j = 0; j < r->cells[i].nparas; j++)
			r->cells[i].paras[j].align = DOC_CENTER;
}

static struct doc_chart *chart(struct rctx *c, enum doc_chart_kind kind, const char *title_id, size_t nser,
			       const char *const *series, const double *vals, bool percent)
{
	const char *cats[YEARS];
	char ylab[YEARS][16];
	for (size_t i = 0; i < c->ny; i++) {
		year_label(c->yr[i].year, ylab[i], sizeof ylab[i]);
		cats[i] = ylab[i];
	}
	doc_add_space(c->d, c->st.chart.before);
	struct doc_chart *ch = doc_add_chart(c->d, kind, txt(c, title_id), c->ny, cats, nser, series, vals);
	ch->percent = percent;
	ch->y_label = xstrdup(txt(c, percent ? "axis.percent" : "axis.people"));
	ch->height = c->st.chart.height;
	return ch;
}

/* ---- indicators as series --------------------------------------------------------------- */

/* An indicator over the years shown: values (NAN = no data), percent or count, target of the
 * report's year (NAN = none), and which way is better (+1 up, -1 down, 0 neither). */
struct indic {
	const char *name_id;
	double v[YEARS];
	bool pct;
	double target;
	int good;
};


/* ---- sections ----------------------------------------------------------------------------- */

static void title_page(struct rctx *c)
{
	const struct institution *in = &c->m->inst;
	char *dir = model_initials_first(in->director_surname, in->director_name, in->director_patronymic);
	const char *kv[] = {"director_position", in->director_position, "institution_short", in->short_name,
			    "director", dir, NULL};
	char *lines[4];
	static const char *const ids[] = {"approval.1", "approval.2", "approval.3", "approval.4"};
	for (int i = 0; i < 4; i++)
		lines[i] = say(c, ids[i], kv);
	doc_add_approval(c->d, (const char *const *)lines, 4);
	for (int i = 0; i < 4; i++)
		free(lines[i]);
	free(dir);
	doc_add_space(c->d, c->st.institution.before);
	struct doc_para *p = doc_add_text(c->d, DOC_CENTER, DOC_REGULAR, in->name);
	p->space_after = c->st.institution.after;
	p = doc_add_text(c->d, DOC_CENTER, DOC_BOLD, txt(c, "title"));
	p->size = c->st.title.size;
	p->space_after = c->st.title.after;
	const char *kp[] = {"period", c->period, NULL};
	char *s = say(c, "subtitle", kp);
	p = doc_add_text(c->d, DOC_CENTER, DOC_BOLD, s);
	p->size = c->st.subtitle.size;
	p->space_after = c->st.subtitle.after;
	free(s);
	char from[16], to[16];
	date_format((struct date){c->year, 9, 1}, from, sizeof from);
	date_format((struct date){c->year + 1, 8, 31}, to, sizeof to);
	const char *kf[] = {"from", from, "to", to, NULL};
	s = say(c, "title.period", kf);
	doc_add_text(c->d, DOC_CENTER, DOC_REGULAR, s);
	free(s);
	if (c->interim) {
		char td[16];
		date_format(c->today, td, sizeof td);
		const char *ki[] = {"date", td, NULL};
		s = say(c, "title.interim", ki);
		p = doc_add_text(c->d, DOC_CENTER, DOC_BOLD, s);
		p->space_before = c->st.body.after;
		free(s);
	}
	doc_add_space(c->d, c->st.place.before);
	char dy[16];
	snprintf(dy, sizeof dy, "%d", c->today.y);
	const char *kc[] = {"city", in->city, "date_year", dy, NULL};
	s = say(c, "title.place", kc);
	doc_add_text(c->d, DOC_CENTER, DOC_REGULAR, s);
	free(s);
	doc_add_page_break(c->d);
}

static int role_rank(enum role r)
{
	return r == ROLE_NONE ? ROLE_COUNT : (int)r;
}

static void group(struct rctx *c)
{
	const struct model *m = c->m;
	heading(c, "h.group");
	char n[16];
	snprintf(n, sizeof n, "%zu", m->nstaff);
	if (m->nstaff == 0) {
		para(c, txt(c, "group.none"));
	} else {
		const char *kv[] = {"period", c->period, "n", n, NULL};
		para_say(c, "group.intro", kv);
		struct doc_table *t = table_new(c, "group.table", c->st.group.w, c->st.group.n, false);
		int k = 0;
		for (int r = 0; r <= ROLE_COUNT; r++)
			for (size_t i = 0; i < m->nstaff; i++) {
				const struct staff *s = &m->staff[i];
				if (role_rank(s->role) != r)
					continue;
				char num[16];
				snprintf(num, sizeof num, "%d", ++k);
				char *full = model_full_name(s->surname, s->name, s->patronymic);
				const char *cells[] = {num, full, s->position, model_role_name(s->role)};
				doc_table_add_row(t, cells, false, false);
				free(full);
			}
	}
	const struct ind_year *y = &c->yr[c->ny - 1];
	char np[16], nc[16], from[16], to[16];
	snprintf(np, sizeof np, "%d", y->under_patronage);
	snprintf(nc, sizeof nc, "%d", y->cohort);
	date_format((struct date){c->year, 9, 1}, from, sizeof from);
	date_format((struct date){c->year + 1, 8, 31}, to, sizeof to);
	const char *kv[] = {"period", c->period, "n", np, "cohort", nc, "from", from, "to", to, NULL};
	doc_add_space(c->d, c->st.block.before);
	para_say(c, "group.patronage", kv);
}

/* A table row of an indicator: label, then a value per year shown. */
static void indic_row(struct rctx *c, struct doc_table *t, const struct indic *in, const struct ind_share *sh)
{
	const char *cells[1 + YEARS];
	char v[YEARS][64];
	cells[0] = txt(c, in->name_id);
	for (size_t i = 0; i < c->ny; i++) {
		if (sh)
			fmt_share(c, sh[i], v[i], sizeof v[i]);
		else if (in->pct)
			fmt_pct(c, in->v[i], v[i], sizeof v[i]);
		else
			fmt_count(c, in->v[i], v[i], sizeof v[i]);
		cells[1 + i] = v[i];
	}
	table_row(t, cells);
}

/* The widths of a table with a column per year shown, in w (1 + YEARS). */
static const double *year_widths(const struct rctx *c, double *w)
{
	w[0] = c->st.years.w[0];
	for (size_t i = 0; i < c->ny; i++)
		w[1 + i] = c->st.years.w[1];
	return w;
}

static void volume(struct rctx *c, struct indic *out)
{
	heading(c, "h.volume");
	para(c, txt(c, "volume.intro"));
	double yw[1 + YEARS];
	struct doc_table *t = table_new(c, "table.indicator", year_widths(c, yw), 1 + c->ny, true);
	double vals[2 * YEARS];
	for (int k = 0; k < 2; k++) {
		out[k] = (struct indic){k ? "volume.2" : "volume.1", {0}, false, NAN, 0};
		for (size_t i = 0; i < c->ny; i++) {
			const struct ind_year *y = &c->yr[i];
			double v = k ? y->curators : y->supported;
			out[k].v[i] = y->under_patronage ? v : NAN;
			vals[k * c->ny + i] = out[k].v[i];
		}
		indic_row(c, t, &out[k], NULL);
	}
	char from[16], to[16];
	date_format((struct date){c->year - 2, 9, 1}, from, sizeof from);
	date_format((struct date){c->year + 1, 8, 31}, to, sizeof to);
	const char *kv[] = {"period", c->period, "from", from, "to", to, NULL};
	note_say(c, "volume.rule", kv);
	const char *series[] = {txt(c, "volume.short1"), txt(c, "volume.short2")};
	chart(c, DOC_CHART_BAR, "volume.chart", 2, series, vals, false);
}

static void effect(struct rctx *c, struct indic *out)
{
	heading(c, "h.effect");
	para(c, txt(c, "effect.intro"));
	double yw[1 + YEARS];
	struct doc_table *t = table_new(c, "table.indicator", year_widths(c, yw), 1 + c->ny, true);
	static const int good[IND_EFFECT] = {0, 1, -1, -1, -1};
	double vals[IND_EFFECT * YEARS];
	const char *series[IND_EFFECT];
	size_t ns = 0;
	for (int k = 0; k < IND_EFFECT; k++) {
		char id[32], sid[32];
		snprintf(id, sizeof id, "effect.%d", k + 1);
		snprintf(sid, sizeof sid, "effect.short%d", k + 1);
		bool count = k == 3; /* the seed: «число выпускников, отказавшихся …» */
		out[k] = (struct indic){tdef_find(id)->id, {0}, !count, NAN, good[k]};
		struct ind_share sh[YEARS];
		for (size_t i = 0; i < c->ny; i++) {
			sh[i] = c->yr[i].effect[k];
			out[k].v[i] = count ? (c->yr[i].under_patronage ? sh[i].n : NAN) : ind_pct(sh[i]);
		}
		indic_row(c, t, &out[k], count ? NULL : sh);
		if (count)
			continue; /* a count has no place among the percentages of the chart */
		series[ns] = txt(c, tdef_find(sid)->id);
		for (size_t i = 0; i < c->ny; i++)
			vals[ns * c->ny + i] = out[k].v[i];
		ns++;
	}
	for (int b = 0; b < 2; b++) {
		struct indic base = {b ? "effect.base2" : "effect.base1", {0}, false, NAN, 0};
		for (size_t i = 0; i < c->ny; i++) {
			int v = c->yr[i].effect[b ? 4 : 0].base;
			base.v[i] = v >= 0 ? v : NAN;
		}
		indic_row(c, t, &base, NULL);
	}
	note_say(c, "effect.rule", NULL);
	chart(c, DOC_CHART_BAR, "effect.chart", ns, series, vals, true);
}

static void outcome(struct rctx *c, struct indic *out)
{
	heading(c, "h.outcome");
	char date[16];
	date_format(c->today, date, sizeof date);
	const char *kv[] = {"date", date, NULL};
	para_say(c, "outcome.intro", kv);
	double yw[1 + YEARS];
	struct doc_table *t = table_new(c, "table.indicator", year_widths(c, yw), 1 + c->ny, true);
	struct indic base = {"outcome.base", {0}, false, NAN, 0};
	for (size_t i = 0; i < c->ny; i++)
		base.v[i] = c->yr[i].outcome[0].base > 0 ? c->yr[i].outcome[0].base : NAN;
	indic_row(c, t, &base, NULL);
	static const int good[IND_OUTCOME] = {1, 1, 1, 1, 0, 0, 0, -1, -1};
	for (int k = 0; k < IND_OUTCOME; k++) {
		char id[32];
		snprintf(id, sizeof id, "outcome.%d", k + 1);
		out[k] = (struct indic){tdef_find(id)->id, {0}, true, NAN, good[k]};
		struct ind_share sh[YEARS];
		for (size_t i = 0; i < c->ny; i++) {
			sh[i] = c->yr[i].outcome[k];
			out[k].v[i] = ind_pct(sh[i]);
		}
		indic_row(c, t, &out[k], sh);
	}
	double vals[IND_LIFE * YEARS];
	const char *series[IND_LIFE];
	for (int k = 0; k < IND_LIFE; k++) {
		char id[32];
		snprintf(id, sizeof id, "life.%d", k + 1);
		series[k] = txt(c, tdef_find(id)->id);
		for (size_t i = 0; i < c->ny; i++)
			vals[k * c->ny + i] = ind_pct((struct ind_share){c->yr[i].life[k], c->yr[i].outcome[0].base});
	}
	note_say(c, "outcome.rule", kv);
	chart(c, DOC_CHART_STACKED, "outcome.chart", IND_LIFE, series, vals, true);
}

static double target_of(const struct rctx *c, int y, const char *id)
{
	double v;
	return institution_target(&c->m->inst, y, id, &v) ? v : NAN;
}

static void mentoring_forms(struct rctx *c)
{
	para(c, txt(c, "mentoring.forms"));
	double yw[1 + YEARS];
	struct doc_table *t = table_new(c, "mentoring.form", year_widths(c, yw), 1 + c->ny, true);
	for (int f = FORM_TEACHER_TEACHER; f <= FORM_COUNT; f++) {
		const char *cells[1 + YEARS];
		char v[YEARS][32];
		cells[0] = f == FORM_COUNT ? txt(c, "mentoring.total") : model_form_name((enum mentoring_form)f);
		for (size_t i = 0; i < c->ny; i++) {
			const struct ind_year *y = &c->yr[i];
			fmt_count(c, y->pairs ? (f == FORM_COUNT ? y->pairs : y->by_form[f]) : NAN, v[i], sizeof v[i]);
			cells[1 + i] = v[i];
		}
		table_row(t, cells);
	}
}

static void mentoring(struct rctx *c, struct indic *out)
{
	static const char *const tid[] = {"pairs", "pairs-share", "mentee-satisfaction", "mentor-satisfaction",
					  "mentee-share"};
	heading(c, "h.mentoring");
	mentoring_forms(c);
	for (int k = 0; k < 5; k++) {
		char id[32];
		snprintf(id, sizeof id, "mentoring.%d", k + 1);
		out[k] = (struct indic){tdef_find(id)->id, {0}, k > 0, NAN, 1};
		for (size_t i = 0; i < c->ny; i++) {
			const struct ind_year *y = &c->yr[i];
			double v[] = {y->pairs ? y->pairs : NAN, ind_pct(y->pairs_share), y->mentee_sat, y->mentor_sat,
				      ind_pct(y->mentee_share)};
			out[k].v[i] = v[k];
		}
		out[k].target = target_of(c, c->year, tid[k]);
	}
	doc_add_space(c->d, c->st.block.before);
	para(c, txt(c, "mentoring.targets"));
	double w[1 + 2 * YEARS] = {c->st.targets.w[0]};
	for (size_t i = 0; i < 2 * c->ny; i++)
		w[1 + i] = c->st.targets.w[1];
	struct doc_table *t = doc_add_table(c->d, 1 + 2 * c->ny, w);
	t->size = c->st.table.size;
	const char *hdr[1 + 2 * YEARS];
	char hl[2 * YEARS][48];
	hdr[0] = txt(c, "table.indicator");
	for (size_t i = 0; i < c->ny; i++)
		for (int g = 0; g < 2; g++) {
			snprintf(hl[2 * i + g], sizeof hl[0], "%d/%d\n%s", c->yr[i].year, c->yr[i].year + 1,
				 txt(c, g ? "mentoring.goal" : "mentoring.fact"));
			hdr[1 + 2 * i + g] = hl[2 * i + g];
		}
	doc_table_add_row(t, hdr, false, true);
	double lines1[4 * YEARS], lines2[4 * YEARS];
	for (int k = 0; k < 5; k++) {
		const char *cells[1 + 2 * YEARS];
		char v[2 * YEARS][48];
		cells[0] = txt(c, out[k].name_id);
		for (size_t i = 0; i < c->ny; i++) {
			double tg = target_of(c, c->yr[i].year, tid[k]);
			if (k == 0) {
				fmt_count(c, out[k].v[i], v[2 * i], sizeof v[0]);
				fmt_count(c, tg, v[2 * i + 1], sizeof v[0]);
			} else {
				fmt_pct(c, out[k].v[i], v[2 * i], sizeof v[0]);
				fmt_pct(c, tg, v[2 * i + 1], sizeof v[0]);
			}
			cells[1 + 2 * i] = v[2 * i];
			cells[2 + 2 * i] = v[2 * i + 1];
			/* chart 1: pairs share and mentee share; chart 2: the satisfactions */
			double *dst = k == 1 || k == 4 ? lines1 : lines2;
			int s = k == 1 || k == 2 ? 0 : 2;
			if (k > 0) {
				dst[(size_t)s * c->ny + i] = out[k].v[i];
				dst[(size_t)(s + 1) * c->ny + i] = tg;
			}
		}
		table_row(t, cells);
	}
	char s1[4][96], s2[4][96];
	const char *ser1[4], *ser2[4];
	static const char *const n1[] = {"mentoring.short2", "mentoring.short5"};
	static const char *const n2[] = {"mentoring.short3", "mentoring.short4"};
	for (int s = 0; s < 4; s++) {
		const char *fg = txt(c, s % 2 ? "mentoring.goal" : "mentoring.fact");
		snprintf(s1[s], sizeof s1[s], "%s — %s", txt(c, n1[s / 2]), fg);
		snprintf(s2[s], sizeof s2[s], "%s — %s", txt(c, n2[s / 2]), fg);
		ser1[s] = s1[s], ser2[s] = s2[s];
	}
	chart(c, DOC_CHART_LINE, "mentoring.chart1", 4, ser1, lines1, true);
	chart(c, DOC_CHART_LINE, "mentoring.chart2", 4, ser2, lines2, true);
	const struct ind_year *y = &c->yr[c->ny - 1];
	char val[48], tg[48], me[16], st[16];
	fmt_pct(c, ind_pct(y->mentee_share), val, sizeof val);
	fmt_pct(c, out[4].target, tg, sizeof tg);
	snprintf(me, sizeof me, "%d", y->student_mentees);
	snprintf(st, sizeof st, "%d", y->mentee_share.base);
	const char *kv[] = {"period", c->period, "value", val, "mentees", me, "students", st, "target", tg, NULL};
	doc_add_space(c->d, c->st.block.before);
	para_say(c, isnan(ind_pct(y->mentee_share)) ? "mentoring.regional.none" : "mentoring.regional", kv);
}

/* Lower-cases the first letter (А..Я) of s in place: a title inside a sentence. */
static void lower_first(char *s)
{
	unsigned char *u = (unsigned char *)s;
	if (u[0] == 0xD0 && u[1] >= 0x90 && u[1] <= 0x9F)
		u[1] += 0x20;
	else if (u[0] == 0xD0 && u[1] >= 0xA0 && u[1] <= 0xAF)
		u[0] = 0xD1, u[1] -= 0x20;
}

/* A copy of s without its final full stop (a text the template goes on after). */
static char *no_stop(const char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '.'))
		n--;
	return xstrndup(s, n);
}

/* The kinds' titles joined by ", " for the bits of mask except kind skip. A new string. */
static char *kind_list(const struct rctx *c, unsigned mask, int skip)
{
	struct buf b = BUF_INIT;
	for (int k = 0; k < IND_KINDS; k++) {
		if (!(mask & (1u << k)) || k == skip)
			continue;
		const struct tnode *n = kind_node(&c->t->root, k);
		char *lc = xstrdup(n ? tnode_attr(n, "title", "") : "");
		lower_first(lc);
		if (buf_cstr(&b)[0])
			buf_adds(&b, ", ");
		buf_adds(&b, lc);
		free(lc);
	}
	return buf_take(&b);
}

/* One graduate's unresolved difficulty: who, the latest record, the help given, the plan. */
static void trouble_item(struct rctx *c, const struct ind_trouble *t)
{
	const struct graduate *g = &c->m->graduates[t->graduate];
	const struct record *r = &c->m->records[t->record];
	char *name = model_short_name(g->surname, g->name, g->patronymic);
	char date[16];
	date_format(r->date, date, sizeof date);
	struct buf b = BUF_INIT;
	const char *ki[] = {"name", name, "id", g->id, "date", date, "text", r->difficulties, NULL};
	char *s = say(c, "diff.item", ki);
	buf_adds(&b, s);
	free(s);
	bool help = r->help && *r->help;
	char *hs = no_stop(help ? r->help : "");
	const char *kh[] = {"help", hs, "by", r->help_by ? r->help_by : "", NULL};
	s = say(c, help ? (r->help_by && *r->help_by ? "diff.help" : "diff.help.anon") : "diff.help.none", kh);
	buf_printf(&b, " %s", s);
	free(s);
	free(hs);
	bool planned = r->planned_help && *r->planned_help;
	const char *kp[] = {"planned", planned ? r->planned_help : "", NULL};
	s = say(c, planned ? "diff.planned" : "diff.planned.none", kp);
	buf_printf(&b, " %s", s);
	free(s);
	if (t->kinds & ~(1u << t->kind)) {
		char *also = kind_list(c, t->kinds, t->kind);
		const char *ka[] = {"kinds", also, NULL};
		s = say(c, "diff.also", ka);
		buf_printf(&b, " %s", s);
		free(s);
		free(also);
	}
	struct doc_para *p = para(c, buf_cstr(&b));
	p->indent_first = c->st.body.indent;
	buf_free(&b);
	free(name);
}

/* Which forms of work had effect: the plan items done for the graduates whose difficulty was
 * lifted during the year, by section. */
static void troubles_resolved(struct rctx *c, const struct ind_troubles *tr)
{
	char n[16];
	snprintf(n, sizeof n, "%d", tr->resolved);
	if (tr->resolved == 0) {
		const char *kv[] = {"period", c->period, NULL};
		para_say(c, "diff.resolved.none", kv);
		return;
	}
	if (tr->done[0] == 0) {
		const char *kv[] = {"period", c->period, "n", n, NULL};
		para_say(c, "diff.resolved.noplan", kv);
		return;
	}
	struct buf b = BUF_INIT;
	for (int sec = 1; sec <= 4; sec++) {
		if (!tr->done[sec])
			continue;
		char id[24], k[24];
		snprintf(id, sizeof id, "plan.%d", sec);
		snprintf(k, sizeof k, "%d", tr->done[sec]);
		const char *kv[] = {"section", txt(c, tdef_find(id)->id), "n", k, NULL};
		char *s = say(c, "diff.section", kv);
		if (buf_cstr(&b)[0])
			buf_adds(&b, "; ");
		buf_adds(&b, s);
		free(s);
	}
	const char *kv[] = {"period", c->period, "n", n, "sections", buf_cstr(&b), NULL};
	para_say(c, "diff.resolved", kv);
	buf_free(&b);
}

static void difficulties(struct rctx *c, const struct rec_index *ri, const struct tmpl *plan)
{
	heading(c, "h.difficulties");
	const char *kw[IND_KINDS];
	for (int k = 0; k < IND_KINDS; k++) {
		const struct tnode *n = kind_node(&c->t->root, k);
		kw[k] = n ? n->text : NULL;
	}
	struct ind_troubles tr;
	ind_troubles(c->m, ri, plan, c->year, c->today, kw, &tr);
	struct date upto = c->interim ? c->today : (struct date){c->year + 1, 8, 31};
	char date[16], n[16];
	date_format(upto, date, sizeof date);
	snprintf(n, sizeof n, "%zu", tr.n);
	const char *kv[] = {"period", c->period, "date", date, "n", n, NULL};
	if (tr.n == 0) {
		para_say(c, "diff.none", kv);
	} else {
		para_say(c, "diff.intro", kv);
		struct doc_table *t = table_new(c, "diff.table", c->st.words.w, c->st.words.n, false);
		for (int k = 0; k < IND_KINDS; k++) {
			if (!tr.by_kind[k])
				continue;
			const struct tnode *kn = kind_node(&c->t->root, k);
			char v[16];
			snprintf(v, sizeof v, "%d", tr.by_kind[k]);
			const char *cells[] = {kn ? tnode_attr(kn, "title", "") : "", v};
			table_row(t, cells);
		}
		note_say(c, "diff.rule", NULL);
		int shown = -1;
		for (size_t i = 0; i < tr.n; i++) {
			if (tr.v[i].kind != shown) {
				shown = tr.v[i].kind;
				const struct tnode *kn = kind_node(&c->t->root, shown);
				struct doc_para *p = doc_add_text(c->d, DOC_LEFT, DOC_ITALIC, kn ? tnode_attr(kn, "title", "") : "");
				p->indent_first = c->st.body.indent;
				p->space_before = c->st.block.before;
				p->keep_with_next = true;
			}
			trouble_item(c, &tr.v[i]);
		}
	}
	doc_add_space(c->d, c->st.block.before);
	troubles_resolved(c, &tr);
	c->troubles = (int)tr.n;
	c->trouble_kind = -1;
	for (int k = 0; k < IND_KINDS; k++)
		if (tr.by_kind[k] && (c->trouble_kind < 0 || tr.by_kind[k] > tr.by_kind[c->trouble_kind]))
			c->trouble_kind = k;
	c->trouble_kind_n = c->trouble_kind >= 0 ? tr.by_kind[c->trouble_kind] : 0;
	ind_troubles_free(&tr);
}

/* A section takes part in «наиболее / наименее результативная форма» only with this many
 * items due: one or two items say nothing of a form of work. */
#define PLAN_MIN_BASE 5

/* Items whose due date has come (marked, or their date passed with no mark). */
static int plan_due(const int *n)
{
	return n[PLAN_DONE] + n[PLAN_DONE_LATE] + n[PLAN_OVERDUE] + n[PLAN_NOT_DONE];
}

/* The share done in time, or «—» when nothing was due (nothing to measure, not missing data). */
static void plan_share(const struct rctx *c, const int *n, char *out, size_t cap)
{
	int due = plan_due(n);
	if (due == 0)
		snprintf(out, cap, "%s", txt(c, "plan.nothing"));
	else
		fmt_pct(c, 100.0 * n[PLAN_DONE] / due, out, cap);
}

static void plan_effect(struct rctx *c, const struct ind_plan *pl)
{
	int best = 0, worst = 0, eligible = 0;
	double bv = -1, wv = 101;
	for (int s = 1; s <= 4; s++) {
		const int *n = pl->n[s];
		int due = plan_due(n);
		if (due < PLAN_MIN_BASE)
			continue;
		eligible++;
		double v = 100.0 * n[PLAN_DONE] / due;
		if (v > bv)
			bv = v, best = s;
		if (v < wv)
			wv = v, worst = s;
	}
	char min[16];
	snprintf(min, sizeof min, "%d", PLAN_MIN_BASE);
	if (eligible < 2 || bv - wv < 0.05) {
		const char *kv[] = {"min", min, NULL};
		para_say(c, "plan.compare.none", kv);
		return;
	}
	int sec[2] = {best, worst};
	for (int k = 0; k < 2; k++) {
		const int *n = pl->n[sec[k]];
		char id[32], pct[32], done[16], due[16];
		snprintf(id, sizeof id, "plan.%d", sec[k]);
		plan_share(c, n, pct, sizeof pct);
		snprintf(done, sizeof done, "%d", n[PLAN_DONE]);
		snprintf(due, sizeof due, "%d", plan_due(n));
		const char *kv[] = {"section", txt(c, tdef_find(id)->id), "done", done, "due", due, "pct", pct,
				    "min", min, NULL};
		para_say(c, k ? "plan.worst" : "plan.best", kv);
	}
}

static void plan_section(struct rctx *c, const struct ind_plan *pl)
{
	const char *kv[] = {"period", c->period, NULL};
	int all = 0;
	for (int s = 0; s < 5; s++)
		all += pl->n[0][s];
	doc_add_space(c->d, c->st.block.before);
	if (all == 0) {
		para_say(c, "plan.none", kv);
		return;
	}
	para_say(c, "plan.intro", kv);
	struct doc_table *t = table_new(c, "plan.table", c->st.counts.w, c->st.counts.n, false);
	double vals[4 * 4];
	const char *cats[4];
	char catb[4][32];
	size_t ncat = 0;
	int secs[4]; /* the chart's sections: those with any item in the year */
	for (int s = 1; s <= 5; s++) {
		int sec = s == 5 ? 0 : s;
		const int *n = pl->n[sec];
		char id[32], v[6][32];
		snprintf(id, sizeof id, "plan.%d", s);
		/* the columns: due, in time, late, not done, share in time, not yet due */
		int counts[5] = {plan_due(n), n[PLAN_DONE], n[PLAN_DONE_LATE], n[PLAN_OVERDUE] + n[PLAN_NOT_DONE],
				 n[PLAN_OPEN]};
		for (int k = 0; k < 5; k++)
			snprintf(v[k], sizeof v[k], "%d", counts[k]);
		plan_share(c, n, v[5], sizeof v[5]);
		const char *cells[] = {s == 5 ? txt(c, "plan.total") : txt(c, tdef_find(id)->id), v[0], v[1],
				       v[2], v[3], v[5], v[4]};
		table_row(t, cells);
		if (s == 5)
			break;
		if (counts[0] + counts[4] > 0)
			secs[ncat++] = s;
	}
	for (size_t i = 0; i < ncat; i++) {
		const int *n = pl->n[secs[i]];
		char ns[16];
		snprintf(ns, sizeof ns, "%d", secs[i]);
		const char *kc[] = {"n", ns, NULL};
		char *cat = say(c, "plan.cat", kc);
		snprintf(catb[i], sizeof catb[0], "%s", cat);
		free(cat);
		cats[i] = catb[i];
		double v[4] = {n[PLAN_DONE], n[PLAN_DONE_LATE], n[PLAN_OVERDUE] + n[PLAN_NOT_DONE], n[PLAN_OPEN]};
		for (int k = 0; k < 4; k++)
			vals[(size_t)k * ncat + i] = v[k];
	}
	struct doc_para *note = doc_add_text(c->d, DOC_JUSTIFY, DOC_REGULAR, txt(c, "plan.note"));
	note->size = c->st.small.size;
	note->space_before = c->st.small.before;
	const char *series[] = {txt(c, "plan.s1"), txt(c, "plan.s2"), txt(c, "plan.s3"), txt(c, "plan.s4")};
	doc_add_space(c->d, c->st.chart.before);
	struct doc_chart *ch = doc_add_chart(c->d, DOC_CHART_STACKED, txt(c, "plan.chart"), ncat, cats, 4, series, vals);
	ch->y_label = xstrdup("");
	ch->height = c->st.chart.height;
	plan_effect(c, pl);
}

/* ---- conclusions and recommendations ------------------------------------------------------ */

/* The value as printed: "12,5 %" or "12". */
static void fmt_val(const struct rctx *c, const struct indic *in, double v, char *out, size_t n)
{
	if (in->pct)
		fmt_pct(c, v, out, n);
	else
		fmt_count(c, v, out, n);
}

/* The difference as printed: "2,3 п. п." for percents, "2" for counts. */
static void fmt_diff(const struct rctx *c, const struct indic *in, double d, char *out, size_t n)
{
	char num[32];
	if (in->pct)
		fmt_dec(fabs(d), num, sizeof num);
	else
		snprintf(num, sizeof num, "%.0f", fabs(d));
	if (!in->pct) {
		snprintf(out, n, "%s", num);
		return;
	}
	const char *kv[] = {"n", num, NULL};
	char *s = say(c, "points", kv);
	snprintf(out, n, "%s", s);
	free(s);
}

/* The value rounded as it prints (one decimal), so that "unchanged" means the same print. */
static double printed(const struct indic *in, double v)
{
	return in->pct ? round(v * 10) / 10 : round(v);
}

/* Index of the last year before the report's with a value, or -1. */
static int prev_year(const struct rctx *c, const struct indic *in)
{
	for (int i = (int)c->ny - 2; i >= 0; i--)
		if (!isnan(in->v[i]))
			return i;
	return -1;
}

/* The indicator's name as a sentence uses it: without the list number "2) " and the unit
 * (", %", ", чел."). */
static char *name_in_text(const struct rctx *c, const struct indic *in)
{
	const char *s = txt(c, in->name_id);
	const char *p = s;
	while (*p >= '0' && *p <= '9')
		p++;
	if (p > s && p[0] == ')' && p[1] == ' ')
		s = p + 2;
	size_t n = strlen(s);
	static const char *const units[] = {", %", ", чел."};
	for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
		size_t u = strlen(units[i]);
		if (n > u && strcmp(s + n - u, units[i]) == 0) {
			n -= u;
			break;
		}
	}
	return xstrndup(s, n);
}

/* The name as it stands inside « »: first letter lower case (unless the name starts with an
 * abbreviation), inner « » as „ “. Returns a new string. */
static char *quoted_name(const struct rctx *c, const struct indic *in)
{
	char *n = name_in_text(c, in);
	unsigned char *u = (unsigned char *)n;
	bool abbrev = u[0] == 0xD0 && u[2] == 0xD0 && u[3] >= 0x90 && u[3] <= 0xAF;
	if (!abbrev && u[0] == 0xD0 && u[1] >= 0x90 && u[1] <= 0x9F) /* А..П */
		u[1] += 0x20;
	else if (!abbrev && u[0] == 0xD0 && u[1] >= 0xA0 && u[1] <= 0xAF) /* Р..Я */
		u[0] = 0xD1, u[1] -= 0x20;
	struct buf b = BUF_INIT;
	for (const char *p = n; *p; p++) {
		if (strncmp(p, "«", strlen("«")) == 0)
			buf_adds(&b, "„"), p += strlen("«") - 1;
		else if (strncmp(p, "»", strlen("»")) == 0)
			buf_adds(&b, "“"), p += strlen("»") - 1;
		else
			buf_addc(&b, *p);
	}
	free(n);
	return buf_take(&b);
}

/* Capitalises the first letter (Russian or Latin) of s in place. */
static void capitalise(char *s)
{
	unsigned char *u = (unsigned char *)s;
	if (u[0] >= 'a' && u[0] <= 'z')
		u[0] -= 32;
	else if (u[0] == 0xD0 && u[1] >= 0xB0 && u[1] <= 0xBF) /* а..п */
		u[1] -= 0x20;
	else if (u[0] == 0xD1 && u[1] >= 0x80 && u[1] <= 0x8F) /* р..я */
		u[0] = 0xD0, u[1] += 0x20;
	else if (u[0] == 0xD1 && u[1] == 0x91) /* ё */
		u[0] = 0xD0, u[1] = 0x81;
}

/* One indicator's conclusion; an indicator with no value this year only joins the list of
 * those without data (one sentence for all of them). */
static void conclude(struct rctx *c, const struct indic *in, struct buf *nodata)
{
	size_t last = c->ny - 1;
	int p = prev_year(c, in);
	char from[48], to[48], diff[48], y1[16], y2[16];
	year_label(c->yr[last].year, y2, sizeof y2);
	fmt_val(c, in, in->v[last], to, sizeof to);
	const char *id;
	if (isnan(in->v[last])) {
		char *q = quoted_name(c, in);
		buf_printf(nodata, "%s«%s»", buf_cstr(nodata)[0] ? ", " : "", q);
		free(q);
		return;
	} else if (p < 0) {
		id = "concl.single";
		from[0] = diff[0] = y1[0] = '\0';
	} else {
		year_label(c->yr[p].year, y1, sizeof y1);
		fmt_val(c, in, in->v[p], from, sizeof from);
		double d = printed(in, in->v[last]) - printed(in, in->v[p]);
		fmt_diff(c, in, d, diff, sizeof diff);
		id = d > 0.01 ? "concl.rose" : d < -0.01 ? "concl.fell" : "concl.same";
		if ((in->good > 0 && d < -0.01) || (in->good < 0 && d > 0.01))
			c->worse++;
		c->compared++;
	}
	char *name = name_in_text(c, in);
	const char *kv[] = {"indicator", name, "from", from, "to", to, "diff", diff, "y1", y1, "y2", y2, NULL};
	char *s = say(c, id, kv);
	free(name);
	capitalise(s);
	struct buf b = BUF_INIT;
	buf_adds(&b, s);
	free(s);
	if (!isnan(in->target)) {
		char tg[48], gap[48];
		fmt_val(c, in, in->target, tg, sizeof tg);
		bool met = printed(in, in->v[last]) >= printed(in, in->target);
		fmt_diff(c, in, in->target - in->v[last], gap, sizeof gap);
		const char *kt[] = {"target", tg, "gap", gap, NULL};
		s = say(c, met ? "concl.met" : "concl.missed", kt);
		buf_printf(&b, " %s", s);
		free(s);
		c->targets++;
		c->met += met;
	}
	para(c, buf_cstr(&b));
	buf_free(&b);
}

static void conclusions(struct rctx *c, const struct indic *all, size_t n)
{
	heading(c, "h.conclusions");
	struct buf nodata = BUF_INIT;
	for (size_t i = 0; i < n; i++)
		conclude(c, &all[i], &nodata);
	if (buf_cstr(&nodata)[0]) {
		char y2[16];
		year_label(c->yr[c->ny - 1].year, y2, sizeof y2);
		const char *kv[] = {"list", buf_cstr(&nodata), "y2", y2, NULL};
		para_say(c, "concl.nodata", kv);
	}
	buf_free(&nodata);
	char met[16], tg[16], worse[16], date[16];
	snprintf(met, sizeof met, "%d", c->met);
	snprintf(tg, sizeof tg, "%d", c->targets);
	snprintf(worse, sizeof worse, "%d", c->worse);
	date_format(c->today, date, sizeof date);
	const char *kv[] = {"period", c->period, "met", met, "targets", tg, "worse", worse, "date", date, NULL};
	const char *id;
	if (c->interim)
		id = "concl.overall.interim"; /* a year not ended: no verdict from values still empty */
	else if (c->targets == 0 && c->compared == 0)
		id = "concl.overall.none";
	else if (c->met * 2 >= c->targets && c->worse == 0)
		id = "concl.overall.good";
	else
		id = c->worse ? "concl.overall.bad" : "concl.overall.bad.targets";
	struct doc_para *p = doc_add_para(c->d, DOC_JUSTIFY);
	char *s = say(c, id, kv);
	doc_para_add(p, DOC_BOLD, s);
	free(s);
	p->indent_first = c->st.body.indent;
	p->hyphenate = true;
	p->space_before = c->st.block.before;
}

struct recs {
	int n;
};

static void rec(struct rctx *c, struct recs *r, const char *id, const char *const *kv)
{
	char *s = say(c, id, kv);
	char *num = xasprintf("%d. %s", ++r->n, s);
	para(c, num);
	free(num);
	free(s);
}

static void rec_indicators(struct rctx *c, struct recs *r, const struct indic *all, size_t n)
{
	size_t last = c->ny - 1;
	for (size_t i = 0; i < n; i++) {
		const struct indic *in = &all[i];
		int p = prev_year(c, in);
		if (isnan(in->v[last]) || p < 0 || in->good == 0)
			continue;
		double d = printed(in, in->v[last]) - printed(in, in->v[p]);
		if (!((in->good > 0 && d < -0.01) || (in->good < 0 && d > 0.01)))
			continue;
		char from[48], to[48], diff[48];
		fmt_val(c, in, in->v[p], from, sizeof from);
		fmt_val(c, in, in->v[last], to, sizeof to);
		fmt_diff(c, in, d, diff, sizeof diff);
		char *name = quoted_name(c, in);
		const char *kv[] = {"indicator", name, "from", from, "to", to, "diff", diff, NULL};
		rec(c, r, in->good > 0 ? "rec.worse" : "rec.rise", kv);
		free(name);
	}
	for (size_t i = 0; i < n; i++) {
		const struct indic *in = &all[i];
		if (isnan(in->target) || isnan(in->v[last]) || printed(in, in->v[last]) >= printed(in, in->target))
			continue; /* met, or nothing to compare yet */
		char v[48], tg[48];
		fmt_val(c, in, in->v[last], v, sizeof v);
		fmt_val(c, in, in->target, tg, sizeof tg);
		char *name = quoted_name(c, in);
		const char *kv[] = {"indicator", name, "value", v, "target", tg, NULL};
		rec(c, r, "rec.target", kv);
		free(name);
	}
}

/* seeds/001: the group has the head or a deputy, a social pedagogue, a psychologist, a
 * defectologist and other teachers, five people at least. */
static void rec_group(struct rctx *c, struct recs *r)
{
	int has[ROLE_COUNT + 1] = {0};
	for (size_t i = 0; i < c->m->nstaff; i++)
		has[c->m->staff[i].role]++;
	const char *missing[5];
	int nm = 0;
	if (!has[ROLE_HEAD] && !has[ROLE_DEPUTY])
		missing[nm++] = txt(c, "role.head");
	static const enum role need[] = {ROLE_SOCIAL_PEDAGOGUE, ROLE_PSYCHOLOGIST, ROLE_DEFECTOLOGIST};
	for (int k = 0; k < 3; k++)
		if (!has[need[k]])
			missing[nm++] = model_role_name(need[k]);
	if (!has[ROLE_TEACHER] && !has[ROLE_CLASS_TEACHER])
		missing[nm++] = txt(c, "role.teachers");
	for (int k = 0; k < nm; k++) {
		const char *kv[] = {"role", missing[k], NULL};
		rec(c, r, "rec.role", kv);
	}
	if (c->m->nstaff < 5) {
		char n[16];
		snprintf(n, sizeof n, "%zu", c->m->nstaff);
		const char *kv[] = {"n", n, NULL};
		rec(c, r, "rec.size", kv);
	}
}

static void recommendations(struct rctx *c, const struct rec_index *ri, const struct indic *all, size_t n,
			    const struct ind_plan *pl)
{
	heading(c, "h.recommendations");
	struct recs r = {0};
	int graduates;
	int gaps = ind_gaps(c->m, ri, c->year, c->today, &graduates);
	if (gaps) {
		char g[16], ng[16];
		snprintf(g, sizeof g, "%d", gaps);
		snprintf(ng, sizeof ng, "%d", graduates);
		const char *kv[] = {"period", c->period, "n", g, "graduates", ng, NULL};
		rec(c, &r, "rec.gaps", kv);
	}
	int late = pl->n[0][PLAN_OVERDUE] + pl->n[0][PLAN_NOT_DONE], total = plan_due(pl->n[0]);
	if (late) {
		char l[16], t[16];
		snprintf(l, sizeof l, "%d", late);
		snprintf(t, sizeof t, "%d", total);
		const char *kv[] = {"n", l, "total", t, NULL};
		rec(c, &r, "rec.overdue", kv);
	}
	if (c->troubles) {
		char t[16], k[16];
		snprintf(t, sizeof t, "%d", c->troubles);
		snprintf(k, sizeof k, "%d", c->trouble_kind_n);
		const struct tnode *kn = kind_node(&c->t->root, c->trouble_kind);
		char *kind = xstrdup(kn ? tnode_attr(kn, "title", "") : "");
		lower_first(kind); /* «Жилищные» → «жилищные» inside a sentence */
		const char *kv[] = {"n", t, "kind", kind, "k", k, NULL};
		rec(c, &r, "rec.troubles", kv);
		free(kind);
	}
	rec_indicators(c, &r, all, n);
	rec_group(c, &r);
	if (r.n == 0)
		para(c, txt(c, "rec.none"));
}

static void signature(struct rctx *c)
{
	const struct model *m = c->m;
	const struct staff *s = NULL;
	for (size_t i = 0; i < m->nstaff && !s; i++)
		if (m->staff[i].role == ROLE_DEPUTY)
			s = &m->staff[i];
	for (size_t i = 0; i < m->nstaff && !s; i++)
		if (m->staff[i].role == ROLE_HEAD)
			s = &m->staff[i];
	const struct institution *in = &m->inst;
	char *name = s ? model_initials_first(s->surname, s->name, s->patronymic)
		       : model_initials_first(in->director_surname, in->director_name, in->director_patronymic);
	const char *kv[] = {"position", s ? s->position : in->director_position, NULL};
	char *left = say(c, "sign.position", kv);
	doc_add_space(c->d, c->st.signature.before);
	struct doc_signature *sig = doc_add_signature(c->d, left, name, txt(c, "sign.caption"));
	sig->keep_with_next = true; /* «Дата составления отчёта» never alone on a page */
	char date[16];
	date_format(c->today, date, sizeof date);
	const char *kd[] = {"date", date, NULL};
	char *d = say(c, "sign.date", kd);
	struct doc_para *p = doc_add_text(c->d, DOC_LEFT, DOC_REGULAR, d);
	p->space_before = c->st.signature.after;
	free(d);
	free(left);
	free(name);
}

/* ---- the report ------------------------------------------------------------------------- */

static void pick_years(struct rctx *c)
{
	c->ny = 0;
	for (int y = c->year - YEARS + 1; y <= c->year; y++) {
		struct ind_year iy;
		ind_year(c->m, y, &iy);
		if (iy.has_data || y == c->year)
			c->yr[c->ny++] = iy;
	}
}

struct doc *report_build(const struct model *m, const struct rec_index *ri, const struct tmpl *report,
			 const struct tmpl *plan, int year, struct date today)
{
	struct rctx c = {.m = m, .t = report, .d = doc_new(), .year = year, .today = today,
			 .interim = report_interim(year, today)};
	tmpl_sheet(report, DOC_FORM_REPORT, &c.st, NULL);
	c.d->size = c.st.body.size;
	year_label(year, c.period, sizeof c.period);
	pick_years(&c);
	char *title = xasprintf("%s %s", txt(&c, "title"), c.period);
	doc_set_info(c.d, title, m->inst.name, "Аналитический отчёт о работе по патронатному сопровождению");
	free(title);
	struct indic all[2 + IND_EFFECT + IND_OUTCOME + 5];
	title_page(&c);
	group(&c);
	volume(&c, all);
	effect(&c, all + 2);
	outcome(&c, all + 2 + IND_EFFECT);
	mentoring(&c, all + 2 + IND_EFFECT + IND_OUTCOME);
	difficulties(&c, ri, plan);
	struct ind_plan pl;
	ind_plan(m, plan, year, today, &pl);
	plan_section(&c, &pl);
	size_t n = sizeof all / sizeof *all;
	conclusions(&c, all, n);
	recommendations(&c, ri, all, n, &pl);
	signature(&c);
	return c.d;
}
