#include <stdio.h>
#include <string.h>

#include "tinnhiem/i18n.h"
#include "tinnhiem/rules.h"
#include "tinnhiem/util.h"

static const char *const profile_names[] = {"qd96-2023", "nq96-2023", "nq85-2014"};
static const char *const base_names[] = {"collected", "issued", "valid", "convened"};
static const char *const scope_names[] = {"ballot", "row"};
static const char *const band_names[] = {NULL, "over_half", "two_thirds"};
static const char *const grounds_names[] = {"qd96", "qd262"};
static const char *const fact_names[TN_NFACTS] = {"convened", "present", "issued", "collected"};

static const char *const fact_labels[TN_NFACTS] = {
    N_("the number of members convened"),
    N_("the number of members present"),
    N_("the number of ballots issued"),
    N_("the number of ballots collected"),
};
static const char *const base_labels[] = {
    N_("the ballots collected"),
    N_("the ballots issued"),
    N_("the valid ballots"),
    N_("the members convened"),
};

const char *rules_fact_name(enum tn_fact f)
{
	return fact_names[f];
}

const char *rules_fact_label(enum tn_fact f)
{
	return fact_labels[f];
}

const char *rules_base_label(enum tn_base b)
{
	return base_labels[b];
}

/* In the words of the regulations, for the minutes (QĐ 96 Điều 6 khoản 3; QĐ 262 §7.2). */
static const char *const ground_words[] = {
    "phiếu không ghi rõ lý do",
    "phiếu không do Ban kiểm phiếu phát ra",
    "phiếu gạch xóa họ tên người được in trên phiếu",
    "phiếu ghi thêm tên người hoặc nội dung khác (theo Quy định 262-QĐ/TW)",
    "phiếu có người không được đánh dấu vào ô nào hoặc được đánh dấu vào hai, ba ô",
};

static const char *const ground_labels[] = {
    N_("no reason stated"),
    N_("not issued by the counting board"),
    N_("a printed name struck out"),
    N_("a name or other text added (QĐ 262)"),
    N_("a row with no box or two or three boxes marked"),
};

const char *rules_grounds_name(enum tn_grounds g)
{
	return grounds_names[g];
}

bool rules_ground_allowed(const struct tn_rules *r, int reason)
{
	return reason == 1 || reason == 2 || reason == 4 || reason == 0 ||
	       (reason == 3 && r->grounds == TN_GROUNDS_QD262);
}

const char *rules_ground_words(int reason)
{
	return ground_words[reason];
}

const char *rules_ground_label(int reason)
{
	return ground_labels[reason];
}

const char *rules_profile_name(enum tn_profile p)
{
	return profile_names[p];
}

const char *rules_base_name(enum tn_base b)
{
	return base_names[b];
}

const char *rules_scope_name(enum tn_scope s)
{
	return scope_names[s];
}

const char *rules_band_name(enum tn_band b)
{
	return band_names[b];
}

static int lookup(const char *s, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (names[i] != NULL && strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

int rules_profile_parse(const char *s, enum tn_profile *p)
{
	int i = lookup(s, profile_names, 3);

	if (i < 0)
		return -1;
	*p = (enum tn_profile)i;
	return 0;
}

int rules_grounds_parse(const char *s, enum tn_grounds *g)
{
	int i = lookup(s, grounds_names, 2);

	if (i < 0)
		return -1;
	*g = (enum tn_grounds)i;
	return 0;
}

int rules_base_parse(const char *s, enum tn_base *b)
{
	int i = lookup(s, base_names, 4);

	if (i < 0)
		return -1;
	*b = (enum tn_base)i;
	return 0;
}

int rules_scope_parse(const char *s, enum tn_scope *sc)
{
	int i = lookup(s, scope_names, 2);

	if (i < 0)
		return -1;
	*sc = (enum tn_scope)i;
	return 0;
}

struct tn_rules rules_for_profile(enum tn_profile p)
{
	struct tn_rules r = {p, TN_BASE_COLLECTED, TN_SCOPE_BALLOT, TN_GROUNDS_QD96};

	if (p == TN_NQ96_2023)
		r.scope = TN_SCOPE_ROW;
	if (p == TN_NQ85_2014) {
		r.base = TN_BASE_CONVENED;
		r.scope = TN_SCOPE_ROW;
	}
	return r;
}

long long rules_pct100(uint64_t count, uint64_t base)
{
	/*
	 * round(count * 100 / base, 2) half up = floor((count * 20000 + base) / (2 * base)).
	 * Counts and bases are below TN_MAX_COUNT, so nothing overflows 64 bits.
	 */
	if (base == 0 || count > TN_MAX_COUNT || base > TN_MAX_COUNT)
		return -1;
	return (long long)((count * 20000u + base) / (base * 2u));
}

void rules_pct_format(long long pct100, char sep, char *out)
{
	if (pct100 < 0) {
		strcpy(out, "-");
		return;
	}
	snprintf(out, 32, "%lld%c%02lld", pct100 / 100, sep, pct100 % 100);
}

enum tn_band rules_band(uint64_t low, uint64_t base)
{
	uint64_t l = low, n = base;

	if (base == 0 || low > TN_MAX_COUNT || base > TN_MAX_COUNT)
		return TN_BAND_NONE;
	if (3 * l >= 2 * n)
		return TN_BAND_TWO_THIRDS;
	if (2 * l > n)
		return TN_BAND_OVER_HALF;
	return TN_BAND_NONE;
}

bool rules_quorum(uint64_t convened, uint64_t present)
{
	return 3 * present >= 2 * convened; /* both below TN_MAX_COUNT */
}

int rules_check_meeting(const struct tn_meeting *m, struct tn_err *e)
{
	if (m->fact[TN_CONVENED] == 0)
		return tn_fail(e, TN_EDATA, _("convened is 0: a vote needs members to vote"));
	if (m->fact[TN_PRESENT] != TN_UNSET && m->fact[TN_CONVENED] != TN_UNSET &&
	    m->fact[TN_PRESENT] > m->fact[TN_CONVENED])
		return tn_fail(e, TN_EDATA, _("present (%lld) exceeds convened (%lld)"),
			       m->fact[TN_PRESENT], m->fact[TN_CONVENED]);
	if (m->fact[TN_ISSUED] != TN_UNSET && m->fact[TN_PRESENT] != TN_UNSET &&
	    m->fact[TN_ISSUED] > m->fact[TN_PRESENT])
		return tn_fail(e, TN_EDATA, _("issued (%lld) exceeds present (%lld)"),
			       m->fact[TN_ISSUED], m->fact[TN_PRESENT]);
	if (m->fact[TN_COLLECTED] != TN_UNSET && m->fact[TN_ISSUED] != TN_UNSET &&
	    m->fact[TN_COLLECTED] > m->fact[TN_ISSUED])
		return tn_fail(e, TN_EDATA, _("collected (%lld) exceeds issued (%lld)"),
			       m->fact[TN_COLLECTED], m->fact[TN_ISSUED]);
	/* "HH:MM" sorts as the time it is */
	if (*m->started && *m->ended && strcmp(m->ended, m->started) < 0)
		return tn_fail(e, TN_EDATA,
			       _("ended (%s) is before started (%s): times are of the meeting's "
				 "day, and one past midnight is written on the minutes by hand"),
			       m->ended, m->started);
	return 0;
}

void rules_merge_meeting(struct tn_meeting *m, const struct tn_meeting *u)
{
	for (int k = 0; k < TN_NFACTS; k++)
		if (u->fact[k] != TN_UNSET)
			m->fact[k] = u->fact[k];
	if (*u->started)
		memcpy(m->started, u->started, sizeof m->started);
	if (*u->ended)
		memcpy(m->ended, u->ended, sizeof m->ended);
	if (*u->venue)
		memcpy(m->venue, u->venue, sizeof m->venue);
}

int rules_time_parse(const char *s, size_t len, char out[6])
{
	if (len != 5 || s[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return -1;
	if ((s[0] - '0') * 10 + (s[1] - '0') > 23 || s[3] > '5')
		return -1;
	memcpy(out, s, 5);
	out[5] = '\0';
	return 0;
}
