#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "tinnhiem/definition.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/vote.h"

static const char usage[] = "tinnhiem init DEF.ini VOTE.db";
static const char help[] =
    N_("Creates the vote file VOTE.db from the definition DEF.ini (see\n"
       "tinnhiem-definition(5)). The definition is checked strictly: any error names\n"
       "the file, the line and the problem, and no vote file is created. An existing\n"
       "file is never overwritten.\n\n"
       "Example:\n  tinnhiem init ballots/demo.ini demo.db\n");

static int run(struct tn_vote *unused, char **operands)
{
	struct tn_definition d;
	struct tn_err e;
	const char *both;
	char hex[2 * TN_HASH_LEN + TN_HASH_LEN / 2 + 1];
	int rc;

	(void)unused;
	if (definition_load_ini(operands[0], &d, &e) < 0)
		return cmd_fail(&e);
	if ((both = definition_board_on_ballot(&d)) != NULL)
		fprintf(stderr,
			_("tinnhiem: warning: %s is both on the counting board and on the ballot; "
			  "the board is chosen among those not voted on\n"),
			both);
	if ((rc = vote_create(operands[1], &d, &e)) == 0) {
		hex_grouped(d.hash, TN_HASH_LEN, hex);
		printf(_("created %s: %zu members; definition hash %s\n"), operands[1], d.nmembers,
		       hex);
	}
	definition_free(&d);
	return rc < 0 ? cmd_fail(&e) : 0;
}

const struct cmd_spec cmd_init = {
    .usage = usage,
    .help = help,
    .operands = 2,
    .operands_error = N_("expected a definition and a vote file"),
    .run = run,
};
