/* Hashes: BLAKE2b-256, each use with its own domain tag (docs/formats.md). */
#ifndef TINNHIEM_CHAIN_H
#define TINNHIEM_CHAIN_H

#include <stddef.h>
#include <stdint.h>

/* Sizes, in bytes, of every hash, key and signature the formats hold. */
#define TN_HASH_LEN  32
#define TN_KEYID_LEN 8
#define TN_PK_LEN    32
#define TN_SIG_LEN   64

/* The domain tags: every hash and signature starts with its own, so none stands for another. */
#define TN_TAG_DEFINITION "tinnhiem:definition:1\n"
#define TN_TAG_RECORD	  "tinnhiem:record:1\n"
#define TN_TAG_TALLY	  "tinnhiem:tally:1\n"
#define TN_TAG_KEYID	  "tinnhiem:keyid:1\n"
#define TN_TAG_SEAL	  "tinnhiem:seal:1\n"
#define TN_TAG_SIGNATURE  "tinnhiem:signature:1\n"

/* Call once before any hashing (sodium_init). 0 or -1. */
int chain_init(void);

void chain_definition_hash(const char *canonical, size_t len, uint8_t out[TN_HASH_LEN]);
/* H_i = BLAKE2b-256(tag || H_{i-1} || record line). */
void chain_extend(const uint8_t prev[TN_HASH_LEN], const char *line, size_t len,
		  uint8_t out[TN_HASH_LEN]);
void chain_tally_hash(const char *canonical, size_t len, uint8_t out[TN_HASH_LEN]);

/*
 * For checks made in memory, never written: a fresh random key, and SipHash-2-4 with a
 * 128-bit output (libsodium's crypto_shorthash_siphashx24) keyed with it, a pseudorandom
 * function of the data to whoever does not know the key.
 */
#define TN_DIGEST_KEY_LEN 16
#define TN_DIGEST_LEN	  16
void chain_digest_key(uint8_t key[TN_DIGEST_KEY_LEN]);
void chain_digest(const uint8_t key[TN_DIGEST_KEY_LEN], const void *data, size_t len,
		  uint8_t out[TN_DIGEST_LEN]);

#endif
