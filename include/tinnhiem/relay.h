/*
 * A relay: the records a source reads on the calling thread are given, in order, to a
 * function on a second thread, so that reading the vote file (SQLite) and replaying it (the
 * chain hash, the parse, the count) share two cores. Records are copied into blocks of
 * RELAY_RECORDS or RELAY_BYTES of lines, whichever comes first; at most RELAY_BLOCKS are in
 * hand at once, whatever the size of the vote or of its lines, so that a refusal early in a
 * file of long forged lines is met after reading a few blocks.
 * A source that gives less than one block is replayed on the calling thread.
 */
#ifndef TINNHIEM_RELAY_H
#define TINNHIEM_RELAY_H

#include "tinnhiem/err.h"
#include "tinnhiem/store.h"

#define RELAY_RECORDS 1024
#define RELAY_BYTES   (256u << 10) /* a block is also full once its lines hold this much */
#define RELAY_BLOCKS  4

struct tn_relay;

/* A relay that gives each record to fn(arg, record, e), in the order relay_put took them. */
struct tn_relay *relay_new(store_each_fn fn, void *arg);

/*
 * A store_each_fn: takes a copy of the record. Returns 1 once fn has refused a record (the
 * source should stop; relay_end says why; later records are not taken), else 0.
 */
int relay_put(void *relay, const struct tn_stored *s, struct tn_err *e);

/*
 * Gives fn what is left, waits for it and frees the relay. rc is what the source returned
 * (e holds its error). Returns fn's error when fn refused a record, since every record it
 * was given came before the source stopped; else rc.
 */
int relay_end(struct tn_relay *relay, int rc, struct tn_err *e);

#endif
