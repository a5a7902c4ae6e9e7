#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "tinnhiem/chain.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/sign.h"
#include "tinnhiem/vote.h"

static const char usage[] = "tinnhiem close VOTE.db [--key FILE.key] [--passphrase-file FILE]";
static const char help[] =
    N_("Seals the vote: after this nothing can be added. Refused, saying why, when a\n"
       "meeting fact is missing or inconsistent, the quorum is not met, the ballots\n"
       "entered (not void) differ from the ballots collected, or double entry is not\n"
       "reconciled. The seal holds the tally hash; with --key it is also signed.\n\n"
       "Example:\n  tinnhiem close demo.db --key ban-kiem-phieu.key\n");

static int close_vote(const char *path, const struct tn_seckey *key, struct tn_err *e)
{
	struct tn_vote v;
	struct tn_seal s;
	char hex[2 * TN_HASH_LEN + TN_HASH_LEN / 2 + 1];
	int rc;

	if ((rc = vote_open(path, true, &v, e)) < 0)
		return rc;
	rc = vote_seal(&v, key, &s, e);
	vote_close(&v);
	if (rc < 0)
		return rc;
	hex_grouped(s.tally_hash, TN_HASH_LEN, hex);
	printf(_("closed %s\ntally hash: %s\n"), path, hex);
	if (s.is_signed) {
		hex_grouped(s.keyid, TN_KEYID_LEN, hex);
		printf(_("signed with key %s\n"), hex);
	}
	return 0;
}

static const char *keyfile, *passfile;

static const struct cmd_option options[] = {
    CMD_OPT_STRING("key", 'k', "FILE.key", &keyfile, N_("sign the seal with this secret key")),
    CMD_OPT_STRING("passphrase-file", 0, "FILE", &passfile,
		   N_("read the passphrase from the first line of FILE")),
    CMD_OPT_END,
};

static int run(struct tn_vote *unused, char **operands)
{
	struct tn_seckey key = {0};
	struct tn_err e;
	char *pass;
	size_t len;
	int rc;

	(void)unused;
	if (keyfile != NULL) {
		/* the key is opened before the vote file is locked: a passphrase takes time */
		if (cmd_passphrase(passfile, false, &pass, &len, &e) < 0)
			return cmd_fail(&e);
		rc = sign_load_seckey(keyfile, pass, len, &key, &e);
		cmd_passphrase_free(pass);
		if (rc < 0)
			return cmd_fail(&e);
	}
	rc = close_vote(operands[0], keyfile ? &key : NULL, &e);
	sign_seckey_free(&key);
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
