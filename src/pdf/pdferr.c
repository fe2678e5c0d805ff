/* pdferr: libharu's error codes in plain words (see pdferr.h). Only hpdf_error.h is
 * included, for the codes: the library itself stays pdf.c's. */
#include "pdf/pdferr.h"

#include <stdio.h>

#include <hpdf_error.h>

#include "util/i18n.h"

const char *pdf_error_what(unsigned long code)
{
	switch (code) {
	/* memory: libharu's own allocations, and zlib's while it compresses */
	case HPDF_FAILD_TO_ALLOC_MEM:
		return N_("out of memory");
	case HPDF_ZLIB_ERROR:
		return N_("compressing the document failed (out of memory?)");
	/* what the input decides: a text's length, a size or position on the page */
	case HPDF_STRING_OUT_OF_RANGE:
	case HPDF_BINARY_LENGTH_ERR:
		return N_("a text is too long for a PDF: more than 65 535 bytes in one piece");
	case HPDF_REAL_OUT_OF_RANGE:
	case HPDF_PAGE_OUT_OF_RANGE:
		return N_("the text does not fit the page: a position, size or spacing beyond what a "
			  "PDF page can hold");
	case HPDF_PAGE_INVALID_SIZE:
		return N_("the page size is beyond what a PDF allows (3 to 14 400 pt a side)");
	case HPDF_PAGE_INVALID_FONT_SIZE:
		return N_("a font size is beyond what the PDF library allows (above 0, at most 600 pt)");
	case HPDF_ARRAY_COUNT_ERR:
	case HPDF_DICT_COUNT_ERR:
	case HPDF_XREF_COUNT_ERR:
	case HPDF_EXCEED_GSTATE_LIMIT:
		return N_("the document is too large for the PDF library (too many pages or parts)");
	/* the font files */
	case HPDF_TTF_CANNOT_EMBEDDING_FONT:
		return N_("a font file's licence forbids embedding it in a PDF");
	case HPDF_TTF_INVALID_CMAP:
	case HPDF_TTF_INVALID_FOMAT:
	case HPDF_TTF_MISSING_TABLE:
	case HPDF_INVALID_FONTDEF_DATA:
	case HPDF_FONT_INVALID_WIDTHS_TABLE:
	case HPDF_INVALID_FONT:
	case HPDF_UNSUPPORTED_FONT_TYPE:
	case HPDF_INVALID_TTC_FILE:
	case HPDF_INVALID_TTC_INDEX:
	case HPDF_INVALID_FONT_NAME:
	case HPDF_INVALID_CHAR_MATRICS_DATA:
	case HPDF_INVALID_WX_DATA:
	case HPDF_INVALID_AFM_HEADER:
	case HPDF_STREAM_EOF:
		return N_("a font file is damaged or is not a TrueType font the PDF library can embed");
	case HPDF_FILE_OPEN_ERROR:
		return N_("cannot open a font file");
	case HPDF_FILE_IO_ERROR:
		return N_("cannot read a font file");
	/* the library as installed */
	case HPDF_INVALID_ENCODER:
	case HPDF_INVALID_ENCODER_TYPE:
	case HPDF_INVALID_ENCODING_NAME:
		return N_("the PDF library lacks an encoding the program needs (CP1251 or UTF-8): "
			  "libharu 2.3 or later is required");
	default:
		return N_("an error inside the program (please report it with this code)");
	}
}

void pdf_error_describe(unsigned long code, unsigned long detail, char *out, size_t n)
{
	const char *what = _(pdf_error_what(code));
	if (detail)
		snprintf(out, n, _("%s (libharu error 0x%04lX, detail %lu)"), what, code, detail);
	else
		snprintf(out, n, _("%s (libharu error 0x%04lX)"), what, code);
}
