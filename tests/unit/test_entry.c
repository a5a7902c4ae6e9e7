/* The ballot line grammar: every valid form, and the refusals with their messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tinnhiem/entry.h"

struct good_case {
	const char *line;
	bool interactive;
	enum tn_line kind;
	const char *reading; /* for ballots */
};

static const struct good_case good[] = {
    {"123012312", false, TN_LINE_BALLOT, "123012312"},
    {"1 2 3 0 1 2 3 1 2", false, TN_LINE_BALLOT, "123012312"},
    {"  1 2 3\t0 1 2 3 1 2  ", false, TN_LINE_BALLOT, "123012312"},
    {"12301 2312\n", false, TN_LINE_BALLOT, "123012312"},
    {"123012312\r\n", false, TN_LINE_BALLOT, "123012312"},
    {"000000000", false, TN_LINE_BALLOT, "000000000"},
    {"333333333", false, TN_LINE_BALLOT, "333333333"},
    {"x", false, TN_LINE_BALLOT, "x"},
    {"X", false, TN_LINE_BALLOT, "x"},
    {"x1", false, TN_LINE_BALLOT, "x1"},
    {"x 2", false, TN_LINE_BALLOT, "x2"},
    {"x  3", false, TN_LINE_BALLOT, "x3"},
    {"x\t4", false, TN_LINE_BALLOT, "x4"},
    {"", false, TN_LINE_NOTHING, NULL},
    {"   ", false, TN_LINE_NOTHING, NULL},
    {"\n", false, TN_LINE_NOTHING, NULL},
    {"# comment 1 2 3", false, TN_LINE_NOTHING, NULL},
    {"  # indented comment", false, TN_LINE_NOTHING, NULL},
    {"u", true, TN_LINE_UNDO, NULL},
    {"?", true, TN_LINE_HELP, NULL},
    {" u ", true, TN_LINE_UNDO, NULL},
};

static void test_valid_forms(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		struct tn_ballot b;
		enum tn_line kind;
		struct tn_err e;
		char reading[300];

		if (entry_parse_line(good[i].line, strlen(good[i].line), 9, good[i].interactive,
				     &kind, &b, &e) < 0)
			fail_msg("\"%s\" refused: %s", good[i].line, e.msg);
		assert_int_equal(kind, good[i].kind);
		if (kind != TN_LINE_BALLOT)
			continue;
		record_reading(&b, reading);
		assert_string_equal(reading, good[i].reading);
		assert_int_equal(b.crossed, good[i].reading[0] == 'x');
	}
}

struct bad_case {
	const char *line;
	bool interactive;
	const char *msg;
};

/* the message for a reason after x that is no ground's number */
#define NOT_A_GROUND                                                                                \
	"the reason after x is the number of a ground: 1, 2 or 4, or 3 where the vote follows QĐ " \
	"262"

/* the message for a paper number out of range or with leading zeros */
#define NOT_A_PAPER "a paper number is written from 1 to 999999999999, without leading zeros"

static const struct bad_case bad[] = {
    {"12301231", false, "8 marks, expected 9 (one per member)"},
    {"1230123123", false, "10 marks, expected 9 (one per member)"},
    {"1", false, "1 marks, expected 9 (one per member)"},
    {"1 2 3 0 1 2 3 1", false, "8 marks, expected 9 (one per member)"},
    {"12301231a", false,
     "unknown mark \"a\" at position 9 (marks are 1, 2, 3, 0, or x for an "
     "invalid ballot)"},
    {"4", false,
     "unknown mark \"4\" at position 1 (marks are 1, 2, 3, 0, or x for an invalid "
     "ballot)"},
    {"123412312", false,
     "unknown mark \"4\" at position 4 (marks are 1, 2, 3, 0, or x for an "
     "invalid ballot)"},
    {"1-2-3", false,
     "unknown mark \"-\" at position 2 (marks are 1, 2, 3, 0, or x for an "
     "invalid ballot)"},
    {"1,2,3,0,1,2,3,1,2", false,
     "unknown mark \",\" at position 2 (marks are 1, 2, 3, 0, or x "
     "for an invalid ballot)"},
    {"12301231ồ", false,
     "unknown mark \"ồ\" at position 9 (marks are 1, 2, 3, 0, or x for an "
     "invalid ballot)"},
    {"12301231x", false,
     "unknown mark \"x\" at position 9 (marks are 1, 2, 3, 0, or x for an "
     "invalid ballot)"},
    {"x 9", false, "\"x 9\": " NOT_A_GROUND},
    {"x 0", false, "\"x 0\": " NOT_A_GROUND},
    {"x 12", false, "\"x 12\": " NOT_A_GROUND},
    {"x5", false, "\"x5\": " NOT_A_GROUND},
    {"x a", false, "\"x a\": " NOT_A_GROUND},
    {"x 1 2", false, "\"x 1 2\": " NOT_A_GROUND},
    {"xx", false, "\"xx\": " NOT_A_GROUND},
    {"0: 123123123", false, "\"0:\": " NOT_A_PAPER},
    {"017: 123123123", false, "\"017:\": " NOT_A_PAPER},
    {"1000000000000: 123123123", false, "\"1000000000000:\": " NOT_A_PAPER},
    {"99999999999999999999: 1", false, "\"99999999999999999999:\": " NOT_A_PAPER},
    {"u", false, "\"u\" works only when typing at a terminal"},
    {"?", false, "\"?\" works only when typing at a terminal"},
    {"uu", true,
     "unknown mark \"u\" at position 1 (marks are 1, 2, 3, 0, or x for an invalid "
     "ballot)"},
    {"12301231 ?", true,
     "unknown mark \"?\" at position 9 (marks are 1, 2, 3, 0, or x for an "
     "invalid ballot)"},
    {"１23012312", false,
     "unknown mark \"１\" at position 1 (marks are 1, 2, 3, 0, or x for an "
     "invalid ballot)"},
};

static void test_invalid_lines(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct tn_ballot b;
		enum tn_line kind;
		struct tn_err e;

		int rc = entry_parse_line(bad[i].line, strlen(bad[i].line), 9, bad[i].interactive,
					  &kind, &b, &e);

		if (rc >= 0)
			fail_msg("\"%s\" accepted", bad[i].line);
		assert_int_equal(rc, TN_EDATA);
		assert_int_equal(e.code, TN_EDATA);
		if (strcmp(e.msg, bad[i].msg) != 0)
			fail_msg("\"%s\":\n got  %s\n want %s", bad[i].line, e.msg, bad[i].msg);
	}
}

static void test_nul_byte(void **state)
{
	struct tn_ballot b;
	enum tn_line kind;
	struct tn_err e;

	(void)state;
	assert_int_equal(entry_parse_line("123\0"
					  "12312",
					  9, 9, false, &kind, &b, &e),
			 TN_EDATA);
	assert_string_equal(e.msg, "the line holds a NUL byte");
}

/* The verdict the rules give: a 0 row voids the ballot under qd96-2023 only. */
static void test_judge(void **state)
{
	struct tn_rules ballot = rules_for_profile(TN_QD96_2023);
	struct tn_rules row = rules_for_profile(TN_NQ96_2023);
	struct tn_ballot b;
	enum tn_line kind;
	struct tn_err e;

	(void)state;
	assert_int_equal(entry_parse_line("120", 3, 3, false, &kind, &b, &e), 0);
	record_judge_ballot(&b, &ballot);
	assert_false(b.valid);
	assert_int_equal(b.reason, TN_REASON_ROW);
	record_judge_ballot(&b, &row);
	assert_true(b.valid);
	assert_int_equal(entry_parse_line("123", 3, 3, false, &kind, &b, &e), 0);
	record_judge_ballot(&b, &ballot);
	assert_true(b.valid);
	assert_int_equal(entry_parse_line("x 2", 3, 3, false, &kind, &b, &e), 0);
	record_judge_ballot(&b, &row);
	assert_false(b.valid);
	assert_int_equal(b.reason, 2);
}

/* Serial lists for void: each malformed one refused with the same advice; the limits exact. */
static void test_serials(void **state)
{
	static const char *const refused[] = {"",
					      "0",
					      "5-3",
					      "1-2-3",
					      ",1",
					      "1,",
					      "1,,2",
					      "a",
					      "1-x",
					      "01",
					      "1 2",
					      "-5",
					      "1-",
					      "1-01",
					      "2-1",
					      "1000000000000",
					      "1-1000000000000"};
	struct tn_err e;
	uint64_t *list;
	size_t n;
	char want[128];

	(void)state;
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		int rc = entry_parse_papers(refused[i], &list, &n, &e);

		snprintf(want, sizeof want,
			 "not paper numbers: \"%s\" (write 17, 32-41 or 17,32-41,45)", refused[i]);
		if (rc >= 0 || rc != TN_EUSAGE || e.code != rc || strcmp(e.msg, want) != 0)
			fail_msg("\"%s\": rc %d \"%s\"", refused[i], rc, e.msg);
	}
	/* the twins, and the limits: 100000 serials at once, serials below 10^12 */
	assert_int_equal(entry_parse_papers("17,32-34,45", &list, &n, &e), 0);
	assert_int_equal(n, 5);
	assert_int_equal(list[1], 32);
	assert_int_equal(list[3], 34);
	assert_int_equal(list[4], 45);
	free(list);
	assert_int_equal(entry_parse_papers("3-3", &list, &n, &e), 0);
	assert_int_equal(n, 1);
	free(list);
	assert_int_equal(entry_parse_papers("999999999999", &list, &n, &e), 0);
	assert_int_equal(list[0], 999999999999ULL);
	free(list);
	assert_int_equal(entry_parse_papers("1-100000", &list, &n, &e), 0);
	assert_int_equal(n, 100000);
	free(list);
	assert_int_equal(entry_parse_papers("1-99999,200000", &list, &n, &e), 0);
	assert_int_equal(n, 100000);
	free(list);
	/* a paper named twice: refused, with the lowest such (all or none would fail on it) */
	assert_int_equal(entry_parse_papers("3,3", &list, &n, &e), TN_EUSAGE);
	assert_string_equal(e.msg, "\"3,3\": paper 3 is named twice");
	assert_int_equal(entry_parse_papers("9,1-5,4,9", &list, &n, &e), TN_EUSAGE);
	assert_string_equal(e.msg, "\"9,1-5,4,9\": paper 4 is named twice");
	assert_int_equal(entry_parse_papers("1-99999,7", &list, &n, &e), TN_EUSAGE);
	assert_string_equal(e.msg, "\"1-99999,7\": paper 7 is named twice");
	assert_int_equal(entry_parse_papers("1-100001", &list, &n, &e), TN_EUSAGE);
	assert_string_equal(e.msg, "\"1-100001\": more than 100000 papers at once");
	assert_int_equal(entry_parse_papers("1-99999,7,8", &list, &n, &e), TN_EUSAGE);
	assert_string_equal(e.msg, "\"1-99999,7,8\": more than 100000 papers at once");
}

/* The twins of the refused paper numbers: 1 and the highest, before marks or an x. */
static void test_paper_numbers(void **state)
{
	struct tn_ballot b;
	enum tn_line kind;
	struct tn_err e;

	(void)state;
	assert_int_equal(entry_parse_line("1: 123123123", 12, 9, false, &kind, &b, &e), 0);
	assert_int_equal(b.paper, 1);
	assert_string_equal(b.marks, "123123123");
	assert_int_equal(entry_parse_line("999999999999:x 2", 16, 9, false, &kind, &b, &e), 0);
	assert_int_equal(b.paper, 999999999999ULL);
	assert_true(b.crossed);
	assert_int_equal(b.reason, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid_forms), cmocka_unit_test(test_invalid_lines),
	    cmocka_unit_test(test_serials),	cmocka_unit_test(test_nul_byte),
	    cmocka_unit_test(test_judge),	cmocka_unit_test(test_paper_numbers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
