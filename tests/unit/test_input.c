/* test_input: the readers behind one interface and the input folder — a reader chosen by the
 * extension, a reader of our own (a workbook's sheet, rows as a spreadsheet numbers them)
 * plugged in through the same table of functions, a file that is not read warned about, one
 * table given by two files named both.
 * Invariant: run from the repository root (tests/data/small, templates/schema); every file
 * lives in one mkdtemp folder, removed at the end. */
#define _DEFAULT_SOURCE /* mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "input/input.h"
#include "model/load.h"
#include "model/read_dir.h"
#include "util/xalloc.h"
#include "xml/plain.h"

static char tmp[] = "/tmp/test_input.XXXXXX";

static void write_file(const char *dir, const char *name, const char *text)
{
	char *p = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(p, "wb");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	free(p);
}

/* Copies file name of tests/data/small into dir. */
static void copy_small(const char *dir, const char *name)
{
	char *cmd = xasprintf("cp tests/data/small/%s '%s/'", name, dir);
	if (system(cmd) != 0)
		printf("cannot copy %s\n", name);
	free(cmd);
}

/* The one problem of dl about file, or NULL. */
static const struct diag *about(const struct diag_list *dl, const char *file)
{
	const struct diag *d = NULL;
	for (size_t i = 0; i < dl->n; i++)
		if (dl->v[i].file && strcmp(dl->v[i].file, file) == 0)
			d = &dl->v[i];
	return d;
}

static void test_choice(void)
{
	const struct input_reader *csv = input_reader_for("graduates.csv");
	CHECK(csv && strcmp(csv->name, "CSV") == 0, "graduates.csv is read as CSV");
	const struct input_reader *xml = input_reader_for("staff.XML");
	CHECK(xml && strcmp(xml->name, "XML") == 0, "the extension is compared without case");
	const struct input_reader *wb = input_reader_for("records.XLSX");
	CHECK(wb && wb->list && wb == input_reader_for("p.ods") && wb == input_reader_for("s.xls"),
	      "workbooks (.xlsx, .ods, and .xls to refuse it) are read by the sheet reader");
	CHECK(input_reader_for("notes.docx") == NULL, "nor for .docx");
	CHECK(input_reader_for("csv") == NULL && input_reader_for(".csv") == NULL,
	      "a name without a base or an extension has no reader");
	CHECK(input_reader_for("graduates.csv.bak") == NULL, "the last extension decides");
	char *exts = input_exts_text();
	CHECK_STR(exts, ".csv, .xml, .xlsx, .xlsm, .ods, .xls or .xlsb");
	free(exts);
	size_t n = 0;
	for (const struct input_reader *const *r = input_readers(); *r; r++, n++)
		CHECK((*r)->open && (*r)->next && (*r)->close && (*r)->exts[0], "reader %s complete",
		      (*r)->name);
	CHECK(n == 3, "three readers, got %zu", n);
}

/* ---- a reader of our own: one workbook sheet held in memory ---------------------------- */

struct fake {
	const char *const (*rows)[4]; /* NULL-padded rows of at most 4 cells */
	size_t nrows, next;
	int fail_at;                  /* next() fails on this row (1-based), 0 never */
};

static const char *const sheet_rows[][4] = {
	{"Код", "Фамилия", "Роль", NULL},
	{"S1", "Иванова", "педагог", NULL},
	{"S2", NULL, NULL, NULL},            /* shorter: padded */
	{"S3", "Петрова", "педагог", ""},    /* an empty cell past the header: dropped */
	{"S4", "Сидорова", "педагог", "x"},  /* a value past the header: an error */
};

static void *fake_open(const char *path, const char *shown, const struct input_want *want,
		       struct diag_list *dl)
{
	(void)path, (void)dl;
	struct fake *f = xcalloc(1, sizeof *f);
	f->rows = sheet_rows;
	f->nrows = strcmp(shown, "bad.xlsx") == 0 ? 5 : 4;
	f->fail_at = want && want->sheet && strcmp(want->sheet, "broken") == 0 ? 2 : 0;
	return f;
}

static int fake_next(void *st, struct input_row *row, struct diag_list *dl)
{
	struct fake *f = st;
	if (f->next >= f->nrows)
		return 0;
	if (f->fail_at && (int)f->next + 1 == f->fail_at) {
		struct diag_at at = {.file = "staff.xlsx", .sheet = "broken", .cell = "B2", .line = 2};
		diag_add_at(dl, DIAG_ERROR, &at, "cannot read the cell");
		return -1;
	}
	const char *const *r = f->rows[f->next];
	size_t n = 0;
	while (n < 4 && r[n])
		n++;
	row->cell = xcalloc(n ? n : 1, sizeof *row->cell);
	for (size_t i = 0; i < n; i++)
		row->cell[i] = xstrdup(r[i]);
	row->ncells = n;
	row->pos.sheet = "Сотрудники";
	row->pos.line = 0;
	row->pos.row = (int)f->next + 3; /* a title and a blank row above the header */
	f->next++;
	return 1;
}

static void fake_close(void *st)
{
	free(st);
}

static const char *const fake_exts[] = {"xlsx", NULL};
static const struct input_reader fake_reader = {"Excel", fake_exts, NULL, fake_open, fake_next,
						fake_close};

static void test_own_reader(void)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct table *t = NULL;
	struct input_want want = {"staff", NULL, NULL, NULL, NULL};
	CHECK(input_read_table(&fake_reader, "unused", "staff.xlsx", &want, &t, &dl) == 0 && t,
	      "our reader gives a table");
	if (t) {
		CHECK(t->ncols == 3 && strcmp(t->header[2], "Роль") == 0, "the header is its first row");
		CHECK(t->sheet && strcmp(t->sheet, "Сотрудники") == 0, "the table knows its sheet");
		CHECK(t->header_row == 3 && t->header_line == 0, "header at row %d", t->header_row);
		CHECK(t->nrows == 3, "three rows, got %zu", t->nrows);
		CHECK(t->nrows == 3 && t->rows[0].row == 4 && t->rows[2].row == 6,
		      "rows keep the spreadsheet's numbers");
		CHECK(t->nrows == 3 && strcmp(t->rows[1].cell[2], "") == 0, "a short row is padded");
		CHECK_STR(t->file, "staff.xlsx");
	}
	table_free(t);
	CHECK(dl.n == 0, "no problem, got %zu", dl.n);

	CHECK(input_read_table(&fake_reader, "unused", "bad.xlsx", &want, &t, &dl) != 0 && !t,
	      "a value past the header's width: no table");
	CHECK(dl.n == 1 && strstr(dl.v[0].msg, "past the header's last column (the header has 3 "
				  "columns)") && dl.v[0].sheet && strcmp(dl.v[0].sheet, "Сотрудники") == 0 &&
	      dl.v[0].cell && strcmp(dl.v[0].cell, "D7") == 0, "said at the value's cell: %s %s",
	      dl.n && dl.v[0].cell ? dl.v[0].cell : "-", dl.n ? dl.v[0].msg : "nothing");
	diag_list_free(&dl);

	struct input_want broken = {"staff", "broken", NULL, NULL, NULL};
	CHECK(input_read_table(&fake_reader, "unused", "staff.xlsx", &broken, &t, &dl) != 0 && !t,
	      "a reader's failure: no table");
	CHECK(dl.n == 1 && dl.v[0].cell && strcmp(dl.v[0].cell, "B2") == 0, "its problem kept");
	diag_list_free(&dl);
}

static void test_csv_through_interface(void)
{
	char *dir = xasprintf("%s/csv", tmp);
	if (mkdir(dir, 0700) != 0)
		printf("mkdir %s failed\n", dir);
	write_file(dir, "staff.csv", "Код;Фамилия\r\n\r\nS1;\"Ива\nнова\"\r\nS2;Петрова\r\n");
	char *path = xasprintf("%s/staff.csv", dir);
	struct diag_list dl = DIAG_LIST_INIT;
	struct table *t = NULL;
	struct input_want want = {"staff", NULL, NULL, NULL, NULL};
	CHECK(input_read_table(input_reader_for(path), path, "staff.csv", &want, &t, &dl) == 0 && t,
	      "CSV through the interface");
	if (t) {
		CHECK(t->header_line == 1 && t->nrows == 2 && t->rows[0].line == 3 && t->rows[1].line == 5,
		      "physical lines kept: %d %d", t->nrows ? t->rows[0].line : 0,
		      t->nrows > 1 ? t->rows[1].line : 0);
		CHECK(t->sheet == NULL && t->nrows == 2 && t->header_row == 1 && t->rows[0].row == 3 &&
		      t->rows[1].row == 4, "a text file has no sheet; its rows are the spreadsheet's");
		CHECK(t->nrows == 2 && strcmp(t->rows[0].cell[1], "Ива\nнова") == 0, "the cell");
	}
	table_free(t);
	write_file(dir, "staff.csv", "");
	CHECK(input_read_table(input_reader_for(path), path, "staff.csv", &want, &t, &dl) != 0 && !t,
	      "an empty file opens to nothing");
	CHECK(dl.n == 1 && strcmp(dl.v[0].msg, "file is empty") == 0, "csv's own message");
	diag_list_free(&dl);
	free(path);
	free(dir);
}

static void test_dir_list(void)
{
	char *dir = xasprintf("%s/list", tmp), *sub = xasprintf("%s/list/sub", tmp);
	if (mkdir(dir, 0700) != 0 || mkdir(sub, 0700) != 0)
		printf("mkdir failed\n");
	write_file(dir, "staff.csv", "x");
	write_file(dir, "a.docx", "x");
	write_file(dir, ".hidden.csv", "x");
	struct input_dir d;
	struct diag_list dl = DIAG_LIST_INIT;
	char *fifo = xasprintf("%s/events.csv", dir), *link = xasprintf("%s/records.csv", dir);
	if (mkfifo(fifo, 0600) != 0 || symlink("nowhere", link) != 0)
		printf("mkfifo or symlink failed\n");
	CHECK(input_dir_list(dir, &d, &dl) == 0, "listed");
	CHECK(d.n == 5 && strcmp(d.v[0].name, "a.docx") == 0 && strcmp(d.v[1].name, "events.csv") == 0 &&
	      strcmp(d.v[2].name, "records.csv") == 0 && strcmp(d.v[3].name, "staff.csv") == 0 &&
	      strcmp(d.v[4].name, "sub") == 0, "entries sorted, hidden ones left out (%zu)", d.n);
	CHECK(d.n == 5 && !d.v[0].reader && d.v[3].reader, "readers by extension");
	CHECK(d.n == 5 && d.v[0].kind == INPUT_REGULAR && d.v[1].kind == INPUT_SPECIAL &&
	      d.v[2].kind == INPUT_SPECIAL && d.v[4].kind == INPUT_FOLDER,
	      "a FIFO and a dangling link are special, never opened; a folder is one");
	input_dir_free(&d);
	char *none = xasprintf("%s/none", tmp), *file = xasprintf("%s/staff.csv", dir);
	CHECK(input_dir_list(none, &d, &dl) == 1 && d.n == 0 && dl.n == 1 &&
	      strstr(dl.v[0].msg, "does not exist"), "a folder that does not exist: one error");
	input_dir_free(&d);
	CHECK(input_dir_list(file, &d, &dl) == 1 && d.n == 0 && dl.n == 2 &&
	      strstr(dl.v[1].msg, "is a file, not a folder"), "a file as the folder: one error");
	input_dir_free(&d);
	diag_list_free(&dl);
	unlink(fifo), unlink(link);
	free(fifo), free(link), free(file);
	free(none), free(sub), free(dir);
}

/* the small data set plus what a user might leave in the folder */
static void test_read_dir(void)
{
	char *dir = xasprintf("%s/in", tmp);
	if (mkdir(dir, 0700) != 0)
		printf("mkdir %s failed\n", dir);
	copy_small(dir, "graduates.csv");
	copy_small(dir, "staff.csv");
	copy_small(dir, "records.csv");
	copy_small(dir, "institution.xml");
	write_file(dir, "records.numbers", "PK");
	write_file(dir, "notes.docx", "PK");
	write_file(dir, "old.csv", "a,b\n1,2\n");
	write_file(dir, "README.md", "# our tables\n");
	write_file(dir, "список.txt", "notes\n");
	struct model m = {0};
	struct diag_list dl = DIAG_LIST_INIT;
	CHECK(model_read_dir(&m, dir, "templates/schema", NULL, &dl) == 0, "no error: %s",
	      dl.nerrors ? dl.v[0].msg : "");
	CHECK(m.ngraduates > 0 && m.nstaff > 0 && m.nrecords > 0, "the tables were read");
	CHECK(m.inst.name && *m.inst.name, "institution.xml was read");
	CHECK(!m.has_events && !m.has_pairs && !m.graduates_unread && !m.staff_unread, "the flags");
	const struct diag *x = about(&dl, "records.numbers");
	CHECK(x && x->level == DIAG_WARNING && strstr(x->msg, "not read") && strstr(x->msg, ".csv, .xml"),
	      "records.numbers: %s", x ? x->msg : "nothing said");
	x = about(&dl, "notes.docx");
	CHECK(x && x->level == DIAG_WARNING && strstr(x->msg, "not read"), "notes.docx: %s",
	      x ? x->msg : "nothing said");
	x = about(&dl, "old.csv");
	CHECK(x && x->level == DIAG_WARNING && strstr(x->msg, "no table has this name"), "old.csv: %s",
	      x ? x->msg : "nothing said");
	CHECK(!about(&dl, "README.md") && !about(&dl, "список.txt"), "documentation left alone");
	CHECK(dl.nwarnings >= 3, "warnings %zu", dl.nwarnings);
	model_free(&m);
	diag_list_free(&dl);

	/* one table given twice: an error naming both, the table not read */
	write_file(dir, "graduates.xml", "<graduates/>");
	memset(&m, 0, sizeof m);
	model_read_dir(&m, dir, "templates/schema", NULL, &dl);
	x = about(&dl, "graduates.xml");
	CHECK(x && x->level == DIAG_ERROR &&
		      strcmp(x->msg, "both graduates.csv and graduates.xml are present: keep one") == 0,
	      "graduates twice: %s", x ? x->msg : "nothing said");
	CHECK(m.ngraduates == 0 && m.graduates_unread, "neither file read");
	model_free(&m);
	diag_list_free(&dl);

	/* staff only as XML: the XML reader, with its schema */
	char *p = xasprintf("%s/graduates.xml", dir);
	unlink(p);
	free(p);
	p = xasprintf("%s/staff.csv", dir);
	unlink(p);
	free(p);
	/* the staff of tests/data/small, as XML */
	static const char staff_xml[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<staff>\n"
		"<member><id>P01</id><surname>Зимина</surname><name>Ольга</name><position>Заместитель "
		"директора</position><role>заместитель руководителя</role></member>\n"
		"<member><id>P02</id><surname>Летова</surname><name>Мария</name><position>Социальный "
		"педагог</position><role>педагог социальный</role><keeps_records>да</keeps_records></member>\n"
		"</staff>\n";
	write_file(dir, "staff.xml", staff_xml);
	memset(&m, 0, sizeof m);
	CHECK(model_read_dir(&m, dir, "templates/schema", NULL, &dl) == 0 && m.nstaff > 0,
	      "staff.xml read: %zu staff, %s", m.nstaff, dl.nerrors ? dl.v[0].msg : "");
	CHECK(m.nstaff == 2 && strcmp(m.staff[1].src.file, "staff.xml") == 0 && m.staff[1].src.line == 4,
	      "its rows name it and their lines");
	model_free(&m);
	diag_list_free(&dl);

	/* a required table missing: today's message */
	p = xasprintf("%s/staff.xml", dir);
	unlink(p);
	free(p);
	memset(&m, 0, sizeof m);
	model_read_dir(&m, dir, "templates/schema", NULL, &dl);
	x = about(&dl, "staff.csv");
	CHECK(x && x->level == DIAG_ERROR && strncmp(x->msg, "required table is missing", 25) == 0,
	      "staff missing: %s", x ? x->msg : "nothing said");
	CHECK(m.staff_unread, "staff unread");
	model_free(&m);
	diag_list_free(&dl);
	free(dir);
}

/* a workbook's table given meaning: a bad cell is reported at its sheet and cell */
static void test_workbook_cells(void)
{
	static const char *const hdr[] = {"Код", "Фамилия", "Имя", "Должность", "Роль"};
	static const char *const row[] = {"S1", "Иванова", "Анна", "Педагог", "повар"};
	struct table *t = table_new("staff.xlsx");
	t->sheet = xstrdup("Сотрудники");
	t->header_row = 2;
	char **cells = xcalloc(5, sizeof *cells);
	for (size_t i = 0; i < 5; i++) {
		table_add_header(t, hdr[i]);
		cells[i] = xstrdup(row[i]);
	}
	table_add_row(t, 0, cells);
	t->rows[0].row = 14;
	struct model m = {0};
	struct diag_list dl = DIAG_LIST_INIT;
	CHECK(load_table(&m, TABLE_STAFF, t, NULL, &dl) == 1, "one error");
	CHECK(dl.n == 1 && dl.v[0].sheet && strcmp(dl.v[0].sheet, "Сотрудники") == 0 && dl.v[0].cell &&
		      strcmp(dl.v[0].cell, "E14") == 0 && strcmp(dl.v[0].field, "Роль") == 0,
	      "at sheet and cell: %s", dl.n && dl.v[0].cell ? dl.v[0].cell : "none");
	table_free(t);
	model_free(&m);
	diag_list_free(&dl);
}

/* institution.xml as plain data: the flat array, its subtrees and children without recursion */
static void test_xml_plain(void)
{
	static const char doc[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<institution>\n"
		"  <name>  Колледж\n </name>\n"
		"  <director>\n"
		"    <surname>Орлова</surname>\n"
		"    <name>Анна</name>\n"
		"  </director>\n"
		"  <year start=\" 2025 \" graduates=\"40\"/>\n"
		"</institution>\n";
	write_file(tmp, "institution.xml", doc);
	char *path = xasprintf("%s/institution.xml", tmp);
	struct xml_plain p;
	struct diag_list dl = DIAG_LIST_INIT;
	CHECK(xml_plain_read(path, "institution.xml", "templates/schema/institution.xsd", &p, &dl) == 0,
	      "read: %s", dl.n ? dl.v[0].msg : "");
	CHECK(p.n == 6, "six elements, got %zu", p.n);
	if (p.n == 6) {
		CHECK(strcmp(p.v[0].name, "institution") == 0 && p.v[0].end == 6, "the root spans all");
		size_t kids[4], n = 0;
		for (size_t c = 1; c < p.v[0].end && n < 4; c = p.v[c].end)
			kids[n++] = c;
		CHECK(n == 3 && kids[0] == 1 && kids[1] == 2 && kids[2] == 5, "three children of the root");
		CHECK_STR(p.v[1].text, "Колледж");
		CHECK(p.v[2].end == 5 && strcmp(p.v[3].name, "surname") == 0 && p.v[3].line == 6,
		      "director's subtree and lines");
		CHECK_STR(p.v[4].text, "Анна");
		const char *start = xml_plain_attr(&p, 5, "start");
		CHECK(start && strcmp(start, "2025") == 0, "attribute trimmed");
		CHECK(xml_plain_attr(&p, 5, "admitted") == NULL, "absent attribute");
	}
	xml_plain_free(&p);
	write_file(tmp, "institution.xml", "<institution><nonsense/></institution>");
	CHECK(xml_plain_read(path, "institution.xml", "templates/schema/institution.xsd", &p, &dl) != 0 &&
		      p.n == 0 && dl.nerrors > 0,
	      "an invalid file gives nothing, and errors");
	diag_list_free(&dl);
	free(path);
}

int main(void)
{
	if (!mkdtemp(tmp)) {
		perror("mkdtemp");
		return 1;
	}
	test_choice();
	test_own_reader();
	test_csv_through_interface();
	test_dir_list();
	test_read_dir();
	test_workbook_cells();
	test_xml_plain();
	char *cmd = xasprintf("rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		printf("cannot remove %s\n", tmp);
	free(cmd);
	return DONE("input");
}
