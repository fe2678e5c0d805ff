/* pdf: the backend — writes laid-out pages to a PDF file with libharu.
 * Invariant: the only file that includes hpdf.h. It knows pages, fonts and items, nothing of
 * graduates or documents; it keeps libharu's first error in its context and checks it at the
 * end; the file appears only complete (fileio's atomic write), mode 0640. Every character of
 * the pages' text (BMP) comes back from text extraction as itself: a face whose text is all
 * CP1251 is a simple TrueType font (the fast path); one with other characters a Type0 font
 * with a correct ToUnicode CMap; the metadata is CP1251, else UTF-16. */
#ifndef PT_PDF_H
#define PT_PDF_H

#include <stddef.h>

#include "layout/pages.h"

/* What a process keeps from one PDF to the next (docs/performance.md): one libharu document,
 * made anew for each PDF (HPDF_NewDoc); each TrueType file parsed once; the font programs it
 * embedded — for each face, tag and set of glyphs, the Length1 and deflated bytes libharu's
 * subsetting gave — copied into each later document that draws the same glyphs instead of
 * subsetting and compressing again: the same bytes. At most PDF_CACHE_MAX compressed files
 * of at most PDF_CACHE_MAX_FONT bytes each; past that, fonts are compressed every time. Not
 * shared between threads (one a run); a forked worker fills its own copy. */
#define PDF_CACHE_MAX 32
#define PDF_CACHE_MAX_FONT ((size_t)4 << 20)
struct pdf_cache;

/* Returns a new, empty cache; free with pdf_cache_free (NULL is allowed). */
struct pdf_cache *pdf_cache_new(void);
void pdf_cache_free(struct pdf_cache *c);

struct pdf_fonts {
	struct pdf_cache *cache;       /* borrowed, filled as documents are rendered; NULL:
					* every font is compressed in every document */
	const char *path[FONT_NFACES]; /* TrueType files, by enum font_face: for faces whose text
					* is all CP1251 (a simple font, CP1251 encoding) */
	const char *wide[FONT_NFACES]; /* for faces with other text, and the fallback faces (a
					* Type0 font); NULL: path's */
	unsigned fixed;                /* bit f (1u << face): the simple font of face f carries
					* the glyphs of the Russian alphabet, the digits and the
					* data's punctuation whether drawn or not, so that the faces
					* of the data embed one font program in every document (one
					* compression a process, not one a document); 0: only the
					* glyphs drawn */
};

/* Renders pages into a PDF in memory. Returns 0 and a malloc'd buffer (*data, *n; free with
 * free()), or -1 with a message in err. creator names the program in the metadata. */
int pdf_render(const struct pages *pg, const struct pdf_fonts *fonts, const char *creator,
	       char **data, size_t *n, char *err, size_t errlen);

/* Renders and writes path atomically with mode 0640. Returns 0 or -1 with err. */
int pdf_write(const struct pages *pg, const struct pdf_fonts *fonts, const char *creator,
	      const char *path, char *err, size_t errlen);

#endif
