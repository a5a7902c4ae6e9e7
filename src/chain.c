#include <sodium.h>

#include "tinnhiem/chain.h"

/* Domain tags: a hash made for one purpose can never stand in for another. */
static const char tag_definition[] = TN_TAG_DEFINITION;
static const char tag_record[] = TN_TAG_RECORD;
static const char tag_tally[] = TN_TAG_TALLY;

int chain_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

static void tagged_hash(const char *tag, size_t taglen, const uint8_t *prev, const char *data,
			size_t len, uint8_t out[TN_HASH_LEN])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, TN_HASH_LEN);
	crypto_generichash_update(&st, (const unsigned char *)tag, taglen);
	if (prev != NULL)
		crypto_generichash_update(&st, prev, TN_HASH_LEN);
	crypto_generichash_update(&st, (const unsigned char *)data, len);
	crypto_generichash_final(&st, out, TN_HASH_LEN);
}

void chain_definition_hash(const char *canonical, size_t len, uint8_t out[TN_HASH_LEN])
{
	tagged_hash(tag_definition, sizeof tag_definition - 1, NULL, canonical, len, out);
}

void chain_extend(const uint8_t prev[TN_HASH_LEN], const char *line, size_t len,
		  uint8_t out[TN_HASH_LEN])
{
	tagged_hash(tag_record, sizeof tag_record - 1, prev, line, len, out);
}

void chain_tally_hash(const char *canonical, size_t len, uint8_t out[TN_HASH_LEN])
{
	tagged_hash(tag_tally, sizeof tag_tally - 1, NULL, canonical, len, out);
}

_Static_assert(TN_DIGEST_KEY_LEN == crypto_shorthash_siphashx24_KEYBYTES, "digest key");
_Static_assert(TN_DIGEST_LEN == crypto_shorthash_siphashx24_BYTES, "digest");

void chain_digest_key(uint8_t key[TN_DIGEST_KEY_LEN])
{
	randombytes_buf(key, TN_DIGEST_KEY_LEN);
}

void chain_digest(const uint8_t key[TN_DIGEST_KEY_LEN], const void *data, size_t len,
		  uint8_t out[TN_DIGEST_LEN])
{
	crypto_shorthash_siphashx24(out, data, len, key);
}
