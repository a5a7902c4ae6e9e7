/*
 * The document model, built from a replay without any command: what the minutes say of an
 * open and of a sealed vote, and the ballot form; the text rendering fits 80 columns.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tinnhiem/chain.h"
#include "tinnhiem/document.h"
#include "tinnhiem/entry.h"
#include "tinnhiem/record.h"
#include "tinnhiem/vote.h"

static const char ini[] = "[vote]\ntitle = Lấy phiếu thử\nparent_body = ĐẢNG BỘ TỈNH MẪU\n"
			  "issuing_body = ĐẢNG ỦY KHỐI MẪU\nplace = Thành phố Mẫu\n"
			  "date = 2023-06-28\n[meeting]\nconvened = 4\n"
			  "[counting_board]\nmember = Phan Thị Hòa | Trưởng ban\n"
			  "member = Đỗ Minh Khôi | Ủy viên\n"
			  "[member]\nname = Nguyễn Văn An\nposition = Bí thư\n"
			  "[member]\nname = Trần Thị Bình\nposition = Phó Bí thư\n";

static char dir[64], path[128];

static int setup(void **state)
{
	struct tn_definition d;
	struct tn_err e;
	FILE *f = fmemopen((void *)ini, strlen(ini), "r");

	(void)state;
	strcpy(dir, "/tmp/tn-doc-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/v.db", dir);
	assert_int_equal(definition_parse_ini(f, "t.ini", &d, &e), 0);
	fclose(f);
	assert_int_equal(vote_create(path, &d, &e), 0);
	definition_free(&d);
	return 0;
}

static int teardown(void **state)
{
	char cmd[200];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

/* Any paragraph before or after the table that holds text. */
static bool says(const struct tn_doc *doc, const char *text)
{
	for (size_t i = 0; i < doc->nbefore; i++)
		if (strstr(doc->before[i].text, text))
			return true;
	for (size_t i = 0; i < doc->nafter; i++)
		if (strstr(doc->after[i].text, text))
			return true;
	return false;
}

static void minutes_of(struct tn_vote *v, struct tn_doc *doc)
{
	struct tn_replay r;
	struct tn_err e;

	assert_int_equal(vote_replay(v, &r, &e), 0);
	document_minutes(&v->def, &r, doc);
	replay_free(&r);
}

static void test_minutes(void **state)
{
	struct tn_batch b = {NULL, "b", 1, 0, NULL, NULL, NULL, false};
	struct tn_meeting u = {.fact = {TN_UNSET, 4, 4, 3}}, merged;
	const char *text = "33\n31\n12\n";
	struct tn_vote v;
	struct tn_seal seal;
	struct tn_doc doc;
	struct tn_buf out = {0};
	struct tn_err e;

	(void)state;
	assert_int_equal(vote_open(path, true, &v, &e), 0);
	assert_int_equal(vote_record_meeting(&v, &u, &merged, &e), 0);
	b.f = fmemopen((void *)text, strlen(text), "r");
	assert_int_equal(entry_add_batch(&v, &b, &e), 0);
	fclose(b.f);
	/* open: a draft, with the table of both members, the rule and the reporting line */
	minutes_of(&v, &doc);
	assert_true(doc.draft);
	assert_int_equal(doc.table.nrows, 2);
	assert_true(says(&doc, "Biên bản lập xong lúc ..... giờ ..... cùng ngày"));
	assert_true(says(&doc, "vào lúc ..... giờ ....., ngày"));
	assert_true(says(&doc, "chưa niêm phong"));
	assert_true(says(&doc, "Nguyễn" TN_NBSP "Văn" TN_NBSP "An")); /* 2 of 3 low: a band */
	assert_true(says(&doc, "cấp có thẩm quyền"));		      /* reported, always */
	render_text(&doc, &out);
	for (const char *p = out.data, *nl; *p; p = nl + 1) {
		size_t cols = 0;

		nl = strchr(p, '\n');
		assert_non_null(nl);
		for (const char *c = p; c < nl; c++)
			cols += ((unsigned char)*c & 0xc0) != 0x80; /* characters, not bytes */
		if (cols > 80)
			fail_msg("a line of %zu columns: %.*s", cols, (int)(nl - p), p);
	}
	buf_free(&out);
	document_free(&doc);
	/* the times and the hall recorded: said instead of the blanks and of the place */
	memset(&u, 0, sizeof u);
	u.fact[TN_CONVENED] = u.fact[TN_PRESENT] = u.fact[TN_ISSUED] = u.fact[TN_COLLECTED] =
	    TN_UNSET;
	assert_int_equal(record_meeting_set(&u, "08:05", "10:40", "Hội trường A", &e), 0);
	assert_int_equal(vote_record_meeting(&v, &u, &merged, &e), 0);
	minutes_of(&v, &doc);
	assert_true(says(&doc, "vào lúc 8 giờ 05, ngày"));
	assert_true(says(&doc, ", tại Hội trường A, Ban kiểm phiếu tiến hành kiểm phiếu"));
	assert_true(says(&doc, "Biên bản lập xong lúc 10 giờ 40 cùng ngày"));
	assert_false(says(&doc, "....."));
	document_free(&doc);
	/* sealed: no longer a draft, and the tally hash is printed */
	assert_int_equal(vote_seal(&v, NULL, 0, &seal, &e), 0);
	minutes_of(&v, &doc);
	assert_false(doc.draft);
	assert_true(says(&doc, "Mã băm kết quả"));
	assert_false(says(&doc, "chưa niêm phong"));
	document_free(&doc);
	vote_close(&v);
}

/* No ballot collected: the base is 0, and the minutes say no band can be told, not "none". */
static void test_no_base(void **state)
{
	struct tn_meeting u = {.fact = {TN_UNSET, 4, 0, 0}}, merged;
	struct tn_definition d;
	struct tn_vote v;
	struct tn_doc doc;
	struct tn_err e;
	char empty[160];
	FILE *f = fmemopen((void *)ini, strlen(ini), "r");

	(void)state;
	snprintf(empty, sizeof empty, "%s/empty.db", dir);
	assert_int_equal(definition_parse_ini(f, "t.ini", &d, &e), 0);
	fclose(f);
	assert_int_equal(vote_create(empty, &d, &e), 0);
	definition_free(&d);
	assert_int_equal(vote_open(empty, true, &v, &e), 0);
	assert_int_equal(vote_record_meeting(&v, &u, &merged, &e), 0);
	minutes_of(&v, &doc);
	assert_true(says(&doc, "Chưa đủ số liệu để xác định tỷ lệ phiếu tín nhiệm thấp."));
	assert_false(says(&doc, "Không có đồng chí nào"));
	document_free(&doc);
	vote_close(&v);
}

static void test_ballot(void **state)
{
	struct tn_vote v;
	struct tn_doc doc;
	struct tn_err e;

	(void)state;
	assert_int_equal(vote_open(path, false, &v, &e), 0);
	document_ballot(&v.def, &doc);
	assert_int_equal(doc.kind, TN_DOC_BALLOT);
	assert_int_equal(doc.table.nrows, 2);
	assert_false(doc.draft);
	document_free(&doc);
	vote_close(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_minutes),
	    cmocka_unit_test(test_no_base),
	    cmocka_unit_test(test_ballot),
	};

	if (chain_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
