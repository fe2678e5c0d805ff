/* utf8: strict UTF-8 checks, code point decoding/encoding, CP1251 conversion, line numbers.
 * Invariant: reads stay within the given lengths; the CP1251 output buffer holds 3 bytes
 * per input byte, the most any CP1251 byte needs in UTF-8, so conversion never runs short. */
#include "utf8.h"

#include <iconv.h>
#include <string.h>

#include "xalloc.h"

/* Sequence length announced by a lead byte, its payload bits and the smallest code point
 * that needs that length (anything below is an overlong form); 0 for a non-lead byte. */
static size_t lead(unsigned char c, unsigned *bits, unsigned *min)
{
	if (c >= 0xC2 && c <= 0xDF) {
		*bits = c & 0x1Fu;
		*min = 0x80;
		return 2;
	}
	if (c >= 0xE0 && c <= 0xEF) {
		*bits = c & 0x0Fu;
		*min = 0x800;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		*bits = c & 0x07u;
		*min = 0x10000;
		return 4;
	}
	return 0;
}

int utf8_decode(const char *s, size_t n, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;
	*len = n ? 1 : 0;
	if (n == 0)
		return -1;
	if (u[0] < 0x80)
		return u[0];
	unsigned cp, min;
	size_t need = lead(u[0], &cp, &min);
	if (need == 0 || n < need)
		return -1;
	for (size_t i = 1; i < need; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return -1;
		cp = cp << 6 | (u[i] & 0x3Fu);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*len = need;
	return (int)cp;
}

bool utf8_valid(const char *s, size_t n, size_t *bad_offset)
{
	size_t i = 0, len;
	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if (utf8_decode(s + i, n - i, &len) < 0) {
			if (bad_offset)
				*bad_offset = i;
			return false;
		}
		i += len;
	}
	return true;
}

size_t utf8_encode(unsigned cp, char out[4])
{
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Converts one run of n CP1251 bytes without NUL to UTF-8 at *op; *outleft is at least 3n.
 * iconv stops at 0x98, the one byte CP1251 leaves undefined: write U+FFFD and step over it. */
static void convert_run(iconv_t cd, const char *s, size_t n, char **op, size_t *outleft)
{
	char *in = (char *)s; /* iconv's prototype is not const-correct; it only reads */
	size_t inleft = n;
	while (inleft > 0) {
		if (iconv(cd, &in, &inleft, op, outleft) != (size_t)-1)
			break;
		memcpy(*op, "\xEF\xBF\xBD", 3);
		*op += 3;
		*outleft -= 3;
		in++;
		inleft--;
	}
}

char *utf8_from_cp1251(const char *s, size_t n)
{
	iconv_t cd = iconv_open("UTF-8", "CP1251");
	if (cd == (iconv_t)-1)
		return NULL;
	char *out = xreallocarray(NULL, n + 1, 3);
	char *op = out;
	size_t outleft = 3 * n;
	size_t i = 0;
	while (i < n) {
		const char *nul = memchr(s + i, '\0', n - i);
		size_t run = nul ? (size_t)(nul - (s + i)) : n - i;
		convert_run(cd, s + i, run, &op, &outleft);
		i += run + 1; /* the run ends at a NUL byte (dropped) or at the end */
	}
	iconv_close(cd);
	*op = '\0';
	return out;
}

int utf8_line_of_offset(const char *s, size_t off)
{
	int line = 1;
	for (size_t i = 0; i < off; i++)
		if (s[i] == '\n' || (s[i] == '\r' && s[i + 1] != '\n'))
			line++;
	return line;
}
