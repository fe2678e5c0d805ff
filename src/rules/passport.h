/* passport: the rules that fill «ПАСПОРТ патроната выпускника» (Приложение 1) from the model,
 * through the wording and layout of templates/passport.xml.
 * Invariant: the passport's 16 fields come from the template; a field with no data becomes
 * ruled blank lines; every record of a half-year appears in that half-year's field. */
#ifndef PT_PASSPORT_H
#define PT_PASSPORT_H

#include "doc/doc.h"
#include "model/model.h"
#include "model/rec_index.h"
#include "tmpl/tmpl.h"

/* Checks the template's structure and value names. Returns the number of errors added. */
size_t passport_check_template(const struct tmpl *t, struct diag_list *dl);
/* True when key names a value a template may print: one of the graduate's fields
 * (full_name … curator) or a half-year's column (p1.features … p4.summary). */
bool passport_value_known(const char *key);
/* Warns for record columns the template does not print anywhere (so nothing is lost silently). */
void passport_check_unprinted(const struct model *m, const struct tmpl *t, struct diag_list *dl);
/* Warns for each graduate whose status, flags and dates contradict one another (e.g. «Не
 * завершил обучение» with «По специальности»), naming the graduate's id and both columns. */
void passport_check_consistency(const struct model *m, struct diag_list *dl);
/* Builds the passport of graduate gi (borrowing m, ri, t). Returns a new tree (doc_free). */
struct doc *passport_build(const struct model *m, const struct rec_index *ri, size_t gi,
			   const struct tmpl *t);

#endif
