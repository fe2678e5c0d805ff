/* institution: institution.xml (as plain data from src/xml) → struct institution, with
 * line-numbered errors. Invariant: no libxml2 type here; every message names the line of the
 * element it is about; every text kept is within its cap (INST_MAX_*), a longer one is an
 * error naming the element. */
#include "institution.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/load.h"
#include "util/xalloc.h"
#include "xml/plain.h"

struct ictx {
	const char *file;
	struct diag_list *dl;
	struct institution *in;
	const struct xml_plain *p;
};

static const struct xml_elem *el(const struct ictx *c, size_t e)
{
	return &c->p->v[e];
}

static bool is(const struct ictx *c, size_t e, const char *name)
{
	return strcmp(el(c, e)->name, name) == 0;
}

/* A copy of attribute name of e, or NULL when absent. */
static char *attr(const struct ictx *c, size_t e, const char *name)
{
	const char *v = xml_plain_attr(c->p, e, name);
	return v ? xstrdup(v) : NULL;
}

static int to_int(const struct ictx *c, size_t n, const char *name, int lo, int hi, int dflt)
{
	char *s = attr(c, n, name);
	if (!s || !*s) {
		free(s);
		return dflt;
	}
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (*end || errno || v < lo || v > hi) {
		diag_error(c->dl, c->file, el(c, n)->line, name,
			   "expected a whole number from %d to %d", lo, hi);
		v = dflt;
	}
	free(s);
	return (int)v;
}

/* Caps, in characters, of what institution.xml gives: far beyond any real value, so that a
 * runaway one (a file pasted into an element) is an error naming the element, never a PDF
 * library's failure; every value within its cap wraps (the order's number in its column
 * beside the date, names in the headers and the signatures: layout/layout.c). */
#define INST_MAX_NAME 400   /* name, short-name, parent */
#define INST_MAX_SHORT 100  /* city, the director's names */
#define INST_MAX_POSITION 200
#define INST_MAX_NUMBER 100 /* the order's number */
#define INST_MAX_WORD 100   /* an indicator, a document's kind */

static size_t chars(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xC0) != 0x80;
	return n;
}

/* Checks *s (may be NULL) against max characters: an error naming the element what at
 * line when longer (the run then writes nothing). */
static void cap(const struct ictx *c, char **s, size_t max, int line, const char *what)
{
	size_t n;
	if (!*s || (n = chars(*s)) <= max)
		return;
	diag_error(c->dl, c->file, line, what, "too long: %zu characters, at most %zu", n, max);
}

static void read_director(const struct ictx *c, size_t d)
{
	for (size_t e = d + 1; e < el(c, d)->end; e = el(c, e)->end) {
		char **dst = is(c, e, "position")     ? &c->in->director_position
			     : is(c, e, "surname")    ? &c->in->director_surname
			     : is(c, e, "name")       ? &c->in->director_name
			     : is(c, e, "patronymic") ? &c->in->director_patronymic
						      : NULL;
		if (!dst) {
			diag_warn(c->dl, c->file, el(c, e)->line, el(c, e)->name, "unknown element ignored");
			continue;
		}
		free(*dst);
		*dst = xstrdup(el(c, e)->text);
		char *what = xasprintf("director/%s", el(c, e)->name);
		cap(c, dst, is(c, e, "position") ? INST_MAX_POSITION : INST_MAX_SHORT, el(c, e)->line, what);
		free(what);
	}
}

static void read_order(const struct ictx *c, size_t e)
{
	free(c->in->order_number);
	c->in->order_number = attr(c, e, "number");
	cap(c, &c->in->order_number, INST_MAX_NUMBER, el(c, e)->line, "order/number");
	char *d = attr(c, e, "date");
	if (d && *d && date_parse(d, &c->in->order_date) != 0)
		diag_error(c->dl, c->file, el(c, e)->line, "date", "invalid date: expected YYYY-MM-DD or DD.MM.YYYY");
	free(d);
}

static void read_year(const struct ictx *c, size_t e)
{
	struct institution *in = c->in;
	in->years = xreallocarray(in->years, in->nyears + 1, sizeof *in->years);
	struct year_totals *y = &in->years[in->nyears++];
	y->start = to_int(c, e, "start", 1990, 2199, 0);
	y->graduates = to_int(c, e, "graduates", 0, 10000000, -1);
	y->admitted = to_int(c, e, "admitted", 0, 10000000, -1);
	y->need_mentor = to_int(c, e, "need-mentor", 0, 10000000, -1);
	y->students = to_int(c, e, "students", 0, 10000000, -1);
	if (!y->start)
		diag_error(c->dl, c->file, el(c, e)->line, "start", "required attribute is missing");
}

static void read_target(const struct ictx *c, size_t e)
{
	struct institution *in = c->in;
	char *ind = attr(c, e, "indicator");
	char *val = attr(c, e, "value");
	int line = el(c, e)->line;
	char *end = NULL;
	double v = val ? strtod(val, &end) : 0;
	cap(c, &ind, INST_MAX_WORD, line, "target/indicator");
	if (!ind || !*ind)
		diag_error(c->dl, c->file, line, "indicator", "required attribute is missing");
	else if (!val || !*val || *end || v < 0 || v > 1e9)
		diag_error(c->dl, c->file, line, "value", "expected a number");
	else {
		in->targets = xreallocarray(in->targets, in->ntargets + 1, sizeof *in->targets);
		struct target *t = &in->targets[in->ntargets++];
		t->start = to_int(c, e, "start", 1990, 2199, 0);
		t->indicator = ind;
		t->value = v;
		ind = NULL;
	}
	free(ind);
	free(val);
}

static void read_retention(const struct ictx *c, size_t e)
{
	struct institution *in = c->in;
	char *doc = attr(c, e, "document");
	cap(c, &doc, INST_MAX_WORD, el(c, e)->line, "retention/document");
	if (!doc || !*doc) {
		diag_error(c->dl, c->file, el(c, e)->line, "document", "required attribute is missing");
		free(doc);
		return;
	}
	in->retentions = xreallocarray(in->retentions, in->nretentions + 1, sizeof *in->retentions);
	in->retentions[in->nretentions].document = doc;
	in->retentions[in->nretentions].years = to_int(c, e, "years", 1, 100, 5);
	in->nretentions++;
}

static void read_text(const struct ictx *c, size_t e, char **dst, size_t max)
{
	free(*dst);
	*dst = xstrdup(el(c, e)->text);
	cap(c, dst, max, el(c, e)->line, el(c, e)->name);
}

static void read_element(const struct ictx *c, size_t e)
{
	struct institution *in = c->in;
	if (is(c, e, "name"))
		read_text(c, e, &in->name, INST_MAX_NAME);
	else if (is(c, e, "short-name"))
		read_text(c, e, &in->short_name, INST_MAX_NAME);
	else if (is(c, e, "parent"))
		read_text(c, e, &in->parent, INST_MAX_NAME);
	else if (is(c, e, "city"))
		read_text(c, e, &in->city, INST_MAX_SHORT);
	else if (is(c, e, "director"))
		read_director(c, e);
	else if (is(c, e, "order"))
		read_order(c, e);
	else if (is(c, e, "academic-year")) {
		char *s = xstrdup(el(c, e)->text), *end;
		long v = strtol(s, &end, 10);
		if (*end || v < 1990 || v > 2199)
			diag_error(c->dl, c->file, el(c, e)->line, "academic-year", "expected a year such as 2024");
		else
			in->academic_year = (int)v;
		free(s);
	} else if (is(c, e, "year"))
		read_year(c, e);
	else if (is(c, e, "target"))
		read_target(c, e);
	else if (is(c, e, "retention"))
		read_retention(c, e);
	else
		diag_warn(c->dl, c->file, el(c, e)->line, el(c, e)->name, "unknown element ignored");
}

static void require(const struct ictx *c, char **s, int line, const char *what)
{
	if (!*s || !**s)
		diag_error(c->dl, c->file, line, what, "required element is missing or empty");
	if (!*s)
		*s = xstrdup("");
}

size_t institution_load(struct model *m, const char *path, const char *display, const char *schema,
			struct diag_list *dl)
{
	size_t before = dl->nerrors;
	struct xml_plain p;
	if (xml_plain_read(path, display, schema, &p, dl) != 0)
		return dl->nerrors - before;
	const char *file = load_file_name(m, display);
	struct institution *in = &m->inst;
	in->src.file = file;
	struct ictx c = {file, dl, in, &p};
	int line = p.n ? p.v[0].line : 1;
	in->src.line = line;
	if (!p.n || !is(&c, 0, "institution"))
		diag_error(dl, file, line, NULL, "the root element must be <institution>");
	else
		for (size_t e = 1; e < p.v[0].end; e = p.v[e].end)
			read_element(&c, e);
	require(&c, &in->name, line, "name");
	require(&c, &in->director_surname, line, "director/surname");
	if (!in->short_name || !*in->short_name) {
		free(in->short_name);
		in->short_name = xstrdup(in->name);
	}
	char **opt[] = {&in->parent, &in->city, &in->director_position, &in->director_name,
			&in->director_patronymic, &in->order_number};
	for (size_t i = 0; i < sizeof opt / sizeof *opt; i++)
		if (!*opt[i])
			*opt[i] = xstrdup("");
	if (!*in->director_position) {
		free(in->director_position);
		in->director_position = xstrdup("Директор");
	}
	xml_plain_free(&p);
	return dl->nerrors - before;
}

const struct year_totals *institution_year(const struct institution *in, int start)
{
	for (size_t i = 0; i < in->nyears; i++)
		if (in->years[i].start == start)
			return &in->years[i];
	return NULL;
}

int institution_target(const struct institution *in, int start, const char *indicator, double *value)
{
	for (size_t i = 0; i < in->ntargets; i++)
		if (in->targets[i].start == start && strcmp(in->targets[i].indicator, indicator) == 0) {
			*value = in->targets[i].value;
			return 1;
		}
	return 0;
}

int institution_retention(const struct institution *in, const char *document, int dflt)
{
	for (size_t i = 0; i < in->nretentions; i++)
		if (strcmp(in->retentions[i].document, document) == 0)
			return in->retentions[i].years;
	return dflt;
}
