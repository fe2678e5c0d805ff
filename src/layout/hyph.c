/* hyph: libhyphen behind code points; converts words to the dictionary's encoding. */
#include "hyph.h"

#include <hyphen.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"
#include "util/xalloc.h"

#define MAX_WORD 64

struct hyph {
	HyphenDict *dict;
	iconv_t to_dict; /* UTF-8 → the dictionary's encoding */
};

struct hyph *hyph_load(const char *path)
{
	HyphenDict *d = hnj_hyphen_load(path);
	if (!d)
		return NULL;
	const char *enc = d->cset[0] ? d->cset : "UTF-8";
	iconv_t cd = iconv_open(enc, "UTF-8");
	if (cd == (iconv_t)-1) {
		hnj_hyphen_free(d);
		return NULL;
	}
	struct hyph *h = xmalloc(sizeof *h);
	h->dict = d;
	h->to_dict = cd;
	return h;
}

void hyph_free(struct hyph *h)
{
	if (!h)
		return;
	hnj_hyphen_free(h->dict);
	iconv_close(h->to_dict);
	free(h);
}

static unsigned lower(unsigned cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 32;
	if (cp >= 0x410 && cp <= 0x42F)
		return cp + 32;
	if (cp == 0x401)
		return 0x451;
	return cp;
}

size_t hyph_word(struct hyph *h, const unsigned *word, size_t n, unsigned char *ok)
{
	memset(ok, 0, n);
	if (!h || n < 4 || n > MAX_WORD)
		return 0;
	char utf[MAX_WORD * 4 + 1];
	size_t u = 0;
	for (size_t i = 0; i < n; i++)
		u += utf8_encode(lower(word[i]), utf + u);
	char enc[MAX_WORD * 4 + 1];
	char *in = utf, *out = enc;
	size_t inleft = u, outleft = sizeof enc - 1;
	iconv(h->to_dict, NULL, NULL, NULL, NULL);
	if (iconv(h->to_dict, &in, &inleft, &out, &outleft) == (size_t)-1)
		return 0;
	size_t len = (size_t)(out - enc);
	if (len != n) /* the dictionary's encoding must be single-byte for our letters */
		return 0;
	enc[len] = '\0';
	char hyphens[MAX_WORD * 4 + 5];
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	size_t count = 0;
	if (hnj_hyphen_hyphenate2(h->dict, enc, (int)len, hyphens, NULL, &rep, &pos, &cut) == 0) {
		for (size_t k = 1; k + 2 < n; k++) /* two letters at least on each side */
			if ((hyphens[k] & 1) && !(rep && rep[k])) {
				ok[k] = 1;
				count++;
			}
	}
	if (rep) {
		for (size_t k = 0; k < len; k++)
			free(rep[k]);
		free(rep);
		free(pos);
		free(cut);
	}
	return count;
}
