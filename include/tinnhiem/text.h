/* Text from outside: valid UTF-8, no control characters, NFC, single spaces. */
#ifndef TINNHIEM_TEXT_H
#define TINNHIEM_TEXT_H

#include <stddef.h>

#include "tinnhiem/err.h"

/*
 * Checks and normalises len bytes of text. On success *out is a new NUL-terminated string:
 * NFC, runs of spaces folded to one, no leading or trailing space. On failure e names the
 * problem (without location: the caller adds it).
 */
int text_clean(const char *in, size_t len, char **out, struct tn_err *e);

/* Nonzero when s (NUL-terminated) is already what text_clean would return. */
int text_is_clean(const char *s, size_t len);

/* Nonzero when every tab- or newline-separated field of s is clean. */
int text_is_clean_lines(const char *s, size_t len);

#endif
