/* The observer's bundle: one UTF-8 text file, every byte of it covered by the hashes. */
#ifndef TINNHIEM_BUNDLE_H
#define TINNHIEM_BUNDLE_H

#include <stdio.h>

#include "tinnhiem/definition.h"
#include "tinnhiem/replay.h"
#include "tinnhiem/vote.h"

/* Writes the bundle of a closed vote to out after checking the vote file. */
int bundle_export(struct tn_vote *v, FILE *out, struct tn_err *e);

/*
 * Reads and checks a bundle: TN_EDATA when it is not a well-formed bundle, TN_EVERIFY when
 * it does not match its hashes or signature. On success d and r hold the definition and the
 * replayed records; free both.
 */
int bundle_verify(FILE *f, const char *name, const struct tn_progress *progress,
		  struct tn_definition *d, struct tn_replay *r, struct tn_err *e);

#endif
