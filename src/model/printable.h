/* printable: the model's text checked against what the documents' fonts can print, so that
 * no character becomes a silent '?' on a signed paper.
 * Invariant: the model sees no font: coverage comes in as a predicate; each field of each
 * row that holds characters the predicate refuses gets one warning per such character,
 * at the row's file and line, naming the graduate (or staff member) by id only. */
#ifndef PT_PRINTABLE_H
#define PT_PRINTABLE_H

#include <stdbool.h>

#include "model/model.h"

/* Warns in dl, for every text field of m whose characters covers(ctx, cp) refuses:
 * "file:line: field: warning: graduate ID: character U+XXXX cannot be printed" (staff: "staff
 * ID", the institution: "institution"). ctx is borrowed and only passed to covers. Returns
 * the number of warnings added. */
size_t model_check_printable(const struct model *m, bool (*covers)(const void *ctx, unsigned cp),
			     const void *ctx, struct diag_list *dl);

/* True when every character of m's text fields is one within accepts (e.g. the CP1251
 * repertoire of the PDFs' fast path). */
bool model_text_within(const struct model *m, bool (*within)(unsigned cp));

#endif
