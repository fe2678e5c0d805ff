/* plan: placeholder until the event plan is written (issue 3). */
#include "plan.h"

size_t plan_check_template(const struct tmpl *t, struct diag_list *dl) { (void)t, (void)dl; return 0; }
void plan_items(const struct model *m, size_t gi, const struct tmpl *t, struct date today, struct plan_items *out)
{ (void)m, (void)gi, (void)t, (void)today; out->v = NULL; out->n = out->cap = 0; }
void plan_items_free(struct plan_items *pi) { (void)pi; }
void plan_check(const struct model *m, const struct tmpl *t, struct date today, struct diag_list *dl)
{ (void)m, (void)t, (void)today, (void)dl; }
struct doc *plan_build(const struct model *m, size_t gi, const struct tmpl *t, struct date today)
{ (void)m, (void)gi, (void)t, (void)today; return doc_new(); }
