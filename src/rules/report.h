/* report: «Аналитический отчёт о работе по патронатному сопровождению» for an academic year —
 * the indicators of seeds/000 §4 over the last three years, mentoring (seeds/003, 004),
 * difficulties, plan completion, and conclusions and recommendations written by rules from
 * the numbers, through the wording of templates/report.xml.
 * Invariant: every number printed comes from the model through the functions of this module;
 * missing data reads «нет данных», never 0 % or NaN. */
#ifndef PT_REPORT_H
#define PT_REPORT_H

#include <stdbool.h>

#include "doc/doc.h"
#include "model/model.h"
#include "model/rec_index.h"
#include "tmpl/tmpl.h"

/* The academic year a report covers by default on `today`: the latest one whose report is
 * due (the order sets the deadline at 30 June; a year that started on 1 September Y is
 * reportable from 1 June Y+1). */
int report_default_year(struct date today);

/* True when academic year `year` has not ended by `today` (the report is an interim one). */
bool report_interim(int year, struct date today);

/* The form of a Russian noun (or verb) agreeing with the number n: one (1, 21, 101 …), few
 * (2–4, 22–24 …), many (0, 5–20, 25 …). Returns one of the three (borrowed). */
const char *report_plural(long n, const char *one, const char *few, const char *many);

/* Checks templates/report.xml. Returns the number of errors added. */
size_t report_check_template(const struct tmpl *t, struct diag_list *dl);
/* Builds the report for academic year `year` (its start year), borrowing everything.
 * plan is templates/plan.xml (for plan completion). A year not ended by today is an interim
 * report (its title says so and it draws no verdict). Returns a new tree (doc_free). */
struct doc *report_build(const struct model *m, const struct rec_index *ri, const struct tmpl *report,
			 const struct tmpl *plan, int year, struct date today);

#endif
