/* docmeta: what each PDF of the archive says about itself — one machine-readable line in its
 * Info dictionary's /Keywords, so that verify can recompute the manifest's columns from the
 * file itself: kind, graduate, date, the day its file is closed, its keeping period and the
 * last day to keep it (and the page count, read from the page tree).
 * Invariant: the line is printable ASCII only (the graduate id is percent-encoded), so it
 * reads the same whether libharu writes the string as CP1251 or UTF-16BE; format and parse
 * are inverse: docmeta_parse(docmeta_format(x)) == x.
 *
 * The line, keys always in this order, values empty where the document has none:
 *   patronat: kind=passport; graduate=T-001; date=2026-11-23; closed=2025-03-14; years=5;
 *   keep-until=2030-12-31
 * years is N (1-100), "permanent" (keep-until "permanent") or empty (a print copy or the
 * register: not kept, keep-until empty). A register also carries its manifest's digest:
 *   …; keep-until=; manifest-sha256=<64 hex digits>
 * Like the rest of archive/, it sees util only; app fills the values (rules/retention.h). */
#ifndef PT_DOCMETA_H
#define PT_DOCMETA_H

#include <stdbool.h>
#include <stddef.h>

#include "util/date.h"

#define DOCMETA_PREFIX "patronat: "
#define DOCMETA_MAX_GRADUATE 256     /* bytes of a graduate id, before encoding */
#define DOCMETA_MAX_OBJECT (4u << 20) /* bytes of one PDF object read (the Info dictionary) */

enum { DOCMETA_PERMANENT = 0, DOCMETA_NOT_KEPT = -1 }; /* years, besides 1-100 */

struct docmeta {
	char kind[16];                          /* passport, plan, order, report, print, inventory */
	char graduate[DOCMETA_MAX_GRADUATE + 1]; /* "" for documents of the year */
	struct date date;                       /* the document's date */
	struct date closed;                     /* the day its file is closed; empty when not kept */
	int years;                              /* 1-100, DOCMETA_PERMANENT or DOCMETA_NOT_KEPT */
	struct date keep_until;                 /* empty when permanent or not kept */
	char manifest_sha256[65];               /* the register only: its manifest's digest, else "" */
};

/* The line for m. Returns a new string (free). */
char *docmeta_format(const struct docmeta *m);
/* Parses a line written by docmeta_format into *m. Returns 0, or -1 (not such a line). */
int docmeta_parse(const char *s, struct docmeta *m);

/* Reads the PDF at path (never through a symbolic link) as our backend and merger write it
 * (a classic xref table, the trailer's /Root and /Info): sets *pages to the page tree's
 * /Count and *keywords to the Info dictionary's /Keywords decoded to UTF-8 (a new string,
 * free; NULL when there is none). Returns 0, or -1 with err (not a PDF of ours, unreadable,
 * a link). */
int docmeta_read_pdf(const char *path, int *pages, char **keywords, char *err, size_t errlen);

#endif
