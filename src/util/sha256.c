/* sha256: SHA-256 (FIPS 180-4) by nettle, behind our own names and context type.
 * Invariant: struct sha256's storage holds one struct sha256_ctx (checked at compile time). */
#include "sha256.h"

#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>

/* nettle's header maps these names onto its own functions; ours call them by their own */
#undef sha256_init
#undef sha256_update
#undef sha256_digest

_Static_assert(sizeof(struct sha256_ctx) <= sizeof(((struct sha256 *)0)->ctx), "struct sha256 too small");
_Static_assert(_Alignof(struct sha256_ctx) <= _Alignof(uint64_t), "struct sha256 misaligned");

static struct sha256_ctx *ctx_of(struct sha256 *s)
{
	return (struct sha256_ctx *)(void *)s->ctx.bytes;
}

void sha256_init(struct sha256 *ctx)
{
	nettle_sha256_init(ctx_of(ctx));
}

void sha256_update(struct sha256 *ctx, const void *data, size_t n)
{
	if (n)
		nettle_sha256_update(ctx_of(ctx), n, data);
}

void sha256_final(struct sha256 *ctx, uint8_t out[32])
{
	nettle_sha256_digest(ctx_of(ctx), 32, out);
	memset(ctx, 0, sizeof *ctx);
}

void sha256_hex(const uint8_t d[32], char out[65])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < 32; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[64] = '\0';
}

int sha256_file(const char *path, char out_hex[65])
{
	out_hex[0] = '\0';
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;

	struct sha256 ctx;
	uint8_t chunk[16384];
	size_t n;
	sha256_init(&ctx);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		sha256_update(&ctx, chunk, n);
	if (ferror(f)) {
		int e = errno ? errno : EIO;
		fclose(f);
		errno = e;
		return -1;
	}
	fclose(f);

	uint8_t d[32];
	sha256_final(&ctx, d);
	sha256_hex(d, out_hex);
	return 0;
}
