#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "tinnhiem/bundle.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/report.h"
#include "tinnhiem/sign.h"
#include "tinnhiem/vote.h"

static const char usage[] = "tinnhiem verify FILE|VOTE.db|- [--pubkey FILE.pub]... [--expect HASH] "
			    "[--no-authenticity]";
static const char help[] =
    N_("Recomputes everything from the records: the definition hash, the hash chain,\n"
       "the tally, the tally hash and the signatures, and prints the result, with the\n"
       "members of the board who signed. With --pubkey (once per key) each key given\n"
       "must have signed the seal; with --expect the tally hash must be HASH (as\n"
       "printed in the minutes; spaces and case are ignored). A bundle\n"
       "needs --pubkey or --expect: without them anyone could have made it; give\n"
       "--no-authenticity to check only that it is consistent. - reads standard input.\n"
       "Exit status: 0 all match; 1 something does not match (the first record or\n"
       "field that does not is named); 65 not a well-formed bundle.\n\n"
       "Example:\n  tinnhiem verify demo.bundle --pubkey ban-kiem-phieu.pub "
       "--expect \"1a2b 3c4d ...\"\n");

struct options {
	const char *pubkeys[TN_MAX_LIST];
	size_t npubkeys;
	const char *expect;
	bool no_authenticity;
};

static int check_expect(const struct tn_replay *r, const char *expect, struct tn_err *e)
{
	char want[2 * TN_HASH_LEN + 1], got[2 * TN_HASH_LEN + 1];
	size_t n = 0;

	for (const char *p = expect; *p; p++) {
		if (*p == ' ')
			continue;
		if (n == 2 * TN_HASH_LEN || !isxdigit((unsigned char)*p))
			return tn_fail(e, TN_EUSAGE, _("--expect: not a tally hash"));
		want[n++] = (char)tolower((unsigned char)*p);
	}
	want[n] = '\0';
	if (n != 2 * TN_HASH_LEN)
		return tn_fail(e, TN_EUSAGE, _("--expect: not a tally hash"));
	if (!r->sealed)
		return tn_fail(e, TN_EVERIFY, _("--expect: the vote is not sealed"));
	hex_encode(r->seal.tally_hash, TN_HASH_LEN, got);
	if (strcmp(want, got) != 0) {
		char have[2 * TN_HASH_LEN + TN_HASH_LEN / 2 + 1], wanted[sizeof have];
		uint8_t raw[TN_HASH_LEN];

		hex_grouped(r->seal.tally_hash, TN_HASH_LEN, have);
		hex_decode(want, 2 * TN_HASH_LEN, raw, TN_HASH_LEN);
		hex_grouped(raw, TN_HASH_LEN, wanted);
		return tn_fail(
		    e, TN_EVERIFY,
		    _("the tally hash is not the expected one:\n  expected %s\n  sealed   "
		      "%s\n(is this the bundle of another vote?)"),
		    wanted, have);
	}
	return 0;
}

/* Every key given signed the seal; given[i] says which signer each is. */
static int check_pubkeys(const struct tn_replay *r, const struct options *o,
			 const struct tn_signer **given, struct tn_err *e)
{
	char hex[2 * TN_KEYID_LEN + TN_KEYID_LEN / 2 + 1];
	struct tn_pubkey pub;

	for (size_t i = 0; i < o->npubkeys; i++) {
		if (sign_load_pubkey(o->pubkeys[i], &pub, e) < 0)
			return e->code;
		given[i] = NULL;
		for (size_t k = 0; k < r->nsigners; k++)
			if (memcmp(pub.pk, r->signers[k].pk, TN_PK_LEN) == 0)
				given[i] = &r->signers[k];
	}
	if (o->npubkeys > 0 && !r->sealed)
		return tn_fail(e, TN_EVERIFY, _("--pubkey: the vote is not sealed"));
	if (o->npubkeys > 0 && r->nsigners == 0)
		return tn_fail(e, TN_EVERIFY, _("the seal is not signed"));
	for (size_t i = 0; i < o->npubkeys; i++) {
		if (given[i] == NULL) {
			sign_load_pubkey(o->pubkeys[i], &pub, e);
			hex_grouped(pub.keyid, TN_KEYID_LEN, hex);
			return tn_fail(
			    e, TN_EVERIFY,
			    _("%s: key %s has not signed this seal (it is not the key of "
			      "a board member who signed)"),
			    o->pubkeys[i], hex);
		}
	}
	return 0;
}

static bool was_given(const struct tn_signer *s, const struct tn_signer *const *given, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (given[i] == s)
			return true;
	return false;
}

/* Each member of the board: signed with which key, whether that key was given; or not. */
static void print_signers(const struct tn_definition *d, const struct tn_replay *r,
			  const struct options *o, const struct tn_signer *const *given)
{
	char hex[2 * TN_KEYID_LEN + TN_KEYID_LEN / 2 + 1];

	if (r->nsigners == 0) {
		printf(_("signature: none\n"));
		return;
	}
	printf(_("signatures: %zu of the %zu members of the board\n"), r->nsigners, d->nboard);
	for (size_t m = 1; m <= d->nboard; m++) {
		const struct tn_signer *s = replay_signer(r, (int)m);

		printf("  %zu. %s (%s): ", m, d->board[m - 1].name, d->board[m - 1].role);
		if (s == NULL) {
			printf(_("has not signed\n"));
			continue;
		}
		hex_grouped(s->keyid, TN_KEYID_LEN, hex);
		printf(was_given(s, given, o->npubkeys) ? _("good, key %s (a given public key)\n")
		       : o->npubkeys ? _("good, key %s (not among the public keys given)\n")
				     : _("good, key %s (give --pubkey to check whose it is)\n"),
		       hex);
	}
}

static void print_result(const struct tn_definition *d, const struct tn_replay *r,
			 const struct options *o, const struct tn_signer *const *given)
{
	char hex[2 * TN_HASH_LEN + TN_HASH_LEN / 2 + 1];
	struct tn_buf out = {0};

	hex_grouped(d->hash, TN_HASH_LEN, hex);
	printf(_("definition hash: %s\n"), hex);
	hex_grouped(r->head, TN_HASH_LEN, hex);
	printf(_("records: %lld, chain head %s: all match\n"), (long long)r->nrecords, hex);
	if (r->ndecided)
		printf(_("held ballots decided by the board: %zu\n"), r->ndecided);
	if (r->sealed) {
		hex_grouped(r->seal.tally_hash, TN_HASH_LEN, hex);
		printf(_("sealed; tally hash %s: matches the records\n"), hex);
		print_signers(d, r, o, given);
		if (o->expect)
			printf(_("tally hash: as expected\n"));
	} else {
		printf(_("not sealed: the vote is still open\n"));
	}
	putchar('\n');
	report_tally(d, &r->tally, r->sealed ? r->seal.tally_hash : NULL, TN_FMT_TEXT, &out);
	fwrite(out.data, 1, out.len, stdout);
	buf_free(&out);
}

static int finish(const struct tn_definition *d, const struct tn_replay *r, const struct options *o,
		  struct tn_err *e)
{
	const struct tn_signer *given[TN_MAX_LIST];

	if (o->npubkeys && check_pubkeys(r, o, given, e) < 0)
		return e->code;
	if (o->expect && check_expect(r, o->expect, e) < 0)
		return e->code;
	print_result(d, r, o, given);
	return 0;
}

static int verify_vote_file(const char *path, const struct options *o, struct tn_err *e)
{
	struct tn_replay r = {0};
	struct cmd_bar bar;
	struct tn_vote v;
	int rc;

	if ((rc = vote_open(path, false, &v, e)) < 0)
		return rc;
	if ((rc = definition_check_names(&v.def, e)) < 0) {
		vote_close(&v);
		return tn_prefix(e, "%s", path);
	}
	cmd_warn_sidecars(path);
	v.progress = cmd_bar_start(&bar, _("verifying"));
	if ((rc = vote_replay(&v, &r, e)) < 0)
		tn_prefix(e, "%s", path);
	cmd_bar_end(&bar);
	if (rc == 0)
		rc = finish(&v.def, &r, o, e);
	replay_free(&r);
	vote_close(&v);
	return rc;
}

static int verify_bundle(FILE *f, const char *path, const struct options *o, struct tn_err *e)
{
	if (!o->npubkeys && !o->expect && !o->no_authenticity)
		return tn_fail(e, TN_EUSAGE,
			       _("%s: a bundle is checked against the board's public key "
				 "(--pubkey) or the tally hash on the signed minutes (--expect); "
				 "--no-authenticity checks only that it is consistent"),
			       path);
	struct tn_definition d;
	struct tn_replay r;
	struct cmd_bar bar;
	int rc = bundle_verify(f, path, cmd_bar_start(&bar, _("verifying")), &d, &r, e);

	cmd_bar_end(&bar);
	if (rc < 0)
		return rc;
	rc = finish(&d, &r, o, e);
	if (rc == 0 && o->no_authenticity && !o->npubkeys && !o->expect)
		printf(_("AUTHENTICITY NOT CHECKED: this bundle is consistent, but anyone could "
			 "have made it; check it with --pubkey or --expect\n"));
	replay_free(&r);
	definition_free(&d);
	return rc;
}

/* Standard input or a pipe, copied to an unnamed file: the bundle is read twice. */
static FILE *spool(FILE *in, const char *path, struct tn_err *e)
{
	char buf[65536];
	FILE *f = tmpfile();
	size_t n;

	if (f == NULL) {
		tn_fail(e, TN_EIO, "%s: %s", path, strerror(errno));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, f) != n)
			break;
	if (ferror(in) || ferror(f) || fflush(f) != 0 || fseek(f, 0, SEEK_SET) != 0) {
		tn_fail(e, TN_EIO, "%s: %s", path, strerror(errno ? errno : EIO));
		fclose(f);
		return NULL;
	}
	return f;
}

static int verify_path(const char *path, const struct options *o, struct tn_err *e)
{
	static const char sqlite_magic[16] = "SQLite format 3";
	char head[16] = {0};
	bool is_stdin = strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : open_input(path, "rb", e);
	struct stat st;
	size_t n;
	int rc;

	if (f == NULL)
		return e->code;
	if (is_stdin)
		path = _("standard input");
	if (fstat(fileno(f), &st) == 0 && !S_ISREG(st.st_mode)) {
		FILE *copy = spool(f, path, e);

		if (!is_stdin)
			fclose(f);
		if (copy == NULL)
			return e->code;
		rc = verify_bundle(copy, path, o, e);
		fclose(copy);
		return rc;
	}
	n = fread(head, 1, sizeof head, f);
	if (n == sizeof head && memcmp(head, sqlite_magic, sizeof head) == 0) {
		if (is_stdin)
			return tn_fail(e, TN_EUSAGE,
				       _("a vote file is verified by its name, not from standard "
					 "input"));
		fclose(f);
		return verify_vote_file(path, o, e);
	}
	rewind(f);
	rc = verify_bundle(f, path, o, e);
	if (!is_stdin)
		fclose(f);
	return rc;
}

static struct options given;

static const struct cmd_option options[] = {
    CMD_OPT_LIST("pubkey", 'p', "FILE.pub", given.pubkeys, &given.npubkeys, TN_MAX_LIST,
		 N_("the seal must be signed by this public key (once per key)")),
    CMD_OPT_STRING("expect", 'x', "HASH", &given.expect, N_("the tally hash must be HASH")),
    CMD_OPT_FLAG("no-authenticity", 0, &given.no_authenticity,
		 N_("check only that a bundle is consistent")),
    CMD_OPT_END,
};

static int run(struct tn_vote *unused, char **operands)
{
	struct tn_err e;

	(void)unused;
	if (verify_path(operands[0], &given, &e) < 0) {
		if (e.code == TN_EVERIFY)
			fprintf(stderr, _("tinnhiem: VERIFICATION FAILED\n"));
		return cmd_fail(&e);
	}
	printf(_("\nverified: everything matches\n"));
	return 0;
}

const struct cmd_spec cmd_verify = {
    .usage = usage,
    .help = help,
    .options = options,
    .operands = 1,
    .operands_error = N_("expected one bundle or vote file"),
    .run = run,
};
