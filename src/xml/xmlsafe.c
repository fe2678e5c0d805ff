/* xmlsafe: hardened libxml2 parsing — no DTD, no entities, no network, bounded size/depth.
 * Invariants: before libxml2 sees a byte, a pre-scan that reads markup exactly as the parser
 * does (comments, CDATA, PIs, quoted attribute values) refuses any declaration (<!DOCTYPE,
 * <!ENTITY, …), nesting deeper than XMLSAFE_MAX_DEPTH, more than MAX_NODES nodes (memory),
 * more than MAX_ATTRS attributes on one element (libxml2's duplicate check is quadratic)
 * and any text, comment or tag longer than MAX_TEXT; the bytes must be UTF-8 and are parsed
 * as UTF-8 whatever the declaration says, so no other encoding can hide markup from the
 * pre-scan; no option that loads, substitutes, includes (XInclude) or relaxes limits is set. */
#include "xmlsafe.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define MAX_NODES 1000000 /* elements, attributes, comments and PIs of one document */
#define MAX_ATTRS 256     /* attributes of one element */
#define MAX_TEXT (1u << 20) /* bytes of one text, comment, CDATA section, PI or start tag */

/* The parser's options: never NOENT, DTDLOAD, DTDATTR, XINCLUDE or HUGE. */
#define PARSE_OPTIONS                                                                              \
	(XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS |         \
	 XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES | XML_PARSE_IGNORE_ENC)

static int line_at(const char *data, size_t off)
{
	int line = 1;
	for (size_t i = 0; i < off; i++)
		line += data[i] == '\n';
	return line;
}

static bool starts(const char *d, size_t n, const char *s)
{
	size_t k = strlen(s);
	return n >= k && memcmp(d, s, k) == 0;
}

/* Finds needle in the first n bytes of data; returns its offset or (size_t)-1. */
static size_t find(const char *data, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (data[i] == needle[0] && memcmp(data + i, needle, k) == 0)
			return i;
	return (size_t)-1;
}

enum scan { SCAN_OK, SCAN_DECL, SCAN_DEEP, SCAN_NODES, SCAN_ATTRS, SCAN_TEXT };

/* Skips the start tag at d[i] == '<': returns the offset of its '>' (n when unterminated),
 * with *attrs the attributes ('=' outside quotes) and *empty when it ends with "/>". */
static size_t start_tag_end(const char *d, size_t n, size_t i, size_t *attrs, bool *empty)
{
	char quote = 0;
	size_t j;
	*attrs = 0;
	for (j = i + 1; j < n; j++) {
		char c = d[j];
		if (quote)
			quote = c == quote ? 0 : quote;
		else if (c == '"' || c == '\'')
			quote = c;
		else if (c == '=')
			(*attrs)++;
		else if (c == '>')
			break;
	}
	*empty = j < n && d[j - 1] == '/';
	return j;
}

/* Reads the markup of d as the parser will; *where gets the offset of the first fault.
 * Unterminated markup stops the scan: the parser then fails on it as well. */
static enum scan prescan(const char *d, size_t n, size_t *where)
{
	int depth = 0;
	size_t nodes = 0, attrs, k, text_from = 0;
	bool empty;
	for (size_t i = 0; i < n; i++) {
		if (d[i] != '<')
			continue;
		*where = i;
		if (i - text_from > MAX_TEXT)
			return SCAN_TEXT;
		if (++nodes > MAX_NODES)
			return SCAN_NODES;
		const char *p = d + i;
		size_t left = n - i;
		if (left < 2)
			break; /* a '<' as the last byte: the parser reports it */
		if (starts(p, left, "<!--") || starts(p, left, "<![CDATA[") || starts(p, left, "<?")) {
			size_t skip = p[1] == '?' ? 2 : p[2] == '-' ? 4 : 9;
			const char *end = p[1] == '?' ? "?>" : p[2] == '-' ? "-->" : "]]>";
			if ((k = find(p + skip, left - skip, end)) == (size_t)-1)
				return SCAN_OK;
			if (k > MAX_TEXT)
				return SCAN_TEXT;
			i += skip + k + strlen(end) - 1;
		} else if (p[1] == '!') {
			return SCAN_DECL;
		} else if (p[1] == '/') {
			depth--;
			const char *gt = memchr(p, '>', left);
			i = gt ? (size_t)(gt - d) : n;
		} else {
			i = start_tag_end(d, n, i, &attrs, &empty);
			if (attrs > MAX_ATTRS)
				return SCAN_ATTRS;
			if (i - *where > MAX_TEXT)
				return SCAN_TEXT;
			if ((nodes += attrs) > MAX_NODES)
				return SCAN_NODES;
			if (!empty && ++depth > XMLSAFE_MAX_DEPTH)
				return SCAN_DEEP;
		}
		text_from = i + 1;
	}
	if (n > text_from && n - text_from > MAX_TEXT) {
		*where = text_from;
		return SCAN_TEXT;
	}
	return SCAN_OK;
}

/* Checks the bytes before any parsing; returns 0 or non-zero with an error in dl. */
static int precheck(const char *data, size_t n, const char *display, struct diag_list *dl)
{
	size_t at = 0;
	if (n == 0)
		diag_error(dl, display, 0, NULL, "file is empty");
	else if (n > XMLSAFE_MAX_BYTES)
		diag_error(dl, display, 0, NULL, "file too large (at most %u MiB)", XMLSAFE_MAX_BYTES >> 20);
	else if (starts(data, n, "\xff\xfe") || starts(data, n, "\xfe\xff"))
		diag_error(dl, display, 1, NULL, "the file is UTF-16: save it as UTF-8");
	else if (memchr(data, '\0', n))
		diag_error(dl, display, line_at(data, (size_t)((const char *)memchr(data, '\0', n) - data)),
			   NULL, "binary data (NUL byte): not an XML file");
	else if (!utf8_valid(data, n, &at))
		diag_error(dl, display, line_at(data, at), NULL, "not valid UTF-8: save the file as UTF-8");
	else
		switch (prescan(data, n, &at)) {
		case SCAN_OK:
			return 0;
		case SCAN_DECL:
			diag_error(dl, display, line_at(data, at), NULL,
				   "a DTD or entity declaration is not allowed (it could reach the network or "
				   "expand without bound)");
			break;
		case SCAN_DEEP:
			diag_error(dl, display, line_at(data, at), NULL, "elements nested deeper than %d levels",
				   XMLSAFE_MAX_DEPTH);
			break;
		case SCAN_NODES:
			diag_error(dl, display, line_at(data, at), NULL,
				   "too many elements and attributes (at most %d)", MAX_NODES);
			break;
		case SCAN_ATTRS:
			diag_error(dl, display, line_at(data, at), NULL,
				   "too many attributes on one element (at most %d)", MAX_ATTRS);
			break;
		case SCAN_TEXT:
			diag_error(dl, display, line_at(data, at), NULL,
				   "a text, comment or tag longer than %u MiB", MAX_TEXT >> 20);
			break;
		}
	return 1;
}

xmlDocPtr xmlsafe_read_mem(const char *data, size_t n, const char *display, struct diag_list *dl)
{
	if (precheck(data, n, display, dl) != 0)
		return NULL;
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		diag_error(dl, display, 0, NULL, "cannot create an XML parser");
		return NULL;
	}
	xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)n, display, "UTF-8", PARSE_OPTIONS);
	if (!doc || !ctxt->wellFormed) {
		const xmlError *e = xmlCtxtGetLastError(ctxt);
		char msg[256];
		snprintf(msg, sizeof msg, "%s", _("not well-formed XML"));
		if (e && e->message) {
			snprintf(msg, sizeof msg, _("not well-formed XML: %s"), e->message);
			size_t k = strlen(msg);
			while (k && (msg[k - 1] == '\n' || msg[k - 1] == ' '))
				msg[--k] = '\0';
		}
		diag_error(dl, display, e ? e->line : 0, NULL, "%s", msg);
		if (doc)
			xmlFreeDoc(doc);
		doc = NULL;
	}
	xmlFreeParserCtxt(ctxt);
	return doc;
}

xmlDocPtr xmlsafe_read_file(const char *path, const char *display, struct diag_list *dl)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		diag_error(dl, display, 0, NULL, "cannot open the file");
		return NULL;
	}
	char *data = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		xgrow((void **)&data, &cap, n + 65536, 1);
		size_t k = fread(data + n, 1, cap - n, f);
		n += k;
		if (k == 0 || n > XMLSAFE_MAX_BYTES)
			break;
	}
	int err = ferror(f);
	fclose(f);
	xmlDocPtr doc = NULL;
	if (err)
		diag_error(dl, display, 0, NULL, "cannot read the file");
	else
		doc = xmlsafe_read_mem(data, n, display, dl);
	free(data);
	return doc;
}

xmlNodePtr xmlsafe_next_element(xmlNodePtr n)
{
	for (n = n ? n->next : NULL; n && n->type != XML_ELEMENT_NODE; n = n->next)
		;
	return n;
}

xmlNodePtr xmlsafe_first_element(xmlNodePtr parent)
{
	xmlNodePtr n = parent ? parent->children : NULL;
	while (n && n->type != XML_ELEMENT_NODE)
		n = n->next;
	return n;
}

int xmlsafe_is(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static char *trimmed(const char *s)
{
	if (!s)
		return xstrdup("");
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return xstrndup(s, n);
}

char *xmlsafe_text(xmlNodePtr n)
{
	xmlChar *c = xmlNodeGetContent(n);
	char *s = trimmed((const char *)c);
	xmlFree(c);
	return s;
}

char *xmlsafe_attr(xmlNodePtr n, const char *name)
{
	xmlChar *c = xmlGetProp(n, (const xmlChar *)name);
	if (!c)
		return NULL;
	char *s = trimmed((const char *)c);
	xmlFree(c);
	return s;
}
