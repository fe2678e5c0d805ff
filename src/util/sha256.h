/* sha256: the SHA-256 digest of FIPS 180-4, used to check that the files we embed are
 * the ones we list.
 * Invariant: a context is used as init, any number of updates, one final; after final it
 * holds no data of the message (it is wiped) and must be initialised again before reuse. */
#ifndef PT_SHA256_H
#define PT_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* Nettle's context (its SHA-NI and x86-64 code, several times the speed of plain C) in
 * storage of our own, so that callers need not include nettle, whose names clash with these.
 * A plain value: copying it copies the digest so far. */
struct sha256 {
	union {
		uint64_t align;
		unsigned char bytes[128];
	} ctx;
};

/* Starts a new digest. */
void sha256_init(struct sha256 *ctx);
/* Adds n bytes of data (borrowed for the call; data may be NULL when n is 0). */
void sha256_update(struct sha256 *ctx, const void *data, size_t n);
/* Writes the 32-byte digest of everything added to out and wipes ctx. */
void sha256_final(struct sha256 *ctx, uint8_t out[32]);
/* Writes the 64 lowercase hex digits of d and a NUL to out. */
void sha256_hex(const uint8_t d[32], char out[65]);
/* Writes the hex digest of the file at path to out_hex. Returns 0, or -1 with errno set
 * (from opening or reading; out_hex is then an empty string). */
int sha256_file(const char *path, char out_hex[65]);

#endif
