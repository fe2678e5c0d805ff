/* qr: the optional ГОСТ Р 7.0.97-2025 QR element — a text as a QR code (libqrencode, error
 * correction level M) drawn with filled rectangles at the bottom right of a page, in its
 * bottom margin, so that the text and its pages are the same with or without it.
 * Invariant: the symbol keeps a quiet zone inside the margin (it never touches the text area
 * or the page's edge closer than 4 mm) and its modules are at most 0.45 mm. */
#ifndef PT_QR_H
#define PT_QR_H

#include "layout/layout.h"
#include "layout/pages.h"

/* Adds to pg the QR code of text (UTF-8, bytes as they are) at the bottom right of a page
 * laid out with o: its right edge on the text area's, inside the bottom margin. Returns 0,
 * or -1 when text cannot be encoded (too long for a QR code: more than 2 331 bytes). */
int qr_draw(struct page *pg, const struct layout_opts *o, const char *text);

#endif
