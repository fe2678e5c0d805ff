/* style: the official sizes and spacings of every document, in one place, named by role (body
 * text, title, heading, table, a form's field label …), with each form's defaults.
 * Invariant: rules name a role of the sheet, never a number; every value a template may
 * override is one row of one table (attribute name, place in the sheet, unit), so reading a
 * template and checking it agree. Sizes and spacings are in points. */
#ifndef PT_STYLE_H
#define PT_STYLE_H

#include <stddef.h>

/* The documents, each with its own official defaults. */
enum doc_form { DOC_FORM_PASSPORT, DOC_FORM_PLAN, DOC_FORM_ORDER, DOC_FORM_REPORT, DOC_FORM_INVENTORY };

/* How a role looks: what a rule copies into a paragraph (or a space, or a chart). A role uses
 * only some of these (the attribute table says which); the others stay 0. */
struct doc_look {
	double size;   /* font size, pt */
	double before; /* space before, pt */
	double after;  /* space after, pt */
	double indent; /* first-line or left indent, pt */
	double height; /* a chart's height, pt */
};

#define DOC_MAX_COLUMNS 8

/* A table's columns: n relative widths (any positive numbers). A table with a column per year
 * has n = 2: the label's column, then the width of every year's. */
struct doc_columns {
	size_t n;
	double w[DOC_MAX_COLUMNS];
};

struct doc_sheet {
	struct doc_look body;         /* running text: size, first-line indent, space after */
	struct doc_look title;        /* the document's name (ПАСПОРТ, ПРИКАЗ, the report's title) */
	struct doc_look subtitle;     /* the line under the title */
	struct doc_look heading;      /* a heading to the text or a section */
	struct doc_look table;        /* table text */
	struct doc_look small;        /* a note under a table */
	struct doc_look label;        /* a form's numbered field label */
	struct doc_look item;         /* a form's sub-field label */
	struct doc_look value;        /* a field's values on lines of their own */
	struct doc_look blank;        /* a filled-in blank on a rule, with its caption */
	struct doc_look institution;  /* the institution's name among the requisites */
	struct doc_look period;       /* the plan's academic years */
	struct doc_look place;        /* where the document was made */
	struct doc_look dateline;     /* the order's date and number line */
	struct doc_look command;      /* «ПРИКАЗЫВАЮ:» */
	struct doc_look point;        /* the order's point: space after its text and its parts */
	struct doc_look acquaintance; /* «С приказом ознакомлены:» and its signatures */
	struct doc_look signature;    /* the signature block and the date line under it */
	struct doc_look block;        /* the space between the blocks of a section */
	struct doc_look chart;        /* a chart: space before, height */
	/* the columns of the tables (not set from templates; the plan's come from its <column>s) */
	struct doc_columns group;     /* № | name | position | role in the group */
	struct doc_columns curators;  /* № | graduate | year of graduation | curator */
	struct doc_columns events;    /* the plan: № | event | due | responsible | mark */
	struct doc_columns years;     /* an indicator | a value per year */
	struct doc_columns targets;   /* an indicator | fact, target per year */
	struct doc_columns words;     /* a word | records naming it */
	struct doc_columns counts;    /* a plan's section | six counts of its items */
	struct doc_columns documents; /* № | document | graduate | date | pages | keep until */
};

/* Fills s with the official defaults of form. */
void doc_sheet_init(struct doc_sheet *s, enum doc_form form);

/* Sets the style attribute name (e.g. "table-size", "body-indent") to value as a template
 * writes it: a number with an optional unit, pt (the default), mm or cm ("11", "10.5",
 * "1.25cm"). Returns 0 when set; 1 when name is not a style attribute (not of the form
 * role-size, role-before, role-after, role-indent, role-height); -1 when it looks like one
 * but is unknown, or value is not a number in range: s is unchanged and why (why_n bytes)
 * says what is expected. */
int doc_sheet_set(struct doc_sheet *s, const char *name, const char *value, char *why, size_t why_n);

#endif
