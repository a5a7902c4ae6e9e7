/*
 * Text from outside: valid UTF-8, NFC, nothing invisible or unassigned, single spaces; and
 * names told apart from their look-alikes (Unicode UTS #39).
 */
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

/*
 * Checks n names (each clean) that must be told apart on paper, with ICU's spoof checker, or
 * without it when every name is plain (below): each name keeps to one script (UTS #39 "highly
 * restrictive": Latin, possibly with Han and its companions), and no two names share a UTS #39
 * skeleton. Returns 0 when all is well; 1 when names[*bad] looks like the earlier
 * names[*like] (e untouched); TN_EDATA when names[*bad] mixes scripts (e says which
 * character); TN_ESOFTWARE when ICU fails.
 */
int text_names_apart(const char *const *names, size_t n, size_t *bad, size_t *like,
		     struct tn_err *e);

/*
 * The UTS #39 skeleton of a plain name, a new string; NULL for a name that is not plain. A
 * plain name is one whose NFD holds only these characters, in any arrangement: the ASCII
 * letters and digits, Đ and đ, the five tone marks, the circumflex, the breve and the horn,
 * and the space, ' - and . (the letters and digits of Vietnamese names, and what stands
 * between their words). ICU's confusables (Unicode 15) map I and 1 to l, 0 to O, m to rn, Đ
 * and đ to D and d followed by U+0335, and each other of these characters to itself; the
 * second NFD of UTS #39 changes nothing, U+0335 (combining class 1) coming first among the
 * marks of its letter. A plain name keeps to the Latin script. tests/unit/test_text.c holds
 * all of this against ICU.
 */
char *text_plain_skeleton(const char *name);

/*
 * text_names_apart for names that are all plain, without ICU (loading it takes a third of the
 * time of init or verify on a committee's vote): 0 or 1 as text_names_apart, *bad and *like
 * SIZE_MAX unless 1; -1 when a name is not plain, for ICU to decide.
 */
int text_names_apart_plain(const char *const *names, size_t n, size_t *bad, size_t *like);

/*
 * Whether a typed answer is the word, as a person reads them: composed or decomposed (NFC),
 * in any case, with spaces around. An answer that is not UTF-8 is not the word.
 */
int text_same_word(const char *answer, const char *word);

#endif
