/* retention: keeping periods of the documents (see retention.h for the rule and the defaults).
 * Invariant: one table (kinds[]) names every kept kind, its default and how its file closes. */
#include "retention.h"

#include <string.h>

#include "model/institution.h"
#include "rules/periods.h"

#define LAST_YEAR 2199 /* the last year a struct date can hold */

enum closing { CLOSE_PATRONAGE, CLOSE_ACADEMIC_YEAR };

static const struct {
	const char *kind;
	int years;
	enum closing closes;
} kinds[] = {
	{"passport", 5, CLOSE_PATRONAGE},
	{"plan", 5, CLOSE_PATRONAGE},
	{"order", RETENTION_PERMANENT, CLOSE_ACADEMIC_YEAR},
	{"report", 5, CLOSE_ACADEMIC_YEAR},
};

static int find(const char *kind)
{
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return (int)i;
	return -1;
}

struct date retention_keep_until(struct date closed, int years)
{
	struct date none = {0, 0, 0};
	if (date_empty(closed) || years <= 0)
		return none;
	int y = closed.y + years;
	struct date last = {y > LAST_YEAR ? LAST_YEAR : y, 12, 31};
	return last;
}

int retention_years(const struct institution *in, const char *kind)
{
	int k = find(kind);
	if (k < 0)
		return RETENTION_NOT_KEPT;
	return in ? institution_retention(in, kind, kinds[k].years) : kinds[k].years;
}

struct date retention_closed(const char *kind, struct date graduation, int year)
{
	struct date none = {0, 0, 0};
	int k = find(kind);
	if (k < 0)
		return none;
	if (kinds[k].closes == CLOSE_PATRONAGE)
		return date_empty(graduation) ? none : period_patronage_end(graduation);
	if (year < 1900 || year >= LAST_YEAR)
		return none;
	struct date end = {year + 1, 8, 31};
	return end;
}

struct date retention_document(const struct institution *in, const char *kind,
			       struct date graduation, int year)
{
	return retention_keep_until(retention_closed(kind, graduation, year), retention_years(in, kind));
}
