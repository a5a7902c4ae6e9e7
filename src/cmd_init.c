#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "tinnhiem/definition.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/vote.h"

static const char usage[] = "tinnhiem init DEF.ini VOTE.db | tinnhiem init --check DEF.ini";
static const char help[] =
    N_("Creates the vote file VOTE.db from the definition DEF.ini (see\n"
       "tinnhiem-definition(5)). The definition is checked strictly: any error names\n"
       "the file, the line and the problem, and no vote file is created. A value that\n"
       "still holds a blank of the template (\"…\" or \"...\") is refused. An existing\n"
       "file is never overwritten. With --check, the definition is only checked:\n"
       "nothing is created.\n\n"
       "Example:\n  tinnhiem init --check ballots/demo.ini\n"
       "  tinnhiem init ballots/demo.ini demo.db\n");

static bool check_only;

static const struct cmd_option options[] = {
    CMD_OPT_FLAG("check", 0, &check_only,
		 N_("check the definition and show its summary; create nothing")),
    CMD_OPT_END,
};

static int check(char **operands)
{
	if (check_only && operands[1] != NULL)
		return cmd_usage_error(usage, _("--check takes the definition alone"));
	if (!check_only && operands[1] == NULL)
		return cmd_usage_error(usage, _("expected a definition and a vote file"));
	return 0;
}

static void summary(const char *path, const struct tn_definition *d, const char *hex)
{
	printf(_("%s: complete; init will create the vote from it\n"), path);
	printf(_("  title: %s\n"), d->title);
	printf(_("  members: %zu\n"), d->nmembers);
	printf(_("  definition hash: %s\n"), hex);
}

static int run(struct tn_vote *unused, char **operands)
{
	struct tn_definition d;
	struct tn_err e;
	const char *both;
	char hex[2 * TN_HASH_LEN + TN_HASH_LEN / 2 + 1];
	int rc = 0;

	(void)unused;
	if (definition_load_ini(operands[0], &d, &e) < 0)
		return cmd_fail(&e);
	if ((both = definition_board_on_ballot(&d)) != NULL)
		fprintf(stderr,
			_("tinnhiem: warning: %s is both on the counting board and on the ballot; "
			  "the board is chosen among those not voted on\n"),
			both);
	hex_grouped(d.hash, TN_HASH_LEN, hex);
	if (check_only)
		summary(operands[0], &d, hex);
	else if ((rc = vote_create(operands[1], &d, &e)) == 0)
		printf(_("created %s: %zu members; definition hash %s\n"), operands[1], d.nmembers,
		       hex);
	definition_free(&d);
	return rc < 0 ? cmd_fail(&e) : 0;
}

const struct cmd_spec cmd_init = {
    .usage = usage,
    .help = help,
    .options = options,
    .operands = 2,
    .fewer_operands = 1,
    .operands_error = N_("expected a definition and a vote file"),
    .check = check,
    .run = run,
};
