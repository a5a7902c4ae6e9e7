/*
 * Replaying records in chain order: checks each record against the chain and the rules,
 * and counts. Shared by tally, close, verify of a vote file and verify of a bundle.
 */
#ifndef TINNHIEM_REPLAY_H
#define TINNHIEM_REPLAY_H

#include <stdbool.h>
#include <stdint.h>

#include "tinnhiem/definition.h"
#include "tinnhiem/record.h"
#include "tinnhiem/tally.h"

struct tn_replay {
	const struct tn_definition *def;
	struct tn_tally tally;
	uint8_t head[TN_HASH_LEN]; /* the chain head after the last record */
	int64_t nrecords;
	uint64_t last_serial[3]; /* per pass */
	uint64_t *voids;	 /* open-addressing set of (pass << 62 | serial) */
	size_t nvoids, capvoids;
	bool sealed;
	struct tn_seal seal;
	int64_t sealed_at; /* records before the seal */
	bool trust_heads;  /* take the stored heads as they are (counting, not verifying) */
	uint8_t head_at_seal[TN_HASH_LEN]; /* the head before the seal */
};

void replay_init(struct tn_replay *r, const struct tn_definition *d);
void replay_free(struct tn_replay *r);

/*
 * Takes the next record. With head not NULL, the stored head must equal the recomputed
 * one, unless trust_heads is set: then it is taken as it is, and nothing is hashed.
 * Failures are TN_EVERIFY naming the record.
 */
int replay_record(struct tn_replay *r, const char *line, size_t len, const uint8_t *head,
		  struct tn_err *e);

/* Calls fn for each voided pass-1 serial, so the caller can hand back the ballot. */
int replay_each_void(const struct tn_replay *r,
		     int (*fn)(void *arg, uint64_t serial, struct tn_err *e), void *arg,
		     struct tn_err *e);
/* Takes a voided pass-1 ballot out of the count. */
int replay_unvote(struct tn_replay *r, uint64_t serial, const char *line, size_t len,
		  struct tn_err *e);

/* When sealed: the canonical tally, its hash and the signature must all match. */
int replay_check_seal(const struct tn_replay *r, struct tn_err *e);

bool replay_is_voided(const struct tn_replay *r, int pass, uint64_t serial);

#endif
