/* Bundles: the test vector verifies, and every single-byte change of it is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tinnhiem/bundle.h"
#include "tinnhiem/chain.h"
#include "tinnhiem/sign.h"

static char *bundle;
static size_t bundle_len;

static int load(void **state)
{
	char path[4096];
	struct tn_err e;

	(void)state;
	snprintf(path, sizeof path, "%s/small.bundle", getenv("TN_VECTORS"));
	return read_small_file(path, 1 << 20, &bundle, &bundle_len, &e);
}

static int unload(void **state)
{
	(void)state;
	free(bundle);
	return 0;
}

static int check(const char *data, size_t len, struct tn_definition *d, struct tn_replay *r,
		 struct tn_err *e)
{
	FILE *f = fmemopen((void *)data, len, "r");
	int rc;

	assert_non_null(f);
	rc = bundle_verify(f, "small.bundle", NULL, d, r, e);
	fclose(f);
	return rc;
}

static void test_vector_verifies(void **state)
{
	struct tn_definition d;
	struct tn_replay r;
	struct tn_err e;
	char hex[65];

	(void)state;
	if (check(bundle, bundle_len, &d, &r, &e) < 0)
		fail_msg("%s", e.msg);
	assert_true(r.sealed);
	assert_true(r.seal.is_signed);
	hex_encode(r.seal.tally_hash, 32, hex);
	assert_string_equal(hex,
			    "92129e00aeddc0ee774b74ff17172a45b18293ce08e8ad71d7e347e1b6ce453a");
	/* five ballots in, one void: 3 valid, one crossed (reason 2), one with a 0 row */
	assert_int_equal(r.tally.entered, 5);
	assert_int_equal(r.tally.voided, 1);
	assert_int_equal(r.tally.valid, 3);
	assert_int_equal(r.tally.invalid, 2);
	assert_int_equal(r.tally.reasons[2], 1);
	assert_int_equal(r.tally.reasons[4], 1);
	assert_int_equal(r.tally.m[0].high, 3);
	assert_int_equal(r.tally.m[2].low, 2);
	replay_free(&r);
	definition_free(&d);
}

static void test_every_byte_changed(void **state)
{
	char *copy = malloc(bundle_len);
	size_t refused = 0;

	(void)state;
	for (size_t i = 0; i < bundle_len; i++) {
		for (int delta = 1; delta <= 255; delta += 127) {
			struct tn_definition d;
			struct tn_replay r;
			struct tn_err e;

			memcpy(copy, bundle, bundle_len);
			copy[i] = (char)(copy[i] + delta);
			if (check(copy, bundle_len, &d, &r, &e) == 0)
				fail_msg("byte %zu changed by %d was accepted", i, delta);
			assert_true(e.code == TN_EVERIFY || e.code == TN_EDATA);
			refused++;
		}
	}
	assert_int_equal(refused, 3 * bundle_len); /* deltas 1, 128 and 255 */
	free(copy);
}

/* Dropping or doubling any one line is refused too. */
static void test_every_line_dropped_or_doubled(void **state)
{
	struct tn_buf b = {0};
	size_t start = 0;

	(void)state;
	for (size_t i = 0; i < bundle_len; i++) {
		struct tn_definition d;
		struct tn_replay r;
		struct tn_err e;

		if (bundle[i] != '\n')
			continue;
		buf_reset(&b);
		buf_put(&b, bundle, start);
		buf_put(&b, bundle + i + 1, bundle_len - i - 1);
		if (check(b.data, b.len, &d, &r, &e) == 0)
			fail_msg("line at byte %zu dropped: accepted", start);
		buf_reset(&b);
		buf_put(&b, bundle, i + 1);
		buf_put(&b, bundle + start, bundle_len - start);
		if (check(b.data, b.len, &d, &r, &e) == 0)
			fail_msg("line at byte %zu doubled: accepted", start);
		start = i + 1;
	}
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_vector_verifies),
	    cmocka_unit_test(test_every_byte_changed),
	    cmocka_unit_test(test_every_line_dropped_or_doubled),
	};

	chain_init();
	return cmocka_run_group_tests(tests, load, unload);
}
