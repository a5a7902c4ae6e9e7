#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "tinnhiem/atomic.h"
#include "tinnhiem/document.h"
#include "tinnhiem/i18n.h"

static const char usage[] = "tinnhiem ballots VOTE.db -o FILE.pdf [--copies N] [--force]";
static const char help[] =
    N_("Writes the blank paper ballot (Phụ lục 4 of Quy định 96-QĐ/TW) as an A4 PDF:\n"
       "the vote's title, the instruction line, and one row per member with three\n"
       "empty boxes. As many ballots as fit go on each page; --copies sets how many\n"
       "ballots in all (default: one page's worth). Nothing on a ballot identifies a\n"
       "voter. An existing file is replaced only with --force, and never when it is\n"
       "the vote file or another database.\n\n"
       "Example:\n  tinnhiem ballots demo.db -o phieu.pdf --copies 40\n");

static const char *out;
static long long copies = 1;
static bool force;

static const struct cmd_option options[] = {
    CMD_OPT_REQUIRED("output", 'o', "FILE.pdf", &out, N_("the PDF file to write (required)")),
    CMD_OPT_NUMBER("copies", 'n', "N", &copies, 1, 100000, N_("how many ballots in all")),
    CMD_OPT_FLAG("force", 0, &force, N_("replace an existing file (never a database)")),
    CMD_OPT_END,
};

static int write_ballots(FILE *f, void *doc, struct tn_err *e)
{
	return render_pdf(doc, (int)copies, f, out, e);
}

static int run(struct tn_vote *v, char **operands)
{
	struct tn_doc doc;
	struct tn_err e;
	int rc;

	document_ballot(&v->def, &doc);
	rc = atomic_write(out, force, operands[0], write_ballots, &doc, &e);
	document_free(&doc);
	if (rc < 0)
		return cmd_fail(&e);
	printf(_("wrote %s (copies of the ballot: %llu)\n"), out, (unsigned long long)copies);
	return 0;
}

const struct cmd_spec cmd_ballots = {
    .usage = usage,
    .help = help,
    .options = options,
    .operands = 1,
    .operands_error = N_("expected a vote file and -o FILE.pdf"),
    .run = run,
    .output = &out,
    .force = &force,
};
