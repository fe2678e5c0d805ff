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

/* PLAN_OPEN: not done and not flagged — not due yet, no due, or not tracked (see tracked);
 * PLAN_DONE / PLAN_DONE_LATE: the mark says done (late: a completion date after its due date);
 * PLAN_OVERDUE: tracked, a due date passed (by the documents' date) with no completion;
 * PLAN_NOT_DONE: marked with a text that is no completion («выпускник отказался …»). */
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
	bool hint;              /* a blank slot of the form to fill in by hand: the template's
				 * placeholder (its italic instruction, never printed) that no event
				 * fills; title, due and mark are "", number and role are kept */
	bool tracked;           /* its completion is checked: a row of the events table, or a
				 * standard row with a one-time due (the standard recurrences are
				 * the half-yearly passport entries, which periods_check watches) */
	struct date missed;     /* PLAN_OVERDUE: the first due date passed with no completion */
	int tmpl_line;          /* the template's line of a standard row, 0 for an event */
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

/* ---- the rules plan_items applies, exposed for tests ------------------------------------- */

enum plan_due_kind {
	PLAN_DUE_NONE,     /* empty */
	PLAN_DUE_DATE,     /* 15.03.2025, «до 15.03.2025» */
	PLAN_DUE_MONTH,    /* «ноябрь 2025», «11.2025»: its last day */
	PLAN_DUE_RELMONTH, /* «сентябрь»: the first such month ending on or after graduation */
	PLAN_DUE_RECUR,    /* «1 раз в 6 месяцев …»: the last day of each period (plan_period_end) */
	PLAN_DUE_BAD,      /* unreadable: printed as written, no date */
};

struct plan_due {
	enum plan_due_kind kind;
	struct date date; /* DATE: the date; MONTH: its last day */
	int month;        /* RELMONTH: 1..12 */
	int every;        /* RECUR: months between occurrences, 1..24 */
	char phrase[64];  /* RECUR: the recurrence as printed ("1 раз в 6 месяцев") */
};

#define PLAN_MAX_DATES 24

/* Reads a due text (case and spacing do not matter). Returns 0, or -1 when unreadable
 * (kind PLAN_DUE_BAD). */
int plan_due_parse(const char *s, struct plan_due *out);
/* THE rule for every recurrence («1 раз в 6 месяцев» → the half-years): period k (1, 2, …) of
 * `months` months after graduation g runs from g + (k−1)·months months to the day before
 * g + k·months months (date_add_months clamps to the month's end), and its due date is that
 * last day — the same formula for every k, the last period too. Graduation 28.06.2024, six
 * months: 27.12.2024, 27.06.2025, 27.12.2025, 27.06.2026; graduation 31.08.2024: 27.02.2025
 * (28.02.2025 − 1), 30.08.2025, 27.02.2026, 30.08.2026. It agrees with periods.h's half-years 1–3
 * (period_last); periods.h's fourth also counts the end of patronage (g + 24 months) itself,
 * a record's grace day that is never printed as a due date. Returns the date; an empty date
 * when g is empty or k, months < 1. */
struct date plan_period_end(struct date g, int months, int k);
/* The concrete due dates of d for a graduation on g (at most max, in order; a recurrence's by
 * plan_period_end over the two years); returns how many. */
size_t plan_due_dates(const struct plan_due *d, struct date g, struct date *out, size_t max);

enum plan_mark { PLAN_MARK_NONE, PLAN_MARK_DONE, PLAN_MARK_OTHER };
/* Reads a completion mark: empty → NONE; a date, or «выполнено/проведено/… [dates]» → DONE;
 * any other text (e.g. «выпускник отказался») → OTHER. The dates in it (at most max, in the
 * order written) go to dates, their count to *ndates. */
enum plan_mark plan_mark_parse(const char *s, struct date *dates, size_t max, size_t *ndates);

/* Orders item numbers numerically part by part ("2.4.9" < "2.4.10", "2.4" < "2.4.1");
 * an empty number sorts last. Returns <0, 0, >0 like strcmp. */
int plan_number_cmp(const char *a, const char *b);

enum plan_resp { PLAN_RESP_OK, PLAN_RESP_UNHELD, PLAN_RESP_UNKNOWN };
/* Resolves a responsible text for graduate gi ((size_t)-1 for none): each comma-separated
 * part is a staff id (→ position and name), a role or «куратор» (→ the role as written and who
 * holds it; «классный руководитель» is the graduate's curator when there is one), or is kept
 * as written. Returns the printed text (free with free()); *status gets the worst part's
 * status and *role (may be NULL) the role nobody holds (borrowed, static). */
char *plan_responsible(const struct model *m, size_t gi, const char *text, enum plan_resp *status,
		       const char **role);

/* The academic years (start years) graduate's patronage covers: a year counts when the two
 * years from g reach into its September–May (a June graduation starts with the next year). */
void plan_years(struct date g, int *first, int *last);

#endif
