#include <getopt.h>
#include <stdio.h>

#include "cmd.h"
#include "tinnhiem/bundle.h"
#include "tinnhiem/i18n.h"

static const char usage[] = "tinnhiem export VOTE.db -o FILE";
static const char help[] =
    N_("Writes the observer's bundle of a closed vote: one UTF-8 text file with the\n"
       "definition, every record in order (voids included), the tally and the seal.\n"
       "Every byte of it is covered by the hashes (see tinnhiem-bundle(5)). The vote\n"
       "file is verified first.\n\n"
       "Example:\n  tinnhiem export demo.db -o demo.bundle\n");

int cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *out = NULL;
	struct cmd_bar bar;
	struct tn_vote v;
	struct tn_err e;
	int c, rc;

	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		if (c == 'h')
			return cmd_help(usage, _(help));
		if (c == 'o')
			out = optarg;
		else
			return cmd_usage_error(usage, _("bad option"));
	}
	if (argc - optind != 1 || out == NULL)
		return cmd_usage_error(usage, _("expected a vote file and -o FILE"));
	if (vote_open(argv[optind], false, &v, &e) < 0)
		return cmd_fail(&e);
	v.progress = cmd_bar_start(&bar, _("exporting"));
	rc = bundle_export(&v, out, &e);
	cmd_bar_end(&bar);
	vote_close(&v);
	if (rc < 0)
		return cmd_fail(&e);
	printf(_("wrote %s\n"), out);
	return 0;
}
