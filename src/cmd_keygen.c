#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/sign.h"

static const char usage[] = "tinnhiem keygen -o PREFIX [--passphrase-file FILE]";
static const char help[] =
    N_("Makes an Ed25519 key pair for sealing votes: PREFIX.key, the secret key\n"
       "encrypted under a passphrase (mode 0600), and PREFIX.pub, the public key to\n"
       "give observers. Neither file is ever overwritten. The passphrase, at least\n"
       "12 characters, is asked twice at the terminal, or read from the first line\n"
       "of --passphrase-file.\n\n"
       "Example:\n  tinnhiem keygen -o ban-kiem-phieu\n");

/* TINNHIEM_KDF=interactive makes keys quicker to open, and weaker: it is meant for tests. */
static int kdf_from_env(enum tn_kdf *kdf)
{
	const char *v = getenv("TINNHIEM_KDF");

	*kdf = TN_KDF_MODERATE;
	if (v == NULL || *v == '\0' || strcmp(v, "moderate") == 0)
		return 0;
	if (strcmp(v, "interactive") != 0)
		return cmd_usage_error(usage,
				       _("TINNHIEM_KDF=%s: expected interactive or moderate"), v);
	fprintf(stderr, "tinnhiem: %s\n",
		_("TINNHIEM_KDF=interactive: a quicker, weaker key derivation, meant for tests"));
	*kdf = TN_KDF_INTERACTIVE;
	return 0;
}

static const char *prefix, *passfile;

static const struct cmd_option options[] = {
    CMD_OPT_REQUIRED("output", 'o', "PREFIX", &prefix,
		     N_("write PREFIX.key and PREFIX.pub (required)")),
    CMD_OPT_STRING("passphrase-file", 0, "FILE", &passfile,
		   N_("read the passphrase from the first line of FILE")),
    CMD_OPT_END,
};

static int run(struct tn_vote *unused, char **operands)
{
	struct tn_pubkey pub;
	enum tn_kdf kdf;
	struct tn_err e;
	char *pass, id[2 * TN_KEYID_LEN + TN_KEYID_LEN / 2 + 1];
	size_t len;
	int rc;

	(void)unused;
	(void)operands;
	if ((rc = kdf_from_env(&kdf)) != 0)
		return rc;
	if (cmd_passphrase(passfile, true, &pass, &len, &e) < 0)
		return cmd_fail(&e);
	rc = sign_keygen(prefix, pass, len, kdf, &pub, &e);
	cmd_passphrase_free(pass);
	if (rc < 0)
		return cmd_fail(&e);
	hex_grouped(pub.keyid, TN_KEYID_LEN, id);
	printf(_("wrote %s.key (secret) and %s.pub; key id %s\n"), prefix, prefix, id);
	return 0;
}

const struct cmd_spec cmd_keygen = {
    .usage = usage,
    .help = help,
    .options = options,
    .operands = 0,
    .operands_error = N_("-o PREFIX is required"),
    .run = run,
};
