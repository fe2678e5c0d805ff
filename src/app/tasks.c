/* tasks: the plan of a batch — selection (--graduate, --shard), print order, tasks, paths.
 * Invariant: a shard is chosen by FNV-1a of the id, never by position, so adding a graduate
 * moves no other graduate to another shard. */
#include "app/tasks.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/collate.h"
#include "util/xalloc.h"

/* FNV-1a: a stable hash of an id, for --shard. */
static uint64_t id_hash(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static bool selected(const struct app_opts *o, const struct graduate *g)
{
	if (o->graduate && strcmp(o->graduate, g->id) != 0)
		return false;
	if (o->shard_n > 1 && (int)(id_hash(g->id) % (uint64_t)o->shard_n) != o->shard_k - 1)
		return false;
	return true;
}

/* Print order: surname, name, patronymic (Russian alphabetical order), then id. */
static int cmp_print(const void *a, const void *b)
{
	const struct graduate *x = *(const struct graduate *const *)a, *y = *(const struct graduate *const *)b;
	int c = collate_ru(x->surname, y->surname);
	if (!c)
		c = collate_ru(x->name, y->name);
	if (!c)
		c = collate_ru(x->patronymic, y->patronymic);
	return c ? c : strcmp(x->id, y->id);
}

static void print_order(struct tasks *ts, const struct run *r)
{
	const struct model *m = &r->m;
	const struct graduate **v = xmalloc((m->ngraduates ? m->ngraduates : 1) * sizeof *v);
	size_t n = 0;
	for (size_t g = 0; g < m->ngraduates; g++)
		if (selected(r->o, &m->graduates[g]))
			v[n++] = &m->graduates[g];
	qsort(v, n, sizeof *v, cmp_print);
	ts->order = xmalloc((n ? n : 1) * sizeof *ts->order);
	for (size_t i = 0; i < n; i++)
		ts->order[i] = (size_t)(v[i] - m->graduates);
	ts->norder = n;
	free(v);
}

static void add_task(struct tasks *ts, enum task_kind kind, size_t g)
{
	xgrow((void **)&ts->v, &ts->cap, ts->n + 1, sizeof *ts->v);
	ts->v[ts->n++] = (struct task){kind, g};
}

bool tasks_whole(const struct app_opts *o)
{
	return !o->graduate && o->shard_n <= 1;
}

void tasks_plan(struct tasks *ts, const struct run *r, unsigned docs)
{
	const struct app_opts *o = r->o;
	print_order(ts, r);
	if (tasks_whole(o) && ts->norder)
		ts->print = docs & (APP_PASSPORTS | APP_PLANS);
	bool first_shard = o->shard_n <= 1 || o->shard_k == 1;
	if ((docs & APP_ORDER) && first_shard && !o->graduate)
		add_task(ts, T_ORDER, 0);
	if ((docs & APP_REPORT) && first_shard && !o->graduate)
		add_task(ts, T_REPORT, 0);
	for (size_t i = 0; i < ts->norder; i++) {
		if (docs & APP_PASSPORTS)
			add_task(ts, T_PASSPORT, ts->order[i]);
		if (docs & APP_PLANS)
			add_task(ts, T_PLAN, ts->order[i]);
	}
}

void tasks_free(struct tasks *ts)
{
	free(ts->v);
	free(ts->order);
	*ts = (struct tasks){0};
}

char *tasks_path(const struct run *r, const struct task *t)
{
	switch (t->kind) {
	case T_PASSPORT: return xasprintf("passports/%s.pdf", r->m.graduates[t->g].id);
	case T_PLAN: return xasprintf("plans/%s.pdf", r->m.graduates[t->g].id);
	case T_ORDER: return xasprintf("order-%d.pdf", r->year);
	case T_REPORT: return xasprintf("report-%d.pdf", r->report_year);
	}
	return NULL;
}

const char *tasks_kind_name(enum task_kind kind)
{
	static const char *const names[] = {"order", "report", "passport", "plan"};
	return names[kind];
}

const char *tasks_graduate(const struct run *r, const struct task *t)
{
	return t->kind == T_PASSPORT || t->kind == T_PLAN ? r->m.graduates[t->g].id : "";
}
