/* fontset: the faces the PDFs embed, named with their SHA-256 in <dir>/fonts.list: the four
 * document faces and, when listed, the fallback faces for the characters those lack.
 * Invariant: a loaded fontset has the four document faces (and the fallback faces listed),
 * each file checked byte for byte against its listed checksum before its metrics were read
 * from those same bytes; otherwise the set is empty (all NULL). */
#ifndef PT_FONTSET_H
#define PT_FONTSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "font/face.h"
#include "font/ttf.h"

struct pdf_cache; /* pdf/pdf.h */

struct fontset {
	char *path[FONT_NFACES];       /* "<dir>/<file name>", owned */
	struct ttf *ttf[FONT_NFACES];  /* owned */
	uint8_t *data[FONT_NFACES];    /* the checked bytes of each file, owned; NULL after
					* fontset_make_wide */
	size_t size[FONT_NFACES];
	char *reduced_dir;             /* private folder of the reduced copies, owned; NULL: none */
	char *reduced_path[FONT_NFACES]; /* reduced to keep's code points (CP1251 text) */
	char *wide_path[FONT_NFACES];    /* reduced to every code point the face maps */
	pid_t reduced_owner;           /* the process that made the folder and alone removes it */
	struct pdf_cache *cache;       /* the font files this process's documents embedded, deflated
					* once (pdf_fonts.cache), owned; each forked worker fills its
					* own copy */
};

/* Reads dir/fonts.list: lines "<sha256>  <file name>  <role>", role one of regular, bold,
 * italic, bold-italic, each exactly once, and fallback, fallback-bold, each at most once
 * (the faces for what the others lack); blank lines and lines starting with '#' are
 * comments. Checks that every listed file (a plain name inside dir) exists and has the
 * listed SHA-256, and loads its metrics. fs need not be initialised (what it held is
 * not freed). Returns 0 with fs filled (free with fontset_free), or -1 with fs empty and
 * one message in err (errlen bytes, always NUL-terminated when errlen > 0), e.g.
 * "fonts/LiberationSerif-Bold.ttf: missing (run 'make deps')",
 * "fonts/LiberationSerif-Bold.ttf: checksum mismatch: the file is not the one fonts.list
 * names", "fonts/fonts.list:3: unknown role 'heavy'". dir is borrowed. */
int fontset_load(struct fontset *fs, const char *dir, char *err, size_t errlen);
/* Frees what fs holds and leaves it empty; safe on an empty or failed set. Removes the
 * folder of the reduced copies only in the process that made it (a forked worker's copy of
 * fs leaves it to the parent). */
void fontset_free(struct fontset *fs);

/* Writes a reduced copy of each face of a loaded set into a new private folder (mode 0700,
 * under $TMPDIR, else /tmp, named "patronat-fonts-<pid>-XXXXXX"; the folders there that runs
 * killed before their cleanup left - their process gone, an hour old, this user's - are
 * removed first): the glyphs of the code points keep accepts (see subset_ttf), then checks
 * that each copy gives every such code point the original's width, as layout measures with
 * the originals. Call once, after fontset_load, before forking workers.
 * Returns 0 with fs->reduced_path set (fontset_free removes the folder), or -1 with one
 * message in err and nothing left on disk, the set still usable with its original files. */
int fontset_make_reduced(struct fontset *fs, bool (*keep)(unsigned cp), char *err,
			 size_t errlen);
/* Call once after a successful fontset_make_reduced, before forking workers. When needed
 * (some text goes beyond keep's code points), writes beside the reduced copies a wide copy
 * of each face: every glyph it maps, without hinting, checked as above; then, needed or
 * not, lets go of the font files' bytes. Returns 0, or -1 with one message in err and no
 * wide copy (the PDFs then embed the originals for such text: bigger, same print). */
int fontset_make_wide(struct fontset *fs, bool needed, char *err, size_t errlen);
/* Returns the file a PDF embeds for face: the reduced copy when made, else the original
 * (borrowed from fs). */
const char *fontset_pdf_path(const struct fontset *fs, enum font_face face);
/* Returns the file a PDF embeds for face when its text goes beyond the code points given to
 * fontset_make_reduced: the wide copy when made, else the original (borrowed from fs). */
const char *fontset_pdf_wide_path(const struct fontset *fs, enum font_face face);
/* True when a PDF can hold cp at all: in the BMP, not a control character or a surrogate. */
bool fontset_printable(unsigned cp);
/* True when cp prints as itself with the fonts of set (a const struct fontset *, loaded):
 * fontset_printable, and every document face has it or the fallback face does. The
 * coverage predicate of the model's check (model/printable.h). */
bool fontset_covers(const void *set, unsigned cp);
/* Returns the name of a face as fonts.list spells it ("bold-italic"). */
const char *fontset_role_name(enum font_face face);

#endif
