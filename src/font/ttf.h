/* ttf: the metrics of a TrueType font, read from the file itself so that layout can
 * measure text without libharu, with exactly the widths libharu 2.3 puts in the PDF.
 * Invariant: a loaded font holds only what it copied out of the file (no file handle, no
 * pointer into the file's bytes); every read of the file was bounds-checked; widths are
 * libharu's: advance * 1000 / unitsPerEm, truncated. A font is immutable once loaded, so
 * one font may be read from several threads. */
#ifndef PT_TTF_H
#define PT_TTF_H

#include <stddef.h>

struct ttf; /* opaque */

/* Loads the TrueType font at path. Returns 0 and sets *out (free with ttf_free), or -1
 * with "path: reason" in err (errlen bytes, always NUL-terminated when errlen > 0) when
 * the file is missing, unreadable, larger than 64 MiB or not a usable TrueType font
 * (bad signature, a needed table absent or out of the file, no Unicode cmap). */
int ttf_load(const char *path, struct ttf **out, char *err, size_t errlen);
/* Same as ttf_load from n bytes at data (borrowed for the call only); name (borrowed,
 * may be NULL) starts the message in err. */
int ttf_load_mem(const void *data, size_t n, const char *name, struct ttf **out, char *err,
		 size_t errlen);
/* Frees f (NULL is allowed). */
void ttf_free(struct ttf *f);

/* Returns the glyph id of Unicode code point cp, 0 when the font lacks it. In the BMP the
 * format 4 cmap decides, as in libharu; elsewhere (or with no format 4 cmap) format 12. */
unsigned ttf_glyph(const struct ttf *f, unsigned cp);
/* Returns the advance width of cp in 1/1000 em, as libharu 2.3 computes it:
 * advance_width * 1000 / unitsPerEm, truncated; a lacking glyph gives the width of
 * glyph 0. Constant time for the BMP (a table filled at load). */
int ttf_width(const struct ttf *f, unsigned cp);
/* Returns head.unitsPerEm (16..16384). */
int ttf_units_per_em(const struct ttf *f);
/* Returns the family name (name id 1) in UTF-8 for messages; borrowed from f, never NULL
 * ("" when the font has none). */
const char *ttf_family(const struct ttf *f);

/* All in 1/1000 em, value * 1000 / unitsPerEm truncated toward zero, y upwards:
 * ascent/descent from hhea (OS/2 typo values if hhea's are 0; descent is negative),
 * cap_height/x_height from OS/2 version >= 2, else the top of the glyph of 'H' / 'x',
 * underline_pos (negative: below the baseline) and underline_thickness from post. */
struct ttf_metrics {
	int ascent, descent, cap_height, x_height, underline_pos, underline_thickness;
};
/* Fills *m with the metrics of f. */
void ttf_get_metrics(const struct ttf *f, struct ttf_metrics *m);

#endif
