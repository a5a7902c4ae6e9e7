/* Hashes: BLAKE2b-256, each use with its own domain tag (docs/formats.md). */
#ifndef TINNHIEM_CHAIN_H
#define TINNHIEM_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#include "tinnhiem/record.h"

/* Call once before any hashing (sodium_init). 0 or -1. */
int chain_init(void);

void chain_definition_hash(const char *canonical, size_t len, uint8_t out[TN_HASH_LEN]);
/* H_i = BLAKE2b-256(tag || H_{i-1} || record line). */
void chain_extend(const uint8_t prev[TN_HASH_LEN], const char *line, size_t len,
		  uint8_t out[TN_HASH_LEN]);
void chain_tally_hash(const char *canonical, size_t len, uint8_t out[TN_HASH_LEN]);

#endif
