/* floor: the floor of this stack for `make bench`: bare libharu 2.3 writing the passports'
 * text — the 16 fields' labels and each graduate's values from graduates.csv and
 * records.csv — in Liberation Serif (TrueType, embedded, CP1251 encoder), greedy-wrapped with
 * HPDF_Font_TextWidth, and no other layout logic (no templates, hyphenation, tables,
 * approval block or page numbers).
 * Invariants: the text is what a passport prints (labels of templates/passport.xml, values
 * chosen as the rules choose them, records put in the half-year after graduation they fall
 * in); one PDF per graduate, or all graduates in one PDF, each starting on a new page. */
#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv/csv_read.h"
#include "pdf/cp1251.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/diag.h"
#include "util/table.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define PAGE_W 595.276f
#define PAGE_H 841.89f
#define MM 2.83465f
#define LEFT (30 * MM)
#define RIGHT (PAGE_W - 10 * MM)
#define TOP (PAGE_H - 20 * MM)
#define BOTTOM (20 * MM)
#define SIZE 12.0f
#define LEADING 15.0f

/* The graduates.csv columns a passport prints, by header. */
enum col {
	C_ID, C_SURNAME, C_NAME, C_PATRONYMIC, C_BIRTH, C_GRAD, C_ADDRESS, C_SOCIAL, C_FAMILY,
	C_HOUSING, C_STATUS, C_ORG, C_POSITION, C_SINCE, C_REASON, C_CURATOR, C_NOTES,
	C_CONCLUSIONS, C_RECOMMENDATIONS, C_COUNT
};
static const char *const COL[C_COUNT] = {
	"Код", "Фамилия", "Имя", "Отчество", "Дата рождения", "Дата выпуска", "Адрес",
	"Социальный статус", "Характеристика семьи", "Жилищные условия", "Жизнеустройство",
	"Организация", "Специальность, должность", "Дата поступления", "Причина", "Куратор",
	"Дополнительная информация", "Выводы", "Рекомендации"};
enum rcol { R_ID, R_DATE, R_FEATURES, R_DIFFICULTIES, R_HELP, R_BY, R_PLANNED, R_COUNT };
static const char *const RCOL[R_COUNT] = {
	"Код выпускника", "Дата", "Особенности", "Трудности", "Оказанная помощь", "Кем оказана",
	"Прогнозируемая помощь"};

/* One output document in progress. */
struct out {
	HPDF_Doc pdf;
	HPDF_Font regular, bold;
	HPDF_Page page;
	float y;
	long pages;
	const char *font_dir;
};

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
	(void)user;
	fprintf(stderr, "floor: libharu error 0x%04X (detail %u)\n", (unsigned)error, (unsigned)detail);
	exit(1);
}

/* ---- documents ------------------------------------------------------------------------- */

static HPDF_Font load_font(HPDF_Doc pdf, const char *dir, const char *file)
{
	char *path = xasprintf("%s/%s", dir, file);
	const char *name = HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE);
	free(path);
	return HPDF_GetFont(pdf, name, "CP1251");
}

static void doc_open(struct out *o)
{
	o->pdf = HPDF_New(on_error, NULL);
	HPDF_SetCompressionMode(o->pdf, HPDF_COMP_ALL);
	o->regular = load_font(o->pdf, o->font_dir, "LiberationSerif-Regular.ttf");
	o->bold = load_font(o->pdf, o->font_dir, "LiberationSerif-Bold.ttf");
	o->page = NULL;
}

static void page_end(struct out *o)
{
	if (o->page)
		HPDF_Page_EndText(o->page);
	o->page = NULL;
}

static void page_new(struct out *o)
{
	page_end(o);
	o->page = HPDF_AddPage(o->pdf);
	HPDF_Page_SetWidth(o->page, PAGE_W);
	HPDF_Page_SetHeight(o->page, PAGE_H);
	HPDF_Page_BeginText(o->page);
	o->y = TOP;
	o->pages++;
}

static void doc_save(struct out *o, const char *path)
{
	page_end(o);
	HPDF_SaveToFile(o->pdf, path);
	HPDF_Free(o->pdf);
	o->pdf = NULL;
}

/* ---- text ------------------------------------------------------------------------------ */

/* UTF-8 → CP1251 bytes, '?' for what CP1251 lacks. */
static char *to_cp1251(const char *s)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		size_t len;
		int cp = utf8_decode(s + i, n - i, &len);
		i += len;
		buf_addc(&b, (char)cp1251_byte(cp < 0 ? '?' : (unsigned)cp));
	}
	return buf_take(&b);
}

static float width(HPDF_Font f, const char *s, size_t n)
{
	return (float)HPDF_Font_TextWidth(f, (const HPDF_BYTE *)s, (HPDF_UINT)n).width * SIZE / 1000;
}

static void line_out(struct out *o, HPDF_Font f, float x, const char *s)
{
	if (o->y < BOTTOM + LEADING)
		page_new(o);
	o->y -= LEADING;
	HPDF_Page_SetFontAndSize(o->page, f, SIZE);
	HPDF_Page_TextOut(o->page, x, o->y, s);
}

/* Writes utf8 text from x to the right margin, each paragraph ('\n') greedily wrapped:
 * as many words on a line as fit, measured with HPDF_Font_TextWidth. */
static void wrap(struct out *o, HPDF_Font f, float x, const char *utf8)
{
	char *s = to_cp1251(utf8);
	float space = width(f, " ", 1), avail = RIGHT - x;
	struct buf line = BUF_INIT;
	for (char *para = s, *end; para; para = end ? end + 1 : NULL) {
		end = strchr(para, '\n');
		size_t plen = end ? (size_t)(end - para) : strlen(para);
		float used = 0;
		buf_reset(&line);
		for (size_t i = 0; i < plen;) {
			size_t j = i;
			while (j < plen && para[j] != ' ')
				j++;
			float w = width(f, para + i, j - i);
			if (line.len && used + space + w > avail) {
				line_out(o, f, x, buf_cstr(&line));
				buf_reset(&line), used = 0;
			}
			if (line.len)
				buf_addc(&line, ' '), used += space;
			buf_add(&line, para + i, j - i), used += w;
			for (i = j; i < plen && para[i] == ' '; i++)
				;
		}
		line_out(o, f, x, buf_cstr(&line));
	}
	buf_free(&line);
	free(s);
}

/* A numbered field or an item: the label in bold, the value (or a blank line) below. */
static void field(struct out *o, const char *label, const char *value, int item)
{
	wrap(o, item ? o->regular : o->bold, item ? LEFT + 18 : LEFT, label);
	if (value)
		wrap(o, o->regular, LEFT + 18, *value ? value : "______________________________");
}

/* ---- one passport ------------------------------------------------------------------------- */

struct recs {
	const struct table_row **v;
	size_t n;
};

/* The half-year (0..3) after graduation g that date d falls in. */
static int half_year(const char *g, const char *d)
{
	struct date a, b;
	if (date_parse(g, &a) || date_parse(d, &b))
		return 0;
	int h = 0;
	while (h < 3 && date_cmp(date_add_months(a, 6 * (h + 1)), b) <= 0)
		h++;
	return h;
}

/* Joins column c of the records of half-year h (-1: all), "; " between them; with
 * with_by, "(date, by)" after each. */
static char *joined(const struct recs *rs, const char *grad, int h, int c, int c2, int with_by)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < rs->n; i++) {
		char **cell = rs->v[i]->cell;
		if (h >= 0 && half_year(grad, cell[R_DATE]) != h)
			continue;
		if (b.len)
			buf_adds(&b, "; ");
		buf_adds(&b, cell[c]);
		if (c2 >= 0)
			buf_printf(&b, " %s", cell[c2]);
		if (with_by)
			buf_printf(&b, " (%s, %s)", cell[R_DATE], cell[R_BY]);
	}
	return buf_take(&b);
}

static void analysis(struct out *o, const struct recs *rs, const char *grad, int h, int social)
{
	static const int cols[] = {R_FEATURES, R_DIFFICULTIES, R_HELP, R_PLANNED};
	static const char *const labels[] = {"особенности", "испытываемые трудности",
					     "оказанная помощь (какая, когда, кем)", "прогнозируемая помощь"};
	for (int k = social ? 1 : 0; k < 4; k++) {
		char *v = social && k == 1 ? joined(rs, grad, h, R_FEATURES, R_DIFFICULTIES, 0)
					   : joined(rs, grad, h, cols[k], -1, cols[k] == R_HELP);
		field(o, social && k == 1 ? "трудности в социализации" : labels[k], v, 1);
		free(v);
	}
}

/* Field 8: the item of the graduate's status gets the details, the others a dash. */
static void life(struct out *o, char **c)
{
	static const char *const items[] = {
		"обучается (название учреждения образования, дата поступления, специальность, проживает в общежитии, семье и др.)",
		"трудоустроен (наименование организации, должность, дата принятия на работу и др.)",
		"не работает и не учится (указать причину)", "другое"};
	static const char *const status[] = {"обучается", "трудоустроен", "не работает и не учится"};
	int which = 3;
	for (int k = 0; k < 3; k++)
		if (strcmp(c[C_STATUS], status[k]) == 0)
			which = k;
	field(o, "8. Данные о жизнеустройстве выпускника:", NULL, 0);
	for (int k = 0; k < 4; k++) {
		char *v = k != which ? xstrdup("—")
			  : which == 2 ? xstrdup(c[C_REASON])
			  : xasprintf("%s%s%s, %s, с %s %s", which == 3 ? c[C_STATUS] : "", which == 3 ? ": " : "",
				      c[C_ORG], c[C_POSITION], c[C_SINCE], c[C_REASON]);
		field(o, items[k], v, 1);
		free(v);
	}
}

static void passport(struct out *o, char **c, const struct recs *rs)
{
	page_new(o);
	wrap(o, o->bold, LEFT + 200, "ПАСПОРТ");
	wrap(o, o->bold, LEFT + 160, "патроната выпускника");
	wrap(o, o->regular, LEFT, "ГБПОУ «Верхнеборский политехнический колледж»");
	char *v = xasprintf("%s %s %s", c[C_SURNAME], c[C_NAME], c[C_PATRONYMIC]);
	field(o, "1. Фамилия, собственное имя, отчество (если таковое имеется) выпускника", v, 0);
	free(v);
	field(o, "2. Дата и год рождения", c[C_BIRTH], 0);
	v = xstrndup(c[C_GRAD] + (strlen(c[C_GRAD]) >= 4 ? strlen(c[C_GRAD]) - 4 : 0), 4);
	field(o, "3. Год окончания учреждения образования", v, 0);
	free(v);
	field(o, "4. Адрес местожительства выпускника", c[C_ADDRESS], 0);
	field(o, "5. Социальный статус выпускника", c[C_SOCIAL], 0);
	field(o, "6. Характеристика семьи выпускника (данные о родителях, особенности семейного воспитания и др.)",
	      c[C_FAMILY], 0);
	field(o, "7. Жилищные условия выпускника", c[C_HOUSING], 0);
	life(o, c);
	v = joined(rs, c[C_GRAD], -1, R_HELP, -1, 1);
	field(o, "9. Оказанная помощь выпускнику (какая, когда, кем)", v, 0);
	free(v);
	static const char *const heads[] = {
		"10. Анализ социализации выпускника (за 6 месяцев после окончания учреждения образования):",
		"11. Анализ социализации выпускника (за 1 год после окончания учреждения образования):",
		"12. Анализ социализации выпускника (за 1,5 года после окончания учреждения образования):"};
	for (int h = 0; h < 3; h++) {
		field(o, heads[h], NULL, 0);
		analysis(o, rs, c[C_GRAD], h, h == 2);
	}
	field(o, "13. Результаты патроната:", NULL, 0);
	v = joined(rs, c[C_GRAD], 3, R_FEATURES, R_DIFFICULTIES, 0);
	field(o, "анализ социализации выпускника (за 2 года после окончания учреждения образования):", v, 1);
	free(v);
	field(o, "14. Выводы", c[C_CONCLUSIONS], 0);
	field(o, "15. Дополнительная информация о выпускнике", c[C_NOTES], 0);
	field(o, "16. Рекомендации", c[C_RECOMMENDATIONS], 0);
	wrap(o, o->regular, LEFT, "Куратор ____________________");
}

/* ---- input ---------------------------------------------------------------------------------- */

static struct table *read_table(const char *dir, const char *name)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct table *t = NULL;
	char *path = xasprintf("%s/%s", dir, name);
	if (csv_read_file(path, name, &t, &dl) != 0) {
		diag_print(&dl, stderr, false);
		exit(1);
	}
	free(path);
	diag_list_free(&dl);
	return t;
}

/* Reorders the cells of every row of t to the columns named in names (missing: ""). */
static void map_columns(struct table *t, const char *const *names, size_t n)
{
	for (size_t r = 0; r < t->nrows; r++) {
		char **cells = xcalloc(n, sizeof *cells);
		for (size_t k = 0; k < n; k++)
			for (size_t h = 0; h < t->ncols && !cells[k]; h++)
				if (strcmp(t->header[h], names[k]) == 0)
					cells[k] = t->rows[r].cell[h];
		for (size_t k = 0; k < n; k++)
			if (!cells[k])
				cells[k] = "";
		free(t->rows[r].cell);
		t->rows[r].cell = cells; /* cells borrow the strings; freed with the process */
	}
}

static int by_id(const void *a, const void *b)
{
	const struct table_row *const *x = a, *const *y = b;
	return strcmp((*x)->cell[R_ID], (*y)->cell[R_ID]);
}

static void usage(void)
{
	fprintf(stderr, "usage: floor [-1] INPUT_DIR OUTPUT_DIR FONT_DIR\n"
		"  writes OUTPUT_DIR/<id>.pdf per graduate, or with -1 OUTPUT_DIR/all.pdf;\n"
		"  prints 'graduates N pages P'\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int one = argc > 1 && strcmp(argv[1], "-1") == 0;
	if (argc != 4 + one)
		usage();
	const char *in = argv[1 + one], *outdir = argv[2 + one];
	struct table *g = read_table(in, "graduates.csv"), *r = read_table(in, "records.csv");
	map_columns(g, COL, C_COUNT);
	map_columns(r, RCOL, R_COUNT);
	const struct table_row **rows = xcalloc(r->nrows + 1, sizeof *rows);
	for (size_t i = 0; i < r->nrows; i++)
		rows[i] = &r->rows[i];
	qsort(rows, r->nrows, sizeof *rows, by_id);
	struct out o = {.font_dir = argv[3 + one]};
	if (one)
		doc_open(&o);
	for (size_t i = 0; i < g->nrows; i++) {
		char **c = g->rows[i].cell;
		struct table_row key = {.cell = (char *[]){c[C_ID]}}, *kp = &key;
		struct recs rs = {rows, 0};
		const struct table_row **hit = bsearch(&kp, rows, r->nrows, sizeof *rows, by_id);
		if (hit) {
			while (hit > rows && strcmp(hit[-1]->cell[R_ID], c[C_ID]) == 0)
				hit--;
			for (rs.v = hit; hit + rs.n < rows + r->nrows && strcmp(hit[rs.n]->cell[R_ID], c[C_ID]) == 0;)
				rs.n++;
		}
		if (!one)
			doc_open(&o);
		passport(&o, c, &rs);
		if (!one) {
			char *path = xasprintf("%s/%s.pdf", outdir, c[C_ID]);
			doc_save(&o, path);
			free(path);
		}
	}
	if (one) {
		char *path = xasprintf("%s/all.pdf", outdir);
		doc_save(&o, path);
		free(path);
	}
	printf("graduates %zu pages %ld\n", g->nrows, o.pages);
	return 0;
}
