#include <getopt.h>
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

int cmd_close(int argc, char **argv)
{
	static const struct option opts[] = {{"key", required_argument, NULL, 'k'},
					     {"passphrase-file", required_argument, NULL, 'P'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *keyfile = NULL, *passfile = NULL;
	struct tn_seckey key = {0};
	struct tn_err e;
	char *pass;
	size_t len;
	int c, rc;

	while ((c = getopt_long(argc, argv, "hk:", opts, NULL)) != -1) {
		if (c == 'h')
			return cmd_help(usage, _(help));
		if (c == 'k')
			keyfile = optarg;
		else if (c == 'P')
			passfile = optarg;
		else
			return cmd_usage_error(usage, _("bad option"));
	}
	if (argc - optind != 1)
		return cmd_usage_error(usage, _("expected one vote file"));
	if (keyfile != NULL) {
		/* the key is opened before the vote file is locked: a passphrase takes time */
		if (cmd_passphrase(passfile, false, &pass, &len, &e) < 0)
			return cmd_fail(&e);
		rc = sign_load_seckey(keyfile, pass, len, &key, &e);
		cmd_passphrase_free(pass);
		if (rc < 0)
			return cmd_fail(&e);
	}
	rc = close_vote(argv[optind], keyfile ? &key : NULL, &e);
	sign_seckey_free(&key);
	return rc < 0 ? cmd_fail(&e) : 0;
}
