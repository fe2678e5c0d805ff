/* load: maps input tables onto the model through one column table per input table.
 * Invariant: each contract column is described once (name, Russian header, kind, required,
 * where it goes); matching, conversion and messages are the same code for every table. */
#include "load.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/fold.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* K_BIRTH is a date whose two-digit year may be 19YY; K_ITEM and K_DUE are text that a
 * spreadsheet may have turned into a date (2.4.3 → 02.04.03, февраль 2026 → 01.02.26);
 * K_MARK is text that may be a date alone, which a spreadsheet saves as DD.MM.YY. */
enum kind { K_TEXT, K_ID, K_DATE, K_BIRTH, K_BOOL, K_STATUS, K_ROLE, K_FORM, K_PERCENT, K_SECTION,
	    K_ITEM, K_DUE, K_MARK };

struct column {
	const char *name; /* contract (English) name */
	const char *ru;   /* Russian header */
	enum kind kind;
	bool required;
	size_t off;       /* where the value goes in the entity */
};

#define G(f) offsetof(struct graduate, f)
static const struct column graduate_cols[] = {
	{"id", "Код", K_ID, true, G(id)},
	{"surname", "Фамилия", K_TEXT, true, G(surname)},
	{"name", "Имя", K_TEXT, true, G(name)},
	{"patronymic", "Отчество", K_TEXT, false, G(patronymic)},
	{"birth_date", "Дата рождения", K_BIRTH, true, G(birth)},
	{"graduation_date", "Дата выпуска", K_DATE, true, G(graduation)},
	{"address", "Адрес", K_TEXT, false, G(address)},
	{"social_status", "Социальный статус", K_TEXT, true, G(social_status)},
	{"family", "Характеристика семьи", K_TEXT, false, G(family)},
	{"housing", "Жилищные условия", K_TEXT, false, G(housing)},
	{"status", "Жизнеустройство", K_STATUS, false, G(status)},
	{"organization", "Организация", K_TEXT, false, G(organization)},
	{"position", "Специальность, должность", K_TEXT, false, G(position)},
	{"since", "Дата поступления", K_DATE, false, G(since)},
	{"reason", "Причина", K_TEXT, false, G(reason)},
	{"by_specialty", "По специальности", K_BOOL, false, G(by_specialty)},
	{"honours", "Диплом с отличием", K_BOOL, false, G(honours)},
	{"university", "Поступил в вуз", K_BOOL, false, G(university)},
	{"second_specialty", "Вторая специальность", K_BOOL, false, G(second_specialty)},
	{"employment_centre", "Учёт в ЦЗН", K_BOOL, false, G(employment_centre)},
	{"offence", "Правонарушение", K_BOOL, false, G(offence)},
	{"antisocial", "Асоциальный образ жизни", K_BOOL, false, G(antisocial)},
	{"parental_rights", "Отказ от воспитания детей", K_BOOL, false, G(parental_rights)},
	{"dropped_out", "Не завершил обучение", K_BOOL, false, G(dropped_out)},
	{"curator", "Куратор", K_TEXT, false, G(curator)},
	{"notes", "Дополнительная информация", K_TEXT, false, G(notes)},
	{"conclusions", "Выводы", K_TEXT, false, G(conclusions)},
	{"recommendations", "Рекомендации", K_TEXT, false, G(recommendations)},
};
#undef G

#define S(f) offsetof(struct staff, f)
static const struct column staff_cols[] = {
	{"id", "Код", K_ID, true, S(id)},
	{"surname", "Фамилия", K_TEXT, true, S(surname)},
	{"name", "Имя", K_TEXT, true, S(name)},
	{"patronymic", "Отчество", K_TEXT, false, S(patronymic)},
	{"position", "Должность", K_TEXT, true, S(position)},
	{"role", "Роль", K_ROLE, true, S(role)},
	{"keeps_records", "Ведёт документацию", K_BOOL, false, S(keeps_records)},
};
#undef S

#define R(f) offsetof(struct record, f)
static const struct column record_cols[] = {
	{"graduate", "Код выпускника", K_TEXT, true, R(graduate)},
	{"date", "Дата", K_DATE, true, R(date)},
	{"features", "Особенности", K_TEXT, false, R(features)},
	{"difficulties", "Трудности", K_TEXT, false, R(difficulties)},
	{"help", "Оказанная помощь", K_TEXT, false, R(help)},
	{"help_by", "Кем оказана", K_TEXT, false, R(help_by)},
	{"planned_help", "Прогнозируемая помощь", K_TEXT, false, R(planned_help)},
};
#undef R

#define E(f) offsetof(struct event, f)
static const struct column event_cols[] = {
	{"graduate", "Код выпускника", K_TEXT, false, E(graduate)},
	{"section", "Раздел", K_SECTION, true, E(section)},
	{"item", "№", K_ITEM, false, E(item)},
	{"title", "Мероприятие", K_TEXT, true, E(title)},
	{"due", "Срок исполнения", K_DUE, false, E(due)},
	{"responsible", "Ответственный", K_TEXT, false, E(responsible)},
	{"done", "Отметка о выполнении", K_MARK, false, E(done)},
};
#undef E

#define P(f) offsetof(struct pair, f)
static const struct column pair_cols[] = {
	{"mentor", "Наставник", K_TEXT, true, P(mentor)},
	{"mentee", "Наставляемый", K_TEXT, true, P(mentee)},
	{"form", "Форма", K_FORM, true, P(form)},
	{"start", "Начало", K_DATE, true, P(start)},
	{"end", "Окончание", K_DATE, false, P(end)},
	{"mentee_satisfaction", "Удовлетворённость наставляемого, %", K_PERCENT, false,
	 P(mentee_satisfaction)},
	{"mentor_satisfaction", "Удовлетворённость наставника, %", K_PERCENT, false,
	 P(mentor_satisfaction)},
};
#undef P

struct table_spec {
	const char *name;
	bool required;
	const struct column *cols;
	size_t ncols;
	size_t size; /* entity size */
};

#define SPEC(n, req, cols, type) {n, req, cols, sizeof cols / sizeof *cols, sizeof(type)}
static const struct table_spec specs[TABLE_COUNT] = {
	SPEC("graduates", true, graduate_cols, struct graduate),
	SPEC("staff", true, staff_cols, struct staff),
	SPEC("records", false, record_cols, struct record),
	SPEC("events", false, event_cols, struct event),
	SPEC("mentoring", false, pair_cols, struct pair),
};
#undef SPEC

const char *load_table_name(enum model_table t)
{
	return specs[t].name;
}

bool load_table_required(enum model_table t)
{
	return specs[t].required;
}

/* ---- aliases ------------------------------------------------------------------------ */

static char *trim_dup(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

static bool find_table(const char *name, enum model_table *out)
{
	for (int t = 0; t < TABLE_COUNT; t++)
		if (strcmp(specs[t].name, name) == 0) {
			*out = (enum model_table)t;
			return true;
		}
	return false;
}

static bool known_column(enum model_table t, const char *name)
{
	for (size_t i = 0; i < specs[t].ncols; i++)
		if (strcmp(specs[t].cols[i].name, name) == 0)
			return true;
	return false;
}

static void parse_alias_line(struct aliases *a, const char *file, int lineno, const char *line,
			     struct diag_list *dl)
{
	const char *eq = strchr(line, '=');
	const char *dot = strchr(line, '.');
	if (!eq || !dot || dot > eq) {
		diag_error(dl, file, lineno, NULL, "expected 'table.column = header'");
		return;
	}
	char *tname = trim_dup(line, (size_t)(dot - line));
	char *col = trim_dup(dot + 1, (size_t)(eq - dot - 1));
	char *hdr = trim_dup(eq + 1, strlen(eq + 1));
	enum model_table t;
	if (!find_table(tname, &t))
		diag_error(dl, file, lineno, NULL, "unknown table '%s'", tname);
	else if (!known_column(t, col))
		diag_error(dl, file, lineno, NULL, "unknown column '%s' of table %s", col, tname);
	else if (!*hdr || !utf8_valid(hdr, strlen(hdr), NULL))
		diag_error(dl, file, lineno, NULL, "empty or invalid header text");
	else {
		xgrow((void **)&a->v, &a->cap, a->n + 1, sizeof *a->v);
		a->v[a->n].table = t;
		a->v[a->n].column = col;
		a->v[a->n].header = fold_key(hdr);
		a->n++;
		col = NULL;
	}
	free(tname), free(col), free(hdr);
}

int aliases_load(struct aliases *a, const char *path, struct diag_list *dl)
{
	memset(a, 0, sizeof *a);
	FILE *f = fopen(path, "r");
	if (!f)
		return errno == ENOENT ? 0 : -1;
	const char *file = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char line[1024];
	int lineno = 0;
	size_t before = dl->nerrors;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		char *p = line;
		if (lineno == 1 && strncmp(p, "\xef\xbb\xbf", 3) == 0)
			p += 3;
		while (isspace((unsigned char)*p))
			p++;
		if (!*p || *p == '#')
			continue;
		parse_alias_line(a, file, lineno, p, dl);
	}
	fclose(f);
	return dl->nerrors > before ? -1 : 0;
}

void aliases_free(struct aliases *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i].column), free(a->v[i].header);
	free(a->v);
	memset(a, 0, sizeof *a);
}

/* Returns the column of spec matching a normalised header, or -1. */
static int match_column(const struct table_spec *sp, enum model_table which, const char *norm,
			const struct aliases *a)
{
	for (size_t i = 0; i < sp->ncols; i++) {
		char *ru = fold_key(sp->cols[i].ru);
		bool hit = strcmp(ru, norm) == 0 || strcmp(sp->cols[i].name, norm) == 0;
		free(ru);
		if (hit)
			return (int)i;
	}
	for (size_t k = 0; a && k < a->n; k++)
		if (a->v[k].table == which && strcmp(a->v[k].header, norm) == 0)
			for (size_t i = 0; i < sp->ncols; i++)
				if (strcmp(sp->cols[i].name, a->v[k].column) == 0)
					return (int)i;
	return -1;
}

/* ---- cell conversion ---------------------------------------------------------------- */

struct word {
	const char *text;
	int value;
};

/* Folded (lower case): ДА and Да are да, X is x; х is the Cyrillic letter. */
static const struct word bool_words[] = {
	{"да", 1}, {"нет", 0}, {"1", 1}, {"0", 0}, {"yes", 1}, {"no", 0}, {"true", 1},
	{"false", 0}, {"д", 1}, {"н", 0}, {"+", 1}, {"-", 0}, {"y", 1}, {"n", 0},
	{"\u2713", 1}, {"\u2714", 1}, {"x", 1}, {"\u0445", 1}, {"\u2013", 0}, {"\u2014", 0},
	{"истина", 1}, {"ложь", 0},
};

static const struct word status_words[] = {
	{"обучается", LIFE_STUDYING},
	{"трудоустроен", LIFE_EMPLOYED},
	{"трудоустроена", LIFE_EMPLOYED},
	{"не работает и не учится", LIFE_IDLE},
	{"служба в армии", LIFE_ARMY},
	{"отпуск по уходу за ребенком", LIFE_PARENTAL_LEAVE},
	{"другое", LIFE_OTHER},
};

static const struct word role_words[] = {
	{"руководитель", ROLE_HEAD},
	{"директор", ROLE_HEAD},
	{"заместитель руководителя", ROLE_DEPUTY},
	{"заместитель директора", ROLE_DEPUTY},
	{"педагог социальный", ROLE_SOCIAL_PEDAGOGUE},
	{"социальный педагог", ROLE_SOCIAL_PEDAGOGUE},
	{"педагог-психолог", ROLE_PSYCHOLOGIST},
	{"учитель-дефектолог", ROLE_DEFECTOLOGIST},
	{"педагог", ROLE_TEACHER},
	{"классный руководитель", ROLE_CLASS_TEACHER},
};

/* Forms are compared with every dash and space variant folded to one. */
static const struct word form_words[] = {
	{"педагог-педагог", FORM_TEACHER_TEACHER},
	{"педагог-студент", FORM_TEACHER_STUDENT},
	{"работодатель-студент", FORM_EMPLOYER_STUDENT},
	{"студент-студент", FORM_STUDENT_STUDENT},
};

static char *fold_dashes(const char *norm)
{
	struct buf b = BUF_INIT;
	for (const char *p = norm; *p;) {
		if (strncmp(p, "\xe2\x80\x93", 3) == 0 || strncmp(p, "\xe2\x80\x94", 3) == 0) {
			buf_addc(&b, '-');
			p += 3;
		} else if (*p == ' ') {
			p++;
		} else {
			buf_addc(&b, *p++);
		}
	}
	return buf_take(&b);
}

static int lookup(const struct word *w, size_t n, const char *cell, bool dashes)
{
	char *norm = fold_key(cell);
	if (dashes) {
		char *f = fold_dashes(norm);
		free(norm);
		norm = f;
	}
	int v = -1;
	for (size_t i = 0; i < n && v < 0; i++)
		if (strcmp(norm, w[i].text) == 0)
			v = w[i].value;
	free(norm);
	return v;
}

#define NWORDS(a) (sizeof a / sizeof *a)

#define ID_MAX_CHARS 64

/* Characters (not bytes) in the valid UTF-8 s. */
static size_t char_count(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xC0) != 0x80;
	return n;
}

/* True when a Windows or FAT file system refuses s as a file's base name: CON, PRN, AUX,
 * NUL, COM1..COM9, LPT1..LPT9, in any case, alone or before a dot (CON.pdf is CON). */
static bool reserved_on_windows(const char *s)
{
	static const char *const names[] = {"con", "prn", "aux", "nul"};
	size_t k = strcspn(s, ".");
	char low[5];
	if (k < 3 || k > 4)
		return false;
	for (size_t i = 0; i < k; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	low[k] = '\0';
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(low, names[i]) == 0)
			return true;
	return k == 4 && (strncmp(low, "com", 3) == 0 || strncmp(low, "lpt", 3) == 0) &&
	       low[3] >= '1' && low[3] <= '9';
}

/* Returns NULL when s is a usable id (it names files: out/passports/ID.pdf, copied to USB
 * sticks and Windows shares), or why not. */
static const char *id_problem(const char *s)
{
	if (*s == '.')
		return N_("an id must not start with '.'");
	if (char_count(s) > ID_MAX_CHARS)
		return N_("an id has at most 64 characters");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x80 && !isalnum(*p) && *p != '-' && *p != '_' && *p != '.')
			return N_("use letters, digits, '-', '_' and '.' only (no spaces, no <>:\"/\\|?*)");
	if (s[strlen(s) - 1] == '.')
		return N_("an id must not end with '.' (Windows drops it from file names)");
	if (reserved_on_windows(s))
		return N_("Windows reserves this name (CON, PRN, AUX, NUL, COM1–COM9, LPT1–LPT9) "
			  "for devices: its documents could not be copied there");
	return NULL;
}

struct cellctx {
	const char *file;
	int line;
	const char *field; /* header as written */
	struct diag_list *dl;
	const char *sheet; /* a workbook's sheet, or NULL: then file:line is where the cell is */
	int row;           /* its spreadsheet row, 0 when not known */
	size_t col;        /* its column (1 = A), 0 when the column is absent */
	const char *graduate; /* the row's graduate id, or NULL */
	struct date today;    /* for the century of a two-digit birth year */
};

#define VALUE_SHOWN 60 /* characters of a bad value shown back */

/* Reports msg at the cell: the row a spreadsheet shows and the cell (E14) when known —
 * "file:ROW: E (field)" for a text file, the sheet and the cell for a workbook's table —
 * else "file:line: field". */
static void report(const struct cellctx *c, enum diag_level level, const char *msg)
{
	char cell[DIAG_CELL_MAX] = "";
	if (c->row > 0 && c->col > 0)
		diag_cell_name((unsigned)c->col, c->row, cell);
	struct diag_at at = {.file = c->file, .sheet = c->sheet, .cell = *cell ? cell : NULL,
			     .field = c->field, .graduate = c->graduate,
			     .line = c->row > 0 ? c->row : c->line};
	diag_add_at(c->dl, level, &at, "%s", msg);
}

static void bad(const struct cellctx *c, const char *msg)
{
	report(c, DIAG_ERROR, msg);
}

/* The value as shown back in a message: «…», line breaks as spaces, at most VALUE_SHOWN
 * characters (then …). A new string. */
static char *shown_value(const char *v)
{
	struct buf b = BUF_INIT;
	size_t chars = 0;
	buf_adds(&b, "«");
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		if ((*p & 0xC0) != 0x80 && ++chars > VALUE_SHOWN) {
			buf_adds(&b, "…");
			break;
		}
		buf_addc(&b, *p == '\n' || *p == '\t' ? ' ' : (char)*p);
	}
	buf_adds(&b, "»");
	return buf_take(&b);
}

/* Reports "WHAT «value»: HINT (graduate ID)" at the cell, at level. */
static void report_value(const struct cellctx *c, enum diag_level level, const char *what,
			 const char *value, const char *hint)
{
	char *v = shown_value(value);
	char *msg = c->graduate && *c->graduate
			    ? xasprintf(_("%s %s: %s (graduate %s)"), i18n_tr(what), v, i18n_tr(hint),
					c->graduate)
			    : xasprintf(_("%s %s: %s"), i18n_tr(what), v, i18n_tr(hint));
	report(c, level, msg);
	free(msg);
	free(v);
}

static void bad_value(const struct cellctx *c, const char *what, const char *value,
		      const char *hint)
{
	report_value(c, DIAG_ERROR, what, value, hint);
}

/* True for "DD.MM.YY", "DD.MM.YYYY" with two-digit day and month: what a spreadsheet
 * writes for a cell it took as a date. */
static bool looks_made_date(const char *s)
{
	size_t n = strlen(s);
	if (n != 8 && n != 10)
		return false;
	for (size_t i = 0; i < n; i++)
		if (i == 2 || i == 5 ? s[i] != '.' : !isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static const char *const month_names[12] = {
	"январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
	"октябрь", "ноябрь", "декабрь",
};

/* An item number or a due text that a spreadsheet turned into a date: warns, and returns
 * what to read instead (a new string), or NULL to keep the cell. An item number never has
 * leading zeros, so "02.04.03" (a CSV saved by Calc) or "02.04.2003" (a date cell) is read
 * back as the item 2.4.3 it was typed as; a due date "DD.MM.YY" is read as DD.MM.20YY (a
 * deadline is never before 2000), so the plan shows four digits as for a typed date, and so
 * is a done mark that is a date alone (no warning: it is the date typed). A month
 * the spreadsheet made the 1st of that month ("февраль 2026" → 01.02.26) cannot be told from
 * a real 1st: it is read as the date, with a warning. */
static char *check_made_date(const struct column *col, const char *cell, const struct cellctx *c)
{
	if (!looks_made_date(cell))
		return NULL;
	int d = atoi(cell), m = atoi(cell + 3), y = atoi(cell + 6);
	bool short_year = strlen(cell) == 8;
	char *hint = NULL, *instead = NULL;
	if (col->kind == K_ITEM) {
		if (d < 1 || d > 31 || m < 1 || m > 12)
			return NULL;
		instead = xasprintf("%d.%d.%d", d, m, y % 100);
		hint = xasprintf(_("an item number a spreadsheet turned into a date: read as %s "
				   "(type the number as text, e.g. with a leading apostrophe)"), instead);
	} else {
		struct date dt;
		if (!short_year || date_parse_loose(cell, DATE_CENTURY_2000, c->today, &dt, NULL) != 0)
			return NULL;
		instead = xasprintf("%02d.%02d.%04d", d, m, 2000 + y);
		if (d == 1 && col->kind == K_DUE)
			hint = xasprintf(_("a spreadsheet may have turned «%s %d» into this date (type the "
					   "month as text, e.g. with a leading apostrophe)"),
					 month_names[m - 1], 2000 + y);
	}
	if (hint)
		report_value(c, DIAG_WARNING, "text that is a date", cell, hint);
	free(hint);
	return instead;
}

static void convert_date(const char *cell, struct date *dst, enum date_century rule,
			 const struct cellctx *c)
{
	if (!*cell)
		return;
	if (date_parse_loose(cell, rule, c->today, dst, NULL) != 0) {
		memset(dst, 0, sizeof *dst);
		bad_value(c, "invalid date", cell, N_("expected a real date as DD.MM.YYYY, DD.MM.YY or "
			  "YYYY-MM-DD"));
	}
}

static void convert(struct pool *pool, const struct column *col, const char *cell, char *ent,
		    const struct cellctx *c)
{
	void *dst = ent + col->off;
	int v = 0;
	switch (col->kind) {
	case K_TEXT:
		*(char **)dst = pool_strdup(pool, cell);
		break;
	case K_ITEM:
	case K_DUE:
	case K_MARK: {
		char *instead = check_made_date(col, cell, c);
		*(char **)dst = pool_strdup(pool, instead ? instead : cell);
		free(instead);
		break;
	}
	case K_ID: {
		*(char **)dst = pool_strdup(pool, cell);
		const char *why = *cell ? id_problem(cell) : NULL;
		struct cellctx self = *c;
		self.graduate = NULL; /* the value is the id: not named twice */
		if (why)
			bad_value(&self, "invalid id", cell, why);
		break;
	}
	case K_DATE:
		convert_date(cell, (struct date *)dst, DATE_CENTURY_2000, c);
		break;
	case K_BIRTH:
		convert_date(cell, (struct date *)dst, DATE_CENTURY_PAST, c);
		break;
	case K_BOOL:
		if (*cell && (v = lookup(bool_words, NWORDS(bool_words), cell, false)) < 0)
			bad_value(c, "not a yes or no", cell, N_("expected да or нет (also 1/0, yes/no, "
				  "+/-, x or ✓ for да; empty means нет)"));
		else
			*(bool *)dst = *cell && v == 1;
		break;
	case K_STATUS:
		if (*cell && (v = lookup(status_words, NWORDS(status_words), cell, false)) < 0)
			bad_value(c, "unknown status", cell, N_("expected one of обучается, трудоустроен, не работает и "
			       "не учится, служба в армии, отпуск по уходу за ребёнком, другое"));
		else
			*(enum life_status *)dst = *cell ? (enum life_status)v : LIFE_NONE;
		break;
	case K_ROLE:
		if (*cell && (v = lookup(role_words, NWORDS(role_words), cell, false)) < 0)
			bad_value(c, "unknown role", cell, N_("expected one of руководитель, заместитель руководителя, "
			       "педагог социальный, педагог-психолог, учитель-дефектолог, педагог, "
			       "классный руководитель"));
		else
			*(enum role *)dst = *cell ? (enum role)v : ROLE_NONE;
		break;
	case K_FORM:
		if (*cell && (v = lookup(form_words, NWORDS(form_words), cell, true)) < 0)
			bad_value(c, "unknown form", cell, N_("expected one of «педагог – педагог», «педагог – студент», "
			       "«работодатель – студент», «студент – студент»"));
		else
			*(enum mentoring_form *)dst = *cell ? (enum mentoring_form)v : FORM_NONE;
		break;
	case K_PERCENT:
	case K_SECTION: {
		char *end;
		long n = strtol(cell, &end, 10);
		while (*end == ' ' || *end == '%')
			end++;
		int lo = col->kind == K_PERCENT ? 0 : 1, hi = col->kind == K_PERCENT ? 100 : 4;
		*(int *)dst = -1;
		if (!*cell)
			break;
		if (*end || end == cell || n < lo || n > hi)
			bad_value(c, "out of range", cell, col->kind == K_PERCENT
							? N_("expected a whole number from 0 to 100")
							: N_("expected a section number from 1 to 4"));
		else
			*(int *)dst = (int)n;
		break;
	}
	}
}

/* ---- tables ------------------------------------------------------------------------- */

const char *load_file_name(struct model *m, const char *name)
{
	for (size_t i = 0; i < m->nfiles; i++)
		if (strcmp(m->files[i], name) == 0)
			return m->files[i];
	m->files = xreallocarray(m->files, m->nfiles + 1, sizeof *m->files);
	m->files[m->nfiles] = xstrdup(name);
	return m->files[m->nfiles++];
}

/* The entity array of m for table which: its base pointer and count. */
static void entity_array(struct model *m, enum model_table which, void ***base, size_t **count)
{
	switch (which) {
	case TABLE_GRADUATES: *base = (void **)&m->graduates, *count = &m->ngraduates; break;
	case TABLE_STAFF: *base = (void **)&m->staff, *count = &m->nstaff; break;
	case TABLE_RECORDS: *base = (void **)&m->records, *count = &m->nrecords; break;
	case TABLE_EVENTS: *base = (void **)&m->events, *count = &m->nevents; break;
	case TABLE_MENTORING:
	case TABLE_COUNT: *base = (void **)&m->pairs, *count = &m->npairs; break;
	}
}

/* Keeps where t's columns are (model.h, struct table_place) when its rows are spreadsheet
 * rows, for the problems found later across tables. Returns the sheet's name as the
 * entities' src.sheet borrows it (NULL for a text file). */
static const char *add_place(struct model *m, const struct table_spec *sp, const struct table *t,
		      const char *file, const int *where)
{
	if (!t->sheet && (t->nrows == 0 || t->rows[0].row <= 0))
		return NULL; /* an XML table: its problems are at lines, it has no cells */
	m->places = xreallocarray(m->places, m->nplaces + 1, sizeof *m->places);
	struct table_place *pl = &m->places[m->nplaces++];
	pl->file = file;
	pl->sheet = t->sheet ? xstrdup(t->sheet) : NULL;
	pl->cols = xmalloc((sp->ncols ? sp->ncols : 1) * sizeof *pl->cols);
	pl->ncols = 0;
	for (size_t i = 0; i < sp->ncols; i++)
		if (where[i] >= 0)
			pl->cols[pl->ncols++] = (struct column_place){
				sp->cols[i].ru, xstrdup(t->header[where[i]]), (unsigned)where[i] + 1};
	return pl->sheet;
}

/* Maps every header to a column; returns the column index per spec column (-1 absent). */
static int *map_headers(const struct table_spec *sp, enum model_table which, const struct table *t,
			const struct aliases *a, struct diag_list *dl)
{
	int *where = xmalloc(sp->ncols * sizeof *where);
	for (size_t i = 0; i < sp->ncols; i++)
		where[i] = -1;
	for (size_t h = 0; h < t->ncols; h++) {
		char *norm = fold_key(t->header[h]);
		int c = *norm ? match_column(sp, which, norm, a) : -1;
		struct cellctx at = {t->file, t->header_line, t->header[h], dl, t->sheet, t->header_row,
				     h + 1, NULL, {0, 0, 0}};
		char *msg = NULL;
		if (c < 0 && *norm)
			report(&at, DIAG_WARNING, "unknown column: its data is not used (add an alias in "
						  "templates/aliases.txt if it is one of ours)");
		else if (c >= 0 && where[c] >= 0)
			report(&at, DIAG_ERROR, msg = xasprintf(_("column given twice (also column %d)"), where[c] + 1));
		else if (c >= 0)
			where[c] = (int)h;
		free(msg);
		free(norm);
	}
	for (size_t i = 0; i < sp->ncols; i++)
		if (where[i] < 0 && sp->cols[i].required) {
			struct cellctx at = {t->file, t->header_line, sp->cols[i].ru, dl, t->sheet, 0, 0,
					     NULL, {0, 0, 0}};
			report(&at, DIAG_ERROR, "required column is missing");
		}
	return where;
}

/* An empty header cell over a column holding data is an error at its first value (the
 * column would be dropped without a word). Returns the errors added. */
static size_t check_unnamed(const struct table *t, struct diag_list *dl)
{
	size_t n = 0;
	for (size_t h = 0; h < t->ncols; h++) {
		if (*t->header[h])
			continue;
		for (size_t r = 0; r < t->nrows; r++)
			if (*t->rows[r].cell[h]) {
				char col[DIAG_CELL_MAX];
				diag_cell_name((unsigned)h + 1, 1, col);
				col[strcspn(col, "0123456789")] = '\0';
				struct cellctx at = {t->file, t->rows[r].line, NULL, dl, t->sheet,
						     t->rows[r].row, h + 1, NULL, {0, 0, 0}};
				char *msg = xasprintf(_("column %s has no header but holds data: give it "
						      "a header or delete the column"), col);
				bad(&at, msg);
				free(msg);
				n++;
				break;
			}
	}
	return n;
}

bool load_is_header(const char *const *cells, size_t n, const void *arg)
{
	const struct load_header_test *ht = arg;
	const struct table_spec *sp = &specs[ht->table];
	size_t hits = 0;
	for (size_t i = 0; i < n; i++) {
		if (!*cells[i])
			continue;
		char *norm = fold_key(cells[i]);
		hits += *norm && match_column(sp, ht->table, norm, ht->aliases) >= 0;
		free(norm);
	}
	return hits >= 2 || (hits >= 1 && sp->ncols == 1);
}

/* The column that names the graduate a row of table which is about (-1: none), as where[]
 * maps it. */
static int graduate_column(const struct table_spec *sp, enum model_table which, const int *where)
{
	const char *name = which == TABLE_GRADUATES ? "id"
			   : which == TABLE_RECORDS || which == TABLE_EVENTS ? "graduate" : NULL;
	for (size_t i = 0; name && i < sp->ncols; i++)
		if (strcmp(sp->cols[i].name, name) == 0)
			return where[i];
	return -1;
}

size_t load_table(struct model *m, enum model_table which, const struct table *t,
		  const struct aliases *a, struct diag_list *dl)
{
	const struct table_spec *sp = &specs[which];
	size_t before = dl->nerrors;
	const char *file = load_file_name(m, t->file);
	int *where = map_headers(sp, which, t, a, dl);
	check_unnamed(t, dl);
	if (dl->nerrors > before) {
		free(where);
		return dl->nerrors - before;
	}
	const char *sheet = add_place(m, sp, t, file, where);
	int gcol = graduate_column(sp, which, where);
	void **base = NULL;
	size_t *count = NULL;
	entity_array(m, which, &base, &count);
	*base = xreallocarray(*base, *count + t->nrows, sp->size);
	for (size_t r = 0; r < t->nrows; r++) {
		char *ent = (char *)*base + (*count) * sp->size;
		memset(ent, 0, sp->size);
		struct src *src = (struct src *)ent; /* every entity starts with its src */
		src->file = file;
		src->sheet = sheet;
		/* where the user looks: the spreadsheet row when the reader knows it */
		src->line = t->rows[r].row > 0 ? t->rows[r].row : t->rows[r].line;
		const char *grad = gcol >= 0 ? t->rows[r].cell[gcol] : NULL;
		for (size_t i = 0; i < sp->ncols; i++) {
			const struct column *col = &sp->cols[i];
			const char *cell = where[i] >= 0 ? t->rows[r].cell[where[i]] : "";
			struct cellctx c = {file, t->rows[r].line,
					    where[i] >= 0 ? t->header[where[i]] : col->ru, dl, t->sheet,
					    t->rows[r].row, where[i] >= 0 ? (size_t)where[i] + 1 : 0,
					    grad && *grad ? grad : NULL, m->today};
			if (col->required && !*cell)
				bad(&c, "required value is missing");
			convert(&m->pool, col, cell, ent, &c);
			if ((col->kind == K_TEXT || col->kind == K_ID || col->kind == K_ITEM ||
			     col->kind == K_DUE || col->kind == K_MARK) && !*(char **)(ent + col->off))
				*(char **)(ent + col->off) = pool_strdup(&m->pool, "");
		}
		(*count)++;
	}
	free(where);
	return dl->nerrors - before;
}
