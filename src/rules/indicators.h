/* indicators: the numbers of the analytic report — seeds/000 §4 (volume, effectiveness,
 * outcome), mentoring (seeds/003, seeds/004), graduates whose difficulties are not resolved, plan
 * completion and half-year gaps — computed from the model for one academic year.
 * Invariant: nothing here divides; a share is a count with its base, and a base that is
 * absent (< 0) or zero means «нет данных» for whoever prints it. Which graduates count:
 *   - "graduates of academic year Y" (the cohort): graduation date in 01.09.Y–31.08.Y+1
 *     (date_academic_year);
 *   - "under patronage in Y": the two years from graduation overlap 01.09.Y–31.08.Y+1, i.e.
 *     graduated 01.09.Y-2–31.08.Y+1 (the cohorts of Y-2, Y-1 and Y); §4.2 and §4.3 count
 *     these graduates (the seed: «числа выпускников на постинтернатном сопровождении»);
 *   - "pairs of Y": mentoring pairs whose start date is in academic year Y; "student
 *     mentees" are the distinct mentees of pairs whose form ends in «студент»;
 *   - records and plan items of Y: dated (due) in academic year Y. */
#ifndef PT_INDICATORS_H
#define PT_INDICATORS_H

#include <stdbool.h>

#include "model/model.h"
#include "rules/periods.h"
#include "tmpl/tmpl.h"

#define IND_EFFECT 5  /* §4.2 items 1–5 */
#define IND_OUTCOME 9 /* §4.3, nine items */
#define IND_LIFE 8    /* life arrangement groups of the stacked chart */

/* n of base; base < 0: the base is absent; base == 0: nobody to count (both «нет данных»). */
struct ind_share {
	int n, base;
};

struct ind_year {
	int year;
	bool has_data; /* any graduate, pair or institution total for the year */
	/* §4.1 */
	int under_patronage; /* graduates under patronage in Y */
	int supported;       /* of them, with a curator */
	int curators;        /* distinct staff curating them */
	int cohort;          /* graduates of Y in the model */
	/* §4.2: graduates under patronage in Y; items 1–4 of the institution's graduates of Y,
	 * item 5 of those admitted; item 4 is printed as a count (the seed: «число …») */
	struct ind_share effect[IND_EFFECT];
	/* §4.3: of those under patronage in Y who completed their education (not dropped out) */
	struct ind_share outcome[IND_OUTCOME];
	/* the same graduates by life arrangement (mutually exclusive; sums to the outcome base) */
	int life[IND_LIFE];
	/* mentoring */
	int pairs, by_form[FORM_COUNT];
	int student_mentees;
	struct ind_share pairs_share;  /* student mentees of those needing a mentor */
	struct ind_share mentee_share; /* student mentees of all students (seeds/004) */
	double mentee_sat, mentor_sat; /* mean percent, NAN when no pair has it */
};

/* Computes year y's indicators (borrowing m). */
void ind_year(const struct model *m, int y, struct ind_year *out);

/* Percent of a share, or NAN when the base is absent or zero. */
double ind_pct(struct ind_share s);

/* Half-years ended in year y (their last day in Y and before today) with no record:
 * returns their number and the number of graduates concerned in *graduates. */
int ind_gaps(const struct model *m, const struct rec_index *ri, int y, struct date today, int *graduates);

/* Plan items of graduates under patronage in y due in y, by section (1..4, index 0 = all)
 * and state (enum plan_state). */
struct ind_plan {
	int n[5][5];
};
void ind_plan(const struct model *m, const struct tmpl *plan, int y, struct date today, struct ind_plan *out);

/* Kinds of difficulty, in the order the report groups them (a graduate goes under his first). */
enum ind_kind { KIND_LAW, KIND_HOUSING, KIND_EMPLOYMENT, KIND_FAMILY, KIND_HEALTH, KIND_OTHER, IND_KINDS };

/* A graduate under patronage in y whose latest record (dated up to the end of y and up to
 * today) names a difficulty. */
struct ind_trouble {
	size_t graduate; /* index into m->graduates */
	size_t record;   /* index into m->records: that latest record */
	unsigned kinds;  /* bit k set: kind k (from the record's text and the graduate's flags) */
	int kind;        /* the group it is listed under: the first kind set, KIND_OTHER if none */
};

struct ind_troubles {
	struct ind_trouble *v; /* ordered by kind, then by graduate (the model's order) */
	size_t n;
	int by_kind[IND_KINDS]; /* graduates with each kind (one graduate may have several) */
	int resolved;           /* graduates whose difficulty of an earlier record was lifted by a
				 * later record dated in y («не выявлены») */
	int done[5];            /* plan items of those graduates due in y and done, by section
				 * (1..4; index 0 = all) */
};

/* Fills out (owned by the caller, freed with ind_troubles_free). keywords[k] is kind k's
 * space-separated lower-case word beginnings (NULL or "" = none; KIND_OTHER's are unused);
 * the flags count too: an offence or an asocial life is KIND_LAW, a registration at the
 * employment centre or «не работает и не учится» KIND_EMPLOYMENT, refusing to bring up
 * one's children KIND_FAMILY. plan (templates/plan.xml, may be NULL) gives the done items. */
void ind_troubles(const struct model *m, const struct rec_index *ri, const struct tmpl *plan, int y,
		  struct date today, const char *const keywords[IND_KINDS], struct ind_troubles *out);
void ind_troubles_free(struct ind_troubles *t);

/* True when the text names a difficulty (not empty, «нет», «… не выявлены»). */
bool ind_names_difficulty(const char *s);

/* True when y's patronage (two years from g) overlaps academic year y. */
bool ind_under_patronage(struct date g, int y);

#endif
