/*
 * Vote definitions: the one validation both readers share, and the INI reader. The INI reader
 * is our own, line by line: it counts lines (so every message names one), sees section headers
 * (so repeated [member] sections are told apart), checks UTF-8 and reads values of any length
 * up to MAX_LINE. What it reads is then held to definition_validate, like a canonical form.
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
#define MIN_YEAR 1930 /* the Party's founding */

static const char *const text_keys[] = {"title", "parent_body", "issuing_body", "place"};

/* How messages name a part: by its key, or by the person and the field. */
static void part_label(enum tn_def_part part, size_t i, char *out, size_t cap)
{
	switch (part) {
	case TN_DEF_TITLE:
	case TN_DEF_PARENT_BODY:
	case TN_DEF_ISSUING_BODY:
	case TN_DEF_PLACE:
		snprintf(out, cap, "%s", text_keys[part - TN_DEF_TITLE]);
		break;
	case TN_DEF_BASIS:
		snprintf(out, cap, _("basis %zu"), i + 1);
		break;
	case TN_DEF_BOARD_NAME:
		snprintf(out, cap, _("counting board member %zu name"), i + 1);
		break;
	case TN_DEF_BOARD_ROLE:
		snprintf(out, cap, _("counting board member %zu role"), i + 1);
		break;
	case TN_DEF_MEMBER_NAME:
		snprintf(out, cap, _("member %zu name"), i + 1);
		break;
	case TN_DEF_MEMBER_POSITION:
		snprintf(out, cap, _("member %zu position"), i + 1);
		break;
	default: /* not a text */
		snprintf(out, cap, "%d", (int)part);
		break;
	}
}

/* Records what the problem is about and passes the code on. */
static int at(struct tn_def_where *w, enum tn_def_part part, size_t i, int code)
{
	w->part = part;
	w->index = i;
	return code;
}

/* A text field: present, not empty, what text_clean makes of it, within TN_MAX_TEXT. */
static int check_text(const char *s, enum tn_def_part part, size_t i, struct tn_def_where *w,
		      struct tn_err *e)
{
	char label[96], *clean;
	int same;

	part_label(part, i, label, sizeof label);
	if (s == NULL)
		return at(w, part, i, tn_fail(e, TN_EDATA, _("%s is missing"), label));
	if (*s == '\0')
		return at(w, part, i, tn_fail(e, TN_EDATA, _("%s is empty"), label));
	if (text_clean(s, strlen(s), &clean, e) < 0)
		return at(w, part, i, tn_prefix(e, "%s", label));
	same = strcmp(clean, s) == 0;
	free(clean);
	if (!same)
		return at(
		    w, part, i,
		    tn_fail(e, TN_EDATA, _("%s: not normalised (NFC, single spaces)"), label));
	if (strlen(s) > TN_MAX_TEXT)
		return at(w, part, i,
			  tn_fail(e, TN_EDATA, _("%s: longer than %d bytes"), label, TN_MAX_TEXT));
	return 0;
}

static int check_vote_texts(const struct tn_definition *d, struct tn_def_where *w, struct tn_err *e)
{
	const char *texts[] = {d->title, d->parent_body, d->issuing_body, d->place};
	int rc;

	for (int k = 0; k < 4; k++)
		if ((rc = check_text(texts[k], (enum tn_def_part)(TN_DEF_TITLE + k), 0, w, e)) < 0)
			return rc;
	if (d->nbasis > TN_MAX_LIST)
		return at(w, TN_DEF_BASIS, TN_MAX_LIST,
			  tn_fail(e, TN_EDATA, _("too many basis lines")));
	for (size_t i = 0; i < d->nbasis; i++)
		if ((rc = check_text(d->basis[i], TN_DEF_BASIS, i, w, e)) < 0)
			return rc;
	return 0;
}

static int check_date(const struct tn_definition *d, struct tn_def_where *w, struct tn_err *e)
{
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y = d->year, m = d->month, leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (y < 0 || y > 9999 || m < 1 || m > 12 || d->day < 1 || d->day > days[m - 1] ||
	    (m == 2 && d->day == 29 && !leap))
		return at(w, TN_DEF_DATE, 0,
			  tn_fail(e, TN_EDATA,
				  _("date: %04d-%02d-%02d is not a day of the calendar"), y, m,
				  d->day));
	if (y < MIN_YEAR)
		return at(w, TN_DEF_DATE, 0,
			  tn_fail(e, TN_EDATA, _("date: %04d-%02d-%02d is before %d"), y, m, d->day,
				  MIN_YEAR));
	return 0;
}

static int check_meeting(const struct tn_definition *d, struct tn_def_where *w, struct tn_err *e)
{
	const long long *facts = d->meeting.fact;

	for (size_t k = 0; k < TN_NFACTS; k++)
		if (facts[k] != TN_UNSET && (facts[k] < 0 || (uint64_t)facts[k] >= TN_MAX_COUNT))
			return at(w, TN_DEF_FACT, k,
				  tn_fail(e, TN_EDATA, _("%s: %lld is out of range"),
					  rules_fact_name(k), facts[k]));
	if (rules_check_meeting(&d->meeting, e) < 0)
		return at(w, TN_DEF_MEETING, 0, tn_prefix(e, "[meeting]"));
	return 0;
}

/* The first name on the list that an earlier one repeats (*first: that one), or n. */
static size_t repeated(const struct tn_person *list, size_t n, size_t *first)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(list[j].name, list[i].name) == 0) {
				*first = j;
				return i;
			}
	return n;
}

/* Nobody twice on one list, and no two names that look alike. */
static int check_repeated(const struct tn_person *list, size_t n, bool board,
			  struct tn_def_where *w, struct tn_err *e)
{
	enum tn_def_part part = board ? TN_DEF_BOARD_NAME : TN_DEF_MEMBER_NAME;
	size_t bad, like;

	if ((bad = repeated(list, n, &like)) < n) {
		if (board)
			tn_fail(e, TN_EDATA,
				_("duplicate counting board member \"%s\" (%zu and %zu)"),
				list[bad].name, like + 1, bad + 1);
		else
			tn_fail(e, TN_EDATA, _("duplicate member \"%s\" (members %zu and %zu)"),
				list[bad].name, like + 1, bad + 1);
		return at(w, part, bad, TN_EDATA);
	}
	return 0;
}

static int check_apart(const struct tn_person *list, size_t n, bool board, struct tn_def_where *w,
		       struct tn_err *e)
{
	enum tn_def_part part = board ? TN_DEF_BOARD_NAME : TN_DEF_MEMBER_NAME;
	const char **names;
	size_t bad, like;
	char label[96];
	int rc;

	names = xmalloc(n * sizeof *names);
	for (size_t i = 0; i < n; i++)
		names[i] = list[i].name;
	rc = text_names_apart(names, n, &bad, &like, e);
	free(names);
	if (rc == 0 || bad == SIZE_MAX) /* apart, or ICU failed */
		return rc;
	if (rc < 0) { /* a name that mixes scripts */
		part_label(part, bad, label, sizeof label);
		tn_prefix(e, "%s", label);
	} else if (board) {
		tn_fail(e, TN_EDATA,
			_("counting board member %zu \"%s\" looks like counting board member %zu "
			  "\"%s\""),
			bad + 1, list[bad].name, like + 1, list[like].name);
	} else {
		tn_fail(e, TN_EDATA, _("member %zu \"%s\" looks like member %zu \"%s\""), bad + 1,
			list[bad].name, like + 1, list[like].name);
	}
	return at(w, part, bad, TN_EDATA);
}

static int check_people(const struct tn_person *list, size_t n, bool board, struct tn_def_where *w,
			struct tn_err *e)
{
	enum tn_def_part part = board ? TN_DEF_BOARD_NAME : TN_DEF_MEMBER_NAME;
	int rc;

	if (n == 0)
		return board ? tn_fail(e, TN_EDATA, _("no counting board member"))
			     : tn_fail(e, TN_EDATA, _("no member: nobody to vote on"));
	if (board && n > TN_MAX_LIST)
		return at(w, part, TN_MAX_LIST,
			  tn_fail(e, TN_EDATA, _("too many counting board members")));
	if (!board && n > TN_MAX_MEMBERS)
		return at(w, part, TN_MAX_MEMBERS,
			  tn_fail(e, TN_EDATA, _("more than %d members"), TN_MAX_MEMBERS));
	for (size_t i = 0; i < n; i++)
		if ((rc = check_text(list[i].name, part, i, w, e)) < 0 ||
		    (rc = check_text(list[i].role, (enum tn_def_part)(part + 1), i, w, e)) < 0)
			return rc;
	return check_repeated(list, n, board, w, e);
}

int definition_validate(const struct tn_definition *d, struct tn_def_where *where, struct tn_err *e)
{
	struct tn_def_where unused;
	struct tn_def_where *w = where ? where : &unused;
	int rc;

	*w = (struct tn_def_where){TN_DEF_WHOLE, 0};
	if ((rc = check_vote_texts(d, w, e)) < 0 || (rc = check_date(d, w, e)) < 0 ||
	    (rc = check_meeting(d, w, e)) < 0 ||
	    (rc = check_people(d->board, d->nboard, true, w, e)) < 0 ||
	    (rc = check_people(d->members, d->nmembers, false, w, e)) < 0)
		return rc;
	return 0;
}

int definition_names_apart(const struct tn_definition *d, struct tn_def_where *where,
			   struct tn_err *e)
{
	struct tn_def_where unused;
	struct tn_def_where *w = where ? where : &unused;
	int rc;

	*w = (struct tn_def_where){TN_DEF_WHOLE, 0};
	if ((rc = check_apart(d->board, d->nboard, true, w, e)) < 0 ||
	    (rc = check_apart(d->members, d->nmembers, false, w, e)) < 0)
		return rc;
	return 0;
}

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
	K_GROUNDS,
	K_COUNT
};

static const char *const vote_keys[K_COUNT] = {
    "title",	   "parent_body",   "issuing_body",    "place",
    "date",	   "rules",	    "confidential",    "double_entry",
    "denominator", "invalid_scope", "invalid_grounds",
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
	int *basis_lines, *board_lines, *name_lines, *position_lines; /* for messages */
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
	if (p->sec == SEC_MEMBER)
		p->name_line = p->position_line = 0;
}

/*
 * The blank of a template, the dotted line of a paper form: "…" (U+2026) or "...". A value
 * that holds one has not been filled in (docs/formats.md); NULL when there is none.
 */
static const char *blank_marker(const char *value)
{
	static const char *const markers[] = {"\u2026", "..."};

	for (int i = 0; i < 2; i++)
		if (strstr(value, markers[i]) != NULL)
			return markers[i];
	return NULL;
}

/* Refuses, as label's, a value that still holds a blank of the template. */
static int filled_in(struct parser *p, const char *label, const char *value)
{
	const char *marker = blank_marker(value);

	if (marker == NULL)
		return 1;
	return fail_at(p, p->lineno, TN_EDATA,
		       _("%s: not filled in (\"%s\" marks a blank of the template)"), label,
		       marker);
}

/* Remembers the line of item n of a list. */
static void note_line(int **lines, size_t n, int line)
{
	*lines = xrealloc(*lines, (n + 1) * sizeof **lines);
	(*lines)[n] = line;
}

/* The cleaned value, or NULL after reporting the problem as label's. */
static char *clean_value(struct parser *p, const char *label, const char *value, size_t len)
{
	struct tn_err e;
	char *out;

	if (text_clean(value, len, &out, &e) < 0) {
		fail_at(p, p->lineno, TN_EDATA, "%s: %s", label, e.msg);
		return NULL;
	}
	return out;
}

/* YYYY-MM-DD; whether that day exists is for definition_validate to say. */
static int parse_date(const char *s, int *y, int *m, int *d)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return -1;
	if (s[10] != '\0')
		return -1;
	*y = atoi(s);
	*m = atoi(s + 5);
	*d = atoi(s + 8);
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
	case K_GROUNDS:
		bad = rules_grounds_parse(v, &d->rules.grounds);
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
		    [K_GROUNDS] = "qd96, qd262",
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
		note_line(&p->basis_lines, d->nbasis, p->lineno);
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
		*slot[k] = v;
		return 1;
	}
	return vote_enum_key(p, (enum vote_key)k, v);
}

static int meeting_key(struct parser *p, const char *name, char *v)
{
	long long *slot = p->d->meeting.fact;
	uint64_t n;
	int k;

	for (k = 0; k < TN_NFACTS; k++)
		if (strcmp(name, rules_fact_name(k)) == 0)
			break;
	if (k == TN_NFACTS)
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
	if (k == TN_CONVENED && n == 0)
		return fail_at(p, p->lineno, TN_EDATA,
			       _("convened is 0: write the number of members convened to the "
				 "meeting, or remove the line and record it later with tinnhiem "
				 "meeting --convened N"));
	slot[k] = (long long)n;
	return 1;
}

static int board_filled_in(struct parser *p, const char *person, const char *role)
{
	char label[96];

	part_label(TN_DEF_BOARD_NAME, p->d->nboard, label, sizeof label);
	if (!filled_in(p, label, person))
		return 0;
	part_label(TN_DEF_BOARD_ROLE, p->d->nboard, label, sizeof label);
	return filled_in(p, label, role);
}

static int board_key(struct parser *p, const char *name, char *v)
{
	struct tn_definition *d = p->d;
	char *bar, *person, *role, label[96];

	if (strcmp(name, "member") != 0)
		return free(v), fail_at(p, p->lineno, TN_EDATA,
					_("unknown key \"%s\" in [counting_board]"), name);
	bar = strchr(v, '|');
	if (bar == NULL || strchr(bar + 1, '|') != NULL)
		return free(v),
		       fail_at(p, p->lineno, TN_EDATA, _("member: expected \"name | role\""));
	part_label(TN_DEF_BOARD_NAME, d->nboard, label, sizeof label);
	person = clean_value(p, label, v, (size_t)(bar - v));
	part_label(TN_DEF_BOARD_ROLE, d->nboard, label, sizeof label);
	bar += 1 + strspn(bar + 1, " \t"); /* characters are counted from the role's first */
	role = person ? clean_value(p, label, bar, strlen(bar)) : NULL;
	free(v);
	if (role == NULL || *person == '\0' || *role == '\0') {
		free(person);
		free(role);
		return fail_at(p, p->lineno, TN_EDATA, _("member: expected \"name | role\""));
	}
	if (!board_filled_in(p, person, role)) {
		free(person);
		free(role);
		return 0;
	}
	note_line(&p->board_lines, d->nboard, p->lineno);
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
		d->members[d->nmembers].name = NULL;
		d->members[d->nmembers].role = NULL;
		note_line(&p->name_lines, d->nmembers, 0);
		note_line(&p->position_lines, d->nmembers, 0);
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
	(is_name ? p->name_lines : p->position_lines)[p->d->nmembers - 1] = p->lineno;
	*(is_name ? &m->name : &m->role) = v;
	return 1;
}

/* How messages name the value of key name on this line. */
static void value_label(const struct parser *p, const char *name, char *out, size_t cap)
{
	size_t member = p->d->nmembers - (p->member_line == p->sec_line);

	if (p->sec == SEC_VOTE && strcmp(name, "basis") == 0)
		part_label(TN_DEF_BASIS, p->d->nbasis, out, cap);
	else if (p->sec == SEC_MEMBER && strcmp(name, "name") == 0)
		part_label(TN_DEF_MEMBER_NAME, member, out, cap);
	else if (p->sec == SEC_MEMBER && strcmp(name, "position") == 0)
		part_label(TN_DEF_MEMBER_POSITION, member, out, cap);
	else
		snprintf(out, cap, "%s", name);
}

static int handle(struct parser *p, const char *name, const char *value)
{
	char *v, label[96];

	if (p->sec == SEC_NONE)
		return fail_at(p, p->lineno, TN_EDATA, _("key \"%s\" outside any section"), name);
	if (p->sec == SEC_BOARD) /* cleaned in its two parts */
		return board_key(p, name, xstrdup(value));
	value_label(p, name, label, sizeof label);
	if ((v = clean_value(p, label, value, strlen(value))) == NULL)
		return 0;
	if (!filled_in(p, label, v))
		return free(v), 0;
	switch (p->sec) {
	case SEC_VOTE:
		return vote_key(p, name, v);
	case SEC_MEETING:
		return meeting_key(p, name, v);
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
}

/* The line that holds what definition_validate found wrong. */
static int where_line(const struct parser *p, const struct tn_def_where *w)
{
	int line = 0;

	switch (w->part) {
	case TN_DEF_TITLE:
	case TN_DEF_PARENT_BODY:
	case TN_DEF_ISSUING_BODY:
	case TN_DEF_PLACE:
		line = p->key_line[K_TITLE + (w->part - TN_DEF_TITLE)];
		break;
	case TN_DEF_DATE:
		line = p->key_line[K_DATE];
		break;
	case TN_DEF_BASIS:
		line = p->basis_lines[w->index];
		break;
	case TN_DEF_FACT:
		line = p->meeting_line[w->index];
		break;
	case TN_DEF_MEETING: /* the first fact given */
		for (int k = 0; k < 4; k++)
			if (p->meeting_line[k] && (!line || p->meeting_line[k] < line))
				line = p->meeting_line[k];
		break;
	case TN_DEF_BOARD_NAME:
	case TN_DEF_BOARD_ROLE:
		line = p->board_lines[w->index];
		break;
	case TN_DEF_MEMBER_NAME:
		line = p->name_lines[w->index];
		break;
	case TN_DEF_MEMBER_POSITION:
		line = p->position_lines[w->index];
		break;
	default:
		break;
	}
	return line ? line : p->lineno;
}

/* Holds what was read to definition_validate, naming the line where it can. */
static void validate(struct parser *p)
{
	struct tn_def_where w;
	struct tn_err e;
	int rc = definition_validate(p->d, &w, &e);

	if (rc == 0)
		rc = definition_names_apart(p->d, &w, &e);
	if (rc < 0 && rc != TN_EDATA && w.part == TN_DEF_WHOLE) { /* no ICU: no line */
		p->failed = 1;
		tn_fail(p->e, rc, "%s: %s", p->name, e.msg);
	} else if (rc < 0) {
		fail_at(p, where_line(p, &w), rc, "%s", e.msg);
	}
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
	d->meeting = (struct tn_meeting){.fact = {TN_UNSET, TN_UNSET, TN_UNSET, TN_UNSET}};
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
	if (!p.failed) {
		apply_profile(&p);
		validate(&p);
	}
	free(p.basis_lines);
	free(p.board_lines);
	free(p.name_lines);
	free(p.position_lines);
	if (p.failed) {
		definition_free(d);
		return e ? e->code : TN_EDATA;
	}
	definition_canonical(d, &canon);
	chain_definition_hash(canon.data, canon.len, d->hash);
	buf_free(&canon);
	return 0;
}

int definition_load_ini(const char *path, struct tn_definition *d, struct tn_err *e)
{
	FILE *f = open_input(path, "r", e);
	int rc;

	if (f == NULL)
		return e->code;
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
