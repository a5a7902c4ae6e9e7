#include <stdio.h>

#include "cmd.h"
#include "tinnhiem/entry.h"
#include "tinnhiem/i18n.h"

static const char usage[] = "tinnhiem void VOTE.db SERIAL --reason TEXT [--pass 1|2]";
static const char help[] =
    N_("Cancels a wrongly entered ballot. The ballot stays in the record, marked void,\n"
       "and no longer counts; enter the paper ballot again to correct it. A ballot\n"
       "can be voided once.\n\n"
       "Example:\n  tinnhiem void demo.db 17 --reason \"nhập nhầm hàng 3\"\n");

static const char *reason;
static long long pass = 1;
static unsigned long long serial;

static const struct cmd_option options[] = {
    CMD_OPT_STRING("reason", 'r', "TEXT", &reason, N_("why the ballot is cancelled (required)")),
    CMD_OPT_NUMBER("pass", 'p', "1|2", &pass, 1, 2, N_("the entry pass the ballot is in")),
    CMD_OPT_END,
};

static int check(char **operands)
{
	if (cmd_number(operands[1], TN_MAX_COUNT, &serial) < 0 || serial == 0)
		return cmd_usage_error(usage, _("not a serial number: \"%s\""), operands[1]);
	if (reason == NULL)
		return cmd_usage_error(usage, _("--reason is required"));
	return 0;
}

static int run(struct tn_vote *v, char **operands)
{
	struct tn_err e;

	(void)operands;
	if (entry_void(v, (int)pass, serial, reason, &e) < 0)
		return cmd_fail(&e);
	printf(_("ballot %llu of pass %llu is void\n"), serial, (unsigned long long)pass);
	return 0;
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
