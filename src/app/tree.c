/* tree: the document tree of one document as text (pt_dump_tree), for the golden tests and
 * for anyone asking why a document says what it says.
 * Invariant: dumping reads the run and writes nothing: the tree is the one a batch would
 * lay out for the same run (the same build functions, the same year and date). */
#include <stdio.h>
#include <stdlib.h>

#include "app/run.h"
#include "archive/manifest.h"
#include "doc/dump.h"
#include "app/record.h"
#include "app/render.h"

/* The register of the output folder's manifest: what `all` printed there as
 * print/inventory.pdf. Returns a new tree, or NULL with r->err set. */
static struct doc *inventory_of(struct run *r)
{
	struct manifest man = MANIFEST_INIT;
	char err[512];
	if (manifest_load(&man, r->o->out_dir, err, sizeof err) != 0) {
		run_fail(r, "%s", err);
		manifest_free(&man);
		return NULL;
	}
	struct doc *d = record_inventory(r, &man);
	manifest_free(&man);
	return d;
}

/* The tree a batch would lay out for kind (one pt_doc bit, or PT_INVENTORY), or NULL when
 * the session did not read that document's template. */
static struct doc *build(struct run *r, unsigned kind, size_t g)
{
	switch (kind) {
	case PT_PASSPORTS: return r->passport ? render_build(r, T_PASSPORT, g) : NULL;
	case PT_PLANS: return r->plan ? render_build(r, T_PLAN, g) : NULL;
	case PT_ORDER: return r->order ? render_build(r, T_ORDER, 0) : NULL;
	case PT_REPORT: return r->report && r->plan ? render_build(r, T_REPORT, 0) : NULL;
	case PT_INVENTORY: return r->inventory ? inventory_of(r) : NULL;
	}
	return NULL;
}

enum pt_status run_dump_tree(struct run *r, unsigned kind, const char *graduate, char **text)
{
	*text = NULL;
	r->err[0] = '\0';
	bool per_graduate = kind == PT_PASSPORTS || kind == PT_PLANS;
	if (!per_graduate && kind != PT_ORDER && kind != PT_REPORT && kind != PT_INVENTORY) {
		run_fail(r, "no document tree of kind %u", kind);
		return PT_USAGE;
	}
	size_t g = 0;
	if (per_graduate) {
		g = graduate ? model_find_graduate(&r->m, graduate) : (size_t)-1;
		if (g == (size_t)-1) {
			run_fail(r, graduate ? "no graduate with id %s" : "a graduate's document needs its id%s",
				 graduate ? graduate : "");
			return PT_INPUT_ERROR;
		}
	}
	struct doc *d = build(r, kind, g);
	if (!d && kind == PT_INVENTORY && r->inventory)
		return PT_INPUT_ERROR; /* the manifest cannot be read: r->err says why */
	if (!d) {
		run_fail(r, "the document's template was not read (open the session for this document)");
		return PT_USAGE;
	}
	*text = doc_dump_text(d);
	doc_free(d);
	return PT_OK;
}
