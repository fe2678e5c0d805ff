/* collate: a locale-free collation of UTF-8 names: each character weighs its base letter
 * (times 256) plus a rank among the letters built on it, case folded with libunistring. */
#include "collate.h"

#include <string.h>
#include <unictype.h>
#include <uninorm.h>
#include <unicase.h>

#include "util/utf8.h"

/* Letters that sort after a base letter they do not decompose into (lower case): the
 * national Cyrillic letters, ё and й (the Russian alphabet's own places), and a few Latin
 * letters with a stroke. Ranks order the letters of one base as their alphabets do. */
static const struct {
	unsigned short cp, base;
	unsigned char rank;
} LETTERS[] = {
	{0x04D9, 0x0430, 1}, /* ә */ {0x04D1, 0x0430, 2}, /* ӑ */ {0x04D3, 0x0430, 3}, /* ӓ */
	{0x0493, 0x0433, 1}, /* ғ */ {0x0491, 0x0433, 2}, /* ґ */ {0x0495, 0x0433, 3}, /* ҕ */
	{0x0451, 0x0435, 1}, /* ё */ {0x0454, 0x0435, 2}, /* є */ {0x04D7, 0x0435, 3}, /* ӗ */
	{0x0497, 0x0436, 1}, /* җ */ {0x04DD, 0x0436, 2}, /* ӝ */
	{0x0499, 0x0437, 1}, /* ҙ */ {0x04DF, 0x0437, 2}, /* ӟ */
	{0x0456, 0x0438, 1}, /* і */ {0x0457, 0x0438, 2}, /* ї */ {0x04E3, 0x0438, 3}, /* ӣ */
	{0x04E5, 0x0438, 4}, /* ӥ */ {0x0439, 0x0438, 9}, /* й */
	{0x049B, 0x043A, 1}, /* қ */ {0x04A1, 0x043A, 2}, /* ҡ */ {0x049D, 0x043A, 3}, /* ҝ */
	{0x04A3, 0x043D, 1}, /* ң */ {0x04A5, 0x043D, 2}, /* ҥ */ {0x04C8, 0x043D, 3}, /* ӈ */
	{0x04E9, 0x043E, 1}, /* ө */ {0x04E7, 0x043E, 2}, /* ӧ */
	{0x04AB, 0x0441, 1}, /* ҫ */
	{0x04B1, 0x0443, 1}, /* ұ */ {0x04AF, 0x0443, 2}, /* ү */ {0x045E, 0x0443, 3}, /* ў */
	{0x04EF, 0x0443, 4}, /* ӯ */ {0x04F1, 0x0443, 5}, /* ӱ */ {0x04F3, 0x0443, 6}, /* ӳ */
	{0x04BB, 0x0445, 1}, /* һ */ {0x04B3, 0x0445, 2}, /* ҳ */
	{0x04B7, 0x0447, 1}, /* ҷ */ {0x04F5, 0x0447, 2}, /* ӵ */ {0x04CC, 0x0447, 3}, /* ӌ */
	{0x04F9, 0x044B, 1}, /* ӹ */ {0x04ED, 0x044D, 1}, /* ӭ */
	{0x0142, 'l', 120}, /* ł */ {0x00F8, 'o', 120}, /* ø */ {0x0111, 'd', 120}, /* đ */
	{0x0131, 'i', 120}, /* ı */ {0x00DF, 's', 120}, /* ß */
};

/* The sort weight of a code point. */
static long weight(int c)
{
	if (c < 0)
		return 0xFFFD * 256L;
	ucs4_t cp = uc_tolower((ucs4_t)c);
	for (size_t i = 0; i < sizeof LETTERS / sizeof *LETTERS; i++)
		if (LETTERS[i].cp == cp)
			return LETTERS[i].base * 256L + LETTERS[i].rank;
	ucs4_t d[UC_DECOMPOSITION_MAX_LENGTH];
	int n = uc_canonical_decomposition(cp, d);
	if (n >= 2 && d[0] < 0x2000 && uc_is_alpha(d[0])) {
		/* a letter with a diacritic: its base letter (e.g. é = e + U+0301), ranked by mark */
		ucs4_t base = d[0], mark = d[1];
		int k;
		while ((k = uc_canonical_decomposition(base, d)) >= 2)
			base = d[0], mark = d[1];
		long rank = mark >= 0x300 && mark < 0x370 ? 1 + (long)(mark - 0x300) : 119;
		return (long)base * 256 + rank;
	}
	return (long)cp * 256;
}

int collate_ru(const char *a, const char *b)
{
	a = a ? a : "";
	b = b ? b : "";
	size_t na = strlen(a), nb = strlen(b);
	while (na && nb) {
		size_t la, lb;
		long ka = weight(utf8_decode(a, na, &la)), kb = weight(utf8_decode(b, nb, &lb));
		if (ka != kb)
			return ka < kb ? -1 : 1;
		a += la, na -= la;
		b += lb, nb -= lb;
	}
	return (na > 0) - (nb > 0);
}
