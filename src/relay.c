#include <pthread.h>
#include <stdlib.h>

#include "tinnhiem/relay.h"
#include "tinnhiem/util.h"

enum { UNCHECKED, CHECKING, CHECKED };

struct block {
	size_t n;
	struct tn_stored rec[RELAY_RECORDS];
	size_t off[RELAY_RECORDS]; /* where each line starts in text */
	struct tn_buf text;
	struct tn_link before; /* the chain before its first record */
	int state;	       /* under lock once given */
	/* written by the thread that checks it */
	size_t fault; /* the first record check refused, or n */
	int fault_rc;
	struct tn_err fault_err;
};

struct tn_relay {
	struct tn_relay_fns f;
	struct block block[RELAY_BLOCKS]; /* the block numbered k is block[k % RELAY_BLOCKS] */
	bool threaded;			  /* the second thread runs */
	bool alone;			  /* it could not be started: all runs here */
	bool stopped;			  /* the reader knows of a refusal: it takes no more */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	/* under lock, once threaded */
	uint64_t given, done; /* the blocks given, and those taken */
	bool closed;	      /* no more blocks will be given */
	bool refused;	      /* a record was refused: rc and err say why */
	int rc;
	struct tn_err err;
};

/* Once a block is full its text moves no more: each record gets its line. */
static void place_lines(struct block *b)
{
	for (size_t i = 0; i < b->n; i++)
		b->rec[i].line = b->text.data != NULL ? b->text.data + b->off[i] : "";
}

static void check_block(struct tn_relay *r, struct block *b)
{
	struct tn_link link = b->before;

	b->fault = b->n;
	for (size_t i = 0; i < b->n; i++) {
		if ((b->fault_rc = r->f.check(r->f.arg, &link, &b->rec[i], &b->fault_err)) != 0) {
			b->fault = i;
			return;
		}
	}
}

/* The records of a checked block, in order, up to the first that check or take refused. */
static int take_block(struct tn_relay *r, struct block *b, struct tn_err *e)
{
	for (size_t i = 0; i < b->n; i++) {
		int rc;

		if (i == b->fault) {
			*e = b->fault_err;
			return b->fault_rc;
		}
		if ((rc = r->f.take(r->f.arg, &b->rec[i], e)) != 0)
			return rc;
	}
	return 0;
}

/* Checks b unless the other thread does; either way it is checked on return. Under lock. */
static void see_checked(struct tn_relay *r, struct block *b)
{
	if (b->state == UNCHECKED) {
		b->state = CHECKING;
		pthread_mutex_unlock(&r->lock);
		check_block(r, b);
		pthread_mutex_lock(&r->lock);
		b->state = CHECKED;
		pthread_cond_broadcast(&r->changed);
	}
	while (b->state != CHECKED)
		pthread_cond_wait(&r->changed, &r->lock);
}

static void *worker(void *arg)
{
	struct tn_relay *r = arg;
	struct tn_err err = {0};
	int rc;

	pthread_mutex_lock(&r->lock);
	for (;;) {
		struct block *b = &r->block[r->done % RELAY_BLOCKS];

		while (r->done == r->given && !r->closed)
			pthread_cond_wait(&r->changed, &r->lock);
		if (r->done == r->given)
			break;
		see_checked(r, b);
		pthread_mutex_unlock(&r->lock);
		/* the block is the reader's again only once done has passed it */
		rc = take_block(r, b, &err);
		pthread_mutex_lock(&r->lock);
		r->done++;
		if (rc != 0) {
			r->refused = true;
			r->rc = rc;
			r->err = err;
		}
		pthread_cond_broadcast(&r->changed);
		if (rc != 0)
			break;
	}
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

struct tn_relay *relay_new(const struct tn_relay_fns *fns, const struct tn_link *start)
{
	struct tn_relay *r = xcalloc(1, sizeof *r);

	r->f = *fns;
	r->block[0].before = *start;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->changed, NULL);
	return r;
}

/* The newest block given that no thread has begun to check, but the one taken next. */
static struct block *unchecked(struct tn_relay *r)
{
	for (uint64_t k = r->given; k-- > r->done + 1;)
		if (r->block[k % RELAY_BLOCKS].state == UNCHECKED)
			return &r->block[k % RELAY_BLOCKS];
	return NULL;
}

/*
 * The full block goes to the second thread; while every block is in hand, the blocks it has
 * not reached are checked here. The next one to fill is free once the second thread is
 * through with it.
 */
static int give(struct tn_relay *r)
{
	struct block *b = &r->block[r->given % RELAY_BLOCKS], *next, *h;
	struct tn_link link = {b->before.n + (int64_t)b->n, b->rec[b->n - 1].seq, {0}};
	bool refused;

	place_lines(b);
	r->f.head(r->f.arg, &b->rec[b->n - 1], link.head);
	if (!r->threaded && !r->alone) {
		r->threaded = pthread_create(&r->thread, NULL, worker, r) == 0;
		r->alone = !r->threaded;
	}
	if (r->alone) {
		check_block(r, b);
		if ((r->rc = take_block(r, b, &r->err)) != 0)
			r->refused = r->stopped = true;
		b->n = 0;
		buf_reset(&b->text);
		b->before = link;
		return r->stopped ? 1 : 0;
	}
	pthread_mutex_lock(&r->lock);
	b->state = UNCHECKED;
	r->given++;
	pthread_cond_broadcast(&r->changed);
	while (r->given - r->done == RELAY_BLOCKS && !r->refused) {
		if ((h = unchecked(r)) == NULL) {
			pthread_cond_wait(&r->changed, &r->lock);
			continue;
		}
		see_checked(r, h);
	}
	refused = r->refused;
	pthread_mutex_unlock(&r->lock);
	if (refused) {
		r->stopped = true;
		return 1;
	}
	next = &r->block[r->given % RELAY_BLOCKS];
	next->n = 0;
	buf_reset(&next->text);
	next->before = link;
	return 0;
}

int relay_put(void *relay, const struct tn_stored *s, struct tn_err *e)
{
	struct tn_relay *r = relay;
	struct block *b = &r->block[r->given % RELAY_BLOCKS];

	(void)e;
	if (r->stopped)
		return 1;
	b->rec[b->n] = *s;
	b->off[b->n++] = b->text.len; /* the line is placed when the block is full */
	buf_put(&b->text, s->line, s->len);
	return b->n == RELAY_RECORDS || b->text.len >= RELAY_BYTES ? give(r) : 0;
}

int relay_end(struct tn_relay *r, int rc, struct tn_err *e)
{
	struct block *b = &r->block[r->given % RELAY_BLOCKS];

	place_lines(b);
	if (r->threaded) {
		pthread_mutex_lock(&r->lock);
		if (!r->refused && b->n > 0) {
			b->state = UNCHECKED;
			r->given++;
		}
		r->closed = true;
		pthread_cond_broadcast(&r->changed);
		pthread_mutex_unlock(&r->lock);
		pthread_join(r->thread, NULL);
	} else if (!r->refused && b->n > 0) {
		check_block(r, b);
		if ((r->rc = take_block(r, b, &r->err)) != 0)
			r->refused = true;
	}
	if (r->refused) {
		*e = r->err;
		rc = r->rc;
	}
	for (size_t i = 0; i < RELAY_BLOCKS; i++)
		buf_free(&r->block[i].text);
	pthread_cond_destroy(&r->changed);
	pthread_mutex_destroy(&r->lock);
	free(r);
	return rc;
}
