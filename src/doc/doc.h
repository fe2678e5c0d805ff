/* doc: the document tree — the one structure every document passes through, from the rules
 * to the layout. A document is a list of blocks: headings, paragraphs (runs of styled text,
 * optionally followed by a rule and blank ruled lines to fill in by hand), tables, approval and
 * signature blocks, charts, spacing and page breaks.
 * Invariant: the tree owns every string in it (setters copy); it knows nothing of fonts,
 * pages or PDF; doc_free releases everything with one call. */
#ifndef PT_DOC_H
#define PT_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum doc_style { DOC_REGULAR, DOC_BOLD, DOC_ITALIC, DOC_BOLD_ITALIC };
enum doc_align { DOC_LEFT, DOC_CENTER, DOC_RIGHT, DOC_JUSTIFY };

/* Where a node came from: the input record it was made of (file and line, the file's name
 * owned by the tree), for dumps; {NULL, 0} when none. Set with doc_src_set. */
struct doc_src {
	char *file;
	int line;
};

struct doc_span {
	enum doc_style style;
	bool underline;
	char *text; /* UTF-8; '\n' is a forced line break */
};

struct doc_para {
	struct doc_span *spans;
	size_t nspans, cap;
	enum doc_align align;
	double size;         /* font size, pt (0 = the document's default) */
	double indent_first; /* first-line indent, pt */
	double indent_left;  /* left indent of every line, pt */
	double space_before, space_after; /* pt */
	bool keep_with_next; /* never the last thing on a page */
	bool hyphenate;
	bool rule_after;     /* fill the rest of the last line with a rule (a form's blank) */
	int blank_lines;     /* ruled full-width lines after the paragraph, to fill in by hand */
	double blank_height; /* pt between those lines (0: 1.3 × the leading) */
	bool rule_under;     /* a rule under every line, across the text width (a filled-in blank) */
	char *caption;       /* small centred text under the last line (e.g. "(подпись)"), or NULL */
	struct doc_src src;  /* the input record the paragraph shows, if one */
};

struct doc_cell {
	struct doc_para *paras;
	size_t nparas, cap;
};

struct doc_row {
	struct doc_cell *cells; /* ncols cells, or 1 when span */
	size_t ncells;
	bool span;   /* one cell across the whole table (a section heading) */
	bool header; /* repeated at the top of every page the table continues on */
	struct doc_src src; /* the input record the row shows, if one */
};

struct doc_table {
	size_t ncols;
	double *widths; /* relative widths, any positive numbers */
	struct doc_row *rows;
	size_t nrows, cap;
	double size;
};

struct doc_signature {
	char *left;  /* position, may hold '\n' */
	char *right; /* И.О. Фамилия */
	bool line;   /* draw a signature line between them */
	char *caption; /* under the line, e.g. "(подпись)", or NULL */
	bool keep_with_next; /* on the page of what follows (a date under the signature) */
};

struct doc_approval {
	char **lines; /* the approval stamp's lines, top right of the first page */
	size_t nlines;
};

enum doc_chart_kind { DOC_CHART_BAR, DOC_CHART_STACKED, DOC_CHART_LINE, DOC_CHART_PIE };

struct doc_chart {
	enum doc_chart_kind kind;
	char *title;
	char *y_label;
	size_t ncats, nseries;
	char **cats;     /* ncats category labels (x axis) */
	char **series;   /* nseries series names (legend) */
	double *values;  /* nseries * ncats, row-major by series; NAN = no data */
	double height;   /* pt */
	bool percent;
};

enum doc_block_kind {
	DOC_PARAGRAPH,
	DOC_TABLE,
	DOC_SIGNATURE,
	DOC_APPROVAL,
	DOC_CHART,
	DOC_SPACE,
	DOC_PAGE_BREAK,
};

struct doc_block {
	enum doc_block_kind kind;
	int src_line; /* source position for dumps (template line), 0 if none */
	union {
		struct doc_para para;
		struct doc_table table;
		struct doc_signature sig;
		struct doc_approval appr;
		struct doc_chart chart;
		double space;
	} u;
};

struct doc {
	char *title, *author, *subject, *keywords;
	double size; /* default font size, pt */
	bool number_pages; /* page numbers from page 2, centred in the top margin */
	struct doc_block *blocks;
	size_t nblocks, cap;
};

/* Returns a new empty document (size 12 pt, numbered pages). Free with doc_free. */
struct doc *doc_new(void);
void doc_free(struct doc *d);
/* Sets the metadata (copied; NULL leaves a field unchanged). */
void doc_set_info(struct doc *d, const char *title, const char *author, const char *subject);

/* Adds a paragraph and returns it (borrowed; valid until the next block is added). */
struct doc_para *doc_add_para(struct doc *d, enum doc_align align);
/* Appends a run of text (copied) to a paragraph. */
void doc_para_add(struct doc_para *p, enum doc_style style, const char *text);
/* Convenience: adds a paragraph holding one run. Returns it (borrowed, as above). */
struct doc_para *doc_add_text(struct doc *d, enum doc_align align, enum doc_style style, const char *text);

/* Adds a table of ncols columns with relative widths (copied). Returns it (borrowed). */
struct doc_table *doc_add_table(struct doc *d, size_t ncols, const double *widths);
/* Adds a row; texts holds ncols strings (copied; NULL = empty) or one when span. Returns the row. */
struct doc_row *doc_table_add_row(struct doc_table *t, const char *const *texts, bool span, bool header);
/* Adds a paragraph to a cell and returns it (borrowed). */
struct doc_para *doc_cell_add_para(struct doc_cell *c, enum doc_align align);

/* Adds a signature block and returns it (borrowed, owned by d). */
struct doc_signature *doc_add_signature(struct doc *d, const char *left, const char *right, const char *caption);
void doc_add_approval(struct doc *d, const char *const *lines, size_t n);
/* Adds a chart; values (nseries*ncats) and labels are copied. Returns it (borrowed). */
struct doc_chart *doc_add_chart(struct doc *d, enum doc_chart_kind kind, const char *title,
				size_t ncats, const char *const *cats, size_t nseries,
				const char *const *series, const double *values);
void doc_add_space(struct doc *d, double pt);
void doc_add_page_break(struct doc *d);
/* Records where a node came from (file copied; NULL or line <= 0 clears it). */
void doc_src_set(struct doc_src *s, const char *file, int line);

/* Writes the text dump of the tree (doc/dump.h) to f. */
void doc_dump(const struct doc *d, FILE *f);

#endif
