/* sheet value: the text of a number, a serial date, an ISO date, and what a number format
 * shows. Invariant: the output never depends on the C locale (a decimal point is '.'). */
#include "sheet/internal.h"

#include <ctype.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"

int sheet_parse_number(const char *s, double *v)
{
	char tmp[64];
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	while (n > 0 && isspace((unsigned char)*s))
		s++, n--;
	if (n == 0 || n >= sizeof tmp)
		return -1;
	const char *dp = localeconv()->decimal_point;
	char pt = dp && dp[0] ? dp[0] : '.';
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!isdigit((unsigned char)c) && c != '.' && c != '-' && c != '+' && c != 'e' &&
		    c != 'E')
			return -1;
		tmp[i] = c == '.' ? pt : c;
	}
	tmp[n] = '\0';
	char *end;
	double d = strtod(tmp, &end);
	if (*end || !isfinite(d))
		return -1;
	*v = d;
	return 0;
}

/* %.*e of v with '.' as the decimal point whatever the locale. */
static void sci(double v, int prec, char *out, size_t n)
{
	snprintf(out, n, "%.*e", prec, v);
	for (char *p = out; *p; p++)
		if (*p != '-' && *p != '+' && *p != 'e' && !isdigit((unsigned char)*p))
			*p = '.';
}

static double sci_back(const char *s)
{
	double v;
	return sheet_parse_number(s, &v) == 0 ? v : NAN;
}

void sheet_format_number(double v, char *out, size_t n)
{
	char e[48], digits[24];
	if (!isfinite(v)) {
		snprintf(out, n, "#NUM!");
		return;
	}
	if (v == 0) {
		snprintf(out, n, "0");
		return;
	}
	int p;
	for (p = 1; p < 15; p++) {
		sci(v, p - 1, e, sizeof e);
		if (sci_back(e) == v)
			break;
	}
	sci(v, p - 1, e, sizeof e);
	/* e is [-]d[.ddd]e[+-]xx */
	const char *s = e;
	bool neg = *s == '-';
	if (neg)
		s++;
	size_t nd = 0;
	for (; *s && *s != 'e'; s++)
		if (isdigit((unsigned char)*s) && nd < sizeof digits - 1)
			digits[nd++] = *s;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	digits[nd] = '\0';
	int ex = *s == 'e' ? atoi(s + 1) : 0;
	char *o = out;
	size_t left = n;
#define PUT(c)                         \
	do {                           \
		if (left > 1) {        \
			*o++ = (c);    \
			left--;        \
		}                      \
	} while (0)
	if (neg)
		PUT('-');
	if (ex >= 21 || ex < -10) {
		PUT(digits[0]);
		if (nd > 1)
			PUT('.');
		for (size_t i = 1; i < nd; i++)
			PUT(digits[i]);
		*o = '\0';
		snprintf(o, left, "E%+d", ex);
		return;
	}
	if (ex < 0) {
		PUT('0');
		PUT('.');
		for (int i = -1; i > ex; i--)
			PUT('0');
		for (size_t i = 0; i < nd; i++)
			PUT(digits[i]);
	} else {
		for (int i = 0; i <= ex; i++)
			PUT((size_t)i < nd ? digits[i] : '0');
		if ((size_t)ex + 1 < nd) {
			PUT('.');
			for (size_t i = (size_t)ex + 1; i < nd; i++)
				PUT(digits[i]);
		}
	}
#undef PUT
	*o = '\0';
}

int sheet_format_serial(double serial, bool date1904, char *out, size_t n)
{
	if (!isfinite(serial))
		return -1;
	double whole = floor(serial);
	struct date d;
	if (date1904) {
		if (whole < 0 || whole > 2957003)
			return -1;
		d = date_from_days(date_days((struct date){1904, 1, 1}) + (long)whole);
	} else {
		if (whole < 1 || whole > 2958465)
			return -1;
		if (whole == 60) {
			snprintf(out, n, "29.02.1900");
			return 0;
		}
		/* serial 1 is 01.01.1900; after the fictitious 29.02.1900 one day less */
		long base = date_days((struct date){1899, 12, 31});
		d = date_from_days(base + (long)whole - (whole > 60));
	}
	date_format(d, out, n);
	return 0;
}

int sheet_format_iso_date(const char *s, char *out, size_t n)
{
	int y, m, d, k = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &k) != 3 || k != 10)
		return -1;
	if (s[10] != '\0' && s[10] != 'T' && s[10] != ' ')
		return -1;
	if (!date_valid(y, m, d))
		return -1;
	date_format((struct date){y, m, d}, out, n);
	return 0;
}

/* Built-in number formats of ECMA-376 (18.8.30) that show a date, or a percentage. */
static enum sheet_numkind builtin_kind(int id)
{
	if ((id >= 14 && id <= 17) || id == 22)
		return NUM_DATE;
	if (id == 9 || id == 10)
		return NUM_PERCENT;
	/* 18-21 and 45-47 show a time only: h:mm AM/PM, h:mm:ss, mm:ss, [h]:mm:ss, mmss.0 */
	return NUM_PLAIN;
}

enum sheet_numkind sheet_numfmt_kind(int id, const char *code)
{
	if (!code)
		return builtin_kind(id);
	bool d = false, m = false, y = false, h = false, s = false, pct = false;
	/* the first section decides; quoted text, escapes and [..] are not format letters */
	for (const char *p = code; *p && *p != ';'; p++) {
		char c = (char)tolower((unsigned char)*p);
		if (c == '"') {
			const char *q = strchr(p + 1, '"');
			if (!q)
				break;
			p = q;
		} else if (c == '\\' || c == '_' || c == '*') {
			if (!p[1])
				break;
			p++;
		} else if (c == '[') {
			const char *q = strchr(p + 1, ']');
			if (!q)
				break;
			if (p[1] == 'h' || p[1] == 'H' || p[1] == 'm' || p[1] == 'M' || p[1] == 's' ||
			    p[1] == 'S')
				h = true; /* [h], [mm], [ss]: elapsed time */
			p = q;
		} else if (c == 'd') {
			d = true;
		} else if (c == 'y') {
			y = true;
		} else if (c == 'm') {
			m = true;
		} else if (c == 'h') {
			h = true;
		} else if (c == 's') {
			s = true;
		} else if (c == '%') {
			pct = true;
		}
	}
	if (d || y || (m && !h && !s))
		return NUM_DATE;
	if (pct)
		return NUM_PERCENT;
	return NUM_PLAIN;
}
