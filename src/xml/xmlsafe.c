/* xmlsafe: hardened libxml2 parsing — no DTD, no entities, no network, bounded size/depth. */
#include "xmlsafe.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"
#include "util/xalloc.h"

static int line_at(const char *data, size_t off)
{
	int line = 1;
	for (size_t i = 0; i < off; i++)
		line += data[i] == '\n';
	return line;
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

/* Element nesting depth, counted without parsing (tags outside comments, CDATA, PIs). */
static int too_deep(const char *d, size_t n, size_t *where)
{
	int depth = 0;
	for (size_t i = 0; i + 1 < n; i++) {
		if (d[i] != '<')
			continue;
		char c = d[i + 1];
		if (c == '!' || c == '?') {
			const char *end = c == '?' ? "?>" : (i + 3 < n && d[i + 2] == '-') ? "-->" : "]]>";
			if (c == '!' && !(i + 3 < n && (d[i + 2] == '-' || d[i + 2] == '[')))
				end = ">";
			size_t k = find(d + i, n - i, end);
			if (k == (size_t)-1)
				return 0; /* the parser reports it */
			i += k;
		} else if (c == '/') {
			depth--;
		} else {
			size_t j = i;
			while (j < n && d[j] != '>')
				j++;
			if (j < n && d[j - 1] != '/' && ++depth > XMLSAFE_MAX_DEPTH) {
				*where = i;
				return 1;
			}
		}
	}
	return 0;
}

xmlDocPtr xmlsafe_read_mem(const char *data, size_t n, const char *display, struct diag_list *dl)
{
	size_t at;
	if (n == 0) {
		diag_error(dl, display, 0, NULL, "file is empty");
		return NULL;
	}
	if (n > XMLSAFE_MAX_BYTES) {
		diag_error(dl, display, 0, NULL, "file too large (at most %u MiB)", XMLSAFE_MAX_BYTES >> 20);
		return NULL;
	}
	if ((at = find(data, n, "<!DOCTYPE")) != (size_t)-1 || (at = find(data, n, "<!ENTITY")) != (size_t)-1) {
		diag_error(dl, display, line_at(data, at), NULL,
			   "a DTD or entity declaration is not allowed (it could reach the network or expand without bound)");
		return NULL;
	}
	if (memchr(data, '\0', n)) {
		diag_error(dl, display, line_at(data, (size_t)((const char *)memchr(data, '\0', n) - data)),
			   NULL, "binary data (NUL byte): not an XML file");
		return NULL;
	}
	if (too_deep(data, n, &at)) {
		diag_error(dl, display, line_at(data, at), NULL, "elements nested deeper than %d levels",
			   XMLSAFE_MAX_DEPTH);
		return NULL;
	}
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		diag_error(dl, display, 0, NULL, "cannot create an XML parser");
		return NULL;
	}
	int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS |
		   XML_PARSE_NOCDATA;
	xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)n, display, NULL, opts);
	if (!doc || !ctxt->wellFormed) {
		const xmlError *e = xmlCtxtGetLastError(ctxt);
		char msg[256] = "not well-formed XML";
		if (e && e->message) {
			snprintf(msg, sizeof msg, "not well-formed XML: %s", e->message);
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
