/* sheet zip: the workbook's archive (libzip) and its entries read as streamed XML (libxml2's
 * xmlTextReader), with every cap applied while the bytes inflate.
 * Invariants: no entry gives more than min(max_entry, max_ratio x its compressed size (when
 * above 1 MB), what is left of max_total) bytes, whatever its header claims; libxml2 sees
 * no DTD (a declaration in the prolog stops the input before the parser gets it; a DOCTYPE
 * or entity node that still appears is refused), no network, no encoding but UTF-8. */
#include "sheet/internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define RATIO_FLOOR (1u << 20) /* the ratio cap applies to entries above 1 MB */

enum fault { FAULT_NONE, FAULT_ENTRY, FAULT_TOTAL, FAULT_RATIO, FAULT_READ, FAULT_DTD };

#define READER_OPTIONS \
	(XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_IGNORE_ENC)

int sheet_zip_open(struct sheet_zip *z, const void *data, size_t n, struct diag_list *dl)
{
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *src = zip_source_buffer_create(data, n, 0, &err);
	if (src)
		z->za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
	if (!src || !z->za) {
		diag_error(dl, z->display, 0, NULL,
			   "the workbook is a corrupt or truncated zip archive (%s); open it in "
			   "Excel or Calc and save it again",
			   zip_error_strerror(&err));
		if (src)
			zip_source_free(src);
		zip_error_fini(&err);
		return 1;
	}
	zip_error_fini(&err);
	z->total = 0;
	return 0;
}

void sheet_zip_close(struct sheet_zip *z)
{
	if (z->za)
		zip_discard(z->za);
	z->za = NULL;
}

bool sheet_zip_has(struct sheet_zip *z, const char *name)
{
	return zip_name_locate(z->za, name, ZIP_FL_NOCASE) >= 0;
}

/* Opens entry name: *zf and its limit; 0, or 1 with an error in dl. */
static int entry_open(struct sheet_zip *z, const char *name, zip_file_t **zf, size_t *limit,
		      struct diag_list *dl)
{
	zip_int64_t idx = zip_name_locate(z->za, name, ZIP_FL_NOCASE);
	zip_stat_t st;
	if (idx < 0 || zip_stat_index(z->za, (zip_uint64_t)idx, 0, &st) != 0) {
		diag_error(dl, z->display, 0, NULL, "the workbook has no part %s", name);
		return 1;
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
		diag_error(dl, z->display, 0, NULL,
			   "file is password-protected: save it without a password");
		return 1;
	}
	size_t lim = z->lim->max_entry;
	size_t left = z->lim->max_total > z->total ? z->lim->max_total - z->total : 0;
	if (left < lim)
		lim = left;
	if ((st.valid & ZIP_STAT_COMP_SIZE) && st.comp_size < SIZE_MAX / z->lim->max_ratio) {
		size_t r = (size_t)st.comp_size * z->lim->max_ratio;
		if (r < RATIO_FLOOR)
			r = RATIO_FLOOR;
		if (r < lim)
			lim = r;
	}
	*zf = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
	if (!*zf) {
		zip_error_t *e = zip_get_error(z->za);
		if (zip_error_code_zip(e) == ZIP_ER_NOPASSWD || zip_error_code_zip(e) == ZIP_ER_WRONGPASSWD)
			diag_error(dl, z->display, 0, NULL,
				   "file is password-protected: save it without a password");
		else
			diag_error(dl, z->display, 0, NULL, "cannot read part %s of the workbook (%s)",
				   name, zip_error_strerror(e));
		return 1;
	}
	*limit = lim;
	return 0;
}

/* The message for a fault of entry name after got bytes. */
static void fault_report(struct sheet_zip *z, const char *name, int fault, const char *zerr,
			 struct diag_list *dl)
{
	switch (fault) {
	case FAULT_ENTRY:
		diag_error(dl, z->display, 0, NULL,
			   "part %s of the workbook is larger than %zu MB uncompressed", name,
			   z->lim->max_entry >> 20);
		break;
	case FAULT_TOTAL:
		diag_error(dl, z->display, 0, NULL,
			   "the workbook holds more than %zu MB uncompressed", z->lim->max_total >> 20);
		break;
	case FAULT_RATIO:
		diag_error(dl, z->display, 0, NULL,
			   "part %s of the workbook is compressed more than %zu:1 (a zip bomb?): "
			   "refused", name, z->lim->max_ratio);
		break;
	case FAULT_DTD:
		diag_error(dl, z->display, 0, NULL,
			   "part %s of the workbook declares a DOCTYPE or entities: refused", name);
		break;
	default:
		diag_error(dl, z->display, 0, NULL,
			   "the workbook is corrupt or truncated: part %s cannot be read (%s)", name,
			   zerr && *zerr ? zerr : "read error");
		break;
	}
}

/* Which cap stops an entry at got bytes (its limit being limit). */
static int cap_fault(const struct sheet_zip *z, size_t got)
{
	if (got > z->lim->max_entry)
		return FAULT_ENTRY;
	if (z->total + got > z->lim->max_total)
		return FAULT_TOTAL;
	return FAULT_RATIO;
}

/* Reads up to want bytes of zf into dst, counting them; returns the count, or -1 with
 * *fault set. */
static long entry_read(struct sheet_zip *z, zip_file_t *zf, char *dst, size_t want,
		       size_t *got, size_t limit, int *fault, char *zerr, size_t zerrlen)
{
	zip_int64_t k = zip_fread(zf, dst, want);
	if (k < 0) {
		snprintf(zerr, zerrlen, "%s", zip_error_strerror(zip_file_get_error(zf)));
		*fault = FAULT_READ;
		return -1;
	}
	*got += (size_t)k;
	if (*got > limit) {
		*fault = cap_fault(z, *got);
		return -1;
	}
	return (long)k;
}

int sheet_zip_read_small(struct sheet_zip *z, const char *name, size_t max, struct buf *b,
			 struct diag_list *dl)
{
	zip_file_t *zf;
	size_t limit, got = 0;
	int fault = 0;
	char zerr[160] = "", chunk[4096];
	if (entry_open(z, name, &zf, &limit, dl))
		return 1;
	if (max < limit)
		limit = max;
	for (;;) {
		long k = entry_read(z, zf, chunk, sizeof chunk, &got, limit, &fault, zerr, sizeof zerr);
		if (k <= 0)
			break;
		buf_add(b, chunk, (size_t)k);
	}
	zip_fclose(zf);
	z->total += got;
	if (fault) {
		fault_report(z, name, fault == FAULT_RATIO && got > max ? FAULT_ENTRY : fault, zerr, dl);
		return 1;
	}
	return 0;
}

/* libxml2's input callback: the entry's next bytes, the prolog watched for declarations. */
static int xml_input(void *ctx, char *dst, int len)
{
	struct sheet_xml *x = ctx;
	if (x->fault || len <= 0)
		return x->fault ? -1 : 0;
	long k = entry_read(x->z, x->zf, dst, (size_t)len, &x->got, x->limit, &x->fault, x->zerr,
			    sizeof x->zerr);
	if (k < 0)
		return -1;
	/* the prolog ends at the root's start tag: "<" then a name character */
	for (long i = 0; i < k && x->prolog; i++) {
		char c = dst[i];
		if (x->p2 == '<' && x->p1 == '!' && c != '-') {
			x->fault = FAULT_DTD;
			return -1;
		}
		if (x->p1 == '<' && c != '!' && c != '?')
			x->prolog = false;
		x->p2 = x->p1;
		x->p1 = c;
	}
	return (int)k;
}

static int xml_close(void *ctx)
{
	(void)ctx;
	return 0;
}

static void xml_error(void *ctx, xmlErrorPtr e)
{
	struct sheet_xml *x = ctx;
	if (!e || e->level < XML_ERR_ERROR || x->xerr[0])
		return;
	snprintf(x->xerr, sizeof x->xerr, "%s", e->message ? e->message : "malformed XML");
	size_t n = strlen(x->xerr);
	while (n > 0 && (x->xerr[n - 1] == '\n' || x->xerr[n - 1] == ' '))
		x->xerr[--n] = '\0';
	x->xline = e->line;
}

int sheet_xml_open(struct sheet_zip *z, const char *name, struct sheet_xml *x,
		   struct diag_list *dl)
{
	memset(x, 0, sizeof *x);
	x->z = z;
	x->prolog = true;
	if (entry_open(z, name, &x->zf, &x->limit, dl))
		return 1;
	x->entry = xstrdup(name);
	x->r = xmlReaderForIO(xml_input, xml_close, x, name, "UTF-8", READER_OPTIONS);
	if (!x->r) {
		diag_error(dl, z->display, 0, NULL, "cannot start reading part %s", name);
		sheet_xml_close(x);
		return 1;
	}
	xmlTextReaderSetStructuredErrorHandler(x->r, xml_error, x);
	return 0;
}

/* Reports why the reader stopped. */
static int xml_fail(struct sheet_xml *x, struct diag_list *dl)
{
	if (x->fault)
		fault_report(x->z, x->entry, x->fault, x->zerr, dl);
	else if (x->xerr[0])
		diag_error(dl, x->z->display, 0, NULL,
			   "part %s of the workbook is not well-formed XML (line %d: %s)", x->entry,
			   x->xline, x->xerr);
	else
		diag_error(dl, x->z->display, 0, NULL,
			   "part %s of the workbook is not well-formed XML", x->entry);
	x->fault = x->fault ? x->fault : FAULT_READ;
	x->reported = true;
	return -1;
}

static int xml_check(struct sheet_xml *x, int st, struct diag_list *dl)
{
	if (st < 0 || x->fault)
		return xml_fail(x, dl);
	if (st == 0) {
		if (x->xerr[0])
			return xml_fail(x, dl);
		return 0;
	}
	int type = xmlTextReaderNodeType(x->r);
	if (type == XML_READER_TYPE_DOCUMENT_TYPE || type == XML_READER_TYPE_ENTITY_REFERENCE ||
	    type == XML_READER_TYPE_ENTITY) {
		x->fault = FAULT_DTD;
		return xml_fail(x, dl);
	}
	if (xmlTextReaderDepth(x->r) > SHEET_XML_MAX_DEPTH) {
		diag_error(dl, x->z->display, 0, NULL,
			   "part %s of the workbook nests elements deeper than %d: refused", x->entry,
			   SHEET_XML_MAX_DEPTH);
		x->fault = FAULT_READ;
		x->reported = true;
		return -1;
	}
	return 1;
}

/* A fault met while libxml2 read ahead (even while the reader was created) is reported
 * once, at the first step after it. */
int sheet_xml_next(struct sheet_xml *x, struct diag_list *dl)
{
	if (x->fault)
		return x->reported ? -1 : xml_fail(x, dl);
	return xml_check(x, xmlTextReaderRead(x->r), dl);
}

int sheet_xml_skip(struct sheet_xml *x, struct diag_list *dl)
{
	if (x->fault)
		return x->reported ? -1 : xml_fail(x, dl);
	return xml_check(x, xmlTextReaderNext(x->r), dl);
}

void sheet_xml_close(struct sheet_xml *x)
{
	if (x->r)
		xmlFreeTextReader(x->r);
	if (x->zf)
		zip_fclose(x->zf);
	if (x->z)
		x->z->total += x->got;
	free(x->entry);
	memset(x, 0, sizeof *x);
}

bool sheet_xml_start(struct sheet_xml *x, const char *local, const char *ns)
{
	if (xmlTextReaderNodeType(x->r) != XML_READER_TYPE_ELEMENT)
		return false;
	const char *l = (const char *)xmlTextReaderConstLocalName(x->r);
	if (!l || strcmp(l, local) != 0)
		return false;
	if (!ns)
		return true;
	const char *u = (const char *)xmlTextReaderConstNamespaceUri(x->r);
	return u && strcmp(u, ns) == 0;
}

bool sheet_xml_end(struct sheet_xml *x, const char *local)
{
	int t = xmlTextReaderNodeType(x->r);
	const char *l = (const char *)xmlTextReaderConstLocalName(x->r);
	if (!l || strcmp(l, local) != 0)
		return false;
	return t == XML_READER_TYPE_END_ELEMENT ||
	       (t == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement(x->r) == 1);
}

char *sheet_xml_attr(struct sheet_xml *x, const char *local, const char *ns)
{
	if (ns)
		return (char *)xmlTextReaderGetAttributeNs(x->r, (const xmlChar *)local,
							   (const xmlChar *)ns);
	return (char *)xmlTextReaderGetAttribute(x->r, (const xmlChar *)local);
}

void sheet_xml_text(struct sheet_xml *x, struct buf *b)
{
	int t = xmlTextReaderNodeType(x->r);
	if (t != XML_READER_TYPE_TEXT && t != XML_READER_TYPE_CDATA &&
	    t != XML_READER_TYPE_WHITESPACE && t != XML_READER_TYPE_SIGNIFICANT_WHITESPACE)
		return;
	const char *v = (const char *)xmlTextReaderConstValue(x->r);
	if (v)
		buf_adds(b, v);
}
