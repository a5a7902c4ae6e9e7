/*
 * Text hygiene: what text_clean refuses, what it folds, and every Vietnamese letter it keeps;
 * names that mix scripts or look alike.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_clean_cases),
	    cmocka_unit_test(test_vietnamese_letters),
	    cmocka_unit_test(test_names_apart),
	    cmocka_unit_test(test_lookalikes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
