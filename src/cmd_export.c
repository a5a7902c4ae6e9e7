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
	const char *out = NULL;
	struct cmd_bar bar;
	struct tn_vote v;
	struct tn_err e;
	int i, rc, status = 0;

	if ((i = cmd_vote_and_output(argc, argv, usage, help, &out, &status)) < 0)
		return status;
	if (vote_open(argv[i], false, &v, &e) < 0)
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
