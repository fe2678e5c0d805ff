/* fuzz_xml: arbitrary bytes into the hardened XML reader and the template tree built on it. */
#define _POSIX_C_SOURCE 200809L
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "rules/passport.h"
#include "tmpl/tmpl.h"
#include "xml/xmlsafe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct diag_list dl = DIAG_LIST_INIT;
	xmlDocPtr doc = xmlsafe_read_mem((const char *)data, n, "fuzz.xml", &dl);
	if (doc)
		xmlFreeDoc(doc);
	/* the same bytes as a template: tmpl_load reads a file */
	char path[] = "/tmp/fuzz-tmpl-XXXXXX";
	int fd = mkstemp(path);
	if (fd >= 0) {
		if (write(fd, data, n) == (ssize_t)n) {
			struct tmpl *t = tmpl_load(path, "fuzz.xml", &dl);
			if (t)
				passport_check_template(t, &dl);
			tmpl_free(t);
		}
		close(fd);
		unlink(path);
	}
	diag_list_free(&dl);
	return 0;
}
