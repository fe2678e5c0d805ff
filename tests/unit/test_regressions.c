/* test_regressions: replays every input the fuzzers once crashed on (tests/fuzz-regressions/,
 * named by the reader they reach: csv-*, xml-*) through that reader; under `make asan` a
 * regression shows as a sanitizer report. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdlib.h>

#include "csv/csv_read.h"
#include "harness.h"
#include "util/fileio.h"
#include "xml/xmlsafe.h"

int main(void)
{
	const char *dir = "tests/fuzz-regressions";
	DIR *d = opendir(dir);
	CHECK(d != NULL, "cannot open %s", dir);
	struct dirent *e;
	int n = 0;
	while (d && (e = readdir(d))) {
		char path[512];
		char *data;
		size_t len;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (file_read_all(path, 1 << 24, &data, &len) != 0)
			continue;
		struct diag_list dl = DIAG_LIST_INIT;
		if (strncmp(e->d_name, "csv-", 4) == 0) {
			struct table *t = NULL;
			csv_read_mem(data, len, e->d_name, &t, &dl);
			table_free(t);
		} else if (strncmp(e->d_name, "xml-", 4) == 0) {
			xmlDocPtr doc = xmlsafe_read_mem(data, len, e->d_name, &dl);
			if (doc)
				xmlFreeDoc(doc);
		}
		CHECK(1, "%s replayed", e->d_name);
		n++;
		diag_list_free(&dl);
		free(data);
	}
	if (d)
		closedir(d);
	CHECK(n >= 1, "no regression inputs found");
	return DONE("regressions");
}
