/* Translation: English source strings, Vietnamese catalogue in src/po/. */
#ifndef TINNHIEM_I18N_H
#define TINNHIEM_I18N_H

#include <libintl.h>

#define _(s)  gettext(s)
#define N_(s) s

/* Binds the catalogue: $TINNHIEM_LOCALEDIR when set (tests), else the installed one. */
void i18n_init(void);

#endif
