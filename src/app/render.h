/* render: the one render path — a document tree (rules/, doc/) → laid-out pages (layout/) →
 * a PDF (pdf/) → a file of the output folder; and the print files merged from those PDFs.
 * Invariant: the only file of the program outside layout/ and pdf/ that includes their
 * headers. Every PDF the program writes, a task's document or the register, is laid out
 * and written by render_file with the run's fonts and hyphenation, so a document's bytes
 * depend only on its tree and its kind (which face carries a fixed set of glyphs). */
#ifndef PT_RENDER_H
#define PT_RENDER_H

#include <stddef.h>

#include "app/run.h"
#include "app/tasks.h"
#include "doc/doc.h"

#define RENDER_CREATOR "patronat " PATRONAT_VERSION /* the PDFs' Creator */

/* Loads the fonts (data_dir/fonts) and the hyphenation dictionary into r (render_free
 * releases them). Returns 0, or -1 with r->err set (fonts missing or damaged); a font that
 * cannot be reduced is a warning in r->dl (the PDFs embed it whole). */
int render_prepare(struct run *r);
/* Releases what render_prepare loaded (nothing when it was not called). */
void render_free(struct run *r);

/* Builds the document tree of one task: kind T_PASSPORT or T_PLAN of the graduate with
 * index graduate in r->m, or T_ORDER or T_REPORT (graduate ignored) of the academic year
 * r->year. r must be loaded (run_load) without errors. Returns a new tree (doc_free). */
struct doc *render_build(const struct run *r, enum task_kind kind, size_t graduate);

/* Lays d out and writes it to r->write_dir/rel (the staging area: a new file, mode 0640
 * narrowed by the umask, made durable by the commit) as a PDF; sets *pages
  * and sha256 (64 hex digits of the bytes written). t is the task d was built for (its kind
  * chooses the face of the data, see fonts_of; it names the graduate in warnings and errors),
  * NULL for the register. Returns 0, or -1 with err (errlen bytes) naming the document, its
  * graduate and rel: "the passport of graduate T-001 (passports/T-001.pdf): a text is too long
  * for a PDF: … (libharu error 0x105B)". r and d borrowed; the folder of rel must exist. */
/* Adds to r->dl a warning for every character of the model that no font can print (loading
 * the fonts for their coverage; render_prepare uses them then). */
void render_check_printable(struct run *r);

int render_file(const struct run *r, const struct doc *d, const struct task *t, const char *rel, int *pages,
		char sha256[65], char *err, size_t errlen);

/* Runs task t: builds its tree, writes its file (tasks_path) and fills res. Returns 0, or
 * -1 with why (render_file's err, whylen bytes). */
int render_task(const struct run *r, const struct task *t, struct task_result *res, char *why, size_t whylen);

/* One document of a print file: its PDF (relative to r->write_dir, staged by
 * render_file), its outline entry and the prefix of its pages' labels. */
struct render_part {
	char *path, *title, *label;
};

/* Merges the n documents parts in their order into r->write_dir/rel, titled title, the
 * institution as author, with an outline entry and page labels for each, each on an odd
 * page under --duplex; sets *pages and sha256. Returns 0, or -1 with err (no file is left). */
int render_merge(const struct run *r, const char *rel, const char *title, const struct render_part *parts,
		 size_t n, int *pages, char sha256[65], char *err, size_t errlen);

#endif
