/* assets: the page's files (src/web/assets/), compiled in by the Makefile (xxd -i), so that
 * the page needs nothing from the network. Invariant: the table names every asset once. */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "web/webint.h"

#include "assets.h" /* generated: build/web/assets.h */

const unsigned char *assets_find(const char *name, size_t *len, const char **type)
{
	static const struct {
		const char *name, *type;
		const unsigned char *data;
		const unsigned int *len;
	} table[] = {
		{"index.html", "text/html; charset=utf-8", index_html, &index_html_len},
		{"app.css", "text/css; charset=utf-8", app_css, &app_css_len},
		{"app.js", "text/javascript; charset=utf-8", app_js, &app_js_len},
		{"favicon.svg", "image/svg+xml", favicon_svg, &favicon_svg_len},
	};
	for (size_t i = 0; i < sizeof table / sizeof *table; i++)
		if (strcmp(name, table[i].name) == 0) {
			*len = *table[i].len;
			*type = table[i].type;
			return table[i].data;
		}
	return NULL;
}
