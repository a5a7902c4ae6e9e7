/* Ed25519 keys for the seal: key files, key ids, signing the tally hash. */
#ifndef TINNHIEM_SIGN_H
#define TINNHIEM_SIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tinnhiem/err.h"
#include "tinnhiem/record.h"
#include "tinnhiem/util.h"

struct tn_pubkey {
	uint8_t keyid[TN_KEYID_LEN];
	uint8_t pk[TN_PK_LEN];
};

struct tn_seckey {
	struct tn_pubkey pub;
	uint8_t *sk; /* sodium_malloc'd, 64 bytes */
};

/* The key id: the first 8 bytes of a tagged BLAKE2b-256 of the public key. */
void sign_keyid(const uint8_t pk[TN_PK_LEN], uint8_t keyid[TN_KEYID_LEN]);

/*
 * The Argon2id work for a new key's passphrase: libsodium's moderate limits (256 MiB, 3
 * passes) for real keys; its interactive ones (64 MiB, 2 passes) only where speed matters
 * more than the key, in tests. The limits are written in the key file, which keeps loading.
 */
enum tn_kdf {
	TN_KDF_MODERATE,
	TN_KDF_INTERACTIVE,
};

/* The fewest characters (UTF-8 characters, not bytes) in the passphrase of a new key. */
#define TN_PASS_MIN 12

/*
 * Writes PREFIX.key (mode 0600) and PREFIX.pub, never overwriting either. A passphrase of
 * fewer than TN_PASS_MIN characters is TN_EUSAGE.
 */
int sign_keygen(const char *prefix, const char *pass, size_t passlen, enum tn_kdf kdf,
		struct tn_pubkey *out, struct tn_err *e);

int sign_parse_pubkey(const char *text, size_t len, struct tn_pubkey *pub, struct tn_err *e);
int sign_load_pubkey(const char *path, struct tn_pubkey *pub, struct tn_err *e);
void sign_format_pubkey(const struct tn_pubkey *pub, char out[128]);

/*
 * Refuses, as TN_EDATA, Argon2id limits above libsodium's "sensitive" ones (4 passes, 1 GiB):
 * a key file cannot make opening it slow. Checked before any key derivation.
 */
int sign_check_kdf_limits(unsigned long long ops, size_t mem, struct tn_err *e);

/*
 * Decrypts a secret key file, refusing one that group or others can read or write; a wrong
 * passphrase is TN_EDATA.
 */
int sign_load_seckey(const char *path, const char *pass, size_t passlen, struct tn_seckey *key,
		     struct tn_err *e);
/* What sign_load_seckey refuses before any passphrase: a key file missing or too open. */
int sign_check_seckey_file(const char *path, struct tn_err *e);
int sign_parse_seckey(const char *text, size_t len, const char *pass, size_t passlen,
		      struct tn_seckey *key, struct tn_err *e);
void sign_seckey_free(struct tn_seckey *key);

/* Signs a tally hash and verifies the signature before returning it. */
int sign_tally(const struct tn_seckey *key, const uint8_t hash[TN_HASH_LEN],
	       uint8_t sig[TN_SIG_LEN], struct tn_err *e);
bool sign_verify(const uint8_t pk[TN_PK_LEN], const uint8_t hash[TN_HASH_LEN],
		 const uint8_t sig[TN_SIG_LEN]);

/*
 * A board member's signature of a sealed tally (a signature record): over the tag, the tally
 * hash and the member's order in the board, so that it cannot be moved to another member.
 */
int sign_member(const struct tn_seckey *key, const uint8_t hash[TN_HASH_LEN], int member,
		uint8_t sig[TN_SIG_LEN], struct tn_err *e);
bool sign_verify_member(const uint8_t pk[TN_PK_LEN], const uint8_t hash[TN_HASH_LEN], int member,
			const uint8_t sig[TN_SIG_LEN]);

#endif
