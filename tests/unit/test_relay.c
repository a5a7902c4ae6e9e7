/*
 * The relay: every record reaches take once, in order, with its bytes, after check passed it
 * with the link of the record before; checks run on either thread; the first refusal in
 * the chain, by check or take, is what the reader is told, ahead of a source's later error;
 * a source of less than a block never starts a thread; while the second thread is behind,
 * the reading thread checks blocks. Each test runs again where no thread can be started
 * (pthread_create wrapped, tests/meson.build), and with lines long enough that a block is
 * full by its bytes.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
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
#define MAX_SEQ	  (100 * RELAY_RECORDS + 2)

struct seen {
	int64_t next;	      /* the seq take expects */
	int64_t refuse;	      /* take refuses this seq (0: none) */
	int64_t check_refuse; /* check refuses this seq (0: none) */
	bool slow;	      /* take works a while on each record */
	bool until_checked;   /* and, slow, until the reading thread has checked a block */
	pthread_t owner;      /* the caller's thread */
	bool elsewhere;	      /* take ran on another thread */
	bool wrong;	      /* take met a record out of order, unchecked or with other bytes */
	atomic_int checks[MAX_SEQ]; /* how often each seq was checked */
	atomic_bool check_wrong;    /* a check met a link that is not its record's */
	atomic_long checked_here;   /* records checked on the caller's thread */
	atomic_long checked_elsewhere;
	atomic_llong put; /* the last record the source gave */
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

/* The link before each record is the record before it: its count, seq and stored head. */
static int check(void *arg, struct tn_link *link, const struct tn_stored *s, struct tn_err *e)
{
	struct seen *w = arg;

	if (link->n != s->seq - 1 || link->seq != s->seq - 1 ||
	    link->head[0] != (uint8_t)(s->seq - 1) || s->seq < 1 || s->seq >= MAX_SEQ)
		atomic_store(&w->check_wrong, true);
	else
		atomic_fetch_add(&w->checks[s->seq], 1);
	atomic_fetch_add(
	    pthread_equal(pthread_self(), w->owner) ? &w->checked_here : &w->checked_elsewhere, 1);
	if (s->seq == w->check_refuse)
		return tn_fail(e, TN_EVERIFY, "record %lld does not follow", (long long)s->seq);
	link->n++;
	link->seq = s->seq;
	memcpy(link->head, s->head, TN_HASH_LEN);
	return 0;
}

static void head(void *arg, const struct tn_stored *s, uint8_t out[TN_HASH_LEN])
{
	(void)arg;
	memcpy(out, s->head, TN_HASH_LEN);
}

static int take(void *arg, const struct tn_stored *s, struct tn_err *e)
{
	struct seen *w = arg;
	static char want[MAX_TEXT];
	size_t len = line_of(s->seq, want);

	if (!pthread_equal(pthread_self(), w->owner))
		w->elsewhere = true;
	if (s->seq != w->next || s->len != len || memcmp(s->line, want, len) != 0 ||
	    s->head[0] != (uint8_t)s->seq || s->col.paper != 2 * s->seq ||
	    atomic_load(&w->checks[s->seq]) != 1)
		w->wrong = true;
	w->next++;
	/* on the second thread, so that the reading thread meets a full hand of blocks */
	while (w->slow && s->seq == 1 && !pthread_equal(pthread_self(), w->owner) &&
	       (atomic_load(&w->put) < RELAY_BLOCKS * per_block() ||
		(w->until_checked && atomic_load(&w->checked_here) == 0)))
		sched_yield();
	if (s->seq == w->refuse)
		return tn_fail(e, TN_EVERIFY, "record %lld refused", (long long)s->seq);
	return 0;
}

static struct seen w; /* what the functions saw in the last run */

/* A source of n records that fails at record fail_at (0: never), as a database might. */
static int source(struct tn_relay *relay, int64_t n, int64_t fail_at, int64_t *given,
		  struct tn_err *e)
{
	static char line[MAX_TEXT];
	int rc;

	for (int64_t seq = 1; seq <= n; seq++) {
		struct tn_stored s = {.seq = seq, .col = {.kind = 0, .paper = 2 * seq}};

		if (seq == fail_at)
			return tn_fail(e, TN_EIO, "cannot read record %lld", (long long)seq);
		s.len = line_of(seq, line);
		s.line = line;
		s.head[0] = (uint8_t)seq;
		*given = seq;
		atomic_store(&w.put, seq);
		if ((rc = relay_put(relay, &s, e)) != 0)
			return rc;
	}
	return 0;
}

/*
 * Runs n records through a relay: take refuses seq refuse, check refuses check_refuse (0:
 * neither), the source fails at fail_at; returns relay_end's result.
 */
static bool until_checked; /* for the next run: see struct seen */

static int run(int64_t n, int64_t refuse, int64_t check_refuse, int64_t fail_at, bool slow,
	       int64_t *given, struct tn_err *e)
{
	const struct tn_relay_fns fns = {check, head, take, &w};
	const struct tn_link start = {0};
	struct tn_relay *relay;

	memset(&w, 0, sizeof w);
	w.next = 1;
	w.refuse = refuse;
	w.check_refuse = check_refuse;
	w.slow = slow;
	w.until_checked = until_checked;
	w.owner = pthread_self();
	*given = 0;
	relay = relay_new(&fns, &start);
	return relay_end(relay, source(relay, n, fail_at, given, e), e);
}

/* Every record given was checked once, with the link of the record before it. */
static void assert_checked_once(int64_t n)
{
	assert_false(atomic_load(&w.check_wrong));
	for (int64_t seq = 1; seq <= n; seq++)
		assert_int_equal(atomic_load(&w.checks[seq]), 1);
}

static void test_every_record_in_order(void **state)
{
	const int64_t b = per_block();
	const int64_t sizes[] = {0,	 1, b - 1, b, b + 1, b * RELAY_BLOCKS, b * RELAY_BLOCKS + 1,
				 100 * b};
	struct tn_err e;
	int64_t given;

	(void)state;
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		assert_int_equal(run(sizes[i], 0, 0, 0, false, &given, &e), 0);
		assert_false(w.wrong);
		assert_int_equal(w.next, sizes[i] + 1);
		assert_checked_once(sizes[i]);
		/* less than a block is replayed where it is read */
		assert_int_equal(w.elsewhere, !no_threads && sizes[i] >= b);
	}
}

/*
 * A refusal, by take or (by_check) by check, at each of several records: its error is
 * returned, nothing after it is taken (nor the record itself, when check refused it), and the
 * source read at most the blocks in hand beyond it.
 */
static void refusals_stop(bool by_check)
{
	const int64_t b = per_block();
	const int64_t at[] = {1, 7, b, b + 1, 3 * b - 1, 50 * b + 3, 100 * b};
	struct tn_err e;
	int64_t given;
	char want[64];

	for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
		assert_int_equal(
		    run(100 * b, by_check ? 0 : at[i], by_check ? at[i] : 0, 0, false, &given, &e),
		    TN_EVERIFY);
		snprintf(want, sizeof want,
			 by_check ? "record %lld does not follow" : "record %lld refused",
			 (long long)at[i]);
		assert_string_equal(e.msg, want);
		assert_false(w.wrong);
		assert_int_equal(w.next, by_check ? at[i] : at[i] + 1);
		assert_true(given <= at[i] + (RELAY_BLOCKS + 1) * b);
	}
}

static void test_refusal_stops(void **state)
{
	(void)state;
	refusals_stop(false);
}

static void test_check_refusal(void **state)
{
	(void)state;
	refusals_stop(true);
}

/*
 * check refuses one record and take another: the one earlier in the chain is reported,
 * whichever thread met its refusal first; at the same record, check's, which comes first.
 */
static void test_first_refusal_wins(void **state)
{
	const int64_t b = per_block();
	const int64_t pairs[][2] = {
	    {5, 9},	    {9, 5},	    {b - 1, b + 1}, {b + 1, b - 1},
	    {2 * b, 3 * b}, {3 * b, 2 * b}, {7, 7},	    {2 * b + 1, 2 * b + 1}};
	struct tn_err e;
	int64_t given;
	char want[64];

	(void)state;
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
		int64_t refuse = pairs[i][0], check_refuse = pairs[i][1];

		/* slow: the reading thread checks the later blocks before take reaches them */
		assert_int_equal(run(100 * b, refuse, check_refuse, 0, true, &given, &e),
				 TN_EVERIFY);
		if (check_refuse <= refuse)
			snprintf(want, sizeof want, "record %lld does not follow",
				 (long long)check_refuse);
		else
			snprintf(want, sizeof want, "record %lld refused", (long long)refuse);
		assert_string_equal(e.msg, want);
		assert_false(w.wrong);
		assert_int_equal(w.next, check_refuse <= refuse ? check_refuse : refuse + 1);
	}
}

/* While take is behind, the reading thread checks blocks, each once. */
static void test_checks_shared(void **state)
{
	const int64_t n = 40 * per_block();
	struct tn_err e;
	int64_t given;

	(void)state;
	/* take waits at the first record until the reading thread, its hand full, has checked a
	 * later block: whatever the scheduler does, both threads check */
	until_checked = true;
	assert_int_equal(run(n, 0, 0, 0, true, &given, &e), 0);
	until_checked = false;
	assert_false(w.wrong);
	assert_int_equal(w.next, n + 1);
	assert_checked_once(n);
	assert_int_equal(atomic_load(&w.checked_here) + atomic_load(&w.checked_elsewhere), n);
	assert_true(atomic_load(&w.checked_here) > 0);
	if (no_threads)
		assert_int_equal(atomic_load(&w.checked_elsewhere), 0);
	else
		assert_true(atomic_load(&w.checked_elsewhere) > 0);
}

/* The source fails: its error stands when every record before was checked and taken; a
 * refusal of an earlier record comes first, as it would if each were replayed as it is read. */
static void test_source_error(void **state)
{
	const int64_t b = per_block(), late = 3 * b - 2, early = b / 2 + 1;
	struct tn_err e;
	int64_t given;
	char want[64];

	(void)state;
	assert_int_equal(run(100 * b, 0, 0, late, false, &given, &e), TN_EIO);
	snprintf(want, sizeof want, "cannot read record %lld", (long long)late);
	assert_string_equal(e.msg, want);
	assert_int_equal(w.next, late);
	assert_false(w.wrong);
	assert_int_equal(run(100 * b, 0, 0, early, false, &given, &e), TN_EIO);
	assert_int_equal(w.next, early);
	assert_int_equal(run(100 * b, late - 1, 0, late, false, &given, &e), TN_EVERIFY);
	snprintf(want, sizeof want, "record %lld refused", (long long)(late - 1));
	assert_string_equal(e.msg, want);
	assert_int_equal(run(100 * b, early - 1, 0, early, false, &given, &e), TN_EVERIFY);
	snprintf(want, sizeof want, "record %lld refused", (long long)(early - 1));
	assert_string_equal(e.msg, want);
	assert_int_equal(run(100 * b, 0, late - 1, late, false, &given, &e), TN_EVERIFY);
	snprintf(want, sizeof want, "record %lld does not follow", (long long)(late - 1));
	assert_string_equal(e.msg, want);
	assert_int_equal(run(100 * b, 0, late + 1, late, false, &given, &e), TN_EIO);
}

/* After a refusal the relay takes nothing more, however often it is given a record. */
static void test_nothing_after_refusal(void **state)
{
	const struct tn_relay_fns fns = {check, head, take, &w};
	const struct tn_link start = {0};
	struct tn_stored s = {.seq = 1, .line = "", .len = 0};
	struct tn_relay *relay;
	struct tn_err e;
	int rc = 0;

	(void)state;
	memset(&w, 0, sizeof w);
	w.next = 1;
	w.refuse = 1;
	w.owner = pthread_self();
	relay = relay_new(&fns, &start);
	for (int i = 0; i < 20 * RELAY_RECORDS && rc == 0; i++)
		rc = relay_put(relay, &s, &e);
	assert_int_equal(rc, 1);
	for (int i = 0; i < 3 * RELAY_RECORDS; i++)
		assert_int_equal(relay_put(relay, &s, &e), 1);
	assert_int_equal(relay_end(relay, 1, &e), TN_EVERIFY);
	assert_string_equal(e.msg, "record 1 refused");
	assert_int_equal(w.next, 2); /* take saw the refused record, and nothing after it */
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
	    EACH(test_every_record_in_order), EACH(test_refusal_stops), EACH(test_check_refusal),
	    EACH(test_first_refusal_wins),    EACH(test_checks_shared), EACH(test_source_error),
	    EACH(test_nothing_after_refusal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
