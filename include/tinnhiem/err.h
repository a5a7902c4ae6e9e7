/* Errors: the core returns 0 or a negative code and leaves a message in a tn_err. */
#ifndef TINNHIEM_ERR_H
#define TINNHIEM_ERR_H

#define TN_ERR_MSG 640

enum tn_code {
	TN_OK = 0,
	TN_EVERIFY = -1,     /* data does not match its hashes, signature or expected hash */
	TN_EUSAGE = -2,	     /* bad command line */
	TN_EDATA = -65,	     /* malformed input, or an action the vote's state refuses */
	TN_ENOINPUT = -66,   /* missing input file */
	TN_ECANTCREAT = -73, /* cannot create output */
	TN_EIO = -74,	     /* I/O or database error */
	TN_ESOFTWARE = -70,  /* internal error */
};

struct tn_err {
	int code;
	char msg[TN_ERR_MSG];
};

/* Sets e (when not NULL) and returns code. */
int tn_fail(struct tn_err *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Prefixes the message already in e with "prefix: " and returns e->code. */
int tn_prefix(struct tn_err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The process exit status for a code. */
int tn_exit_status(int code);

#endif
