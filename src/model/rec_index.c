/* rec_index: sorts (graduate, date, input order) keys once and groups them by graduate. */
#include "rec_index.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct key {
	size_t graduate;
	struct date date;
	size_t rec;
};

static int cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	if (x->graduate != y->graduate)
		return x->graduate < y->graduate ? -1 : 1;
	int c = date_cmp(x->date, y->date);
	return c ? c : (x->rec > y->rec) - (x->rec < y->rec);
}

void rec_index_build(struct rec_index *ri, const struct model *m)
{
	size_t n = 0;
	struct key *keys = xmalloc((m->nrecords ? m->nrecords : 1) * sizeof *keys);
	for (size_t i = 0; i < m->nrecords; i++)
		if (m->records[i].graduate_index < m->ngraduates)
			keys[n++] = (struct key){m->records[i].graduate_index, m->records[i].date, i};
	qsort(keys, n, sizeof *keys, cmp_key);
	ri->order = xmalloc((n ? n : 1) * sizeof *ri->order);
	ri->start = xcalloc(m->ngraduates + 1, sizeof *ri->start);
	for (size_t k = 0; k < n; k++) {
		ri->order[k] = keys[k].rec;
		ri->start[keys[k].graduate + 1]++;
	}
	for (size_t g = 0; g < m->ngraduates; g++)
		ri->start[g + 1] += ri->start[g];
	free(keys);
}

void rec_index_free(struct rec_index *ri)
{
	free(ri->order);
	free(ri->start);
	memset(ri, 0, sizeof *ri);
}
