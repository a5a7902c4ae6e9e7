#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "tinnhiem/entry.h"
#include "tinnhiem/i18n.h"

static const char usage[] = "tinnhiem decide VOTE.db PAPER READING --reason TEXT";
static const char help[] =
    N_("Records the board's decision on a paper held as doubtful at entry (typed as\n"
       "\"!\"): how the board reads it, in the words of tinnhiem enter (the marks, or x\n"
       "and a ground), and why. Until then the held paper counts nowhere and the vote\n"
       "cannot be closed. The held record stays as it was; the decision is a record of\n"
       "its own, stated in the minutes. A decision is final: to take it back, void the\n"
       "paper and enter it again.\n\n"
       "Example:\n  tinnhiem decide demo.db 17 \"1 2 3 1 1 2 1 1 3\" --reason \"dấu ở hàng 3 "
       "nằm trong ô tín nhiệm thấp\"\n");

static const char *reason;
static uint64_t paper;

static const struct cmd_option options[] = {
    CMD_OPT_REQUIRED("reason", 'r', "TEXT", &reason,
		     N_("why the board reads the paper so (required)")),
    CMD_OPT_END,
};

static int check(char **operands)
{
	uint64_t *papers;
	size_t n;
	struct tn_err e;

	if (entry_parse_papers(operands[1], &papers, &n, &e) < 0)
		return cmd_usage_error(usage, _("not a paper number: \"%s\""), operands[1]);
	paper = n == 1 ? papers[0] : 0;
	free(papers);
	if (paper == 0)
		return cmd_usage_error(usage, _("not a paper number: \"%s\""), operands[1]);
	return 0;
}

static int run(struct tn_vote *v, char **operands)
{
	struct tn_ballot b;
	struct tn_err e;
	char reading[TN_READING_LEN];

	if (entry_decide(v, paper, operands[2], reason, &b, &e) < 0)
		return cmd_fail(&e);
	record_reading(&b, reading);
	printf(_("paper %llu: decided by the board as %s (%s)\n"), (unsigned long long)paper,
	       reading, b.valid ? _("valid") : _("invalid"));
	return 0;
}

const struct cmd_spec cmd_decide = {
    .usage = usage,
    .help = help,
    .options = options,
    .operands = 3,
    .operands_error = N_("expected a vote file, a paper number and its reading"),
    .check = check,
    .run = run,
};
