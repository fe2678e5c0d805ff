/* model: names of enumerations, look-ups and person names; model_free. */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

const char *model_status_name(enum life_status s)
{
	switch (s) {
	case LIFE_STUDYING: return "обучается";
	case LIFE_EMPLOYED: return "трудоустроен";
	case LIFE_IDLE: return "не работает и не учится";
	case LIFE_ARMY: return "служба в армии";
	case LIFE_PARENTAL_LEAVE: return "отпуск по уходу за ребёнком";
	case LIFE_OTHER: return "другое";
	case LIFE_NONE: break;
	}
	return "";
}

/* The one name of each role in the group, printed the same in the order, the plans and the
 * report: the wording of seeds/001 for the specialists (педагог социальный, педагог-психолог,
 * учитель-дефектолог), of its plan form for the class teacher, and the staff table's for the
 * head, the deputy and the other teachers (the seed's «руководитель учреждения образования или
 * его заместители», «педагоги»). Other spellings («социальный педагог», «директор») are read
 * as input (load.c, plan.c) but never printed. */
const char *model_role_name(enum role r)
{
	switch (r) {
	case ROLE_HEAD: return "руководитель";
	case ROLE_DEPUTY: return "заместитель руководителя";
	case ROLE_SOCIAL_PEDAGOGUE: return "педагог социальный";
	case ROLE_PSYCHOLOGIST: return "педагог-психолог";
	case ROLE_DEFECTOLOGIST: return "учитель-дефектолог";
	case ROLE_TEACHER: return "педагог";
	case ROLE_CLASS_TEACHER: return "классный руководитель";
	case ROLE_NONE:
	case ROLE_COUNT: break;
	}
	return "";
}

const char *model_form_name(enum mentoring_form f)
{
	switch (f) {
	case FORM_TEACHER_TEACHER: return "педагог – педагог";
	case FORM_TEACHER_STUDENT: return "педагог – студент";
	case FORM_EMPLOYER_STUDENT: return "работодатель – студент";
	case FORM_STUDENT_STUDENT: return "студент – студент";
	case FORM_NONE:
	case FORM_COUNT: break;
	}
	return "";
}

size_t model_find_graduate(const struct model *m, const char *id)
{
	for (size_t i = 0; i < m->ngraduates; i++)
		if (strcmp(m->graduates[i].id, id) == 0)
			return i;
	return (size_t)-1;
}

size_t model_find_staff(const struct model *m, const char *id)
{
	for (size_t i = 0; i < m->nstaff; i++)
		if (strcmp(m->staff[i].id, id) == 0)
			return i;
	return (size_t)-1;
}

#define NBSP "\xc2\xa0"

/* Appends the first letter of s and a dot, if s is not empty. */
static void add_initial(struct buf *b, const char *s)
{
	if (!s || !*s)
		return;
	size_t len;
	utf8_decode(s, strlen(s), &len);
	buf_add(b, s, len);
	buf_addc(b, '.');
}

char *model_short_name(const char *surname, const char *name, const char *patronymic)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, surname ? surname : "");
	if (name && *name) {
		buf_adds(&b, NBSP);
		add_initial(&b, name);
		add_initial(&b, patronymic);
	}
	return buf_take(&b);
}

char *model_initials_first(const char *surname, const char *name, const char *patronymic)
{
	struct buf b = BUF_INIT;
	if (name && *name) {
		add_initial(&b, name);
		add_initial(&b, patronymic);
		buf_adds(&b, NBSP);
	}
	buf_adds(&b, surname ? surname : "");
	return buf_take(&b);
}

char *model_full_name(const char *surname, const char *name, const char *patronymic)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, surname ? surname : "");
	if (name && *name) {
		buf_addc(&b, ' ');
		buf_adds(&b, name);
	}
	if (patronymic && *patronymic) {
		buf_addc(&b, ' ');
		buf_adds(&b, patronymic);
	}
	return buf_take(&b);
}

/* Frees s unless the model's pool holds it. */
static void drop(const struct model *m, char *s)
{
	if (s && !pool_owns(&m->pool, s))
		free(s);
}

static void free_graduate(const struct model *m, struct graduate *g)
{
	char **s[] = {&g->id, &g->surname, &g->name, &g->patronymic, &g->address,
		      &g->social_status, &g->family, &g->housing,
		      &g->organization, &g->position, &g->reason, &g->curator, &g->notes,
		      &g->conclusions, &g->recommendations};
	for (size_t i = 0; i < sizeof s / sizeof *s; i++)
		drop(m, *s[i]);
}

/* The bucket of event e in the index: 0 for every graduate, g + 1 for graduate g, -1 none
 * (an unresolved reference: no graduate's plan shows it). */
static long event_bucket(const struct model *m, const struct event *e)
{
	if (!*e->graduate)
		return 0;
	return e->graduate_index < m->ngraduates ? (long)e->graduate_index + 1 : -1;
}

void model_index_events(struct model *m)
{
	free(m->ev_order), free(m->ev_first);
	size_t nb = m->ngraduates + 1;
	m->ev_first = xcalloc(nb + 1, sizeof *m->ev_first);
	m->ev_order = xmalloc((m->nevents ? m->nevents : 1) * sizeof *m->ev_order);
	for (size_t i = 0; i < m->nevents; i++) {
		long b = event_bucket(m, &m->events[i]);
		if (b >= 0)
			m->ev_first[b + 1]++;
	}
	for (size_t b = 0; b < nb; b++)
		m->ev_first[b + 1] += m->ev_first[b];
	size_t *at = xmalloc(nb * sizeof *at);
	memcpy(at, m->ev_first, nb * sizeof *at);
	for (size_t i = 0; i < m->nevents; i++) { /* counting sort: file order within a bucket */
		long b = event_bucket(m, &m->events[i]);
		if (b >= 0)
			m->ev_order[at[b]++] = i;
	}
	free(at);
}

void model_free(struct model *m)
{
	free(m->ev_order), free(m->ev_first);
	for (size_t i = 0; i < m->ngraduates; i++)
		free_graduate(m, &m->graduates[i]);
	for (size_t i = 0; i < m->nstaff; i++) {
		struct staff *s = &m->staff[i];
		drop(m, s->id), drop(m, s->surname), drop(m, s->name), drop(m, s->patronymic);
		drop(m, s->position);
	}
	for (size_t i = 0; i < m->nrecords; i++) {
		struct record *r = &m->records[i];
		drop(m, r->graduate), drop(m, r->features), drop(m, r->difficulties), drop(m, r->help);
		drop(m, r->help_by), drop(m, r->planned_help);
	}
	for (size_t i = 0; i < m->nevents; i++) {
		struct event *e = &m->events[i];
		drop(m, e->graduate), drop(m, e->item), drop(m, e->title), drop(m, e->due);
		drop(m, e->responsible), drop(m, e->done);
	}
	for (size_t i = 0; i < m->npairs; i++)
		drop(m, m->pairs[i].mentor), drop(m, m->pairs[i].mentee);
	struct institution *in = &m->inst;
	free(in->name), free(in->short_name), free(in->parent), free(in->city);
	free(in->director_position), free(in->director_surname), free(in->director_name);
	free(in->director_patronymic), free(in->order_number);
	free(in->years);
	for (size_t i = 0; i < in->ntargets; i++)
		free(in->targets[i].indicator);
	free(in->targets);
	for (size_t i = 0; i < in->nretentions; i++)
		free(in->retentions[i].document);
	free(in->retentions);
	free(m->graduates), free(m->staff), free(m->records), free(m->events), free(m->pairs);
	for (size_t i = 0; i < m->nfiles; i++)
		free(m->files[i]);
	free(m->files);
	for (size_t i = 0; i < m->nplaces; i++) {
		for (size_t c = 0; c < m->places[i].ncols; c++)
			free(m->places[i].cols[c].header);
		free(m->places[i].cols);
		free(m->places[i].sheet);
	}
	free(m->places);
	pool_free(&m->pool);
	memset(m, 0, sizeof *m);
}
