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

void replay_free(struct tn_replay *r)
{
	free(r->voids);
	r->voids = NULL;
	for (int p = 1; p <= 2; p++) {
		free(r->readings[p]);
		r->readings[p] = NULL;
		r->nreadings[p] = r->capreadings[p] = 0;
	}
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

static int check_ballot(struct tn_replay *r, const struct tn_ballot *b, struct tn_err *e)
{
	if (b->serial != r->last_serial[b->pass] + 1)
		return tn_fail(e, TN_EVERIFY,
			       _("ballot %d/%llu out of sequence (expected serial %llu)"), b->pass,
			       (unsigned long long)b->serial,
			       (unsigned long long)(r->last_serial[b->pass] + 1));
	r->last_serial[b->pass] = b->serial;
	if (b->pass == 1 && replay_is_voided(r, 1, b->serial))
		tally_void(&r->tally);
	else if (b->pass == 1)
		tally_ballot(&r->tally, b);
	if (r->keep_readings)
		keep_reading(r, b);
	return 0;
}

/* A void record: it must be one the source announced (replay_expect_void), seen once. */
static int check_void(struct tn_replay *r, const struct tn_void *v, struct tn_err *e)
{
	uint64_t *slot;

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
	default:
		r->sealed = true;
		r->seal = rec->u.seal;
		r->sealed_at = r->nrecords;
		memcpy(r->head_at_seal, r->head, TN_HASH_LEN);
		return 0;
	}
}

int replay_record(struct tn_replay *r, const char *line, size_t len, const uint8_t *head,
		  struct tn_err *e)
{
	struct tn_record rec;
	uint8_t next[TN_HASH_LEN];
	long long n = (long long)r->nrecords + 1;

	if (r->sealed)
		return tn_fail(e, TN_EVERIFY, _("record %lld: found after the seal"), n);
	chain_extend(r->head, line, len, next);
	if (head != NULL && memcmp(head, next, TN_HASH_LEN) != 0)
		return tn_fail(e, TN_EVERIFY,
			       _("record %lld: hash does not match (this record or the chain "
				 "before it was changed)"),
			       n);
	if (record_parse(line, len, r->def->nmembers, &r->def->rules, &rec, e) < 0 ||
	    apply(r, &rec, e) < 0)
		return tn_fail(e, TN_EVERIFY, _("record %lld: %s"), n, e->msg);
	memcpy(r->head, next, TN_HASH_LEN);
	r->nrecords++;
	return 0;
}

int replay_finish(const struct tn_replay *r, struct tn_err *e)
{
	if (r->nseen != r->nvoids)
		return tn_fail(e, TN_EVERIFY, _("%zu voids were announced but %zu replayed"),
			       r->nvoids, r->nseen);
	return replay_check_seal(r, e);
}

/* The next serial of a pass at or after *i that is not void, or 0 at the end. */
static uint64_t next_live(const struct tn_replay *r, int pass, size_t *i)
{
	while (*i < r->nreadings[pass] && replay_is_voided(r, pass, *i + 1))
		(*i)++;
	return *i < r->nreadings[pass] ? ++*i : 0;
}

static void reading_of(const struct tn_replay *r, int pass, uint64_t serial, char *out)
{
	memcpy(out, r->readings[pass] + (serial - 1) * r->width, r->width);
	out[r->width] = '\0';
}

uint64_t replay_differences(const struct tn_replay *r, replay_diff_fn fn, void *arg)
{
	struct tn_difference d;
	size_t i1 = 0, i2 = 0;
	uint64_t count = 0;

	for (uint64_t position = 1;; position++) {
		memset(&d, 0, sizeof d);
		d.position = position;
		d.serial1 = next_live(r, 1, &i1);
		d.serial2 = next_live(r, 2, &i2);
		if (d.serial1 == 0 && d.serial2 == 0)
			return count;
		if (d.serial1)
			reading_of(r, 1, d.serial1, d.reading1);
		if (d.serial2)
			reading_of(r, 2, d.serial2, d.reading2);
		if (d.serial1 && d.serial2 && strcmp(d.reading1, d.reading2) == 0)
			continue;
		count++;
		if (fn != NULL)
			fn(arg, &d);
	}
}

int replay_check_closable(const struct tn_replay *r, struct tn_err *e)
{
	uint64_t diffs;

	if (tally_check_closable(&r->tally, e) < 0)
		return e->code;
	if (r->tally.entered == 0)
		return tn_fail(e, TN_EDATA, _("no ballot was collected: there is nothing to seal"));
	if (r->def->double_entry && (diffs = replay_differences(r, NULL, NULL)) != 0)
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
