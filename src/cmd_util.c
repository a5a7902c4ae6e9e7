#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cmd.h"
#include "tinnhiem/atomic.h"
#include "tinnhiem/document.h"
#include "tinnhiem/entry.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/sign.h"
#include "tinnhiem/store.h"
#include "tinnhiem/util.h"
#include "tinnhiem/vote.h"

#define MAX_PASS 1024

/* The code point of the UTF-8 sequence at s (*n its bytes), or -1 when it is not valid. */
static long decode(const unsigned char *s, size_t *n)
{
	long c;
	size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;

	*n = 1;
	if (len <= 1)
		return len ? s[0] : -1;
	c = s[0] & (0x7f >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		c = c << 6 | (s[i] & 0x3f);
	}
	*n = len;
	return c;
}

/* Characters that would act on the terminal or reorder the text around them. */
static bool unsafe(long c)
{
	return (c < 0x20 && c != '\n') || (c >= 0x7f && c < 0xa0) || c == 0x61c || c == 0x200e ||
	       c == 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

void cmd_print_escaped(FILE *f, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;

	while (*p) {
		size_t n;
		long c = decode(p, &n);

		if (c < 0)
			fprintf(f, "\\x%02x", *p);
		else if (unsafe(c))
			fprintf(f, c < 0x80 ? "\\x%02lx" : "\\u%04lX", c);
		else
			fwrite(p, 1, n, f);
		p += n;
	}
}

#define WAITING_SHOWN 20

long long cmd_print_waiting(struct tn_vote *v, FILE *out, const char *one, const char *many,
			    uint64_t *first, struct tn_err *e)
{
	uint64_t papers[WAITING_SHOWN];
	size_t n = 0;

	if (entry_waiting(v, 1, papers, WAITING_SHOWN, &n, e) < 0)
		return e->code;
	if (n == 0)
		return 0;
	*first = papers[0];
	fputs(n == 1 ? one : many, out);
	for (size_t i = 0; i < n && i < WAITING_SHOWN; i++)
		fprintf(out, "%s %llu", i == 0 ? "" : ",", (unsigned long long)papers[i]);
	if (n > WAITING_SHOWN)
		fprintf(out, _(" and %zu more"), n - WAITING_SHOWN);
	return (long long)n;
}

int cmd_fail(const struct tn_err *e)
{
	fputs("tinnhiem: ", stderr);
	cmd_print_escaped(stderr, e->msg);
	fputc('\n', stderr);
	return tn_exit_status(e->code);
}

int cmd_usage_error(const char *usage, const char *fmt, ...)
{
	struct tn_buf msg = {0};
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	fputs("tinnhiem: ", stderr);
	cmd_print_escaped(stderr, buf_cstr(&msg)); /* it may quote what was typed */
	fprintf(stderr, "\n%s %s\n", _("usage:"), usage);
	buf_free(&msg);
	return 2;
}

/* Reads a line into buf; 1 when it did not fit (the rest is read and dropped), else 0. */
static int read_tty_line(int fd, char *buf, size_t cap, size_t *len)
{
	size_t n = 0;
	int over = 0;
	char c;

	while (read(fd, &c, 1) == 1 && c != '\n' && c != '\r') {
		if (n + 1 < cap)
			buf[n++] = c;
		else
			over = 1;
	}
	sodium_memzero(&c, sizeof c);
	buf[n] = '\0';
	*len = n;
	return over;
}

/*
 * While echo is off for a passphrase: the terminal and the settings to put back if a signal
 * ends the program there; afterwards the signal takes its default action.
 */
static volatile sig_atomic_t echo_off_fd = -1;
static struct termios echo_saved;
static const int echo_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

static void restore_echo_and_reraise(int sig)
{
	if (echo_off_fd >= 0)
		tcsetattr(echo_off_fd, TCSANOW, &echo_saved);
	raise(sig); /* delivered on return, with the default action (SA_RESETHAND) */
}

static void catch_echo_signals(struct sigaction *old)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = restore_echo_and_reraise;
	sa.sa_flags = SA_RESETHAND;
	sigfillset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof echo_signals / sizeof *echo_signals; i++) {
		sigaction(echo_signals[i], &sa, &old[i]);
		if (old[i].sa_handler == SIG_IGN) /* an ignored signal stays ignored */
			sigaction(echo_signals[i], &old[i], NULL);
	}
}

static void release_echo_signals(const struct sigaction *old)
{
	for (size_t i = 0; i < sizeof echo_signals / sizeof *echo_signals; i++)
		sigaction(echo_signals[i], &old[i], NULL);
}

static int ask(int fd, const char *prompt, char *buf, size_t *len)
{
	struct sigaction caught[sizeof echo_signals / sizeof *echo_signals];
	struct termios quiet;
	int have = tcgetattr(fd, &echo_saved) == 0, rc;

	if (have) {
		quiet = echo_saved;
		quiet.c_lflag &= (tcflag_t)~ECHO;
		quiet.c_lflag |= ECHONL;
		catch_echo_signals(caught);
		echo_off_fd = fd;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	if (write(fd, prompt, strlen(prompt)) < 0)
		rc = -1;
	else
		rc = read_tty_line(fd, buf, MAX_PASS, len);
	if (have) {
		tcsetattr(fd, TCSAFLUSH, &echo_saved);
		echo_off_fd = -1;
		release_echo_signals(caught);
	}
	return rc;
}

static int from_terminal(const char *prompt, bool confirm, char *pass, size_t *len,
			 struct tn_err *e)
{
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	char *again = NULL;
	size_t len2 = 0;
	int rc;

	if (fd < 0)
		return tn_fail(e, TN_EUSAGE,
			       _("no terminal to ask for the passphrase; use --passphrase-file"));
	rc = ask(fd, prompt, pass, len);
	if (rc == 0 && confirm) {
		if ((again = sodium_malloc(MAX_PASS)) == NULL)
			rc = tn_fail(e, TN_EIO, _("out of secure memory"));
		else
			rc = ask(fd, _("Passphrase again: "), again, &len2);
		if (rc == 0 && (len2 != *len || sodium_memcmp(again, pass, *len) != 0))
			rc = tn_fail(e, TN_EUSAGE, _("the passphrases differ"));
		sodium_free(again);
	}
	close(fd);
	if (rc > 0)
		return tn_fail(e, TN_EUSAGE,
			       _("the passphrase is longer than %d bytes; refusing to truncate it"),
			       MAX_PASS - 1);
	if (rc == -1)
		return tn_fail(e, TN_EIO, _("cannot ask for the passphrase at the terminal"));
	return rc;
}

static int passphrase(const char *file, const char *prompt, bool confirm, char **pass, size_t *len,
		      struct tn_err *e)
{
	char *text = NULL, *p = sodium_malloc(MAX_PASS);
	size_t n;
	int rc = 0;

	if (p == NULL)
		return tn_fail(e, TN_EIO, _("out of secure memory"));
	if (file == NULL) {
		rc = from_terminal(prompt, confirm, p, len, e);
	} else if ((rc = read_small_file(file, 64 * 1024, &text, &n, e)) == 0) {
		/* the first line; a longer one is refused, never cut to fit, nor cut at a NUL */
		for (*len = 0; *len < n && text[*len] != '\n' && text[*len] != '\r'; ++*len)
			;
		if (memchr(text, '\0', *len) != NULL)
			rc = tn_fail(e, TN_EDATA, _("%s: the passphrase holds a NUL byte"), file);
		else if (*len < MAX_PASS)
			memcpy(p, text, *len);
		else
			rc = tn_fail(e, TN_EUSAGE,
				     _("the passphrase is longer than %d bytes; refusing to "
				       "truncate it"),
				     MAX_PASS - 1);
		sodium_memzero(text, n);
		free(text);
	}
	if (rc == 0 && *len == 0)
		rc = tn_fail(e, TN_EUSAGE, _("the passphrase is empty"));
	if (rc < 0) {
		sodium_free(p);
		return rc;
	}
	p[*len] = '\0';
	*pass = p;
	return 0;
}

int cmd_passphrase(const char *file, bool confirm, char **pass, size_t *len, struct tn_err *e)
{
	return passphrase(file, _("Passphrase: "), confirm, pass, len, e);
}

void cmd_passphrase_free(char *pass)
{
	sodium_free(pass);
}

int cmd_load_keys(const char *const *files, size_t n, const char *const *passfiles, size_t npass,
		  struct tn_seckey *keys, struct tn_err *e)
{
	struct tn_buf prompt = {0};
	char *pass;
	size_t len;
	int rc = 0;

	if (npass != 0 && npass != n)
		return tn_fail(e, TN_EUSAGE,
			       _("%zu keys but %zu passphrase files: give one per key, in the "
				 "same order, or none to be asked"),
			       n, npass);
	/* no passphrase is asked for a key that would be refused whatever it is */
	for (size_t i = 0; i < n; i++)
		if ((rc = sign_check_seckey_file(files[i], e)) < 0)
			return rc;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		buf_reset(&prompt);
		buf_printf(&prompt, _("Passphrase for %s: "), files[i]);
		rc = passphrase(npass ? passfiles[i] : NULL, buf_cstr(&prompt), false, &pass, &len,
				e);
		if (rc == 0) {
			rc = sign_load_seckey(files[i], pass, len, &keys[i], e);
			cmd_passphrase_free(pass);
		}
	}
	buf_free(&prompt);
	if (rc < 0)
		for (size_t i = 0; i < n; i++)
			sign_seckey_free(&keys[i]);
	return rc;
}

#define BAR_MIN	  4096 /* shorter work needs no bar */
#define BAR_WIDTH 30

static void bar_draw(void *arg, uint64_t done, uint64_t total)
{
	struct cmd_bar *bar = arg;
	int pct = total ? (int)(done * 100 / total) : 100, fill = pct * BAR_WIDTH / 100;
	char cells[BAR_WIDTH + 1];

	if (total < BAR_MIN || pct == bar->drawn)
		return;
	for (int i = 0; i < BAR_WIDTH; i++)
		cells[i] = i < fill ? '#' : '.';
	cells[BAR_WIDTH] = '\0';
	fprintf(stderr, "\r%s [%s] %3d%%", bar->label, cells, pct);
	fflush(stderr);
	bar->drawn = pct;
}

const struct tn_progress *cmd_bar_start(struct cmd_bar *bar, const char *label)
{
	bar->label = label;
	bar->drawn = -1;
	bar->hook.fn = bar_draw;
	bar->hook.arg = bar;
	return isatty(STDERR_FILENO) ? &bar->hook : NULL;
}

void cmd_bar_end(struct cmd_bar *bar)
{
	if (bar->drawn >= 0)
		fprintf(stderr, "\r%*s\r", (int)strlen(bar->label) + BAR_WIDTH + 8, "");
	bar->drawn = -1;
}

const char *cmd_color(const char *sequence)
{
	const char *term = getenv("TERM"), *no = getenv("NO_COLOR");

	if ((no != NULL && *no != '\0') || term == NULL || strcmp(term, "dumb") == 0 ||
	    !isatty(STDOUT_FILENO))
		return "";
	return sequence;
}

void cmd_warn_sidecars(const char *path)
{
	bool wal, journal;

	store_sidecars(path, &wal, &journal);
	if (wal)
		fprintf(
		    stderr,
		    _("tinnhiem: warning: %s-wal holds records that are not yet in %s: keep the "
		      "two files together; the next command that records something (enter, "
		      "meeting, void, close) folds them in\n"),
		    path, path);
	if (journal)
		fprintf(stderr,
			_("tinnhiem: warning: %s-journal exists: a write is under way, or one was "
			  "interrupted and will be undone by the next command that writes\n"),
			path);
}

int cmd_replay(struct tn_vote *v, const char *path, struct tn_replay *r, struct tn_err *e)
{
	int rc;

	cmd_warn_sidecars(path);
	if ((rc = vote_replay(v, r, e)) < 0)
		tn_prefix(e, _("%s: run tinnhiem verify"), path);
	return rc;
}

/*
 * The option parser. Every table gets --help (-h); the helpers below return GO_ON, or the
 * exit status to end with: 0 after the help, 2 after a usage error.
 */
#define GO_ON	    (-1)
#define MAX_OPTIONS 16

static const struct cmd_option help_option = CMD_OPT_FLAG("help", 'h', NULL, N_("show this help"));

struct parser {
	const struct cmd_spec *spec;
	size_t count;		/* options in the table, --help not included */
	bool seen[MAX_OPTIONS]; /* given already: a second time is refused */
};

/* The command's options, then --help; NULL past the end. */
static const struct cmd_option *option_at(const struct parser *p, size_t i)
{
	return i < p->count ? &p->spec->options[i] : i == p->count ? &help_option : NULL;
}

/* "  -o, --output FILE" or "      --force", as the help shows the option. */
static void option_synopsis(const struct cmd_option *o, char *out, size_t size)
{
	char shortname[8] = "    ";

	if (o->short_name)
		snprintf(shortname, sizeof shortname, "-%c, ", o->short_name);
	snprintf(out, size, "  %s--%s%s%s", shortname, o->name, o->arg ? " " : "",
		 o->arg ? o->arg : "");
}

static void print_options(const struct parser *p)
{
	const struct cmd_option *o;
	char left[80];
	int width = 0;

	for (size_t i = 0; (o = option_at(p, i)) != NULL; i++) {
		option_synopsis(o, left, sizeof left);
		if ((int)strlen(left) > width)
			width = (int)strlen(left);
	}
	printf("%s\n", _("Options:"));
	for (size_t i = 0; (o = option_at(p, i)) != NULL; i++) {
		option_synopsis(o, left, sizeof left);
		printf("%-*s  %s", width, left, _(o->help));
		if (o->kind == CMD_NUMBER) {
			printf(" (");
			printf(_("from %lld to %lld"), o->min, o->max);
			printf(")");
		}
		putchar('\n');
	}
}

/* The usage line, the command's text, the options from the table, then its example. */
static int print_help(const struct parser *p)
{
	const char *text = _(p->spec->help), *example = NULL;

	for (const char *q = strstr(text, "\n\n"); q != NULL; q = strstr(q + 1, "\n\n"))
		example = q + 2;
	printf("%s %s\n\n", _("usage:"), p->spec->usage);
	if (example == NULL) {
		fputs(text, stdout);
		putchar('\n');
		print_options(p);
		return 0;
	}
	fwrite(text, 1, (size_t)(example - text), stdout);
	print_options(p);
	printf("\n%s", example);
	return 0;
}

/* Sets the option's destination from what was typed (shown: the option as it was typed). */
static int take(struct parser *p, const struct cmd_option *o, const char *shown, const char *value)
{
	size_t i;
	uint64_t n;

	if (o == &help_option)
		return print_help(p);
	i = (size_t)(o - p->spec->options);
	if (p->seen[i] && o->kind != CMD_LIST)
		return cmd_usage_error(p->spec->usage, _("%s given twice"), shown);
	p->seen[i] = true;
	switch (o->kind) {
	case CMD_LIST:
		if (*o->count == (size_t)o->max)
			return cmd_usage_error(p->spec->usage, _("%s given more than %lld times"),
					       shown, o->max);
		o->list[(*o->count)++] = value;
		break;
	case CMD_FLAG:
		*o->flag = true;
		break;
	case CMD_STRING:
		*o->string = value;
		break;
	case CMD_NUMBER:
		if (parse_u64(value, strlen(value), &n) < 0 || n < (uint64_t)o->min ||
		    n > (uint64_t)o->max)
			return cmd_usage_error(p->spec->usage,
					       _("%s: expected a whole number from %lld to %lld, "
						 "not \"%s\""),
					       shown, o->min, o->max, value);
		*o->number = (long long)n;
		break;
	}
	return GO_ON;
}

/* --name, --name=VALUE or --name VALUE; a name may be shortened while it stays unique. */
static int long_option(struct parser *p, int argc, char **argv, int *i)
{
	const char *name = argv[*i] + 2, *eq = strchr(name, '='), *value = NULL;
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct cmd_option *o, *found = NULL;
	char shown[128];
	int matches = 0;

	snprintf(shown, sizeof shown, "--%.*s", (int)len, name);
	for (size_t k = 0; len > 0 && (o = option_at(p, k)) != NULL; k++) {
		if (strncmp(o->name, name, len) != 0)
			continue;
		found = o;
		if (o->name[len] == '\0') { /* an exact name wins over longer ones */
			matches = 1;
			break;
		}
		matches++;
	}
	if (matches == 0)
		return cmd_usage_error(p->spec->usage, _("unknown option %s"), shown);
	if (matches > 1)
		return cmd_usage_error(p->spec->usage, _("ambiguous option %s"), shown);
	snprintf(shown, sizeof shown, "--%s", found->name);
	if (found->kind == CMD_FLAG && eq != NULL)
		return cmd_usage_error(p->spec->usage, _("%s takes no argument"), shown);
	if (found->kind != CMD_FLAG) {
		if (eq == NULL && *i + 1 >= argc)
			return cmd_usage_error(p->spec->usage, _("%s needs an argument"), shown);
		value = eq ? eq + 1 : argv[++*i];
	}
	return take(p, found, shown, value);
}

/* -o VALUE, -oVALUE, and flags grouped: -h. */
static int short_options(struct parser *p, int argc, char **argv, int *i)
{
	const char *arg = argv[*i];

	for (size_t j = 1; arg[j] != '\0'; j++) {
		const struct cmd_option *o = NULL;
		char shown[3] = {'-', arg[j], '\0'};
		int rc;

		for (size_t k = 0; option_at(p, k) != NULL; k++)
			if (option_at(p, k)->short_name == arg[j])
				o = option_at(p, k);
		if (o == NULL)
			return cmd_usage_error(p->spec->usage, _("unknown option %s"), shown);
		if (o->kind != CMD_FLAG) {
			if (arg[j + 1] == '\0' && *i + 1 >= argc)
				return cmd_usage_error(p->spec->usage, _("%s needs an argument"),
						       shown);
			return take(p, o, shown, arg[j + 1] ? arg + j + 1 : argv[++*i]);
		}
		if ((rc = take(p, o, shown, NULL)) != GO_ON)
			return rc;
	}
	return GO_ON;
}

int cmd_parse(const struct cmd_spec *spec, int argc, char **argv, char ***operands, int *status)
{
	struct parser p = {spec, 0, {false}};
	int n = 0, i, rc = GO_ON;

	while (spec->options != NULL && spec->options[p.count].name != NULL)
		p.count++;
	if (p.count > MAX_OPTIONS) {
		fputs("tinnhiem: internal error: too many options\n", stderr);
		abort();
	}
	/* operands are moved down over the options as they are read: 1 + n <= i always */
	for (i = 1; i < argc && rc == GO_ON; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (argv[i][0] != '-' || argv[i][1] == '\0')
			argv[1 + n++] = argv[i];
		else if (argv[i][1] == '-')
			rc = long_option(&p, argc, argv, &i);
		else
			rc = short_options(&p, argc, argv, &i);
	}
	if (rc != GO_ON)
		return *status = rc, -1;
	for (i++; i < argc; i++)
		argv[1 + n++] = argv[i];
	argv[1 + n] = NULL;
	if (spec->operands >= 0
		? n != spec->operands && (spec->fewer_operands == 0 || n != spec->fewer_operands)
		: n < -spec->operands)
		return *status = cmd_usage_error(spec->usage, "%s", _(spec->operands_error)), -1;
	for (size_t k = 0; k < p.count; k++) {
		const struct cmd_option *o = &spec->options[k];

		if (o->required && !p.seen[k])
			return *status = cmd_usage_error(spec->usage, _("--%s %s is required"),
							 o->name, o->arg),
			       -1;
	}
	if (spec->check != NULL && (*status = spec->check(argv + 1)) != 0)
		return -1;
	*operands = argv + 1;
	return 0;
}

bool cmd_ends_with(const char *name, const char *end)
{
	size_t n = strlen(name), m = strlen(end);

	return n >= m && strcmp(name + n - m, end) == 0;
}

struct doc_out {
	const char *path;
	struct tn_doc *doc;
};

static int write_document(FILE *f, void *arg, struct tn_err *e)
{
	struct doc_out *o = arg;
	struct tn_buf b = {0};

	if (cmd_ends_with(o->path, ".pdf"))
		return render_pdf(o->doc, 0, f, o->path, e);
	render_text(o->doc, &b);
	fwrite(b.data, 1, b.len, f);
	buf_free(&b);
	return 0;
}

int cmd_write_document(const char *path, bool force, const char *input, struct tn_doc *doc,
		       struct tn_err *e)
{
	struct doc_out o = {path, doc};
	int rc = atomic_write(path, force, input, write_document, &o, e);

	if (rc == 0)
		printf(doc->draft ? _("wrote %s (DRAFT: the vote is not closed)\n")
				  : _("wrote %s\n"),
		       path);
	return rc;
}
