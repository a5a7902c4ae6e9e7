/* libFuzzer target: the INI definition parser, and the canonical form it produces. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tinnhiem/chain.h"
#include "tinnhiem/definition.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tn_definition d, again;
	struct tn_buf canon = {0};
	struct tn_err e;
	FILE *f;

	if (size == 0 || (f = fmemopen((void *)data, size, "r")) == NULL)
		return 0;
	chain_init();
	if (definition_parse_ini(f, "fuzz.ini", &d, &e) == 0) {
		/* whatever is accepted has a canonical form that reads back to the same hash */
		definition_canonical(&d, &canon);
		if (definition_parse_canonical(canon.data, canon.len, &again, &e) != 0 ||
		    memcmp(again.hash, d.hash, sizeof d.hash) != 0)
			abort();
		definition_free(&again);
		definition_free(&d);
		buf_free(&canon);
	}
	fclose(f);
	return 0;
}
