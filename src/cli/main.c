/* main: the command line — parses options, calls the library, exits with its status.
 * Exit codes: 0 success, 1 errors in the input (printed as file:line: field: message),
 * 2 usage errors, 3 the documents could not be written (disk, fonts, memory). */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "archive/verify.h"

static const char usage[] =
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
	"  verify [DIR]  check out/ (or DIR) against its manifest.csv: prints each missing,\n"
	"              changed or unlisted file; exit 1 when there is any\n"
	"\n"
	"options:\n"
	"  -i DIR            input folder (default: input)\n"
	"  -o DIR            output folder (default: out)\n"
	"  --year YYYY       academic year starting in YYYY (default: institution.xml)\n"
	"  --date YYYY-MM-DD the documents' date (default: SOURCE_DATE_EPOCH or today)\n"
	"  --graduate ID     only this graduate\n"
	"  -j N              worker processes (default: the number of cores)\n"
	"  --shard K/N       only the K-th of N deterministic shares of the graduates (by id)\n"
	"  --duplex          print files: every document starts on an odd page\n"
	"  --expired         verify: list the documents whose keeping period ended before --date\n"
	"  --strict          treat warnings as errors\n"
	"  -q                quiet: print problems only\n"
	"  --help, --version\n";

static int bad_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "patronat: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n(see patronat --help)\n");
	return APP_USAGE;
}

static struct date today_default(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
	struct tm tm;
	if (sde && *sde)
		gmtime_r(&t, &tm);
	else
		localtime_r(&t, &tm);
	struct date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
	return d;
}

/* patronat verify: problems (or, with expired, the expired documents) on stdout. */
static int verify(const char *dir, bool expired, struct date d, bool quiet)
{
	char err[512], when[16];
	int n = expired ? verify_expired_err(dir, d, stdout, err, sizeof err)
			: verify_dir_err(dir, stdout, err, sizeof err);
	if (n < 0) {
		fprintf(stderr, "patronat: %s\n", err);
		return APP_INPUT_ERROR;
	}
	date_format(d, when, sizeof when);
	if (expired && !quiet)
		fprintf(stderr, "patronat: %s: %d document(s) past their keeping period on %s\n", dir, n, when);
	else if (!expired && !quiet)
		fprintf(stderr, n ? "patronat: %s: %d problem(s)\n"
				  : "patronat: %s: every file matches the manifest\n", dir, n);
	return !expired && n > 0 ? APP_INPUT_ERROR : APP_OK;
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
	struct app_opts o;
	const char *cmd, *verify_dir;
	bool date_set, expired;
};

/* The switch an option without a value turns on, or NULL. */
static bool *flag(const char *a, struct cli *c)
{
	if (strcmp(a, "--duplex") == 0)
		return &c->o.duplex;
	if (strcmp(a, "--strict") == 0)
		return &c->o.strict;
	if (strcmp(a, "-q") == 0)
		return &c->o.quiet;
	if (strcmp(a, "--expired") == 0)
		return &c->expired;
	return NULL;
}

/* Reads one option at argv[*i] (and its value). Returns -1 to go on, or an exit status. */
static int parse_option(int argc, char **argv, int *i, struct cli *c)
{
	const char *a = argv[*i], *v;
	struct app_opts *o = &c->o;
	if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
		fputs(usage, stdout);
		return 0;
	} else if (strcmp(a, "--version") == 0) {
		printf("patronat %s\n", PATRONAT_VERSION);
		return 0;
	} else if (strcmp(a, "-i") == 0 || strcmp(a, "-o") == 0 || strcmp(a, "--graduate") == 0) {
		if (!(v = value(argc, argv, i)) || !*v)
			return bad_usage("option %s needs a value", a);
		*(a[1] == 'i' ? &o->in_dir : a[1] == 'o' ? &o->out_dir : &o->graduate) = v;
	} else if (strcmp(a, "--year") == 0) {
		char *end;
		if (!(v = value(argc, argv, i)))
			return bad_usage("option %s needs a value", a);
		long y = strtol(v, &end, 10);
		if (*end || y < 1990 || y > 2199)
			return bad_usage("--year: expected a year such as 2024, not '%s'", v);
		o->year = (int)y;
	} else if (strcmp(a, "--date") == 0) {
		if (!(v = value(argc, argv, i)) || date_parse(v, &o->today) != 0)
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
	{"check", 0}, {"passports", APP_PASSPORTS}, {"plans", APP_PLANS}, {"order", APP_ORDER},
	{"report", APP_REPORT}, {"all", APP_ALL},
};

int main(int argc, char **argv)
{
	struct cli c = {0};
	c.o.in_dir = "input";
	c.o.out_dir = "out";
	for (int i = 1; i < argc; i++) {
		int st = parse_option(argc, argv, &i, &c);
		if (st >= 0)
			return st;
	}
	if (!c.cmd)
		return bad_usage("%s", "no command given");
	if (c.expired && strcmp(c.cmd, "verify") != 0)
		return bad_usage("--expired goes with verify, not with %s", c.cmd);
	signal(SIGXFSZ, SIG_IGN); /* a file size limit is an error we report, not a crash */
	if (!c.date_set)
		c.o.today = today_default();
	if (strcmp(c.cmd, "verify") == 0)
		return verify(c.verify_dir ? c.verify_dir : c.o.out_dir, c.expired, c.o.today, c.o.quiet);
	size_t k = 0;
	while (k < sizeof commands / sizeof *commands && strcmp(commands[k].name, c.cmd) != 0)
		k++;
	if (k == sizeof commands / sizeof *commands)
		return bad_usage("unknown command '%s'", c.cmd);
	char *data = app_find_data_dir(argv[0]);
	c.o.data_dir = data;
	enum app_status st = commands[k].docs ? app_run(&c.o, commands[k].docs) : app_check(&c.o, APP_ALL);
	free(data);
	return (int)st;
}
