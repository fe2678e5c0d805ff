/* fontfix: the helpers the font tests (test_ttf, test_subset) share — whole files in and out,
 * libharu's error handler, a repeatable pseudo-random sequence for damaging fonts.
 * Invariant: a helper that cannot do its job ends the test with status 2 (a broken fixture,
 * not a failed check). */
#ifndef PT_FONTFIX_H
#define PT_FONTFIX_H

#include <errno.h>
#include <hpdf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define FIX_UNUSED __attribute__((unused))

/* Returns the whole file at path (free with free()), its length in *n; exits 2 when unreadable. */
static FIX_UNUSED uint8_t *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		printf("cannot open %s: %s\n", path, strerror(errno));
		exit(2);
	}
	uint8_t *data = NULL;
	size_t cap = 0, got;
	*n = 0;
	do {
		xgrow((void **)&data, &cap, *n + 65536, 1);
		got = fread(data + *n, 1, cap - *n, f);
		*n += got;
	} while (got > 0);
	fclose(f);
	return data;
}

/* Writes n bytes of data to path; exits 2 when it cannot. */
static FIX_UNUSED void spit(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
		printf("cannot write %s\n", path);
		exit(2);
	}
}

/* libharu's error handler: counts the errors in *(int *)user and prints each. */
static FIX_UNUSED void hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
	int *n = user;
	(*n)++;
	printf("libharu error 0x%04X (detail %u)\n", (unsigned)error_no, (unsigned)detail_no);
}

/* The next number of a fixed pseudo-random sequence (the same in every run). */
static uint32_t fix_rnd_state = 12345;
static FIX_UNUSED uint32_t rnd(void)
{
	fix_rnd_state = fix_rnd_state * 1103515245u + 12345u;
	return fix_rnd_state >> 8;
}

#endif
