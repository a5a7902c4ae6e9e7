/* The count: a pure function of the definition, the meeting facts and the live ballots. */
#ifndef TINNHIEM_TALLY_H
#define TINNHIEM_TALLY_H

#include <stdint.h>

#include "tinnhiem/definition.h"
#include "tinnhiem/record.h"
#include "tinnhiem/rules.h"
#include "tinnhiem/util.h"

/* One member's marks; by_mark[d] is the count of the mark written d ('0' + d): 0 is invalid. */
struct tn_member_count {
	union {
		struct {
			uint64_t invalid, high, medium, low;
		};
		uint64_t by_mark[4];
	};
};

struct tn_tally {
	struct tn_rules rules;
	size_t nmembers;
	struct tn_meeting meeting; /* the definition's facts, then each meeting record */
	uint64_t entered;	   /* pass-1 ballots not void */
	uint64_t voided;	   /* pass-1 ballots void */
	uint64_t held;		   /* pass-1 ballots held, not decided yet: counted nowhere */
	uint64_t valid, invalid;
	uint64_t reasons[TN_REASON_MAX + 1]; /* invalid ballots by reason */
	struct tn_member_count m[TN_MAX_MEMBERS];
};

void tally_init(struct tn_tally *t, const struct tn_definition *d);
void tally_meeting(struct tn_tally *t, const struct tn_meeting *m);
/* Counts one pass-1 ballot that is not void. */
void tally_ballot(struct tn_tally *t, const struct tn_ballot *b);
/* Counts one voided pass-1 ballot (it is counted nowhere else). */
void tally_void(struct tn_tally *t);

/* One member's result, the one source of every figure the outputs print. */
struct tn_result {
	uint64_t count[3]; /* high, medium, low */
	uint64_t invalid;
	long long pct100[3]; /* hundredths of a percent of the base; -1 when it is 0 or unknown */
	enum tn_band band;   /* TN_BAND_NONE too when the base is unknown */
};

void tally_result(const struct tn_tally *t, size_t member, struct tn_result *out);

/* The percentage base under the rules, or -1 when that fact is not known yet. */
long long tally_base(const struct tn_tally *t);
/* 1 met, 0 not met, -1 not known (convened or present missing). */
int tally_quorum(const struct tn_tally *t);

/*
 * The canonical tally (docs/formats.md): binds the definition hash and the chain head it was
 * computed at. Appended to out.
 */
void tally_canonical(const struct tn_tally *t, const uint8_t defhash[TN_HASH_LEN], int64_t nrecords,
		     const uint8_t head[TN_HASH_LEN], struct tn_buf *out);

/* The conditions for sealing: complete and consistent facts, quorum, all ballots in. */
int tally_check_closable(const struct tn_tally *t, struct tn_err *e);

#endif
