/* test_regressions: replays every input the fuzzers once crashed on (tests/fuzz-regressions/,
 * named by the reader they reach: csv-*, xml-*) through that reader and checks what it must
 * say about it; under `make asan` a relapse also shows as a sanitizer report.
 * Invariant: every file there has an expectation below (a new one without is a failure). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdlib.h>

#include "csv/csv_read.h"
#include "harness.h"
#include "util/fileio.h"
#include "xml/xmlsafe.h"

/* The problems of reading data as the reader its name says: returns 1 when it gave a
 * document (XML) or a table (CSV), 0 when it refused it; problems into dl. */
static int read_as(const char *name, const char *data, size_t len, struct diag_list *dl)
{
	if (strncmp(name, "csv-", 4) == 0) {
		struct table *t = NULL;
		csv_read_mem(data, len, name, &t, dl);
		int got = t != NULL;
		table_free(t);
		return got;
	}
	xmlDocPtr doc = xmlsafe_read_mem(data, len, name, dl);
	if (doc)
		xmlFreeDoc(doc);
	return doc != NULL;
}

/* The number of lines of data (a last line without '\n' counts). */
static int lines_of(const char *data, size_t len)
{
	int n = len && data[len - 1] != '\n';
	for (size_t i = 0; i < len; i++)
		n += data[i] == '\n';
	return n;
}

/* xml-lone-lt-at-end: the pre-scan read past the end of a file ending in a lone '<' (an XML
 * file cut short). It must be refused with one error on its last line, naming the file; and
 * so must every shorter cut of it that is not well-formed either: each is read (or refused
 * with an error), none crashes. */
static void lone_lt(const char *name, const char *data, size_t len)
{
	struct diag_list dl = DIAG_LIST_INIT;
	int got = read_as(name, data, len, &dl);
	CHECK(!got, "%s: a document cut after '<' was accepted", name);
	CHECK(dl.nerrors >= 1, "%s: refused without an error", name);
	if (dl.n) {
		CHECK(dl.v[0].file && strcmp(dl.v[0].file, name) == 0, "%s: the error names %s", name,
		      dl.v[0].file ? dl.v[0].file : "(none)");
		CHECK(dl.v[0].line == lines_of(data, len), "%s: error on line %d, the '<' is on line %d", name,
		      dl.v[0].line, lines_of(data, len));
	}
	diag_list_free(&dl);
	size_t silent = 0;
	for (size_t cut = 0; cut < len; cut++) {
		struct diag_list d2 = DIAG_LIST_INIT;
		int ok = read_as(name, data, cut, &d2);
		silent += !ok && d2.nerrors == 0;
		diag_list_free(&d2);
	}
	CHECK(silent == 0, "%s: %zu cuts refused without an error", name, silent);
}

static const struct {
	const char *name;
	void (*check)(const char *name, const char *data, size_t len);
} expectations[] = {
	{"xml-lone-lt-at-end.xml", lone_lt},
};

int main(void)
{
	const char *dir = "tests/fuzz-regressions";
	DIR *d = opendir(dir);
	CHECK(d != NULL, "cannot open %s", dir);
	struct dirent *e;
	int n = 0;
	while (d && (e = readdir(d))) {
		char path[512];
		char *data;
		size_t len;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		int rd = file_read_all(path, 1 << 24, &data, &len);
		CHECK(rd == 0, "cannot read %s", path);
		if (rd != 0)
			continue;
		size_t k = 0;
		while (k < sizeof expectations / sizeof *expectations && strcmp(expectations[k].name, e->d_name) != 0)
			k++;
		CHECK(k < sizeof expectations / sizeof *expectations, "%s: no expectation for this regression", e->d_name);
		if (k < sizeof expectations / sizeof *expectations)
			expectations[k].check(e->d_name, data, len);
		n++;
		free(data);
	}
	if (d)
		closedir(d);
	CHECK(n == (int)(sizeof expectations / sizeof *expectations), "%d regression inputs for %zu expectations", n,
	      sizeof expectations / sizeof *expectations);
	return DONE("regressions");
}
