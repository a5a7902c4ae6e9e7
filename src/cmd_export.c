#include <stdio.h>

#include "cmd.h"
#include "tinnhiem/atomic.h"
#include "tinnhiem/bundle.h"
#include "tinnhiem/i18n.h"

static const char usage[] = "tinnhiem export VOTE.db -o FILE [--force]";
static const char help[] =
    N_("Writes the observer's bundle of a closed vote: one UTF-8 text file with the\n"
       "definition, every record in order (voids included), the tally and the seal.\n"
       "Every byte of it is covered by the hashes (see tinnhiem-bundle(5)). The vote\n"
       "file is verified first. An existing file is replaced only with --force, and\n"
       "never when it is the vote file or another database.\n\n"
       "Example:\n  tinnhiem export demo.db -o demo.bundle\n");

int cmd_export(int argc, char **argv)
{
	const char *out = NULL;
	struct tn_atomic file;
	struct cmd_bar bar;
	struct tn_vote v;
	struct tn_err e;
	bool force;
	int i, rc, status = 0;

	if ((i = cmd_vote_and_output(argc, argv, usage, help, &out, &force, &status)) < 0)
		return status;
	if (atomic_check_target(out, force, argv[i], &e) < 0 ||
	    vote_open(argv[i], false, &v, &e) < 0)
		return cmd_fail(&e);
	v.progress = cmd_bar_start(&bar, _("exporting"));
	if ((rc = atomic_open(&file, out, force, argv[i], &e)) == 0) {
		rc = bundle_export(&v, file.f, &e);
		rc = rc == 0 ? atomic_commit(&file, &e) : (atomic_abort(&file), rc);
	}
	cmd_bar_end(&bar);
	vote_close(&v);
	if (rc < 0)
		return cmd_fail(&e);
	printf(_("wrote %s\n"), out);
	return 0;
}
