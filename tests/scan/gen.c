/*
 * Marked and scanned ballots for the scanning tests: the real ballot PDF (tinnhiem ballots)
 * rendered with poppler, pen marks drawn on it where the form's layout puts the boxes, then a
 * scanner's effects: rotation, scale, offset, blur, noise, JPEG, resolution, gray or black
 * and white.
 *
 * usage: scan_gen VOTE.db BALLOTS.pdf SEED FIRST COUNT OUTDIR [--plain MARKS-FILE [--no-qr]]
 * Writes sheets FIRST to FIRST+COUNT-1 (each from its own random stream, so that a stack made
 * in parts is the same stack) as OUTDIR/s-NNNNNN-part.pdf (pages) and single PNG, JPEG and
 * TIFF files; OUTDIR/files-FIRST.txt lists them in order and OUTDIR/truth-FIRST.txt holds
 * one line a sheet:
 *   FLAGS ROWS    FLAGS: '-' or any of S (writing above the rows: a person must see the
 *                 sheet), U (upside down), B (blank); ROWS one character a row:
 *                 0-3   a clear row: must be read so
 *                 a-c,z a hard row (faint, a dot in a box or in the row) of truth 1-3, 0: read
 *                       so or doubtful
 *                 ?     a person must see it (struck through and another box, writing)
 * --plain: clear marks only, on upright sheets, at 200 dpi, no scanner effects but a little
 * rotation (for the end-to-end test, whose truth is the marks typed). MARKS-FILE holds one
 * line a ballot, ballot FIRST on its first line; a ballot of several pages is drawn as that
 * many sheets, a truth line each. --no-qr: the QR code painted over.
 * SCAN_GEN_DPI=200 in the environment: every sheet at that resolution, in PDF (benchmarks).
 */
#include <cairo-pdf.h>
#include <leptonica/allheaders.h>
#include <math.h>
#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tinnhiem/document.h"
#include "tinnhiem/form.h"
#include "tinnhiem/vote.h"

#define MM (72.0 / 25.4)

static uint64_t rng;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double uni(double a, double b)
{
	return a + (b - a) * (double)(next() >> 11) / 9007199254740992.0;
}

static bool chance(double p)
{
	return uni(0, 1) < p;
}

static double gauss(void)
{
	return sqrt(-2 * log(uni(1e-12, 1))) * cos(2 * M_PI * uni(0, 1));
}

/* Noise for a whole page: a table of normal samples, picked at random. */
#define NOISE_N 65536
static float noise_table[NOISE_N];

static void noise_init(void)
{
	uint64_t keep = rng;

	rng = 88172645463325252ull;
	for (int i = 0; i < NOISE_N; i++)
		noise_table[i] = (float)gauss();
	rng = keep;
}

/* The blank page at each resolution, drawn once: sheets are this picture moved and turned. */
static cairo_surface_t *blank_at(PopplerPage *pg, int page, int dpi)
{
	static cairo_surface_t *cache[8];
	static int dpis[8], pages[8];
	double pw, ph;
	cairo_t *cr;
	int i;

	for (i = 0; i < 8 && cache[i]; i++)
		if (dpis[i] == dpi && pages[i] == page)
			return cache[i];
	if (i == 8) { /* a stack at one resolution, of a ballot of at most eight pages */
		fprintf(stderr, "scan_gen: too many blank pages\n");
		exit(1);
	}
	poppler_page_get_size(pg, &pw, &ph);
	cache[i] = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(pw * dpi / 72),
					      (int)(ph * dpi / 72));
	dpis[i] = dpi;
	pages[i] = page;
	cr = cairo_create(cache[i]);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, dpi / 72.0, dpi / 72.0);
	poppler_page_render(pg, cr);
	cairo_destroy(cr);
	return cache[i];
}

struct pen {
	double width, ink; /* points; gray 0 black .. 1 white */
};

static void stroke(cairo_t *cr, const struct pen *p, double x0, double y0, double x1, double y1)
{
	cairo_set_source_rgb(cr, p->ink, p->ink, p->ink * 1.05 > 1 ? 1 : p->ink * 1.05);
	cairo_set_line_width(cr, p->width);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_move_to(cr, x0, y0);
	cairo_curve_to(cr, x0 + (x1 - x0) / 3 + uni(-0.4, 0.4), y0 + (y1 - y0) / 3 + uni(-0.4, 0.4),
		       x0 + 2 * (x1 - x0) / 3 + uni(-0.4, 0.4),
		       y0 + 2 * (y1 - y0) / 3 + uni(-0.4, 0.4), x1, y1);
	cairo_stroke(cr);
}

/* A mark in box r: X, tick or filled, inside it by in (points from the border). */
static void mark(cairo_t *cr, struct tn_rect r, int style, const struct pen *p, double dx,
		 double dy)
{
	double in = p->width / 2 + 0.5 * MM, x0 = r.x + in + dx, y0 = r.y + in + dy;
	double x1 = r.x + r.w - in + dx, y1 = r.y + r.h - in + dy, s = x1 - x0;

	if (style == 0) { /* X */
		double a = uni(0, 0.2) * s, b = uni(0, 0.2) * s;

		stroke(cr, p, x0 + a, y0 + b, x1 - b, y1 - a);
		stroke(cr, p, x1 - a, y0 + uni(0, 0.2) * s, x0 + b, y1 - uni(0, 0.2) * s);
	} else if (style == 1) { /* tick */
		double mx = x0 + uni(0.3, 0.45) * s, my = y1 - uni(0, 0.1) * s;

		stroke(cr, p, x0 + uni(0, 0.1) * s, y0 + uni(0.4, 0.55) * s, mx, my);
		stroke(cr, p, mx, my, x1 - uni(0, 0.1) * s, y0 + uni(0, 0.15) * s);
	} else { /* filled, by hatching */
		for (double y = y0; y <= y1 + 0.01; y += p->width * 0.6)
			stroke(cr, p, x0, y, x1, y + uni(-0.2, 0.2));
	}
}

static void scribble(cairo_t *cr, const struct pen *p, double x, double y, double w, double h)
{
	cairo_set_source_rgb(cr, p->ink, p->ink, p->ink);
	cairo_set_line_width(cr, p->width);
	cairo_move_to(cr, x, y + h / 2);
	for (int i = 0; i < 14; i++)
		cairo_line_to(cr, x + w * (i + 1) / 14.0, y + uni(0, h));
	cairo_stroke(cr);
}

static void dot(cairo_t *cr, double x, double y, double r, double ink)
{
	cairo_set_source_rgb(cr, ink, ink, ink);
	cairo_arc(cr, x, y, r, 0, 2 * M_PI);
	cairo_fill(cr);
}

static struct pen clear_pen(void)
{
	return (struct pen){uni(0.35, 0.8) * MM, uni(0, 0.4)};
}

/* One row's marks; returns its truth character. */
static char row(cairo_t *cr, const struct tn_rect box[3], const struct tn_rect *band, bool plain,
		bool bw, char want)
{
	struct pen p = clear_pen();
	double u = uni(0, 1);
	int k = (int)(next() % 3), k2 = (k + 1 + (int)(next() % 2)) % 3;

	if (plain) {
		if (want != '0')
			mark(cr, box[want - '1'], (int)(next() % 2), &p, 0, 0);
		return want;
	}
	if (u < 0.08)
		return '0';
	if (u < 0.88) {
		double s = uni(0, 1);

		mark(cr, box[k], s < 0.5 ? 0 : s < 0.85 ? 1 : 2, &p, 0, 0);
		return (char)('1' + k);
	}
	if (u < 0.90) { /* two boxes: no valid mark */
		mark(cr, box[k], 0, &p, 0, 0);
		mark(cr, box[k2], 0, &p, 0, 0);
		return '0';
	}
	if (u < 0.92 && bw) {
		mark(cr, box[k], 0, &p, 0, 0);
		return (char)('1' + k);
	}
	if (u < 0.92) { /* faint (a black and white scan has none: it erases what is
				  lighter than its threshold, and no reader can find it then) */
		p.ink = uni(0.5, 0.7);
		p.width = uni(0.25, 0.4) * MM;
		mark(cr, box[k], 0, &p, 0, 0);
		return (char)('a' + k);
	}
	if (u < 0.94) { /* partly outside the box */
		double d = uni(0.5, 0.9) * box[k].w;

		mark(cr, box[k], 0, &p, chance(0.5) ? d : -d, chance(0.5) ? d * 0.5 : -d * 0.5);
		return '?';
	}
	if (u < 0.96) { /* struck through, and another box marked */
		mark(cr, box[k], 0, &p, 0, 0);
		p.width = uni(0.5, 0.9) * MM;
		mark(cr, box[k], 2, &p, 0, 0);
		p = clear_pen();
		mark(cr, box[k2], 0, &p, 0, 0);
		return '?';
	}
	if (u < 0.98) { /* a dot in a box */
		dot(cr, box[k].x + uni(0.3, 0.7) * box[k].w, box[k].y + uni(0.3, 0.7) * box[k].h,
		    uni(0.3, 0.6) * MM, uni(0, 0.3));
		return 'z';
	}
	/* writing beside the name, in the margin (over the printed name it is not found: the
	 * reader takes as ink only what the blank has no print under; see docs/scanning.md) */
	p.width = uni(0.25, 0.5) * MM;
	if (bw) { /* as dark as a black and white scan keeps: a thin gray one it erases to specks */
		p.width = uni(0.4, 0.6) * MM;
		p.ink = uni(0, 0.2);
	}
	scribble(cr, &p, band->x - uni(11, 14) * MM, band->y + 2, uni(6, 10) * MM, band->h - 4);
	p = clear_pen();
	mark(cr, box[k], 0, &p, 0, 0);
	return '?';
}

struct sheet_opts {
	int dpi;
	double angle, scale, dx, dy, noise;
	int blur;
	bool bw, turned, plain, no_qr;
};

/* Page `page` of a ballot drawn at its resolution; truth in rows, flags in flags. */
static cairo_surface_t *draw(PopplerPage *pg, int page, const struct tn_form *f,
			     const struct sheet_opts *o, const char *plain_marks, char *rows,
			     char *flags)
{
	const struct tn_form_page *fp = &f->page[page];
	double k = o->dpi / 72.0; /* the scanner sees a little more than the paper */
	int w = (int)((f->width + 16 * MM) * k), h = (int)((f->height + 16 * MM) * k);
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cairo_t *cr = cairo_create(s);
	bool blank = !o->plain && chance(0.005);

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_translate(cr, w / 2.0 + o->dx * k, h / 2.0 + o->dy * k);
	cairo_rotate(cr, o->angle + (o->turned ? M_PI : 0));
	cairo_scale(cr, k * o->scale, k * o->scale);
	cairo_translate(cr, -f->width / 2, -f->height / 2);
	cairo_save(cr);
	cairo_scale(cr, 72.0 / o->dpi, 72.0 / o->dpi);
	cairo_set_source_surface(cr, blank_at(pg, page, o->dpi), 0, 0);
	cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_BILINEAR);
	cairo_paint(cr);
	cairo_restore(cr);
	if (o->no_qr) { /* torn off, or covered: the rest of the sheet as printed */
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_rectangle(cr, fp->qr.x - 2 * MM, fp->qr.y - 2 * MM, fp->qr.w + 4 * MM,
				fp->qr.h + 4 * MM);
		cairo_fill(cr);
	}
	flags[0] = '\0';
	for (size_t r = 0; r < fp->nrows; r++)
		rows[r] = blank ? '0'
				: row(cr, fp->boxes[r], &fp->rows[r], o->plain, o->bw,
				      plain_marks ? plain_marks[fp->first_row + r] : '0');
	rows[fp->nrows] = '\0';
	if (!o->plain && chance(0.3)) { /* a signature at the foot */
		struct pen p = {uni(0.3, 0.6) * MM, uni(0, 0.3)};
		const struct tn_rect *last = &fp->rows[fp->nrows - 1];

		scribble(cr, &p, last->x + last->w - uni(60, 120), last->y + last->h + 8 * MM,
			 uni(40, 80), 8 * MM);
	}
	if (!o->plain && !blank && chance(0.02)) { /* a stray dot in a row, outside the boxes */
		size_t r = next() % fp->nrows;
		const char *hard = "0123zabc";

		dot(cr, fp->rows[r].x + uni(5, fp->boxes[r][0].x - fp->rows[r].x - 15),
		    fp->rows[r].y + uni(0.3, 0.7) * fp->rows[r].h, uni(0.4, 0.8) * MM, uni(0, 0.3));
		/* shown to a person when it is where the blank has no print (found as writing), not
		 * when it sits on a printed letter: either way the boxes, if read, are read right
		 */
		if (strchr("0123", rows[r]))
			rows[r] = hard[strchr(hard, rows[r]) - hard + 4];
	}
	if (!o->plain && !blank && chance(0.01)) { /* writing above the rows */
		struct pen p = {uni(0.3, 0.5) * MM, uni(0, 0.3)};

		scribble(cr, &p, fp->rows[0].x + uni(20, 200), fp->rows[0].y - 60, 80, 14);
		strcat(flags, "S");
	}
	if (o->turned)
		strcat(flags, "U");
	if (blank)
		strcat(flags, "B");
	if (!*flags)
		strcpy(flags, "-");
	cairo_destroy(cr);
	cairo_surface_flush(s);
	return s;
}

/* The scanner: the gray of the light, blur, noise, black and white. */
static PIX *scanner(cairo_surface_t *s, const struct sheet_opts *o)
{
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	const unsigned char *px = cairo_image_surface_get_data(s);
	PIX *pix = pixCreate(w, h, 8), *b;
	l_uint32 *data = pixGetData(pix);
	int wpl = pixGetWpl(pix);

	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			const unsigned char *p = px + (size_t)y * (size_t)stride + 4 * (size_t)x;

			SET_DATA_BYTE(data + (size_t)y * (size_t)wpl, x,
				      (29 * p[0] + 150 * p[1] + 77 * p[2]) >> 8);
		}
	for (int i = 0; i < o->blur; i++) {
		b = pixBlockconv(pix, 1, 1);
		pixDestroy(&pix);
		pix = b;
		data = pixGetData(pix);
	}
	if (o->noise > 0)
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				l_uint32 *line = data + (size_t)y * (size_t)wpl;
				double v = GET_DATA_BYTE(line, x) +
					   o->noise * noise_table[next() % NOISE_N];

				SET_DATA_BYTE(line, x, v < 0 ? 0 : v > 255 ? 255 : (int)v);
			}
	if (o->bw) {
		b = pixThresholdToBinary(pix, 140);
		pixDestroy(&pix);
		pix = b;
	}
	pixSetResolution(pix, o->dpi, o->dpi);
	return pix;
}

static void options(struct sheet_opts *o, bool plain)
{
	double u = uni(0, 1);

	memset(o, 0, sizeof *o);
	o->plain = plain;
	o->dpi = plain || u < 0.7 ? 200 : u < 0.85 ? 150 : 300;
	o->angle = (plain ? uni(-1, 1) : uni(-3, 3)) * M_PI / 180;
	if (plain)
		return;
	o->scale = uni(0.97, 1.03);
	o->dx = uni(-4, 4) * MM;
	o->dy = uni(-4, 4) * MM;
	o->blur = (int)(next() % 3);
	o->noise = uni(0, 10);
	o->bw = chance(0.1);
}

/* A page of a scanner's PDF: the JPEG embedded as it is, at its resolution. */
static void add_pdf_page(cairo_surface_t **pdf, PIX *pix, const char *path, int dpi)
{
	PIX *g = pixGetDepth(pix) == 1 ? pixConvert1To8(NULL, pix, 255, 0) : pixClone(pix);
	int w = pixGetWidth(g), h = pixGetHeight(g);
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	l_uint8 *jpeg;
	size_t len;
	cairo_t *cr;

	pixWriteMemJpeg(&jpeg, &len, g, 60 + (int)(next() % 26), 0);
	cairo_surface_set_mime_data(img, CAIRO_MIME_TYPE_JPEG, jpeg, len, free, jpeg);
	if (*pdf == NULL)
		*pdf = cairo_pdf_surface_create(path, w * 72.0 / dpi, h * 72.0 / dpi);
	cairo_pdf_surface_set_size(*pdf, w * 72.0 / dpi, h * 72.0 / dpi);
	cr = cairo_create(*pdf);
	cairo_scale(cr, 72.0 / dpi, 72.0 / dpi);
	cairo_set_source_surface(cr, img, 0, 0);
	cairo_paint(cr);
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_destroy(img);
	pixDestroy(&g);
}

int main(int argc, char **argv)
{
	struct tn_vote v;
	struct tn_err e;
	struct tn_doc doc;
	struct tn_form form = {0};
	PopplerDocument *pdf;
	PopplerPage *pg;
	cairo_surface_t *out = NULL;
	char path[4096], *uri, rows[512], flags[8], *abs;
	FILE *files, *truth;
	unsigned long long seed, first, count;
	bool plain = argc > 8 && strcmp(argv[7], "--plain") == 0;
	bool no_qr = plain && argc > 9 && strcmp(argv[9], "--no-qr") == 0;
	const char *plain_marks = NULL;
	int part = 0, in_part = 0;
	size_t plain_len = 0;

	if (argc < 7 || (argc > 7 && !plain) || argc > 10 || (argc == 10 && !no_qr)) {
		fprintf(stderr, "usage: scan_gen VOTE.db BALLOTS.pdf SEED FIRST COUNT OUTDIR "
				"[--plain MARKS-FILE [--no-qr]]\n");
		return 2;
	}
	noise_init();
	seed = strtoull(argv[3], NULL, 10);
	first = strtoull(argv[4], NULL, 10);
	count = strtoull(argv[5], NULL, 10);
	if (vote_open(argv[1], false, &v, &e) < 0) {
		fprintf(stderr, "scan_gen: %s\n", e.msg);
		return 1;
	}
	document_ballot(&v.def, &doc);
	if (tinnhiem_ballot_form(&doc, &form, 0, 0, NULL, NULL, NULL, &e) < 0) {
		fprintf(stderr, "scan_gen: %s\n", e.msg);
		return 1;
	}
	if (form.pages != 1 && !plain) { /* the truth is a line a sheet */
		fprintf(stderr, "scan_gen: a ballot of one page only, but for --plain\n");
		return 1;
	}
	abs = realpath(argv[2], NULL);
	uri = g_filename_to_uri(abs, NULL, NULL);
	if ((pdf = poppler_document_new_from_file(uri, NULL, NULL)) == NULL) {
		fprintf(stderr, "scan_gen: cannot read %s\n", argv[2]);
		return 1;
	}
	if (poppler_document_get_n_pages(pdf) < form.pages) {
		fprintf(stderr, "scan_gen: %s has fewer pages than a ballot\n", argv[2]);
		return 1;
	}
	if (plain) { /* the marks to draw: one line a sheet */
		FILE *m = fopen(argv[8], "r");
		static char buf[1 << 20];

		plain_len = m ? fread(buf, 1, sizeof buf - 1, m) : 0;
		if (m)
			fclose(m);
		buf[plain_len] = '\0';
		plain_marks = buf;
	}
	snprintf(path, sizeof path, "%s/files-%06llu.txt", argv[6], first);
	files = fopen(path, "w");
	snprintf(path, sizeof path, "%s/truth-%06llu.txt", argv[6], first);
	truth = fopen(path, "w");
	for (unsigned long long i = first * (unsigned long long)form.pages;
	     i < (first + count) * (unsigned long long)form.pages; i++) {
		int page = (int)(i % (unsigned long long)form.pages);
		struct sheet_opts o;
		cairo_surface_t *s;
		PIX *pix;
		double u;

		rng = (seed * 0x9E3779B97F4A7C15ull) ^ (i * 0xBF58476D1CE4E5B9ull) ^ 0x1234567ull;
		for (int k = 0; k < 4; k++)
			next();
		options(&o, plain);
		if (getenv("SCAN_GEN_DPI")) /* the benchmark's stack: one resolution, pages only */
			o.dpi = atoi(getenv("SCAN_GEN_DPI"));
		o.turned = !plain && (i == 3 || chance(0.01));
		o.no_qr = no_qr;
		if (o.scale == 0)
			o.scale = 1;
		pg = poppler_document_get_page(pdf, page);
		s = draw(pg, page, &form, &o, plain_marks, rows, flags);
		g_object_unref(pg);
		if (plain_marks && page == form.pages - 1) {
			plain_marks = strchr(plain_marks, '\n');
			plain_marks = plain_marks ? plain_marks + 1 : "";
		}
		pix = scanner(s, &o);
		cairo_surface_destroy(s);
		u = plain || getenv("SCAN_GEN_DPI") ? 0 : uni(0, 1);
		if (u < 0.94) { /* a page of the scanner's PDF */
			if (out == NULL || in_part == 50) {
				if (out) {
					cairo_surface_destroy(out);
					out = NULL;
				}
				snprintf(path, sizeof path, "%s/s-%06llu-%d.pdf", argv[6], first,
					 part++);
				fprintf(files, "%s\n", path);
				in_part = 0;
			}
			add_pdf_page(&out, pix, path, o.dpi);
			in_part++;
		} else {
			const char *ext = u < 0.96 ? "png" : u < 0.98 ? "jpg" : "tif";
			int fmt = u < 0.96		  ? IFF_PNG
				  : u < 0.98		  ? IFF_JFIF_JPEG
				  : pixGetDepth(pix) == 1 ? IFF_TIFF_G4
							  : IFF_TIFF_ZIP;

			if (out) {
				cairo_surface_destroy(out);
				out = NULL;
			}
			snprintf(path, sizeof path, "%s/s-%06llu.%s", argv[6], i, ext);
			if (fmt == IFF_JFIF_JPEG && pixGetDepth(pix) == 1) {
				PIX *g = pixConvert1To8(NULL, pix, 255, 0);

				pixDestroy(&pix);
				pix = g;
			}
			if (fmt == IFF_JFIF_JPEG)
				pixWriteJpeg(path, pix, 60, 0);
			else
				pixWrite(path, pix, fmt);
			fprintf(files, "%s\n", path);
		}
		fprintf(truth, "%s %s\n", flags, rows);
		pixDestroy(&pix);
	}
	if (out)
		cairo_surface_destroy(out);
	fclose(files);
	fclose(truth);
	g_object_unref(pdf);
	form_free(&form);
	document_free(&doc);
	vote_close(&v);
	free(abs);
	g_free(uri);
	return 0;
}
