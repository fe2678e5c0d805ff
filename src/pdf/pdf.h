/* pdf: the backend — writes laid-out pages to a PDF file with libharu.
 * Invariant: the only file that includes hpdf.h. It knows pages, fonts and items, nothing of
 * graduates or documents; it keeps libharu's first error in its context and checks it at the
 * end; the file appears only complete (fileio's atomic write), mode 0640. */
#ifndef PT_PDF_H
#define PT_PDF_H

#include <stddef.h>

#include "layout/pages.h"

struct pdf_fonts {
	const char *path[4]; /* TrueType files for the four faces (enum font_face order) */
};

/* Renders pages into a PDF in memory. Returns 0 and a malloc'd buffer (*data, *n; free with
 * free()), or -1 with a message in err. creator names the program in the metadata. */
int pdf_render(const struct pages *pg, const struct pdf_fonts *fonts, const char *creator,
	       char **data, size_t *n, char *err, size_t errlen);

/* A PDF made of several documents' pages (a print file): pages are added one document at a
 * time (fonts loaded as first needed, the metadata of the first document), then saved. */
struct pdf_writer;
/* Returns a new writer (borrowing fonts until it is finished), or NULL when out of memory. */
struct pdf_writer *pdf_writer_new(const struct pdf_fonts *fonts, const char *creator);
/* Appends pg's pages. Returns 0, or -1 after a PDF library error (reported at finish). */
int pdf_writer_add(struct pdf_writer *w, const struct pages *pg);
/* Appends an empty page (duplex padding). */
void pdf_writer_add_blank(struct pdf_writer *w, double width, double height);
size_t pdf_writer_pages(const struct pdf_writer *w);
/* Renders into a malloc'd buffer and frees w. Returns 0, or -1 with err (w freed too). */
int pdf_writer_finish(struct pdf_writer *w, char **data, size_t *n, char *err, size_t errlen);
/* Renders, writes path atomically with mode 0640 and frees w. Returns 0 or -1 with err. */
int pdf_writer_save(struct pdf_writer *w, const char *path, char *err, size_t errlen);

/* Renders and writes path atomically with mode 0640. Returns 0 or -1 with err. */
int pdf_write(const struct pages *pg, const struct pdf_fonts *fonts, const char *creator,
	      const char *path, char *err, size_t errlen);

#endif
