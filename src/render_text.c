/*
 * Documents as plain UTF-8 text that prints on A4 from any editor: at most 80 columns, the
 * header in two columns, the table laid out to fit (a name and its position share a column,
 * the position on the lines below the name).
 */
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

/*
 * Appends the next word-wrapped line of s that fits width, without its newline; returns
 * where the rest begins. Lines break at plain spaces only, never at no-break spaces; a word
 * wider than the line alone is broken where the line ends, so that nothing runs past it.
 */
static const char *wrap_line(struct tn_buf *b, const char *s, int width)
{
	const char *end = s, *cut = NULL;

	while (*end) {
		const char *sp = strchr(end, ' ');
		size_t n = sp ? (size_t)(sp - s) : strlen(s);

		if (cut != NULL && report_width_n(s, n) > width)
			break;
		cut = s + n;
		if (sp == NULL)
			break;
		end = sp + 1;
	}
	cut = s + report_fit(s, (size_t)(cut - s), width, NULL); /* a word too wide, cut */
	buf_put(b, s, (size_t)(cut - s));
	return *cut == ' ' ? cut + 1 : cut;
}

/* s wrapped to width: an array of lines, NULL-terminated. */
static char **wrapped(const char *s, int width)
{
	char **lines = xcalloc(1, sizeof *lines);
	size_t n = 0;

	while (*s) {
		struct tn_buf line = {0};

		s = wrap_line(&line, s, width);
		lines = xrealloc(lines, (n + 2) * sizeof *lines);
		lines[n++] = line.data ? line.data : xstrdup("");
		lines[n] = NULL;
	}
	return lines;
}

static size_t count_lines(char **lines)
{
	size_t n = 0;

	while (lines[n])
		n++;
	return n;
}

static void free_lines(char **lines)
{
	for (size_t i = 0; lines[i]; i++)
		free(lines[i]);
	free(lines);
}

static void paragraph(struct tn_buf *b, const struct tn_para *p)
{
	int indent = p->style & TN_S_INDENT ? 4 : 0;
	const char *s = p->text;
	int first = 1;

	if (p->style & TN_S_LINE) { /* whole on its line; indented when that fits */
		spaces(b, report_width(s) + indent <= WIDTH ? indent : 0);
		buf_printf(b, "%s\n", s);
		return;
	}
	while (*s) {
		struct tn_buf line = {0};
		int in = first ? indent : 0;

		s = wrap_line(&line, s, WIDTH - in);
		if (p->style & TN_S_CENTER) {
			centered(b, buf_cstr(&line), 0, WIDTH);
		} else {
			spaces(b, in);
			buf_printf(b, "%s\n", buf_cstr(&line));
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
	centered(b, "-----", 0, WIDTH); /* the short line under the summary (HD 36) */
	buf_putc(b, '\n');
}

/*
 * The table as printed: display columns, each one model column, except that a name and the
 * position after it share one (the name on the first line, the position below it).
 */
struct tcol {
	size_t c;     /* the model column */
	bool stacked; /* c is a name, c + 1 its position */
	int w, gap;   /* width, and spaces before it */
	int ip, fr;   /* decimal columns: widest whole part, widest ",dd" */
};

struct tlay {
	struct tcol *col;
	size_t n;
	int width;
};

static int widest_word(const char *s)
{
	int w = 0;

	while (*s) {
		size_t n = strcspn(s, " ");
		int x = report_width_n(s, n);

		w = x > w ? x : w;
		s += n + (s[n] == ' ');
	}
	return w;
}

static const char *cell(const struct tn_table *t, size_t r, size_t c)
{
	return t->cells[r * t->ncols + c];
}

/* Width of the whole part of a decimal ("63" of "63,64"), and of the rest. */
static void decimal_parts(const char *s, int *ip, int *fr)
{
	const char *comma = strchr(s, ',');
	char *whole = comma ? xstrndup(s, (size_t)(comma - s)) : xstrdup(s);

	*ip = report_width(whole);
	*fr = comma ? report_width(comma) : 0;
	free(whole);
}

static void figure_width(const struct tn_table *t, struct tcol *k)
{
	k->w = widest_word(t->head[k->c]);
	for (size_t r = 0; r < t->nrows; r++) {
		int ip, fr;

		if (t->kind[k->c] == TN_COL_DECIMAL) {
			decimal_parts(cell(t, r, k->c), &ip, &fr);
			k->ip = ip > k->ip ? ip : k->ip;
			k->fr = fr > k->fr ? fr : k->fr;
		} else {
			ip = t->kind[k->c] == TN_COL_BOX ? 3 : report_width(cell(t, r, k->c));
			k->w = ip > k->w ? ip : k->w;
		}
	}
	if (k->ip + k->fr > k->w)
		k->w = k->ip + k->fr;
}

/* Index of the heading group holding column c, or -1. */
static int group_of(const struct tn_table *t, size_t c)
{
	for (size_t g = 0, at = 0; g < t->ngroups; at += t->groups[g++].span)
		if (c >= at && c < at + t->groups[g].span)
			return (int)g;
	return -1;
}

/* The widest text a name or a position column holds. */
static int text_width(const struct tn_table *t, size_t c, int indent)
{
	int w = report_width(t->head[c]) + indent;

	for (size_t r = 0; r < t->nrows; r++) {
		int x = report_width(cell(t, r, c)) + indent;

		w = x > w ? x : w;
	}
	return w;
}

static struct tlay layout(const struct tn_table *t)
{
	struct tlay L = {xcalloc(t->ncols, sizeof *L.col), 0, 0};
	struct tcol *flex = NULL;
	int used = 0;

	for (size_t c = 0; c < t->ncols; c++) {
		struct tcol *k = &L.col[L.n++];
		int g = group_of(t, c);

		k->c = c;
		k->gap = c == 0							   ? 0
			 : g >= 0 && g == group_of(t, c - 1) && t->groups[g].label ? 1
										   : 2;
		if (t->kind[c] == TN_COL_NAME || t->kind[c] == TN_COL_TEXT) {
			k->stacked = t->kind[c] == TN_COL_NAME && c + 1 < t->ncols &&
				     t->kind[c + 1] == TN_COL_TEXT;
			k->w = text_width(t, c, 0);
			if (k->stacked) {
				int pos = text_width(t, ++c, 2);

				k->w = pos > k->w ? pos : k->w;
			}
			flex = k;
		} else {
			figure_width(t, k);
		}
		used += k->w + k->gap;
	}
	/* the name-and-position column takes what is left, up to what it needs */
	if (flex && used > WIDTH) {
		flex->w -= used - WIDTH;
		used = WIDTH;
		if (flex->w < 12) {
			used += 12 - flex->w;
			flex->w = 12;
		}
	}
	/* a group's label must fit over its columns */
	for (size_t g = 0; g < t->ngroups; g++) {
		int span = -1, need = t->groups[g].label ? widest_word(t->groups[g].label) : 0;

		for (size_t i = 0; i < L.n; i++)
			if (group_of(t, L.col[i].c) == (int)g)
				span += L.col[i].w + (span >= 0 ? L.col[i].gap : 1);
		for (size_t i = L.n; need > span && i-- > 0;)
			if (group_of(t, L.col[i].c) == (int)g) {
				L.col[i].w += need - span;
				used += need - span;
				break;
			}
	}
	L.width = used;
	return L;
}

/* A figure cell: right-aligned, decimals aligned on the comma. */
static void figure(struct tn_buf *b, const struct tn_table *t, const struct tcol *k, const char *s)
{
	int ip, fr;

	if (t->kind[k->c] == TN_COL_BOX) {
		spaces(b, (k->w - 3) / 2);
		buf_puts(b, "[ ]");
		spaces(b, k->w - 3 - (k->w - 3) / 2);
	} else if (t->kind[k->c] == TN_COL_DECIMAL) {
		decimal_parts(s, &ip, &fr);
		spaces(b, k->w - k->fr - ip);
		buf_puts(b, s);
		spaces(b, k->fr - fr);
	} else {
		report_pad(b, s, k->w, true);
	}
}

static void rule(struct tn_buf *b, int width)
{
	for (int i = 0; i < width; i++)
		buf_putc(b, '-');
	buf_putc(b, '\n');
}

/* Line i of a block of lines bottom-aligned in height lines, padded to w. */
static void block_line(struct tn_buf *b, char **lines, size_t height, size_t i, int w, bool center)
{
	size_t n = count_lines(lines);
	const char *s = i + n >= height ? lines[i + n - height] : "";
	int pad = w - report_width(s);

	spaces(b, center ? pad / 2 : 0);
	buf_puts(b, s);
	spaces(b, center ? pad - pad / 2 : pad);
}

/* Each column's heading, wrapped to its width; a stacked column: the name's, then the other. */
static char **head_lines(const struct tn_table *t, const struct tcol *k)
{
	char **lines = wrapped(t->head[k->c], k->w);

	if (k->stacked) {
		size_t n = count_lines(lines);
		struct tn_buf s = {0};

		buf_printf(&s, "  %s", t->head[k->c + 1]);
		lines = xrealloc(lines, (n + 2) * sizeof *lines);
		lines[n] = s.data;
		lines[n + 1] = NULL;
	}
	return lines;
}

static void table_head(struct tn_buf *b, const struct tn_table *t, const struct tlay *L)
{
	char ***head = xcalloc(L->n, sizeof *head), ***label = xcalloc(t->ngroups, sizeof *label);
	size_t hh = 0, gh = 0;

	for (size_t i = 0; i < L->n; i++) {
		head[i] = head_lines(t, &L->col[i]);
		hh = count_lines(head[i]) > hh ? count_lines(head[i]) : hh;
	}
	/* TT on the line of "Họ và tên", as the number is on the line of the name */
	for (size_t i = 0; i + 1 < L->n; i++)
		if (t->kind[L->col[i].c] == TN_COL_ORDER && L->col[i + 1].stacked)
			while (count_lines(head[i]) < count_lines(head[i + 1])) {
				size_t n = count_lines(head[i]);

				head[i] = xrealloc(head[i], (n + 2) * sizeof *head[i]);
				head[i][n] = xstrdup("");
				head[i][n + 1] = NULL;
			}
	for (size_t g = 0; g < t->ngroups; g++) {
		int span = -1;

		for (size_t i = 0; i < L->n; i++)
			if (group_of(t, L->col[i].c) == (int)g)
				span += L->col[i].w + (span >= 0 ? L->col[i].gap : 1);
		label[g] = wrapped(t->groups[g].label ? t->groups[g].label : "", span);
		gh = count_lines(label[g]) > gh ? count_lines(label[g]) : gh;
	}
	if (gh > 0)
		gh++; /* a rule under the group labels */
	for (size_t line = 0; line < gh + hh; line++) {
		for (size_t i = 0; i < L->n; i++) {
			const struct tcol *k = &L->col[i];
			int g = group_of(t, k->c);
			bool under = g >= 0 && t->groups[g].label;
			bool first = under && (i == 0 || group_of(t, L->col[i - 1].c) != g);
			bool center = t->kind[k->c] != TN_COL_NAME && t->kind[k->c] != TN_COL_TEXT;

			if (!under || line >= gh) {
				spaces(b, k->gap);
				block_line(b, head[i], under ? hh : gh + hh,
					   under ? line - gh : line, k->w, center);
			} else if (first) {
				int span = -1;

				for (size_t j = i; j < L->n && group_of(t, L->col[j].c) == g; j++)
					span += L->col[j].w + (span >= 0 ? L->col[j].gap : 1);
				spaces(b, k->gap);
				if (line + 1 < gh)
					block_line(b, label[g], gh - 1, line, span, true);
				else
					for (int x = 0; x < span; x++)
						buf_putc(b, '-');
			}
		}
		buf_putc(b, '\n');
	}
	for (size_t i = 0; i < L->n; i++)
		free_lines(head[i]);
	for (size_t g = 0; g < t->ngroups; g++)
		free_lines(label[g]);
	free(head);
	free(label);
}

/* Blanks, or the figures when on is set, for the columns [from, to). */
static void figures(struct tn_buf *b, const struct tn_table *t, const struct tlay *L, size_t r,
		    size_t from, size_t to, bool on)
{
	for (size_t i = from; i < to; i++) {
		spaces(b, L->col[i].gap);
		if (on)
			figure(b, t, &L->col[i], cell(t, r, L->col[i].c));
		else
			spaces(b, L->col[i].w);
	}
}

/*
 * One member: the name, then the position on the lines below it, indented; the figures on
 * the name's line, or on the next when the name is too long to leave them room.
 */
static void table_row(struct tn_buf *b, const struct tn_table *t, const struct tlay *L, size_t r)
{
	size_t s = 0, n;
	char **lines;
	bool alone;

	while (s < L->n && !L->col[s].stacked)
		s++;
	if (s == L->n) {
		figures(b, t, L, r, 0, L->n, true);
		buf_putc(b, '\n');
		return;
	}
	lines = wrapped(cell(t, r, L->col[s].c + 1), L->col[s].w - 2);
	n = count_lines(lines);
	alone = report_width(cell(t, r, L->col[s].c)) > L->col[s].w;
	for (size_t line = 0; line <= n || (alone && line <= 1); line++) {
		const char *text = line == 0   ? cell(t, r, L->col[s].c)
				   : line <= n ? lines[line - 1]
					       : "";
		bool on = line == (alone ? 1u : 0u);

		figures(b, t, L, r, 0, s, line == 0); /* the number on the name's line */
		spaces(b, L->col[s].gap + (line > 0 ? 2 : 0));
		if (line == 0 && alone) {
			buf_printf(b, "%s\n", text);
			continue;
		}
		report_pad(b, text, L->col[s].w - (line > 0 ? 2 : 0), false);
		figures(b, t, L, r, s + 1, L->n, on);
		buf_putc(b, '\n');
	}
	free_lines(lines);
}

static void table(struct tn_buf *b, const struct tn_table *t)
{
	struct tlay L = layout(t);

	rule(b, L.width);
	table_head(b, t, &L);
	rule(b, L.width);
	for (size_t r = 0; r < t->nrows; r++)
		table_row(b, t, &L, r);
	rule(b, L.width);
	free(L.col);
}

/* Heading lines of a signature column. */
static void signature(const struct tn_doc *d, struct tn_buf *b)
{
	if (d->on_behalf == NULL)
		return;
	buf_putc(b, '\n');
	report_pad(b, d->others_title, HALF, false);
	centered(b, d->on_behalf, 0, HALF);
	spaces(b, HALF);
	centered(b, d->signer_role, 0, HALF);
	buf_puts(b, "\n\n\n\n");
	report_pad(b, d->nothers ? d->others[0] : "", HALF, false);
	centered(b, d->signer_name, 0, HALF);
	if (d->signer_key || (d->nothers && d->others_key && d->others_key[0])) {
		report_pad(b, d->nothers && d->others_key[0] ? d->others_key[0] : "", HALF, false);
		centered(b, d->signer_key ? d->signer_key : "", 0, HALF);
	}
	/* room for each member to sign, and the key each signed the seal with */
	for (size_t i = 1; i < d->nothers; i++) {
		buf_printf(b, "\n\n\n%s\n", d->others[i]);
		if (d->others_key && d->others_key[i])
			buf_printf(b, "%s\n", d->others_key[i]);
	}
}

/* Drops the spaces that padding leaves at the ends of lines; no-break spaces print plain. */
static void tidy(struct tn_buf *b)
{
	size_t o = 0;

	for (size_t i = 0; i < b->len; i++) {
		if (b->data[i] == '\n')
			while (o > 0 && b->data[o - 1] == ' ')
				o--;
		if ((unsigned char)b->data[i] == 0xc2 && i + 1 < b->len &&
		    (unsigned char)b->data[i + 1] == 0xa0) {
			b->data[o++] = ' ';
			i++;
			continue;
		}
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
	tidy(b);
}
