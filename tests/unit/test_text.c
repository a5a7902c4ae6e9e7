/*
 * Text hygiene: what text_clean refuses, what it folds, and every Vietnamese letter it keeps;
 * names that mix scripts or look alike, and the plain names told apart without ICU, held
 * against ICU.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <unicode/uspoof.h>
#include <utf8proc.h>

#include "tinnhiem/text.h"

struct clean_case {
	const char *in;
	const char *out; /* NULL: refused with msg */
	const char *msg;
};

/* Each refused case sits beside the accepted text it imitates. */
static const struct clean_case cases[] = {
    {"Nguyễn Văn An", "Nguyễn Văn An", NULL},
    {"Nguyễn Văn\u200bAn", NULL, "invisible character U+200B at character 11"},
    {"Nguyễn Văn\u200cAn", NULL, "invisible character U+200C at character 11"},
    {"Nguyễn Văn\u200dAn", NULL, "invisible character U+200D at character 11"},
    {"Nguyễn Văn\u2060An", NULL, "invisible character U+2060 at character 11"},
    {"\ufeffNguyễn Văn An", NULL, "invisible character U+FEFF at character 1"},
    {"Ngu\u00adyễn Văn An", NULL, "invisible character U+00AD at character 4"},
    {"Nguyễn Văn A\u034fn", NULL, "invisible character U+034F at character 13"},
    {"Nguyễn Văn\u3164An", NULL, "invisible character U+3164 at character 11"},
    {"Nguyễn Văn An\ufe0f", NULL, "invisible character U+FE0F at character 14"},
    {"Nguyễn Văn An\U000E0041", NULL, "invisible character U+E0041 at character 14"},
    {"\u202eNguyễn Văn An", NULL, "bidirectional control U+202E at character 1"},
    {"\u202dNguyễn Văn An", NULL, "bidirectional control U+202D at character 1"},
    {"\u202aNguyễn Văn An\u202c", NULL, "bidirectional control U+202A at character 1"},
    {"\u2066Nguyễn Văn An\u2069", NULL, "bidirectional control U+2066 at character 1"},
    {"Nguyễn Văn An\u200e", NULL, "bidirectional control U+200E at character 14"},
    {"Nguyễn Văn An\u200f", NULL, "bidirectional control U+200F at character 14"},
    {"Nguyễn Văn An\u061c", NULL, "bidirectional control U+061C at character 14"},
    {"Nguyễn Văn \ue000An", NULL, "private-use character U+E000 at character 12"},
    {"Nguyễn Văn An\U000F0000", NULL, "private-use character U+F0000 at character 14"},
    {"Nguyễn Văn \xcd\xb8"
     "An",
     NULL, "unassigned code point U+0378 at character 12"},
    {"Nguyễn Văn An\xf3\xa0\x82\x80", NULL, "unassigned code point U+E0080 at character 14"},
    {"Nguyễn Văn An\xef\xb7\x90", NULL, "noncharacter U+FDD0 at character 14"},
    {"Nguyễn Văn An\xef\xbf\xbe", NULL, "noncharacter U+FFFE at character 14"},
    {"Nguyễn Văn An\xf0\x9f\xbf\xbf", NULL, "noncharacter U+1FFFF at character 14"},
    {"Nguyễn Văn\u2028An", NULL, "line or paragraph separator U+2028 at character 11"},
    {"Nguyễn Văn\u2029An", NULL, "line or paragraph separator U+2029 at character 11"},
    {"Nguyễn Văn \xed\xa0\x80", NULL, "not valid UTF-8"},
    {"Nguyễn Văn\tAn", NULL, "contains a control character (byte 14)"},
    /* every space separator is a plain space, and runs of spaces fold */
    {"Nguyễn Văn\u00a0An", "Nguyễn Văn An", NULL},
    {"Nguyễn Văn\u3000An", "Nguyễn Văn An", NULL},
    {"Nguyễn Văn\u2007An", "Nguyễn Văn An", NULL},
    {"Nguyễn Văn\u202fAn", "Nguyễn Văn An", NULL},
    {"Nguyễn Văn\u205fAn", "Nguyễn Văn An", NULL},
    {"Nguyễn Văn\u1680An", "Nguyễn Văn An", NULL},
    {"\u2000Nguyễn\u2001\u2002Văn\u2003\u2004\u2005An\u2006\u2008\u2009\u200a", "Nguyễn Văn An",
     NULL},
    {" \u00a0 Nguyễn \u00a0 Văn An\u3000", "Nguyễn Văn An", NULL},
    /* combining marks: two on a letter, as ệ carries, and no more */
    {"Nguye\xcc\x82\xcc\x83n", "Nguyễn", NULL},
    {"a\xcc\x81\xcc\x81", "á\xcc\x81", NULL},
    {"a\xcc\x81\xcc\x81\xcc\x81", NULL, "more than 2 combining marks on the letter at character 1"},
    {"Nguyễn Văn Â\xcc\x81n", "Nguyễn Văn Ấn", NULL},
    {"Nguyễn Văn Ấ\xcc\x81n", NULL, "more than 2 combining marks on the letter at character 12"},
    {"Lê Thị Hệ\xcc\x81", NULL, "more than 2 combining marks on the letter at character 9"},
    {"\xcc\x81\xcc\x81\xcc\x81", NULL, "more than 2 combining marks on the letter at character 1"},
};

static void test_clean_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const struct clean_case *c = &cases[i];
		struct tn_err e = {0};
		char *out = NULL;
		int rc = text_clean(c->in, strlen(c->in), &out, &e);

		if (c->out != NULL && rc != 0)
			fail_msg("case %zu refused: %s", i, e.msg);
		if (c->out == NULL && rc >= 0)
			fail_msg("case %zu accepted as \"%s\"", i, out);
		if (c->out == NULL && rc != TN_EDATA)
			fail_msg("case %zu: rc %d, wanted TN_EDATA", i, rc);
		if (c->out != NULL && strcmp(out, c->out) != 0)
			fail_msg("case %zu:\n got  %s\n want %s", i, out, c->out);
		if (c->out == NULL && (e.code != TN_EDATA || strcmp(e.msg, c->msg) != 0))
			fail_msg("case %zu:\n got  %s\n want %s", i, e.msg, c->msg);
		if (c->out != NULL) {
			assert_true(text_is_clean(out, strlen(out)));
			assert_int_equal(text_is_clean(c->in, strlen(c->in)),
					 strcmp(c->in, c->out) == 0);
		}
		free(out);
	}
}

/* Every letter of Vietnamese, composed or typed decomposed, is kept (as NFC). */
static void test_vietnamese_letters(void **state)
{
	static const char *const letters =
	    "aàáảãạ ăằắẳẵặ âầấẩẫậ eèéẻẽẹ êềếểễệ iìíỉĩị oòóỏõọ ôồốổỗộ ơờớởỡợ uùúủũụ "
	    "ưừứửữự yỳýỷỹỵ đ AÀÁẢÃẠ ĂẰẮẲẴẶ ÂẦẤẨẪẬ EÈÉẺẼẸ ÊỀẾỂỄỆ IÌÍỈĨỊ OÒÓỎÕỌ ÔỒỐỔỖỘ "
	    "ƠỜỚỞỠỢ UÙÚỦŨỤ ƯỪỨỬỮỰ YỲÝỶỸỴ Đ";
	utf8proc_uint8_t *nfd = NULL;
	utf8proc_ssize_t n;
	struct tn_err e;
	char *out;

	(void)state;
	assert_int_equal(text_clean(letters, strlen(letters), &out, &e), 0);
	assert_string_equal(out, letters);
	free(out);
	n = utf8proc_map((const utf8proc_uint8_t *)letters, (utf8proc_ssize_t)strlen(letters), &nfd,
			 UTF8PROC_STABLE | UTF8PROC_DECOMPOSE);
	assert_true(n > (utf8proc_ssize_t)strlen(letters));
	assert_false(text_is_clean((const char *)nfd, (size_t)n));
	assert_int_equal(text_clean((const char *)nfd, (size_t)n, &out, &e), 0);
	assert_string_equal(out, letters);
	free(out);
	free(nfd);
}

/* Real-looking Vietnamese names, all of them distinct on paper. */
static const char *const names[] = {
    "Nguyễn Văn An",	   "Trần Thị Bình",	   "Lê Hoàng Cường", "Phạm Minh Đức",
    "Hoàng Thị Ánh Tuyết", "Huỳnh Ngọc Hân",	   "Phan Thị Hòa",   "Vũ Thị Lan",
    "Võ Quốc Hưng",	   "Đặng Thùy Dương",	   "Bùi Văn Khánh",  "Đỗ Minh Khôi",
    "Hồ Xuân Hiền",	   "Ngô Bảo Trâm",	   "Dương Văn Mười", "Lý Thị Ngọc Ẩn",
    "Trương Ngọc Hân",	   "Nguyễn Thị Ánh Tuyết", "Lưu Xuân Hải",   "Nguyễn Trọng Cấp",
    "Trần Văn Bắc",	   "Tô Thị Thu Hằng",	   "Châu Văn Lượng", "Quách Thị Yến",
    "Mai Văn Ưng",	   "Đinh Thị Oanh",	   "Kiều Văn Ổn",    "Tạ Thị Ý Nhi",
    "Lâm Văn Ngữ",	   "Thái Thị Hường",	   "Phùng Văn Quý",  "Y Moan Êban",
    "H'Lan Byă",	   "Ksor Y Ngưm",	   "Giáp Văn Đoàn",  "Khổng Thị Nguyệt",
    "Ông Ích Thành",	   "Âu Dương Lệ Quyên",	   "Nguyễn Văn Ân",  "Nguyễn Văn Ấn",
    "Trần Văn Nam",	   "Lê Thị Mỹ Dung",
};

static void test_names_apart(void **state)
{
	size_t bad, like;
	struct tn_err e;

	(void)state;
	assert_int_equal(text_names_apart(names, sizeof names / sizeof *names, &bad, &like, &e), 0);
	assert_int_equal(bad, SIZE_MAX);
	assert_int_equal(text_names_apart(names, 0, &bad, &like, &e), 0);
}

struct lookalike_case {
	const char *plain, *other;
	const char *msg; /* NULL: a look-alike pair */
};

/* Each beside its plain name: refused for mixing scripts, or as a look-alike. */
static const struct lookalike_case lookalikes[] = {
    {"Nguyễn Văn An", "Nguyễn Văn \u0410n", "mixes scripts: Cyrillic U+0410 at character 12"},
    {"Nguyễn Văn An", "Nguy\u1ec5n V\u0103n \u0391n",
     "mixes scripts: Greek U+0391 at character 12"},
    {"Ngô Văn Long", "Ng\u043e\u0302 Văn Long", "mixes scripts: Cyrillic U+043E at character 3"},
    {"Nguyễn Văn An", "\u0410\u043d Văn", "mixes scripts: Latin U+0056 at character 4"},
    {"Đặng Văn Đức", "\u00d0ặng Văn \u00d0ức", NULL},
    {"Trần Văn Nam", "Trần Văn Narn", NULL},
    {"Tao Hao", "\u0422\u0430\u043e \u041d\u0430\u043e", NULL},
    {"Lê Văn Il", "Lê Văn ll", NULL},
    /* a plain name beside one that is not: ICU compares them all */
    {"Đinh Văn Hải", "D\u0335inh Văn Hải", NULL},
};

static void test_lookalikes(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof lookalikes / sizeof *lookalikes; i++) {
		const struct lookalike_case *c = &lookalikes[i];
		const char *pair[] = {"Trần Thị Bình", c->plain, c->other};
		size_t bad, like;
		struct tn_err e = {0};
		int rc;

		/* the plain name alone passes */
		assert_int_equal(text_names_apart(pair, 2, &bad, &like, &e), 0);
		rc = text_names_apart(pair, 3, &bad, &like, &e);
		if (c->msg == NULL) {
			if (rc != 1 || bad != 2 || like != 1)
				fail_msg("case %zu: %d, %zu like %zu", i, rc, bad, like);
		} else {
			assert_int_equal(rc, TN_EDATA);
			assert_int_equal(bad, 2);
			assert_int_equal(like, SIZE_MAX);
			if (strcmp(e.msg, c->msg) != 0)
				fail_msg("case %zu:\n got  %s\n want %s", i, e.msg, c->msg);
		}
	}
}

static USpoofChecker *spoof_checker(void)
{
	UErrorCode st = U_ZERO_ERROR;
	USpoofChecker *sc = uspoof_open(&st);

	uspoof_setChecks(sc, USPOOF_RESTRICTION_LEVEL, &st);
	uspoof_setRestrictionLevel(sc, USPOOF_HIGHLY_RESTRICTIVE);
	assert_true(U_SUCCESS(st));
	return sc;
}

/* s as ICU's spoof checker (src/names.c) sees it: its skeleton, which s keeps to one script. */
static void icu_agrees(const USpoofChecker *sc, const char *s, const char *mine)
{
	UErrorCode st = U_ZERO_ERROR;
	char skel[256];

	uspoof_getSkeletonUTF8(sc, 0, s, -1, skel, sizeof skel, &st);
	assert_true(U_SUCCESS(st));
	if (mine == NULL || strcmp(mine, skel) != 0)
		fail_msg("\"%s\": skeleton \"%s\", ICU's \"%s\"", s, mine ? mine : "(none)", skel);
	if (uspoof_check2UTF8(sc, s, -1, NULL, &st) != 0 || U_FAILURE(st))
		fail_msg("\"%s\": plain, but ICU says it mixes scripts", s);
}

/* The characters of a plain name, each as ICU maps it; and characters just beside them. */
static void test_plain_characters(void **state)
{
	static const int32_t ranges[][2] = {
	    {0x20, 0x7e}, {0xa0, 0x24f}, {0x300, 0x36f}, {0x1e00, 0x1eff}, {0x400, 0x4ff}};
	static const char *const plain[] = {"A", "z", "I", "m", "0", "1", "7", "đ",	"Đ",
					    "Ư", "ặ", "Ỵ", "'", "-", ".", " ", "\u0309"};
	static const char *const not_plain[] = {"²",	  "ë",	    "\u00d0", "\u0131", "\u017f",
						"\u0335", "\u0410", "\u0308", "_"};
	USpoofChecker *sc = spoof_checker();
	size_t nplain = 0;
	char *skel;

	(void)state;
	for (size_t r = 0; r < sizeof ranges / sizeof *ranges; r++)
		for (int32_t c = ranges[r][0]; c <= ranges[r][1]; c++) {
			uint8_t s[8] = {0};
			char *mine;

			utf8proc_encode_char(c, s);
			if ((mine = text_plain_skeleton((char *)s)) != NULL) {
				icu_agrees(sc, (char *)s, mine);
				nplain++;
			}
			free(mine);
		}
	/*
	 * the ASCII letters and digits, 4 separators, Đ đ and the 8 marks; and the 224
	 * precomposed letters made of them (the 134 of Vietnamese among them)
	 */
	assert_int_equal(nplain, 52 + 10 + 4 + 2 + 8 + 224);
	for (size_t i = 0; i < sizeof plain / sizeof *plain; i++) {
		char *mine = text_plain_skeleton(plain[i]);

		icu_agrees(sc, plain[i], mine);
		free(mine);
	}
	for (size_t i = 0; i < sizeof not_plain / sizeof *not_plain; i++)
		if (text_plain_skeleton(not_plain[i]) != NULL)
			fail_msg("\"%s\" taken as plain", not_plain[i]);
	skel = text_plain_skeleton("Lâm Mỹ");
	assert_string_equal(skel, "La\u0302rn My\u0303");
	free(skel);
	uspoof_close(sc);
}

/* Random plain names, made clean: the skeleton is ICU's, the script one. */
static void test_plain_names_as_icu(void **state)
{
	static const char *const marks[] = {"\u0300", "\u0301", "\u0302", "\u0303",
					    "\u0306", "\u0309", "\u031b", "\u0323"};
	static const char *const letters[] = {
	    "a", "e", "i", "o", "u", "y", "m", "n", "r", "l", "I", "M", "đ", "Đ", "d", "D", "g",
	    "h", "w", "v", " ", "'", "-", ".", "ư", "ơ", "ê", "â", "ă", "ô", "0", "1", "O", "5"};
	USpoofChecker *sc = spoof_checker();
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	size_t tried = 0;

	(void)state;
	for (int k = 0; k < 20000; k++) {
		char name[128] = "", *clean, *mine;
		struct tn_err e;
		int len;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		len = 1 + (int)(x % 8);
		for (int i = 0; i < len; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			strcat(name, letters[x % (sizeof letters / sizeof *letters)]);
			if ((x >> 20) % 3 == 0)
				strcat(name, marks[(x >> 24) % 8]);
			if ((x >> 28) % 5 == 0)
				strcat(name, marks[(x >> 32) % 8]);
		}
		if (text_clean(name, strlen(name), &clean, &e) < 0)
			continue; /* too many marks on a letter, say */
		mine = text_plain_skeleton(clean);
		icu_agrees(sc, clean, mine);
		free(mine);
		free(clean);
		tried++;
	}
	assert_true(tried > 10000);
	uspoof_close(sc);
}

/* All plain: decided here as ICU would; any name not plain leaves them all to ICU. */
static void test_names_apart_plain(void **state)
{
	const char *alike[] = {"Trần Thị Bình", "Lê Văn Lâm", "Trần Văn Nam", "Lê Văn Lârn"};
	const char *apart[] = {"Đinh Văn Hải", "Dinh Văn Hải", "Lê Văn Ll",
			       "Lê Văn ll",    "Người số 2",   "Người số 3"};
	const char *digits[] = {"Người số 10", "Người số lO"};
	const char *other[] = {"Lê Văn Lâm", "Lê Văn L\u0430m"};
	size_t bad, like;

	(void)state;
	assert_int_equal(text_names_apart_plain(alike, 4, &bad, &like), 1);
	assert_int_equal(bad, 3);
	assert_int_equal(like, 1);
	assert_int_equal(text_names_apart_plain(alike, 3, &bad, &like), 0);
	assert_int_equal(bad, SIZE_MAX);
	assert_int_equal(text_names_apart_plain(apart, 6, &bad, &like), 0);
	assert_int_equal(text_names_apart_plain(digits, 2, &bad, &like), 1);
	assert_int_equal(text_names_apart_plain(other, 2, &bad, &like), -1);
	assert_int_equal(text_names_apart_plain(other, 0, &bad, &like), 0);
}

/* A typed answer is the word however it was composed or cased; nothing else is. */
static void test_same_word(void **state)
{
	(void)state;
	assert_true(text_same_word("có", "có"));
	assert_true(text_same_word("co\xcc\x81", "có")); /* o + U+0301, as input methods send */
	assert_true(text_same_word("CÓ", "có"));
	assert_true(text_same_word("C\x4f\xcc\x81", "có")); /* O + U+0301 */
	assert_true(text_same_word("  có\t", "có"));
	assert_true(text_same_word("Yes", "yes"));
	/* the twins */
	assert_false(text_same_word("co", "có"));
	assert_false(text_same_word("cò", "có"));
	assert_false(text_same_word("cóc", "có"));
	assert_false(text_same_word("c ó", "có"));
	assert_false(text_same_word("", "có"));
	assert_false(text_same_word("", ""));
	assert_false(text_same_word("c\xff", "c\xff")); /* not UTF-8 */
	assert_false(text_same_word("yes no", "yes"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_clean_cases),	      cmocka_unit_test(test_vietnamese_letters),
	    cmocka_unit_test(test_names_apart),	      cmocka_unit_test(test_lookalikes),
	    cmocka_unit_test(test_plain_characters),  cmocka_unit_test(test_plain_names_as_icu),
	    cmocka_unit_test(test_names_apart_plain), cmocka_unit_test(test_same_word),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
