/* test_archive: keeping periods on hand-computed cases, the manifest's round trip, verify
 * catching a flipped byte, a deleted file and an extra file, and the expired listing. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive/manifest.h"
#include "rules/retention.h"
#include "archive/verify.h"
#include "harness.h"
#include "util/fileio.h"
#include "util/xalloc.h"

static struct date D(int y, int m, int d)
{
	struct date r = {y, m, d};
	return r;
}

static char *fmt(struct date d)
{
	static char b[16];
	date_format(d, b, sizeof b);
	return b;
}

static void test_retention(void)
{
	CHECK_STR(fmt(retention_keep_until(D(2025, 3, 14), 5)), "31.12.2030");
	CHECK_STR(fmt(retention_keep_until(D(2025, 12, 31), 5)), "31.12.2030");
	CHECK_STR(fmt(retention_keep_until(D(2026, 1, 1), 5)), "31.12.2031");
	CHECK_STR(fmt(retention_keep_until(D(2025, 3, 14), 1)), "31.12.2026");
	CHECK(date_empty(retention_keep_until(D(2025, 3, 14), RETENTION_PERMANENT)), "permanent has no end");
	CHECK(date_empty(retention_keep_until(D(0, 0, 0), 5)), "no closing date, no end");
	CHECK_STR(fmt(retention_keep_until(D(2150, 1, 1), 100)), "31.12.2199");
	/* graduation 14.03.2023: patronage ends 14.03.2025, kept to 31.12.2030 */
	CHECK_STR(fmt(retention_closed("passport", D(2023, 3, 14), 0)), "14.03.2025");
	CHECK_STR(fmt(retention_document(NULL, "passport", D(2023, 3, 14), 0)), "31.12.2030");
	CHECK_STR(fmt(retention_document(NULL, "plan", D(2023, 3, 14), 0)), "31.12.2030");
	/* the report of 2024/2025 closes on 31.08.2025 */
	CHECK_STR(fmt(retention_closed("report", D(0, 0, 0), 2024)), "31.08.2025");
	CHECK_STR(fmt(retention_document(NULL, "report", D(0, 0, 0), 2024)), "31.12.2030");
	CHECK(retention_years(NULL, "order") == RETENTION_PERMANENT, "the order is kept permanently");
	CHECK(date_empty(retention_document(NULL, "order", D(0, 0, 0), 2024)), "permanent order");
	CHECK(retention_years(NULL, "print") == RETENTION_NOT_KEPT, "print copies are not kept");
	struct retention r[] = {{"order", 10}, {"passport", 7}};
	struct institution in = {0};
	in.retentions = r;
	in.nretentions = 2;
	CHECK_STR(fmt(retention_document(&in, "order", D(0, 0, 0), 2024)), "31.12.2035");
	CHECK_STR(fmt(retention_document(&in, "passport", D(2023, 3, 14), 0)), "31.12.2032");
	CHECK_STR(fmt(retention_document(&in, "report", D(0, 0, 0), 2024)), "31.12.2030");
}

static void put(const char *dir, const char *rel, const char *text)
{
	char err[256];
	char *p = xasprintf("%s/%s", dir, rel);
	if (file_write_atomic(p, text, strlen(text), 0640, err, sizeof err) != 0)
		printf("setup: %s\n", err);
	free(p);
}

/* Runs fn on dir and returns what it printed (static buffer). */
static const char *captured(int (*fn)(const char *, FILE *), const char *dir, int *rc)
{
	static char out[4096];
	FILE *f = tmpfile();
	*rc = fn(dir, f);
	rewind(f);
	size_t n = fread(out, 1, sizeof out - 1, f);
	out[n] = '\0';
	fclose(f);
	return out;
}

static int expired_2031(const char *dir, FILE *f)
{
	return verify_expired(dir, D(2031, 1, 1), f);
}

static int expired_2030(const char *dir, FILE *f)
{
	return verify_expired(dir, D(2030, 12, 31), f);
}

static void make_dir(char *dir)
{
	char err[256];
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(1);
	}
	char *sub = xasprintf("%s/passports", dir);
	file_mkdirs(sub, err, sizeof err);
	free(sub);
	sub = xasprintf("%s/print", dir);
	file_mkdirs(sub, err, sizeof err);
	free(sub);
	put(dir, "passports/T-001.pdf", "%PDF-1.4 one");
	put(dir, "passports/T-0,2.pdf", "%PDF-1.4 two");
	put(dir, "order-2024.pdf", "%PDF-1.4 order");
	put(dir, "print/passports.pdf", "%PDF-1.4 print");
}

static void test_manifest(const char *dir)
{
	char err[256];
	struct manifest m = MANIFEST_INIT;
	struct date today = D(2026, 11, 23), none = {0, 0, 0};
	CHECK(manifest_load(&m, dir, err, sizeof err) == -1, "no manifest yet");
	CHECK(manifest_add_file(&m, dir, "passports/T-001.pdf", "passport", "T-001", today, 2, D(2030, 12, 31), err,
				sizeof err) == 0, "%s", err);
	CHECK(manifest_add_file(&m, dir, "passports/T-0,2.pdf", "passport", "T-0,2", today, 1, D(2031, 12, 31), err,
				sizeof err) == 0, "%s", err);
	CHECK(manifest_add_file(&m, dir, "order-2024.pdf", "order", "", today, 3, none, err, sizeof err) == 0, "%s", err);
	CHECK(manifest_add_file(&m, dir, "print/passports.pdf", "print", "", today, 3, none, err, sizeof err) == 0, "%s", err);
	CHECK(manifest_add_file(&m, dir, "nothere.pdf", "plan", "", today, 1, none, err, sizeof err) == -1, "absent file");
	CHECK(manifest_add_file(&m, dir, "../etc.pdf", "plan", "", today, 1, none, err, sizeof err) == -1, "path outside");
	CHECK_STR(m.v[0].sha256, "64c6194b93b036820d781edd6122ec655c67a32859520173b3c92c8d0bbeb0c0"); /* sha256sum of "%PDF-1.4 one" */
	CHECK(manifest_write(&m, dir, err, sizeof err) == 0, "%s", err);
	manifest_free(&m);

	char *path = xasprintf("%s/manifest.csv", dir);
	char *text = NULL;
	size_t n;
	CHECK(file_read_all(path, 1 << 20, &text, &n) == 0, "manifest written");
	struct stat st;
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0640, "mode 0640");
	if (text) {
		CHECK(strncmp(text, "path,kind,graduate,date,sha256,pages,keep_until\norder-2024.pdf,order,,2026-11-23,", 81) == 0,
		      "header and first line sorted by path: %.120s", text);
		CHECK(strstr(text, ",3,permanent\n") != NULL, "the order is permanent");
		CHECK(strstr(text, "\"passports/T-0,2.pdf\",passport,\"T-0,2\",2026-11-23,") != NULL, "quoted: %s", text);
		CHECK(strstr(text, "print,,2026-11-23,") != NULL && strstr(text, ",3,\n") != NULL, "print has no end");
	}
	free(text);
	free(path);

	struct manifest back = MANIFEST_INIT;
	CHECK(manifest_load(&back, dir, err, sizeof err) == 0, "%s", err);
	CHECK(back.n == 4, "4 entries, got %zu", back.n);
	const struct manifest_entry *e = manifest_find(&back, "passports/T-0,2.pdf");
	CHECK(e && strcmp(e->graduate, "T-0,2") == 0 && e->pages == 1 && date_cmp(e->keep_until, D(2031, 12, 31)) == 0 &&
	      date_cmp(e->date, today) == 0, "round trip of an entry");
	e = manifest_find(&back, "order-2024.pdf");
	CHECK(e && date_empty(e->keep_until) && strcmp(e->kind, "order") == 0, "permanent read back");

	/* merge: a new run replaces T-001's entry and adds a plan */
	put(dir, "plan.pdf", "%PDF-1.4 plan");
	struct manifest add = MANIFEST_INIT;
	manifest_add_file(&add, dir, "passports/T-001.pdf", "passport", "T-001", D(2027, 1, 10), 4, D(2030, 12, 31),
			  err, sizeof err);
	manifest_add_file(&add, dir, "plan.pdf", "plan", "T-001", D(2027, 1, 10), 1, D(2030, 12, 31), err, sizeof err);
	manifest_merge(&back, &add);
	CHECK(back.n == 5, "merged to 5 entries, got %zu", back.n);
	e = manifest_find(&back, "passports/T-001.pdf");
	CHECK(e && e->pages == 4 && e->date.y == 2027, "replaced by the newer entry");
	CHECK(back.n == 5 && strcmp(back.v[0].path, "order-2024.pdf") == 0 && strcmp(back.v[4].path, "print/passports.pdf") == 0,
	      "sorted by path");
	CHECK(manifest_write(&back, dir, err, sizeof err) == 0, "%s", err);
	manifest_free(&add);
	manifest_free(&back);
}

static void test_malformed(const char *dir)
{
	char err[256];
	struct manifest m = MANIFEST_INIT;
	char *sub = xasprintf("%s/bad", dir);
	file_mkdirs(sub, err, sizeof err);
	static const char *const bad[] = {
		"path,kind,graduate,date,sha256,pages\n",
		"path,kind,graduate,date,sha256,pages,keep_until\na.pdf,plan,,2026-11-23,xyz,1,\n",
		"path,kind,graduate,date,sha256,pages,keep_until\n../a.pdf,plan,,2026-11-23,"
		"0000000000000000000000000000000000000000000000000000000000000000,1,\n",
		"path,kind,graduate,date,sha256,pages,keep_until\na.pdf,plan,,31.02.2026,"
		"0000000000000000000000000000000000000000000000000000000000000000,1,\n",
		"path,kind,graduate,date,sha256,pages,keep_until\n"
		"a.pdf,plan,,2026-11-23,0000000000000000000000000000000000000000000000000000000000000000,1,\n"
		"a.pdf,plan,,2026-11-23,0000000000000000000000000000000000000000000000000000000000000000,1,\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		put(sub, "manifest.csv", bad[i]);
		err[0] = '\0';
		CHECK(manifest_load(&m, sub, err, sizeof err) == -2 && m.n == 0, "case %zu is malformed", i);
		CHECK(strstr(err, "manifest.csv:") != NULL, "case %zu names the file: %s", i, err);
	}
	CHECK(strstr(err, ":3: path: listed twice") != NULL, "duplicate on line 3: %s", err);
	char *m1 = xasprintf("%s/manifest.csv", sub);
	unlink(m1);
	free(m1);
	rmdir(sub);
	free(sub);
}

static void test_verify(const char *dir)
{
	int rc;
	const char *out = captured(verify_dir, dir, &rc);
	CHECK(rc == 0 && *out == '\0', "clean folder: rc %d, [%s]", rc, out);

	/* flip one byte, delete one file, add one PDF and a temporary file */
	put(dir, "passports/T-001.pdf", "%PDF-1.4 onE");
	char *p = xasprintf("%s/order-2024.pdf", dir);
	unlink(p);
	free(p);
	put(dir, "passports/T-003.pdf", "%PDF-1.4 three");
	put(dir, "passports/T-004.pdf.tmp.123", "half");
	out = captured(verify_dir, dir, &rc);
	CHECK(rc == 3, "three problems, got %d", rc);
	CHECK_STR(out, "missing: order-2024.pdf\nchanged: passports/T-001.pdf\nunlisted: passports/T-003.pdf\n");

	char *nodir = xasprintf("%s/passports", dir);
	out = captured(verify_dir, nodir, &rc);
	CHECK(rc == -1 && *out == '\0', "no manifest: %d", rc);
	free(nodir);
}

static void test_expired(const char *dir)
{
	int rc;
	const char *out = captured(expired_2030, dir, &rc);
	CHECK(rc == 0 && *out == '\0', "nothing expired on 31.12.2030: %d [%s]", rc, out);
	out = captured(expired_2031, dir, &rc);
	CHECK(rc == 2, "two expired on 01.01.2031, got %d", rc);
	CHECK_STR(out, "passports/T-001.pdf\tpassport\tT-001\t2030-12-31\nplan.pdf\tplan\tT-001\t2030-12-31\n");
}

int main(void)
{
	test_retention();
	char dir[] = "/tmp/test_archive.XXXXXX";
	make_dir(dir);
	test_manifest(dir);
	test_malformed(dir);
	test_expired(dir);
	test_verify(dir);
	char *cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("cannot remove %s\n", dir);
	free(cmd);
	return DONE("test_archive");
}
