/*
 * Documents as A4 PDF through pango and cairo, set in Liberation Serif (metric-compatible
 * with Times New Roman) after Hướng dẫn 36-HD/VPTW: margins, the two-column header, sizes.
 * Built as a module of its own, loaded only when a PDF is asked for: pango, cairo and their
 * forty-odd libraries would otherwise cost every command ten milliseconds at start.
 */
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "tinnhiem/document.h"
#include "tinnhiem/i18n.h"

#define MM     (72.0 / 25.4)
#define PAGE_W (210 * MM)
#define PAGE_H (297 * MM)
#define LEFT   (30 * MM)
#define RIGHT  (15 * MM)
#define TOP    (20 * MM)
#define BOTTOM (20 * MM)
#define TEXT_W (PAGE_W - LEFT - RIGHT)
#define SERIF  "Liberation Serif"
#define MONO   "Liberation Mono"

struct pdf {
	cairo_t *cr;
	const struct tn_doc *d;
	double y;
	int page;
	int dry;      /* measuring only: nothing is drawn, no page breaks */
	int decorate; /* draft mark and page numbers (the minutes, not the ballots) */
};

static PangoLayout *layout(struct pdf *p, const char *text, const char *family, double size,
			   int style, double width, PangoAlignment align)
{
	PangoLayout *l = pango_cairo_create_layout(p->cr);
	PangoFontDescription *f = pango_font_description_new();

	pango_font_description_set_family(f, family);
	pango_font_description_set_absolute_size(f, size * PANGO_SCALE);
	if (style & TN_S_BOLD)
		pango_font_description_set_weight(f, PANGO_WEIGHT_BOLD);
	if (style & TN_S_ITALIC)
		pango_font_description_set_style(f, PANGO_STYLE_ITALIC);
	pango_layout_set_font_description(l, f);
	pango_font_description_free(f);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
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

static void show(struct pdf *p, PangoLayout *l, double x, double y)
{
	if (p->dry)
		return;
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
}

static void decorate_page(struct pdf *p)
{
	char num[32];
	PangoLayout *l;

	if (!p->decorate || p->dry)
		return;
	if (p->d->draft) {
		l = layout(p, "DỰ THẢO", SERIF, 14, TN_S_BOLD, TEXT_W, PANGO_ALIGN_RIGHT);
		show(p, l, LEFT, TOP - 12 * MM);
		g_object_unref(l);
	}
	if (p->page > 1) {
		snprintf(num, sizeof num, "%d", p->page);
		l = layout(p, num, SERIF, 13, 0, TEXT_W, PANGO_ALIGN_CENTER);
		show(p, l, LEFT, TOP - 12 * MM);
		g_object_unref(l);
	}
}

static void new_page(struct pdf *p)
{
	if (!p->dry)
		cairo_show_page(p->cr);
	p->page++;
	p->y = TOP;
	decorate_page(p);
}

/* Starts a new page unless h more points fit on this one. */
static void ensure(struct pdf *p, double h)
{
	if (!p->dry && p->y + h > PAGE_H - BOTTOM && p->y > TOP)
		new_page(p);
}

static double column(struct pdf *p, const char *const *lines, const int *styles,
		     const double *sizes, int n, double x, double w, double y)
{
	for (int i = 0; i < n; i++) {
		PangoLayout *l =
		    layout(p, lines[i], SERIF, sizes[i], styles[i], w, PANGO_ALIGN_CENTER);

		show(p, l, x, y);
		y += height_of(l);
		g_object_unref(l);
	}
	return y;
}

/* A solid rule under the centred text, as long as the text. */
static void rule_under(struct pdf *p, const char *text, double size, double x, double w, double y)
{
	PangoLayout *l = layout(p, text, SERIF, size, TN_S_BOLD, w, PANGO_ALIGN_CENTER);
	PangoRectangle ink, logical;

	pango_layout_get_pixel_extents(l, &ink, &logical);
	if (!p->dry) {
		cairo_set_line_width(p->cr, 0.6);
		cairo_move_to(p->cr, x + logical.x, y + 1);
		cairo_line_to(p->cr, x + logical.x + logical.width, y + 1);
		cairo_stroke(p->cr);
	}
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
	{
		const char *pd[] = {d->place_date};
		const int ps[] = {TN_S_ITALIC};
		const double pz[] = {14};

		ry = column(p, pd, ps, pz, 1, LEFT + lw, rw, ry);
	}
	p->y = (ly > ry ? ly : ry) + 14;
}

static void title(struct pdf *p)
{
	PangoLayout *t =
	    layout(p, p->d->doc_type, SERIF, 16, TN_S_BOLD, TEXT_W, PANGO_ALIGN_CENTER);
	PangoLayout *s = layout(p, p->d->summary, SERIF, 14, TN_S_BOLD, TEXT_W, PANGO_ALIGN_CENTER);

	show(p, t, LEFT, p->y);
	p->y += height_of(t) + 2;
	show(p, s, LEFT, p->y);
	p->y += height_of(s) + 12;
	g_object_unref(t);
	g_object_unref(s);
}

static void paragraph(struct pdf *p, const struct tn_para *para)
{
	int small = para->style & TN_S_SMALL;
	PangoLayout *l = layout(p, para->text, small ? MONO : SERIF, small ? 10 : 14,
				para->style & (TN_S_BOLD | TN_S_ITALIC), TEXT_W,
				para->style & TN_S_CENTER ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
	double h;

	if (para->style & TN_S_INDENT) {
		pango_layout_set_indent(l, (int)(10 * MM * PANGO_SCALE));
		pango_layout_set_justify(l, TRUE);
	}
	h = height_of(l);
	ensure(p, h);
	show(p, l, LEFT, p->y);
	p->y += h + (small ? 2 : 4);
	g_object_unref(l);
}

/* Column x positions from the relative widths. */
static void column_x(const struct tn_table *t, double *x)
{
	double total = 0;

	for (size_t c = 0; c < t->ncols; c++)
		total += t->widths[c];
	x[0] = LEFT;
	for (size_t c = 0; c < t->ncols; c++)
		x[c + 1] = x[c] + TEXT_W * t->widths[c] / total;
}

#define PAD	  3.0
#define CELL_SIZE 11.0

static void frame(struct pdf *p, double x0, double y0, double x1, double y1)
{
	if (p->dry)
		return;
	cairo_set_line_width(p->cr, 0.6);
	cairo_rectangle(p->cr, x0, y0, x1 - x0, y1 - y0);
	cairo_stroke(p->cr);
}

/* Lays out one row of cells; draws them when draw is set; returns the row height. */
static double cells(struct pdf *p, char *const *text, size_t n, const double *x, const size_t *span,
		    int style, const bool *right, bool draw)
{
	double h = 0;
	size_t c = 0;

	for (size_t i = 0; i < n; c += span ? span[i] : 1, i++) {
		size_t e = c + (span ? span[i] : 1);
		PangoAlignment al = style & TN_S_BOLD	? PANGO_ALIGN_CENTER
				    : right && right[c] ? PANGO_ALIGN_RIGHT
							: PANGO_ALIGN_LEFT;
		PangoLayout *l =
		    layout(p, text[i], SERIF, CELL_SIZE, style, x[e] - x[c] - 2 * PAD, al);
		double ch = height_of(l) + 2 * PAD;

		if (draw)
			show(p, l, x[c] + PAD, p->y + PAD);
		h = ch > h ? ch : h;
		g_object_unref(l);
	}
	if (draw)
		for (size_t i = 0, k = 0; i < n; k += span ? span[i] : 1, i++)
			frame(p, x[k], p->y, x[k + (span ? span[i] : 1)], p->y + h);
	return h;
}

static void boxes(struct pdf *p, const struct tn_table *t, const double *x, double h)
{
	const double side = 11;

	if (p->dry)
		return;
	for (size_t c = 3; c < t->ncols; c++) {
		double cx = (x[c] + x[c + 1]) / 2 - side / 2, cy = p->y + h / 2 - side / 2;

		cairo_set_line_width(p->cr, 0.8);
		cairo_rectangle(p->cr, cx, cy, side, side);
		cairo_stroke(p->cr);
	}
}

static void table_head(struct pdf *p, const struct tn_table *t, const double *x)
{
	if (t->groups) {
		char **labels = xcalloc(t->ngroups, sizeof *labels);
		size_t *span = xcalloc(t->ngroups, sizeof *span);
		double h;

		for (size_t g = 0; g < t->ngroups; g++) {
			labels[g] = t->groups[g].label;
			span[g] = t->groups[g].span;
		}
		h = cells(p, labels, t->ngroups, x, span, TN_S_BOLD, NULL, false);
		cells(p, labels, t->ngroups, x, span, TN_S_BOLD, NULL, true);
		p->y += h;
		free(labels);
		free(span);
	}
	p->y += cells(p, t->head, t->ncols, x, NULL, TN_S_BOLD, NULL, true);
}

static void table(struct pdf *p, const struct tn_table *t)
{
	double *x = xcalloc(t->ncols + 1, sizeof *x);
	double headh;

	column_x(t, x);
	headh = cells(p, t->head, t->ncols, x, NULL, TN_S_BOLD, NULL, false) * (t->groups ? 2 : 1);
	ensure(p, headh + 2 * CELL_SIZE);
	table_head(p, t, x);
	for (size_t r = 0; r < t->nrows; r++) {
		char *const *row = t->cells + r * t->ncols;
		double h = cells(p, row, t->ncols, x, NULL, 0, t->numeric, false);

		if (t->boxes && h < 20)
			h = 20;
		if (!p->dry && p->y + h > PAGE_H - BOTTOM) {
			new_page(p);
			table_head(p, t, x); /* the header row again on each page */
		}
		cells(p, row, t->ncols, x, NULL, 0, t->numeric, true);
		if (t->boxes) {
			frame(p, x[0], p->y, x[t->ncols], p->y + h);
			boxes(p, t, x, h);
		}
		p->y += h;
	}
	p->y += 10;
	free(x);
}

static void signature(struct pdf *p)
{
	const struct tn_doc *d = p->d;
	const double half = TEXT_W / 2;
	const double gap = 70; /* room to sign */
	double need = 3 * 18 + gap + 18 * (double)(d->nothers + 1);
	double y0, ly, ry;

	if (d->on_behalf == NULL)
		return;
	ensure(p, need);
	y0 = p->y + 6;
	{
		const char *r[] = {d->on_behalf, d->signer_role};
		const int rs[] = {TN_S_BOLD, TN_S_BOLD};
		const double rz[] = {14, 14};
		const char *nm[] = {d->signer_name};
		const int ns[] = {TN_S_BOLD};
		const double nz[] = {14};

		ry = column(p, r, rs, rz, 2, LEFT + half, half, y0);
		ry = column(p, nm, ns, nz, 1, LEFT + half, half, ry + gap);
	}
	{
		const char *l[] = {d->others_title};
		const int ls[] = {TN_S_BOLD};
		const double lz[] = {14};

		ly = column(p, l, ls, lz, 1, LEFT, half, y0) + gap;
		for (size_t i = 0; i < d->nothers; i++) {
			const char *nm[] = {d->others[i]};
			const int ns[] = {TN_S_BOLD};
			const double nz[] = {14};

			ly = column(p, nm, ns, nz, 1, LEFT, half, ly) +
			     (i + 1 < d->nothers ? gap / 2 : 0);
		}
	}
	p->y = ly > ry ? ly : ry;
}

static void body(struct pdf *p)
{
	const struct tn_doc *d = p->d;

	header(p);
	title(p);
	for (size_t i = 0; i < d->nbefore; i++)
		paragraph(p, &d->before[i]);
	p->y += 4;
	table(p, &d->table);
	for (size_t i = 0; i < d->nafter; i++)
		paragraph(p, &d->after[i]);
	signature(p);
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

/* Ballots: as many whole copies on a page as fit, with a cut line between them. */
static void ballots(struct pdf *p, int copies)
{
	const double gap = 12 * MM;
	double h;
	int per_page, on_page = 0;

	p->dry = 1;
	p->y = 0;
	body(p);
	h = p->y;
	p->dry = 0;
	per_page = (int)((PAGE_H - TOP - BOTTOM + gap) / (h + gap));
	p->y = TOP;
	for (int i = 0; i < copies; i++) {
		if (per_page < 1) { /* one ballot longer than a page: let it flow */
			if (i > 0)
				new_page(p);
			body(p);
			continue;
		}
		if (on_page == per_page) {
			new_page(p);
			on_page = 0;
		}
		if (on_page > 0) {
			cut_line(p, p->y + gap / 2);
			p->y += gap;
		}
		body(p);
		on_page++;
	}
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

/* The entry point of the PDF module, found by render_pdf (src/pdf_module.c) with dlsym. */
__attribute__((visibility("default"))) int tinnhiem_render_pdf(const struct tn_doc *d, int copies,
							       FILE *out, const char *name,
							       struct tn_err *e)
{
	cairo_surface_t *s;
	struct pdf p = {0};
	cairo_status_t st;

	s = cairo_pdf_surface_create_for_stream(write_out, out, PAGE_W, PAGE_H);
	metadata(s, d);
	p.cr = cairo_create(s);
	p.d = d;
	p.page = 1;
	p.y = TOP;
	p.decorate = copies == 0;
	decorate_page(&p);
	if (copies == 0)
		body(&p);
	else
		ballots(&p, copies);
	cairo_destroy(p.cr);
	cairo_surface_finish(s);
	st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS)
		return tn_fail(e, TN_ECANTCREAT, _("%s: cannot write the PDF: %s"), name,
			       cairo_status_to_string(st));
	return 0;
}
