#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tinnhiem/i18n.h"
#include "tinnhiem/record.h"
#include "tinnhiem/text.h"

#define MAX_FIELDS 8

static const char *const kind_names[] = {"meeting", "ballot",	"void",
					 "seal",    "decision", "signature"};

const char *record_kind_name(enum tn_kind k)
{
	return kind_names[k];
}

void record_columns(const struct tn_record *r, struct tn_columns *c)
{
	*c = (struct tn_columns){(int)r->kind, 0, 0, 0};
	if (r->kind == TN_REC_BALLOT)
		c->pass = r->u.ballot.pass, c->serial = (int64_t)r->u.ballot.serial,
		c->paper = (int64_t)r->u.ballot.paper;
	if (r->kind == TN_REC_VOID)
		c->pass = r->u.void_.pass, c->serial = (int64_t)r->u.void_.serial;
	if (r->kind == TN_REC_DECISION)
		c->pass = 1, c->serial = (int64_t)r->u.decision.reading.serial;
	if (r->kind == TN_REC_SIGNATURE)
		c->serial = r->u.signature.member;
}

struct field {
	const char *p;
	size_t n;
};

static size_t split(const char *line, size_t len, struct field *f)
{
	const char *p = line, *end = line + len;
	size_t nf = 0;

	for (;;) {
		const char *tab = memchr(p, '\t', (size_t)(end - p));
		const char *stop = tab != NULL ? tab : end;

		if (nf == MAX_FIELDS)
			return MAX_FIELDS + 1;
		f[nf].p = p;
		f[nf++].n = (size_t)(stop - p);
		if (tab == NULL)
			return nf;
		p = tab + 1;
	}
}

static int is(const struct field *f, const char *s)
{
	return f->n == strlen(s) && memcmp(f->p, s, f->n) == 0;
}

static int fact(const struct field *f, long long *v)
{
	uint64_t n;

	if (is(f, "-")) {
		*v = TN_UNSET;
		return 0;
	}
	if (parse_u64(f->p, f->n, &n) < 0 || n >= TN_MAX_COUNT)
		return -1;
	*v = (long long)n;
	return 0;
}

static int pass_serial(const struct field *f, int *pass, uint64_t *serial)
{
	if (!is(&f[0], "1") && !is(&f[0], "2"))
		return -1;
	*pass = f[0].p[0] - '0';
	return parse_u64(f[1].p, f[1].n, serial) < 0 || *serial == 0 || *serial >= TN_MAX_COUNT ? -1
												: 0;
}

/* The hall: "-" when not given, else clean text of 1 to TN_MAX_VENUE bytes. */
static int venue(const struct field *f, char out[TN_MAX_VENUE + 1])
{
	out[0] = '\0';
	if (is(f, "-"))
		return 0;
	if (f->n == 0 || f->n > TN_MAX_VENUE || !text_is_clean(f->p, f->n))
		return -1;
	memcpy(out, f->p, f->n);
	out[f->n] = '\0';
	return 0;
}

static int time_of_day(const struct field *f, char out[6])
{
	out[0] = '\0';
	return is(f, "-") ? 0 : rules_time_parse(f->p, f->n, out);
}

/*
 * The facts, then, only when one of them is given, the times and the hall: files written
 * before those existed hold the short form, and it stays the form of a record without them.
 */
static int parse_meeting(const struct field *f, size_t nf, struct tn_meeting *m)
{
	bool any = false;

	memset(m, 0, sizeof *m);
	if (nf != 1 + TN_NFACTS && nf != 4 + TN_NFACTS)
		return -1;
	for (int k = 0; k < TN_NFACTS; k++) {
		if (fact(&f[1 + k], &m->fact[k]))
			return -1;
		any |= m->fact[k] != TN_UNSET;
	}
	if (nf == 4 + TN_NFACTS) {
		f += 1 + TN_NFACTS;
		if (time_of_day(&f[0], m->started) || time_of_day(&f[1], m->ended) ||
		    venue(&f[2], m->venue))
			return -1;
		if (!*m->started && !*m->ended && !*m->venue)
			return -1; /* the short form says this */
		any = true;
	}
	return any ? 0 : -1;
}

int record_meeting_set(struct tn_meeting *m, const char *started, const char *ended,
		       const char *hall, struct tn_err *e)
{
	const char *name[] = {"--started", "--ended"}, *given[] = {started, ended};
	char *out[] = {m->started, m->ended}, *clean;
	size_t len;

	for (int i = 0; i < 2; i++)
		if (given[i] != NULL && rules_time_parse(given[i], strlen(given[i]), out[i]) < 0)
			return tn_fail(e, TN_EDATA,
				       _("%s: \"%s\" is not a time of day (HH:MM, from 00:00 to "
					 "23:59)"),
				       name[i], given[i]);
	if (hall == NULL)
		return 0;
	if (text_clean(hall, strlen(hall), &clean, e) < 0)
		return tn_prefix(e, "--venue");
	len = strlen(clean);
	if (len == 0 || len > TN_MAX_VENUE || strcmp(clean, "-") == 0) {
		free(clean);
		return tn_fail(e, TN_EDATA,
			       _("--venue: the hall must be 1 to %d bytes of text, not \"-\""),
			       TN_MAX_VENUE);
	}
	memcpy(m->venue, clean, len + 1);
	free(clean);
	return 0;
}

static int parse_marks(const struct field *f, size_t nmembers, struct tn_ballot *b)
{
	b->nmarks = 0;
	b->marks[0] = '\0';
	b->held = is(f, "?");
	b->crossed = f->n >= 1 && f->p[0] == 'x';
	b->reason = 0;
	if (b->held)
		return 0;
	if (b->crossed) {
		if (f->n == 1)
			return 0;
		if (f->n != 2 || f->p[1] < '1' || f->p[1] > '0' + TN_REASON_MAX)
			return -1;
		b->reason = f->p[1] - '0';
		return 0;
	}
	if (f->n != nmembers)
		return -1;
	for (size_t i = 0; i < f->n; i++)
		if (f->p[i] < '0' || f->p[i] > '3')
			return -1;
	memcpy(b->marks, f->p, f->n);
	b->marks[f->n] = '\0';
	b->nmarks = f->n;
	return 0;
}

/*
 * The paper number, written only when it is not the serial: a correction of pass 1 names an
 * earlier paper; pass 2 names any paper.
 */
static int parse_paper(const struct field *f, size_t nf, struct tn_ballot *b)
{
	b->paper = b->serial;
	if (nf == 5)
		return 0;
	if (parse_u64(f[5].p, f[5].n, &b->paper) < 0 || b->paper == 0 || b->paper >= TN_MAX_COUNT ||
	    b->paper == b->serial)
		return -1;
	return b->pass == 1 && b->paper > b->serial ? -1 : 0;
}

/* The verdict written must be the one the rules give to the marks. */
static int check_verdict(const struct field *f, const struct tn_rules *rules, struct tn_ballot *b,
			 struct tn_err *e)
{
	char invalid[] = "invalid:0";

	record_judge_ballot(b, rules);
	invalid[8] = (char)('0' + b->reason);
	if (is(f, b->held ? "held" : b->valid ? "valid" : invalid))
		return 0;
	return tn_fail(e, TN_EVERIFY,
		       _("ballot %d/%llu: verdict \"%.*s\" is not what the rules give"), b->pass,
		       (unsigned long long)b->serial, (int)f->n, f->p);
}

static int parse_ballot(const struct field *f, size_t nf, size_t nmembers,
			const struct tn_rules *rules, struct tn_ballot *b, struct tn_err *e)
{
	if ((nf != 5 && nf != 6) || pass_serial(&f[1], &b->pass, &b->serial) < 0 ||
	    parse_marks(&f[3], nmembers, b) < 0 || parse_paper(f, nf, b) < 0)
		return tn_fail(e, TN_EDATA, _("malformed ballot record"));
	return check_verdict(&f[4], rules, b, e);
}

static int reason_text(const struct field *f, const char **p, size_t *n)
{
	if (f->n == 0 || f->n > TN_MAX_REASON || !text_is_clean(f->p, f->n))
		return -1;
	*p = f->p;
	*n = f->n;
	return 0;
}

static int parse_void(const struct field *f, size_t nf, struct tn_void *v)
{
	if (nf != 4 || pass_serial(&f[1], &v->pass, &v->serial) < 0)
		return -1;
	return reason_text(&f[3], &v->reason, &v->reason_len);
}

/* decision SERIAL MARKS VERDICT REASON: a held ballot of pass 1 read by the board. */
static int parse_decision(const struct field *f, size_t nf, size_t nmembers,
			  const struct tn_rules *rules, struct tn_decision *d, struct tn_err *e)
{
	struct tn_ballot *b = &d->reading;
	uint64_t serial;

	memset(d, 0, sizeof *d);
	if (nf != 5 || parse_u64(f[1].p, f[1].n, &serial) < 0 || serial == 0 ||
	    serial >= TN_MAX_COUNT || parse_marks(&f[2], nmembers, b) < 0 || b->held ||
	    reason_text(&f[4], &d->reason, &d->reason_len) < 0)
		return tn_fail(e, TN_EDATA, _("malformed decision record"));
	b->pass = 1;
	b->serial = serial;
	return check_verdict(&f[3], rules, b, e);
}

/* signature MEMBER KEYID PK SIG */
static int parse_signature(const struct field *f, size_t nf, struct tn_signature *s)
{
	uint64_t member;

	memset(s, 0, sizeof *s);
	if (nf != 5 || parse_u64(f[1].p, f[1].n, &member) < 0 || member == 0 ||
	    member > TN_MAX_LIST)
		return -1;
	s->member = (int)member;
	return hex_decode(f[2].p, f[2].n, s->keyid, TN_KEYID_LEN) < 0 ||
		       hex_decode(f[3].p, f[3].n, s->pk, TN_PK_LEN) < 0 ||
		       hex_decode(f[4].p, f[4].n, s->sig, TN_SIG_LEN) < 0
		   ? -1
		   : 0;
}

static int parse_seal(const struct field *f, size_t nf, struct tn_seal *s)
{
	memset(s, 0, sizeof *s);
	if (nf != 5 || hex_decode(f[1].p, f[1].n, s->tally_hash, TN_HASH_LEN) < 0)
		return -1;
	if (is(&f[2], "-") && is(&f[3], "-") && is(&f[4], "-"))
		return 0;
	s->is_signed = true;
	if (hex_decode(f[2].p, f[2].n, s->keyid, TN_KEYID_LEN) < 0 ||
	    hex_decode(f[3].p, f[3].n, s->pk, TN_PK_LEN) < 0 ||
	    hex_decode(f[4].p, f[4].n, s->sig, TN_SIG_LEN) < 0)
		return -1;
	return 0;
}

int record_parse(const char *line, size_t len, size_t nmembers, const struct tn_rules *rules,
		 struct tn_record *r, struct tn_err *e)
{
	struct field f[MAX_FIELDS];
	size_t nf = split(line, len, f);
	int bad;

	if (nf > MAX_FIELDS)
		return tn_fail(e, TN_EDATA, _("record has too many fields"));
	if (is(&f[0], "ballot")) {
		r->kind = TN_REC_BALLOT;
		return parse_ballot(f, nf, nmembers, rules, &r->u.ballot, e);
	}
	if (is(&f[0], "decision")) {
		r->kind = TN_REC_DECISION;
		return parse_decision(f, nf, nmembers, rules, &r->u.decision, e);
	}
	if (is(&f[0], "meeting")) {
		r->kind = TN_REC_MEETING;
		bad = parse_meeting(f, nf, &r->u.meeting);
	} else if (is(&f[0], "void")) {
		r->kind = TN_REC_VOID;
		bad = parse_void(f, nf, &r->u.void_);
	} else if (is(&f[0], "seal")) {
		r->kind = TN_REC_SEAL;
		bad = parse_seal(f, nf, &r->u.seal);
	} else if (is(&f[0], "signature")) {
		r->kind = TN_REC_SIGNATURE;
		bad = parse_signature(f, nf, &r->u.signature);
	} else {
		return tn_fail(e, TN_EDATA, _("unknown record kind \"%.*s\""), (int)f[0].n, f[0].p);
	}
	if (bad)
		return tn_fail(e, TN_EDATA, _("malformed %s record"), record_kind_name(r->kind));
	return 0;
}

static void put_fact(struct tn_buf *b, long long v)
{
	if (v == TN_UNSET)
		buf_puts(b, "\t-");
	else
		buf_printf(b, "\t%lld", v);
}

static void put_text(struct tn_buf *b, const char *s)
{
	buf_putc(b, '\t');
	buf_puts(b, *s ? s : "-");
}

static void put_meeting(struct tn_buf *b, const struct tn_meeting *m)
{
	for (int k = 0; k < TN_NFACTS; k++)
		put_fact(b, m->fact[k]);
	if (!*m->started && !*m->ended && !*m->venue)
		return;
	put_text(b, m->started);
	put_text(b, m->ended);
	put_text(b, m->venue);
}

static void put_hex(struct tn_buf *b, const uint8_t *p, size_t n)
{
	char hex[2 * TN_SIG_LEN + 1];

	hex_encode(p, n, hex);
	buf_putc(b, '\t');
	buf_puts(b, hex);
}

/* A tab, then v in decimal. */
static void put_number(struct tn_buf *b, uint64_t v)
{
	char buf[U64_DIGITS];
	size_t n;
	const char *digits = u64_decimal(v, buf, &n);

	buf_putc(b, '\t');
	buf_put(b, digits, n);
}

/* MARKS and VERDICT, after a TAB */
static void put_reading(struct tn_buf *b, const struct tn_ballot *bl)
{
	char reading[TN_READING_LEN];

	record_reading(bl, reading);
	buf_putc(b, '\t');
	buf_puts(b, reading);
	if (bl->held)
		buf_puts(b, "\theld");
	else if (bl->valid)
		buf_puts(b, "\tvalid");
	else
		buf_printf(b, "\tinvalid:%d", bl->reason);
}

void record_format(const struct tn_record *r, struct tn_buf *b)
{
	const struct tn_ballot *bl = &r->u.ballot;
	const struct tn_decision *d = &r->u.decision;
	const struct tn_signature *s = &r->u.signature;

	buf_puts(b, record_kind_name(r->kind));
	switch (r->kind) {
	case TN_REC_MEETING:
		put_meeting(b, &r->u.meeting);
		break;
	case TN_REC_BALLOT:
		/* a pass is 1 or 2: nothing else is parsed or entered */
		put_number(b, (uint64_t)bl->pass);
		put_number(b, bl->serial);
		put_reading(b, bl);
		if (bl->paper != 0 && bl->paper != bl->serial)
			put_number(b, bl->paper);
		break;
	case TN_REC_VOID:
		put_number(b, (uint64_t)r->u.void_.pass);
		put_number(b, r->u.void_.serial);
		buf_putc(b, '\t');
		buf_put(b, r->u.void_.reason, r->u.void_.reason_len);
		break;
	case TN_REC_SEAL:
		put_hex(b, r->u.seal.tally_hash, TN_HASH_LEN);
		if (!r->u.seal.is_signed) {
			buf_puts(b, "\t-\t-\t-");
			break;
		}
		put_hex(b, r->u.seal.keyid, TN_KEYID_LEN);
		put_hex(b, r->u.seal.pk, TN_PK_LEN);
		put_hex(b, r->u.seal.sig, TN_SIG_LEN);
		break;
	case TN_REC_DECISION:
		put_number(b, d->reading.serial);
		put_reading(b, &d->reading);
		buf_putc(b, '\t');
		buf_put(b, d->reason, d->reason_len);
		break;
	case TN_REC_SIGNATURE:
		buf_printf(b, "\t%d", s->member);
		put_hex(b, s->keyid, TN_KEYID_LEN);
		put_hex(b, s->pk, TN_PK_LEN);
		put_hex(b, s->sig, TN_SIG_LEN);
		break;
	case TN_REC_NKINDS:
		break;
	}
}

void record_judge_ballot(struct tn_ballot *b, const struct tn_rules *rules)
{
	if (b->held) {
		b->valid = false;
		b->reason = 0;
		return;
	}
	if (b->crossed) {
		b->valid = false;
		return;
	}
	b->reason = 0;
	b->valid = true;
	if (rules->scope == TN_SCOPE_BALLOT && memchr(b->marks, '0', b->nmarks) != NULL) {
		b->valid = false;
		b->reason = TN_REASON_ROW;
	}
}

int record_line_reading(const char *line, size_t len, char out[TN_READING_LEN])
{
	const char *p = line, *end = line + len;

	for (int tabs = 0; tabs < 3 && p != NULL; tabs++)
		p = (p = memchr(p, '\t', (size_t)(end - p))) != NULL ? p + 1 : NULL;
	end = p != NULL ? memchr(p, '\t', (size_t)(end - p)) : NULL;
	if (end == NULL || end == p || end - p >= TN_READING_LEN)
		return -1;
	memcpy(out, p, (size_t)(end - p));
	out[end - p] = '\0';
	return 0;
}

void record_reading(const struct tn_ballot *b, char out[TN_READING_LEN])
{
	if (b->held)
		strcpy(out, "?");
	else if (b->crossed && b->reason)
		snprintf(out, TN_READING_LEN, "x%d", b->reason);
	else if (b->crossed)
		strcpy(out, "x");
	else
		memcpy(out, b->marks, b->nmarks + 1);
}
