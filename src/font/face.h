/* face: the faces a document's text is set in — the one enum that layout writes into the
 * pages and the PDF backend and the font set read.
 * Invariant: the values index every per-face array (fonts.list roles, metrics, PDF fonts). */
#ifndef PT_FACE_H
#define PT_FACE_H

enum font_face { FONT_REGULAR, FONT_BOLD, FONT_ITALIC, FONT_BOLD_ITALIC, FONT_NFACES };

#endif
