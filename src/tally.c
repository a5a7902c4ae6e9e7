#include <stddef.h>
#include <string.h>

#include "tinnhiem/i18n.h"
#include "tinnhiem/tally.h"

void tally_init(struct tn_tally *t, const struct tn_definition *d)
{
	memset(t, 0, sizeof *t);
	t->rules = d->rules;
	t->nmembers = d->nmembers;
	t->meeting = d->meeting;
}

void tally_meeting(struct tn_tally *t, const struct tn_meeting *m)
{
	rules_merge_meeting(&t->meeting, m);
}

_Static_assert(offsetof(struct tn_member_count, low) == 3 * sizeof(uint64_t),
	       "the counts of a member are its by_mark");

void tally_ballot(struct tn_tally *t, const struct tn_ballot *b)
{
	t->entered++;
	if (!b->valid) {
		t->invalid++;
		t->reasons[b->reason]++;
		for (size_t i = 0; i < t->nmembers; i++)
			t->m[i].invalid++;
		return;
	}
	t->valid++;
	/* every mark is a digit from 0 to 3, as the line was read (parse_marks in src/record.c) */
	for (size_t i = 0; i < t->nmembers && i < b->nmarks; i++)
		t->m[i].by_mark[b->marks[i] - '0']++;
}

void tally_void(struct tn_tally *t)
{
	t->voided++;
}

long long tally_base(const struct tn_tally *t)
{
	switch (t->rules.base) {
	case TN_BASE_COLLECTED:
		/* until the count of collected ballots is recorded, the ballots entered stand in */
		return t->meeting.fact[TN_COLLECTED] != TN_UNSET ? t->meeting.fact[TN_COLLECTED]
								 : (long long)t->entered;
	case TN_BASE_ISSUED:
		return t->meeting.fact[TN_ISSUED];
	case TN_BASE_VALID:
		return (long long)t->valid;
	default:
		return t->meeting.fact[TN_CONVENED];
	}
}

int tally_quorum(const struct tn_tally *t)
{
	if (t->meeting.fact[TN_CONVENED] == TN_UNSET || t->meeting.fact[TN_PRESENT] == TN_UNSET)
		return -1;
	return rules_quorum((uint64_t)t->meeting.fact[TN_CONVENED],
			    (uint64_t)t->meeting.fact[TN_PRESENT]);
}

static void put_fact(struct tn_buf *b, long long v)
{
	if (v == TN_UNSET)
		buf_puts(b, "\t-");
	else
		buf_printf(b, "\t%lld", v);
}

void tally_result(const struct tn_tally *t, size_t member, struct tn_result *out)
{
	const struct tn_member_count *c = &t->m[member];
	long long base = tally_base(t);

	out->count[0] = c->high;
	out->count[1] = c->medium;
	out->count[2] = c->low;
	out->invalid = c->invalid;
	for (int k = 0; k < 3; k++)
		out->pct100[k] = base < 0 ? -1 : rules_pct100(out->count[k], (uint64_t)base);
	out->band = base < 0 ? TN_BAND_NONE : rules_band(c->low, (uint64_t)base);
}

static void put_member(const struct tn_tally *t, size_t i, struct tn_buf *b)
{
	struct tn_result r;
	char pct[32];

	tally_result(t, i, &r);
	buf_printf(b, "member\t%zu\t%llu\t%llu\t%llu\t%llu", i + 1, (unsigned long long)r.count[0],
		   (unsigned long long)r.count[1], (unsigned long long)r.count[2],
		   (unsigned long long)r.invalid);
	for (int k = 0; k < 3; k++) {
		rules_pct_format(r.pct100[k], '.', pct);
		buf_printf(b, "\t%s", pct);
	}
	buf_printf(b, "\t%s\n", r.band == TN_BAND_NONE ? "-" : rules_band_name(r.band));
}

void tally_canonical(const struct tn_tally *t, const uint8_t defhash[TN_HASH_LEN], int64_t nrecords,
		     const uint8_t head[TN_HASH_LEN], struct tn_buf *b)
{
	char hex[2 * TN_HASH_LEN + 1];
	long long base = tally_base(t);
	int quorum = tally_quorum(t);

	buf_puts(b, "tinnhiem-tally 1\n");
	hex_encode(defhash, TN_HASH_LEN, hex);
	buf_printf(b, "definition\t%s\n", hex);
	hex_encode(head, TN_HASH_LEN, hex);
	buf_printf(b, "records\t%lld\t%s\n", (long long)nrecords, hex);
	buf_printf(b, "rules\t%s\t%s\t%s\n", rules_profile_name(t->rules.profile),
		   rules_base_name(t->rules.base), rules_scope_name(t->rules.scope));
	buf_puts(b, "meeting");
	for (int k = 0; k < TN_NFACTS; k++)
		put_fact(b, t->meeting.fact[k]);
	buf_printf(b, "\nballots\t%llu\t%llu\t%llu\t%llu\n", (unsigned long long)t->entered,
		   (unsigned long long)t->valid, (unsigned long long)t->invalid,
		   (unsigned long long)t->voided);
	buf_puts(b, "reasons");
	for (int r = 0; r <= TN_REASON_MAX; r++)
		buf_printf(b, "\t%llu", (unsigned long long)t->reasons[r]);
	buf_puts(b, "\nbase");
	put_fact(b, base);
	buf_printf(b, "\nquorum\t%s\n", quorum < 0 ? "-" : quorum ? "yes" : "no");
	for (size_t i = 0; i < t->nmembers; i++)
		put_member(t, i, b);
}

int tally_check_closable(const struct tn_tally *t, struct tn_err *e)
{
	const struct tn_meeting *m = &t->meeting;
	for (int k = 0; k < TN_NFACTS; k++)
		if (m->fact[k] == TN_UNSET)
			return tn_fail(e, TN_EDATA,
				       _("%s is not recorded (tinnhiem meeting --%s N)"),
				       _(rules_fact_label(k)), rules_fact_name(k));
	if (rules_check_meeting(m, e) < 0)
		return e->code;
	if (!rules_quorum((uint64_t)m->fact[TN_CONVENED], (uint64_t)m->fact[TN_PRESENT]))
		return tn_fail(e, TN_EDATA,
			       _("no quorum: %lld present of %lld convened, fewer than two "
				 "thirds"),
			       m->fact[TN_PRESENT], m->fact[TN_CONVENED]);
	if ((long long)t->entered != m->fact[TN_COLLECTED])
		return tn_fail(e, TN_EDATA,
			       _("%llu ballots entered (not void), but %lld collected"),
			       (unsigned long long)t->entered, m->fact[TN_COLLECTED]);
	return 0;
}
