/* pdferr: what a libharu error code means to the one who ran the program.
 * Invariant: every code of libharu 2.3 (hpdf_error.h) has a sentence; codes our use of the
 * library can raise say what happened in plain words (out of memory, a text too long, a
 * value the page cannot hold, a damaged font file, …), the others say it is the program's
 * fault. The code itself always follows in brackets, for a report. */
#ifndef PT_PDFERR_H
#define PT_PDFERR_H

#include <stddef.h>

/* Returns what code means, in English, untranslated (a static string, marked for the
 * message catalogue: pass it to _() to show it); never NULL. */
const char *pdf_error_what(unsigned long code);

/* Writes into out (n bytes, NUL-terminated when n > 0) the translated sentence of code
 * followed by the code, e.g. "a text is too long for a PDF: more than 65 535 bytes in one
 * piece (libharu error 0x105B)"; the detail is added when not 0 ("…, detail 2)"). */
void pdf_error_describe(unsigned long code, unsigned long detail, char *out, size_t n);

#endif
