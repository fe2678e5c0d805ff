/* print: which PDFs make each print file, in which order, under which title.
 * Invariant: one table (files[]) names every print file, the documents it joins and its
 * title; the merging itself is render's. */
#define _POSIX_C_SOURCE 200809L
#include "app/print.h"

#include <stdio.h>
#include <stdlib.h>

#include "app/render.h"
#include "util/xalloc.h"

static const struct {
	unsigned doc;       /* the plan's bit (ts->print) */
	const char *folder; /* the per-graduate folder, and the print file's name */
	const char *title;
} files[] = {
	{APP_PASSPORTS, "passports", "Паспорта патроната выпускников"},
	{APP_PLANS, "plans", "Планы мероприятий патронатного сопровождения"},
};

/* The index in files[] of ts's k-th print file, or -1. */
static int nth(const struct tasks *ts, size_t k)
{
	for (size_t i = 0; i < sizeof files / sizeof *files; i++)
		if ((ts->print & files[i].doc) && k-- == 0)
			return (int)i;
	return -1;
}

size_t print_count(const struct tasks *ts)
{
	size_t n = 0;
	for (size_t i = 0; i < sizeof files / sizeof *files; i++)
		n += (ts->print & files[i].doc) != 0;
	return n;
}

int print_write(const struct run *r, const struct tasks *ts, size_t k, struct task_result *res, char *err,
		size_t errlen)
{
	int f = nth(ts, k);
	if (f < 0) {
		snprintf(err, errlen, "print: no print file %zu", k);
		return -1;
	}
	snprintf(res->path, sizeof res->path, "print/%s.pdf", files[f].folder);
	snprintf(res->kind, sizeof res->kind, "print");
	res->graduate[0] = '\0';
	struct render_part *in = xmalloc((ts->norder ? ts->norder : 1) * sizeof *in);
	for (size_t i = 0; i < ts->norder; i++) {
		const struct graduate *g = &r->m.graduates[ts->order[i]];
		char *full = model_full_name(g->surname, g->name, g->patronymic);
		in[i] = (struct render_part){xasprintf("%s/%s.pdf", files[f].folder, g->id),
					     xasprintf("%s — %s", full, g->id), xasprintf("%s-", g->id)};
		free(full);
	}
	int rc = render_merge(r, res->path, files[f].title, in, ts->norder, &res->pages, res->sha256, err, errlen);
	for (size_t i = 0; i < ts->norder; i++)
		free(in[i].path), free(in[i].title), free(in[i].label);
	free(in);
	return rc;
}
