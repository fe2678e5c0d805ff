/* plain: institution.xml (or any small XML file) validated, then copied out of libxml2's
 * tree into a flat array. Invariants: the copy walks the tree without recursion (the depth
 * is xmlsafe's, capped); the document is parsed by xmlsafe only; nothing of libxml2 is kept. */
#include "xml/plain.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "xml/table_xml.h"
#include "xml/xmlsafe.h"

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

/* The text nodes directly inside n, joined and trimmed. */
static char *own_text(xmlNodePtr n)
{
	size_t len = 0;
	for (xmlNodePtr c = n->children; c; c = c->next)
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
			len += strlen((const char *)c->content);
	char *s = xmalloc(len + 1), *p = s;
	for (xmlNodePtr c = n->children; c; c = c->next)
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
			size_t k = strlen((const char *)c->content);
			memcpy(p, c->content, k);
			p += k;
		}
	*p = '\0';
	char *t = trimmed(s);
	free(s);
	return t;
}

static void add_elem(struct xml_plain *p, size_t *cap, xmlNodePtr n)
{
	xgrow((void **)&p->v, cap, p->n + 1, sizeof *p->v);
	struct xml_elem *e = &p->v[p->n++];
	memset(e, 0, sizeof *e);
	e->name = xstrdup((const char *)n->name);
	e->line = (int)xmlGetLineNo(n);
	e->text = own_text(n);
	for (xmlAttrPtr a = n->properties; a; a = a->next)
		e->nattr++;
	e->attr = xcalloc(e->nattr ? e->nattr : 1, sizeof *e->attr);
	size_t i = 0;
	for (xmlAttrPtr a = n->properties; a; a = a->next, i++) {
		xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
		e->attr[i].name = xstrdup((const char *)a->name);
		e->attr[i].value = trimmed((const char *)v);
		xmlFree(v);
	}
}

/* Copies the elements of the tree under root in document order, setting each one's end. */
static void flatten(struct xml_plain *p, xmlNodePtr root)
{
	size_t cap = 0;
	size_t *open = NULL, nopen = 0, opencap = 0; /* indexes of the elements being copied */
	xmlNodePtr n = root;
	while (n) {
		add_elem(p, &cap, n);
		xgrow((void **)&open, &opencap, nopen + 1, sizeof *open);
		open[nopen++] = p->n - 1;
		xmlNodePtr next = xmlsafe_first_element(n);
		while (!next && nopen > 0) {
			p->v[open[--nopen]].end = p->n; /* n's subtree is done */
			if (n == root)
				break;
			next = xmlsafe_next_element(n);
			if (!next)
				n = n->parent;
		}
		n = next;
	}
	free(open);
}

int xml_plain_read(const char *path, const char *display, const char *schema,
		   struct xml_plain *out, struct diag_list *dl)
{
	memset(out, 0, sizeof *out);
	if (xml_validate_file(path, display, schema, dl) != 0)
		return 1;
	xmlDocPtr doc = xmlsafe_read_file(path, display, dl);
	if (!doc)
		return 1;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (root)
		flatten(out, root);
	xmlFreeDoc(doc);
	return 0;
}

void xml_plain_free(struct xml_plain *p)
{
	for (size_t i = 0; i < p->n; i++) {
		for (size_t k = 0; k < p->v[i].nattr; k++)
			free(p->v[i].attr[k].name), free(p->v[i].attr[k].value);
		free(p->v[i].attr);
		free(p->v[i].name);
		free(p->v[i].text);
	}
	free(p->v);
	memset(p, 0, sizeof *p);
}

const char *xml_plain_attr(const struct xml_plain *p, size_t e, const char *name)
{
	for (size_t k = 0; k < p->v[e].nattr; k++)
		if (strcmp(p->v[e].attr[k].name, name) == 0)
			return p->v[e].attr[k].value;
	return NULL;
}
