/* Entering ballots: at a terminal, one transaction per ballot; from a file, all or nothing. */
#include <editline/readline.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "tinnhiem/entry.h"
#include "tinnhiem/i18n.h"

#define UNDO_REASON "u"

static const char usage[] =
    "tinnhiem enter VOTE.db [--pass 1|2] [--from FILE|-] [--over-collected]";
static const char help[] =
    N_("Enters paper ballots, one line per ballot: one mark per member in ballot order,\n"
       "spaces optional.\n"
       "  1  high confidence     2  confidence     3  low confidence\n"
       "  0  no valid mark in this row (no box, or two or three boxes ticked)\n"
       "  x or x N  the whole ballot is invalid, on ground N of QĐ 96 Điều 6 khoản 3:\n"
       "     1 not issued by the counting board, 2 a printed name struck out, 4 a row\n"
       "     with no box or two or three boxes marked. 3 (a name or other text added)\n"
       "     was a ground of QĐ 262 only: it is refused unless the definition says\n"
       "     invalid_grounds = qd262. A signature never makes a ballot invalid\n"
       "     (QĐ 96 Điều 6 khoản 2): type the marks as they are.\n"
       "At a terminal each ballot is committed when Enter is pressed and its serial is\n"
       "shown: write it on the paper ballot. There, u voids the last ballot, ? shows\n"
       "help and Ctrl-D ends. With --from (or when input is not a terminal) lines are\n"
       "read from the file, blank lines and # comments are skipped, and the first bad\n"
       "line stops everything: nothing from the file is recorded.\n"
       "With --pass 2 a second operator enters the same stack in the same order;\n"
       "every difference from pass 1 is reported.\n\n"
       "Examples:\n  tinnhiem enter demo.db\n  tinnhiem enter demo.db --from ballots.txt\n");

static bool over_collected; /* --over-collected */

struct session {
	struct tn_vote *v;
	int pass;
	const char *name; /* input name for messages */
	uint64_t first, last, count;
	struct tn_buf report; /* pass-2 differences, printed after the commit */
	uint64_t *mine;	      /* serials entered at this terminal, for u */
	size_t nmine;
};

static void note_check(struct session *s, const struct tn_ballot *b, const struct tn_check *c)
{
	char r1[TN_MAX_MEMBERS + 8], r2[TN_MAX_MEMBERS + 8];

	if (!c->found) {
		buf_printf(&s->report,
			   _("pass 2 serial %llu: pass 1 has no ballot at position %llu yet\n"),
			   (unsigned long long)b->serial, (unsigned long long)c->position);
		return;
	}
	if (!c->differs)
		return;
	record_reading(&c->first, r1);
	record_reading(b, r2);
	buf_printf(&s->report,
		   _("DIFFERENCE at ballot %llu: pass 1 serial %llu read %s; pass 2 serial %llu "
		     "read %s\n"),
		   (unsigned long long)c->position, (unsigned long long)c->first.serial, r1,
		   (unsigned long long)b->serial, r2);
	for (size_t i = 0; i < s->v->def.nmembers && !b->crossed && !c->first.crossed; i++)
		if (r1[i] != r2[i])
			buf_printf(&s->report, _("  member %zu %s: pass 1 %c, pass 2 %c\n"), i + 1,
				   s->v->def.members[i].name, r1[i], r2[i]);
}

/* After each ballot of a batch: the serials, and any pass-2 difference for the report. */
static void batch_added(void *arg, const struct tn_ballot *b, const struct tn_check *check)
{
	struct session *s = arg;

	if (s->count++ == 0)
		s->first = b->serial;
	s->last = b->serial;
	if (check != NULL)
		note_check(s, b, check);
}

static int enter_batch(struct session *s, const char *path, struct tn_err *e)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	struct tn_batch batch = {f, s->name, s->pass, 0, NULL, batch_added, s, over_collected};
	struct cmd_bar bar;
	struct stat st;
	int rc;

	if (f == NULL)
		return tn_fail(e, errno == ENOENT ? TN_ENOINPUT : TN_EIO, "%s: %s", path,
			       strerror(errno));
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode))
		batch.size = (uint64_t)st.st_size;
	batch.progress = cmd_bar_start(&bar, _("entering"));
	rc = entry_add_batch(s->v, &batch, e);
	cmd_bar_end(&bar);
	if (f != stdin)
		fclose(f);
	if (rc < 0)
		return rc;
	fputs(s->report.data ? s->report.data : "", stdout);
	if (s->count)
		printf(_("recorded %llu ballots in pass %d: serials %llu to %llu\n"),
		       (unsigned long long)s->count, s->pass, (unsigned long long)s->first,
		       (unsigned long long)s->last);
	else
		printf(_("no ballots in %s\n"), s->name);
	return 0;
}

static void print_ack(struct session *s, const struct tn_ballot *b)
{
	char reading[TN_MAX_MEMBERS + 8];
	struct tn_buf out = {0};

	record_reading(b, reading);
	for (size_t i = 0; reading[i]; i++) {
		if (i && i % 5 == 0 && !b->crossed)
			buf_putc(&out, ' ');
		buf_putc(&out, reading[i]);
	}
	fputs(cmd_color(COLOR_OK), stdout);
	if (b->valid)
		printf(_("  OK ballot %llu: %s  valid\n"), (unsigned long long)b->serial, out.data);
	else
		printf(_("  OK ballot %llu: %s  INVALID: %s\n"), (unsigned long long)b->serial,
		       out.data, _(rules_ground_label(b->reason)));
	fputs(cmd_color(COLOR_OFF), stdout);
	buf_free(&out);
	if (s->report.len) {
		printf("%s%s%s", cmd_color(COLOR_BAD), s->report.data, cmd_color(COLOR_OFF));
		buf_reset(&s->report);
	}
}

static int add_interactive(struct session *s, struct tn_ballot *b, struct tn_err *e)
{
	struct tn_check check;
	int rc = entry_add(s->v, s->pass, b, &check, e);

	if (rc < 0)
		return rc;
	s->count++;
	if (s->pass == 2)
		note_check(s, b, &check);
	s->mine = xrealloc(s->mine, (s->nmine + 1) * sizeof *s->mine);
	s->mine[s->nmine++] = b->serial;
	print_ack(s, b);
	return 0;
}

/* "?" at the prompt: the marks, and the grounds of the vote's own rules. */
static void show_help(const struct session *s)
{
	printf(_("  1 high, 2 confidence, 3 low, 0 no valid mark; one per member (%zu)\n"
		 "  x N: the whole ballot is invalid, on ground N:\n"),
	       s->v->def.nmembers);
	for (int n = 1; n <= TN_REASON_MAX; n++)
		if (rules_ground_allowed(&s->v->def.rules, n))
			printf("       %d  %s\n", n, _(rules_ground_label(n)));
	printf(_("  A signature never makes a ballot invalid: type the marks as they are.\n"
		 "  u: void the last ballot   ?: this help   Ctrl-D: finish\n"));
}

/* A refusal at the terminal: the message escaped, since it may quote what was typed. */
static void say(const char *label, const struct tn_err *e)
{
	printf("%s  ! %s", cmd_color(COLOR_BAD), label);
	cmd_print_escaped(stdout, e->msg);
	printf("\n%s", cmd_color(COLOR_OFF));
}

static void undo_last(struct session *s)
{
	struct tn_err e;
	uint64_t serial;

	if (s->nmine == 0) {
		printf(_("  nothing to undo in this session\n"));
		return;
	}
	serial = s->mine[s->nmine - 1];
	if (entry_void(s->v, s->pass, &serial, 1, UNDO_REASON, &e) < 0) {
		say("", &e);
		return;
	}
	s->nmine--;
	s->count--;
	printf(_("  ballot %llu is void; enter the paper ballot again\n"),
	       (unsigned long long)serial);
}

static void make_prompt(struct session *s, char *prompt, size_t size)
{
	struct tn_progress_state p = {0, 0, TN_UNSET};
	struct tn_err e;

	entry_progress(s->v, s->pass, &p, &e); /* a failure shows zeros; the next add says why */
	if (p.collected >= 0)
		snprintf(prompt, size, _("[pass %d] ballot %llu (%llu of %lld entered)> "), s->pass,
			 (unsigned long long)p.next_serial, (unsigned long long)p.entered,
			 p.collected);
	else
		snprintf(prompt, size, _("[pass %d] ballot %llu (%llu entered)> "), s->pass,
			 (unsigned long long)p.next_serial, (unsigned long long)p.entered);
}

static void interactive_line(struct session *s, const char *line)
{
	struct tn_ballot b;
	enum tn_line kind;
	struct tn_err e;

	if (entry_parse_line(line, strlen(line), s->v->def.nmembers, true, &kind, &b, &e) < 0) {
		say(_("not recorded: "), &e);
		return;
	}
	if (kind == TN_LINE_HELP)
		show_help(s);
	else if (kind == TN_LINE_UNDO)
		undo_last(s);
	else if (kind == TN_LINE_BALLOT && add_interactive(s, &b, &e) < 0)
		say(_("not recorded: "), &e);
}

static int enter_interactive(struct session *s, struct tn_err *e)
{
	char prompt[160], *line;
	struct tn_progress_state p = {0, 0, TN_UNSET};

	if (vote_check_open(s->v, e) < 0)
		return e->code;
	printf(_("Entering pass %d of \"%s\": %zu members per ballot. ? for help, Ctrl-D to "
		 "finish.\n"),
	       s->pass, s->v->def.title, s->v->def.nmembers);
	for (;;) {
		make_prompt(s, prompt, sizeof prompt);
		if ((line = readline(prompt)) == NULL)
			break;
		if (*line)
			add_history(line);
		interactive_line(s, line);
		free(line);
	}
	entry_progress(s->v, s->pass, &p, e);
	printf(_("\n%llu ballots entered in this session; %llu in pass %d in all\n"),
	       (unsigned long long)s->count, (unsigned long long)p.entered, s->pass);
	return 0;
}

static const char *from;
static long long pass = 1;

static const struct cmd_option options[] = {
    CMD_OPT_NUMBER("pass", 'p', "1|2", &pass, 1, 2,
		   N_("the entry pass: 2 for the second operator")),
    CMD_OPT_STRING("from", 'f', "FILE", &from,
		   N_("read the ballots from FILE, - for standard input")),
    CMD_OPT_FLAG("over-collected", 0, &over_collected,
		 N_("record a batch even when the pass then holds more than collected")),
    CMD_OPT_END,
};

static int run(struct tn_vote *v, char **operands)
{
	struct session s;
	struct tn_err e;
	int rc;

	(void)operands;
	memset(&s, 0, sizeof s);
	if (from == NULL && !isatty(STDIN_FILENO))
		from = "-";
	s.v = v;
	s.pass = (int)pass;
	s.name = from == NULL || strcmp(from, "-") == 0 ? _("standard input") : from;
	rc = from ? enter_batch(&s, from, &e) : enter_interactive(&s, &e);
	buf_free(&s.report);
	free(s.mine);
	return rc < 0 ? cmd_fail(&e) : 0;
}

const struct cmd_spec cmd_enter = {
    .usage = usage,
    .help = help,
    .options = options,
    .operands = 1,
    .operands_error = N_("expected one vote file"),
    .run = run,
};
