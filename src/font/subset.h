/* subset: a TrueType font reduced to the glyphs a set of code points can show, so that the
 * PDF library reads, searches and embeds a few hundred glyphs instead of thousands.
 * Invariant: for every code point kept, the reduced font maps it to a copy of the glyph the
 * source's format 4 Unicode cmap gives it (libharu's lookup), with the same outline, advance
 * width and side bearing, less its hinting instructions; glyph 0 stays glyph 0. */
#ifndef PT_SUBSET_H
#define PT_SUBSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Builds, from the TrueType font in the n bytes at data (borrowed for the call only), a
 * valid TrueType font holding glyph 0, the glyph of every BMP code point cp that the
 * source's format 4 Unicode cmap ((3,1), else platform 0) maps and keep(cp) accepts, and
 * the components of composite glyphs among them, all renumbered densely (glyph 0, then by
 * first code point, then components), without hinting: simple glyphs have no instructions,
 * composite glyphs neither, cvt, fpgm and prep are empty and maxp asks for no room to run
 * instructions (the outlines, and so what prints, are the source's). Its tables: a new cmap
 * (one (3,1) format 4 subtable), glyf, loca (short when it fits), hmtx, hhea, maxp, head,
 * post (format 3.0), name (format 0: the source's records of name IDs 0-6, 13 and 14 -
 * naming, copyright and license - on the Windows platform alone when it has the subfamily
 * and PostScript names in English, else on all), OS/2 copied as it is, and the empty cvt,
 * fpgm and prep: libharu's fixed list of 13 (no kerning, layout or hinting tables: libharu
 * embeds none of them). Returns 0 with *out (free with free()) and *outlen, or -1 with a
 * reason in err (errlen bytes, NUL-terminated when errlen > 0) when the source is not a
 * TrueType font with glyf outlines or is damaged (a table, a name record or a glyph out of
 * bounds, no name table). */
int subset_ttf(const void *data, size_t n, bool (*keep)(unsigned cp), uint8_t **out,
	       size_t *outlen, char *err, size_t errlen);

#endif
