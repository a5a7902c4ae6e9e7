/*
 * Output files appear whole or not at all, and only where they may go: never onto the vote
 * file they are made from, nor its journals, nor any SQLite database, nor over an existing
 * file unless the user said --force. The file is written unnamed (O_TMPFILE) and linked into
 * place when complete, so a killed command leaves nothing behind.
 */
#ifndef TINNHIEM_ATOMIC_H
#define TINNHIEM_ATOMIC_H

#include <stdbool.h>
#include <stdio.h>

#include "tinnhiem/err.h"

struct tn_atomic {
	char *path;
	char *tmp; /* a named temporary where the file system has no O_TMPFILE, else NULL */
	bool force;
	FILE *f;
	char *buf; /* the stream's buffer (glibc takes a size only with a buffer) */
};

/*
 * Refuses (TN_ECANTCREAT) a path that is the input vote file (compared by device and inode),
 * its -wal, -shm or -journal, any SQLite database or journal, anything but a regular file,
 * or, without force, any existing file. input may be NULL.
 */
int atomic_check_target(const char *path, bool force, const char *input, struct tn_err *e);

int atomic_open(struct tn_atomic *a, const char *path, bool force, const char *input,
		struct tn_err *e);
/* Flushes, syncs, links into place. On failure the target is untouched. */
int atomic_commit(struct tn_atomic *a, struct tn_err *e);
void atomic_abort(struct tn_atomic *a);

/* The whole of it: atomic_open, fn writing into the stream, then commit or abort. */
typedef int (*atomic_writer)(FILE *f, void *arg, struct tn_err *e);
int atomic_write(const char *path, bool force, const char *input, atomic_writer fn, void *arg,
		 struct tn_err *e);

/* A description of errno for messages: "disk full" for ENOSPC and EDQUOT. */
const char *atomic_strerror(int err);

#endif
