#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "tinnhiem/atomic.h"
#include "tinnhiem/chain.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/vote.h"

/* What main opens for a command before its work (git's RUN_SETUP): its first operand. */
enum vote_access {
	OPENS_ITSELF, /* the command opens what it needs, or needs no vote file */
	VOTE_READ,    /* the vote file, read-only */
	VOTE_WRITE,   /* the vote file, to record into */
};

struct command {
	const char *name;
	const struct cmd_spec *spec;
	enum vote_access access;
	const char *summary;
};

static const struct command commands[] = {
    /* init creates the vote file */
    {"init", &cmd_init, OPENS_ITSELF, N_("create a vote file from a definition")},
    {"show", &cmd_show, VOTE_READ, N_("show the definition, meeting facts, state and hashes")},
    /* ballots, minutes, journal, export: main checks their output path before it opens the vote */
    {"ballots", &cmd_ballots, VOTE_READ, N_("print the blank paper ballot (PDF)")},
    {"meeting", &cmd_meeting, VOTE_WRITE, N_("record the meeting facts")},
    {"enter", &cmd_enter, VOTE_WRITE, N_("enter paper ballots, at a terminal or from a file")},
    {"scan", &cmd_scan, VOTE_WRITE, N_("read scanned paper ballots; doubtful rows go to a person")},
    {"void", &cmd_void, VOTE_WRITE, N_("cancel a wrongly entered ballot")},
    {"decide", &cmd_decide, VOTE_WRITE, N_("record the board's reading of a held ballot")},
    {"reconcile", &cmd_reconcile, VOTE_READ,
     N_("list the differences between entry passes 1 and 2")},
    {"tally", &cmd_tally, VOTE_READ, N_("per-member results")},
    /* keygen needs no vote */
    {"keygen", &cmd_keygen, OPENS_ITSELF, N_("make a signing key pair")},
    /* close loads the key, asking its passphrase, before it opens the vote */
    {"close", &cmd_close, OPENS_ITSELF, N_("seal the vote, optionally signed")},
    /* cosign, like close, loads the key first */
    {"cosign", &cmd_cosign, OPENS_ITSELF, N_("add a board member's signature to a sealed vote")},
    {"minutes", &cmd_minutes, VOTE_READ, N_("the official minutes (PDF or text)")},
    {"journal", &cmd_journal, VOTE_READ, N_("the entry journal: every record, for the dossier")},
    {"export", &cmd_export, VOTE_READ, N_("write the observer's bundle")},
    /* verify reads a bundle or a vote file, told apart by the file's first bytes */
    {"verify", &cmd_verify, OPENS_ITSELF, N_("recompute and check a bundle or a vote file")},
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

/* Parses the command line by the command's table, opens its vote file if main is to, works. */
static int run(const struct command *c, int argc, char **argv)
{
	struct tn_vote vote, *v = NULL;
	struct tn_err e;
	char **operands;
	int status;

	if (cmd_parse(c->spec, argc, argv, &operands, &status) < 0)
		return status;
	if (c->spec->output != NULL &&
	    atomic_check_target(*c->spec->output, *c->spec->force, operands[0], &e) < 0)
		return cmd_fail(&e);
	if (c->access != OPENS_ITSELF) {
		if (vote_open(operands[0], c->access == VOTE_WRITE, &vote, &e) < 0)
			return cmd_fail(&e);
		v = &vote;
	}
	status = c->spec->run(v, operands);
	if (v != NULL)
		vote_close(v);
	return status;
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
			return run(&commands[i], argc - 1, argv + 1);
	return unknown(argv[1]);
}
