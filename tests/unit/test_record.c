/* Record lines: their one canonical form, the chain over them, and refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tinnhiem/chain.h"
#include "tinnhiem/record.h"

static const char *const good[] = {
    "meeting\t35\t33\t33\t33",
    "meeting\t-\t-\t-\t0",
    "ballot\t1\t1\t123\tvalid",
    "ballot\t2\t17\t120\tinvalid:4",
    "ballot\t1\t3\tx\tinvalid:0",
    "ballot\t1\t4\tx3\tinvalid:3",
    "void\t1\t3\tnhập nhầm",
    "seal\t0000000000000000000000000000000000000000000000000000000000000000\t-\t-\t-",
};

static void test_round_trip(void **state)
{
	struct tn_rules rules = rules_for_profile(TN_QD96_2023);

	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		struct tn_record r;
		struct tn_buf b = {0};
		struct tn_err e;

		if (record_parse(good[i], strlen(good[i]), 3, &rules, &r, &e) < 0)
			fail_msg("\"%s\" refused: %s", good[i], e.msg);
		record_format(&r, &b);
		assert_string_equal(buf_cstr(&b), good[i]);
		buf_free(&b);
	}
}

static const char *const bad[] = {
    "",
    "meeting",
    "meeting\t-\t-\t-\t-",	/* says nothing */
    "meeting\t35\t33\t33",	/* a field short */
    "meeting\t035\t33\t33\t33", /* leading zero */
    "meeting\t-1\t33\t33\t33",
    "ballot\t1\t1\t12\tvalid", /* two marks for three members */
    "ballot\t1\t1\t124\tvalid",
    "ballot\t3\t1\t123\tvalid", /* no pass 3 */
    "ballot\t1\t0\t123\tvalid", /* serials start at 1 */
    "ballot\t1\t01\t123\tvalid",
    "ballot\t1\t1\t120\tvalid",	    /* the rules say invalid:4 */
    "ballot\t1\t1\t123\tinvalid:4", /* the rules say valid */
    "ballot\t1\t1\tx5\tinvalid:5",
    "ballot\t1\t1\tx2\tinvalid:3",
    "ballot\t1\t1\t123\tvalid\textra",
    "void\t1\t3\t",	       /* a void needs a reason */
    "void\t1\t3\ttwo  spaces", /* not canonical text */
    "void\t1\t3\ta\x01z",
    "seal\t00\t-\t-\t-",
    "seal\t0000000000000000000000000000000000000000000000000000000000000000\tab\t-\t-",
    "SEAL\t0000000000000000000000000000000000000000000000000000000000000000\t-\t-\t-",
    "party\t1",
};

static void test_refusals(void **state)
{
	struct tn_rules rules = rules_for_profile(TN_QD96_2023);

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct tn_record r;
		struct tn_err e;

		if (record_parse(bad[i], strlen(bad[i]), 3, &rules, &r, &e) == 0)
			fail_msg("\"%s\" accepted", bad[i]);
	}
}

/* The first chain step of the vectors (docs/formats.md), recomputed from its parts. */
static void test_chain_vector(void **state)
{
	uint8_t d[32], h[32];
	char hex[65];
	const char *line = "meeting\t-\t5\t5\t5";

	(void)state;
	assert_int_equal(
	    hex_decode("243ebe21a8dbf38cf1907ec98e986eb16cf2e3be059a2dde10f83f9ad96a8be3", 64, d,
		       32),
	    0);
	chain_extend(d, line, strlen(line), h);
	hex_encode(h, 32, hex);
	assert_string_equal(hex,
			    "275a4f6aa93f31e6ffa4ea17ed29e521b0c3c122cc8c1141eb74e024bd8cb6dd");
	/* the same bytes under another tag give another hash */
	chain_tally_hash(line, strlen(line), h);
	hex_encode(h, 32, hex);
	assert_string_not_equal(hex,
				"275a4f6aa93f31e6ffa4ea17ed29e521b0c3c122cc8c1141eb74e024bd8cb6dd");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_chain_vector),
	};

	chain_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
