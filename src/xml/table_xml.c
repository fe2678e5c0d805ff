/* table_xml: placeholder until XML tables are written (issue 3). */
#include "table_xml.h"

int xml_table_read(const char *path, const char *display, const char *schema, struct table **out,
		   struct diag_list *dl)
{ (void)path, (void)schema; *out = NULL; diag_error(dl, display, 0, NULL, "XML tables are not supported yet"); return 1; }
int xml_validate_file(const char *path, const char *display, const char *schema, struct diag_list *dl)
{ (void)path, (void)display, (void)schema, (void)dl; return 0; }
