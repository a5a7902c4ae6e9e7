/* Output files appear whole or not at all: written under a temporary name, then renamed. */
#ifndef TINNHIEM_ATOMIC_H
#define TINNHIEM_ATOMIC_H

#include <stdio.h>

#include "tinnhiem/err.h"

struct tn_atomic {
	char *path;
	char *tmp;
	FILE *f;
};

int atomic_open(struct tn_atomic *a, const char *path, struct tn_err *e);
/* Flushes, syncs, renames into place. On failure the target is untouched. */
int atomic_commit(struct tn_atomic *a, struct tn_err *e);
void atomic_abort(struct tn_atomic *a);

#endif
