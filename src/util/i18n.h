/* i18n: the message catalogue's lookups (GNU gettext, text domain "patronat").
 * Invariant: English is the source language; a message is looked up when it reaches the
 * user (diag_add, run_fail, the CLI's prints), never translated twice. The library binds
 * its domain (pt_init_messages) but never calls setlocale: the client does. */
#ifndef PT_I18N_H
#define PT_I18N_H

#include <libintl.h>

#define PT_TEXT_DOMAIN "patronat"

/* the translation of s (borrowed: static or the catalogue's), s itself when there is none */
#define _(s) dgettext(PT_TEXT_DOMAIN, s)
/* marks s for extraction where it is translated later (a table of messages) */
#define N_(s) s
/* the form of one/many for the count n (Russian has three: 1 ошибка, 2 ошибки, 5 ошибок) */
#define P_(one, many, n) dngettext(PT_TEXT_DOMAIN, one, many, n)

/* The translation of s, or s itself when it is NULL or "" (gettext would give the
 * catalogue's header for ""). */
static inline const char *i18n_tr(const char *s)
{
	return s && *s ? dgettext(PT_TEXT_DOMAIN, s) : s;
}

#endif
