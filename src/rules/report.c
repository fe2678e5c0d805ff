/* report: placeholder until the report is written (issue 4). */
#include "report.h"

size_t report_check_template(const struct tmpl *t, struct diag_list *dl) { (void)t, (void)dl; return 0; }
struct doc *report_build(const struct model *m, const struct rec_index *ri, const struct tmpl *report,
			 const struct tmpl *plan, int year, struct date today)
{ (void)m, (void)ri, (void)report, (void)plan, (void)year, (void)today; return doc_new(); }
