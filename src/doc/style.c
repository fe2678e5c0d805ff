/* style: each form's official sizes and spacings, and the one table of what a template may
 * override; a value is set only when it reads whole and in range. */
#include "style.h"
#include "util/i18n.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* 1.25 cm, the paragraph indent of official documents (ГОСТ Р 7.0.97-2025, 6.3.1) */
#define CM(x) ((x) * 72 / 2.54)
#define INDENT CM(1.25)

void doc_sheet_init(struct doc_sheet *s, enum doc_form form)
{
	/* every form: 12 pt text (ГОСТ Р 7.0.97: 12–14 pt), paragraphs indented 1.25 cm */
	*s = (struct doc_sheet){.body = {.size = 12, .indent = INDENT}};
	switch (form) {
	case DOC_FORM_PASSPORT: /* Приложение 1 */
		s->title.size = s->subtitle.size = 14;
		/* height: ruled lines to fill in by hand at least 8 mm apart, so that a hand fits */
		s->blank = (struct doc_look){.before = 10, .after = 6, .height = 23};
		s->label.before = 8;
		s->item = (struct doc_look){.before = 3, .indent = INDENT};
		s->value = (struct doc_look){.before = 2, .indent = INDENT};
		break;
	case DOC_FORM_PLAN: /* Приложение 2 */
		s->title.size = s->subtitle.size = 14;
		s->blank.before = 6;
		s->period = (struct doc_look){.before = 8, .after = 10};
		s->table.size = 11;
		s->events = (struct doc_columns){5, {14, 69, 32, 37, 28}};
		break;
	case DOC_FORM_ORDER: /* ГОСТ Р 7.0.97-2025; orders are typed in 14 */
		s->body.size = 14;
		s->table.size = 12;
		s->institution.before = 4;
		s->title = (struct doc_look){.size = 16, .before = 18};
		s->dateline.before = 10;
		s->place.before = 6;
		s->heading = (struct doc_look){.before = 18, .after = 12};
		s->command = (struct doc_look){.before = 8, .after = 8};
		s->point.after = 4;
		s->acquaintance.before = 24;
		s->group = (struct doc_columns){4, {0.6, 2.4, 4.2, 2.8}};
		s->curators = (struct doc_columns){4, {0.6, 4.4, 1.4, 2.8}};
		break;
	case DOC_FORM_REPORT: /* a title page, then sections of text, tables and charts */
		s->body.after = 4;
		s->institution = (struct doc_look){.before = 150, .after = 40};
		s->title = (struct doc_look){.size = 16, .after = 6};
		s->subtitle = (struct doc_look){.size = 14, .after = 18};
		s->place.before = 220;
		s->heading = (struct doc_look){.before = 14, .after = 6};
		s->table.size = 10;
		s->small = (struct doc_look){.size = 10, .before = 3};
		s->block.before = 6;
		s->chart = (struct doc_look){.before = 6, .height = 215};
		s->signature = (struct doc_look){.before = 12, .after = 18};
		s->group = (struct doc_columns){4, {0.6, 3.2, 4.2, 2.6}};
		s->years = (struct doc_columns){2, {6, 2}};
		s->targets = (struct doc_columns){2, {5, 1.5}};
		s->words = (struct doc_columns){2, {5, 2}};
		s->counts = (struct doc_columns){7, {4.0, 1.0, 1.1, 1.6, 1.5, 1.4, 1.4}};
		break;
	case DOC_FORM_INVENTORY: /* six columns on A4 portrait */
		s->institution.after = 18;
		s->title.size = s->subtitle.size = 14;
		s->period = (struct doc_look){.before = 4, .after = 12};
		s->table.size = 11;
		s->block.before = 12;
		s->signature.before = 24;
		s->documents = (struct doc_columns){6, {0.5, 4.2, 2.2, 1.3, 0.9, 1.4}};
		break;
	}
}

/* ---- the attributes a template may set ------------------------------------------------ */

enum unit { U_SIZE, U_SPACE, U_INDENT, U_HEIGHT };

/* the range of each kind of value, pt */
static const struct {
	double lo, hi;
} units[] = {
	[U_SIZE] = {4, 72},
	[U_SPACE] = {0, 400},
	[U_INDENT] = {0, 200},
	[U_HEIGHT] = {20, 700},
};

#define A(role, prop, unit) {#role "-" #prop, offsetof(struct doc_sheet, role.prop), unit}

static const struct {
	const char *name;
	size_t off;
	enum unit unit;
} attrs[] = {
	A(body, size, U_SIZE), A(body, indent, U_INDENT), A(body, after, U_SPACE),
	A(title, size, U_SIZE), A(title, before, U_SPACE), A(title, after, U_SPACE),
	A(subtitle, size, U_SIZE), A(subtitle, after, U_SPACE),
	A(heading, before, U_SPACE), A(heading, after, U_SPACE),
	A(table, size, U_SIZE),
	A(small, size, U_SIZE), A(small, before, U_SPACE),
	A(label, before, U_SPACE),
	A(item, before, U_SPACE), A(item, indent, U_INDENT),
	A(value, before, U_SPACE), A(value, indent, U_INDENT),
	A(blank, before, U_SPACE), A(blank, after, U_SPACE), A(blank, height, U_HEIGHT),
	A(institution, before, U_SPACE), A(institution, after, U_SPACE),
	A(period, before, U_SPACE), A(period, after, U_SPACE),
	A(place, before, U_SPACE),
	A(dateline, before, U_SPACE),
	A(command, before, U_SPACE), A(command, after, U_SPACE),
	A(point, after, U_SPACE),
	A(acquaintance, before, U_SPACE),
	A(signature, before, U_SPACE), A(signature, after, U_SPACE),
	A(block, before, U_SPACE),
	A(chart, before, U_SPACE), A(chart, height, U_HEIGHT),
};

/* True when name ends in "-size", "-before", "-after", "-indent" or "-height". */
static bool looks_like_style(const char *name)
{
	static const char *const props[] = {"size", "before", "after", "indent", "height"};
	const char *dash = strrchr(name, '-');
	if (!dash || dash == name)
		return false;
	for (size_t i = 0; i < sizeof props / sizeof *props; i++)
		if (strcmp(dash + 1, props[i]) == 0)
			return true;
	return false;
}

/* Reads "12", "10.5", "1.25cm", "6mm", "12pt" into points (without the locale's strtod).
 * Returns 0, or -1 when s is not such a number. */
static int read_length(const char *s, double *pt)
{
	double v = 0, scale = 1;
	int digits = 0, decimals = -1;
	for (; (*s >= '0' && *s <= '9') || (*s == '.' && decimals < 0); s++) {
		if (*s == '.') {
			decimals = 0;
			continue;
		}
		if (++digits > 6)
			return -1;
		v = v * 10 + (*s - '0');
		if (decimals >= 0)
			decimals++, scale *= 10;
	}
	if (digits == 0 || decimals == 0)
		return -1;
	v /= scale;
	if (strcmp(s, "cm") == 0)
		v = CM(v);
	else if (strcmp(s, "mm") == 0)
		v = CM(v / 10);
	else if (*s && strcmp(s, "pt") != 0)
		return -1;
	*pt = v;
	return 0;
}

int doc_sheet_set(struct doc_sheet *s, const char *name, const char *value, char *why, size_t why_n)
{
	size_t i = 0;
	while (i < sizeof attrs / sizeof *attrs && strcmp(attrs[i].name, name) != 0)
		i++;
	if (i == sizeof attrs / sizeof *attrs) {
		if (!looks_like_style(name))
			return 1;
		snprintf(why, why_n, _("unknown style attribute (the styles are role-size, role-before, "
			 "role-after, role-indent, role-height of the roles body, title, subtitle, heading, table, small, "
			 "label, item, value, blank, institution, period, place, dateline, command, point, "
			 "acquaintance, signature, block, chart)"));
		return -1;
	}
	double lo = units[attrs[i].unit].lo, hi = units[attrs[i].unit].hi, v;
	if (read_length(value, &v) != 0 || v < lo || v > hi) {
		snprintf(why, why_n, _("expected a length from %g to %g pt (a number, optionally with pt, mm "
			 "or cm), not '%.40s'"), lo, hi, value);
		return -1;
	}
	*(double *)((char *)s + attrs[i].off) = v;
	return 0;
}
