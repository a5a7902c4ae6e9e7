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

static const char *out;
static bool force;

static const struct cmd_option options[] = {
    CMD_OPT_REQUIRED("output", 'o', "FILE", &out, N_("the bundle file to write (required)")),
    CMD_OPT_FLAG("force", 0, &force, N_("replace an existing file (never a database)")),
    CMD_OPT_END,
};

static int write_bundle(FILE *f, void *vote, struct tn_err *e)
{
	return bundle_export(vote, f, e);
}

static int run(struct tn_vote *v, char **operands)
{
	struct cmd_bar bar;
	struct tn_err e;
	int rc;

	v->progress = cmd_bar_start(&bar, _("exporting"));
	rc = atomic_write(out, force, operands[0], write_bundle, v, &e);
	cmd_bar_end(&bar);
	if (rc < 0)
		return cmd_fail(&e);
	printf(_("wrote %s\n"), out);
	return 0;
}

const struct cmd_spec cmd_export = {
    .usage = usage,
    .help = help,
    .options = options,
    .operands = 1,
    .operands_error = N_("expected a vote file and -o FILE"),
    .run = run,
    .output = &out,
    .force = &force,
};
