#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tinnhiem/bundle.h"
#include "tinnhiem/chain.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/relay.h"

#define MAGIC	    "tinnhiem-bundle 1"
#define DEF_END	    "definition-hash\t"
#define TALLY_MAGIC "tinnhiem-tally 1"
#define TALLY_END   "tally-hash\t"
#define END	    "end"
#define MAX_BLOCK   (4u << 20) /* bytes of the definition or tally block */
#define MAX_LINE    8192       /* bytes of one line: the longest the tool writes is ~1,100 */

struct writer {
	FILE *f;
	bool failed;
};

/* A record line and its head, written as the replay passes it. */
static int write_record(void *arg, const struct tn_stored *s, struct tn_err *e)
{
	struct writer *w = arg;
	char tail[2 * TN_HASH_LEN + 3];

	tail[0] = '\t';
	hex_encode(s->head, TN_HASH_LEN, tail + 1);
	tail[2 * TN_HASH_LEN + 1] = '\n';
	fwrite(s->line, 1, s->len, w->f);
	fwrite(tail, 1, 2 * TN_HASH_LEN + 2, w->f);
	if (!ferror(w->f))
		return 0;
	w->failed = true;
	return tn_fail(e, TN_ECANTCREAT, "%s", strerror(errno));
}

/*
 * One reading of the records: each is replayed (verified, counted) and written in turn; the
 * tally and its hash follow. A vote that does not verify, or is not closed, leaves a partial
 * file, which atomic_write discards.
 */
int bundle_export(struct tn_vote *v, FILE *out, struct tn_err *e)
{
	struct writer w = {out, false};
	struct tn_buf b = {0};
	struct tn_replay r;
	char hex[2 * TN_HASH_LEN + 1];
	int rc;

	definition_canonical(&v->def, &b);
	hex_encode(v->def.hash, TN_HASH_LEN, hex);
	fprintf(out, MAGIC "\n%s" DEF_END "%s\n", b.data, hex);
	buf_reset(&b);
	if ((rc = vote_replay_each(v, &r, write_record, &w, e)) < 0) {
		if (!w.failed)
			tn_prefix(e, _("%s does not verify; not exporting"), store_path(v->store));
	} else if (!r.sealed) {
		rc = tn_fail(e, TN_EDATA, _("%s: the vote is not closed yet (tinnhiem close)"),
			     store_path(v->store));
	} else {
		tally_canonical(&r.tally, v->def.hash, r.sealed_at, r.head_at_seal, &b);
		hex_encode(r.seal.tally_hash, TN_HASH_LEN, hex);
		fprintf(out, "%s" TALLY_END "%s\n" END "\n", b.data, hex);
	}
	buf_free(&b);
	replay_free(&r);
	return rc;
}

struct reader {
	struct tn_lines lines;
	const char *name;
	const char *line;
	size_t len;
	long lineno;
	const struct tn_progress *progress;
	uint64_t size;
};

/* The next line without its newline; 1 read, 0 end of file, <0 error. */
static int next_line(struct reader *rd, struct tn_err *e)
{
	size_t n;
	int rc = lines_next(&rd->lines, &rd->line, &n);

	if (rc == -2)
		return tn_fail(e, TN_EIO, "%s: %s", rd->name, strerror(errno));
	if (rc == 0)
		return 0;
	rd->lineno++;
	if (rc == -1)
		return tn_fail(e, TN_EDATA, _("%s:%ld: line longer than %d bytes"), rd->name,
			       rd->lineno, MAX_LINE);
	if (rd->progress && rd->lineno % 4096 == 0)
		rd->progress->fn(rd->progress->arg, rd->lines.offset, rd->size);
	if (rd->line[n - 1] != '\n')
		return tn_fail(e, TN_EDATA, _("%s:%ld: the line does not end in a newline"),
			       rd->name, rd->lineno);
	rd->len = n - 1;
	if (memchr(rd->line, '\0', rd->len) != NULL || memchr(rd->line, '\r', rd->len) != NULL)
		return tn_fail(e, TN_EDATA, _("%s:%ld: stray NUL or CR byte"), rd->name,
			       rd->lineno);
	return 1;
}

static int starts(const struct reader *rd, const char *prefix)
{
	size_t n = strlen(prefix);

	return rd->len >= n && memcmp(rd->line, prefix, n) == 0;
}

static int malformed(struct reader *rd, struct tn_err *e, const char *what)
{
	return tn_fail(e, TN_EDATA, _("%s:%ld: malformed bundle: %s"), rd->name, rd->lineno, what);
}

static int expect_hash(struct reader *rd, const char *prefix, const uint8_t *want, const char *what,
		       struct tn_err *e)
{
	size_t n = strlen(prefix);
	uint8_t got[TN_HASH_LEN];

	if (!starts(rd, prefix) || hex_decode(rd->line + n, rd->len - n, got, TN_HASH_LEN) < 0)
		return malformed(rd, e, what);
	if (memcmp(got, want, TN_HASH_LEN) != 0)
		return tn_fail(e, TN_EVERIFY, _("%s:%ld: %s does not match"), rd->name, rd->lineno,
			       what);
	return 0;
}

static int read_block(struct reader *rd, const char *end, struct tn_buf *b, struct tn_err *e)
{
	int rc;

	while ((rc = next_line(rd, e)) > 0 && !starts(rd, end)) {
		buf_put(b, rd->line, rd->len);
		buf_putc(b, '\n');
		if (b->len > MAX_BLOCK)
			return malformed(rd, e, _("block too long"));
	}
	return rc < 0 ? rc : rc == 0 ? malformed(rd, e, _("unexpected end of file")) : 0;
}

static int read_definition(struct reader *rd, struct tn_definition *d, struct tn_err *e)
{
	struct tn_buf b = {0};
	int rc = next_line(rd, e);

	if (rc <= 0 || rd->len != strlen(MAGIC) || memcmp(rd->line, MAGIC, rd->len) != 0) {
		buf_free(&b);
		return rc < 0 ? rc : tn_fail(e, TN_EDATA, _("%s: not a tinnhiem bundle"), rd->name);
	}
	if ((rc = read_block(rd, DEF_END, &b, e)) == 0) {
		if ((rc = definition_parse_canonical(b.data ? b.data : "", b.len, d, e)) == 0 &&
		    (rc = definition_check_names(d, e)) < 0)
			definition_free(d);
		if (rc < 0)
			rc = tn_prefix(e, "%s", rd->name);
	}
	buf_free(&b);
	if (rc == 0 && (rc = expect_hash(rd, DEF_END, d->hash, _("definition hash"), e)) < 0)
		definition_free(d);
	return rc;
}

/* The length of a record line without its head: 64 hex digits after a tab (check_line). */
static int split_record(struct reader *rd, size_t *len, struct tn_err *e)
{
	const size_t hexlen = 2 * TN_HASH_LEN;

	*len = 0;
	if (rd->len <= hexlen || rd->line[rd->len - hexlen - 1] != '\t')
		return malformed(rd, e, _("a record line must end in a tab and its hash"));
	*len = rd->len - hexlen - 1;
	return 0;
}

/* The relay's functions for the lines of a bundle (src/relay.c); s->seq is a line's number. */
struct replaying {
	struct tn_replay *r;
	const char *name;
};

/* The line's hash from the head the line before it stores, against the 64 digits it stores. */
static int check_line(void *arg, struct tn_link *link, const struct tn_stored *s, struct tn_err *e)
{
	const size_t hexlen = 2 * TN_HASH_LEN;
	const struct replaying *p = arg;
	const char *stored = s->line + s->len - hexlen;
	char hex[2 * TN_HASH_LEN + 1];
	uint8_t ignore[TN_HASH_LEN];

	chain_extend(link->head, s->line, s->len - hexlen - 1, link->head);
	link->n++;
	link->seq = s->seq;
	hex_encode(link->head, TN_HASH_LEN, hex);
	if (memcmp(hex, stored, hexlen) == 0) /* the digits the tool writes: lowercase */
		return 0;
	if (hex_decode(stored, hexlen, ignore, TN_HASH_LEN) < 0)
		return tn_fail(e, TN_EDATA, _("%s:%ld: malformed bundle: %s"), p->name,
			       (long)s->seq, _("a record line must end in a tab and its hash"));
	replay_hash_differs(link->n, e);
	return tn_prefix(e, "%s:%lld", p->name, (long long)s->seq);
}

static void line_head(void *arg, const struct tn_stored *s, uint8_t head[TN_HASH_LEN])
{
	const size_t hexlen = 2 * TN_HASH_LEN;

	(void)arg;
	/* digits that are not a hash refuse this line in check_line, before the next one */
	if (hex_decode(s->line + s->len - hexlen, hexlen, head, TN_HASH_LEN) < 0)
		memset(head, 0, TN_HASH_LEN);
}

static int replay_line(void *arg, const struct tn_stored *s, struct tn_err *e)
{
	const size_t hexlen = 2 * TN_HASH_LEN;
	const struct replaying *p = arg;
	int rc =
	    replay_record_stored(p->r, s->line, s->len - hexlen - 1, s->line + s->len - hexlen, e);

	return rc == TN_EVERIFY ? tn_prefix(e, "%s:%lld", p->name, (long long)s->seq) : rc;
}

/*
 * The records, up to the tally: read and split here, hashed and replayed through a relay
 * (src/relay.c), which shares the hashing between two threads.
 */
static int read_records(struct reader *rd, struct tn_replay *r, struct tn_err *e)
{
	struct replaying p = {r, rd->name};
	const struct tn_relay_fns fns = {check_line, line_head, replay_line, &p};
	struct tn_link start = {.n = r->nrecords};
	struct tn_relay *relay;
	struct tn_stored s = {0};
	size_t len;
	int rc;

	if ((rc = replay_settle(r, e)) < 0)
		return rc;
	memcpy(start.head, r->head, TN_HASH_LEN);
	relay = relay_new(&fns, &start);
	while ((rc = next_line(rd, e)) > 0) {
		if (rd->len == strlen(TALLY_MAGIC) && memcmp(rd->line, TALLY_MAGIC, rd->len) == 0) {
			rc = relay_end(relay, 0, e);
			return rc < 0 ? rc : replay_settle(r, e);
		}
		if ((rc = split_record(rd, &len, e)) < 0)
			break;
		s.seq = rd->lineno;
		s.line = rd->line;
		s.len = rd->len;
		if ((rc = relay_put(relay, &s, e)) != 0)
			break;
	}
	if (rc == 0)
		rc = malformed(rd, e, _("unexpected end of file"));
	return relay_end(relay, rc, e);
}

/*
 * The first reading, from the first record to the tally: the voids alone, announced to the
 * replay so that it counts each ballot once. Lines are only split here, not checked: any line
 * that does not parse, or is not a line, is left to the replay, which reports it in its place.
 */
static int announce_voids(struct reader *rd, struct tn_replay *r, struct tn_err *e)
{
	uint64_t pos = rd->lines.offset;
	size_t n, len;
	int rc;

	if (ftell(rd->lines.f) < 0)
		return tn_fail(e, TN_EIO, _("%s: cannot read it twice (not a regular file)"),
			       rd->name);
	while ((rc = lines_next(&rd->lines, &rd->line, &n)) > 0) {
		struct tn_record rec;
		struct tn_err ignore;

		rd->len = n - (rd->line[n - 1] == '\n');
		if (starts(rd, TALLY_MAGIC))
			break;
		if (!starts(rd, "void\t") || split_record(rd, &len, &ignore) < 0 ||
		    record_parse(rd->line, len, r->def->nmembers, &r->def->rules, &rec, &ignore) <
			0)
			continue;
		replay_expect_void(r, rec.u.void_.pass, rec.u.void_.serial);
	}
	if (rc == -2 || lines_seek(&rd->lines, pos) != 0)
		return tn_fail(e, TN_EIO, "%s: %s", rd->name, strerror(errno));
	return 0;
}

static int read_tally(struct reader *rd, const struct tn_replay *r, struct tn_err *e)
{
	struct tn_buf got = {0}, want = {0};
	long first = rd->lineno;
	int rc;

	buf_puts(&got, TALLY_MAGIC "\n");
	if ((rc = read_block(rd, TALLY_END, &got, e)) < 0)
		goto out;
	tally_canonical(&r->tally, r->def->hash, r->sealed_at, r->head_at_seal, &want);
	if (got.len != want.len || memcmp(got.data, want.data, got.len) != 0) {
		rc = tn_fail(e, TN_EVERIFY,
			     _("%s:%ld: the tally written in the bundle differs from the tally "
			       "of its records"),
			     rd->name, first);
		goto out;
	}
	if ((rc = expect_hash(rd, TALLY_END, r->seal.tally_hash, _("tally hash"), e)) < 0)
		goto out;
	if ((rc = next_line(rd, e)) <= 0 || rd->len != strlen(END) ||
	    memcmp(rd->line, END, rd->len))
		rc = rc < 0 ? rc : malformed(rd, e, _("expected \"end\""));
	else if ((rc = next_line(rd, e)) != 0)
		rc = rc < 0 ? rc : malformed(rd, e, _("text after \"end\""));
out:
	buf_free(&got);
	buf_free(&want);
	return rc;
}

/*
 * The passes of a double-entry bundle differ: its records once more from at, keeping every
 * reading, so that each difference is named. A bundle whose passes agree is read with their
 * digests alone (replay_use_digests), in memory that does not grow with the ballots.
 */
static int read_again(struct reader *rd, const struct tn_definition *d, struct tn_replay *r,
		      uint64_t at, long line, struct tn_err *e)
{
	int rc;

	replay_free(r);
	replay_init(r, d);
	if (lines_seek(&rd->lines, at) != 0)
		return tn_fail(e, TN_EIO, "%s: %s", rd->name, strerror(errno));
	rd->lineno = line;
	if ((rc = announce_voids(rd, r, e)) == 0)
		rc = read_records(rd, r, e);
	return rc;
}

int bundle_verify(FILE *f, const char *name, const struct tn_progress *progress,
		  struct tn_definition *d, struct tn_replay *r, struct tn_err *e)
{
	struct reader rd = {.name = name, .progress = progress};
	struct stat st;
	uint64_t at;
	long line;
	int rc;

	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode))
		rd.size = (uint64_t)st.st_size;
	lines_open(&rd.lines, f, MAX_LINE);

	memset(r, 0, sizeof *r);
	if ((rc = read_definition(&rd, d, e)) < 0) {
		lines_close(&rd.lines);
		return rc;
	}
	replay_init(r, d);
	if (d->double_entry)
		replay_use_digests(r);
	at = rd.lines.offset;
	line = rd.lineno;
	rc = announce_voids(&rd, r, e);
	if (rc == 0)
		rc = read_records(&rd, r, e);
	if (rc == 0 && r->digests && !replay_digests_agree(r))
		rc = read_again(&rd, d, r, at, line, e);
	if (rc == 0 && !r->sealed)
		rc = tn_fail(e, TN_EVERIFY, _("%s: the bundle has no seal"), name);
	if (rc == 0 && (rc = replay_finish(r, e)) < 0)
		tn_prefix(e, "%s", name);
	if (rc == 0)
		rc = read_tally(&rd, r, e);
	lines_close(&rd.lines);
	if (rc < 0) {
		replay_free(r);
		definition_free(d);
	}
	return rc;
}
