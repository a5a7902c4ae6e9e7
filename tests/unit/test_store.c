/* The vote file: migrations, identity checks, and triggers that refuse any rewrite. */
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

#include "tinnhiem/chain.h"
#include "tinnhiem/entry.h"
#include "tinnhiem/vote.h"

static const char definition_ini[] = "[vote]\ntitle = T\nparent_body = P\nissuing_body = I\n"
				     "place = X\ndate = 2023-06-28\n"
				     "[counting_board]\nmember = A | Trưởng ban\n"
				     "[member]\nname = M1\nposition = P1\n"
				     "[member]\nname = M2\nposition = P2\n";

static char dir[64];
static char path[128];
static char shm[64]; /* a directory in memory a test made, removed with dir */

static int setup(void **state)
{
	struct tn_definition d;
	struct tn_buf canon = {0};
	struct tn_err e;
	FILE *f = fmemopen((void *)definition_ini, strlen(definition_ini), "r");

	(void)state;
	strcpy(dir, "/tmp/tn-store-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/v.db", dir);
	assert_int_equal(definition_parse_ini(f, "t.ini", &d, &e), 0);
	fclose(f);
	definition_canonical(&d, &canon);
	assert_int_equal(store_create(path, canon.data, canon.len, d.hash, &e), 0);
	buf_free(&canon);
	definition_free(&d);
	return 0;
}

static int teardown(void **state)
{
	char cmd[200];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf %s %s", dir, shm);
	shm[0] = '\0';
	return system(cmd);
}

static void add_ballots(const char *lines[], size_t n)
{
	struct tn_vote v;
	struct tn_err e;

	struct tn_buf text = {0};
	struct tn_batch batch = {NULL, "test", 1, 0, NULL, NULL, NULL, false};

	for (size_t i = 0; i < n; i++)
		buf_printf(&text, "%s\n", lines[i]);
	batch.f = fmemopen(text.data, text.len, "r");
	assert_non_null(batch.f);
	assert_int_equal(vote_open(path, true, &v, &e), 0);
	assert_int_equal(entry_add_batch(&v, &batch, &e), 0);
	vote_close(&v);
	fclose(batch.f);
	buf_free(&text);
}

static int raw_sql(const char *sql)
{
	sqlite3 *db;
	int rc;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

static void test_migrations(void **state)
{
	struct tn_store *s;
	struct tn_err e;
	int version;

	(void)state;
	/* an empty file got every migration */
	assert_int_equal(store_open(path, true, &s, &e), 0);
	assert_int_equal(store_schema_version(s, &version, &e), 0);
	assert_int_equal(version, store_latest_version);
	store_close(s);
	/* an up-to-date file opens unchanged */
	assert_int_equal(store_open(path, true, &s, &e), 0);
	assert_int_equal(store_schema_version(s, &version, &e), 0);
	assert_int_equal(version, store_latest_version);
	store_close(s);
}

static void test_refuses_rewrites(void **state)
{
	static const char *const attacks[] = {
	    "UPDATE records SET body = 'ballot\t1\t1\t33\tvalid' WHERE seq = 1",
	    "UPDATE records SET head = zeroblob(32)",
	    "DELETE FROM records WHERE seq = 2",
	    "DELETE FROM records",
	    "UPDATE definition SET canonical = 'x'",
	    "DELETE FROM definition",
	    "INSERT INTO definition(id, canonical, hash) VALUES (2, 'x', zeroblob(32))",
	    "INSERT INTO records(seq, kind, body, head) VALUES (9, 'ballot', 'x', zeroblob(32))",
	    "INSERT INTO records(seq, kind, body, head) VALUES (1, 'ballot', 'x', zeroblob(32))",
	    "INSERT INTO records(seq, kind, body, head) VALUES (3, 'party', 'x', zeroblob(32))",
	    "REPLACE INTO records(seq, kind, body, head) VALUES (1, 'ballot', 'x', zeroblob(32))",
	};
	const char *lines[] = {"12", "33"};

	(void)state;
	add_ballots(lines, 2);
	for (size_t i = 0; i < sizeof attacks / sizeof *attacks; i++)
		if (raw_sql(attacks[i]) != SQLITE_CONSTRAINT)
			fail_msg("not refused by a constraint: %s", attacks[i]);
	/* appending in order is still possible */
	assert_int_equal(raw_sql("INSERT INTO records(seq, kind, body, head) "
				 "VALUES (3, 'meeting', 'x', zeroblob(32))"),
			 SQLITE_OK);
}

static void test_sealed_refuses_appends(void **state)
{
	(void)state;
	assert_int_equal(raw_sql("INSERT INTO records(seq, kind, body, head) "
				 "VALUES (1, 'seal', 'x', zeroblob(32))"),
			 SQLITE_OK);
	assert_int_equal(raw_sql("INSERT INTO records(seq, kind, body, head) "
				 "VALUES (2, 'ballot', 'x', zeroblob(32))"),
			 SQLITE_CONSTRAINT);
}

/* Appends records of these kinds (a ballot: pass 1, paper 1) through the store in a transaction of
 * its own; its commit's status. */
static int append_kinds(const enum tn_kind kinds[], size_t n, struct tn_err *e)
{
	struct tn_store *s;
	uint8_t head[TN_HASH_LEN];
	int64_t count;
	int rc;

	assert_int_equal(store_open(path, true, &s, e), 0);
	assert_int_equal(store_begin(s, e), 0);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(store_head(s, head, &count, e), 0);
		chain_extend(head, "x", 1, head);
		bool ballot = kinds[i] == TN_REC_BALLOT;

		assert_int_equal(store_append(s, kinds[i], ballot,
					      kinds[i] == TN_REC_SIGNATURE ? i : ballot, ballot,
					      "x", 1, head, e),
				 0);
	}
	rc = store_commit(s, e);
	store_close(s);
	return rc;
}

static long long records_held(void)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long n;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM records", -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/*
 * The program appends with the triggers off (they guard the file against other programs)
 * and checks the rule of records_append at the commit, for all it appended: the whole
 * transaction is refused, and the file holds what it held.
 */
static void test_commit_checks_appends(void **state)
{
	static const enum tn_kind sealed_then_ballot[] = {TN_REC_MEETING, TN_REC_SEAL,
							  TN_REC_BALLOT};
	static const enum tn_kind signature_first[] = {TN_REC_SIGNATURE};
	static const enum tn_kind signed_before_seal[] = {TN_REC_MEETING, TN_REC_SIGNATURE};
	static const enum tn_kind sealed_then_signed[] = {TN_REC_MEETING, TN_REC_SEAL,
							  TN_REC_SIGNATURE, TN_REC_SIGNATURE};
	static const enum tn_kind seal_again[] = {TN_REC_SEAL};
	struct tn_err e;
	char want[512];

	(void)state;
	snprintf(want, sizeof want,
		 "%s: cannot append the record: refused by the vote file: records are appended "
		 "in order, and after the seal only signatures",
		 path);
	assert_int_equal(append_kinds(sealed_then_ballot, 3, &e), TN_EDATA);
	assert_string_equal(e.msg, want);
	assert_int_equal(append_kinds(signature_first, 1, &e), TN_EDATA);
	assert_string_equal(e.msg, want);
	assert_int_equal(append_kinds(signed_before_seal, 2, &e), TN_EDATA);
	assert_int_equal(records_held(), 0);
	/* the twin: signatures after the seal */
	assert_int_equal(append_kinds(sealed_then_signed, 4, &e), 0);
	assert_int_equal(records_held(), 4);
	/* and, in a later transaction, a second seal after them */
	assert_int_equal(append_kinds(seal_again, 1, &e), TN_EDATA);
	assert_string_equal(e.msg, want);
	assert_int_equal(records_held(), 4);
}

/* Appends kinds[from] to kinds[to - 1] to file through the store, in one transaction. */
static int store_appends(const char *file, const enum tn_kind *kinds, size_t from, size_t to)
{
	struct tn_store *s;
	struct tn_err e;
	uint8_t head[TN_HASH_LEN];
	int64_t count;
	int rc;

	assert_int_equal(store_open(file, true, &s, &e), 0);
	assert_int_equal(store_begin(s, &e), 0);
	for (size_t i = from; i < to; i++) {
		bool ballot = kinds[i] == TN_REC_BALLOT;
		uint64_t serial = ballot || kinds[i] == TN_REC_SIGNATURE ? i + 1 : 0;

		assert_int_equal(store_head(s, head, &count, &e), 0);
		chain_extend(head, "x", 1, head);
		assert_int_equal(
		    store_append(s, kinds[i], ballot, serial, ballot ? i + 1 : 0, "x", 1, head, &e),
		    0);
	}
	rc = store_commit(s, &e);
	store_close(s);
	return rc;
}

/* The same rows written by SQLite alone, where the trigger records_append decides. */
static int trigger_appends(const char *file, const enum tn_kind *kinds, size_t from, size_t to)
{
	static const uint8_t head[TN_HASH_LEN];
	sqlite3 *db;
	sqlite3_stmt *st;
	int rc = SQLITE_DONE;

	assert_int_equal(sqlite3_open(file, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(db,
			       "INSERT INTO records(seq, kind, pass, serial, body, head, "
			       "paper) VALUES (?, ?, ?, ?, 'x', ?, ?)",
			       -1, &st, NULL),
	    SQLITE_OK);
	for (size_t i = from; i < to && rc == SQLITE_DONE; i++) {
		bool ballot = kinds[i] == TN_REC_BALLOT;

		sqlite3_bind_int64(st, 1, (sqlite3_int64)i + 1);
		sqlite3_bind_text(st, 2, record_kind_name(kinds[i]), -1, SQLITE_STATIC);
		if (ballot)
			sqlite3_bind_int(st, 3, 1);
		if (ballot || kinds[i] == TN_REC_SIGNATURE)
			sqlite3_bind_int64(st, 4, (sqlite3_int64)i + 1);
		sqlite3_bind_blob(st, 5, head, TN_HASH_LEN, SQLITE_STATIC);
		if (ballot)
			sqlite3_bind_int64(st, 6, (sqlite3_int64)i + 1);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	sqlite3_finalize(st);
	sqlite3_exec(db, rc == SQLITE_DONE ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_DONE ? 0 : 1;
}

static void copy_file(const char *to, const char *data, size_t len)
{
	FILE *f = fopen(to, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/*
 * The rule checked at the commit is the trigger's, record for record: every sequence of up
 * to three meeting, ballot, seal and signature records, appended in one transaction or split
 * into two anywhere, is taken or refused by the store as SQLite with the trigger does.
 */
static void test_commit_rule_is_the_trigger(void **state)
{
	static const enum tn_kind alphabet[] = {TN_REC_MEETING, TN_REC_BALLOT, TN_REC_SEAL,
						TN_REC_SIGNATURE};
	char a[160], b[160], *fresh;
	size_t len, cases = 0, refused = 0;
	struct tn_err e;

	(void)state;
	assert_int_equal(read_small_file(path, 1 << 20, &fresh, &len, &e), 0);
	/* some hundreds of commits: in memory where there is a tmpfs, each sync is then free */
	if (mkdtemp(strcpy(shm, "/dev/shm/tn-rule-XXXXXX")) == NULL)
		shm[0] = '\0';
	snprintf(a, sizeof a, "%s/a.db", shm[0] ? shm : dir);
	snprintf(b, sizeof b, "%s/b.db", shm[0] ? shm : dir);
	for (size_t n = 1; n <= 3; n++)
		for (size_t code = 0; code < (size_t)1 << (2 * n); code++) {
			enum tn_kind kinds[3];

			for (size_t i = 0; i < n; i++)
				kinds[i] = alphabet[code >> (2 * i) & 3];
			for (size_t k = 0; k < n; k++) { /* 0: one transaction; else two */
				int by_store = 0, by_trigger = 0;

				copy_file(a, fresh, len);
				copy_file(b, fresh, len);
				if (k > 0) {
					by_store = store_appends(a, kinds, 0, k) != 0;
					by_trigger = trigger_appends(b, kinds, 0, k);
				}
				if (k < n && !by_store && !by_trigger) {
					by_store = 2 * (store_appends(a, kinds, k, n) != 0);
					by_trigger = 2 * trigger_appends(b, kinds, k, n);
				}
				if (by_store != by_trigger)
					fail_msg("kinds %zu of length %zu, split at %zu: store %d, "
						 "trigger %d",
						 code, n, k, by_store, by_trigger);
				cases++;
				refused += by_store != 0;
			}
		}
	free(fresh);
	/* both ways are met: taken and refused */
	assert_int_equal(cases, 4 * 1 + 16 * 2 + 64 * 3);
	assert_true(refused > 0 && refused < cases);
}

/*
 * A kind the trigger compares as text: a record whose kind was forged into a blob reading
 * "seal" is no seal to it, nor to the store's check (a ballot may follow; a signature not).
 */
static void test_commit_rule_kind_as_text(void **state)
{
	static const enum tn_kind ballot[] = {TN_REC_MEETING, TN_REC_BALLOT};
	static const enum tn_kind signature[] = {TN_REC_MEETING, TN_REC_SIGNATURE};
	char copy[160], *fresh;
	size_t len;
	sqlite3 *db;
	struct tn_err e;

	(void)state;
	assert_int_equal(store_appends(path, ballot, 0, 1), 0);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "PRAGMA ignore_check_constraints = ON; UPDATE records SET "
				      "kind = CAST('seal' AS BLOB) WHERE seq = 1",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(read_small_file(path, 1 << 20, &fresh, &len, &e), 0);
	snprintf(copy, sizeof copy, "%s/c.db", dir);
	copy_file(copy, fresh, len);
	assert_int_equal(trigger_appends(copy, signature, 1, 2), 1);
	assert_int_equal(trigger_appends(copy, ballot, 1, 2), 0);
	copy_file(copy, fresh, len);
	assert_int_equal(store_appends(copy, signature, 1, 2), TN_EDATA);
	assert_int_equal(store_appends(copy, ballot, 1, 2), 0);
	free(fresh);
}

/*
 * A second ballot of the same pass and serial is refused by the vote file itself, whatever
 * program writes it; through the store, as bad data, naming the file and the rule.
 */
static void test_unique_serials(void **state)
{
	const char *lines[] = {"12"};
	struct tn_store *s;
	struct tn_err e;
	uint8_t head[TN_HASH_LEN];
	int64_t count;
	char want[512];
	const char *line = "ballot\t1\t1\t33\tvalid";
	uint64_t last;

	(void)state;
	add_ballots(lines, 1);
	assert_int_equal(store_open(path, true, &s, &e), 0);
	assert_int_equal(store_begin(s, &e), 0);
	assert_int_equal(store_head(s, head, &count, &e), 0);
	assert_int_equal(count, 1);
	chain_extend(head, line, strlen(line), head);
	/* the record waits in memory: the file refuses it when it is written, at the commit */
	assert_int_equal(store_append(s, TN_REC_BALLOT, 1, 1, 1, line, strlen(line), head, &e), 0);
	assert_int_equal(store_commit(s, &e), TN_EDATA);
	snprintf(want, sizeof want,
		 "%s: cannot append the record: refused by the vote file: UNIQUE constraint "
		 "failed: records.pass, records.serial",
		 path);
	assert_string_equal(e.msg, want);
	/* or at the next read */
	assert_int_equal(store_begin(s, &e), 0);
	assert_int_equal(store_append(s, TN_REC_BALLOT, 1, 1, 1, line, strlen(line), head, &e), 0);
	assert_int_equal(store_last_serial(s, 1, &last, &e), TN_EDATA);
	assert_string_equal(e.msg, want);
	store_rollback(s);
	/* the twin: serial 1 of pass 2 */
	assert_int_equal(store_begin(s, &e), 0);
	line = "ballot\t2\t1\t33\tvalid";
	assert_int_equal(store_head(s, head, &count, &e), 0);
	assert_int_equal(count, 1);
	chain_extend(head, line, strlen(line), head);
	assert_int_equal(store_append(s, TN_REC_BALLOT, 2, 1, 1, line, strlen(line), head, &e), 0);
	assert_int_equal(store_commit(s, &e), 0);
	assert_int_equal(store_head(s, head, &count, &e), 0);
	assert_int_equal(count, 2);
	store_close(s);
}

/*
 * Records appended in a transaction wait in memory and are written 64 at a time: reads see
 * them, the commit writes them, a rollback forgets them, and the chain is whole.
 */
static void test_waiting_records(void **state)
{
	const char *lines[] = {"12"};
	struct tn_store *s;
	struct tn_err e;
	struct tn_buf got = {0};
	uint8_t head[TN_HASH_LEN], stored[TN_HASH_LEN];
	int64_t count;
	uint64_t last;
	bool found;
	char line[64];

	(void)state;
	add_ballots(lines, 1);
	assert_int_equal(store_open(path, true, &s, &e), 0);
	/* a rollback forgets what waits */
	assert_int_equal(store_begin(s, &e), 0);
	assert_int_equal(store_head(s, head, &count, &e), 0);
	snprintf(line, sizeof line, "ballot\t1\t2\t33\tvalid");
	chain_extend(head, line, strlen(line), head);
	assert_int_equal(store_append(s, TN_REC_BALLOT, 1, 2, 2, line, strlen(line), head, &e), 0);
	store_rollback(s);
	assert_int_equal(store_head(s, head, &count, &e), 0);
	assert_int_equal(count, 1);
	/* 130 ballots: two statements of 64 and two alone; each read sees what came before */
	assert_int_equal(store_begin(s, &e), 0);
	for (uint64_t serial = 2; serial <= 131; serial++) {
		snprintf(line, sizeof line, "ballot\t1\t%llu\t%s\tvalid",
			 (unsigned long long)serial, serial % 2 ? "12" : "21");
		chain_extend(head, line, strlen(line), head);
		assert_int_equal(
		    store_append(s, TN_REC_BALLOT, 1, serial, serial, line, strlen(line), head, &e),
		    0);
		if (serial % 50 == 0) {
			assert_int_equal(store_ballot(s, 1, serial, &got, &found, &e), 0);
			assert_true(found);
			assert_string_equal(buf_cstr(&got), line);
		}
	}
	assert_int_equal(store_commit(s, &e), 0);
	store_close(s);
	assert_int_equal(store_open(path, false, &s, &e), 0);
	assert_int_equal(store_head(s, stored, &count, &e), 0);
	assert_int_equal(count, 131);
	assert_memory_equal(stored, head, TN_HASH_LEN);
	assert_int_equal(store_last_serial(s, 1, &last, &e), 0);
	assert_int_equal(last, 131);
	assert_int_equal(store_ballot(s, 1, 131, &got, &found, &e), 0);
	assert_true(found);
	assert_string_equal(buf_cstr(&got), "ballot\t1\t131\t12\tvalid");
	buf_free(&got);
	store_close(s);
}

/* The paper a pass was last asked about is remembered, and forgotten by what changes it. */
static void test_paper_asked(void **state)
{
	const char *lines[] = {"12"};
	struct tn_store *s;
	struct tn_err e;
	struct tn_paper p;
	struct tn_buf got = {0};
	uint8_t head[TN_HASH_LEN];
	int64_t count;
	const char *ballot = "ballot\t1\t2\t21\tvalid", *annul = "void\t1\t2\tslip";

	(void)state;
	add_ballots(lines, 1);
	assert_int_equal(store_open(path, true, &s, &e), 0);
	assert_int_equal(store_begin(s, &e), 0);
	assert_int_equal(store_paper(s, 1, 2, &p, &got, &e), 0);
	assert_false(p.exists);
	assert_int_equal(store_head(s, head, &count, &e), 0);
	chain_extend(head, ballot, strlen(ballot), head);
	assert_int_equal(store_append(s, TN_REC_BALLOT, 1, 2, 2, ballot, strlen(ballot), head, &e),
			 0);
	assert_int_equal(store_paper(s, 1, 2, &p, &got, &e), 0);
	assert_true(p.exists);
	assert_int_equal(p.live, 2);
	assert_string_equal(buf_cstr(&got), ballot);
	/* pass 2 is another paper's question */
	assert_int_equal(store_paper(s, 2, 2, &p, NULL, &e), 0);
	assert_false(p.exists);
	chain_extend(head, annul, strlen(annul), head);
	assert_int_equal(store_append(s, TN_REC_VOID, 1, 2, 0, annul, strlen(annul), head, &e), 0);
	assert_int_equal(store_paper(s, 1, 2, &p, &got, &e), 0);
	assert_true(p.exists);
	assert_int_equal(p.live, 0);
	assert_int_equal(store_commit(s, &e), 0);
	assert_int_equal(store_paper(s, 1, 2, &p, NULL, &e), 0);
	assert_true(p.exists);
	assert_int_equal(p.live, 0);
	buf_free(&got);
	store_close(s);
}

static void append_line(struct tn_store *s, enum tn_kind kind, uint64_t serial, uint64_t paper,
			const char *line)
{
	struct tn_err e;
	uint8_t head[TN_HASH_LEN];
	int64_t count;

	assert_int_equal(store_head(s, head, &count, &e), 0);
	chain_extend(head, line, strlen(line), head);
	assert_int_equal(store_append(s, kind, 1, serial, paper, line, strlen(line), head, &e), 0);
}

/*
 * Papers read many at a time, in a write transaction that does not write their pass, say of
 * each paper what papers asked one by one say: at the edges of the window, for a void paper,
 * a corrected one, and one entered more often than the window holds.
 */
static void test_papers_in_window(void **state)
{
	enum { N = 600, AGAIN = 300 };
	const char *one[] = {"12"};
	struct tn_store *s;
	struct tn_err e;
	struct tn_paper want[N + 2], p;
	struct tn_buf lines[N + 2], got = {0};
	char line[64];
	uint64_t serial = N;

	(void)state;
	for (int i = 0; i < N; i++)
		add_ballots(one, 1);
	assert_int_equal(store_open(path, true, &s, &e), 0);
	assert_int_equal(store_begin(s, &e), 0);
	/* paper 256 corrected, paper 300 void, paper 5 entered AGAIN times more */
	append_line(s, TN_REC_VOID, 256, 0, "void\t1\t256\tslip");
	snprintf(line, sizeof line, "ballot\t1\t%llu\t21\tvalid\t256",
		 (unsigned long long)++serial);
	append_line(s, TN_REC_BALLOT, serial, 256, line);
	append_line(s, TN_REC_VOID, 300, 0, "void\t1\t300\tslip");
	for (int i = 0; i < AGAIN; i++) {
		snprintf(line, sizeof line, "void\t1\t%llu\tslip",
			 (unsigned long long)(i == 0 ? 5 : serial));
		append_line(s, TN_REC_VOID, i == 0 ? 5 : serial, 0, line);
		snprintf(line, sizeof line, "ballot\t1\t%llu\t%s\tvalid\t5",
			 (unsigned long long)++serial, i % 2 ? "21" : "11");
		append_line(s, TN_REC_BALLOT, serial, 5, line);
	}
	assert_int_equal(store_commit(s, &e), 0);
	/* outside a write transaction every paper is asked alone */
	for (uint64_t k = 1; k <= N + 1; k++) {
		memset(&lines[k], 0, sizeof lines[k]);
		assert_int_equal(store_paper(s, 1, k, &want[k], &lines[k], &e), 0);
	}
	assert_int_equal(want[256].live, N + 1);
	assert_true(want[300].exists);
	assert_int_equal(want[300].live, 0);
	assert_int_equal(want[5].live, serial);
	assert_false(want[N + 1].exists);
	assert_int_equal(store_begin(s, &e), 0);
	/* in order, from paper 4 (the window stops before paper 5), again from 1, then back */
	for (uint64_t k = 4; k <= N + 1; k++)
		for (int twice = 0; twice < 2; twice++) {
			assert_int_equal(store_paper(s, 1, k, &p, &got, &e), 0);
			assert_int_equal(p.exists, want[k].exists);
			assert_int_equal(p.live, want[k].live);
			if (p.live != 0)
				assert_string_equal(buf_cstr(&got), buf_cstr(&lines[k]));
		}
	for (uint64_t k = N + 1; k >= 1; k -= k > 7 ? 7 : 1) {
		assert_int_equal(store_paper(s, 1, k, &p, &got, &e), 0);
		assert_int_equal(p.exists, want[k].exists);
		assert_int_equal(p.live, want[k].live);
		if (p.live != 0)
			assert_string_equal(buf_cstr(&got), buf_cstr(&lines[k]));
	}
	/* what the transaction appends to the pass is seen at once */
	append_line(s, TN_REC_VOID, N + 1, 0, "void\t1\t601\tslip");
	assert_int_equal(store_paper(s, 1, 256, &p, NULL, &e), 0);
	assert_true(p.exists);
	assert_int_equal(p.live, 0);
	assert_int_equal(store_paper(s, 1, 255, &p, NULL, &e), 0);
	assert_int_equal(p.live, 255);
	store_rollback(s);
	for (uint64_t k = 1; k <= N + 1; k++)
		buf_free(&lines[k]);
	buf_free(&got);
	store_close(s);
}

/* The ballots of a pass in paper order: a void one and its correction, both for its paper. */
static void test_live_in_paper_order(void **state)
{
	const char *lines[] = {"12", "21", "11"};
	const char *fix = "ballot\t1\t4\t22\tvalid\t2", *annul = "void\t1\t2\tslip";
	struct tn_store *s;
	struct tn_stored got;
	struct tn_err e;
	uint8_t head[TN_HASH_LEN];
	int64_t count;
	char seen[64] = "";

	(void)state;
	add_ballots(lines, 3);
	assert_int_equal(store_open(path, true, &s, &e), 0);
	assert_int_equal(store_begin(s, &e), 0);
	assert_int_equal(store_head(s, head, &count, &e), 0);
	chain_extend(head, annul, strlen(annul), head);
	assert_int_equal(store_append(s, TN_REC_VOID, 1, 2, 0, annul, strlen(annul), head, &e), 0);
	chain_extend(head, fix, strlen(fix), head);
	assert_int_equal(store_append(s, TN_REC_BALLOT, 1, 4, 2, fix, strlen(fix), head, &e), 0);
	/* what waits is written before it is read */
	while (store_live(s, 1, &got, &e) == 1)
		snprintf(seen + strlen(seen), sizeof seen - strlen(seen), "%lld:%lld ",
			 (long long)got.col.paper, (long long)got.col.serial);
	assert_string_equal(seen, "1:1 2:2 2:4 3:3 ");
	assert_int_equal(store_live(s, 2, &got, &e), 0);
	/* stopped early, it starts again from the first paper */
	assert_int_equal(store_live(s, 1, &got, &e), 1);
	assert_int_equal(store_live(s, 1, NULL, &e), 0);
	assert_int_equal(store_live(s, 1, &got, &e), 1);
	assert_int_equal(got.col.paper, 1);
	assert_int_equal(store_live(s, 1, NULL, &e), 0);
	assert_int_equal(store_commit(s, &e), 0);
	store_close(s);
}

/* The hash that spares building the schema is the hash of the schema the migrations make. */
static void test_own_schema_hash(void **state)
{
	char *other;

	(void)state;
	if (!store_schema_known(store_own_schema()))
		fail_msg(
		    "the migrations changed: own_schema_hash in src/store.c is now b2sum -l 256 "
		    "of:\n%s",
		    store_own_schema());
	/* one byte more, and it is not the schema */
	other = xmalloc(strlen(store_own_schema()) + 2);
	strcpy(other, store_own_schema());
	strcat(other, " ");
	assert_false(store_schema_known(other));
	free(other);
}

static void test_create_refuses_existing(void **state)
{
	struct tn_err e;
	FILE *f;
	char other[160], buf[8] = {0};

	(void)state;
	assert_int_equal(
	    store_create(path, "x", 1, (const uint8_t *)"0123456789abcdef0123456789abcdef", &e),
	    TN_ECANTCREAT);
	snprintf(other, sizeof other, "%s/plain.txt", dir);
	f = fopen(other, "w");
	fputs("keep", f);
	fclose(f);
	assert_int_equal(
	    store_create(other, "x", 1, (const uint8_t *)"0123456789abcdef0123456789abcdef", &e),
	    TN_ECANTCREAT);
	f = fopen(other, "r");
	assert_int_equal(fread(buf, 1, 7, f), 4);
	fclose(f);
	assert_string_equal(buf, "keep");
}

static void test_hostile_files(void **state)
{
	struct tn_store *s;
	struct tn_err e;
	char other[160];
	FILE *f;

	(void)state;
	assert_int_equal(store_open("/nonexistent/v.db", false, &s, &e), TN_ENOINPUT);
	assert_int_equal(store_open(dir, false, &s, &e), TN_EDATA);
	snprintf(other, sizeof other, "%s: not a tinnhiem vote file", dir);
	assert_string_equal(e.msg, other);
	snprintf(other, sizeof other, "%s/text.db", dir);
	f = fopen(other, "w");
	fputs("not a database at all, just text\n", f);
	fclose(f);
	assert_int_equal(store_open(other, false, &s, &e), TN_EDATA);
	assert_non_null(strstr(e.msg, "not a tinnhiem vote file"));
	/* a file from the future */
	assert_int_equal(raw_sql("PRAGMA user_version = 99"), SQLITE_OK);
	assert_int_equal(store_open(path, true, &s, &e), TN_EDATA);
	assert_non_null(strstr(e.msg, "newer than this program knows"));
}

/* A vote file whose schema was altered behind the program's back is refused, not used. */
static void test_altered_schema(void **state)
{
	struct tn_store *s;
	struct tn_err e;

	(void)state;
	assert_int_equal(raw_sql("ALTER TABLE records RENAME COLUMN body TO text"), SQLITE_OK);
	assert_int_equal(store_open(path, false, &s, &e), TN_EVERIFY);
	assert_non_null(strstr(e.msg, "the schema was changed outside tinnhiem (table records)"));
	assert_int_equal(raw_sql("ALTER TABLE records RENAME COLUMN text TO body"), SQLITE_OK);
	assert_int_equal(store_open(path, false, &s, &e), 0);
	store_close(s);
	assert_int_equal(raw_sql("DROP TABLE records"), SQLITE_OK);
	assert_int_equal(store_open(path, false, &s, &e), TN_EVERIFY);
	assert_int_equal(raw_sql("PRAGMA user_version = 0"), SQLITE_OK);
	assert_int_equal(store_open(path, false, &s, &e), TN_EDATA);
	assert_non_null(strstr(e.msg, "vote file has no schema"));
}

static void test_foreign_sqlite(void **state)
{
	struct tn_store *s;
	struct tn_err e;
	sqlite3 *db;
	char other[160];

	(void)state;
	snprintf(other, sizeof other, "%s/other.db", dir);
	assert_int_equal(sqlite3_open(other, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(other, false, &s, &e), TN_EDATA);
	assert_non_null(strstr(e.msg, "not a tinnhiem vote file"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_migrations, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refuses_rewrites, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sealed_refuses_appends, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_commit_checks_appends, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_commit_rule_is_the_trigger, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_commit_rule_kind_as_text, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unique_serials, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_waiting_records, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_paper_asked, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_live_in_paper_order, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_papers_in_window, setup, teardown),
	    cmocka_unit_test(test_own_schema_hash),
	    cmocka_unit_test_setup_teardown(test_create_refuses_existing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_hostile_files, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_altered_schema, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_foreign_sqlite, setup, teardown),
	};

	chain_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
