/* fuzz_table_xml: arbitrary bytes as an XML input table, validated against the graduates
 * schema (run from the repository's root: it reads templates/schema/). */
#define _POSIX_C_SOURCE 200809L
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "util/table.h"
#include "xml/table_xml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	char path[] = "/tmp/fuzz-table-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return 0;
	if (write(fd, data, n) == (ssize_t)n) {
		struct diag_list dl = DIAG_LIST_INIT;
		struct table *t = NULL;
		xml_table_read(path, "graduates.xml", "templates/schema/graduates.xsd", &t, &dl);
		table_free(t);
		diag_list_free(&dl);
	}
	close(fd);
	unlink(path);
	return 0;
}
