/* test_style: the style sheet (each form's official defaults, a template's overrides, a bad
 * attribute reported with the template's file, line and attribute) and the passport's table
 * of value names (every name templates/passport.xml uses resolves; an unknown one is an error).
 * Invariant: run from the source tree (reads templates/); every test frees what it got. */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doc/style.h"
#include "harness.h"
#include "rules/passport.h"
#include "tmpl/tmpl.h"

#define CM(x) ((x) * 72 / 2.54)

static bool near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

/* ---- defaults ---- */

static void test_defaults(void)
{
	struct doc_sheet s;
	doc_sheet_init(&s, DOC_FORM_PASSPORT);
	CHECK_NAMED("passport: body 12 pt", near(s.body.size, 12), "%g", s.body.size);
	CHECK_NAMED("passport: title 14 pt", near(s.title.size, 14) && near(s.subtitle.size, 14), "%g",
		    s.title.size);
	CHECK_NAMED("passport: items indented 1.25 cm", near(s.item.indent, CM(1.25)), "%g", s.item.indent);
	CHECK_NAMED("passport: field labels 8 pt apart", near(s.label.before, 8), "%g", s.label.before);
	doc_sheet_init(&s, DOC_FORM_PLAN);
	CHECK_NAMED("plan: table 11 pt", near(s.table.size, 11), "%g", s.table.size);
	doc_sheet_init(&s, DOC_FORM_ORDER);
	CHECK_NAMED("order: body 14 pt (ГОСТ Р 7.0.97)", near(s.body.size, 14), "%g", s.body.size);
	CHECK_NAMED("order: table 12 pt", near(s.table.size, 12), "%g", s.table.size);
	CHECK_NAMED("order: ПРИКАЗ 16 pt", near(s.title.size, 16), "%g", s.title.size);
	CHECK_NAMED("order: paragraph indent 1.25 cm", near(s.body.indent, CM(1.25)), "%g", s.body.indent);
	doc_sheet_init(&s, DOC_FORM_REPORT);
	CHECK_NAMED("report: table 10 pt", near(s.table.size, 10), "%g", s.table.size);
	CHECK_NAMED("report: charts 215 pt high", near(s.chart.height, 215), "%g", s.chart.height);
	CHECK_NAMED("report: body 12 pt, 4 pt after", near(s.body.size, 12) && near(s.body.after, 4), "%g %g",
		    s.body.size, s.body.after);
	doc_sheet_init(&s, DOC_FORM_INVENTORY);
	CHECK_NAMED("inventory: table 11 pt", near(s.table.size, 11), "%g", s.table.size);
}

/* ---- setting one attribute ---- */

static void test_set(void)
{
	struct doc_sheet s;
	char why[320] = "";
	doc_sheet_init(&s, DOC_FORM_PASSPORT);
	CHECK_NAMED("table-size=11 sets", doc_sheet_set(&s, "table-size", "11", why, sizeof why) == 0 &&
						  near(s.table.size, 11), "%g", s.table.size);
	CHECK_NAMED("decimals", doc_sheet_set(&s, "body-size", "10.5", why, sizeof why) == 0 &&
					near(s.body.size, 10.5), "%g", s.body.size);
	CHECK_NAMED("cm", doc_sheet_set(&s, "body-indent", "1.5cm", why, sizeof why) == 0 &&
				  near(s.body.indent, CM(1.5)), "%g", s.body.indent);
	CHECK_NAMED("mm", doc_sheet_set(&s, "item-indent", "10mm", why, sizeof why) == 0 &&
				  near(s.item.indent, CM(1)), "%g", s.item.indent);
	CHECK_NAMED("pt", doc_sheet_set(&s, "label-before", "6pt", why, sizeof why) == 0 &&
				  near(s.label.before, 6), "%g", s.label.before);
	CHECK_NAMED("not a style: blank-lines", doc_sheet_set(&s, "blank-lines", "2", why, sizeof why) == 1, "not 1");
	CHECK_NAMED("not a style: not-applicable", doc_sheet_set(&s, "not-applicable", "—", why, sizeof why) == 1,
		    "not 1");
	static const char *const bad[][2] = {
		{"table-size", "abc"}, {"table-size", ""}, {"table-size", "100"}, {"table-size", "1,5"},
		{"table-size", "11 pt"}, {"table-size", "-3"}, {"table-size", "1.2.3"}, {"table-size", "11."},
		{"body-after", "9999"}, {"chart-height", "5"}, {"tabel-size", "11"}, {"table-before", "3"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct doc_sheet before = s;
		char name[96];
		snprintf(name, sizeof name, "bad: %s=\"%s\"", bad[i][0], bad[i][1]);
		why[0] = '\0';
		CHECK_NAMED(name, doc_sheet_set(&s, bad[i][0], bad[i][1], why, sizeof why) == -1 && *why &&
					  memcmp(&before, &s, sizeof s) == 0, "why [%s]", why);
	}
	doc_sheet_set(&s, "table-size", "x", why, sizeof why);
	CHECK_NAMED("the message gives the range", strstr(why, "from 4 to 72 pt") != NULL, "[%s]", why);
}

/* ---- a template's root ---- */

static struct tmpl *load_text(const char *xml, const char *display, struct diag_list *dl)
{
	char path[] = "/tmp/test_style.XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	fputs(xml, f);
	fclose(f);
	struct tmpl *t = tmpl_load(path, display, dl);
	unlink(path);
	return t;
}

static void test_template(void)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct tmpl *t = load_text("<?xml version=\"1.0\"?>\n<passport blank-lines=\"2\"\n"
				   "  title-size=\"16\" value-indent=\"2cm\" table-size=\"abc\" tabel-size=\"11\">\n"
				   "  <title>ПАСПОРТ</title>\n</passport>\n", "passport.xml", &dl);
	CHECK_NAMED("template loads", t != NULL, "%zu errors", dl.nerrors);
	if (!t)
		return;
	struct doc_sheet s;
	size_t bad = tmpl_sheet(t, DOC_FORM_PASSPORT, &s, &dl);
	CHECK_NAMED("override: title-size=16", near(s.title.size, 16), "%g", s.title.size);
	CHECK_NAMED("override: value-indent=2cm", near(s.value.indent, CM(2)), "%g", s.value.indent);
	CHECK_NAMED("others keep the passport's defaults", near(s.subtitle.size, 14) && near(s.body.size, 12),
		    "%g %g", s.subtitle.size, s.body.size);
	CHECK_NAMED("a bad value keeps the default", bad == 2 && near(s.table.size, 0), "bad %zu, table %g", bad,
		    s.table.size);
	bool value = false, name = false;
	for (size_t i = 0; i < dl.n; i++) {
		const struct diag *d = &dl.v[i];
		bool here = d->level == DIAG_ERROR && d->file && strcmp(d->file, "passport.xml") == 0 &&
			    d->line == t->root.line && d->line > 0;
		value |= here && d->field && strcmp(d->field, "table-size") == 0 && strstr(d->msg, "'abc'");
		name |= here && d->field && strcmp(d->field, "tabel-size") == 0 && strstr(d->msg, "unknown style");
	}
	CHECK_NAMED("bad value: an error naming passport.xml, its root's line and table-size", value, "%zu problems", dl.n);
	CHECK_NAMED("misspelt style: an error naming tabel-size", name, "%zu problems", dl.n);
	size_t n = dl.nerrors;
	CHECK_NAMED("passport_check_template reports them too", passport_check_template(t, &dl) >= 2 &&
								   dl.nerrors >= n + 2, "%zu", dl.nerrors - n);
	diag_list_free(&dl);
	struct doc_sheet quiet;
	CHECK_NAMED("building ignores them quietly", tmpl_sheet(t, DOC_FORM_PASSPORT, &quiet, NULL) == 2 &&
							      near(quiet.title.size, 16), "%g", quiet.title.size);
	tmpl_free(t);
}

/* ---- the passport's value names ---- */

static void count_values(const struct tnode *n, size_t *known, size_t *unknown, size_t *fields)
{
	const char *v = tnode_attr(n, "value", NULL);
	if (v)
		passport_value_known(v) ? ++*known : ++*unknown;
	*fields += strcmp(n->name, "field") == 0;
	for (size_t i = 0; i < n->nkids; i++)
		count_values(&n->kids[i], known, unknown, fields);
}

static void test_passport_names(void)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct tmpl *t = tmpl_load("templates/passport.xml", "passport.xml", &dl);
	CHECK_NAMED("passport.xml loads", t != NULL, "%zu errors", dl.nerrors);
	if (!t)
		return;
	size_t known = 0, unknown = 0, fields = 0;
	count_values(&t->root, &known, &unknown, &fields);
	CHECK_NAMED("passport.xml has the 16 fields of Приложение 1", fields == 16, "%zu", fields);
	CHECK_NAMED("every value it names resolves", known >= 16 && unknown == 0, "%zu known, %zu unknown", known,
		    unknown);
	CHECK_NAMED("passport.xml checks clean", passport_check_template(t, &dl) == 0, "%zu errors", dl.nerrors);
	tmpl_free(t);
	static const char *const names[] = {
		"full_name", "birth_date", "graduation_year", "address", "social_status", "family", "housing",
		"life.studying", "life.employed", "life.idle", "life.other", "help.all", "conclusions", "notes",
		"recommendations", "curator", "p1.features", "p2.difficulties", "p3.social", "p4.summary",
		"p4.planned", "p1.help"};
	size_t ok = 0;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		ok += passport_value_known(names[i]);
	CHECK_NAMED("the 16 graduate fields and the half-year columns resolve", ok == sizeof names / sizeof *names,
		    "%zu of %zu", ok, sizeof names / sizeof *names);
	static const char *const not[] = {"", "bogus", "full_nam", "p5.features", "p0.help", "p1.", "p1.bogus",
					  "p12.help", "life", "FULL_NAME"};
	size_t none = 0;
	for (size_t i = 0; i < sizeof not / sizeof *not; i++)
		none += !passport_value_known(not[i]);
	CHECK_NAMED("unknown names do not", none == sizeof not / sizeof *not, "%zu of %zu", none,
		    sizeof not / sizeof *not);
	t = load_text("<passport>\n  <field n=\"1\" label=\"Ф.И.О.\" value=\"full_name\"/>\n"
		      "  <field n=\"2\" label=\"Что-то\" value=\"bogus\"/>\n</passport>\n", "passport.xml", &dl);
	size_t errs = t ? passport_check_template(t, &dl) : 0;
	bool said = false;
	for (size_t i = 0; i < dl.n; i++)
		said |= dl.v[i].line == 3 && dl.v[i].field && strcmp(dl.v[i].field, "value") == 0 &&
			strstr(dl.v[i].msg, "unknown value 'bogus'") != NULL;
	CHECK_NAMED("an unknown value name is an error with its line", errs == 1 && said, "%zu errors", errs);
	tmpl_free(t);
	diag_list_free(&dl);
}

int main(void)
{
	test_defaults();
	test_set();
	test_template();
	test_passport_names();
	return DONE("style");
}
