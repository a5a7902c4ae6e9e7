/* The command layer: the only code that prints and chooses exit statuses. */
#ifndef TINNHIEM_CMD_H
#define TINNHIEM_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "tinnhiem/err.h"
#include "tinnhiem/util.h"

int cmd_init(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_ballots(int argc, char **argv);
int cmd_meeting(int argc, char **argv);
int cmd_enter(int argc, char **argv);
int cmd_void(int argc, char **argv);
int cmd_reconcile(int argc, char **argv);
int cmd_tally(int argc, char **argv);
int cmd_keygen(int argc, char **argv);
int cmd_close(int argc, char **argv);
int cmd_minutes(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_verify(int argc, char **argv);

/*
 * Writes text with what could act on a terminal or reorder the line (control characters,
 * bidi controls, bytes that are not UTF-8) shown as \xNN or \uNNNN.
 */
void cmd_print_escaped(FILE *f, const char *text);

/* Prints "tinnhiem: message" (escaped) and returns the exit status for the error. */
int cmd_fail(const struct tn_err *e);
/* Prints a usage error (escaped) with the command's usage line; returns 2. */
int cmd_usage_error(const char *usage, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints help (usage and text) to stdout; returns 0. */
int cmd_help(const char *usage, const char *text);

/*
 * Handles the options of a command that has only --help (and -h): returns the index of the
 * first operand, or -1 with *status set (0 after help, 2 after a usage error).
 */
int cmd_plain_options(int argc, char **argv, const char *usage, const char *help, int *status);

/*
 * Handles the options of a command taking VOTE.db, -o FILE and --force (with --help): returns
 * the index of the vote file, or -1 with *status set.
 */
int cmd_vote_and_output(int argc, char **argv, const char *usage, const char *help,
			const char **out, bool *force, int *status);

/* Warns on standard error when records sit beside the vote file rather than in it. */
void cmd_warn_sidecars(const char *path);

/* Parses a whole number for an option; 0 or -1. */
int cmd_number(const char *s, unsigned long long max, unsigned long long *out);

/*
 * Reads a passphrase from file (first line) or, with file NULL, from the terminal without
 * echo; with confirm, asks twice. The result is in sodium_malloc'd memory: free it with
 * cmd_passphrase_free.
 */
int cmd_passphrase(const char *file, bool confirm, char **pass, size_t *len, struct tn_err *e);
void cmd_passphrase_free(char *pass);

/* A progress bar on standard error, drawn only when it is a terminal and the work is long. */
struct cmd_bar {
	const char *label;
	int drawn; /* the last percentage drawn, or -1 */
	struct tn_progress hook;
};

const struct tn_progress *cmd_bar_start(struct cmd_bar *bar, const char *label);
void cmd_bar_end(struct cmd_bar *bar);

/* An ANSI colour sequence for the terminal, or "" when NO_COLOR is set or it is no terminal. */
const char *cmd_color(const char *sequence);
#define COLOR_OK  "\033[32m"
#define COLOR_BAD "\033[1;31m"
#define COLOR_OFF "\033[0m"

#endif
