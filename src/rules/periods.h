/* periods: the four half-years of patronage after graduation, and the rule that the passport
 * is filled at least once per half-year.
 * Invariant: half-year k (1..4) runs from graduation + 6(k-1) months (inclusive) to
 * graduation + 6k months (exclusive), so that the two years of patronage end the day before
 * the second anniversary of graduation, the last day of half-year 4 — as the plan counts its
 * deadlines (plan_period_end). */
#ifndef PT_PERIODS_H
#define PT_PERIODS_H

#include "model/model.h"
#include "model/rec_index.h"

#define PERIODS 4

/* The half-year (1..4) date d falls in after graduation g; 0 before g, 5 after patronage. */
int period_of(struct date g, struct date d);
/* First and last day of half-year k. */
struct date period_first(struct date g, int k);
struct date period_last(struct date g, int k);
/* The last day of patronage (the day before graduation + 2 years). */
struct date period_patronage_end(struct date g);

/* Warns, for every graduate, for each half-year already over by today with no record. */
void periods_check(const struct model *m, const struct rec_index *ri, struct date today,
		   struct diag_list *dl);

#endif
