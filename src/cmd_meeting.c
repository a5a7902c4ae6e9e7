#include <getopt.h>
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

static int parse_options(int argc, char **argv, struct tn_meeting *m, int *status)
{
	static const struct option opts[] = {
	    {"convened", required_argument, NULL, 'c'}, {"present", required_argument, NULL, 'p'},
	    {"issued", required_argument, NULL, 'i'},	{"collected", required_argument, NULL, 'k'},
	    {"help", no_argument, NULL, 'h'},		{NULL, 0, NULL, 0},
	};
	unsigned long long n;
	int c;

	*m = (struct tn_meeting){TN_UNSET, TN_UNSET, TN_UNSET, TN_UNSET};
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		long long *slot = c == 'c'   ? &m->convened
				  : c == 'p' ? &m->present
				  : c == 'i' ? &m->issued
					     : &m->collected;

		if (c == 'h')
			return *status = cmd_help(usage, _(help)), -1;
		if (c == '?')
			return *status = cmd_usage_error(usage, _("bad option")), -1;
		if (cmd_number(optarg, TN_MAX_COUNT - 1, &n) < 0)
			return *status =
				   cmd_usage_error(usage, _("not a whole number: \"%s\""), optarg),
			       -1;
		*slot = (long long)n;
	}
	return optind;
}

int cmd_meeting(int argc, char **argv)
{
	struct tn_meeting update, merged;
	struct tn_vote v;
	struct tn_err e;
	int status = 0, i = parse_options(argc, argv, &update, &status);

	if (i < 0)
		return status;
	if (argc - i != 1)
		return cmd_usage_error(usage, _("expected one vote file"));
	if (update.convened < 0 && update.present < 0 && update.issued < 0 && update.collected < 0)
		return cmd_usage_error(usage, _("give at least one fact"));
	if (vote_open(argv[i], true, &v, &e) < 0)
		return cmd_fail(&e);
	status = vote_record_meeting(&v, &update, &merged, &e);
	vote_close(&v);
	if (status < 0)
		return cmd_fail(&e);
	printf(_("recorded: convened %lld, present %lld, issued %lld, collected %lld (-1: not yet "
		 "known)\n"),
	       merged.convened, merged.present, merged.issued, merged.collected);
	return 0;
}
