#include <libgen.h>
#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tinnhiem/i18n.h"

/*
 * The catalogue of the program's own build tree (build/src/tinnhiem finds build/src/po), so that
 * the program the guide names speaks Vietnamese before it is installed; NULL when there is
 * none and the installed one is used.
 */
static const char *build_tree_catalogue(char *dir, size_t size)
{
	char exe[PATH_MAX], mo[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	snprintf(dir, size, "%s/po", dirname(exe));
	snprintf(mo, sizeof mo, "%s/vi/LC_MESSAGES/tinnhiem.mo", dir);
	return access(mo, R_OK) == 0 ? dir : NULL;
}

/*
 * In the plain C locale gettext ignores LANGUAGE; most machines have no vi_VN locale, so
 * LANGUAGE=vi is what people set. C.UTF-8 is the same locale with UTF-8, and honours it.
 * Returns false when the environment names a locale this machine lacks.
 */
static bool use_locale(int category)
{
	const char *now = setlocale(category, "");

	if (now == NULL || strcmp(now, "C") == 0 || strcmp(now, "POSIX") == 0)
		setlocale(category, "C.UTF-8");
	return now != NULL;
}

/*
 * LANG=vi_VN.UTF-8 on a machine without that locale: the messages are asked for all the same.
 * gettext takes their language from the locale it is in (C.UTF-8, which has none), so it is
 * given as LANGUAGE, which names languages alone, unless LANGUAGE is set already. The name
 * is the one setlocale read: LC_ALL, else LC_MESSAGES, else LANG.
 */
static void ask_language(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	const char *asked = NULL, *given = getenv("LANGUAGE");
	char lang[64];

	if (given != NULL && *given != '\0')
		return;
	for (size_t i = 0; i < sizeof vars / sizeof *vars && asked == NULL; i++)
		if ((asked = getenv(vars[i])) != NULL && *asked == '\0')
			asked = NULL;
	if (asked == NULL || strcmp(asked, "C") == 0 || strcmp(asked, "POSIX") == 0 ||
	    strncmp(asked, "C.", 2) == 0)
		return;
	/* vi_VN.UTF-8@euro: the language and country, without the characters' encoding */
	snprintf(lang, sizeof lang, "%.*s", (int)strcspn(asked, ".@"), asked);
	if (*lang != '\0')
		setenv("LANGUAGE", lang, 1);
}

/*
 * Only the categories the program uses: the characters (UTF-8 at the terminal) and the
 * messages. The others (numbers, dates, collation...) are never used, and loading each of
 * them costs a small command a good part of its start.
 */
void i18n_init(void)
{
	const char *dir = getenv("TINNHIEM_LOCALEDIR");
	char here[PATH_MAX + 8];

	use_locale(LC_CTYPE);
	if (!use_locale(LC_MESSAGES))
		ask_language();
	if (dir == NULL || *dir == '\0')
		dir = build_tree_catalogue(here, sizeof here);
	bindtextdomain("tinnhiem", dir != NULL ? dir : LOCALEDIR);
	bind_textdomain_codeset("tinnhiem", "UTF-8");
	textdomain("tinnhiem");
}
