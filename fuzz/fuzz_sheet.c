/* fuzz_sheet: arbitrary bytes as a workbook (zip, OLE, .xlsx and .ods XML, caps): the book
 * opened from memory and every row of every sheet read. */
#include <stddef.h>
#include <stdint.h>

#include "sheet/sheet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct sheet_book *b = NULL;
	struct sheet_limits lim;
	sheet_limits_default(&lim);
	lim.max_entry = 16u << 20; /* small enough for the fuzzer's memory, large enough to reach */
	lim.max_total = 32u << 20; /* every path (the ratio cap applies above 1 MB) */
	if (sheet_book_open_mem(data, n, "fuzz.xlsx", &lim, &b, &dl) == 0) {
		for (size_t i = 0; i < sheet_book_count(b); i++) {
			struct sheet_rows *r = NULL;
			const struct sheet_row *row;
			if (sheet_rows_open(b, i, &r, &dl) != 0)
				continue;
			while (sheet_rows_next(r, &row, &dl) > 0)
				for (size_t k = 0; k < row->ncells; k++)
					if (row->cells[k].text[row->cells[k].len] != '\0')
						__builtin_trap();
			sheet_rows_close(r);
		}
		sheet_book_free(b);
	}
	diag_list_free(&dl);
	return 0;
}
