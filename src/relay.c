#include <pthread.h>
#include <stdlib.h>

#include "tinnhiem/relay.h"
#include "tinnhiem/util.h"

struct block {
	size_t n;
	struct tn_stored rec[RELAY_RECORDS];
	size_t off[RELAY_RECORDS]; /* where each line starts in text */
	struct tn_buf text;
};

struct tn_relay {
	store_each_fn fn;
	void *arg;
	struct block block[RELAY_BLOCKS]; /* the block numbered k is block[k % RELAY_BLOCKS] */
	bool threaded;			  /* the second thread runs */
	bool alone;			  /* it could not be started: fn runs here */
	bool stopped;			  /* the reader knows of a refusal: it takes no more */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	/* under lock, once threaded */
	uint64_t given, done; /* the blocks given to fn, and those it is through with */
	bool closed;	      /* no more blocks will be given */
	bool refused;	      /* fn refused a record: rc and err say why */
	int rc;
	struct tn_err err;
};

/* fn over the records of a block, in order, up to the first it refuses. */
static int run_block(struct tn_relay *r, struct block *b, struct tn_err *e)
{
	int rc = 0;

	for (size_t i = 0; i < b->n && rc == 0; i++) {
		struct tn_stored s = b->rec[i];

		s.line = b->text.data != NULL ? b->text.data + b->off[i] : "";
		rc = r->fn(r->arg, &s, e);
	}
	return rc;
}

static void *worker(void *arg)
{
	struct tn_relay *r = arg;
	struct tn_err err = {0};
	int rc;

	pthread_mutex_lock(&r->lock);
	for (;;) {
		while (r->done == r->given && !r->closed)
			pthread_cond_wait(&r->changed, &r->lock);
		if (r->done == r->given)
			break;
		pthread_mutex_unlock(&r->lock);
		/* the block is the reader's again only once done has passed it */
		rc = run_block(r, &r->block[r->done % RELAY_BLOCKS], &err);
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

struct tn_relay *relay_new(store_each_fn fn, void *arg)
{
	struct tn_relay *r = xcalloc(1, sizeof *r);

	r->fn = fn;
	r->arg = arg;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->changed, NULL);
	return r;
}

/* The full block goes to fn; the next one to fill is free once fn is through with it. */
static int give(struct tn_relay *r)
{
	struct block *b = &r->block[r->given % RELAY_BLOCKS];
	bool refused;

	if (!r->threaded && !r->alone) {
		r->threaded = pthread_create(&r->thread, NULL, worker, r) == 0;
		r->alone = !r->threaded;
	}
	if (r->alone) {
		if ((r->rc = run_block(r, b, &r->err)) != 0)
			r->refused = r->stopped = true;
		b->n = 0;
		buf_reset(&b->text);
		return r->stopped ? 1 : 0;
	}
	pthread_mutex_lock(&r->lock);
	r->given++;
	pthread_cond_broadcast(&r->changed);
	while (r->given - r->done == RELAY_BLOCKS && !r->refused)
		pthread_cond_wait(&r->changed, &r->lock);
	refused = r->refused;
	pthread_mutex_unlock(&r->lock);
	if (refused) {
		r->stopped = true;
		return 1;
	}
	b = &r->block[r->given % RELAY_BLOCKS];
	b->n = 0;
	buf_reset(&b->text);
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
	b->rec[b->n].line = NULL;
	b->off[b->n++] = b->text.len;
	buf_put(&b->text, s->line, s->len);
	return b->n == RELAY_RECORDS || b->text.len >= RELAY_BYTES ? give(r) : 0;
}

int relay_end(struct tn_relay *r, int rc, struct tn_err *e)
{
	struct block *b = &r->block[r->given % RELAY_BLOCKS];

	if (r->threaded) {
		pthread_mutex_lock(&r->lock);
		if (!r->refused && b->n > 0)
			r->given++;
		r->closed = true;
		pthread_cond_broadcast(&r->changed);
		pthread_mutex_unlock(&r->lock);
		pthread_join(r->thread, NULL);
	} else if (!r->refused && b->n > 0 && (r->rc = run_block(r, b, &r->err)) != 0) {
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
