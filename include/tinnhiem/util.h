/* Small helpers: allocation that never returns NULL, byte buffers, hex. */
#ifndef TINNHIEM_UTIL_H
#define TINNHIEM_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tinnhiem/err.h"

/* Allocation failure aborts: a counting tool that runs out of memory must stop, not guess. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

struct tn_buf {
	char *data;
	size_t len;
	size_t cap;
};

void buf_put(struct tn_buf *b, const void *p, size_t n);
void buf_puts(struct tn_buf *b, const char *s);
void buf_putc(struct tn_buf *b, char c);
void buf_printf(struct tn_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct tn_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* NUL-terminated view of the contents (the NUL is not counted in len). */
const char *buf_cstr(struct tn_buf *b);
void buf_reset(struct tn_buf *b);
void buf_free(struct tn_buf *b);

/* Lowercase hex; out must hold 2n+1 bytes. */
void hex_encode(const uint8_t *in, size_t n, char *out);
/* Exactly 2n lowercase hex digits; 0 or -1. */
int hex_decode(const char *in, size_t inlen, uint8_t *out, size_t n);
/* Hex in groups of four separated by spaces, for documents; out must hold 2n + 2n/4 + 1. */
void hex_grouped(const uint8_t *in, size_t n, char *out);

/* A hook for long work: the core reports, the command layer draws. */
struct tn_progress {
	void (*fn)(void *arg, uint64_t done, uint64_t total);
	void *arg;
};

/* Calls p->fn now and then (every 4096 steps, and at the end); p may be NULL. */
void progress_report(const struct tn_progress *p, uint64_t done, uint64_t total);

/*
 * Opens an input file for reading: NULL, with e set, when it is missing or is a directory
 * (TN_ENOINPUT) or cannot be opened (TN_EIO); the message names the file.
 */
FILE *open_input(const char *path, const char *mode, struct tn_err *e);

/* Reads a whole small file (at most max bytes) into a new NUL-terminated string. */
int read_small_file(const char *path, size_t max, char **text, size_t *len, struct tn_err *e);

/*
 * Reads one line, with its newline when there is one, into line: 1 a line, 0 end of file,
 * -1 longer than max bytes (the rest is left unread), -2 a read error (errno).
 */
int read_bounded_line(FILE *f, size_t max, struct tn_buf *line);

/*
 * Lines of a stream read in blocks, for long files: each line is found with memchr in a
 * buffer of its own, not copied. Nothing else may read f meanwhile.
 */
struct tn_lines {
	FILE *f;
	size_t max;
	char *buf;
	size_t start, end, cap;
	uint64_t offset; /* in the stream, of the next line */
	int eof;
};

void lines_open(struct tn_lines *l, FILE *f, size_t max);
/*
 * The next line, with its newline when there is one, valid until the next call: 1 a line,
 * 0 end of file, -1 longer than max bytes, -2 a read error (errno).
 */
int lines_next(struct tn_lines *l, const char **line, size_t *len);
/* Goes back to an offset of the stream that lines_next passed (l->offset): 0, or -1 (errno). */
int lines_seek(struct tn_lines *l, uint64_t offset);
void lines_close(struct tn_lines *l);

/* Parses a decimal non-negative integer without sign, leading zeros or overflow. */
int parse_u64(const char *s, size_t len, uint64_t *out);

/*
 * v in decimal, as parse_u64 reads it, written at the end of buf without a NUL: returns where
 * it begins, and its length in *len. printf's %llu without its cost, for a line per ballot.
 */
#define U64_DIGITS 20
const char *u64_decimal(uint64_t v, char buf[U64_DIGITS], size_t *len);

#endif
