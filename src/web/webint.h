/* webint: what the HTTP side (serve.c), the endpoints (api.c, upload.c, files.c) and the
 * compiled-in page (assets.c) of the web page share.
 * Invariant: every field of struct web_server that changes while serving is read and written
 * under its mutex; a batch runs in its own thread and only it touches its session. */
#ifndef WEB_INT_H
#define WEB_INT_H

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "web/web.h"

/* Caps on what a request can make the server hold. */
#define WEB_UPLOAD_MAX_FILES 12
#define WEB_UPLOAD_FILE_CAP (16u << 20)  /* bytes of one uploaded file */
#define WEB_UPLOAD_TOTAL_CAP (40u << 20) /* bytes of one upload request */
#define WEB_FORM_CAP 4096                /* bytes of a small form (run, cancel) */
#define WEB_ZIP_CAP (1024ull << 20)      /* bytes of files one zip may hold */

/* One answer, built by an endpoint and sent by serve.c. */
struct web_reply {
	int status;
	char *body; /* malloc'd (the reply owns it), or NULL */
	size_t len;
	const char *type; /* Content-Type (a literal) */
	int fd;           /* >= 0: send this open file of size bytes instead of body */
	unsigned long long size;
	char disposition[160]; /* Content-Disposition, or "" */
};

/* One uploaded file, under the name patronat reads it by (never the name the browser sent). */
struct web_upload {
	char name[32]; /* "graduates.csv", "patronat.xlsx", … */
	char *data;
	size_t len;
};

/* The batch running (or last run) in its own thread. */
struct web_batch {
	bool running;   /* the thread works */
	bool joinable;  /* a thread was started and not yet joined */
	pthread_t th;
	struct pt_session *s; /* the running batch's session (pt_cancel only from outside) */
	struct web_server *srv;
	unsigned docs;
	int year;
	char graduate[64];
	char state[16];   /* "idle", "running", "done", "failed", "input", "cancelled" */
	char msg[640];    /* what the user reads about the end, in Russian */
	struct pt_progress p;
	char *files_json; /* the written files as a JSON array, once done */
	size_t files_len;
};

struct web_server {
	const struct web_opts *o;
	char token[80];
	char in_real[PATH_MAX], out_real[PATH_MAX]; /* the folders, resolved */
	pthread_mutex_t mu;
	bool checking; /* an upload is being checked */
	bool stopping; /* shutting down: no new batch */
	struct web_batch b;
};

/* Endpoints: each fills r (status, body). Called from the server's threads. */
void api_state(struct web_server *srv, struct web_reply *r);
void api_graduates(struct web_server *srv, struct web_reply *r);
void api_run(struct web_server *srv, const char *docs, const char *year, const char *graduate,
	     struct web_reply *r);
void api_progress(struct web_server *srv, struct web_reply *r);
void api_cancel(struct web_server *srv, struct web_reply *r);
void api_archive(struct web_server *srv, struct web_reply *r);
/* Writes "problems":[…] (errors first, then warnings), "errors", "warnings", "failed". */
struct json;
void api_problems_json(struct json *j, const struct pt_session *s, bool strict);
/* Stops a running batch (pt_cancel) and waits for its thread; frees what the batch kept. */
void api_shutdown(struct web_server *srv);

/* Checks the uploaded files u[0..n) with the other tables of the input folder in a staging
 * folder, and only when the check passes moves them into the input folder. Takes u's data. */
void upload_apply(struct web_server *srv, struct web_upload *u, size_t n, struct web_reply *r);
/* The name patronat reads an uploaded file by, from the name the browser sent: copies it
 * into out (size outlen) and returns 0, or -1 when the file is not a table patronat reads. */
int upload_name(const char *sent, char *out, size_t outlen);

/* Opens the file at rel (a path under the folder root, as the URL gave it) for sending:
 * returns 0 with r->fd set, or fills r with 404 when rel is not a plain file inside root
 * (.., hidden names, symlinks, other characters). */
void files_send(const char *root, const char *rel, struct web_reply *r);
/* The zip of every regular file under root (symlinks and hidden names skipped). */
void files_zip(const char *root, const char *zipname, struct web_reply *r);
/* The hook of «download the sample as a workbook»: sends the sample workbook of the data
 * folder (sample/patronat.xlsx when installed, tests/data/workbooks/patronat.xlsx in the
 * build tree), or 404 while there is none. */
void files_sample_workbook(const char *data_dir, struct web_reply *r);
/* Whether the data folder holds the sample workbook. */
bool files_has_sample_workbook(const char *data_dir);
/* Whether rel (relative to root) is a regular file, not reached through a symlink. */
bool files_exists(const char *root, const char *rel);

/* The compiled-in page: the asset named name ("index.html"), or NULL. */
const unsigned char *assets_find(const char *name, size_t *len, const char **type);

/* Reply helpers. */
void reply_json(struct web_reply *r, int status, char *body, size_t len);
void reply_error(struct web_reply *r, int status, const char *message_ru);

#endif
