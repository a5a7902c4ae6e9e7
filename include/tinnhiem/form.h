/*
 * The ballot form as a scanner sees it: what the QR code on every sheet says, and where the
 * registration marks, the QR code, the rows and their boxes are printed on each page.
 */
#ifndef TINNHIEM_FORM_H
#define TINNHIEM_FORM_H

#include <stddef.h>
#include <stdint.h>

#include "tinnhiem/err.h"

/*
 * The drawing of the form: raised whenever the ballot's layout changes, so that a sheet
 * printed by another version is refused rather than measured at the wrong places.
 */
#define TN_FORM_VERSION 1
#define TN_FORM_PREFIX	16 /* hex digits of the definition hash in the QR code */
#define TN_FORM_QR_MAX	64

/* "TN:1:8721F07C0F56E693:1": the form's version, the definition hash prefix, the page. */
void form_qr_text(const uint8_t hash[32], int page, char out[TN_FORM_QR_MAX]);

/*
 * Reads a QR code's text: TN_EDATA (with a message a sheet's name can prefix) when it is no
 * tinnhiem code, names another vote, another form version, or a page beyond pages.
 */
int form_qr_parse(const char *text, const uint8_t hash[32], int pages, int *page, struct tn_err *e);

struct tn_rect {
	double x, y, w, h; /* points, from the page's top left corner */
};

/* One page of one ballot, as the first ballot on a printed page is placed. */
struct tn_form_page {
	struct tn_rect marks[4]; /* solid squares: top left, top right, bottom left, bottom right */
	struct tn_rect qr;
	size_t first_row, nrows; /* the members whose rows are on this page */
	struct tn_rect *rows;	 /* nrows bands across the table */
	struct tn_rect (*boxes)[3];
};

struct tn_form {
	double width, height; /* the printed page */
	int pages;	      /* of one ballot */
	struct tn_form_page *page;
};

void form_free(struct tn_form *f);

#endif
