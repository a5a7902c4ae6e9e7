#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tinnhiem/entry.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/text.h"

static int blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The bytes of the UTF-8 character at s, for messages. */
static int char_len(const char *s, size_t left)
{
	unsigned char c = (unsigned char)s[0];
	int n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;

	return (size_t)n <= left ? n : 1;
}

static int parse_crossed(const char *s, size_t len, struct tn_ballot *b, struct tn_err *e)
{
	size_t i = 1;

	b->crossed = true;
	b->reason = 0;
	b->nmarks = 0;
	b->marks[0] = '\0';
	while (i < len && blank(s[i]))
		i++;
	if (i == len)
		return 0;
	if (len - i == 1 && s[i] >= '1' && s[i] <= '4') {
		b->reason = s[i] - '0';
		return 0;
	}
	return tn_fail(e, TN_EDATA, _("\"%.*s\": the reason after x must be 1, 2, 3 or 4"),
		       (int)len, s);
}

static int parse_marks(const char *s, size_t len, size_t nmembers, struct tn_ballot *b,
		       struct tn_err *e)
{
	size_t n = 0;

	b->crossed = false;
	b->reason = 0;
	for (size_t i = 0; i < len; i++) {
		if (blank(s[i]))
			continue;
		if (s[i] < '0' || s[i] > '3')
			return tn_fail(e, TN_EDATA,
				       _("unknown mark \"%.*s\" at position %zu (marks are 1, 2, "
					 "3, 0, or x for an invalid ballot)"),
				       char_len(s + i, len - i), s + i, n + 1);
		if (n < TN_MAX_MEMBERS)
			b->marks[n] = s[i];
		n++;
	}
	if (n != nmembers)
		return tn_fail(e, TN_EDATA, _("%zu marks, expected %zu (one per member)"), n,
			       nmembers);
	b->marks[n] = '\0';
	b->nmarks = n;
	return 0;
}

int entry_parse_line(const char *line, size_t len, size_t nmembers, bool interactive,
		     enum tn_line *kind, struct tn_ballot *b, struct tn_err *e)
{
	while (len > 0 && (blank(line[len - 1]) || line[len - 1] == '\r' || line[len - 1] == '\n'))
		len--;
	while (len > 0 && blank(*line))
		line++, len--;
	*kind = TN_LINE_NOTHING;
	if (len == 0 || line[0] == '#')
		return 0;
	if (memchr(line, '\0', len) != NULL)
		return tn_fail(e, TN_EDATA, _("the line holds a NUL byte"));
	if (len == 1 && (line[0] == 'u' || line[0] == '?')) {
		if (!interactive)
			return tn_fail(e, TN_EDATA,
				       _("\"%c\" works only when typing at a terminal"), line[0]);
		*kind = line[0] == 'u' ? TN_LINE_UNDO : TN_LINE_HELP;
		return 0;
	}
	memset(b, 0, sizeof *b);
	if (line[0] == 'x' || line[0] == 'X') {
		if (parse_crossed(line, len, b, e) < 0)
			return e->code;
	} else if (parse_marks(line, len, nmembers, b, e) < 0) {
		return e->code;
	}
	*kind = TN_LINE_BALLOT;
	return 0;
}

static int load_ballot(struct tn_vote *v, const struct tn_buf *line, struct tn_ballot *b,
		       struct tn_err *e)
{
	struct tn_record r;

	if (record_parse(line->data, line->len, v->def.nmembers, &v->def.rules, &r, e) < 0 ||
	    r.kind != TN_REC_BALLOT)
		return tn_fail(e, TN_EVERIFY, _("a stored ballot is damaged; run tinnhiem verify"));
	*b = r.u.ballot;
	return 0;
}

static int check_second(struct tn_vote *v, const struct tn_ballot *b, struct tn_check *c,
			struct tn_err *e)
{
	struct tn_buf line = {0};
	char r1[TN_MAX_MEMBERS + 8], r2[TN_MAX_MEMBERS + 8];
	int rc;

	memset(c, 0, sizeof *c);
	if ((rc = store_count_live(v->store, 2, &c->position, e)) < 0)
		return rc;
	rc = store_live_ballot(v->store, 1, c->position, &line, &c->found, e);
	if (rc == 0 && c->found && (rc = load_ballot(v, &line, &c->first, e)) == 0) {
		record_reading(&c->first, r1);
		record_reading(b, r2);
		c->differs = strcmp(r1, r2) != 0;
	}
	buf_free(&line);
	return rc;
}

static int add_ballot(struct tn_vote *v, int pass, struct tn_ballot *b, struct tn_check *check,
		      struct tn_err *e)
{
	struct tn_record r;
	uint64_t last;
	int rc;

	if (b->crossed && !rules_ground_allowed(&v->def.rules, b->reason))
		return tn_fail(
		    e, TN_EDATA,
		    _("x %d: \"%s\" is not a ground of invalidity under %s (QĐ 96 Điều 6 "
		      "lists 1, 2 and 4); a definition that follows QĐ 262 says "
		      "invalid_grounds = qd262"),
		    b->reason, _(rules_ground_label(b->reason)),
		    rules_profile_name(v->def.rules.profile));
	if ((rc = store_last_serial(v->store, pass, &last, e)) < 0)
		return rc;
	b->pass = pass;
	b->serial = last + 1;
	record_judge_ballot(b, &v->def.rules);
	r.kind = TN_REC_BALLOT;
	r.u.ballot = *b;
	if ((rc = vote_append(v, &r, e)) < 0)
		return rc;
	if (pass == 2 && check != NULL)
		return check_second(v, b, check, e);
	return 0;
}

struct one {
	int pass;
	struct tn_ballot *b;
	struct tn_check *check;
};

static int add_one_in_tx(struct tn_vote *v, void *arg, struct tn_err *e)
{
	struct one *o = arg;

	return add_ballot(v, o->pass, o->b, o->check, e);
}

int entry_add(struct tn_vote *v, int pass, struct tn_ballot *b, struct tn_check *check,
	      struct tn_err *e)
{
	struct one o = {pass, b, check};

	return vote_write(v, add_one_in_tx, &o, e);
}

static int batch_lines(struct tn_vote *v, const struct tn_batch *batch, struct tn_err *e)
{
	struct tn_buf line = {0};
	uint64_t bytes = 0;
	long lineno = 0;
	int rc = 0, got;

	while ((got = read_bounded_line(batch->f, TN_MAX_LINE, &line)) > 0) {
		struct tn_ballot b;
		struct tn_check check;
		enum tn_line kind;

		lineno++;
		bytes += line.len;
		if (lineno % 1024 == 0)
			progress_report(batch->progress, bytes, batch->size);
		if (entry_parse_line(line.data, line.len, v->def.nmembers, false, &kind, &b, e) <
		    0) {
			rc = tn_prefix(e, "%s:%ld", batch->name, lineno);
			break;
		}
		if (kind != TN_LINE_BALLOT)
			continue;
		if ((rc = add_ballot(v, batch->pass, &b, &check, e)) < 0) {
			if (rc == TN_EDATA)
				tn_prefix(e, "%s:%ld", batch->name, lineno);
			break;
		}
		if (batch->added != NULL)
			batch->added(batch->arg, &b, batch->pass == 2 ? &check : NULL);
	}
	if (rc == 0 && got == -1)
		rc = tn_fail(e, TN_EDATA, _("%s:%ld: line longer than %d bytes"), batch->name,
			     lineno + 1, TN_MAX_LINE);
	else if (rc == 0 && got == -2)
		rc = tn_fail(e, TN_EIO, "%s: %s", batch->name, strerror(errno));
	buf_free(&line);
	return rc;
}

static int batch_in_tx(struct tn_vote *v, void *arg, struct tn_err *e)
{
	return batch_lines(v, arg, e);
}

int entry_add_batch(struct tn_vote *v, const struct tn_batch *batch, struct tn_err *e)
{
	return vote_write(v, batch_in_tx, (void *)batch, e);
}

struct void_args {
	int pass;
	uint64_t serial;
	const char *reason;
};

static int void_checked(struct tn_vote *v, void *arg, struct tn_err *e)
{
	const struct void_args *a = arg;
	int pass = a->pass;
	uint64_t serial = a->serial;
	struct tn_record r;
	bool found, voided;
	int rc;

	if ((rc = store_ballot(v->store, pass, serial, NULL, &found, e)) < 0 ||
	    (rc = store_is_voided(v->store, pass, serial, &voided, e)) < 0)
		return rc;
	if (!found)
		return tn_fail(e, TN_EDATA, _("there is no ballot %llu in pass %d"),
			       (unsigned long long)serial, pass);
	if (voided)
		return tn_fail(e, TN_EDATA, _("ballot %llu of pass %d is already void"),
			       (unsigned long long)serial, pass);
	r.kind = TN_REC_VOID;
	r.u.void_.pass = pass;
	r.u.void_.serial = serial;
	r.u.void_.reason = a->reason;
	r.u.void_.reason_len = strlen(a->reason);
	return vote_append(v, &r, e);
}

int entry_void(struct tn_vote *v, int pass, uint64_t serial, const char *reason, struct tn_err *e)
{
	char *clean;
	int rc;

	if (text_clean(reason, strlen(reason), &clean, e) < 0)
		return tn_prefix(e, _("reason"));
	if (*clean == '\0' || strlen(clean) > TN_MAX_REASON) {
		free(clean);
		return tn_fail(e, TN_EDATA, _("the reason must be 1 to %d bytes of text"),
			       TN_MAX_REASON);
	}
	struct void_args a = {pass, serial, clean};

	rc = vote_write(v, void_checked, &a, e);
	free(clean);
	return rc;
}

int entry_progress(struct tn_vote *v, int pass, struct tn_progress_state *p, struct tn_err *e)
{
	struct tn_meeting m;
	uint64_t last;
	int rc;

	if ((rc = store_count_live(v->store, pass, &p->entered, e)) < 0 ||
	    (rc = store_last_serial(v->store, pass, &last, e)) < 0 ||
	    (rc = vote_meeting_facts(v, &m, e)) < 0)
		return rc;
	p->next_serial = last + 1;
	p->collected = m.fact[TN_COLLECTED];
	return 0;
}

int entry_reconcile(struct tn_vote *v, replay_diff_fn fn, void *arg, uint64_t *count,
		    struct tn_err *e)
{
	struct tn_replay r;
	int rc = vote_replay(v, true, &r, e);

	if (rc == 0)
		*count = replay_differences(&r, fn, arg);
	replay_free(&r);
	return rc;
}
