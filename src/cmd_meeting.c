#include <stdio.h>

#include "cmd.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/vote.h"

static const char usage[] = "tinnhiem meeting VOTE.db [--convened N] [--present N] "
			    "[--issued N] [--collected N]";
static const char help[] =
    N_("Records the meeting facts: members convened and present, ballots issued and\n"
       "collected. Give any of them; the latest value of each counts, and every\n"
       "earlier value stays in the record. Refused when present > convened,\n"
       "issued > present or collected > issued, or when the vote is closed.\n\n"
       "Example:\n  tinnhiem meeting demo.db --convened 35 --present 33 --issued 33 "
       "--collected 33\n");

#define MAX_FACT ((long long)TN_MAX_COUNT - 1)

static struct tn_meeting facts = {{TN_UNSET, TN_UNSET, TN_UNSET, TN_UNSET}};

static const struct cmd_option options[] = {
    CMD_OPT_NUMBER("convened", 0, "N", &facts.fact[TN_CONVENED], 0, MAX_FACT,
		   N_("members convened")),
    CMD_OPT_NUMBER("present", 0, "N", &facts.fact[TN_PRESENT], 0, MAX_FACT, N_("members present")),
    CMD_OPT_NUMBER("issued", 0, "N", &facts.fact[TN_ISSUED], 0, MAX_FACT, N_("ballots issued")),
    CMD_OPT_NUMBER("collected", 0, "N", &facts.fact[TN_COLLECTED], 0, MAX_FACT,
		   N_("ballots collected")),
    CMD_OPT_END,
};

static int check(char **operands)
{
	bool any = false;

	(void)operands;
	for (int k = 0; k < TN_NFACTS; k++)
		any |= facts.fact[k] >= 0;
	if (!any)
		return cmd_usage_error(usage, _("give at least one fact"));
	return 0;
}

static int run(struct tn_vote *v, char **operands)
{
	struct tn_meeting merged;
	struct tn_err e;

	(void)operands;
	if (vote_record_meeting(v, &facts, &merged, &e) < 0)
		return cmd_fail(&e);
	printf(_("recorded: convened %lld, present %lld, issued %lld, collected %lld (-1: not yet "
		 "known)\n"),
	       merged.fact[TN_CONVENED], merged.fact[TN_PRESENT], merged.fact[TN_ISSUED],
	       merged.fact[TN_COLLECTED]);
	return 0;
}

const struct cmd_spec cmd_meeting = {
    .usage = usage,
    .help = help,
    .options = options,
    .operands = 1,
    .operands_error = N_("expected one vote file"),
    .check = check,
    .run = run,
};
