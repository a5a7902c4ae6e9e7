/*
 * Official documents as a model: built once from the vote, rendered as plain text or PDF.
 * The model holds final Vietnamese text; renderers only lay it out.
 */
#ifndef TINNHIEM_DOCUMENT_H
#define TINNHIEM_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "tinnhiem/definition.h"
#include "tinnhiem/err.h"
#include "tinnhiem/util.h"
#include "tinnhiem/vote.h"

enum {
	TN_S_NORMAL = 0,
	TN_S_BOLD = 1,
	TN_S_ITALIC = 2,
	TN_S_CENTER = 4,
	TN_S_INDENT = 8, /* first-line indent, as body paragraphs are set */
	TN_S_SMALL = 16, /* the hashes: a smaller monospaced line */
};

struct tn_para {
	char *text;
	int style;
};

struct tn_group {
	char *label;
	size_t span;
};

struct tn_table {
	size_t ncols;
	char **head;		 /* ncols labels */
	struct tn_group *groups; /* an upper header row, or NULL */
	size_t ngroups;
	char **cells; /* nrows * ncols */
	size_t nrows;
	double *widths; /* relative column widths for PDF */
	bool *numeric;	/* right-aligned columns */
	bool boxes;	/* the ballot: empty tick boxes in the last columns */
};

struct tn_doc {
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
};

/* The minutes (biên bản kiểm phiếu) of a vote; checks the vote file first. */
int document_minutes(struct tn_vote *v, struct tn_doc *doc, struct tn_err *e);
/* The blank paper ballot of a definition. */
void document_ballot(const struct tn_definition *d, struct tn_doc *doc);
void document_free(struct tn_doc *doc);

/* "Thành phố Mẫu, ngày 28 tháng 6 năm 2023" */
char *document_place_date(const struct tn_definition *d);

/* Plain UTF-8 text, lines of at most 80 columns except the table. */
void render_text(const struct tn_doc *doc, struct tn_buf *out);
/*
 * A4 PDF with Liberation Serif embedded, written to out (name is for messages); copies for
 * ballots. Done by a module loaded on first use (src/pdf_module.c).
 */
int render_pdf(const struct tn_doc *doc, int copies, FILE *out, const char *name, struct tn_err *e);
/* The module's one exported function, which render_pdf finds with dlsym. */
int tinnhiem_render_pdf(const struct tn_doc *doc, int copies, FILE *out, const char *name,
			struct tn_err *e);

#endif
