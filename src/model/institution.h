/* institution: reads institution.xml into the model's institution.
 * Invariant: required elements (name, director) present, numbers and dates valid, or errors. */
#ifndef PT_INSTITUTION_H
#define PT_INSTITUTION_H

#include "model/model.h"

/* Reads path (named display in messages), validated against the XSD at schema, into m->inst.
 * An invalid file is reported and leaves m->inst as it was. Returns the number of errors
 * added. */
size_t institution_load(struct model *m, const char *path, const char *display, const char *schema,
			struct diag_list *dl);

/* The totals of academic year start, or NULL. Borrowed from m. */
const struct year_totals *institution_year(const struct institution *in, int start);
/* The target for indicator in year start; returns 1 and *value, or 0 when none. */
int institution_target(const struct institution *in, int start, const char *indicator, double *value);
/* Keeping period in years for a document kind, or dflt when institution.xml names none. */
int institution_retention(const struct institution *in, const char *document, int dflt);

#endif
