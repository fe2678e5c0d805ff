/* printable: walks every text field of the model through a coverage predicate.
 * Invariant: reads the model only; at most MAX_PER_FIELD distinct characters are reported
 * for one field, so a field full of emoji gives a few lines, not thousands. */
#include "printable.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "util/utf8.h"

#define MAX_PER_FIELD 8

struct field {
	const char *name; /* the column as the contract names it */
	size_t off;
};

#define G(f) offsetof(struct graduate, f)
static const struct field GRADUATE[] = {
	{"Код", G(id)},
	{"Фамилия", G(surname)},
	{"Имя", G(name)},
	{"Отчество", G(patronymic)},
	{"Адрес", G(address)},
	{"Социальный статус", G(social_status)},
	{"Характеристика семьи", G(family)},
	{"Жилищные условия", G(housing)},
	{"Организация", G(organization)},
	{"Специальность, должность", G(position)},
	{"Причина", G(reason)},
	{"Куратор", G(curator)},
	{"Дополнительная информация", G(notes)},
	{"Выводы", G(conclusions)},
	{"Рекомендации", G(recommendations)},
};
#define S(f) offsetof(struct staff, f)
static const struct field STAFF[] = {
	{"Код", S(id)}, {"Фамилия", S(surname)}, {"Имя", S(name)},
	{"Отчество", S(patronymic)}, {"Должность", S(position)},
};
#define R(f) offsetof(struct record, f)
static const struct field RECORD[] = {
	{"Особенности", R(features)},
	{"Трудности", R(difficulties)},
	{"Оказанная помощь", R(help)},
	{"Кем оказана", R(help_by)},
	{"Прогнозируемая помощь", R(planned_help)},
};
#define E(f) offsetof(struct event, f)
static const struct field EVENT[] = {
	{"№", E(item)}, {"Мероприятие", E(title)}, {"Срок исполнения", E(due)},
	{"Ответственный", E(responsible)}, {"Отметка о выполнении", E(done)},
};
#define I(f) offsetof(struct institution, f)
static const struct field INSTITUTION[] = {
	{"name", I(name)},
	{"short-name", I(short_name)},
	{"parent", I(parent)},
	{"city", I(city)},
	{"director/position", I(director_position)},
	{"director/surname", I(director_surname)},
	{"director/name", I(director_name)},
	{"director/patronymic", I(director_patronymic)},
	{"order/@number", I(order_number)},
};

struct walk {
	bool (*covers)(const void *ctx, unsigned cp);
	const void *ctx;
	struct diag_list *dl;
	size_t count;
};

/* Checks one string; who is "graduate ID" or the like, for the message. */
static void check_text(struct walk *w, const struct src *src, const char *field, const char *who,
		       const char *s)
{
	if (!s)
		return;
	unsigned seen[MAX_PER_FIELD];
	size_t nseen = 0, n = strlen(s);
	for (size_t i = 0; i < n && nseen < MAX_PER_FIELD;) {
		unsigned char b = (unsigned char)s[i];
		if (b >= 0x20 && b < 0x7F) { /* ASCII: every font has it */
			i++;
			continue;
		}
		size_t len;
		int c = utf8_decode(s + i, n - i, &len);
		i += len;
		if (c < 0 || c == '\n' || c == '\r' || c == '\t' || w->covers(w->ctx, (unsigned)c))
			continue;
		bool dup = false;
		for (size_t k = 0; k < nseen && !dup; k++)
			dup = seen[k] == (unsigned)c;
		if (dup)
			continue;
		seen[nseen++] = (unsigned)c;
		SRC_DIAG(w->dl, DIAG_WARNING, src, field, NULL, "%s: character U+%04X cannot be printed", who,
			 (unsigned)c);
		w->count++;
	}
}

static void check_fields(struct walk *w, const struct src *src, const char *who, const void *row,
			 const struct field *f, size_t nf)
{
	for (size_t i = 0; i < nf; i++)
		check_text(w, src, f[i].name, who, *(char *const *)((const char *)row + f[i].off));
}

#define NF(a) (sizeof a / sizeof *a)

static bool text_within(const char *s, bool (*within)(unsigned cp))
{
	size_t n = s ? strlen(s) : 0;
	for (size_t i = 0; i < n;) {
		unsigned char b = (unsigned char)s[i];
		if (b >= 0x20 && b < 0x7F) {
			i++;
			continue;
		}
		size_t len;
		int c = utf8_decode(s + i, n - i, &len);
		i += len;
		if (c >= 0 && c != '\n' && c != '\r' && c != '\t' && !within((unsigned)c))
			return false;
	}
	return true;
}

static bool fields_within(const void *row, const struct field *f, size_t nf,
			  bool (*within)(unsigned cp))
{
	for (size_t i = 0; i < nf; i++)
		if (!text_within(*(char *const *)((const char *)row + f[i].off), within))
			return false;
	return true;
}

bool model_text_within(const struct model *m, bool (*within)(unsigned cp))
{
	for (size_t i = 0; i < m->ngraduates; i++)
		if (!fields_within(&m->graduates[i], GRADUATE, NF(GRADUATE), within))
			return false;
	for (size_t i = 0; i < m->nstaff; i++)
		if (!fields_within(&m->staff[i], STAFF, NF(STAFF), within))
			return false;
	for (size_t i = 0; i < m->nrecords; i++)
		if (!fields_within(&m->records[i], RECORD, NF(RECORD), within))
			return false;
	for (size_t i = 0; i < m->nevents; i++)
		if (!fields_within(&m->events[i], EVENT, NF(EVENT), within))
			return false;
	return fields_within(&m->inst, INSTITUTION, NF(INSTITUTION), within);
}

size_t model_check_printable(const struct model *m, bool (*covers)(const void *ctx, unsigned cp),
			     const void *ctx, struct diag_list *dl)
{
	struct walk w = {covers, ctx, dl, 0};
	char who[300];
	for (size_t i = 0; i < m->ngraduates; i++) {
		const struct graduate *g = &m->graduates[i];
		snprintf(who, sizeof who, "graduate %.250s", g->id ? g->id : "");
		check_fields(&w, &g->src, who, g, GRADUATE, NF(GRADUATE));
	}
	for (size_t i = 0; i < m->nstaff; i++) {
		const struct staff *s = &m->staff[i];
		snprintf(who, sizeof who, "staff %.250s", s->id ? s->id : "");
		check_fields(&w, &s->src, who, s, STAFF, NF(STAFF));
	}
	for (size_t i = 0; i < m->nrecords; i++) {
		const struct record *r = &m->records[i];
		snprintf(who, sizeof who, "graduate %.250s", r->graduate ? r->graduate : "");
		check_fields(&w, &r->src, who, r, RECORD, NF(RECORD));
	}
	for (size_t i = 0; i < m->nevents; i++) {
		const struct event *e = &m->events[i];
		if (e->graduate && *e->graduate)
			snprintf(who, sizeof who, "graduate %.250s", e->graduate);
		else
			snprintf(who, sizeof who, "every graduate");
		check_fields(&w, &e->src, who, e, EVENT, NF(EVENT));
	}
	check_fields(&w, &m->inst.src, "institution", &m->inst, INSTITUTION, NF(INSTITUTION));
	return w.count;
}
