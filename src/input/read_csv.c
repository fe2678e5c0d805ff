/* read_csv: the CSV reader (src/csv) behind the reader interface.
 * Invariant: the whole file is read and checked at open, as csv_read_file does; a file with
 * an error opens to nothing. Rows keep their physical lines and their spreadsheet rows; the
 * header is found as want->is_header says (csv_read_file_opts). */
#include "input/input.h"

#include "csv/csv_read.h"

static void *csv_open(const char *path, const char *shown, const struct input_want *want,
		      struct diag_list *dl)
{
	struct table *t = NULL;
	struct csv_opts opts = {want->is_header, want->header_arg};
	csv_read_file_opts(path, shown, &opts, &t, NULL, dl);
	return input_held_new(t);
}

static const char *const exts[] = {"csv", NULL};

const struct input_reader input_csv = {
	.name = "CSV",
	.exts = exts,
	.list = NULL,
	.open = csv_open,
	.next = input_held_next,
	.close = input_held_free,
};
