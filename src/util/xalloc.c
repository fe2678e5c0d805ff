/* xalloc: allocation that never returns NULL; out-of-memory ends the process in one place.
 * In a test build (-DPT_ALLOC_FAIL) the environment variable PT_ALLOC_FAIL=N lets the first N
 * allocations through and fails every one after, as if memory had run out there
 * (tests/e2e/alloc.sh runs N = 0, 1, 2, …). Without the macro nothing of that is compiled. */
#define _DEFAULT_SOURCE
#include "xalloc.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

static void xalloc_fail(void)
{
	fputs("patronat: out of memory\n", stderr);
	exit(XALLOC_EXIT);
}

void xalloc_exit_quietly(void)
{
	exit(XALLOC_EXIT);
}

#ifdef PT_ALLOC_FAIL
/* The test build's allocation counter: the one mutable global of the project, and only in
 * that build (a process has one allocator; workers inherit the count when they fork). */
static long alloc_limit = -2; /* -2: PT_ALLOC_FAIL not read yet; -1: unset, never fail */
static long alloc_count;

static bool out_of_memory(void)
{
	if (alloc_limit == -2) {
		const char *e = getenv("PT_ALLOC_FAIL");
		char *end;
		long n = e && *e ? strtol(e, &end, 10) : -1;
		alloc_limit = n >= 0 && !*end ? n : -1;
	}
	return alloc_limit >= 0 && alloc_count++ >= alloc_limit;
}
#else
static bool out_of_memory(void)
{
	return false;
}
#endif

void *xmalloc(size_t n)
{
	void *p = out_of_memory() ? NULL : malloc(n ? n : 1);
	if (!p)
		xalloc_fail();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = out_of_memory() ? NULL : calloc(n ? n : 1, size ? size : 1);
	if (!p)
		xalloc_fail();
	return p;
}

void *xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		xalloc_fail();
	void *q = out_of_memory() ? NULL : realloc(p, n && size ? n * size : 1);
	if (!q)
		xalloc_fail();
	return q;
}

char *xstrdup(const char *s)
{
	return s ? xstrndup(s, strlen(s)) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	if (!fmt)
		return xstrdup("");
	va_list ap;
	char probe[1];
	va_start(ap, fmt);
	int n = vsnprintf(probe, sizeof probe, fmt, ap);
	va_end(ap);
	if (n < 0)
		xalloc_fail();
	char *p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void *xmap_shared(size_t n)
{
	void *p = out_of_memory() ? MAP_FAILED
				  : mmap(NULL, n ? n : 1, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		xalloc_fail();
	return p;
}

void xalloc_release(void)
{
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}

void xgrow(void **v, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return;
	/* the first block holds about 64 bytes (1 to 8 elements): most arrays of large elements
	 * (a table cell's paragraphs, a paragraph's spans) stay at one or two for good */
	size_t c = *cap ? *cap : size >= 64 ? 1 : size >= 8 ? 64 / size : 8;
	while (c < need) {
		if (c > SIZE_MAX / 2)
			xalloc_fail();
		c *= 2;
	}
	*v = xreallocarray(*v, c, size);
	*cap = c;
}
