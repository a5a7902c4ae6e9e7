/* Record lines: their one canonical form, the chain over them, and refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tinnhiem/chain.h"
#include "tinnhiem/record.h"

#define KEYID "bbb2f8d62a4d47f4"
#define PK    "2f437cb01a67b8fee1aca121d0009d412007ab6c0771edce5775964a92fab92d"
#define SIG                                                                                        \
	"0000000000000000000000000000000000000000000000000000000000000000"                         \
	"0000000000000000000000000000000000000000000000000000000000000000"

static const char *const good[] = {
    "meeting\t35\t33\t33\t33",
    "meeting\t-\t-\t-\t0",
    /* the long form: the times of the count and the hall, each - when not given */
    "meeting\t-\t-\t-\t-\t14:05\t-\t-",
    "meeting\t35\t33\t33\t33\t00:00\t23:59\tHội trường tầng 3, trụ sở Đảng ủy Khối",
    "meeting\t-\t-\t-\t-\t-\t-\tHội trường A",
    "meeting\t-\t-\t-\t-\t-\t09:30\t-",
    "ballot\t1\t1\t123\tvalid",
    "ballot\t2\t17\t120\tinvalid:4",
    "ballot\t1\t3\tx\tinvalid:0",
    "ballot\t1\t4\tx3\tinvalid:3",
    "void\t1\t3\tnhập nhầm",
    "seal\t0000000000000000000000000000000000000000000000000000000000000000\t-\t-\t-",
    /* a paper held as doubtful, in either pass, with its paper number when not the serial */
    "ballot\t1\t2\t?\theld",
    "ballot\t2\t5\t?\theld\t2",
    /* the board's decision on held ballot 2 of pass 1, and a member's signature */
    "decision\t2\t113\tvalid\tdấu ở hàng 3 nằm trong ô tín nhiệm thấp",
    "decision\t4\tx4\tinvalid:4\thàng 2 đánh dấu hai ô",
    ("signature\t2\t" KEYID "\t" PK "\t" SIG),
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

#define MALFORMED(kind) TN_EDATA, "malformed " kind " record"

static const struct {
	const char *line;
	int code;
	const char *msg;
} bad[] = {
    {"", TN_EDATA, "unknown record kind \"\""},
    {"meeting", MALFORMED("meeting")},
    {"meeting\t-\t-\t-\t-", MALFORMED("meeting")},	/* says nothing */
    {"meeting\t35\t33\t33", MALFORMED("meeting")},	/* a field short */
    {"meeting\t035\t33\t33\t33", MALFORMED("meeting")}, /* leading zero */
    {"meeting\t-1\t33\t33\t33", MALFORMED("meeting")},
    {"meeting\t1000000000000\t-\t-\t-", MALFORMED("meeting")},	      /* TN_MAX_COUNT */
    {"ballot\t1\t1\t12\tvalid", TN_EDATA, "malformed ballot record"}, /* two marks, 3 members */
    {"ballot\t1\t1\t1234\tvalid", TN_EDATA, "malformed ballot record"},
    {"ballot\t1\t1\t124\tvalid", TN_EDATA, "malformed ballot record"},
    {"ballot\t3\t1\t123\tvalid", TN_EDATA, "malformed ballot record"}, /* no pass 3 */
    {"ballot\t0\t1\t123\tvalid", TN_EDATA, "malformed ballot record"},
    {"ballot\t1\t0\t123\tvalid", TN_EDATA, "malformed ballot record"}, /* serials start at 1 */
    {"ballot\t1\t01\t123\tvalid", TN_EDATA, "malformed ballot record"},
    {"ballot\t1\t1000000000000\t123\tvalid", TN_EDATA, "malformed ballot record"},
    {"ballot\t1\t1\tx0\tinvalid:0", TN_EDATA, "malformed ballot record"},
    {"ballot\t1\t1\tx5\tinvalid:5", TN_EDATA, "malformed ballot record"},
    {"ballot\t1\t1\tx12\tinvalid:1", TN_EDATA, "malformed ballot record"},
    {"ballot\t1\t1\t120\tvalid", TN_EVERIFY, /* the rules say invalid:4 */
     "ballot 1/1: verdict \"valid\" is not what the rules give"},
    {"ballot\t1\t1\t123\tinvalid:4", TN_EVERIFY, /* the rules say valid */
     "ballot 1/1: verdict \"invalid:4\" is not what the rules give"},
    {"ballot\t2\t7\tx2\tinvalid:3", TN_EVERIFY,
     "ballot 2/7: verdict \"invalid:3\" is not what the rules give"},
    {"ballot\t1\t1\t123\tvalid\textra", TN_EDATA, "malformed ballot record"},
    {"ballot\t1\t1\t123\tvalid\t2", TN_EDATA, "malformed ballot record"}, /* paper above serial */
    {"ballot\t1\t1\t123\tvalid\t1", TN_EDATA, "malformed ballot record"}, /* paper = serial */
    {"ballot\t1\t1\t123\tvalid\textra\tmore", TN_EDATA, "malformed ballot record"},
    {"ballot\t1\t1\t123\tvalid\t1\t2\t3\t4", TN_EDATA, "record has too many fields"},
    {"void\t1\t3\t", MALFORMED("void")},	    /* a void needs a reason */
    {"void\t1\t3\ttwo  spaces", MALFORMED("void")}, /* not canonical text */
    {"void\t1\t3\ta\x01z", MALFORMED("void")},
    {"void\t1\t0\tx", MALFORMED("void")},
    {"void\t3\t1\tx", MALFORMED("void")},
    {"void\t1\t3\tx\ty", MALFORMED("void")},
    {"seal\t00\t-\t-\t-", MALFORMED("seal")},
    {"seal\t0000000000000000000000000000000000000000000000000000000000000000\tab\t-\t-",
     MALFORMED("seal")},
    {"seal\t0000000000000000000000000000000000000000000000000000000000000000\t-\t-",
     MALFORMED("seal")},
    {"seal\t0000000000000000000000000000000000000000000000000000000000000000\t-\t-\t-\t-",
     MALFORMED("seal")},
    {"SEAL\t0000000000000000000000000000000000000000000000000000000000000000\t-\t-\t-", TN_EDATA,
     "unknown record kind \"SEAL\""},
    {"party\t1", TN_EDATA, "unknown record kind \"party\""},
    {"ballot\t1\t2\t?\tvalid", TN_EVERIFY,
     "ballot 1/2: verdict \"valid\" is not what the rules give"}, /* held is its verdict */
    {"ballot\t1\t2\t123\theld", TN_EVERIFY,
     "ballot 1/2: verdict \"held\" is not what the rules give"}, /* held: "?" only */
    {"ballot\t1\t2\t??\theld", TN_EDATA, "malformed ballot record"},
    {"decision\t2\t?\theld\twhy", MALFORMED("decision")}, /* a decision reads the paper */
    {"decision\t2\t113\tinvalid:4\twhy", TN_EVERIFY,
     "ballot 1/2: verdict \"invalid:4\" is not what the rules give"},
    {"decision\t0\t113\tvalid\twhy", MALFORMED("decision")},
    {"decision\t2\t113\tvalid\t", MALFORMED("decision")},	/* a decision needs a reason */
    {"decision\t1\t2\t113\tvalid\twhy", MALFORMED("decision")}, /* no pass: it is pass 1 */
    {("signature\t0\t" KEYID "\t" PK "\t" SIG), MALFORMED("signature")}, /* members from 1 */
    {("signature\t101\t" KEYID "\t" PK "\t" SIG), MALFORMED("signature")},
    {"signature\t2\t-\t-\t-", MALFORMED("signature")},		/* a signature record is signed */
    {("signature\t2\t" KEYID "\t" PK), MALFORMED("signature")}, /* a field short */
};

/* Meeting records refused, each as malformed: the facts, the long form, times and the hall. */
static const char *const bad_meeting[] = {
    "meeting\t-\t-\t-\t-\t-\t-\t-",		      /* says nothing */
    "meeting\t35\t-\t-\t-\t-\t-\t-",		      /* the short form says this */
    "meeting\t-\t-\t-\t-\t14:05\t-",		      /* a field short */
    "meeting\t35\t-\t-\t-\t-",			      /* one field more than the short form */
    "meeting\t-\t-\t-\t-\t24:00\t-\t-",		      /* no hour 24 */
    "meeting\t-\t-\t-\t-\t9:05\t-\t-",		      /* two digits each */
    "meeting\t-\t-\t-\t-\t09:60\t-\t-",		      /* no minute 60 */
    "meeting\t-\t-\t-\t-\t09.05\t-\t-",		      /* a colon */
    "meeting\t-\t-\t-\t-\t09:05:00\t-\t-",	      /* no seconds */
    "meeting\t-\t-\t-\t-\t-\t-\t",		      /* an empty hall */
    "meeting\t-\t-\t-\t-\t-\t-\tHội  trường",	      /* not canonical text */
    "meeting\t-\t-\t-\t-\t-\t-\t Hội trường",	      /* a leading space */
    "meeting\t-\t-\t-\t-\t-\t-\tHo\xcc\x82\xcc\x80i", /* not NFC */
    "meeting\t-\t-\t-\t-\t-\t-\ta\x01z",
};

static void test_meeting_refusals(void **state)
{
	struct tn_rules rules = rules_for_profile(TN_QD96_2023);
	char line[400];
	struct tn_record r;
	struct tn_err e;

	(void)state;
	for (size_t i = 0; i < sizeof bad_meeting / sizeof *bad_meeting; i++) {
		memset(&e, 0, sizeof e);
		if (record_parse(bad_meeting[i], strlen(bad_meeting[i]), 3, &rules, &r, &e) == 0)
			fail_msg("\"%s\" accepted", bad_meeting[i]);
		assert_int_equal(e.code, TN_EDATA);
		assert_string_equal(e.msg, "malformed meeting record");
	}
	/* a hall of 300 bytes is one; of 301, too long */
	strcpy(line, "meeting\t-\t-\t-\t-\t-\t-\t");
	memset(line + strlen(line), 'a', 301);
	line[strlen("meeting\t-\t-\t-\t-\t-\t-\t") + 301] = '\0';
	assert_int_equal(record_parse(line, strlen(line), 3, &rules, &r, &e), TN_EDATA);
	assert_int_equal(record_parse(line, strlen(line) - 1, 3, &rules, &r, &e), 0);
	assert_int_equal(strlen(r.u.meeting.venue), 300);
	/* one field more than the long form: too many for any record */
	strcpy(line, "meeting\t-\t-\t-\t-\t14:05\t-\t-\tx");
	assert_int_equal(record_parse(line, strlen(line), 3, &rules, &r, &e), TN_EDATA);
	assert_string_equal(e.msg, "record has too many fields");
}

/* What the user typed for the times and the hall: checked, the hall cleaned. */
static void test_meeting_set(void **state)
{
	static const struct {
		const char *started, *ended, *hall, *msg;
	} refused[] = {
	    {"24:00", NULL, NULL,
	     "--started: \"24:00\" is not a time of day (HH:MM, from 00:00 to 23:59)"},
	    {NULL, "7:30", NULL,
	     "--ended: \"7:30\" is not a time of day (HH:MM, from 00:00 to 23:59)"},
	    {"12:5", NULL, NULL,
	     "--started: \"12:5\" is not a time of day (HH:MM, from 00:00 to 23:59)"},
	    {NULL, "", NULL, "--ended: \"\" is not a time of day (HH:MM, from 00:00 to 23:59)"},
	    {NULL, NULL, "-", "--venue: the hall must be 1 to 300 bytes of text, not \"-\""},
	    {NULL, NULL, "   ", "--venue: the hall must be 1 to 300 bytes of text, not \"-\""},
	    {NULL, NULL, "a\tb", "--venue: contains a control character (byte 2)"},
	};
	struct tn_meeting m = {.fact = {TN_UNSET, TN_UNSET, TN_UNSET, TN_UNSET}};
	struct tn_err e;
	char *hall = malloc(400);

	(void)state;
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		memset(&e, 0, sizeof e);
		assert_int_equal(record_meeting_set(&m, refused[i].started, refused[i].ended,
						    refused[i].hall, &e),
				 TN_EDATA);
		assert_string_equal(e.msg, refused[i].msg);
	}
	memset(hall, 'a', 301);
	hall[301] = '\0';
	assert_int_equal(record_meeting_set(&m, NULL, NULL, hall, &e), TN_EDATA);
	/* the twins: the first and last minute of the day, a hall of 300 bytes, a hall cleaned */
	hall[300] = '\0';
	assert_int_equal(record_meeting_set(&m, "00:00", "23:59", hall, &e), 0);
	assert_string_equal(m.started, "00:00");
	assert_string_equal(m.ended, "23:59");
	assert_int_equal(strlen(m.venue), 300);
	memset(&m, 0, sizeof m);
	assert_int_equal(record_meeting_set(&m, NULL, "16:40", " Hội\u00a0 trường  A ", &e), 0);
	assert_string_equal(m.started, "");
	assert_string_equal(m.ended, "16:40");
	assert_string_equal(m.venue, "Hội trường A");
	free(hall);
}

static void test_refusals(void **state)
{
	struct tn_rules rules = rules_for_profile(TN_QD96_2023);

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct tn_record r;
		struct tn_err e = {0};
		int rc = record_parse(bad[i].line, strlen(bad[i].line), 3, &rules, &r, &e);

		if (rc >= 0 || rc != bad[i].code || e.code != rc || strcmp(e.msg, bad[i].msg) != 0)
			fail_msg("\"%s\": rc %d \"%s\", wanted %d \"%s\"", bad[i].line, rc, e.msg,
				 bad[i].code, bad[i].msg);
	}
}

/* Each limit: at the limit a record is read, one past it is refused. */
static void test_limits(void **state)
{
	struct tn_rules rules = rules_for_profile(TN_QD96_2023);
	char line[700], reason[502];
	struct tn_record r;
	struct tn_err e;

	(void)state;
	/* facts and serials below TN_MAX_COUNT (10^12) */
	strcpy(line, "meeting\t999999999999\t999999999999\t-\t0");
	assert_int_equal(record_parse(line, strlen(line), 3, &rules, &r, &e), 0);
	assert_int_equal(r.u.meeting.fact[TN_CONVENED], 999999999999LL);
	assert_int_equal(r.u.meeting.fact[TN_COLLECTED], 0);
	strcpy(line, "ballot\t2\t999999999999\t123\tvalid");
	assert_int_equal(record_parse(line, strlen(line), 3, &rules, &r, &e), 0);
	assert_int_equal(r.u.ballot.serial, 999999999999ULL);
	strcpy(line, "void\t1\t999999999999\tx");
	assert_int_equal(record_parse(line, strlen(line), 3, &rules, &r, &e), 0);
	strcpy(line, "void\t1\t1000000000000\tx");
	assert_int_equal(record_parse(line, strlen(line), 3, &rules, &r, &e), TN_EDATA);
	/* a void's reason: 500 bytes, not 501 */
	memset(reason, 'a', 501);
	reason[500] = '\0';
	snprintf(line, sizeof line, "void\t1\t3\t%s", reason);
	assert_int_equal(record_parse(line, strlen(line), 3, &rules, &r, &e), 0);
	assert_int_equal(r.u.void_.reason_len, 500);
	reason[500] = 'a';
	reason[501] = '\0';
	snprintf(line, sizeof line, "void\t1\t3\t%s", reason);
	assert_int_equal(record_parse(line, strlen(line), 3, &rules, &r, &e), TN_EDATA);
	assert_string_equal(e.msg, "malformed void record");
	/* crossed ballots with reasons 1 to 4, under a definition that allows 3 */
	for (char c = '1'; c <= '4'; c++) {
		snprintf(line, sizeof line, "ballot\t1\t1\tx%c\tinvalid:%c", c, c);
		assert_int_equal(record_parse(line, strlen(line), 3, &rules, &r, &e), 0);
		assert_int_equal(r.u.ballot.reason, c - '0');
	}
	/* a ballot under row scope: a 0 row leaves the ballot valid */
	rules = rules_for_profile(TN_NQ96_2023);
	strcpy(line, "ballot\t1\t1\t120\tvalid");
	assert_int_equal(record_parse(line, strlen(line), 3, &rules, &r, &e), 0);
	assert_true(r.u.ballot.valid);
	strcpy(line, "ballot\t1\t1\t120\tinvalid:4");
	assert_int_equal(record_parse(line, strlen(line), 3, &rules, &r, &e), TN_EVERIFY);
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
	/* the long form of the meeting record, as the first record of the same vote */
	line = "meeting\t-\t-\t-\t-\t14:05\t16:40\tHội trường A";
	chain_extend(d, line, strlen(line), h);
	hex_encode(h, 32, hex);
	assert_string_equal(hex,
			    "20e67f5b0055df8aebe6fdcb4114f7c992dc66c931cfa42bd4e2cc1fab975c52");
	line = "meeting\t-\t5\t5\t5";
	/* the same bytes under another tag give another hash */
	chain_tally_hash(line, strlen(line), h);
	hex_encode(h, 32, hex);
	assert_string_not_equal(hex,
				"275a4f6aa93f31e6ffa4ea17ed29e521b0c3c122cc8c1141eb74e024bd8cb6dd");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip),	cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_limits),	cmocka_unit_test(test_meeting_refusals),
	    cmocka_unit_test(test_meeting_set), cmocka_unit_test(test_chain_vector),
	};

	chain_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
