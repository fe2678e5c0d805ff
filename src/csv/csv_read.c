/* csv_read: decodes a CSV file to UTF-8, guesses its delimiter and splits it with libcsv
 * into a struct table, keeping the physical line of every row.
 * Invariants: libcsv is fed at most one physical line per call (long lines in pieces of
 * FEED_CHUNK), so whenever it calls us back the byte it is at lies on line r->line; a
 * field's content holds exactly the line breaks between its first byte and its end, so it
 * started that many lines earlier. The parser runs strict: a quote inside an unquoted cell
 * is fed again leniently (kept as text); text after a closing quote is an error. A record
 * keeps its cells up to its last non-empty one; empty cells after that are only counted.
 * The decoded text never changes line breaks, so its lines are the file's lines. */
#define _POSIX_C_SOURCE 200809L
#include "csv/csv_read.h"

#include <csv.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define FEED_CHUNK 65536
#define MIN_BLOCK 128 /* libcsv's first field buffer; it then grows by what it has */
#define OPTIONS (CSV_STRICT | CSV_STRICT_FINI)

/* The file's text as UTF-8 without BOM: borrowed from the caller, or owned (converted). */
struct text {
	const char *s;
	size_t n;
	char *owned;
};

struct reader {
	const struct text *tx;
	const char *file;
	struct diag_list *dl; /* NULL while guessing the delimiter: problems only disqualify */
	struct csv_parser p;
	int line;             /* physical line of the bytes being fed */
	size_t nerrors;
	bool stop;            /* give up: callbacks ignore the rest */
	bool unterminated;    /* csv_fini is handing over an unterminated quoted field */
	bool guessing;        /* only measure the first non-empty records */
	bool too_wide;   /* a record had more than CSV_MAX_COLS cells */
	size_t first_width;   /* the first record's cells, when guessing */
	bool first_ok;        /* it parsed without an error */
	const struct csv_opts *opts; /* the header test, or NULL */
	size_t nrec;          /* non-empty records seen while guessing */
	long header_at;       /* guessing: the first record the header test took, -1 none */
	size_t skip;          /* reading: non-empty records above the header, not read */
	int sep_lines;        /* 1 when a "sep=;" line opens the text (no spreadsheet row) */
	int breaks_done;      /* line breaks inside the cells of finished records */
	int rec_breaks;       /* those of the record being read */
	/* the record being read */
	char **cell;          /* ncell cells up to the last non-empty one; NULL = "" */
	size_t ncell, cap;
	size_t nfield;        /* fields seen so far in the record */
	int rec_line;
	int rec_row;          /* its spreadsheet row */
	struct table *t;      /* NULL until the header was read */
};

#define FAIL(r, line, field, ...) \
	do { \
		(r)->nerrors++; \
		if ((r)->dl) \
			diag_error((r)->dl, (r)->file, line, field, __VA_ARGS__); \
	} while (0)

const char *csv_encoding_name(enum csv_encoding enc)
{
	switch (enc) {
	case CSV_ENC_UTF8: return "UTF-8";
	case CSV_ENC_UTF8_BOM: return "UTF-8 with BOM";
	case CSV_ENC_CP1251: return "Windows-1251";
	case CSV_ENC_UNKNOWN: break;
	}
	return "unknown";
}

/* ---- cells ---- */

/* Returns the line ends in s[0..n): "\n", "\r\n" once, a lone "\r" (a final one too: in a
 * field's content it is followed by a quote or the end of the file). */
static int count_breaks(const char *s, size_t n)
{
	int k = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n')))
			k++;
	return k;
}

/* Returns the length of the blank (space, tab, NBSP) that s[0..n) starts with, or 0. */
static size_t blank_ahead(const char *s, size_t n)
{
	if (n >= 1 && (s[0] == ' ' || s[0] == '\t'))
		return 1;
	if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
		return 2;
	return 0;
}

/* Returns the length of the blank that s[0..n) ends with, or 0. */
static size_t blank_behind(const char *s, size_t n)
{
	if (n >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		return 1;
	if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0)
		return 2;
	return 0;
}

/* Returns a copy of s[0..n) with every line break as "\n"; free with free(). */
static char *make_cell(const char *s, size_t n)
{
	if (!memchr(s, '\r', n))
		return xstrndup(s, n);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\r')
			buf_addc(&b, s[i]);
		else if (i + 1 == n || s[i + 1] != '\n')
			buf_addc(&b, '\n');
	}
	return buf_take(&b);
}

static const char *column_name(const struct reader *r, size_t col)
{
	return r->t && col < r->t->ncols ? r->t->header[col] : NULL;
}

/* Stores s (taken) as cell col of the record, empty cells before it as NULL. */
static void put_cell(struct reader *r, size_t col, char *s)
{
	xgrow((void **)&r->cell, &r->cap, col + 1, sizeof *r->cell);
	while (r->ncell < col)
		r->cell[r->ncell++] = NULL;
	r->cell[r->ncell++] = s;
}

static void clear_record(struct reader *r)
{
	for (size_t i = 0; i < r->ncell; i++)
		free(r->cell[i]);
	r->ncell = r->nfield = 0;
	r->rec_line = r->rec_row = 0;
	r->breaks_done += r->rec_breaks;
	r->rec_breaks = 0;
}

/* ---- libcsv callbacks ---- */

static void on_field(void *data, size_t len, void *arg)
{
	struct reader *r = arg;
	const char *s = data;
	if (r->stop)
		return;
	int breaks = count_breaks(s, len);
	int line = r->line - breaks;
	size_t col = r->nfield++;
	if (col == 0) {
		r->rec_line = line;
		r->rec_row = line - r->sep_lines - r->breaks_done;
	}
	r->rec_breaks += breaks;
	if (r->unterminated) {
		FAIL(r, line, NULL, "unterminated quoted field starting at line %d", line);
		r->stop = true;
		return;
	}
	if (len > CSV_MAX_FIELD) {
		FAIL(r, r->rec_row, column_name(r, col), "field too long (%zu bytes, at most %d)", len,
		     CSV_MAX_FIELD);
		return;
	}
	size_t a = 0, b = len, k;
	while ((k = blank_ahead(s + a, b - a)) > 0)
		a += k;
	while ((k = blank_behind(s + a, b - a)) > 0)
		b -= k;
	if (a == b)
		return;
	if (col >= CSV_MAX_COLS) {
		r->too_wide = true;
		if (r->t)
			FAIL(r, r->rec_row, NULL, "row has more than %d fields", CSV_MAX_COLS);
		else
			FAIL(r, r->rec_row, NULL, "the header has more than %d columns", CSV_MAX_COLS);
		r->stop = true;
		return;
	}
	put_cell(r, col, make_cell(s + a, b - a));
}

static void take_header(struct reader *r)
{
	if (r->ncell < 2) {
		FAIL(r, r->rec_row, NULL, "cannot detect the delimiter: the header has a single column "
		     "(the header row is the first non-empty row whose cells name the table's columns, "
		     "looked for among the first %d rows)", CSV_HEADER_SCAN);
		r->stop = true;
		return;
	}
	r->t = table_new(r->file);
	r->t->header_line = r->rec_line;
	r->t->header_row = r->rec_row;
	for (size_t i = 0; i < r->ncell; i++)
		table_add_header(r->t, r->cell[i] ? r->cell[i] : "");
}

/* Moves the record's cells into a new row of the table, padded with "". */
static void take_row(struct reader *r)
{
	struct table *t = r->t;
	if (r->ncell > t->ncols) {
		char last[DIAG_CELL_MAX], past[DIAG_CELL_MAX];
		diag_cell_name((unsigned)t->ncols, 1, last);
		diag_cell_name((unsigned)r->ncell, 1, past);
		last[strcspn(last, "0123456789")] = past[strcspn(past, "0123456789")] = '\0';
		FAIL(r, r->rec_row, NULL, "row has %zu fields, the header has %zu: column %s holds "
		     "a value but the header ends at column %s (name the column or delete it)",
		     r->ncell, t->ncols, past, last);
		return;
	}
	if (t->nrows >= CSV_MAX_ROWS) {
		FAIL(r, r->rec_row, NULL, "more than %d data rows", CSV_MAX_ROWS);
		r->stop = true;
		return;
	}
	char **row = xcalloc(t->ncols, sizeof *row);
	for (size_t i = 0; i < t->ncols; i++)
		row[i] = i < r->ncell && r->cell[i] ? r->cell[i] : xstrdup("");
	r->ncell = 0; /* the cells are the row's now */
	table_add_row(t, r->rec_line, row);
	t->rows[t->nrows - 1].row = r->rec_row;
}

/* While guessing: notes the record's width and whether the header test takes it. */
static void measure(struct reader *r)
{
	if (r->nrec == 0) {
		r->first_width = r->ncell;
		r->first_ok = r->nerrors == 0;
	}
	if (r->opts && r->opts->is_header && r->nerrors == 0) {
		char **cells = xcalloc(r->ncell ? r->ncell : 1, sizeof *cells);
		for (size_t i = 0; i < r->ncell; i++)
			cells[i] = r->cell[i] ? r->cell[i] : (char *)"";
		if (r->opts->is_header((const char *const *)cells, r->ncell, r->opts->arg))
			r->header_at = (long)r->nrec;
		free(cells);
	}
	r->nrec++;
	if (!r->opts || !r->opts->is_header || r->header_at >= 0 || r->nrec >= CSV_HEADER_SCAN)
		r->stop = true;
}

static void on_record(int c, void *arg)
{
	struct reader *r = arg;
	(void)c;
	if (!r->stop && r->ncell > 0) {
		if (r->guessing) {
			measure(r);
		} else if (!r->t && r->skip > 0) {
			r->skip--;
		} else if (!r->t) {
			take_header(r);
		} else {
			take_row(r);
		}
	}
	clear_record(r);
}

/* ---- feeding libcsv ---- */

static void *grow(void *p, size_t n)
{
	return xreallocarray(p, n, 1);
}

/* Returns the end of the chunk starting at i: just after its line end, or FEED_CHUNK bytes
 * on, whichever comes first ("\r\n" stays in one chunk unless the cut falls between). */
static size_t chunk_end(const char *s, size_t n, size_t i)
{
	size_t lim = n - i > FEED_CHUNK ? i + FEED_CHUNK : n;
	for (size_t j = i; j < lim; j++) {
		if (s[j] == '\n')
			return j + 1;
		if (s[j] == '\r' && (j + 1 == n || s[j + 1] != '\n'))
			return j + 1;
	}
	return lim;
}

/* True when the chunk s[..end) finishes a physical line. */
static bool ends_line(const char *s, size_t n, size_t end)
{
	if (end == 0)
		return false;
	return s[end - 1] == '\n' || (s[end - 1] == '\r' && (end == n || s[end] != '\n'));
}

/* libcsv stopped in strict mode before the byte at `at`. A quote inside an unquoted cell
 * (ООО "Ромашка", common in hand-made files) is fed again without strictness and kept
 * as text; anything else ends the parse. Returns where to continue. The parser's public
 * `quoted` member tells the two cases apart. */
static size_t resume(struct reader *r, size_t at)
{
	if (csv_error(&r->p) == CSV_EPARSE && !r->p.quoted) {
		csv_set_opts(&r->p, (unsigned char)(OPTIONS & ~CSV_STRICT));
		size_t k = csv_parse(&r->p, r->tx->s + at, 1, on_field, on_record, r);
		csv_set_opts(&r->p, OPTIONS);
		if (k == 1)
			return at + 1;
	}
	if (csv_error(&r->p) == CSV_EPARSE)
		FAIL(r, r->line, NULL, "text after the closing quote of a quoted field "
		     "(a quote inside a quoted field must be doubled)");
	else
		FAIL(r, r->line, NULL, "cannot parse the file (%s)", csv_strerror(csv_error(&r->p)));
	r->stop = true;
	return at;
}

static void feed(struct reader *r, size_t a, size_t b)
{
	while (a < b && !r->stop) {
		a += csv_parse(&r->p, r->tx->s + a, b - a, on_field, on_record, r);
		if (a < b)
			a = resume(r, a);
	}
}

/* Ends the parse; an unterminated quoted field fails csv_fini (CSV_STRICT_FINI), which
 * then leaves the parser as it was: finish it again leniently to get the field and its
 * line. */
static void finish(struct reader *r)
{
	if (r->stop || csv_fini(&r->p, on_field, on_record, r) == 0)
		return;
	r->unterminated = true;
	csv_set_opts(&r->p, (unsigned char)(OPTIONS & ~CSV_STRICT_FINI));
	csv_fini(&r->p, on_field, on_record, r);
}

static void run(struct reader *r, char delim, size_t from)
{
	const char *s = r->tx->s;
	size_t n = r->tx->n, i = from;
	csv_init(&r->p, OPTIONS);
	csv_set_delim(&r->p, (unsigned char)delim);
	csv_set_realloc_func(&r->p, grow);
	r->line = 1 + r->sep_lines;
	while (i < n && !r->stop) {
		size_t end = chunk_end(s, n, i);
		feed(r, i, end);
		if (ends_line(s, n, end))
			r->line++;
		size_t size = csv_get_buffer_size(&r->p); /* grow geometrically, not by 128 */
		csv_set_blk_size(&r->p, size > MIN_BLOCK ? size : MIN_BLOCK);
		i = end;
	}
	finish(r);
	csv_free(&r->p);
	clear_record(r);
	free(r->cell);
	r->cell = NULL;
	r->cap = 0;
}

static void reader_init(struct reader *r, const struct text *tx, const char *file,
			struct diag_list *dl, const struct csv_opts *opts, int sep_lines)
{
	memset(r, 0, sizeof *r);
	r->tx = tx;
	r->file = file;
	r->dl = dl;
	r->opts = opts;
	r->sep_lines = sep_lines;
	r->header_at = -1;
}

/* The length of a first line "sep=X" (Excel writes it and honours it: X is the delimiter,
 * the line is no row), its line end included, with *delim = X; 0 when there is none. */
static size_t sep_line(const struct text *tx, char *delim)
{
	const char *s = tx->s;
	size_t n = tx->n;
	if (n < 5 || strncasecmp(s, "sep=", 4) != 0 || s[4] == '\r' || s[4] == '\n')
		return 0;
	size_t i = 5;
	if (i < n && s[i] == '\r')
		i++;
	if (i < n && s[i] == '\n')
		i++;
	if (i < n && i == 5)
		return 0; /* more than one character after "sep=" */
	*delim = s[4];
	return i;
}

/* Measures the text split by delim (from byte from): how many records lie above the first
 * one the header test takes (-1: none among the first CSV_HEADER_SCAN), and the first
 * record's width (0 when it cannot be parsed or has one cell). */
static void probe(const struct text *tx, char delim, size_t from, int sep_lines,
		  const struct csv_opts *opts, long *header_at, size_t *width)
{
	struct reader r;
	reader_init(&r, tx, "", NULL, opts, sep_lines);
	r.guessing = true;
	run(&r, delim, from);
	*header_at = r.header_at;
	/* a header wider than we accept still tells the delimiter (reading then says so) */
	*width = r.too_wide ? CSV_MAX_COLS + 1 : r.first_ok && r.nrec > 0 ? r.first_width : 0;
}

/* Returns ';', ',' or '\t' and sets *skip to the records above the header. With a header
 * test: the delimiter under which the test takes a record soonest (';' then ',' winning
 * ties), that record being the header. Without, or when the test takes none: the delimiter
 * splitting the first non-empty record into the most cells (a candidate that cannot parse
 * it, or finds one cell, counts none); ';' wins ties, then ','; ';' when none counts
 * (reading then reports what is wrong), and the header is the first record. */
static char guess_delim(const struct text *tx, const struct csv_opts *opts, size_t *skip)
{
	static const char cand[] = ";,\t";
	char best = ';', found = 0;
	size_t best_width = 0;
	long found_at = -1;
	for (size_t i = 0; cand[i]; i++) {
		long at;
		size_t width;
		probe(tx, cand[i], 0, 0, opts, &at, &width);
		if (at >= 0 && (found_at < 0 || at < found_at)) {
			found = cand[i];
			found_at = at;
		}
		if (width >= 2 && width > best_width) {
			best = cand[i];
			best_width = width;
		}
	}
	*skip = found ? (size_t)found_at : 0;
	return found ? found : best;
}

static int split(const struct text *tx, const char *file, char delim, size_t from,
		 int sep_lines, size_t skip, struct table **out, struct diag_list *dl)
{
	struct reader r;
	reader_init(&r, tx, file, dl, NULL, sep_lines);
	r.skip = skip;
	run(&r, delim, from);
	if (!r.t && !r.nerrors)
		FAIL(&r, 0, NULL, "file is empty");
	if (r.nerrors) {
		table_free(r.t);
		return 1;
	}
	*out = r.t;
	return 0;
}

/* ---- encodings ---- */

static bool has_bom(const char *s, size_t n)
{
	return n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0;
}

static bool is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return false;
	return true;
}

/* True when the bytes >= 0x80 look like Russian text in Windows-1251: at least 9 in 10 of
 * them are letters (0xC0-0xFF, Ё 0xA8, ё 0xB8) or what such text uses besides: « » №,
 * dashes, NBSP, „ “ ” and the ellipsis. */
static bool looks_cp1251(const char *s, size_t n)
{
	size_t high = 0, good = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80)
			continue;
		high++;
		switch (c) {
		case 0xA8: case 0xB8: case 0xAB: case 0xBB: case 0xB9: case 0x96: case 0x97:
		case 0xA0: case 0x84: case 0x93: case 0x94: case 0x85:
			good++;
			break;
		default:
			good += c >= 0xC0;
		}
	}
	return high > 0 && good >= high - high / 10;
}

/* Refuses what is no CSV text at all. Returns 0 when the bytes may be read on. */
static int check_bytes(const char *s, size_t n, const char *file, struct diag_list *dl)
{
	size_t bom = has_bom(s, n) ? 3 : 0;
	if (n > CSV_MAX_BYTES) {
		diag_error(dl, file, 0, NULL, "file too large (at most %u MiB)", CSV_MAX_BYTES >> 20);
		return 1;
	}
	if (is_blank(s + bom, n - bom)) {
		diag_error(dl, file, 0, NULL, "file is empty");
		return 1;
	}
	if (n >= 2 && (memcmp(s, "\xFF\xFE", 2) == 0 || memcmp(s, "\xFE\xFF", 2) == 0)) {
		diag_error(dl, file, 0, NULL, "the file is UTF-16 text (Excel's \"Unicode text\"), "
			   "which is not supported: save it as CSV UTF-8");
		return 1;
	}
	const char *nul = memchr(s, '\0', n);
	if (nul) {
		int line = utf8_line_of_offset(s, (size_t)(nul - s));
		diag_error(dl, file, line, NULL, "binary data (NUL byte) at line %d: not a CSV file",
			   line);
		return 1;
	}
	return 0;
}

/* Sets *tx to the text of s[0..n) as UTF-8 without BOM and *enc to what it was. Returns 0,
 * or 1 with an error in dl. */
static int decode(const char *s, size_t n, const char *file, struct diag_list *dl,
		  enum csv_encoding *enc, struct text *tx)
{
	size_t bad = 0;
	if (has_bom(s, n)) {
		if (!utf8_valid(s + 3, n - 3, &bad)) {
			diag_error(dl, file, utf8_line_of_offset(s, 3 + bad), NULL,
				   "invalid UTF-8 after a UTF-8 byte order mark (the file may be "
				   "Windows-1251 saved with a wrong label)");
			return 1;
		}
		*enc = CSV_ENC_UTF8_BOM;
		*tx = (struct text){s + 3, n - 3, NULL};
		return 0;
	}
	if (utf8_valid(s, n, &bad)) {
		*enc = CSV_ENC_UTF8;
		*tx = (struct text){s, n, NULL};
		return 0;
	}
	if (!looks_cp1251(s, n)) {
		int line = utf8_line_of_offset(s, bad);
		diag_error(dl, file, line, NULL, "invalid UTF-8 at line %d (and not Windows-1251 text)",
			   line);
		return 1;
	}
	char *u = utf8_from_cp1251(s, n);
	if (!u) {
		diag_error(dl, file, 0, NULL, "cannot convert from Windows-1251: iconv on this system "
			   "does not know CP1251");
		return 1;
	}
	*enc = CSV_ENC_CP1251;
	*tx = (struct text){u, strlen(u), u};
	return 0;
}

/* ---- entry points ---- */

/* csv_read_mem_opts; raw, when not NULL, holds data and is freed as soon as the text is a
 * converted copy of its own (a Windows-1251 file is not held twice while it is split). */
static int read_mem(const char *data, size_t n, const char *display_name, const struct csv_opts *opts,
		    struct table **out, struct csv_info *info, struct diag_list *dl, struct buf *raw)
{
	struct csv_info scratch;
	struct text tx;
	if (!info)
		info = &scratch;
	if (!data)
		data = "";
	memset(info, 0, sizeof *info);
	*out = NULL;
	if (check_bytes(data, n, display_name, dl) ||
	    decode(data, n, display_name, dl, &info->enc, &tx))
		return 1;
	if (raw && tx.owned)
		buf_free(raw);
	size_t skip = 0;
	char delim = 0;
	size_t from = sep_line(&tx, &delim);
	if (from > 0 && (delim == '"' || (unsigned char)delim >= 0x80)) {
		diag_error(dl, display_name, 0, NULL, "the first line \"sep=%c\" names no usable "
			   "delimiter: use sep=; or sep=,", delim);
		free(tx.owned);
		return 1;
	}
	if (from > 0) {
		long at;
		size_t width;
		info->sep_line = true;
		probe(&tx, delim, from, 1, opts, &at, &width);
		skip = at > 0 ? (size_t)at : 0;
	} else {
		delim = guess_delim(&tx, opts, &skip);
	}
	info->delim = delim;
	int rc = split(&tx, display_name, delim, from, from > 0, skip, out, dl);
	free(tx.owned);
	return rc;
}

int csv_read_mem_opts(const char *data, size_t n, const char *display_name,
		      const struct csv_opts *opts, struct table **out, struct csv_info *info,
		      struct diag_list *dl)
{
	return read_mem(data, n, display_name, opts, out, info, dl, NULL);
}

int csv_read_mem_info(const char *data, size_t n, const char *display_name, struct table **out,
		      struct csv_info *info, struct diag_list *dl)
{
	return csv_read_mem_opts(data, n, display_name, NULL, out, info, dl);
}

int csv_read_mem(const char *data, size_t n, const char *display_name, struct table **out,
		 struct diag_list *dl)
{
	return csv_read_mem_info(data, n, display_name, out, NULL, dl);
}

/* Reads the whole file at path into b, refusing more than CSV_MAX_BYTES. Returns 0 or 1. */
static int slurp(const char *path, const char *file, struct buf *b, struct diag_list *dl)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		diag_error(dl, file, 0, NULL, "cannot open the file: %s", strerror(errno));
		return 1;
	}
	struct stat st; /* the whole file in one block, not grown by doubling */
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (unsigned long long)st.st_size <= CSV_MAX_BYTES)
		buf_reserve(b, (size_t)st.st_size);
	char chunk[16384];
	size_t k;
	int rc = 0;
	while (rc == 0 && (k = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b->len + k > CSV_MAX_BYTES) {
			diag_error(dl, file, 0, NULL, "file too large (at most %u MiB)",
				   CSV_MAX_BYTES >> 20);
			rc = 1;
		} else {
			buf_add(b, chunk, k);
		}
	}
	if (rc == 0 && ferror(f)) {
		diag_error(dl, file, 0, NULL, "cannot read the file: %s", strerror(errno));
		rc = 1;
	}
	fclose(f);
	return rc;
}

int csv_read_file_opts(const char *path, const char *display_name, const struct csv_opts *opts,
		       struct table **out, struct csv_info *info, struct diag_list *dl)
{
	struct buf b = BUF_INIT;
	*out = NULL;
	if (info)
		memset(info, 0, sizeof *info);
	int rc = slurp(path, display_name, &b, dl);
	if (rc == 0)
		rc = read_mem(buf_cstr(&b), b.len, display_name, opts, out, info, dl, &b);
	buf_free(&b);
	return rc;
}

int csv_read_file_info(const char *path, const char *display_name, struct table **out,
		       struct csv_info *info, struct diag_list *dl)
{
	return csv_read_file_opts(path, display_name, NULL, out, info, dl);
}

int csv_read_file(const char *path, const char *display_name, struct table **out,
		  struct diag_list *dl)
{
	return csv_read_file_info(path, display_name, out, NULL, dl);
}
