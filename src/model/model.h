/* model: the college's data with meaning given to it (graduates, staff, records, events,
 * mentoring pairs, the institution), as the rules see it.
 * Invariant: a loaded model is internally consistent — ids unique, every reference resolved
 * (curator → staff, record/event → graduate), dates real — or loading reported errors.
 * The model owns all its strings: the tables' cells in its pool (one shared block for many
 * strings, never freed one by one), the rest malloc'd; model_free releases everything. Every entity keeps the
 * file and line it came from, so that rules can report problems where the user can fix them. */
#ifndef PT_MODEL_H
#define PT_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "util/date.h"
#include "util/diag.h"
#include "util/pool.h"

struct src {
	const char *file;  /* borrowed from the model's file names */
	const char *sheet; /* the workbook's sheet (borrowed from the model's places), or NULL */
	int line;
};

/* Records a problem about the entity at *src (its file, sheet and row or line) in field, as
 * diag_add does; graduate (may be NULL) the id it concerns. */
#define SRC_DIAG(dl, level, src, field_, graduate_, ...) \
	do { \
		struct diag_at at_ = {.file = (src)->file, .sheet = (src)->sheet, .line = (src)->line, \
				      .field = (field_), .graduate = (graduate_)}; \
		diag_add_at((dl), (level), &at_, __VA_ARGS__); \
	} while (0)

enum life_status {
	LIFE_NONE,
	LIFE_STUDYING,
	LIFE_EMPLOYED,
	LIFE_IDLE,
	LIFE_ARMY,
	LIFE_PARENTAL_LEAVE,
	LIFE_OTHER,
};

enum role {
	ROLE_NONE,
	ROLE_HEAD,
	ROLE_DEPUTY,
	ROLE_SOCIAL_PEDAGOGUE,
	ROLE_PSYCHOLOGIST,
	ROLE_DEFECTOLOGIST,
	ROLE_TEACHER,
	ROLE_CLASS_TEACHER,
	ROLE_COUNT,
};

enum mentoring_form {
	FORM_NONE,
	FORM_TEACHER_TEACHER,
	FORM_TEACHER_STUDENT,
	FORM_EMPLOYER_STUDENT,
	FORM_STUDENT_STUDENT,
	FORM_COUNT,
};

struct graduate {
	struct src src;
	char *id, *surname, *name, *patronymic;
	struct date birth, graduation, since;
	char *address, *social_status, *family, *housing;
	enum life_status status;
	char *organization, *position, *reason;
	bool by_specialty, honours, university, second_specialty, employment_centre;
	bool offence, antisocial, parental_rights, dropped_out;
	char *curator; /* staff id, or "" */
	char *notes, *conclusions, *recommendations;
	size_t curator_index; /* index into staff, or (size_t)-1 */
};

struct staff {
	struct src src;
	char *id, *surname, *name, *patronymic, *position;
	enum role role;
	bool keeps_records;
};

struct record {
	struct src src;
	char *graduate;
	size_t graduate_index;
	struct date date;
	char *features, *difficulties, *help, *help_by, *planned_help;
};

struct event {
	struct src src;
	char *graduate; /* "" = every graduate */
	size_t graduate_index; /* (size_t)-1 when for every graduate */
	int section;           /* 1..4 */
	char *item, *title, *due, *responsible, *done;
};

struct pair {
	struct src src;
	char *mentor, *mentee;
	enum mentoring_form form;
	struct date start, end;
	int mentee_satisfaction, mentor_satisfaction; /* percent, or -1 when absent */
};

struct year_totals {
	int start; /* academic year's start year */
	int graduates, admitted, need_mentor, students; /* -1 when absent */
};

struct target {
	int start;
	char *indicator;
	double value;
};

struct retention {
	char *document;
	int years;
};

struct institution {
	struct src src;
	char *name, *short_name, *parent, *city;
	char *director_position, *director_surname, *director_name, *director_patronymic;
	char *order_number;
	struct date order_date;
	int academic_year; /* 0 when absent */
	struct year_totals *years;
	size_t nyears;
	struct target *targets;
	size_t ntargets;
	struct retention *retentions;
	size_t nretentions;
};

/* Where a table's columns were in its file: kept so that a problem found later, across
 * tables (a record for an unknown graduate, a half-year with no record), names its cell as
 * the problems found while reading do. Only for tables whose rows are spreadsheet rows (CSV
 * and workbooks), where src.line is the row. */
struct column_place {
	const char *name;   /* the column's canonical name (the field the checks name), static */
	char *header;       /* its header as the user wrote it */
	unsigned col;       /* 1-based column */
};
struct table_place {
	const char *file;   /* as src.file */
	char *sheet;        /* the workbook's sheet, or NULL for a text file */
	struct column_place *cols;
	size_t ncols;
};

struct model {
	char **files; /* names of the files read, owned; src.file points into these */
	size_t nfiles;
	struct table_place *places; /* one a table read from a spreadsheet or CSV */
	size_t nplaces;
	struct institution inst;
	struct graduate *graduates;
	size_t ngraduates;
	struct staff *staff;
	size_t nstaff;
	struct record *records;
	size_t nrecords;
	struct event *events;
	size_t nevents;
	bool has_events; /* the input gave an events table (model_read_dir sets the flags) */
	struct pair *pairs;
	size_t npairs;
	bool has_pairs;  /* the input gave a mentoring table */
	/* a table that could not be read: references to it are not checked (no echo errors) */
	bool graduates_unread, staff_unread;
	/* an optional table that was given but could not be read (no rows taken): what it would
	 * have told (records per half-year …) is not checked either */
	bool records_unread, events_unread, pairs_unread;
	/* the documents' date, set by the caller before reading: a two-digit birth year is
	 * 19YY when 20YY would be after it (empty: when YY > 30) */
	struct date today;
	struct pool pool; /* the strings of the tables' entities (model/load.c) */
	/* the events by graduate (model_index_events; NULL before: then look through events):
	 * ev_order[ev_first[0] .. ev_first[1]) are the indices of the events for every graduate,
	 * ev_order[ev_first[g + 1] .. ev_first[g + 2]) those of graduate g, each in file order */
	size_t *ev_order, *ev_first;
};

/* Names of the enumerations as the documents print them (Russian). model_role_name is the one
 * spelling of a role in every document: print a person's role only through it. */
const char *model_status_name(enum life_status s);
const char *model_role_name(enum role r);
const char *model_form_name(enum mentoring_form f);

/* Finds by id; returns the index or (size_t)-1. */
size_t model_find_graduate(const struct model *m, const char *id);
size_t model_find_staff(const struct model *m, const char *id);

/* Writes "Фамилия И.О." / "И.О. Фамилия" (with no-break spaces where typography wants them)
 * of a person into a new string; free with free(). */
char *model_short_name(const char *surname, const char *name, const char *patronymic);
char *model_initials_first(const char *surname, const char *name, const char *patronymic);
char *model_full_name(const char *surname, const char *name, const char *patronymic);

/* Builds m->ev_order and m->ev_first from the events' graduate_index (model_check calls it
 * once the references are resolved), replacing an older index. O(graduates + events). */
void model_index_events(struct model *m);

void model_free(struct model *m);

#endif
