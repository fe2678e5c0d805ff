/* tmpl: the XML templates (wording and layout of each document) as a small element tree.
 * Invariant: a template is read with xmlsafe (no DTD, no entities, bounded), so a template
 * is as safe as any input; the tree owns its strings; what the names and keys mean is for
 * the rules that read it (they report unknown ones with the template's line). */
#ifndef PT_TMPL_H
#define PT_TMPL_H

#include <stddef.h>

#include "doc/style.h"
#include "util/buf.h"
#include "util/diag.h"

struct tnode {
	char *name;
	char **attr; /* name, value, name, value … */
	size_t nattr;
	char *text;  /* trimmed text content of this element's own text children */
	int line;
	struct tnode *kids;
	size_t nkids;
};

struct tmpl {
	char *file; /* name for messages, e.g. "passport.xml" */
	struct tnode root;
};

/* Reads path (messages name it display). Returns the template (free with tmpl_free) or
 * NULL with errors in dl. */
struct tmpl *tmpl_load(const char *path, const char *display, struct diag_list *dl);
void tmpl_free(struct tmpl *t);

/* Returns the value of attribute name, or dflt (borrowed). */
const char *tnode_attr(const struct tnode *n, const char *name, const char *dflt);
/* Returns an integer attribute within [lo, hi], dflt when absent; out of range or not a
 * number is an error in dl (with the template's line) and gives dflt. */
int tnode_int(const struct tmpl *t, const struct tnode *n, const char *name, int lo, int hi, int dflt,
	      struct diag_list *dl);
/* The first child named name, or NULL. */
const struct tnode *tnode_child(const struct tnode *n, const char *name);
/* The text of the first child named name, or dflt (borrowed). */
const char *tnode_child_text(const struct tnode *n, const char *name, const char *dflt);

/* Fills sheet with the defaults of form, then sets the style attributes of t's root element
 * (e.g. <passport table-size="11">, see doc_sheet_set). A bad value or an unknown style is an
 * error in dl naming the template file, its line and the attribute, and keeps the default;
 * with dl NULL (building from a template already checked) errors are not reported. Returns the
 * number of bad attributes. */
size_t tmpl_sheet(const struct tmpl *t, enum doc_form form, struct doc_sheet *sheet, struct diag_list *dl);

/* Expands the {key} placeholders of s into out. keys is a NULL-terminated list of the keys
 * allowed; value(ctx, k) returns a new string for keys[k] (free()d here); with value NULL
 * only the keys are checked. Returns 0, or -1 with the offending text in bad (an unknown key,
 * an empty or unclosed brace). */
int tmpl_expand(const char *s, const char *const *keys, char *(*value)(const void *ctx, size_t k),
		const void *ctx, struct buf *out, char *bad, size_t badn);

#endif
