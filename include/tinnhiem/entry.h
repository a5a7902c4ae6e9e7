/* Entering paper ballots: the line grammar, recording, voids, and double entry. */
#ifndef TINNHIEM_ENTRY_H
#define TINNHIEM_ENTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tinnhiem/record.h"
#include "tinnhiem/vote.h"

enum tn_line { TN_LINE_NOTHING, TN_LINE_BALLOT, TN_LINE_UNDO, TN_LINE_HELP };

/*
 * Reads one typed line (without its newline) for a ballot of nmembers rows:
 *   "1 2 3 0 ..."  one mark per member, spaces optional
 *   "x" or "x N"   the whole ballot invalid, reason N (1..4)
 *   "!"            held: set aside as doubtful, for the board to decide (entry_decide)
 *   "17: ..."      any of those, for the paper numbered 17 (b->paper; 0 when not given)
 *   "# ...", ""    nothing
 *   "u", "?"       undo and help, only when interactive
 * On success *kind says which; a ballot's marks go to b (pass and serial left unset).
 */
int entry_parse_line(const char *line, size_t len, size_t nmembers, bool interactive,
		     enum tn_line *kind, struct tn_ballot *b, struct tn_err *e);

/* The pass-1 ballot of the same paper that a pass-2 ballot is checked against. */
struct tn_check {
	bool found; /* false: pass 1 has no live ballot for this paper (yet) */
	bool differs;
	struct tn_ballot first;
};

/*
 * Records one ballot in its own transaction, acknowledged when this returns 0: gives it the
 * next serial of its pass, applies the rules, appends it. Its paper (b->paper):
 *   pass 1: 0 for a new paper, numbered with the serial; or a paper whose ballot is void,
 *           which this one replaces (a correction);
 *   pass 2: the paper read, which must have no live pass-2 ballot; 0 for entry_next_paper.
 * Unless over_collected, a new ballot is refused when the pass already holds as many as were
 * collected. For pass 2, check (may be NULL) says how it compares with pass 1.
 */
int entry_add(struct tn_vote *v, int pass, struct tn_ballot *b, bool over_collected,
	      struct tn_check *check, struct tn_err *e);

/* Pass 2 exists only in a vote whose definition asks for double entry. */
int entry_check_pass(const struct tn_vote *v, int pass, struct tn_err *e);

/*
 * The paper the next ballot of a pass is for. Pass 1: a new paper, the next serial. Pass 2:
 * the first paper after `after` that pass 1 holds and pass 2 does not, or, past the papers
 * of pass 1, the first that pass 2 does not hold.
 */
int entry_next_paper(struct tn_vote *v, int pass, uint64_t after, uint64_t *paper,
		     struct tn_err *e);

#define TN_MAX_LINE 4096 /* bytes of one typed ballot: 255 marks with spaces fit easily */

/* A batch of typed lines: all of them in one transaction, or none. */
struct tn_batch {
	FILE *f;
	const char *name; /* for messages: "FILE:LINE: ..." */
	int pass;
	uint64_t size; /* bytes, for progress; 0 when not known */
	const struct tn_progress *progress;
	/* called after each ballot is appended (check: for pass 2, else NULL) */
	void (*added)(void *arg, const struct tn_ballot *b, const struct tn_check *check);
	void *arg;
	bool over_collected; /* record it even when the pass then holds more than collected */
};

/*
 * Refused, nothing recorded: a line that is not a ballot, a ground the rules do not list, a
 * "# vote: HASH-PREFIX" line naming another vote, or, when ballots collected is known, a pass
 * that would hold more ballots than were collected (unless over_collected).
 */
int entry_add_batch(struct tn_vote *v, const struct tn_batch *batch, struct tn_err *e);

/*
 * A "# vote: HASH-PREFIX" line ties a batch file to its vote: 0 when line is no such line or
 * names this vote, TN_EDATA when it names another or is malformed.
 */
int entry_check_vote_line(const struct tn_vote *v, const char *line, size_t len, struct tn_err *e);

/*
 * Voids the live ballots of papers of a pass in one transaction: all or none; refuses papers
 * the pass does not have, papers already void, a paper given twice among them.
 */
int entry_void(struct tn_vote *v, int pass, const uint64_t *papers, size_t n, const char *reason,
	       struct tn_err *e);

/*
 * u at the prompt: voids the ballot of paper that this session entered, serial, with a reason
 * already clean; refused when the paper's live ballot is another (voided and entered again
 * elsewhere since) or none.
 */
int entry_undo(struct tn_vote *v, int pass, uint64_t paper, uint64_t serial, const char *reason,
	       struct tn_err *e);

/*
 * The board's decision on held paper PAPER of pass 1: its reading (a typed line: marks, or x
 * and a ground) and why, in one transaction. Refused (TN_EDATA): a paper without a live
 * ballot, one not held or decided already, a reading that is not one or a ground the rules
 * do not list, a reason that is not 1 to 500 bytes of text. b gets the reading as judged.
 */
int entry_decide(struct tn_vote *v, uint64_t paper, const char *reading, const char *reason,
		 struct tn_ballot *b, struct tn_err *e);

/*
 * "17", "32-41", "17,32-41,45": the papers in the order written (TN_EUSAGE when malformed or
 * when a paper is named twice).
 */
#define TN_MAX_PAPERS 100000
int entry_parse_papers(const char *text, uint64_t **papers, size_t *n, struct tn_err *e);

/* Where entry of a pass stands, for the prompt. */
struct tn_progress_state {
	uint64_t entered;    /* ballots of the pass that are not void */
	long long collected; /* ballots collected, or TN_UNSET */
};

int entry_progress(struct tn_vote *v, int pass, struct tn_progress_state *p, struct tn_err *e);

/*
 * What the prompt shows, read at once: the progress, and, when *paper is 0, the paper the
 * next ballot is for (entry_next_paper from the start).
 */
int entry_prompt(struct tn_vote *v, int pass, struct tn_progress_state *p, uint64_t *paper,
		 struct tn_err *e);

/*
 * Whether a ballot numbered by the operator may be entered for this paper in this pass: 0, or
 * TN_EDATA with the reason entry_add would give (in pass 1 no such paper, or a paper that has a
 * ballot not void).
 */
int entry_check_paper(struct tn_vote *v, int pass, uint64_t paper, struct tn_err *e);

/*
 * The papers of a pass whose ballot was voided and not typed again (store_waiting): the first
 * max in papers, how many in *n.
 */
int entry_waiting(struct tn_vote *v, int pass, uint64_t *papers, size_t max, size_t *n,
		  struct tn_err *e);

/*
 * Compares the live ballots of both passes paper by paper (replay_differences), after
 * verifying the records; *count is the number of differences.
 */
int entry_reconcile(struct tn_vote *v, replay_diff_fn fn, void *arg, uint64_t *count,
		    struct tn_err *e);

#endif
