/* report: «Аналитический отчёт о работе по патронатному сопровождению» for an academic year —
 * the indicators of seeds/000 §4 over the last three years, mentoring (seeds/003, 004),
 * difficulties, plan completion, and conclusions and recommendations written by rules from
 * the numbers, through the wording of templates/report.xml.
 * Invariant: every number printed comes from the model through the functions of this module;
 * missing data reads «нет данных», never 0 % or NaN. */
#ifndef PT_REPORT_H
#define PT_REPORT_H

#include "doc/doc.h"
#include "model/model.h"
#include "model/rec_index.h"
#include "tmpl/tmpl.h"

/* Checks templates/report.xml. Returns the number of errors added. */
size_t report_check_template(const struct tmpl *t, struct diag_list *dl);
/* Builds the report for academic year `year` (its start year), borrowing everything.
 * plan is templates/plan.xml (for plan completion). Returns a new tree (doc_free). */
struct doc *report_build(const struct model *m, const struct rec_index *ri, const struct tmpl *report,
			 const struct tmpl *plan, int year, struct date today);

#endif
