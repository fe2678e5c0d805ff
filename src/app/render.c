/* render: document tree → pages → PDF → file, for every document and print file of a run.
 * Invariant: layout options come from one place (lay_out) and fonts from one (fonts_of), so
 * a task's document and the register are set alike; nothing else in app sees layout/ or
 * pdf/. What no font can print is found before (model/printable.c), as problems. */
#define _POSIX_C_SOURCE 200809L
#include "app/render.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/record.h"
#include "font/fontset.h"
#include "layout/hyph.h"
#include "layout/layout.h"
#include "layout/qr.h"
#include "model/printable.h"
#include "pdf/cp1251.h"
#include "pdf/merge.h"
#include "pdf/pdf.h"
#include "rules/order.h"
#include "rules/passport.h"
#include "rules/plan.h"
#include "rules/report.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/sha256.h"
#include "util/xalloc.h"

#define HYPH_DICT "/usr/share/hyphen/hyph_ru_RU.dic"

/* Loads the fonts once per run (a check loads them for their coverage only). */
static int load_fonts(struct run *r, char *err, size_t errlen)
{
	if (r->fonts_loaded)
		return 0;
	char *dir = xasprintf("%s/fonts", r->o->data_dir);
	int rc = fontset_load(&r->fs, dir, err, errlen);
	free(dir);
	r->fonts_loaded = rc == 0;
	return rc;
}

int render_prepare(struct run *r)
{
	char err[512];
	if (load_fonts(r, err, sizeof err) != 0) {
		run_fail(r, "%s", err);
		return -1;
	}
	if (fontset_make_reduced(&r->fs, cp1251_has, err, sizeof err) != 0)
		diag_warn(&r->dl, NULL, 0, NULL, "%s (the PDFs embed the full fonts)", err);
	/* wide copies of the faces only when some text needs more than CP1251 */
	fontset_make_wide(&r->fs, !model_text_within(&r->m, cp1251_has), NULL, 0);
	r->hy = hyph_load(HYPH_DICT);
	return 0;
}

void render_check_printable(struct run *r)
{
	if (load_fonts(r, NULL, 0) == 0)
		model_check_printable(&r->m, fontset_covers, &r->fs, &r->dl);
}

void render_free(struct run *r)
{
	if (r->fonts_loaded)
		fontset_free(&r->fs);
	r->fonts_loaded = false;
	hyph_free(r->hy);
	r->hy = NULL;
}

struct doc *render_build(const struct run *r, enum task_kind kind, size_t graduate)
{
	switch (kind) {
	case T_PASSPORT: return passport_build(&r->m, &r->ri, graduate, r->passport);
	case T_PLAN: return plan_build(&r->m, graduate, r->plan, r->o->today);
	case T_ORDER: return order_build(&r->m, r->order, r->year, r->o->today);
	case T_REPORT: return report_build(&r->m, &r->ri, r->report, r->plan, r->report_year, r->o->today);
	}
	return NULL;
}

/* The text of the QR element (--qr): the document's identity, as its metadata says it (the
 * institution's short name cut at 60 characters: the symbol stays small). A new string. */
static char *qr_text(const struct run *r, const struct task *t)
{
	const char *inst = r->m.inst.short_name ? r->m.inst.short_name : "";
	size_t n = 0, chars = 0;
	while (inst[n] && chars < 60)
		chars += ((unsigned char)inst[++n] & 0xC0) != 0x80;
	const char *grad = t ? tasks_graduate(r, t) : "";
	return xasprintf("patronat: kind=%s;%s%s%s date=%04d-%02d-%02d; institution=%.*s",
			 t ? tasks_kind_name(t->kind) : "inventory", *grad ? " graduate=" : "", grad, *grad ? ";" : "",
			 r->o->today.y, r->o->today.m, r->o->today.d, (int)n, inst);
}

static void lay_out(const struct run *r, const struct doc *d, const struct task *t, struct pages *pg)
{
	struct layout_opts lo;
	layout_default_opts(&lo);
	for (int f = 0; f < FONT_NFACES; f++)
		lo.face[f] = r->fs.ttf[f];
	lo.can_show = fontset_printable;
	lo.hyph = r->hy;
	memset(pg, 0, sizeof *pg);
	layout_doc(d, &lo, pg);
	if (r->o->qr && pg->n > 0) {
		char *q = qr_text(r, t);
		qr_draw(&pg->v[0], &lo, q); /* a few hundred bytes at most: it always fits */
		free(q);
	}
}

/* The fonts of a document of kind (T_* or -1: a register); for the per-graduate documents,
 * the face their data is printed in has the fixed repertoire (pdf_fonts.fixed): the italic of
 * a passport's filled-in fields, the regular of a plan's table. */
static void fonts_of(const struct run *r, int kind, struct pdf_fonts *pf)
{
	pf->cache = r->fs.cache;
	pf->fixed = kind == T_PASSPORT ? 1u << FONT_ITALIC : kind == T_PLAN ? 1u << FONT_REGULAR : 0;
	for (int f = 0; f < FONT_NFACES; f++) {
		pf->path[f] = r->fs.ttf[f] ? fontset_pdf_path(&r->fs, f) : NULL;
		pf->wide[f] = r->fs.ttf[f] ? fontset_pdf_wide_path(&r->fs, f) : NULL;
	}
}

/* Rewrites err ("what happened") as "the passport of graduate T-001 (passports/T-001.pdf):
 * what happened", naming t's document (NULL: the register) and its graduate. */
static void name_document(const struct run *r, const struct task *t, const char *rel, char *err, size_t errlen)
{
	static const char *const of_kind[] = {
		[T_ORDER] = N_("the order (%s): %s"),
		[T_REPORT] = N_("the analytic report (%s): %s"),
		[T_PASSPORT] = N_("the passport of graduate %s (%s): %s"),
		[T_PLAN] = N_("the event plan of graduate %s (%s): %s"),
	};
	char *what = xstrdup(err);
	if (!t)
		snprintf(err, errlen, _("the inventory (%s): %s"), rel, what);
	else if (t->kind == T_PASSPORT || t->kind == T_PLAN)
		snprintf(err, errlen, _(of_kind[t->kind]), tasks_graduate(r, t), rel, what);
	else
		snprintf(err, errlen, _(of_kind[t->kind]), rel, what);
	free(what);
}

int render_file(const struct run *r, const struct doc *d, const struct task *t, const char *rel, int *pages,
		char sha256[65], char *err, size_t errlen)
{
	struct pages pg;
	lay_out(r, d, t, &pg);
	struct pdf_fonts pf;
	fonts_of(r, t ? (int)t->kind : -1, &pf);
	*pages = (int)pg.n;
	char *data;
	size_t n;
	int rc = pdf_render(&pg, &pf, RENDER_CREATOR, &data, &n, err, errlen);
	pages_free(&pg);
	if (rc != 0) {
		name_document(r, t, rel, err, errlen);
		return -1;
	}
	/* hashed from memory, not read back */
	struct sha256 h;
	uint8_t digest[32];
	sha256_init(&h);
	sha256_update(&h, data, n);
	sha256_final(&h, digest);
	sha256_hex(digest, sha256);
	char *path = xasprintf("%s/%s", r->write_dir, rel);
	rc = file_write_new(path, data, n, 0640, err, errlen);
	free(path);
	free(data);
	if (rc != 0)
		name_document(r, t, rel, err, errlen);
	return rc;
}

int render_task(const struct run *r, const struct task *t, struct task_result *res, char *why, size_t whylen)
{
	char err[512];
	char *rel = tasks_path(r, t);
	struct doc *d = render_build(r, t->kind, t->g);
	struct date none = {0, 0, 0};
	bool of_graduate = t->kind == T_PASSPORT || t->kind == T_PLAN;
	free(d->keywords); /* what the file says of itself, for verify (archive/docmeta.h) */
	d->keywords = record_meta(r, tasks_kind_name(t->kind), tasks_graduate(r, t),
				  of_graduate ? r->m.graduates[t->g].graduation : none);
	int rc = render_file(r, d, t, rel, &res->pages, res->sha256, err, sizeof err);
	doc_free(d);
	if (rc != 0)
		snprintf(why, whylen, "%s", err);
	snprintf(res->path, sizeof res->path, "%s", rel);
	snprintf(res->kind, sizeof res->kind, "%s", tasks_kind_name(t->kind));
	snprintf(res->graduate, sizeof res->graduate, "%s", tasks_graduate(r, t));
	free(rel);
	return rc;
}

int render_merge(const struct run *r, const char *rel, const char *title, const struct render_part *parts,
		 size_t n, int *pages, char sha256[65], char *err, size_t errlen)
{
	struct date none = {0, 0, 0};
	char *keywords = record_meta(r, "print", "", none);
	struct pdf_merge_opts mo = {title, r->m.inst.name, RENDER_CREATOR, r->o->duplex, keywords};
	char *path = xasprintf("%s/%s", r->write_dir, rel);
	struct pdf_merge *m = pdf_merge_new(path, &mo, err, errlen);
	free(path);
	int rc = m ? 0 : -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		char *in = xasprintf("%s/%s", r->write_dir, parts[i].path);
		rc = pdf_merge_add(m, in, parts[i].title, parts[i].label, err, errlen);
		free(in);
	}
	size_t np = 0;
	if (rc == 0)
		rc = pdf_merge_finish(m, &np, sha256, err, errlen);
	else
		pdf_merge_abort(m);
	*pages = (int)np;
	free(keywords);
	return rc;
}
