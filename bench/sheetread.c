/* sheetread: reads every row of the first sheet of a workbook and keeps none, for
 * bench/sheet.sh: the sheet reader's own peak RSS and time, apart from the model's.
 * usage: sheetread FILE.xlsx|FILE.ods; prints "ROWS CELLS". Exit 1 with the reader's
 * errors on stderr. */
#include <stdio.h>

#include "sheet/sheet.h"

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: sheetread FILE.xlsx|FILE.ods\n");
		return 2;
	}
	struct diag_list dl = {0};
	struct sheet_book *b = NULL;
	struct sheet_rows *r = NULL;
	int st = 1;
	size_t rows = 0, cells = 0;
	if (sheet_book_open_file(argv[1], argv[1], NULL, &b, &dl) == 0 &&
	    sheet_rows_open(b, 0, &r, &dl) == 0) {
		const struct sheet_row *row;
		while ((st = sheet_rows_next(r, &row, &dl)) == 1) {
			rows++;
			cells += row->ncells;
		}
		st = st < 0;
	}
	diag_print(&dl, stderr, false);
	if (!st)
		printf("%zu %zu\n", rows, cells);
	sheet_rows_close(r);
	sheet_book_free(b);
	diag_list_free(&dl);
	return st;
}
