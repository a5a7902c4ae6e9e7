/* An open vote: its file and its definition. */
#ifndef TINNHIEM_VOTE_H
#define TINNHIEM_VOTE_H

#include <stdbool.h>

#include "tinnhiem/definition.h"
#include "tinnhiem/record.h"
#include "tinnhiem/replay.h"
#include "tinnhiem/store.h"

struct tn_vote {
	struct tn_store *store;
	struct tn_definition def;
	const struct tn_progress *progress; /* optional, for replays of large votes */
	struct tn_buf scratch;		    /* reused by vote_append */
};

/* Creates a vote file holding the definition's canonical form; refuses an existing path. */
int vote_create(const char *path, const struct tn_definition *d, struct tn_err *e);

/* Opens a vote file; its definition must match its stored hash. */
int vote_open(const char *path, bool writable, struct tn_vote *v, struct tn_err *e);
void vote_close(struct tn_vote *v);

typedef int (*vote_fn)(struct tn_vote *v, void *arg, struct tn_err *e);

/*
 * Every change to a vote: fn runs inside one write transaction (BEGIN IMMEDIATE ... COMMIT,
 * ROLLBACK on any failure), after the check that the vote is still open.
 */
int vote_write(struct tn_vote *v, vote_fn fn, void *arg, struct tn_err *e);

/*
 * Reads that belong together: fn runs inside one read transaction (or the transaction
 * already open), so that all it reads is one state of the file, locked once.
 */
int vote_read(struct tn_vote *v, vote_fn fn, void *arg, struct tn_err *e);

/* Appends a record, extending the chain; only inside vote_write. */
int vote_append(struct tn_vote *v, const struct tn_record *r, struct tn_err *e);

/*
 * Records meeting facts (the ones set in update) in one transaction; refused when the facts
 * in force would become inconsistent. merged gets the facts in force after it.
 */
int vote_record_meeting(struct tn_vote *v, const struct tn_meeting *update,
			struct tn_meeting *merged, struct tn_err *e);

/* The meeting facts now: the definition's, updated by each meeting record. */
int vote_meeting_facts(struct tn_vote *v, struct tn_meeting *m, struct tn_err *e);

/* Refuses (TN_EDATA) when the vote is sealed. */
int vote_check_open(struct tn_vote *v, struct tn_err *e);
/* A sealed vote whose board has that member, as cosign needs: else TN_EDATA saying why. */
int vote_check_cosignable(struct tn_vote *v, int member, struct tn_err *e);

/*
 * Replays every record as verify does: each head recomputed and compared with the stored
 * one, the index columns with the record, the seal and its conditions checked. r is
 * initialised here; free it after. Double entry (replay_differences) then reads both passes
 * from the file again: inside the caller's transaction, it reads the records replayed.
 */
int vote_replay(struct tn_vote *v, struct tn_replay *r, struct tn_err *e);
/*
 * The same, calling then (when not NULL) with each record once it is replayed: one reading
 * of the records for a command that also writes them out. A failure of then ends the replay.
 */
int vote_replay_each(struct tn_vote *v, struct tn_replay *r, store_each_fn then, void *arg,
		     struct tn_err *e);

/* vote_replay with an observer called after each record (replay_observe_fn). */
int vote_replay_observed(struct tn_vote *v, replay_observe_fn fn, void *arg, struct tn_replay *r,
			 struct tn_err *e);

/*
 * Seals the vote in one transaction: refused (TN_EDATA, saying why) unless the records
 * verify and the seal conditions hold (replay_check_closable). With keys, they sign for the
 * members of the board in its order: the seal holds the first (the Trưởng ban's), a
 * signature record after it each of the others. No more keys than members, no key twice.
 */
struct tn_seckey;
int vote_seal(struct tn_vote *v, const struct tn_seckey *keys, size_t nkeys, struct tn_seal *out,
	      struct tn_err *e);

/*
 * Adds one member's signature to a sealed vote (a signature record): refused unless the
 * vote is sealed and verifies, the member is on the board and has not signed, and the key
 * has not signed for another member. out gets the seal.
 */
int vote_cosign(struct tn_vote *v, const struct tn_seckey *key, int member, struct tn_seal *out,
		struct tn_err *e);

#endif
