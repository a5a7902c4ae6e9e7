/* The tally as text, CSV or JSON, for the tally and verify commands. */
#ifndef TINNHIEM_REPORT_H
#define TINNHIEM_REPORT_H

#include <stdbool.h>

#include "tinnhiem/definition.h"
#include "tinnhiem/tally.h"
#include "tinnhiem/util.h"

enum tn_format { TN_FMT_TEXT, TN_FMT_CSV, TN_FMT_JSON };

int report_format_parse(const char *s, enum tn_format *f);

/* tally_hash is NULL while the vote is open. */
void report_tally(const struct tn_definition *d, const struct tn_tally *t,
		  const uint8_t *tally_hash, enum tn_format fmt, struct tn_buf *out);

/* Pads s with spaces to width display columns (CJK and combining marks counted right). */
void report_pad(struct tn_buf *b, const char *s, int width, bool right);
/* The display columns of s, and of its first len bytes. */
int report_width(const char *s);
int report_width_n(const char *s, size_t len);
/*
 * The bytes of the longest start of s[0..len) that fits width columns (whole characters, each
 * with the combining marks after it; at least one), and its columns in *cols when not NULL.
 */
size_t report_fit(const char *s, size_t len, int width, int *cols);

#endif
