/* fuzz_csv: arbitrary bytes into the CSV reader (encodings, delimiters, quoting, caps). */
#include <stddef.h>
#include <stdint.h>

#include "csv/csv_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct table *t = NULL;
	csv_read_mem((const char *)data, n, "fuzz.csv", &t, &dl);
	table_free(t);
	diag_list_free(&dl);
	return 0;
}
