/* Documents as plain UTF-8 text: 80 columns, the header in two columns, tables aligned. */
#include <stdlib.h>
#include <string.h>

#include "tinnhiem/document.h"
#include "tinnhiem/report.h"

#define WIDTH 80
#define HALF  40

static void spaces(struct tn_buf *b, int n)
{
	for (int i = 0; i < n; i++)
		buf_putc(b, ' ');
}

static void centered(struct tn_buf *b, const char *s, int left, int width)
{
	int pad = (width - report_width(s)) / 2;

	spaces(b, left + (pad > 0 ? pad : 0));
	buf_puts(b, s);
	buf_putc(b, '\n');
}

/* Appends the next word-wrapped line of s that fits width; returns where the rest begins. */
static const char *wrap_line(struct tn_buf *b, const char *s, int width)
{
	const char *end = s, *cut = NULL;
	struct tn_buf word = {0};

	while (*end) {
		const char *sp = strchr(end, ' ');
		size_t n = sp ? (size_t)(sp - s) : strlen(s);

		buf_reset(&word);
		buf_put(&word, s, n);
		if (cut != NULL && report_width(buf_cstr(&word)) > width)
			break;
		cut = s + n;
		if (sp == NULL)
			break;
		end = sp + 1;
	}
	buf_free(&word);
	buf_put(b, s, (size_t)(cut - s));
	buf_putc(b, '\n');
	return *cut == ' ' ? cut + 1 : cut;
}

static void paragraph(struct tn_buf *b, const struct tn_para *p)
{
	const char *s = p->text;
	int first = 1;

	while (*s) {
		struct tn_buf line = {0};
		int indent = (p->style & TN_S_INDENT) && first ? 4 : 0;

		s = wrap_line(&line, s, WIDTH - indent);
		if (p->style & TN_S_CENTER) {
			line.data[line.len - 1] = '\0';
			centered(b, line.data, 0, WIDTH);
		} else {
			spaces(b, indent);
			buf_puts(b, line.data);
		}
		buf_free(&line);
		first = 0;
	}
}

static void header(const struct tn_doc *d, struct tn_buf *b)
{
	const char *party = "ĐẢNG CỘNG SẢN VIỆT NAM";
	int w = report_width(party), star = (report_width(d->issuing_body) - 1) / 2;
	int place = report_width(d->place_date);

	report_pad(b, d->parent_body, HALF, false);
	spaces(b, (HALF - w) / 2);
	buf_printf(b, "%s\n", party);
	report_pad(b, d->issuing_body, HALF, false);
	spaces(b, (HALF - w) / 2);
	for (int i = 0; i < w; i++)
		buf_putc(b, '-');
	buf_putc(b, '\n');
	spaces(b, star > 0 ? star : 0);
	buf_putc(b, '*');
	spaces(b, HALF - (star > 0 ? star : 0) - 1 + (place < HALF ? (HALF - place) / 2 : 0));
	buf_printf(b, "%s\n", d->place_date);
	if (d->secret)
		buf_puts(b, "MẬT\n");
	buf_putc(b, '\n');
	if (d->draft)
		centered(b, "DỰ THẢO", 0, WIDTH);
	centered(b, d->doc_type, 0, WIDTH);
	paragraph(b, &(struct tn_para){d->summary, TN_S_CENTER});
	buf_putc(b, '\n');
}

static int *column_widths(const struct tn_table *t)
{
	int *w = xcalloc(t->ncols, sizeof *w);

	for (size_t c = 0; c < t->ncols; c++) {
		w[c] = report_width(t->head[c]);
		for (size_t r = 0; r < t->nrows; r++) {
			int x = report_width(t->cells[r * t->ncols + c]);

			w[c] = x > w[c] ? x : w[c];
		}
		if (t->boxes && c >= 3 && w[c] < 5)
			w[c] = 5;
	}
	/* a group label must fit over its columns */
	for (size_t g = 0, c = 0; g < t->ngroups; c += t->groups[g++].span) {
		int span = 0, need = report_width(t->groups[g].label);

		for (size_t k = c; k < c + t->groups[g].span; k++)
			span += w[k] + (k > c ? 3 : 0);
		if (need > span)
			w[c + t->groups[g].span - 1] += need - span;
	}
	return w;
}

static void table_row(struct tn_buf *b, const struct tn_table *t, char **cells, const int *w)
{
	buf_puts(b, "|");
	for (size_t c = 0; c < t->ncols; c++) {
		const char *s = t->boxes && c >= 3 && cells != t->head ? "[ ]" : cells[c];

		buf_putc(b, ' ');
		if (t->boxes && c >= 3 && cells != t->head) {
			spaces(b, (w[c] - 3) / 2);
			buf_puts(b, s);
			spaces(b, w[c] - 3 - (w[c] - 3) / 2);
		} else {
			report_pad(b, s, w[c], t->numeric[c] && cells != t->head);
		}
		buf_puts(b, " |");
	}
	buf_putc(b, '\n');
}

static void table_rule(struct tn_buf *b, const struct tn_table *t, const int *w)
{
	buf_putc(b, '+');
	for (size_t c = 0; c < t->ncols; c++) {
		for (int i = 0; i < w[c] + 2; i++)
			buf_putc(b, '-');
		buf_putc(b, '+');
	}
	buf_putc(b, '\n');
}

static void table(struct tn_buf *b, const struct tn_table *t)
{
	int *w = column_widths(t);

	table_rule(b, t, w);
	if (t->groups) {
		buf_putc(b, '|');
		for (size_t g = 0, c = 0; g < t->ngroups; c += t->groups[g++].span) {
			int span = 0;

			for (size_t k = c; k < c + t->groups[g].span; k++)
				span += w[k] + (k > c ? 3 : 0);
			buf_putc(b, ' ');
			centered(b, t->groups[g].label, 0, span);
			b->len--;
			spaces(b, span - report_width(t->groups[g].label) -
				      (span - report_width(t->groups[g].label)) / 2);
			buf_puts(b, " |");
		}
		buf_putc(b, '\n');
	}
	table_row(b, t, t->head, w);
	table_rule(b, t, w);
	for (size_t r = 0; r < t->nrows; r++)
		table_row(b, t, t->cells + r * t->ncols, w);
	table_rule(b, t, w);
	free(w);
}

static void signature(const struct tn_doc *d, struct tn_buf *b)
{
	if (d->on_behalf == NULL)
		return;
	buf_putc(b, '\n');
	report_pad(b, d->others_title, HALF, false);
	centered(b, d->on_behalf, 0, HALF);
	spaces(b, HALF);
	centered(b, d->signer_role, 0, HALF);
	buf_puts(b, "\n\n\n");
	for (size_t i = 0; i < d->nothers || i == 0; i++) {
		report_pad(b, i < d->nothers ? d->others[i] : "", HALF, false);
		if (i == 0)
			centered(b, d->signer_name, 0, HALF);
		else
			buf_putc(b, '\n');
	}
}

/* Drops the spaces that padding leaves at the ends of lines. */
static void trim_lines(struct tn_buf *b)
{
	size_t o = 0;

	for (size_t i = 0; i < b->len; i++) {
		if (b->data[i] == '\n')
			while (o > 0 && b->data[o - 1] == ' ')
				o--;
		b->data[o++] = b->data[i];
	}
	b->len = o;
	buf_cstr(b);
}

void render_text(const struct tn_doc *d, struct tn_buf *b)
{
	header(d, b);
	for (size_t i = 0; i < d->nbefore; i++)
		paragraph(b, &d->before[i]);
	buf_putc(b, '\n');
	table(b, &d->table);
	buf_putc(b, '\n');
	for (size_t i = 0; i < d->nafter; i++)
		paragraph(b, &d->after[i]);
	signature(d, b);
	trim_lines(b);
}
