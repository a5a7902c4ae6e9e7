/* The regulation's arithmetic: percentages, rounding, bands, quorum, profiles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tinnhiem/rules.h"

struct pct_case {
	uint64_t count, base;
	const char *vi, *dot;
};

static const struct pct_case pct_cases[] = {
    {25, 47, "53,19", "53.19"}, /* published result, 2023 */
    {11, 485, "2,27", "2.27"},	/* published result, 2023 */
    {1, 800, "0,13", "0.13"},	/* 0.125 rounds half up */
    {1, 3, "33,33", "33.33"},	{2, 3, "66,67", "66.67"},
    {1, 2, "50,00", "50.00"},	{0, 1, "0,00", "0.00"},
    {1, 1, "100,00", "100.00"}, {47, 47, "100,00", "100.00"},
    {1, 8, "12,50", "12.50"},	{1, 6, "16,67", "16.67"},
    {5, 6, "83,33", "83.33"},	{1, 400, "0,25", "0.25"},
    {1, 1600, "0,06", "0.06"},	/* 0.0625 -> 0.06 */
    {3, 1600, "0,19", "0.19"},	/* 0.1875 -> 0.19 */
    {1, 20000, "0,01", "0.01"}, /* exactly half of 0.01 rounds up */
    {1, 20001, "0,00", "0.00"}, /* just under half rounds down */
    {0, 0, "-", "-"},		/* no base: no percentage */
    {5, 0, "-", "-"},		{999999999999ULL, 999999999999ULL, "100,00", "100.00"},
};

static void test_percentages(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof pct_cases / sizeof *pct_cases; i++) {
		const struct pct_case *c = &pct_cases[i];
		char vi[32], dot[32];
		long long p = rules_pct100(c->count, c->base);

		rules_pct_format(p, ',', vi);
		rules_pct_format(p, '.', dot);
		assert_string_equal(vi, c->vi);
		assert_string_equal(dot, c->dot);
	}
}

struct band_case {
	uint64_t low, base;
	enum tn_band band;
};

static const struct band_case band_cases[] = {
    {0, 0, TN_BAND_NONE},	   {0, 1, TN_BAND_NONE},
    {1, 1, TN_BAND_TWO_THIRDS},	   {1, 2, TN_BAND_NONE}, /* exactly half is not more than half */
    {2, 2, TN_BAND_TWO_THIRDS},	   {1, 3, TN_BAND_NONE},
    {2, 3, TN_BAND_TWO_THIRDS},	   {23, 47, TN_BAND_NONE},
    {24, 47, TN_BAND_OVER_HALF},   {31, 47, TN_BAND_OVER_HALF},
    {32, 47, TN_BAND_TWO_THIRDS}, /* 3 x 32 = 96 >= 94 */
    {242, 485, TN_BAND_NONE},	   {243, 485, TN_BAND_OVER_HALF},
    {323, 485, TN_BAND_OVER_HALF}, {324, 485, TN_BAND_TWO_THIRDS},
    {50, 100, TN_BAND_NONE},	   {51, 100, TN_BAND_OVER_HALF},
    {66, 100, TN_BAND_OVER_HALF},  {67, 100, TN_BAND_TWO_THIRDS},
    {30, 60, TN_BAND_NONE},	   {31, 60, TN_BAND_OVER_HALF},
    {39, 60, TN_BAND_OVER_HALF},   {40, 60, TN_BAND_TWO_THIRDS}, /* L = 2N/3 exactly */
    {41, 60, TN_BAND_TWO_THIRDS},  {60, 60, TN_BAND_TWO_THIRDS},
};

static void test_bands(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof band_cases / sizeof *band_cases; i++) {
		const struct band_case *c = &band_cases[i];

		if (rules_band(c->low, c->base) != c->band)
			fail_msg("band of %llu low in %llu: got %d, want %d",
				 (unsigned long long)c->low, (unsigned long long)c->base,
				 rules_band(c->low, c->base), c->band);
	}
}

/* Rounded percentages must never decide a band: 66.67% of 3 is two thirds, 66.66...% isn't. */
static void test_band_not_from_rounding(void **state)
{
	(void)state;
	/* 2 of 3 rounds to 66.67 and is two thirds; 666 of 1000 rounds to 66.60 and is not */
	assert_int_equal(rules_band(2, 3), TN_BAND_TWO_THIRDS);
	assert_int_equal(rules_band(666, 1000), TN_BAND_OVER_HALF);
	assert_int_equal(rules_band(667, 1000), TN_BAND_TWO_THIRDS);
	/* 5001 of 10000 is 50.01%: over half; 50000 of 100001 rounds to 50.00 but is not */
	assert_int_equal(rules_band(5001, 10000), TN_BAND_OVER_HALF);
	assert_int_equal(rules_band(50000, 100001), TN_BAND_NONE);
	assert_int_equal(rules_band(50001, 100001), TN_BAND_OVER_HALF);
}

/*
 * Counts and bases reach TN_MAX_COUNT at most, where the arithmetic still fits 64 bits; one
 * more has no percentage and no band, whichever of the two it is.
 */
static void test_count_limit(void **state)
{
	const uint64_t max = TN_MAX_COUNT;
	char out[32];

	(void)state;
	assert_int_equal(rules_pct100(max, max), 10000);
	assert_int_equal(rules_pct100(1, max), 0);
	assert_int_equal(rules_pct100(max / 2, max), 5000);
	assert_int_equal(rules_pct100(max + 1, max), -1);
	assert_int_equal(rules_pct100(1, max + 1), -1);
	assert_int_equal(rules_pct100(max + 1, max + 1), -1);
	rules_pct_format(rules_pct100(1, max + 1), ',', out);
	assert_string_equal(out, "-");
	assert_int_equal(rules_band(max, max), TN_BAND_TWO_THIRDS);
	assert_int_equal(rules_band(max / 2 + 1, max), TN_BAND_OVER_HALF);
	assert_int_equal(rules_band(max + 1, max), TN_BAND_NONE);
	assert_int_equal(rules_band(max, max + 1), TN_BAND_NONE);
	assert_int_equal(rules_band(1, max + 1), TN_BAND_NONE);
	assert_true(rules_quorum(max - 1, max - 1));
}

static void test_quorum(void **state)
{
	(void)state;
	assert_true(rules_quorum(35, 24));  /* 72 >= 70 */
	assert_false(rules_quorum(35, 23)); /* 69 < 70 */
	assert_true(rules_quorum(3, 2));
	assert_false(rules_quorum(3, 1));
	assert_true(rules_quorum(0, 0));
	assert_true(rules_quorum(48, 32));
	assert_false(rules_quorum(48, 31));
}

static void test_profiles(void **state)
{
	struct tn_rules r;
	enum tn_profile p;

	(void)state;
	r = rules_for_profile(TN_QD96_2023);
	assert_int_equal(r.base, TN_BASE_COLLECTED);
	assert_int_equal(r.scope, TN_SCOPE_BALLOT);
	r = rules_for_profile(TN_NQ96_2023);
	assert_int_equal(r.base, TN_BASE_COLLECTED);
	assert_int_equal(r.scope, TN_SCOPE_ROW);
	r = rules_for_profile(TN_NQ85_2014);
	assert_int_equal(r.base, TN_BASE_CONVENED);
	assert_int_equal(r.scope, TN_SCOPE_ROW);
	assert_int_equal(rules_profile_parse("nq85-2014", &p), 0);
	assert_int_equal(p, TN_NQ85_2014);
	assert_int_equal(rules_profile_parse("qd96", &p), -1);
	assert_int_equal(rules_profile_parse("QD96-2023", &p), -1);
	assert_string_equal(rules_profile_name(TN_QD96_2023), "qd96-2023");
}

static void test_meeting_consistency(void **state)
{
	struct tn_err e;
	struct tn_meeting ok = {.fact = {35, 33, 33, 32}};
	struct tn_meeting bad1 = {.fact = {35, 36, TN_UNSET, TN_UNSET}};
	struct tn_meeting bad2 = {.fact = {35, 33, 34, TN_UNSET}};
	struct tn_meeting bad3 = {.fact = {TN_UNSET, TN_UNSET, 10, 11}};
	struct tn_meeting partial = {.fact = {TN_UNSET, 40, TN_UNSET, TN_UNSET}};
	struct tn_meeting merged = {.fact = {35, TN_UNSET, TN_UNSET, TN_UNSET}};

	(void)state;
	assert_int_equal(rules_check_meeting(&ok, &e), 0);
	assert_int_equal(rules_check_meeting(&partial, &e), 0);
	assert_int_equal(rules_check_meeting(&bad1, &e), TN_EDATA);
	assert_string_equal(e.msg, "present (36) exceeds convened (35)");
	assert_int_equal(rules_check_meeting(&bad2, &e), TN_EDATA);
	assert_string_equal(e.msg, "issued (34) exceeds present (33)");
	assert_int_equal(rules_check_meeting(&bad3, &e), TN_EDATA);
	assert_string_equal(e.msg, "collected (11) exceeds issued (10)");
	rules_merge_meeting(&merged, &partial);
	assert_int_equal(merged.fact[TN_CONVENED], 35);
	assert_int_equal(merged.fact[TN_PRESENT], 40);
	assert_int_equal(rules_check_meeting(&merged, &e), TN_EDATA);
}

/* Times of day: HH:MM from 00:00 to 23:59, nothing else. */
static void test_times(void **state)
{
	static const char *const good[] = {"00:00", "09:05", "12:30", "23:59", "19:00"};
	static const char *const bad[] = {"24:00",  "23:60",  "9:05",  "09:5",	"0905", "09.05",
					  "09:05 ", " 09:05", "-1:00", "ab:cd", "",	"09:05:00"};
	char out[6];

	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		assert_int_equal(rules_time_parse(good[i], strlen(good[i]), out), 0);
		assert_string_equal(out, good[i]);
	}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (rules_time_parse(bad[i], strlen(bad[i]), out) == 0)
			fail_msg("\"%s\" accepted", bad[i]);
}

/* The times merge as the facts do; the minutes cannot be finished before the count began. */
static void test_meeting_times(void **state)
{
	struct tn_meeting m = {.fact = {35, TN_UNSET, TN_UNSET, TN_UNSET}};
	struct tn_meeting start = {.fact = {TN_UNSET, TN_UNSET, TN_UNSET, TN_UNSET},
				   .started = "14:05",
				   .venue = "Hội trường A"};
	struct tn_meeting end = {.fact = {TN_UNSET, 33, TN_UNSET, TN_UNSET}, .ended = "14:04"};
	struct tn_err e;

	(void)state;
	rules_merge_meeting(&m, &start);
	assert_string_equal(m.started, "14:05");
	assert_string_equal(m.ended, "");
	assert_string_equal(m.venue, "Hội trường A");
	assert_int_equal(rules_check_meeting(&m, &e), 0);
	rules_merge_meeting(&m, &end);
	assert_int_equal(m.fact[TN_PRESENT], 33);
	assert_string_equal(m.venue, "Hội trường A"); /* not given: kept */
	assert_int_equal(rules_check_meeting(&m, &e), TN_EDATA);
	assert_string_equal(e.msg, "ended (14:04) is before started (14:05): times are of the "
				   "meeting's day, and one past midnight is written on the minutes "
				   "by hand");
	/* the twin: ended at the minute it started */
	strcpy(end.ended, "14:05");
	rules_merge_meeting(&m, &end);
	assert_int_equal(rules_check_meeting(&m, &e), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_percentages),

	    cmocka_unit_test(test_bands),
	    cmocka_unit_test(test_band_not_from_rounding),
	    cmocka_unit_test(test_quorum),
	    cmocka_unit_test(test_profiles),
	    cmocka_unit_test(test_meeting_consistency),
	    cmocka_unit_test(test_times),
	    cmocka_unit_test(test_meeting_times),
	    cmocka_unit_test(test_count_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
