/*
 * Reading scanned paper ballots: each sheet registered by its four marks, its QR code read,
 * each row's boxes measured against the blank form. A row is read with certainty or marked
 * doubtful for a person; nothing here records anything. Done by a module loaded on first use
 * (src/module.c), since poppler, leptonica and zbar would slow every other command's start.
 */
#ifndef TINNHIEM_SCAN_H
#define TINNHIEM_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "tinnhiem/err.h"
#include "tinnhiem/util.h"

struct tn_doc;

#define TN_SCAN_DOUBT '?'

/* Why a row or a sheet goes to a person: untranslated, for _() in the command layer. */
enum tn_doubt {
	TN_DOUBT_NONE,
	TN_DOUBT_FAINT,	 /* ink between the thresholds */
	TN_DOUBT_BORDER, /* ink across a box's border */
	TN_DOUBT_SMALL,	 /* a dot, not a mark across the box */
	TN_DOUBT_HEAVY,	 /* a box filled or struck through, and another box marked */
	TN_DOUBT_ROW,	 /* writing in the row outside the boxes */
	TN_DOUBT_SHEET,	 /* writing above the rows */
};

struct tn_scan_crop {
	unsigned char *png; /* the part of the sheet to look at, upright */
	size_t len;
};

struct tn_scan_sheet {
	char *where;	    /* "stack.pdf, page 3", "sheet.png" */
	int page;	    /* the page of the ballot form it is */
	bool turned;	    /* it was upside down */
	size_t first_row;   /* its rows: members first_row to first_row + strlen(reading) - 1 */
	char *reading;	    /* '0' to '3' or TN_SCAN_DOUBT per row */
	enum tn_doubt *why; /* per row */
	enum tn_doubt sheet_why;
	struct tn_scan_crop *crop; /* per row, for doubtful rows; [nrows] the sheet's */
	float (*ink)[3];	   /* per row, the share of each box's inside that is inked */
};

struct tn_scan {
	struct tn_scan_sheet *sheets;
	size_t nsheets;
};

struct tn_scan_input {
	const struct tn_doc *ballot; /* the vote's blank ballot (document_ballot) */
	char *const *files;
	size_t nfiles;
	int threads;
	bool pictures; /* make the crops */
	const struct tn_progress *progress;
};

/*
 * Reads every sheet of every file in order (PDF pages; PNG, JPEG, TIFF images, TIFF pages).
 * Refused (TN_EDATA, naming the file and page): a sheet whose marks cannot be found, whose
 * QR code is missing or names another vote or form version, or that does not match the
 * printed form. TN_ENOINPUT for a missing file, TN_EDATA for one that is no image.
 */
int scan_read(const struct tn_scan_input *in, struct tn_scan *out, struct tn_err *e);
void scan_free(struct tn_scan *s);

/* The module's entry point, found by scan_read with dlsym. */
int tinnhiem_scan_read(const struct tn_scan_input *in, struct tn_scan *out, struct tn_err *e);

#endif
