/* Entering ballots: at a terminal, one transaction per ballot; from a file, all or nothing. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "tinnhiem/edit.h"
#include "tinnhiem/entry.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/text.h"

/* the reason a u at the prompt records, in the words of the journal (a Party document) */
#define UNDO_REASON "u: hủy ngay khi vừa nhập, tại màn hình nhập phiếu"
/* the voided papers of pass 1 named at the start of a session, at most */

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
       "  !  the paper cannot be read at once: it is held, counted nowhere, until the\n"
       "     board records how it reads it (tinnhiem decide VOTE.db PAPER READING).\n"
       "At a terminal each ballot is committed when Enter is pressed and its paper\n"
       "number is shown: in pass 1, write it on the paper ballot. There, u voids the\n"
       "last ballot (type the paper again: it keeps its number), ? shows help and\n"
       "Ctrl-D ends. Once the ballots collected are all entered, a further ballot is\n"
       "recorded only when confirmed. \"17: marks\" enters the paper numbered 17: in\n"
       "pass 1 a paper whose ballot was voided, which the new reading replaces.\n"
       "With --from (or when input is not a terminal) lines are read from the file,\n"
       "blank lines and # comments are skipped, and the first bad line stops\n"
       "everything: nothing from the file is recorded; nor when the pass would then\n"
       "hold more ballots than were collected, unless --over-collected. A first line\n"
       "\"# vote: 8721 f07c\" ties the file to the vote whose definition hash begins so.\n"
       "With --pass 2 a second operator enters the same stack again; the prompt shows\n"
       "the number of the paper it expects (\"N: marks\" names another), and every\n"
       "difference from pass 1 on the same paper is reported. Only a vote whose\n"
       "definition says \"double_entry = yes\" has a pass 2.\n\n"
       "Examples:\n  tinnhiem enter demo.db\n  tinnhiem enter demo.db --from ballots.txt\n");

static bool over_collected; /* --over-collected */

struct session {
	struct tn_vote *v;
	int pass;
	const char *name; /* input name for messages */
	uint64_t first, last, count;
	/* a batch: its papers as runs, "5,7-9", and the run now open, from paper run to last */
	struct tn_buf papers;
	uint64_t run;
	struct tn_buf report; /* pass-2 differences, printed after the commit */
	uint64_t next;	      /* the paper the prompt names; in pass 1, 0 for a new one */
	uint64_t undone;      /* the paper of the ballot u voided, until it is typed again */
	uint64_t last_serial; /* at a terminal, the ballot of paper last, for u */
};

static void note_check(struct session *s, const struct tn_ballot *b, const struct tn_check *c)
{
	char r1[TN_READING_LEN], r2[TN_READING_LEN];

	if (!c->found) {
		buf_printf(&s->report, _("paper %llu: pass 1 has no ballot for it (yet)\n"),
			   (unsigned long long)b->paper);
		return;
	}
	if (!c->differs)
		return;
	record_reading(&c->first, r1);
	record_reading(b, r2);
	buf_printf(&s->report, _("DIFFERENCE on paper %llu: pass 1 read %s, pass 2 read %s\n"),
		   (unsigned long long)b->paper, r1, r2);
	/* member by member only where both are marks: an x or a held paper is one sign */
	if (b->crossed || c->first.crossed || b->held || c->first.held)
		return;
	for (size_t i = 0; i < s->v->def.nmembers; i++)
		if (r1[i] != r2[i])
			buf_printf(&s->report, _("  member %zu %s: pass 1 %c, pass 2 %c\n"), i + 1,
				   s->v->def.members[i].name, r1[i], r2[i]);
}

/* "5" or "7-9": the run of consecutive papers from s->run to s->last, after a comma if need be. */
static void put_run(struct session *s)
{
	buf_printf(&s->papers, s->papers.len ? ",%llu" : "%llu", (unsigned long long)s->run);
	if (s->last != s->run)
		buf_printf(&s->papers, "-%llu", (unsigned long long)s->last);
}

/* After each ballot of a batch: the papers, and any pass-2 difference for the report. */
static void batch_added(void *arg, const struct tn_ballot *b, const struct tn_check *check)
{
	struct session *s = arg;

	if (s->count++ == 0)
		s->first = s->run = b->paper;
	else if (b->paper != s->last + 1) {
		put_run(s);
		s->run = b->paper;
	}
	s->last = b->paper;
	if (check != NULL)
		note_check(s, b, check);
}

static void show_waiting(struct session *s, FILE *out);

static int enter_batch(struct session *s, const char *path, struct tn_err *e)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : open_input(path, "r", e);
	struct tn_batch batch = {f, s->name, s->pass, 0, NULL, batch_added, s, over_collected};
	char hex[2 * TN_HASH_LEN + TN_HASH_LEN / 2 + 1];
	struct cmd_bar bar;
	struct stat st;
	int rc;

	if (f == NULL)
		return e->code;
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode))
		batch.size = (uint64_t)st.st_size;
	if (s->pass == 2)
		show_waiting(s, stderr);
	batch.progress = cmd_bar_start(&bar, _("entering"));
	rc = entry_add_batch(s->v, &batch, e);
	cmd_bar_end(&bar);
	if (f != stdin)
		fclose(f);
	if (rc < 0)
		return rc;
	fputs(s->report.data ? s->report.data : "", stdout);
	hex_grouped(s->v->def.hash, TN_HASH_LEN, hex);
	hex[9] = '\0'; /* the first two groups, as a batch file's "# vote:" line gives them */
	printf(_("Vote: %s (definition %s)\n"), s->v->def.title, hex);
	if (s->count == 1)
		printf(_("recorded 1 ballot in pass %d: paper %llu\n"), s->pass,
		       (unsigned long long)s->first);
	else if (s->count && s->papers.len == 0)
		printf(_("recorded %llu ballots in pass %d: papers %llu to %llu\n"),
		       (unsigned long long)s->count, s->pass, (unsigned long long)s->first,
		       (unsigned long long)s->last);
	else if (s->count) {
		put_run(s);
		printf(_("recorded %llu ballots in pass %d: papers %s\n"),
		       (unsigned long long)s->count, s->pass, s->papers.data);
	} else
		printf(_("no ballots in %s\n"), s->name);
	return 0;
}

static void print_ack(struct session *s, const struct tn_ballot *b)
{
	char reading[TN_READING_LEN];
	struct tn_buf out = {0};

	record_reading(b, reading);
	for (size_t i = 0; reading[i]; i++) {
		if (i && i % 5 == 0 && !b->crossed)
			buf_putc(&out, ' ');
		buf_putc(&out, reading[i]);
	}
	fputs(cmd_color(COLOR_OK), stdout);
	if (b->held)
		printf(_("  OK paper %llu: HELD for the board to decide (tinnhiem decide)\n"),
		       (unsigned long long)b->paper);
	else if (b->valid)
		printf(_("  OK paper %llu: %s  valid\n"), (unsigned long long)b->paper, out.data);
	else if (b->reason)
		printf(_("  OK paper %llu: %s  INVALID: %s\n"), (unsigned long long)b->paper,
		       out.data, _(rules_ground_label(b->reason)));
	else
		printf(_("  OK paper %llu: %s  INVALID\n"), (unsigned long long)b->paper, out.data);
	fputs(cmd_color(COLOR_OFF), stdout);
	buf_free(&out);
	if (s->report.len) {
		printf("%s%s%s", cmd_color(COLOR_BAD), s->report.data, cmd_color(COLOR_OFF));
		buf_reset(&s->report);
	}
}

/* A refusal at the terminal: the message escaped, since it may quote what was typed. */
static void say(const char *label, const struct tn_err *e)
{
	printf("%s  ! %s", cmd_color(COLOR_BAD), label);
	cmd_print_escaped(stdout, e->msg);
	printf("\n%s", cmd_color(COLOR_OFF));
}

/* The paper the prompt names next: in pass 2 the next that pass 1 has and pass 2 lacks. */
static void advance(struct session *s, uint64_t after)
{
	struct tn_err e;

	s->next = s->pass == 1 ? s->undone : 0; /* a paper undone keeps its number */
	if (s->pass == 2 && entry_next_paper(s->v, 2, after, &s->next, &e) < 0)
		say("", &e);
}

/*
 * A paper undone here and then entered again at another terminal waits no more: the prompt
 * moves on from it (a new paper in pass 1, the next after it in pass 2), and u no longer
 * names it. Whether it did so (a failure to read says nothing: the next add says why).
 */
static bool forget_entered_elsewhere(struct session *s)
{
	uint64_t paper = s->undone;
	struct tn_err e;

	if (paper == 0 || entry_check_paper(s->v, s->pass, paper, &e) == 0 || e.code != TN_EDATA)
		return false;
	printf(_("  paper %llu, undone here, has been entered again elsewhere\n"),
	       (unsigned long long)paper);
	s->undone = 0;
	if (s->next == paper)
		advance(s, paper);
	return true;
}

/* Past the ballots collected, the operator says so before the ballot is recorded. */
static bool confirmed_beyond(struct session *s, const struct tn_progress_state *p)
{
	char *answer;
	bool yes;

	printf(_("  Pass %d already holds all %lld ballots collected. Record this ballot all the "
		 "same?\n"),
	       s->pass, p->collected);
	answer = edit_line(_("  Type yes to record it, anything else to drop it: "), false);
	yes = answer != NULL && (text_same_word(answer, _("yes")) || text_same_word(answer, "yes"));
	if (answer == NULL)
		putchar('\n'); /* Ctrl-D: the answer line ends here */
	free(answer);
	if (!yes)
		printf(_("  not recorded\n"));
	return yes;
}

static int add_interactive(struct session *s, struct tn_ballot *b, struct tn_err *e)
{
	struct tn_progress_state p = {0, TN_UNSET};
	struct tn_check check;
	bool over = false;
	int rc;

	/* the marks of the paper undone here, which another operator has entered since */
	if (b->paper == 0 && s->next == s->undone && forget_entered_elsewhere(s)) {
		printf(_("  this ballot is not recorded: that paper has its ballot\n"));
		return 0;
	}
	if (b->paper == 0 && s->pass == 2)
		b->paper = s->next;
	if (b->paper == 0 && s->pass == 1)
		b->paper = s->next; /* 0 for a new paper, or the paper of the ballot undone */
	/*
	 * A paper typed again after its void is one ballot more, as a new paper is. One that
	 * would be refused is refused before the question, not after (looked up only when the
	 * question would be asked, not for every ballot).
	 */
	if (entry_progress(s->v, s->pass, &p, e) == 0 && p.collected >= 0 &&
	    p.entered >= (uint64_t)p.collected) {
		if (b->paper != 0 && (rc = entry_check_paper(s->v, s->pass, b->paper, e)) < 0)
			return rc;
		if (!confirmed_beyond(s, &p))
			return 0;
		over = true;
	}
	if ((rc = entry_add(s->v, s->pass, b, over, &check, e)) < 0)
		return rc;
	s->count++;
	if (s->pass == 2)
		note_check(s, b, &check);
	s->last = b->paper;
	s->last_serial = b->serial;
	if (b->paper == s->undone)
		s->undone = 0;
	print_ack(s, b);
	advance(s, b->paper);
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
		 "  !: hold a paper that cannot be read at once, for the board to decide\n"
		 "  17: marks  the paper numbered 17 (in pass 1, one whose ballot was voided)\n"
		 "  u: void the last ballot   ?: this help   Ctrl-D: finish\n"));
}

/*
 * Whether the session can go on after a refusal: a line or a state refused it (TN_EDATA), not
 * the vote file, which would refuse every ballot after it.
 */
static bool goes_on(const struct tn_err *e)
{
	return e->code == TN_EDATA;
}

/* u: the last ballot entered at this terminal, once; the paper then waits to be typed again. */
static int undo_last(struct session *s, struct tn_err *e)
{
	uint64_t paper = s->last;

	if (paper == 0 && s->undone != 0) {
		printf(_("  paper %llu is void already and waits to be typed again; u undoes only "
			 "the last ballot entered (tinnhiem void cancels others)\n"),
		       (unsigned long long)s->undone);
		return 0;
	}
	if (paper == 0) {
		printf(_("  nothing to undo in this session\n"));
		return 0;
	}
	if (entry_undo(s->v, s->pass, paper, s->last_serial, UNDO_REASON, e) < 0)
		return e->code;
	s->last = 0;
	s->undone = s->next = paper;
	s->count--;
	printf(_("  the ballot of paper %llu is void; type that paper again\n"),
	       (unsigned long long)paper);
	return 0;
}

static void make_prompt(struct session *s, char *prompt, size_t size)
{
	struct tn_progress_state p = {0, TN_UNSET};
	uint64_t paper = s->next;
	struct tn_err e;
	char count[64];

	/* a failure shows zeros; the next add says why */
	entry_prompt(s->v, s->pass, &p, &paper, &e);
	if (p.collected >= 0 && p.entered >= (uint64_t)p.collected)
		snprintf(count, sizeof count, _("all %lld collected entered"), p.collected);
	else if (p.collected >= 0)
		snprintf(count, sizeof count, _("%llu of %lld entered"),
			 (unsigned long long)p.entered, p.collected);
	else
		snprintf(count, sizeof count, _("%llu entered"), (unsigned long long)p.entered);
	snprintf(prompt, size, _("[pass %d] paper %llu (%s)> "), s->pass, (unsigned long long)paper,
		 count);
}

/* One line typed: 0, or the failure of the vote file that ends the session. */
static int interactive_line(struct session *s, const char *line, struct tn_err *e)
{
	struct tn_ballot b;
	enum tn_line kind;
	int rc = 0;

	if (entry_parse_line(line, strlen(line), s->v->def.nmembers, true, &kind, &b, e) < 0) {
		say(_("not recorded: "), e);
		return 0;
	}
	if (kind == TN_LINE_HELP)
		show_help(s);
	else if (kind == TN_LINE_UNDO && (rc = undo_last(s, e)) < 0)
		say("", e);
	else if (kind == TN_LINE_BALLOT && (rc = add_interactive(s, &b, e)) < 0)
		say(_("not recorded: "), e);
	return rc < 0 && !goes_on(e) ? rc : 0;
}

/*
 * The papers of pass 1 voided (by tinnhiem void, or u in an earlier session) and not entered
 * again, before a session or a batch. In pass 1 the prompt offers a new paper, so one corrected
 * is typed with its number (one voided as entered twice is not typed again); pass 2 follows
 * the papers pass 1 has, so it skips them until they are entered again there.
 */
static void show_waiting(struct session *s, FILE *out)
{
	uint64_t first = 0;
	long long n;
	struct tn_err e;

	if (s->pass == 1)
		n = cmd_print_waiting(s->v, out, _("Voided and not entered again: paper"),
				      _("Voided and not entered again: papers"), &first, &e);
	else
		n = cmd_print_waiting(
		    s->v, out, _("Pass 1 has a paper voided and not entered again:"),
		    _("Pass 1 has papers voided and not entered again:"), &first, &e);
	if (n < 0)
		say("", &e);
	else if (n > 0 && s->pass == 1)
		fprintf(out,
			_(".\nTo correct one, type its number, a colon and the marks: %llu: MARKS "
			  "(a ballot entered twice by mistake is not typed again)\n"),
			(unsigned long long)first);
	else if (n > 0)
		fputs(_(".\nPass 2 follows the papers pass 1 has now: enter the corrections in "
			"pass 1 first.\n"),
		      out);
}

static int enter_interactive(struct session *s, struct tn_err *e)
{
	char prompt[200], *line;
	struct tn_progress_state p = {0, TN_UNSET};
	struct tn_err stop;
	int rc = 0;

	if (vote_check_open(s->v, e) < 0 || edit_load(e) < 0)
		return e->code;
	printf(_("Entering pass %d of \"%s\": %zu members per ballot. ? for help, Ctrl-D to "
		 "finish.\n"),
	       s->pass, s->v->def.title, s->v->def.nmembers);
	show_waiting(s, stdout);
	advance(s, 0);
	for (;;) {
		forget_entered_elsewhere(s);
		make_prompt(s, prompt, sizeof prompt);
		if ((line = edit_line(prompt, true)) == NULL)
			break;
		rc = interactive_line(s, line, &stop);
		free(line);
		if (rc < 0) /* every ballot after it would be refused alike */
			break;
	}
	entry_progress(s->v, s->pass, &p, e);
	if (s->count == 1)
		printf(_("\n1 ballot entered in this session; %llu in pass %d in all\n"),
		       (unsigned long long)p.entered, s->pass);
	else
		printf(_("\n%llu ballots entered in this session; %llu in pass %d in all\n"),
		       (unsigned long long)s->count, (unsigned long long)p.entered, s->pass);
	if (rc < 0)
		*e = stop;
	return rc;
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
	if ((rc = entry_check_pass(v, s.pass, &e)) == 0)
		rc = from ? enter_batch(&s, from, &e) : enter_interactive(&s, &e);
	buf_free(&s.report);
	buf_free(&s.papers);
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
