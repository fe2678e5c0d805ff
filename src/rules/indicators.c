/* indicators: counts and bases of the analytic report, one academic year at a time.
 * Invariant: counting only — no division, no formatting; the definitions of which graduates,
 * pairs, records and plan items belong to a year are the ones written in indicators.h. */
#include "indicators.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/institution.h"
#include "rules/plan.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static struct date year_first(int y) { return (struct date){y, 9, 1}; }
static struct date year_last(int y) { return (struct date){y + 1, 8, 31}; }

bool ind_under_patronage(struct date g, int y)
{
	if (date_empty(g))
		return false;
	return date_cmp(g, year_last(y)) <= 0 && date_cmp(period_patronage_end(g), year_first(y)) >= 0;
}

double ind_pct(struct ind_share s)
{
	if (s.base <= 0)
		return NAN;
	return 100.0 * s.n / s.base;
}

static bool in_year(struct date d, int y)
{
	return !date_empty(d) && date_academic_year(d) == y;
}

/* §4.1 and the cohort. */
static void volume(const struct model *m, int y, struct ind_year *o)
{
	bool *cur = xcalloc(m->nstaff + 1, sizeof *cur);
	for (size_t i = 0; i < m->ngraduates; i++) {
		const struct graduate *g = &m->graduates[i];
		if (in_year(g->graduation, y))
			o->cohort++;
		if (!ind_under_patronage(g->graduation, y))
			continue;
		o->under_patronage++;
		if (g->curator_index < m->nstaff) {
			o->supported++;
			if (!cur[g->curator_index])
				o->curators++;
			cur[g->curator_index] = true;
		}
	}
	free(cur);
}

/* §4.2: graduates under patronage in y against the institution's totals of the year. */
static void effect(const struct model *m, int y, struct ind_year *o)
{
	const struct year_totals *t = institution_year(&m->inst, y);
	int grads = t ? t->graduates : -1, adm = t ? t->admitted : -1;
	if (o->under_patronage == 0)
		grads = adm = -1; /* the model holds nobody under patronage this year: nothing to say */
	for (int k = 0; k < IND_EFFECT; k++)
		o->effect[k] = (struct ind_share){0, k == 4 ? adm : grads};
	for (size_t i = 0; i < m->ngraduates; i++) {
		const struct graduate *g = &m->graduates[i];
		if (!ind_under_patronage(g->graduation, y))
			continue;
		o->effect[0].n++;
		o->effect[1].n += g->curator_index < m->nstaff;
		o->effect[2].n += g->offence;
		o->effect[3].n += g->parental_rights;
		o->effect[4].n += g->dropped_out;
	}
}

static int life_group(const struct graduate *g)
{
	switch (g->status) {
	case LIFE_EMPLOYED: return g->by_specialty ? 0 : 1;
	case LIFE_STUDYING: return 2;
	case LIFE_ARMY: return 3;
	case LIFE_PARENTAL_LEAVE: return 4;
	case LIFE_IDLE: return 5;
	case LIFE_OTHER: return 6;
	default: return 7;
	}
}

/* §4.3: of the graduates under patronage in y who completed their education. */
static void outcome(const struct model *m, int y, struct ind_year *o)
{
	int base = 0;
	int n[IND_OUTCOME] = {0};
	for (size_t i = 0; i < m->ngraduates; i++) {
		const struct graduate *g = &m->graduates[i];
		if (!ind_under_patronage(g->graduation, y) || g->dropped_out)
			continue;
		base++;
		bool emp = g->status == LIFE_EMPLOYED;
		bool flags[IND_OUTCOME] = {g->honours, g->university, g->second_specialty,
					   emp && g->by_specialty, emp && !g->by_specialty,
					   g->status == LIFE_ARMY, g->status == LIFE_PARENTAL_LEAVE,
					   g->employment_centre, g->antisocial};
		for (int k = 0; k < IND_OUTCOME; k++)
			n[k] += flags[k];
		o->life[life_group(g)]++;
	}
	for (int k = 0; k < IND_OUTCOME; k++)
		o->outcome[k] = (struct ind_share){n[k], base};
}

static bool student_form(enum mentoring_form f)
{
	return f == FORM_TEACHER_STUDENT || f == FORM_EMPLOYER_STUDENT || f == FORM_STUDENT_STUDENT;
}

static double mean(long sum, int n)
{
	return n ? (double)sum / n : NAN;
}

static void mentoring(const struct model *m, int y, struct ind_year *o)
{
	long ssum[2] = {0, 0};
	int scnt[2] = {0, 0};
	for (size_t i = 0; i < m->npairs; i++) {
		const struct pair *p = &m->pairs[i];
		if (!in_year(p->start, y))
			continue;
		o->pairs++;
		o->by_form[p->form]++;
		if (p->mentee_satisfaction >= 0)
			ssum[0] += p->mentee_satisfaction, scnt[0]++;
		if (p->mentor_satisfaction >= 0)
			ssum[1] += p->mentor_satisfaction, scnt[1]++;
		if (!student_form(p->form))
			continue;
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = in_year(m->pairs[j].start, y) && student_form(m->pairs[j].form) &&
			       strcmp(m->pairs[j].mentee, p->mentee) == 0;
		o->student_mentees += !seen;
	}
	o->mentee_sat = mean(ssum[0], scnt[0]);
	o->mentor_sat = mean(ssum[1], scnt[1]);
	const struct year_totals *t = institution_year(&m->inst, y);
	int need = t ? t->need_mentor : -1, students = t ? t->students : -1;
	if (o->pairs == 0)
		need = students = -1; /* the mentoring table does not cover this year */
	o->pairs_share = (struct ind_share){o->student_mentees, need};
	o->mentee_share = (struct ind_share){o->student_mentees, students};
}

void ind_year(const struct model *m, int y, struct ind_year *out)
{
	memset(out, 0, sizeof *out);
	out->year = y;
	volume(m, y, out);
	effect(m, y, out);
	outcome(m, y, out);
	mentoring(m, y, out);
	out->has_data = out->under_patronage || out->cohort || out->pairs || institution_year(&m->inst, y);
}

/* ---- difficulties: words and records --------------------------------------------------- */

#define MAX_WORD 48 /* code points of a keyword */

static unsigned lower(unsigned cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 32;
	if (cp >= 0x410 && cp <= 0x42F)
		return cp + 0x20;
	if (cp == 0x401)
		return 0x451;
	return cp;
}

static bool letter(unsigned cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 0x430 && cp <= 0x44F) || cp == 0x451;
}

/* A record that says no difficulty was found: empty, «нет», or «… не выявлены». */
static bool no_difficulty(const char *s)
{
	if (!s)
		return true;
	static const char *const none[] = {"", "нет", "Нет", "нет.", "Нет.", "—", "-"};
	while (*s == ' ')
		s++;
	for (size_t i = 0; i < sizeof none / sizeof *none; i++)
		if (strcmp(s, none[i]) == 0)
			return true;
	return strstr(s, "не выявлен") || strstr(s, "Не выявлен");
}

/* ---- half-year gaps and plan completion ------------------------------------------------ */

int ind_gaps(const struct model *m, const struct rec_index *ri, int y, struct date today, int *graduates)
{
	int gaps = 0;
	*graduates = 0;
	for (size_t gi = 0; gi < m->ngraduates; gi++) {
		struct date g = m->graduates[gi].graduation;
		int mine = 0;
		for (int k = 1; k <= PERIODS && !date_empty(g); k++) {
			struct date last = period_last(g, k);
			if (!in_year(last, y) || date_cmp(last, today) >= 0)
				continue;
			bool found = false;
			for (size_t j = ri->start[gi]; j < ri->start[gi + 1] && !found; j++)
				found = period_of(g, m->records[ri->order[j]].date) == k;
			mine += !found;
		}
		gaps += mine;
		*graduates += mine > 0;
	}
	return gaps;
}

void ind_plan(const struct model *m, const struct tmpl *plan, int y, struct date today, struct ind_plan *out)
{
	memset(out, 0, sizeof *out);
	if (!plan)
		return;
	for (size_t gi = 0; gi < m->ngraduates; gi++) {
		if (!ind_under_patronage(m->graduates[gi].graduation, y))
			continue;
		struct plan_items pi = {0};
		plan_items(m, gi, plan, today, &pi);
		for (size_t k = 0; k < pi.n; k++) {
			const struct plan_item *it = &pi.v[k];
			/* a standard recurrence nobody marks tells nothing of the work done */
			if (!it->tracked || !in_year(it->due, y) || it->section < 1 || it->section > 4 ||
			    (int)it->state > 4)
				continue;
			out->n[it->section][it->state]++;
			out->n[0][it->state]++;
		}
		plan_items_free(&pi);
	}
}

/* ---- named difficulties ------------------------------------------------------------------ */

bool ind_names_difficulty(const char *s)
{
	return !no_difficulty(s);
}

/* s in lower case (Russian and Latin letters), a new string. */
static char *lower_copy(const char *s)
{
	size_t n = strlen(s);
	char *out = xmalloc(2 * n + 1), *o = out;
	for (size_t i = 0; i < n;) {
		size_t len = 1;
		int cp = utf8_decode(s + i, n - i, &len);
		if (cp > 0 && len)
			o += utf8_encode(lower((unsigned)cp), o);
		else
			*o++ = s[i];
		i += len ? len : 1;
	}
	*o = '\0';
	return out;
}

/* True when some word of text (lower case) begins with one of the keywords. */
static bool has_keyword(const char *text, const char *keywords)
{
	if (!keywords)
		return false;
	char w[4 * MAX_WORD + 1];
	for (const char *k = keywords; *k;) {
		while (*k == ' ' || *k == '\n' || *k == '\t' || *k == '\r')
			k++;
		size_t l = strcspn(k, " \n\t\r");
		if (l == 0 || l >= sizeof w) {
			k += l;
			continue;
		}
		memcpy(w, k, l);
		w[l] = '\0';
		for (const char *p = strstr(text, w); p; p = strstr(p + 1, w)) {
			size_t len = 1;
			int before = 0;
			/* the character before p: a word starts after a non-letter */
			if (p > text) {
				const char *q = p - 1;
				while (q > text && ((unsigned char)*q & 0xC0) == 0x80)
					q--;
				before = utf8_decode(q, (size_t)(p - q), &len);
			}
			if (p == text || !letter((unsigned)(before > 0 ? before : 0)))
				return true;
		}
		k += l;
	}
	return false;
}

static unsigned kinds_of(const struct graduate *g, const struct record *r, const char *const kw[IND_KINDS])
{
	unsigned k = 0;
	char *t = lower_copy(r->difficulties ? r->difficulties : "");
	for (int i = 0; i < KIND_OTHER; i++)
		if (kw && has_keyword(t, kw[i]))
			k |= 1u << i;
	free(t);
	if (g->offence || g->antisocial)
		k |= 1u << KIND_LAW;
	if (g->employment_centre || g->status == LIFE_IDLE)
		k |= 1u << KIND_EMPLOYMENT;
	if (g->parental_rights)
		k |= 1u << KIND_FAMILY;
	return k;
}

static int by_kind_then_graduate(const void *a, const void *b)
{
	const struct ind_trouble *x = a, *y = b;
	if (x->kind != y->kind)
		return x->kind - y->kind;
	return x->graduate < y->graduate ? -1 : x->graduate > y->graduate;
}

/* Plan items of graduate gi due in y and done (in time or late), by section. */
static void count_done(const struct model *m, size_t gi, const struct tmpl *plan, int y, struct date today,
		       int done[5])
{
	if (!plan)
		return;
	struct plan_items pi = {0};
	plan_items(m, gi, plan, today, &pi);
	for (size_t k = 0; k < pi.n; k++) {
		const struct plan_item *it = &pi.v[k];
		if (!it->tracked || !in_year(it->due, y) || it->section < 1 || it->section > 4)
			continue;
		if (it->state == PLAN_DONE || it->state == PLAN_DONE_LATE) {
			done[it->section]++;
			done[0]++;
		}
	}
	plan_items_free(&pi);
}

void ind_troubles(const struct model *m, const struct rec_index *ri, const struct tmpl *plan, int y,
		  struct date today, const char *const keywords[IND_KINDS], struct ind_troubles *out)
{
	memset(out, 0, sizeof *out);
	struct date end = year_last(y);
	if (!date_empty(today) && date_cmp(today, end) < 0)
		end = today;
	size_t cap = 0;
	for (size_t gi = 0; gi < m->ngraduates; gi++) {
		const struct graduate *g = &m->graduates[gi];
		if (!ind_under_patronage(g->graduation, y))
			continue;
		size_t latest = (size_t)-1;
		bool earlier = false; /* a record before the latest one named a difficulty */
		for (size_t j = ri->start[gi]; j < ri->start[gi + 1]; j++) {
			const struct record *r = &m->records[ri->order[j]];
			if (date_empty(r->date) || date_cmp(r->date, end) > 0)
				continue;
			if (latest != (size_t)-1 && date_cmp(r->date, m->records[latest].date) < 0) {
				earlier |= ind_names_difficulty(r->difficulties);
				continue;
			}
			if (latest != (size_t)-1)
				earlier |= ind_names_difficulty(m->records[latest].difficulties);
			latest = ri->order[j];
		}
		if (latest == (size_t)-1)
			continue;
		const struct record *r = &m->records[latest];
		if (!ind_names_difficulty(r->difficulties)) {
			if (earlier && in_year(r->date, y)) {
				out->resolved++;
				count_done(m, gi, plan, y, today, out->done);
			}
			continue;
		}
		xgrow((void **)&out->v, &cap, out->n + 1, sizeof *out->v);
		struct ind_trouble *t = &out->v[out->n++];
		t->graduate = gi;
		t->record = latest;
		t->kinds = kinds_of(g, r, keywords);
		t->kind = KIND_OTHER;
		for (int k = 0; k < IND_KINDS; k++)
			if (t->kinds & (1u << k)) {
				out->by_kind[k]++;
				if (t->kind == KIND_OTHER)
					t->kind = k;
			}
		if (!t->kinds)
			out->by_kind[KIND_OTHER]++;
	}
	if (out->n)
		qsort(out->v, out->n, sizeof *out->v, by_kind_then_graduate);
}

void ind_troubles_free(struct ind_troubles *t)
{
	free(t->v);
	memset(t, 0, sizeof *t);
}
