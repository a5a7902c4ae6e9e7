#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "tinnhiem/chain.h"
#include "tinnhiem/entry.h"
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

static int seal(struct tn_vote *v, const struct tn_seckey *key, struct tn_seal *out,
		struct tn_err *e)
{
	struct tn_record rec = {.kind = TN_REC_SEAL};
	struct tn_buf canon = {0};
	struct tn_replay r;
	uint64_t diffs = 0;
	int rc;

	if ((rc = vote_check_open(v, e)) < 0)
		return rc;
	if ((rc = vote_replay(v, true, &r, e)) < 0) {
		replay_free(&r);
		return tn_prefix(e, _("the vote file does not verify"));
	}
	rc = tally_check_closable(&r.tally, e);
	if (rc == 0 && v->def.double_entry &&
	    (rc = entry_reconcile(v, NULL, NULL, &diffs, e)) == 0 && diffs)
		rc = tn_fail(e, TN_EDATA,
			     _("double entry: %llu differences between the passes "
			       "(tinnhiem reconcile)"),
			     (unsigned long long)diffs);
	if (rc == 0) {
		tally_canonical(&r.tally, v->def.hash, r.nrecords, r.head, &canon);
		chain_tally_hash(canon.data, canon.len, rec.u.seal.tally_hash);
		if (key != NULL) {
			rec.u.seal.is_signed = true;
			memcpy(rec.u.seal.keyid, key->pub.keyid, TN_KEYID_LEN);
			memcpy(rec.u.seal.pk, key->pub.pk, TN_PK_LEN);
			rc = sign_tally(key, rec.u.seal.tally_hash, rec.u.seal.sig, e);
		}
	}
	if (rc == 0 && (rc = vote_append(v, &rec, e)) == 0)
		*out = rec.u.seal;
	buf_free(&canon);
	replay_free(&r);
	return rc < 0 ? tn_prefix(e, _("not closed")) : 0;
}

static int close_vote(const char *path, const struct tn_seckey *key, struct tn_err *e)
{
	struct tn_vote v;
	struct tn_seal s;
	char hex[2 * TN_HASH_LEN + TN_HASH_LEN / 2 + 1];
	int rc;

	if ((rc = vote_open(path, true, &v, e)) < 0)
		return rc;
	if ((rc = store_begin(v.store, e)) == 0) {
		rc = seal(&v, key, &s, e);
		rc = rc == 0 ? store_commit(v.store, e) : (store_rollback(v.store), rc);
	}
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
