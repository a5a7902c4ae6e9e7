#include <stdio.h>

#include "cmd.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/record.h"
#include "tinnhiem/vote.h"

static const char usage[] = "tinnhiem meeting VOTE.db [--convened N] [--present N] "
			    "[--issued N] [--collected N] [--started HH:MM] [--ended HH:MM] "
			    "[--venue TEXT]";
static const char help[] =
    N_("Records the meeting facts: members convened and present, ballots issued and\n"
       "collected; and for the minutes, the time the count started, the time the\n"
       "minutes were finished (HH:MM, on the meeting's day) and the hall. Give any of\n"
       "them; the latest value of each counts, and every earlier value stays in the\n"
       "record. Refused when present > convened, issued > present, collected > issued\n"
       "or ended is before started (a count past midnight: write the times by hand),\n"
       "or when the vote is closed.\n\n"
       "Example:\n  tinnhiem meeting demo.db --convened 35 --present 33 --issued 33 "
       "--collected 33\n  tinnhiem meeting demo.db --started 14:05 --ended 16:40 "
       "--venue \"Hội trường tầng 3\"\n");

#define MAX_FACT ((long long)TN_MAX_COUNT - 1)

static struct tn_meeting facts = {.fact = {TN_UNSET, TN_UNSET, TN_UNSET, TN_UNSET}};
static const char *started, *ended, *venue;

static const struct cmd_option options[] = {
    CMD_OPT_NUMBER("convened", 0, "N", &facts.fact[TN_CONVENED], 0, MAX_FACT,
		   N_("members convened")),
    CMD_OPT_NUMBER("present", 0, "N", &facts.fact[TN_PRESENT], 0, MAX_FACT, N_("members present")),
    CMD_OPT_NUMBER("issued", 0, "N", &facts.fact[TN_ISSUED], 0, MAX_FACT, N_("ballots issued")),
    CMD_OPT_NUMBER("collected", 0, "N", &facts.fact[TN_COLLECTED], 0, MAX_FACT,
		   N_("ballots collected")),
    CMD_OPT_STRING("started", 0, "HH:MM", &started, N_("the time the count started")),
    CMD_OPT_STRING("ended", 0, "HH:MM", &ended, N_("the time the minutes were finished")),
    CMD_OPT_STRING("venue", 0, "TEXT", &venue, N_("the hall where the count took place")),
    CMD_OPT_END,
};

static int check(char **operands)
{
	struct tn_err e;
	bool any = started != NULL || ended != NULL || venue != NULL;

	(void)operands;
	for (int k = 0; k < TN_NFACTS; k++)
		any |= facts.fact[k] >= 0;
	if (!any)
		return cmd_usage_error(usage, _("give at least one fact"));
	/* a time or a hall not well written is an option misused, as a count that is no number */
	if (record_meeting_set(&facts, started, ended, venue, &e) < 0)
		return cmd_usage_error(usage, "%s", e.msg);
	return 0;
}

static void print_fact(const char *label, long long v)
{
	if (v < 0)
		printf(_("  %s: not recorded\n"), label);
	else
		printf("  %s: %lld\n", label, v);
}

static void print_text(const char *label, const char *s)
{
	if (*s == '\0')
		printf(_("  %s: not recorded\n"), label);
	else
		printf("  %s: %s\n", label, s);
}

static int run(struct tn_vote *v, char **operands)
{
	struct tn_meeting merged;
	struct tn_err e;

	(void)operands;
	if (vote_record_meeting(v, &facts, &merged, &e) < 0)
		return cmd_fail(&e);
	puts(_("recorded; the meeting facts now:"));
	print_fact(_("members convened"), merged.fact[TN_CONVENED]);
	print_fact(_("members present"), merged.fact[TN_PRESENT]);
	print_fact(_("ballots issued"), merged.fact[TN_ISSUED]);
	print_fact(_("ballots collected"), merged.fact[TN_COLLECTED]);
	print_text(_("count started"), merged.started);
	print_text(_("minutes finished"), merged.ended);
	print_text(_("hall"), merged.venue);
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
