#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
	return tn_fail(e, TN_EDATA,
		       _("\"%.*s\": the reason after x is the number of a ground: 1, 2 or 4, or "
			 "3 where the vote follows QĐ 262"),
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

/* "17:" before a reading names the paper it is for. */
static int parse_paper(const char **line, size_t *len, uint64_t *paper, struct tn_err *e)
{
	size_t n = 0;

	while (n < *len && (*line)[n] >= '0' && (*line)[n] <= '9')
		n++;
	if (n == 0 || n == *len || (*line)[n] != ':')
		return 0;
	if (parse_u64(*line, n, paper) < 0 || *paper == 0 || *paper >= TN_MAX_COUNT)
		return tn_fail(e, TN_EDATA,
			       _("\"%.*s:\": a paper number is written from 1 to %llu, without "
				 "leading zeros"),
			       (int)n, *line, TN_MAX_COUNT - 1);
	*line += n + 1, *len -= n + 1;
	while (*len > 0 && blank(**line))
		(*line)++, (*len)--;
	return 0;
}

int entry_parse_line(const char *line, size_t len, size_t nmembers, bool interactive,
		     enum tn_line *kind, struct tn_ballot *b, struct tn_err *e)
{
	uint64_t paper = 0;

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
	if (parse_paper(&line, &len, &paper, e) < 0)
		return e->code;
	memset(b, 0, sizeof *b);
	if (len == 1 && line[0] == '!') {
		b->held = true;
	} else if (len > 0 && (line[0] == 'x' || line[0] == 'X')) {
		if (parse_crossed(line, len, b, e) < 0)
			return e->code;
	} else if (parse_marks(line, len, nmembers, b, e) < 0) {
		return e->code;
	}
	b->paper = paper;
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

/*
 * Pass 2: the live pass-1 ballot of the same paper, and whether it reads the same. Its
 * reading is the fourth field of its line; the line is parsed whole only when it differs.
 */
static int check_second(struct tn_vote *v, const struct tn_ballot *b, struct tn_check *c,
			struct tn_err *e)
{
	struct tn_buf line = {0};
	struct tn_paper first;
	char r1[TN_READING_LEN], r2[TN_READING_LEN];
	int rc;

	memset(c, 0, sizeof *c);
	rc = store_paper(v->store, 1, b->paper, &first, &line, e);
	c->found = rc == 0 && first.live != 0;
	if (c->found) {
		record_reading(b, r2);
		c->differs =
		    record_line_reading(line.data, line.len, r1) < 0 || strcmp(r1, r2) != 0;
		if (c->differs && (rc = load_ballot(v, &line, &c->first, e)) == 0) {
			record_reading(&c->first, r1);
			c->differs = strcmp(r1, r2) != 0;
		}
	}
	buf_free(&line);
	return rc;
}

/* What entry_next_paper, entry_progress and entry_prompt ask and give. */
struct where {
	int pass;
	uint64_t after, *paper;
	struct tn_progress_state *p;
};

static int next_paper(struct tn_vote *v, void *arg, struct tn_err *e)
{
	struct where *w = arg;
	struct tn_paper p1, p2;
	uint64_t max1, *paper = w->paper;
	int rc;

	if ((rc = store_max_paper(v->store, 1, &max1, e)) < 0)
		return rc;
	if (w->pass == 1) {
		*paper = max1 + 1;
		return 0;
	}
	for (*paper = w->after + 1;; ++*paper) {
		if ((rc = store_paper(v->store, 1, *paper, &p1, NULL, e)) < 0 ||
		    (rc = store_paper(v->store, 2, *paper, &p2, NULL, e)) < 0)
			return rc;
		if (p2.live == 0 && (p1.live != 0 || *paper > max1))
			return 0;
	}
}

int entry_next_paper(struct tn_vote *v, int pass, uint64_t after, uint64_t *paper, struct tn_err *e)
{
	struct where w = {pass, after, paper, NULL};

	return vote_read(v, next_paper, &w, e);
}

/* Whether a ballot may be entered for this paper, numbered by the operator, in this pass. */
static int check_paper(struct tn_vote *v, int pass, uint64_t paper, struct tn_err *e)
{
	struct tn_paper p;
	int rc;

	if ((rc = store_paper(v->store, pass, paper, &p, NULL, e)) < 0)
		return rc;
	if (pass == 1 && !p.exists)
		return tn_fail(e, TN_EDATA,
			       _("there is no paper %llu in pass 1 to enter again (a new paper "
				 "is typed without a number)"),
			       (unsigned long long)paper);
	if (p.live != 0)
		return tn_fail(e, TN_EDATA,
			       _("paper %llu already has a ballot in pass %d; to correct it, void "
				 "it first (tinnhiem void VOTE.db %llu --pass %d --reason ...)"),
			       (unsigned long long)paper, pass, (unsigned long long)paper, pass);
	return 0;
}

/*
 * The paper a ballot is for: checked against the ballots the pass already holds. A paper
 * typed again after its void counts as one more ballot as much as a new paper does.
 */
static int take_paper(struct tn_vote *v, struct tn_ballot *b, struct tn_err *e)
{
	if (b->paper == 0)
		return entry_next_paper(v, b->pass, 0, &b->paper, e);
	return check_paper(v, b->pass, b->paper, e);
}

/* At a terminal, a ballot beyond those collected is recorded only when confirmed. */
static int check_room(struct tn_vote *v, int pass, struct tn_err *e)
{
	struct tn_progress_state p;
	int rc;

	if ((rc = entry_progress(v, pass, &p, e)) < 0)
		return rc;
	if (p.collected >= 0 && p.entered >= (uint64_t)p.collected)
		return tn_fail(e, TN_EDATA,
			       _("pass %d already holds the %lld ballots collected; a ballot "
				 "beyond them is recorded only when confirmed"),
			       pass, p.collected);
	return 0;
}

static int check_ground(const struct tn_vote *v, const struct tn_ballot *b, struct tn_err *e)
{
	if (b->crossed && !rules_ground_allowed(&v->def.rules, b->reason))
		return tn_fail(
		    e, TN_EDATA,
		    _("x %d: \"%s\" is not a ground of invalidity under %s (QĐ 96 Điều 6 "
		      "lists 1, 2 and 4); a definition that follows QĐ 262 says "
		      "invalid_grounds = qd262"),
		    b->reason, _(rules_ground_label(b->reason)),
		    rules_profile_name(v->def.rules.profile));
	return 0;
}

int entry_check_pass(const struct tn_vote *v, int pass, struct tn_err *e)
{
	if (pass == 2 && !v->def.double_entry)
		return tn_fail(e, TN_EDATA,
			       _("%s: the vote has no pass 2: its definition does not ask for "
				 "double entry (\"double_entry = yes\")"),
			       store_path(v->store));
	return 0;
}

static int add_ballot(struct tn_vote *v, int pass, struct tn_ballot *b, bool room,
		      struct tn_check *check, struct tn_err *e)
{
	struct tn_record r;
	uint64_t last;
	int rc;

	if ((rc = check_ground(v, b, e)) < 0 ||
	    (rc = store_last_serial(v->store, pass, &last, e)) < 0)
		return rc;
	b->pass = pass;
	b->serial = last + 1;
	if ((rc = take_paper(v, b, e)) < 0 || (room && (rc = check_room(v, pass, e)) < 0))
		return rc;
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
	bool over_collected;
	struct tn_check *check;
};

static int add_one_in_tx(struct tn_vote *v, void *arg, struct tn_err *e)
{
	struct one *o = arg;

	return add_ballot(v, o->pass, o->b, !o->over_collected, o->check, e);
}

int entry_add(struct tn_vote *v, int pass, struct tn_ballot *b, bool over_collected,
	      struct tn_check *check, struct tn_err *e)
{
	struct one o = {pass, b, over_collected, check};
	int rc = entry_check_pass(v, pass, e);

	return rc < 0 ? rc : vote_write(v, add_one_in_tx, &o, e);
}

#define MIN_VOTE_PREFIX 8 /* hex digits: two groups of four, as the minutes print them */

static size_t blanks(const char *line, size_t len, size_t i)
{
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	return i;
}

/*
 * Where the hash of a "# vote:" line begins, or 0 for any other line. The tie is taken as
 * a person may type it ("#vote:", "# Vote :", blanks before), so that no slip of case or spacing
 * turns it into a comment that ties nothing; "# votes counted by Lan" stays a comment.
 */
static size_t vote_line_hash(const char *line, size_t len)
{
	size_t i = blanks(line, len, 0);

	if (i == len || line[i] != '#')
		return 0;
	i = blanks(line, len, i + 1);
	if (len - i < 4 || strncasecmp(line + i, "vote", 4) != 0)
		return 0;
	i = blanks(line, len, i + 4);
	return i < len && line[i] == ':' ? i + 1 : 0;
}

int entry_check_vote_line(const struct tn_vote *v, const char *line, size_t len, struct tn_err *e)
{
	char want[2 * TN_HASH_LEN + 1], got[2 * TN_HASH_LEN + 1];
	size_t n = 0, skip = vote_line_hash(line, len);

	if (skip == 0)
		return 0;
	for (size_t i = skip; i < len; i++) {
		char c = (char)tolower((unsigned char)line[i]);

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			continue;
		if (n == 2 * TN_HASH_LEN || !isxdigit((unsigned char)c))
			return tn_fail(e, TN_EDATA,
				       _("\"# vote:\" is followed by the first groups of the "
					 "definition hash (at least %d hex digits)"),
				       MIN_VOTE_PREFIX);
		got[n++] = c;
	}
	got[n] = '\0';
	if (n < MIN_VOTE_PREFIX)
		return tn_fail(e, TN_EDATA,
			       _("\"# vote:\" is followed by the first groups of the definition "
				 "hash (at least %d hex digits)"),
			       MIN_VOTE_PREFIX);
	hex_encode(v->def.hash, TN_HASH_LEN, want);
	if (memcmp(want, got, n) != 0)
		return tn_fail(e, TN_EDATA,
			       _("this file is for the vote whose definition hash begins %.8s, not "
				 "this one (%.8s): %s"),
			       got, want, v->def.title);
	return 0;
}

/* Ballots collected, when known, is where the paper stops. */
static int check_collected(struct tn_vote *v, const struct tn_batch *batch, struct tn_err *e)
{
	struct tn_progress_state p;
	int rc;

	if (batch->over_collected)
		return 0;
	if ((rc = entry_progress(v, batch->pass, &p, e)) < 0)
		return rc;
	if (p.collected >= 0 && p.entered > (uint64_t)p.collected)
		return tn_fail(e, TN_EDATA,
			       _("%s: pass %d would hold %llu ballots, more than the %lld "
				 "collected; nothing was recorded (a file entered twice? "
				 "--over-collected records it all the same)"),
			       batch->name, batch->pass, (unsigned long long)p.entered,
			       p.collected);
	return 0;
}

static int batch_lines(struct tn_vote *v, const struct tn_batch *batch, struct tn_err *e)
{
	struct tn_buf line = {0};
	uint64_t bytes = 0;
	long lineno = 0;
	uint64_t after = 0; /* pass 2: the paper of the line before */
	int rc = 0, got;

	while ((got = read_bounded_line(batch->f, TN_MAX_LINE, &line)) > 0) {
		struct tn_ballot b;
		struct tn_check check;
		enum tn_line kind;

		lineno++;
		bytes += line.len;
		if (lineno % 1024 == 0)
			progress_report(batch->progress, bytes, batch->size);
		if (entry_check_vote_line(v, line.data, line.len, e) < 0 ||
		    entry_parse_line(line.data, line.len, v->def.nmembers, false, &kind, &b, e) <
			0) {
			rc = tn_prefix(e, "%s:%ld", batch->name, lineno);
			break;
		}
		if (kind != TN_LINE_BALLOT)
			continue;
		if (batch->pass == 2 && b.paper == 0 &&
		    (rc = entry_next_paper(v, 2, after, &b.paper, e)) < 0)
			break;
		if ((rc = add_ballot(v, batch->pass, &b, false, &check, e)) < 0) {
			if (rc == TN_EDATA)
				tn_prefix(e, "%s:%ld", batch->name, lineno);
			break;
		}
		after = b.paper;
		if (batch->added != NULL)
			batch->added(batch->arg, &b, batch->pass == 2 ? &check : NULL);
	}
	if (rc == 0 && got == -1)
		rc = tn_fail(e, TN_EDATA, _("%s:%ld: line longer than %d bytes"), batch->name,
			     lineno + 1, TN_MAX_LINE);
	else if (rc == 0 && got == -2)
		rc = tn_fail(e, TN_EIO, "%s: %s", batch->name, strerror(errno));
	buf_free(&line);
	return rc == 0 ? check_collected(v, batch, e) : rc;
}

static int batch_in_tx(struct tn_vote *v, void *arg, struct tn_err *e)
{
	return batch_lines(v, arg, e);
}

int entry_add_batch(struct tn_vote *v, const struct tn_batch *batch, struct tn_err *e)
{
	int rc = entry_check_pass(v, batch->pass, e);

	return rc < 0 ? rc : vote_write(v, batch_in_tx, (void *)batch, e);
}

/* A reason, cleaned: 1 to TN_MAX_REASON bytes of text; *clean to be freed. */
static int clean_reason(const char *reason, char **clean, struct tn_err *e)
{
	if (text_clean(reason, strlen(reason), clean, e) < 0)
		return tn_prefix(e, _("reason"));
	if (**clean == '\0' || strlen(*clean) > TN_MAX_REASON) {
		free(*clean);
		return tn_fail(e, TN_EDATA, _("the reason must be 1 to %d bytes of text"),
			       TN_MAX_REASON);
	}
	return 0;
}

struct void_args {
	int pass;
	const uint64_t *papers;
	size_t n;
	const char *reason;
	uint64_t serial; /* u: the ballot the session entered, which must still be the paper's */
};

static int void_one(struct tn_vote *v, const struct void_args *a, uint64_t paper, struct tn_err *e)
{
	struct tn_record r;
	struct tn_paper p;
	int rc;

	if ((rc = store_paper(v->store, a->pass, paper, &p, NULL, e)) < 0)
		return rc;
	if (!p.exists)
		return tn_fail(e, TN_EDATA, _("there is no paper %llu in pass %d"),
			       (unsigned long long)paper, a->pass);
	if (p.live == 0)
		return tn_fail(e, TN_EDATA, _("paper %llu of pass %d is already void"),
			       (unsigned long long)paper, a->pass);
	if (a->serial != 0 && p.live != a->serial)
		return tn_fail(e, TN_EDATA,
			       _("paper %llu was voided and entered again elsewhere since this "
				 "session entered it: u voids only a ballot this session entered "
				 "(tinnhiem void cancels others)"),
			       (unsigned long long)paper);
	r.kind = TN_REC_VOID;
	r.u.void_.pass = a->pass;
	r.u.void_.serial = p.live;
	r.u.void_.reason = a->reason;
	r.u.void_.reason_len = strlen(a->reason);
	return vote_append(v, &r, e);
}

/* All of them or none: one refused paper leaves the vote as it was. */
static int void_checked(struct tn_vote *v, void *arg, struct tn_err *e)
{
	const struct void_args *a = arg;
	int rc;

	for (size_t i = 0; i < a->n; i++)
		if ((rc = void_one(v, a, a->papers[i], e)) < 0)
			return rc;
	return 0;
}

static int by_number(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* The lowest paper a list names twice, or 0. */
static uint64_t named_twice(const uint64_t *list, size_t n)
{
	uint64_t *sorted = xmalloc(n * sizeof *sorted + 1), twice = 0;

	memcpy(sorted, list, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, by_number);
	for (size_t i = 1; i < n && twice == 0; i++)
		if (sorted[i] == sorted[i - 1])
			twice = sorted[i];
	free(sorted);
	return twice;
}

int entry_parse_papers(const char *text, uint64_t **out, size_t *n, struct tn_err *e)
{
	const char *p = text;
	uint64_t *list = NULL, twice;
	size_t count = 0;

	do {
		uint64_t lo, hi;
		size_t len = strspn(p, "0123456789"), len2;

		if (parse_u64(p, len, &lo) < 0 || lo == 0 || lo >= TN_MAX_COUNT)
			goto bad;
		p += len;
		hi = lo;
		if (*p == '-') {
			len2 = strspn(++p, "0123456789");
			if (parse_u64(p, len2, &hi) < 0 || hi < lo || hi >= TN_MAX_COUNT)
				goto bad;
			p += len2;
		}
		if (hi - lo >= TN_MAX_PAPERS - count) {
			free(list);
			return tn_fail(e, TN_EUSAGE, _("\"%s\": more than %d papers at once"), text,
				       TN_MAX_PAPERS);
		}
		list = xrealloc(list, (count + (size_t)(hi - lo) + 1) * sizeof *list);
		for (uint64_t s = lo; s <= hi; s++)
			list[count++] = s;
	} while (*p == ',' && *p++ == ','); /* a comma must be followed by a number */
	if (*p != '\0')
		goto bad;
	if ((twice = named_twice(list, count)) != 0) {
		free(list);
		return tn_fail(e, TN_EUSAGE, _("\"%s\": paper %llu is named twice"), text,
			       (unsigned long long)twice);
	}
	*out = list;
	*n = count;
	return 0;
bad:
	free(list);
	return tn_fail(e, TN_EUSAGE,
		       _("not paper numbers: \"%s\" (write 17, 32-41 or 17,32-41,45)"), text);
}

int entry_void(struct tn_vote *v, int pass, const uint64_t *papers, size_t n, const char *reason,
	       struct tn_err *e)
{
	char *clean;
	int rc;

	if ((rc = entry_check_pass(v, pass, e)) < 0 || (rc = clean_reason(reason, &clean, e)) < 0)
		return rc;
	struct void_args a = {pass, papers, n, clean, 0};

	rc = vote_write(v, void_checked, &a, e);
	free(clean);
	return rc;
}

int entry_undo(struct tn_vote *v, int pass, uint64_t paper, uint64_t serial, const char *reason,
	       struct tn_err *e)
{
	struct void_args a = {pass, &paper, 1, reason, serial};

	return vote_write(v, void_checked, &a, e);
}

static int progress(struct tn_vote *v, void *arg, struct tn_err *e)
{
	struct where *w = arg;
	struct tn_meeting m;
	int rc;

	if ((rc = store_count_live(v->store, w->pass, &w->p->entered, e)) < 0 ||
	    (rc = vote_meeting_facts(v, &m, e)) < 0)
		return rc;
	w->p->collected = m.fact[TN_COLLECTED];
	return 0;
}

int entry_progress(struct tn_vote *v, int pass, struct tn_progress_state *p, struct tn_err *e)
{
	struct where w = {pass, 0, NULL, p};

	return vote_read(v, progress, &w, e);
}

static int prompt(struct tn_vote *v, void *arg, struct tn_err *e)
{
	struct where *w = arg;
	int rc = progress(v, w, e);

	return rc < 0 || *w->paper != 0 ? rc : next_paper(v, w, e);
}

int entry_prompt(struct tn_vote *v, int pass, struct tn_progress_state *p, uint64_t *paper,
		 struct tn_err *e)
{
	struct where w = {pass, 0, paper, p};

	return vote_read(v, prompt, &w, e);
}

struct paper_args {
	int pass;
	uint64_t paper;
};

static int paper_open(struct tn_vote *v, void *arg, struct tn_err *e)
{
	struct paper_args *a = arg;

	return check_paper(v, a->pass, a->paper, e);
}

int entry_check_paper(struct tn_vote *v, int pass, uint64_t paper, struct tn_err *e)
{
	struct paper_args a = {pass, paper};

	return vote_read(v, paper_open, &a, e);
}

struct waiting_args {
	int pass;
	uint64_t *papers;
	size_t max, *n;
};

static int waiting(struct tn_vote *v, void *arg, struct tn_err *e)
{
	struct waiting_args *a = arg;

	return store_waiting(v->store, a->pass, a->papers, a->max, a->n, e);
}

int entry_waiting(struct tn_vote *v, int pass, uint64_t *papers, size_t max, size_t *n,
		  struct tn_err *e)
{
	struct waiting_args a = {pass, papers, max, n};

	return vote_read(v, waiting, &a, e);
}

struct decide_args {
	uint64_t paper;
	struct tn_ballot *reading;
	const char *reason;
};

static int decide_in_tx(struct tn_vote *v, void *arg, struct tn_err *e)
{
	struct decide_args *a = arg;
	struct tn_record r = {.kind = TN_REC_DECISION};
	struct tn_buf line = {0};
	struct tn_ballot held;
	struct tn_paper p;
	bool decided = false;
	int rc;

	if ((rc = store_paper(v->store, 1, a->paper, &p, &line, e)) == 0 && p.live != 0)
		rc = load_ballot(v, &line, &held, e);
	buf_free(&line);
	if (rc < 0)
		return rc;
	if (p.live == 0)
		return tn_fail(e, TN_EDATA, _("there is no paper %llu in pass 1 (or it is void)"),
			       (unsigned long long)a->paper);
	if (!held.held)
		return tn_fail(e, TN_EDATA,
			       _("paper %llu was not held: it was entered as %s (to correct it, "
				 "void it and enter it again)"),
			       (unsigned long long)a->paper, held.crossed ? "x" : held.marks);
	if ((rc = store_is_decided(v->store, p.live, &decided, e)) < 0)
		return rc;
	if (decided)
		return tn_fail(e, TN_EDATA, _("paper %llu is decided already"),
			       (unsigned long long)a->paper);
	a->reading->pass = 1;
	a->reading->serial = p.live;
	a->reading->paper = 0;
	record_judge_ballot(a->reading, &v->def.rules);
	r.u.decision.reading = *a->reading;
	r.u.decision.reason = a->reason;
	r.u.decision.reason_len = strlen(a->reason);
	return vote_append(v, &r, e);
}

int entry_decide(struct tn_vote *v, uint64_t paper, const char *reading, const char *reason,
		 struct tn_ballot *b, struct tn_err *e)
{
	enum tn_line kind;
	char *clean;
	int rc;

	/* as typed at a terminal, so that u and ? are told to be no reading, as ! is */
	if ((rc = entry_parse_line(reading, strlen(reading), v->def.nmembers, true, &kind, b, e)) <
	    0)
		return tn_prefix(e, _("reading"));
	if (kind != TN_LINE_BALLOT || b->held || b->paper != 0)
		return tn_fail(e, TN_EDATA,
			       _("reading: \"%s\" is not a reading of a ballot (the marks, or x "
				 "and a ground)"),
			       reading);
	if ((rc = check_ground(v, b, e)) < 0 || (rc = clean_reason(reason, &clean, e)) < 0)
		return rc;
	struct decide_args a = {paper, b, clean};

	rc = vote_write(v, decide_in_tx, &a, e);
	free(clean);
	return rc;
}

int entry_reconcile(struct tn_vote *v, replay_diff_fn fn, void *arg, uint64_t *count,
		    struct tn_err *e)
{
	struct tn_replay r;
	int rc;

	if ((rc = entry_check_pass(v, 2, e)) < 0)
		return rc;
	/* one transaction: the passes paired are the records replayed */
	if ((rc = store_read_begin(v->store, e)) < 0)
		return rc;
	if ((rc = vote_replay(v, &r, e)) == 0)
		rc = replay_differences(&r, fn, arg, count, e);
	store_rollback(v->store);
	replay_free(&r);
	return rc;
}
