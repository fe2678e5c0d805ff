/* test_archive: keeping periods on hand-computed cases, the manifest's round trip, verify
 * catching a flipped byte, a deleted file and an extra file, every tampered column, links
 * and X.PDF, the manifest's digest, the documents' metadata line, and the expired listing. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive/docmeta.h"
#include "archive/manifest.h"
#include "rules/retention.h"
#include "archive/verify.h"
#include "harness.h"
#include "util/buf.h"
#include "util/fileio.h"
#include "util/sha256.h"
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
	/* graduation 14.03.2023: patronage ends 13.03.2025 (the day before the anniversary), kept to 31.12.2030 */
	CHECK_STR(fmt(retention_closed("passport", D(2023, 3, 14), 0)), "13.03.2025");
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

/* A PDF as our backend writes its structure (catalog, page tree, Info, classic xref), with
 * count pages in the tree and keywords (a PDF string token, "(…)" or "<FEFF…>") in the Info.
 * Returns a new string. */
static char *mini_pdf(const char *keywords, int count)
{
	struct buf b = BUF_INIT;
	size_t off[4];
	buf_adds(&b, "%PDF-1.3\n%\xb7\xbe\xad\xaa\n");
	off[1] = b.len;
	buf_adds(&b, "1 0 obj\n<<\n/Type /Catalog\n/Pages 2 0 R\n>>\nendobj\n");
	off[2] = b.len;
	buf_printf(&b, "2 0 obj\n<<\n/Type /Pages\n/Kids [ ]\n/Count %d\n>>\nendobj\n", count);
	off[3] = b.len;
	buf_printf(&b, "3 0 obj\n<<\n/Producer (Haru \\(test\\))\n/Title <FEFF0410>\n/Keywords %s\n>>\nendobj\n",
		   keywords);
	size_t x = b.len;
	buf_adds(&b, "xref\n0 4\n0000000000 65535 f\r\n");
	for (int i = 1; i < 4; i++)
		buf_printf(&b, "%010zu 00000 n\r\n", off[i]);
	buf_printf(&b, "trailer\n<<\n/Root 1 0 R\n/Info 3 0 R\n/Size 4\n>>\nstartxref\n%zu\n%%%%EOF\n", x);
	return buf_take(&b);
}

/* Writes dir/rel as a document of ours saying this of itself (years as docmeta.h). */
static void put_doc(const char *dir, const char *rel, const char *kind, const char *graduate, struct date date,
		    struct date closed, int years, struct date keep, int pages)
{
	struct docmeta dm;
	memset(&dm, 0, sizeof dm);
	snprintf(dm.kind, sizeof dm.kind, "%s", kind);
	snprintf(dm.graduate, sizeof dm.graduate, "%s", graduate);
	dm.date = date, dm.closed = closed, dm.years = years, dm.keep_until = keep;
	char *line = docmeta_format(&dm);
	char *tok = xasprintf("(%s)", line);
	char *pdf = mini_pdf(tok, pages);
	put(dir, rel, pdf);
	free(pdf);
	free(tok);
	free(line);
}

static void make_dir(char *dir)
{
	char err[256];
	struct date today = D(2026, 11, 23), none = {0, 0, 0};
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
	put_doc(dir, "passports/T-001.pdf", "passport", "T-001", today, D(2025, 3, 14), 5, D(2030, 12, 31), 2);
	put_doc(dir, "passports/T-0,2.pdf", "passport", "T-0,2", today, D(2026, 6, 30), 5, D(2031, 12, 31), 1);
	put_doc(dir, "order-2024.pdf", "order", "", today, D(2025, 8, 31), DOCMETA_PERMANENT, none, 3);
	put_doc(dir, "print/passports.pdf", "print", "", today, none, DOCMETA_NOT_KEPT, none, 3);
}

/* verify's rules, as pt_verify hands them in. */
static struct date by_rules(const char *kind, struct date closed, int years)
{
	struct date none = {0, 0, 0};
	return retention_years(NULL, kind) == RETENTION_NOT_KEPT ? none : retention_keep_until(closed, years);
}

static int verify_with_rules(const char *dir, FILE *f)
{
	char err[256];
	static const struct verify_rules rules = {by_rules};
	return verify_dir_rules(dir, &rules, f, err, sizeof err);
}

/* The text before verify's last line (the digest), and the digest's groups in digest. */
static const char *problems_of(const char *out, char *digest, size_t n)
{
	static char b[4096];
	snprintf(b, sizeof b, "%s", out);
	char *last = strstr(b, "digest of the manifest: ");
	if (digest)
		snprintf(digest, n, "%s", last ? last + 24 : "");
	if (last)
		*last = '\0';
	return b;
}

static void test_docmeta(void)
{
	struct docmeta a, b;
	memset(&a, 0, sizeof a);
	snprintf(a.kind, sizeof a.kind, "passport");
	snprintf(a.graduate, sizeof a.graduate, "-1;=x Ё");
	a.date = D(2026, 11, 23), a.closed = D(2025, 3, 14), a.years = 5, a.keep_until = D(2030, 12, 31);
	char *line = docmeta_format(&a);
	CHECK_STR(line, "patronat: kind=passport; graduate=-1%3B%3Dx%20%D0%81; date=2026-11-23; closed=2025-03-14; "
			"years=5; keep-until=2030-12-31");
	CHECK(docmeta_parse(line, &b) == 0 && strcmp(b.graduate, a.graduate) == 0 && date_cmp(b.closed, a.closed) == 0 &&
	      b.years == 5 && date_cmp(b.keep_until, a.keep_until) == 0, "round trip of [%s]", line);
	free(line);
	a.years = DOCMETA_PERMANENT, a.keep_until = D(0, 0, 0);
	memcpy(a.manifest_sha256, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", 65);
	line = docmeta_format(&a);
	CHECK(strstr(line, "years=permanent; keep-until=permanent; manifest-sha256=0123") != NULL, "%s", line);
	CHECK(docmeta_parse(line, &b) == 0 && b.years == DOCMETA_PERMANENT && strcmp(b.manifest_sha256, a.manifest_sha256) == 0,
	      "permanent round trip");
	free(line);
	static const char *const bad[] = {
		"kind=passport; graduate=; date=2026-11-23; closed=; years=; keep-until=",
		"patronat: kind=passport; graduate=; date=2026-11-23; closed=; years=; keep-until=2030-12-31",
		"patronat: kind=passport; graduate=a b; date=2026-11-23; closed=; years=; keep-until=",
		"patronat: kind=passport; graduate=; date=2026-02-30; closed=; years=; keep-until=",
		"patronat: kind=passport; graduate=; date=2026-11-23; closed=2025-01-01; years=500; keep-until=2030-12-31",
		"patronat: kind=passport; graduate=; date=2026-11-23; keep-until=",
		"patronat: kind=passport; graduate=; date=2026-11-23; closed=; years=; keep-until=; extra=1",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		CHECK(docmeta_parse(bad[i], &b) == -1, "case %zu is not a metadata line", i);

	/* the reader: /Count and /Keywords, a literal string or UTF-16BE hex, a link refused */
	char dir[] = "/tmp/test_docmeta.XXXXXX";
	CHECK(mkdtemp(dir) != NULL, "mkdtemp");
	char *pdf = mini_pdf("(patronat: kind=print\\073 \\(x\\))", 7);
	put(dir, "a.pdf", pdf);
	free(pdf);
	pdf = mini_pdf("<FEFF0070 0061 0074>", 2);
	put(dir, "b.pdf", pdf);
	free(pdf);
	put(dir, "c.pdf", "%PDF-1.4 not really");
	char *p = xasprintf("%s/a.pdf", dir), *kw, err[160];
	int pages;
	CHECK(docmeta_read_pdf(p, &pages, &kw, err, sizeof err) == 0 && pages == 7 && kw &&
	      strcmp(kw, "patronat: kind=print; (x)") == 0, "literal: %d [%s] %s", pages, kw ? kw : "", err);
	free(kw);
	free(p);
	p = xasprintf("%s/b.pdf", dir);
	CHECK(docmeta_read_pdf(p, &pages, &kw, err, sizeof err) == 0 && pages == 2 && kw && strcmp(kw, "pat") == 0,
	      "UTF-16BE: %d [%s] %s", pages, kw ? kw : "", err);
	free(kw);
	char *l = xasprintf("%s/l.pdf", dir);
	CHECK(symlink(p, l) == 0, "symlink");
	CHECK(docmeta_read_pdf(l, &pages, &kw, err, sizeof err) == -1 && strstr(err, "symbolic link"), "link: %s", err);
	free(p);
	p = xasprintf("%s/c.pdf", dir);
	CHECK(docmeta_read_pdf(p, &pages, &kw, err, sizeof err) == -1, "not a PDF of ours");
	free(p);
	char *cmd = xasprintf("rm -rf '%s'", dir);
	CHECK(system(cmd) == 0, "cleanup");
	free(cmd);
	free(l);
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
	char want[65], *full = xasprintf("%s/passports/T-001.pdf", dir);
	CHECK(sha256_file(full, want) == 0 && strcmp(m.v[0].sha256, want) == 0, "the file's SHA-256");
	free(full);
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
	put_doc(dir, "plan.pdf", "plan", "T-001", D(2027, 1, 10), D(2025, 3, 14), 5, D(2030, 12, 31), 1);
	put_doc(dir, "passports/T-001.pdf", "passport", "T-001", D(2027, 1, 10), D(2025, 3, 14), 5, D(2030, 12, 31), 4);
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

/* Rewrites dir's manifest with fn applied to the entry of path; returns verify's output. */
static const char *tampered(const char *dir, const char *path, void (*fn)(struct manifest_entry *), int *rc)
{
	char err[256];
	struct manifest m = MANIFEST_INIT;
	manifest_load(&m, dir, err, sizeof err);
	char *keep = xasprintf("%s/manifest.csv", dir), *saved = NULL;
	size_t n = 0;
	file_read_all(keep, 1 << 20, &saved, &n);
	for (size_t i = 0; i < m.n; i++)
		if (strcmp(m.v[i].path, path) == 0)
			fn(&m.v[i]);
	manifest_write(&m, dir, err, sizeof err);
	manifest_free(&m);
	const char *out = problems_of(captured(verify_with_rules, dir, rc), NULL, 0);
	file_write_atomic(keep, saved, n, 0640, err, sizeof err);
	free(saved);
	free(keep);
	return out;
}

static void t_path(struct manifest_entry *e) { free(e->path); e->path = xstrdup("passports/T-009.pdf"); }
static void t_kind(struct manifest_entry *e) { free(e->kind); e->kind = xstrdup("plan"); }
static void t_graduate(struct manifest_entry *e) { free(e->graduate); e->graduate = xstrdup("T-002"); }
static void t_date(struct manifest_entry *e) { e->date = D(2026, 11, 24); }
static void t_sha(struct manifest_entry *e) { e->sha256[0] = e->sha256[0] == '0' ? '1' : '0'; }
static void t_pages(struct manifest_entry *e) { e->pages = 3; }
static void t_keep(struct manifest_entry *e) { e->keep_until = D(2029, 12, 31); }
static void t_permanent(struct manifest_entry *e) { e->keep_until = D(2024, 12, 31); }

static void test_columns(const char *dir)
{
	int rc;
	char d1[80], d2[80];
	const char *out = problems_of(captured(verify_with_rules, dir, &rc), d1, sizeof d1);
	CHECK(rc == 0 && *out == '\0', "clean before tampering: rc %d [%s]", rc, out);
	CHECK(strlen(d1) == 72, "the digest: 8 groups of 8 [%s]", d1);
	static const struct {
		const char *path;
		void (*fn)(struct manifest_entry *);
		const char *want;
	} cases[] = {
		{"passports/T-001.pdf", t_path, "missing: passports/T-009.pdf\nunlisted: passports/T-001.pdf\n"},
		{"passports/T-001.pdf", t_kind, "changed column kind: passports/T-001.pdf (manifest plan, document passport)\n"},
		{"passports/T-001.pdf", t_graduate,
		 "changed column graduate: passports/T-001.pdf (manifest T-002, document T-001)\n"},
		{"passports/T-001.pdf", t_date,
		 "changed column date: passports/T-001.pdf (manifest 2026-11-24, document 2027-01-10)\n"},
		{"passports/T-001.pdf", t_sha, "changed: passports/T-001.pdf\n"},
		{"passports/T-001.pdf", t_pages, "changed column pages: passports/T-001.pdf (manifest 3, document 4)\n"},
		{"passports/T-001.pdf", t_keep,
		 "changed column keep_until: passports/T-001.pdf (manifest 2029-12-31, document 2030-12-31)\n"},
		{"order-2024.pdf", t_permanent,
		 "changed column keep_until: order-2024.pdf (manifest 2024-12-31, document permanent)\n"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		out = tampered(dir, cases[i].path, cases[i].fn, &rc);
		CHECK(rc >= 1 && strcmp(out, cases[i].want) == 0, "case %zu: rc %d, got [%s], want [%s]", i, rc, out,
		      cases[i].want);
	}
	out = problems_of(captured(verify_with_rules, dir, &rc), d2, sizeof d2);
	CHECK(rc == 0 && strcmp(d1, d2) == 0, "restored: rc %d [%s], digest %s", rc, out, d2);

	/* a document whose own line is against the rules: 3 years from 31.08.2025 end on 31.12.2028 */
	struct date today = D(2026, 11, 23), none = {0, 0, 0};
	put_doc(dir, "order-2024.pdf", "order", "", today, D(2025, 8, 31), 3, D(2028, 12, 31), 3);
	char err[256];
	struct manifest m = MANIFEST_INIT;
	manifest_load(&m, dir, err, sizeof err);
	struct manifest add = MANIFEST_INIT;
	manifest_add_file(&add, dir, "order-2024.pdf", "order", "", today, 3, D(2028, 12, 31), err, sizeof err);
	manifest_merge(&m, &add);
	manifest_write(&m, dir, err, sizeof err);
	out = problems_of(captured(verify_with_rules, dir, &rc), NULL, 0);
	CHECK(rc == 0, "3 years from 2025 by the rules: rc %d [%s]", rc, out);
	put_doc(dir, "order-2024.pdf", "order", "", today, D(2025, 8, 31), 3, D(2029, 12, 31), 3);
	manifest_free(&add);
	manifest_add_file(&add, dir, "order-2024.pdf", "order", "", today, 3, D(2029, 12, 31), err, sizeof err);
	manifest_merge(&m, &add);
	manifest_write(&m, dir, err, sizeof err);
	out = problems_of(captured(verify_with_rules, dir, &rc), NULL, 0);
	CHECK(rc == 1 && strcmp(out, "keeping period against the rules: order-2024.pdf (document 2029-12-31, the rules "
				     "give 2028-12-31)\n") == 0, "against the rules: rc %d [%s]", rc, out);
	put_doc(dir, "order-2024.pdf", "order", "", today, D(2025, 8, 31), DOCMETA_PERMANENT, none, 3);
	manifest_free(&add);
	manifest_add_file(&add, dir, "order-2024.pdf", "order", "", today, 3, none, err, sizeof err);
	manifest_merge(&m, &add);
	manifest_write(&m, dir, err, sizeof err);
	manifest_free(&add);

	/* the digest: the register's rows are left out, any other change shows */
	char h1[65], h2[65];
	manifest_digest(&m, h1);
	struct manifest_entry reg = {"print/inventory.pdf", "inventory", "", today, "", 1, {0, 0, 0}};
	memset(reg.sha256, 'a', 64);
	manifest_add_entry(&add, &reg);
	manifest_merge(&m, &add);
	manifest_digest(&m, h2);
	CHECK_STR(h1, h2);
	m.v[0].pages++;
	manifest_digest(&m, h2);
	CHECK(strcmp(h1, h2) != 0, "a changed row changes the digest");
	manifest_free(&add);
	manifest_free(&m);
}

static void test_verify(const char *dir)
{
	int rc;
	const char *out = problems_of(captured(verify_dir, dir, &rc), NULL, 0);
	CHECK(rc == 0 && *out == '\0', "clean folder: rc %d, [%s]", rc, out);

	/* flip one byte, delete one file, add one PDF and a temporary file */
	char *p = xasprintf("%s/passports/T-001.pdf", dir), *data = NULL;
	size_t n = 0;
	file_read_all(p, 1 << 20, &data, &n);
	if (data && n > 20) {
		data[n - 20] ^= 1;
		put(dir, "passports/T-001.pdf", data);
	}
	free(data);
	free(p);
	p = xasprintf("%s/order-2024.pdf", dir);
	unlink(p);
	free(p);
	put(dir, "passports/T-003.pdf", "%PDF-1.4 three");
	put(dir, "passports/T-004.pdf.tmp.123", "half");
	out = problems_of(captured(verify_dir, dir, &rc), NULL, 0);
	CHECK(rc == 3, "three problems, got %d", rc);
	CHECK_STR(out, "missing: order-2024.pdf\nchanged: passports/T-001.pdf\nunlisted: passports/T-003.pdf\n");

	/* X.PDF (case), a link named like a PDF, a link to a folder: reported, never followed */
	put(dir, "X.PDF", "%PDF-1.4 shouting");
	p = xasprintf("%s/evil.pdf", dir);
	CHECK(symlink("/etc/passwd", p) == 0, "symlink");
	free(p);
	p = xasprintf("%s/elsewhere", dir);
	CHECK(symlink("/tmp", p) == 0, "symlink");
	free(p);
	out = problems_of(captured(verify_dir, dir, &rc), NULL, 0);
	CHECK(rc == 6, "six problems, got %d", rc);
	CHECK_STR(out, "missing: order-2024.pdf\nchanged: passports/T-001.pdf\nunlisted: X.PDF\n"
		       "unlisted: passports/T-003.pdf\nsymlink: elsewhere (not followed)\nsymlink: evil.pdf (not followed)\n");

	char *nodir = xasprintf("%s/passports", dir);
	out = captured(verify_dir, nodir, &rc);
	CHECK(rc == -1 && *out == '\0', "no manifest: %d", rc);
	free(nodir);
}

/* A manifest that is a symbolic link is neither read, nor verified, nor replaced. */
static void test_linked_manifest(const char *dir)
{
	char err[256];
	char *sub = xasprintf("%s/linked", dir), *real = xasprintf("%s/real.csv", dir);
	char *link = xasprintf("%s/manifest.csv", sub);
	file_mkdirs(sub, err, sizeof err);
	put(dir, "real.csv", "path,kind,graduate,date,sha256,pages,keep_until\n");
	CHECK(symlink(real, link) == 0, "symlink");
	struct manifest m = MANIFEST_INIT;
	CHECK(manifest_load(&m, sub, err, sizeof err) == -2 && strstr(err, "symbolic link"), "load: %s", err);
	CHECK(manifest_write(&m, sub, err, sizeof err) == -2, "write refused");
	struct stat st;
	CHECK(lstat(link, &st) == 0 && S_ISLNK(st.st_mode), "the link is left as it was");
	int rc;
	captured(verify_dir, sub, &rc);
	CHECK(rc == -1, "verify refuses it: %d", rc);
	unlink(link);
	rmdir(sub);
	free(sub), free(real), free(link);
}

/* An id "-1" (or "=1+1") is quoted, and reads back as itself. */
static void test_formula_ids(const char *dir)
{
	char err[256];
	char *sub = xasprintf("%s/ids", dir);
	file_mkdirs(sub, err, sizeof err);
	struct manifest m = MANIFEST_INIT;
	struct manifest_entry a = {"passports/-1.pdf", "passport", "-1", D(2026, 11, 23), "", 1, D(2030, 12, 31)};
	struct manifest_entry b = {"passports/=1+1.pdf", "passport", "=1+1", D(2026, 11, 23), "", 1, D(2030, 12, 31)};
	memset(a.sha256, 'b', 64), memset(b.sha256, 'c', 64);
	manifest_add_entry(&m, &a);
	manifest_add_entry(&m, &b);
	CHECK(manifest_write(&m, sub, err, sizeof err) == 0, "%s", err);
	manifest_free(&m);
	char *p = xasprintf("%s/manifest.csv", sub), *text = NULL;
	size_t n;
	CHECK(file_read_all(p, 1 << 20, &text, &n) == 0 && strstr(text, ",passport,\"-1\",") &&
	      strstr(text, ",passport,\"=1+1\","), "quoted: %s", text ? text : "");
	free(text);
	CHECK(manifest_load(&m, sub, err, sizeof err) == 0 && m.n == 2, "%s", err);
	const struct manifest_entry *e = manifest_find(&m, "passports/-1.pdf");
	CHECK(e && strcmp(e->graduate, "-1") == 0, "-1 round-trips");
	manifest_free(&m);
	unlink(p);
	rmdir(sub);
	free(p), free(sub);
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
	test_docmeta();
	char dir[] = "/tmp/test_archive.XXXXXX";
	make_dir(dir);
	test_manifest(dir);
	test_malformed(dir);
	test_expired(dir);
	test_columns(dir);
	test_linked_manifest(dir);
	test_formula_ids(dir);
	test_verify(dir);
	char *cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("cannot remove %s\n", dir);
	free(cmd);
	return DONE("test_archive");
}
