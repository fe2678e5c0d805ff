/* web: the local web page (`patronat serve`) — a client of patronat.h like the command line.
 * Invariant: it listens on the loopback address unless a shared token file is given, every
 * request carries the session's token, and no request reaches outside the input and output
 * folders. Nothing here is called by the library. */
#ifndef WEB_H
#define WEB_H

#include <stdbool.h>

#include "patronat.h"

struct web_opts {
	const char *in_dir, *out_dir; /* the input and output folders */
	const char *data_dir;         /* templates/ and fonts/ (pt_find_data_dir) */
	struct pt_date today;         /* the documents' date */
	int port;                     /* TCP port, 0 = any free port */
	const char *listen;           /* an IPv4 address other than 127.0.0.1, or NULL */
	const char *token_file;       /* a file holding the shared token, or NULL: a random one */
	int jobs;                     /* worker processes, 0 = the number of cores */
	bool strict;                  /* warnings are errors */
};

/* Serves the page until SIGINT or SIGTERM, printing the address to open on stdout. Returns
 * the exit status: 0 after a clean shutdown, 2 for a usage error (--listen without
 * --token-file, a bad token file), 3 when the server cannot start. */
int web_serve(const struct web_opts *o);

#endif
