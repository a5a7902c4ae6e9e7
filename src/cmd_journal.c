#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "tinnhiem/document.h"
#include "tinnhiem/i18n.h"

static const char usage[] = "tinnhiem journal VOTE.db -o FILE.pdf|FILE.txt [--force]";
static const char help[] =
    N_("Writes the entry journal (nhật ký nhập phiếu) for the meeting's records: every\n"
       "record of the vote in chain order (the paper number, the pass and the reading\n"
       "as typed; voids and the board's decisions with their reasons; the meeting facts\n"
       "as recorded), the chain head after every 20 records and after the last, and the\n"
       "definition and tally hashes, so that an auditor can compare the paper ballots\n"
       "with it and the chain heads with the bundle. Nothing about voters, operators or\n"
       "times of entry is in it: the records hold none. Until the vote is closed every\n"
       "page is marked DỰ THẢO (draft).\n\n"
       "Example:\n  tinnhiem journal demo.db -o nhat-ky.pdf\n");

static const char *out;
static bool force;

static const struct cmd_option options[] = {
    CMD_OPT_REQUIRED("output", 'o', "FILE", &out, N_("the file to write (required): .pdf or .txt")),
    CMD_OPT_FLAG("force", 0, &force, N_("replace an existing file (never a database)")),
    CMD_OPT_END,
};

static int check(char **operands)
{
	(void)operands;
	if (!cmd_ends_with(out, ".pdf") && !cmd_ends_with(out, ".txt"))
		return cmd_usage_error(usage, _("the output must end in .pdf or .txt"));
	return 0;
}

static int run(struct tn_vote *v, char **operands)
{
	struct tn_doc doc;
	struct tn_replay r;
	struct tn_err e;
	int rc;

	document_journal_begin(&v->def, &doc);
	if ((rc = vote_replay_observed(v, document_journal_record, &doc, &r, &e)) == 0)
		document_journal_end(&r, &doc);
	else
		tn_prefix(&e, _("%s does not verify"), operands[0]);
	replay_free(&r);
	if (rc == 0)
		rc = cmd_write_document(out, force, operands[0], &doc, &e);
	document_free(&doc);
	return rc < 0 ? cmd_fail(&e) : 0;
}

const struct cmd_spec cmd_journal = {
    .usage = usage,
    .help = help,
    .options = options,
    .operands = 1,
    .operands_error = N_("expected a vote file and -o FILE"),
    .check = check,
    .run = run,
    .output = &out,
    .force = &force,
};
