#include <getopt.h>
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

int cmd_void(int argc, char **argv)
{
	static const struct option opts[] = {{"reason", required_argument, NULL, 'r'},
					     {"pass", required_argument, NULL, 'p'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *reason = NULL;
	unsigned long long pass = 1, serial;
	struct tn_vote v;
	struct tn_err e;
	int c, rc;

	while ((c = getopt_long(argc, argv, "hr:p:", opts, NULL)) != -1) {
		if (c == 'h')
			return cmd_help(usage, _(help));
		if (c == 'r')
			reason = optarg;
		else if (c == 'p' && (cmd_number(optarg, 2, &pass) < 0 || pass == 0))
			return cmd_usage_error(usage, _("--pass is 1 or 2"));
		else if (c == '?')
			return cmd_usage_error(usage, _("bad option"));
	}
	if (argc - optind != 2)
		return cmd_usage_error(usage, _("expected a vote file and a serial number"));
	if (cmd_number(argv[optind + 1], TN_MAX_COUNT, &serial) < 0 || serial == 0)
		return cmd_usage_error(usage, _("not a serial number: \"%s\""), argv[optind + 1]);
	if (reason == NULL)
		return cmd_usage_error(usage, _("--reason is required"));
	if (vote_open(argv[optind], true, &v, &e) < 0)
		return cmd_fail(&e);
	rc = entry_void(&v, (int)pass, serial, reason, &e);
	vote_close(&v);
	if (rc < 0)
		return cmd_fail(&e);
	printf(_("ballot %llu of pass %llu is void\n"), serial, pass);
	return 0;
}
