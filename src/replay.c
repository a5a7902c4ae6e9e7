#include <stdlib.h>
#include <string.h>

#include "tinnhiem/chain.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/replay.h"
#include "tinnhiem/sign.h"

void replay_init(struct tn_replay *r, const struct tn_definition *d)
{
	memset(r, 0, sizeof *r);
	r->def = d;
	tally_init(&r->tally, d);
	memcpy(r->head, d->hash, TN_HASH_LEN);
	r->keep_readings = d->double_entry;
	r->width = d->nmembers > 2 ? d->nmembers : 2;
}

static size_t map_slot(const struct tn_u64map *m, uint64_t key)
{
	size_t i = (size_t)(key * 0x9e3779b97f4a7c15ULL) & (m->cap - 1);

	while (m->keys[i] != 0 && m->keys[i] != key)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static uint64_t map_get(const struct tn_u64map *m, uint64_t key)
{
	size_t i;

	if (m->cap == 0)
		return 0;
	i = map_slot(m, key);
	return m->keys[i] ? m->vals[i] : 0;
}

static void map_put(struct tn_u64map *m, uint64_t key, uint64_t val)
{
	size_t i;

	if (2 * (m->n + 1) > m->cap) {
		struct tn_u64map old = *m;

		m->cap = old.cap ? 2 * old.cap : 64;
		m->keys = xcalloc(m->cap, sizeof *m->keys);
		m->vals = xcalloc(m->cap, sizeof *m->vals);
		for (size_t j = 0; j < old.cap; j++)
			if (old.keys[j]) {
				i = map_slot(m, old.keys[j]);
				m->keys[i] = old.keys[j];
				m->vals[i] = old.vals[j];
			}
		free(old.keys);
		free(old.vals);
	}
	i = map_slot(m, key);
	m->n += m->keys[i] == 0;
	m->keys[i] = key;
	m->vals[i] = val;
}

static void map_free(struct tn_u64map *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}

void replay_free(struct tn_replay *r)
{
	free(r->voids);
	r->voids = NULL;
	for (int p = 1; p <= 2; p++) {
		map_free(&r->moved[p]);
		map_free(&r->corrections[p]);
		free(r->readings[p]);
		r->readings[p] = NULL;
		r->nreadings[p] = r->capreadings[p] = 0;
	}
	map_free(&r->held);
	for (size_t i = 0; i < r->ndecided; i++)
		free(r->decided[i].reason);
	free(r->decided);
	r->decided = NULL;
	r->ndecided = 0;
}

static void keep_reading(struct tn_replay *r, const struct tn_ballot *b)
{
	char reading[TN_READING_LEN];
	int p = b->pass;

	if (r->nreadings[p] == r->capreadings[p]) {
		r->capreadings[p] = r->capreadings[p] ? 2 * r->capreadings[p] : 256;
		r->readings[p] = xrealloc(r->readings[p], r->capreadings[p] * r->width);
	}
	memset(reading, 0, sizeof reading);
	record_reading(b, reading);
	memcpy(r->readings[p] + r->nreadings[p]++ * r->width, reading, r->width);
}

void replay_use_digests(struct tn_replay *r)
{
	r->keep_readings = false;
	r->digests = true;
	chain_digest_key(r->digest_key);
	memset(r->digest, 0, sizeof r->digest);
}

bool replay_digests_agree(const struct tn_replay *r)
{
	return memcmp(r->digest[1], r->digest[2], TN_DIGEST_LEN) == 0;
}

/* A ballot that is not void, as (paper, reading), into its pass's digest. */
static void fold_reading(struct tn_replay *r, const struct tn_ballot *b)
{
	uint8_t msg[8 + TN_READING_LEN], h[TN_DIGEST_LEN];
	size_t len;

	for (int i = 0; i < 8; i++)
		msg[i] = (uint8_t)(b->paper >> (8 * i));
	record_reading(b, (char *)msg + 8);
	len = 8 + strlen((char *)msg + 8);
	chain_digest(r->digest_key, msg, len, h);
	for (size_t i = 0; i < TN_DIGEST_LEN; i++)
		r->digest[b->pass][i] ^= h[i];
}

#define SEEN (1ULL << 61) /* the void record itself has been replayed */

static uint64_t void_key(int pass, uint64_t serial)
{
	return (uint64_t)pass << 62 | serial;
}

static size_t slot_of(const struct tn_replay *r, uint64_t key)
{
	size_t i = (size_t)(key * 0x9e3779b97f4a7c15ULL) & (r->capvoids - 1);

	while (r->voids[i] != 0 && (r->voids[i] & ~SEEN) != key)
		i = (i + 1) & (r->capvoids - 1);
	return i;
}

bool replay_is_voided(const struct tn_replay *r, int pass, uint64_t serial)
{
	return r->capvoids && r->voids[slot_of(r, void_key(pass, serial))] != 0;
}

static void add_void(struct tn_replay *r, uint64_t key)
{
	if (replay_is_voided(r, (int)(key >> 62), key & (SEEN - 1)))
		return;
	if (2 * (r->nvoids + 1) > r->capvoids) {
		uint64_t *old = r->voids;
		size_t oldcap = r->capvoids;

		r->capvoids = oldcap ? 2 * oldcap : 64;
		r->voids = xcalloc(r->capvoids, sizeof *r->voids);
		for (size_t i = 0; i < oldcap; i++)
			if (old[i])
				r->voids[slot_of(r, old[i] & ~SEEN)] = old[i];
		free(old);
	}
	r->voids[slot_of(r, key)] = key;
	r->nvoids++;
}

uint64_t replay_holder(const struct tn_replay *r, int pass, uint64_t paper)
{
	uint64_t serial = map_get(&r->moved[pass], paper);

	if (serial != 0)
		return serial;
	if (paper <= r->last_serial[pass] && map_get(&r->corrections[pass], paper) == 0)
		return paper;
	return 0;
}

static bool void_seen(const struct tn_replay *r, int pass, uint64_t serial)
{
	return r->capvoids && (r->voids[slot_of(r, void_key(pass, serial))] & SEEN) != 0;
}

/*
 * A ballot takes its paper only from a ballot already void: a correction replaces, it never
 * doubles. Pass 1 numbers its papers 1, 2, 3, ... as they come: a new paper is the next
 * number, any other is a correction.
 */
static int check_paper(struct tn_replay *r, const struct tn_ballot *b, struct tn_err *e)
{
	uint64_t holder = replay_holder(r, b->pass, b->paper);

	if (b->pass == 1 && b->paper > r->max_paper[1] + 1)
		return tn_fail(
		    e, TN_EVERIFY,
		    _("ballot %d/%llu is for paper %llu, but the next new paper is %llu"), b->pass,
		    (unsigned long long)b->serial, (unsigned long long)b->paper,
		    (unsigned long long)(r->max_paper[1] + 1));
	if (holder != 0 && !void_seen(r, b->pass, holder))
		return tn_fail(e, TN_EVERIFY,
			       _("ballot %d/%llu is for paper %llu, which ballot %d/%llu holds and "
				 "is not void"),
			       b->pass, (unsigned long long)b->serial, (unsigned long long)b->paper,
			       b->pass, (unsigned long long)holder);
	if (b->paper != b->serial || holder != 0) {
		map_put(&r->moved[b->pass], b->paper, b->serial);
		if (b->paper != b->serial)
			map_put(&r->corrections[b->pass], b->serial, b->paper);
	}
	if (b->paper > r->max_paper[b->pass])
		r->max_paper[b->pass] = b->paper;
	return 0;
}

enum { HELD_OPEN = 1, HELD_DECIDED = 2 };

uint64_t replay_paper_of(const struct tn_replay *r, int pass, uint64_t serial)
{
	uint64_t paper = map_get(&r->corrections[pass], serial);

	return paper != 0 ? paper : serial;
}

/* Pass 2 exists only when the definition asks for double entry. */
static int check_pass(const struct tn_replay *r, int pass, struct tn_err *e)
{
	if (pass == 2 && !r->def->double_entry)
		return tn_fail(e, TN_EVERIFY,
			       _("pass 2, but the definition does not ask for double entry"));
	return 0;
}

static int check_ballot(struct tn_replay *r, const struct tn_ballot *b, struct tn_err *e)
{
	if (check_pass(r, b->pass, e) < 0)
		return e->code;
	if (b->serial != r->last_serial[b->pass] + 1)
		return tn_fail(e, TN_EVERIFY,
			       _("ballot %d/%llu out of sequence (expected serial %llu)"), b->pass,
			       (unsigned long long)b->serial,
			       (unsigned long long)(r->last_serial[b->pass] + 1));
	if (check_paper(r, b, e) < 0)
		return e->code;
	r->last_serial[b->pass] = b->serial;
	if (b->pass == 1 && b->held)
		map_put(&r->held, b->serial, HELD_OPEN);
	if (b->pass == 1 && replay_is_voided(r, 1, b->serial))
		tally_void(&r->tally);
	else if (b->pass == 1 && b->held)
		r->tally.held++; /* counted nowhere until decided */
	else if (b->pass == 1)
		tally_ballot(&r->tally, b);
	if (r->keep_readings)
		keep_reading(r, b);
	else if (r->digests && !replay_is_voided(r, b->pass, b->serial))
		fold_reading(r, b); /* announced voids: a ballot not void now never will be */
	return 0;
}

/* A void record: it must be one the source announced (replay_expect_void), seen once. */
static int check_void(struct tn_replay *r, const struct tn_void *v, struct tn_err *e)
{
	uint64_t *slot;

	if (check_pass(r, v->pass, e) < 0)
		return e->code;
	if (v->serial > r->last_serial[v->pass])
		return tn_fail(e, TN_EVERIFY, _("void of ballot %d/%llu, which does not exist yet"),
			       v->pass, (unsigned long long)v->serial);
	slot = r->capvoids ? &r->voids[slot_of(r, void_key(v->pass, v->serial))] : NULL;
	if (slot == NULL || *slot == 0)
		return tn_fail(e, TN_EVERIFY, _("void of ballot %d/%llu was not announced"),
			       v->pass, (unsigned long long)v->serial);
	if (*slot & SEEN)
		return tn_fail(e, TN_EVERIFY, _("ballot %d/%llu voided twice"), v->pass,
			       (unsigned long long)v->serial);
	*slot |= SEEN;
	r->nseen++;
	return 0;
}

/*
 * A decision reads a held ballot of pass 1, once, before any void of it; the count takes its
 * reading unless that ballot is voided later.
 */
static int check_decision(struct tn_replay *r, const struct tn_decision *d, struct tn_err *e)
{
	uint64_t serial = d->reading.serial, state = map_get(&r->held, serial);
	struct tn_decided *out;

	if (state == 0)
		return tn_fail(e, TN_EVERIFY,
			       _("decision on ballot 1/%llu, which is not a held ballot"),
			       (unsigned long long)serial);
	if (state == HELD_DECIDED)
		return tn_fail(e, TN_EVERIFY, _("ballot 1/%llu decided twice"),
			       (unsigned long long)serial);
	if (void_seen(r, 1, serial))
		return tn_fail(e, TN_EVERIFY, _("decision on ballot 1/%llu, which is void"),
			       (unsigned long long)serial);
	map_put(&r->held, serial, HELD_DECIDED);
	r->decided = xrealloc(r->decided, (r->ndecided + 1) * sizeof *r->decided);
	out = &r->decided[r->ndecided++];
	memset(out, 0, sizeof *out);
	out->serial = serial;
	out->paper = replay_paper_of(r, 1, serial);
	record_reading(&d->reading, out->reading);
	out->reason = xstrndup(d->reason, d->reason_len);
	out->voided = replay_is_voided(r, 1, serial);
	if (!out->voided) {
		r->tally.held--;
		tally_ballot(&r->tally, &d->reading);
	}
	return 0;
}

const struct tn_signer *replay_signer(const struct tn_replay *r, int member)
{
	for (size_t i = 0; i < r->nsigners; i++)
		if (r->signers[i].member == member)
			return &r->signers[i];
	return NULL;
}

static void add_signer(struct tn_replay *r, int member, const uint8_t *keyid, const uint8_t *pk)
{
	struct tn_signer *s = &r->signers[r->nsigners++];

	s->member = member;
	memcpy(s->keyid, keyid, TN_KEYID_LEN);
	memcpy(s->pk, pk, TN_PK_LEN);
}

/* A member of the board signs the sealed tally: each member once, each key once. */
static int check_signature(struct tn_replay *r, const struct tn_signature *s, struct tn_err *e)
{
	uint8_t keyid[TN_KEYID_LEN];

	if (!r->sealed)
		return tn_fail(e, TN_EVERIFY, _("a signature before the seal"));
	if ((size_t)s->member > r->def->nboard)
		return tn_fail(e, TN_EVERIFY,
			       _("signature of board member %d, but the board has %zu"), s->member,
			       r->def->nboard);
	if (replay_signer(r, s->member) != NULL)
		return tn_fail(e, TN_EVERIFY, _("board member %d signed twice"), s->member);
	for (size_t i = 0; i < r->nsigners; i++)
		if (memcmp(r->signers[i].pk, s->pk, TN_PK_LEN) == 0)
			return tn_fail(e, TN_EVERIFY,
				       _("board member %d signed with the key of member %d"),
				       s->member, r->signers[i].member);
	sign_keyid(s->pk, keyid);
	if (memcmp(keyid, s->keyid, TN_KEYID_LEN) != 0)
		return tn_fail(e, TN_EVERIFY,
			       _("signature of board member %d: the key id does not "
				 "match its key"),
			       s->member);
	if (!sign_verify_member(s->pk, r->seal.tally_hash, s->member, s->sig))
		return tn_fail(e, TN_EVERIFY, _("signature of board member %d: bad signature"),
			       s->member);
	add_signer(r, s->member, s->keyid, s->pk);
	return 0;
}

void replay_expect_void(struct tn_replay *r, int pass, uint64_t serial)
{
	if (pass == 1 || pass == 2)
		add_void(r, void_key(pass, serial));
}

static int check_meeting(struct tn_replay *r, const struct tn_meeting *m, struct tn_err *e)
{
	tally_meeting(&r->tally, m);
	if (rules_check_meeting(&r->tally.meeting, e) < 0)
		return tn_fail(e, TN_EVERIFY, _("meeting facts inconsistent: %s"), e->msg);
	return 0;
}

static int apply(struct tn_replay *r, const struct tn_record *rec, struct tn_err *e)
{
	switch (rec->kind) {
	case TN_REC_BALLOT:
		return check_ballot(r, &rec->u.ballot, e);
	case TN_REC_VOID:
		return check_void(r, &rec->u.void_, e);
	case TN_REC_MEETING:
		return check_meeting(r, &rec->u.meeting, e);
	case TN_REC_DECISION:
		return check_decision(r, &rec->u.decision, e);
	case TN_REC_SIGNATURE:
		return check_signature(r, &rec->u.signature, e);
	default:
		if (replay_settle(r, e) < 0)
			return e->code;
		r->sealed = true;
		r->seal = rec->u.seal;
		r->sealed_at = r->nrecords;
		memcpy(r->head_at_seal, r->head, TN_HASH_LEN);
		if (r->seal.is_signed) /* the first board member's, the Trưởng ban's */
			add_signer(r, 1, r->seal.keyid, r->seal.pk);
		return 0;
	}
}

int replay_hash_differs(int64_t n, struct tn_err *e)
{
	return tn_fail(e, TN_EVERIFY,
		       _("record %lld: hash does not match (this record or the chain before it "
			 "was changed)"),
		       (long long)n);
}

int replay_check_hash(const uint8_t prev[TN_HASH_LEN], const char *line, size_t len,
		      const uint8_t *head, int64_t n, uint8_t next[TN_HASH_LEN], struct tn_err *e)
{
	chain_extend(prev, line, len, next);
	return head != NULL && memcmp(head, next, TN_HASH_LEN) != 0 ? replay_hash_differs(n, e) : 0;
}

/* Whether a record is stored under the index columns its line gives it. */
static bool columns_match(const struct tn_record *rec, const struct tn_columns *stored)
{
	struct tn_columns c;

	record_columns(rec, &c);
	return c.kind == stored->kind && c.pass == stored->pass && c.serial == stored->serial &&
	       c.paper == stored->paper;
}

/*
 * The record after its hash: next is the head after it, or else hex, as its line stores it;
 * col, when not NULL, the index columns it was stored under.
 */
static int take(struct tn_replay *r, const char *line, size_t len, const uint8_t *next,
		const char *hex, const struct tn_columns *col, struct tn_err *e)
{
	struct tn_record rec;
	long long n = (long long)r->nrecords + 1;

	if (record_parse(line, len, r->def->nmembers, &r->def->rules, &rec, e) < 0)
		return tn_fail(e, TN_EVERIFY, _("record %lld: %s"), n, e->msg);
	if (col != NULL && !columns_match(&rec, col))
		return tn_fail(e, TN_EVERIFY,
			       _("record %lld: its index columns do not match its text"), n);
	if (r->sealed && rec.kind != TN_REC_SIGNATURE)
		return tn_fail(e, TN_EVERIFY, _("record %lld: found after the seal"), n);
	if (apply(r, &rec, e) < 0)
		return tn_fail(e, TN_EVERIFY, _("record %lld: %s"), n, e->msg);
	r->head_is_hex = next == NULL;
	if (next != NULL)
		memcpy(r->head, next, TN_HASH_LEN);
	else
		memcpy(r->head_hex, hex, sizeof r->head_hex);
	r->nrecords++;
	if (r->observe != NULL)
		r->observe(r->observe_arg, r, &rec);
	return 0;
}

int replay_record(struct tn_replay *r, const char *line, size_t len, const uint8_t *head,
		  struct tn_err *e)
{
	uint8_t next[TN_HASH_LEN];

	if (replay_settle(r, e) < 0 ||
	    replay_check_hash(r->head, line, len, head, r->nrecords + 1, next, e) < 0)
		return e->code;
	return take(r, line, len, next, NULL, NULL, e);
}

int replay_record_hashed(struct tn_replay *r, const char *line, size_t len,
			 const uint8_t next[TN_HASH_LEN], const struct tn_columns *col,
			 struct tn_err *e)
{
	return take(r, line, len, next, NULL, col, e);
}

int replay_record_stored(struct tn_replay *r, const char *line, size_t len, const char *hex,
			 struct tn_err *e)
{
	return take(r, line, len, NULL, hex, NULL, e);
}

int replay_settle(struct tn_replay *r, struct tn_err *e)
{
	/* the source checked the digits against the chain (src/bundle.c): they are a hash */
	if (r->head_is_hex && hex_decode(r->head_hex, sizeof r->head_hex, r->head, TN_HASH_LEN) < 0)
		return replay_hash_differs(r->nrecords, e);
	r->head_is_hex = false;
	return 0;
}

int replay_finish(const struct tn_replay *r, struct tn_err *e)
{
	if (r->nseen != r->nvoids)
		return tn_fail(e, TN_EVERIFY, _("%zu voids were announced but %zu replayed"),
			       r->nvoids, r->nseen);
	return replay_check_seal(r, e);
}

static void reading_of(const struct tn_replay *r, int pass, uint64_t serial, char *out)
{
	memcpy(out, r->readings[pass] + (serial - 1) * r->width, r->width);
	out[r->width] = '\0';
}

/* The serial of the live ballot of a paper, or 0. */
static uint64_t live_holder(const struct tn_replay *r, int pass, uint64_t paper)
{
	uint64_t serial = replay_holder(r, pass, paper);

	return serial != 0 && !replay_is_voided(r, pass, serial) ? serial : 0;
}

static int by_paper(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* The papers that have a live ballot in pass 2, in order: pass 2 may name any paper. */
static uint64_t *papers_of_pass2(const struct tn_replay *r, size_t *n)
{
	uint64_t *papers = xcalloc(r->last_serial[2] + 1, sizeof *papers);

	*n = 0;
	for (uint64_t serial = 1; serial <= r->last_serial[2]; serial++) {
		uint64_t paper = map_get(&r->corrections[2], serial);

		if (paper == 0)
			paper = serial;
		if (live_holder(r, 2, paper) == serial)
			papers[(*n)++] = paper;
	}
	qsort(papers, *n, sizeof *papers, by_paper);
	return papers;
}

/* The live ballots from the readings kept: pass-1 papers are 1 to its highest. */
struct kept {
	uint64_t paper1;
	uint64_t *papers2;
	size_t n2, i2;
};

static int kept_next(void *arg, const struct tn_replay *r, int pass, struct tn_live *out,
		     struct tn_err *e)
{
	struct kept *k = arg;

	(void)e;
	if (out == NULL)
		return 0;
	if (pass == 1) {
		while (k->paper1 <= r->max_paper[1] && live_holder(r, 1, k->paper1) == 0)
			k->paper1++;
		if (k->paper1 > r->max_paper[1])
			return 0;
		out->paper = k->paper1++;
	} else {
		if (k->papers2 == NULL)
			k->papers2 = papers_of_pass2(r, &k->n2);
		if (k->i2 == k->n2)
			return 0;
		out->paper = k->papers2[k->i2++];
	}
	out->serial = live_holder(r, pass, out->paper);
	reading_of(r, pass, out->serial, out->reading);
	return 1;
}

int replay_differences(const struct tn_replay *r, replay_diff_fn fn, void *arg, uint64_t *count,
		       struct tn_err *e)
{
	struct kept k = {1, NULL, 0, 0};
	replay_live_fn next = r->live != NULL ? r->live : kept_next;
	void *from = r->live != NULL ? r->live_arg : &k;
	struct tn_live one, two;
	struct tn_difference d;
	int got1, got2;

	*count = 0;
	got1 = next(from, r, 1, &one, e);
	got2 = got1 < 0 ? 0 : next(from, r, 2, &two, e);
	while (got1 > 0 || got2 > 0) {
		bool take1 = got1 > 0 && (got2 <= 0 || one.paper <= two.paper);
		bool take2 = got2 > 0 && (got1 <= 0 || two.paper <= one.paper);

		if (!take1 || !take2 || strcmp(one.reading, two.reading) != 0) {
			memset(&d, 0, sizeof d);
			d.paper = take1 ? one.paper : two.paper;
			if (take1) {
				d.serial1 = one.serial;
				strcpy(d.reading1, one.reading);
			}
			if (take2) {
				d.serial2 = two.serial;
				strcpy(d.reading2, two.reading);
			}
			++*count;
			if (fn != NULL)
				fn(arg, &d);
		}
		if (take1)
			got1 = next(from, r, 1, &one, e);
		if (take2 && got1 >= 0)
			got2 = next(from, r, 2, &two, e);
		if (got1 < 0 || got2 < 0)
			break;
	}
	next(from, r, 1, NULL, NULL);
	next(from, r, 2, NULL, NULL);
	free(k.papers2);
	return got1 < 0 || got2 < 0 ? e->code : 0;
}

int replay_check_closable(const struct tn_replay *r, struct tn_err *e)
{
	uint64_t diffs;
	int rc;

	if (r->tally.held != 0)
		return tn_fail(e, TN_EDATA,
			       _("held ballots not decided yet: %llu (tinnhiem decide)"),
			       (unsigned long long)r->tally.held);
	if (tally_check_closable(&r->tally, e) < 0)
		return e->code;
	if (r->tally.entered == 0)
		return tn_fail(e, TN_EDATA, _("no ballot was collected: there is nothing to seal"));
	if (!r->def->double_entry)
		return 0;
	if (r->digests)
		return replay_digests_agree(r)
			   ? 0
			   : tn_fail(e, TN_EDATA, _("double entry: pass 1 and pass 2 differ"));
	if ((rc = replay_differences(r, NULL, NULL, &diffs, e)) < 0)
		return rc;
	if (diffs == 1)
		return tn_fail(e, TN_EDATA,
			       _("double entry: 1 difference between the passes (tinnhiem "
				 "reconcile)"));
	if (diffs != 0)
		return tn_fail(e, TN_EDATA,
			       _("double entry: %llu differences between the passes (tinnhiem "
				 "reconcile)"),
			       (unsigned long long)diffs);
	return 0;
}

void replay_tally_hash(const struct tn_replay *r, struct tn_buf *canonical,
		       uint8_t hash[TN_HASH_LEN])
{
	tally_canonical(&r->tally, r->def->hash, r->nrecords, r->head, canonical);
	chain_tally_hash(canonical->data, canonical->len, hash);
}

int replay_check_seal(const struct tn_replay *r, struct tn_err *e)
{
	struct tn_buf canon = {0};
	uint8_t hash[TN_HASH_LEN], keyid[TN_KEYID_LEN];
	int rc = 0;

	if (!r->sealed)
		return 0;
	tally_canonical(&r->tally, r->def->hash, r->sealed_at, r->head_at_seal, &canon);
	chain_tally_hash(canon.data, canon.len, hash);
	buf_free(&canon);
	if (memcmp(hash, r->seal.tally_hash, TN_HASH_LEN) != 0)
		return tn_fail(e, TN_EVERIFY,
			       _("seal: the tally hash does not match the tally of the records"));
	if (replay_check_closable(r, e) < 0)
		return tn_fail(e, TN_EVERIFY, _("seal: the vote could not have been closed: %s"),
			       e->msg);
	if (r->seal.is_signed) {
		sign_keyid(r->seal.pk, keyid);
		if (memcmp(keyid, r->seal.keyid, TN_KEYID_LEN) != 0)
			rc = tn_fail(e, TN_EVERIFY, _("seal: the key id does not match its key"));
		else if (!sign_verify(r->seal.pk, r->seal.tally_hash, r->seal.sig))
			rc = tn_fail(e, TN_EVERIFY, _("seal: bad signature"));
	}
	return rc;
}
