/*
 * Records: the canonical one-line form of meeting facts, ballots, voids and the seal.
 * The same bytes are stored in the vote file, hashed into the chain and written in bundles.
 */
#ifndef TINNHIEM_RECORD_H
#define TINNHIEM_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tinnhiem/chain.h"
#include "tinnhiem/definition.h"
#include "tinnhiem/err.h"
#include "tinnhiem/rules.h"
#include "tinnhiem/util.h"

#define TN_MAX_REASON 500 /* bytes of a void's reason */

enum tn_kind {
	TN_REC_MEETING,
	TN_REC_BALLOT,
	TN_REC_VOID,
	TN_REC_SEAL,
	TN_REC_DECISION,  /* the board's reading of a held ballot */
	TN_REC_SIGNATURE, /* a board member's signature of the seal, after it */
	TN_REC_NKINDS
};

/* Why a whole ballot is invalid (QĐ 262 §7.2); 0 when the board gave no reason. */
enum { TN_REASON_NONE = 0, TN_REASON_MAX = 4, TN_REASON_ROW = 4 };

struct tn_ballot {
	int pass;	 /* 1, or 2 for the check entry */
	uint64_t serial; /* 1, 2, ... within its pass, in the order entered */
	/*
	 * The number written on the paper ballot: the pass-1 serial it was given when first
	 * entered. A correction of pass 1 takes the paper number of the ballot it replaces; in
	 * pass 2 it says which paper was read. 0 in a typed line that names no paper.
	 */
	uint64_t paper;
	/*
	 * "?": set aside as doubtful, counted nowhere until the board decides it (a decision
	 * record); no marks, not valid, reason 0.
	 */
	bool held;
	bool crossed; /* "x": the whole ballot invalid as typed */
	int reason;   /* with crossed, or the reason the rules gave; 0..4 */
	size_t nmarks;
	char marks[TN_MAX_MEMBERS + 1]; /* '0'..'3' per member; empty when crossed */
	bool valid;			/* the verdict under the vote's rules */
};

struct tn_void {
	int pass;
	uint64_t serial;
	const char *reason; /* points into the parsed line; not NUL-terminated */
	size_t reason_len;
};

/* The board's reading of held ballot SERIAL of pass 1, and why. */
struct tn_decision {
	struct tn_ballot reading; /* pass 1, serial, paper 0; never held */
	const char *reason;	  /* points into the parsed line; not NUL-terminated */
	size_t reason_len;
};

/* A member of the board (1 = the first board line) signs the seal's tally hash. */
struct tn_signature {
	int member;
	uint8_t keyid[TN_KEYID_LEN];
	uint8_t pk[TN_PK_LEN];
	uint8_t sig[TN_SIG_LEN];
};

struct tn_seal {
	uint8_t tally_hash[TN_HASH_LEN];
	bool is_signed;
	uint8_t keyid[TN_KEYID_LEN];
	uint8_t pk[TN_PK_LEN];
	uint8_t sig[TN_SIG_LEN];
};

struct tn_record {
	enum tn_kind kind;
	union {
		struct tn_meeting meeting;
		struct tn_ballot ballot;
		struct tn_void void_;
		struct tn_seal seal;
		struct tn_decision decision;
		struct tn_signature signature;
	} u;
};

const char *record_kind_name(enum tn_kind k);

/*
 * The index columns a record is stored under (store_append): its kind, and its pass, serial
 * and paper, 0 where it has none (a signature's serial is its member).
 */
struct tn_columns {
	int kind; /* enum tn_kind; a reader gives -1 for a column that names no kind */
	int pass;
	int64_t serial;
	int64_t paper;
};

void record_columns(const struct tn_record *r, struct tn_columns *c);

/*
 * Parses one canonical line (no newline) for a vote of nmembers members under rules.
 * The verdict written in the line must be the one the rules give.
 */
int record_parse(const char *line, size_t len, size_t nmembers, const struct tn_rules *rules,
		 struct tn_record *r, struct tn_err *e);

/*
 * Sets the times and the hall of m from typed text; NULL leaves one unset. Times are HH:MM,
 * 00:00 to 23:59; the hall is cleaned (text_clean), 1 to TN_MAX_VENUE bytes and not "-".
 * Refused (TN_EDATA) with a message naming which.
 */
int record_meeting_set(struct tn_meeting *m, const char *started, const char *ended,
		       const char *hall, struct tn_err *e);

/* Appends the canonical line (no newline). */
void record_format(const struct tn_record *r, struct tn_buf *out);

/* Applies the rules to a typed ballot: sets valid and reason. */
void record_judge_ballot(struct tn_ballot *b, const struct tn_rules *rules);

/* The reading of a ballot as the operator typed it: "12301...", "x", "x3", or "?" when held. */
#define TN_READING_LEN (TN_MAX_MEMBERS + 8)
void record_reading(const struct tn_ballot *b, char out[TN_READING_LEN]);
/* The reading of a ballot record's line, its fourth field, without parsing the rest; -1 when
 * the line has no such field. */
int record_line_reading(const char *line, size_t len, char out[TN_READING_LEN]);

#endif
