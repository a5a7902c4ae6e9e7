/* A vote's definition: parsed from INI, held in canonical form, hashed. */
#ifndef TINNHIEM_DEFINITION_H
#define TINNHIEM_DEFINITION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tinnhiem/err.h"
#include "tinnhiem/rules.h"
#include "tinnhiem/util.h"

#define TN_MAX_MEMBERS 255
#define TN_MAX_TEXT    1000 /* bytes, after normalisation */
#define TN_MAX_LIST    100  /* basis lines, counting board members */

struct tn_person {
	char *name;
	char *role; /* position on the ballot; role on the counting board */
};

struct tn_definition {
	char *title, *parent_body, *issuing_body, *place;
	int year, month, day;
	struct tn_rules rules;
	bool confidential, double_entry;
	char **basis;
	size_t nbasis;
	struct tn_meeting meeting; /* facts known in advance; TN_UNSET otherwise */
	struct tn_person *board;
	size_t nboard;
	struct tn_person *members;
	size_t nmembers;
	uint8_t hash[32]; /* the definition hash, set by both loaders */
};

/* What a problem found by definition_validate is about, so that a reader can name its line. */
enum tn_def_part {
	TN_DEF_WHOLE, /* the definition as a whole: a list with nobody on it */
	TN_DEF_TITLE,
	TN_DEF_PARENT_BODY,
	TN_DEF_ISSUING_BODY,
	TN_DEF_PLACE,
	TN_DEF_DATE,
	TN_DEF_BASIS,	   /* index: which basis line */
	TN_DEF_FACT,	   /* index: 0 convened, 1 present, 2 issued, 3 collected */
	TN_DEF_MEETING,	   /* the meeting facts together */
	TN_DEF_BOARD_NAME, /* index: which counting-board member */
	TN_DEF_BOARD_ROLE,
	TN_DEF_MEMBER_NAME, /* index: which member, in ballot order */
	TN_DEF_MEMBER_POSITION,
};

struct tn_def_where {
	enum tn_def_part part;
	size_t index;
};

/*
 * Every rule a definition obeys beyond its syntax, the same for both readers: text clean and
 * within its limits, a date on the calendar, meeting facts consistent and convened not 0, at
 * least one member and one counting-board member, nobody twice on either list. On failure
 * where (when not NULL) says what the problem is about; the message names the field but not
 * the line.
 */
int definition_validate(const struct tn_definition *d, struct tn_def_where *where,
			struct tn_err *e);

/*
 * The last rule: no two names on one list that look alike, and no name that mixes scripts
 * (text_names_apart: ICU, loaded for it). The INI reader holds every definition to it; of a
 * canonical form, init made sure, and verify makes sure again (definition_check_names), while
 * the other commands, which trust the vote file's definition as its hash binds it, do not
 * load ICU. As definition_validate.
 */
int definition_names_apart(const struct tn_definition *d, struct tn_def_where *where,
			   struct tn_err *e);

/* Reads and validates an INI definition; errors name path and line. */
int definition_load_ini(const char *path, struct tn_definition *d, struct tn_err *e);
/* Same from a stream already open; name is used in messages. */
int definition_parse_ini(void *stdio_file, const char *name, struct tn_definition *d,
			 struct tn_err *e);

/* The canonical byte form (docs/formats.md), appended to out. */
void definition_canonical(const struct tn_definition *d, struct tn_buf *out);
/*
 * Parses a canonical form; refuses anything definition_canonical would not write, or that
 * definition_validate refuses.
 */
int definition_parse_canonical(const char *text, size_t len, struct tn_definition *d,
			       struct tn_err *e);
/* definition_names_apart of a canonical form, naming its line. */
int definition_check_names(const struct tn_definition *d, struct tn_err *e);

/* The first counting-board member who is also on the ballot, or NULL (the rules want none). */
const char *definition_board_on_ballot(const struct tn_definition *d);

void definition_free(struct tn_definition *d);

#endif
