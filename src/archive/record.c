/* record: manifest entries for a run's files, the merged manifest and the register.
 * Invariant: graduates are looked up through one id-sorted index, so recording N files costs
 * O(N log N), not a scan of the model per file. */
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/manifest.h"
#include "archive/retention.h"
#include "rules/inventory.h"
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

static void add_files(struct manifest *add, const struct model *m, int year, struct date today,
		      const struct record_file *files, size_t n)
{
	struct by_id *ids = xmalloc((m->ngraduates ? m->ngraduates : 1) * sizeof *ids);
	for (size_t i = 0; i < m->ngraduates; i++)
		ids[i].id = m->graduates[i].id, ids[i].graduation = m->graduates[i].graduation;
	qsort(ids, m->ngraduates, sizeof *ids, by_id_cmp);
	for (size_t i = 0; i < n; i++) {
		const struct record_file *f = &files[i];
		struct date grad = graduation_of(ids, m->ngraduates, f->graduate);
		struct manifest_entry e = {(char *)f->path, (char *)f->kind, (char *)f->graduate, today, "", f->pages,
					   retention_document(&m->inst, f->kind, grad, f->year ? f->year : year)};
		snprintf(e.sha256, sizeof e.sha256, "%s", f->sha256);
		manifest_add_entry(add, &e);
	}
	free(ids);
}

static int write_inventory(struct manifest *all, const struct model *m, struct date today, const char *out_dir,
			   const struct tmpl *inventory, record_write_fn write_doc, void *ctx, char *err,
			   size_t errlen)
{
	char *dir = xasprintf("%s/print", out_dir);
	int rc = file_mkdirs(dir, err, errlen);
	free(dir);
	if (rc != 0)
		return -1;
	struct doc *d = inventory_build(m, all, inventory, today);
	int pages = 0;
	rc = write_doc(ctx, d, RECORD_INVENTORY_PATH, &pages, err, errlen);
	doc_free(d);
	struct date none = {0, 0, 0};
	struct manifest one = MANIFEST_INIT;
	if (rc == 0)
		rc = manifest_add_file(&one, out_dir, RECORD_INVENTORY_PATH, "inventory", "", today, pages, none, err,
				       errlen);
	manifest_merge(all, &one);
	manifest_free(&one);
	return rc;
}

int record_run(const struct model *m, int year, struct date today, const char *out_dir,
	       const struct record_file *files, size_t n, const struct tmpl *inventory,
	       record_write_fn write_doc, void *ctx, char *err, size_t errlen)
{
	struct manifest all = MANIFEST_INIT, add = MANIFEST_INIT;
	int rc = manifest_load(&all, out_dir, err, errlen);
	if (rc == -2) {
		size_t len = strlen(err);
		snprintf(err + len, errlen - len, " (the manifest is left as it is: repair or move it away, "
			 "then run again)");
		return -1;
	}
	add_files(&add, m, year, today, files, n);
	manifest_merge(&all, &add);
	manifest_free(&add);
	/* the documents are listed even when their register cannot be written */
	char ierr[512] = "";
	int irc = inventory && write_doc
			  ? write_inventory(&all, m, today, out_dir, inventory, write_doc, ctx, ierr, sizeof ierr)
			  : 0;
	rc = manifest_write(&all, out_dir, err, errlen);
	manifest_free(&all);
	if (rc == 0 && irc != 0)
		snprintf(err, errlen, "%s", ierr);
	return rc || irc ? -1 : 0;
}
