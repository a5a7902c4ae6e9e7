#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "tinnhiem/definition.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/store.h"

static const char usage[] = "tinnhiem init DEF.ini VOTE.db";
static const char help[] =
    N_("Creates the vote file VOTE.db from the definition DEF.ini (see\n"
       "tinnhiem-definition(5)). The definition is checked strictly: any error names\n"
       "the file, the line and the problem, and no vote file is created. An existing\n"
       "file is never overwritten.\n\n"
       "Example:\n  tinnhiem init ballots/demo.ini demo.db\n");

int cmd_init(int argc, char **argv)
{
	struct tn_definition d;
	struct tn_buf canon = {0};
	struct tn_err e;
	const char *both;
	char hex[2 * TN_HASH_LEN + TN_HASH_LEN / 2 + 1];
	int status = 0, i = cmd_plain_options(argc, argv, usage, help, &status);

	if (i < 0)
		return status;
	if (argc - i != 2)
		return cmd_usage_error(usage, _("expected a definition and a vote file"));
	if (definition_load_ini(argv[i], &d, &e) < 0)
		return cmd_fail(&e);
	if ((both = definition_board_on_ballot(&d)) != NULL)
		fprintf(stderr,
			_("tinnhiem: warning: %s is both on the counting board and on the ballot; "
			  "the board is chosen among those not voted on\n"),
			both);
	definition_canonical(&d, &canon);
	status = store_create(argv[i + 1], canon.data, canon.len, d.hash, &e);
	buf_free(&canon);
	if (status == 0) {
		hex_grouped(d.hash, TN_HASH_LEN, hex);
		printf(_("created %s: %zu members; definition hash %s\n"), argv[i + 1], d.nmembers,
		       hex);
	}
	definition_free(&d);
	return status < 0 ? cmd_fail(&e) : 0;
}
