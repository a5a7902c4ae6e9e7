#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "tinnhiem/chain.h"
#include "tinnhiem/definition.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/sign.h"
#include "tinnhiem/vote.h"

static const char usage[] =
    "tinnhiem close VOTE.db [--key FILE.key]... [--passphrase-file FILE]...";
static const char help[] =
    N_("Seals the vote: after this nothing can be added but the board's signatures.\n"
       "Refused, saying why, when a held ballot is not decided, a meeting fact is\n"
       "missing or inconsistent, the quorum is not met, the ballots entered (not void)\n"
       "differ from the ballots collected, or double entry is not reconciled. The seal\n"
       "holds the tally hash. Each --key signs it for a member of the board, in the\n"
       "order of the board: the first for the Trưởng ban, the next for the second\n"
       "member, and so on; a member signs later with tinnhiem cosign. Each key's\n"
       "passphrase is asked at the terminal, or read from the --passphrase-file given\n"
       "in the same place (one per key).\n\n"
       "Example:\n  tinnhiem close demo.db --key truong-ban.key --key uy-vien.key\n");

static void print_signers(const struct tn_definition *d, size_t nkeys, const struct tn_seckey *keys)
{
	char hex[2 * TN_KEYID_LEN + TN_KEYID_LEN / 2 + 1];

	for (size_t i = 0; i < nkeys; i++) {
		hex_grouped(keys[i].pub.keyid, TN_KEYID_LEN, hex);
		printf(_("signed for %zu. %s (%s) with key %s\n"), i + 1, d->board[i].name,
		       d->board[i].role, hex);
	}
}

static int close_vote(const char *path, const struct tn_seckey *keys, size_t nkeys,
		      struct tn_err *e)
{
	struct tn_vote v;
	struct tn_seal s;
	char hex[2 * TN_HASH_LEN + TN_HASH_LEN / 2 + 1];
	int rc;

	if ((rc = vote_open(path, true, &v, e)) < 0)
		return rc;
	rc = vote_seal(&v, keys, nkeys, &s, e);
	if (rc == 0) {
		hex_grouped(s.tally_hash, TN_HASH_LEN, hex);
		printf(_("closed %s\ntally hash: %s\n"), path, hex);
		print_signers(&v.def, nkeys, keys);
	}
	vote_close(&v);
	return rc;
}

static const char *keyfiles[TN_MAX_LIST], *passfiles[TN_MAX_LIST];
static size_t nkeys, npass;

static const struct cmd_option options[] = {
    CMD_OPT_LIST("key", 'k', "FILE.key", keyfiles, &nkeys, TN_MAX_LIST,
		 N_("sign the seal with this secret key (once per member, in board order)")),
    CMD_OPT_LIST("passphrase-file", 0, "FILE", passfiles, &npass, TN_MAX_LIST,
		 N_("read the passphrase of the key in the same place from FILE")),
    CMD_OPT_END,
};

static int run(struct tn_vote *unused, char **operands)
{
	static struct tn_seckey keys[TN_MAX_LIST];
	struct tn_err e;
	int rc;

	(void)unused;
	/* the keys are opened before the vote file is locked: a passphrase takes time */
	if (cmd_load_keys(keyfiles, nkeys, passfiles, npass, keys, &e) < 0)
		return cmd_fail(&e);
	rc = close_vote(operands[0], keys, nkeys, &e);
	for (size_t i = 0; i < nkeys; i++)
		sign_seckey_free(&keys[i]);
	return rc < 0 ? cmd_fail(&e) : 0;
}

const struct cmd_spec cmd_close = {
    .usage = usage,
    .help = help,
    .options = options,
    .operands = 1,
    .operands_error = N_("expected one vote file"),
    .run = run,
};
