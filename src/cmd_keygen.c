#include <getopt.h>
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

int cmd_keygen(int argc, char **argv)
{
	static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
					     {"passphrase-file", required_argument, NULL, 'P'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *prefix = NULL, *passfile = NULL;
	struct tn_pubkey pub;
	enum tn_kdf kdf;
	struct tn_err e;
	char *pass, id[2 * TN_KEYID_LEN + TN_KEYID_LEN / 2 + 1];
	size_t len;
	int c, rc;

	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		if (c == 'h')
			return cmd_help(usage, _(help));
		if (c == 'o')
			prefix = optarg;
		else if (c == 'P')
			passfile = optarg;
		else
			return cmd_usage_error(usage, _("bad option"));
	}
	if (prefix == NULL || argc != optind)
		return cmd_usage_error(usage, _("-o PREFIX is required"));
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
