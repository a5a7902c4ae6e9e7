/*
 * The relay: every record reaches fn once, in order, with its bytes; fn's refusal stops the
 * source and is what the reader is told, ahead of a source's later error; a source of less
 * than a block never starts a thread.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tinnhiem/relay.h"

struct seen {
	int64_t next;	 /* the seq fn expects */
	int64_t refuse;	 /* fn refuses this seq (0: none) */
	pthread_t owner; /* the caller's thread */
	bool elsewhere;	 /* fn ran on another thread */
	bool wrong;	 /* a record out of order or with other bytes */
};

/* The line of record seq: its length varies from 0 to 300 bytes, and names seq. */
static size_t line_of(int64_t seq, char *out)
{
	size_t len = (size_t)(seq * 7919 % 301);
	int n = snprintf(out, 400, "%lld:", (long long)seq);

	memset(out + n, 'a' + (int)(seq % 26), 400 - (size_t)n);
	return len;
}

static int take(void *arg, const struct tn_stored *s, struct tn_err *e)
{
	struct seen *w = arg;
	char want[400];
	size_t len = line_of(s->seq, want);

	if (!pthread_equal(pthread_self(), w->owner))
		w->elsewhere = true;
	if (s->seq != w->next || s->len != len || memcmp(s->line, want, len) != 0 ||
	    s->head[0] != (uint8_t)s->seq || s->paper_col != 2 * s->seq)
		w->wrong = true;
	w->next++;
	if (s->seq == w->refuse)
		return tn_fail(e, TN_EVERIFY, "record %lld refused", (long long)s->seq);
	return 0;
}

/* A source of n records that fails at record fail_at (0: never), as a database might. */
static int source(struct tn_relay *relay, int64_t n, int64_t fail_at, int64_t *given,
		  struct tn_err *e)
{
	char line[400];
	int rc;

	for (int64_t seq = 1; seq <= n; seq++) {
		struct tn_stored s = {.seq = seq, .kind_col = 0, .paper_col = 2 * seq};

		if (seq == fail_at)
			return tn_fail(e, TN_EIO, "cannot read record %lld", (long long)seq);
		s.len = line_of(seq, line);
		s.line = line;
		s.head[0] = (uint8_t)seq;
		*given = seq;
		if ((rc = relay_put(relay, &s, e)) != 0)
			return rc;
	}
	return 0;
}

/* Runs n records through a relay; returns relay_end's result. */
static int run(int64_t n, int64_t refuse, int64_t fail_at, struct seen *w, int64_t *given,
	       struct tn_err *e)
{
	struct tn_relay *relay;

	memset(w, 0, sizeof *w);
	w->next = 1;
	w->refuse = refuse;
	w->owner = pthread_self();
	*given = 0;
	relay = relay_new(take, w);
	return relay_end(relay, source(relay, n, fail_at, given, e), e);
}

static void test_every_record_in_order(void **state)
{
	const int64_t sizes[] = {0,
				 1,
				 RELAY_RECORDS - 1,
				 RELAY_RECORDS,
				 RELAY_RECORDS + 1,
				 RELAY_RECORDS * RELAY_BLOCKS,
				 RELAY_RECORDS * RELAY_BLOCKS + 1,
				 100000};
	struct seen w;
	struct tn_err e;
	int64_t given;

	(void)state;
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		assert_int_equal(run(sizes[i], 0, 0, &w, &given, &e), 0);
		assert_false(w.wrong);
		assert_int_equal(w.next, sizes[i] + 1);
		/* less than a block is replayed where it is read */
		assert_int_equal(w.elsewhere, sizes[i] >= RELAY_RECORDS);
	}
}

/* fn refuses a record: its error is returned, nothing after it reaches fn, the source stops */
static void test_refusal_stops(void **state)
{
	const int64_t at[] = {1,    7,	   RELAY_RECORDS, RELAY_RECORDS + 1, 3 * RELAY_RECORDS - 1,
			      5000, 100000};
	struct seen w;
	struct tn_err e;
	int64_t given;
	char want[64];

	(void)state;
	for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
		assert_int_equal(run(100000, at[i], 0, &w, &given, &e), TN_EVERIFY);
		snprintf(want, sizeof want, "record %lld refused", (long long)at[i]);
		assert_string_equal(e.msg, want);
		assert_false(w.wrong);
		assert_int_equal(w.next, at[i] + 1);
		/* the source read at most the blocks in hand beyond the refused one */
		assert_true(given <= at[i] + (RELAY_BLOCKS + 1) * RELAY_RECORDS);
	}
}

/* The source fails: its error stands when fn took every record before; fn's refusal of an
 * earlier record comes first, as it would if each record were replayed as it is read. */
static void test_source_error(void **state)
{
	struct seen w;
	struct tn_err e;
	int64_t given;

	(void)state;
	assert_int_equal(run(100000, 0, 3000, &w, &given, &e), TN_EIO);
	assert_string_equal(e.msg, "cannot read record 3000");
	assert_int_equal(w.next, 3000);
	assert_false(w.wrong);
	assert_int_equal(run(100000, 0, 100, &w, &given, &e), TN_EIO);
	assert_int_equal(w.next, 100);
	assert_int_equal(run(100000, 2990, 3000, &w, &given, &e), TN_EVERIFY);
	assert_string_equal(e.msg, "record 2990 refused");
	assert_int_equal(run(100000, 50, 100, &w, &given, &e), TN_EVERIFY);
	assert_string_equal(e.msg, "record 50 refused");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_record_in_order),
	    cmocka_unit_test(test_refusal_stops),
	    cmocka_unit_test(test_source_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
