/* date: parsing, arithmetic and Russian formatting of calendar dates. */
#include "date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

bool date_empty(struct date a)
{
	return a.y == 0;
}

int date_days_in_month(int y, int m)
{
	static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

bool date_valid(int y, int m, int d)
{
	return y >= 1900 && y <= 2199 && m >= 1 && m <= 12 && d >= 1 && d <= date_days_in_month(y, m);
}

/* Reads 1..max digits at *p; returns the number or -1. */
static int digits(const char **p, int min, int max)
{
	int v = 0, n = 0;
	while (n < max && isdigit((unsigned char)**p)) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n >= min ? v : -1;
}

int date_parse(const char *s, struct date *out)
{
	const char *p = s;
	int y, m, d;
	while (*p == ' ' || *p == '\t')
		p++;
	const char *q = p;
	int first = digits(&q, 1, 4);
	if (first < 0)
		return -1;
	if (*q == '-' && q - p == 4) {
		y = first;
		q++;
		if ((m = digits(&q, 2, 2)) < 0 || *q++ != '-' || (d = digits(&q, 2, 2)) < 0)
			return -1;
	} else if (*q == '.' && q - p <= 2) {
		d = first;
		q++;
		if ((m = digits(&q, 1, 2)) < 0 || *q++ != '.')
			return -1;
		const char *ys = q;
		if ((y = digits(&q, 4, 4)) < 0 || q - ys != 4)
			return -1;
	} else {
		return -1;
	}
	while (*q == ' ' || *q == '\t')
		q++;
	if (*q || !date_valid(y, m, d))
		return -1;
	out->y = y;
	out->m = m;
	out->d = d;
	return 0;
}

/* Reads "D.M.YY" or "DD.MM.YY" into *d, *m and the two-digit *yy. Returns 0 or -1. */
static int parse_short(const char *s, int *d, int *m, int *yy)
{
	const char *q = s;
	while (*q == ' ' || *q == '\t')
		q++;
	if ((*d = digits(&q, 1, 2)) < 0 || *q++ != '.' || (*m = digits(&q, 1, 2)) < 0 ||
	    *q++ != '.')
		return -1;
	const char *ys = q;
	if ((*yy = digits(&q, 2, 2)) < 0 || q - ys != 2)
		return -1;
	while (*q == ' ' || *q == '\t')
		q++;
	return *q ? -1 : 0;
}

/* Reads a spreadsheet's day number (five digits, an optional fraction: the time of day)
 * into *out. Returns 0 or -1. */
static int parse_serial(const char *s, struct date *out)
{
	const char *q = s;
	while (*q == ' ' || *q == '\t')
		q++;
	const char *ds = q;
	long v = 0;
	while (isdigit((unsigned char)*q) && q - ds < 6)
		v = v * 10 + (*q++ - '0');
	if (q - ds != 5)
		return -1;
	if (*q == '.' || *q == ',') {
		q++;
		if (!isdigit((unsigned char)*q))
			return -1;
		while (isdigit((unsigned char)*q))
			q++;
	}
	while (*q == ' ' || *q == '\t')
		q++;
	if (*q)
		return -1;
	/* day 25569 is 01.01.1970 in the 1900 system (whose false 29.02.1900 lies before) */
	struct date d = date_from_days(v - 25569);
	if (!date_valid(d.y, d.m, d.d))
		return -1;
	*out = d;
	return 0;
}

int date_parse_loose(const char *s, enum date_century rule, struct date today, struct date *out,
		     enum date_form *form)
{
	int d, m, yy;
	enum date_form scratch;
	if (!form)
		form = &scratch;
	*form = DATE_FORM_FULL;
	if (date_parse(s, out) == 0)
		return 0;
	if (parse_short(s, &d, &m, &yy) == 0) {
		int y = 2000 + yy;
		if (rule == DATE_CENTURY_PAST) {
			int now = date_empty(today) ? 2000 + 30 : today.y;
			struct date try = {y, m, d};
			if (y > now || (!date_empty(today) && date_valid(y, m, d) && date_cmp(try, today) > 0))
				y -= 100;
		}
		if (!date_valid(y, m, d))
			return -1;
		*out = (struct date){y, m, d};
		*form = DATE_FORM_SHORT;
		return 0;
	}
	if (parse_serial(s, out) == 0) {
		*form = DATE_FORM_SERIAL;
		return 0;
	}
	return -1;
}

int date_cmp(struct date a, struct date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

struct date date_add_months(struct date a, int n)
{
	if (date_empty(a))
		return a;
	int total = a.y * 12 + (a.m - 1) + n;
	struct date r = {total / 12, total % 12 + 1, a.d};
	int dim = date_days_in_month(r.y, r.m);
	if (r.d > dim)
		r.d = dim;
	return r;
}

/* Howard Hinnant's days-from-civil algorithm (public-domain arithmetic, restated). */
long date_days(struct date a)
{
	long y = a.y - (a.m <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long mp = (a.m + 9) % 12;
	long doy = (153 * mp + 2) / 5 + a.d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct date date_from_days(long z)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	struct date r = {(int)(y + (m <= 2)), (int)m, (int)d};
	return r;
}

struct date date_add_days(struct date a, int n)
{
	return date_empty(a) ? a : date_from_days(date_days(a) + n);
}

void date_format(struct date a, char *out, size_t n)
{
	if (date_empty(a))
		snprintf(out, n, "%s", "");
	else
		snprintf(out, n, "%02d.%02d.%04d", a.d, a.m, a.y);
}

void date_format_long(struct date a, char *out, size_t n)
{
	static const char *const months[12] = {
		"января", "февраля", "марта", "апреля", "мая", "июня",
		"июля", "августа", "сентября", "октября", "ноября", "декабря"};
	if (date_empty(a) || a.m < 1 || a.m > 12)
		snprintf(out, n, "%s", "");
	else
		snprintf(out, n, "%d %s %d\xc2\xa0г.", a.d, months[a.m - 1], a.y);
}

int date_academic_year(struct date a)
{
	return a.m >= 9 ? a.y : a.y - 1;
}
