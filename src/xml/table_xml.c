/* table_xml: NAME.xml validated against templates/schema/NAME.xsd, read into a struct table.
 * Invariants: the document and the schema are both parsed by xmlsafe (no DTD, no entities,
 * no network, bounded); a schema that would fetch another (xs:include, xs:import,
 * xs:redefine, xs:override) is refused before libxml2 compiles it; the schema is parsed per
 * call (about 0.2 ms for ours), so nothing is kept between calls; every error is
 * "file:line: element-or-attribute: message" in our own words, never quoting a value. */
#include "table_xml.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/xalloc.h"
#include "xml/xmlsafe.h"

#define XML_MAX_FIELD 100000  /* bytes in one value, as CSV_MAX_FIELD */
#define XML_MAX_ROWS 1000000  /* rows of one table, as CSV_MAX_ROWS */

#if LIBXML_VERSION >= 21200
typedef const xmlError *xml_error_t;
#else
typedef xmlErrorPtr xml_error_t;
#endif

static const char XSD_NS[] = "http://www.w3.org/2001/XMLSchema";

/* ---- the schema ---------------------------------------------------------------------- */

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static bool is_xsd(xmlNodePtr n, const char *name)
{
	return xmlsafe_is(n, name) && n->ns && strcmp((const char *)n->ns->href, XSD_NS) == 0;
}

/* The next element of the tree in document order (children first), or NULL. No recursion:
 * the depth is the document's, which xmlsafe capped. */
static xmlNodePtr walk_next(xmlNodePtr n, xmlNodePtr root)
{
	xmlNodePtr c = xmlsafe_first_element(n);
	if (c)
		return c;
	for (; n && n != root; n = n->parent) {
		xmlNodePtr s = xmlsafe_next_element(n);
		if (s)
			return s;
	}
	return NULL;
}

/* Refuses a schema that names another schema: libxml2 would read it with entity
 * substitution and, for a URL, over the network. Returns the number of errors added. */
static size_t refuse_imports(xmlDocPtr sdoc, const char *shown, struct diag_list *dl)
{
	static const char *const fetching[] = {"include", "import", "redefine", "override"};
	size_t found = 0;
	xmlNodePtr root = xmlDocGetRootElement(sdoc);
	for (xmlNodePtr n = root; n; n = walk_next(n, root))
		for (size_t i = 0; i < sizeof fetching / sizeof *fetching; i++)
			if (is_xsd(n, fetching[i])) {
				diag_error(dl, shown, (int)xmlGetLineNo(n), fetching[i],
					   "a schema must be self-contained: xs:%s is not allowed", fetching[i]);
				found++;
			}
	return found;
}

struct schema_errs {
	const char *file;
	struct diag_list *dl;
};

static void on_schema_error(void *data, xml_error_t e)
{
	struct schema_errs *s = data;
	char msg[200];
	snprintf(msg, sizeof msg, "%s", e->message ? e->message : "");
	msg[strcspn(msg, "\n")] = '\0';
	diag_error(s->dl, s->file, e->line, NULL, "invalid schema: %s", msg);
}

struct schema {
	xmlDocPtr doc;
	xmlSchemaPtr compiled;
};

static void schema_free(struct schema *s)
{
	if (s->compiled)
		xmlSchemaFree(s->compiled);
	if (s->doc)
		xmlFreeDoc(s->doc);
}

/* Loads and compiles the XSD at path; returns 0, or non-zero with errors in dl. */
static int schema_load(struct schema *s, const char *path, struct diag_list *dl)
{
	const char *shown = base_name(path);
	memset(s, 0, sizeof *s);
	s->doc = xmlsafe_read_file(path, shown, dl);
	if (!s->doc || refuse_imports(s->doc, shown, dl))
		return 1;
	struct schema_errs se = {shown, dl};
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewDocParserCtxt(s->doc);
	if (!pc) {
		diag_error(dl, shown, 0, NULL, "cannot create a schema parser");
		return 1;
	}
	xmlSchemaSetParserStructuredErrors(pc, on_schema_error, &se);
	s->compiled = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	if (!s->compiled && dl->nerrors == 0)
		diag_error(dl, shown, 0, NULL, "invalid schema");
	return s->compiled ? 0 : 1;
}

/* ---- validation messages --------------------------------------------------------------- */

/* The xs:documentation of the type of the element or attribute called name in the schema,
 * as a new string, or NULL. Built-in types get a short description. */
static char *type_hint(xmlDocPtr sdoc, const char *name, bool attribute)
{
	xmlNodePtr root = xmlDocGetRootElement(sdoc);
	char *type = NULL;
	for (xmlNodePtr n = root; n && !type; n = walk_next(n, root)) {
		if (!is_xsd(n, attribute ? "attribute" : "element"))
			continue;
		char *nm = xmlsafe_attr(n, "name");
		if (nm && strcmp(nm, name) == 0)
			type = xmlsafe_attr(n, "type");
		free(nm);
	}
	if (!type)
		return NULL;
	char *hint = NULL;
	if (strcmp(type, "xs:integer") == 0)
		hint = xstrdup(_("a whole number"));
	else if (strcmp(type, "xs:decimal") == 0)
		hint = xstrdup(_("a number"));
	for (xmlNodePtr n = root; n && !hint; n = walk_next(n, root)) {
		if (!is_xsd(n, "simpleType"))
			continue;
		char *nm = xmlsafe_attr(n, "name");
		if (nm && strcmp(nm, type) == 0)
			for (xmlNodePtr d = n; d && !hint; d = walk_next(d, n))
				if (is_xsd(d, "documentation")) {
					/* the schema's words are English: the catalogue has them too */
					char *doc = xmlsafe_text(d);
					hint = xstrdup(i18n_tr(doc));
					free(doc);
				}
		free(nm);
	}
	free(type);
	return hint;
}

/* The names listed in a libxml2 "Expected is ( a, b )." as "a, b", or NULL. */
static char *expected_names(const char *m)
{
	const char *p = strstr(m, "Expected is");
	p = p ? strchr(p, '(') : NULL;
	const char *q = p ? strchr(p, ')') : NULL;
	if (!q)
		return NULL;
	for (p++; *p == ' '; p++)
		;
	while (q > p && q[-1] == ' ')
		q--;
	return xstrndup(p, (size_t)(q - p));
}

struct validation {
	const char *file;
	const char *root; /* the element the schema expects at the root */
	xmlDocPtr sdoc;
	struct diag_list *dl;
	int last_line;    /* the last error's line and field: libxml2 often reports one fault twice */
	char last_field[64];
};

static bool is_value_error(int code)
{
	return (code >= XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1 && code <= XML_SCHEMAV_CVC_ENUMERATION_VALID) ||
	       code == XML_SCHEMAV_CVC_ATTRIBUTE_3 || code == XML_SCHEMAV_CVC_ELT_5_2_1 ||
	       code == XML_SCHEMAV_CVC_TYPE_3_1_2 || code == XML_SCHEMAV_CVC_AU;
}

/* Our wording of libxml2's error e about field (an element, or an attribute when attr). */
static char *describe(const struct validation *v, xml_error_t e, const char *field, bool attr)
{
	const char *m = e->message ? e->message : "";
	if (e->code == XML_SCHEMAV_CVC_ELT_1)
		return xasprintf(_("the root element must be <%s>"), v->root);
	if (strstr(m, "Element content is not allowed"))
		return xstrdup(_("elements are not allowed inside a value"));
	if (is_value_error(e->code)) {
		char *hint = type_hint(v->sdoc, field, attr);
		char *s = hint ? xasprintf(_("invalid value: expected %s"), hint) : xstrdup(_("invalid value"));
		free(hint);
		return s;
	}
	if (strstr(m, "is required but missing"))
		return xstrdup(_("required attribute is missing"));
	if (strstr(m, "attribute") && strstr(m, "is not allowed"))
		return xstrdup(_("attribute not allowed here"));
	if (strstr(m, "This element is not expected"))
		return xstrdup(_("element not allowed here (an unknown name, a field given twice, or a "
				 "misplaced element)"));
	if (strstr(m, "Character content other than whitespace"))
		return xstrdup(_("text is not allowed here, only elements"));
	return xasprintf(_("does not match the schema (libxml2 error %d)"), e->code);
}

/* True when the schema declares an element called name that may be left out. */
static bool optional_element(xmlDocPtr sdoc, const char *name)
{
	xmlNodePtr root = xmlDocGetRootElement(sdoc);
	for (xmlNodePtr n = root; n; n = walk_next(n, root)) {
		if (!is_xsd(n, "element"))
			continue;
		char *nm = xmlsafe_attr(n, "name"), *min = xmlsafe_attr(n, "minOccurs");
		bool hit = nm && strcmp(nm, name) == 0, opt = min && strcmp(min, "0") == 0;
		free(nm), free(min);
		if (hit)
			return opt;
	}
	return false;
}

/* Reports each required element of libxml2's "Missing child element(s). Expected is ( a,
 * b )." (which lists the optional ones too) as missing, on the line of the parent. */
static void report_missing(const struct validation *v, const char *m, int line, const char *parent)
{
	char *names = expected_names(m);
	size_t reported = 0;
	for (char *tok = names, *next; tok && *tok; tok = next) {
		size_t k = strcspn(tok, ",");
		next = tok[k] ? tok + k + 1 : tok + k;
		tok[k] = '\0';
		while (*tok == ' ')
			tok++;
		if (*tok && !optional_element(v->sdoc, tok)) {
			diag_error(v->dl, v->file, line, tok, "required element is missing");
			reported++;
		}
	}
	if (!reported)
		diag_error(v->dl, v->file, line, parent, "a required element is missing");
	free(names);
}

/* The line of the first non-blank text directly inside element n, or line when none. */
static int stray_text_line(xmlNodePtr n, int line)
{
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (c->type == XML_TEXT_NODE && c->content && !xmlIsBlankNode(c))
			return (int)xmlGetLineNo(c);
	return line;
}

/* The attribute libxml2's message m is about ("Element 'E', attribute 'A': …" or "Element
 * 'E': The attribute 'A' is required …", E the element's name) as a new string, or NULL
 * when it is about the element itself. */
static char *attribute_of(const char *m, const char *element)
{
	static const char *const forms[] = {"Element '%s', attribute '", "Element '%s': The attribute '"};
	char *a = NULL;
	for (size_t i = 0; i < sizeof forms / sizeof *forms && !a; i++) {
		char *prefix = xasprintf(forms[i], element);
		size_t k = strlen(prefix);
		if (strncmp(m, prefix, k) == 0)
			a = xstrndup(m + k, strcspn(m + k, "'"));
		free(prefix);
	}
	return a;
}

static void on_invalid(void *data, xml_error_t e)
{
	struct validation *v = data;
	xmlNodePtr node = e->node;
	const char *m = e->message ? e->message : "";
	bool attr = node && node->type == XML_ATTRIBUTE_NODE;
	if (attr)
		node = node->parent;
	const char *name = node && node->name ? (const char *)node->name : "";
	int line = e->line ? e->line : node ? (int)xmlGetLineNo(node) : 0;
	char *attr_name = attr ? xstrdup((const char *)((xmlNodePtr)e->node)->name) : attribute_of(m, name);
	const char *field = attr_name ? attr_name : *name ? name : NULL;
	if (strstr(m, "Missing child element")) {
		report_missing(v, m, line, field);
	} else if (line != v->last_line || strcmp(field ? field : "", v->last_field) != 0) {
		if (node && strstr(m, "Character content other than whitespace"))
			line = stray_text_line(node, line);
		v->last_line = line;
		snprintf(v->last_field, sizeof v->last_field, "%s", field ? field : "");
		char *msg = describe(v, e, field ? field : "", attr_name != NULL);
		diag_error(v->dl, v->file, line, field, "%s", msg);
		free(msg);
	}
	free(attr_name);
}

/* The name of the schema's first global element. */
static char *schema_root_name(xmlDocPtr sdoc)
{
	for (xmlNodePtr n = xmlsafe_first_element(xmlDocGetRootElement(sdoc)); n; n = xmlsafe_next_element(n))
		if (is_xsd(n, "element"))
			return xmlsafe_attr(n, "name");
	return NULL;
}

/* Validates doc against the compiled schema s; returns 0 or non-zero with errors in dl. */
static int validate(xmlDocPtr doc, const struct schema *s, const char *display, struct diag_list *dl)
{
	char *root = schema_root_name(s->doc);
	struct validation v = {display, root ? root : "?", s->doc, dl, -1, ""};
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(s->compiled);
	int rc = -1;
	size_t before = dl->nerrors;
	if (vc) {
		xmlSchemaSetValidStructuredErrors(vc, on_invalid, &v);
		rc = xmlSchemaValidateDoc(vc, doc);
		xmlSchemaFreeValidCtxt(vc);
	}
	if (rc != 0 && dl->nerrors == before)
		diag_error(dl, display, 0, NULL, "cannot validate the file against %s", "its schema");
	free(root);
	return rc != 0 || dl->nerrors > before;
}

/* Loads schema into *s (the caller frees it with schema_free), parses path and validates
 * it; returns the document or NULL with errors in dl. */
static xmlDocPtr read_valid(const char *path, const char *display, const char *schema, struct schema *s,
			    struct diag_list *dl)
{
	if (schema_load(s, schema, dl) != 0)
		return NULL;
	xmlDocPtr doc = xmlsafe_read_file(path, display, dl);
	if (doc && validate(doc, s, display, dl) != 0) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	return doc;
}

int xml_validate_file(const char *path, const char *display, const char *schema, struct diag_list *dl)
{
	struct schema s;
	xmlDocPtr doc = read_valid(path, display, schema, &s, dl);
	schema_free(&s);
	if (!doc)
		return 1;
	xmlFreeDoc(doc);
	return 0;
}

/* ---- the table ------------------------------------------------------------------------- */

/* Trims blanks as the CSV reader does (space, tab, NBSP) and line breaks, in place. */
static char *trim_value(char *s)
{
	size_t n = strlen(s), a = 0;
	for (;;) {
		if (a < n && strchr(" \t\r\n", s[a]))
			a++;
		else if (a + 1 < n && (unsigned char)s[a] == 0xC2 && (unsigned char)s[a + 1] == 0xA0)
			a += 2;
		else
			break;
	}
	for (;;) {
		if (n > a && strchr(" \t\r\n", s[n - 1]))
			n--;
		else if (n >= a + 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0)
			n -= 2;
		else
			break;
	}
	memmove(s, s + a, n - a);
	s[n - a] = '\0';
	return s;
}

static size_t header_index(struct table *t, const char *name, bool add)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->header[i], name) == 0)
			return i;
	if (add)
		table_add_header(t, name);
	return add ? t->ncols - 1 : (size_t)-1;
}

/* Adds one row from the row element r; the headers are all known already. */
static void add_row(struct table *t, xmlNodePtr r, struct diag_list *dl)
{
	char **cells = xcalloc(t->ncols, sizeof *cells);
	for (xmlNodePtr f = xmlsafe_first_element(r); f; f = xmlsafe_next_element(f)) {
		size_t i = header_index(t, (const char *)f->name, false);
		xmlChar *c = xmlNodeGetContent(f);
		char *s = trim_value(xstrdup(c ? (const char *)c : ""));
		xmlFree(c);
		if (strlen(s) > XML_MAX_FIELD) {
			diag_error(dl, t->file, (int)xmlGetLineNo(f), (const char *)f->name,
				   "value too long (at most %d bytes)", XML_MAX_FIELD);
			s[0] = '\0';
		}
		free(cells[i]);
		cells[i] = s;
	}
	for (size_t i = 0; i < t->ncols; i++)
		if (!cells[i])
			cells[i] = xstrdup("");
	table_add_row(t, (int)xmlGetLineNo(r), cells);
}

/* Adds a header for every field the schema's row type declares (the elements of its first
 * xs:all), in the schema's order: every column of the contract, as a full CSV has them. */
static void add_schema_fields(struct table *t, xmlDocPtr sdoc)
{
	xmlNodePtr root = xmlDocGetRootElement(sdoc), all = root;
	while (all && !is_xsd(all, "all"))
		all = walk_next(all, root);
	for (xmlNodePtr e = xmlsafe_first_element(all); e; e = xmlsafe_next_element(e)) {
		char *name = is_xsd(e, "element") ? xmlsafe_attr(e, "name") : NULL;
		if (name && *name)
			header_index(t, name, true);
		free(name);
	}
}

/* Builds the table of a valid document: headers are the schema's fields (then any other
 * field, in order of first appearance), each row one row element. Returns the number of
 * errors added. */
static size_t build(struct table *t, xmlDocPtr doc, xmlDocPtr sdoc, struct diag_list *dl)
{
	size_t before = dl->nerrors, nrows = 0;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	t->header_line = (int)xmlGetLineNo(root);
	add_schema_fields(t, sdoc);
	for (xmlNodePtr r = xmlsafe_first_element(root); r; r = xmlsafe_next_element(r), nrows++)
		for (xmlNodePtr f = xmlsafe_first_element(r); f; f = xmlsafe_next_element(f))
			header_index(t, (const char *)f->name, true);
	if (nrows > XML_MAX_ROWS) {
		diag_error(dl, t->file, t->header_line, NULL, "too many rows (at most %d)", XML_MAX_ROWS);
		return 1;
	}
	for (xmlNodePtr r = xmlsafe_first_element(root); r; r = xmlsafe_next_element(r))
		add_row(t, r, dl);
	return dl->nerrors - before;
}

int xml_table_read(const char *path, const char *display, const char *schema, struct table **out,
		   struct diag_list *dl)
{
	struct schema s;
	*out = NULL;
	xmlDocPtr doc = read_valid(path, display, schema, &s, dl);
	if (doc) {
		struct table *t = table_new(display);
		if (build(t, doc, s.doc, dl) != 0)
			table_free(t);
		else
			*out = t;
		xmlFreeDoc(doc);
	}
	schema_free(&s);
	return *out ? 0 : 1;
}
