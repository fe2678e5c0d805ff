/* date: calendar dates as the documents use them (proleptic Gregorian, no time of day).
 * Invariant: a struct date is either empty (y == 0) or a real calendar date between
 * 01.01.1900 and 31.12.2199; parsing never accepts 31.02 or 00.00.0000. */
#ifndef PT_DATE_H
#define PT_DATE_H

#include <stdbool.h>
#include <stddef.h>

struct date {
	int y, m, d;
};

/* Parses "DD.MM.YYYY" or "YYYY-MM-DD" (surrounding spaces allowed; one or two digits for day
 * and month in the dotted form). Returns 0 and *out, or -1 when s is not such a real date. */
int date_parse(const char *s, struct date *out);

/* How a two-digit year is read. */
enum date_century {
	DATE_CENTURY_2000, /* always 20YY (a graduation, a record: never before 2000) */
	DATE_CENTURY_PAST  /* 20YY, or 19YY when 20YY would be after today (a birth date) */
};
/* What a loosely parsed date was written as. */
enum date_form {
	DATE_FORM_FULL,   /* DD.MM.YYYY or YYYY-MM-DD */
	DATE_FORM_SHORT,  /* D.M.YY or DD.MM.YY (what a spreadsheet writes in a Russian locale) */
	DATE_FORM_SERIAL  /* a spreadsheet's day number, 45291 = 31.12.2023 (1900 system) */
};
/* As date_parse, and also "D.M.YY"/"DD.MM.YY", the century chosen by rule (today may be
 * empty: then 19YY when YY > 30), and a spreadsheet's day number of five digits (an
 * optional fraction, the time, ignored). Returns 0 with *out and *form (form may be NULL),
 * or -1. */
int date_parse_loose(const char *s, enum date_century rule, struct date today, struct date *out,
		     enum date_form *form);
bool date_valid(int y, int m, int d);
bool date_empty(struct date a);
/* <0, 0, >0 like strcmp; empty dates sort first. */
int date_cmp(struct date a, struct date b);
/* Adds n months (n may be negative); the day is clamped to the month's length. */
struct date date_add_months(struct date a, int n);
struct date date_add_days(struct date a, int n);
/* Days since 01.01.1970 (may be negative). */
long date_days(struct date a);
struct date date_from_days(long days);
int date_days_in_month(int y, int m);
/* Writes "05.06.2025" into out (at least 11 bytes); "" for an empty date. */
void date_format(struct date a, char *out, size_t n);
/* Writes "5 июня 2025 г." into out (at least 32 bytes). */
void date_format_long(struct date a, char *out, size_t n);
/* Academic year (its start year) a date belongs to: September to August. */
int date_academic_year(struct date a);

#endif
