/* Bundles: the test vector verifies, and every single-byte change of it is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* A refusal: a negative return, the code left in e, and one of the two codes of bad data. */
static bool refused_as_forged(int rc, const struct tn_err *e)
{
	return rc < 0 && rc == e->code && (rc == TN_EVERIFY || rc == TN_EDATA);
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
			if (!refused_as_forged(check(copy, bundle_len, &d, &r, &e), &e))
				fail_msg("byte %zu changed by %d: not refused (%s)", i, delta,
					 e.msg);
			refused++;
		}
	}
	assert_int_equal(refused, 3 * bundle_len); /* deltas 1, 128 and 255 */
	free(copy);
}

/* The first place of needle in the n bytes at hay, or NULL. */
static char *find(const char *hay, size_t n, const char *needle, size_t len)
{
	for (size_t i = 0; i + len <= n; i++)
		if (memcmp(hay + i, needle, len) == 0)
			return (char *)hay + i;
	return NULL;
}

/* The vector with the first "from" replaced by "to" (NULL "from": "to" appended), malloc'd. */
static char *edited(const char *from, const char *to, size_t *len)
{
	const char *at = from ? find(bundle, bundle_len, from, strlen(from)) : bundle + bundle_len;
	size_t head, tail, n;
	char *out;

	assert_non_null(at);
	head = (size_t)(at - bundle);
	tail = bundle_len - head - (from ? strlen(from) : 0);
	n = head + strlen(to) + tail;
	out = malloc(n + 1);
	assert_non_null(out);
	memcpy(out, bundle, head);
	memcpy(out + head, to, strlen(to));
	memcpy(out + head + strlen(to), at + (from ? strlen(from) : 0), tail);
	*len = n;
	return out;
}

static void expect_refused(const char *data, size_t len, int code, const char *message)
{
	struct tn_definition d;
	struct tn_replay r;
	struct tn_err e;
	int rc = check(data, len, &d, &r, &e);

	if (rc >= 0 || rc != code || e.code != code || strcmp(e.msg, message) != 0)
		fail_msg("rc %d \"%s\", wanted %d \"%s\"", rc, e.msg, code, message);
}

/*
 * Each check of the bundle's layout reached alone: the hashes stay right wherever the edit
 * leaves them, so only the check aimed at can refuse, with its exact message and code.
 */
static void test_layout_refusals(void **state)
{
	static const char head24[] =
	    "\t275a4f6aa93f31e6ffa4ea17ed29e521b0c3c122cc8c1141eb74e024bd8cb6dd\n";
	static const struct {
		const char *from, *to;
		int code;
		const char *msg;
	} cases[] = {
	    /* the magic line: exactly, not a prefix of it, not empty, not more */
	    {"tinnhiem-bundle 1\n", "tinnhiem-bundle\n", TN_EDATA,
	     "small.bundle: not a tinnhiem bundle"},
	    {"tinnhiem-bundle 1\n", "tinnhiem-bundle \n", TN_EDATA,
	     "small.bundle: not a tinnhiem bundle"},
	    {"tinnhiem-bundle 1\n", "\n", TN_EDATA, "small.bundle: not a tinnhiem bundle"},
	    {"tinnhiem-bundle 1\n", "tinnhiem-bundle 12\n", TN_EDATA,
	     "small.bundle: not a tinnhiem bundle"},
	    /* lines: a CR or a NUL, a record without its hash or its tab */
	    {"\nend\n", "\nend\r\n", TN_EDATA, "small.bundle:46: stray NUL or CR byte"},
	    {head24, "\n", TN_EDATA,
	     "small.bundle:24: malformed bundle: a record line must end in a tab and its hash"},
	    {"5\t275a4f6a", "5 275a4f6a", TN_EDATA,
	     "small.bundle:24: malformed bundle: a record line must end in a tab and its hash"},
	    /* the hashes written beside the blocks */
	    {"definition-hash\t243e", "definition-hash\t243f", TN_EVERIFY,
	     "small.bundle:23: definition hash does not match"},
	    {"definition-hash\t243e", "definition-hash\tx43e", TN_EDATA,
	     "small.bundle:23: malformed bundle: definition hash"},
	    /* without its hash line the definition never ends */
	    {"definition-hash\t243e", "definition-hash 243e", TN_EDATA,
	     "small.bundle:46: malformed bundle: unexpected end of file"},
	    {"tally-hash\t9212", "tally-hash\t9213", TN_EVERIFY,
	     "small.bundle:45: tally hash does not match"},
	    /* the tally block: a figure changed, its last line gone */
	    {"base\t5\n", "base\t6\n", TN_EVERIFY,
	     "small.bundle:33: the tally written in the bundle differs from the tally of its "
	     "records"},
	    {"member\t3\t0\t1\t2\t2\t0.00\t20.00\t40.00\t-\n", "", TN_EVERIFY,
	     "small.bundle:33: the tally written in the bundle differs from the tally of its "
	     "records"},
	    /* the ending */
	    {"\nend\n", "\nfin\n", TN_EDATA, "small.bundle:46: malformed bundle: expected \"end\""},
	    {NULL, "end\n", TN_EDATA, "small.bundle:47: malformed bundle: text after \"end\""},
	    {"\nend\n", "\n", TN_EDATA, "small.bundle:45: malformed bundle: expected \"end\""},
	    {"\nend\n", "\nend", TN_EDATA, "small.bundle:46: the line does not end in a newline"},
	};

	char *copy, *at;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t len;
		char *text = edited(cases[i].from, cases[i].to, &len);
		expect_refused(text, len, cases[i].code, cases[i].msg);
		free(text);
	}
	/* a NUL byte in a record line: the first ballot's marks */
	copy = malloc(bundle_len);
	memcpy(copy, bundle, bundle_len);
	at = find(copy, bundle_len, "ballot\t1\t1\t123", 14);
	assert_non_null(at);
	at[12] = '\0';
	expect_refused(copy, bundle_len, TN_EDATA, "small.bundle:25: stray NUL or CR byte");
	free(copy);
}

/* The seal and the records: dropped or cut short, each refused by its own check. */
static void test_seal_and_end(void **state)
{
	const char *seal = find(bundle, bundle_len, "\nseal\t", 6) + 1;
	const char *tally = find(bundle, bundle_len, "\ntinnhiem-tally 1\n", 18) + 1;
	struct tn_buf b = {0};

	(void)state;
	/* the seal line dropped: every other hash is still right */
	buf_put(&b, bundle, (size_t)(seal - bundle));
	buf_put(&b, tally, bundle_len - (size_t)(tally - bundle));
	expect_refused(b.data, b.len, TN_EVERIFY, "small.bundle: the bundle has no seal");
	/* the file cut after the seal, before the tally */
	buf_reset(&b);
	buf_put(&b, bundle, (size_t)(tally - bundle));
	expect_refused(b.data, b.len, TN_EDATA,
		       "small.bundle:32: malformed bundle: unexpected end of file");
	/* nothing at all */
	expect_refused("", 0, TN_EDATA, "small.bundle: not a tinnhiem bundle");
	buf_free(&b);
}

/* A line of MAX_LINE (8192) bytes with its newline is read; one more byte is refused. */
static void test_line_limit(void **state)
{
	struct tn_buf b = {0};

	(void)state;
	for (int i = 0; i < 8191; i++)
		buf_putc(&b, 'x');
	buf_putc(&b, '\n');
	expect_refused(b.data, b.len, TN_EDATA, "small.bundle: not a tinnhiem bundle");
	buf_reset(&b);
	for (int i = 0; i < 8192; i++)
		buf_putc(&b, 'x');
	buf_putc(&b, '\n');
	expect_refused(b.data, b.len, TN_EDATA, "small.bundle:1: line longer than 8192 bytes");
	buf_free(&b);
}

/* A block (here the definition) of 4 MiB is read to its end; one byte more is refused. */
static void test_block_limit(void **state)
{
	struct tn_buf b = {0};

	(void)state;
	buf_puts(&b, "tinnhiem-bundle 1\n");
	for (int i = 0; i < 512; i++) {
		for (int j = 0; j < 8191; j++)
			buf_putc(&b, 'x');
		buf_putc(&b, '\n');
	}
	expect_refused(b.data, b.len, TN_EDATA,
		       "small.bundle:513: malformed bundle: unexpected end of file");
	buf_puts(&b, "x\n");
	expect_refused(b.data, b.len, TN_EDATA,
		       "small.bundle:514: malformed bundle: block too long");
	buf_free(&b);
}

/* The voids are read first, then the records: a bundle that cannot be read twice is refused. */
static void test_pipe(void **state)
{
	struct tn_definition d;
	struct tn_replay r;
	struct tn_err e;
	int fds[2], rc;
	FILE *f;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], bundle, bundle_len), (ssize_t)bundle_len);
	close(fds[1]);
	f = fdopen(fds[0], "r");
	assert_non_null(f);
	rc = bundle_verify(f, "small.bundle", NULL, &d, &r, &e);
	fclose(f);
	assert_int_equal(rc, TN_EIO);
	assert_int_equal(e.code, TN_EIO);
	assert_string_equal(e.msg, "small.bundle: cannot read it twice (not a regular file)");
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
		if (!refused_as_forged(check(b.data, b.len, &d, &r, &e), &e))
			fail_msg("line at byte %zu dropped: not refused (%s)", start, e.msg);
		buf_reset(&b);
		buf_put(&b, bundle, i + 1);
		buf_put(&b, bundle + start, bundle_len - start);
		if (!refused_as_forged(check(b.data, b.len, &d, &r, &e), &e))
			fail_msg("line at byte %zu doubled: not refused (%s)", start, e.msg);
		start = i + 1;
	}
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_vector_verifies),
	    cmocka_unit_test(test_every_byte_changed),
	    cmocka_unit_test(test_layout_refusals),
	    cmocka_unit_test(test_seal_and_end),
	    cmocka_unit_test(test_line_limit),
	    cmocka_unit_test(test_block_limit),
	    cmocka_unit_test(test_pipe),
	    cmocka_unit_test(test_every_line_dropped_or_doubled),
	};

	chain_init();
	return cmocka_run_group_tests(tests, load, unload);
}
