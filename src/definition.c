/*
 * Vote definitions. The INI reader is our own, line by line: it counts lines (so every message
 * names one), sees section headers (so repeated [member] sections are told apart), checks
 * UTF-8 and reads values of any length up to MAX_LINE.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "tinnhiem/chain.h"
#include "tinnhiem/definition.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/text.h"

#define MAX_LINE 8000 /* bytes of one definition line */

enum section { SEC_NONE, SEC_VOTE, SEC_MEETING, SEC_BOARD, SEC_MEMBER };

enum vote_key {
	K_TITLE,
	K_PARENT,
	K_ISSUING,
	K_PLACE,
	K_DATE,
	K_RULES,
	K_CONFIDENTIAL,
	K_DOUBLE,
	K_DENOMINATOR,
	K_SCOPE,
	K_COUNT
};

static const char *const vote_keys[K_COUNT] = {
    "title", "parent_body",  "issuing_body", "place",	    "date",
    "rules", "confidential", "double_entry", "denominator", "invalid_scope",
};

struct parser {
	FILE *f;
	const char *name;
	struct tn_definition *d;
	struct tn_err *e;
	int failed;
	int fail_line;
	int syntax_line; /* the first line that is not INI; reading goes on, as inih did */
	int lineno;
	enum section sec;
	int sec_line;
	int vote_sections;
	int key_line[K_COUNT]; /* where each [vote] key was set; 0 when not */
	int meeting_line[4];   /* convened, present, issued, collected */
	int member_line;       /* the [member] header of the member being read */
	int name_line, position_line;
	int *member_name_line; /* per member, for duplicate messages */
	int base_set, scope_set;
};

static int fail_at(struct parser *p, int line, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail_at(struct parser *p, int line, int code, const char *fmt, ...)
{
	char msg[TN_ERR_MSG];
	va_list ap;

	if (p->failed)
		return 0;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	p->failed = 1;
	p->fail_line = line;
	tn_fail(p->e, code, "%s:%d: %s", p->name, line, msg);
	return 0;
}

static int valid_utf8(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0)
			return 0;
		i += (size_t)n;
	}
	return 1;
}

/* Checks that the section just ended has what it needs. */
static void end_section(struct parser *p)
{
	if (p->sec == SEC_MEMBER) {
		if (p->name_line == 0)
			fail_at(p, p->sec_line, TN_EDATA, _("[member] has no name"));
		else if (p->position_line == 0)
			fail_at(p, p->sec_line, TN_EDATA, _("[member] has no position"));
	}
}

static void begin_section(struct parser *p, const char *line, size_t len)
{
	static const char *const names[] = {"[vote]", "[meeting]", "[counting_board]", "[member]"};
	size_t n = len;
	int i;

	end_section(p);
	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	/* a comment may follow the header */
	for (size_t j = 0; j < n; j++)
		if (line[j] == ']') {
			n = j + 1;
			break;
		}
	for (i = 0; i < 4; i++)
		if (strlen(names[i]) == n && memcmp(line, names[i], n) == 0)
			break;
	if (i == 4) {
		fail_at(p, p->lineno, TN_EDATA, _("unknown section %.*s"), (int)n, line);
		return;
	}
	p->sec = (enum section)(i + 1);
	p->sec_line = p->lineno;
	if (p->sec == SEC_VOTE && ++p->vote_sections > 1)
		fail_at(p, p->lineno, TN_EDATA, _("[vote] appears twice"));
	if (p->sec == SEC_MEMBER) {
		p->name_line = p->position_line = 0;
		if (p->d->nmembers >= TN_MAX_MEMBERS)
			fail_at(p, p->lineno, TN_EDATA, _("more than %d members"), TN_MAX_MEMBERS);
	}
}

/* The cleaned value, or NULL after reporting the problem. */
static char *clean_value(struct parser *p, const char *name, const char *value)
{
	struct tn_err e;
	char *out;

	if (text_clean(value, strlen(value), &out, &e) < 0) {
		fail_at(p, p->lineno, TN_EDATA, "%s: %s", name, e.msg);
		return NULL;
	}
	if (strlen(out) > TN_MAX_TEXT) {
		fail_at(p, p->lineno, TN_EDATA, _("%s: longer than %d bytes"), name, TN_MAX_TEXT);
		free(out);
		return NULL;
	}
	return out;
}

static int parse_date(const char *s, int *y, int *m, int *d)
{
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	uint64_t yy, mm, dd;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if (parse_u64(s, 4, &yy) < 0 || s[5] < '0' || s[5] > '1' || s[8] < '0' || s[8] > '3')
		return -1;
	mm = (uint64_t)(s[5] - '0') * 10 + (uint64_t)(s[6] - '0');
	dd = (uint64_t)(s[8] - '0') * 10 + (uint64_t)(s[9] - '0');
	if (s[6] < '0' || s[6] > '9' || s[9] < '0' || s[9] > '9')
		return -1;
	if (yy < 1930 || mm < 1 || mm > 12 || dd < 1 || dd > (uint64_t)days[mm - 1])
		return -1;
	if (mm == 2 && dd == 29 && !((yy % 4 == 0 && yy % 100 != 0) || yy % 400 == 0))
		return -1;
	*y = (int)yy;
	*m = (int)mm;
	*d = (int)dd;
	return 0;
}

static int parse_bool(const char *s, bool *b)
{
	if (strcmp(s, "yes") == 0)
		*b = true;
	else if (strcmp(s, "no") == 0)
		*b = false;
	else
		return -1;
	return 0;
}

static int required_text(struct parser *p, const char *name, char *v)
{
	if (*v == '\0') {
		free(v);
		return fail_at(p, p->lineno, TN_EDATA, _("%s is empty"), name);
	}
	return 1;
}

static int vote_enum_key(struct parser *p, enum vote_key k, char *v)
{
	struct tn_definition *d = p->d;
	int bad = 0;

	switch (k) {
	case K_DATE:
		bad = parse_date(v, &d->year, &d->month, &d->day);
		break;
	case K_RULES:
		bad = rules_profile_parse(v, &d->rules.profile);
		break;
	case K_CONFIDENTIAL:
		bad = parse_bool(v, &d->confidential);
		break;
	case K_DOUBLE:
		bad = parse_bool(v, &d->double_entry);
		break;
	case K_DENOMINATOR:
		bad = rules_base_parse(v, &d->rules.base);
		p->base_set = 1;
		break;
	default:
		bad = rules_scope_parse(v, &d->rules.scope);
		p->scope_set = 1;
		break;
	}
	if (bad) {
		static const char *const expect[] = {
		    [K_DATE] = "YYYY-MM-DD",
		    [K_RULES] = "qd96-2023, nq96-2023, nq85-2014",
		    [K_CONFIDENTIAL] = "yes, no",
		    [K_DOUBLE] = "yes, no",
		    [K_DENOMINATOR] = "collected, issued, valid, convened",
		    [K_SCOPE] = "ballot, row",
		};
		fail_at(p, p->lineno, TN_EDATA, _("%s: bad value \"%s\" (expected %s)"),
			vote_keys[k], v, expect[k]);
	}
	free(v);
	return !bad;
}

static int vote_key(struct parser *p, const char *name, char *v)
{
	struct tn_definition *d = p->d;
	char **slot[] = {&d->title, &d->parent_body, &d->issuing_body, &d->place};
	int k;

	if (strcmp(name, "basis") == 0) {
		if (!required_text(p, name, v))
			return 0;
		if (d->nbasis >= TN_MAX_LIST)
			return free(v), fail_at(p, p->lineno, TN_EDATA, _("too many basis lines"));
		d->basis = xrealloc(d->basis, (d->nbasis + 1) * sizeof *d->basis);
		d->basis[d->nbasis++] = v;
		return 1;
	}
	for (k = 0; k < K_COUNT; k++)
		if (strcmp(name, vote_keys[k]) == 0)
			break;
	if (k == K_COUNT)
		return free(v),
		       fail_at(p, p->lineno, TN_EDATA, _("unknown key \"%s\" in [vote]"), name);
	if (p->key_line[k])
		return free(v),
		       fail_at(p, p->lineno, TN_EDATA, _("%s given twice (first at line %d)"), name,
			       p->key_line[k]);
	p->key_line[k] = p->lineno;
	if (k <= K_PLACE) {
		if (!required_text(p, name, v))
			return 0;
		*slot[k] = v;
		return 1;
	}
	return vote_enum_key(p, (enum vote_key)k, v);
}

static int meeting_key(struct parser *p, const char *name, char *v)
{
	static const char *const keys[] = {"convened", "present", "issued", "collected"};
	long long *slot[] = {&p->d->meeting.convened, &p->d->meeting.present, &p->d->meeting.issued,
			     &p->d->meeting.collected};
	uint64_t n;
	int k;

	for (k = 0; k < 4; k++)
		if (strcmp(name, keys[k]) == 0)
			break;
	if (k == 4)
		return free(v),
		       fail_at(p, p->lineno, TN_EDATA, _("unknown key \"%s\" in [meeting]"), name);
	if (p->meeting_line[k])
		return free(v),
		       fail_at(p, p->lineno, TN_EDATA, _("%s given twice (first at line %d)"), name,
			       p->meeting_line[k]);
	p->meeting_line[k] = p->lineno;
	if (parse_u64(v, strlen(v), &n) < 0 || n >= TN_MAX_COUNT)
		return fail_at(p, p->lineno, TN_EDATA, _("%s: not a whole number: \"%s\""), name,
			       v),
		       free(v), 0;
	free(v);
	*slot[k] = (long long)n;
	return 1;
}

static int board_key(struct parser *p, const char *name, char *v)
{
	struct tn_definition *d = p->d;
	char *bar, *person, *role;
	struct tn_err e;

	if (strcmp(name, "member") != 0)
		return free(v), fail_at(p, p->lineno, TN_EDATA,
					_("unknown key \"%s\" in [counting_board]"), name);
	bar = strchr(v, '|');
	if (bar == NULL || strchr(bar + 1, '|') != NULL)
		return free(v),
		       fail_at(p, p->lineno, TN_EDATA, _("member: expected \"name | role\""));
	if (text_clean(v, (size_t)(bar - v), &person, &e) < 0 ||
	    text_clean(bar + 1, strlen(bar + 1), &role, &e) < 0)
		return free(v), fail_at(p, p->lineno, TN_EDATA, "member: %s", e.msg);
	free(v);
	if (*person == '\0' || *role == '\0') {
		free(person);
		free(role);
		return fail_at(p, p->lineno, TN_EDATA, _("member: expected \"name | role\""));
	}
	if (d->nboard >= TN_MAX_LIST) {
		free(person);
		free(role);
		return fail_at(p, p->lineno, TN_EDATA, _("too many counting board members"));
	}
	d->board = xrealloc(d->board, (d->nboard + 1) * sizeof *d->board);
	d->board[d->nboard].name = person;
	d->board[d->nboard++].role = role;
	return 1;
}

static struct tn_person *current_member(struct parser *p)
{
	struct tn_definition *d = p->d;

	if (p->member_line != p->sec_line) {
		p->member_line = p->sec_line;
		d->members = xrealloc(d->members, (d->nmembers + 1) * sizeof *d->members);
		p->member_name_line =
		    xrealloc(p->member_name_line, (d->nmembers + 1) * sizeof(int));
		d->members[d->nmembers].name = NULL;
		d->members[d->nmembers].role = NULL;
		p->member_name_line[d->nmembers] = 0;
		d->nmembers++;
	}
	return &d->members[d->nmembers - 1];
}

static int member_key(struct parser *p, const char *name, char *v)
{
	struct tn_person *m = current_member(p);
	int is_name = strcmp(name, "name") == 0;
	int *line = is_name ? &p->name_line : &p->position_line;

	if (!is_name && strcmp(name, "position") != 0)
		return free(v),
		       fail_at(p, p->lineno, TN_EDATA, _("unknown key \"%s\" in [member]"), name);
	if (*line)
		return free(v), fail_at(p, p->lineno, TN_EDATA,
					_("%s given twice (first at line %d)"), name, *line);
	*line = p->lineno;
	if (!required_text(p, name, v))
		return 0;
	if (!is_name) {
		m->role = v;
		return 1;
	}
	for (size_t i = 0; i + 1 < p->d->nmembers; i++)
		if (strcmp(p->d->members[i].name, v) == 0)
			return free(v), fail_at(p, p->lineno, TN_EDATA,
						_("duplicate member \"%s\" (first at line %d)"),
						p->d->members[i].name, p->member_name_line[i]);
	m->name = v;
	p->member_name_line[p->d->nmembers - 1] = p->lineno;
	return 1;
}

static int handle(struct parser *p, const char *name, const char *value)
{
	char *v;

	if (p->sec == SEC_NONE)
		return fail_at(p, p->lineno, TN_EDATA, _("key \"%s\" outside any section"), name);
	if ((v = clean_value(p, name, value)) == NULL)
		return 0;
	switch (p->sec) {
	case SEC_VOTE:
		return vote_key(p, name, v);
	case SEC_MEETING:
		return meeting_key(p, name, v);
	case SEC_BOARD:
		return board_key(p, name, v);
	default:
		return member_key(p, name, v);
	}
}

/* Blank as the C locale's isspace(), whatever the locale. */
static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* Where one of stop, or a comment (a ';' after a blank), begins in s; len when nowhere. */
static size_t scan(const char *s, size_t len, const char *stop)
{
	int after_blank = 0;

	for (size_t i = 0; i < len; i++) {
		if (strchr(stop, s[i]) != NULL || (after_blank && s[i] == ';'))
			return i;
		after_blank = blank(s[i]);
	}
	return len;
}

/* One line without its end: blank, a comment, a [section] or key = value (or key: value). */
static void parse_line(struct parser *p, char *line, size_t len)
{
	size_t eq, name_end, value, value_end;

	if (len == 0 || line[0] == ';' || line[0] == '#')
		return;
	if (line[0] == '[') {
		begin_section(p, line, len);
		return;
	}
	eq = scan(line, len, "=:");
	if (eq == len || line[eq] == ';') {
		if (!p->syntax_line)
			p->syntax_line = p->lineno;
		return;
	}
	for (name_end = eq; name_end > 0 && blank(line[name_end - 1]); name_end--)
		;
	value_end = eq + 1 + scan(line + eq + 1, len - eq - 1, "");
	for (value = eq + 1; value < value_end && blank(line[value]); value++)
		;
	while (value_end > value && blank(line[value_end - 1]))
		value_end--;
	line[name_end] = '\0';
	line[value_end] = '\0';
	handle(p, line, line + value);
}

/* Reads the stream line by line until the end or the first error. */
static void read_lines(struct parser *p)
{
	char *raw = NULL;
	size_t cap = 0;
	ssize_t got;

	while (!p->failed) {
		size_t len, lead = 0;

		errno = 0;
		if ((got = getline(&raw, &cap, p->f)) < 0) {
			if (errno)
				fail_at(p, p->lineno, TN_EIO, _("cannot read: %s"),
					strerror(errno));
			break;
		}
		p->lineno++;
		len = (size_t)got;
		if (len > 0 && raw[len - 1] == '\n')
			len--;
		if (len > 0 && raw[len - 1] == '\r')
			len--;
		if (p->lineno == 1 && len >= 3 && memcmp(raw, "\xef\xbb\xbf", 3) == 0)
			lead = 3;
		if (len > MAX_LINE) {
			fail_at(p, p->lineno, TN_EDATA, _("line longer than %d bytes"), MAX_LINE);
			break;
		}
		if (memchr(raw, '\0', len) != NULL || !valid_utf8(raw, len)) {
			fail_at(p, p->lineno, TN_EDATA, _("not valid UTF-8"));
			break;
		}
		while (lead < len && blank(raw[lead]))
			lead++;
		parse_line(p, raw + lead, len - lead);
	}
	free(raw);
}

static void check_complete(struct parser *p)
{
	struct tn_definition *d = p->d;
	struct tn_err e;

	end_section(p);
	if (p->failed)
		return;
	if (p->vote_sections == 0) {
		fail_at(p, p->lineno, TN_EDATA, _("no [vote] section"));
		return;
	}
	for (int k = 0; k <= K_DATE; k++)
		if (!p->key_line[k]) {
			fail_at(p, p->lineno, TN_EDATA, _("[vote] has no %s"), vote_keys[k]);
			return;
		}
	if (d->nmembers == 0)
		fail_at(p, p->lineno, TN_EDATA, _("no [member]: nobody to vote on"));
	else if (d->nboard == 0)
		fail_at(p, p->lineno, TN_EDATA, _("[counting_board] lists no member"));
	else if (rules_check_meeting(&d->meeting, &e) < 0)
		fail_at(p, p->meeting_line[0], TN_EDATA, "[meeting]: %s", e.msg);
}

static void apply_profile(struct parser *p)
{
	struct tn_rules defaults = rules_for_profile(p->d->rules.profile);

	if (!p->base_set)
		p->d->rules.base = defaults.base;
	if (!p->scope_set)
		p->d->rules.scope = defaults.scope;
}

int definition_parse_ini(void *stdio_file, const char *name, struct tn_definition *d,
			 struct tn_err *e)
{
	struct parser p;
	struct tn_buf canon = {0};

	memset(d, 0, sizeof *d);
	memset(&p, 0, sizeof p);
	d->meeting = (struct tn_meeting){TN_UNSET, TN_UNSET, TN_UNSET, TN_UNSET};
	p.f = stdio_file;
	p.name = name;
	p.d = d;
	p.e = e;
	read_lines(&p);
	/* a syntax error stands unless a problem was found on an earlier line */
	if (p.syntax_line && (!p.failed || p.syntax_line < p.fail_line)) {
		p.failed = 0;
		fail_at(&p, p.syntax_line, TN_EDATA,
			_("syntax error: expected [section], key = value or a comment"));
	}
	if (!p.failed)
		check_complete(&p);
	free(p.member_name_line);
	if (p.failed) {
		definition_free(d);
		return e ? e->code : TN_EDATA;
	}
	apply_profile(&p);
	definition_canonical(d, &canon);
	chain_definition_hash(canon.data, canon.len, d->hash);
	buf_free(&canon);
	return 0;
}

int definition_load_ini(const char *path, struct tn_definition *d, struct tn_err *e)
{
	FILE *f = fopen(path, "r");
	int rc;

	if (f == NULL)
		return tn_fail(e, errno == ENOENT ? TN_ENOINPUT : TN_EIO, "%s: %s", path,
			       strerror(errno));
	rc = definition_parse_ini(f, path, d, e);
	fclose(f);
	return rc;
}

void definition_free(struct tn_definition *d)
{
	free(d->title);
	free(d->parent_body);
	free(d->issuing_body);
	free(d->place);
	for (size_t i = 0; i < d->nbasis; i++)
		free(d->basis[i]);
	free(d->basis);
	for (size_t i = 0; i < d->nboard; i++) {
		free(d->board[i].name);
		free(d->board[i].role);
	}
	free(d->board);
	for (size_t i = 0; i < d->nmembers; i++) {
		free(d->members[i].name);
		free(d->members[i].role);
	}
	free(d->members);
	memset(d, 0, sizeof *d);
}
