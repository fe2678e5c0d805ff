/* inventory: «Опись документов», the register a clerk files with the papers — every document
 * of the manifest (print copies excepted) with its date, pages and the last day it must be
 * kept, and the signature of the one who keeps the documentation — worded by
 * templates/inventory.xml.
 * Invariant: rows come in the print order (kind: passport, plan, order, report, others; then
 * the graduate's surname, name, patronymic, id; then the path), so the register reads in the
 * order the papers lie; the rules build a document tree, never a PDF.
 * Sees model, tmpl, doc, util — not the archive: app (record.c) hands it the manifest's
 * entries as plain inventory_entry values and renders the tree. */
#ifndef PT_INVENTORY_H
#define PT_INVENTORY_H

#include <stddef.h>

#include "doc/doc.h"
#include "model/model.h"
#include "tmpl/tmpl.h"

/* One document of the archive, as the register lists it (strings borrowed). The caller (app)
 * fills these from out/manifest.csv; the rules never read the manifest themselves. */
struct inventory_entry {
	const char *path;     /* relative to the output folder: "order-2026.pdf" (the year is read from it) */
	const char *kind;     /* passport, plan, order, report; print and inventory are not listed */
	const char *graduate; /* the graduate's id, "" for documents of the year */
	struct date date;     /* the document's date */
	int pages;
	struct date keep_until; /* the last day it must be kept; empty: kept permanently */
};

/* Checks templates/inventory.xml (elements, kinds, placeholders). Returns the number of errors
 * added. */
size_t inventory_check_template(const struct tmpl *t, struct diag_list *dl);
/* Builds the register of the n documents v (m, v and t borrowed; today is the documents'
 * date; digest, the manifest's digest as it is printed — archive/manifest.h — borrowed).
 * Entries of kind "print" and "inventory" are not listed. The digest is printed where the
 * template's <digest> says, else before the signature: the register always carries it, so
 * that the signed paper anchors the electronic archive. Returns a new tree (doc_free). */
struct doc *inventory_build(const struct model *m, const struct inventory_entry *v, size_t n,
			    const struct tmpl *t, struct date today, const char *digest);

#endif
