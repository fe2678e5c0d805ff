/* check: cross-table rules of the input contract; resolves ids to indexes. */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"
#include "util/xalloc.h"

struct idx {
	const char *id;
	size_t i;
};

static int cmp_idx(const void *a, const void *b)
{
	const struct idx *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Sorted index of ids (for duplicate detection and look-up in O(log n)). */
struct id_index {
	struct idx *v;
	size_t n;
};

static void index_build(struct id_index *ix, const void *base, size_t n, size_t size, size_t off)
{
	ix->v = xmalloc((n ? n : 1) * sizeof *ix->v);
	ix->n = n;
	for (size_t i = 0; i < n; i++) {
		ix->v[i].id = *(char *const *)((const char *)base + i * size + off);
		ix->v[i].i = i;
	}
	qsort(ix->v, n, sizeof *ix->v, cmp_idx);
}

static size_t index_find(const struct id_index *ix, const char *id)
{
	size_t lo = 0, hi = ix->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(ix->v[mid].id, id);
		if (c == 0) {
			while (mid > 0 && strcmp(ix->v[mid - 1].id, id) == 0)
				mid--;
			return ix->v[mid].i;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (size_t)-1;
}

static void report_duplicates(const struct id_index *ix, const struct src *(*src_of)(const void *, size_t),
			      const void *base, struct diag_list *dl)
{
	for (size_t k = 1; k < ix->n; k++) {
		if (!*ix->v[k].id || strcmp(ix->v[k].id, ix->v[k - 1].id) != 0)
			continue;
		const struct src *first = src_of(base, ix->v[k - 1].i);
		const struct src *dup = src_of(base, ix->v[k].i);
		SRC_DIAG(dl, DIAG_ERROR, dup, "Код", NULL, "duplicate id %s (first at line %d)",
			 ix->v[k].id, first->line);
	}
}

/* s with Latin and Cyrillic capitals as small letters (how Windows and FAT compare file
 * names); a new string. */
static char *case_key(const char *s)
{
	size_t n = strlen(s), k = 0;
	char *out = xmalloc(n * 2 + 1);
	for (size_t i = 0; i < n;) {
		size_t len = 1;
		int cp = utf8_decode(s + i, n - i, &len);
		if (cp < 0) {
			out[k++] = s[i++];
			continue;
		}
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		else if (cp >= 0x410 && cp <= 0x42F)
			cp += 0x20;
		else if (cp == 0x401)
			cp = 0x451;
		k += utf8_encode((unsigned)cp, out + k);
		i += len;
	}
	out[k] = '\0';
	return out;
}

struct keyed {
	char *key;
	const char *id;
	size_t i;
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Ids that differ only in case name the same file on Windows and FAT (USB sticks): an
 * error at the later one. */
static void report_case_twins(const struct id_index *ix, const struct src *(*src_of)(const void *, size_t),
			      const void *base, struct diag_list *dl)
{
	struct keyed *v = xmalloc((ix->n ? ix->n : 1) * sizeof *v);
	for (size_t k = 0; k < ix->n; k++)
		v[k] = (struct keyed){case_key(ix->v[k].id), ix->v[k].id, ix->v[k].i};
	qsort(v, ix->n, sizeof *v, cmp_keyed);
	for (size_t k = 1; k < ix->n; k++) {
		if (!*v[k].id || strcmp(v[k].key, v[k - 1].key) != 0 || strcmp(v[k].id, v[k - 1].id) == 0)
			continue;
		const struct src *first = src_of(base, v[k - 1].i);
		const struct src *twin = src_of(base, v[k].i);
		SRC_DIAG(dl, DIAG_ERROR, twin, "Код", NULL, "id %s differs from %s (line %d) only in "
			 "case: Windows and USB sticks would take their files for one", v[k].id,
			 v[k - 1].id, first->line);
	}
	for (size_t k = 0; k < ix->n; k++)
		free(v[k].key);
	free(v);
}

static const struct src *grad_src(const void *base, size_t i)
{
	return &((const struct graduate *)base)[i].src;
}

static const struct src *staff_src(const void *base, size_t i)
{
	return &((const struct staff *)base)[i].src;
}

static void check_graduate(struct graduate *g, const struct id_index *staff, bool staff_unread,
			   struct date today, struct diag_list *dl)
{
	g->curator_index = (size_t)-1;
	if (!date_empty(g->birth) && !date_empty(g->graduation)) {
		if (date_cmp(g->graduation, g->birth) <= 0)
			SRC_DIAG(dl, DIAG_ERROR, &g->src, "Дата выпуска", g->id,
				  "graduation date is not after the birth date");
		else if (date_cmp(g->graduation, date_add_months(g->birth, 14 * 12)) < 0)
			SRC_DIAG(dl, DIAG_WARNING, &g->src, "Дата рождения", g->id,
				  "graduate %s was younger than 14 at graduation", g->id);
		else if (date_cmp(g->graduation, date_add_months(g->birth, 40 * 12)) > 0)
			SRC_DIAG(dl, DIAG_WARNING, &g->src, "Дата рождения", g->id,
				  "graduate %s was older than 40 at graduation", g->id);
	}
	if (!date_empty(g->graduation) && !date_empty(today) && date_cmp(g->graduation, today) > 0)
		SRC_DIAG(dl, DIAG_WARNING, &g->src, "Дата выпуска", g->id,
			  "graduation date of %s is after the documents' date", g->id);
	if (*g->curator && !staff_unread) {
		g->curator_index = index_find(staff, g->curator);
		if (g->curator_index == (size_t)-1)
			SRC_DIAG(dl, DIAG_ERROR, &g->src, "Куратор", g->id,
				  "curator %s is not in staff", g->curator);
	}
	if (g->status == LIFE_NONE)
		SRC_DIAG(dl, DIAG_WARNING, &g->src, "Жизнеустройство", g->id,
			  "no status for graduate %s: field 8 is left blank", g->id);
}

size_t model_check(struct model *m, struct date today, struct diag_list *dl)
{
	size_t before = dl->nerrors;
	struct id_index gi, si;
	index_build(&gi, m->graduates, m->ngraduates, sizeof *m->graduates, offsetof(struct graduate, id));
	index_build(&si, m->staff, m->nstaff, sizeof *m->staff, offsetof(struct staff, id));
	report_duplicates(&gi, grad_src, m->graduates, dl);
	report_duplicates(&si, staff_src, m->staff, dl);
	report_case_twins(&gi, grad_src, m->graduates, dl);

	for (size_t i = 0; i < m->ngraduates; i++)
		check_graduate(&m->graduates[i], &si, m->staff_unread, today, dl);

	for (size_t i = 0; i < m->nrecords; i++) {
		struct record *r = &m->records[i];
		r->graduate_index = index_find(&gi, r->graduate);
		if (!*r->graduate)
			continue; /* already reported as a missing required value */
		if (r->graduate_index == (size_t)-1 && m->graduates_unread)
			continue;
		if (r->graduate_index == (size_t)-1) {
			SRC_DIAG(dl, DIAG_ERROR, &r->src, "Код выпускника", r->graduate,
				   "record for unknown graduate %s", r->graduate);
			continue;
		}
		const struct graduate *g = &m->graduates[r->graduate_index];
		if (date_empty(r->date) || date_empty(g->graduation))
			continue;
		if (date_cmp(r->date, g->graduation) < 0)
			SRC_DIAG(dl, DIAG_WARNING, &r->src, "Дата", r->graduate,
				  "record of %s is dated before graduation: it falls in no analysis period", g->id);
		else if (date_cmp(r->date, date_add_days(date_add_months(g->graduation, 24), -1)) > 0) /* periods.h */
			SRC_DIAG(dl, DIAG_WARNING, &r->src, "Дата", r->graduate,
				  "record of %s is dated after patronage ended (2 years after graduation): it falls in no analysis period",
				  g->id);
		if (!date_empty(today) && date_cmp(r->date, today) > 0)
			SRC_DIAG(dl, DIAG_WARNING, &r->src, "Дата", r->graduate,
				  "record of %s is dated after the documents' date", g->id);
	}
	for (size_t i = 0; i < m->nevents; i++) {
		struct event *e = &m->events[i];
		e->graduate_index = (size_t)-1;
		if (*e->graduate && (e->graduate_index = index_find(&gi, e->graduate)) == (size_t)-1 &&
		    !m->graduates_unread)
			SRC_DIAG(dl, DIAG_ERROR, &e->src, "Код выпускника", NULL,
				   "event for unknown graduate %s", e->graduate);
	}
	model_index_events(m);
	for (size_t i = 0; i < m->npairs; i++) {
		struct pair *p = &m->pairs[i];
		if (!date_empty(p->start) && !date_empty(p->end) && date_cmp(p->end, p->start) < 0)
			SRC_DIAG(dl, DIAG_ERROR, &p->src, "Окончание", NULL, "the pair ends before it starts");
	}
	free(gi.v);
	free(si.v);
	return dl->nerrors - before;
}

void model_place_problems(const struct model *m, struct diag_list *dl)
{
	for (size_t i = 0; i < dl->n; i++) {
		struct diag *d = &dl->v[i];
		if (d->cell || d->line <= 0 || !d->file || !d->field)
			continue;
		for (size_t p = 0; p < m->nplaces; p++) {
			const struct table_place *pl = &m->places[p];
			if (strcmp(pl->file, d->file) != 0 || (!d->sheet) != (!pl->sheet) ||
			    (d->sheet && strcmp(d->sheet, pl->sheet) != 0))
				continue;
			const struct column_place *c = NULL;
			for (size_t k = 0; k < pl->ncols && !c; k++)
				if (strcmp(pl->cols[k].name, d->field) == 0 || strcmp(pl->cols[k].header, d->field) == 0)
					c = &pl->cols[k];
			if (!c)
				break;
			char cell[DIAG_CELL_MAX];
			diag_cell_name(c->col, d->line, cell);
			if (!*cell)
				break;
			d->cell = xstrdup(cell);
			if (strcmp(c->header, d->field) != 0) {
				free(d->field);
				d->field = xstrdup(c->header);
			}
			break;
		}
	}
}
