/* print: the print files — out/print/passports.pdf and out/print/plans.pdf, every selected
 * graduate's document of one kind joined in print order, for one trip to the printer.
 * Invariant: a print file is made only from the per-graduate PDFs this run has just
 * written (tasks_plan plans it only when the run covers every graduate), in the order of
 * ts->order, so equal runs give equal bytes. */
#ifndef PT_PRINT_H
#define PT_PRINT_H

#include <stddef.h>

#include "app/run.h"
#include "app/tasks.h"

/* The print files ts plans (0, 1 or 2). */
size_t print_count(const struct tasks *ts);

/* Writes the k-th print file of ts (k < print_count: passports before plans) and fills res
 * (kind "print", no graduate). Returns 0, or -1 with err (no file is left). */
int print_write(const struct run *r, const struct tasks *ts, size_t k, struct task_result *res, char *err,
		size_t errlen);

#endif
