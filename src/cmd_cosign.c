#include <stdio.h>

#include "cmd.h"
#include "tinnhiem/chain.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/sign.h"
#include "tinnhiem/vote.h"

static const char usage[] =
    "tinnhiem cosign VOTE.db --member N --key FILE.key [--passphrase-file FILE]";
static const char help[] =
    N_("Adds one board member's signature to a sealed vote: member N of the board (1\n"
       "is the Trưởng ban, in the order of the definition) signs the tally hash with\n"
       "their key. Refused when the vote is not sealed, the member has signed, or the\n"
       "key has signed for another member. Nothing else is added to a sealed vote.\n\n"
       "Example:\n  tinnhiem cosign demo.db --member 3 --key uy-vien-3.key\n");

static const char *keyfile, *passfile;
static long long member;

static const struct cmd_option options[] = {
    CMD_OPT_NUMBER("member", 'm', "N", &member, 1, TN_MAX_LIST,
		   N_("the member of the board who signs, in board order (required)")),
    CMD_OPT_REQUIRED("key", 'k', "FILE.key", &keyfile, N_("that member's secret key (required)")),
    CMD_OPT_STRING("passphrase-file", 0, "FILE", &passfile,
		   N_("read the passphrase from the first line of FILE")),
    CMD_OPT_END,
};

static int cosign(const char *path, const struct tn_seckey *key, struct tn_err *e)
{
	char hex[2 * TN_HASH_LEN + TN_HASH_LEN / 2 + 1];
	struct tn_seal s;
	struct tn_vote v;
	int rc;

	if ((rc = vote_open(path, true, &v, e)) < 0)
		return rc;
	if ((rc = vote_cosign(&v, key, (int)member, &s, e)) == 0) {
		hex_grouped(key->pub.keyid, TN_KEYID_LEN, hex);
		printf(_("signed for %lld. %s (%s) with key %s\n"), member,
		       v.def.board[member - 1].name, v.def.board[member - 1].role, hex);
		hex_grouped(s.tally_hash, TN_HASH_LEN, hex);
		printf(_("tally hash: %s\n"), hex);
	}
	vote_close(&v);
	return rc;
}

static int run(struct tn_vote *unused, char **operands)
{
	struct tn_seckey key = {0};
	struct tn_vote v;
	struct tn_err e;
	int rc;

	(void)unused;
	if (member == 0)
		return cmd_usage_error(usage, _("--member N is required"));
	/* what refuses any key is said before a passphrase is asked (and checked again after) */
	if ((rc = vote_open(operands[0], false, &v, &e)) == 0) {
		rc = vote_check_cosignable(&v, (int)member, &e);
		vote_close(&v);
	}
	if (rc < 0)
		return cmd_fail(&e);
	if (cmd_load_keys(&keyfile, 1, &passfile, passfile != NULL, &key, &e) < 0)
		return cmd_fail(&e);
	rc = cosign(operands[0], &key, &e);
	sign_seckey_free(&key);
	return rc < 0 ? cmd_fail(&e) : 0;
}

const struct cmd_spec cmd_cosign = {
    .usage = usage,
    .help = help,
    .options = options,
    .operands = 1,
    .operands_error = N_("expected one vote file"),
    .run = run,
};
