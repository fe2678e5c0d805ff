/* fuzz_csv: arbitrary bytes into the CSV reader (encodings, delimiters, quoting, caps, a
 * "sep=" line, the header sought under a title). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "csv/csv_read.h"

/* A header test of the model's kind: a row holding two cells that name columns. */
static bool is_header(const char *const *cells, size_t n, const void *arg)
{
	size_t hits = 0;
	(void)arg;
	for (size_t i = 0; i < n; i++)
		hits += strcmp(cells[i], "Код") == 0 || strcmp(cells[i], "Фамилия") == 0;
	return hits >= 2;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct table *t = NULL;
	csv_read_mem((const char *)data, n, "fuzz.csv", &t, &dl);
	table_free(t);
	t = NULL;
	struct csv_opts opts = {is_header, NULL};
	csv_read_mem_opts((const char *)data, n, "fuzz.csv", &opts, &t, NULL, &dl);
	table_free(t);
	diag_list_free(&dl);
	return 0;
}
