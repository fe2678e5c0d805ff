/* retention: how long each document is kept, counted as Russian archive rules count it
 * (Росархив order No. 236 of 20.12.2019 and its instruction): a keeping period of N years
 * runs from 1 January of the year after the file is closed, so its last day is 31 December
 * of (closing year + N).
 * Invariant: every date handed out is empty (kept permanently, or not kept: a copy) or the
 * 31 December of a year; no period ends before the day its file is closed.
 *
 * Defaults (used when institution.xml has no <retention document="KIND" years="N"/>; the
 * college's own nomenclature of files wins, it may set any kind, the passport included):
 *   passport  5 years after patronage ends — seeds/001 («хранится 5 лет»); the file closes
 *             when patronage ends (graduation + 2 years).
 *   plan      5 years, closed with the passport: the individual event plan is Приложение 2
 *             to the same regulation and is filed in the graduate's patronage file with it.
 *   order     permanently («постоянно»): an order on the organisation of patronage support is
 *             an order on the college's main (profile) activity, which Перечень 236 keeps
 *             permanently (article 19 «а»); it is neither a personnel order nor an order on
 *             administrative matters (5 years). Closed at the end of its academic year (31.08).
 *   report    5 years: an analytic report on one line of the college's work, not the
 *             college's annual report (which is permanent); closed at the end of its
 *             academic year (31.08).
 * These are our reading of the list; a college whose nomenclature says otherwise writes it
 * in institution.xml (years 1–100).
 * Like every file of rules/, it sees model and util (and tmpl and doc for the documents);
 * app sees it (record.c dates the manifest's entries with it). */
#ifndef PT_RETENTION_H
#define PT_RETENTION_H

#include "model/model.h"
#include "util/date.h"

#define RETENTION_PERMANENT 0 /* years: kept permanently, the period never ends */
#define RETENTION_NOT_KEPT (-1) /* years: not a document of the archive (a print copy) */

/* The last day of a period of `years` years for a file closed on `closed`:
 * 31.12.(closed.y + years). E.g. closed 14.03.2025, 5 years → 31.12.2030 (destroyable from
 * 01.01.2031). Returns an empty date when closed is empty or years <= 0 (permanent or not
 * kept); a period ending after 2199 (beyond struct date) ends on 31.12.2199. */
struct date retention_keep_until(struct date closed, int years);

/* The keeping period in years of a document kind ("passport", "plan", "order", "report"):
 * institution.xml's, else the default above; RETENTION_PERMANENT for a permanent one and
 * RETENTION_NOT_KEPT for any other kind (print copies). in is borrowed. */
int retention_years(const struct institution *in, const char *kind);

/* The day a document's file is closed: passport and plan when patronage ends
 * (period_patronage_end(graduation)); order and report on 31.08.(year + 1), the end of
 * academic year `year` (its start year). Empty for other kinds or missing data. */
struct date retention_closed(const char *kind, struct date graduation, int year);

/* retention_keep_until(retention_closed(...), retention_years(...)): the last day a document
 * must be kept; empty when it is kept permanently or not kept (see retention_years). */
struct date retention_document(const struct institution *in, const char *kind,
			       struct date graduation, int year);

#endif
