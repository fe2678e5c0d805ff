/* xmlsafe: the one way patronat parses XML from anywhere.
 * Invariant: no network, no DTD (a document that declares one is rejected before parsing),
 * so no external or internal entities; size and nesting depth capped; every failure becomes
 * a diagnostic with the file's line number. */
#ifndef PT_XMLSAFE_H
#define PT_XMLSAFE_H

#include <libxml/tree.h>

#include "util/diag.h"

#define XMLSAFE_MAX_BYTES (64u << 20)
#define XMLSAFE_MAX_DEPTH 64

/* Parses path (messages name it display). Returns the document (free with xmlFreeDoc) or
 * NULL with errors added to dl. */
xmlDocPtr xmlsafe_read_file(const char *path, const char *display, struct diag_list *dl);
xmlDocPtr xmlsafe_read_mem(const char *data, size_t n, const char *display, struct diag_list *dl);

/* Helpers for walking: the next element sibling (or first element child) of n. */
xmlNodePtr xmlsafe_first_element(xmlNodePtr parent);
xmlNodePtr xmlsafe_next_element(xmlNodePtr n);
/* True when n is an element named name. */
int xmlsafe_is(xmlNodePtr n, const char *name);
/* Returns the trimmed text content of n as a new string (free with free()). */
char *xmlsafe_text(xmlNodePtr n);
/* Returns attribute name of n as a new trimmed string, or NULL when absent (free with free()). */
char *xmlsafe_attr(xmlNodePtr n, const char *name);

#endif
