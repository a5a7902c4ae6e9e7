#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "tinnhiem/chain.h"
#include "tinnhiem/i18n.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
    {"init", cmd_init, N_("create a vote file from a definition")},
    {"show", cmd_show, N_("show the definition, meeting facts, state and hashes")},
    {"ballots", cmd_ballots, N_("print the blank paper ballot (PDF)")},
    {"meeting", cmd_meeting, N_("record the meeting facts")},
    {"enter", cmd_enter, N_("enter paper ballots, at a terminal or from a file")},
    {"void", cmd_void, N_("cancel a wrongly entered ballot")},
    {"reconcile", cmd_reconcile, N_("list the differences between entry passes 1 and 2")},
    {"tally", cmd_tally, N_("per-member results")},
    {"keygen", cmd_keygen, N_("make a signing key pair")},
    {"close", cmd_close, N_("seal the vote, optionally signed")},
    {"minutes", cmd_minutes, N_("the official minutes (PDF or text)")},
    {"export", cmd_export, N_("write the observer's bundle")},
    {"verify", cmd_verify, N_("recompute and check a bundle or a vote file")},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
	fprintf(f, "%s tinnhiem COMMAND [OPTION]... \n\n", _("usage:"));
	fputs(_("Counts the paper ballots of a mid-term confidence vote.\n\nCommands:\n"), f);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
	fputs(_("\nEvery command has --help. See tinnhiem(1).\n"), f);
}

/* Edit distance, to suggest the command the user meant. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[32], prev, tmp;

	if (la > 30 || lb > 30)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t best = prev + (a[i - 1] != b[j - 1]);

			tmp = row[j];
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}

static int unknown(const char *name)
{
	const char *best = NULL;
	size_t bestd = 3;

	for (size_t i = 0; i < NCOMMANDS; i++) {
		size_t d = distance(name, commands[i].name);

		if (d < bestd || strncmp(name, commands[i].name, strlen(name)) == 0) {
			bestd = d;
			best = commands[i].name;
		}
	}
	fprintf(stderr, _("tinnhiem: unknown command \"%s\"\n"), name);
	if (best)
		fprintf(stderr, _("Did you mean \"%s\"?\n"), best);
	fputs(_("Run \"tinnhiem --help\" for the list of commands.\n"), stderr);
	return 2;
}

int main(int argc, char **argv)
{
	i18n_init();
	if (chain_init() < 0) {
		fputs("tinnhiem: libsodium failed to start\n", stderr);
		return 70;
	}
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("tinnhiem %s\n", TN_VERSION);
		return 0;
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	return unknown(argv[1]);
}
