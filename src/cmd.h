/* The command layer: the only code that prints and chooses exit statuses. */
#ifndef TINNHIEM_CMD_H
#define TINNHIEM_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tinnhiem/err.h"
#include "tinnhiem/util.h"

struct tn_vote;

/*
 * A command's options, declared once as data (git's parse-options): cmd_parse reads the
 * command line by the table, writes the options part of --help from it, and refuses what
 * does not fit it. --help (-h) is in every table without being written there. The
 * destinations are statics of the command's file, holding their defaults: a process runs one
 * command, once.
 */
enum cmd_kind {
	CMD_FLAG,   /* no argument; sets *flag */
	CMD_STRING, /* sets *string to the argument */
	CMD_NUMBER, /* a whole number from min to max (0 <= min), in *number */
	CMD_LIST,   /* may be repeated: each argument in list[*count], at most max of them */
};

struct cmd_option {
	const char *name; /* long name, without "--" */
	char short_name;  /* 0 when there is none */
	enum cmd_kind kind;
	bool *flag;
	const char **string;
	long long *number;
	const char **list;
	size_t *count;
	long long min, max;
	const char *arg;  /* the argument's name in the help: FILE, N */
	const char *help; /* N_(): one line */
	bool required;	  /* the command cannot run without it */
};

#define CMD_OPT_FLAG(l, s, p, h)                                                                   \
	{                                                                                          \
		.name = (l), .short_name = (s), .kind = CMD_FLAG, .flag = (p), .help = (h)         \
	}
#define CMD_OPT_STRING(l, s, a, p, h)                                                              \
	{                                                                                          \
		.name = (l), .short_name = (s), .kind = CMD_STRING, .string = (p), .arg = (a),     \
		.help = (h)                                                                        \
	}
/* A string option the command cannot run without: refused as a usage error when missing. */
#define CMD_OPT_REQUIRED(l, s, a, p, h)                                                            \
	{                                                                                          \
		.name = (l), .short_name = (s), .kind = CMD_STRING, .string = (p), .arg = (a),     \
		.help = (h), .required = true                                                      \
	}
#define CMD_OPT_NUMBER(l, s, a, p, lo, hi, h)                                                      \
	{                                                                                          \
		.name = (l), .short_name = (s), .kind = CMD_NUMBER, .number = (p), .min = (lo),    \
		.max = (hi), .arg = (a), .help = (h)                                               \
	}
#define CMD_OPT_LIST(l, s, a, p, n, most, h)                                                       \
	{                                                                                          \
		.name = (l), .short_name = (s), .kind = CMD_LIST, .list = (p), .count = (n),       \
		.max = (most), .arg = (a), .help = (h)                                             \
	}
#define CMD_OPT_END                                                                                \
	{                                                                                          \
		.name = NULL                                                                       \
	}

/* A command: its command line, and its work. */
struct cmd_spec {
	const char *usage;		  /* "tinnhiem tally VOTE.db [--format text|csv|json]" */
	const char *help;		  /* N_(): what it does; its last paragraph the example */
	const struct cmd_option *options; /* ends with CMD_OPT_END; NULL for none */
	int operands;			  /* how many operands it takes; -n: n or more */
	int fewer_operands;		  /* when not 0, it may take this many; check decides */
	const char *operands_error;	  /* N_(): said when there are more or fewer */
	/*
	 * Optional: refuses what the table cannot say (a required option, a value from a list)
	 * before anything is opened; returns 0, or the status of cmd_usage_error.
	 */
	int (*check)(char **operands);
	/*
	 * The work, with the vote file main opened for it (see main.c's table), else NULL;
	 * returns the exit status.
	 */
	int (*run)(struct tn_vote *v, char **operands);
	/*
	 * For a command that writes a file made from the vote (-o): where its options put the
	 * path and --force, so that main checks the path before it opens the vote.
	 */
	const char *const *output;
	const bool *force;
};

extern const struct cmd_spec cmd_init, cmd_show, cmd_ballots, cmd_meeting, cmd_enter, cmd_void,
    cmd_decide, cmd_reconcile, cmd_tally, cmd_keygen, cmd_close, cmd_cosign, cmd_minutes,
    cmd_journal, cmd_export, cmd_verify, cmd_scan;

/*
 * Parses argv (argv[0] the command's name) by the command's table: options anywhere before
 * "--" set their destinations; the operands, in order, are moved to argv[1] on, ending with
 * NULL, and *operands points at them. Prints the help on --help. Refuses, as usage errors,
 * an unknown or ambiguous option, a missing or unwanted argument, a number that is
 * malformed or out of range, an option given twice, and another count of operands; then
 * runs spec->check. Returns 0 to go on, or -1 with *status the exit status to end with.
 */
int cmd_parse(const struct cmd_spec *spec, int argc, char **argv, char ***operands, int *status);

/*
 * Writes text with what could act on a terminal or reorder the line (control characters,
 * bidi controls, bytes that are not UTF-8) shown as \xNN or \uNNNN.
 */
void cmd_print_escaped(FILE *f, const char *text);

/* Whether a file name ends so (".pdf"). */
bool cmd_ends_with(const char *name, const char *end);

/*
 * Writes a document to path through atomic_write: as PDF when the name ends in .pdf, else as
 * UTF-8 text, and says so (a draft as a draft). input is the vote file it must never replace.
 */
struct tn_doc;
int cmd_write_document(const char *path, bool force, const char *input, struct tn_doc *doc,
		       struct tn_err *e);

/*
 * The papers of pass 1 voided and not entered again (entry_waiting): when there are any, writes
 * one or many (as their number asks) and the papers, the first 20 of them then "and N more",
 * with no line end, the first paper in *first. Returns how many, or the failure's status.
 */
struct tn_vote;
long long cmd_print_waiting(struct tn_vote *v, FILE *out, const char *one, const char *many,
			    uint64_t *first, struct tn_err *e);

/* Prints "tinnhiem: message" (escaped) and returns the exit status for the error. */
int cmd_fail(const struct tn_err *e);
/* Prints a usage error (escaped) with the command's usage line; returns 2. */
int cmd_usage_error(const char *usage, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Warns on standard error when records sit beside the vote file rather than in it. */
void cmd_warn_sidecars(const char *path);

/*
 * What show and tally start with: the warning above, then the vote replayed (r to be freed
 * with replay_free whatever the result); a failure says to run verify.
 */
struct tn_vote;
struct tn_replay;
int cmd_replay(struct tn_vote *v, const char *path, struct tn_replay *r, struct tn_err *e);

/*
 * Reads a passphrase from file (first line) or, with file NULL, from the terminal without
 * echo; with confirm, asks twice. The result is in sodium_malloc'd memory: free it with
 * cmd_passphrase_free.
 */
int cmd_passphrase(const char *file, bool confirm, char **pass, size_t *len, struct tn_err *e);
void cmd_passphrase_free(char *pass);

/*
 * Opens secret keys, each with its passphrase: from passfiles[i] when npass is n (one file
 * per key, in order), else asked at the terminal naming the key file (npass must be 0).
 * keys[0..n) to be freed with sign_seckey_free.
 */
struct tn_seckey;
int cmd_load_keys(const char *const *files, size_t n, const char *const *passfiles, size_t npass,
		  struct tn_seckey *keys, struct tn_err *e);

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
