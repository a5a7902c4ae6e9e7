#include <locale.h>
#include <stdlib.h>

#include "tinnhiem/i18n.h"

void i18n_init(void)
{
	const char *dir = getenv("TINNHIEM_LOCALEDIR");

	setlocale(LC_ALL, "");
	bindtextdomain("tinnhiem", dir && *dir ? dir : LOCALEDIR);
	bind_textdomain_codeset("tinnhiem", "UTF-8");
	textdomain("tinnhiem");
}
