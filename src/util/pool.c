/* pool: strings in large shared blocks; see pool.h. */
#define _DEFAULT_SOURCE
#include "util/pool.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "util/xalloc.h"

#define BLOCK_MIN (1u << 20)  /* the first block's bytes */
#define BLOCK_MAX (64u << 20) /* blocks double up to this size */

static void add_block(struct pool *p, size_t need)
{
	size_t size = p->n ? p->v[p->n - 1].size * 2 : BLOCK_MIN;
	if (size > BLOCK_MAX)
		size = BLOCK_MAX;
	if (size < need) /* a string longer than a block (the readers cap cells far below) */
		size = (need + 4095) & ~(size_t)4095;
	void *base = xmap_shared(size);
	xgrow((void **)&p->v, &p->cap, p->n + 1, sizeof *p->v);
	p->v[p->n++] = (struct pool_block){base, 0, size};
}

static char *put(struct pool *p, const char *s, size_t len)
{
	if (!p->n || p->v[p->n - 1].size - p->v[p->n - 1].used < len + 1)
		add_block(p, len + 1);
	struct pool_block *b = &p->v[p->n - 1];
	char *d = b->base + b->used;
	memcpy(d, s, len);
	d[len] = '\0';
	b->used += len + 1;
	return d;
}

char *pool_strdup(struct pool *p, const char *s)
{
	if (!*s) {
		if (!p->empty)
			p->empty = put(p, "", 0);
		return (char *)p->empty;
	}
	return put(p, s, strlen(s));
}

bool pool_owns(const struct pool *p, const void *s)
{
	uintptr_t a = (uintptr_t)s;
	for (size_t i = 0; i < p->n; i++)
		if (a >= (uintptr_t)p->v[i].base && a < (uintptr_t)p->v[i].base + p->v[i].size)
			return true;
	return false;
}

size_t pool_size(const struct pool *p)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n; i++)
		n += p->v[i].size;
	return n;
}

void pool_forget_pages(const struct pool *p)
{
	/* on a shared mapping MADV_DONTNEED only unmaps the pages here: the data stays */
	for (size_t i = 0; i < p->n; i++)
		madvise(p->v[i].base, p->v[i].size, MADV_DONTNEED);
}

void pool_free(struct pool *p)
{
	for (size_t i = 0; i < p->n; i++)
		munmap(p->v[i].base, p->v[i].size);
	free(p->v);
	memset(p, 0, sizeof *p);
}
