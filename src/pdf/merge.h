/* merge: a print file made by joining, streaming, the PDFs our backend wrote (libharu 2.3).
 * Invariant: one input is in memory at a time (plus 8 bytes per output object and 4 per
 * page); the output is written sequentially to a temporary file beside its final name and
 * appears under that name only complete (flushed, renamed), mode 0640, never through a
 * symlink; stream data and strings are copied byte for byte, only "n g R" references outside
 * them are renumbered; the same inputs give the same bytes (no time, the /ID is a hash of
 * the content). Reads only what pdf.c writes — a classic xref table, "N 0 obj … endobj",
 * streams with a /Length, one page tree whose pages carry their own attributes — and rejects
 * anything else with a message naming the file, never a crash or a loop. */
#ifndef PT_MERGE_H
#define PT_MERGE_H

#include <stdbool.h>
#include <stddef.h>

/* The largest input read, in bytes (a per-graduate document is ~30 KB). */
#define PDF_MERGE_MAX_INPUT ((size_t)64 << 20)
/* Code points kept of an outline title, a label prefix or a metadata string. */
#define PDF_MERGE_MAX_TEXT 2000

struct pdf_merge_opts {
	const char *title, *author, *creator; /* UTF-8 metadata of the output; NULL or "" = none */
	bool duplex; /* every input starts on an odd page (a blank page before it when needed) */
	const char *keywords; /* the Info dictionary's /Keywords (archive/docmeta.h); NULL = none */
};

struct pdf_merge;

/* Starts a print file at path (its temporary file "path.tmp.PID" is created now; o and its
 * strings are borrowed until finish or abort). Returns the merge, or NULL with err naming
 * path and the system's reason. */
struct pdf_merge *pdf_merge_new(const char *path, const struct pdf_merge_opts *o, char *err,
				size_t errlen);
/* Appends every page of the PDF at input, in its order (input is read whole, then let go).
 * title (UTF-8, borrowed for the call; NULL or "" = none) is its entry in the output's
 * outline, which lists the inputs in the order they were added and opens at the input's
 * first page; label (the same) prefixes its pages' labels, numbered from 1 ("2024-001-" gives
 * "2024-001-1", "2024-001-2", …; a duplex blank after it continues its numbers); an input
 * without a label is numbered on from 1 when another has one. Returns 0, or -1 with err
 * naming input (damaged, not ours, unreadable) or the output (a write error); after -1 the
 * merge can only be aborted. */
int pdf_merge_add(struct pdf_merge *m, const char *input, const char *title, const char *label, char *err,
		  size_t errlen);
/* Returns the pages appended so far, duplex blanks included. */
size_t pdf_merge_pages(const struct pdf_merge *m);
/* Writes the page tree, the outline and page labels (when an input had a title or a
 * label), the catalog, metadata, xref and trailer, flushes and renames the file
 * into place; frees m. Returns 0 with *pages and sha256 (64 hex digits of the file) set,
 * or -1 with err (no file is left, neither final nor temporary). */
int pdf_merge_finish(struct pdf_merge *m, size_t *pages, char sha256[65], char *err, size_t errlen);
/* Removes the temporary file and frees m (NULL is allowed). */
void pdf_merge_abort(struct pdf_merge *m);

#endif
