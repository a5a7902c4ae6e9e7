/*
 * Replaying records in chain order: checks each record against the chain and the rules,
 * and counts each ballot once. Shared by every command that reads a vote file, and by verify
 * of a bundle: the record sources (the store, the bundle reader) differ, the replay is one.
 */
#ifndef TINNHIEM_REPLAY_H
#define TINNHIEM_REPLAY_H

#include <stdbool.h>
#include <stdint.h>

#include "tinnhiem/definition.h"
#include "tinnhiem/record.h"
#include "tinnhiem/tally.h"

/* A small open-addressing map of nonzero 64-bit keys. */
struct tn_u64map {
	uint64_t *keys, *vals;
	size_t n, cap;
};

/* A decision of the board on a held ballot, as the minutes and the journal state it. */
struct tn_decided {
	uint64_t serial, paper; /* the held ballot of pass 1 */
	char reading[TN_READING_LEN];
	char *reason;
	bool voided; /* its held ballot is void: the decision counts nowhere */
};

/* Who signed the seal: member 1 by the seal's own signature, the others by signature records. */
struct tn_signer {
	int member; /* order in the board, from 1 */
	uint8_t keyid[TN_KEYID_LEN];
	uint8_t pk[TN_PK_LEN];
};

struct tn_replay;
struct tn_record;

/* A live ballot of a pass, as double entry pairs them. */
struct tn_live {
	uint64_t paper, serial;
	char reading[TN_READING_LEN];
};

/*
 * The live ballots of a pass in paper order, one a call: 1 with *out filled, 0 at the end,
 * or an error. Called with out NULL, it stops early and starts again at the next call. r is
 * the replay that took every record (its voids, say).
 */
typedef int (*replay_live_fn)(void *arg, const struct tn_replay *r, int pass, struct tn_live *out,
			      struct tn_err *e);
/* Called after each record is taken (r->nrecords and r->head are then its own). */
typedef void (*replay_observe_fn)(void *arg, const struct tn_replay *r,
				  const struct tn_record *rec);

struct tn_replay {
	const struct tn_definition *def;
	struct tn_tally tally;
	uint8_t head[TN_HASH_LEN];	/* the chain head after the last record */
	char head_hex[2 * TN_HASH_LEN]; /* the same, until replay_settle, when head_is_hex */
	bool head_is_hex;
	int64_t nrecords;
	uint64_t last_serial[3]; /* per pass */
	uint64_t *voids;	 /* open-addressing set of (pass << 62 | serial), and a seen bit */
	size_t nvoids, capvoids, nseen;
	bool sealed;
	struct tn_seal seal;
	int64_t sealed_at;		   /* records before the seal */
	uint8_t head_at_seal[TN_HASH_LEN]; /* the head before the seal */
	/*
	 * Papers of each pass: moved maps a paper to the serial that holds it when that is not
	 * the serial of the same number (a correction, or any paper of pass 2 entered out of
	 * step); corrections maps such a serial to its paper. Both are empty when no ballot
	 * names a paper.
	 */
	struct tn_u64map moved[3], corrections[3];
	uint64_t max_paper[3]; /* the highest paper of each pass */
	/*
	 * Where double entry finds the live ballots of each pass in paper order: live, when the
	 * record source can read them again in that order (a vote file, through its index, so
	 * that memory stays flat); else the readings of each pass by serial (width bytes each,
	 * NUL-padded), kept in memory when the definition asks for double entry (a bundle); or,
	 * with digests (replay_use_digests), only whether the passes agree: each pass's ballots
	 * that are not void, as (paper, reading), folded by XOR under a key drawn for this replay.
	 */
	replay_live_fn live;
	void *live_arg;
	bool keep_readings;
	bool digests;
	uint8_t digest_key[TN_DIGEST_KEY_LEN];
	uint8_t digest[3][TN_DIGEST_LEN];
	size_t width;
	char *readings[3];
	size_t nreadings[3], capreadings[3];
	/* Held ballots of pass 1 by serial (1 undecided, 2 decided); tally.held: how many wait. */
	struct tn_u64map held;
	struct tn_decided *decided; /* in chain order */
	size_t ndecided;
	struct tn_signer signers[TN_MAX_LIST];
	size_t nsigners;
	replay_observe_fn observe; /* may be NULL; set before the first record */
	void *observe_arg;
};

void replay_init(struct tn_replay *r, const struct tn_definition *d);
void replay_free(struct tn_replay *r);

/*
 * Takes the next record. With head not NULL, the stored head must equal the recomputed one.
 * Failures are TN_EVERIFY naming the record.
 */
int replay_record(struct tn_replay *r, const char *line, size_t len, const uint8_t *head,
		  struct tn_err *e);

/*
 * replay_record in two halves, for a source that checks each record's hash on its own (src/
 * relay.c). replay_check_hash: next is the chain after prev and line, and, with head not NULL,
 * must equal it (n numbers the record in messages). replay_record_hashed takes the record
 * as replay_record would, next being the head after it; with col not NULL, the index columns
 * the record was stored under must be those its line gives it (record_columns).
 */
int replay_check_hash(const uint8_t prev[TN_HASH_LEN], const char *line, size_t len,
		      const uint8_t *head, int64_t n, uint8_t next[TN_HASH_LEN], struct tn_err *e);
int replay_record_hashed(struct tn_replay *r, const char *line, size_t len,
			 const uint8_t next[TN_HASH_LEN], const struct tn_columns *col,
			 struct tn_err *e);

/*
 * The same, hex (64 digits) being the head after the record as a bundle's line stores it.
 * r->head is that head once replay_settle has decoded it, which the replay does itself where
 * it needs the head (at the seal, before replay_record).
 */
int replay_record_stored(struct tn_replay *r, const char *line, size_t len, const char *hex,
			 struct tn_err *e);
int replay_settle(struct tn_replay *r, struct tn_err *e);

/* The refusal of record n, whose stored head is not the chain's. */
int replay_hash_differs(int64_t n, struct tn_err *e);

/*
 * The count takes each ballot once, so the voids are known first: the record source announces
 * every void record before the replay (a first, cheap reading of the voids alone), and each
 * void record replayed must be one announced, once.
 */
void replay_expect_void(struct tn_replay *r, int pass, uint64_t serial);

/* After the last record: every announced void was replayed; then replay_check_seal. */
int replay_finish(const struct tn_replay *r, struct tn_err *e);

/* One difference between the passes of double entry, for one paper. */
struct tn_difference {
	uint64_t paper;
	uint64_t serial1, serial2; /* 0 when that pass has no live ballot for the paper */
	char reading1[TN_READING_LEN], reading2[TN_READING_LEN];
};

typedef void (*replay_diff_fn)(void *arg, const struct tn_difference *d);

/*
 * Double entry in memory that does not grow with the ballots, for a source that cannot read
 * them again in paper order (a bundle): set before the first record. replay_check_closable
 * then knows whether the passes agree, not which papers differ; a source whose passes differ
 * replays again keeping the readings, to name them. False agreement needs a collision of
 * keyed BLAKE2b-256 under a key no forger sees (2^-256 for any bundle written in advance).
 */
void replay_use_digests(struct tn_replay *r);
bool replay_digests_agree(const struct tn_replay *r);

/*
 * Double entry: pairs the ballots of pass 1 and pass 2 that are not void by paper number,
 * and calls fn (may be NULL), in paper order, for each paper whose readings differ or that
 * only one pass has; *count is the number of such papers. Needs live or the readings kept.
 */
int replay_differences(const struct tn_replay *r, replay_diff_fn fn, void *arg, uint64_t *count,
		       struct tn_err *e);

/*
 * The conditions for sealing, in one place for close and for both kinds of verify: no held
 * ballot left undecided, the meeting facts complete and consistent, the quorum, the ballots
 * entered equal to those collected and at least one, and, under double entry, the two passes
 * agreeing.
 */
int replay_check_closable(const struct tn_replay *r, struct tn_err *e);

/*
 * When sealed: the seal conditions held, and the canonical tally, its hash and the
 * signature all match.
 */
int replay_check_seal(const struct tn_replay *r, struct tn_err *e);

/* The canonical tally at the end of the records, and its hash. */
void replay_tally_hash(const struct tn_replay *r, struct tn_buf *canonical,
		       uint8_t hash[TN_HASH_LEN]);

bool replay_is_voided(const struct tn_replay *r, int pass, uint64_t serial);

/* The paper of a ballot of a pass, by its serial. */
uint64_t replay_paper_of(const struct tn_replay *r, int pass, uint64_t serial);

/* The signer of the seal who is that member of the board, or NULL. */
const struct tn_signer *replay_signer(const struct tn_replay *r, int member);

/* The serial of the ballot of a pass that holds a paper now (void or not), or 0. */
uint64_t replay_holder(const struct tn_replay *r, int pass, uint64_t paper);

#endif
