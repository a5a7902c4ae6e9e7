#include <stdlib.h>
#include <string.h>

#include "tinnhiem/chain.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/relay.h"
#include "tinnhiem/sign.h"
#include "tinnhiem/vote.h"

int vote_open(const char *path, bool writable, struct tn_vote *v, struct tn_err *e)
{
	uint8_t stored[TN_HASH_LEN];
	char *text;
	size_t len;
	int rc;

	memset(v, 0, sizeof *v);
	if ((rc = store_open(path, writable, &v->store, e)) < 0)
		return rc;
	if ((rc = store_definition(v->store, &text, &len, stored, e)) < 0)
		goto fail;
	rc = definition_parse_canonical(text, len, &v->def, e);
	free(text);
	if (rc < 0) {
		rc = tn_fail(e, TN_EVERIFY, _("%s: the stored definition is damaged: %s"), path,
			     e->msg);
		goto fail;
	}
	if (memcmp(stored, v->def.hash, TN_HASH_LEN) != 0) {
		rc = tn_fail(e, TN_EVERIFY, _("%s: the definition does not match its stored hash"),
			     path);
		goto fail;
	}
	return 0;
fail:
	vote_close(v);
	return rc;
}

int vote_create(const char *path, const struct tn_definition *d, struct tn_err *e)
{
	struct tn_buf canon = {0};
	int rc;

	definition_canonical(d, &canon);
	rc = store_create(path, canon.data, canon.len, d->hash, e);
	buf_free(&canon);
	return rc;
}

void vote_close(struct tn_vote *v)
{
	store_close(v->store);
	definition_free(&v->def);
	buf_free(&v->scratch);
	v->store = NULL;
}

int vote_append(struct tn_vote *v, const struct tn_record *r, struct tn_err *e)
{
	struct tn_buf *line = &v->scratch;
	uint8_t head[TN_HASH_LEN];
	struct tn_columns col;
	int64_t count;
	int rc;

	record_columns(r, &col);
	buf_reset(line);
	record_format(r, line);
	rc = store_head(v->store, head, &count, e);
	if (rc == 0) {
		chain_extend(head, line->data, line->len, head);
		rc = store_append(v->store, r->kind, col.pass, (uint64_t)col.serial,
				  (uint64_t)col.paper, line->data, line->len, head, e);
	}
	return rc;
}

int vote_write(struct tn_vote *v, vote_fn fn, void *arg, struct tn_err *e)
{
	int rc;

	if ((rc = store_begin(v->store, e)) < 0)
		return rc;
	if ((rc = vote_check_open(v, e)) == 0)
		rc = fn(v, arg, e);
	return rc == 0 ? store_commit(v->store, e) : (store_rollback(v->store), rc);
}

int vote_read(struct tn_vote *v, vote_fn fn, void *arg, struct tn_err *e)
{
	bool own_tx = !store_in_tx(v->store);
	int rc;

	if (own_tx && (rc = store_read_begin(v->store, e)) < 0)
		return rc;
	rc = fn(v, arg, e);
	if (own_tx)
		store_rollback(v->store);
	return rc;
}

struct meeting_update {
	const struct tn_meeting *update;
	struct tn_meeting *merged;
};

static int record_meeting(struct tn_vote *v, void *arg, struct tn_err *e)
{
	struct meeting_update *u = arg;
	struct tn_record r = {.kind = TN_REC_MEETING};
	int rc;

	if ((rc = vote_meeting_facts(v, u->merged, e)) < 0)
		return rc;
	rules_merge_meeting(u->merged, u->update);
	if (rules_check_meeting(u->merged, e) < 0)
		return tn_prefix(e, _("refused"));
	r.u.meeting = *u->update;
	return vote_append(v, &r, e);
}

int vote_record_meeting(struct tn_vote *v, const struct tn_meeting *update,
			struct tn_meeting *merged, struct tn_err *e)
{
	struct meeting_update u = {update, merged};

	return vote_write(v, record_meeting, &u, e);
}

int vote_check_open(struct tn_vote *v, struct tn_err *e)
{
	bool sealed;
	int rc = store_is_sealed(v->store, &sealed, e);

	if (rc == 0 && sealed)
		rc = tn_fail(e, TN_EDATA, _("%s: the vote is closed; nothing can be added"),
			     store_path(v->store));
	return rc;
}

int vote_check_cosignable(struct tn_vote *v, int member, struct tn_err *e)
{
	bool sealed;
	int rc = store_is_sealed(v->store, &sealed, e);

	if (rc == 0 && !sealed)
		rc = tn_fail(e, TN_EDATA, _("%s: the vote is not closed yet (tinnhiem close)"),
			     store_path(v->store));
	if (rc == 0 && (member < 1 || (size_t)member > v->def.nboard))
		rc = tn_fail(e, TN_EDATA, _("the board has %zu members; there is no member %d"),
			     v->def.nboard, member);
	return rc;
}

struct facts_ctx {
	struct tn_vote *v;
	struct tn_meeting *m;
};

static int merge_facts(void *arg, const struct tn_stored *s, struct tn_err *e)
{
	struct facts_ctx *c = arg;
	struct tn_record r;

	if (record_parse(s->line, s->len, c->v->def.nmembers, &c->v->def.rules, &r, e) < 0 ||
	    r.kind != TN_REC_MEETING)
		return tn_fail(e, TN_EVERIFY, _("record %lld is damaged; run tinnhiem verify"),
			       (long long)s->seq);
	rules_merge_meeting(c->m, &r.u.meeting);
	return 0;
}

int vote_meeting_facts(struct tn_vote *v, struct tn_meeting *m, struct tn_err *e)
{
	struct facts_ctx c = {v, m};

	*m = v->def.meeting;
	return store_each(v->store, TN_REC_MEETING, merge_facts, &c, e);
}

struct replay_ctx {
	struct tn_vote *v;
	struct tn_replay *r;
	store_each_fn then;
	void *arg;
	int64_t total;
};

/* A record follows the one before it, on either thread of the relay (src/relay.c). */
static int check_one(void *arg, struct tn_link *link, const struct tn_stored *s, struct tn_err *e)
{
	(void)arg;
	if (s->seq != link->seq + 1)
		return tn_fail(e, TN_EVERIFY, _("record %lld is missing"), (long long)link->n + 1);
	if (replay_check_hash(link->head, s->line, s->len, s->head, s->seq, link->head, e) < 0)
		return e->code;
	link->n++;
	link->seq = s->seq;
	return 0;
}

static void stored_head(void *arg, const struct tn_stored *s, uint8_t head[TN_HASH_LEN])
{
	(void)arg;
	memcpy(head, s->head, TN_HASH_LEN);
}

/* The replay of a record check_one passed, in order. */
static int replay_one(void *arg, const struct tn_stored *s, struct tn_err *e)
{
	struct replay_ctx *c = arg;
	int rc;

	progress_report(c->v->progress, (uint64_t)s->seq, (uint64_t)c->total);
	if ((rc = replay_record_hashed(c->r, s->line, s->len, s->head, &s->col, e)) < 0)
		return rc;
	return c->then != NULL ? c->then(c->arg, s, e) : 0;
}

/* The first reading: the voids alone, announced to the replay before it counts. */
static int announce_void(void *arg, const struct tn_stored *s, struct tn_err *e)
{
	struct replay_ctx *c = arg;
	struct tn_record rec;
	struct tn_err ignore;

	(void)e;
	/* a record that does not parse is reported by the replay, in its place */
	if (record_parse(s->line, s->len, c->v->def.nmembers, &c->v->def.rules, &rec, &ignore) ==
		0 &&
	    rec.kind == TN_REC_VOID)
		replay_expect_void(c->r, rec.u.void_.pass, rec.u.void_.serial);
	return 0;
}

/*
 * Double entry pairs the passes from the file, read again in paper order (replay_live_fn).
 * The replay has taken these very lines in this transaction, so their voids are its voids and
 * their reading is their fourth field, as record_format writes it.
 */
static int live_from_store(void *arg, const struct tn_replay *r, int pass, struct tn_live *out,
			   struct tn_err *e)
{
	struct tn_vote *v = arg;
	struct tn_stored s;
	int rc;

	if (out == NULL)
		return store_live(v->store, pass, NULL, e);
	while ((rc = store_live(v->store, pass, &s, e)) == 1 &&
	       replay_is_voided(r, pass, (uint64_t)s.col.serial))
		;
	if (rc <= 0)
		return rc;
	if (record_line_reading(s.line, s.len, out->reading) < 0) {
		store_live(v->store, pass, NULL, e);
		return tn_fail(e, TN_EVERIFY, "%s", _("malformed ballot record"));
	}
	out->paper = (uint64_t)s.col.paper;
	out->serial = (uint64_t)s.col.serial;
	return 1;
}

/*
 * The replay of every stored record into r, set up here; then, when not NULL, is given each
 * record after the replay took it. The seal's conditions are checked in the same transaction,
 * since double entry reads the file again.
 */
static int replay_from(struct tn_vote *v, struct tn_replay *r, store_each_fn then, void *arg,
		       struct tn_err *e)
{
	struct replay_ctx c = {v, r, then, arg, 0};
	bool own_tx = !store_in_tx(v->store);
	uint8_t head[TN_HASH_LEN];
	int rc;

	if (own_tx && (rc = store_read_begin(v->store, e)) < 0)
		return rc;
	rc = v->progress ? store_head(v->store, head, &c.total, e) : 0;
	if (rc == 0)
		rc = store_each(v->store, TN_REC_VOID, announce_void, &c, e);
	if (rc == 0) { /* read here, checked on two threads, replayed on the second */
		const struct tn_relay_fns fns = {check_one, stored_head, replay_one, &c};
		struct tn_link start = {0};
		struct tn_relay *relay;

		memcpy(start.head, r->head, TN_HASH_LEN);
		relay = relay_new(&fns, &start);

		rc = relay_end(relay, store_each(v->store, -1, relay_put, relay, e), e);
	}
	if (rc == 0)
		rc = replay_finish(r, e);
	if (own_tx)
		store_rollback(v->store);
	return rc;
}

static void replay_init_vote(struct tn_vote *v, struct tn_replay *r)
{
	replay_init(r, &v->def);
	r->keep_readings = false;
	r->live = live_from_store;
	r->live_arg = v;
}

int vote_replay_each(struct tn_vote *v, struct tn_replay *r, store_each_fn then, void *arg,
		     struct tn_err *e)
{
	replay_init_vote(v, r);
	return replay_from(v, r, then, arg, e);
}

int vote_replay(struct tn_vote *v, struct tn_replay *r, struct tn_err *e)
{
	return vote_replay_each(v, r, NULL, NULL, e);
}

int vote_replay_observed(struct tn_vote *v, replay_observe_fn fn, void *arg, struct tn_replay *r,
			 struct tn_err *e)
{
	replay_init_vote(v, r);
	r->observe = fn;
	r->observe_arg = arg;
	return replay_from(v, r, NULL, NULL, e);
}

/* The seal record for the vote as replayed, signed with key when not NULL. */
static int make_seal(const struct tn_replay *r, const struct tn_seckey *key, struct tn_seal *s,
		     struct tn_err *e)
{
	struct tn_buf canon = {0};

	memset(s, 0, sizeof *s);
	replay_tally_hash(r, &canon, s->tally_hash);
	buf_free(&canon);
	if (key == NULL)
		return 0;
	s->is_signed = true;
	memcpy(s->keyid, key->pub.keyid, TN_KEYID_LEN);
	memcpy(s->pk, key->pub.pk, TN_PK_LEN);
	return sign_tally(key, s->tally_hash, s->sig, e);
}

/*
 * A member's signature record of a sealed tally, appended and noted in r; refused when the
 * replay would refuse it (another member's key, a member who signed already).
 */
static int append_signature(struct tn_vote *v, struct tn_replay *r, const struct tn_seckey *key,
			    int member, struct tn_err *e)
{
	struct tn_record rec = {.kind = TN_REC_SIGNATURE};
	struct tn_signature *s = &rec.u.signature;
	struct tn_signer *to;
	int rc;

	if (member < 1 || (size_t)member > v->def.nboard)
		return tn_fail(e, TN_EDATA, _("the board has %zu members; there is no member %d"),
			       v->def.nboard, member);
	if (replay_signer(r, member) != NULL)
		return tn_fail(e, TN_EDATA, _("board member %d (%s) has signed already"), member,
			       v->def.board[member - 1].name);
	for (size_t i = 0; i < r->nsigners; i++)
		if (memcmp(r->signers[i].pk, key->pub.pk, TN_PK_LEN) == 0)
			return tn_fail(
			    e, TN_EDATA, _("this key has signed already, for board member %d (%s)"),
			    r->signers[i].member, v->def.board[r->signers[i].member - 1].name);
	s->member = member;
	memcpy(s->keyid, key->pub.keyid, TN_KEYID_LEN);
	memcpy(s->pk, key->pub.pk, TN_PK_LEN);
	if ((rc = sign_member(key, r->seal.tally_hash, member, s->sig, e)) < 0 ||
	    (rc = vote_append(v, &rec, e)) < 0)
		return rc;
	to = &r->signers[r->nsigners++];
	to->member = member;
	memcpy(to->keyid, s->keyid, TN_KEYID_LEN);
	memcpy(to->pk, s->pk, TN_PK_LEN);
	return 0;
}

struct seal_args {
	const struct tn_seckey *keys;
	size_t nkeys;
	int member; /* cosign: the member who signs */
	struct tn_seal *out;
};

/* The keys sign for members 1, 2, ... in the order of the board; the seal holds the first. */
static int seal_in_tx(struct tn_vote *v, void *arg, struct tn_err *e)
{
	struct seal_args *a = arg;
	struct tn_record rec = {.kind = TN_REC_SEAL};
	struct tn_replay r;
	int rc;

	if (a->nkeys > v->def.nboard)
		return tn_fail(e, TN_EUSAGE, _("%zu keys, but the board has %zu members"), a->nkeys,
			       v->def.nboard);
	if ((rc = vote_replay(v, &r, e)) < 0)
		rc = tn_prefix(e, _("the vote file does not verify"));
	else if ((rc = replay_check_closable(&r, e)) == 0 &&
		 (rc = make_seal(&r, a->nkeys ? &a->keys[0] : NULL, &rec.u.seal, e)) == 0 &&
		 (rc = vote_append(v, &rec, e)) == 0) {
		*a->out = rec.u.seal;
		r.sealed = true;
		r.seal = rec.u.seal;
		if (rec.u.seal.is_signed) {
			r.signers[0].member = 1;
			memcpy(r.signers[0].keyid, rec.u.seal.keyid, TN_KEYID_LEN);
			memcpy(r.signers[0].pk, rec.u.seal.pk, TN_PK_LEN);
			r.nsigners = 1;
		}
		for (size_t i = 1; rc == 0 && i < a->nkeys; i++)
			rc = append_signature(v, &r, &a->keys[i], (int)i + 1, e);
	}
	replay_free(&r);
	return rc < 0 ? tn_prefix(e, _("not closed")) : 0;
}

int vote_seal(struct tn_vote *v, const struct tn_seckey *keys, size_t nkeys, struct tn_seal *out,
	      struct tn_err *e)
{
	struct seal_args a = {keys, nkeys, 0, out};

	/* a closed vote says so, not "not closed" (vote_write checks that first) */
	return vote_write(v, seal_in_tx, &a, e);
}

static int cosign_in_tx(struct tn_vote *v, void *arg, struct tn_err *e)
{
	struct seal_args *a = arg;
	struct tn_replay r;
	int rc;

	if ((rc = vote_replay(v, &r, e)) < 0)
		rc = tn_prefix(e, _("the vote file does not verify"));
	else if (!r.sealed)
		rc = tn_fail(e, TN_EDATA, _("%s: the vote is not closed yet (tinnhiem close)"),
			     store_path(v->store));
	else if ((rc = append_signature(v, &r, a->keys, a->member, e)) == 0)
		*a->out = r.seal;
	replay_free(&r);
	return rc;
}

int vote_cosign(struct tn_vote *v, const struct tn_seckey *key, int member, struct tn_seal *out,
		struct tn_err *e)
{
	struct seal_args a = {key, 1, member, out};
	int rc;

	if ((rc = store_begin(v->store, e)) < 0)
		return rc;
	rc = cosign_in_tx(v, &a, e);
	return rc == 0 ? store_commit(v->store, e) : (store_rollback(v->store), rc);
}
