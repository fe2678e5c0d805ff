/* test_xml: xmlsafe's pre-scan and limits, XML tables read against their schema (values,
 * lines, messages), the XML table equal to the CSV table of the same data, institution.xml.
 * Invariant: runs from the repository root (tests/run.sh does), frees everything it gets. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv/csv_read.h"
#include "harness.h"
#include "util/buf.h"
#include "util/xalloc.h"
#include "xml/table_xml.h"
#include "xml/xmlsafe.h"

#define S_(lit) lit, sizeof(lit) - 1 /* a string literal as (data, length), NULs included */

static char dir[64];

/* ---- helpers ---- */

/* Writes n bytes to dir/name and returns the path (free it). */
static char *put(const char *name, const char *data, size_t n)
{
	char *p = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(p, "wb");
	fwrite(data, 1, n, f);
	fclose(f);
	return p;
}

/* All messages of dl as "file:line: field: message" lines. */
static char *messages(const struct diag_list *dl)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < dl->n; i++) {
		char *s = xasprintf("%s:%d: %s: %s\n", dl->v[i].file ? dl->v[i].file : "", dl->v[i].line,
				    dl->v[i].field ? dl->v[i].field : "", dl->v[i].msg);
		buf_adds(&b, s);
		free(s);
	}
	return buf_take(&b);
}

/* Parses text with xmlsafe; returns 1 when it gave a document, 0 when refused. The
 * messages go to *msgs (free them) when msgs is not NULL. */
static int parses(const char *text, size_t n, char **msgs)
{
	struct diag_list dl = DIAG_LIST_INIT;
	xmlDocPtr doc = xmlsafe_read_mem(text, n, "t.xml", &dl);
	if (msgs)
		*msgs = messages(&dl);
	int ok = doc != NULL && dl.nerrors == 0;
	xmlFreeDoc(doc);
	diag_list_free(&dl);
	return ok;
}

static int parses_str(const char *text)
{
	return parses(text, strlen(text), NULL);
}

/* A string of k copies of s (free it). */
static char *repeat(const char *s, size_t k)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < k; i++)
		buf_adds(&b, s);
	return buf_take(&b);
}

/* <r> + k nested opens of open + k closes of close + </r>, as a new string. */
static char *nested(const char *open, const char *close, size_t k)
{
	char *o = repeat(open, k), *c = repeat(close, k);
	char *s = xasprintf("<r>%s%s</r>", o, c);
	free(o), free(c);
	return s;
}

/* ---- xmlsafe ---- */

static void test_refusals(void)
{
	char *m = NULL;
	CHECK(parses_str("<?xml version=\"1.0\"?>\n<r a=\"1\">x</r>"), "a plain document parses");
	CHECK(!parses_str("<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY a \"b\">]>\n<r>&a;</r>"), "DTD");
	CHECK(!parses(S_("<r/>\n<!ENTITY a \"b\">"), &m) && strstr(m, "t.xml:2: : a DTD or entity declaration"),
	      "entity declaration after the root, with its line: %s", m);
	free(m);
	CHECK(!parses_str("<!doctype r><r/>"), "any other <! declaration");
	CHECK(parses_str("<r><!-- <!DOCTYPE r> <a> --><![CDATA[<!ENTITY x> <b>]]></r>"),
	      "declarations and tags inside a comment or CDATA are text");
	CHECK(parses_str("<r><?pi <a> <!DOCTYPE ?></r>"), "a processing instruction may hold '<'");
	CHECK(!parses(S_(""), &m) && strstr(m, "file is empty"), "0 bytes: %s", m);
	free(m);
	CHECK(!parses(S_("\xff\xfe<\0r\0/\0>\0"), &m) && strstr(m, "UTF-16"), "UTF-16: %s", m);
	free(m);
	CHECK(!parses(S_("<r>\n\xd0</r>"), &m) && strstr(m, "t.xml:2: : not valid UTF-8"), "bad UTF-8: %s", m);
	free(m);
	CHECK(!parses(S_("<r>\0</r>"), &m) && strstr(m, "NUL"), "NUL byte: %s", m);
	free(m);
	CHECK(parses_str("\xef\xbb\xbf<r>ё</r>"), "UTF-8 with BOM");
	CHECK(parses_str("<?xml version=\"1.0\" encoding=\"windows-1251\"?><r>ё</r>"),
	      "the declared encoding is ignored: the bytes are UTF-8");
	/* a DTD spelled in UTF-7 must not reach the parser as a DTD */
	CHECK(!parses(S_("<?xml version=\"1.0\" encoding=\"UTF-7\"?>+ADw-!DOCTYPE r+AD4-<r/>"), &m) &&
		      !strstr(m, "DOCTYPE"), "UTF-7 is read as UTF-8: %s", m);
	free(m);
	CHECK(!parses(S_("<r><a>x</a>"), &m) && strstr(m, "not well-formed"), "truncated: %s", m);
	free(m);
}

/* XInclude is never processed: the element stays an element, nothing is read. */
static void test_no_xinclude(void)
{
	static const char x[] = "<r xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
				"<xi:include href=\"/etc/passwd\" parse=\"text\"/></r>";
	struct diag_list dl = DIAG_LIST_INIT;
	xmlDocPtr doc = xmlsafe_read_mem(x, sizeof x - 1, "t.xml", &dl);
	xmlNodePtr inc = doc ? xmlsafe_first_element(xmlDocGetRootElement(doc)) : NULL;
	char *text = inc ? xmlsafe_text(xmlDocGetRootElement(doc)) : NULL;
	CHECK(xmlsafe_is(inc, "include") && text && !*text, "xi:include left alone: [%s]", text ? text : "");
	free(text);
	xmlFreeDoc(doc);
	diag_list_free(&dl);
}

static void test_limits(void)
{
	char *s = nested("<a>", "</a>", XMLSAFE_MAX_DEPTH - 1), *m = NULL;
	CHECK(parses_str(s), "%d levels parse", XMLSAFE_MAX_DEPTH);
	free(s);
	s = nested("<a>", "</a>", XMLSAFE_MAX_DEPTH);
	CHECK(!parses(s, strlen(s), &m) && strstr(m, "nested deeper"), "%d levels: %s", XMLSAFE_MAX_DEPTH + 1, m);
	free(s), free(m);
	s = nested("<a x=\"/>\">", "</a>", 100);
	CHECK(!parses_str(s), "'/>' inside an attribute value does not close the element");
	free(s);
	s = nested("<a x='>' y=\">\"/>", "", 100);
	CHECK(parses_str(s), "'>' inside attribute values: 100 empty siblings are not 100 levels");
	free(s);
	s = nested("<!-- <a> -->", "", 100);
	CHECK(parses_str(s), "tags inside comments are not counted");
	free(s);
	struct buf b = BUF_INIT;
	buf_adds(&b, "<r");
	for (int i = 0; i < 300; i++) {
		char one[32];
		snprintf(one, sizeof one, " a%d=\"\"", i);
		buf_adds(&b, one);
	}
	buf_adds(&b, "/>");
	s = buf_take(&b);
	CHECK(!parses(s, strlen(s), &m) && strstr(m, "too many attributes"), "300 attributes: %s", m);
	free(s), free(m);
	s = nested("<b/>", "", 1100000);
	CHECK(!parses(s, strlen(s), &m) && strstr(m, "too many elements"), "1.1 million elements: %s", m);
	free(s), free(m);
	char *big = repeat("x", 2u << 20);
	s = xasprintf("<r>\n%s</r>", big);
	CHECK(!parses(s, strlen(s), &m) && strstr(m, "t.xml:2: : a text, comment or tag longer than"),
	      "a 2 MiB text: %s", m);
	free(s), free(m);
	s = xasprintf("<r><!--%s--></r>", big);
	CHECK(!parses_str(s), "a 2 MiB comment");
	free(s), free(big);
}

/* ---- tables ---- */

static const char STAFF_XSD[] = "templates/schema/staff.xsd";

struct got {
	int rc;
	struct table *t;
	char *msgs;
};

static struct got read_table(const char *xml, const char *xsd)
{
	struct got g = {0, NULL, NULL};
	struct diag_list dl = DIAG_LIST_INIT;
	char *p = put("staff.xml", xml, strlen(xml));
	g.rc = xml_table_read(p, "staff.xml", xsd, &g.t, &dl);
	g.msgs = messages(&dl);
	if (g.rc == 0 && dl.nerrors)
		g.rc = 99;
	diag_list_free(&dl);
	free(p);
	return g;
}

static void got_free(struct got *g)
{
	table_free(g->t);
	free(g->msgs);
}

static const char *cell(const struct table *t, size_t row, const char *header)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (strcmp(t->header[c], header) == 0)
			return t->rows[row].cell[c];
	return "(no such column)";
}

static void test_table(void)
{
	struct got g = read_table("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				  "<staff>\n"
				  "  <member>\n"
				  "    <role>педагог</role><id> S01 </id>\n"
				  "    <surname>\xc2\xa0Иванова\n</surname><name>Анна</name>\n"
				  "    <position>Учитель &amp; <![CDATA[<куратор>]]>,\nгруппа<!-- c -->\xc2\xa0" "1</position>\n"
				  "  </member>\n"
				  "  <member><id>S02</id><surname>Б</surname><name>В</name><position>п</position>"
				  "<role>педагог</role><keeps_records>ДА</keeps_records></member>\n"
				  "</staff>\n",
				  STAFF_XSD);
	CHECK(g.rc == 0 && g.t, "the table is read: %s", g.msgs);
	if (g.t) {
		CHECK(g.t->ncols == 7, "every field of the schema is a column: %zu", g.t->ncols);
		CHECK_STR(g.t->header[0], "id");
		CHECK_STR(g.t->header[6], "keeps_records");
		CHECK(g.t->header_line == 2, "header line %d", g.t->header_line);
		CHECK(g.t->nrows == 2 && g.t->rows[0].line == 3 && g.t->rows[1].line == 10,
		      "rows and their start tags' lines: %d %d", g.t->rows[0].line, g.t->rows[1].line);
		CHECK_STR(cell(g.t, 0, "id"), "S01");
		CHECK_STR(cell(g.t, 0, "surname"), "Иванова");
		CHECK_STR(cell(g.t, 0, "position"), "Учитель & <куратор>,\nгруппа\xc2\xa0" "1");
		CHECK_STR(cell(g.t, 0, "keeps_records"), "");
		CHECK_STR(cell(g.t, 1, "keeps_records"), "ДА");
	}
	got_free(&g);
}

static void test_table_errors(void)
{
	struct got g = read_table("<staff>\n"
				  "<member><id>S1</id><surname>a</surname><name>b</name><position>c</position>\n"
				  "<role>d</role><keeps_records>может быть</keeps_records></member>\n"
				  "<member><id>S2</id><surname>a</surname><name>b</name></member>\n"
				  "<member><id>S3</id><surname>a</surname><name>b</name><position>c</position>"
				  "<role>d</role><colour>red</colour></member>\n"
				  "<member><id>S4</id><id>S4</id><surname>a</surname><name>b</name><position>c</position>"
				  "<role>d</role></member>\n"
				  "</staff>\n",
				  STAFF_XSD);
	CHECK(g.rc != 0 && !g.t, "an invalid table is refused");
	CHECK(strstr(g.msgs, "staff.xml:3: keeps_records: invalid value: expected да or нет") != NULL,
	      "wrong type, on the element's line: %s", g.msgs);
	CHECK(!strstr(g.msgs, "может"), "the value is not quoted: %s", g.msgs);
	CHECK(strstr(g.msgs, "staff.xml:4: position: required element is missing\n"
			     "staff.xml:4: role: required element is missing\n") != NULL,
	      "each missing required element named, not the optional ones: %s", g.msgs);
	CHECK(!strstr(g.msgs, "patronymic"), "optional elements are not required: %s", g.msgs);
	CHECK(strstr(g.msgs, "staff.xml:5: colour: element not allowed here") != NULL, "unknown element: %s", g.msgs);
	CHECK(strstr(g.msgs, "staff.xml:6: id: element not allowed here") != NULL, "a field twice: %s", g.msgs);
	got_free(&g);

	g = read_table("<graduates/>", STAFF_XSD);
	CHECK(strstr(g.msgs, "staff.xml:1: graduates: the root element must be <staff>") != NULL, "root: %s", g.msgs);
	got_free(&g);
	g = read_table("<staff>\n<member kind=\"x\"><id>S1</id></member>\nx</staff>", STAFF_XSD);
	CHECK(strstr(g.msgs, "staff.xml:2: kind: attribute not allowed here") != NULL, "attribute: %s", g.msgs);
	CHECK(strstr(g.msgs, "staff.xml:3: staff: text is not allowed here") != NULL, "stray text: %s", g.msgs);
	got_free(&g);

	/* a line past 65535 is still right */
	char *blank = repeat("\n", 70000);
	char *doc = xasprintf("<staff>%s<member><id>S1</id><surname>a</surname><name>b</name>"
			      "<position>c</position><role>d</role><keeps_records>?</keeps_records></member></staff>",
			      blank);
	g = read_table(doc, STAFF_XSD);
	CHECK(strstr(g.msgs, "staff.xml:70001: keeps_records: invalid value") != NULL, "big line: %s", g.msgs);
	got_free(&g);
	free(doc), free(blank);

	char *big = repeat("я", 60000);
	doc = xasprintf("<staff><member><id>S1</id><surname>a</surname><name>b</name>"
			"<position>c</position><role>d</role><patronymic>%s</patronymic></member></staff>",
			big);
	g = read_table(doc, STAFF_XSD);
	CHECK(g.rc != 0 && strstr(g.msgs, "staff.xml:1: patronymic: value too long"), "long value: %s", g.msgs);
	got_free(&g);
	free(doc), free(big);
}

/* The document cannot choose its schema: xsi:noNamespaceSchemaLocation is ignored. */
static void test_schema_location_ignored(void)
{
	static const char other[] = "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">"
				    "<xs:element name=\"nothing\"/></xs:schema>";
	char *p = put("other.xsd", other, sizeof other - 1);
	char *doc = xasprintf("<staff xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
			      "xsi:noNamespaceSchemaLocation=\"%s\"><member><id>S1</id><surname>a</surname>"
			      "<name>b</name><position>c</position><role>d</role></member></staff>", p);
	struct got g = read_table(doc, STAFF_XSD);
	CHECK(g.rc == 0 && g.t && g.t->nrows == 1, "validated against ours only: %s", g.msgs);
	got_free(&g);
	free(doc), free(p);
}

static void test_schema_refused(void)
{
	static const char xsd[] = "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n"
				  "<xs:include schemaLocation=\"http://127.0.0.1:9/x.xsd\"/>\n"
				  "<xs:element name=\"staff\"/></xs:schema>\n";
	char *p = put("bad.xsd", xsd, sizeof xsd - 1);
	struct got g = read_table("<staff/>", p);
	CHECK(g.rc != 0 && strstr(g.msgs, "bad.xsd:2: include: a schema must be self-contained"),
	      "xs:include refused: %s", g.msgs);
	got_free(&g);
	free(p);
	char *missing = xasprintf("%s/none.xsd", dir);
	g = read_table("<staff/>", missing);
	CHECK(g.rc != 0 && strstr(g.msgs, "none.xsd:0: : cannot open"), "no schema: %s", g.msgs);
	got_free(&g);
	free(missing);
}

/* The same data as CSV and as XML gives the same table: headers, rows, cells. */
static void test_same_as_csv(void)
{
	static const char csv[] = "id,surname,name,patronymic,position,role,keeps_records\n"
				  "S01, Громова ,Ирина,,\"Заместитель директора, по УВР\",заместитель руководителя,нет\n"
				  "S02,Летова,Мария,Ивановна,\"Социальный\nпедагог\",педагог социальный,да\n";
	static const char xml[] = "<staff>\n<member><id>S01</id><surname> Громова </surname><name>Ирина</name>"
				  "<position>Заместитель директора, по УВР</position>"
				  "<role>заместитель руководителя</role><keeps_records>нет</keeps_records></member>\n"
				  "<member><keeps_records>да</keeps_records><role>педагог социальный</role>"
				  "<position>Социальный\nпедагог</position><patronymic>Ивановна</patronymic>"
				  "<name>Мария</name><surname>Летова</surname><id>S02</id></member>\n</staff>\n";
	struct diag_list dl = DIAG_LIST_INIT;
	struct table *c = NULL;
	csv_read_mem(csv, sizeof csv - 1, "staff.csv", &c, &dl);
	struct got g = read_table(xml, STAFF_XSD);
	CHECK(c && g.t && c->ncols == g.t->ncols && c->nrows == g.t->nrows, "same shape: %s", g.msgs);
	for (size_t i = 0; c && g.t && i < c->ncols && i < g.t->ncols; i++) {
		CHECK_STR(g.t->header[i], c->header[i]);
		for (size_t r = 0; r < c->nrows && r < g.t->nrows; r++)
			CHECK_STR(g.t->rows[r].cell[i], c->rows[r].cell[i]);
	}
	for (size_t r = 0; c && g.t && r < c->nrows && r < g.t->nrows; r++)
		CHECK(g.t->rows[r].line == c->rows[r].line, "row %zu on line %d in both", r, c->rows[r].line);
	table_free(c);
	diag_list_free(&dl);
	got_free(&g);
}

static void test_institution(void)
{
	struct diag_list dl = DIAG_LIST_INIT;
	CHECK(xml_validate_file("input/institution.xml", "institution.xml", "templates/schema/institution.xsd",
				&dl) == 0 && dl.n == 0, "the sample institution.xml is valid");
	diag_list_free(&dl);
	static const char bad[] = "<?xml version=\"1.0\"?>\n<institution>\n<name>К</name>\n"
				  "<year start=\"2024\" graduates=\"двести\"/>\n<year graduates=\"5\"/>\n"
				  "<order date=\"завтра\"/>\n</institution>\n";
	char *p = put("institution.xml", bad, sizeof bad - 1);
	CHECK(xml_validate_file(p, "institution.xml", "templates/schema/institution.xsd", &dl) != 0, "bad one");
	char *m = messages(&dl);
	CHECK(strstr(m, "institution.xml:4: graduates: invalid value: expected a whole number") != NULL,
	      "wrong attribute type: %s", m);
	CHECK(strstr(m, "institution.xml:5: start: required attribute is missing") != NULL, "missing attribute: %s", m);
	CHECK(strstr(m, "institution.xml:6: date: invalid value: expected a date") != NULL, "date: %s", m);
	CHECK(!strstr(m, "двести") && !strstr(m, "завтра"), "no values quoted: %s", m);
	free(m);
	free(p);
	diag_list_free(&dl);
}

int main(void)
{
	snprintf(dir, sizeof dir, "%s", "/tmp/patronat-test-xml.XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	test_refusals();
	test_no_xinclude();
	test_limits();
	test_table();
	test_table_errors();
	test_schema_location_ignored();
	test_schema_refused();
	test_same_as_csv();
	test_institution();
	char *rm = xasprintf("rm -rf '%s'", dir);
	if (system(rm) != 0)
		printf("could not remove %s\n", dir);
	free(rm);
	return DONE("xml");
}
