/*
 * libFuzzer target: the public and secret key file parsers. Secret key files asking for more
 * than libsodium's interactive limits, but no more than a key file may ask for, are skipped,
 * so that the fuzzer tests parsing rather than Argon2id's appetite; those asking for more are
 * parsed, and must be refused before any derivation.
 */
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tinnhiem/sign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[4096];
	struct tn_pubkey pub;
	struct tn_seckey key;
	struct tn_err e;
	unsigned long long ops, mem;
	const char *kdf;

	if (size >= sizeof text || sodium_init() < 0)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	sign_parse_pubkey(text, size, &pub, &e);
	kdf = strstr(text, "kdf argon2id13 ");
	if (kdf != NULL && sscanf(kdf, "kdf argon2id13 %llu %llu", &ops, &mem) == 2 &&
	    (mem > crypto_pwhash_MEMLIMIT_INTERACTIVE ||
	     ops > crypto_pwhash_OPSLIMIT_INTERACTIVE) &&
	    mem <= SIZE_MAX && sign_check_kdf_limits(ops, (size_t)mem, NULL) == 0)
		return 0;
	if (sign_parse_seckey(text, size, "vector only: never use this key", 31, &key, &e) == 0)
		sign_seckey_free(&key);
	return 0;
}
