/* periods: half-years of patronage, the record index, the "once per half-year" rule. */
#include "periods.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct date period_first(struct date g, int k)
{
	return date_add_months(g, 6 * (k - 1));
}

struct date period_last(struct date g, int k)
{
	if (k == PERIODS)
		return period_patronage_end(g);
	return date_add_days(date_add_months(g, 6 * k), -1);
}

struct date period_patronage_end(struct date g)
{
	return date_add_months(g, 6 * PERIODS);
}

int period_of(struct date g, struct date d)
{
	if (date_cmp(d, g) < 0)
		return 0;
	for (int k = 1; k <= PERIODS; k++)
		if (date_cmp(d, period_last(g, k)) <= 0)
			return k;
	return PERIODS + 1;
}

struct key {
	size_t graduate;
	struct date date;
	size_t rec;
};

static int cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	if (x->graduate != y->graduate)
		return x->graduate < y->graduate ? -1 : 1;
	int c = date_cmp(x->date, y->date);
	return c ? c : (x->rec > y->rec) - (x->rec < y->rec);
}

void rec_index_build(struct rec_index *ri, const struct model *m)
{
	size_t n = 0;
	struct key *keys = xmalloc((m->nrecords ? m->nrecords : 1) * sizeof *keys);
	for (size_t i = 0; i < m->nrecords; i++)
		if (m->records[i].graduate_index < m->ngraduates)
			keys[n++] = (struct key){m->records[i].graduate_index, m->records[i].date, i};
	qsort(keys, n, sizeof *keys, cmp_key);
	ri->order = xmalloc((n ? n : 1) * sizeof *ri->order);
	ri->start = xcalloc(m->ngraduates + 1, sizeof *ri->start);
	for (size_t k = 0; k < n; k++) {
		ri->order[k] = keys[k].rec;
		ri->start[keys[k].graduate + 1]++;
	}
	for (size_t g = 0; g < m->ngraduates; g++)
		ri->start[g + 1] += ri->start[g];
	free(keys);
}

void rec_index_free(struct rec_index *ri)
{
	free(ri->order);
	free(ri->start);
	memset(ri, 0, sizeof *ri);
}

void periods_check(const struct model *m, const struct rec_index *ri, struct date today,
		   struct diag_list *dl)
{
	static const char *const names[PERIODS] = {"6 months", "1 year", "1.5 years", "2 years"};
	for (size_t g = 0; g < m->ngraduates; g++) {
		const struct graduate *gr = &m->graduates[g];
		if (date_empty(gr->graduation))
			continue;
		bool seen[PERIODS + 2] = {false};
		for (size_t k = ri->start[g]; k < ri->start[g + 1]; k++)
			seen[period_of(gr->graduation, m->records[ri->order[k]].date)] = true;
		for (int k = 1; k <= PERIODS; k++) {
			struct date last = period_last(gr->graduation, k);
			if (seen[k] || date_cmp(last, today) >= 0)
				continue;
			char a[16], b[16];
			date_format(period_first(gr->graduation, k), a, sizeof a);
			date_format(last, b, sizeof b);
			diag_warn(dl, gr->src.file, gr->src.line, "Код",
				  "graduate %s has no record for half-year %d (%s after graduation, %s–%s): "
				  "the passport must be filled at least once per half-year",
				  gr->id, k, names[k - 1], a, b);
		}
	}
}
