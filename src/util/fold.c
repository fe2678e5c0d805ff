/* fold: folds text for matching (see fold.h); one pass, the result never longer than s. */
#include "fold.h"

#include <string.h>

#include "util/buf.h"
#include "util/utf8.h"

/* Lower-cases one code point of the Latin and Cyrillic alphabets; ё/Ё become е. */
static unsigned fold(unsigned cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 32;
	if (cp >= 0x410 && cp <= 0x42F) /* А..Я */
		return cp + 32;
	if (cp == 0x401 || cp == 0x451) /* Ё ё */
		return 0x435;
	if (cp >= 0x400 && cp <= 0x40F)
		return cp + 80;
	return cp;
}

static int is_space_cp(unsigned cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0x202F;
}

char *fold_key(const char *s)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(s);
	buf_reserve(&b, n); /* the key is never longer than s: one allocation */
	int space = 0;
	for (size_t i = 0; i < n;) {
		size_t len;
		int cp = utf8_decode(s + i, n - i, &len);
		i += len;
		if (cp < 0)
			continue;
		if (is_space_cp((unsigned)cp)) {
			space = b.len > 0;
			continue;
		}
		if (space)
			buf_addc(&b, ' ');
		space = 0;
		char out[4];
		buf_add(&b, out, utf8_encode(fold((unsigned)cp), out));
	}
	return buf_take(&b);
}
