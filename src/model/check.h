/* check: the model's consistency rules — unique ids, resolved references, plausible dates.
 * Invariant: after model_check returns with no new errors, every index field of the model
 * (curator_index, graduate_index) is resolved and may be used without further checks. */
#ifndef PT_CHECK_H
#define PT_CHECK_H

#include "model/model.h"

/* Checks m and resolves its references; today is the documents' date (for "in the future").
 * Returns the number of errors added to dl. */
size_t model_check(struct model *m, struct date today, struct diag_list *dl);

/* Gives each problem of dl that names a file, a row and a column of a table read from a
 * spreadsheet or CSV, but no cell (those found across tables, after reading), its cell in A1
 * notation, its sheet and the column's header as the user wrote it — as the problems found
 * while reading have. */
void model_place_problems(const struct model *m, struct diag_list *dl);

#endif
