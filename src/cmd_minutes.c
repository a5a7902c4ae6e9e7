#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "tinnhiem/document.h"
#include "tinnhiem/i18n.h"

static const char usage[] =
    "tinnhiem minutes VOTE.db -o FILE.pdf|FILE.txt [--slides|--zero] [--force]";
static const char help[] =
    N_("Writes the official minutes (biên bản kiểm phiếu) as an A4 PDF or as plain\n"
       "UTF-8 text, chosen by the file name's ending. Until the vote is closed every\n"
       "page is marked DỰ THẢO (draft). An existing file is replaced only with --force,\n"
       "and never when it is the vote file or another database.\n"
       "With --slides, the results for the hall's projector instead: 16:9 PDF pages in\n"
       "large type, a few members to a page, with the bands flagged.\n"
       "With --zero, before the first ballot: the zero report for the board to sign,\n"
       "one page with every member at zero and the definition hash.\n\n"
       "Example:\n  tinnhiem minutes demo.db -o bien-ban.pdf\n"
       "  tinnhiem minutes demo.db -o ket-qua.pdf --slides\n");

static const char *out;
static bool force, slides, zero;

static const struct cmd_option options[] = {
    CMD_OPT_REQUIRED("output", 'o', "FILE", &out, N_("the file to write (required): .pdf or .txt")),
    CMD_OPT_FLAG("slides", 0, &slides, N_("the results for the projector, 16:9 (PDF only)")),
    CMD_OPT_FLAG("zero", 0, &zero, N_("the zero report, before the first ballot")),
    CMD_OPT_FLAG("force", 0, &force, N_("replace an existing file (never a database)")),
    CMD_OPT_END,
};

static int run(struct tn_vote *v, char **operands)
{
	struct tn_doc doc;
	struct tn_replay r;
	struct tn_err e;
	int rc;

	if (!cmd_ends_with(out, ".pdf") && !cmd_ends_with(out, ".txt"))
		return cmd_usage_error(usage, _("the output must end in .pdf or .txt"));
	if (slides && !cmd_ends_with(out, ".pdf"))
		return cmd_usage_error(usage,
				       _("--slides writes a PDF: the output must end in .pdf"));
	if (slides && zero)
		return cmd_usage_error(usage, _("--slides and --zero: one document at a time"));
	if ((rc = vote_replay(v, &r, &e)) < 0)
		tn_prefix(&e, _("%s does not verify"), operands[0]);
	else if (zero)
		rc = document_zero(&v->def, &r, &doc, &e);
	else
		(slides ? document_slides : document_minutes)(&v->def, &r, &doc);
	replay_free(&r);
	if (rc < 0)
		return cmd_fail(&e);
	rc = cmd_write_document(out, force, operands[0], &doc, &e);
	document_free(&doc);
	return rc < 0 ? cmd_fail(&e) : 0;
}

const struct cmd_spec cmd_minutes = {
    .usage = usage,
    .help = help,
    .options = options,
    .operands = 1,
    .operands_error = N_("expected a vote file and -o FILE"),
    .run = run,
    .output = &out,
    .force = &force,
};
