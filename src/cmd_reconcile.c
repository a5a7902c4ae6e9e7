#include <stdio.h>

#include "cmd.h"
#include "tinnhiem/entry.h"
#include "tinnhiem/i18n.h"

static const char usage[] = "tinnhiem reconcile VOTE.db";
static const char help[] =
    N_("Double entry: compares the ballots of pass 1 and pass 2 (not void) paper by\n"
       "paper, by the number written on each paper, and lists every paper whose two\n"
       "readings differ or that only one pass has.\n"
       "Exit status 0 when the passes agree, 1 when they differ.\n\n"
       "Example:\n  tinnhiem reconcile demo.db\n");

static void print_difference(void *arg, const struct tn_difference *d)
{
	(void)arg;
	if (d->serial1 == 0)
		printf(_("paper %llu: only in pass 2 (read %s)\n"), (unsigned long long)d->paper,
		       d->reading2);
	else if (d->serial2 == 0)
		printf(_("paper %llu: only in pass 1 (read %s)\n"), (unsigned long long)d->paper,
		       d->reading1);
	else
		printf(_("paper %llu: pass 1 read %s, pass 2 read %s\n"),
		       (unsigned long long)d->paper, d->reading1, d->reading2);
}

static int run(struct tn_vote *v, char **operands)
{
	struct tn_err e;
	uint64_t count;

	(void)operands;
	if (entry_reconcile(v, print_difference, NULL, &count, &e) < 0)
		return cmd_fail(&e);
	if (count == 0) {
		printf(_("pass 1 and pass 2 agree\n"));
		return 0;
	}
	if (count == 1)
		printf(_("1 difference."));
	else
		printf(_("%llu differences."), (unsigned long long)count);
	printf(_(" Look at each paper; void the reading that is wrong\n"
		 "(tinnhiem void VOTE.db PAPER --pass 1|2 --reason TEXT) and enter that paper\n"
		 "again in the same pass, as \"PAPER: marks\".\n"));
	return 1;
}

const struct cmd_spec cmd_reconcile = {
    .usage = usage,
    .help = help,
    .operands = 1,
    .operands_error = N_("expected one vote file"),
    .run = run,
};
