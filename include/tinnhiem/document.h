/*
 * Official documents as a model: built once from the vote, rendered as plain text or PDF.
 * The model holds final Vietnamese text; renderers only lay it out.
 */
#ifndef TINNHIEM_DOCUMENT_H
#define TINNHIEM_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tinnhiem/definition.h"
#include "tinnhiem/err.h"
#include "tinnhiem/replay.h"
#include "tinnhiem/util.h"
#include "tinnhiem/vote.h"

/*
 * Text may hold no-break spaces (U+00A0) where a line must not break: inside a person's name,
 * inside "BAN KIỂM PHIẾU". Renderers print them as plain spaces.
 */
#define TN_NBSP "\u00a0"

enum {
	TN_S_NORMAL = 0,
	TN_S_BOLD = 1,
	TN_S_ITALIC = 2,
	TN_S_CENTER = 4,
	TN_S_INDENT = 8, /* first-line indent, as body paragraphs are set */
	TN_S_LINE = 16,	 /* one unbroken line (a hash): set smaller rather than broken */
	TN_S_KEEP = 32,	 /* on the same page as what follows it */
};

struct tn_para {
	char *text;
	int style;
};

/* What a column holds decides how it is sized and aligned. */
enum tn_col {
	TN_COL_ORDER,	/* TT */
	TN_COL_NAME,	/* a full name: never broken across lines */
	TN_COL_TEXT,	/* a position: wraps */
	TN_COL_COUNT,	/* a whole number, right-aligned */
	TN_COL_DECIMAL, /* "63,64", aligned on the decimal comma; "-" when there is none */
	TN_COL_BOX,	/* an empty box to tick (the ballot) */
};

/* A heading over span columns; label NULL: those columns' own headings take both rows. */
struct tn_group {
	char *label;
	size_t span;
};

struct tn_table {
	size_t ncols;
	char **head;		 /* ncols labels */
	enum tn_col *kind;	 /* ncols */
	struct tn_group *groups; /* an upper heading row, or NULL */
	size_t ngroups;
	char **cells; /* nrows * ncols */
	size_t nrows;
	char **flags; /* per row, the band in words or NULL; NULL when there are none */
};

enum tn_doc_kind { TN_DOC_MINUTES, TN_DOC_BALLOT, TN_DOC_SLIDES };

struct tn_doc {
	enum tn_doc_kind kind;
	char *parent_body, *issuing_body, *place_date;
	bool secret, draft;
	char *doc_type, *summary;
	struct tn_para *before;
	size_t nbefore;
	struct tn_table table;
	struct tn_para *after;
	size_t nafter;
	/* signature block; on_behalf NULL for the ballot form */
	char *on_behalf, *signer_role, *signer_name;
	char *others_title;
	char **others;
	size_t nothers;
	/* under each name, the key id it signed the seal with ("Mã khóa ký: ..."), or NULL */
	char *signer_key;
	char **others_key; /* nothers */
	uint8_t hash[32];  /* the ballot: the definition hash its QR code names (tinnhiem/form.h) */
};

/* The minutes (biên bản kiểm phiếu) of a vote, from its replay (vote_replay). */
void document_minutes(const struct tn_definition *d, const struct tn_replay *r, struct tn_doc *doc);
/* The results for the hall's projector: the facts, each member's counts, the bands. */
void document_slides(const struct tn_definition *d, const struct tn_replay *r, struct tn_doc *doc);
/*
 * The zero report, made before the first ballot for the board to sign: every member at zero
 * and the definition hash. Refused (TN_EDATA) once the vote holds a ballot.
 */
int document_zero(const struct tn_definition *d, const struct tn_replay *r, struct tn_doc *doc,
		  struct tn_err *e);

/*
 * The entry journal (nhật ký nhập phiếu): begin, then document_journal_record as the replay's
 * observer (replay_observe_fn, doc its argument), then end. Every record in chain order, the
 * chain head every 20 records and after the last, the definition and tally hashes; marked
 * draft until the vote is sealed. Nothing about voters, operators or times of entry.
 */
void document_journal_begin(const struct tn_definition *d, struct tn_doc *doc);
void document_journal_record(void *doc, const struct tn_replay *r, const struct tn_record *rec);
void document_journal_end(const struct tn_replay *r, struct tn_doc *doc);

/* The blank paper ballot of a definition. */
void document_ballot(const struct tn_definition *d, struct tn_doc *doc);
void document_free(struct tn_doc *doc);

/* "Thành phố Mẫu, ngày 28 tháng 6 năm 2023" */
char *document_place_date(const struct tn_definition *d);

/* Plain UTF-8 text, lines of at most 80 columns, the table included. */
void render_text(const struct tn_doc *doc, struct tn_buf *out);
/*
 * A4 PDF with Liberation Serif embedded (slides: 16:9 pages), written to out (name is for
 * messages); copies for ballots. Done by a module loaded on first use (src/module.c).
 */
int render_pdf(const struct tn_doc *doc, int copies, FILE *out, const char *name, struct tn_err *e);
/* The module's one exported function, which render_pdf finds with dlsym. */
int tinnhiem_render_pdf(const struct tn_doc *doc, int copies, FILE *out, const char *name,
			struct tn_err *e);
/*
 * The ballot form's layout (form to be freed with form_free), and when gray is not NULL its
 * page drawn blank at dpi, one byte a pixel (0 black), *w by *h, to be freed with free. Also
 * in the PDF module's code, built into the scanning module.
 */
struct tn_form;
int tinnhiem_ballot_form(const struct tn_doc *doc, struct tn_form *form, int page, double dpi,
			 unsigned char **gray, int *w, int *h, struct tn_err *e);

#endif
