/* The vote file: one SQLite database. The only module that includes sqlite3.h. */
#ifndef TINNHIEM_STORE_H
#define TINNHIEM_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tinnhiem/err.h"
#include "tinnhiem/record.h"

struct tn_store;

/* A stored record as read back. */
struct tn_stored {
	int64_t seq; /* 1, 2, ... in chain order */
	const char *line;
	size_t len;
	uint8_t head[TN_HASH_LEN];
	/* the index columns, NULL read as 0; checked against the line by every replay */
	struct tn_columns col;
};

/*
 * Creates a new vote file holding a definition; refuses when path exists. The file appears
 * complete or not at all (built under a temporary name, then linked into place).
 */
int store_create(const char *path, const char *definition, size_t len,
		 const uint8_t hash[TN_HASH_LEN], struct tn_err *e);
/*
 * Opens a vote file: refused (TN_EVERIFY) unless its schema, and so its append-only guards,
 * is byte for byte the one this program makes.
 */
int store_open(const char *path, bool writable, struct tn_store **out, struct tn_err *e);
void store_close(struct tn_store *s);

const char *store_path(const struct tn_store *s);
/* The stored canonical definition and its stored hash. */
int store_definition(struct tn_store *s, char **text, size_t *len, uint8_t hash[TN_HASH_LEN],
		     struct tn_err *e);

/* One write transaction: BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any failure. */
int store_begin(struct tn_store *s, struct tn_err *e);
int store_commit(struct tn_store *s, struct tn_err *e);
void store_rollback(struct tn_store *s);

/* The head of the chain and the number of records (0 and the definition hash when empty). */
int store_head(struct tn_store *s, uint8_t head[TN_HASH_LEN], int64_t *count, struct tn_err *e);
/*
 * The index columns: pass and serial of a ballot or void, 1 and the serial decided of a
 * decision, the member's order as serial of a signature, 0 (NULL) where none; paper, a
 * ballot's paper number (0 for other records). Inside a transaction, records wait in memory
 * and are written 64 at a time, or by the next read or the commit: a record the file refuses
 * fails that call, and the transaction is then to be rolled back.
 */
int store_append(struct tn_store *s, enum tn_kind kind, int pass, uint64_t serial, uint64_t paper,
		 const char *line, size_t len, const uint8_t head[TN_HASH_LEN], struct tn_err *e);

/* Highest serial of a pass (0 when none). */
int store_last_serial(struct tn_store *s, int pass, uint64_t *serial, struct tn_err *e);
/* The ballot line of a pass and serial; *found is false when there is none. */
int store_ballot(struct tn_store *s, int pass, uint64_t serial, struct tn_buf *line, bool *found,
		 struct tn_err *e);
int store_is_voided(struct tn_store *s, int pass, uint64_t serial, bool *voided, struct tn_err *e);
/* Whether held ballot SERIAL of pass 1 has a decision. */
int store_is_decided(struct tn_store *s, uint64_t serial, bool *decided, struct tn_err *e);
/*
 * A paper in a pass: whether any ballot of the pass was given to it, and the serial of the
 * one that is not void (0 when none is), with its line when line is not NULL.
 */
struct tn_paper {
	bool exists;
	uint64_t live;
};
int store_paper(struct tn_store *s, int pass, uint64_t paper, struct tn_paper *out,
		struct tn_buf *line, struct tn_err *e);
/*
 * The ballots of a pass in paper order (void ones too: a paper has at most one that is not),
 * one a call: 1 with *out filled (its line valid until the next call), 0 at the end, or an
 * error. With out NULL, stops early.
 */
int store_live(struct tn_store *s, int pass, struct tn_stored *out, struct tn_err *e);
/* The highest paper number a pass has a ballot for (0 when none). */
int store_max_paper(struct tn_store *s, int pass, uint64_t *paper, struct tn_err *e);
int store_count_live(struct tn_store *s, int pass, uint64_t *n, struct tn_err *e);
/*
 * The papers of a pass whose every ballot is void, waiting to be typed again, in order: the
 * first max in papers, and how many there are in *n.
 */
int store_waiting(struct tn_store *s, int pass, uint64_t *papers, size_t max, size_t *n,
		  struct tn_err *e);
int store_is_sealed(struct tn_store *s, bool *sealed, struct tn_err *e);

/* Calls fn for each record in chain order; kinds < 0 means all kinds, else only that kind. */
typedef int (*store_each_fn)(void *arg, const struct tn_stored *r, struct tn_err *e);
int store_each(struct tn_store *s, int kind, store_each_fn fn, void *arg, struct tn_err *e);

/*
 * Records beside the vote file rather than in it: *wal, a -wal with content (a file of an
 * earlier version in use, or whose writer was killed: the file alone lacks those records);
 * *journal, a -journal (a write under way, or an interrupted one the next writer undoes).
 */
void store_sidecars(const char *path, bool *wal, bool *journal);

bool store_in_tx(const struct tn_store *s);
/* A read transaction, so that several reads see one state; end it with store_rollback. */
int store_read_begin(struct tn_store *s, struct tn_err *e);

/* Schema facts, for tests and verify. */
int store_schema_version(struct tn_store *s, int *version, struct tn_err *e);
extern const int store_latest_version;

/*
 * The schema the migrations make, as "type<TAB>name<TAB>table<TAB>sql" lines by name; whether
 * a schema so written is that one, by its hash (without building it).
 */
const char *store_own_schema(void);
bool store_schema_known(const char *schema);

#endif
