/* dir: the entries of an input folder, each with what it is and the reader its extension
 * picks.
 * Invariant: at most INPUT_MAX_FILES files are kept; the list is sorted by name, so that
 * what is reported about a folder does not depend on the order readdir gives. */
#define _POSIX_C_SOURCE 200809L
#include "input/input.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/xalloc.h"

static int by_name(const void *a, const void *b)
{
	const struct input_file *x = a, *y = b;
	return strcmp(x->name, y->name);
}

/* What path is, links followed (stat never blocks, even on a FIFO). */
static enum input_kind kind_of(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return INPUT_SPECIAL; /* a link to nothing */
	if (S_ISREG(st.st_mode))
		return INPUT_REGULAR;
	return S_ISDIR(st.st_mode) ? INPUT_FOLDER : INPUT_SPECIAL;
}

int input_dir_list(const char *dir, struct input_dir *out, struct diag_list *dl)
{
	memset(out, 0, sizeof *out);
	DIR *d = opendir(dir);
	if (!d) {
		if (errno == ENOENT)
			diag_error(dl, NULL, 0, NULL, "the input folder %s does not exist (-i names the "
				   "folder holding the tables and institution.xml)", dir);
		else if (errno == ENOTDIR)
			diag_error(dl, NULL, 0, NULL, "the input folder %s is a file, not a folder (-i "
				   "names the folder holding the tables and institution.xml)", dir);
		else
			diag_error(dl, NULL, 0, NULL, "cannot read the input folder %s: %s", dir,
				   strerror(errno));
		return 1;
	}
	size_t cap = 0;
	int rc = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char *path = xasprintf("%s/%s", dir, e->d_name);
		enum input_kind kind = kind_of(path);
		if (out->n >= INPUT_MAX_FILES) {
			diag_error(dl, NULL, 0, NULL, "the input folder %s holds more than %d files", dir,
				   INPUT_MAX_FILES);
			free(path);
			rc = 1;
			break;
		}
		xgrow((void **)&out->v, &cap, out->n + 1, sizeof *out->v);
		out->v[out->n].name = xstrdup(e->d_name);
		out->v[out->n].path = path;
		out->v[out->n].reader = input_reader_for(e->d_name);
		out->v[out->n].kind = kind;
		out->n++;
	}
	closedir(d);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, by_name);
	return rc;
}

void input_dir_free(struct input_dir *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i].name), free(d->v[i].path);
	free(d->v);
	memset(d, 0, sizeof *d);
}
