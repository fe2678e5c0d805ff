/* plan: «План мероприятий патронатного сопровождения выпускника» (Приложение 2) — the standard
 * plan of templates/plan.xml merged with the graduate's rows of the events table; due texts
 * read and recurrences expanded over the two years of patronage; responsibles resolved to
 * the people who hold the roles; completion marks read; overdue rows flagged.
 * Invariant: plan_items is the one place a plan's rows are computed — the document, the
 * checks and the analytic report all read them from there; the rules never touch a PDF. */
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/fold.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define MAX_WORDS 12
#define BLANK_SLOT_LINES 2 /* ruled lines in the event cell of a blank slot */
#define OVERDUE_NOTE "не выполнено (срок истёк)"

static const char *const month_names[12] = {
	"январь", "февраль", "март", "апрель", "май", "июнь",
	"июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
};

/* ---- due texts ------------------------------------------------------------------------ */

/* Splits the normalised (lower-case, single-spaced) s in place into at most max words;
 * returns the number of words there are (may exceed max). */
static size_t split_words(char *s, char **w, size_t max)
{
	size_t n = 0;
	while (*s) {
		char *e = strchr(s, ' ');
		if (e)
			*e = '\0';
		if (n < max)
			w[n] = s;
		n++;
		s = e ? e + 1 : s + strlen(s);
	}
	return n;
}

/* A copy of s with every run of white space (line breaks too) made one space. */
static char *one_line(const char *s)
{
	struct buf b = BUF_INIT;
	bool space = false;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = b.len > 0;
			continue;
		}
		if (space)
			buf_addc(&b, ' ');
		space = false;
		buf_addc(&b, *s);
	}
	return buf_take(&b);
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static int month_of(const char *w)
{
	for (int i = 0; i < 12; i++)
		if (strcmp(w, month_names[i]) == 0)
			return i + 1;
	return 0;
}

static struct date month_end(int y, int m)
{
	return (struct date){y, m, date_days_in_month(y, m)};
}

static bool is_year_word(const char *w)
{
	return strcmp(w, "г.") == 0 || strcmp(w, "г") == 0 || strcmp(w, "года") == 0 || strcmp(w, "год") == 0;
}

/* «ноябрь», «ноябрь 2025», «ноябрь 2025 г.», «11.2025» */
static int parse_month(char **w, size_t nw, struct plan_due *out)
{
	if (nw == 1 && strlen(w[0]) == 7 && w[0][2] == '.') {
		char mm[3] = {w[0][0], w[0][1], 0};
		int y = atoi(w[0] + 3), m = atoi(mm);
		if (all_digits(mm) && all_digits(w[0] + 3) && m >= 1 && m <= 12 && y >= 1900 && y <= 2199) {
			out->kind = PLAN_DUE_MONTH, out->date = month_end(y, m);
			return 0;
		}
		return -1;
	}
	int m = month_of(w[0]);
	if (!m || nw > 3)
		return -1;
	if (nw == 1) {
		out->kind = PLAN_DUE_RELMONTH, out->month = m;
		return 0;
	}
	int y = atoi(w[1]);
	if (!all_digits(w[1]) || y < 1900 || y > 2199 || (nw == 3 && !is_year_word(w[2])))
		return -1;
	out->kind = PLAN_DUE_MONTH, out->date = month_end(y, m);
	return 0;
}

/* Months of a unit word («месяцев», «полугодие», «год» …), 0 when it is none. */
static int unit_months(const char *w)
{
	static const struct {
		const char *w;
		int months;
	} units[] = {
		{"месяц", 1}, {"месяца", 1}, {"месяцев", 1}, {"квартал", 3}, {"квартала", 3},
		{"кварталов", 3}, {"полугодие", 6}, {"полугодия", 6}, {"полгода", 6}, {"год", 12},
		{"года", 12}, {"лет", 12},
	};
	for (size_t i = 0; i < sizeof units / sizeof *units; i++)
		if (strcmp(w, units[i].w) == 0)
			return units[i].months;
	return 0;
}

/* «[N] раз[а] в [M] unit …», «каждые M unit», «ежемесячно» …; the rest of the text (e.g.
 * «на протяжении патронатного сопровождения») is allowed. Sets every and the words used. */
static int parse_recurrence(char **w, size_t nw, int *every, size_t *used)
{
	static const struct {
		const char *w;
		int months;
	} adverbs[] = {{"ежемесячно", 1}, {"ежеквартально", 3}, {"ежегодно", 12}};
	for (size_t k = 0; k < sizeof adverbs / sizeof *adverbs; k++)
		if (strcmp(w[0], adverbs[k].w) == 0) {
			*every = adverbs[k].months, *used = 1;
			return 0;
		}
	size_t i = 0;
	int times = 1, per = 1;
	if (strcmp(w[0], "каждые") == 0 || strcmp(w[0], "каждый") == 0 || strcmp(w[0], "каждое") == 0) {
		i = 1;
	} else {
		if (i < nw && all_digits(w[i]))
			times = atoi(w[i++]);
		if (i + 1 >= nw || (strcmp(w[i], "раз") && strcmp(w[i], "раза")) || strcmp(w[i + 1], "в"))
			return -1;
		i += 2;
	}
	if (i < nw && all_digits(w[i]) && strlen(w[i]) <= 2)
		per = atoi(w[i++]);
	int unit = i < nw ? unit_months(w[i]) : 0;
	if (!unit || times < 1 || times > 24 || (per * unit) % times != 0)
		return -1;
	*every = per * unit / times;
	*used = i + 1;
	return *every >= 1 && *every <= 24 ? 0 : -1;
}

int plan_due_parse(const char *s, struct plan_due *out)
{
	memset(out, 0, sizeof *out);
	char *norm = fold_key(s ? s : "");
	char *w[MAX_WORDS];
	size_t nw = split_words(norm, w, MAX_WORDS);
	size_t kept = nw < MAX_WORDS ? nw : MAX_WORDS;
	int rc = 0, every;
	size_t used;
	if (nw == 0) {
		out->kind = PLAN_DUE_NONE;
	} else if (nw <= 2 && date_parse(w[nw - 1], &out->date) == 0 && (nw == 1 || strcmp(w[0], "до") == 0)) {
		out->kind = PLAN_DUE_DATE;
	} else if (parse_month(w, nw, out) == 0) {
		/* set by parse_month */
	} else if (parse_recurrence(w, kept, &every, &used) == 0) {
		out->kind = PLAN_DUE_RECUR, out->every = every;
		struct buf b = BUF_INIT;
		for (size_t i = 0; i < used; i++)
			buf_printf(&b, "%s%s", i ? " " : "", w[i]);
		snprintf(out->phrase, sizeof out->phrase, "%s", buf_cstr(&b));
		buf_free(&b);
	} else {
		memset(out, 0, sizeof *out);
		out->kind = PLAN_DUE_BAD;
		rc = -1;
	}
	free(norm);
	return rc;
}

struct date plan_period_end(struct date g, int months, int k)
{
	if (date_empty(g) || months < 1 || k < 1)
		return (struct date){0, 0, 0};
	return date_add_days(date_add_months(g, k * months), -1);
}

size_t plan_due_dates(const struct plan_due *d, struct date g, struct date *out, size_t max)
{
	size_t n = 0;
	if (max == 0)
		return 0;
	switch (d->kind) {
	case PLAN_DUE_DATE:
	case PLAN_DUE_MONTH:
		out[n++] = d->date;
		break;
	case PLAN_DUE_RELMONTH:
		if (!date_empty(g))
			out[n++] = month_end(d->month >= g.m ? g.y : g.y + 1, d->month);
		break;
	case PLAN_DUE_RECUR:
		for (int k = 1; !date_empty(g) && d->every > 0 && k * d->every <= 24 && n < max; k++)
			out[n++] = plan_period_end(g, d->every, k);
		break;
	case PLAN_DUE_NONE:
	case PLAN_DUE_BAD:
		break;
	}
	return n;
}

/* The due column's text: the dates, the month, or the recurrence with its dates. */
static char *due_print(const char *raw, const struct plan_due *d, const struct date *dates, size_t n)
{
	struct buf b = BUF_INIT;
	char ds[16];
	switch (d->kind) {
	case PLAN_DUE_NONE: break;
	case PLAN_DUE_BAD: buf_adds(&b, raw); break;
	case PLAN_DUE_DATE:
		date_format(d->date, ds, sizeof ds);
		buf_adds(&b, ds);
		break;
	case PLAN_DUE_MONTH:
	case PLAN_DUE_RELMONTH:
		if (n)
			buf_printf(&b, "%s %d", month_names[dates[0].m - 1], dates[0].y);
		else
			buf_adds(&b, month_names[d->month - 1]);
		break;
	case PLAN_DUE_RECUR:
		buf_adds(&b, d->phrase);
		for (size_t i = 0; i < n; i++) {
			date_format(dates[i], ds, sizeof ds);
			buf_printf(&b, "%s%s", i ? ", " : ": ", ds);
		}
		break;
	}
	return buf_take(&b);
}

/* ---- completion marks ----------------------------------------------------------------- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Collects the DD.MM.YYYY dates written anywhere in s. */
static size_t find_dates(const char *s, struct date *dates, size_t max)
{
	size_t n = 0, len = strlen(s);
	for (size_t i = 0; i < len && n < max; i++) {
		if (!is_digit(s[i]) || (i > 0 && (is_digit(s[i - 1]) || s[i - 1] == '.')))
			continue;
		size_t j = i;
		while (j < len && (is_digit(s[j]) || s[j] == '.'))
			j++;
		while (j > i && s[j - 1] == '.')
			j--;
		char tok[16];
		if (j - i < sizeof tok) {
			memcpy(tok, s + i, j - i);
			tok[j - i] = '\0';
			if (strchr(tok, '.') && date_parse(tok, &dates[n]) == 0)
				n++;
		}
		i = j;
	}
	return n;
}

/* True when the mark's first word says the work was done. */
static bool says_done(const char *norm)
{
	static const char *const words[] = {"выполнено", "выполнен", "выполнена", "выполнены",
					    "проведено", "проведен", "проведена", "проведены",
					    "исполнено", "сделано", "да", "+", "done", "yes"};
	size_t n = strcspn(norm, " ,.:;(");
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strlen(words[i]) == n && strncmp(norm, words[i], n) == 0)
			return true;
	return false;
}

enum plan_mark plan_mark_parse(const char *s, struct date *dates, size_t max, size_t *ndates)
{
	*ndates = 0;
	char *norm = fold_key(s ? s : "");
	enum plan_mark r = PLAN_MARK_OTHER;
	struct date first;
	char head[16] = "";
	sscanf(norm, "%15[0-9.-]", head);
	if (!*norm)
		r = PLAN_MARK_NONE;
	else if ((*head && date_parse(head, &first) == 0) || says_done(norm))
		r = PLAN_MARK_DONE;
	if (r != PLAN_MARK_NONE) {
		*ndates = find_dates(norm, dates, max);
		if (*ndates == 0 && *head && max && date_parse(head, &first) == 0)
			dates[(*ndates)++] = first; /* an ISO date */
	}
	free(norm);
	return r;
}

/* ---- numbers -------------------------------------------------------------------------- */

int plan_number_cmp(const char *a, const char *b)
{
	if (!*a || !*b)
		return (*a == '\0') - (*b == '\0');
	while (*a && *b) {
		if (is_digit(*a) && is_digit(*b)) {
			while (*a == '0' && is_digit(a[1]))
				a++;
			while (*b == '0' && is_digit(b[1]))
				b++;
			size_t la = 0, lb = 0;
			while (is_digit(a[la]))
				la++;
			while (is_digit(b[lb]))
				lb++;
			if (la != lb)
				return la < lb ? -1 : 1;
			int c = strncmp(a, b, la);
			if (c)
				return c;
			a += la, b += lb;
		} else if (*a != *b) {
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		} else {
			a++, b++;
		}
	}
	return (*a != '\0') - (*b != '\0');
}

/* ---- responsibles --------------------------------------------------------------------- */

/* Appends s with its first letter in upper case (Latin and Cyrillic). */
static void add_capitalised(struct buf *b, const char *s)
{
	size_t len;
	int cp = utf8_decode(s, strlen(s), &len);
	if (cp >= 0x430 && cp <= 0x44F)
		cp -= 32;
	else if (cp == 0x451)
		cp = 0x401;
	else if (cp >= 'a' && cp <= 'z')
		cp -= 32;
	if (cp < 0) {
		buf_adds(b, s);
		return;
	}
	char out[4];
	buf_add(b, out, utf8_encode((unsigned)cp, out));
	buf_adds(b, s + len);
}

#define ROLE_CURATOR ROLE_COUNT /* «куратор»: the graduate's curator */

/* The role a normalised text names, ROLE_CURATOR for «куратор», or ROLE_NONE. */
static enum role role_of(const char *norm)
{
	static const struct {
		const char *w;
		enum role r;
	} aliases[] = {
		{"куратор", ROLE_CURATOR}, {"социальный педагог", ROLE_SOCIAL_PEDAGOGUE},
		{"психолог", ROLE_PSYCHOLOGIST}, {"дефектолог", ROLE_DEFECTOLOGIST},
		{"директор", ROLE_HEAD}, {"заместитель директора", ROLE_DEPUTY},
	};
	for (int r = ROLE_HEAD; r < ROLE_COUNT; r++) {
		char *n = fold_key(model_role_name((enum role)r));
		bool eq = strcmp(n, norm) == 0;
		free(n);
		if (eq)
			return (enum role)r;
	}
	for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
		if (strcmp(aliases[i].w, norm) == 0)
			return aliases[i].r;
	return ROLE_NONE;
}

static void add_person(struct buf *b, const struct staff *s, bool *first)
{
	char *n = model_short_name(s->surname, s->name, s->patronymic);
	buf_printf(b, "%s%s", *first ? " " : ", ", n);
	*first = false;
	free(n);
}

/* Appends the people who hold role r for graduate gi; returns false when nobody does. */
static bool add_holders(struct buf *b, const struct model *m, size_t gi, enum role r)
{
	bool first = true;
	size_t cur = gi < m->ngraduates ? m->graduates[gi].curator_index : (size_t)-1;
	if ((r == ROLE_CURATOR || r == ROLE_CLASS_TEACHER) && cur < m->nstaff) {
		add_person(b, &m->staff[cur], &first);
		return true;
	}
	for (size_t i = 0; i < m->nstaff && r != ROLE_CURATOR; i++)
		if (m->staff[i].role == r)
			add_person(b, &m->staff[i], &first);
	if (first && r == ROLE_HEAD && m->inst.director_surname && *m->inst.director_surname) {
		char *n = model_short_name(m->inst.director_surname, m->inst.director_name,
					   m->inst.director_patronymic);
		buf_printf(b, " %s", n);
		free(n);
		first = false;
	}
	return !first;
}

/* Resolves one trimmed part into b; returns its status. */
static enum plan_resp resolve_part(struct buf *b, const struct model *m, size_t gi, const char *part,
				   const char **role)
{
	size_t si = model_find_staff(m, part);
	if (si < m->nstaff) {
		const struct staff *s = &m->staff[si];
		char *n = model_short_name(s->surname, s->name, s->patronymic);
		/* a person is printed with his own role in the group (one spelling: model_role_name) */
		add_capitalised(b, s->role != ROLE_NONE ? model_role_name(s->role) : s->position);
		buf_printf(b, " %s", n);
		free(n);
		return PLAN_RESP_OK;
	}
	char *norm = fold_key(part);
	enum role r = role_of(norm);
	free(norm);
	/* the role by its one name (an alias such as «социальный педагог» too); a class teacher's
	 * row falls to the graduate's curator, printed with the curator's own role */
	size_t cur = gi < m->ngraduates ? m->graduates[gi].curator_index : (size_t)-1;
	enum role shown = r == ROLE_CLASS_TEACHER && cur < m->nstaff && m->staff[cur].role != ROLE_NONE
				  ? m->staff[cur].role : r;
	add_capitalised(b, r == ROLE_NONE || r == ROLE_CURATOR ? part : model_role_name(shown));
	if (r == ROLE_NONE)
		return PLAN_RESP_UNKNOWN;
	if (add_holders(b, m, gi, r))
		return PLAN_RESP_OK;
	if (role)
		*role = r == ROLE_CURATOR ? "куратор" : model_role_name(r);
	return PLAN_RESP_UNHELD;
}

char *plan_responsible(const struct model *m, size_t gi, const char *text, enum plan_resp *status,
		       const char **role)
{
	struct buf b = BUF_INIT;
	*status = PLAN_RESP_OK;
	if (role)
		*role = NULL;
	const char *p = text ? text : "";
	while (*p) {
		size_t n = strcspn(p, ",;");
		char *part = xstrndup(p, n);
		char *s = part, *e = part + n;
		while (*s == ' ' || *s == '\t')
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			*--e = '\0';
		if (*s) {
			if (b.len)
				buf_adds(&b, ",\n");
			enum plan_resp st = resolve_part(&b, m, gi, s, role);
			if (st > *status)
				*status = st;
		}
		free(part);
		p += n + (p[n] != '\0');
	}
	return buf_take(&b);
}

/* ---- academic years ------------------------------------------------------------------- */

void plan_years(struct date g, int *first, int *last)
{
	*first = date_academic_year(g) + (g.m >= 6 && g.m <= 8);
	*last = date_academic_year(date_add_months(g, 24));
}

/* ---- the template --------------------------------------------------------------------- */

static bool named(const struct tnode *n, const char *name)
{
	return strcmp(n->name, name) == 0;
}

static bool drop_hints(const struct tmpl *t)
{
	return strcmp(tnode_attr(&t->root, "placeholders", "keep"), "drop") == 0;
}

static const struct tnode *find_section(const struct tmpl *t, int n)
{
	for (size_t i = 0; i < t->root.nkids; i++) {
		const struct tnode *s = &t->root.kids[i];
		if (named(s, "section") && atoi(tnode_attr(s, "n", "0")) == n)
			return s;
	}
	return NULL;
}

/* Checks one <item> of section sn; seen collects the numbers for duplicates. */
static void check_item(const struct tmpl *t, const struct tnode *it, int sn, struct buf *seen,
		       struct diag_list *dl)
{
	const char *n = tnode_attr(it, "n", "");
	struct plan_due d;
	if (!*n || !is_digit(n[0]) || atoi(n) != sn)
		diag_error(dl, t->file, it->line, "n", "the item's number must start with its section's (%d)", sn);
	char *key = xasprintf("|%s|", n);
	if (*n && seen->len && strstr(buf_cstr(seen), key))
		diag_error(dl, t->file, it->line, "n", "item %s appears twice", n);
	buf_adds(seen, seen->len ? key + 1 : key);
	free(key);
	if (!it->text || !*it->text)
		diag_error(dl, t->file, it->line, "item", "the item has no text");
	if (plan_due_parse(tnode_attr(it, "due", ""), &d) != 0)
		diag_error(dl, t->file, it->line, "due", "cannot read the due text (a date, a month or a recurrence)");
	const char *h = tnode_attr(it, "hint", "no");
	if (strcmp(h, "yes") && strcmp(h, "no"))
		diag_error(dl, t->file, it->line, "hint", "must be yes or no");
	for (size_t k = 0; k < it->nkids; k++)
		diag_error(dl, t->file, it->kids[k].line, it->kids[k].name, "unknown element");
}

static void check_section(const struct tmpl *t, const struct tnode *s, bool *have, struct buf *seen,
			  struct diag_list *dl)
{
	int sn = tnode_int(t, s, "n", 1, 4, 0, dl);
	if (sn && have[sn])
		diag_error(dl, t->file, s->line, "n", "section %d appears twice", sn);
	have[sn] = true;
	if (!tnode_attr(s, "title", NULL))
		diag_error(dl, t->file, s->line, "title", "required attribute is missing");
	for (size_t i = 0; i < s->nkids; i++) {
		if (named(&s->kids[i], "item"))
			check_item(t, &s->kids[i], sn, seen, dl);
		else
			diag_error(dl, t->file, s->kids[i].line, s->kids[i].name, "unknown element (expected item)");
	}
}

static void check_table(const struct tmpl *t, const struct tnode *n, struct diag_list *dl)
{
	size_t cols = 0;
	tnode_int(t, n, "size", 6, 14, 0, dl); /* the table's own size, over the sheet's table-size */
	for (size_t i = 0; i < n->nkids; i++) {
		const struct tnode *c = &n->kids[i];
		if (!named(c, "column")) {
			diag_error(dl, t->file, c->line, c->name, "unknown element (expected column)");
			continue;
		}
		cols++;
		tnode_int(t, c, "width", 1, 1000, 1, dl);
	}
	if (cols != 5)
		diag_error(dl, t->file, n->line, "table",
			   "the plan's table has 5 columns (№, event, due, responsible, mark); found %zu", cols);
}

/* The placeholders of the approval stamp's lines. */
enum akey { AK_POSITION, AK_INSTITUTION, AK_SHORT_INSTITUTION, AK_DIRECTOR };
static const char *const approval_keys[] = {
	[AK_POSITION] = "position", [AK_INSTITUTION] = "institution",
	[AK_SHORT_INSTITUTION] = "short_institution", [AK_DIRECTOR] = "director", NULL};

static void check_approval(const struct tmpl *t, const struct tnode *n, struct diag_list *dl)
{
	for (size_t i = 0; i < n->nkids; i++) {
		const struct tnode *l = &n->kids[i];
		if (!named(l, "line")) {
			diag_error(dl, t->file, l->line, l->name, "unknown element (expected line)");
			continue;
		}
		struct buf b = BUF_INIT;
		char bad[64];
		if (tmpl_expand(l->text ? l->text : "", approval_keys, NULL, NULL, &b, bad, sizeof bad) != 0)
			diag_error(dl, t->file, l->line, "line", "unknown placeholder (expected {position}, "
				   "{institution}, {short_institution} or {director})");
		buf_free(&b);
	}
}

size_t plan_check_template(const struct tmpl *t, struct diag_list *dl)
{
	size_t before = dl->nerrors;
	const struct tnode *root = &t->root;
	if (!named(root, "plan")) {
		diag_error(dl, t->file, root->line, root->name, "the root element must be <plan>");
		return dl->nerrors - before;
	}
	const char *ph = tnode_attr(root, "placeholders", "keep");
	if (strcmp(ph, "keep") && strcmp(ph, "drop"))
		diag_error(dl, t->file, root->line, "placeholders", "must be keep or drop");
	struct doc_sheet st;
	tmpl_sheet(t, DOC_FORM_PLAN, &st, dl);
	bool have[5] = {false};
	bool table = false;
	struct buf seen = BUF_INIT;
	for (size_t i = 0; i < root->nkids; i++) {
		const struct tnode *n = &root->kids[i];
		if (named(n, "section"))
			check_section(t, n, have, &seen, dl);
		else if (named(n, "table"))
			check_table(t, n, dl), table = true;
		else if (named(n, "approval"))
			check_approval(t, n, dl);
		else if (!named(n, "title") && !named(n, "subtitle") && !named(n, "institution") &&
			 !named(n, "graduate") && !named(n, "years"))
			diag_error(dl, t->file, n->line, n->name, "unknown element");
	}
	buf_free(&seen);
	if (!table)
		diag_error(dl, t->file, root->line, "table", "the plan needs a <table> with its 5 columns");
	for (int s = 1; s <= 4; s++)
		if (!have[s])
			diag_error(dl, t->file, root->line, "section", "section %d is missing", s);
	return dl->nerrors - before;
}

/* ---- rows ----------------------------------------------------------------------------- */

/* A row before it is computed: the template's and the events' fields, borrowed. */
struct row {
	int section;
	const char *number, *title, *due, *responsible, *done;
	bool hint, from_events;
	const struct src *src;
	int tmpl_line;
	size_t seq;
};

struct rows {
	struct row *v;
	size_t n, cap;
};

static struct row *row_add(struct rows *rs)
{
	xgrow((void **)&rs->v, &rs->cap, rs->n + 1, sizeof *rs->v);
	struct row *r = &rs->v[rs->n];
	memset(r, 0, sizeof *r);
	r->seq = rs->n++;
	return r;
}

static void rows_from_template(const struct tmpl *t, struct rows *rs)
{
	for (size_t i = 0; i < t->root.nkids; i++) {
		const struct tnode *s = &t->root.kids[i];
		if (!named(s, "section"))
			continue;
		for (size_t k = 0; k < s->nkids; k++) {
			const struct tnode *it = &s->kids[k];
			if (!named(it, "item"))
				continue;
			struct row *r = row_add(rs);
			r->section = atoi(tnode_attr(s, "n", "0"));
			r->number = tnode_attr(it, "n", "");
			r->title = it->text ? it->text : "";
			r->due = tnode_attr(it, "due", "");
			r->responsible = tnode_attr(it, "responsible", "");
			r->done = "";
			r->hint = strcmp(tnode_attr(it, "hint", "no"), "yes") == 0;
			r->tmpl_line = it->line;
		}
	}
}

/* Merges event e: a row of the same section and number takes its non-empty fields. */
static void merge_event(struct rows *rs, const struct event *e)
{
	struct row *r = NULL;
	for (size_t i = 0; i < rs->n && *e->item; i++)
		if (rs->v[i].section == e->section && strcmp(rs->v[i].number, e->item) == 0)
			r = &rs->v[i];
	if (!r) {
		r = row_add(rs);
		r->section = e->section, r->number = e->item;
		r->title = r->due = r->responsible = "";
	}
	if (*e->title)
		r->title = e->title, r->hint = false;
	if (*e->due)
		r->due = e->due;
	if (*e->responsible)
		r->responsible = e->responsible;
	r->done = e->done;
	r->from_events = true;
	r->src = &e->src;
}

static int row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	if (x->section != y->section)
		return x->section < y->section ? -1 : 1;
	int c = plan_number_cmp(x->number, y->number);
	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* The length of number's parent ("2.4" of "2.4.1"); 0 for a top-level number. */
static size_t parent_len(const char *number)
{
	const char *dot = strrchr(number, '.');
	return dot ? (size_t)(dot - number) : 0;
}

/* True when an event row (not a placeholder) sits under hint row h's parent. */
static bool slot_filled(const struct rows *rs, const struct row *h)
{
	size_t pl = parent_len(h->number);
	for (size_t i = 0; i < rs->n && pl; i++) {
		const struct row *r = &rs->v[i];
		if (r->from_events && !r->hint && r->section == h->section && parent_len(r->number) == pl &&
		    strncmp(r->number, h->number, pl) == 0)
			return true;
	}
	return false;
}

/* The rows of graduate gi: the standard plan, then the events for everyone, then the
 * graduate's own (so that these win), in number order. */
static void collect_rows(const struct model *m, size_t gi, const struct tmpl *t, struct rows *rs)
{
	rows_from_template(t, rs);
	if (m->ev_first) { /* the index: the same events in the same order, without a scan */
		for (size_t k = m->ev_first[0]; k < m->ev_first[1]; k++)
			merge_event(rs, &m->events[m->ev_order[k]]);
		for (size_t k = m->ev_first[gi + 1]; k < m->ev_first[gi + 2]; k++)
			merge_event(rs, &m->events[m->ev_order[k]]);
	} else {
		for (int pass = 0; pass < 2; pass++)
			for (size_t i = 0; i < m->nevents; i++) {
				const struct event *e = &m->events[i];
				bool all = !*e->graduate;
				if ((pass == 0 && all) || (pass == 1 && !all && e->graduate_index == gi))
					merge_event(rs, e);
			}
	}
	/* a placeholder is an instruction, never a row: the events under its parent (2.4.3 for
	 * the hints 2.4.1, 2.4.2) fill its slot; with none it stays a blank slot, or goes
	 * when the template says placeholders="drop" */
	size_t k = 0;
	for (size_t i = 0; i < rs->n; i++)
		if (!rs->v[i].hint || (!drop_hints(t) && !slot_filled(rs, &rs->v[i])))
			rs->v[k++] = rs->v[i];
	rs->n = k;
	qsort(rs->v, rs->n, sizeof *rs->v, row_cmp);
}

static int date_sort_cmp(const void *a, const void *b)
{
	return date_cmp(*(const struct date *)a, *(const struct date *)b);
}

/* Sets the state from the due dates, the mark and today. */
static void set_state(struct plan_item *it, const struct date *due, size_t ndue, enum plan_mark mk,
		      struct date *done, size_t ndone, struct date today)
{
	it->state = PLAN_OPEN;
	qsort(done, ndone, sizeof *done, date_sort_cmp);
	if (ndone)
		it->done_date = done[ndone - 1];
	if (mk == PLAN_MARK_OTHER) {
		it->state = PLAN_NOT_DONE;
		return;
	}
	if (mk == PLAN_MARK_DONE && (ndone == 0 || ndone >= ndue)) {
		it->state = PLAN_DONE;
		for (size_t i = 0; i < ndone && i < ndue; i++)
			if (date_cmp(done[i], due[i]) > 0)
				it->state = PLAN_DONE_LATE;
		return;
	}
	/* not done, or fewer completions than occurrences: the first one not done decides */
	size_t next = mk == PLAN_MARK_DONE ? ndone : 0;
	if (it->tracked && next < ndue && !date_empty(today) && date_cmp(due[next], today) < 0) {
		it->state = PLAN_OVERDUE;
		it->missed = due[next];
	}
}

static void compute_item(const struct model *m, size_t gi, const struct row *r, struct date today,
			 struct plan_item *it)
{
	struct date g = m->graduates[gi].graduation;
	struct plan_due d;
	struct date due[PLAN_MAX_DATES], done[PLAN_MAX_DATES];
	size_t ndone;
	plan_due_parse(r->due, &d);
	size_t ndue = plan_due_dates(&d, g, due, PLAN_MAX_DATES);
	memset(it, 0, sizeof *it);
	it->section = r->section;
	it->number = xstrdup(r->number);
	/* a blank slot prints neither the placeholder's instruction nor a due */
	it->title = r->hint ? xstrdup("") : one_line(r->title);
	it->due_text = r->hint ? xstrdup("") : due_print(r->due, &d, due, ndue);
	if (ndue)
		it->due = due[ndue - 1];
	enum plan_resp st;
	it->responsible = plan_responsible(m, gi, r->responsible, &st, NULL);
	enum plan_mark mk = plan_mark_parse(r->done, done, PLAN_MAX_DATES, &ndone);
	it->done = xstrdup(mk == PLAN_MARK_NONE ? "" : r->done);
	it->from_events = r->from_events;
	it->src = r->src;
	it->hint = r->hint;
	it->tmpl_line = r->tmpl_line;
	it->tracked = !r->hint && (r->from_events || (ndue > 0 && d.kind != PLAN_DUE_RECUR));
	set_state(it, due, ndue, mk, done, ndone, today);
}

void plan_items(const struct model *m, size_t gi, const struct tmpl *t, struct date today,
		struct plan_items *out)
{
	memset(out, 0, sizeof *out);
	if (gi >= m->ngraduates || !t)
		return;
	struct rows rs = {0};
	collect_rows(m, gi, t, &rs);
	out->v = xcalloc(rs.n ? rs.n : 1, sizeof *out->v);
	out->cap = rs.n;
	for (size_t i = 0; i < rs.n; i++)
		compute_item(m, gi, &rs.v[i], today, &out->v[out->n++]);
	free(rs.v);
}

void plan_items_free(struct plan_items *pi)
{
	for (size_t i = 0; i < pi->n; i++) {
		struct plan_item *it = &pi->v[i];
		free(it->number), free(it->title), free(it->due_text), free(it->responsible), free(it->done);
	}
	free(pi->v);
	memset(pi, 0, sizeof *pi);
}

/* ---- checks --------------------------------------------------------------------------- */

static void warn_responsible(struct diag_list *dl, const struct src *src, const char *field,
			     enum plan_resp st, const char *role, const char *who)
{
	if (st == PLAN_RESP_UNHELD)
		SRC_DIAG(dl, DIAG_WARNING, src, field, NULL,
			 "%snobody in staff holds the role «%s»: printed as written", who, role);
	else if (st == PLAN_RESP_UNKNOWN)
		SRC_DIAG(dl, DIAG_WARNING, src, field, NULL,
			  "%sneither a staff id nor a role (e.g. педагог социальный, педагог-психолог, "
			  "классный руководитель): printed as written", who);
}

/* Once per row of the events table: due text, responsible, number. */
static void check_event(const struct model *m, const struct event *e, struct diag_list *dl)
{
	struct plan_due d;
	if (plan_due_parse(e->due, &d) != 0)
		SRC_DIAG(dl, DIAG_WARNING, &e->src, "Срок исполнения", NULL,
			  "cannot read the due date (a date, a month such as «ноябрь 2025», or a recurrence "
			  "such as «1 раз в 6 месяцев»): printed as written, never flagged as overdue");
	if (*e->item && atoi(e->item) != e->section)
		SRC_DIAG(dl, DIAG_WARNING, &e->src, "№", NULL, "item %s is in section %d: it is printed there",
			  e->item, e->section);
	size_t gi = *e->graduate ? e->graduate_index : (size_t)-1;
	enum plan_resp st;
	const char *role;
	free(plan_responsible(m, gi, e->responsible, &st, &role));
	if (!m->staff_unread && (*e->graduate || st != PLAN_RESP_UNHELD || (role && strcmp(role, "куратор"))))
		warn_responsible(dl, &e->src, "Ответственный", st, role, "");
	for (size_t k = 0; k < (size_t)(e - m->events); k++) {
		const struct event *o = &m->events[k];
		if (*e->item && strcmp(o->item, e->item) == 0 && o->section == e->section &&
		    strcmp(o->graduate, e->graduate) == 0) {
			SRC_DIAG(dl, DIAG_WARNING, &e->src, "№", NULL,
				  "item %s of graduate %s is also on line %d: both are printed", e->item,
				  *e->graduate ? e->graduate : "(every graduate)", o->src.line);
			break;
		}
	}
}

/* Once per item of the standard plan: whom its role names (checked for graduate gi). */
static void check_template_roles(const struct model *m, const struct tmpl *t, size_t gi, bool *warned,
				 size_t nwarned, struct diag_list *dl)
{
	size_t k = 0;
	if (m->staff_unread)
		return; /* the staff table was refused: its error is the one */
	for (size_t i = 0; i < t->root.nkids; i++) {
		const struct tnode *s = &t->root.kids[i];
		for (size_t j = 0; named(s, "section") && j < s->nkids; j++, k++) {
			const struct tnode *it = &s->kids[j];
			if (k >= nwarned || warned[k])
				continue;
			enum plan_resp st;
			const char *role;
			free(plan_responsible(m, gi, tnode_attr(it, "responsible", ""), &st, &role));
			if (st == PLAN_RESP_OK)
				continue;
			char *who = xasprintf(_("item %s (graduate %s): "), tnode_attr(it, "n", ""), m->graduates[gi].id);
			warn_responsible(dl, &(struct src){t->file, NULL, it->line}, "responsible", st, role, who);
			free(who);
			warned[k] = true;
		}
	}
}

static size_t template_items(const struct tmpl *t)
{
	size_t n = 0;
	for (size_t i = 0; i < t->root.nkids; i++)
		if (named(&t->root.kids[i], "section"))
			n += t->root.kids[i].nkids;
	return n;
}

static void check_overdue(const struct model *m, size_t gi, const struct plan_items *pi, struct diag_list *dl)
{
	const struct graduate *g = &m->graduates[gi];
	if (m->events_unread)
		return; /* the events table was refused: what it marks done is not known */
	for (size_t i = 0; i < pi->n; i++) {
		const struct plan_item *it = &pi->v[i];
		if (it->state != PLAN_OVERDUE)
			continue;
		char ds[16];
		date_format(it->missed, ds, sizeof ds);
		if (it->src)
			SRC_DIAG(dl, DIAG_WARNING, it->src, "Отметка о выполнении", NULL,
				  "graduate %s: plan item %s was due by %s and is not marked done", g->id,
				  it->number, ds);
		else
			SRC_DIAG(dl, DIAG_WARNING, &g->src, "Код", g->id,
				  "plan item %s of the standard plan (plan.xml:%d) was due by %s for graduate %s "
				  "and no row of the events table marks it done", it->number, it->tmpl_line, ds, g->id);
	}
}

void plan_check(const struct model *m, const struct tmpl *t, struct date today, struct diag_list *dl)
{
	if (!t)
		return;
	for (size_t i = 0; i < m->nevents; i++)
		check_event(m, &m->events[i], dl);
	size_t nt = template_items(t);
	bool *warned = xcalloc(nt ? nt : 1, sizeof *warned);
	for (size_t gi = 0; gi < m->ngraduates; gi++) {
		check_template_roles(m, t, gi, warned, nt, dl);
		struct plan_items pi;
		plan_items(m, gi, t, today, &pi);
		check_overdue(m, gi, &pi, dl);
		plan_items_free(&pi);
	}
	free(warned);
}

/* ---- the document --------------------------------------------------------------------- */

/* tmpl_expand's value callback for the approval stamp: approval_keys[k] of the model ctx. */
static char *approval_value(const void *ctx, size_t k)
{
	const struct institution *in = &((const struct model *)ctx)->inst;
	switch ((enum akey)k) {
	case AK_POSITION:
		return xstrdup(in->director_position && *in->director_position ? in->director_position : "Директор");
	case AK_INSTITUTION: return xstrdup(in->name ? in->name : "");
	case AK_SHORT_INSTITUTION:
		return xstrdup(in->short_name && *in->short_name ? in->short_name : (in->name ? in->name : ""));
	case AK_DIRECTOR:
		return model_initials_first(in->director_surname, in->director_name, in->director_patronymic);
	}
	return xstrdup("");
}

/* The line s of the stamp with its placeholders filled (checked with the template). */
static char *approval_line(const struct model *m, const char *s)
{
	struct buf b = BUF_INIT;
	char bad[64];
	tmpl_expand(s, approval_keys, approval_value, m, &b, bad, sizeof bad);
	return buf_take(&b);
}

static void add_approval(struct doc *d, const struct model *m, const struct tnode *n)
{
	char **lines = xcalloc(n->nkids ? n->nkids : 1, sizeof *lines);
	for (size_t i = 0; i < n->nkids; i++)
		lines[i] = approval_line(m, n->kids[i].text ? n->kids[i].text : "");
	doc_add_approval(d, (const char *const *)lines, n->nkids);
	for (size_t i = 0; i < n->nkids; i++)
		free(lines[i]);
	free(lines);
}

/* A centred value on a rule with its caption under it (the form's blank, filled in). */
static void add_filled(struct doc *d, const struct doc_sheet *st, const char *text, const struct tnode *n)
{
	struct doc_para *p = doc_add_text(d, DOC_CENTER, DOC_REGULAR, text);
	p->space_before = st->blank.before;
	p->space_after = st->blank.after;
	p->rule_under = true;
	p->keep_with_next = true;
	const char *cap = tnode_attr(n, "caption", NULL);
	if (cap)
		p->caption = xstrdup(cap);
}

static void add_years(struct doc *d, const struct doc_sheet *st, const struct graduate *g, const struct tnode *n)
{
	int first, last;
	plan_years(g->graduation, &first, &last);
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s ", tnode_attr(n, "prefix", "на"));
	for (int y = first; y <= last; y++)
		buf_printf(&b, "%s%d/%d", y > first ? ", " : "", y, y + 1);
	buf_printf(&b, " %s", tnode_attr(n, "suffix", "годы"));
	struct doc_para *p = doc_add_text(d, DOC_CENTER, DOC_BOLD, buf_cstr(&b));
	p->space_before = st->period.before;
	p->space_after = st->period.after;
	p->keep_with_next = true;
	buf_free(&b);
}

static void cell_text(struct doc_row *r, size_t col, enum doc_style style, const char *text, bool hyph)
{
	if (!text || !*text)
		return;
	struct doc_para *p = doc_cell_add_para(&r->cells[col], DOC_LEFT);
	p->hyphenate = hyph;
	doc_para_add(p, style, text);
}

static void add_item_row(struct doc_table *tb, const struct plan_item *it)
{
	struct doc_row *r = doc_table_add_row(tb, NULL, false, false);
	if (it->src)
		doc_src_set(&r->src, it->src->file, it->src->line);
	cell_text(r, 0, DOC_REGULAR, it->number, false);
	if (it->hint) /* a blank slot: ruled lines to write the event in by hand */
		doc_cell_add_para(&r->cells[1], DOC_LEFT)->blank_lines = BLANK_SLOT_LINES;
	cell_text(r, 1, DOC_REGULAR, it->title, true);
	cell_text(r, 2, DOC_REGULAR, it->due_text, false);
	cell_text(r, 3, DOC_REGULAR, it->responsible, false);
	cell_text(r, 4, DOC_REGULAR, it->done, false);
	if (it->state == PLAN_OVERDUE)
		cell_text(r, 4, DOC_ITALIC, OVERDUE_NOTE, false);
}

static void add_table(struct doc *d, const struct doc_sheet *st, const struct tmpl *t, const struct tnode *n,
		      const struct plan_items *pi)
{
	double widths[5];
	memcpy(widths, st->events.w, sizeof widths);
	const char *heads[5] = {"№ п/п", "Мероприятия", "Срок исполнения", "Ответственный", "Отметка о выполнении"};
	for (size_t i = 0, c = 0; i < n->nkids && c < 5; i++)
		if (named(&n->kids[i], "column")) {
			widths[c] = atof(tnode_attr(&n->kids[i], "width", "1"));
			heads[c++] = n->kids[i].text ? n->kids[i].text : "";
		}
	struct doc_table *tb = doc_add_table(d, 5, widths);
	const char *size = tnode_attr(n, "size", NULL);
	tb->size = size ? atof(size) : st->table.size;
	doc_table_add_row(tb, heads, false, true);
	size_t k = 0;
	for (int s = 1; s <= 4; s++) {
		const struct tnode *sec = find_section(t, s);
		char *title = xasprintf("%d. %s", s, sec ? tnode_attr(sec, "title", "") : "");
		const char *texts[1] = {title};
		doc_table_add_row(tb, texts, true, false);
		free(title);
		for (; k < pi->n && pi->v[k].section == s; k++)
			add_item_row(tb, &pi->v[k]);
	}
}

static void add_heading(struct doc *d, const struct doc_look *look, const char *text)
{
	struct doc_para *p = doc_add_text(d, DOC_CENTER, DOC_BOLD, text);
	p->size = look->size;
	p->keep_with_next = true;
}

struct doc *plan_build(const struct model *m, size_t gi, const struct tmpl *t, struct date today)
{
	const struct graduate *g = &m->graduates[gi];
	struct plan_items pi;
	plan_items(m, gi, t, today, &pi);
	struct doc_sheet st;
	tmpl_sheet(t, DOC_FORM_PLAN, &st, NULL);
	struct doc *d = doc_new();
	d->size = st.body.size;
	char *full = model_full_name(g->surname, g->name, g->patronymic);
	char *title = xasprintf("План мероприятий патронатного сопровождения выпускника: %s", full);
	doc_set_info(d, title, m->inst.name, "План мероприятий патронатного сопровождения (Приложение 2)");
	free(title);
	for (size_t i = 0; i < t->root.nkids; i++) {
		const struct tnode *n = &t->root.kids[i];
		if (named(n, "approval"))
			add_approval(d, m, n);
		else if (named(n, "title") || named(n, "subtitle"))
			add_heading(d, named(n, "title") ? &st.title : &st.subtitle, n->text ? n->text : "");
		else if (named(n, "institution"))
			add_filled(d, &st, m->inst.name ? m->inst.name : "", n);
		else if (named(n, "graduate"))
			add_filled(d, &st, full, n);
		else if (named(n, "years"))
			add_years(d, &st, g, n);
		else if (named(n, "table"))
			add_table(d, &st, t, n, &pi);
	}
	free(full);
	plan_items_free(&pi);
	return d;
}
