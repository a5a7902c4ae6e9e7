/* Line readers: the limit is exact (max bytes read, one more refused), bytes are kept as read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tinnhiem/util.h"

#define MAX 8192

/* A stream of text; the caller closes it. */
static FILE *stream(const char *text, size_t len)
{
	FILE *f = tmpfile();

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	rewind(f);
	return f;
}

/* n bytes: 'a' repeated, then a newline */
static char *long_line(size_t n)
{
	char *s = malloc(n + 1);

	memset(s, 'a', n - 1);
	s[n - 1] = '\n';
	s[n] = '\0';
	return s;
}

static void lines_at_the_limit(void **state)
{
	char *text = long_line(MAX);
	FILE *f = stream(text, MAX);
	struct tn_lines l;
	const char *line;
	size_t len;

	(void)state;
	lines_open(&l, f, MAX);
	assert_int_equal(lines_next(&l, &line, &len), 1);
	assert_int_equal(len, MAX);
	assert_memory_equal(line, text, MAX);
	assert_int_equal(lines_next(&l, &line, &len), 0);
	lines_close(&l);
	fclose(f);
	free(text);
}

static void lines_over_the_limit(void **state)
{
	char *text = long_line(MAX + 1);
	FILE *f = stream(text, MAX + 1);
	struct tn_lines l;
	const char *line;
	size_t len;

	(void)state;
	lines_open(&l, f, MAX);
	assert_int_equal(lines_next(&l, &line, &len), -1);
	lines_close(&l);
	fclose(f);
	/* the same without a newline: more than max bytes is refused before the end */
	text[MAX] = 'a';
	f = stream(text, MAX + 1);
	lines_open(&l, f, MAX);
	assert_int_equal(lines_next(&l, &line, &len), -1);
	lines_close(&l);
	fclose(f);
	free(text);
}

/* Lines across the 64 KiB blocks, NUL and CR kept, the last without a newline, then back. */
static void lines_across_blocks(void **state)
{
	size_t n = 200000, at = 0, back = 0;
	char *text = malloc(n);
	FILE *f;
	struct tn_lines l;
	const char *line;
	size_t len, count = 0;

	(void)state;
	for (size_t i = 0; i < n; i++)
		text[i] = i % 97 == 96 ? '\n' : i % 13 == 0 ? '\0' : i % 17 == 0 ? '\r' : 'x';
	f = stream(text, n);
	lines_open(&l, f, MAX);
	while (lines_next(&l, &line, &len) == 1) {
		assert_memory_equal(line, text + at, len);
		at += len;
		if (++count == 1000)
			back = l.offset;
	}
	assert_int_equal(at, n);
	assert_true(text[n - 1] != '\n');
	assert_int_equal(lines_seek(&l, back), 0);
	assert_int_equal(lines_next(&l, &line, &len), 1);
	assert_memory_equal(line, text + back, len);
	lines_close(&l);
	fclose(f);
	free(text);
}

static void bounded_line_at_and_over_the_limit(void **state)
{
	char *text = long_line(MAX + 1);
	struct tn_buf line = {0};
	FILE *f;

	(void)state;
	f = stream(text + 1, MAX);
	assert_int_equal(read_bounded_line(f, MAX, &line), 1);
	assert_int_equal(line.len, MAX);
	assert_memory_equal(line.data, text + 1, MAX);
	assert_int_equal(read_bounded_line(f, MAX, &line), 0);
	fclose(f);
	f = stream(text, MAX + 1);
	assert_int_equal(read_bounded_line(f, MAX, &line), -1);
	fclose(f);
	f = stream("a\0b\nc", 5); /* a NUL is kept, a last line may lack its newline */
	assert_int_equal(read_bounded_line(f, MAX, &line), 1);
	assert_int_equal(line.len, 4);
	assert_memory_equal(line.data, "a\0b\n", 4);
	assert_int_equal(read_bounded_line(f, MAX, &line), 1);
	assert_int_equal(line.len, 1);
	assert_string_equal(line.data, "c");
	fclose(f);
	buf_free(&line);
	free(text);
}

/* Hex: the sixteen lowercase digits decode, every other byte in either place is refused. */
static void hex_every_byte(void **state)
{
	static const char digits[] = "0123456789abcdef";
	uint8_t out[1];
	char in[2];

	(void)state;
	for (int c = 0; c < 256; c++) {
		const char *d = c != 0 ? strchr(digits, c) : NULL;

		in[0] = (char)c, in[1] = '7';
		assert_int_equal(hex_decode(in, 2, out, 1), d != NULL ? 0 : -1);
		if (d != NULL)
			assert_int_equal(out[0], (d - digits) << 4 | 7);
		in[0] = 'a', in[1] = (char)c;
		assert_int_equal(hex_decode(in, 2, out, 1), d != NULL ? 0 : -1);
		if (d != NULL)
			assert_int_equal(out[0], 0xa0 | (d - digits));
	}
	assert_int_equal(hex_decode("ab", 1, out, 1), -1); /* not twice the bytes wanted */
}

/* Every byte encodes as its two lowercase digits (the table of hex_encode) and back. */
static void hex_encode_every_byte(void **state)
{
	uint8_t all[256], back[256];
	char hex[2 * 256 + 1], want[3];

	(void)state;
	for (int c = 0; c < 256; c++)
		all[c] = (uint8_t)c;
	hex_encode(all, 256, hex);
	assert_int_equal(strlen(hex), 512);
	for (int c = 0; c < 256; c++) {
		snprintf(want, sizeof want, "%02x", c);
		assert_memory_equal(hex + 2 * c, want, 2);
	}
	assert_int_equal(hex_decode(hex, 512, back, 256), 0);
	assert_memory_equal(back, all, 256);
	hex_encode(all, 0, hex);
	assert_string_equal(hex, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(hex_every_byte),
	    cmocka_unit_test(hex_encode_every_byte),
	    cmocka_unit_test(lines_at_the_limit),
	    cmocka_unit_test(lines_over_the_limit),
	    cmocka_unit_test(lines_across_blocks),
	    cmocka_unit_test(bounded_line_at_and_over_the_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
