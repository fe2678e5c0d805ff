/* table: storage for one input table; the table owns every string in it, in Unicode NFC
 * (every reader's cells pass through table_add_header/table_add_row, so ids, sorting and
 * matching see one form of each letter: "и" + U+0306 is stored as "й"). */
#include "table.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <uninorm.h>

#include "util/utf8.h"
#include "xalloc.h"

/* True when s is NFC for certain without asking libunistring: every code point is one whose
 * NFC quick check is Yes and that nothing before it composes with (below U+0300, the
 * Cyrillic letters, the general punctuation and №) - most cells of a Russian table. */
static bool surely_nfc(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t len;
		int cp = utf8_decode(s + i, n - i, &len);
		if (cp < 0)
			return false;
		if (!(cp < 0x300 || (cp >= 0x400 && cp <= 0x482) || (cp >= 0x48A && cp <= 0x52F) ||
		      (cp >= 0x2010 && cp <= 0x205E) || cp == 0x2116))
			return false;
		i += len;
	}
	return true;
}

/* s (malloc'd, valid UTF-8) in NFC: s itself when it already is, else a new string and s freed.
 * Out of memory in libunistring ends the program as xalloc does. */
static char *to_nfc(char *s)
{
	size_t n = strlen(s);
	if (surely_nfc(s, n))
		return s;
	size_t len = 0;
	uint8_t *u = u8_normalize(UNINORM_NFC, (const uint8_t *)s, n, NULL, &len);
	if (!u)
		return s; /* not valid UTF-8 (a table holds only valid text): kept as it is */
	if (len == n && memcmp(u, s, n) == 0) {
		free(u);
		return s;
	}
	char *out = xstrndup((const char *)u, len);
	free(u);
	free(s);
	return out;
}

struct table *table_new(const char *file)
{
	struct table *t = xcalloc(1, sizeof *t);
	t->file = xstrdup(file);
	return t;
}

void table_add_header(struct table *t, const char *name)
{
	t->header = xreallocarray(t->header, t->ncols + 1, sizeof *t->header);
	t->header[t->ncols++] = to_nfc(xstrdup(name));
}

void table_add_row(struct table *t, int line, char **cells)
{
	xgrow((void **)&t->rows, &t->cap, t->nrows + 1, sizeof *t->rows);
	for (size_t c = 0; c < t->ncols; c++)
		cells[c] = to_nfc(cells[c]);
	t->rows[t->nrows].line = line;
	t->rows[t->nrows].row = 0;
	t->rows[t->nrows].cell = cells;
	t->nrows++;
}

void table_free(struct table *t)
{
	if (!t)
		return;
	for (size_t r = 0; r < t->nrows; r++) {
		if (!t->rows[r].cell)
			continue;
		for (size_t c = 0; c < t->ncols; c++)
			free(t->rows[r].cell[c]);
		free(t->rows[r].cell);
	}
	for (size_t c = 0; c < t->ncols; c++)
		free(t->header[c]);
	free(t->header);
	free(t->rows);
	free(t->file);
	free(t->sheet);
	free(t);
}
