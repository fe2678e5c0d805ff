/* readers: the list of the readers patronat has, and the choice of one by extension.
 * Invariant: READERS is the only place that names the backends; its order is fixed. */
#include "input/input.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/i18n.h"

/* One entry per reader: a new format is its file (defining input_NAME) and one entry here. */
#define READERS(X) \
	X(input_csv) \
	X(input_xml) \
	X(input_sheet)

#define DECLARE(r) extern const struct input_reader r;
READERS(DECLARE)
#undef DECLARE

#define ENTRY(r) &r,
static const struct input_reader *const readers[] = {READERS(ENTRY) NULL};
#undef ENTRY

const struct input_reader *const *input_readers(void)
{
	return readers;
}

const struct input_reader *input_reader_for(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot || dot == name)
		return NULL;
	for (size_t i = 0; readers[i]; i++)
		for (const char *const *e = readers[i]->exts; *e; e++)
			if (strcasecmp(dot + 1, *e) == 0)
				return readers[i];
	return NULL;
}

char *input_exts_text(void)
{
	struct buf b = BUF_INIT;
	size_t total = 0, k = 0;
	for (size_t i = 0; readers[i]; i++)
		for (const char *const *e = readers[i]->exts; *e; e++)
			total++;
	for (size_t i = 0; readers[i]; i++)
		for (const char *const *e = readers[i]->exts; *e; e++, k++) {
			if (k > 0)
				buf_adds(&b, k + 1 == total ? _(" or ") : ", ");
			buf_addc(&b, '.');
			buf_adds(&b, *e);
		}
	return buf_take(&b);
}

void input_names_free(struct input_names *n)
{
	for (size_t i = 0; i < n->n; i++)
		free(n->v[i]);
	free(n->v);
	n->v = NULL;
	n->n = 0;
}
