/* order: «Приказ об организации патронатного сопровождения выпускников» for an academic year,
 * with the requisites of ГОСТ Р 7.0.97-2025, from staff, graduates and institution.xml through
 * templates/order.xml.
 * Invariant: an order is built only for a group that meets the regulation (seeds/001): at
 * least five members including the head or a deputy, a social pedagogue, a psychologist and
 * a defectologist; exactly one keeps the documentation; every curator is in staff. */
#ifndef PT_ORDER_H
#define PT_ORDER_H

#include "doc/doc.h"
#include "model/model.h"
#include "tmpl/tmpl.h"

/* Checks templates/order.xml. Returns the number of errors added. */
size_t order_check_template(const struct tmpl *t, struct diag_list *dl);
/* Checks the group's composition for the order; each violation is an error naming what is
 * missing (with staff.csv as its file). Returns the number of errors added. */
size_t order_check(const struct model *m, struct diag_list *dl);
/* Builds the order for academic year `year` (its start year). Graduates listed are those
 * under patronage at some time in that year. Returns a new tree (doc_free). */
struct doc *order_build(const struct model *m, const struct tmpl *t, int year, struct date today);

#endif
