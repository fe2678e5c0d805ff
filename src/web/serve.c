/* serve: the HTTP side of `patronat serve` (GNU libmicrohttpd) and its security checks.
 * Invariant: no endpoint runs before the request has passed every check — its Host is a
 * loopback name (or the --listen address), it carries the token, a state change is a POST
 * with the token in a header — and every answer carries CSP, nosniff and no-store. */
#define _GNU_SOURCE /* getrandom */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/i18n.h"
#include "web/json.h"
#include "web/webint.h"

enum req_kind { REQ_PLAIN, REQ_UPLOAD, REQ_FORM };

/* What one request has sent so far (its body, parsed as it arrives). */
struct req {
	enum req_kind kind;
	struct MHD_PostProcessor *pp;
	struct web_upload files[WEB_UPLOAD_MAX_FILES];
	size_t nfiles, total;
	int refused; /* 0, or the status the request gets without running (413, 400) */
	char refusal[256];
	char docs[16], year[8], graduate[64];
	size_t form_bytes;
};

static void req_free(struct req *q)
{
	if (!q)
		return;
	if (q->pp)
		MHD_destroy_post_processor(q->pp);
	for (size_t i = 0; i < q->nfiles; i++)
		free(q->files[i].data);
	free(q);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls, (void)c, (void)toe;
	req_free(*con_cls);
	*con_cls = NULL;
}

void reply_json(struct web_reply *r, int status, char *body, size_t len)
{
	r->status = body ? status : 500;
	r->body = body;
	r->len = len;
	r->type = "application/json; charset=utf-8";
}

void reply_error(struct web_reply *r, int status, const char *message_ru)
{
	struct json j;
	char *body = NULL;
	size_t len = 0;
	if (json_open(&j) == 0) {
		fputc('{', j.f);
		json_key(&j, "error");
		json_str(&j, message_ru);
		fputc('}', j.f);
		body = json_take(&j, &len);
	}
	free(r->body);
	r->body = NULL;
	reply_json(r, status, body, len);
}

/* Appends to field (cap bytes with its NUL) the chunk at off of a form value. */
static void form_copy(char *field, size_t cap, const char *data, uint64_t off, size_t size)
{
	if (off + size + 1 > cap)
		return; /* too long: left as it was, the endpoint refuses it */
	memcpy(field + off, data, size);
	field[off + size] = '\0';
}

static enum MHD_Result post_iter(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
				 const char *type, const char *enc, const char *data, uint64_t off, size_t size)
{
	struct req *q = cls;
	(void)kind, (void)type, (void)enc;
	if (q->refused)
		return MHD_NO;
	if (!filename) {
		if ((q->form_bytes += size) > WEB_FORM_CAP) {
			q->refused = 413;
			return MHD_NO;
		}
		if (strcmp(key, "docs") == 0)
			form_copy(q->docs, sizeof q->docs, data, off, size);
		else if (strcmp(key, "year") == 0)
			form_copy(q->year, sizeof q->year, data, off, size);
		else if (strcmp(key, "graduate") == 0)
			form_copy(q->graduate, sizeof q->graduate, data, off, size);
		return MHD_YES;
	}
	if (q->kind != REQ_UPLOAD) {
		q->refused = 400;
		return MHD_NO;
	}
	char name[32];
	bool named = upload_name(filename, name, sizeof name) == 0;
	/* a new file begins (an empty first chunk of the same file is not one) */
	if (off == 0 && !(q->nfiles && q->files[q->nfiles - 1].len == 0 && named &&
			  strcmp(q->files[q->nfiles - 1].name, name) == 0)) {
		if (q->nfiles == WEB_UPLOAD_MAX_FILES) {
			q->refused = 413;
			snprintf(q->refusal, sizeof q->refusal, "не больше %d файлов за раз", WEB_UPLOAD_MAX_FILES);
			return MHD_NO;
		}
		struct web_upload *u = &q->files[q->nfiles];
		if (!named) {
			q->refused = 400;
			snprintf(q->refusal, sizeof q->refusal,
				 "этот файл не таблица patronat: ожидаются graduates, staff, records, events, "
				 "mentoring (.csv, .xml, .xlsx, .ods), institution.xml или книга .xlsx/.ods");
			return MHD_NO;
		}
		memcpy(u->name, name, sizeof u->name);
		for (size_t i = 0; i < q->nfiles; i++)
			if (strcmp(q->files[i].name, u->name) == 0) {
				q->refused = 400;
				snprintf(q->refusal, sizeof q->refusal, "таблица %s выбрана дважды", u->name);
				return MHD_NO;
			}
		q->nfiles++;
	}
	struct web_upload *u = &q->files[q->nfiles - 1];
	if (u->len + size > WEB_UPLOAD_FILE_CAP || q->total + size > WEB_UPLOAD_TOTAL_CAP) {
		q->refused = 413;
		snprintf(q->refusal, sizeof q->refusal, "файл больше %u МБ", WEB_UPLOAD_FILE_CAP >> 20);
		return MHD_NO;
	}
	char *grown = realloc(u->data, u->len + size + 1);
	if (!grown) {
		q->refused = 413;
		return MHD_NO;
	}
	u->data = grown;
	memcpy(u->data + u->len, data, size);
	u->len += size;
	u->data[u->len] = '\0';
	q->total += size;
	return MHD_YES;
}

/* ---- checks -------------------------------------------------------------------------- */

/* Whether a and b are equal, in a time that does not depend on where they differ. */
static bool same_secret(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char diff = la != lb;
	for (size_t i = 0; i < la && i < lb; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0 && la > 0;
}

/* Whether the Host header names this server by a loopback name (or the --listen address). */
static bool host_ok(const struct web_server *srv, const char *host, int port)
{
	if (!host)
		return false;
	char want[16];
	snprintf(want, sizeof want, ":%d", port);
	size_t n = strlen(host);
	const char *colon = host[0] == '[' ? strstr(host, "]:") : strchr(host, ':');
	if (colon && host[0] == '[')
		colon++;
	size_t name_len = colon ? (size_t)(colon - host) : n;
	if (colon && strcmp(colon, want) != 0)
		return false;
	static const char *const names[] = {"127.0.0.1", "localhost", "[::1]"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strlen(names[i]) == name_len && strncmp(host, names[i], name_len) == 0)
			return true;
	return srv->o->listen && strlen(srv->o->listen) == name_len && strncmp(host, srv->o->listen, name_len) == 0;
}

static bool token_ok(const struct web_server *srv, struct MHD_Connection *c, bool post)
{
	const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Patronat-Token");
	if (h)
		return same_secret(h, srv->token);
	if (post) /* a form of another site cannot set a header: POSTs carry the token in one */
		return false;
	const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token");
	return q && same_secret(q, srv->token);
}

/* ---- answers ------------------------------------------------------------------------- */

static enum MHD_Result send_reply(struct MHD_Connection *c, struct web_reply *r)
{
	struct MHD_Response *resp;
	if (r->fd >= 0) {
		resp = MHD_create_response_from_fd((uint64_t)r->size, r->fd);
		r->fd = -1;
	} else {
		resp = MHD_create_response_from_buffer(r->len, r->body, MHD_RESPMEM_MUST_FREE);
		r->body = NULL;
	}
	if (!resp)
		return MHD_NO;
	bool pdf = r->type && strcmp(r->type, "application/pdf") == 0;
	/* the browser's own PDF viewer runs inside the PDF's answer: only framing is forbidden */
	MHD_add_response_header(resp, "Content-Security-Policy",
				pdf ? "frame-ancestors 'none'; form-action 'none'; base-uri 'none'"
				    : "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
				      "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Cross-Origin-Resource-Policy", "same-origin");
	if (r->type)
		MHD_add_response_header(resp, "Content-Type", r->type);
	if (r->disposition[0])
		MHD_add_response_header(resp, "Content-Disposition", r->disposition);
	enum MHD_Result res = MHD_queue_response(c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return res;
}

static enum MHD_Result send_status(struct MHD_Connection *c, int status, const char *text)
{
	struct web_reply r = {.status = status, .fd = -1, .type = "text/plain; charset=utf-8"};
	r.body = strdup(text);
	r.len = r.body ? strlen(r.body) : 0;
	return send_reply(c, &r);
}

/* The page, with the token written where the page's links need it. */
static void page(const struct web_server *srv, struct web_reply *r)
{
	size_t len;
	const char *type;
	const unsigned char *html = assets_find("index.html", &len, &type);
	static const char mark[] = "{{TOKEN}}";
	char *out = NULL;
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);
	if (!f || !html) {
		reply_error(r, 500, "нет страницы");
		return;
	}
	for (size_t i = 0; i < len;) {
		if (len - i >= sizeof mark - 1 && memcmp(html + i, mark, sizeof mark - 1) == 0) {
			fputs(srv->token, f);
			i += sizeof mark - 1;
		} else {
			fputc(html[i++], f);
		}
	}
	fclose(f);
	r->status = 200;
	r->body = out;
	r->len = outlen;
	r->type = type;
}

static void asset(const char *name, struct web_reply *r)
{
	size_t len;
	const char *type;
	const unsigned char *data = assets_find(name, &len, &type);
	if (!data || !(r->body = malloc(len ? len : 1))) {
		reply_error(r, 404, "нет такой страницы");
		return;
	}
	memcpy(r->body, data, len);
	r->len = len;
	r->status = 200;
	r->type = type;
}

/* Runs the endpoint of a GET request that passed the checks. */
static void route_get(struct web_server *srv, const char *url, struct web_reply *r)
{
	if (strcmp(url, "/") == 0)
		page(srv, r);
	else if (strcmp(url, "/app.css") == 0 || strcmp(url, "/app.js") == 0 || strcmp(url, "/favicon.svg") == 0)
		asset(url + 1, r);
	else if (strcmp(url, "/api/state") == 0)
		api_state(srv, r);
	else if (strcmp(url, "/api/graduates") == 0)
		api_graduates(srv, r);
	else if (strcmp(url, "/api/progress") == 0)
		api_progress(srv, r);
	else if (strcmp(url, "/api/archive") == 0)
		api_archive(srv, r);
	else if (strncmp(url, "/out/", 5) == 0)
		files_send(srv->out_real, url + 5, r);
	else if (strcmp(url, "/zip/documents.zip") == 0)
		files_zip(srv->out_real, "documents.zip", r);
	else if (strcmp(url, "/zip/tables.zip") == 0)
		files_zip(srv->in_real, "tables.zip", r);
	else if (strcmp(url, "/sample.xlsx") == 0) {
		files_sample_workbook(srv->o->data_dir, r);
	} else
		reply_error(r, 404, "нет такой страницы");
}

static void route_post(struct web_server *srv, const char *url, struct req *q, struct web_reply *r)
{
	if (strcmp(url, "/api/upload") == 0 && q->kind == REQ_UPLOAD) {
		upload_apply(srv, q->files, q->nfiles, r);
		q->nfiles = 0; /* upload_apply took the data */
	} else if (strcmp(url, "/api/run") == 0)
		api_run(srv, q->docs, q->year, q->graduate, r);
	else if (strcmp(url, "/api/cancel") == 0)
		api_cancel(srv, r);
	else
		reply_error(r, 404, "нет такой страницы");
}

static bool is_post_url(const char *url)
{
	return strcmp(url, "/api/upload") == 0 || strcmp(url, "/api/run") == 0 || strcmp(url, "/api/cancel") == 0;
}

struct daemon_ctx {
	struct web_server *srv;
	int port;
};

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
			      const char *version, const char *data, size_t *data_size, void **con_cls)
{
	struct daemon_ctx *dc = cls;
	struct web_server *srv = dc->srv;
	(void)version;
	struct req *q = *con_cls;
	bool post = strcmp(method, "POST") == 0;
	if (!q) { /* the headers have arrived: every check before anything else */
		if (!host_ok(srv, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host"), dc->port))
			return send_status(c, 403, "403 запрещено: адрес страницы не этого компьютера\n");
		if (!token_ok(srv, c, post))
			return send_status(c, 403, "403 запрещено: откройте адрес, который напечатала программа\n");
		bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
		if (post != is_post_url(url) || (!post && !get))
			return send_status(c, 405, "405 метод не разрешён\n");
		if (!(q = calloc(1, sizeof *q)))
			return MHD_NO;
		*con_cls = q;
		if (post) {
			const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
			bool upload = strcmp(url, "/api/upload") == 0;
			unsigned long long cap = upload ? WEB_UPLOAD_TOTAL_CAP + 65536ull : WEB_FORM_CAP;
			if (len && strtoull(len, NULL, 10) > cap)
				return send_status(c, 413, "413 слишком большой запрос\n");
			q->kind = upload ? REQ_UPLOAD : REQ_FORM;
			q->pp = MHD_create_post_processor(c, 32 * 1024, post_iter, q);
			/* a body in no form encoding (or none at all): only the cancel needs nothing */
		}
		return MHD_YES;
	}
	if (*data_size) { /* a chunk of the body */
		if (!q->pp || q->refused || MHD_post_process(q->pp, data, *data_size) != MHD_YES)
			q->refused = q->refused ? q->refused : 400;
		*data_size = 0;
		return MHD_YES;
	}
	struct web_reply r = {.fd = -1};
	if (q->pp) { /* the last value of a form arrives when its processor ends */
		if (MHD_destroy_post_processor(q->pp) != MHD_YES && !q->refused)
			q->refused = 400;
		q->pp = NULL;
	}
	if (q->refused) {
		reply_error(&r, q->refused, q->refusal[0] ? q->refusal
					    : q->refused == 413 ? "слишком большой запрос" : "запрос не разобран");
	} else if (post) {
		route_post(srv, url, q, &r);
	} else {
		route_get(srv, url, &r);
	}
	return send_reply(c, &r);
}

/* ---- start and stop ------------------------------------------------------------------ */

static int random_token(char *out, size_t outlen)
{
	unsigned char raw[24];
	size_t got = 0;
	while (got < sizeof raw) {
		ssize_t k = getrandom(raw + got, sizeof raw - got, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		got += (size_t)k;
	}
	for (size_t i = 0; i < sizeof raw && 2 * i + 2 < outlen; i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
	return 0;
}

/* Reads the shared token of --token-file: one line of 16 to 64 letters, digits, - or _. */
static int read_token_file(const char *path, char *out, size_t outlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "patronat: %s: %s\n", path, strerror(errno));
		return -1;
	}
	char line[128] = "";
	bool got = fgets(line, sizeof line, f) != NULL;
	fclose(f);
	line[strcspn(line, "\r\n")] = '\0';
	size_t n = strlen(line);
	bool good = got && n >= 16 && n <= 64 && n < outlen;
	for (size_t i = 0; good && i < n; i++)
		good = (line[i] >= '0' && line[i] <= '9') || (line[i] >= 'a' && line[i] <= 'z') ||
		       (line[i] >= 'A' && line[i] <= 'Z') || line[i] == '-' || line[i] == '_';
	if (!good) {
		fprintf(stderr, _("patronat: %s: expected one line of 16 to 64 letters, digits, '-' or '_'\n"), path);
		return -1;
	}
	memcpy(out, line, n + 1);
	return 0;
}

static int resolve(const char *dir, char *out, bool create)
{
	if (create)
		mkdir(dir, 0750);
	if (!realpath(dir, out)) {
		fprintf(stderr, "patronat: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	struct stat st;
	if (stat(out, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, _("patronat: %s: not a folder\n"), dir);
		return -1;
	}
	return 0;
}

/* The page speaks Russian: the problems and errors of the library it shows come out in
 * Russian whatever the server's locale. LANGUAGE chooses the catalogue; gettext ignores it
 * under the "C" message locale, so C.UTF-8 (built into glibc since 2.35) takes its place
 * then. Called before the server's threads start (setenv is not thread-safe). */
static void page_language(void)
{
	setenv("LANGUAGE", "ru", 1);
	const char *cur = setlocale(LC_MESSAGES, NULL);
	if (!cur || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0 || !setlocale(LC_MESSAGES, ""))
		setlocale(LC_MESSAGES, "C.UTF-8");
}

int web_serve(const struct web_opts *o)
{
	/* the terminal's lines in the terminal's language, looked up before the page's switch
	 * (gettext's strings stay valid: the catalogue is never unloaded) */
	const char *no_listen = _("patronat: cannot listen on %s:%d (is the port taken?)\n");
	const char *page_at = _("patronat: the page is at http://%s:%d/?token=%s\n");
	const char *open_it = _("patronat: open it in the browser of this computer; Ctrl+C stops the server\n");
	const char *stopping = _("patronat: %s: stopping\n");
	const char *stopped = _("patronat: stopped\n");
	struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)o->port)};
	const char *host = o->listen ? o->listen : "127.0.0.1";
	if (o->listen && !o->token_file) {
		fprintf(stderr, _("patronat: --listen needs --token-file: a page reachable from other computers "
				  "must not use a token printed on this screen\n"));
		return PT_USAGE;
	}
	if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
		fprintf(stderr, _("patronat: --listen: expected an IPv4 address such as 192.168.1.10, not '%s'\n"), host);
		return PT_USAGE;
	}
	struct web_server *srv = calloc(1, sizeof *srv);
	if (!srv)
		return PT_FAILURE;
	srv->o = o;
	snprintf(srv->b.state, sizeof srv->b.state, "idle");
	srv->b.srv = srv;
	int st = o->token_file ? (read_token_file(o->token_file, srv->token, sizeof srv->token) ? PT_USAGE : 0)
			       : (random_token(srv->token, sizeof srv->token) ? PT_FAILURE : 0);
	if (st == 0 && (resolve(o->in_dir, srv->in_real, false) || resolve(o->out_dir, srv->out_real, true)))
		st = PT_USAGE;
	if (st != 0) {
		free(srv);
		return st;
	}
	pthread_mutex_init(&srv->mu, NULL);
	/* SIGINT/SIGTERM are taken by sigwait below: blocked in every thread (and worker) */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	signal(SIGINT, SIG_DFL); /* a shell starts background jobs with SIGINT ignored */
	signal(SIGTERM, SIG_DFL);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	page_language();
	struct daemon_ctx dc = {srv, o->port};
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_AUTO_INTERNAL_THREAD, (uint16_t)o->port, NULL, NULL, handle, &dc,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE, 4u,
		MHD_OPTION_CONNECTION_LIMIT, 64u, MHD_OPTION_CONNECTION_TIMEOUT, 120u,
		MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, no_listen, host, o->port);
		pthread_mutex_destroy(&srv->mu);
		free(srv);
		return PT_FAILURE;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	dc.port = info ? info->port : o->port;
	printf(page_at, host, dc.port, srv->token);
	fputs(open_it, stdout);
	fflush(stdout);
	int sig = 0;
	sigwait(&stop, &sig);
	fprintf(stderr, stopping, sig == SIGINT ? "SIGINT" : "SIGTERM");
	pthread_mutex_lock(&srv->mu);
	srv->stopping = true;
	pthread_mutex_unlock(&srv->mu);
	api_shutdown(srv);
	MHD_stop_daemon(d);
	pthread_mutex_destroy(&srv->mu);
	free(srv);
	fputs(stopped, stderr);
	return 0;
}
