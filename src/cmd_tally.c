#include <getopt.h>
#include <stdio.h>

#include "cmd.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/report.h"
#include "tinnhiem/vote.h"

static const char usage[] = "tinnhiem tally VOTE.db [--format text|csv|json]";
static const char help[] =
    N_("Prints the results per member, computed from the records alone. On an open\n"
       "vote the figures are provisional; on a closed vote they are checked against\n"
       "the seal.\n\n"
       "Example:\n  tinnhiem tally demo.db --format json\n");

int cmd_tally(int argc, char **argv)
{
	static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	enum tn_format fmt = TN_FMT_TEXT;
	struct tn_buf out = {0};
	struct tn_replay r = {0};
	struct tn_vote v;
	struct tn_err e;
	int c, rc;

	while ((c = getopt_long(argc, argv, "hf:", opts, NULL)) != -1) {
		if (c == 'h')
			return cmd_help(usage, _(help));
		if (c == '?' || (c == 'f' && report_format_parse(optarg, &fmt) < 0))
			return cmd_usage_error(usage, _("--format is text, csv or json"));
	}
	if (argc - optind != 1)
		return cmd_usage_error(usage, _("expected one vote file"));
	if (vote_open(argv[optind], false, &v, &e) < 0)
		return cmd_fail(&e);
	cmd_warn_sidecars(argv[optind]);
	if ((rc = vote_replay(&v, false, &r, &e)) < 0)
		tn_prefix(&e, _("%s: run tinnhiem verify"), argv[optind]);
	if (rc == 0) {
		report_tally(&v.def, &r.tally, r.sealed ? r.seal.tally_hash : NULL, fmt, &out);
		fwrite(out.data, 1, out.len, stdout);
	}
	buf_free(&out);
	replay_free(&r);
	vote_close(&v);
	return rc < 0 ? cmd_fail(&e) : 0;
}
