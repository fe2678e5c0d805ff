/* pages: storage for laid-out pages; pages own their items' strings and points. */
#include "pages.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct page *pages_add(struct pages *p)
{
	xgrow((void **)&p->v, &p->cap, p->n + 1, sizeof *p->v);
	struct page *pg = &p->v[p->n++];
	memset(pg, 0, sizeof *pg);
	return pg;
}

struct item *page_add_item(struct page *pg, const struct item *it)
{
	xgrow((void **)&pg->items, &pg->cap, pg->nitems + 1, sizeof *pg->items);
	pg->items[pg->nitems] = *it;
	return &pg->items[pg->nitems++];
}

void pages_free(struct pages *p)
{
	for (size_t i = 0; i < p->n; i++) {
		for (size_t k = 0; k < p->v[i].nitems; k++) {
			free(p->v[i].items[k].text);
			free(p->v[i].items[k].pts);
		}
		free(p->v[i].items);
	}
	free(p->v);
	free(p->title), free(p->author), free(p->subject), free(p->keywords);
	memset(p, 0, sizeof *p);
}
