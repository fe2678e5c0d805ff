/* read_xml: the XML table reader (src/xml/table_xml) behind the reader interface.
 * Invariant: the file is validated against SCHEMA_DIR/TABLE.xsd and read whole at open; an
 * invalid file opens to nothing. The header is the schema's fields, on the root's line. */
#include "input/input.h"

#include <stdlib.h>

#include "util/xalloc.h"
#include "xml/table_xml.h"

static void *xml_open(const char *path, const char *shown, const struct input_want *want,
		      struct diag_list *dl)
{
	if (!want || !want->table || !want->schema_dir) {
		diag_error(dl, shown, 0, NULL, "no schema to read the file with");
		return NULL;
	}
	char *xsd = xasprintf("%s/%s.xsd", want->schema_dir, want->table);
	struct table *t = NULL;
	xml_table_read(path, shown, xsd, &t, dl);
	free(xsd);
	return input_held_new(t);
}

static const char *const exts[] = {"xml", NULL};

const struct input_reader input_xml = {
	.name = "XML",
	.exts = exts,
	.list = NULL,
	.open = xml_open,
	.next = input_held_next,
	.close = input_held_free,
};
