/*
 * Documents as A4 PDF through pango and cairo, set in Liberation Serif (metric-compatible
 * with Times New Roman) after Hướng dẫn 36-HD/VPTW: margins, the two-column header, sizes.
 * Signable as printed: a full name is never broken, the table's heading repeats on each page
 * and no page ends with it or with a single row, the signatures stay with the closing
 * paragraph. Slides are 16:9 pages of large type for the hall's projector.
 * Built as a module of its own, loaded only when a PDF is asked for: pango, cairo and their
 * forty-odd libraries would otherwise cost every command ten milliseconds at start.
 */
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tinnhiem/document.h"
#include "tinnhiem/form.h"
#include "tinnhiem/i18n.h"

#define MM     (72.0 / 25.4)
#define PAGE_W (210 * MM)
#define PAGE_H (297 * MM)
#define LEFT   (30 * MM)
#define RIGHT  (15 * MM)
#define TOP    (20 * MM)
#define BOTTOM (20 * MM)
#define TEXT_W (PAGE_W - LEFT - RIGHT)
#define INDENT (10 * MM)
#define SERIF  "Liberation Serif"

#define MAX_COLS 16
/* Beyond this width a name steps the table's type down rather than squeeze the positions. */
#define NAME_LIMIT (TEXT_W * 0.34)
#define BOX_SIDE   11.0
#define BOX_COL	   (14 * MM) /* room to tick; 12 mm when the ballot is squeezed */

/* How the table is set: its type size, the cells' padding, and the columns it gives. */
struct tlay {
	double size, pad;
	double minrow; /* the ballot: room to tick */
	double x[MAX_COLS + 1];
	double fr[MAX_COLS]; /* decimal columns: the width of ",dd" */
	double grouph, headh;
	double *rowh;
};

struct pdf {
	cairo_t *cr;
	const struct tn_doc *d;
	double y, bottom;
	int page;  /* pages begun so far in this document (this copy of the ballot) */
	int pages; /* pages it takes, once known; 0 before */
	int dry;   /* measuring only: nothing is drawn, pages are still counted */
	int tight; /* the ballot, squeezed onto one page: less space between parts */
	struct tlay t;
	double sheet_top;     /* the ballot: where this page of it begins */
	struct tn_form *form; /* where the first ballot's parts go, when asked for */
	int only_page;	      /* draw this page of the ballot alone (the blank form); 0 all */
};

static PangoLayout *layout(struct pdf *p, const char *text, double size, int style, double width,
			   PangoAlignment align)
{
	PangoLayout *l = pango_cairo_create_layout(p->cr);
	PangoFontDescription *f = pango_font_description_new();

	pango_font_description_set_family(f, SERIF);
	pango_font_description_set_absolute_size(f, size * PANGO_SCALE);
	if (style & TN_S_BOLD)
		pango_font_description_set_weight(f, PANGO_WEIGHT_BOLD);
	if (style & TN_S_ITALIC)
		pango_font_description_set_style(f, PANGO_STYLE_ITALIC);
	pango_layout_set_font_description(l, f);
	pango_font_description_free(f);
	/* a unit more: a width made to fit a word must not lose the unit cut off, and break it */
	pango_layout_set_width(l, width < 0 ? -1 : (int)(width * PANGO_SCALE) + 1);
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR); /* a word wider than the line breaks */
	pango_layout_set_alignment(l, align);
	pango_layout_set_text(l, text, -1);
	return l;
}

static double height_of(PangoLayout *l)
{
	int w, h;

	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

static double width_of(struct pdf *p, const char *text, double size, int style)
{
	PangoLayout *l = layout(p, text, size, style, -1, PANGO_ALIGN_LEFT);
	int w, h;

	pango_layout_get_size(l, &w, &h);
	g_object_unref(l);
	return (double)w / PANGO_SCALE;
}

static int lines_of(struct pdf *p, const char *text, double size, int style, double width)
{
	PangoLayout *l = layout(p, text, size, style, width, PANGO_ALIGN_LEFT);
	int n = pango_layout_get_line_count(l);

	g_object_unref(l);
	return n;
}

/* The widest word: a heading is never narrower, so it breaks between words only. */
static double widest_word(struct pdf *p, const char *text, double size, int style)
{
	char *copy = xstrdup(text), *save = NULL;
	double w = 0;

	for (char *word = strtok_r(copy, " ", &save); word; word = strtok_r(NULL, " ", &save)) {
		double x = width_of(p, word, size, style);

		w = x > w ? x : w;
	}
	free(copy);
	return w;
}

static void show(struct pdf *p, PangoLayout *l, double x, double y)
{
	if (p->dry)
		return;
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
}

static void line(struct pdf *p, double x0, double y0, double x1, double y1, double w)
{
	if (p->dry)
		return;
	cairo_set_line_width(p->cr, w);
	cairo_move_to(p->cr, x0, y0);
	cairo_line_to(p->cr, x1, y1);
	cairo_stroke(p->cr);
}

/* Text in a box of width w at (x, y); returns its height. */
static double text_at(struct pdf *p, const char *text, double size, int style, double x, double y,
		      double w, PangoAlignment align)
{
	PangoLayout *l = layout(p, text, size, style, w, align);
	double h = height_of(l);

	show(p, l, x, y);
	g_object_unref(l);
	return h;
}

static void decorate_page(struct pdf *p)
{
	char num[32];

	if (p->dry || p->d->kind != TN_DOC_MINUTES)
		return;
	if (p->d->draft)
		text_at(p, "DỰ THẢO", 14, TN_S_BOLD, LEFT, TOP - 12 * MM, TEXT_W,
			PANGO_ALIGN_RIGHT);
	if (p->page > 1) {
		snprintf(num, sizeof num, "%d", p->page);
		text_at(p, num, 13, 0, LEFT, TOP - 12 * MM, TEXT_W, PANGO_ALIGN_CENTER);
	}
}

static void ballot_continued(struct pdf *p);
static void sheet_end(struct pdf *p, double bottom);

static void new_page(struct pdf *p)
{
	if (p->d->kind == TN_DOC_BALLOT && p->pages > 1) {
		char note[64];

		snprintf(note, sizeof note, "(xem tiếp trang %d/%d)", p->page + 1, p->pages);
		text_at(p, note, 12, TN_S_ITALIC, LEFT, PAGE_H - BOTTOM + 2, TEXT_W,
			PANGO_ALIGN_RIGHT);
	}
	if (p->d->kind == TN_DOC_BALLOT)
		sheet_end(p, p->y + 10);
	if (!p->dry)
		cairo_show_page(p->cr);
	p->page++;
	p->y = p->sheet_top = TOP;
	if (p->only_page)
		p->dry = p->page != p->only_page;
	decorate_page(p);
	if (p->d->kind == TN_DOC_BALLOT)
		ballot_continued(p);
}

/* Starts a new page unless h more points fit on this one. */
static void ensure(struct pdf *p, double h)
{
	if (p->y + h > p->bottom && p->y > TOP + 1)
		new_page(p);
}

static double column(struct pdf *p, const char *const *lines, const int *styles,
		     const double *sizes, int n, double x, double w, double y)
{
	for (int i = 0; i < n; i++)
		y += text_at(p, lines[i], sizes[i], styles[i], x, y, w, PANGO_ALIGN_CENTER);
	return y;
}

/* A solid rule under the centred text, as long as the text. */
static void rule_under(struct pdf *p, const char *text, double size, double x, double w, double y)
{
	PangoLayout *l = layout(p, text, size, TN_S_BOLD, w, PANGO_ALIGN_CENTER);
	PangoRectangle ink, logical;

	pango_layout_get_pixel_extents(l, &ink, &logical);
	line(p, x + logical.x, y + 1, x + logical.x + logical.width, y + 1, 0.6);
	g_object_unref(l);
}

static void header(struct pdf *p)
{
	const struct tn_doc *d = p->d;
	const double lw = TEXT_W * 0.45, rw = TEXT_W - lw;
	const char *left[] = {d->parent_body, d->issuing_body, "*", d->secret ? "MẬT" : ""};
	const int lstyle[] = {0, TN_S_BOLD, 0, TN_S_BOLD};
	const double lsize[] = {14, 14, 14, 14};
	const char *party = "ĐẢNG CỘNG SẢN VIỆT NAM";
	const char *right[] = {party};
	const int rstyle[] = {TN_S_BOLD};
	const double rsize[] = {15};
	double ly, ry;

	ly = column(p, left, lstyle, lsize, d->secret ? 4 : 3, LEFT - 8 * MM, lw + 8 * MM, p->y);
	ry = column(p, right, rstyle, rsize, 1, LEFT + lw, rw, p->y);
	rule_under(p, party, 15, LEFT + lw, rw, ry);
	ry += 8;
	ry += text_at(p, d->place_date, 14, TN_S_ITALIC, LEFT + lw, ry, rw, PANGO_ALIGN_CENTER);
	p->y = (ly > ry ? ly : ry) + (p->tight ? 6 : 14);
}

/* The document's type, its summary (trích yếu) and the short line under it (HD 36). */
static void title(struct pdf *p, const char *note)
{
	p->y += text_at(p, p->d->doc_type, 16, TN_S_BOLD, LEFT, p->y, TEXT_W, PANGO_ALIGN_CENTER);
	p->y += 2;
	p->y += text_at(p, p->d->summary, 14, TN_S_BOLD, LEFT, p->y, TEXT_W, PANGO_ALIGN_CENTER);
	if (note)
		p->y += text_at(p, note, 13, TN_S_ITALIC, LEFT, p->y, TEXT_W, PANGO_ALIGN_CENTER);
	p->y += 6;
	line(p, LEFT + TEXT_W / 2 - 12 * MM, p->y, LEFT + TEXT_W / 2 + 12 * MM, p->y, 0.6);
	p->y += p->tight ? 8 : 14;
}

/* A hash and the like: whole on one line at the body's indent, smaller only if it must. */
static PangoLayout *one_line(struct pdf *p, const char *text, double width)
{
	double size = 14;

	while (size > 6 && width_of(p, text, size, 0) > width)
		size -= 0.5;
	return layout(p, text, size, 0, -1, PANGO_ALIGN_LEFT);
}

static PangoLayout *para_layout(struct pdf *p, const struct tn_para *para)
{
	PangoLayout *l;

	if (para->style & TN_S_LINE)
		return one_line(p, para->text, TEXT_W - (para->style & TN_S_INDENT ? INDENT : 0));
	l = layout(p, para->text, p->tight ? 13 : 14, para->style & (TN_S_BOLD | TN_S_ITALIC),
		   TEXT_W, para->style & TN_S_CENTER ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
	if (para->style & TN_S_INDENT) {
		pango_layout_set_indent(l, (int)(INDENT * PANGO_SCALE));
		pango_layout_set_justify(l, TRUE);
	}
	return l;
}

#define PARA_GAP 4.0

static double para_height(struct pdf *p, const struct tn_para *para)
{
	PangoLayout *l = para_layout(p, para);
	double h = height_of(l) + PARA_GAP;

	g_object_unref(l);
	return h;
}

/*
 * What must go on this page with paragraph i: itself, and while it is kept with what follows,
 * the next paragraph, or after the last one, tail (the table's start, the signatures).
 */
static double keep_height(struct pdf *p, const struct tn_para *list, size_t n, size_t i,
			  double tail)
{
	double h = para_height(p, &list[i]);

	if (!(list[i].style & TN_S_KEEP))
		return h;
	return h + (i + 1 < n ? keep_height(p, list, n, i + 1, tail) : tail);
}

static void paragraph(struct pdf *p, const struct tn_para *list, size_t n, size_t i, double tail)
{
	const struct tn_para *para = &list[i];
	PangoLayout *l = para_layout(p, para);
	double h = height_of(l);

	ensure(p, keep_height(p, list, n, i, tail));
	show(p, l, LEFT + (para->style & TN_S_LINE && para->style & TN_S_INDENT ? INDENT : 0),
	     p->y);
	p->y += h + PARA_GAP;
	g_object_unref(l);
}

/* ---- the table ---- */

static const char *cell(const struct tn_table *t, size_t r, size_t c)
{
	return t->cells[r * t->ncols + c];
}

/* The first column under heading group g. */
static size_t group_start(const struct tn_table *t, size_t g)
{
	size_t c = 0;

	for (size_t i = 0; i < g; i++)
		c += t->groups[i].span;
	return c;
}

/* Whether column c is under a group's label (else its own heading takes both rows). */
static bool under_label(const struct tn_table *t, size_t c)
{
	for (size_t g = 0, at = 0; g < t->ngroups; at += t->groups[g++].span)
		if (c >= at && c < at + t->groups[g].span)
			return t->groups[g].label != NULL;
	return false;
}

/* The name with no-break spaces, so that it never breaks. */
static char *unbroken(const char *s)
{
	struct tn_buf b = {0};

	for (; *s; s++)
		if (*s == ' ')
			buf_puts(&b, TN_NBSP);
		else
			buf_putc(&b, *s);
	return b.data ? b.data : xstrdup("");
}

/* Width of "63" and ",64" in a decimal cell. */
static void decimal_parts(struct pdf *p, const char *s, double size, double *ip, double *fr)
{
	const char *comma = strchr(s, ',');
	char *whole = comma ? xstrndup(s, (size_t)(comma - s)) : xstrdup(s);

	*ip = width_of(p, whole, size, 0);
	*fr = comma ? width_of(p, comma, size, 0) : 0;
	free(whole);
}

/* The narrowest a column other than the position can be, at the table's size. */
static double column_need(struct pdf *p, const struct tn_table *t, size_t c, struct tlay *L)
{
	double w = widest_word(p, t->head[c], L->size, TN_S_BOLD), ip = 0;

	L->fr[c] = 0;
	for (size_t r = 0; r < t->nrows; r++) {
		double x, f;

		if (t->kind[c] == TN_COL_DECIMAL) {
			decimal_parts(p, cell(t, r, c), L->size, &x, &f);
			ip = x > ip ? x : ip;
			L->fr[c] = f > L->fr[c] ? f : L->fr[c];
			continue;
		}
		if (t->kind[c] == TN_COL_BOX)
			continue;
		x = width_of(p, cell(t, r, c), L->size, 0);
		w = x > w ? x : w;
	}
	if (ip + L->fr[c] > w)
		w = ip + L->fr[c];
	if (t->kind[c] == TN_COL_NAME)
		w += L->size / 4; /* room to breathe beside the rule */
	if (t->kind[c] == TN_COL_BOX) {
		double room = p->tight ? 12 * MM : BOX_COL;

		return w + 2 * L->pad > room ? w + 2 * L->pad : room;
	}
	return w + 2 * L->pad;
}

/* A group's label breaks between words only: its columns widen if they must. */
static void fit_labels(struct pdf *p, const struct tn_table *t, struct tlay *L, double *w)
{
	for (size_t g = 0; g < t->ngroups; g++) {
		size_t c0 = group_start(t, g), c1 = c0 + t->groups[g].span;
		double span = 0, need;

		if (t->groups[g].label == NULL)
			continue;
		need = widest_word(p, t->groups[g].label, L->size, TN_S_BOLD) + 2 * L->pad;
		for (size_t c = c0; c < c1; c++)
			span += w[c];
		if (need > span)
			w[c1 - 1] += need - span;
	}
}

/*
 * Sizes the columns at L->size: figures as narrow as they are, the name as wide as the
 * longest, the position the rest. False when the name passes its limit or a position would
 * take more than two lines.
 */
static bool fit_columns(struct pdf *p, const struct tn_table *t, struct tlay *L)
{
	double w[MAX_COLS] = {0}, used = 0, rest, longest = 0;
	size_t text = t->ncols, name = t->ncols;
	bool ok = true;

	for (size_t c = 0; c < t->ncols; c++) {
		if (t->kind[c] == TN_COL_TEXT) {
			text = c;
			continue;
		}
		w[c] = column_need(p, t, c, L);
		if (t->kind[c] == TN_COL_NAME) {
			name = c;
			ok = ok && w[c] <= NAME_LIMIT;
		}
	}
	fit_labels(p, t, L, w);
	for (size_t c = 0; c < t->ncols; c++)
		used += w[c];
	rest = TEXT_W - used;
	if (text < t->ncols) {
		for (size_t r = 0; r < t->nrows; r++) {
			double x = width_of(p, cell(t, r, text), L->size, 0) + 2 * L->pad;

			longest = x > longest ? x : longest;
			ok =
			    ok && lines_of(p, cell(t, r, text), L->size, 0, rest - 2 * L->pad) <= 2;
		}
		ok = ok && rest >= widest_word(p, t->head[text], L->size, TN_S_BOLD) + 2 * L->pad;
		/* room to spare: a little for the name, the rest to the position */
		if (name < t->ncols && rest > longest) {
			double extra =
			    (rest - longest) / 4 < L->size ? (rest - longest) / 4 : L->size;

			w[name] += extra;
			rest -= extra;
		}
		w[text] = rest;
		if (w[text] < 20 * MM && name < t->ncols) { /* a name beyond all sizes */
			w[name] -= 20 * MM - w[text];
			w[text] = 20 * MM;
			ok = false;
		}
	} else if (rest > 0) { /* no position: the figures share what is left */
		for (size_t c = 0; c < t->ncols; c++)
			w[c] += rest / (double)t->ncols;
	}
	L->x[0] = LEFT;
	for (size_t c = 0; c < t->ncols; c++)
		L->x[c + 1] = L->x[c] + w[c];
	return ok && (text == t->ncols || w[text] > 0);
}

/* Height of a heading cell of columns [c0, c1). */
static double head_cell(struct pdf *p, const struct tlay *L, const char *text, size_t c0, size_t c1)
{
	return text_at(p, text, L->size, TN_S_BOLD, 0, 0, L->x[c1] - L->x[c0] - 2 * L->pad,
		       PANGO_ALIGN_CENTER) +
	       2 * L->pad;
}

static double cell_height(struct pdf *p, const struct tn_table *t, const struct tlay *L, size_t r,
			  size_t c)
{
	char *s;
	double h;

	if (t->kind[c] == TN_COL_BOX)
		return BOX_SIDE + 2 * L->pad;
	s = t->kind[c] == TN_COL_NAME ? unbroken(cell(t, r, c)) : xstrdup(cell(t, r, c));
	h = text_at(p, s, L->size, 0, 0, 0,
		    t->kind[c] == TN_COL_NAME ? -1 : L->x[c + 1] - L->x[c] - 2 * L->pad,
		    PANGO_ALIGN_LEFT) +
	    2 * L->pad;
	free(s);
	return h;
}

/* The heights of the two heading rows and of every row, for the columns chosen. */
static void measure_rows(struct pdf *p, const struct tn_table *t, struct tlay *L)
{
	int dry = p->dry;

	p->dry = 1;
	L->grouph = L->headh = 0;
	for (size_t g = 0; g < t->ngroups; g++) {
		size_t c0 = group_start(t, g), c1 = c0 + t->groups[g].span;
		double h;

		if (t->groups[g].label == NULL)
			continue;
		h = head_cell(p, L, t->groups[g].label, c0, c1);
		L->grouph = h > L->grouph ? h : L->grouph;
	}
	for (size_t c = 0; c < t->ncols; c++) {
		double h = head_cell(p, L, t->head[c], c, c + 1);

		if (under_label(t, c) || t->ngroups == 0)
			L->headh = h > L->headh ? h : L->headh;
		else if (h > L->grouph + L->headh)
			L->headh = h - L->grouph;
	}
	free(L->rowh);
	L->rowh = xcalloc(t->nrows ? t->nrows : 1, sizeof *L->rowh);
	for (size_t r = 0; r < t->nrows; r++) {
		L->rowh[r] = L->minrow;
		for (size_t c = 0; c < t->ncols; c++) {
			double h = cell_height(p, t, L, r, c);

			L->rowh[r] = h > L->rowh[r] ? h : L->rowh[r];
		}
	}
	p->dry = dry;
}

/*
 * The largest type size, from max down, at which the columns fit; at the smallest, the name
 * still whole and the positions as they fall.
 */
static void fit_table(struct pdf *p, const struct tn_table *t, double max, double minrow)
{
	struct tlay *L = &p->t;

	L->minrow = minrow;
	for (L->size = max; L->size >= 6.5; L->size -= 0.5) {
		L->pad = L->size >= 10 ? 3 : 2;
		if (fit_columns(p, t, L))
			break;
	}
	if (L->size < 6.5) {
		L->size = 6.5;
		L->pad = 2;
		fit_columns(p, t, L);
	}
	measure_rows(p, t, L);
}

static void frame(struct pdf *p, double x0, double y0, double x1, double y1)
{
	if (p->dry)
		return;
	cairo_set_line_width(p->cr, 0.6);
	cairo_rectangle(p->cr, x0, y0, x1 - x0, y1 - y0);
	cairo_stroke(p->cr);
}

/* A heading cell of columns [c0, c1) and height h at y, its text centred both ways. */
static void head_box(struct pdf *p, const char *text, size_t c0, size_t c1, double y, double h)
{
	const struct tlay *L = &p->t;
	PangoLayout *l = layout(p, text, L->size, TN_S_BOLD, L->x[c1] - L->x[c0] - 2 * L->pad,
				PANGO_ALIGN_CENTER);

	show(p, l, L->x[c0] + L->pad, y + (h - height_of(l)) / 2);
	frame(p, L->x[c0], y, L->x[c1], y + h);
	g_object_unref(l);
}

static void table_head(struct pdf *p, const struct tn_table *t)
{
	const struct tlay *L = &p->t;

	for (size_t g = 0; g < t->ngroups; g++) {
		size_t c0 = group_start(t, g), c1 = c0 + t->groups[g].span;

		if (t->groups[g].label)
			head_box(p, t->groups[g].label, c0, c1, p->y, L->grouph);
		for (size_t c = c0; c < c1; c++)
			if (t->groups[g].label)
				head_box(p, t->head[c], c, c + 1, p->y + L->grouph, L->headh);
			else
				head_box(p, t->head[c], c, c + 1, p->y, L->grouph + L->headh);
	}
	if (t->ngroups == 0)
		for (size_t c = 0; c < t->ncols; c++)
			head_box(p, t->head[c], c, c + 1, p->y, L->headh);
	p->y += L->grouph + L->headh;
}

static void box(struct pdf *p, size_t c, double h)
{
	const struct tlay *L = &p->t;
	double cx = (L->x[c] + L->x[c + 1]) / 2 - BOX_SIDE / 2, cy = p->y + h / 2 - BOX_SIDE / 2;

	if (p->dry)
		return;
	cairo_set_line_width(p->cr, 0.8);
	cairo_rectangle(p->cr, cx, cy, BOX_SIDE, BOX_SIDE);
	cairo_stroke(p->cr);
}

/* One cell of a row of height h: text centred on the row's middle line. */
static void row_cell(struct pdf *p, const struct tn_table *t, size_t r, size_t c, double h)
{
	const struct tlay *L = &p->t;
	const char *s = cell(t, r, c);
	double w = L->x[c + 1] - L->x[c] - 2 * L->pad, x = L->x[c] + L->pad, ip, fr;
	PangoLayout *l;
	char *text;

	frame(p, L->x[c], p->y, L->x[c + 1], p->y + h);
	if (t->kind[c] == TN_COL_BOX) {
		box(p, c, h);
		return;
	}
	text = t->kind[c] == TN_COL_NAME ? unbroken(s) : xstrdup(s);
	l = layout(p, text, L->size, 0, t->kind[c] == TN_COL_NAME ? -1 : w,
		   t->kind[c] == TN_COL_ORDER	? PANGO_ALIGN_CENTER
		   : t->kind[c] == TN_COL_COUNT ? PANGO_ALIGN_RIGHT
						: PANGO_ALIGN_LEFT);
	if (t->kind[c] == TN_COL_DECIMAL) { /* the comma at the same place in every row */
		decimal_parts(p, s, L->size, &ip, &fr);
		pango_layout_set_width(l, -1);
		x = L->x[c + 1] - L->pad - L->fr[c] - ip;
	}
	show(p, l, x, p->y + (h - height_of(l)) / 2);
	g_object_unref(l);
	free(text);
}

/* Where a row and its boxes are, for the scanner. */
static void record_row(struct pdf *p, const struct tn_table *t, size_t r)
{
	struct tn_form_page *fp = &p->form->page[p->page - 1];
	const struct tlay *L = &p->t;
	double h = L->rowh[r];
	size_t n = fp->nrows, k = 0;

	if (n == 0)
		fp->first_row = r;
	fp->rows = xrealloc(fp->rows, (n + 1) * sizeof *fp->rows);
	fp->boxes = xrealloc(fp->boxes, (n + 1) * sizeof *fp->boxes);
	fp->rows[n] = (struct tn_rect){L->x[0], p->y, L->x[t->ncols] - L->x[0], h};
	for (size_t c = 0; c < t->ncols && k < 3; c++)
		if (t->kind[c] == TN_COL_BOX)
			fp->boxes[n][k++] =
			    (struct tn_rect){(L->x[c] + L->x[c + 1]) / 2 - BOX_SIDE / 2,
					     p->y + h / 2 - BOX_SIDE / 2, BOX_SIDE, BOX_SIDE};
	fp->nrows++;
}

static void table_row(struct pdf *p, const struct tn_table *t, size_t r)
{
	if (p->form != NULL && t == &p->d->table && p->d->kind == TN_DOC_BALLOT)
		record_row(p, t, r);
	for (size_t c = 0; c < t->ncols; c++)
		row_cell(p, t, r, c, p->t.rowh[r]);
	p->y += p->t.rowh[r];
}

/* The heading and the first two rows: a table never starts with less on a page. */
static double table_start(const struct pdf *p, const struct tn_table *t)
{
	double h = p->t.grouph + p->t.headh;

	for (size_t r = 0; r < t->nrows && r < 2; r++)
		h += p->t.rowh[r];
	return h;
}

/*
 * Rows page by page, the heading on each; a row is never split, and the last page of the
 * table never holds a single row.
 */
static void table(struct pdf *p, const struct tn_table *t)
{
	size_t on_page = 0;

	ensure(p, table_start(p, t));
	table_head(p, t);
	for (size_t r = 0; r < t->nrows; r++) {
		double h = p->t.rowh[r];
		bool last_two =
		    r + 2 == t->nrows && on_page >= 2 && p->y + h + p->t.rowh[r + 1] > p->bottom;

		if (p->y + h > p->bottom || last_two) {
			new_page(p);
			table_head(p, t);
			on_page = 0;
		}
		table_row(p, t, r);
		on_page++;
	}
	p->y += 10;
}

/* ---- what a scanner reads: registration marks and the QR code ---- */

#define MARK	  (5 * MM)
#define MARK_IN	  (9 * MM)  /* from the paper's edge: what printers print, scanners see */
#define QR_DOWN	  (20 * MM) /* from the top of the sheet, beside the title */
#define QR_MODULE (0.6 * MM)

static void square(struct pdf *p, struct tn_rect r)
{
	if (p->dry)
		return;
	cairo_rectangle(p->cr, r.x, r.y, r.w, r.h);
	cairo_fill(p->cr);
}

/* The vote, the form's version and the page, the same on every ballot. */
static struct tn_rect qr_code(struct pdf *p)
{
	char text[TN_FORM_QR_MAX];
	QRcode *q;
	struct tn_rect r = {MARK_IN, p->sheet_top + QR_DOWN, 0, 0};

	form_qr_text(p->d->hash, p->page, text);
	if ((q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) == NULL)
		return r; /* out of memory only: the scanner refuses a sheet without it */
	r.w = r.h = q->width * QR_MODULE;
	for (int y = 0; y < q->width; y++)
		for (int x = 0; x < q->width; x++)
			if (q->data[y * q->width + x] & 1)
				square(p, (struct tn_rect){r.x + x * QR_MODULE, r.y + y * QR_MODULE,
							   QR_MODULE, QR_MODULE});
	QRcode_free(q);
	return r;
}

/*
 * A page of a ballot ends: solid squares at its four corners, from the top of the sheet to
 * bottom, and the QR code under the top left one.
 */
static void sheet_end(struct pdf *p, double bottom)
{
	const double l = MARK_IN, r = PAGE_W - RIGHT + 2 * MM, t = p->sheet_top, b = bottom - MARK;
	struct tn_rect m[4] = {
	    {l, t, MARK, MARK}, {r, t, MARK, MARK}, {l, b, MARK, MARK}, {r, b, MARK, MARK}};
	struct tn_rect q;

	for (int i = 0; i < 4; i++)
		square(p, m[i]);
	q = qr_code(p);
	if (p->form != NULL) {
		memcpy(p->form->page[p->page - 1].marks, m, sizeof m);
		p->form->page[p->page - 1].qr = q;
	}
}

/* ---- signatures ---- */

/* T/M BAN KIỂM PHIẾU and the chair on the right, the other members on the left. */
static void signature(struct pdf *p)
{
	const struct tn_doc *d = p->d;
	const double half = TEXT_W / 2, gap = 64, between = 40;
	const int bold[] = {TN_S_BOLD, TN_S_BOLD}, name_key[] = {TN_S_BOLD, TN_S_NORMAL};
	const double size[] = {14, 14}, name_size[] = {14, 11};
	double y0 = p->y + 6, ly, ry;

	if (d->on_behalf == NULL)
		return;
	ry = column(p, (const char *[]){d->on_behalf, d->signer_role}, bold, size, 2, LEFT + half,
		    half, y0);
	ly = column(p, (const char *[]){d->others_title}, bold, size, 1, LEFT, half, y0);
	ly = ry = (ly > ry ? ly : ry) + gap; /* the names level with each other */
	/* under a name, the key id it signed the seal with */
	ry = column(p, (const char *[]){d->signer_name, d->signer_key}, name_key, name_size,
		    d->signer_key ? 2 : 1, LEFT + half, half, ry);
	for (size_t i = 0; i < d->nothers; i++) {
		const char *key = d->others_key ? d->others_key[i] : NULL;

		ly = column(p, (const char *[]){d->others[i], key}, name_key, name_size,
			    key ? 2 : 1, LEFT, half, ly + (i > 0 ? between : 0));
	}
	p->y = ly > ry ? ly : ry;
}

static double signature_height(struct pdf *p)
{
	double y = p->y;
	int dry = p->dry;

	p->dry = 1;
	signature(p);
	p->dry = dry;
	y = p->y - y;
	p->y -= y;
	return y;
}

/* ---- the documents ---- */

static void body(struct pdf *p, const char *note)
{
	const struct tn_doc *d = p->d;
	const double gap = p->tight ? 0 : 4; /* before the table */

	header(p);
	title(p, note);
	for (size_t i = 0; i < d->nbefore; i++)
		paragraph(p, d->before, d->nbefore, i, gap + table_start(p, &d->table));
	p->y += gap;
	table(p, &d->table);
	for (size_t i = 0; i < d->nafter; i++)
		paragraph(p, d->after, d->nafter, i, signature_height(p));
	signature(p);
}

/* A ballot's page after the first: the title again, which page, and the heading. */
static void ballot_continued(struct pdf *p)
{
	char note[64];

	snprintf(note, sizeof note, "(tiếp theo, trang %d/%d)", p->page, p->pages);
	title(p, note);
}

static void cut_line(struct pdf *p, double y)
{
	static const double dash[] = {4, 3};

	cairo_save(p->cr);
	cairo_set_line_width(p->cr, 0.5);
	cairo_set_dash(p->cr, dash, 2, 0);
	cairo_move_to(p->cr, LEFT - 10 * MM, y);
	cairo_line_to(p->cr, PAGE_W - RIGHT + 5 * MM, y);
	cairo_stroke(p->cr);
	cairo_restore(p->cr);
}

/* One ballot measured: its pages, and the height it takes on the last. */
static double ballot_measure(struct pdf *p)
{
	p->dry = 1;
	p->page = 1;
	p->pages = 0;
	p->y = TOP;
	body(p, NULL);
	p->dry = 0;
	p->pages = p->page;
	return p->y - TOP;
}

/*
 * Up to 25 members the ballot is one page: if it is longer, a tighter layout, then smaller
 * type until it fits. Longer lists run on, the title and heading again on each page.
 */
static double ballot_layout(struct pdf *p)
{
	const struct tn_table *t = &p->d->table;
	double h, size;

	fit_table(p, t, 12, 22);
	h = ballot_measure(p);
	if (p->pages == 1 || t->nrows > 25)
		return h;
	p->tight = 1;
	for (size = p->t.size; size >= 6.5; size -= 0.5) {
		fit_table(p, t, size, size + 6 > BOX_SIDE + 5 ? size + 6 : BOX_SIDE + 5);
		h = ballot_measure(p);
		if (p->pages == 1)
			break;
	}
	return h;
}

/*
 * Ballots: as many whole copies on a page as fit, with a cut line between them. The places
 * of the first one's parts go to form when it is not NULL.
 */
static void ballots(struct pdf *p, int copies, struct tn_form *form)
{
	const double gap = 12 * MM;
	double h = ballot_layout(p);
	int per_page = p->pages > 1 ? 1 : (int)((PAGE_H - TOP - BOTTOM + gap) / (h + gap));
	int on_page = 0;

	if ((p->form = form) != NULL) {
		form->width = PAGE_W;
		form->height = PAGE_H;
		form->pages = p->pages;
		form->page = xcalloc((size_t)p->pages, sizeof *form->page);
	}

	if (per_page < 1) /* a page that the table fills to its foot */
		per_page = 1;
	p->y = TOP;
	if (p->only_page)
		p->dry = p->only_page != 1;
	for (int i = 0; i < copies; i++) {
		if (on_page == per_page || (p->pages > 1 && i > 0)) {
			cairo_show_page(p->cr);
			p->y = TOP;
			on_page = 0;
		}
		if (on_page > 0) {
			cut_line(p, p->y + gap / 2);
			p->y += gap;
		}
		p->page = 1;
		p->sheet_top = p->y;
		body(p, NULL);
		sheet_end(p, p->y);
		p->form = NULL; /* the first ballot's places are the form's */
		on_page++;
	}
}

/* ---- slides ---- */

#define SLIDE_W	 960.0
#define SLIDE_H	 540.0
#define SLIDE_M	 36.0
#define PER_PAGE 4

static void slide_top(struct pdf *p, int page, int pages)
{
	const struct tn_doc *d = p->d;
	char num[32];

	text_at(p, d->issuing_body, 16, TN_S_BOLD, SLIDE_M, 18, SLIDE_W - 2 * SLIDE_M,
		PANGO_ALIGN_LEFT);
	if (d->draft) {
		cairo_set_source_rgb(p->cr, 0.75, 0, 0);
		text_at(p, "DỰ THẢO", 22, TN_S_BOLD, SLIDE_M, 14, SLIDE_W - 2 * SLIDE_M,
			PANGO_ALIGN_RIGHT);
		cairo_set_source_rgb(p->cr, 0, 0, 0);
	}
	snprintf(num, sizeof num, "%d/%d", page, pages);
	text_at(p, num, 14, 0, SLIDE_M, SLIDE_H - 30, SLIDE_W - 2 * SLIDE_M, PANGO_ALIGN_RIGHT);
	text_at(p, d->place_date, 14, TN_S_ITALIC, SLIDE_M, SLIDE_H - 30, SLIDE_W - 2 * SLIDE_M,
		PANGO_ALIGN_LEFT);
	line(p, SLIDE_M, 46, SLIDE_W - SLIDE_M, 46, 1);
}

/* The first slide: what the vote is, the meeting's figures, the base. */
static void slide_title(struct pdf *p, int pages)
{
	const struct tn_doc *d = p->d;
	double y = 90, w = SLIDE_W - 2 * SLIDE_M;

	slide_top(p, 1, pages);
	y += text_at(p, d->doc_type, 40, TN_S_BOLD, SLIDE_M, y, w, PANGO_ALIGN_CENTER) + 10;
	y += text_at(p, d->summary, 26, TN_S_BOLD, SLIDE_M + 30, y, w - 60, PANGO_ALIGN_CENTER);
	y += 30;
	for (size_t i = 0; i < d->nbefore; i++)
		y += text_at(p, d->before[i].text, 24, 0, SLIDE_M, y, w, PANGO_ALIGN_CENTER) + 6;
	cairo_show_page(p->cr);
}

/* The first column of kind k, or ncols. */
static size_t first_of(const struct tn_table *t, enum tn_col k)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (t->kind[c] == k)
			return c;
	return t->ncols;
}

#define MAX_LEVELS 8

/* The levels (tín nhiệm cao, ...): the groups whose columns are a count and a decimal. */
static size_t levels(const struct tn_table *t, size_t *first)
{
	size_t n = 0;

	for (size_t g = 0; g < t->ngroups && n < MAX_LEVELS; g++) {
		size_t c = group_start(t, g);

		if (t->groups[g].label && t->groups[g].span == 2 && t->kind[c] == TN_COL_COUNT &&
		    t->kind[c + 1] == TN_COL_DECIMAL)
			first[n++] = g;
	}
	return n;
}

/* "Số phiếu hợp lệ: 31 · không hợp lệ: 2": the counts that are not under a level. */
static char *other_counts(const struct tn_table *t, size_t r)
{
	struct tn_buf b = {0};

	for (size_t c = 0; c < t->ncols; c++) {
		const char *h = t->head[c];
		int g = -1;

		if (t->kind[c] != TN_COL_COUNT ||
		    (c + 1 < t->ncols && t->kind[c + 1] == TN_COL_DECIMAL))
			continue;
		for (size_t i = 0, at = 0; i < t->ngroups; at += t->groups[i++].span)
			if (c >= at && c < at + t->groups[i].span)
				g = (int)i;
		if (b.len == 0 && g >= 0 && t->groups[g].label)
			buf_printf(&b, "%s ", t->groups[g].label);
		else if (b.len)
			buf_puts(&b, "  ·  ");
		/* mid-sentence, the heading's first letter in lower case */
		buf_printf(&b, "%c%s: %s", *h >= 'A' && *h <= 'Z' ? *h - 'A' + 'a' : *h, h + 1,
			   cell(t, r, c));
	}
	return b.data ? b.data : xstrdup("");
}

/* One member on a slide at y; returns the height it takes (nothing drawn when dry). */
static double slide_row(struct pdf *p, const struct tn_table *t, size_t r, double y,
			const size_t *lv, size_t nlv)
{
	const double lw = 430, x0 = SLIDE_M, cw = (SLIDE_W - 2 * SLIDE_M - lw) / (double)nlv;
	size_t name = first_of(t, TN_COL_NAME), pos = first_of(t, TN_COL_TEXT);
	char *who = unbroken(cell(t, r, name)), *more = other_counts(t, r), num[64];
	double yy = y + 6;

	snprintf(num, sizeof num, "%zu.", r + 1);
	text_at(p, num, 24, TN_S_BOLD, x0, yy, 36, PANGO_ALIGN_LEFT);
	yy += text_at(p, who, 24, TN_S_BOLD, x0 + 38, yy, lw - 44, PANGO_ALIGN_LEFT);
	if (pos < t->ncols)
		yy += text_at(p, cell(t, r, pos), 15, 0, x0 + 38, yy, lw - 44, PANGO_ALIGN_LEFT);
	yy += text_at(p, more, 13, TN_S_ITALIC, x0 + 38, yy, lw - 44, PANGO_ALIGN_LEFT);
	if (t->flags && t->flags[r]) {
		char *flag = unbroken(t->flags[r]);

		if (!p->dry)
			cairo_set_source_rgb(p->cr, 0.75, 0, 0);
		yy += text_at(p, flag, 16, TN_S_BOLD, x0 + 38, yy, lw - 44, PANGO_ALIGN_LEFT);
		if (!p->dry)
			cairo_set_source_rgb(p->cr, 0, 0, 0);
		free(flag);
	}
	for (size_t k = 0; k < nlv; k++) {
		size_t c = group_start(t, lv[k]);
		double x = x0 + lw + cw * (double)k;
		char pct[64];

		snprintf(pct, sizeof pct, "%s%s", cell(t, r, c + 1),
			 strcmp(cell(t, r, c + 1), "-") ? "%" : "");
		/* a flagged member's low count in red, as the flag */
		if (!p->dry && t->flags && t->flags[r] && k + 1 == nlv)
			cairo_set_source_rgb(p->cr, 0.75, 0, 0);
		text_at(p, cell(t, r, c), 30, TN_S_BOLD, x, y + 4, cw, PANGO_ALIGN_CENTER);
		text_at(p, pct, 20, 0, x, y + 42, cw, PANGO_ALIGN_CENTER);
		if (!p->dry)
			cairo_set_source_rgb(p->cr, 0, 0, 0);
	}
	free(who);
	free(more);
	yy += 6;
	return yy - y > 76 ? yy - y : 76;
}

#define SLIDE_ROWS_END (SLIDE_H - 40)

/* The vote's title under the top line; returns where what follows begins. */
static double slide_title_line(struct pdf *p)
{
	return 52 + text_at(p, p->d->summary, 17, TN_S_BOLD, SLIDE_M, 52, SLIDE_W - 2 * SLIDE_M,
			    PANGO_ALIGN_CENTER);
}

static void slide_results(struct pdf *p, size_t from, size_t to, int page, int pages)
{
	const struct tn_table *t = &p->d->table;
	const double lw = 430;
	size_t lv[MAX_LEVELS], nlv = levels(t, lv);
	double cw = (SLIDE_W - 2 * SLIDE_M - lw) / (double)(nlv ? nlv : 1), y;

	slide_top(p, page, pages);
	y = slide_title_line(p) + 30;
	text_at(p, "Họ và tên, chức vụ", 18, TN_S_BOLD, SLIDE_M, y - 24, lw, PANGO_ALIGN_LEFT);
	for (size_t k = 0; k < nlv; k++)
		text_at(p, t->groups[lv[k]].label, 18, TN_S_BOLD, SLIDE_M + lw + cw * (double)k,
			y - 24, cw, PANGO_ALIGN_CENTER);
	line(p, SLIDE_M, y, SLIDE_W - SLIDE_M, y, 1);
	if (p->d->nbefore > 0) /* the base, under every page of figures */
		text_at(p, p->d->before[p->d->nbefore - 1].text, 14, 0, SLIDE_M + 200, SLIDE_H - 30,
			SLIDE_W - 2 * SLIDE_M - 400, PANGO_ALIGN_CENTER);
	for (size_t r = from; r < to; r++) {
		y += slide_row(p, t, r, y, lv, nlv);
		line(p, SLIDE_M, y, SLIDE_W - SLIDE_M, y, 0.5);
	}
	cairo_show_page(p->cr);
}

/* The last slide: the bands in the regulation's words, and the report. */
static void slide_bands(struct pdf *p, int pages)
{
	const struct tn_doc *d = p->d;
	double y;

	slide_top(p, pages, pages);
	y = slide_title_line(p) + 24;
	for (size_t i = 0; i < d->nafter; i++)
		y += text_at(p, d->after[i].text, 24, i + 1 < d->nafter ? TN_S_BOLD : 0,
			     SLIDE_M + 20, y, SLIDE_W - 2 * SLIDE_M - 40, PANGO_ALIGN_LEFT) +
		     18;
	cairo_show_page(p->cr);
}

/* A few members to a slide, as many as the tallest lets fit, as evenly as they go. */
static void slides(struct pdf *p)
{
	const struct tn_table *t = &p->d->table;
	size_t n = t->nrows, per, nres, lv[MAX_LEVELS], nlv = levels(t, lv);
	double tallest = 0, top;
	int pages;

	p->dry = 1;
	top = slide_title_line(p) + 30;
	for (size_t r = 0; r < n; r++) {
		double h = slide_row(p, t, r, 0, lv, nlv ? nlv : 1);

		tallest = h > tallest ? h : tallest;
	}
	p->dry = 0;
	per = tallest > 0 ? (size_t)((SLIDE_ROWS_END - top) / tallest) : PER_PAGE;
	per = per < 1 ? 1 : per > PER_PAGE ? PER_PAGE : per;
	nres = (n + per - 1) / per;
	pages = (int)nres + 2;
	slide_title(p, pages);
	for (size_t i = 0, from = 0; i < nres; i++) {
		size_t to = n * (i + 1) / nres;

		slide_results(p, from, to, (int)i + 2, pages);
		from = to;
	}
	slide_bands(p, pages);
}

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int len)
{
	return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS
						    : CAIRO_STATUS_WRITE_ERROR;
}

static void metadata(cairo_surface_t *s, const struct tn_doc *d)
{
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->doc_type);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, d->summary);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "tinnhiem " TN_VERSION);
	/* a fixed date: the same vote gives the same file */
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z");
}

static void minutes(struct pdf *p)
{
	fit_table(p, &p->d->table, 12, 0);
	decorate_page(p);
	body(p, NULL);
}

/*
 * The entry point of the PDF module, found by render_pdf (src/module.c) with dlsym. The
 * scanning module, which has this file's code built in, exports its own entry point alone.
 */
#ifdef TN_SCAN_MODULE
#define EXPORT
#else
#define EXPORT __attribute__((visibility("default")))
#endif
EXPORT int tinnhiem_render_pdf(const struct tn_doc *d, int copies, FILE *out, const char *name,
			       struct tn_err *e)
{
	bool slide = d->kind == TN_DOC_SLIDES;
	cairo_surface_t *s;
	struct pdf p = {0};
	cairo_status_t st;

	s = cairo_pdf_surface_create_for_stream(write_out, out, slide ? SLIDE_W : PAGE_W,
						slide ? SLIDE_H : PAGE_H);
	metadata(s, d);
	p.cr = cairo_create(s);
	p.d = d;
	p.page = 1;
	p.y = TOP;
	p.bottom = PAGE_H - BOTTOM;
	if (slide)
		slides(&p);
	else if (d->kind == TN_DOC_BALLOT)
		ballots(&p, copies, NULL);
	else
		minutes(&p);
	free(p.t.rowh);
	cairo_destroy(p.cr);
	cairo_surface_finish(s);
	st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS)
		return tn_fail(e, TN_ECANTCREAT, _("%s: cannot write the PDF: %s"), name,
			       cairo_status_to_string(st));
	return 0;
}

/* The blank form: its layout, and one page of it drawn as a scan of it would look. */
int tinnhiem_ballot_form(const struct tn_doc *d, struct tn_form *form, int page, double dpi,
			 unsigned char **gray, int *w, int *h, struct tn_err *e)
{
	const double k = gray ? dpi / 72 : 1;
	int W = (int)(PAGE_W * k + 0.5), H = (int)(PAGE_H * k + 0.5), stride;
	cairo_surface_t *s =
	    cairo_image_surface_create(CAIRO_FORMAT_RGB24, gray ? W : 1, gray ? H : 1);
	cairo_font_options_t *fo = cairo_font_options_create();
	struct pdf p = {0};
	unsigned char *px;

	p.cr = cairo_create(s);
	/* text set as on the PDF page, not fitted to this grid's pixels */
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_set_font_options(p.cr, fo);
	cairo_font_options_destroy(fo);
	cairo_set_source_rgb(p.cr, 1, 1, 1);
	cairo_paint(p.cr);
	cairo_set_source_rgb(p.cr, 0, 0, 0);
	cairo_scale(p.cr, k, k);
	p.d = d;
	p.page = 1;
	p.y = TOP;
	p.bottom = PAGE_H - BOTTOM;
	p.only_page = gray ? page : -1;
	ballots(&p, 1, form);
	free(p.t.rowh);
	cairo_destroy(p.cr);
	cairo_surface_flush(s);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		tn_fail(e, TN_EIO, _("cannot draw the blank ballot: %s"),
			cairo_status_to_string(cairo_surface_status(s)));
		cairo_surface_destroy(s);
		form_free(form);
		return e->code;
	}
	if (gray) {
		*gray = xmalloc((size_t)W * (size_t)H);
		px = cairo_image_surface_get_data(s);
		stride = cairo_image_surface_get_stride(s);
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W;
			     x++) /* green: near enough to the gray of black ink */
				(*gray)[(size_t)y * (size_t)W + (size_t)x] =
				    px[(size_t)y * (size_t)stride + 4 * (size_t)x + 1];
		*w = W;
		*h = H;
	}
	cairo_surface_destroy(s);
	return 0;
}
