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

int main(int argc, char **argv)
{
	struct app_opts o = {0};
	o.in_dir = "input";
	o.out_dir = "out";
	const char *cmd = NULL, *verify_dir_arg = NULL;
	bool date_set = false, expired = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(usage, stdout);
			return 0;
		} else if (strcmp(a, "--version") == 0) {
			printf("patronat %s\n", PATRONAT_VERSION);
			return 0;
		} else if (strcmp(a, "-i") == 0 || strcmp(a, "-o") == 0 || strcmp(a, "--graduate") == 0) {
			if (!(v = value(argc, argv, &i)) || !*v)
				return bad_usage("option %s needs a value", a);
			if (a[1] == 'i')
				o.in_dir = v;
			else if (a[1] == 'o')
				o.out_dir = v;
			else
				o.graduate = v;
		} else if (strcmp(a, "--year") == 0) {
			char *end;
			if (!(v = value(argc, argv, &i)))
				return bad_usage("option %s needs a value", a);
			long y = strtol(v, &end, 10);
			if (*end || y < 1990 || y > 2199)
				return bad_usage("--year: expected a year such as 2024, not '%s'", v);
			o.year = (int)y;
		} else if (strcmp(a, "--date") == 0) {
			if (!(v = value(argc, argv, &i)) || date_parse(v, &o.today) != 0)
				return bad_usage("--date: expected a real date as YYYY-MM-DD, not '%s'", v ? v : "");
			date_set = true;
		} else if (strcmp(a, "-j") == 0 || strncmp(a, "-j", 2) == 0) {
			const char *num = a[2] ? a + 2 : value(argc, argv, &i);
			char *end;
			long j = num ? strtol(num, &end, 10) : 0;
			if (!num || *end || j < 1 || j > 256)
				return bad_usage("-j: expected a number of workers from 1 to 256, not '%s'", num ? num : "");
			o.jobs = (int)j;
		} else if (strcmp(a, "--shard") == 0) {
			int k, n, used = 0;
			if (!(v = value(argc, argv, &i)) || sscanf(v, "%d/%d%n", &k, &n, &used) != 2 ||
			    v[used] || n < 1 || n > 100000 || k < 1 || k > n)
				return bad_usage("--shard: expected K/N with 1 <= K <= N, not '%s'", v ? v : "");
			o.shard_k = k;
			o.shard_n = n;
		} else if (strcmp(a, "--duplex") == 0) {
			o.duplex = true;
		} else if (strcmp(a, "--strict") == 0) {
			o.strict = true;
		} else if (strcmp(a, "-q") == 0) {
			o.quiet = true;
		} else if (strcmp(a, "--expired") == 0) {
			expired = true;
		} else if (a[0] == '-') {
			return bad_usage("unknown option %s", a);
		} else if (cmd && strcmp(cmd, "verify") == 0 && !verify_dir_arg) {
			verify_dir_arg = a;
		} else if (cmd) {
			return bad_usage("one command at a time (extra '%s')", a);
		} else {
			cmd = a;
		}
	}
	if (!cmd)
		return bad_usage("%s", "no command given");
	if (expired && strcmp(cmd, "verify") != 0)
		return bad_usage("--expired goes with verify, not with %s", cmd);
	signal(SIGXFSZ, SIG_IGN); /* a file size limit is an error we report, not a crash */
	if (!date_set)
		o.today = today_default();
	char *data = app_find_data_dir(argv[0]);
	o.data_dir = data;
	enum app_status st;
	if (strcmp(cmd, "check") == 0)
		st = app_check(&o, APP_ALL);
	else if (strcmp(cmd, "passports") == 0)
		st = app_run(&o, APP_PASSPORTS);
	else if (strcmp(cmd, "plans") == 0)
		st = app_run(&o, APP_PLANS);
	else if (strcmp(cmd, "order") == 0)
		st = app_run(&o, APP_ORDER);
	else if (strcmp(cmd, "report") == 0)
		st = app_run(&o, APP_REPORT);
	else if (strcmp(cmd, "all") == 0)
		st = app_run(&o, APP_ALL);
	else if (strcmp(cmd, "verify") == 0)
		st = (enum app_status)verify(verify_dir_arg ? verify_dir_arg : o.out_dir, expired, o.today,
					     o.quiet);
	else
		st = (enum app_status)bad_usage("unknown command '%s'", cmd);
	free(data);
	return (int)st;
}
