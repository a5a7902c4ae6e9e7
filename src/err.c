#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "tinnhiem/err.h"

int tn_fail(struct tn_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	char msg[TN_ERR_MSG];

	if (e == NULL)
		return code;
	/* through a copy: e->msg is often one of the arguments */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	e->code = code;
	memcpy(e->msg, msg, sizeof msg);
	return code;
}

int tn_prefix(struct tn_err *e, const char *fmt, ...)
{
	char msg[TN_ERR_MSG];
	size_t n;
	va_list ap;

	if (e == NULL)
		return TN_ESOFTWARE;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	n = strlen(msg);
	if (n + 2 < sizeof msg) {
		memcpy(msg + n, ": ", 2);
		n += 2;
		memcpy(msg + n, e->msg, sizeof msg - n - 1);
		msg[sizeof msg - 1] = '\0';
	}
	memcpy(e->msg, msg, sizeof msg);
	return e->code;
}

int tn_exit_status(int code)
{
	switch (code) {
	case TN_OK:
		return 0;
	case TN_EVERIFY:
		return 1;
	case TN_EUSAGE:
		return 2;
	case TN_EDATA:
		return EX_DATAERR;
	case TN_ENOINPUT:
		return EX_NOINPUT;
	case TN_ECANTCREAT:
		return EX_CANTCREAT;
	case TN_EIO:
		return EX_IOERR;
	default:
		return EX_SOFTWARE;
	}
}
