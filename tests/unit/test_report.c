/* The tally as CSV, JSON and text: formula-looking names are neutralised in CSV only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tinnhiem/report.h"

#define NMEMBERS 4

static char formula[] = "=HYPERLINK(\"http://x.example/\",\"Xem\")";
static char sum[] = "-1+1";
static char plain[] = "Nguyễn Văn An";
static char at[] = "@Ủy viên";

static void setup(struct tn_definition *d, struct tn_tally *t)
{
	static char title[] = "Thử", member[] = "Ủy viên", tabbed[] = "\tTab", plus[] = "+84";
	static struct tn_person members[NMEMBERS];

	members[0] = (struct tn_person){formula, member};
	members[1] = (struct tn_person){sum, at};
	members[2] = (struct tn_person){plain, member};
	members[3] = (struct tn_person){tabbed, plus};
	memset(d, 0, sizeof *d);
	d->title = title;
	d->rules = rules_for_profile(TN_QD96_2023);
	d->members = members;
	d->nmembers = NMEMBERS;
	d->meeting = (struct tn_meeting){.fact = {4, 4, 4, 4}};
	tally_init(t, d);
}

static char *report(const struct tn_definition *d, const struct tn_tally *t, enum tn_format f,
		    struct tn_buf *b)
{
	buf_reset(b);
	report_tally(d, t, NULL, f, b);
	return b->data;
}

static void test_csv_neutralises_formulas(void **state)
{
	struct tn_definition d;
	struct tn_tally t;
	struct tn_buf b = {0};
	const char *csv;

	(void)state;
	setup(&d, &t);
	csv = report(&d, &t, TN_FMT_CSV, &b);
	/* a leading quote, the cell quoted, its own quotes doubled */
	assert_non_null(
	    strstr(csv, "\n1,\"'=HYPERLINK(\"\"http://x.example/\"\",\"\"Xem\"\")\",Ủy viên,0,"));
	assert_non_null(strstr(csv, "\n2,\"'-1+1\",\"'@Ủy viên\",0,"));
	assert_non_null(strstr(csv, "\n4,\"'\tTab\",\"'+84\",0,"));
	/* the twin: an ordinary name and position are written as they are */
	assert_non_null(strstr(csv, "\n3,Nguyễn Văn An,Ủy viên,0,0,0,0,0.00,0.00,0.00,\n"));
	/* numbers are never prefixed */
	assert_null(strstr(csv, ",'0"));
	buf_free(&b);
}

static void test_json_and_text_unchanged(void **state)
{
	struct tn_definition d;
	struct tn_tally t;
	struct tn_buf b = {0};
	const char *out;

	(void)state;
	setup(&d, &t);
	out = report(&d, &t, TN_FMT_JSON, &b);
	assert_non_null(strstr(
	    out, "\"name\": \"=HYPERLINK(\\\"http://x.example/\\\",\\\"Xem\\\")\", \"position\""));
	assert_non_null(strstr(out, "\"name\": \"-1+1\", \"position\": \"@Ủy viên\""));
	assert_null(strstr(out, "'"));
	out = report(&d, &t, TN_FMT_TEXT, &b);
	assert_non_null(strstr(out, "  1  =HYPERLINK(\"http://x.example/\",\"Xem\")  Ủy viên"));
	assert_non_null(strstr(out, "  2  -1+1"));
	assert_non_null(strstr(out, "@Ủy viên"));
	assert_null(strstr(out, "'"));
	buf_free(&b);
}

/* A comma, a quote or a line break quotes a CSV cell; JSON escapes quotes and backslashes. */
static void test_escapes(void **state)
{
	static char comma[] = "Lê Văn Bình, Jr", slash[] = "A\\B", member[] = "Ủy viên";
	static struct tn_person members[2];
	struct tn_definition d;
	struct tn_tally t;
	struct tn_buf b = {0};
	const char *out;

	(void)state;
	setup(&d, &t);
	members[0] = (struct tn_person){comma, member};
	members[1] = (struct tn_person){slash, member};
	d.members = members;
	d.nmembers = t.nmembers = 2;
	out = report(&d, &t, TN_FMT_CSV, &b);
	assert_non_null(strstr(out, "\n1,\"Lê Văn Bình, Jr\",Ủy viên,0,"));
	assert_non_null(strstr(out, "\n2,A\\B,Ủy viên,0,"));
	out = report(&d, &t, TN_FMT_JSON, &b);
	assert_non_null(strstr(out, "\"name\": \"A\\\\B\", \"position\""));
	assert_non_null(strstr(out, "\"name\": \"Lê Văn Bình, Jr\", \"position\""));
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_csv_neutralises_formulas),
	    cmocka_unit_test(test_json_and_text_unchanged),
	    cmocka_unit_test(test_escapes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
