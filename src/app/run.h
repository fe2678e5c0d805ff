/* run: the context of one run, shared by the loading (app.c) and the writing (batch.c).
 * Invariant: a run owns everything it loaded; run_free releases it all; after a successful
 * load the model is checked and indexed, and the templates of the chosen documents are valid. */
#ifndef PT_RUN_H
#define PT_RUN_H

#include "app/app.h"
#include "font/fontset.h"
#include "model/load.h"
#include "rules/periods.h"
#include "tmpl/tmpl.h"

#define CREATOR "patronat " PATRONAT_VERSION

struct run {
	const struct app_opts *o;
	struct diag_list dl;
	struct model m;
	struct aliases al;
	struct tmpl *passport, *plan, *order, *report, *inventory;
	int year; /* the academic year of the order and the report */
	struct fontset fs;
	bool fonts_loaded;
	struct hyph *hy;
	struct rec_index ri;
	bool indexed;
};

/* Loads the fonts and the hyphenation dictionary. Returns 0, or -1 after printing why. */
int run_prepare_output(struct run *r);
void run_free(struct run *r);
/* Writes the chosen documents (see batch.c). Returns 0, or -1 after printing why. */
int batch_write(struct run *r, unsigned docs);

#endif
