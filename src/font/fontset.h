/* fontset: the four faces the PDFs embed, named with their SHA-256 in <dir>/fonts.list.
 * Invariant: a loaded fontset has all four faces, each file checked byte for byte against
 * its listed checksum before its metrics were read from those same bytes; otherwise the
 * set is empty (all NULL). */
#ifndef PT_FONTSET_H
#define PT_FONTSET_H

#include <stddef.h>

#include "font/ttf.h"

enum font_face { FONT_REGULAR, FONT_BOLD, FONT_ITALIC, FONT_BOLD_ITALIC, FONT_NFACES };

struct fontset {
	char *path[FONT_NFACES];       /* "<dir>/<file name>", owned */
	struct ttf *ttf[FONT_NFACES];  /* owned */
};

/* Reads dir/fonts.list: lines "<sha256>  <file name>  <role>", role one of regular, bold,
 * italic, bold-italic, each exactly once; blank lines and lines starting with '#' are
 * comments. Checks that every listed file (a plain name inside dir) exists and has the
 * listed SHA-256, and loads its metrics. fs need not be initialised (what it held is
 * not freed). Returns 0 with fs filled (free with fontset_free), or -1 with fs empty and
 * one message in err (errlen bytes, always NUL-terminated when errlen > 0), e.g.
 * "fonts/LiberationSerif-Bold.ttf: missing (run 'make deps')",
 * "fonts/LiberationSerif-Bold.ttf: checksum mismatch: the file is not the one fonts.list
 * names", "fonts/fonts.list:3: unknown role 'heavy'". dir is borrowed. */
int fontset_load(struct fontset *fs, const char *dir, char *err, size_t errlen);
/* Frees what fs holds and leaves it empty; safe on an empty or failed set. */
void fontset_free(struct fontset *fs);
/* Returns the name of a face as fonts.list spells it ("bold-italic"). */
const char *fontset_role_name(enum font_face face);

#endif
