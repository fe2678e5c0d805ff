/* app: input folder → checked model → documents in the output folder.
 * Invariant: one run context owns everything a run loads; run_free releases it all. */
#define _POSIX_C_SOURCE 200809L
#include "app.h"
#include "app/run.h"

#include <stdarg.h>
#include <stddef.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/render.h"
#include "font/fontset.h"
#include "model/check.h"
#include "model/load.h"
#include "model/read_dir.h"
#include "rules/inventory.h"
#include "rules/order.h"
#include "rules/passport.h"
#include "rules/periods.h"
#include "rules/plan.h"
#include "rules/report.h"
#include "tmpl/tmpl.h"
#include "util/i18n.h"
#include "util/xalloc.h"


void run_free(struct run *r)
{
	diag_list_free(&r->dl);
	model_free(&r->m);
	aliases_free(&r->al);
	tmpl_free(r->passport);
	tmpl_free(r->plan);
	tmpl_free(r->order);
	tmpl_free(r->report);
	tmpl_free(r->inventory);
	render_free(r);
	if (r->indexed)
		rec_index_free(&r->ri);
	for (size_t i = 0; i < r->nfiles; i++) {
		free(r->files[i].path);
		free(r->files[i].kind);
		free(r->files[i].graduate);
	}
	free(r->files);
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static void load_templates(struct run *r, unsigned docs)
{
	char *aliases = xasprintf("%s/templates/aliases.txt", r->o->data_dir);
	if (aliases_load(&r->al, aliases, &r->dl) != 0 && r->dl.nerrors == 0)
		diag_error(&r->dl, "aliases.txt", 0, NULL, "cannot read the file");
	free(aliases);
	static const struct {
		unsigned docs; /* the documents that need this template */
		const char *name;
		size_t (*check)(const struct tmpl *, struct diag_list *);
		size_t off;
	} tmpls[] = {
		{APP_PASSPORTS, "passport", passport_check_template, offsetof(struct run, passport)},
		{APP_PLANS | APP_REPORT, "plan", plan_check_template, offsetof(struct run, plan)},
		{APP_ORDER, "order", order_check_template, offsetof(struct run, order)},
		{APP_REPORT, "report", report_check_template, offsetof(struct run, report)},
		{APP_ALL, "inventory", inventory_check_template, offsetof(struct run, inventory)},
	};
	for (size_t i = 0; i < sizeof tmpls / sizeof *tmpls; i++) {
		if (!(docs & tmpls[i].docs))
			continue;
		char *p = xasprintf("%s/templates/%s.xml", r->o->data_dir, tmpls[i].name);
		char *shown = xasprintf("%s.xml", tmpls[i].name);
		struct tmpl *t = tmpl_load(p, shown, &r->dl);
		if (t)
			tmpls[i].check(t, &r->dl);
		*(struct tmpl **)((char *)r + tmpls[i].off) = t;
		free(p);
		free(shown);
	}
}

/* The academic year of the order and the report: --year, institution.xml, or the date's. */
static int pick_year(const struct run *r)
{
	if (r->o->year)
		return r->o->year;
	if (r->m.inst.academic_year)
		return r->m.inst.academic_year;
	return date_academic_year(r->o->today);
}

static int pick_report_year(const struct run *r)
{
	return r->o->year ? r->o->year : report_default_year(r->o->today);
}

void run_fail(struct run *r, const char *fmt, ...)
{
	if (r->err[0])
		return; /* the first failure is the one that counts */
	va_list ap;
	va_start(ap, fmt);
	fmt = i18n_tr(fmt); /* a message passed whole ("%s", msg) is translated itself */
	if (strcmp(fmt, "%s") == 0)
		snprintf(r->err, sizeof r->err, "%s", i18n_tr(va_arg(ap, const char *)));
	else
		vsnprintf(r->err, sizeof r->err, fmt, ap);
	va_end(ap);
}

bool run_load(struct run *r, unsigned docs)
{
	load_templates(r, docs);
	char *schemas = xasprintf("%s/templates/schema", r->o->data_dir);
	r->m.today = r->o->today;
	model_read_dir(&r->m, r->o->in_dir, schemas, &r->al, &r->dl);
	free(schemas);
	r->year = pick_year(r);
	r->report_year = pick_report_year(r);
	/* cross-table and document checks run on whatever was read, so that one run reports
	 * every problem (a cell that failed to convert holds its empty value) */
	model_check(&r->m, r->o->today, &r->dl);
	rec_index_build(&r->ri, &r->m);
	r->indexed = true;
	periods_check(&r->m, &r->ri, r->o->today, &r->dl);
	passport_check_consistency(&r->m, &r->dl);
	if (r->passport)
		passport_check_unprinted(&r->m, r->passport, &r->dl);
	if (r->plan && (docs & APP_PLANS))
		plan_check(&r->m, r->plan, r->o->today, &r->dl);
	if (docs & APP_ORDER)
		order_check(&r->m, &r->dl);
	render_check_printable(r);
	if (r->o->graduate && r->dl.nerrors == 0 && model_find_graduate(&r->m, r->o->graduate) == (size_t)-1)
		diag_error(&r->dl, NULL, 0, "--graduate", "no graduate with id %s", r->o->graduate);
	model_place_problems(&r->m, &r->dl);
	diag_sort(&r->dl);
	return !diag_failed(&r->dl, r->o->strict);
}

/* ---- data folder ------------------------------------------------------------------- */

static bool has_data(const char *dir)
{
	char *p = xasprintf("%s/templates/passport.xml", dir);
	bool ok = exists(p);
	free(p);
	return ok;
}

char *app_find_data_dir(void)
{
	const char *env = getenv("PATRONAT_DATA");
	if (env && *env)
		return xstrdup(env);
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return xstrdup(".");
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	char *share = xasprintf("%s/../share/patronat", exe);
	if (has_data(share))
		return share;
	free(share);
	char *up = xasprintf("%s/..", exe);
	if (has_data(up))
		return up;
	free(up);
	return xstrdup(".");
}

void run_add_file(struct run *r, const char *path, const char *kind, const char *graduate, int pages)
{
	xgrow((void **)&r->files, &r->filescap, r->nfiles + 1, sizeof *r->files);
	r->files[r->nfiles++] = (struct run_file){xstrdup(path), xstrdup(kind), xstrdup(graduate), pages};
}
