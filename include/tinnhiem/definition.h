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

/* Reads and validates an INI definition; errors name path and line. */
int definition_load_ini(const char *path, struct tn_definition *d, struct tn_err *e);
/* Same from a stream already open; name is used in messages. */
int definition_parse_ini(void *stdio_file, const char *name, struct tn_definition *d,
			 struct tn_err *e);

/* The canonical byte form (docs/formats.md), appended to out. */
void definition_canonical(const struct tn_definition *d, struct tn_buf *out);
/* Parses a canonical form; refuses anything definition_canonical would not write. */
int definition_parse_canonical(const char *text, size_t len, struct tn_definition *d,
			       struct tn_err *e);

/* The first counting-board member who is also on the ballot, or NULL (the rules want none). */
const char *definition_board_on_ballot(const struct tn_definition *d);

void definition_free(struct tn_definition *d);

#endif
