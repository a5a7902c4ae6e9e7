/* The ballot's QR code text: written, read back, and refused when it is not this vote's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tinnhiem/form.h"
#include "tinnhiem/util.h"

/* the demo vote's definition hash (ballots/demo.ini), as docs/formats.md quotes it */
static const char demo_hex[] = "8721f07c0f56e693c74edbbc870a9965cd27f2e89bc0f4863df516a330c7b64e";

static void demo_hash(uint8_t h[32])
{
	assert_int_equal(hex_decode(demo_hex, 64, h, 32), 0);
}

static void test_text(void **state)
{
	uint8_t h[32];
	char text[TN_FORM_QR_MAX];

	(void)state;
	demo_hash(h);
	form_qr_text(h, 1, text);
	assert_string_equal(text, "TN:1:8721F07C0F56E693:1");
	form_qr_text(h, 12, text);
	assert_string_equal(text, "TN:1:8721F07C0F56E693:12");
}

static void test_read_back(void **state)
{
	uint8_t h[32];
	char text[TN_FORM_QR_MAX];
	struct tn_err e;
	int page = 0;

	(void)state;
	demo_hash(h);
	for (int p = 1; p <= 3; p++) {
		form_qr_text(h, p, text);
		assert_int_equal(form_qr_parse(text, h, 3, &page, &e), 0);
		assert_int_equal(page, p);
	}
}

/* each refused text differs from an accepted one in one thing only */
static void test_refused(void **state)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
	    {"TN:1:8721F07C0F56E694:1", "definition hash begins 8721F07C, not this one (8721f07c)"},
	    {"TN:2:8721F07C0F56E693:1", "printed as form version 2"},
	    {"TN:1:8721F07C0F56E693:3", "names page 3 of a 2-page ballot"},
	    {"TN:1:8721F07C0F56E693:0", "names page 0 of a 2-page ballot"},
	    {"TN:1:8721F07C0F56E693:1x", "names page 1x"},
	    {"TN:1:8721F07C0F56E693:", "names page  of"},
	    {"TN:1:8721f07c0f56e693:1", "not a tinnhiem ballot's"},
	    {"TN:1:8721F07C0F56E6:1", "not a tinnhiem ballot's"},
	    {"XN:1:8721F07C0F56E693:1", "not a tinnhiem ballot's"},
	    {"https://example.org/", "not a tinnhiem ballot's"},
	};
	uint8_t h[32];
	struct tn_err e;
	int page = 0;

	(void)state;
	demo_hash(h);
	assert_int_equal(form_qr_parse("TN:1:8721F07C0F56E693:2", h, 2, &page, &e), 0);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(form_qr_parse(cases[i].text, h, 2, &page, &e), TN_EDATA);
		assert_int_equal(e.code, TN_EDATA);
		if (strstr(e.msg, cases[i].msg) == NULL)
			fail_msg("%s: \"%s\" lacks \"%s\"", cases[i].text, e.msg, cases[i].msg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_text),
	    cmocka_unit_test(test_read_back),
	    cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
