/* Definitions: the INI parser, its refusals, NFC, and the canonical form and its hash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tinnhiem/chain.h"
#include "tinnhiem/definition.h"

#define VOTE                                                                                       \
	"[vote]\n"                                                                                 \
	"title = Lấy phiếu tín nhiệm thử\n"                                               \
	"parent_body = ĐẢNG BỘ TỈNH MẪU\n"                                                \
	"issuing_body = ĐẢNG ỦY KHỐI MẪU\n"                                               \
	"place = Thành phố Mẫu\n"                                                             \
	"date = 2023-06-28\n"
#define BOARD	 "[counting_board]\nmember = Phan Thị Hòa | Trưởng ban\n"
#define MEMBER_A "[member]\nname = Nguyễn Văn An\nposition = Bí thư\n"
#define MEMBER_B "[member]\nname = Trần Thị Bình\nposition = Phó Bí thư\n"
#define GOOD	 VOTE BOARD MEMBER_A MEMBER_B

static int parse(const char *text, struct tn_definition *d, struct tn_err *e)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int rc;

	assert_non_null(f);
	rc = definition_parse_ini(f, "test.ini", d, e);
	fclose(f);
	return rc;
}

static void test_good(void **state)
{
	struct tn_definition d;
	struct tn_err e;

	(void)state;
	assert_int_equal(parse(GOOD "[meeting]\nconvened = 35\n", &d, &e), 0);
	assert_string_equal(d.title, "Lấy phiếu tín nhiệm thử");
	assert_int_equal(d.year, 2023);
	assert_int_equal(d.month, 6);
	assert_int_equal(d.day, 28);
	assert_int_equal(d.rules.profile, TN_QD96_2023);
	assert_int_equal(d.rules.base, TN_BASE_COLLECTED);
	assert_int_equal(d.rules.scope, TN_SCOPE_BALLOT);
	assert_int_equal(d.nmembers, 2);
	assert_string_equal(d.members[1].name, "Trần Thị Bình");
	assert_string_equal(d.members[1].role, "Phó Bí thư");
	assert_int_equal(d.nboard, 1);
	assert_string_equal(d.board[0].role, "Trưởng ban");
	assert_int_equal(d.meeting.fact[TN_CONVENED], 35);
	assert_int_equal(d.meeting.fact[TN_PRESENT], TN_UNSET);
	definition_free(&d);
}

static void test_profile_and_overrides(void **state)
{
	struct tn_definition d;
	struct tn_err e;

	(void)state;
	assert_int_equal(parse(VOTE "rules = nq85-2014\n" BOARD MEMBER_A, &d, &e), 0);
	assert_int_equal(d.rules.base, TN_BASE_CONVENED);
	assert_int_equal(d.rules.scope, TN_SCOPE_ROW);
	definition_free(&d);
	assert_int_equal(parse(VOTE "rules = nq96-2023\ndenominator = issued\n"
				    "invalid_scope = ballot\nconfidential = yes\n"
				    "double_entry = yes\nbasis = A\nbasis = B\n" BOARD MEMBER_A,
			       &d, &e),
			 0);
	assert_int_equal(d.rules.profile, TN_NQ96_2023);
	assert_int_equal(d.rules.base, TN_BASE_ISSUED);
	assert_int_equal(d.rules.scope, TN_SCOPE_BALLOT);
	assert_true(d.confidential);
	assert_true(d.double_entry);
	assert_int_equal(d.nbasis, 2);
	assert_string_equal(d.basis[1], "B");
	definition_free(&d);
}

/* Comments, blank lines, CRLF, a BOM, tabs and runs of spaces are all accepted. */
static void test_lenient_layout(void **state)
{
	struct tn_definition a, b;
	struct tn_err e;
	const char *messy =
	    "\xef\xbb\xbf; comment\r\n[vote]  ; trailing\r\n"
	    "title\t=   Lấy   phiếu tín nhiệm thử  ; note\r\n"
	    "  parent_body = ĐẢNG BỘ TỈNH MẪU\r\n"
	    "issuing_body = ĐẢNG ỦY KHỐI MẪU\r\n"
	    "# another comment\r\n\r\n"
	    "place = Thành phố Mẫu\r\ndate = 2023-06-28\r\n" BOARD MEMBER_A MEMBER_B;

	(void)state;
	assert_int_equal(parse(GOOD, &a, &e), 0);
	assert_int_equal(parse(messy, &b, &e), 0);
	assert_memory_equal(a.hash, b.hash, 32);
	definition_free(&a);
	definition_free(&b);
}

/* A name typed with combining marks and the same name precomposed hash the same. */
static void test_nfc(void **state)
{
	struct tn_definition a, b;
	struct tn_err e;
	/* "Nguyễn" as N g u y e + U+0302 + U+0303 n */
	const char *decomposed = VOTE BOARD "[member]\nname = Nguye\xcc\x82\xcc\x83n Văn An\n"
					    "position = Bí thư\n" MEMBER_B;

	(void)state;
	assert_int_equal(parse(GOOD, &a, &e), 0);
	assert_int_equal(parse(decomposed, &b, &e), 0);
	assert_string_equal(b.members[0].name, "Nguyễn Văn An");
	assert_memory_equal(a.hash, b.hash, 32);
	definition_free(&a);
	definition_free(&b);
}

/* A value longer than 200 bytes (the line limit of inih, used here once) reads whole. */
static void test_long_value(void **state)
{
	struct tn_definition d;
	struct tn_err e;
	char text[4096], longname[1001];

	(void)state;
	memset(longname, 'a', 1000);
	longname[1000] = '\0';
	snprintf(text, sizeof text, VOTE BOARD "[member]\nname = %s ; comment\nposition = X\n",
		 longname);
	assert_int_equal(parse(text, &d, &e), 0);
	assert_string_equal(d.members[0].name, longname);
	definition_free(&d);
}

/* The reader's small print: key: value, a ';' that starts no comment, long comments. */
static void test_reader_details(void **state)
{
	struct tn_definition a, b;
	struct tn_err e;
	char text[4096], comment[301];

	(void)state;
	memset(comment, 'c', 300);
	comment[300] = '\0';
	snprintf(text, sizeof text,
		 "; %s\n[vote] ; %s\ntitle: Lấy phiếu tín nhiệm thử\n"
		 "parent_body = ĐẢNG BỘ TỈNH MẪU\nissuing_body = ĐẢNG ỦY KHỐI MẪU\n"
		 "place = Thành phố Mẫu\ndate = 2023-06-28 ; %s\n" BOARD MEMBER_A MEMBER_B,
		 comment, comment, comment);
	assert_int_equal(parse(GOOD, &a, &e), 0);
	assert_int_equal(parse(text, &b, &e), 0);
	assert_memory_equal(a.hash, b.hash, 32);
	definition_free(&b);
	assert_int_equal(parse(VOTE "basis = Điều 6;khoản 2 ;note\n" BOARD MEMBER_A, &b, &e), 0);
	assert_string_equal(b.basis[0], "Điều 6;khoản 2");
	definition_free(&a);
	definition_free(&b);
}

/*
 * The twins of the blanks refused: two dots, a dot in a name, a blank in a comment, and a
 * convened of 1 are filled in.
 */
static void test_filled_in(void **state)
{
	struct tn_definition d;
	struct tn_err e;

	(void)state;
	assert_int_equal(parse(VOTE "basis = Kế hoạch số 12-KH/ĐUK.. ; số …\n"
				    "[meeting]\nconvened = 1 ; ...\n"
				    "[counting_board]\nmember = Phan T. Hòa | Trưởng ban\n"
				    "; member = … | Ủy viên\n" MEMBER_A,
			       &d, &e),
			 0);
	assert_string_equal(d.basis[0], "Kế hoạch số 12-KH/ĐUK..");
	assert_string_equal(d.board[0].name, "Phan T. Hòa");
	assert_int_equal(d.meeting.fact[TN_CONVENED], 1);
	assert_int_equal(d.nboard, 1);
	definition_free(&d);
}

/* The refused dates' twins: leap days that exist, the first year, the last day. */
static void test_dates(void **state)
{
	static const char *const dates[] = {"2024-02-29", "2000-02-29", "1930-01-01", "2023-12-31",
					    "2023-04-30"};

	(void)state;
	for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
		struct tn_definition d;
		struct tn_err e;
		char text[1024];

		snprintf(text, sizeof text,
			 "[vote]\ntitle = T\nparent_body = P\nissuing_body = I\nplace = X\n"
			 "date = %s\n" BOARD MEMBER_A,
			 dates[i]);
		if (parse(text, &d, &e) != 0)
			fail_msg("%s refused: %s", dates[i], e.msg);
		definition_free(&d);
	}
}

#define VIETNAMESE_BOARD                                                                           \
	"[counting_board]\n"                                                                       \
	"member = Trương Ngọc Hân | Trưởng ban\n"                                          \
	"member = Nguyễn Thị Ánh Tuyết | Phó Trưởng ban\n"                              \
	"member = Đặng Thùy Dương | Ủy viên\n"                                            \
	"member = Kiều Văn Ổn | Ủy viên, thư ký\n"
#define VIETNAMESE_MEMBERS                                                                           \
	"[member]\nname = Lưu Xuân Hải\nposition = Bí thư Đảng ủy Khối\n"               \
	"[member]\nname = Nguyễn Trọng Cấp\nposition = Phó Bí thư Đảng ủy Khối\n"    \
	"[member]\nname = Hoàng Thị Ánh Tuyết\nposition = Chủ nhiệm Ủy ban Kiểm tra\n" \
	"[member]\nname = Huỳnh Ngọc Hân\nposition = Trưởng Ban Tổ chức\n"               \
	"[member]\nname = Phạm Minh Đức\nposition = Trưởng Ban Tuyên giáo\n"               \
	"[member]\nname = Võ Quốc Hưng\nposition = Chánh Văn phòng Đảng ủy\n"            \
	"[member]\nname = Lý Thị Ngọc Ẩn\nposition = Chủ tịch Công đoàn Khối\n"      \
	"[member]\nname = Tạ Thị Ý Nhi\nposition = Bí thư Đoàn Khối\n"                    \
	"[member]\nname = Đỗ Minh Khôi\nposition = Phó Chủ nhiệm Ủy ban Kiểm tra\n"     \
	"[member]\nname = Âu Dương Lệ Quyên\nposition = Ủy viên Ban Thường vụ\n"       \
	"[member]\nname = Y Moan Êban\nposition = Ủy viên Ban Chấp hành\n"                    \
	"[member]\nname = Nguyễn Văn Ân\nposition = Ủy viên Ban Chấp hành\n"               \
	"[member]\nname = Nguyễn Văn Ấn\nposition = Ủy viên Ban Chấp hành\n"

/* Vietnamese names and positions pass every rule; one look-alike among them does not. */
static void test_vietnamese_names(void **state)
{
	struct tn_definition d;
	struct tn_err e;

	(void)state;
	if (parse(VOTE VIETNAMESE_BOARD VIETNAMESE_MEMBERS, &d, &e) != 0)
		fail_msg("refused: %s", e.msg);
	assert_int_equal(d.nmembers, 13);
	assert_string_equal(d.members[6].name, "Lý Thị Ngọc Ẩn");
	assert_string_equal(d.board[3].role, "Ủy viên, thư ký");
	definition_free(&d);
	assert_int_equal(parse(VOTE VIETNAMESE_BOARD VIETNAMESE_MEMBERS
			       "[member]\nname = \u00d0ỗ Minh Khôi\nposition = Ủy viên\n",
			       &d, &e),
			 TN_EDATA);
	assert_string_equal(e.msg, "test.ini:52: member 14 \"\u00d0ỗ Minh Khôi\" looks like "
				   "member 9 \"Đỗ Minh Khôi\"");
	assert_int_equal(parse(VOTE VIETNAMESE_BOARD
			       "member = Trương Ngọc Hân | Ủy viên\n" VIETNAMESE_MEMBERS,
			       &d, &e),
			 TN_EDATA);
	assert_string_equal(e.msg, "test.ini:12: duplicate counting board member \"Trương Ngọc "
				   "Hân\" (1 and 5)");
}

/* A definition with n basis lines, counting-board members or members, all distinct. */
static char *many(const char *what, size_t n)
{
	struct tn_buf b = {0};
	char *text;

	buf_puts(&b, VOTE);
	for (size_t i = 0; i < n && strcmp(what, "basis") == 0; i++)
		buf_printf(&b, "basis = Căn cứ %zu\n", i + 1);
	buf_puts(&b, "[counting_board]\n");
	for (size_t i = 0; i < (strcmp(what, "board") == 0 ? n : 1); i++)
		buf_printf(&b, "member = Người kiểm phiếu %zu | Ủy viên\n", i + 1);
	for (size_t i = 0; i < (strcmp(what, "member") == 0 ? n : 1); i++)
		buf_printf(&b, "[member]\nname = Người số %zu\nposition = Ủy viên\n", i + 1);
	text = xstrdup(buf_cstr(&b));
	buf_free(&b);
	return text;
}

/* Each limit reached is accepted; one more is refused, at the line of the one too many. */
static void test_limits(void **state)
{
	static const struct {
		const char *what;
		size_t max;
		const char *msg;
	} limits[] = {
	    {"member", TN_MAX_MEMBERS, "test.ini:775: more than 255 members"},
	    {"board", TN_MAX_LIST, "test.ini:108: too many counting board members"},
	    {"basis", TN_MAX_LIST, "test.ini:107: too many basis lines"},
	};
	struct tn_definition d;
	struct tn_err e;
	char text[4096], name[1002];

	(void)state;
	for (size_t i = 0; i < sizeof limits / sizeof *limits; i++) {
		char *fits = many(limits[i].what, limits[i].max);
		char *over = many(limits[i].what, limits[i].max + 1);

		if (parse(fits, &d, &e) != 0)
			fail_msg("%zu %s refused: %s", limits[i].max, limits[i].what, e.msg);
		definition_free(&d);
		assert_int_equal(parse(over, &d, &e), TN_EDATA);
		assert_string_equal(e.msg, limits[i].msg);
		free(fits);
		free(over);
	}
	memset(name, 'a', 1001);
	name[1001] = '\0';
	snprintf(text, sizeof text, VOTE BOARD "[member]\nname = %s\nposition = X\n", name);
	assert_int_equal(parse(text, &d, &e), TN_EDATA);
	assert_string_equal(e.msg, "test.ini:10: member 1 name: longer than 1000 bytes");
}

struct bad_case {
	const char *text;
	const char *msg;
};

static const struct bad_case bad[] = {
    {"", "test.ini:0: no [vote] section"},
    {BOARD MEMBER_A, "test.ini:5: no [vote] section"},
    {VOTE BOARD, "test.ini:8: no member: nobody to vote on"},
    {VOTE MEMBER_A, "test.ini:9: no counting board member"},
    {"[vote]\ntitle = T\nparent_body = P\nissuing_body = I\nplace = X\n" BOARD MEMBER_A,
     "test.ini:10: [vote] has no date"},
    {"[vote]\nparent_body = P\nissuing_body = I\nplace = X\ndate = 2023-01-01\n" BOARD MEMBER_A,
     "test.ini:10: [vote] has no title"},
    {VOTE "date = 2023-06-29\n" BOARD MEMBER_A, "test.ini:7: date given twice (first at line 6)"},
    {VOTE "colour = red\n" BOARD MEMBER_A, "test.ini:7: unknown key \"colour\" in [vote]"},
    {"[vote]\ntitle = T\nparent_body = P\nissuing_body = I\nplace = X\ndate = 2023-6-28\n",
     "test.ini:6: date: bad value \"2023-6-28\" (expected YYYY-MM-DD)"},
    {"[vote]\ntitle = T\nparent_body = P\nissuing_body = I\nplace = X\ndate = 2023-02-29\n",
     "test.ini:6: date: 2023-02-29 is not a day of the calendar"},
    {"[vote]\ntitle = T\nparent_body = P\nissuing_body = I\nplace = X\ndate = 2023-02-30\n" BOARD
	 MEMBER_A,
     "test.ini:6: date: 2023-02-30 is not a day of the calendar"},
    {"[vote]\ntitle = T\nparent_body = P\nissuing_body = I\nplace = X\ndate = 2100-02-29\n" BOARD
	 MEMBER_A,
     "test.ini:6: date: 2100-02-29 is not a day of the calendar"},
    {"[vote]\ntitle = T\nparent_body = P\nissuing_body = I\nplace = X\ndate = 2023-04-31\n" BOARD
	 MEMBER_A,
     "test.ini:6: date: 2023-04-31 is not a day of the calendar"},
    {"[vote]\ntitle = T\nparent_body = P\nissuing_body = I\nplace = X\ndate = 2023-06-00\n" BOARD
	 MEMBER_A,
     "test.ini:6: date: 2023-06-00 is not a day of the calendar"},
    {"[vote]\ntitle = T\nparent_body = P\nissuing_body = I\nplace = X\ndate = 1929-12-31\n" BOARD
	 MEMBER_A,
     "test.ini:6: date: 1929-12-31 is before 1930"},
    {"[vote]\ntitle = T\nparent_body = P\nissuing_body = I\nplace = X\ndate = 2023-06-2x\n",
     "test.ini:6: date: bad value \"2023-06-2x\" (expected YYYY-MM-DD)"},
    {"[vote]\ntitle = T\nparent_body = P\nissuing_body = I\nplace = X\ndate = 2023-06-280\n",
     "test.ini:6: date: bad value \"2023-06-280\" (expected YYYY-MM-DD)"},
    {"[vote]\ntitle = T\nparent_body = P\nissuing_body = I\nplace = X\ndate = 28/06/2023\n",
     "test.ini:6: date: bad value \"28/06/2023\" (expected YYYY-MM-DD)"},
    {"[vote]\ntitle = T\nparent_body = P\nissuing_body = I\nplace = X\ndate = 2023-13-01\n",
     "test.ini:6: date: 2023-13-01 is not a day of the calendar"},
    {VOTE "rules = qd262\n", "test.ini:7: rules: bad value \"qd262\" (expected qd96-2023, "
			     "nq96-2023, nq85-2014)"},
    {VOTE "confidential = maybe\n",
     "test.ini:7: confidential: bad value \"maybe\" (expected yes, no)"},
    {VOTE "double_entry = 1\n", "test.ini:7: double_entry: bad value \"1\" (expected yes, no)"},
    {VOTE "denominator = present\n", "test.ini:7: denominator: bad value \"present\" (expected "
				     "collected, issued, valid, convened)"},
    {VOTE "invalid_scope = page\n",
     "test.ini:7: invalid_scope: bad value \"page\" (expected ballot, row)"},
    {VOTE "title = again\n", "test.ini:7: title given twice (first at line 2)"},
    {"[vote]\ntitle =\nparent_body = P\nissuing_body = I\nplace = X\ndate = 2023-01-01\n" BOARD
	 MEMBER_A,
     "test.ini:2: title is empty"},
    {VOTE "basis = ;\n" BOARD MEMBER_A, "test.ini:7: basis 1 is empty"},
    {VOTE BOARD "[member]\nname = A\nposition =\n", "test.ini:11: member 1 position is empty"},
    {VOTE BOARD MEMBER_A MEMBER_A,
     "test.ini:13: duplicate member \"Nguyễn Văn An\" (members 1 and 2)"},
    /* a space separator folds to a space: the same name */
    {VOTE BOARD MEMBER_A "[member]\nname = Nguyễn\u00a0Văn\u3000An\nposition = B\n",
     "test.ini:13: duplicate member \"Nguyễn Văn An\" (members 1 and 2)"},
    {VOTE "[counting_board]\nmember = Phan Thị Hòa | Trưởng ban\nmember = Phan Thị Hòa | Ủy "
	  "viên\n" MEMBER_A,
     "test.ini:9: duplicate counting board member \"Phan Thị Hòa\" (1 and 2)"},
    {VOTE BOARD "[member]\nname = Đặng Văn Đức\nposition = A\n"
		"[member]\nname = \u00d0ặng Văn \u00d0ức\nposition = B\n",
     "test.ini:13: member 2 \"\u00d0ặng Văn \u00d0ức\" looks like member 1 \"Đặng Văn Đức\""},
    {VOTE
     "[counting_board]\nmember = Lê Văn Il | Trưởng ban\nmember = Lê Văn ll | Ủy viên\n" MEMBER_A,
     "test.ini:9: counting board member 2 \"Lê Văn ll\" looks like counting board member 1 "
     "\"Lê Văn Il\""},
    {VOTE BOARD "[member]\nname = Nguyễn Văn \u0410n\nposition = A\n",
     "test.ini:10: member 1 name: mixes scripts: Cyrillic U+0410 at character 12"},
    {VOTE "[counting_board]\nmember = Phan Thị H\u043ea | Trưởng ban\n" MEMBER_A,
     "test.ini:8: counting board member 1 name: mixes scripts: Cyrillic U+043E at character 11"},
    {VOTE BOARD MEMBER_A "[member]\nname = Nguyễn Văn\u200bAn\nposition = B\n",
     "test.ini:13: member 2 name: invisible character U+200B at character 11"},
    {VOTE BOARD "[member]\nname = A\nposition = Bí\u00adthư\n",
     "test.ini:11: member 1 position: invisible character U+00AD at character 3"},
    {VOTE "[counting_board]\nmember = Phan Thị Hòa | Trưởng\u202eban\n",
     "test.ini:8: counting board member 1 role: bidirectional control U+202E at character 7"},
    {VOTE "[counting_board]\nmember = Phan\u2066Thị Hòa | Trưởng ban\n",
     "test.ini:8: counting board member 1 name: bidirectional control U+2066 at character 5"},
    {VOTE "basis = Quy định\ue000\n",
     "test.ini:7: basis 1: private-use character U+E000 at character 9"},
    {"[vote]\ntitle = Lấy phiếu\u2028tín nhiệm\n",
     "test.ini:2: title: line or paragraph separator U+2028 at character 10"},
    {"[vote]\nplace = Ninh Thua\xcc\x82\xcc\xa3\xcc\x81n\n",
     "test.ini:2: place: more than 2 combining marks on the letter at character 9"},
    {VOTE "[meeting]\nconvened = 0\n" BOARD MEMBER_A,
     "test.ini:8: convened is 0: write the number of members convened to the meeting, or "
     "remove the line and record it later with tinnhiem meeting --convened N"},
    /* a blank of a template, "…" or "...", anywhere in any value */
    {"[vote]\ntitle = …\n",
     "test.ini:2: title: not filled in (\"…\" marks a blank of the template)"},
    {"[vote]\ntitle = T\ndate = …\n",
     "test.ini:3: date: not filled in (\"…\" marks a blank of the template)"},
    {VOTE "basis = Kế hoạch số ...-KH/ĐUK\n",
     "test.ini:7: basis 1: not filled in (\"...\" marks a blank of the template)"},
    {VOTE "[meeting]\nconvened = …\n",
     "test.ini:8: convened: not filled in (\"…\" marks a blank of the template)"},
    {VOTE "[counting_board]\nmember = … | Trưởng ban\n",
     "test.ini:8: counting board member 1 name: not filled in (\"…\" marks a blank of the "
     "template)"},
    {VOTE "[counting_board]\nmember = Phan Thị Hòa | Trưởng ban\nmember = Lê Văn Tư | …\n",
     "test.ini:9: counting board member 2 role: not filled in (\"…\" marks a blank of the "
     "template)"},
    {VOTE BOARD MEMBER_A "[member]\nname = …\nposition = Ủy viên\n",
     "test.ini:13: member 2 name: not filled in (\"…\" marks a blank of the template)"},
    {VOTE BOARD "[member]\nname = Nguyễn Văn An\nposition = Ủy viên Ban ... Khối\n",
     "test.ini:11: member 1 position: not filled in (\"...\" marks a blank of the template)"},
    {VOTE "[meeting]\nissued = 6\npresent = 5\n" BOARD MEMBER_A,
     "test.ini:8: [meeting]: issued (6) exceeds present (5)"},
    {VOTE BOARD "[member]\nposition = Bí thư\n", "test.ini:9: [member] has no name"},
    {VOTE BOARD "[member]\nname = A\n", "test.ini:9: [member] has no position"},
    {VOTE BOARD "[member]\n[member]\nname = A\nposition = B\n", "test.ini:9: [member] has no name"},
    {VOTE BOARD "[member]\nname = A\nposition = B\nage = 50\n",
     "test.ini:12: unknown key \"age\" in [member]"},
    {VOTE BOARD "[member]\nname = A\nname = B\n",
     "test.ini:11: name given twice (first at line 10)"},
    {VOTE "[counting_board]\nmember = Phan Thị Hòa\n",
     "test.ini:8: member: expected \"name | role\""},
    {VOTE "[counting_board]\nmember = A | B | C\n", "test.ini:8: member: expected \"name | role\""},
    {VOTE "[counting_board]\nmember =  | Trưởng ban\n",
     "test.ini:8: member: expected \"name | role\""},
    {VOTE "[counting_board]\nchair = A\n", "test.ini:8: unknown key \"chair\" in [counting_board]"},
    {VOTE "[meeting]\nconvened = -3\n", "test.ini:8: convened: not a whole number: \"-3\""},
    {VOTE "[meeting]\nconvened = 1000000000000\n",
     "test.ini:8: convened: not a whole number: \"1000000000000\""},
    {VOTE "[meeting]\nconvened = 35 people\n",
     "test.ini:8: convened: not a whole number: \"35 people\""},
    {VOTE "[meeting]\nvoters = 35\n", "test.ini:8: unknown key \"voters\" in [meeting]"},
    {VOTE "[meeting]\nconvened = 10\npresent = 11\n" BOARD MEMBER_A,
     "test.ini:8: [meeting]: present (11) exceeds convened (10)"},
    {VOTE "[ballot]\n", "test.ini:7: unknown section [ballot]"},
    {VOTE "[vote]\n", "test.ini:7: [vote] appears twice"},
    {"title = T\n", "test.ini:1: key \"title\" outside any section"},
    {VOTE "just some words\n",
     "test.ini:7: syntax error: expected [section], key = value or a comment"},
    {VOTE "[member\n", "test.ini:7: unknown section [member"},
    {VOTE "place\n", "test.ini:7: syntax error: expected [section], key = value or a comment"},
    {VOTE "words ; x = y\n",
     "test.ini:7: syntax error: expected [section], key = value or a comment"},
    /* the first line with a problem is named, even when found later */
    {VOTE BOARD "[member]\nname = A\nwords\n[member]\nname = B\nposition = C\n",
     "test.ini:9: [member] has no position"},
    {VOTE BOARD "[member]\nname = A\nwords\nposition = B\n[member]\nname = B\nposition = C\n",
     "test.ini:11: syntax error: expected [section], key = value or a comment"},
    {"[vote]\ntitle = Nguy\xe1\xbb n\n", "test.ini:2: not valid UTF-8"},
    {"[vote]\ntitle = \xff\n", "test.ini:2: not valid UTF-8"},
    {"[vote]\ntitle = a\x01z\n", "test.ini:2: title: contains a control character (byte 2)"},
    {"[vote]\ntitle = a\xc2\x85z\n", "test.ini:2: title: contains a control character (byte 2)"},
};

static void test_refusals(void **state)
{
	int wrong = 0;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct tn_definition d;
		struct tn_err e;
		int rc;

		memset(&e, 0, sizeof e);
		if ((rc = parse(bad[i].text, &d, &e)) >= 0)
			fail_msg("case %zu accepted", i);
		assert_int_equal(rc, TN_EDATA);
		assert_int_equal(e.code, TN_EDATA);
		if (strcmp(e.msg, bad[i].msg) != 0) {
			print_error("case %zu:\n got  %s\n want %s\n", i, e.msg, bad[i].msg);
			wrong++;
		}
	}
	assert_int_equal(wrong, 0);
}

static void test_line_too_long(void **state)
{
	struct tn_definition d;
	struct tn_err e;
	char *text = malloc(20000);

	(void)state;
	strcpy(text, "[vote]\ntitle = ");
	memset(text + strlen(text), 'a', 9000);
	strcpy(text + 15 + 9000, "\n");
	assert_int_equal(parse(text, &d, &e), TN_EDATA);
	assert_string_equal(e.msg, "test.ini:2: line longer than 8000 bytes");
	free(text);
}

static void test_missing_file(void **state)
{
	struct tn_definition d;
	struct tn_err e;

	(void)state;
	assert_int_equal(definition_load_ini("/nonexistent/x.ini", &d, &e), TN_ENOINPUT);
	assert_string_equal(e.msg, "/nonexistent/x.ini: No such file or directory");
}

/* The canonical form reads back to the same bytes and hash; anything else is refused. */
static void test_canonical_round_trip(void **state)
{
	struct tn_definition a, b;
	struct tn_buf c1 = {0}, c2 = {0};
	struct tn_err e;

	(void)state;
	assert_int_equal(parse(GOOD "[meeting]\nconvened = 35\n", &a, &e), 0);
	definition_canonical(&a, &c1);
	assert_int_equal(definition_parse_canonical(c1.data, c1.len, &b, &e), 0);
	definition_canonical(&b, &c2);
	assert_int_equal(c1.len, c2.len);
	assert_memory_equal(c1.data, c2.data, c1.len);
	assert_memory_equal(a.hash, b.hash, 32);
	definition_free(&b);
	/* one changed byte: still parses or not, but never to the same hash */
	c1.data[30] ^= 1;
	if (definition_parse_canonical(c1.data, c1.len, &b, &e) == 0) {
		assert_memory_not_equal(a.hash, b.hash, 32);
		definition_free(&b);
	}
	c1.data[30] ^= 1;
	/* extra spaces are not canonical */
	buf_reset(&c2);
	buf_put(&c2, c1.data, c1.len);
	buf_puts(&c2, "member\tX  Y\tZ\n");
	assert_int_equal(definition_parse_canonical(c2.data, c2.len, &b, &e), TN_EDATA);
	/* nor a missing final newline */
	assert_int_equal(definition_parse_canonical(c1.data, c1.len - 1, &b, &e), TN_EDATA);
	definition_free(&a);
	buf_free(&c1);
	buf_free(&c2);
}

/* The canonical form of GOOD with one substitution (applied once), or GOOD's own form. */
static void canonical_with(const char *from, const char *to, struct tn_buf *out)
{
	struct tn_definition d;
	struct tn_buf canon = {0};
	struct tn_err e;
	const char *at;

	assert_int_equal(parse(GOOD "[meeting]\nconvened = 35\n", &d, &e), 0);
	definition_canonical(&d, &canon);
	definition_free(&d);
	at = strstr(buf_cstr(&canon), from);
	assert_non_null(at);
	buf_reset(out);
	buf_put(out, canon.data, (size_t)(at - canon.data));
	buf_puts(out, to);
	buf_puts(out, at + strlen(from));
	buf_free(&canon);
}

/*
 * What init refuses, the canonical reader (a vote file opened, a bundle verified) refuses too,
 * with the same words and the line of the canonical form; and each refusal has an accepted twin.
 */
static void test_canonical_validation(void **state)
{
	static const struct {
		const char *from, *to;
		const char *msg; /* NULL: accepted */
	} cases[] = {
	    {"date\t2023-06-28", "date\t2023-02-30",
	     "definition line 6: date: 2023-02-30 is not a day of the calendar"},
	    {"date\t2023-06-28", "date\t2024-02-29", NULL},
	    {"date\t2023-06-28", "date\t2023-02-29",
	     "definition line 6: date: 2023-02-29 is not a day of the calendar"},
	    {"date\t2023-06-28", "date\t1929-06-28",
	     "definition line 6: date: 1929-06-28 is before 1930"},
	    {"present\t-", "present\t36",
	     "definition line 12: [meeting]: present (36) exceeds convened (35)"},
	    {"present\t-", "present\t35", NULL},
	    {"convened\t35", "convened\t0",
	     "definition line 12: [meeting]: convened is 0: a vote needs members to vote"},
	    {"convened\t35", "convened\t-", NULL},
	    {"member\tTrần Thị Bình", "member\tNguyễn Văn An",
	     "definition line 18: duplicate member \"Nguyễn Văn An\" (members 1 and 2)"},
	    {"member\tTrần Thị Bình", "member\tNguyễn Văn Ân", NULL},
	    {"member\tNguyễn Văn An", "member\tNguyễn Văn\u200bAn",
	     "definition line 17: member 1 name: invisible character U+200B at character 11"},
	    {"member\tNguyễn Văn An", "member\tNguyễn Văn\u00a0An",
	     "definition line 17: member 1 name: not normalised (NFC, single spaces)"},
	    {"member\tNguyễn Văn An", "member\tNguye\xcc\x82\xcc\x83n Văn An",
	     "definition line 17: member 1 name: not normalised (NFC, single spaces)"},
	    {"member\tNguyễn Văn An", "member\tNguyễn Văn \u0410n",
	     "definition line 17: member 1 name: mixes scripts: Cyrillic U+0410 at character 12"},
	    {"member\tTrần Thị Bình", "member\tNguyễn Văn Аn",
	     "definition line 18: member 2 name: mixes scripts: Cyrillic U+0410 at character 12"},
	    {"board\tPhan Thị Hòa\tTrưởng ban\n",
	     "board\tPhan Thị Hòa\tTrưởng ban\nboard\tPhan Thị Hòa\tỦy viên\n",
	     "definition line 17: duplicate counting board member \"Phan Thị Hòa\" (1 and 2)"},
	    {"board\tPhan Thị Hòa\tTrưởng ban\n",
	     "board\tPhan Thị Hòa\tTrưởng ban\nboard\tPhan Thị Hoa\tỦy viên\n", NULL},
	    {"board\tPhan Thị Hòa\tTrưởng ban\n", "", "no counting board member"},
	    {"place\tThành phố Mẫu", "place\tThành phố\u202eMẫu",
	     "definition line 5: place: bidirectional control U+202E at character 10"},
	    {"title\tLấy", "title\t\xef\xbf\xbe",
	     "definition line 2: title: noncharacter U+FFFE at character 1"},
	    {"title\tLấy", "title\tL\xff", "definition line 2: title: not valid UTF-8"},
	    /* the first line exactly, the counts below TN_MAX_COUNT */
	    {"tinnhiem-definition 1\n", "tinnhiem-definition 2\n",
	     "not a tinnhiem definition (line 1)"},
	    {"tinnhiem-definition 1\n", "tinnhiem-definitions 1\n",
	     "not a tinnhiem definition (line 1)"},
	    {"convened\t35", "convened\t999999999999", NULL},
	    {"convened\t35", "convened\t1000000000000", "definition line 12: malformed"},
	    {"parent_body\tĐẢNG BỘ TỈNH MẪU\nissuing_body\tĐẢNG ỦY KHỐI MẪU\n",
	     "issuing_body\tĐẢNG ỦY KHỐI MẪU\nparent_body\tĐẢNG BỘ TỈNH MẪU\n",
	     "definition is not in canonical form"},
	    {"title\tLấy phiếu tín nhiệm thử\n", "", "definition is incomplete"},
	};
	struct tn_buf c = {0};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct tn_definition d;
		struct tn_err e = {0};
		bool names;
		int rc;

		canonical_with(cases[i].from, cases[i].to, &c);
		rc = definition_parse_canonical(c.data, c.len, &d, &e);
		/* a name that mixes scripts is read, and refused by the check of names (verify) */
		names = cases[i].msg != NULL && strstr(cases[i].msg, "mixes scripts") != NULL;
		if (names && rc != 0)
			fail_msg("case %zu refused without the check of names: %s", i, e.msg);
		if (rc == 0 && (rc = definition_check_names(&d, &e)) != 0) {
			definition_free(&d);
			if (!names)
				fail_msg("case %zu refused by the check of names: %s", i, e.msg);
		}
		if (cases[i].msg == NULL && rc != 0)
			fail_msg("case %zu refused: %s", i, e.msg);
		if (cases[i].msg == NULL) {
			definition_free(&d);
			continue;
		}
		if (rc >= 0)
			fail_msg("case %zu accepted", i);
		assert_int_equal(rc, TN_EDATA);
		assert_int_equal(e.code, TN_EDATA);
		if (strcmp(e.msg, cases[i].msg) != 0)
			fail_msg("case %zu:\n got  %s\n want %s", i, e.msg, cases[i].msg);
	}
	buf_free(&c);
}

/* The test vector of docs/formats.md: the definition tests/vectors/small.ini. */
static void test_vector(void **state)
{
	struct tn_definition d;
	struct tn_buf canon = {0};
	struct tn_err e;
	char hex[65], *want, *path = getenv("TN_VECTORS");
	char file[4096];
	FILE *f;
	size_t n;

	(void)state;
	assert_non_null(path);
	snprintf(file, sizeof file, "%s/small.ini", path);
	assert_int_equal(definition_load_ini(file, &d, &e), 0);
	definition_canonical(&d, &canon);
	snprintf(file, sizeof file, "%s/small.definition", path);
	f = fopen(file, "rb");
	assert_non_null(f);
	want = malloc(65536);
	n = fread(want, 1, 65536, f);
	fclose(f);
	assert_int_equal(n, canon.len);
	assert_memory_equal(want, canon.data, n);
	hex_encode(d.hash, 32, hex);
	snprintf(file, sizeof file, "%s/small.definition-hash", path);
	f = fopen(file, "rb");
	assert_non_null(f);
	n = fread(want, 1, 64, f);
	fclose(f);
	want[n] = '\0';
	assert_string_equal(hex, want);
	free(want);
	buf_free(&canon);
	definition_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good),
	    cmocka_unit_test(test_profile_and_overrides),
	    cmocka_unit_test(test_lenient_layout),
	    cmocka_unit_test(test_nfc),
	    cmocka_unit_test(test_long_value),
	    cmocka_unit_test(test_reader_details),
	    cmocka_unit_test(test_filled_in),
	    cmocka_unit_test(test_dates),
	    cmocka_unit_test(test_vietnamese_names),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_line_too_long),
	    cmocka_unit_test(test_missing_file),
	    cmocka_unit_test(test_canonical_round_trip),
	    cmocka_unit_test(test_canonical_validation),
	    cmocka_unit_test(test_vector),
	};

	chain_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
