/*
 * The replay, fed record lines directly with their chain hashes computed as a forger would:
 * so that each check is reached alone, with its own message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "tinnhiem/chain.h"
#include "tinnhiem/replay.h"
#include "tinnhiem/sign.h"

static const char ini[] = "[vote]\ntitle = T\nparent_body = P\nissuing_body = I\n"
			  "place = X\ndate = 2023-06-28\n%s"
			  "[meeting]\nconvened = 4\n"
			  "[counting_board]\nmember = A | Trưởng ban\n"
			  "[member]\nname = M1\nposition = P1\n"
			  "[member]\nname = M2\nposition = P2\n";

static void load(struct tn_definition *d, const char *extra)
{
	char text[1024];
	struct tn_err e;
	FILE *f;

	snprintf(text, sizeof text, ini, extra);
	f = fmemopen(text, strlen(text), "r");
	assert_int_equal(definition_parse_ini(f, "t.ini", d, &e), 0);
	fclose(f);
}

/* Replays lines, double entry by digests or not; voids are announced first, as every record
 * source does. */
static int replay_lines_with(const struct tn_definition *d, const char *const *lines, bool digests,
			     struct tn_replay *r, struct tn_err *e)
{
	uint8_t head[TN_HASH_LEN];
	int rc = 0;

	replay_init(r, d);
	if (digests)
		replay_use_digests(r);
	for (size_t i = 0; lines[i]; i++) {
		unsigned pass;
		unsigned long long serial;

		if (sscanf(lines[i], "void\t%u\t%llu\t", &pass, &serial) == 2)
			replay_expect_void(r, (int)pass, serial);
	}
	memcpy(head, d->hash, TN_HASH_LEN);
	for (size_t i = 0; lines[i] && rc == 0; i++) {
		chain_extend(head, lines[i], strlen(lines[i]), head);
		rc = replay_record(r, lines[i], strlen(lines[i]), head, e);
	}
	return rc == 0 ? replay_finish(r, e) : rc;
}

static int replay_lines(const struct tn_definition *d, const char *const *lines,
			struct tn_replay *r, struct tn_err *e)
{
	return replay_lines_with(d, lines, false, r, e);
}

static void refused(const char *extra, const char *const *lines, const char *message)
{
	struct tn_definition d;
	struct tn_replay r;
	struct tn_err e;
	int rc;

	load(&d, extra);
	rc = replay_lines(&d, lines, &r, &e);
	if (rc != TN_EVERIFY || strstr(e.msg, message) == NULL)
		fail_msg("rc %d, message \"%s\", wanted \"%s\"", rc, e.msg, message);
	replay_free(&r);
	definition_free(&d);
}

/* Replays lines that must be refused with this code and exactly this message. */
static void refused_lines(const struct tn_definition *d, const char *const *lines, int code,
			  const char *message)
{
	struct tn_replay r;
	struct tn_err e;
	int rc = replay_lines(d, lines, &r, &e);

	if (rc >= 0 || rc != code || e.code != code || strcmp(e.msg, message) != 0)
		fail_msg("rc %d, message \"%s\", wanted %d \"%s\"", rc, e.msg, code, message);
	replay_free(&r);
}

static void test_counts_each_ballot_once(void **state)
{
	static const char *const lines[] = {"meeting\t-\t4\t4\t3",
					    "ballot\t1\t1\t12\tvalid",
					    "ballot\t1\t2\t33\tvalid",
					    "void\t1\t2\tnhập nhầm",
					    "ballot\t1\t3\t31\tvalid",
					    "ballot\t1\t4\tx2\tinvalid:2",
					    NULL};
	struct tn_definition d;
	struct tn_replay r;
	struct tn_err e;

	(void)state;
	load(&d, "");
	assert_int_equal(replay_lines(&d, lines, &r, &e), 0);
	assert_int_equal(r.tally.entered, 3);
	assert_int_equal(r.tally.voided, 1);
	assert_int_equal(r.tally.valid, 2);
	assert_int_equal(r.tally.invalid, 1);
	assert_int_equal(r.tally.reasons[2], 1);
	assert_int_equal(r.tally.m[0].high, 1);
	assert_int_equal(r.tally.m[0].low, 1);
	assert_int_equal(r.tally.m[1].medium, 1);
	assert_int_equal(r.tally.m[1].low, 0); /* the voided 33 counts nowhere */
	assert_int_equal(r.tally.m[1].high, 1);
	assert_int_equal(replay_check_closable(&r, &e), 0);
	replay_free(&r);
	definition_free(&d);
}

static void test_sequence(void **state)
{
	static const char *const gap[] = {"ballot\t1\t1\t12\tvalid", "ballot\t1\t3\t12\tvalid",
					  NULL};
	static const char *const early[] = {"ballot\t1\t1\t12\tvalid", "void\t1\t2\tx", NULL};
	static const char *const twice[] = {"ballot\t1\t1\t12\tvalid", "void\t1\t1\tx",
					    "void\t1\t1\ty", NULL};
	static const char *const after[] = {
	    "ballot\t1\t1\t12\tvalid",
	    "seal\t0000000000000000000000000000000000000000000000000000000000000000\t-\t-\t-",
	    "ballot\t1\t2\t12\tvalid", NULL};
	/* a member's signature comes after the seal, never before (whatever it signs) */
	static const char *const early_signature[] = {
	    "ballot\t1\t1\t12\tvalid",
	    "signature\t2\t0123456789abcdef\t"
	    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\t"
	    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
	    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
	    NULL};
	/* the twin of "gap": the same ballots in sequence are taken */
	static const char *const good[] = {"ballot\t1\t1\t12\tvalid", "ballot\t1\t2\t12\tvalid",
					   NULL};
	struct tn_definition d;
	struct tn_replay r;
	struct tn_err e;

	(void)state;
	refused("", gap, "ballot 1/3 out of sequence (expected serial 2)");
	refused("", early, "void of ballot 1/2, which does not exist yet");
	refused("", twice, "ballot 1/1 voided twice");
	refused("", after, "record 3: found after the seal");
	refused("", early_signature, "record 2: a signature before the seal");
	load(&d, "");
	assert_int_equal(replay_lines(&d, good, &r, &e), 0);
	replay_free(&r);
	definition_free(&d);
}

static void test_unannounced_void(void **state)
{
	static const char *const lines[] = {"ballot\t1\t1\t12\tvalid", "void\t1\t1\tx", NULL};
	struct tn_definition d;
	struct tn_replay r;
	struct tn_err e;
	uint8_t head[TN_HASH_LEN];
	int rc = 0;

	(void)state;
	load(&d, "");
	replay_init(&r, &d); /* no void announced */
	memcpy(head, d.hash, TN_HASH_LEN);
	for (size_t i = 0; lines[i] && rc == 0; i++) {
		chain_extend(head, lines[i], strlen(lines[i]), head);
		rc = replay_record(&r, lines[i], strlen(lines[i]), head, &e);
	}
	assert_int_equal(rc, TN_EVERIFY);
	assert_non_null(strstr(e.msg, "void of ballot 1/1 was not announced"));
	replay_free(&r);
	/* another void announced: the set is not empty, this one is still not in it */
	replay_init(&r, &d);
	replay_expect_void(&r, 1, 2);
	memcpy(head, d.hash, TN_HASH_LEN);
	rc = 0;
	for (size_t i = 0; lines[i] && rc == 0; i++) {
		chain_extend(head, lines[i], strlen(lines[i]), head);
		rc = replay_record(&r, lines[i], strlen(lines[i]), head, &e);
	}
	assert_int_equal(rc, TN_EVERIFY);
	assert_string_equal(e.msg, "record 2: void of ballot 1/1 was not announced");
	replay_free(&r);
	/* announced but never replayed */
	replay_init(&r, &d);
	replay_expect_void(&r, 1, 1);
	assert_int_equal(replay_finish(&r, &e), TN_EVERIFY);
	assert_non_null(strstr(e.msg, "1 voids were announced but 0 replayed"));
	replay_free(&r);
	definition_free(&d);
}

static void test_chain(void **state)
{
	struct tn_definition d;
	struct tn_replay r;
	struct tn_err e;
	uint8_t wrong[TN_HASH_LEN] = {0};
	const char *line = "ballot\t1\t1\t12\tvalid";

	(void)state;
	load(&d, "");
	replay_init(&r, &d);
	assert_int_equal(replay_record(&r, line, strlen(line), wrong, &e), TN_EVERIFY);
	assert_non_null(strstr(e.msg, "record 1: hash does not match"));
	replay_free(&r);
	/* a record checked from the head before it: every byte of its stored head counts */
	{
		uint8_t next[TN_HASH_LEN], stored[TN_HASH_LEN];

		chain_extend(d.hash, line, strlen(line), stored);
		assert_int_equal(replay_check_hash(d.hash, line, strlen(line), stored, 7, next, &e),
				 0);
		assert_memory_equal(next, stored, TN_HASH_LEN);
		assert_int_equal(replay_check_hash(d.hash, line, strlen(line), NULL, 7, next, &e),
				 0);
		for (size_t i = 0; i < TN_HASH_LEN; i += TN_HASH_LEN - 1) {
			stored[i] ^= 1;
			assert_int_equal(
			    replay_check_hash(d.hash, line, strlen(line), stored, 7, next, &e),
			    TN_EVERIFY);
			assert_non_null(strstr(e.msg, "record 7: hash does not match"));
			stored[i] ^= 1;
		}
	}
	definition_free(&d);
}

/* The seal conditions, one by one: each refusal alone, then the twin that closes. */
static void test_closable(void **state)
{
	static const char *const no_facts[] = {"ballot\t1\t1\t12\tvalid", NULL};
	static const char *const no_quorum[] = {"meeting\t-\t2\t2\t1", "ballot\t1\t1\t12\tvalid",
						NULL};
	static const char *const too_many[] = {"meeting\t-\t4\t4\t1", "ballot\t1\t1\t12\tvalid",
					       "ballot\t1\t2\t12\tvalid", NULL};
	static const char *const empty[] = {"meeting\t-\t4\t0\t0", NULL};
	static const char *const all_void[] = {"meeting\t-\t4\t1\t0", "ballot\t1\t1\t12\tvalid",
					       "void\t1\t1\tx", NULL};
	static const char *const ok[] = {"meeting\t-\t4\t4\t1", "ballot\t1\t1\t12\tvalid", NULL};
	const struct {
		const char *const *lines;
		const char *message;
	} cases[] = {
	    {no_facts, "the number of members present is not recorded"},
	    {no_quorum, "no quorum: 2 present of 4 convened"},
	    {too_many, "2 ballots entered (not void), but 1 collected"},
	    {empty, "no ballot was collected: there is nothing to seal"},
	    {all_void, "no ballot was collected: there is nothing to seal"},
	};
	struct tn_definition d;
	struct tn_replay r;
	struct tn_err e;

	(void)state;
	load(&d, "");
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_int_equal(replay_lines(&d, cases[i].lines, &r, &e), 0);
		assert_int_equal(replay_check_closable(&r, &e), TN_EDATA);
		if (strstr(e.msg, cases[i].message) == NULL)
			fail_msg("case %zu: \"%s\"", i, e.msg);
		replay_free(&r);
	}
	assert_int_equal(replay_lines(&d, ok, &r, &e), 0);
	assert_int_equal(replay_check_closable(&r, &e), 0);
	replay_free(&r);
	definition_free(&d);
}

struct diffs {
	char text[256];
};

static void note_diff(void *arg, const struct tn_difference *d)
{
	struct diffs *g = arg;
	size_t n = strlen(g->text);

	snprintf(g->text + n, sizeof g->text - n, "%llu:%llu/%llu:%s/%s;",
		 (unsigned long long)d->paper, (unsigned long long)d->serial1,
		 (unsigned long long)d->serial2, d->reading1, d->reading2);
}

/* Double entry: pass 2 pairs with pass 1 by paper number, among the ballots that are not void. */
static void test_double_entry(void **state)
{
	/* pass 2's reading of paper 2 voided and typed again in its place */
	static const char *const agree[] = {"meeting\t-\t4\t4\t2",	  "ballot\t1\t1\t12\tvalid",
					    "ballot\t1\t2\t33\tvalid",	  "ballot\t2\t1\t12\tvalid",
					    "ballot\t2\t2\t31\tvalid",	  "void\t2\t2\tsai",
					    "ballot\t2\t3\t33\tvalid\t2", NULL};
	/* a correction of pass 1 takes its paper's place; pass 2 reads the papers out of order */
	static const char *const corrected[] = {
	    "meeting\t-\t4\t4\t2",	  "ballot\t1\t1\t13\tvalid",
	    "ballot\t1\t2\t33\tvalid",	  "void\t1\t1\tsai",
	    "ballot\t1\t3\t12\tvalid\t1", "ballot\t2\t1\t33\tvalid\t2",
	    "ballot\t2\t2\t12\tvalid\t1", NULL};
	/* the same correction appended to pass 2 as a new paper: the passes do not agree */
	static const char *const appended[] = {"meeting\t-\t4\t4\t2",	  "ballot\t1\t1\t12\tvalid",
					       "ballot\t1\t2\t33\tvalid", "ballot\t2\t1\t12\tvalid",
					       "ballot\t2\t2\t31\tvalid", "void\t2\t2\tsai",
					       "ballot\t2\t3\t33\tvalid", NULL};
	static const char *const shorter[] = {"meeting\t-\t4\t4\t2", "ballot\t1\t1\t12\tvalid",
					      "ballot\t1\t2\t33\tvalid", "ballot\t2\t1\t12\tvalid",
					      NULL};
	static const char *const void2[] = {"ballot\t1\t1\t12\tvalid", "void\t2\t1\tx", NULL};
	static const char *const differ[] = {"meeting\t-\t4\t4\t2",	"ballot\t1\t1\t12\tvalid",
					     "ballot\t1\t2\t33\tvalid", "ballot\t2\t1\t12\tvalid",
					     "ballot\t2\t2\t32\tvalid", NULL};
	/* paper 2 voided in pass 1 and never entered again, so pass 2 has none: they agree */
	static const char *const dropped[] = {
	    "meeting\t-\t4\t4\t2",	  "ballot\t1\t1\t12\tvalid",
	    "ballot\t1\t2\t33\tvalid",	  "void\t1\t2\tnot a ballot of this vote",
	    "ballot\t1\t3\t21\tvalid",	  "ballot\t2\t1\t12\tvalid",
	    "ballot\t2\t2\t21\tvalid\t3", NULL};
	struct tn_definition d;
	struct tn_replay r;
	struct tn_err e;
	struct diffs got = {0};
	uint64_t count;

	(void)state;
	load(&d, "double_entry = yes\n");
	assert_int_equal(replay_lines(&d, agree, &r, &e), 0);
	assert_int_equal(replay_differences(&r, NULL, NULL, &count, &e), 0);
	assert_int_equal(count, 0);
	assert_int_equal(replay_check_closable(&r, &e), 0);
	replay_free(&r);
	assert_int_equal(replay_lines(&d, corrected, &r, &e), 0);
	assert_int_equal(replay_differences(&r, NULL, NULL, &count, &e), 0);
	assert_int_equal(count, 0);
	assert_int_equal(r.tally.entered, 2);
	assert_int_equal(replay_check_closable(&r, &e), 0);
	replay_free(&r);
	/* paper 2 differs, paper 3 is only in pass 2: one line per paper, in paper order */
	assert_int_equal(replay_lines(&d, appended, &r, &e), 0);
	assert_int_equal(replay_differences(&r, note_diff, &got, &count, &e), 0);
	assert_int_equal(count, 2);
	assert_string_equal(got.text, "2:2/0:33/;3:0/3:/33;");
	replay_free(&r);
	/* the survivor of the mutation score: a pass 2 one ballot short does not reconcile */
	got.text[0] = '\0';
	assert_int_equal(replay_lines(&d, shorter, &r, &e), 0);
	assert_int_equal(replay_differences(&r, note_diff, &got, &count, &e), 0);
	assert_int_equal(count, 1);
	assert_string_equal(got.text, "2:2/0:33/;");
	assert_int_equal(replay_check_closable(&r, &e), TN_EDATA);
	assert_non_null(strstr(e.msg, "double entry: 1 difference"));
	replay_free(&r);
	assert_int_equal(replay_lines(&d, dropped, &r, &e), 0);
	assert_int_equal(replay_differences(&r, note_diff, &got, &count, &e), 0);
	assert_int_equal(count, 0);
	replay_free(&r);
	assert_int_equal(replay_lines(&d, differ, &r, &e), 0);
	assert_int_equal(replay_differences(&r, NULL, NULL, &count, &e), 0);
	assert_int_equal(count, 1);
	replay_free(&r);
	definition_free(&d);
	/* without double entry there is no pass 2 */
	load(&d, "");
	assert_int_equal(replay_lines(&d, differ, &r, &e), TN_EVERIFY);
	assert_string_equal(e.msg, "record 4: pass 2, but the definition does not ask for double "
				   "entry");
	replay_free(&r);
	refused("", void2, "record 2: pass 2, but the definition does not ask for double entry");
	definition_free(&d);
}

/*
 * Double entry by digests (a bundle): the passes agree exactly when the readings kept find no
 * difference, whatever the order of entry, the voids or the corrections; the same readings on
 * other papers differ.
 */
static void test_digests(void **state)
{
	static const struct {
		const char *lines[9];
		uint64_t differences;
	} cases[] = {
	    {{"meeting\t-\t4\t4\t2", "ballot\t1\t1\t12\tvalid", "ballot\t1\t2\t33\tvalid",
	      "ballot\t2\t1\t12\tvalid", "ballot\t2\t2\t31\tvalid", "void\t2\t2\tsai",
	      "ballot\t2\t3\t33\tvalid\t2", NULL},
	     0},
	    {{"meeting\t-\t4\t4\t2", "ballot\t1\t1\t13\tvalid", "ballot\t1\t2\t33\tvalid",
	      "void\t1\t1\tsai", "ballot\t1\t3\t12\tvalid\t1", "ballot\t2\t1\t33\tvalid\t2",
	      "ballot\t2\t2\t12\tvalid\t1", NULL},
	     0},
	    /* the same readings, each on the other paper */
	    {{"meeting\t-\t4\t4\t2", "ballot\t1\t1\t12\tvalid", "ballot\t1\t2\t33\tvalid",
	      "ballot\t2\t1\t33\tvalid", "ballot\t2\t2\t12\tvalid", NULL},
	     2},
	    {{"meeting\t-\t4\t4\t2", "ballot\t1\t1\t12\tvalid", "ballot\t1\t2\t33\tvalid",
	      "ballot\t2\t1\t12\tvalid", NULL},
	     1},
	    {{"meeting\t-\t4\t4\t2", "ballot\t1\t1\t12\tvalid", "ballot\t1\t2\t33\tvalid",
	      "ballot\t2\t1\t12\tvalid", "ballot\t2\t2\t32\tvalid", NULL},
	     1},
	    /* a paper voided in pass 1 and not typed again: pass 2 has none */
	    {{"meeting\t-\t4\t4\t2", "ballot\t1\t1\t12\tvalid", "ballot\t1\t2\t33\tvalid",
	      "void\t1\t2\tx", "ballot\t1\t3\t21\tvalid", "ballot\t2\t1\t12\tvalid",
	      "ballot\t2\t2\t21\tvalid\t3", NULL},
	     0},
	    /* crossed and held readings are compared as written */
	    {{"meeting\t-\t4\t4\t2", "ballot\t1\t1\tx2\tinvalid:2", "ballot\t1\t2\t?\theld",
	      "ballot\t2\t1\tx2\tinvalid:2", "ballot\t2\t2\t?\theld", NULL},
	     0},
	    {{"meeting\t-\t4\t4\t2", "ballot\t1\t1\tx2\tinvalid:2", "ballot\t1\t2\t?\theld",
	      "ballot\t2\t1\tx1\tinvalid:1", "ballot\t2\t2\t?\theld", NULL},
	     1},
	};
	struct tn_definition d;
	struct tn_replay kept, digests;
	struct tn_err e, e2;
	uint64_t count;
	int rc;

	(void)state;
	load(&d, "double_entry = yes\n");
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		if (replay_lines_with(&d, cases[i].lines, false, &kept, &e) != 0 ||
		    replay_lines_with(&d, cases[i].lines, true, &digests, &e) != 0)
			fail_msg("case %zu: %s", i, e.msg);
		assert_int_equal(replay_differences(&kept, NULL, NULL, &count, &e), 0);
		if (count != cases[i].differences)
			fail_msg("case %zu: %llu differences", i, (unsigned long long)count);
		if (replay_digests_agree(&digests) != (count == 0))
			fail_msg("case %zu: the digests say the passes %s", i,
				 count == 0 ? "differ" : "agree");
		/* nothing kept: memory does not grow with the ballots */
		assert_null(digests.readings[1]);
		assert_null(digests.readings[2]);
		/* the seal's conditions: the same answer, the differences not counted */
		rc = replay_check_closable(&digests, &e);
		assert_int_equal(rc, replay_check_closable(&kept, &e2));
		if (rc < 0 && strncmp(e2.msg, "double entry:", 13) == 0)
			assert_string_equal(e.msg, "double entry: pass 1 and pass 2 differ");
		else if (rc < 0)
			assert_string_equal(e.msg, e2.msg);
		assert_true(rc == 0 || i > 1); /* the first two close */
		replay_free(&kept);
		replay_free(&digests);
	}
	definition_free(&d);
}

/* A paper is taken only from a ballot already void; in pass 1, only an earlier paper. */
static void test_paper_refusals(void **state)
{
	static const struct {
		const char *lines[6];
		const char *message;
	} cases[] = {
	    {{"ballot\t1\t1\t12\tvalid", "ballot\t1\t2\t13\tvalid\t1", NULL},
	     "record 2: ballot 1/2 is for paper 1, which ballot 1/1 holds and is not void"},
	    /* the void after the correction: in chain order the paper was not free */
	    {{"ballot\t1\t1\t12\tvalid", "ballot\t1\t2\t13\tvalid\t1", "void\t1\t1\tsai", NULL},
	     "record 2: ballot 1/2 is for paper 1, which ballot 1/1 holds and is not void"},
	    {{"ballot\t2\t1\t12\tvalid\t5", "ballot\t2\t2\t13\tvalid\t5", NULL},
	     "record 2: ballot 2/2 is for paper 5, which ballot 2/1 holds and is not void"},
	    {{"ballot\t2\t1\t12\tvalid\t2", "ballot\t2\t2\t13\tvalid", NULL},
	     "record 2: ballot 2/2 is for paper 2, which ballot 2/1 holds and is not void"},
	    /* serial 2 corrected paper 1, so the next new paper is 2, not 3 */
	    {{"ballot\t1\t1\t12\tvalid", "void\t1\t1\tsai", "ballot\t1\t2\t13\tvalid\t1",
	      "ballot\t1\t3\t13\tvalid", NULL},
	     "record 4: ballot 1/3 is for paper 3, but the next new paper is 2"},
	    {{"ballot\t1\t1\t12\tvalid\t2", NULL}, "record 1: malformed ballot record"},
	    {{"ballot\t1\t1\t12\tvalid\t1", NULL}, "record 1: malformed ballot record"},
	    {{"ballot\t2\t1\t12\tvalid\t0", NULL}, "record 1: malformed ballot record"},
	    {{"ballot\t2\t1\t12\tvalid\t07", NULL}, "record 1: malformed ballot record"},
	    {{"ballot\t2\t1\t12\tvalid\t1000000000000", NULL}, "record 1: malformed ballot record"},
	};
	static const char *const accepted[] = {"ballot\t1\t1\t12\tvalid",
					       "void\t1\t1\tsai",
					       "ballot\t1\t2\t13\tvalid\t1",
					       "void\t1\t2\tsai",
					       "ballot\t1\t3\t11\tvalid\t1",
					       "ballot\t1\t4\t11\tvalid\t2",
					       "ballot\t2\t1\t12\tvalid\t999999999999",
					       NULL};
	struct tn_definition d;
	struct tn_replay r;
	struct tn_err e;

	(void)state;
	load(&d, "double_entry = yes\n");
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_int_equal(replay_lines(&d, cases[i].lines, &r, &e), TN_EVERIFY);
		if (strcmp(e.msg, cases[i].message) != 0)
			fail_msg("case %zu: \"%s\"", i, e.msg);
		replay_free(&r);
	}
	assert_int_equal(replay_lines(&d, accepted, &r, &e), 0);
	assert_int_equal(r.tally.entered, 2);
	assert_int_equal(replay_holder(&r, 1, 1), 3);
	assert_int_equal(replay_holder(&r, 1, 2), 4);
	assert_int_equal(replay_holder(&r, 1, 3), 0);
	assert_int_equal(replay_holder(&r, 2, 999999999999ULL), 1);
	replay_free(&r);
	definition_free(&d);
}

/*
 * A seal forged as the tool would write it: the tally hash of the records before it, and,
 * with a key, its key id, public key and signature. lines ends in a NULL with room for the
 * seal line after it; the seal line is written to seal.
 */
static void forge_seal(const struct tn_definition *d, const char **lines, char *seal, size_t cap,
		       const struct tn_seckey *key)
{
	struct tn_replay r;
	struct tn_buf canonical = {0};
	struct tn_err e;
	uint8_t hash[TN_HASH_LEN], sig[TN_SIG_LEN];
	char hex[2 * TN_SIG_LEN + 1];
	size_t n = 0, at;

	assert_int_equal(replay_lines(d, lines, &r, &e), 0);
	replay_tally_hash(&r, &canonical, hash);
	replay_free(&r);
	buf_free(&canonical);
	hex_encode(hash, TN_HASH_LEN, hex);
	at = (size_t)snprintf(seal, cap, "seal\t%s", hex);
	if (key == NULL) {
		snprintf(seal + at, cap - at, "\t-\t-\t-");
	} else {
		assert_int_equal(sign_tally(key, hash, sig, &e), 0);
		hex_encode(key->pub.keyid, TN_KEYID_LEN, hex);
		at += (size_t)snprintf(seal + at, cap - at, "\t%s", hex);
		hex_encode(key->pub.pk, TN_PK_LEN, hex);
		at += (size_t)snprintf(seal + at, cap - at, "\t%s", hex);
		hex_encode(sig, TN_SIG_LEN, hex);
		snprintf(seal + at, cap - at, "\t%s", hex);
	}
	while (lines[n])
		n++;
	lines[n] = seal;
	lines[n + 1] = NULL;
}

/* A key pair made in memory for the seals of these tests. */
static void test_key(struct tn_seckey *key)
{
	key->sk = sodium_malloc(crypto_sign_SECRETKEYBYTES);
	assert_non_null(key->sk);
	crypto_sign_keypair(key->pub.pk, key->sk);
	sign_keyid(key->pub.pk, key->pub.keyid);
}

/*
 * The seal's own checks, each reached alone: every record hash is right and the seal's tally
 * hash is that of the records, so only the check aimed at can refuse.
 */
static void test_seal_checks(void **state)
{
	const char *closable[8] = {"meeting\t-\t4\t4\t1", "ballot\t1\t1\t12\tvalid", NULL};
	const char *no_facts[8] = {"ballot\t1\t1\t12\tvalid", NULL};
	const char *wrong_hash[8] = {
	    "meeting\t-\t4\t4\t1", "ballot\t1\t1\t12\tvalid",
	    "seal\t0000000000000000000000000000000000000000000000000000000000000000\t-\t-\t-",
	    NULL};
	char seal[512];
	struct tn_seckey key, other;
	struct tn_definition d;
	struct tn_replay r;
	struct tn_err e;
	char id[2 * TN_KEYID_LEN + 1], *last;

	(void)state;
	load(&d, "");
	test_key(&key);
	test_key(&other);
	/* the twins: unsigned and signed seals over a vote that could close are taken */
	forge_seal(&d, closable, seal, sizeof seal, NULL);
	assert_int_equal(replay_lines(&d, closable, &r, &e), 0);
	assert_true(r.sealed);
	assert_false(r.seal.is_signed);
	replay_free(&r);
	closable[2] = NULL;
	forge_seal(&d, closable, seal, sizeof seal, &key);
	assert_int_equal(replay_lines(&d, closable, &r, &e), 0);
	assert_true(r.seal.is_signed);
	replay_free(&r);

	/* the key id of another key before this key */
	hex_encode(other.pub.keyid, TN_KEYID_LEN, id);
	memcpy(seal + strlen("seal\t") + 2 * TN_HASH_LEN + 1, id, 2 * TN_KEYID_LEN);
	refused_lines(&d, closable, TN_EVERIFY, "seal: the key id does not match its key");
	/* this key's id and key, a signature changed in its last digit: a bad signature */
	closable[2] = NULL;
	forge_seal(&d, closable, seal, sizeof seal, &key);
	last = &seal[strlen(seal) - 1];
	*last = *last == '0' ? '1' : '0';
	refused_lines(&d, closable, TN_EVERIFY, "seal: bad signature");

	/* a seal over records that could not close: the count of present is missing */
	forge_seal(&d, no_facts, seal, sizeof seal, NULL);
	refused_lines(
	    &d, no_facts, TN_EVERIFY,
	    "seal: the vote could not have been closed: the number of members present is not "
	    "recorded (tinnhiem meeting --present N)");
	/* a seal whose tally hash is not that of the records */
	refused_lines(&d, wrong_hash, TN_EVERIFY,
		      "seal: the tally hash does not match the tally of the records");
	sign_seckey_free(&key);
	sign_seckey_free(&other);
	definition_free(&d);
}

/* Meeting facts that contradict each other are refused where they are recorded. */
static void test_meeting_facts(void **state)
{
	static const char *const more_present[] = {"meeting\t-\t5\t-\t-", NULL};
	static const char *const later[] = {"meeting\t-\t4\t4\t-", "meeting\t-\t-\t3\t4", NULL};
	static const char *const fits[] = {"meeting\t-\t4\t4\t-", "meeting\t-\t-\t3\t3", NULL};
	struct tn_definition d;
	struct tn_replay r;
	struct tn_err e;

	(void)state;
	load(&d, "");
	refused_lines(&d, more_present, TN_EVERIFY,
		      "record 1: meeting facts inconsistent: present (5) exceeds convened (4)");
	refused_lines(&d, later, TN_EVERIFY,
		      "record 2: meeting facts inconsistent: collected (4) exceeds issued (3)");
	assert_int_equal(replay_lines(&d, fits, &r, &e), 0);
	assert_int_equal(r.tally.meeting.fact[TN_ISSUED], 3);
	replay_free(&r);
	definition_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_counts_each_ballot_once),
	    cmocka_unit_test(test_sequence),
	    cmocka_unit_test(test_unannounced_void),
	    cmocka_unit_test(test_chain),
	    cmocka_unit_test(test_closable),
	    cmocka_unit_test(test_double_entry),
	    cmocka_unit_test(test_digests),
	    cmocka_unit_test(test_paper_refusals),
	    cmocka_unit_test(test_seal_checks),
	    cmocka_unit_test(test_meeting_facts),
	};

	if (chain_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
