/* main: the command line — parses options, calls the library, exits with its status.
 * Exit codes: 0 success, 1 errors in the input (printed as file:line: field: message),
 * 2 usage errors, 3 the documents could not be written (disk, fonts, memory, the output
 * folder in use by another run under --no-wait), 130/143 stopped by SIGINT/SIGTERM
 * (nothing changed in the output folder). */
#define _POSIX_C_SOURCE 200809L
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "patronat.h"
#include "util/i18n.h"
#include "web/web.h"

/* The session a signal stops and the signal that came: the program's only mutable
 * globals, because a signal handler can reach nothing else. */
static struct pt_session *volatile signal_session;
static volatile sig_atomic_t signal_seen;

/* SIGINT, SIGTERM: while documents are written, ask the run to stop (pt_cancel is safe
 * here); pt_write then removes its staging area and returns PT_INTERRUPTED. Workers inherit
 * the handler and stop too. Before (reading, checking) nothing is written: the default
 * action ends the process at once. */
static void on_signal(int sig)
{
	signal_seen = sig;
	if (signal_session) {
		pt_cancel(signal_session);
	} else {
		signal(sig, SIG_DFL);
		raise(sig);
	}
}

static void catch_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static const char usage[] = N_(
	"usage: patronat [options] COMMAND\n"
	"\n"
	"Turns a college's data on graduates under patronage into print-ready PDF documents.\n"
	"\n"
	"commands:\n"
	"  check       read and check the input, print every problem, write nothing\n"
	"  passports   write out/passports/<id>.pdf, one passport per graduate\n"
	"  plans       write out/plans/<id>.pdf, one event plan per graduate\n"
	"  order       write out/order-<year>.pdf, the appointment order of the year\n"
	"  report      write out/report-<year>.pdf, the annual analytic report\n"
	"  all         write every document (and out/manifest.csv, out/print/inventory.pdf)\n"
	"  inventory   with --tree only: the register of out/ (or -o DIR) as `all` printed it\n"
	"  verify [DIR]  check out/ (or DIR) against its manifest.csv: prints each missing,\n"
	"              changed or unlisted file; exit 1 when there is any\n"
	"  merge DIR...  join the output folders of the shards of one run (--shard K/N, every K\n"
	"              once) into out/ (or -o DIR) as that run unsharded writes it: documents,\n"
	"              print files, register, manifest; -i the input they were made from\n"
	"  serve       the local web page: prints the address to open (with its token);\n"
	"              Ctrl+C stops it\n"
	"\n"
	"options:\n"
	"  -i DIR            input folder (default: input)\n"
	"  -o DIR            output folder (default: out)\n"
	"  --year YYYY       academic year starting in YYYY (default: the order's from institution.xml,\n"
	"                    the report's the latest year whose report is due, 30 June)\n"
	"  --date YYYY-MM-DD the documents' date (default: SOURCE_DATE_EPOCH or today)\n"
	"  --graduate ID     only this graduate\n"
	"  -j N              worker processes (default: the number of cores)\n"
	"  --shard K/N       only the K-th of N deterministic shares of the graduates (by id)\n"
	"  --duplex          print files: every document starts on an odd page\n"
	"  --qr              every document carries the QR element of ГОСТ Р 7.0.97-2025 at the\n"
	"                    bottom right of page 1 (kind, graduate, date, institution)\n"
	"  --expired         verify: list the documents whose keeping period ended before --date\n"
	"  --strict          treat warnings as errors\n"
	"  --no-wait         when another run is writing to the output folder, exit 3 at once\n"
	"                    (default: wait for it)\n"
	"  --port N          serve: the TCP port (default 8765, 0: any free port)\n"
	"  --listen ADDR     serve: listen on this IPv4 address instead of 127.0.0.1\n"
	"                    (only with --token-file)\n"
	"  --token-file F    serve: the token is the one line of F (a shared secret)\n"
	"  --tree            print the document tree of one document (passports and plans with\n"
	"                    --graduate) to stdout instead of writing anything\n"
	"  -q                quiet: print problems only\n"
	"  --help, --version\n");

static int bad_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "patronat: ");
	fprintf(stderr, _(fmt), arg);
	fprintf(stderr, "\n%s\n", _("(see patronat --help)"));
	return PT_USAGE;
}

static struct pt_date today_default(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
	struct tm tm;
	if (sde && *sde)
		gmtime_r(&t, &tm);
	else
		localtime_r(&t, &tm);
	return (struct pt_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

/* Parses YYYY-MM-DD into *d; returns 0, or -1 when it is not a real date. */
static int parse_date(const char *s, struct pt_date *d)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, day, used = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &day, &used) != 3 || s[used] || used != 10 || m < 1 ||
	    m > 12 || day < 1 || day > mdays[m - 1])
		return -1;
	if (m == 2 && day == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return -1;
	*d = (struct pt_date){y, m, day};
	return 0;
}

static void print_line(const char *text, void *arg)
{
	fprintf(arg, "%s\n", text);
}

/* patronat verify: problems (or, with expired, the expired documents) on stdout. */
static int verify(const char *dir, bool expired, struct pt_date d, bool quiet)
{
	char err[512];
	long n = pt_verify(dir, expired, d, print_line, stdout, err, sizeof err);
	if (n < 0) {
		fprintf(stderr, "patronat: %s\n", err);
		return PT_INPUT_ERROR;
	}
	if (expired && !quiet)
		fprintf(stderr,
			P_("patronat: %s: %ld document(s) past their keeping period on %02d.%02d.%04d\n",
			   "patronat: %s: %ld document(s) past their keeping period on %02d.%02d.%04d\n",
			   (unsigned long)n),
			dir, n, d.day, d.month, d.year);
	else if (!expired && !quiet && n)
		fprintf(stderr, P_("patronat: %s: %ld problem(s)\n", "patronat: %s: %ld problem(s)\n", (unsigned long)n),
			dir, n);
	else if (!expired && !quiet)
		fprintf(stderr, _("patronat: %s: every file matches the manifest\n"), dir);
	return !expired && n > 0 ? PT_INPUT_ERROR : PT_OK;
}

/* Returns the value of an option taking one (at argv[*i + 1]), or NULL. */
static const char *value(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

/* What the command line asked for. */
struct cli {
	struct pt_options o;
	struct web_opts w;
	const char *cmd, *verify_dir;
	const char **shards; /* merge: the shards' folders (NULL while they are only counted) */
	size_t nshards;
	bool date_set, expired, quiet, tree;
};

/* The switch an option without a value turns on, or NULL. */
static bool *flag(const char *a, struct cli *c)
{
	if (strcmp(a, "--duplex") == 0)
		return &c->o.duplex;
	if (strcmp(a, "--qr") == 0)
		return &c->o.qr;
	if (strcmp(a, "--strict") == 0)
		return &c->o.strict;
	if (strcmp(a, "-q") == 0)
		return &c->quiet;
	if (strcmp(a, "--expired") == 0)
		return &c->expired;
	if (strcmp(a, "--tree") == 0)
		return &c->tree;
	if (strcmp(a, "--no-wait") == 0)
		return &c->o.no_wait;
	return NULL;
}

/* Reads one option at argv[*i] (and its value). Returns -1 to go on, or an exit status. */
static int parse_option(int argc, char **argv, int *i, struct cli *c)
{
	const char *a = argv[*i], *v;
	struct pt_options *o = &c->o;
	if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
		fputs(_(usage), stdout);
		return 0;
	} else if (strcmp(a, "--version") == 0) {
		printf("patronat %s\n", pt_version());
		return 0;
	} else if (strcmp(a, "-i") == 0 || strcmp(a, "-o") == 0 || strcmp(a, "--graduate") == 0) {
		if (!(v = value(argc, argv, i)) || !*v)
			return bad_usage("option %s needs a value", a);
		*(a[1] == 'i' ? &o->in_dir : a[1] == 'o' ? &o->out_dir : &o->graduate) = v;
	} else if (strcmp(a, "--listen") == 0 || strcmp(a, "--token-file") == 0) {
		if (!(v = value(argc, argv, i)) || !*v)
			return bad_usage("option %s needs a value", a);
		*(a[2] == 'l' ? &c->w.listen : &c->w.token_file) = v;
	} else if (strcmp(a, "--port") == 0) {
		char *end;
		long p = (v = value(argc, argv, i)) ? strtol(v, &end, 10) : -1;
		if (!v || *end || p < 0 || p > 65535)
			return bad_usage("--port: expected a port from 0 to 65535, not '%s'", v ? v : "");
		c->w.port = (int)p;
	} else if (strcmp(a, "--year") == 0) {
		char *end;
		if (!(v = value(argc, argv, i)))
			return bad_usage("option %s needs a value", a);
		long y = strtol(v, &end, 10);
		if (*end || y < 1990 || y > 2199)
			return bad_usage("--year: expected a year such as 2024, not '%s'", v);
		o->year = (int)y;
	} else if (strcmp(a, "--date") == 0) {
		if (!(v = value(argc, argv, i)) || parse_date(v, &o->today) != 0)
			return bad_usage("--date: expected a real date as YYYY-MM-DD, not '%s'", v ? v : "");
		c->date_set = true;
	} else if (strncmp(a, "-j", 2) == 0) {
		const char *num = a[2] ? a + 2 : value(argc, argv, i);
		char *end;
		long j = num ? strtol(num, &end, 10) : 0;
		if (!num || *end || j < 1 || j > 256)
			return bad_usage("-j: expected a number of workers from 1 to 256, not '%s'", num ? num : "");
		o->jobs = (int)j;
	} else if (strcmp(a, "--shard") == 0) {
		int k, n, used = 0;
		if (!(v = value(argc, argv, i)) || sscanf(v, "%d/%d%n", &k, &n, &used) != 2 || v[used] ||
		    n < 1 || n > 100000 || k < 1 || k > n)
			return bad_usage("--shard: expected K/N with 1 <= K <= N, not '%s'", v ? v : "");
		o->shard_k = k;
		o->shard_n = n;
	} else if (flag(a, c)) {
		*flag(a, c) = true;
	} else if (a[0] == '-') {
		return bad_usage("unknown option %s", a);
	} else if (c->cmd && strcmp(c->cmd, "verify") == 0 && !c->verify_dir) {
		c->verify_dir = a;
	} else if (c->cmd && strcmp(c->cmd, "merge") == 0) {
		if (c->shards)
			c->shards[c->nshards] = a;
		c->nshards++;
	} else if (c->cmd) {
		return bad_usage("one command at a time (extra '%s')", a);
	} else {
		c->cmd = a;
	}
	return -1;
}

static const struct {
	const char *name;
	unsigned docs; /* 0: check */
} commands[] = {
	{"check", 0}, {"passports", PT_PASSPORTS}, {"plans", PT_PLANS}, {"order", PT_ORDER},
	{"report", PT_REPORT}, {"all", PT_ALL}, {"inventory", PT_INVENTORY},
};

/* Progress on a terminal: documents done, rate, time left, on one line. */
static void show_progress(const struct pt_progress *p, void *arg)
{
	(void)arg;
	double rate = p->elapsed > 0 ? (double)p->done / p->elapsed : 0;
	int left = p->left > 0 ? (int)p->left : 0;
	fputc('\r', stderr);
	fprintf(stderr, _("patronat: %zu/%zu documents, %.0f/s, %d:%02d left "), p->done, p->total, rate,
		left / 60, left % 60);
	if (p->done == p->total)
		fputc('\n', stderr);
}

/* The progress callback: says once that the run waits for another one (always), shows the
 * progress line when arg is non-NULL (a terminal, not -q). */
static void on_progress(const struct pt_progress *p, void *arg)
{
	if (p->waiting_for > 0)
		fprintf(stderr, _("patronat: the output folder is in use by another run (process %ld): waiting for it\n"),
			p->waiting_for);
	else if (p->waiting_for < 0)
		fprintf(stderr, _("patronat: the output folder is in use by another run: waiting for it\n"));
	else if (arg)
		show_progress(p, NULL);
}

static void print_problems(const struct pt_session *s, size_t from, bool strict)
{
	for (size_t i = from; i < pt_problem_count(s); i++) {
		char *line = pt_problem_format(pt_problem_at(s, i), strict);
		fprintf(stderr, "%s\n", line);
		free(line);
	}
}

/* What the run wrote, in one line. */
static void summary(const struct pt_session *s, const char *out_dir, double seconds)
{
	size_t passports = 0, plans = 0;
	bool order = false, report = false, print = false;
	for (size_t i = 0; i < pt_file_count(s); i++) {
		const char *k = pt_file_at(s, i)->kind;
		passports += strcmp(k, "passport") == 0;
		plans += strcmp(k, "plan") == 0;
		order |= strcmp(k, "order") == 0;
		report |= strcmp(k, "report") == 0;
		print |= strcmp(k, "print") == 0;
	}
	char np[64], nl[64];
	snprintf(np, sizeof np, P_("%zu passport(s)", "%zu passport(s)", passports), passports);
	snprintf(nl, sizeof nl, P_("%zu plan(s)", "%zu plan(s)", plans), plans);
	/* TRANSLATORS: the folder, the passports, the plans, ", the order", ", the report",
	 * ", print files", the seconds */
	fprintf(stderr, _("patronat: written to %s: %s, %s%s%s%s in %.1f s\n"), out_dir, np, nl,
		order ? _(", the order") : "", report ? _(", the report") : "", print ? _(", print files") : "",
		seconds);
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* check (docs 0) or a document command: reads, prints every problem, writes. */
static int run(const struct cli *c, unsigned docs)
{
	double start = now();
	struct pt_session *s = pt_open(&c->o, docs ? docs : PT_ALL);
	print_problems(s, 0, c->o.strict);
	bool failed = pt_failed(s);
	/* every problem kept beside the documents, also when nothing else is written: with the
	 * documents, pt_write commits it with them (a failed or stopped run leaves the old one) */
	size_t size = strlen(c->o.out_dir) + sizeof "/problems.csv";
	char *list = malloc(size);
	if (!list) {
		pt_close(s);
		fprintf(stderr, _("patronat: out of memory\n"));
		return PT_FAILURE;
	}
	snprintf(list, size, "%s/problems.csv", c->o.out_dir);
	bool listed = failed || !docs ? pt_write_problems(s, list) == PT_OK : true;
	if (!listed)
		fprintf(stderr, "patronat: %s\n", pt_last_error(s));
	if (!c->quiet || failed) {
		size_t ne = pt_error_count(s), nw = pt_warning_count(s);
		char e[64], w[64];
		snprintf(e, sizeof e, P_("%zu error(s)", "%zu error(s)", ne), ne);
		snprintf(w, sizeof w, P_("%zu warning(s)", "%zu warning(s)", nw), nw);
		/* TRANSLATORS: the errors, the warnings, "; nothing written" or "", then
		   "; the list: " and the list's path, or "" and "" */
		fprintf(stderr, _("patronat: %s, %s%s%s%s\n"), e, w, failed ? _("; nothing written") : "",
			listed ? _("; the list: ") : "", listed ? list : "");
	}
	enum pt_status st = failed ? PT_INPUT_ERROR : PT_OK;
	if (!failed && docs) {
		size_t seen = pt_problem_count(s);
		signal_session = s;
		st = pt_write(s, docs, on_progress, !c->quiet && isatty(2) ? (void *)s : NULL);
		signal_session = NULL;
		print_problems(s, seen, c->o.strict);
		if (st == PT_FAILURE)
			fprintf(stderr, "patronat: %s\n", pt_last_error(s));
		if (st == PT_INTERRUPTED) {
			int sig = signal_seen ? signal_seen : SIGINT;
			fprintf(stderr, _("patronat: stopped by %s: nothing was changed in %s\n"),
				sig == SIGTERM ? "SIGTERM" : "SIGINT", c->o.out_dir);
			st = (enum pt_status)(128 + sig);
		}
		else if (st == PT_OK && !c->quiet)
			summary(s, c->o.out_dir, now() - start);
	}
	pt_close(s);
	free(list);
	return (int)st;
}

/* patronat merge DIR...: the shards' folders joined into the output folder; the list of
 * problems written beside the documents only when they are (a refused merge writes nothing). */
static int merge(const struct cli *c)
{
	double start = now();
	struct pt_session *s = pt_open_shards(&c->o, c->shards, c->nshards);
	print_problems(s, 0, c->o.strict);
	bool failed = pt_failed(s);
	enum pt_status st = failed ? PT_INPUT_ERROR : PT_OK;
	if (!failed) {
		size_t seen = pt_problem_count(s);
		signal_session = s;
		st = pt_merge(s, on_progress, !c->quiet && isatty(2) ? (void *)s : NULL);
		signal_session = NULL;
		print_problems(s, seen, c->o.strict);
		if (st == PT_FAILURE)
			fprintf(stderr, "patronat: %s\n", pt_last_error(s));
	}
	bool listed = false;
	size_t size = strlen(c->o.out_dir) + sizeof "/problems.csv";
	char *list = malloc(size);
	if (list && st == PT_OK) {
		snprintf(list, size, "%s/problems.csv", c->o.out_dir);
		listed = pt_write_problems(s, list) == PT_OK;
		if (!listed)
			fprintf(stderr, "patronat: %s\n", pt_last_error(s));
	}
	if (!c->quiet || st != PT_OK) {
		size_t ne = pt_error_count(s), nw = pt_warning_count(s);
		char e[64], w[64];
		snprintf(e, sizeof e, P_("%zu error(s)", "%zu error(s)", ne), ne);
		snprintf(w, sizeof w, P_("%zu warning(s)", "%zu warning(s)", nw), nw);
		fprintf(stderr, _("patronat: %s, %s%s%s%s\n"), e, w, st != PT_OK ? _("; nothing written") : "",
			listed ? _("; the list: ") : "", listed ? list : "");
	}
	if (st == PT_INTERRUPTED) {
		int sig = signal_seen ? signal_seen : SIGINT;
		fprintf(stderr, _("patronat: stopped by %s: nothing was changed in %s\n"),
			sig == SIGTERM ? "SIGTERM" : "SIGINT", c->o.out_dir);
		st = (enum pt_status)(128 + sig);
	} else if (st == PT_OK && !c->quiet) {
		summary(s, c->o.out_dir, now() - start);
	}
	free(list);
	pt_close(s);
	return (int)st;
}

/* The merge command: its options checked, the shards' folders collected (a second reading
 * of the command line, now that their number is known), then merge. */
static int merge_command(struct cli *c, int argc, char **argv)
{
	if (c->tree || c->o.graduate || c->o.shard_n)
		return bad_usage("%s", _("merge joins whole shards: it takes no --tree, --graduate or --shard"));
	if (!c->nshards)
		return bad_usage("%s", _("merge needs the output folder of every shard: patronat merge -i INPUT "
					"-o OUT OUT-1 OUT-2 …"));
	c->shards = calloc(c->nshards, sizeof *c->shards);
	if (!c->shards) {
		fprintf(stderr, _("patronat: out of memory\n"));
		return PT_FAILURE;
	}
	c->nshards = 0;
	c->cmd = NULL;
	for (int i = 1; i < argc; i++)
		parse_option(argc, argv, &i, c);
	char *data = pt_find_data_dir();
	c->o.data_dir = data;
	catch_signals();
	int st = merge(c);
	free(data);
	free(c->shards);
	return st;
}

/* patronat serve: the web page over the same options. */
static int serve(struct cli *c)
{
	char *data = pt_find_data_dir();
	c->w.in_dir = c->o.in_dir;
	c->w.out_dir = c->o.out_dir;
	c->w.data_dir = data;
	c->w.today = c->o.today;
	c->w.jobs = c->o.jobs;
	c->w.strict = c->o.strict;
	int st = web_serve(&c->w);
	free(data);
	return st;
}

/* --tree: the tree of one document on stdout (problems on stderr); nothing is written. */
static int tree(const struct cli *c, unsigned kind)
{
	struct pt_session *s = pt_open(&c->o, kind == PT_INVENTORY ? PT_ALL : kind);
	print_problems(s, 0, c->o.strict);
	char *text = NULL;
	enum pt_status st = pt_dump_tree(s, kind, c->o.graduate, &text);
	if (text)
		fputs(text, stdout);
	else
		fprintf(stderr, "patronat: %s\n", pt_last_error(s));
	free(text);
	pt_close(s);
	return (int)st;
}

int main(int argc, char **argv)
{
	struct cli c = {0};
	/* the messages only: numbers, collation and character classes stay those of C, so that
	 * the documents do not depend on the machine's locale */
	setlocale(LC_MESSAGES, "");
	pt_init_messages();
	c.w.port = 8765;
	c.o.in_dir = "input";
	c.o.out_dir = "out";
	for (int i = 1; i < argc; i++) {
		int st = parse_option(argc, argv, &i, &c);
		if (st >= 0)
			return st;
	}
	if (!c.cmd)
		return bad_usage("%s", _("no command given"));
	if (c.expired && strcmp(c.cmd, "verify") != 0)
		return bad_usage("--expired goes with verify, not with %s", c.cmd);
	signal(SIGXFSZ, SIG_IGN); /* a file size limit is an error we report, not a crash */
	if (strcmp(c.cmd, "merge") == 0) /* the shards' date unless --date says it */
		return merge_command(&c, argc, argv);
	if (!c.date_set)
		c.o.today = today_default();
	if (strcmp(c.cmd, "verify") == 0)
		return verify(c.verify_dir ? c.verify_dir : c.o.out_dir, c.expired, c.o.today, c.quiet);
	if (strcmp(c.cmd, "serve") == 0)
		return serve(&c);
	size_t k = 0;
	while (k < sizeof commands / sizeof *commands && strcmp(commands[k].name, c.cmd) != 0)
		k++;
	if (k == sizeof commands / sizeof *commands)
		return bad_usage("unknown command '%s'", c.cmd);
	unsigned docs = commands[k].docs;
	if (c.tree && (!docs || docs == PT_ALL))
		return bad_usage("--tree shows one document: passports, plans, order, report or inventory, not %s", c.cmd);
	if (!c.tree && docs == PT_INVENTORY)
		return bad_usage("%s goes with --tree (`all` writes the register)", c.cmd);
	if (c.tree && (docs == PT_PASSPORTS || docs == PT_PLANS) && !c.o.graduate)
		return bad_usage("--tree %s needs --graduate ID", c.cmd);
	char *data = pt_find_data_dir();
	c.o.data_dir = data;
	if (!c.tree)
		catch_signals();
	int st = c.tree ? tree(&c, docs) : run(&c, docs);
	free(data);
	return st;
}
