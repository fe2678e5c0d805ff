/* json: writing JSON text into a memory stream (the web page's answers).
 * Invariant: json_str writes valid JSON for any bytes: control characters escaped, invalid
 * UTF-8 replaced by U+FFFD, so an answer always parses in the browser. */
#ifndef WEB_JSON_H
#define WEB_JSON_H

#include <stddef.h>
#include <stdio.h>

struct json {
	FILE *f;
	char *data;
	size_t len;
};

/* Opens an empty text. Returns 0, or -1 when out of memory. */
int json_open(struct json *j);
/* Writes s as a JSON string, or null when s is NULL. */
void json_str(struct json *j, const char *s);
/* Writes "key": (key is a literal of the caller, not escaped). */
void json_key(struct json *j, const char *key);
/* Closes the text; returns it (free with free()) and its length in *len. */
char *json_take(struct json *j, size_t *len);

#endif
