/* record: manifest entries for a run's files, the merged manifest and the register.
 * Invariant: graduates are looked up through one id-sorted index, so recording N files costs
 * O(N log N), not a scan of the model per file; the register is laid out and written by
 * render_file like any document. */
#include "app/record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/render.h"
#include "archive/docmeta.h"
#include "rules/inventory.h"
#include "rules/retention.h"
#include "util/fileio.h"
#include "util/xalloc.h"

struct by_id {
	const char *id;
	struct date graduation;
};

static int by_id_cmp(const void *x, const void *y)
{
	return strcmp(((const struct by_id *)x)->id, ((const struct by_id *)y)->id);
}

/* The graduation date of graduate id, or an empty date. */
static struct date graduation_of(const struct by_id *ids, size_t n, const char *id)
{
	struct by_id key = {id, {0, 0, 0}}, *hit = NULL;
	if (*id && n)
		hit = bsearch(&key, ids, n, sizeof *ids, by_id_cmp);
	return hit ? hit->graduation : key.graduation;
}

static void add_files(struct manifest *add, const struct run *r, const struct task_result *files, size_t n)
{
	const struct model *m = &r->m;
	struct by_id *ids = xmalloc((m->ngraduates ? m->ngraduates : 1) * sizeof *ids);
	for (size_t i = 0; i < m->ngraduates; i++)
		ids[i].id = m->graduates[i].id, ids[i].graduation = m->graduates[i].graduation;
	qsort(ids, m->ngraduates, sizeof *ids, by_id_cmp);
	for (size_t i = 0; i < n; i++) {
		const struct task_result *f = &files[i];
		struct date grad = graduation_of(ids, m->ngraduates, f->graduate);
		struct manifest_entry e = {(char *)f->path, (char *)f->kind, (char *)f->graduate, r->o->today, "",
					   f->pages,
					   retention_document(&m->inst, f->kind, grad,
							      strcmp(f->kind, "report") == 0 ? r->report_year : r->year)};
		snprintf(e.sha256, sizeof e.sha256, "%s", f->sha256);
		manifest_add_entry(add, &e);
	}
	free(ids);
}

char *record_meta(const struct run *r, const char *kind, const char *graduate, struct date graduation)
{
	struct docmeta dm;
	memset(&dm, 0, sizeof dm);
	snprintf(dm.kind, sizeof dm.kind, "%s", kind);
	snprintf(dm.graduate, sizeof dm.graduate, "%s", graduate ? graduate : "");
	dm.date = r->o->today;
	int year = strcmp(kind, "report") == 0 ? r->report_year : r->year; /* the year it covers */
	dm.years = retention_years(&r->m.inst, kind);
	if (dm.years != RETENTION_NOT_KEPT)
		dm.closed = retention_closed(kind, graduation, year);
	dm.keep_until = retention_document(&r->m.inst, kind, graduation, year);
	return docmeta_format(&dm);
}

/* The register's tree for man, carrying digest (its manifest's, the register's own rows
 * excepted) on the page and in its metadata. */
static struct doc *inventory_of(const struct run *r, const struct manifest *man)
{
	struct inventory_entry *v = xmalloc((man->n ? man->n : 1) * sizeof *v);
	for (size_t i = 0; i < man->n; i++) {
		const struct manifest_entry *e = &man->v[i];
		v[i] = (struct inventory_entry){e->path, e->kind, e->graduate, e->date, e->pages, e->keep_until};
	}
	char digest[65], groups[72];
	manifest_digest(man, digest);
	manifest_digest_groups(digest, groups);
	struct doc *d = inventory_build(&r->m, v, man->n, r->inventory, r->o->today, groups);
	free(v);
	struct docmeta dm;
	memset(&dm, 0, sizeof dm);
	snprintf(dm.kind, sizeof dm.kind, "inventory");
	dm.date = r->o->today;
	dm.years = DOCMETA_NOT_KEPT;
	memcpy(dm.manifest_sha256, digest, sizeof digest);
	free(d->keywords);
	d->keywords = docmeta_format(&dm);
	return d;
}

struct doc *record_inventory(const struct run *r, const struct manifest *man)
{
	return inventory_of(r, man);
}

static int write_inventory(struct manifest *all, const struct run *r, char *err, size_t errlen)
{
	char *dir = xasprintf("%s/print", r->write_dir);
	int rc = file_mkdirs(dir, err, errlen);
	free(dir);
	if (rc != 0)
		return -1;
	/* every other row is known now: the digest on the register covers them all */
	struct doc *d = inventory_of(r, all);
	struct manifest_entry e = {RECORD_INVENTORY_PATH, "inventory", "", r->o->today, "", 0, {0, 0, 0}};
	rc = render_file(r, d, NULL, RECORD_INVENTORY_PATH, &e.pages, e.sha256, err, errlen);
	doc_free(d);
	if (rc == 0) {
		struct manifest one = MANIFEST_INIT;
		manifest_add_entry(&one, &e);
		manifest_merge(all, &one);
		manifest_free(&one);
	}
	return rc;
}

int record_check(const struct run *r, char *err, size_t errlen)
{
	struct manifest m = MANIFEST_INIT;
	int rc = manifest_load(&m, r->o->out_dir, err, errlen);
	manifest_free(&m);
	if (rc != -2)
		return 0;
	size_t len = strlen(err);
	snprintf(err + len, errlen - len, " (nothing was written)");
	return -1;
}

int record_run(const struct run *r, const struct task_result *files, size_t n, bool register_too, char *err,
	       size_t errlen)
{
	const char *out = r->o->out_dir;
	struct manifest all = MANIFEST_INIT, add = MANIFEST_INIT;
	int rc = manifest_load(&all, out, err, errlen);
	if (rc == -2) {
		size_t len = strlen(err);
		snprintf(err + len, errlen - len, " (the manifest is left as it is: repair or move it away, "
			 "then run again)");
		return -1;
	}
	add_files(&add, r, files, n);
	manifest_merge(&all, &add);
	manifest_free(&add);
	/* the documents are listed even when their register cannot be written */
	char ierr[512] = "";
	int irc = register_too && r->inventory ? write_inventory(&all, r, ierr, sizeof ierr) : 0;
	rc = manifest_write(&all, r->write_dir, err, errlen);
	manifest_free(&all);
	if (rc == 0 && irc != 0)
		snprintf(err, errlen, "%s", ierr);
	return rc || irc ? -1 : 0;
}
