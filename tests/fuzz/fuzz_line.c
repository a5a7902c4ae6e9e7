/* libFuzzer target: the ballot line grammar and the record form of what it accepts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tinnhiem/entry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tn_rules rules[2] = {rules_for_profile(TN_QD96_2023),
				    rules_for_profile(TN_NQ96_2023)};
	size_t members = size ? (size_t)data[0] % 20 + 1 : 1;
	struct tn_ballot b;
	enum tn_line kind;
	struct tn_err e;

	for (int interactive = 0; interactive < 2; interactive++) {
		if (entry_parse_line((const char *)data, size, members, interactive, &kind, &b,
				     &e) != 0 ||
		    kind != TN_LINE_BALLOT)
			continue;
		for (int r = 0; r < 4; r++) {
			struct tn_record rec, back;
			struct tn_buf line = {0};

			record_judge_ballot(&b, &rules[r % 2]);
			/*
			 * a record the program could write: pass 1 numbers its papers in order,
			 * so its serial is never below its paper (a correction names an
			 * earlier paper); pass 2 names any paper
			 */
			b.pass = r < 2 ? 1 : 2;
			b.serial = b.pass == 2 || b.paper == 0	? 1
				   : b.paper + 1 < TN_MAX_COUNT ? b.paper + 1
								: b.paper;
			rec.kind = TN_REC_BALLOT;
			rec.u.ballot = b;
			record_format(&rec, &line);
			/* a typed ballot always makes a record that parses back */
			if (record_parse(line.data, line.len, members, &rules[r % 2], &back, &e) !=
			    0)
				abort();
			buf_free(&line);
		}
	}
	return 0;
}
