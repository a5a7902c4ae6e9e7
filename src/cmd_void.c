#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "tinnhiem/entry.h"
#include "tinnhiem/i18n.h"

static const char usage[] = "tinnhiem void VOTE.db PAPER[-PAPER][,...] --reason TEXT [--pass 1|2]";
static const char help[] =
    N_("Cancels wrongly entered ballots, named by the number written on the paper. Each\n"
       "stays in the record, marked void, and no longer counts. To correct it, enter\n"
       "the paper again with its number: at the prompt of tinnhiem enter (with the same\n"
       "--pass) type \"17: \" and the marks; the new reading takes its place. Several\n"
       "papers, as ranges and lists (17,32-41), are voided in one go: all of them, or,\n"
       "when one cannot be, none.\n\n"
       "Examples:\n  tinnhiem void demo.db 17 --reason \"nhập nhầm hàng 3\"\n"
       "  tinnhiem void demo.db 32-41 --reason \"tệp nhập hai lần\"\n");

static const char *reason;
static long long pass = 1;
static uint64_t *papers;
static size_t npapers;

static const struct cmd_option options[] = {
    CMD_OPT_REQUIRED("reason", 'r', "TEXT", &reason,
		     N_("why the ballots are cancelled (required)")),
    CMD_OPT_NUMBER("pass", 'p', "1|2", &pass, 1, 2, N_("the entry pass the ballots are in")),
    CMD_OPT_END,
};

static int check(char **operands)
{
	struct tn_err e;

	if (entry_parse_papers(operands[1], &papers, &npapers, &e) < 0)
		return cmd_usage_error(usage, "%s", e.msg);
	return 0;
}

static int run(struct tn_vote *v, char **operands)
{
	struct tn_err e;
	int rc = entry_void(v, (int)pass, papers, npapers, reason, &e);

	if (rc == 0 && npapers == 1)
		printf(_("paper %llu of pass %lld is void; to enter it again, type \"%llu: \" and "
			 "its marks at the prompt of tinnhiem enter --pass %lld\n"),
		       (unsigned long long)papers[0], pass, (unsigned long long)papers[0], pass);
	else if (rc == 0)
		printf(_("%zu papers of pass %lld are void: %s\n"), npapers, pass, operands[1]);
	free(papers);
	return rc < 0 ? cmd_fail(&e) : 0;
}

const struct cmd_spec cmd_void = {
    .usage = usage,
    .help = help,
    .options = options,
    .operands = 2,
    .operands_error = N_("expected a vote file and paper numbers"),
    .check = check,
    .run = run,
};
