/* face: the faces a document's text is set in — the one enum that layout writes into the
 * pages and the PDF backend and the font set read. The four first are the document's
 * faces (Liberation Serif); the fallback faces (DejaVu Serif, optional) draw the characters
 * those lack, the bold one for bold text.
 * Invariant: the values index every per-face array (fonts.list roles, metrics, PDF fonts). */
#ifndef PT_FACE_H
#define PT_FACE_H

enum font_face {
	FONT_REGULAR,
	FONT_BOLD,
	FONT_ITALIC,
	FONT_BOLD_ITALIC,
	FONT_FALLBACK,
	FONT_FALLBACK_BOLD,
	FONT_NFACES
};

/* The faces every font set has (the fallback faces may be absent). */
#define FONT_NMAIN 4

#endif
