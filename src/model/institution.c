/* institution: institution.xml → struct institution, with line-numbered errors. */
#include "institution.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/load.h"
#include "util/xalloc.h"
#include "xml/xmlsafe.h"

struct ictx {
	const char *file;
	struct diag_list *dl;
	struct institution *in;
};

static int to_int(const struct ictx *c, xmlNodePtr n, const char *attr, int lo, int hi, int dflt)
{
	char *s = xmlsafe_attr(n, attr);
	if (!s || !*s) {
		free(s);
		return dflt;
	}
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (*end || errno || v < lo || v > hi) {
		diag_error(c->dl, c->file, (int)xmlGetLineNo(n), attr,
			   "expected a whole number from %d to %d", lo, hi);
		v = dflt;
	}
	free(s);
	return (int)v;
}

static void read_director(const struct ictx *c, xmlNodePtr d)
{
	for (xmlNodePtr e = xmlsafe_first_element(d); e; e = xmlsafe_next_element(e)) {
		char **dst = xmlsafe_is(e, "position")	  ? &c->in->director_position
			     : xmlsafe_is(e, "surname")	  ? &c->in->director_surname
			     : xmlsafe_is(e, "name")	  ? &c->in->director_name
			     : xmlsafe_is(e, "patronymic") ? &c->in->director_patronymic
							  : NULL;
		if (!dst) {
			diag_warn(c->dl, c->file, (int)xmlGetLineNo(e), (const char *)e->name, "unknown element ignored");
			continue;
		}
		free(*dst);
		*dst = xmlsafe_text(e);
	}
}

static void read_order(const struct ictx *c, xmlNodePtr e)
{
	free(c->in->order_number);
	c->in->order_number = xmlsafe_attr(e, "number");
	char *d = xmlsafe_attr(e, "date");
	if (d && *d && date_parse(d, &c->in->order_date) != 0)
		diag_error(c->dl, c->file, (int)xmlGetLineNo(e), "date", "invalid date: expected YYYY-MM-DD or DD.MM.YYYY");
	free(d);
}

static void read_year(const struct ictx *c, xmlNodePtr e)
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
		diag_error(c->dl, c->file, (int)xmlGetLineNo(e), "start", "required attribute is missing");
}

static void read_target(const struct ictx *c, xmlNodePtr e)
{
	struct institution *in = c->in;
	char *ind = xmlsafe_attr(e, "indicator");
	char *val = xmlsafe_attr(e, "value");
	int line = (int)xmlGetLineNo(e);
	char *end = NULL;
	double v = val ? strtod(val, &end) : 0;
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

static void read_retention(const struct ictx *c, xmlNodePtr e)
{
	struct institution *in = c->in;
	char *doc = xmlsafe_attr(e, "document");
	if (!doc || !*doc) {
		diag_error(c->dl, c->file, (int)xmlGetLineNo(e), "document", "required attribute is missing");
		free(doc);
		return;
	}
	in->retentions = xreallocarray(in->retentions, in->nretentions + 1, sizeof *in->retentions);
	in->retentions[in->nretentions].document = doc;
	in->retentions[in->nretentions].years = to_int(c, e, "years", 1, 100, 5);
	in->nretentions++;
}

static void read_text(const struct ictx *c, xmlNodePtr e, char **dst)
{
	(void)c;
	free(*dst);
	*dst = xmlsafe_text(e);
}

static void read_element(const struct ictx *c, xmlNodePtr e)
{
	struct institution *in = c->in;
	if (xmlsafe_is(e, "name"))
		read_text(c, e, &in->name);
	else if (xmlsafe_is(e, "short-name"))
		read_text(c, e, &in->short_name);
	else if (xmlsafe_is(e, "parent"))
		read_text(c, e, &in->parent);
	else if (xmlsafe_is(e, "city"))
		read_text(c, e, &in->city);
	else if (xmlsafe_is(e, "director"))
		read_director(c, e);
	else if (xmlsafe_is(e, "order"))
		read_order(c, e);
	else if (xmlsafe_is(e, "academic-year")) {
		char *s = xmlsafe_text(e), *end;
		long v = strtol(s, &end, 10);
		if (*end || v < 1990 || v > 2199)
			diag_error(c->dl, c->file, (int)xmlGetLineNo(e), "academic-year", "expected a year such as 2024");
		else
			in->academic_year = (int)v;
		free(s);
	} else if (xmlsafe_is(e, "year"))
		read_year(c, e);
	else if (xmlsafe_is(e, "target"))
		read_target(c, e);
	else if (xmlsafe_is(e, "retention"))
		read_retention(c, e);
	else
		diag_warn(c->dl, c->file, (int)xmlGetLineNo(e), (const char *)e->name, "unknown element ignored");
}

static void require(const struct ictx *c, char **s, int line, const char *what)
{
	if (!*s || !**s)
		diag_error(c->dl, c->file, line, what, "required element is missing or empty");
	if (!*s)
		*s = xstrdup("");
}

size_t institution_load(struct model *m, const char *path, const char *display, struct diag_list *dl)
{
	size_t before = dl->nerrors;
	const char *file = load_file_name(m, display);
	struct institution *in = &m->inst;
	in->src.file = file;
	xmlDocPtr doc = xmlsafe_read_file(path, file, dl);
	if (!doc)
		return dl->nerrors - before;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	struct ictx c = {file, dl, in};
	int line = root ? (int)xmlGetLineNo(root) : 1;
	in->src.line = line;
	if (!xmlsafe_is(root, "institution"))
		diag_error(dl, file, line, NULL, "the root element must be <institution>");
	else
		for (xmlNodePtr e = xmlsafe_first_element(root); e; e = xmlsafe_next_element(e))
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
	xmlFreeDoc(doc);
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
