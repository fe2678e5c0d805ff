/* read_dir: the input folder into the model — which file is which table, read by the reader
 * its extension picks (src/input), given meaning (load.h), and institution.xml.
 * Invariant: every file of the folder is accounted for: read as a table or institution.xml,
 * reported (a table given twice is an error naming both files; a file patronat does not read
 * is a warning naming it), or one of the few left alone on purpose (hidden files, subfolders,
 * documentation: README*, *.md, *.txt). */
#ifndef PT_READ_DIR_H
#define PT_READ_DIR_H

#include "model/load.h"
#include "model/model.h"

/* Reads the tables (graduates, staff required; records, events, mentoring optional) and
 * institution.xml of the folder in_dir into m, XML files validated against the schemas
 * NAME.xsd of schema_dir, headers matched with the aliases al (borrowed, may be NULL). A table
 * is the file NAME.EXT (a workbook's sheet named as the table, else its first visible sheet),
 * or a sheet of a workbook of another name (patronat.xlsx) whose name the file sheets.txt
 * beside schema_dir (templates/sheets.txt: "graduates = Выпускники") gives; without that file
 * only workbooks named after a table are read. Sets
 * m->has_events and m->has_pairs when those tables were given, m->graduates_unread and
 * m->staff_unread when they gave no rows (their references are then not checked). Every
 * problem goes to dl. Returns the number of errors added. */
size_t model_read_dir(struct model *m, const char *in_dir, const char *schema_dir,
		      const struct aliases *al, struct diag_list *dl);

#endif
