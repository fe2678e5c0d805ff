/* periods: half-years of patronage and the "once per half-year" rule. */
#include "periods.h"

#include "util/i18n.h"

struct date period_first(struct date g, int k)
{
	return date_add_months(g, 6 * (k - 1));
}

struct date period_last(struct date g, int k)
{
	return date_add_days(date_add_months(g, 6 * k), -1);
}

struct date period_patronage_end(struct date g)
{
	return period_last(g, PERIODS);
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

void periods_check(const struct model *m, const struct rec_index *ri, struct date today,
		   struct diag_list *dl)
{
	static const char *const names[PERIODS] = {N_("6 months"), N_("1 year"), N_("1.5 years"), N_("2 years")};
	if (m->records_unread)
		return; /* records.csv was refused: its error says so, no echo per graduate */
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
			SRC_DIAG(dl, DIAG_WARNING, &gr->src, "Код", gr->id,
				  "graduate %s has no record for half-year %d (%s after graduation, %s–%s): "
				  "the passport must be filled at least once per half-year",
				  gr->id, k, _(names[k - 1]), a, b);
		}
	}
}
