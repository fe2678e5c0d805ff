/* i18n: binds the text domain "patronat" to the catalogues of the build tree or the
 * installation, output in UTF-8. Invariant: never calls setlocale (the client chooses the
 * locale); the folder is found as the data folder is, from the executable's place. */
#define _POSIX_C_SOURCE 200809L
#include "patronat.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/i18n.h"
#include "util/xalloc.h"

/* True when dir holds a catalogue of the domain (the Russian one: the one we ship). */
static bool has_catalogue(const char *dir)
{
	char *p = xasprintf("%s/ru/LC_MESSAGES/%s.mo", dir, PT_TEXT_DOMAIN);
	struct stat st;
	bool ok = stat(p, &st) == 0 && S_ISREG(st.st_mode);
	free(p);
	return ok;
}

/* $PATRONAT_LOCALEDIR, the executable's ../share/locale (installed), its locale/ (the build
 * tree: build/patronat beside build/locale), or NULL (gettext's default folder). */
static char *find_locale_dir(void)
{
	const char *env = getenv("PATRONAT_LOCALEDIR");
	if (env && *env)
		return xstrdup(env);
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	const char *places[] = {"../share/locale", "locale"};
	for (size_t i = 0; i < sizeof places / sizeof *places; i++) {
		char *dir = xasprintf("%s/%s", exe, places[i]);
		if (has_catalogue(dir))
			return dir;
		free(dir);
	}
	return NULL;
}

void pt_init_messages(void)
{
	char *dir = find_locale_dir();
	if (dir)
		bindtextdomain(PT_TEXT_DOMAIN, dir);
	bind_textdomain_codeset(PT_TEXT_DOMAIN, "UTF-8");
	free(dir);
}
