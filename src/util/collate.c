/* collate: a locale-free Russian collation of UTF-8 strings. */
#include "collate.h"

#include <string.h>

#include "util/utf8.h"

/* The sort weight of a code point: lower case, ё between е and ж. */
static long weight(int cp)
{
	if (cp == 0x401 || cp == 0x451)
		return 0x435 * 2 + 1;
	if (cp >= 0x410 && cp <= 0x42F)
		cp += 32;
	else if (cp >= 'A' && cp <= 'Z')
		cp += 32;
	return (long)cp * 2;
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
