/*
 * A relay: the records a source reads on the calling thread are checked and taken on a second
 * thread, so that reading the vote file (SQLite) or a bundle and replaying it share two cores.
 *
 * Each record is checked against the one before it alone: its chain hash from the head stored
 * with that record (and whatever else needs no other record). Checked so, record by record,
 * the stored heads are the chain exactly when the chain recomputed in one pass would match
 * them, and the first record refused is the same. So checks need no order: the second thread
 * checks each block before it takes its records, and the reading thread checks blocks too
 * while it waits for room, so that the hash, the longest part of the work, is shared between
 * the cores. The records are taken in order on one thread, and the first refusal in the
 * chain, by check or take, is the one reported, whichever thread met it first.
 *
 * Records are copied into blocks of RELAY_RECORDS or RELAY_BYTES of lines, whichever comes
 * first; at most RELAY_BLOCKS are in hand at once, whatever the size of the vote or of its
 * lines, so that a refusal early in a file of long forged lines is met after reading a few
 * blocks. A source that gives less than one block is checked and taken on the calling thread.
 */
#ifndef TINNHIEM_RELAY_H
#define TINNHIEM_RELAY_H

#include "tinnhiem/err.h"
#include "tinnhiem/store.h"

#define RELAY_RECORDS 1024
#define RELAY_BYTES   (256u << 10) /* a block is also full once its lines hold this much */
#define RELAY_BLOCKS  4

/* The chain after a record: records up to it, its seq, and the head stored with it. */
struct tn_link {
	int64_t n;
	int64_t seq;
	uint8_t head[TN_HASH_LEN];
};

struct tn_relay_fns {
	/*
	 * Whether s follows *link; then advances *link to s. Runs on either thread, on its own
	 * link, so it may read nothing that take changes.
	 */
	int (*check)(void *arg, struct tn_link *link, const struct tn_stored *s, struct tn_err *e);
	/* The head stored with s (where the reading thread starts the link of a block). */
	void (*head)(void *arg, const struct tn_stored *s, uint8_t head[TN_HASH_LEN]);
	/* Takes s, which check passed; in order, on one thread. */
	store_each_fn take;
	void *arg;
};

struct tn_relay;

/* A relay whose first record follows start. */
struct tn_relay *relay_new(const struct tn_relay_fns *fns, const struct tn_link *start);

/*
 * A store_each_fn: takes a copy of the record. Returns 1 once a record was refused (the
 * source should stop; relay_end says why; later records are not taken), else 0.
 */
int relay_put(void *relay, const struct tn_stored *s, struct tn_err *e);

/*
 * Checks and takes what is left, waits for it and frees the relay. rc is what the source
 * returned (e holds its error). Returns the refusal of a record when there was one, since
 * every record given came before the source stopped; else rc.
 */
int relay_end(struct tn_relay *relay, int rc, struct tn_err *e);

#endif
