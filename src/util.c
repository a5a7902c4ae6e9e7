#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tinnhiem/i18n.h"
#include "tinnhiem/util.h"

static void out_of_memory(void)
{
	fputs("tinnhiem: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		out_of_memory();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		out_of_memory();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		out_of_memory();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void buf_grow(struct tn_buf *b, size_t extra)
{
	size_t want = b->len + extra + 1;

	if (want <= b->cap)
		return;
	if (want < b->len) /* overflow */
		out_of_memory();
	b->cap = b->cap ? b->cap : 64;
	while (b->cap < want)
		b->cap *= 2;
	b->data = xrealloc(b->data, b->cap);
}

void buf_put(struct tn_buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_puts(struct tn_buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void buf_putc(struct tn_buf *b, char c)
{
	buf_put(b, &c, 1);
}

void buf_vprintf(struct tn_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	/* one pass when the text fits in what is already allocated */
	buf_grow(b, 64);
	va_copy(ap2, ap);
	n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	if ((size_t)n >= b->cap - b->len) {
		buf_grow(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void buf_printf(struct tn_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *buf_cstr(struct tn_buf *b)
{
	buf_grow(b, 0);
	b->data[b->len] = '\0';
	return b->data;
}

void buf_reset(struct tn_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void buf_free(struct tn_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* Each byte's two lowercase digits: a constant table of 512 characters. */
// clang-format off
#define ROW(h) h "0" h "1" h "2" h "3" h "4" h "5" h "6" h "7" \
	       h "8" h "9" h "a" h "b" h "c" h "d" h "e" h "f"
static const char hex_pairs[] = ROW("0") ROW("1") ROW("2") ROW("3") ROW("4") ROW("5") ROW("6")
	ROW("7") ROW("8") ROW("9") ROW("a") ROW("b") ROW("c") ROW("d") ROW("e") ROW("f");
#undef ROW
// clang-format on

void hex_encode(const uint8_t *in, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		memcpy(out + 2 * i, hex_pairs + 2 * in[i], 2);
	out[2 * n] = '\0';
}

/*
 * Lowercase hex digits: each one's value plus one, anything else 0. A constant table, not
 * one filled on first use, so that any thread may read it (src/relay.c).
 */
static const uint8_t hex_plus1[256] = {
    ['0'] = 1, ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,  ['6'] = 7,  ['7'] = 8,
    ['8'] = 9, ['9'] = 10, ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
};

int hex_decode(const char *in, size_t inlen, uint8_t *out, size_t n)
{
	const unsigned char *p = (const unsigned char *)in;
	uint8_t bad = 0;

	if (inlen != 2 * n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		/* 0 - 1 is 0xff: a byte that is not a digit sets the high bits of bad */
		uint8_t hi = (uint8_t)(hex_plus1[p[2 * i]] - 1),
			lo = (uint8_t)(hex_plus1[p[2 * i + 1]] - 1);

		bad |= hi | lo;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return bad & 0xf0 ? -1 : 0;
}

void hex_grouped(const uint8_t *in, size_t n, char *out)
{
	char hex[2 * 64 + 1];
	size_t o = 0;

	if (n > 64)
		n = 64;
	hex_encode(in, n, hex);
	for (size_t i = 0; i < 2 * n; i++) {
		if (i && i % 4 == 0)
			out[o++] = ' ';
		out[o++] = hex[i];
	}
	out[o] = '\0';
}

const char *u64_decimal(uint64_t v, char buf[U64_DIGITS], size_t *len)
{
	size_t n = U64_DIGITS;

	do
		buf[--n] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	*len = U64_DIGITS - n;
	return buf + n;
}

int parse_u64(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;

	if (len == 0 || len > 19 || (len > 1 && s[0] == '0'))
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return 0;
}

void progress_report(const struct tn_progress *p, uint64_t done, uint64_t total)
{
	if (p != NULL && p->fn != NULL && (done % 4096 == 0 || done == total))
		p->fn(p->arg, done, total);
}

FILE *open_input(const char *path, const char *mode, struct tn_err *e)
{
	FILE *f = fopen(path, mode);
	struct stat st;

	if (f == NULL) {
		tn_fail(e, errno == ENOENT ? TN_ENOINPUT : TN_EIO, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		tn_fail(e, TN_ENOINPUT, "%s: %s", path, strerror(EISDIR));
		return NULL;
	}
	return f;
}

int read_small_file(const char *path, size_t max, char **text, size_t *len, struct tn_err *e)
{
	FILE *f = open_input(path, "rb", e);
	size_t n;
	char *buf;

	if (f == NULL)
		return e->code;
	buf = xmalloc(max + 1);
	n = fread(buf, 1, max + 1, f);
	if (ferror(f)) {
		fclose(f);
		free(buf);
		return tn_fail(e, TN_EIO, "%s: %s", path, strerror(errno));
	}
	fclose(f);
	if (n > max) {
		free(buf);
		return tn_fail(e, TN_EDATA, _("%s: file too large"), path);
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

int read_bounded_line(FILE *f, size_t max, struct tn_buf *line)
{
	char *p, *end;
	int c = 0;

	buf_reset(line);
	buf_grow(line, max); /* room for the longest line and its NUL: no check per byte */
	p = line->data;
	end = p + max;
	errno = 0;
	while ((c = getc_unlocked(f)) != EOF) {
		if (p == end) {
			*p = '\0';
			line->len = max;
			return -1;
		}
		*p++ = (char)c;
		if (c == '\n')
			break;
	}
	*p = '\0';
	line->len = (size_t)(p - line->data);
	if (c == EOF && ferror(f))
		return -2;
	return line->len > 0;
}

enum { LINES_BLOCK = 1 << 16 };

void lines_open(struct tn_lines *l, FILE *f, size_t max)
{
	long at = ftell(f);

	memset(l, 0, sizeof *l);
	l->f = f;
	l->max = max;
	l->cap = max + LINES_BLOCK;
	l->buf = xmalloc(l->cap);
	l->offset = at > 0 ? (uint64_t)at : 0;
}

/* Keeps the unread bytes and reads after them; 0, or -2 on a read error. */
static int lines_fill(struct tn_lines *l)
{
	size_t kept = l->end - l->start, got;

	memmove(l->buf, l->buf + l->start, kept);
	l->start = 0;
	l->end = kept;
	errno = 0;
	got = fread(l->buf + l->end, 1, l->cap - l->end, l->f);
	l->end += got;
	if (got == 0 && ferror(l->f))
		return -2;
	l->eof = got == 0;
	return 0;
}

int lines_next(struct tn_lines *l, const char **line, size_t *len)
{
	for (;;) {
		size_t avail = l->end - l->start;
		const char *nl = memchr(l->buf + l->start, '\n', avail);
		size_t n = nl != NULL ? (size_t)(nl - (l->buf + l->start)) + 1 : avail;

		if (n > l->max)
			return -1;
		if (nl != NULL || (l->eof && n > 0)) {
			*line = l->buf + l->start;
			*len = n;
			l->start += n;
			l->offset += n;
			return 1;
		}
		if (l->eof)
			return 0;
		if (lines_fill(l) < 0)
			return -2;
	}
}

int lines_seek(struct tn_lines *l, uint64_t offset)
{
	if (offset > (uint64_t)LONG_MAX || fseek(l->f, (long)offset, SEEK_SET) != 0)
		return -1;
	l->start = l->end = 0;
	l->eof = 0;
	l->offset = offset;
	return 0;
}

void lines_close(struct tn_lines *l)
{
	free(l->buf);
	l->buf = NULL;
}
