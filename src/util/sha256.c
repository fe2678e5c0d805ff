/* sha256: SHA-256 (FIPS 180-4) written from the standard, big-endian words, 64-byte blocks.
 * Invariant: ctx->nblock < 64 between calls; a full block is compressed at once. */
#include "sha256.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* The first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t rotr(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

static void compress(uint32_t h[8], const uint8_t p[64])
{
	uint32_t w[64];
	for (int t = 0; t < 16; t++)
		w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 |
		       (uint32_t)p[4 * t + 2] << 8 | (uint32_t)p[4 * t + 3];
	for (int t = 16; t < 64; t++) {
		uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
		uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
		w[t] = w[t - 16] + s0 + w[t - 7] + s1;
	}

	uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
	uint32_t e = h[4], f = h[5], g = h[6], k = h[7];
	for (int t = 0; t < 64; t++) {
		uint32_t S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
		uint32_t ch = (e & f) ^ (~e & g);
		uint32_t t1 = k + S1 + ch + K[t] + w[t];
		uint32_t S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
		uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
		uint32_t t2 = S0 + maj;
		k = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
	h[5] += f;
	h[6] += g;
	h[7] += k;
}

void sha256_init(struct sha256 *ctx)
{
	/* The first 32 bits of the fractional parts of the square roots of the first 8 primes. */
	static const uint32_t H0[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	memcpy(ctx->h, H0, sizeof H0);
	ctx->nbytes = 0;
	ctx->nblock = 0;
}

void sha256_update(struct sha256 *ctx, const void *data, size_t n)
{
	const uint8_t *p = data;
	if (n == 0)
		return;
	ctx->nbytes += n;
	if (ctx->nblock) {
		size_t take = 64 - ctx->nblock < n ? 64 - ctx->nblock : n;
		memcpy(ctx->block + ctx->nblock, p, take);
		ctx->nblock += take;
		p += take;
		n -= take;
		if (ctx->nblock < 64)
			return;
		compress(ctx->h, ctx->block);
		ctx->nblock = 0;
	}
	for (; n >= 64; p += 64, n -= 64)
		compress(ctx->h, p);
	if (n) {
		memcpy(ctx->block, p, n);
		ctx->nblock = n;
	}
}

void sha256_final(struct sha256 *ctx, uint8_t out[32])
{
	uint64_t bits = ctx->nbytes * 8;
	size_t i = ctx->nblock;
	ctx->block[i++] = 0x80;
	if (i > 56) {
		memset(ctx->block + i, 0, 64 - i);
		compress(ctx->h, ctx->block);
		i = 0;
	}
	memset(ctx->block + i, 0, 56 - i);
	for (int j = 0; j < 8; j++)
		ctx->block[56 + j] = (uint8_t)(bits >> (56 - 8 * j));
	compress(ctx->h, ctx->block);
	for (int j = 0; j < 8; j++) {
		out[4 * j] = (uint8_t)(ctx->h[j] >> 24);
		out[4 * j + 1] = (uint8_t)(ctx->h[j] >> 16);
		out[4 * j + 2] = (uint8_t)(ctx->h[j] >> 8);
		out[4 * j + 3] = (uint8_t)ctx->h[j];
	}
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
