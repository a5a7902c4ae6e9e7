/*
 * Reading scanned ballots, a module of its own (tinnhiem-scan.so): poppler renders PDF pages,
 * leptonica decodes PNG, JPEG and TIFF, zbar reads the QR code.
 *
 * Each sheet: the four registration marks are found as solid squares forming the printed
 * rectangle; the projective transform from the printed page to the image is fitted to their
 * centres; the QR code, read upright or turned, names the vote and the page; the sheet is
 * then resampled upright at 150 dpi and compared with the blank form drawn at 150 dpi by the
 * same code that printed it. Ink is what the scan has darker than the blank (the blank
 * dilated by two pixels, so that a printed line a little off or blurred is not ink).
 * A row is read only when every measure is far from its threshold; anything else, and any
 * writing in the row or above the rows, goes to a person. The signature's place, below the
 * rows, is not looked at: QĐ 96 allows a signature.
 */
#include <errno.h>
#include <leptonica/allheaders.h>
#include <malloc.h>
#include <math.h>
#include <poppler.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zbar.h>

#include "tinnhiem/document.h"
#include "tinnhiem/form.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/scan.h"

#define DPI  150.0
#define KP   (DPI / 72) /* analysis pixels per point */
#define MMPX (DPI / 25.4)
/* PDF pages are drawn at the resolution scanners write them at: their image is then copied,
 * not resampled, which would take longer than all the rest */
#define PDF_DPI 200.0

/* Ink: darker than the dilated blank by more than this (0 white, 255 black). */
#define INK	   90
#define MASS_FLOOR 40
#define WEAK	   40 /* faint ink: an empty box has none */
/* A box's inside: empty, marked, heavily inked, as shares of its pixels that are ink. */
#define EMPTY_PX   3 /* pixels of ink, strong or faint */
#define EMPTY_MASS 0.012
#define EMPTY_TONE                                                                                 \
	4.5 /* darker inside than around by this on average, and more than                         \
	     * the noise could make it: faint ink (JPEG alone shifts a block                       \
	     * of paper by up to three levels) */
#define MARK_SHARE 0.07
#define MARK_SPAN  0.45 /* a mark spans this much of the box across and down */
#define HEAVY	   0.45
#define RING_IN	   (0.6 * MMPX) /* ink this far outside a box crosses its border */
#define RING_OUT   (3.0 * MMPX)
#define RING_INK   6
#define CELL	   8 /* writing: a cell of CELL x CELL pixels with CELL_INK ink pixels */
#define CELL_INK   8
#define MATCH	   0.75 /* of the blank's print found in the scan: else not this form */

struct gray {
	int w, h;
	unsigned char *px; /* 0 black, 255 white */
};

struct pt {
	double x, y;
};

/* One page of the form at DPI, cut to the frame of its marks. */
struct blank {
	int x0, y0, w, h;
	unsigned char *print; /* the blank's darkness */
	unsigned char *near;  /* the same, dilated */
	double aspect;	      /* of the marks' centres: down over across */
};

enum kind { PDF, IMAGE, TIFF };

struct job {
	size_t file;
	int page; /* in the file, from 0 */
};

struct ctx {
	const struct tn_scan_input *in;
	struct tn_form form;
	struct blank *blank;
	enum kind *kinds;
	struct job *jobs;
	size_t njobs, next, done;
	pthread_mutex_t lock;
	struct tn_scan_sheet *out;
	struct tn_err *errs;
	int *rcs;
};

struct worker {
	struct ctx *c;
	PopplerDocument **docs;
	zbar_image_scanner_t *zbar;
};

/* ---- images in ---- */

static void gray_free(struct gray *g)
{
	free(g->px);
	g->px = NULL;
}

/* Halves an image by averaging: a 300 dpi scan is read at 150. */
static void halve(struct gray *g)
{
	int w = g->w / 2, h = g->h / 2;
	unsigned char *d = xmalloc((size_t)w * (size_t)h);

	for (int y = 0; y < h; y++) {
		const unsigned char *a = g->px + (size_t)(2 * y) * (size_t)g->w, *b = a + g->w;
		for (int x = 0; x < w; x++)
			d[(size_t)y * (size_t)w + (size_t)x] =
			    (unsigned char)((a[2 * x] + a[2 * x + 1] + b[2 * x] + b[2 * x + 1] +
					     2) /
					    4);
	}
	free(g->px);
	g->px = d;
	g->w = w;
	g->h = h;
}

static void surface_gray(cairo_surface_t *s, struct gray *g)
{
	cairo_surface_flush(s);
	g->w = cairo_image_surface_get_width(s);
	g->h = cairo_image_surface_get_height(s);
	g->px = xmalloc((size_t)g->w * (size_t)g->h);
	for (int y = 0; y < g->h; y++) {
		const unsigned char *row = cairo_image_surface_get_data(s) +
					   (size_t)y * (size_t)cairo_image_surface_get_stride(s);
		for (int x = 0; x < g->w; x++) /* BGRX */
			g->px[(size_t)y * (size_t)g->w + (size_t)x] =
			    (unsigned char)((29 * row[4 * x] + 150 * row[4 * x + 1] +
					     77 * row[4 * x + 2]) >>
					    8);
	}
}

static int load_pdf(struct worker *w, size_t file, int page, struct gray *g, struct tn_err *e)
{
	const char *path = w->c->in->files[file];
	PopplerPage *pg;
	cairo_surface_t *s;
	double pw, ph;
	cairo_t *cr;

	if (w->docs[file] == NULL) {
		GError *err = NULL;
		char *abs = realpath(path, NULL), *uri;

		uri = abs ? g_filename_to_uri(abs, NULL, NULL) : NULL;
		w->docs[file] = uri ? poppler_document_new_from_file(uri, NULL, &err) : NULL;
		free(abs);
		g_free(uri);
		if (w->docs[file] == NULL) {
			tn_fail(e, TN_EDATA, _("%s: cannot read the PDF: %s"), path,
				err ? err->message : "?");
			if (err)
				g_error_free(err);
			return e->code;
		}
	}
	if ((pg = poppler_document_get_page(w->docs[file], page)) == NULL)
		return tn_fail(e, TN_EDATA, _("%s, page %d: cannot read the page"), path, page + 1);
	poppler_page_get_size(pg, &pw, &ph);
	g->w = (int)(pw * PDF_DPI / 72 + 0.5);
	g->h = (int)(ph * PDF_DPI / 72 + 0.5);
	if (g->w < 100 || g->h < 100 || g->w > 20000 || g->h > 20000) {
		g_object_unref(pg);
		return tn_fail(e, TN_EDATA, _("%s, page %d: a page of %.0f by %.0f points"), path,
			       page + 1, pw, ph);
	}
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, g->w, g->h);
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, PDF_DPI / 72, PDF_DPI / 72);
	poppler_page_render(pg, cr);
	cairo_destroy(cr);
	surface_gray(s, g);
	cairo_surface_destroy(s);
	g_object_unref(pg);
	return 0;
}

static int load_image(struct ctx *c, size_t file, int page, struct gray *g, struct tn_err *e)
{
	const char *path = c->in->files[file];
	PIX *pix = c->kinds[file] == TIFF ? pixReadTiff(path, page) : pixRead(path), *p8;
	l_uint32 *data;
	int wpl;

	if (pix == NULL)
		return tn_fail(e, TN_EDATA, _("%s, page %d: cannot read the image"), path,
			       page + 1);
	p8 = pixConvertTo8(pix, 0);
	pixDestroy(&pix);
	if (p8 == NULL || pixGetWidth(p8) < 100 || pixGetHeight(p8) < 100) {
		pixDestroy(&p8);
		return tn_fail(e, TN_EDATA, _("%s, page %d: cannot read the image"), path,
			       page + 1);
	}
	g->w = pixGetWidth(p8);
	g->h = pixGetHeight(p8);
	g->px = xmalloc((size_t)g->w * (size_t)g->h);
	data = pixGetData(p8);
	wpl = pixGetWpl(p8);
	for (int y = 0; y < g->h; y++) {
		l_uint32 *line = data + (size_t)y * (size_t)wpl;

		for (int x = 0; x < g->w; x++)
			g->px[(size_t)y * (size_t)g->w + (size_t)x] =
			    (unsigned char)GET_DATA_BYTE(line, x);
	}
	pixDestroy(&p8);
	while (g->w > 2000) /* more than about 220 dpi for a sheet as wide as A4 */
		halve(g);
	return 0;
}

/* ---- the registration marks ---- */

struct comp {
	int x0, y0, x1, y1, n;
};

static int uf_find(int *parent, int i)
{
	while (parent[i] != i)
		i = parent[i] = parent[parent[i]];
	return i;
}

/* Solid dark squares of about a mark's size, in a copy of the image reduced f times. */
static size_t mark_candidates(const struct gray *g, int f, struct comp **out)
{
	int rw = g->w / f, rh = g->h / f, n = rw * rh;
	int *lab = xmalloc((size_t)n * sizeof *lab);
	struct comp *cs = xcalloc((size_t)n, sizeof *cs);
	size_t count = 0;

	for (int y = 0; y < rh; y++)
		for (int x = 0; x < rw; x++) {
			int sum = 0, i = y * rw + x;

			for (int yy = 0; yy < f; yy++)
				for (int xx = 0; xx < f; xx++)
					sum += g->px[(size_t)(y * f + yy) * (size_t)g->w +
						     (size_t)(x * f + xx)];
			lab[i] = sum < 128 * f * f ? i : -1;
			if (lab[i] < 0)
				continue;
			if (x > 0 && lab[i - 1] >= 0)
				lab[i] = uf_find(lab, i - 1);
			if (y > 0 && lab[i - rw] >= 0) {
				int a = uf_find(lab, i - rw), b = uf_find(lab, i);

				lab[a > b ? a : b] = a > b ? b : a;
				lab[i] = a > b ? b : a;
			}
		}
	for (int i = 0; i < n; i++) {
		struct comp *k;
		int x = i % rw, y = i / rw;

		if (lab[i] < 0)
			continue;
		k = &cs[uf_find(lab, i)];
		if (k->n++ == 0) {
			k->x0 = k->x1 = x;
			k->y0 = k->y1 = y;
		}
		k->x0 = x < k->x0 ? x : k->x0;
		k->x1 = x > k->x1 ? x : k->x1;
		k->y0 = y < k->y0 ? y : k->y0;
		k->y1 = y > k->y1 ? y : k->y1;
	}
	for (int i = 0; i < n; i++) {
		struct comp k = cs[i];
		int bw = k.x1 - k.x0 + 1, bh = k.y1 - k.y0 + 1;

		if (k.n == 0 || bw < rw / 100 || bw > rw / 16 || bh < rw / 100 || bh > rw / 16 ||
		    bw * 10 > bh * 14 || bh * 10 > bw * 14 || k.n * 10 < bw * bh * 7 || bw < 4)
			continue;
		k.x0 *= f, k.y0 *= f, k.x1 = (k.x1 + 1) * f, k.y1 = (k.y1 + 1) * f;
		cs[count++] = k;
	}
	free(lab);
	*out = cs;
	return count;
}

/* The centre of a mark from the full image: the dark pixels of its box, weighted. */
static struct pt mark_centre(const struct gray *g, const struct comp *k)
{
	int m = (k->x1 - k->x0) / 4 + 1;
	double sx = 0, sy = 0, sw = 0;

	for (int y = k->y0 - m; y < k->y1 + m; y++)
		for (int x = k->x0 - m; x < k->x1 + m; x++) {
			int v;

			if (x < 0 || y < 0 || x >= g->w || y >= g->h)
				continue;
			v = 200 - g->px[(size_t)y * (size_t)g->w + (size_t)x];
			if (v > 0) {
				sx += v * (x + 0.5);
				sy += v * (y + 0.5);
				sw += v;
			}
		}
	return sw > 0 ? (struct pt){sx / sw, sy / sw} : (struct pt){0, 0};
}

static double dist(struct pt a, struct pt b)
{
	return hypot(a.x - b.x, a.y - b.y);
}

static struct pt centre_of(const struct comp *k)
{
	return (struct pt){(k->x0 + k->x1) / 2.0, (k->y0 + k->y1) / 2.0};
}

/*
 * Whether four candidates, as top left, top right, bottom left, bottom right of the image,
 * form the printed rectangle: opposite sides equal, square corners, marks of the size the
 * width gives; its area when they do, else 0.
 */
static double quad_score(const struct comp *const q[4], double mark_ratio)
{
	struct pt c[4];
	double top, bot, left, right, cosang, side;

	for (int i = 0; i < 4; i++)
		c[i] = centre_of(q[i]);
	/* the image's top left corner is a sheet's, whichever way up: a sheet is never on its side
	 */
	if (c[1].x - c[0].x <= 5 * fabs(c[1].y - c[0].y) ||
	    c[2].y - c[0].y <= 5 * fabs(c[2].x - c[0].x))
		return 0;
	top = dist(c[0], c[1]), bot = dist(c[2], c[3]);
	left = dist(c[0], c[2]), right = dist(c[1], c[3]);
	if (top < 1 || left < 1 || fabs(top - bot) > 0.03 * top || fabs(left - right) > 0.03 * left)
		return 0;
	cosang = ((c[1].x - c[0].x) * (c[2].x - c[0].x) + (c[1].y - c[0].y) * (c[2].y - c[0].y)) /
		 (top * left);
	if (fabs(cosang) > 0.06 ||
	    (c[1].x - c[0].x) * (c[2].y - c[0].y) - (c[1].y - c[0].y) * (c[2].x - c[0].x) <= 0)
		return 0;
	side = mark_ratio * top;
	for (int i = 0; i < 4; i++) {
		double s = sqrt((double)(q[i]->x1 - q[i]->x0) * (q[i]->y1 - q[i]->y0));

		if (s < 0.7 * side || s > 1.35 * side)
			return 0;
	}
	return top * left;
}

#define PER_CORNER 6

/* The candidates most towards corner k (0 top left .. 3 bottom right), best first. */
static size_t corner_best(const struct comp *cs, size_t n, int k, const struct comp **best)
{
	const int sx = k & 1 ? 1 : -1, sy = k & 2 ? 1 : -1;
	double score[PER_CORNER];
	size_t m = 0;

	for (size_t i = 0; i < n; i++) {
		struct pt c = centre_of(&cs[i]);
		double s = sx * c.x + sy * c.y;
		size_t j = m < PER_CORNER ? m++ : PER_CORNER;

		while (j > 0 && score[j - 1] < s) {
			if (j < PER_CORNER) {
				score[j] = score[j - 1];
				best[j] = best[j - 1];
			}
			j--;
		}
		if (j < PER_CORNER) {
			score[j] = s;
			best[j] = &cs[i];
		}
	}
	return m;
}

/* The marks' centres as top left, top right, bottom left, bottom right of the image. */
static int find_marks(const struct gray *g, double mark_ratio, struct pt out[4], double *aspect)
{
	const struct comp *best[4][PER_CORNER], *q[4], *pick[4] = {NULL};
	int f = g->w / 500 > 1 ? g->w / 500 : 1;
	struct comp *cs;
	size_t n = mark_candidates(g, f, &cs), m[4];
	double top = 0;

	for (int k = 0; k < 4; k++)
		m[k] = corner_best(cs, n, k, best[k]);
	for (size_t a = 0; a < m[0]; a++)
		for (size_t b = 0; b < m[1]; b++)
			for (size_t c = 0; c < m[2]; c++)
				for (size_t d = 0; d < m[3]; d++) {
					double s;

					q[0] = best[0][a], q[1] = best[1][b];
					q[2] = best[2][c], q[3] = best[3][d];
					if (q[0] == q[3] || q[1] == q[2] ||
					    (s = quad_score(q, mark_ratio)) <= top)
						continue;
					top = s;
					memcpy(pick, q, sizeof q);
				}
	if (pick[0] != NULL)
		for (int k = 0; k < 4; k++)
			out[k] = mark_centre(g, pick[k]);
	free(cs);
	if (pick[0] == NULL)
		return -1;
	*aspect = (dist(out[0], out[2]) + dist(out[1], out[3])) /
		  (dist(out[0], out[1]) + dist(out[2], out[3]));
	return 0;
}

/* ---- the transform ---- */

/* h maps (x, y) to ((h0 x + h1 y + h2) / (h6 x + h7 y + 1), (h3 x + h4 y + h5) / (...)). */
static int homography(const struct pt from[4], const struct pt to[4], double h[8])
{
	double a[8][9];

	for (int i = 0; i < 4; i++) {
		double x = from[i].x, y = from[i].y, X = to[i].x, Y = to[i].y;
		double r0[9] = {x, y, 1, 0, 0, 0, -X * x, -X * y, X};
		double r1[9] = {0, 0, 0, x, y, 1, -Y * x, -Y * y, Y};

		memcpy(a[2 * i], r0, sizeof r0);
		memcpy(a[2 * i + 1], r1, sizeof r1);
	}
	for (int c = 0; c < 8; c++) {
		int p = c;

		for (int r = c + 1; r < 8; r++)
			if (fabs(a[r][c]) > fabs(a[p][c]))
				p = r;
		if (fabs(a[p][c]) < 1e-12)
			return -1;
		for (int k = 0; k < 9; k++) {
			double t = a[c][k];

			a[c][k] = a[p][k];
			a[p][k] = t;
		}
		for (int r = 0; r < 8; r++) {
			double m = a[r][c] / a[c][c];

			if (r == c)
				continue;
			for (int k = c; k < 9; k++)
				a[r][k] -= m * a[c][k];
		}
	}
	for (int i = 0; i < 8; i++)
		h[i] = a[i][8] / a[i][i];
	return 0;
}

static double sample(const struct gray *g, double x, double y)
{
	int x0 = (int)floor(x - 0.5), y0 = (int)floor(y - 0.5);
	double fx = x - 0.5 - x0, fy = y - 0.5 - y0, v[4];

	if (x0 >= 0 && y0 >= 0 && x0 + 1 < g->w && y0 + 1 < g->h) { /* the usual case, quickly */
		const unsigned char *p = g->px + (size_t)y0 * (size_t)g->w + (size_t)x0;

		return (p[0] * (1 - fx) + p[1] * fx) * (1 - fy) +
		       (p[g->w] * (1 - fx) + p[g->w + 1] * fx) * fy;
	}
	for (int k = 0; k < 4; k++) {
		int xx = x0 + (k & 1), yy = y0 + (k >> 1);

		v[k] = xx < 0 || yy < 0 || xx >= g->w || yy >= g->h
			   ? 255
			   : g->px[(size_t)yy * (size_t)g->w + (size_t)xx];
	}
	return (v[0] * (1 - fx) + v[1] * fx) * (1 - fy) + (v[2] * (1 - fx) + v[3] * fx) * fy;
}

/*
 * The image resampled onto a grid of the printed page: w by h pixels of size 1/scale points,
 * the first at (x0, y0) points.
 */
static void warp(const struct gray *g, const double h[8], double x0, double y0, double scale, int w,
		 int hgt, unsigned char *out)
{
	for (int v = 0; v < hgt; v++) {
		double y = y0 + (v + 0.5) / scale, x = x0 + 0.5 / scale;
		double nx = h[0] * x + h[1] * y + h[2], ny = h[3] * x + h[4] * y + h[5];
		double d = h[6] * x + h[7] * y + 1;

		for (int u = 0; u < w; u++) { /* the numerators and denominator step evenly */
			out[(size_t)v * (size_t)w + (size_t)u] =
			    (unsigned char)(sample(g, nx / d, ny / d) + 0.5);
			nx += h[0] / scale, ny += h[3] / scale, d += h[6] / scale;
		}
	}
}

/* ---- the QR code ---- */

static struct pt rect_centre(struct tn_rect r)
{
	return (struct pt){r.x + r.w / 2, r.y + r.h / 2};
}

/* The form's mark centres, ordered as the image's corners are when the sheet is turned. */
static void form_marks(const struct tn_form_page *fp, bool turned, struct pt out[4])
{
	for (int k = 0; k < 4; k++)
		out[k] = rect_centre(fp->marks[turned ? 3 - k : k]);
}

static int zbar_text(struct worker *w, unsigned char *px, int side, char *out, size_t size)
{
	zbar_image_t *img = zbar_image_create();
	const zbar_symbol_t *sym;
	int rc = -1;

	zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(img, (unsigned)side, (unsigned)side);
	zbar_image_set_data(img, px, (unsigned long)side * (unsigned long)side, NULL);
	if (zbar_scan_image(w->zbar, img) > 0)
		for (sym = zbar_image_first_symbol(img); sym; sym = zbar_symbol_next(sym))
			if (zbar_symbol_get_type(sym) == ZBAR_QRCODE) {
				snprintf(out, size, "%s", zbar_symbol_get_data(sym));
				rc = 0;
				break;
			}
	zbar_image_destroy(img);
	return rc;
}

/*
 * Reads the QR code where the form has it, upright; its text in out, or -1. A blurred code
 * is read again in black and white, cut halfway between its darkest and lightest.
 */
static int read_qr(struct worker *w, const struct gray *g, const struct tn_form_page *fp,
		   const double h[8], char *out, size_t size)
{
	const double quiet = fp->qr.w * 4 / 25, module = 0.6 * 72 / 25.4;
	int rc = -1;

	for (int pass = 0; pass < 3 && rc < 0; pass++) {
		double scale = (pass == 2 ? 4.0 : 8.0) / module;
		int side = (int)((fp->qr.w + 2 * quiet) * scale), lo = 255, hi = 0;
		size_t n = (size_t)side * (size_t)side;
		unsigned char *px = xmalloc(n);

		warp(g, h, fp->qr.x - quiet, fp->qr.y - quiet, scale, side, side, px);
		for (size_t i = 0; pass > 0 && i < n; i++)
			lo = px[i] < lo ? px[i] : lo, hi = px[i] > hi ? px[i] : hi;
		for (size_t i = 0; pass > 0 && i < n; i++)
			px[i] = px[i] * 2 < lo + hi ? 0 : 255;
		rc = zbar_text(w, px, side, out, size);
		free(px);
	}
	return rc;
}

/* ---- reading the rows ---- */

/* The sheet upright at DPI, and the ink on it: what it has darker than the blank. */
struct sheet {
	const struct blank *b;
	unsigned char *scan; /* gray, b->w by b->h */
	unsigned char *ink;  /* 0 none .. 255 */
	unsigned *sum;	     /* ink pixels above and left of each: (w + 1) by (h + 1) */
	bool pictures;	     /* crops of what a person must see */
};

struct ibox {
	int x0, y0, x1, y1; /* pixels of the sheet, x1 and y1 excluded */
};

static struct ibox to_px(const struct sheet *s, struct tn_rect r, double grow)
{
	struct ibox b = {(int)lround(r.x * KP - grow) - s->b->x0,
			 (int)lround(r.y * KP - grow) - s->b->y0,
			 (int)lround((r.x + r.w) * KP + grow) - s->b->x0,
			 (int)lround((r.y + r.h) * KP + grow) - s->b->y0};

	b.x0 = b.x0 < 0 ? 0 : b.x0;
	b.y0 = b.y0 < 0 ? 0 : b.y0;
	b.x1 = b.x1 > s->b->w ? s->b->w : b.x1;
	b.y1 = b.y1 > s->b->h ? s->b->h : b.y1;
	return b;
}

static bool inside(const struct ibox *b, int x, int y)
{
	return x >= b->x0 && x < b->x1 && y >= b->y0 && y < b->y1;
}

enum box_state { B_EMPTY, B_MARK, B_HEAVY, B_FAINT, B_SMALL, B_BORDER };

static enum box_state measure_box(const struct sheet *s, struct tn_rect r, float *share)
{
	struct ibox in = to_px(s, r, -2), ring = to_px(s, r, RING_OUT), near = to_px(s, r, RING_IN);
	struct ibox core = to_px(s, r, -4); /* clear of a blurred border's shadow */
	int n = 0, weak = 0, ringn = 0, x0 = in.x1, x1 = -1, y0 = in.y1, y1 = -1;
	double mass = 0, area = (double)(in.x1 - in.x0) * (in.y1 - in.y0), c;
	double tone[2] = {0, 0}, count[2] = {0, 0}, sq = 0, noise; /* darkness inside and around */

	for (int y = ring.y0; y < ring.y1; y++)
		for (int x = ring.x0; x < ring.x1; x++) {
			size_t i = (size_t)y * (size_t)s->b->w + (size_t)x;
			int v = s->ink[i], k = inside(&in, x, y);

			if (s->b->near[i] == 0 &&
			    (k ? inside(&core, x, y) : !inside(&near, x, y))) {
				tone[k] += 255 - s->scan[i];
				count[k]++;
				sq += k ? 0 : (255.0 - s->scan[i]) * (255.0 - s->scan[i]);
			}
			if (k) {
				mass += v > MASS_FLOOR ? v - MASS_FLOOR : 0;
				weak += v > WEAK;
				if (v > INK) {
					n++;
					x0 = x < x0 ? x : x0, x1 = x > x1 ? x : x1;
					y0 = y < y0 ? y : y0, y1 = y > y1 ? y : y1;
				}
			} else if (!inside(&near, x, y) && v > INK) {
				ringn++;
			}
		}
	c = area > 0 ? n / area : 0;
	*share = (float)c;
	tone[0] = count[0] > 0 ? tone[0] / count[0] : 0;
	tone[1] = count[1] > 0 ? tone[1] / count[1] : 255;
	/* how far the inside's mean may stray from the paper's by the scanner's noise alone */
	noise = count[0] > 0 && count[1] > 0
		    ? sqrt(fmax(sq / count[0] - tone[0] * tone[0], 0) / count[1])
		    : 0;
	if (ringn >= RING_INK)
		return B_BORDER;
	if (n <= EMPTY_PX && weak <= EMPTY_PX && mass / (area * 255) < EMPTY_MASS &&
	    tone[1] - tone[0] < EMPTY_TONE + 4 * noise)
		return B_EMPTY;
	if (c < MARK_SHARE)
		return B_FAINT;
	if (x1 - x0 + 1 < MARK_SPAN * (in.x1 - in.x0) || y1 - y0 + 1 < MARK_SPAN * (in.y1 - in.y0))
		return B_SMALL;
	return c >= HEAVY ? B_HEAVY : B_MARK;
}

static unsigned ink_count(const struct sheet *s, int x, int y)
{
	return s->sum[(size_t)y * (size_t)(s->b->w + 1) + (size_t)x];
}

/* Whether there is writing in the area, outside the boxes' surroundings. */
static bool writing(const struct sheet *s, struct ibox a, const struct ibox *skip, int nskip)
{
	for (int cy = a.y0; cy + CELL <= a.y1; cy += CELL / 2)
		for (int cx = a.x0; cx + CELL <= a.x1; cx += CELL / 2) {
			int n = 0;
			bool skipped = false;

			for (int k = 0; k < nskip && !skipped; k++)
				skipped = cx + CELL > skip[k].x0 && cx < skip[k].x1 &&
					  cy + CELL > skip[k].y0 && cy < skip[k].y1;
			if (skipped)
				continue;
			n = (int)(ink_count(s, cx + CELL, cy + CELL) - ink_count(s, cx, cy + CELL) -
				  ink_count(s, cx + CELL, cy) + ink_count(s, cx, cy));
			if (n >= CELL_INK)
				return true;
		}
	return false;
}

static char read_row(const struct sheet *s, const struct tn_form_page *fp, size_t r,
		     enum tn_doubt *why, float ink[3])
{
	struct ibox skip[3], band = to_px(s, fp->rows[r], 0);
	enum box_state st[3];
	int marked = 0, heavy = 0, which = 0;

	band.x0 = 0, band.x1 = s->b->w; /* the margins beside the row too */
	*why = TN_DOUBT_NONE;
	for (int k = 0; k < 3; k++) {
		skip[k] = to_px(s, fp->boxes[r][k], RING_OUT);
		st[k] = measure_box(s, fp->boxes[r][k], &ink[k]);
		if (st[k] == B_BORDER || st[k] == B_FAINT || st[k] == B_SMALL)
			*why = st[k] == B_BORDER  ? TN_DOUBT_BORDER
			       : st[k] == B_FAINT ? TN_DOUBT_FAINT
						  : TN_DOUBT_SMALL;
		if (st[k] == B_MARK || st[k] == B_HEAVY)
			marked++, which = k + 1;
		heavy += st[k] == B_HEAVY;
	}
	if (*why == TN_DOUBT_NONE && writing(s, band, skip, 3))
		*why = TN_DOUBT_ROW;
	if (*why == TN_DOUBT_NONE && marked > 1 && heavy > 0)
		*why = TN_DOUBT_HEAVY; /* struck through, then another box? a person decides */
	if (*why != TN_DOUBT_NONE)
		return TN_SCAN_DOUBT;
	return marked == 1 ? (char)('0' + which) : '0';
}

/* What a person looks at: the area of the upright sheet, as a PNG. */
static void crop_png(const struct sheet *s, struct ibox a, struct tn_scan_crop *out)
{
	PIX *pix = pixCreate(a.x1 - a.x0, a.y1 - a.y0, 8);
	l_uint32 *data = pixGetData(pix);
	int wpl = pixGetWpl(pix);

	for (int y = a.y0; y < a.y1; y++)
		for (int x = a.x0; x < a.x1; x++)
			SET_DATA_BYTE(data + (size_t)(y - a.y0) * (size_t)wpl, x - a.x0,
				      s->scan[(size_t)y * (size_t)s->b->w + (size_t)x]);
	pixSetResolution(pix, (int)DPI, (int)DPI);
	if (pixWriteMemPng(&out->png, &out->len, pix, 0) != 0)
		out->png = NULL, out->len = 0;
	pixDestroy(&pix);
}

static void read_rows(const struct sheet *s, const struct tn_form_page *fp,
		      struct tn_scan_sheet *out)
{
	size_t n = fp->nrows;
	struct ibox head = {0, 0, s->b->w, n ? to_px(s, fp->rows[0], 0).y0 : s->b->h};
	struct ibox skip[2] = {to_px(s, fp->marks[0], 3 * MMPX), to_px(s, fp->marks[1], 3 * MMPX)};

	out->first_row = fp->first_row;
	out->reading = xcalloc(n + 1, 1);
	out->why = xcalloc(n + 1, sizeof *out->why);
	out->ink = xcalloc(n + 1, sizeof *out->ink);
	out->crop = xcalloc(n + 1, sizeof *out->crop);
	for (size_t r = 0; r < n; r++) {
		out->reading[r] = read_row(s, fp, r, &out->why[r], out->ink[r]);
		if (out->why[r] != TN_DOUBT_NONE && s->pictures) {
			struct ibox a = to_px(s, fp->rows[r], 2 * MMPX);

			a.x0 = 0, a.x1 = s->b->w;
			crop_png(s, a, &out->crop[r]);
		}
	}
	out->sheet_why = writing(s, head, skip, 2) ? TN_DOUBT_SHEET : TN_DOUBT_NONE;
	if (out->sheet_why != TN_DOUBT_NONE && s->pictures)
		crop_png(s, (struct ibox){0, 0, s->b->w, s->b->h}, &out->crop[n]);
}

/* ---- a sheet ---- */

/*
 * The scan upright on the blank's grid, the ink on it, and whether the blank's own print is
 * found in it where it should be (else the marks were found wrongly or it is another form).
 */
static bool register_sheet(const struct gray *g, const struct blank *b, const double h[8],
			   struct sheet *s)
{
	size_t n = (size_t)b->w * (size_t)b->h, printed = 0, found = 0;

	s->b = b;
	s->scan = xmalloc(n);
	s->ink = xmalloc(n);
	warp(g, h, b->x0 / KP, b->y0 / KP, KP, b->w, b->h, s->scan);
	for (size_t i = 0; i < n; i++) {
		int d = 255 - s->scan[i] - b->near[i];

		s->ink[i] = (unsigned char)(d > 0 ? d : 0);
	}
	s->sum = xcalloc((size_t)(b->w + 1) * (size_t)(b->h + 1), sizeof *s->sum);
	for (int y = 0; y < b->h; y++) {
		unsigned run = 0, *row = s->sum + (size_t)(y + 1) * (size_t)(b->w + 1);

		for (int x = 0; x < b->w; x++) {
			run += s->ink[(size_t)y * (size_t)b->w + (size_t)x] > INK;
			row[x + 1] = row[x + 1 - (b->w + 1)] + run;
		}
	}
	for (int y = 1; y + 1 < b->h; y++)
		for (int x = 1; x + 1 < b->w; x++) {
			size_t i = (size_t)y * (size_t)b->w + (size_t)x;
			int dark = 255;

			if (b->print[i] < 160)
				continue;
			printed++;
			for (int k = 0; k < 9; k++) {
				int v = s->scan[i + (size_t)((k / 3 - 1) * b->w + k % 3 - 1)];

				dark = v < dark ? v : dark;
			}
			found += dark < 175;
		}
	return printed > 0 && found >= MATCH * (double)printed;
}

static char *where(const struct ctx *c, const struct job *j)
{
	const char *path = c->in->files[j->file];
	size_t n = strlen(path) + 64;
	char *s = xmalloc(n);

	if (c->kinds[j->file] == IMAGE)
		snprintf(s, n, "%s", path);
	else
		snprintf(s, n, _("%s, page %d"), path, j->page + 1);
	return s;
}

/* The page and the way up whose QR code reads, and its transform. */
static int identify(struct worker *w, const struct gray *g, const struct pt img[4], double aspect,
		    int *page, bool *turned, double h[8], struct tn_err *e)
{
	const struct ctx *c = w->c;
	char text[256];
	bool any = false;

	for (int p = 0; p < c->form.pages; p++) {
		if (fabs(c->blank[p].aspect - aspect) > 0.03 * c->blank[p].aspect)
			continue;
		any = true;
		for (int t = 0; t < 2; t++) {
			struct pt from[4];

			form_marks(&c->form.page[p], t, from);
			if (homography(from, img, h) < 0 ||
			    read_qr(w, g, &c->form.page[p], h, text, sizeof text) < 0)
				continue;
			if (form_qr_parse(text, c->in->ballot->hash, c->form.pages, page, e) < 0)
				return e->code;
			if (*page != p + 1)
				continue; /* the marks of another page: its own ones are tried */
			*turned = t;
			return 0;
		}
	}
	if (!any) { /* another vote's form, perhaps: its QR code says */
		struct tn_form_page other = c->form.page[0];
		double dy = aspect * (other.marks[1].x - other.marks[0].x);

		other.marks[2].y = other.marks[3].y = other.marks[0].y + dy;
		for (int t = 0; t < 2; t++) {
			struct pt from[4];

			form_marks(&other, t, from);
			if (homography(from, img, h) == 0 &&
			    read_qr(w, g, &other, h, text, sizeof text) == 0 &&
			    form_qr_parse(text, c->in->ballot->hash, c->form.pages, page, e) < 0)
				return e->code;
		}
		return tn_fail(e, TN_EDATA,
			       _("its registration marks are not placed as on this vote's ballot"));
	}
	return tn_fail(e, TN_EDATA, _("no QR code where the ballot has one"));
}

static int read_sheet(struct worker *w, const struct job *j, struct tn_scan_sheet *out,
		      struct tn_err *e)
{
	struct ctx *c = w->c;
	struct gray g = {0};
	struct pt img[4];
	struct sheet s = {0};
	double aspect, h[8];
	const struct tn_form_page *fp0 = &c->form.page[0];
	int rc;

	rc = c->kinds[j->file] == PDF ? load_pdf(w, j->file, j->page, &g, e)
				      : load_image(c, j->file, j->page, &g, e);
	if (rc < 0)
		return rc;
	if (find_marks(&g, fp0->marks[0].w / (fp0->marks[1].x - fp0->marks[0].x), img, &aspect) <
	    0) {
		gray_free(&g);
		return tn_fail(e, TN_EDATA, _("no registration marks found"));
	}
	if ((rc = identify(w, &g, img, aspect, &out->page, &out->turned, h, e)) < 0) {
		gray_free(&g);
		return rc;
	}
	s.pictures = c->in->pictures;
	if (!register_sheet(&g, &c->blank[out->page - 1], h, &s))
		rc = tn_fail(e, TN_EDATA,
			     _("the sheet does not match the printed form where its marks put it"));
	else
		read_rows(&s, &c->form.page[out->page - 1], out);
	free(s.scan);
	free(s.ink);
	free(s.sum);
	gray_free(&g);
	return rc;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct ctx *c = w->c;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&c->lock);
		i = c->next++;
		pthread_mutex_unlock(&c->lock);
		if (i >= c->njobs)
			break;
		c->out[i].where = where(c, &c->jobs[i]);
		c->rcs[i] = read_sheet(w, &c->jobs[i], &c->out[i], &c->errs[i]);
		pthread_mutex_lock(&c->lock);
		progress_report(c->in->progress, ++c->done, c->njobs);
		pthread_mutex_unlock(&c->lock);
	}
	return NULL;
}

/* ---- the stack ---- */

/* The blank page, cut to its marks' frame, its darkness and the darkness dilated. */
static int make_blank(struct ctx *c, int page, struct blank *b, struct tn_err *e)
{
	const struct tn_form_page *fp = &c->form.page[page];
	struct tn_form tmp = {0};
	unsigned char *px, *row;
	int W, H;

	if (tinnhiem_ballot_form(c->in->ballot, &tmp, page + 1, DPI, &px, &W, &H, e) < 0)
		return e->code;
	form_free(&tmp);
	b->x0 = (int)floor(fp->marks[0].x * KP) - 2;
	b->y0 = (int)floor(fp->marks[0].y * KP) - 2;
	b->w = (int)ceil((fp->marks[1].x + fp->marks[1].w) * KP) + 2 - b->x0;
	b->h = (int)ceil((fp->marks[2].y + fp->marks[2].h) * KP) + 2 - b->y0;
	b->aspect = (fp->marks[2].y - fp->marks[0].y) / (fp->marks[1].x - fp->marks[0].x);
	b->print = xmalloc((size_t)b->w * (size_t)b->h);
	b->near = xmalloc((size_t)b->w * (size_t)b->h);
	row = xmalloc((size_t)b->w * (size_t)b->h);
	for (int y = 0; y < b->h; y++)
		for (int x = 0; x < b->w; x++) {
			int X = x + b->x0, Y = y + b->y0;

			b->print[(size_t)y * (size_t)b->w + (size_t)x] =
			    X < 0 || Y < 0 || X >= W || Y >= H
				? 0
				: (unsigned char)(255 - px[(size_t)Y * (size_t)W + (size_t)X]);
		}
	free(px);
	for (int y = 0; y < b->h; y++) /* 5 x 5 maximum: across, then down */
		for (int x = 0; x < b->w; x++) {
			int m = 0;

			for (int k = x - 2; k <= x + 2; k++)
				if (k >= 0 && k < b->w &&
				    b->print[(size_t)y * (size_t)b->w + (size_t)k] > m)
					m = b->print[(size_t)y * (size_t)b->w + (size_t)k];
			row[(size_t)y * (size_t)b->w + (size_t)x] = (unsigned char)m;
		}
	for (int y = 0; y < b->h; y++)
		for (int x = 0; x < b->w; x++) {
			int m = 0;

			for (int k = y - 2; k <= y + 2; k++)
				if (k >= 0 && k < b->h &&
				    row[(size_t)k * (size_t)b->w + (size_t)x] > m)
					m = row[(size_t)k * (size_t)b->w + (size_t)x];
			b->near[(size_t)y * (size_t)b->w + (size_t)x] = (unsigned char)m;
		}
	free(row);
	return 0;
}

/* What each file is, and how many sheets it holds. */
static int count_sheets(struct ctx *c, size_t f, int *n, struct tn_err *e)
{
	const char *path = c->in->files[f];
	FILE *fp = open_input(path, "rb", e);
	char magic[5] = {0};
	l_int32 format = IFF_UNKNOWN, pages = 1;

	if (fp == NULL)
		return e->code;
	if (fread(magic, 1, 4, fp) == 4 && memcmp(magic, "%PDF", 4) == 0) {
		GError *err = NULL;
		char *abs = realpath(path, NULL),
		     *uri = abs ? g_filename_to_uri(abs, NULL, NULL) : NULL;
		PopplerDocument *d = uri ? poppler_document_new_from_file(uri, NULL, &err) : NULL;

		fclose(fp);
		free(abs);
		g_free(uri);
		if (d == NULL) {
			tn_fail(e, TN_EDATA, _("%s: cannot read the PDF: %s"), path,
				err ? err->message : "?");
			if (err)
				g_error_free(err);
			return e->code;
		}
		c->kinds[f] = PDF;
		*n = poppler_document_get_n_pages(d);
		g_object_unref(d);
		return 0;
	}
	rewind(fp);
	findFileFormatStream(fp, &format);
	if (L_FORMAT_IS_TIFF(format)) {
		rewind(fp);
		if (tiffGetCount(fp, &pages) != 0)
			pages = 0;
		c->kinds[f] = TIFF;
	} else {
		c->kinds[f] = IMAGE;
	}
	fclose(fp);
	if (format != IFF_PNG && format != IFF_JFIF_JPEG && !L_FORMAT_IS_TIFF(format))
		return tn_fail(e, TN_EDATA, _("%s: not a PDF, PNG, JPEG or TIFF file"), path);
	*n = pages;
	return 0;
}

static int plan(struct ctx *c, struct tn_err *e)
{
	for (size_t f = 0; f < c->in->nfiles; f++) {
		int n = 0, rc;

		if ((rc = count_sheets(c, f, &n, e)) < 0)
			return rc;
		if (n == 0)
			return tn_fail(e, TN_EDATA, _("%s: no pages"), c->in->files[f]);
		c->jobs = xrealloc(c->jobs, (c->njobs + (size_t)n) * sizeof *c->jobs);
		for (int p = 0; p < n; p++)
			c->jobs[c->njobs++] = (struct job){f, p};
	}
	return 0;
}

static void run_workers(struct ctx *c)
{
	int n = c->in->threads < 1 ? 1 : c->in->threads > 16 ? 16 : c->in->threads;
	pthread_t th[16];
	bool started[16] = {false};
	struct worker w[16];

	for (int i = 0; i < n; i++) {
		w[i].c = c;
		w[i].docs = xcalloc(c->in->nfiles, sizeof *w[i].docs);
		w[i].zbar = zbar_image_scanner_create();
		zbar_image_scanner_set_config(w[i].zbar, 0, ZBAR_CFG_ENABLE, 0);
		zbar_image_scanner_set_config(w[i].zbar, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
	}
	for (int i = 1; i < n; i++) /* a thread that cannot start leaves its share to others */
		started[i] = pthread_create(&th[i], NULL, work, &w[i]) == 0;
	work(&w[0]);
	for (int i = 0; i < n; i++) {
		if (started[i])
			pthread_join(th[i], NULL);
		for (size_t f = 0; f < c->in->nfiles; f++)
			if (w[i].docs[f])
				g_object_unref(w[i].docs[f]);
		free(w[i].docs);
		zbar_image_scanner_destroy(w[i].zbar);
	}
}

static void ctx_free(struct ctx *c)
{
	for (int p = 0; c->blank && p < c->form.pages; p++) {
		free(c->blank[p].print);
		free(c->blank[p].near);
	}
	free(c->blank);
	form_free(&c->form);
	free(c->kinds);
	free(c->jobs);
	free(c->errs);
	free(c->rcs);
}

/* The first sheet in the stack's order that could not be read, if any. */
static int first_refusal(struct ctx *c, struct tn_err *e)
{
	for (size_t i = 0; i < c->njobs; i++)
		if (c->rcs[i] < 0) {
			*e = c->errs[i];
			return tn_prefix(e, "%s", c->out[i].where);
		}
	return 0;
}

/* The module's entry point, found by scan_read (src/module.c) with dlsym. */
__attribute__((visibility("default"))) int tinnhiem_scan_read(const struct tn_scan_input *in,
							      struct tn_scan *out, struct tn_err *e)
{
	struct ctx c = {.in = in};
	int rc;

	memset(out, 0, sizeof *out);
	setMsgSeverity(L_SEVERITY_NONE);
	/* a sheet's images from the heap again and again, not mapped afresh each time */
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
	c.kinds = xcalloc(in->nfiles, sizeof *c.kinds);
	if ((rc = tinnhiem_ballot_form(in->ballot, &c.form, 0, 0, NULL, NULL, NULL, e)) < 0)
		goto done;
	c.blank = xcalloc((size_t)c.form.pages, sizeof *c.blank);
	for (int p = 0; p < c.form.pages; p++)
		if ((rc = make_blank(&c, p, &c.blank[p], e)) < 0)
			goto done;
	if ((rc = plan(&c, e)) < 0)
		goto done;
	c.out = xcalloc(c.njobs, sizeof *c.out);
	c.errs = xcalloc(c.njobs, sizeof *c.errs);
	c.rcs = xcalloc(c.njobs, sizeof *c.rcs);
	pthread_mutex_init(&c.lock, NULL);
	run_workers(&c);
	pthread_mutex_destroy(&c.lock);
	out->sheets = c.out;
	out->nsheets = c.njobs;
	if ((rc = first_refusal(&c, e)) < 0)
		scan_free(out);
done:
	ctx_free(&c);
	return rc;
}
