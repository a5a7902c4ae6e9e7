#include <stdio.h>

#include "cmd.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/report.h"
#include "tinnhiem/vote.h"

static const char usage[] = "tinnhiem show VOTE.db";
static const char help[] =
    N_("Shows the vote's definition, the meeting facts, its state, the progress of\n"
       "entry and its hashes.\n\nExample:\n  tinnhiem show demo.db\n");

#define LABEL_WIDTH 22

/* One fact a row, its value in one column whatever the label's letters (display width). */
static void fact(const char *label, long long v)
{
	int pad = LABEL_WIDTH - report_width(label);

	printf("  %s%*s ", label, pad > 0 ? pad : 0, "");
	if (v < 0)
		puts("-");
	else
		printf("%lld\n", v);
}

static void text_fact(const char *label, const char *s)
{
	int pad = LABEL_WIDTH - report_width(label);

	printf("  %s%*s %s\n", label, pad > 0 ? pad : 0, "", *s ? s : "-");
}

/* The ballots of pass 2 that are void: replay counts the voids of pass 1 only. */
static uint64_t voided_in_pass2(const struct tn_replay *r)
{
	uint64_t n = 0;

	for (uint64_t serial = 1; serial <= r->last_serial[2]; serial++)
		n += replay_is_voided(r, 2, serial);
	return n;
}

static void show_definition(const struct tn_definition *d)
{
	printf("%s\n%s\n%s\n", d->parent_body, d->issuing_body, d->title);
	printf(_("Place and date: %s, %04d-%02d-%02d\n"), d->place, d->year, d->month, d->day);
	printf(_("Rules: %s (percentages of %s; a 0 row makes %s invalid)\n"),
	       rules_profile_name(d->rules.profile), _(rules_base_label(d->rules.base)),
	       d->rules.scope == TN_SCOPE_BALLOT ? _("the whole ballot") : _("only that row"));
	printf(_("Confidential: %s; double entry: %s\n"), d->confidential ? _("yes") : _("no"),
	       d->double_entry ? _("yes") : _("no"));
	for (size_t i = 0; i < d->nbasis; i++)
		printf(_("Basis: %s\n"), d->basis[i]);
	printf(_("Counting board:\n"));
	for (size_t i = 0; i < d->nboard; i++)
		printf("  %s - %s\n", d->board[i].name, d->board[i].role);
	printf(_("Members (%zu):\n"), d->nmembers);
	for (size_t i = 0; i < d->nmembers; i++)
		printf("  %2zu. %s - %s\n", i + 1, d->members[i].name, d->members[i].role);
}

static int show_state(struct tn_vote *v, const struct tn_replay *r, struct tn_err *e)
{
	const struct tn_tally *t = &r->tally;
	uint64_t first;
	long long n = 0;
	char hex[2 * TN_HASH_LEN + TN_HASH_LEN / 2 + 1];

	printf(_("Meeting facts:\n"));
	fact(_("convened"), t->meeting.fact[TN_CONVENED]);
	fact(_("present"), t->meeting.fact[TN_PRESENT]);
	fact(_("ballots issued"), t->meeting.fact[TN_ISSUED]);
	fact(_("ballots collected"), t->meeting.fact[TN_COLLECTED]);
	text_fact(_("count started"), t->meeting.started);
	text_fact(_("minutes finished"), t->meeting.ended);
	text_fact(_("hall"), t->meeting.venue);
	printf(_("State: %s\n"), r->sealed ? _("closed") : _("open"));
	/* the papers typed, as entry counts them against those collected: held ones too */
	printf(_("Ballots entered (pass 1, not void): %llu"),
	       (unsigned long long)(t->entered + t->held));
	if (t->meeting.fact[TN_COLLECTED] >= 0)
		printf(_(" of %lld collected"), t->meeting.fact[TN_COLLECTED]);
	if (t->held > 0)
		printf(_("; held, not decided yet: %llu"), (unsigned long long)t->held);
	printf(_("; void: %llu\n"), (unsigned long long)t->voided);
	/* while entry may still correct them */
	if (!r->sealed && (n = cmd_print_waiting(
			       v, stdout, _("Voided in pass 1 and not entered again: paper"),
			       _("Voided in pass 1 and not entered again: papers"), &first, e)) < 0)
		return e->code;
	if (n > 0)
		putchar('\n');
	if (v->def.double_entry || r->last_serial[2] > 0) {
		uint64_t void2 = voided_in_pass2(r);

		printf(_("Ballots entered (pass 2, not void): %llu; void: %llu\n"),
		       (unsigned long long)(r->last_serial[2] - void2), (unsigned long long)void2);
	}
	hex_grouped(v->def.hash, TN_HASH_LEN, hex);
	printf(_("Definition hash: %s\n"), hex);
	hex_grouped(r->head, TN_HASH_LEN, hex);
	printf(_("Records: %lld; chain head: %s\n"), (long long)r->nrecords, hex);
	if (r->sealed) {
		hex_grouped(r->seal.tally_hash, TN_HASH_LEN, hex);
		printf(_("Tally hash: %s\n"), hex);
		if (r->seal.is_signed) {
			hex_grouped(r->seal.keyid, TN_KEYID_LEN, hex);
			printf(_("Signed with key %s\n"), hex);
		}
	}
	return 0;
}

static int run(struct tn_vote *v, char **operands)
{
	struct tn_replay r;
	struct tn_err e;
	int rc;

	if ((rc = cmd_replay(v, operands[0], &r, &e)) == 0) {
		show_definition(&v->def);
		rc = show_state(v, &r, &e);
	}
	replay_free(&r);
	return rc < 0 ? cmd_fail(&e) : 0;
}

const struct cmd_spec cmd_show = {
    .usage = usage,
    .help = help,
    .operands = 1,
    .operands_error = N_("expected one vote file"),
    .run = run,
};
