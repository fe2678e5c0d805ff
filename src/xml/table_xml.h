/* table_xml: an input table given as XML (NAME.xml), validated against its XSD, read into the
 * same struct table a CSV gives, so that the model cannot tell the two apart.
 * Invariant: parsing goes through xmlsafe (no DTD, no entities, no network, bounded); the
 * schema is ours (templates/schema/NAME.xsd); every error carries the XML file's line. */
#ifndef PT_TABLE_XML_H
#define PT_TABLE_XML_H

#include "util/diag.h"
#include "util/table.h"

/* Reads path (messages name it display) and validates it against the XSD at schema.
 * The document is <NAMEs><NAME><field>value</field>…</NAME>…</NAMEs> with the contract's
 * English column names as elements; the table's headers are those names, each row's line
 * is its element's line. Returns 0 and *out (table_free), or non-zero with errors in dl. */
int xml_table_read(const char *path, const char *display, const char *schema, struct table **out,
		   struct diag_list *dl);
/* Validates the XML file at path against the XSD at schema. Returns 0 or non-zero with errors. */
int xml_validate_file(const char *path, const char *display, const char *schema, struct diag_list *dl);

#endif
