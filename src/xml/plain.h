/* plain: a small XML document (institution.xml) validated and handed out as plain data — a
 * flat array of elements in document order — so that nothing past src/xml sees libxml2.
 * Invariant: the document went through xmlsafe and its schema; element 0 is the root; the
 * descendants of element e are exactly v[e + 1 .. v[e].end), so walking needs no recursion:
 * the children of e are `for (size_t c = e + 1; c < p->v[e].end; c = p->v[c].end)`. */
#ifndef PT_XML_PLAIN_H
#define PT_XML_PLAIN_H

#include <stddef.h>

#include "util/diag.h"

struct xml_attr {
	char *name;
	char *value; /* trimmed of spaces, tabs and line breaks at both ends */
};

struct xml_elem {
	char *name;   /* local name */
	int line;     /* the line of its start tag */
	size_t end;   /* one past its last descendant */
	char *text;   /* the text directly inside it (not its children's), trimmed */
	struct xml_attr *attr;
	size_t nattr;
};

struct xml_plain {
	struct xml_elem *v; /* n elements, v[0] the root */
	size_t n;
};

/* Reads path (messages name it display), validates it against the XSD at schema and
 * converts it. Returns 0 and *out (free with xml_plain_free), or non-zero with errors in dl
 * and *out empty. */
int xml_plain_read(const char *path, const char *display, const char *schema,
		   struct xml_plain *out, struct diag_list *dl);
void xml_plain_free(struct xml_plain *p);

/* The value of attribute name of element e (borrowed), or NULL when absent. */
const char *xml_plain_attr(const struct xml_plain *p, size_t e, const char *name);
#endif
