#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "tinnhiem/i18n.h"
#include "tinnhiem/report.h"

int report_format_parse(const char *s, enum tn_format *f)
{
	if (strcmp(s, "text") == 0)
		*f = TN_FMT_TEXT;
	else if (strcmp(s, "csv") == 0)
		*f = TN_FMT_CSV;
	else if (strcmp(s, "json") == 0)
		*f = TN_FMT_JSON;
	else
		return -1;
	return 0;
}

int report_width(const char *s)
{
	return report_width_n(s, strlen(s));
}

int report_width_n(const char *s, size_t len)
{
	int cols;

	report_fit(s, len, INT_MAX, &cols);
	return cols;
}

size_t report_fit(const char *s, size_t len, int width, int *cols)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t at = 0;
	int w = 0;

	while (at < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p + at, (utf8proc_ssize_t)(len - at), &cp);
		int cw;

		if (n <= 0) { /* not UTF-8 (checked where the text came in): counted up to there */
			at = at > 0 ? at : len;
			break;
		}
		cw = utf8proc_charwidth(cp);
		if (at > 0 && cw > 0 && cw > width - w)
			break;
		w += cw;
		at += (size_t)n;
	}
	if (cols != NULL)
		*cols = w;
	return at;
}

void report_pad(struct tn_buf *b, const char *s, int width, bool right)
{
	int pad = width - report_width(s);

	if (right)
		for (int i = 0; i < pad; i++)
			buf_putc(b, ' ');
	buf_puts(b, s);
	if (!right)
		for (int i = 0; i < pad; i++)
			buf_putc(b, ' ');
}

static void json_string(struct tn_buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_printf(b, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			buf_printf(b, "\\u%04x", *s);
		else
			buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

static void json_fact(struct tn_buf *b, const char *key, long long v)
{
	if (v < 0)
		buf_printf(b, "  \"%s\": null,\n", key);
	else
		buf_printf(b, "  \"%s\": %lld,\n", key, v);
}

static void json_member(struct tn_buf *b, const struct tn_definition *d, const struct tn_tally *t,
			size_t i)
{
	static const char *const keys[] = {"high_pct", "medium_pct", "low_pct"};
	struct tn_result r;
	const char *band;
	char p[32];

	tally_result(t, i, &r);
	band = rules_band_name(r.band);

	buf_printf(b, "    {\"order\": %zu, \"name\": ", i + 1);
	json_string(b, d->members[i].name);
	buf_puts(b, ", \"position\": ");
	json_string(b, d->members[i].role);
	buf_printf(b, ", \"high\": %llu, \"medium\": %llu, \"low\": %llu, \"invalid\": %llu",
		   (unsigned long long)r.count[0], (unsigned long long)r.count[1],
		   (unsigned long long)r.count[2], (unsigned long long)r.invalid);
	for (int k = 0; k < 3; k++) {
		rules_pct_format(r.pct100[k], '.', p);
		buf_printf(b, ", \"%s\": %s", keys[k], strcmp(p, "-") == 0 ? "null" : p);
	}
	if (band)
		buf_printf(b, ", \"band\": \"%s\"}", band);
	else
		buf_puts(b, ", \"band\": null}");
}

static void report_json(const struct tn_definition *d, const struct tn_tally *t,
			const uint8_t *hash, struct tn_buf *b)
{
	long long base = tally_base(t);
	int q = tally_quorum(t);
	char hex[2 * TN_HASH_LEN + 1];

	buf_puts(b, "{\n  \"vote\": ");
	json_string(b, d->title);
	buf_printf(b, ",\n  \"rules\": \"%s\",\n  \"denominator\": \"%s\",\n",
		   rules_profile_name(t->rules.profile), rules_base_name(t->rules.base));
	json_fact(b, "base", base);
	for (int k = 0; k < TN_NFACTS; k++)
		json_fact(b, rules_fact_name(k), t->meeting.fact[k]);
	json_fact(b, "valid", (long long)t->valid);
	json_fact(b, "invalid", (long long)t->invalid);
	buf_printf(b, "  \"quorum_met\": %s,\n", q < 0 ? "null" : q ? "true" : "false");
	buf_printf(b, "  \"state\": \"%s\",\n", hash ? "closed" : "open");
	if (hash) {
		hex_encode(hash, TN_HASH_LEN, hex);
		buf_printf(b, "  \"tally_hash\": \"%s\",\n", hex);
	} else {
		buf_puts(b, "  \"tally_hash\": null,\n");
	}
	buf_puts(b, "  \"members\": [\n");
	for (size_t i = 0; i < t->nmembers; i++) {
		json_member(b, d, t, i);
		buf_puts(b, i + 1 < t->nmembers ? ",\n" : "\n");
	}
	buf_puts(b, "  ]\n}\n");
}

/*
 * A spreadsheet reads a cell that begins with = + - @, TAB or CR as a formula. Text cells
 * (names, positions) that do are neutralised as OWASP recommends against CSV injection: a
 * leading single quote, the whole cell quoted. Numbers never pass through here.
 */
static bool csv_formula_start(const char *s)
{
	return *s != '\0' && strchr("=+-@\t\r", *s) != NULL;
}

static void csv_text(struct tn_buf *b, const char *s)
{
	bool neutralise = csv_formula_start(s);

	if (!neutralise && strpbrk(s, ",\"\r\n") == NULL) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	if (neutralise)
		buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

static void report_csv(const struct tn_definition *d, const struct tn_tally *t, struct tn_buf *b)
{
	char p[3][32];

	buf_puts(b, "order,name,position,high,medium,low,invalid,high_pct,medium_pct,low_pct,"
		    "band\n");
	for (size_t i = 0; i < t->nmembers; i++) {
		struct tn_result r;
		const char *band;

		tally_result(t, i, &r);
		band = rules_band_name(r.band);
		for (int k = 0; k < 3; k++) {
			rules_pct_format(r.pct100[k], '.', p[k]);
			if (strcmp(p[k], "-") == 0)
				p[k][0] = '\0';
		}
		buf_printf(b, "%zu,", i + 1);
		csv_text(b, d->members[i].name);
		buf_putc(b, ',');
		csv_text(b, d->members[i].role);
		buf_printf(b, ",%llu,%llu,%llu,%llu,%s,%s,%s,%s\n", (unsigned long long)r.count[0],
			   (unsigned long long)r.count[1], (unsigned long long)r.count[2],
			   (unsigned long long)r.invalid, p[0], p[1], p[2], band ? band : "");
	}
}

static void text_fact(struct tn_buf *b, const char *label, long long v)
{
	if (v < 0)
		buf_printf(b, "  %s: -\n", label);
	else
		buf_printf(b, "  %s: %lld\n", label, v);
}

static void text_head(const struct tn_definition *d, const struct tn_tally *t, const uint8_t *hash,
		      struct tn_buf *b)
{
	long long base = tally_base(t);
	int q = tally_quorum(t);
	char hex[2 * TN_HASH_LEN + TN_HASH_LEN / 2 + 1];

	buf_printf(b, "%s\n", d->title);
	if (hash) {
		hex_grouped(hash, TN_HASH_LEN, hex);
		buf_printf(b, _("State: closed; tally hash %s\n"), hex);
	} else {
		buf_puts(b, _("State: open; the figures are provisional\n"));
	}
	buf_printf(b, _("Rules: %s; percentages of %s"), rules_profile_name(t->rules.profile),
		   _(rules_base_label(t->rules.base)));
	if (base >= 0)
		buf_printf(b, " (%lld)", base);
	buf_putc(b, '\n');
	text_fact(b, _("convened"), t->meeting.fact[TN_CONVENED]);
	text_fact(b, _("present"), t->meeting.fact[TN_PRESENT]);
	text_fact(b, _("ballots issued"), t->meeting.fact[TN_ISSUED]);
	text_fact(b, _("ballots collected"), t->meeting.fact[TN_COLLECTED]);
	text_fact(b, _("ballots entered"), (long long)t->entered);
	if (t->held > 0)
		buf_printf(
		    b, _("  held, not decided yet: %llu (counted once decided: tinnhiem decide)\n"),
		    (unsigned long long)t->held);
	if (t->meeting.fact[TN_COLLECTED] >= 0 &&
	    t->entered > (uint64_t)t->meeting.fact[TN_COLLECTED])
		buf_printf(
		    b,
		    _("  entered exceeds collected by %llu: void the extra papers (tinnhiem "
		      "void)\n  or correct the facts (tinnhiem meeting); until then "
		      "percentages may pass 100\n"),
		    (unsigned long long)(t->entered - (uint64_t)t->meeting.fact[TN_COLLECTED]));
	text_fact(b, _("valid"), (long long)t->valid);
	text_fact(b, _("invalid"), (long long)t->invalid);
	buf_printf(b, "  %s: %s\n\n", _("quorum"), q < 0 ? "-" : q ? _("met") : _("NOT met"));
}

#define LEVEL_WIDTH 15

static void table_levels(struct tn_buf *b)
{
	const char *levels[] = {_("high"), _("medium"), _("low"), _("invalid")};

	for (int k = 0; k < 4; k++) {
		buf_puts(b, "  ");
		report_pad(b, levels[k], LEVEL_WIDTH - 8, true);
		if (k < 3)
			report_pad(b, "%", 8, true);
	}
	buf_putc(b, '\n');
}

static void report_text(const struct tn_definition *d, const struct tn_tally *t,
			const uint8_t *hash, struct tn_buf *b)
{
	int wname = 4, wpos = 6;
	char p[32], n[32];

	text_head(d, t, hash, b);
	for (size_t i = 0; i < t->nmembers; i++) {
		int a = report_width(d->members[i].name), c = report_width(d->members[i].role);

		wname = a > wname ? a : wname;
		wpos = c > wpos ? c : wpos;
	}
	report_pad(b, _("No"), 3, true);
	buf_puts(b, "  ");
	report_pad(b, _("Name"), wname, false);
	buf_puts(b, "  ");
	report_pad(b, _("Position"), wpos, false);
	table_levels(b);
	for (size_t i = 0; i < t->nmembers; i++) {
		struct tn_result r;

		tally_result(t, i, &r);
		snprintf(n, sizeof n, "%zu", i + 1);
		report_pad(b, n, 3, true);
		buf_puts(b, "  ");
		report_pad(b, d->members[i].name, wname, false);
		buf_puts(b, "  ");
		report_pad(b, d->members[i].role, wpos, false);
		for (int k = 0; k < 3; k++) {
			rules_pct_format(r.pct100[k], ',', p);
			snprintf(n, sizeof n, "%llu", (unsigned long long)r.count[k]);
			buf_puts(b, "  ");
			report_pad(b, n, LEVEL_WIDTH - 8, true);
			report_pad(b, p, 8, true);
		}
		snprintf(n, sizeof n, "%llu", (unsigned long long)r.invalid);
		buf_puts(b, "  ");
		report_pad(b, n, LEVEL_WIDTH - 8, true);
		if (r.band != TN_BAND_NONE)
			buf_printf(b, "  %s",
				   r.band == TN_BAND_TWO_THIRDS
				       ? _("2/3 or more low confidence")
				       : _("over 1/2 to under 2/3 low confidence"));
		buf_putc(b, '\n');
	}
}

void report_tally(const struct tn_definition *d, const struct tn_tally *t,
		  const uint8_t *tally_hash, enum tn_format fmt, struct tn_buf *out)
{
	if (fmt == TN_FMT_JSON)
		report_json(d, t, tally_hash, out);
	else if (fmt == TN_FMT_CSV)
		report_csv(d, t, out);
	else
		report_text(d, t, tally_hash, out);
}
