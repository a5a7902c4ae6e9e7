/* The tally: bases under every profile and override, voids, invalid rows, canonical form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tinnhiem/chain.h"
#include "tinnhiem/entry.h"
#include "tinnhiem/tally.h"

static struct tn_definition def(enum tn_profile p)
{
	static char names[3][2][2] = {{"A", "a"}, {"B", "b"}, {"C", "c"}};
	static struct tn_person members[3];
	struct tn_definition d;

	for (int i = 0; i < 3; i++)
		members[i] = (struct tn_person){names[i][0], names[i][1]};

	memset(&d, 0, sizeof d);
	d.rules = rules_for_profile(p);
	d.members = members;
	d.nmembers = 3;
	d.meeting = (struct tn_meeting){.fact = {10, TN_UNSET, TN_UNSET, TN_UNSET}};
	return d;
}

static void add(struct tn_tally *t, const char *line)
{
	struct tn_ballot b;
	enum tn_line kind;
	struct tn_err e;

	assert_int_equal(entry_parse_line(line, strlen(line), 3, false, &kind, &b, &e), 0);
	record_judge_ballot(&b, &t->rules);
	tally_ballot(t, &b);
}

static void test_bases(void **state)
{
	struct tn_meeting m = {.fact = {10, 9, 8, 7}};
	struct tn_definition d;
	struct tn_tally t;

	(void)state;
	/* every profile, then every override, on the same facts and ballots */
	for (int p = TN_QD96_2023; p <= TN_NQ85_2014; p++) {
		d = def((enum tn_profile)p);
		tally_init(&t, &d);
		add(&t, "123");
		add(&t, "120");
		assert_int_equal(tally_base(&t),
				 p == TN_NQ85_2014 ? 10 : 2); /* collected unknown */
		tally_meeting(&t, &m);
		assert_int_equal(tally_base(&t), p == TN_NQ85_2014 ? 10 : 7);
		assert_int_equal(tally_quorum(&t), 1);
		assert_int_equal(t.valid, p == TN_QD96_2023 ? 1 : 2);
	}
	d = def(TN_QD96_2023);
	d.rules.base = TN_BASE_ISSUED;
	tally_init(&t, &d);
	assert_int_equal(tally_base(&t), -1);
	tally_meeting(&t, &m);
	assert_int_equal(tally_base(&t), 8);
	d.rules.base = TN_BASE_VALID;
	tally_init(&t, &d);
	add(&t, "123");
	add(&t, "x");
	assert_int_equal(tally_base(&t), 1);
}

static void test_row_and_ballot_scope(void **state)
{
	struct tn_definition d = def(TN_QD96_2023);
	struct tn_tally t;

	(void)state;
	tally_init(&t, &d);
	add(&t, "120");
	add(&t, "333");
	add(&t, "x 3");
	assert_int_equal(t.entered, 3);
	assert_int_equal(t.valid, 1);
	assert_int_equal(t.reasons[4], 1);
	assert_int_equal(t.reasons[3], 1);
	assert_int_equal(t.m[0].high + t.m[0].medium + t.m[0].low + t.m[0].invalid, 3);
	assert_int_equal(t.m[0].low, 1);
	assert_int_equal(t.m[0].invalid, 2);
	d = def(TN_NQ96_2023);
	tally_init(&t, &d);
	add(&t, "120");
	add(&t, "333");
	add(&t, "x 3");
	assert_int_equal(t.valid, 2);
	assert_int_equal(t.m[0].high, 1);
	assert_int_equal(t.m[2].invalid, 2); /* the 0 row and the crossed ballot */
	assert_int_equal(t.m[1].invalid, 1);
	for (int i = 0; i < 3; i++)
		assert_int_equal(t.m[i].high + t.m[i].medium + t.m[i].low + t.m[i].invalid, 3);
}

/* A voided ballot is counted as void and nowhere else. */
static void test_void_counts_nowhere(void **state)
{
	struct tn_definition d = def(TN_QD96_2023);
	struct tn_tally t, before;

	(void)state;
	tally_init(&t, &d);
	add(&t, "123");
	before = t;
	tally_void(&t);
	assert_int_equal(t.voided, 1);
	t.voided = 0;
	assert_memory_equal(&t, &before, sizeof t);
}

static void test_closable(void **state)
{
	struct tn_definition d = def(TN_QD96_2023);
	struct tn_meeting m = {.fact = {10, 7, 7, 2}};
	struct tn_tally t;
	struct tn_err e;

	(void)state;
	tally_init(&t, &d);
	assert_int_equal(tally_check_closable(&t, &e), TN_EDATA);
	assert_string_equal(
	    e.msg, "the number of members present is not recorded (tinnhiem meeting --present N)");
	tally_meeting(&t, &m);
	add(&t, "111");
	assert_int_equal(tally_check_closable(&t, &e), TN_EDATA);
	assert_string_equal(e.msg, "1 ballots entered (not void), but 2 collected");
	add(&t, "222");
	assert_int_equal(tally_check_closable(&t, &e), 0);
	m = (struct tn_meeting){.fact = {10, 6, TN_UNSET, TN_UNSET}};
	tally_meeting(&t, &m); /* 6 of 10 is under two thirds */
	assert_int_equal(tally_check_closable(&t, &e), TN_EDATA);
	assert_string_equal(e.msg, "issued (7) exceeds present (6)");
	m = (struct tn_meeting){.fact = {TN_UNSET, TN_UNSET, 6, 2}};
	tally_meeting(&t, &m);
	assert_int_equal(tally_check_closable(&t, &e), TN_EDATA);
	assert_string_equal(e.msg, "no quorum: 6 present of 10 convened, fewer than two thirds");
}

static void test_canonical(void **state)
{
	struct tn_definition d = def(TN_QD96_2023);
	struct tn_meeting m = {.fact = {10, 9, 9, 3}};
	uint8_t h[32] = {0};
	struct tn_buf b = {0};
	struct tn_tally t;

	(void)state;
	tally_init(&t, &d);
	tally_meeting(&t, &m);
	add(&t, "333");
	add(&t, "331");
	add(&t, "230");
	tally_canonical(&t, h, 4, h, &b);
	assert_string_equal(
	    buf_cstr(&b),
	    "tinnhiem-tally 1\n"
	    "definition\t0000000000000000000000000000000000000000000000000000000000000000\n"
	    "records\t4\t0000000000000000000000000000000000000000000000000000000000000000\n"
	    "rules\tqd96-2023\tcollected\tballot\n"
	    "meeting\t10\t9\t9\t3\n"
	    "ballots\t3\t2\t1\t0\n"
	    "reasons\t0\t0\t0\t0\t1\n"
	    "base\t3\n"
	    "quorum\tyes\n"
	    "member\t1\t0\t0\t2\t1\t0.00\t0.00\t66.67\ttwo_thirds\n"
	    "member\t2\t0\t0\t2\t1\t0.00\t0.00\t66.67\ttwo_thirds\n"
	    "member\t3\t1\t0\t1\t1\t33.33\t0.00\t33.33\t-\n");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bases),
	    cmocka_unit_test(test_row_and_ballot_scope),
	    cmocka_unit_test(test_void_counts_nowhere),
	    cmocka_unit_test(test_closable),
	    cmocka_unit_test(test_canonical),
	};

	chain_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
