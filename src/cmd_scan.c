/*
 * Scanned ballots: read by the scanning module, doubtful rows decided by a person, then
 * recorded as one batch, exactly as typed lines are.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "tinnhiem/atomic.h"
#include "tinnhiem/document.h"
#include "tinnhiem/edit.h"
#include "tinnhiem/entry.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/scan.h"

static const char usage[] = "tinnhiem scan VOTE.db [--pass 1|2] [--dry-run] [--force] FILE...";
static const char help[] =
    N_("Reads a stack of scanned paper ballots, in order: PDF files as office scanners\n"
       "write them (200 dpi, grayscale), PNG, JPEG and TIFF images. Each sheet is found\n"
       "by its four registration marks and named by its QR code; a sheet of another\n"
       "vote, or without its QR code, stops everything. A sheet upside down is turned.\n"
       "Each row is read as 1, 2, 3 or 0 only when its marks are clear. A doubtful\n"
       "row (faint ink, a mark across a box's border, a dot, a box struck through and\n"
       "another marked, writing beside the row or above the rows) is shown to a person:\n"
       "its picture is written beside the first FILE, and the person types the row as\n"
       "read on the paper (1, 2, 3, 0), or x N for the whole ballot. A signature below\n"
       "the rows is allowed and not looked at. Nothing is recorded until every sheet is\n"
       "read and every doubt decided; then the whole stack is recorded in one\n"
       "transaction, as enter --from records a file. With --pass 2 the stack checks a\n"
       "typed pass 1: run reconcile after it. --dry-run prints the readings and the\n"
       "doubtful rows and records nothing.\n\n"
       "Examples:\n  tinnhiem scan demo.db --dry-run stack.pdf\n"
       "  tinnhiem scan demo.db --pass 2 stack.pdf\n");

static long long pass = 1;
static bool dry_run, force;

static const struct cmd_option options[] = {
    CMD_OPT_NUMBER("pass", 'p', "1|2", &pass, 1, 2, N_("the entry pass the stack is")),
    CMD_OPT_FLAG("dry-run", 'n', &dry_run, N_("print the readings; record nothing")),
    CMD_OPT_FLAG("force", 0, &force, N_("replace pictures of doubtful rows already there")),
    CMD_OPT_END,
};

/* A ballot: one sheet, or a page of it per sheet when the form runs over pages. */
struct ballot {
	size_t sheet, nsheets;
	char line[TN_MAX_LINE]; /* as read, then as decided: a line of the entry grammar */
	size_t ndoubts;
	bool whole; /* writing above the rows: the person types the whole ballot */
};

static const char *doubt_text(enum tn_doubt d)
{
	switch (d) {
	case TN_DOUBT_FAINT:
		return _("ink too faint or too little to be sure");
	case TN_DOUBT_BORDER:
		return _("a mark across a box's border");
	case TN_DOUBT_SMALL:
		return _("a dot or a short stroke in a box");
	case TN_DOUBT_HEAVY:
		return _("a box filled or struck through, and another box marked");
	case TN_DOUBT_ROW:
		return _("writing in the row outside the boxes");
	case TN_DOUBT_SHEET:
		return _("writing above the rows");
	default:
		return "";
	}
}

/* The sheets, put together into ballots: each begins at page 1 and runs to its last row. */
static int assemble(const struct tn_scan *s, size_t nmembers, struct ballot **out, size_t *n,
		    struct tn_err *e)
{
	struct ballot *b = NULL;
	size_t count = 0, rows = 0;

	for (size_t i = 0; i < s->nsheets; i++) {
		const struct tn_scan_sheet *sh = &s->sheets[i];
		int want = rows == 0 ? 1 : s->sheets[i - 1].page + 1;

		if (sh->page != want || sh->first_row != rows) {
			free(b);
			return tn_fail(e, TN_EDATA,
				       _("%s: page %d of a ballot where page %d was expected"),
				       sh->where, sh->page, want);
		}
		if (rows == 0) {
			b = xrealloc(b, (count + 1) * sizeof *b);
			memset(&b[count], 0, sizeof *b);
			b[count++].sheet = i;
		}
		b[count - 1].nsheets++;
		strcat(b[count - 1].line, sh->reading);
		b[count - 1].whole |= sh->sheet_why != TN_DOUBT_NONE;
		b[count - 1].ndoubts += strspn(sh->reading, "0123") != strlen(sh->reading);
		rows += strlen(sh->reading);
		if (rows == nmembers)
			rows = 0;
	}
	if (rows != 0) {
		free(b);
		return tn_fail(e, TN_EDATA, _("%s: the stack ends before the ballot's last page"),
			       s->sheets[s->nsheets - 1].where);
	}
	*out = b;
	*n = count;
	return 0;
}

/* ---- pictures for the person ---- */

static int write_png(FILE *f, void *arg, struct tn_err *e)
{
	const struct tn_scan_crop *c = arg;

	(void)e;
	fwrite(c->png, 1, c->len, f);
	return 0;
}

/* Beside the stack's first file: "stack.pdf.ballot-12.row-4.png". */
static char *crop_path(const char *first, size_t ballot, size_t row)
{
	size_t n = strlen(first) + 64;
	char *p = xmalloc(n);

	if (row == 0)
		snprintf(p, n, "%s.ballot-%zu.png", first, ballot);
	else
		snprintf(p, n, "%s.ballot-%zu.row-%zu.png", first, ballot, row);
	return p;
}

/* The pictures written by this run: removed again when nothing is recorded. */
static char **written;
static size_t nwritten;

static void remove_crops(void)
{
	for (size_t i = 0; i < nwritten; i++) {
		unlink(written[i]);
		free(written[i]);
	}
	free(written);
	written = NULL;
	nwritten = 0;
}

static int write_crops(const struct tn_scan *s, const struct ballot *b, size_t nb,
		       const char *first, const char *vote, struct tn_err *e)
{
	for (size_t i = 0; i < nb; i++)
		for (size_t k = 0; k < b[i].nsheets; k++) {
			const struct tn_scan_sheet *sh = &s->sheets[b[i].sheet + k];
			size_t n = strlen(sh->reading);

			for (size_t r = 0; r <= n; r++) {
				char *path;
				int rc;

				if (sh->crop[r].png == NULL || (r < n && b[i].whole))
					continue;
				path = crop_path(first, i + 1, r < n ? sh->first_row + r + 1 : 0);
				if ((rc = atomic_write(path, force, vote, write_png, &sh->crop[r],
						       e)) < 0) {
					free(path);
					return rc;
				}
				written = xrealloc(written, (nwritten + 1) * sizeof *written);
				written[nwritten++] = path;
			}
		}
	return 0;
}

/* ---- the person's decisions ---- */

/* A line from the terminal, or from standard input when it is none; NULL at its end. */
static char *ask(const char *prompt)
{
	struct tn_buf line = {0};

	if (isatty(STDIN_FILENO))
		return edit_line(prompt, false);
	fputs(prompt, stdout);
	if (read_bounded_line(stdin, TN_MAX_LINE, &line) <= 0) {
		buf_free(&line);
		return NULL;
	}
	if (line.len && line.data[line.len - 1] == '\n')
		line.data[--line.len] = '\0';
	printf("%s\n", line.data);
	return line.data;
}

/* Asks until the answer is a ballot line for n members; false at the end of input. */
static bool decide(const char *prompt, size_t n, struct tn_ballot *b)
{
	for (;;) {
		char *line = ask(prompt);
		enum tn_line kind;
		struct tn_err e;
		int rc;

		if (line == NULL)
			return false;
		rc = entry_parse_line(line, strlen(line), n, false, &kind, b, &e);
		free(line);
		if (rc == 0 && kind == TN_LINE_BALLOT)
			return true;
		if (rc < 0) {
			fputs("  ! ", stdout);
			cmd_print_escaped(stdout, e.msg);
			putchar('\n');
		}
		if (!isatty(STDIN_FILENO))
			return false;
	}
}

static void ballot_line(const struct tn_ballot *b, char *line)
{
	if (b->crossed)
		snprintf(line, TN_MAX_LINE, "x %d", b->reason);
	else
		snprintf(line, TN_MAX_LINE, "%s", b->marks);
}

static bool decide_ballot(struct tn_vote *v, const struct tn_scan *s, struct ballot *b, size_t i,
			  const char *first)
{
	const struct tn_scan_sheet *sh = &s->sheets[b->sheet];
	char prompt[256], *path;
	struct tn_ballot answer;

	if (b->whole) {
		path = crop_path(first, i + 1, 0);
		printf(_("\nballot %zu (%s): %s; read as %s; picture: %s\n"), i + 1, sh->where,
		       doubt_text(TN_DOUBT_SHEET), b->line, path);
		free(path);
		snprintf(prompt, sizeof prompt, _("ballot %zu, all %zu rows as on the paper> "),
			 i + 1, v->def.nmembers);
		if (!decide(prompt, v->def.nmembers, &answer))
			return false;
		ballot_line(&answer, b->line);
		return true;
	}
	for (size_t k = 0; k < b->nsheets; k++) {
		sh = &s->sheets[b->sheet + k];
		for (size_t r = 0; sh->reading[r]; r++) {
			size_t m = sh->first_row + r;

			if (sh->reading[r] != TN_SCAN_DOUBT || b->line[m] != TN_SCAN_DOUBT)
				continue;
			path = crop_path(first, i + 1, m + 1);
			printf(
			    _("\nballot %zu (%s), row %zu %s: %s; ink in the boxes %.0f%% %.0f%% "
			      "%.0f%%; picture: %s\n"),
			    i + 1, sh->where, m + 1, v->def.members[m].name, doubt_text(sh->why[r]),
			    100 * sh->ink[r][0], 100 * sh->ink[r][1], 100 * sh->ink[r][2], path);
			free(path);
			snprintf(prompt, sizeof prompt,
				 _("ballot %zu, row %zu (1, 2, 3, 0, or x N for the ballot)> "),
				 i + 1, m + 1);
			if (!decide(prompt, 1, &answer))
				return false;
			if (answer.crossed) {
				ballot_line(&answer, b->line);
				return true;
			}
			b->line[m] = answer.marks[0];
		}
	}
	return true;
}

/* ---- the command ---- */

static void print_dry(const struct tn_vote *v, const struct tn_scan *s, const struct ballot *b,
		      size_t nb)
{
	for (size_t i = 0; i < nb; i++) {
		printf(_("ballot %zu (%s%s): %s\n"), i + 1, s->sheets[b[i].sheet].where,
		       s->sheets[b[i].sheet].turned ? _(", turned") : "", b[i].line);
		for (size_t k = 0; k < b[i].nsheets; k++) {
			const struct tn_scan_sheet *sh = &s->sheets[b[i].sheet + k];

			if (sh->sheet_why != TN_DOUBT_NONE)
				printf(_("  doubtful: %s\n"), doubt_text(sh->sheet_why));
			for (size_t r = 0; sh->reading[r]; r++)
				if (sh->why[r] != TN_DOUBT_NONE)
					printf(_("  row %zu %s doubtful: %s\n"),
					       sh->first_row + r + 1,
					       v->def.members[sh->first_row + r].name,
					       doubt_text(sh->why[r]));
		}
	}
}

static size_t differences;

static void added(void *arg, const struct tn_ballot *b, const struct tn_check *check)
{
	uint64_t *papers = arg;

	if (papers[0] == 0)
		papers[0] = b->paper;
	papers[1] = b->paper;
	differences += check != NULL && (!check->found || check->differs);
}

static int record(struct tn_vote *v, const struct ballot *b, size_t nb, struct tn_err *e)
{
	struct tn_buf text = {0};
	uint64_t papers[2] = {0, 0};
	FILE *f;
	int rc;

	for (size_t i = 0; i < nb; i++)
		buf_printf(&text, "%s\n", b[i].line);
	f = fmemopen(text.data, text.len, "r");
	if (f == NULL) {
		buf_free(&text);
		return tn_fail(e, TN_EIO, "fmemopen: %s", strerror(errno));
	}
	rc = entry_add_batch(v,
			     &(struct tn_batch){.f = f,
						.name = _("scanned ballot"),
						.pass = (int)pass,
						.added = added,
						.arg = papers},
			     e);
	fclose(f);
	buf_free(&text);
	if (rc < 0)
		return rc;
	printf(_("recorded %zu ballots in pass %d: papers %llu to %llu\n"), nb, (int)pass,
	       (unsigned long long)papers[0], (unsigned long long)papers[1]);
	if (pass == 2)
		printf(_("%zu of them differ from pass 1: see tinnhiem reconcile\n"), differences);
	return 0;
}

static int scan_stack(struct tn_vote *v, char **operands, struct tn_err *e)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct tn_scan_input in = {.files = operands + 1, .threads = cpus > 8 ? 8 : (int)cpus};
	struct tn_scan s = {0};
	struct ballot *b = NULL;
	struct cmd_bar bar;
	struct tn_doc doc;
	size_t nb = 0, doubtful = 0;
	int rc;

	if ((rc = entry_check_pass(v, (int)pass, e)) < 0 ||
	    (!dry_run && (rc = vote_check_open(v, e)) < 0))
		return rc;
	while (in.files[in.nfiles] != NULL)
		in.nfiles++;
	document_ballot(&v->def, &doc);
	in.ballot = &doc;
	in.pictures = !dry_run;
	in.progress = cmd_bar_start(&bar, _("reading the sheets"));
	rc = scan_read(&in, &s, e);
	cmd_bar_end(&bar);
	if (rc == 0)
		rc = assemble(&s, v->def.nmembers, &b, &nb, e);
	for (size_t i = 0; rc == 0 && i < nb; i++)
		doubtful += b[i].ndoubts > 0 || b[i].whole;
	if (rc == 0 && dry_run) {
		print_dry(v, &s, b, nb);
		printf(_("%zu ballots read, %zu with rows for a person; nothing recorded\n"), nb,
		       doubtful);
	} else if (rc == 0 && (rc = write_crops(&s, b, nb, in.files[0], operands[0], e)) == 0) {
		for (size_t i = 0; i < nb && rc == 0; i++)
			if ((b[i].ndoubts || b[i].whole) &&
			    !decide_ballot(v, &s, &b[i], i, in.files[0]))
				rc = tn_fail(e, TN_EDATA,
					     _("ballot %zu was not decided: nothing recorded"),
					     i + 1);
		if (rc == 0)
			rc = record(v, b, nb, e);
		if (rc < 0)
			remove_crops();
	}
	for (size_t i = 0; i < nwritten; i++)
		free(written[i]);
	free(written);
	free(b);
	scan_free(&s);
	document_free(&doc);
	return rc;
}

static int run(struct tn_vote *v, char **operands)
{
	struct tn_err e;

	/* the questions at the terminal, if any, can be asked before the stack is read */
	if ((isatty(STDIN_FILENO) && edit_load(&e) < 0) || scan_stack(v, operands, &e) < 0)
		return cmd_fail(&e);
	return 0;
}

const struct cmd_spec cmd_scan = {
    .usage = usage,
    .help = help,
    .options = options,
    .operands = -2,
    .operands_error = N_("expected a vote file and at least one scanned file"),
    .run = run,
};
