/*
 * The regulation as arithmetic: profiles, percentage bases, rounding, bands and quorum.
 * Integers only; nothing here touches floating point.
 */
#ifndef TINNHIEM_RULES_H
#define TINNHIEM_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tinnhiem/err.h"

#define TN_UNSET (-1LL) /* a meeting fact not recorded yet */
/* Every count and meeting fact is below this, so the integer arithmetic cannot overflow. */
#define TN_MAX_COUNT 1000000000000ULL

enum tn_profile { TN_QD96_2023, TN_NQ96_2023, TN_NQ85_2014 };
enum tn_base { TN_BASE_COLLECTED, TN_BASE_ISSUED, TN_BASE_VALID, TN_BASE_CONVENED };
enum tn_scope { TN_SCOPE_BALLOT, TN_SCOPE_ROW };
enum tn_band { TN_BAND_NONE, TN_BAND_OVER_HALF, TN_BAND_TWO_THIRDS };
/*
 * The grounds on which a whole ballot is invalid. QĐ 96 Điều 6 khoản 3 lists three: not
 * issued by the counting board (1), a printed name struck out (2), a person's row with no box
 * or two or three boxes marked (4). QĐ 262 §7.2 also listed a name or other text added (3);
 * a definition that needs it says invalid_grounds = qd262. A signature is never a ground
 * (QĐ 96 Điều 6 khoản 2). The numbers are those of the record format.
 */
enum tn_grounds { TN_GROUNDS_QD96, TN_GROUNDS_QD262 };

struct tn_rules {
	enum tn_profile profile;
	enum tn_base base;
	enum tn_scope scope;
	enum tn_grounds grounds;
};

/* The meeting facts, in this order wherever they are written (formats, documents, options). */
enum tn_fact { TN_CONVENED, TN_PRESENT, TN_ISSUED, TN_COLLECTED, TN_NFACTS };

#define TN_MAX_VENUE 300 /* bytes of the hall's name */

/*
 * The meeting as recorded: the facts counted, and for the minutes the hall and the times of
 * the meeting's day at which the count began and the minutes were finished. A zeroed
 * struct gives no time and no hall.
 */
struct tn_meeting {
	long long fact[TN_NFACTS];    /* TN_UNSET when not known */
	char started[6], ended[6];    /* "HH:MM", or "" when not given */
	char venue[TN_MAX_VENUE + 1]; /* "" when not given */
};

/* "convened", "present", "issued", "collected": the names in every format and option. */
const char *rules_fact_name(enum tn_fact f);

const char *rules_profile_name(enum tn_profile p);
const char *rules_base_name(enum tn_base b);
const char *rules_scope_name(enum tn_scope s);
const char *rules_band_name(enum tn_band b); /* NULL for TN_BAND_NONE */
const char *rules_grounds_name(enum tn_grounds g);
/*
 * For people, in English for gettext: a fact as a number ("the number of members present"),
 * a base as what the percentages are of ("the ballots collected"). The names above stay in
 * the formats (canonical, CSV, JSON) and the options.
 */
const char *rules_fact_label(enum tn_fact f);
const char *rules_base_label(enum tn_base b);
int rules_profile_parse(const char *s, enum tn_profile *p);
int rules_grounds_parse(const char *s, enum tn_grounds *g);

/* Whether "x N" may be typed under these rules (0, no reason stated, always may). */
bool rules_ground_allowed(const struct tn_rules *r, int reason);
/* A ground in the document's words ("phiếu không do Ban kiểm phiếu phát ra"), 0..4. */
const char *rules_ground_words(int reason);
/* A ground for messages and help, in English for gettext ("not issued by the board"). */
const char *rules_ground_label(int reason);
int rules_base_parse(const char *s, enum tn_base *b);
int rules_scope_parse(const char *s, enum tn_scope *sc);

/* The profile's own base and invalid-row scope. */
struct tn_rules rules_for_profile(enum tn_profile p);

/*
 * count/base as a percentage in hundredths, rounded half up: 25 of 47 gives 5319.
 * Returns -1 when base is 0 (no percentage).
 */
long long rules_pct100(uint64_t count, uint64_t base);

/* "53,19" with sep ',' or "53.19" with '.'; "-" for -1. out holds at least 32 bytes. */
void rules_pct_format(long long pct100, char sep, char *out);

/* Bands on integers: over half when 2L > N and 3L < 2N; two thirds when 3L >= 2N. */
enum tn_band rules_band(uint64_t low, uint64_t base);

/* At least two thirds of those convened are present: 3 x present >= 2 x convened. */
bool rules_quorum(uint64_t convened, uint64_t present);

/*
 * present <= convened, issued <= present, collected <= issued, for the facts that are set;
 * convened not 0; ended not before started when both are set (a meeting day's times: a count
 * that runs past midnight has no recorded times).
 */
int rules_check_meeting(const struct tn_meeting *m, struct tn_err *e);

/* Merges what update sets (facts, times, hall) into m. */
void rules_merge_meeting(struct tn_meeting *m, const struct tn_meeting *update);

/* Copies len bytes to out when they are a time of day "HH:MM", 00:00 to 23:59; else -1. */
int rules_time_parse(const char *s, size_t len, char out[6]);

#endif
