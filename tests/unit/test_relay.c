/*
 * The relay: every record reaches fn once, in order, with its bytes; fn's refusal stops the
 * source and is what the reader is told, ahead of a source's later error; a source of less
 * than a block never starts a thread. Each test runs again where no thread can be started
 * (pthread_create wrapped, tests/meson.build), and with lines long enough that a block is
 * full by its bytes.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tinnhiem/relay.h"

/* pthread_create, failing when no_threads is set (linked with --wrap=pthread_create) */
static bool no_threads;
int __real_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg);
int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg);

int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg)
{
	return no_threads ? EAGAIN : __real_pthread_create(t, a, fn, arg);
}

static bool long_lines; /* lines of 40,000 bytes and more: two fill a block */
#define LONG_LINE 40000
#define MAX_TEXT  (LONG_LINE + 400)

struct seen {
	int64_t next;	 /* the seq fn expects */
	int64_t refuse;	 /* fn refuses this seq (0: none) */
	pthread_t owner; /* the caller's thread */
	bool elsewhere;	 /* fn ran on another thread */
	bool wrong;	 /* a record out of order or with other bytes */
};

/* The line of record seq: its length varies from 0 to 300 bytes (or from LONG_LINE), and
 * names seq. */
static size_t line_of(int64_t seq, char *out)
{
	size_t len = (size_t)(seq * 7919 % 301) + (long_lines ? LONG_LINE : 0);
	int n = snprintf(out, MAX_TEXT, "%lld:", (long long)seq);

	memset(out + n, 'a' + (int)(seq % 26), MAX_TEXT - (size_t)n);
	return len;
}

/* The most records a block holds */
static int64_t per_block(void)
{
	return long_lines ? RELAY_BYTES / LONG_LINE + 1 : RELAY_RECORDS;
}

static int take(void *arg, const struct tn_stored *s, struct tn_err *e)
{
	struct seen *w = arg;
	static char want[MAX_TEXT];
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
	static char line[MAX_TEXT];
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
	const int64_t b = per_block();
	const int64_t sizes[] = {0,	 1, b - 1, b, b + 1, b * RELAY_BLOCKS, b * RELAY_BLOCKS + 1,
				 100 * b};
	struct seen w;
	struct tn_err e;
	int64_t given;

	(void)state;
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		assert_int_equal(run(sizes[i], 0, 0, &w, &given, &e), 0);
		assert_false(w.wrong);
		assert_int_equal(w.next, sizes[i] + 1);
		/* less than a block is replayed where it is read */
		assert_int_equal(w.elsewhere, !no_threads && sizes[i] >= b);
	}
}

/* fn refuses a record: its error is returned, nothing after it reaches fn, the source stops */
static void test_refusal_stops(void **state)
{
	const int64_t b = per_block();
	const int64_t at[] = {1, 7, b, b + 1, 3 * b - 1, 50 * b + 3, 100 * b};
	struct seen w;
	struct tn_err e;
	int64_t given;
	char want[64];

	(void)state;
	for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
		assert_int_equal(run(100 * b, at[i], 0, &w, &given, &e), TN_EVERIFY);
		snprintf(want, sizeof want, "record %lld refused", (long long)at[i]);
		assert_string_equal(e.msg, want);
		assert_false(w.wrong);
		assert_int_equal(w.next, at[i] + 1);
		/* the source read at most the blocks in hand beyond the refused one */
		assert_true(given <= at[i] + (RELAY_BLOCKS + 1) * b);
	}
}

/* The source fails: its error stands when fn took every record before; fn's refusal of an
 * earlier record comes first, as it would if each record were replayed as it is read. */
static void test_source_error(void **state)
{
	const int64_t b = per_block(), late = 3 * b - 2, early = b / 2 + 1;
	struct seen w;
	struct tn_err e;
	int64_t given;
	char want[64];

	(void)state;
	assert_int_equal(run(100 * b, 0, late, &w, &given, &e), TN_EIO);
	snprintf(want, sizeof want, "cannot read record %lld", (long long)late);
	assert_string_equal(e.msg, want);
	assert_int_equal(w.next, late);
	assert_false(w.wrong);
	assert_int_equal(run(100 * b, 0, early, &w, &given, &e), TN_EIO);
	assert_int_equal(w.next, early);
	assert_int_equal(run(100 * b, late - 1, late, &w, &given, &e), TN_EVERIFY);
	snprintf(want, sizeof want, "record %lld refused", (long long)(late - 1));
	assert_string_equal(e.msg, want);
	assert_int_equal(run(100 * b, early - 1, early, &w, &given, &e), TN_EVERIFY);
	snprintf(want, sizeof want, "record %lld refused", (long long)(early - 1));
	assert_string_equal(e.msg, want);
}

/* After a refusal the relay takes nothing more, however often it is given a record. */
static void test_nothing_after_refusal(void **state)
{
	struct tn_stored s = {.seq = 1, .line = "", .len = 0};
	struct tn_relay *relay;
	struct seen w = {.next = 1, .refuse = 1, .owner = pthread_self()};
	struct tn_err e;
	int rc = 0;

	(void)state;
	relay = relay_new(take, &w);
	for (int i = 0; i < 20 * RELAY_RECORDS && rc == 0; i++)
		rc = relay_put(relay, &s, &e);
	assert_int_equal(rc, 1);
	for (int i = 0; i < 3 * RELAY_RECORDS; i++)
		assert_int_equal(relay_put(relay, &s, &e), 1);
	assert_int_equal(relay_end(relay, 1, &e), TN_EVERIFY);
	assert_string_equal(e.msg, "record 1 refused");
	assert_int_equal(w.next, 2); /* fn saw the refused record, and nothing after it */
}

static int threadless(void **state)
{
	(void)state;
	no_threads = true;
	return 0;
}

static int with_long_lines(void **state)
{
	(void)state;
	long_lines = true;
	return 0;
}

static int as_before(void **state)
{
	(void)state;
	no_threads = long_lines = false;
	return 0;
}

#define EACH(test)                                                                                 \
	cmocka_unit_test(test), cmocka_unit_test_setup_teardown(test, threadless, as_before),      \
	    cmocka_unit_test_setup_teardown(test, with_long_lines, as_before)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    EACH(test_every_record_in_order),
	    EACH(test_refusal_stops),
	    EACH(test_source_error),
	    EACH(test_nothing_after_refusal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
