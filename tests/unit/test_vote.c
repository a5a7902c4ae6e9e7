/*
 * The vote's domain operations, without any command: meeting facts, a batch, a void, the
 * seal and its refusals, each in its own transaction (vote_write).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "tinnhiem/bundle.h"
#include "tinnhiem/chain.h"
#include "tinnhiem/entry.h"
#include "tinnhiem/vote.h"

static const char ini[] = "[vote]\ntitle = T\nparent_body = P\nissuing_body = I\n"
			  "place = X\ndate = 2023-06-28\ndouble_entry = %s\n"
			  "[meeting]\nconvened = 4\n"
			  "[counting_board]\nmember = A | Trưởng ban\n"
			  "[member]\nname = M1\nposition = P1\n"
			  "[member]\nname = M2\nposition = P2\n";

static char dir[64], path[128];

static void create(const char *double_entry)
{
	struct tn_definition d;
	struct tn_buf canon = {0};
	char text[1024];
	struct tn_err e;
	FILE *f;

	snprintf(text, sizeof text, ini, double_entry);
	f = fmemopen(text, strlen(text), "r");
	assert_int_equal(definition_parse_ini(f, "t.ini", &d, &e), 0);
	fclose(f);
	definition_canonical(&d, &canon);
	unlink(path);
	assert_int_equal(store_create(path, canon.data, canon.len, d.hash, &e), 0);
	buf_free(&canon);
	definition_free(&d);
}

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/tn-vote-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/v.db", dir);
	return 0;
}

static int teardown(void **state)
{
	char cmd[200];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

static int batch(struct tn_vote *v, int pass, const char *text, struct tn_err *e)
{
	struct tn_batch b = {NULL, "batch", pass, 0, NULL, NULL, NULL, true};
	int rc;

	b.f = fmemopen((void *)text, strlen(text), "r");
	rc = entry_add_batch(v, &b, e);
	fclose(b.f);
	return rc;
}

static void facts(struct tn_vote *v, long long present, long long issued, long long collected)
{
	struct tn_meeting u = {.fact = {TN_UNSET, present, issued, collected}}, merged;
	struct tn_err e;

	assert_int_equal(vote_record_meeting(v, &u, &merged, &e), 0);
	assert_int_equal(merged.fact[TN_CONVENED], 4);
}

static void test_seal_without_a_command(void **state)
{
	struct tn_vote v;
	struct tn_seal seal;
	struct tn_replay r;
	struct tn_err e;

	(void)state;
	create("no");
	assert_int_equal(vote_open(path, true, &v, &e), 0);
	facts(&v, 4, 4, 3);
	assert_int_equal(batch(&v, 1, "12\n33\n31\n13\n", &e), 0);
	assert_int_equal(entry_void(&v, 1, (uint64_t[]){2}, 1, "nhập nhầm", &e), 0);
	assert_int_equal(vote_seal(&v, NULL, 0, &seal, &e), 0);
	assert_false(seal.is_signed);
	/* what the seal holds is what a replay finds, and nothing more can be added */
	assert_int_equal(vote_replay(&v, &r, &e), 0);
	assert_true(r.sealed);
	assert_memory_equal(r.seal.tally_hash, seal.tally_hash, TN_HASH_LEN);
	assert_int_equal(r.tally.entered, 3);
	assert_int_equal(r.tally.voided, 1);
	replay_free(&r);
	assert_int_equal(vote_seal(&v, NULL, 0, &seal, &e), TN_EDATA);
	assert_non_null(strstr(e.msg, "the vote is closed"));
	assert_int_equal(batch(&v, 1, "12\n", &e), TN_EDATA);
	assert_int_equal(entry_void(&v, 1, (uint64_t[]){1}, 1, "x", &e), TN_EDATA);
	vote_close(&v);
}

/* A void's reason: 1 to 500 bytes of text, after cleaning. */
static void test_void_reason(void **state)
{
	struct tn_vote v;
	struct tn_err e;
	char reason[502];

	(void)state;
	create("no");
	assert_int_equal(vote_open(path, true, &v, &e), 0);
	assert_int_equal(batch(&v, 1, "12\n33\n", &e), 0);
	memset(reason, 'a', 501);
	reason[501] = '\0';
	assert_int_equal(entry_void(&v, 1, (uint64_t[]){1}, 1, reason, &e), TN_EDATA);
	assert_string_equal(e.msg, "the reason must be 1 to 500 bytes of text");
	assert_int_equal(entry_void(&v, 1, (uint64_t[]){1}, 1, "", &e), TN_EDATA);
	assert_string_equal(e.msg, "the reason must be 1 to 500 bytes of text");
	assert_int_equal(entry_void(&v, 1, (uint64_t[]){1}, 1, "   ", &e), TN_EDATA);
	assert_string_equal(e.msg, "the reason must be 1 to 500 bytes of text");
	reason[500] = '\0';
	assert_int_equal(entry_void(&v, 1, (uint64_t[]){1}, 1, reason, &e), 0);
	/* the same ballot again, and one that is not there */
	assert_int_equal(entry_void(&v, 1, (uint64_t[]){1}, 1, "x", &e), TN_EDATA);
	assert_string_equal(e.msg, "paper 1 of pass 1 is already void");
	assert_int_equal(entry_void(&v, 1, (uint64_t[]){3}, 1, "x", &e), TN_EDATA);
	assert_string_equal(e.msg, "there is no paper 3 in pass 1");
	vote_close(&v);
}

/* Each refusal leaves the vote as it was: nothing appended. */
static void test_refusals_change_nothing(void **state)
{
	struct tn_vote v;
	struct tn_seal seal;
	struct tn_meeting u = {.fact = {TN_UNSET, 5, TN_UNSET, TN_UNSET}}, merged;
	uint8_t before[TN_HASH_LEN], after[TN_HASH_LEN];
	int64_t n0, n1;
	struct tn_err e;

	(void)state;
	create("no");
	assert_int_equal(vote_open(path, true, &v, &e), 0);
	assert_int_equal(store_head(v.store, before, &n0, &e), 0);
	assert_int_equal(vote_record_meeting(&v, &u, &merged, &e), TN_EDATA);
	assert_non_null(strstr(e.msg, "present (5) exceeds convened (4)"));
	assert_int_equal(vote_seal(&v, NULL, 0, &seal, &e), TN_EDATA);
	assert_non_null(strstr(e.msg, "not closed: the number of members present is not recorded"));
	assert_int_equal(batch(&v, 1, "12\n1\n", &e), TN_EDATA); /* the second line is bad */
	assert_non_null(strstr(e.msg, "batch:2: 1 marks, expected 2"));
	assert_int_equal(batch(&v, 1, "12\nx 3\n", &e), TN_EDATA); /* QĐ 262's ground */
	assert_non_null(strstr(e.msg, "batch:2: x 3"));
	assert_int_equal(entry_void(&v, 1, (uint64_t[]){1}, 1, "x", &e), TN_EDATA);
	assert_non_null(strstr(e.msg, "there is no paper 1 in pass 1"));
	/* no double entry, no pass 2: whichever way a ballot comes in */
	assert_int_equal(batch(&v, 2, "12\n", &e), TN_EDATA);
	assert_non_null(strstr(e.msg, "the vote has no pass 2"));
	assert_int_equal(
	    entry_add(&v, 2, &(struct tn_ballot){.nmarks = 2, .marks = "12"}, true, NULL, &e),
	    TN_EDATA);
	assert_non_null(strstr(e.msg, "the vote has no pass 2"));
	assert_int_equal(entry_void(&v, 2, (uint64_t[]){1}, 1, "x", &e), TN_EDATA);
	assert_non_null(strstr(e.msg, "the vote has no pass 2"));
	assert_int_equal(store_head(v.store, after, &n1, &e), 0);
	assert_int_equal(n1, n0);
	assert_memory_equal(after, before, TN_HASH_LEN);
	/* the twin: the same facts within bounds are recorded */
	facts(&v, 4, 4, 2);
	vote_close(&v);
}

static void test_seal_double_entry(void **state)
{
	struct tn_vote v;
	struct tn_seal seal;
	struct tn_err e;

	(void)state;
	create("yes");
	assert_int_equal(vote_open(path, true, &v, &e), 0);
	facts(&v, 4, 4, 2);
	assert_int_equal(batch(&v, 1, "12\n33\n", &e), 0);
	assert_int_equal(batch(&v, 2, "12\n", &e), 0);
	assert_int_equal(vote_seal(&v, NULL, 0, &seal, &e), TN_EDATA);
	assert_non_null(strstr(e.msg, "double entry: 1 difference"));
	assert_int_equal(batch(&v, 2, "32\n", &e), 0);
	assert_int_equal(vote_seal(&v, NULL, 0, &seal, &e), TN_EDATA);
	/* a correction: the wrong pass-2 ballot voided and the paper typed again */
	assert_int_equal(entry_void(&v, 2, (uint64_t[]){2}, 1, "gõ nhầm", &e), 0);
	assert_int_equal(batch(&v, 2, "33\n", &e), 0);
	assert_int_equal(vote_seal(&v, NULL, 0, &seal, &e), 0);
	vote_close(&v);
}

static void unchanged(struct tn_vote *v, int64_t count)
{
	uint8_t head[TN_HASH_LEN];
	int64_t n;
	struct tn_err e;

	assert_int_equal(store_head(v->store, head, &n, &e), 0);
	assert_int_equal(n, count);
}

/*
 * Papers: a correction takes the number of the paper it corrects, in either pass; pass 2 is
 * paired by paper, whatever the order; each refusal records nothing.
 */
static void test_papers(void **state)
{
	struct tn_vote v;
	struct tn_seal seal;
	struct tn_ballot b;
	struct tn_check check;
	uint64_t next;
	enum tn_line kind;
	struct tn_err e;

	(void)state;
	create("yes");
	assert_int_equal(vote_open(path, true, &v, &e), 0);
	facts(&v, 4, 4, 3);
	assert_int_equal(batch(&v, 1, "12\n33\n31\n", &e), 0);
	/* pass 1, paper 2 typed wrongly: voided, then typed again with its number */
	assert_int_equal(entry_void(&v, 1, (uint64_t[]){2}, 1, "gõ nhầm", &e), 0);
	assert_int_equal(batch(&v, 1, "2: 32\n", &e), 0);
	unchanged(&v, 6);
	/* refused: a paper that already has a live ballot, a paper that does not exist */
	assert_int_equal(batch(&v, 1, "2: 33\n", &e), TN_EDATA);
	assert_non_null(strstr(e.msg, "batch:1: paper 2 already has a ballot in pass 1"));
	assert_int_equal(batch(&v, 1, "4: 33\n", &e), TN_EDATA);
	assert_non_null(strstr(e.msg, "batch:1: there is no paper 4 in pass 1 to enter again"));
	assert_int_equal(entry_void(&v, 1, (uint64_t[]){3, 3}, 2, "x", &e), TN_EDATA);
	assert_non_null(strstr(e.msg, "paper 3 of pass 1 is already void"));
	assert_int_equal(entry_void(&v, 1, (uint64_t[]){1, 9}, 2, "x", &e), TN_EDATA);
	assert_non_null(strstr(e.msg, "there is no paper 9 in pass 1"));
	unchanged(&v, 6);
	/* pass 2 in another order: paper 3 first, then 1 and 2 */
	assert_int_equal(entry_next_paper(&v, 2, 0, &next, &e), 0);
	assert_int_equal(next, 1);
	assert_int_equal(batch(&v, 2, "3: 31\n1: 12\n", &e), 0);
	assert_int_equal(entry_next_paper(&v, 2, 0, &next, &e), 0);
	assert_int_equal(next, 2);
	assert_int_equal(entry_parse_line("33", 2, 2, true, &kind, &b, &e), 0);
	b.paper = next;
	assert_int_equal(entry_add(&v, 2, &b, false, &check, &e), 0);
	assert_true(check.found);
	assert_true(check.differs); /* pass 1 reads paper 2 as 32 */
	assert_string_equal(check.first.marks, "32");
	assert_int_equal(vote_seal(&v, NULL, 0, &seal, &e), TN_EDATA);
	assert_non_null(strstr(e.msg, "double entry: 1 difference"));
	/* all three collected are entered in pass 2: a fourth is refused unless over_collected */
	assert_int_equal(entry_void(&v, 2, (uint64_t[]){2}, 1, "gõ nhầm", &e), 0);
	assert_int_equal(entry_parse_line("2: 32", 5, 2, true, &kind, &b, &e), 0);
	assert_int_equal(b.paper, 2);
	assert_int_equal(entry_add(&v, 2, &b, false, &check, &e), 0);
	assert_false(check.differs);
	assert_int_equal(entry_next_paper(&v, 2, 0, &next, &e), 0);
	/* past the papers of pass 1: the number its next new paper will get */
	assert_int_equal(next, 4);
	b.paper = 0;
	assert_int_equal(entry_add(&v, 2, &b, false, &check, &e), TN_EDATA);
	assert_non_null(strstr(e.msg, "pass 2 already holds the 3 ballots collected"));
	unchanged(&v, 11);
	assert_int_equal(vote_seal(&v, NULL, 0, &seal, &e), 0);
	vote_close(&v);
}

/*
 * A paper voided and typed again is one ballot more, as a new paper is: within the ballots
 * collected it is taken as it comes, past them only when confirmed.
 */
static void test_again_beyond_collected(void **state)
{
	struct tn_vote v;
	struct tn_ballot b;
	enum tn_line kind;
	struct tn_err e;

	(void)state;
	create("no");
	assert_int_equal(vote_open(path, true, &v, &e), 0);
	facts(&v, 4, 4, 2);
	assert_int_equal(batch(&v, 1, "12\n33\n", &e), 0);
	assert_int_equal(entry_void(&v, 1, (uint64_t[]){1}, 1, "nhập nhầm", &e), 0);
	assert_int_equal(entry_parse_line("1: 12", 5, 2, true, &kind, &b, &e), 0);
	assert_int_equal(entry_add(&v, 1, &b, false, NULL, &e), 0);
	/* a third paper, confirmed; voided; typed again: beyond the two collected once more */
	assert_int_equal(entry_parse_line("31", 2, 2, true, &kind, &b, &e), 0);
	assert_int_equal(entry_add(&v, 1, &b, true, NULL, &e), 0);
	assert_int_equal(b.paper, 3);
	assert_int_equal(entry_void(&v, 1, (uint64_t[]){3}, 1, "u", &e), 0);
	assert_int_equal(entry_parse_line("3: 31", 5, 2, true, &kind, &b, &e), 0);
	assert_int_equal(entry_add(&v, 1, &b, false, NULL, &e), TN_EDATA);
	assert_non_null(strstr(e.msg, "pass 1 already holds the 2 ballots collected"));
	assert_int_equal(entry_parse_line("3: 31", 5, 2, true, &kind, &b, &e), 0);
	assert_int_equal(entry_add(&v, 1, &b, true, NULL, &e), 0);
	vote_close(&v);
}

/*
 * A forger with the source and the file: appends a record straight into the vote file, with
 * its chain head recomputed and the index columns given (pass and serial 0 for none), past
 * every check the program makes on the way in (a ballot's paper column is its serial, as its
 * line names no paper). The database's own guards still apply.
 */
#define ZEROS(n)  ZEROS_##n
#define ZEROS_16  "0000000000000000"
#define ZEROS_64  ZEROS_16 ZEROS_16 ZEROS_16 ZEROS_16
#define ZEROS_128 ZEROS_64 ZEROS_64

/* Set, the forger writes past the table's CHECKs too (a kind column that names no kind). */
static bool unchecked;

static int forge_append(const char *kind, int pass, long long serial, const char *line)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	uint8_t head[TN_HASH_LEN];
	long long seq = 0;
	int rc;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (unchecked)
		assert_int_equal(
		    sqlite3_exec(db, "PRAGMA ignore_check_constraints = ON", NULL, NULL, NULL),
		    SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT seq, head FROM records ORDER BY seq DESC "
					    "LIMIT 1",
					    -1, &st, NULL),
			 SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0);
		memcpy(head, sqlite3_column_blob(st, 1), TN_HASH_LEN);
	} else {
		sqlite3_finalize(st);
		assert_int_equal(
		    sqlite3_prepare_v2(db, "SELECT hash FROM definition", -1, &st, NULL),
		    SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		memcpy(head, sqlite3_column_blob(st, 0), TN_HASH_LEN);
	}
	sqlite3_finalize(st);
	chain_extend(head, line, strlen(line), head);
	assert_int_equal(sqlite3_prepare_v2(db,
					    "INSERT INTO records(seq, kind, pass, serial, body, "
					    "head, paper) VALUES (?, ?, ?, ?, ?, ?, ?)",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_int64(st, 1, seq + 1);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	if (pass)
		sqlite3_bind_int(st, 3, pass);
	if (serial)
		sqlite3_bind_int64(st, 4, serial);
	if (strncmp(line, "ballot\t", 7) == 0) /* lines here name no paper: it is the serial */
		sqlite3_bind_int64(st, 7, serial);
	sqlite3_bind_text(st, 5, line, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 6, head, TN_HASH_LEN, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The replay of the vote file: refused with exactly this message, or, for NULL, taken. */
static void replays(const char *message, uint64_t entered)
{
	struct tn_vote v;
	struct tn_replay r;
	struct tn_err e;
	int rc;

	assert_int_equal(vote_open(path, false, &v, &e), 0);
	rc = vote_replay(&v, &r, &e);
	if (message == NULL && rc != 0)
		fail_msg("refused: %s", e.msg);
	if (message != NULL && (rc >= 0 || rc != TN_EVERIFY || strcmp(e.msg, message) != 0))
		fail_msg("rc %d \"%s\", wanted \"%s\"", rc, e.msg, message);
	if (message == NULL)
		assert_int_equal(r.tally.entered, entered);
	replay_free(&r);
	vote_close(&v);
}

/* A vote file that does not verify is not exported: nothing is written. */
static void exports_nothing(const char *why)
{
	struct tn_vote v;
	struct tn_err e;
	char want[512];
	FILE *f = tmpfile();

	assert_non_null(f);
	assert_int_equal(vote_open(path, false, &v, &e), 0);
	assert_int_equal(bundle_export(&v, f, &e), TN_EVERIFY);
	snprintf(want, sizeof want, "%s does not verify; not exporting: %s", path, why);
	assert_string_equal(e.msg, want);
	/* export writes as it replays; what it wrote is thrown away by the caller (atomic_write:
	 * tests/e2e/safety.sh shows no bundle appears) */
	vote_close(&v);
	fclose(f);
}

/* One typed ballot, 12, in a new vote file. */
static void one_ballot_in(const char *double_entry)
{
	struct tn_vote v;
	struct tn_err e;

	create(double_entry);
	assert_int_equal(vote_open(path, true, &v, &e), 0);
	assert_int_equal(batch(&v, 1, "12\n", &e), 0);
	vote_close(&v);
}

static void one_ballot(void)
{
	one_ballot_in("no");
}

/* A vote of one ballot, sealed without a key: records meeting, ballot, seal. */
static void sealed_vote(void)
{
	struct tn_vote v;
	struct tn_seal seal;
	struct tn_err e;

	create("no");
	assert_int_equal(vote_open(path, true, &v, &e), 0);
	facts(&v, 4, 1, 1);
	assert_int_equal(batch(&v, 1, "12\n", &e), 0);
	assert_int_equal(vote_seal(&v, NULL, 0, &seal, &e), 0);
	vote_close(&v);
}

#define SIGNATURE "signature\t1\t" ZEROS(16) "\t" ZEROS(64) "\t" ZEROS(128)

/*
 * Records forged into the vote file with their hashes right: each check of the replay that
 * the database does not make itself refuses them alone, by its own message.
 */
static void test_forged_records(void **state)
{
	(void)state;
	/* the twin: the next ballot, forged as the program would write it, is taken */
	one_ballot();
	assert_int_equal(forge_append("ballot", 1, 2, "ballot\t1\t2\t33\tvalid"), SQLITE_OK);
	replays(NULL, 2);
	/* a serial skipped */
	one_ballot();
	assert_int_equal(forge_append("ballot", 1, 3, "ballot\t1\t3\t33\tvalid"), SQLITE_OK);
	replays("record 2: ballot 1/3 out of sequence (expected serial 2)", 0);
	exports_nothing("record 2: ballot 1/3 out of sequence (expected serial 2)");
	/* a void of a ballot not entered yet */
	one_ballot();
	assert_int_equal(forge_append("void", 1, 2, "void\t1\t2\tx"), SQLITE_OK);
	replays("record 2: void of ballot 1/2, which does not exist yet", 0);
	/* the columns the program looks ballots up by, not those of the text */
	one_ballot();
	assert_int_equal(forge_append("ballot", 1, 5, "ballot\t1\t2\t33\tvalid"), SQLITE_OK);
	replays("record 2: its index columns do not match its text", 0);
	one_ballot();
	assert_int_equal(forge_append("ballot", 2, 2, "ballot\t1\t2\t33\tvalid"), SQLITE_OK);
	replays("record 2: its index columns do not match its text", 0);
	one_ballot();
	assert_int_equal(forge_append("void", 1, 2, "ballot\t1\t2\t33\tvalid"), SQLITE_OK);
	replays("record 2: its index columns do not match its text", 0);
	/* a kind column that names no kind, of a name's length */
	unchecked = true;
	one_ballot();
	assert_int_equal(forge_append("ballox", 1, 2, "ballot\t1\t2\t33\tvalid"), SQLITE_OK);
	replays("record 2: its index columns do not match its text", 0);
	one_ballot();
	assert_int_equal(forge_append("veal", 0, 0, "seal\t" ZEROS(64) "\t-\t-\t-"), SQLITE_OK);
	replays("record 2: its index columns do not match its text", 0);
	unchecked = false;
	/* its twin: the seal under its own kind is refused for what it holds, not its columns */
	one_ballot();
	assert_int_equal(forge_append("seal", 0, 0, "seal\t" ZEROS(64) "\t-\t-\t-"), SQLITE_OK);
	replays("seal: the tally hash does not match the tally of the records", 0);
	/* a signature's serial column is its member: a forged signature passes the columns
	 * check and is refused for its key; under another member's number, for its columns */
	sealed_vote();
	assert_int_equal(forge_append("signature", 0, 1, SIGNATURE), SQLITE_OK);
	replays("record 4: signature of board member 1: the key id does not match its key", 0);
	sealed_vote();
	assert_int_equal(forge_append("signature", 0, 2, SIGNATURE), SQLITE_OK);
	replays("record 4: its index columns do not match its text", 0);
	/* a verdict the rules do not give */
	one_ballot();
	assert_int_equal(forge_append("ballot", 1, 2, "ballot\t1\t2\t30\tvalid"), SQLITE_OK);
	replays("record 2: ballot 1/2: verdict \"valid\" is not what the rules give", 0);
}

/*
 * What the database refuses by itself (unique indexes, triggers), even to a forger whose
 * hashes are right: a second ballot or void of the same pass and serial, any record after
 * the seal. The replay would refuse them too; the file never holds them.
 */
static void test_database_guards(void **state)
{
	(void)state;
	/* a vote without double entry has no pass 2, whoever writes it */
	one_ballot();
	assert_int_equal(forge_append("ballot", 2, 1, "ballot\t2\t1\t33\tvalid"), SQLITE_OK);
	replays("record 2: pass 2, but the definition does not ask for double entry", 0);
	one_ballot_in("yes");
	assert_int_equal(forge_append("ballot", 1, 1, "ballot\t1\t1\t33\tvalid"),
			 SQLITE_CONSTRAINT);
	assert_int_equal(forge_append("void", 1, 1, "void\t1\t1\tx"), SQLITE_OK);
	assert_int_equal(forge_append("void", 1, 1, "void\t1\t1\ty"), SQLITE_CONSTRAINT);
	/* the twins: the same serial in the other pass, the next serial */
	assert_int_equal(forge_append("ballot", 2, 1, "ballot\t2\t1\t33\tvalid"), SQLITE_OK);
	assert_int_equal(forge_append("ballot", 1, 2, "ballot\t1\t2\t33\tvalid"), SQLITE_OK);
	replays(NULL, 1);
	assert_int_equal(forge_append("seal", 0, 0, "seal\t00\t-\t-\t-"), SQLITE_OK);
	assert_int_equal(forge_append("ballot", 1, 3, "ballot\t1\t3\t33\tvalid"),
			 SQLITE_CONSTRAINT);
}

/* Pass 2 expects the papers pass 1 holds: a paper voided in pass 1 and not typed again is
 * skipped, and past the last paper of pass 1 comes the next it would number. */
static void test_next_paper(void **state)
{
	struct tn_vote v;
	uint64_t next;
	struct tn_err e;

	(void)state;
	create("yes");
	assert_int_equal(vote_open(path, true, &v, &e), 0);
	facts(&v, 4, 4, 3);
	assert_int_equal(batch(&v, 1, "12\n33\n31\n", &e), 0);
	assert_int_equal(entry_void(&v, 1, (uint64_t[]){2}, 1, "tệp nhập thừa", &e), 0);
	assert_int_equal(entry_next_paper(&v, 2, 0, &next, &e), 0);
	assert_int_equal(next, 1);
	assert_int_equal(entry_next_paper(&v, 2, 1, &next, &e), 0);
	assert_int_equal(next, 3);
	assert_int_equal(batch(&v, 2, "12\n31\n", &e), 0); /* papers 1 and 3 */
	assert_int_equal(entry_next_paper(&v, 2, 0, &next, &e), 0);
	assert_int_equal(next, 4);
	assert_int_equal(entry_next_paper(&v, 1, 0, &next, &e), 0);
	assert_int_equal(next, 4);
	vote_close(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_seal_without_a_command),
	    cmocka_unit_test(test_refusals_change_nothing),
	    cmocka_unit_test(test_void_reason),
	    cmocka_unit_test(test_seal_double_entry),
	    cmocka_unit_test(test_papers),
	    cmocka_unit_test(test_next_paper),
	    cmocka_unit_test(test_again_beyond_collected),
	    cmocka_unit_test(test_forged_records),
	    cmocka_unit_test(test_database_guards),
	};

	if (chain_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
