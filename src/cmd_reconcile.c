#include <stdio.h>

#include "cmd.h"
#include "tinnhiem/entry.h"
#include "tinnhiem/i18n.h"

static const char usage[] = "tinnhiem reconcile VOTE.db";
static const char help[] =
    N_("Double entry: compares the ballots of pass 1 and pass 2 (not void) in order and\n"
       "lists every position where they differ or where only one pass has a ballot.\n"
       "Exit status 0 when the passes agree, 1 when they differ.\n\n"
       "Example:\n  tinnhiem reconcile demo.db\n");

static void print_difference(void *arg, const struct tn_difference *d)
{
	(void)arg;
	if (d->serial1 == 0)
		printf(_("ballot %llu: only in pass 2 (serial %llu, read %s)\n"),
		       (unsigned long long)d->position, (unsigned long long)d->serial2,
		       d->reading2);
	else if (d->serial2 == 0)
		printf(_("ballot %llu: only in pass 1 (serial %llu, read %s)\n"),
		       (unsigned long long)d->position, (unsigned long long)d->serial1,
		       d->reading1);
	else
		printf(_("ballot %llu: pass 1 serial %llu read %s; pass 2 serial %llu read %s\n"),
		       (unsigned long long)d->position, (unsigned long long)d->serial1, d->reading1,
		       (unsigned long long)d->serial2, d->reading2);
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
	printf(_("%llu differences\n"), (unsigned long long)count);
	return 1;
}

const struct cmd_spec cmd_reconcile = {
    .usage = usage,
    .help = help,
    .operands = 1,
    .operands_error = N_("expected one vote file"),
    .run = run,
};
