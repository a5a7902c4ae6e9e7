/* The canonical form of a definition: the bytes that are stored, hashed and exported. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tinnhiem/chain.h"
#include "tinnhiem/definition.h"
#include "tinnhiem/i18n.h"

#define MAGIC "tinnhiem-definition 1"

static void put_fact(struct tn_buf *b, const char *key, long long v)
{
	if (v == TN_UNSET)
		buf_printf(b, "%s\t-\n", key);
	else
		buf_printf(b, "%s\t%lld\n", key, v);
}

void definition_canonical(const struct tn_definition *d, struct tn_buf *b)
{
	buf_puts(b, MAGIC "\n");
	buf_printf(b, "title\t%s\n", d->title);
	buf_printf(b, "parent_body\t%s\n", d->parent_body);
	buf_printf(b, "issuing_body\t%s\n", d->issuing_body);
	buf_printf(b, "place\t%s\n", d->place);
	buf_printf(b, "date\t%04d-%02d-%02d\n", d->year, d->month, d->day);
	buf_printf(b, "rules\t%s\n", rules_profile_name(d->rules.profile));
	buf_printf(b, "denominator\t%s\n", rules_base_name(d->rules.base));
	buf_printf(b, "invalid_scope\t%s\n", rules_scope_name(d->rules.scope));
	if (d->rules.grounds != TN_GROUNDS_QD96) /* QĐ 96's own grounds need no line */
		buf_printf(b, "invalid_grounds\t%s\n", rules_grounds_name(d->rules.grounds));
	buf_printf(b, "confidential\t%s\n", d->confidential ? "yes" : "no");
	buf_printf(b, "double_entry\t%s\n", d->double_entry ? "yes" : "no");
	for (size_t i = 0; i < d->nbasis; i++)
		buf_printf(b, "basis\t%s\n", d->basis[i]);
	for (int k = 0; k < TN_NFACTS; k++)
		put_fact(b, rules_fact_name(k), d->meeting.fact[k]);
	for (size_t i = 0; i < d->nboard; i++)
		buf_printf(b, "board\t%s\t%s\n", d->board[i].name, d->board[i].role);
	for (size_t i = 0; i < d->nmembers; i++)
		buf_printf(b, "member\t%s\t%s\n", d->members[i].name, d->members[i].role);
}

/* Splits a line into at most max tab-separated fields; returns the count. */
static size_t split_tabs(char *line, char **fields, size_t max)
{
	size_t n = 0;

	fields[n++] = line;
	for (char *p = line; *p; p++)
		if (*p == '\t') {
			*p = '\0';
			if (n == max)
				return max + 1;
			fields[n++] = p + 1;
		}
	return n;
}

static int field_fact(const char *s, long long *v)
{
	uint64_t n;

	if (strcmp(s, "-") == 0) {
		*v = TN_UNSET;
		return 0;
	}
	if (parse_u64(s, strlen(s), &n) < 0 || n >= TN_MAX_COUNT)
		return -1;
	*v = (long long)n;
	return 0;
}

static int scalar_line(struct tn_definition *d, char **f, size_t n)
{
	char **text[] = {&d->title, &d->parent_body, &d->issuing_body, &d->place};
	static const char *const names[] = {"title", "parent_body", "issuing_body", "place"};

	if (n != 2)
		return -1;
	for (int i = 0; i < 4; i++) {
		if (strcmp(f[0], names[i]) == 0) {
			free(*text[i]);
			*text[i] = xstrdup(f[1]);
			return 0;
		}
		if (strcmp(f[0], rules_fact_name(i)) == 0)
			return field_fact(f[1], &d->meeting.fact[i]);
	}
	if (strcmp(f[0], "date") == 0)
		return sscanf(f[1], "%4d-%2d-%2d", &d->year, &d->month, &d->day) == 3 ? 0 : -1;
	if (strcmp(f[0], "rules") == 0)
		return rules_profile_parse(f[1], &d->rules.profile);
	if (strcmp(f[0], "denominator") == 0)
		return rules_base_parse(f[1], &d->rules.base);
	if (strcmp(f[0], "invalid_scope") == 0)
		return rules_scope_parse(f[1], &d->rules.scope);
	if (strcmp(f[0], "invalid_grounds") == 0)
		return rules_grounds_parse(f[1], &d->rules.grounds);
	if (strcmp(f[0], "confidential") == 0 || strcmp(f[0], "double_entry") == 0) {
		bool *b = f[0][0] == 'c' ? &d->confidential : &d->double_entry;

		*b = strcmp(f[1], "yes") == 0;
		return *b || strcmp(f[1], "no") == 0 ? 0 : -1;
	}
	if (strcmp(f[0], "basis") == 0) {
		d->basis = xrealloc(d->basis, (d->nbasis + 1) * sizeof *d->basis);
		d->basis[d->nbasis++] = xstrdup(f[1]);
		return 0;
	}
	return -1;
}

static int person_line(struct tn_definition *d, char **f, size_t n)
{
	struct tn_person **list;
	size_t *count;

	if (n != 3)
		return -1;
	if (strcmp(f[0], "board") == 0) {
		list = &d->board, count = &d->nboard;
	} else if (strcmp(f[0], "member") == 0) {
		list = &d->members, count = &d->nmembers;
	} else {
		return -1;
	}
	*list = xrealloc(*list, (*count + 1) * sizeof **list);
	(*list)[*count].name = xstrdup(f[1]);
	(*list)[*count].role = xstrdup(f[2]);
	(*count)++;
	return 0;
}

static int parse_lines(char *text, struct tn_definition *d, struct tn_err *e)
{
	char *line = text, *nl, *f[4];
	int lineno = 0;

	while (*line) {
		size_t n;

		lineno++;
		if ((nl = strchr(line, '\n')) == NULL)
			return tn_fail(e, TN_EDATA, _("definition line %d: no newline"), lineno);
		*nl = '\0';
		if (lineno == 1) {
			if (strcmp(line, MAGIC) != 0)
				return tn_fail(e, TN_EDATA,
					       _("not a tinnhiem definition (line 1)"));
		} else {
			n = split_tabs(line, f, 3);
			if (scalar_line(d, f, n) < 0 && person_line(d, f, n) < 0)
				return tn_fail(e, TN_EDATA, _("definition line %d: malformed"),
					       lineno);
		}
		line = nl + 1;
	}
	return 0;
}

/* The line of the canonical form that holds what definition_validate found wrong; 0: none. */
static int canonical_line(const struct tn_definition *d, const struct tn_def_where *w)
{
	size_t facts = 12 + d->nbasis, board = facts + 4, members = board + d->nboard;

	switch (w->part) {
	case TN_DEF_TITLE:
	case TN_DEF_PARENT_BODY:
	case TN_DEF_ISSUING_BODY:
	case TN_DEF_PLACE:
	case TN_DEF_DATE:
		return 2 + (int)(w->part - TN_DEF_TITLE);
	case TN_DEF_BASIS:
		return (int)(12 + w->index);
	case TN_DEF_FACT:
		return (int)(facts + w->index);
	case TN_DEF_MEETING:
		return (int)facts;
	case TN_DEF_BOARD_NAME:
	case TN_DEF_BOARD_ROLE:
		return (int)(board + w->index);
	case TN_DEF_MEMBER_NAME:
	case TN_DEF_MEMBER_POSITION:
		return (int)(members + w->index);
	default:
		return 0;
	}
}

int definition_parse_canonical(const char *text, size_t len, struct tn_definition *d,
			       struct tn_err *e)
{
	char *copy = xstrndup(text, len);
	struct tn_buf again = {0};
	struct tn_def_where w;
	int rc;

	memset(d, 0, sizeof *d);
	d->meeting = (struct tn_meeting){.fact = {TN_UNSET, TN_UNSET, TN_UNSET, TN_UNSET}};
	if (memchr(text, '\0', len) != NULL)
		rc = tn_fail(e, TN_EDATA, _("definition text is not normalised UTF-8"));
	else
		rc = parse_lines(copy, d, e);
	free(copy);
	if (rc == 0 && (d->title == NULL || d->parent_body == NULL || d->issuing_body == NULL ||
			d->place == NULL))
		rc = tn_fail(e, TN_EDATA, _("definition is incomplete"));
	if (rc == 0) {
		/* The one canonical form: writing it again must give the same bytes. */
		definition_canonical(d, &again);
		if (again.len != len || memcmp(again.data, text, len) != 0)
			rc = tn_fail(e, TN_EDATA, _("definition is not in canonical form"));
		buf_free(&again);
	}
	/* and it obeys the rules init holds a definition to (but for definition_check_names) */
	if (rc == 0 && (rc = definition_validate(d, &w, e)) < 0 && canonical_line(d, &w) > 0)
		tn_prefix(e, _("definition line %d"), canonical_line(d, &w));
	if (rc < 0) {
		definition_free(d);
		return rc;
	}
	chain_definition_hash(text, len, d->hash);
	return 0;
}

int definition_check_names(const struct tn_definition *d, struct tn_err *e)
{
	struct tn_def_where w;
	int rc = definition_names_apart(d, &w, e);

	if (rc < 0 && canonical_line(d, &w) > 0)
		tn_prefix(e, _("definition line %d"), canonical_line(d, &w));
	return rc;
}

const char *definition_board_on_ballot(const struct tn_definition *d)
{
	for (size_t i = 0; i < d->nboard; i++)
		for (size_t j = 0; j < d->nmembers; j++)
			if (strcmp(d->board[i].name, d->members[j].name) == 0)
				return d->board[i].name;
	return NULL;
}
