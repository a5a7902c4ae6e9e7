/* Lines typed at the terminal, with editing and history (src/edit.c, a module). */
#ifndef TINNHIEM_EDIT_H
#define TINNHIEM_EDIT_H

#include <stdbool.h>

#include "tinnhiem/err.h"

/* Loads the module, before the first line is asked; TN_EIO, saying why, when it cannot. */
int edit_load(struct tn_err *e);

/*
 * A line typed after prompt (to be freed), NULL at the end of input; remember keeps it in the
 * history. Only after edit_load.
 */
char *edit_line(const char *prompt, bool remember);

#endif
