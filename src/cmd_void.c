#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "tinnhiem/entry.h"
#include "tinnhiem/i18n.h"

static const char usage[] =
    "tinnhiem void VOTE.db SERIAL[-SERIAL][,...] --reason TEXT [--pass 1|2]";
static const char help[] =
    N_("Cancels wrongly entered ballots. Each stays in the record, marked void, and no\n"
       "longer counts; enter the paper ballot again to correct it. A ballot can be\n"
       "voided once. Several serials, as ranges and lists (17,32-41), are voided in one\n"
       "go: all of them, or, when one cannot be, none.\n\n"
       "Examples:\n  tinnhiem void demo.db 17 --reason \"nhập nhầm hàng 3\"\n"
       "  tinnhiem void demo.db 32-41 --reason \"tệp nhập hai lần\"\n");

static const char *reason;
static long long pass = 1;
static uint64_t *serials;
static size_t nserials;

static const struct cmd_option options[] = {
    CMD_OPT_REQUIRED("reason", 'r', "TEXT", &reason, N_("why the ballot is cancelled (required)")),
    CMD_OPT_NUMBER("pass", 'p', "1|2", &pass, 1, 2, N_("the entry pass the ballot is in")),
    CMD_OPT_END,
};

static int check(char **operands)
{
	struct tn_err e;

	if (entry_parse_serials(operands[1], &serials, &nserials, &e) < 0)
		return cmd_usage_error(usage, "%s", e.msg);
	return 0;
}

static int run(struct tn_vote *v, char **operands)
{
	struct tn_err e;
	int rc = entry_void(v, (int)pass, serials, nserials, reason, &e);

	(void)operands;
	if (rc == 0 && nserials == 1)
		printf(_("ballot %llu of pass %llu is void\n"), (unsigned long long)serials[0],
		       (unsigned long long)pass);
	else if (rc == 0)
		printf(_("%zu ballots of pass %llu are void: %s\n"), nserials,
		       (unsigned long long)pass, operands[1]);
	free(serials);
	return rc < 0 ? cmd_fail(&e) : 0;
}

const struct cmd_spec cmd_void = {
    .usage = usage,
    .help = help,
    .options = options,
    .operands = 2,
    .operands_error = N_("expected a vote file and a serial number"),
    .check = check,
    .run = run,
};
