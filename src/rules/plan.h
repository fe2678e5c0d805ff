/* plan: «План мероприятий патронатного сопровождения выпускника» (Приложение 2) — the
 * standard plan of templates/plan.xml merged with the graduate's own events, recurrences
 * expanded into dates, roles resolved to people, completion marks and overdue flags.
 * Invariant: plan_items is the one place a plan's rows are computed; the document and the
 * analytic report both read them from there. */
#ifndef PT_PLAN_H
#define PT_PLAN_H

#include "doc/doc.h"
#include "model/model.h"
#include "tmpl/tmpl.h"

enum plan_state { PLAN_OPEN, PLAN_DONE, PLAN_DONE_LATE, PLAN_OVERDUE, PLAN_NOT_DONE };

struct plan_item {
	int section;            /* 1..4 */
	char *number;           /* "2.4.1" */
	char *title;
	char *due_text;         /* as printed: "01.12.2024, 01.06.2025, …" or "сентябрь 2024" */
	struct date due;        /* the last (or only) due date, empty when none */
	char *responsible;      /* as printed: "Педагог социальный Иванова И.И." */
	char *done;             /* the completion mark as printed, "" when none */
	struct date done_date;  /* parsed from the mark when it holds a date */
	enum plan_state state;  /* by the documents' date */
	bool from_events;       /* the graduate's own event (not the standard plan) */
	const struct src *src;  /* the event's row, or NULL for the standard plan */
};

struct plan_items {
	struct plan_item *v;
	size_t n, cap;
};

/* Checks templates/plan.xml (structure, sections, recurrences it can expand). Returns errors. */
size_t plan_check_template(const struct tmpl *t, struct diag_list *dl);
/* Computes the rows of graduate gi's plan (borrowing m and t). Free with plan_items_free. */
void plan_items(const struct model *m, size_t gi, const struct tmpl *t, struct date today,
		struct plan_items *out);
void plan_items_free(struct plan_items *pi);
/* Warns for items past due and not done, for roles nobody in staff holds, for due texts it
 * cannot read — naming the graduate id and the event's file and line. */
void plan_check(const struct model *m, const struct tmpl *t, struct date today, struct diag_list *dl);
/* Builds graduate gi's plan document. Returns a new tree (doc_free). */
struct doc *plan_build(const struct model *m, size_t gi, const struct tmpl *t, struct date today);

#endif
