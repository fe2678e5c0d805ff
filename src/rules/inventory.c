/* inventory: «Опись документов» — the manifest's documents as a register, in the print order,
 * with the keeper's signature, worded by templates/inventory.xml.
 * Invariant: every placeholder the template may use is in one table (keys[]) and every
 * element and kind in one list, so checking the template and building from it agree. */
#include "inventory.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/collate.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define BLANK "____________________"

static const char *const keys[] = {"institution", "short_name", "date", "documents", "pages",
				   "keeper", "keeper_position", "years", "digest", NULL};
enum { K_INSTITUTION, K_SHORT_NAME, K_DATE, K_DOCUMENTS, K_PAGES, K_KEEPER, K_KEEPER_POSITION, K_YEARS, K_DIGEST };

static const char *const elems[] = {"institution", "title", "subtitle", "as-of", "table", "total",
				    "digest", "signature", NULL};

#define DIGEST_TEXT "Контрольная сумма описи (SHA-256 файла manifest.csv): {digest}"
/* The kinds in print order; the index is the kind's rank. */
static const char *const kinds[] = {"passport", "plan", "order", "report", NULL};

struct ictx {
	const struct model *m;
	struct date today;
	size_t documents;
	long pages;
	size_t keeper; /* staff index, or (size_t)-1 */
	int year;      /* of the row being written, 0 when unknown */
	const char *digest; /* the manifest's digest, as printed */
	bool digest_shown;  /* a <digest> element was laid out */
	struct doc_sheet st; /* the register's sizes and spacings */
};

static int list_index(const char *const *list, const char *s)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return i;
	return -1;
}

/* ---- placeholders ---------------------------------------------------------------------- */

static char *value_of(const struct ictx *c, size_t k)
{
	const struct institution *in = &c->m->inst;
	const struct staff *keeper = c->keeper < c->m->nstaff ? &c->m->staff[c->keeper] : NULL;
	char b[16];
	switch (k) {
	case K_INSTITUTION: return xstrdup(in->name ? in->name : "");
	case K_SHORT_NAME: return xstrdup(in->short_name && *in->short_name ? in->short_name : in->name ? in->name : "");
	case K_DATE:
		date_format(c->today, b, sizeof b);
		return xstrdup(b);
	case K_DOCUMENTS: return xasprintf("%zu", c->documents);
	case K_PAGES: return xasprintf("%ld", c->pages);
	case K_KEEPER:
		return keeper ? model_initials_first(keeper->surname, keeper->name, keeper->patronymic) : xstrdup(BLANK);
	case K_KEEPER_POSITION: return xstrdup(keeper && *keeper->position ? keeper->position : BLANK);
	case K_YEARS: return c->year ? xasprintf("%d/%d", c->year, c->year + 1) : xstrdup("");
	case K_DIGEST: return xstrdup(c->digest ? c->digest : "");
	}
	return xstrdup("");
}

/* tmpl_expand's value callback. */
static char *value_cb(const void *ctx, size_t k)
{
	return value_of(ctx, k);
}

/* Expands the {key} placeholders of s into out (values only when c is not NULL). Returns 0,
 * or -1 with the offending text in bad. */
static int expand(const struct ictx *c, const char *s, struct buf *out, char *bad, size_t badn)
{
	return tmpl_expand(s, keys, c ? value_cb : NULL, c, out, bad, badn);
}

/* The expanded text of s, or of dflt when s is NULL or empty (a new string). */
static char *fill(const struct ictx *c, const char *s, const char *dflt)
{
	struct buf b = BUF_INIT;
	char bad[64];
	expand(c, s && *s ? s : dflt, &b, bad, sizeof bad);
	return buf_take(&b);
}

/* ---- the template ---------------------------------------------------------------------- */

static void check_text(const struct tmpl *t, const struct tnode *n, const char *field, const char *s,
		       struct diag_list *dl)
{
	struct buf b = BUF_INIT;
	char bad[64];
	if (s && expand(NULL, s, &b, bad, sizeof bad) != 0)
		diag_error(dl, t->file, n->line, field, "unknown placeholder %s (known: {institution}, "
			   "{short_name}, {date}, {documents}, {pages}, {keeper}, {keeper_position}, {years}, "
			   "{digest})", bad);
	buf_free(&b);
}

static void check_node_text(const struct tmpl *t, const struct tnode *n, struct diag_list *dl)
{
	check_text(t, n, n->name, n->text, dl);
	for (size_t i = 0; i + 1 < n->nattr; i += 2)
		check_text(t, n, n->attr[i], n->attr[i + 1], dl);
}

static void check_table(const struct tmpl *t, const struct tnode *n, struct diag_list *dl)
{
	for (size_t i = 0; i < n->nkids; i++) {
		const struct tnode *k = &n->kids[i];
		if (strcmp(k->name, "kind") != 0) {
			diag_error(dl, t->file, k->line, k->name, "unknown element inside <table> (expected kind)");
			continue;
		}
		const char *name = tnode_attr(k, "name", "");
		if (list_index(kinds, name) < 0)
			diag_error(dl, t->file, k->line, "name", "unknown kind '%s' (known: passport, plan, order, "
				   "report)", name);
		if (!*k->text)
			diag_error(dl, t->file, k->line, "kind", "the document's name is empty");
		check_node_text(t, k, dl);
	}
}

size_t inventory_check_template(const struct tmpl *t, struct diag_list *dl)
{
	size_t before = dl->nerrors;
	const struct tnode *root = &t->root;
	if (strcmp(root->name, "inventory") != 0) {
		diag_error(dl, t->file, root->line, root->name, "the root element must be <inventory>");
		return dl->nerrors - before;
	}
	struct doc_sheet st;
	tmpl_sheet(t, DOC_FORM_INVENTORY, &st, dl);
	for (size_t i = 0; i < root->nkids; i++) {
		const struct tnode *n = &root->kids[i];
		if (list_index(elems, n->name) < 0) {
			diag_error(dl, t->file, n->line, n->name, "unknown element");
			continue;
		}
		check_node_text(t, n, dl);
		if (strcmp(n->name, "table") == 0)
			check_table(t, n, dl);
		else if (n->nkids)
			diag_error(dl, t->file, n->kids[0].line, n->kids[0].name, "unknown element inside <%s>",
				   n->name);
	}
	return dl->nerrors - before;
}

/* ---- the rows, in print order ------------------------------------------------------------ */

struct row {
	const struct inventory_entry *e;
	int rank;
	const struct graduate *g; /* NULL for documents of the year or a graduate no longer in the data */
};

static int row_cmp(const void *x, const void *y)
{
	const struct row *a = x, *b = y;
	if (a->rank != b->rank)
		return a->rank - b->rank;
	static const char none[] = "";
	int c = collate_ru(a->g ? a->g->surname : none, b->g ? b->g->surname : none);
	if (!c)
		c = collate_ru(a->g ? a->g->name : none, b->g ? b->g->name : none);
	if (!c)
		c = collate_ru(a->g && a->g->patronymic ? a->g->patronymic : none,
			    b->g && b->g->patronymic ? b->g->patronymic : none);
	if (!c)
		c = strcmp(a->e->graduate, b->e->graduate);
	return c ? c : strcmp(a->e->path, b->e->path);
}

struct by_id {
	const char *id;
	const struct graduate *g;
};

static int by_id_cmp(const void *x, const void *y)
{
	return strcmp(((const struct by_id *)x)->id, ((const struct by_id *)y)->id);
}

/* The graduates sorted by id, for bsearch (a new array of m->ngraduates). */
static struct by_id *id_index(const struct model *m)
{
	struct by_id *v = xmalloc((m->ngraduates ? m->ngraduates : 1) * sizeof *v);
	for (size_t i = 0; i < m->ngraduates; i++)
		v[i].id = m->graduates[i].id, v[i].g = &m->graduates[i];
	qsort(v, m->ngraduates, sizeof *v, by_id_cmp);
	return v;
}

/* The listed entries of v in print order (a new array of *n rows). */
static struct row *rows_of(const struct model *m, const struct inventory_entry *v, size_t nv, size_t *n)
{
	struct by_id *ids = id_index(m);
	struct row *r = xmalloc((nv ? nv : 1) * sizeof *r);
	*n = 0;
	for (size_t i = 0; i < nv; i++) {
		const struct inventory_entry *e = &v[i];
		if (strcmp(e->kind, "print") == 0 || strcmp(e->kind, "inventory") == 0)
			continue;
		int rank = list_index(kinds, e->kind);
		r[*n].e = e;
		r[*n].rank = rank < 0 ? (int)(sizeof kinds / sizeof *kinds) : rank;
		struct by_id key = {e->graduate, NULL}, *hit = NULL;
		if (*e->graduate && m->ngraduates)
			hit = bsearch(&key, ids, m->ngraduates, sizeof *ids, by_id_cmp);
		r[*n].g = hit ? hit->g : NULL;
		(*n)++;
	}
	free(ids);
	qsort(r, *n, sizeof *r, row_cmp);
	return r;
}

/* The academic year in a file name "…-YYYY.pdf", or 0. */
static int year_of_path(const char *path)
{
	size_t n = strlen(path);
	if (n < 9 || strcmp(path + n - 4, ".pdf") != 0 || path[n - 9] != '-')
		return 0;
	int y = 0;
	for (size_t i = n - 8; i < n - 4; i++) {
		if (path[i] < '0' || path[i] > '9')
			return 0;
		y = y * 10 + (path[i] - '0');
	}
	return y >= 1990 && y < 2199 ? y : 0;
}

/* ---- building ---------------------------------------------------------------------------- */

static const struct tnode *kind_node(const struct tnode *table, const char *kind)
{
	for (size_t i = 0; table && i < table->nkids; i++)
		if (strcmp(tnode_attr(&table->kids[i], "name", ""), kind) == 0)
			return &table->kids[i];
	return NULL;
}

static char *document_name(struct ictx *c, const struct tnode *table, const struct inventory_entry *e)
{
	const struct tnode *k = kind_node(table, e->kind);
	if (!k)
		return xstrdup(e->kind);
	c->year = year_of_path(e->path);
	const char *of_year = tnode_attr(k, "of-year", NULL);
	char *suffix = c->year && of_year ? fill(c, of_year, "") : xstrdup("");
	char *name = fill(c, k->text, e->kind);
	char *s = *suffix ? xasprintf("%s %s", name, suffix) : xstrdup(name);
	c->year = 0;
	free(name);
	free(suffix);
	return s;
}

static void add_row(struct doc_table *t, const char *const *texts, bool header)
{
	static const enum doc_align align[] = {DOC_CENTER, DOC_LEFT, DOC_LEFT, DOC_CENTER, DOC_CENTER, DOC_CENTER};
	struct doc_row *r = doc_table_add_row(t, texts, false, header);
	for (size_t k = 0; k < r->ncells; k++)
		for (size_t i = 0; i < r->cells[k].nparas; i++) {
			r->cells[k].paras[i].hyphenate = !header;
			if (!header)
				r->cells[k].paras[i].align = align[k];
		}
}

static void add_table(struct doc *d, struct ictx *c, const struct tnode *n, const struct row *rows, size_t nrows)
{
	struct doc_table *t = doc_add_table(d, c->st.documents.n, c->st.documents.w);
	t->size = c->st.table.size;
	const char *head[] = {tnode_attr(n, "number", "№"), tnode_attr(n, "document", "Документ"),
			      tnode_attr(n, "graduate", "Выпускник"), tnode_attr(n, "date", "Дата"),
			      tnode_attr(n, "pages", "Листов"), tnode_attr(n, "keep", "Хранить до")};
	add_row(t, head, true);
	const char *none = tnode_attr(n, "none", "—");
	for (size_t i = 0; i < nrows; i++) {
		const struct inventory_entry *e = rows[i].e;
		const struct graduate *g = rows[i].g;
		char num[24], date[16], pages[16], keep[16];
		snprintf(num, sizeof num, "%zu", i + 1);
		date_format(e->date, date, sizeof date);
		snprintf(pages, sizeof pages, "%d", e->pages);
		date_format(e->keep_until, keep, sizeof keep);
		char *doc = document_name(c, n, e);
		char *who = g ? model_short_name(g->surname, g->name, g->patronymic)
			      : xstrdup(*e->graduate ? e->graduate : none);
		const char *until = *keep ? keep : tnode_attr(n, "permanent", "постоянно");
		const char *row[] = {num, doc, who, date, pages, until};
		add_row(t, row, false);
		free(doc);
		free(who);
	}
}

/* The digest's line (text, else the default wording); the register always carries one. */
static void add_digest(struct doc *d, struct ictx *c, const char *text)
{
	char *s = fill(c, text, DIGEST_TEXT);
	struct doc_para *p = doc_add_text(d, DOC_LEFT, DOC_REGULAR, s);
	p->space_before = c->st.block.before;
	p->keep_with_next = true;
	c->digest_shown = true;
	free(s);
}

static void add_element(struct doc *d, struct ictx *c, const struct tnode *n, const struct row *rows, size_t nrows)
{
	struct doc_para *p = NULL;
	char *s = NULL;
	if (strcmp(n->name, "institution") == 0) {
		s = fill(c, n->text, "{institution}");
		p = doc_add_text(d, DOC_CENTER, DOC_REGULAR, s);
		p->space_after = c->st.institution.after;
	} else if (strcmp(n->name, "title") == 0 || strcmp(n->name, "subtitle") == 0) {
		s = fill(c, n->text, strcmp(n->name, "title") == 0 ? "ОПИСЬ" : "документов");
		p = doc_add_text(d, DOC_CENTER, DOC_BOLD, s);
		p->size = strcmp(n->name, "title") == 0 ? c->st.title.size : c->st.subtitle.size;
		p->keep_with_next = true;
	} else if (strcmp(n->name, "as-of") == 0) {
		s = fill(c, n->text, "по состоянию на {date}");
		p = doc_add_text(d, DOC_CENTER, DOC_REGULAR, s);
		p->space_before = c->st.period.before;
		p->space_after = c->st.period.after;
	} else if (strcmp(n->name, "table") == 0) {
		add_table(d, c, n, rows, nrows);
	} else if (strcmp(n->name, "total") == 0) {
		s = fill(c, n->text, "Всего документов: {documents}, листов: {pages}.");
		p = doc_add_text(d, DOC_LEFT, DOC_REGULAR, s);
		p->space_before = c->st.block.before;
		p->keep_with_next = true;
	} else if (strcmp(n->name, "digest") == 0) {
		add_digest(d, c, n->text);
	} else if (strcmp(n->name, "signature") == 0) {
		if (!c->digest_shown)
			add_digest(d, c, NULL);
		char *pos = fill(c, tnode_attr(n, "position", NULL), "{keeper_position}");
		char *name = fill(c, tnode_attr(n, "name", NULL), "{keeper}");
		doc_add_space(d, c->st.signature.before);
		doc_add_signature(d, pos, name, tnode_attr(n, "caption", NULL));
		free(pos);
		free(name);
	}
	free(s);
}

struct doc *inventory_build(const struct model *m, const struct inventory_entry *v, size_t n,
			    const struct tmpl *t, struct date today, const char *digest)
{
	struct ictx c = {.m = m, .today = today, .keeper = (size_t)-1, .digest = digest};
	tmpl_sheet(t, DOC_FORM_INVENTORY, &c.st, NULL);
	for (size_t i = 0; i < m->nstaff && c.keeper == (size_t)-1; i++)
		if (m->staff[i].keeps_records)
			c.keeper = i;
	size_t nrows;
	struct row *rows = rows_of(m, v, n, &nrows);
	c.documents = nrows;
	for (size_t i = 0; i < nrows; i++)
		c.pages += rows[i].e->pages;
	struct doc *d = doc_new();
	d->size = c.st.body.size;
	char date[16];
	date_format(today, date, sizeof date);
	char *title = xasprintf("Опись документов патронатного сопровождения выпускников на %s", date);
	doc_set_info(d, title, m->inst.name, "Опись документов");
	free(title);
	for (size_t i = 0; i < t->root.nkids; i++)
		add_element(d, &c, &t->root.kids[i], rows, nrows);
	if (!c.digest_shown)
		add_digest(d, &c, NULL);
	free(rows);
	return d;
}
