/* libFuzzer target: the bundle reader and verifier (canonical definition, records, tally). */
#include <stdint.h>
#include <stdio.h>

#include "tinnhiem/bundle.h"
#include "tinnhiem/chain.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tn_definition d;
	struct tn_replay r;
	struct tn_err e;
	FILE *f;

	if (size == 0 || (f = fmemopen((void *)data, size, "r")) == NULL)
		return 0;
	chain_init();
	if (bundle_verify(f, "fuzz.bundle", NULL, &d, &r, &e) == 0) {
		replay_free(&r);
		definition_free(&d);
	}
	fclose(f);
	return 0;
}
