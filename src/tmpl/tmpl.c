/* tmpl: XML template → element tree (iterative copy; depth bounded by xmlsafe). */
#include "tmpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"
#include "xml/xmlsafe.h"

static char *own_text(xmlNodePtr n)
{
	struct buf b = BUF_INIT;
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
			buf_adds(&b, (const char *)c->content);
	char *s = buf_take(&b);
	/* trim and collapse runs of white space (templates are indented) */
	char *w = s;
	int space = 0;
	for (char *r = s; *r; r++) {
		if (*r == ' ' || *r == '\n' || *r == '\t' || *r == '\r') {
			space = w != s;
			continue;
		}
		if (space)
			*w++ = ' ';
		space = 0;
		*w++ = *r;
	}
	*w = '\0';
	return s;
}

/* Copies element e into t (recursion depth is bounded by XMLSAFE_MAX_DEPTH). */
static void copy(struct tnode *t, xmlNodePtr e)
{
	t->name = xstrdup((const char *)e->name);
	t->line = (int)xmlGetLineNo(e);
	t->text = own_text(e);
	for (xmlAttrPtr a = e->properties; a; a = a->next) {
		t->attr = xreallocarray(t->attr, t->nattr + 2, sizeof *t->attr);
		t->attr[t->nattr++] = xstrdup((const char *)a->name);
		xmlChar *v = xmlNodeListGetString(e->doc, a->children, 1);
		t->attr[t->nattr++] = xstrdup(v ? (const char *)v : "");
		xmlFree(v);
	}
	size_t n = 0;
	for (xmlNodePtr c = xmlsafe_first_element(e); c; c = xmlsafe_next_element(c))
		n++;
	t->kids = xcalloc(n, sizeof *t->kids);
	for (xmlNodePtr c = xmlsafe_first_element(e); c; c = xmlsafe_next_element(c))
		copy(&t->kids[t->nkids++], c);
}

struct tmpl *tmpl_load(const char *path, const char *display, struct diag_list *dl)
{
	xmlDocPtr doc = xmlsafe_read_file(path, display, dl);
	if (!doc)
		return NULL;
	struct tmpl *t = xcalloc(1, sizeof *t);
	t->file = xstrdup(display);
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (root)
		copy(&t->root, root);
	xmlFreeDoc(doc);
	if (!root) {
		diag_error(dl, display, 0, NULL, "the template has no root element");
		tmpl_free(t);
		return NULL;
	}
	return t;
}

static void node_free(struct tnode *n)
{
	for (size_t i = 0; i < n->nkids; i++)
		node_free(&n->kids[i]);
	for (size_t i = 0; i < n->nattr; i++)
		free(n->attr[i]);
	free(n->attr);
	free(n->kids);
	free(n->name);
	free(n->text);
}

void tmpl_free(struct tmpl *t)
{
	if (!t)
		return;
	node_free(&t->root);
	free(t->file);
	free(t);
}

const char *tnode_attr(const struct tnode *n, const char *name, const char *dflt)
{
	for (size_t i = 0; i + 1 < n->nattr; i += 2)
		if (strcmp(n->attr[i], name) == 0)
			return n->attr[i + 1];
	return dflt;
}

int tnode_int(const struct tmpl *t, const struct tnode *n, const char *name, int lo, int hi, int dflt,
	      struct diag_list *dl)
{
	const char *s = tnode_attr(n, name, NULL);
	if (!s)
		return dflt;
	char *end;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end || v < lo || v > hi) {
		diag_error(dl, t->file, n->line, name, "expected a whole number from %d to %d", lo, hi);
		return dflt;
	}
	return (int)v;
}

const struct tnode *tnode_child(const struct tnode *n, const char *name)
{
	for (size_t i = 0; i < n->nkids; i++)
		if (strcmp(n->kids[i].name, name) == 0)
			return &n->kids[i];
	return NULL;
}

const char *tnode_child_text(const struct tnode *n, const char *name, const char *dflt)
{
	const struct tnode *c = tnode_child(n, name);
	return c ? c->text : dflt;
}

size_t tmpl_sheet(const struct tmpl *t, enum doc_form form, struct doc_sheet *sheet, struct diag_list *dl)
{
	doc_sheet_init(sheet, form);
	size_t bad = 0;
	const struct tnode *root = &t->root;
	for (size_t i = 0; i + 1 < root->nattr; i += 2) {
		char why[320];
		if (doc_sheet_set(sheet, root->attr[i], root->attr[i + 1], why, sizeof why) >= 0)
			continue;
		bad++;
		if (dl)
			diag_error(dl, t->file, root->line, root->attr[i], "%s", why);
	}
	return bad;
}

int tmpl_expand(const char *s, const char *const *keys, char *(*value)(const void *ctx, size_t k),
		const void *ctx, struct buf *out, char *bad, size_t badn)
{
	while (*s) {
		const char *open = strchr(s, '{');
		if (!open) {
			buf_adds(out, s);
			break;
		}
		buf_add(out, s, (size_t)(open - s));
		const char *close = strchr(open, '}');
		size_t len = close ? (size_t)(close - open - 1) : 0;
		size_t k = 0;
		while (close && len && keys[k] && !(strlen(keys[k]) == len && memcmp(keys[k], open + 1, len) == 0))
			k++;
		if (!close || !len || !keys[k]) {
			snprintf(bad, badn, "%.*s", close ? (int)(close - open + 1) : 20, open);
			return -1;
		}
		if (value) {
			char *v = value(ctx, k);
			buf_adds(out, v);
			free(v);
		}
		s = close + 1;
	}
	return 0;
}
