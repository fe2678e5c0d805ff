/* json: writing JSON text into a memory stream. Invariant: see json.h. */
#define _POSIX_C_SOURCE 200809L
#include "web/json.h"

#include <stdint.h>
#include <stdlib.h>

int json_open(struct json *j)
{
	j->data = NULL;
	j->len = 0;
	j->f = open_memstream(&j->data, &j->len);
	return j->f ? 0 : -1;
}

/* The length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3
		 : (s[0] & 0xf8) == 0xf0 ? 4 : 0;
	if (n == 2 && s[0] < 0xc2)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

void json_str(struct json *j, const char *s)
{
	if (!s) {
		fputs("null", j->f);
		return;
	}
	fputc('"', j->f);
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = utf8_len(p);
		if (n == 0) {
			fputs("\\ufffd", j->f);
			p++;
		} else if (*p == '"' || *p == '\\') {
			fputc('\\', j->f);
			fputc(*p++, j->f);
		} else if (*p < 0x20 || *p == 0x7f) {
			fprintf(j->f, "\\u%04x", *p++);
		} else if (*p == '<') { /* never "</script>" in an answer */
			fputs("\\u003c", j->f);
			p++;
		} else {
			fwrite(p, 1, n, j->f);
			p += n;
		}
	}
	fputc('"', j->f);
}

void json_key(struct json *j, const char *key)
{
	fprintf(j->f, "\"%s\":", key);
}

char *json_take(struct json *j, size_t *len)
{
	if (fclose(j->f) != 0) {
		free(j->data);
		j->data = NULL;
		j->len = 0;
	}
	j->f = NULL;
	*len = j->len;
	return j->data;
}
