/* qr: a text as a QR code of filled rectangles in a page's bottom margin (see qr.h). */
#include "layout/qr.h"

#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#define MM (72.0 / 25.4)

int qr_draw(struct page *pg, const struct layout_opts *o, const char *text)
{
	/* the bytes in 8-bit mode after the ECI designator of UTF-8 (26), so that a phone reads
	 * Cyrillic as Cyrillic */
	QRinput *in = QRinput_new2(0, QR_ECLEVEL_M);
	if (!in)
		return -1;
	QRcode *q = NULL;
	if (QRinput_appendECIheader(in, 26) == 0 &&
	    QRinput_append(in, QR_MODE_8, (int)strlen(text), (const unsigned char *)text) == 0)
		q = QRcode_encodeInput(in);
	QRinput_free(in);
	if (!q)
		return -1;
	int n = q->width;
	double bottom = 4 * MM;                 /* above what printers leave blank */
	double room = o->margin_b - bottom - 1.5 * MM; /* a quiet zone under the text area */
	double m = room / n;
	if (m > 0.45 * MM)
		m = 0.45 * MM;
	double x0 = o->page_w - o->margin_r - n * m;
	double top = bottom + n * m;
	for (int r = 0; r < n; r++) {
		/* one rectangle per run of dark modules in a row */
		for (int c = 0; c < n;) {
			if (!(q->data[r * n + c] & 1)) {
				c++;
				continue;
			}
			int k = c;
			while (k < n && (q->data[r * n + k] & 1))
				k++;
			struct item it = {.kind = ITEM_RECT, .fill = FILL_GRAY, .gray = 0};
			it.x = x0 + c * m;
			it.y = top - (r + 1) * m;
			it.x2 = (k - c) * m;
			it.y2 = m;
			page_add_item(pg, &it);
			c = k;
		}
	}
	QRcode_free(q);
	return 0;
}
