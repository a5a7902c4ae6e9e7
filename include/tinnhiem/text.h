/* Text from outside: valid UTF-8, NFC, nothing invisible or unassigned, single spaces. */
#ifndef TINNHIEM_TEXT_H
#define TINNHIEM_TEXT_H

#include <stddef.h>

#include "tinnhiem/err.h"

#define TEXT_MAX_MARKS 2 /* combining marks on one letter; Vietnamese needs at most two */

/*
 * Checks and normalises len bytes of text. On success *out is a new NUL-terminated string:
 * NFC, every space separator (U+00A0, U+3000, ...) made a plain space, runs of spaces folded
 * to one, no leading or trailing space. Refused: control characters, invisible and format
 * characters (general category Cf and the default ignorables, among them the bidirectional
 * controls), unassigned code points, private use, surrogates, noncharacters, line and
 * paragraph separators, and a letter carrying more than TEXT_MAX_MARKS combining marks. On
 * failure e names the problem and the character (U+XXXX, its position counted in characters
 * of the NFC text from 1), without location: the caller adds it.
 */
int text_clean(const char *in, size_t len, char **out, struct tn_err *e);

/* Nonzero when s (NUL-terminated) is already what text_clean would return. */
int text_is_clean(const char *s, size_t len);

/* Nonzero when every tab- or newline-separated field of s is clean. */
int text_is_clean_lines(const char *s, size_t len);

#endif
