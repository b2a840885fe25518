// SPDX-License-Identifier: GPL-2.0-or-later
/* The compression stage of the copy pipeline (see pipeline.h). */
#include <stdlib.h>
#include <string.h>

#include "sievedump/page.h"
#include "sievedump/pipeline.h"

/* Pages [a, b) of batch @bt with the context of thread @t. */
static void
do_slice(struct sd_pipeline *p, struct sd_pipe_batch *bt, unsigned t,
	 size_t a, size_t b)
{
	size_t i;

	for (i = a; i < b; i++) {
		const uint8_t *page = bt->in + i * p->page_size;
		struct sd_page_result *r = &bt->res[i];
		size_t len = 0;

		r->zero = p->zero_check && sd_page_is_zero(page, p->page_size);
		r->data = page;
		r->size = (uint32_t)p->page_size;
		r->flags = 0;
		if (r->zero || !p->ops)
			continue;
		/* a failed compression (the page does not shrink, or the
		 * library errs) stores the page raw, as makedumpfile does */
		if (sd_cctx_compress(&p->ctx[t], page, p->page_size,
				     bt->out + i * p->cap, p->cap, &len) == SD_OK) {
			r->data = bt->out + i * p->cap;
			r->size = (uint32_t)len;
			r->flags = p->ops->dh_flag;
		}
	}
}

enum { GROUP = 2 };	/* pages a worker takes at a time */

/*
 * Take groups of pages of @bt until none is left.  The last worker to
 * leave the batch tells the caller: only then may the caller reuse its
 * slots (a worker that has finished its pages but not yet left could
 * otherwise take pages of the next batch in the same slots while the
 * caller resets them).
 */
static void
take_pages(struct sd_pipeline *p, struct sd_pipe_batch *bt, unsigned t)
{
	size_t i;

	while ((i = __atomic_fetch_add(&bt->next, GROUP, __ATOMIC_RELAXED)) <
	       bt->n)
		do_slice(p, bt, t, i, i + GROUP < bt->n ? i + GROUP : bt->n);
	if (__atomic_add_fetch(&bt->left, 1, __ATOMIC_ACQ_REL) ==
	    p->nworkers) {
		pthread_mutex_lock(&p->mu);
		pthread_cond_broadcast(&p->done);
		pthread_mutex_unlock(&p->mu);
	}
}

/*
 * A worker goes from batch to batch in submission order.  When the next
 * one is already submitted it starts at once: the caller submits batch
 * k + 1 before it waits for batch k, so the workers never wait for it
 * unless it falls behind.
 */
static void *
worker(void *arg)
{
	const struct sd_pipeline_worker *wa = arg;
	struct sd_pipeline *p = wa->p;
	uint64_t seq = 0;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->quit && p->nsub == seq)
			pthread_cond_wait(&p->go, &p->mu);
		if (p->quit)
			break;
		pthread_mutex_unlock(&p->mu);
		take_pages(p, &p->b[seq % p->nb], wa->t);
		seq++;
		pthread_mutex_lock(&p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

void
sd_pipeline_submit(struct sd_pipeline *p, const uint8_t *pages, size_t n)
{
	struct sd_pipe_batch *bt = &p->b[p->nsub % p->nb];

	bt->in = pages;
	bt->n = n;
	bt->next = 0;
	bt->left = 0;
	if (!p->nworkers) {
		do_slice(p, bt, 0, 0, n);
		p->nsub++;
		return;
	}
	pthread_mutex_lock(&p->mu);
	p->nsub++;
	pthread_cond_broadcast(&p->go);
	pthread_mutex_unlock(&p->mu);
}

const struct sd_page_result *
sd_pipeline_wait(struct sd_pipeline *p)
{
	struct sd_pipe_batch *bt;

	if (p->nwait == p->nsub)
		return NULL;
	bt = &p->b[p->nwait % p->nb];
	if (p->nworkers &&
	    __atomic_load_n(&bt->left, __ATOMIC_ACQUIRE) != p->nworkers) {
		pthread_mutex_lock(&p->mu);
		while (__atomic_load_n(&bt->left, __ATOMIC_ACQUIRE) !=
		       p->nworkers)
			pthread_cond_wait(&p->done, &p->mu);
		pthread_mutex_unlock(&p->mu);
	}
	p->nwait++;
	return bt->res;
}

const struct sd_page_result *
sd_pipeline_run(struct sd_pipeline *p, const uint8_t *pages, size_t n)
{
	sd_pipeline_submit(p, pages, n);
	return sd_pipeline_wait(p);
}

/* Batches of slots: two when workers compress while the caller goes on. */
static unsigned
nbatches(unsigned nthreads)
{
	return nthreads > 1 ? 2 : 1;
}

uint64_t
sd_pipeline_estimate(unsigned nthreads, const struct sd_compressor_ops *ops,
		     size_t page_size, size_t batch)
{
	uint64_t n = nbatches(nthreads) * batch * sizeof(struct sd_page_result) +
		     nthreads * (sizeof(struct sd_cctx) +
				 sizeof(struct sd_pipeline_worker));

	if (ops)
		n += nbatches(nthreads) * batch * ops->bound(page_size) +
		     nthreads * ops->ctx_estimate(page_size);
	return n;
}

static sd_status
alloc_batch(struct sd_pipeline *p, struct sd_pipe_batch *bt,
	    struct sd_err *err)
{
	sd_status st;

	st = sd_balloc(p->budget, p->batch * sizeof(*bt->res), 1,
		       "pipeline results", (void **)&bt->res, err);
	if (!st && p->ops)
		st = sd_balloc(p->budget, p->batch * p->cap, 0,
			       "compression buffers", (void **)&bt->out, err);
	return st;
}

static void
free_batch(struct sd_pipeline *p, struct sd_pipe_batch *bt)
{
	sd_bfree(p->budget, bt->out, bt->out ? p->batch * p->cap : 0);
	sd_bfree(p->budget, bt->res, bt->res ? p->batch * sizeof(*bt->res) : 0);
}

static sd_status
alloc_parts(struct sd_pipeline *p, struct sd_err *err)
{
	sd_status st = SD_OK;
	unsigned t;

	if (p->ops)
		p->cap = p->ops->bound(p->page_size);
	for (t = 0; !st && t < nbatches(p->alloc_n); t++)
		st = alloc_batch(p, &p->b[t], err);
	if (!st)
		st = sd_balloc(p->budget, p->nthreads * sizeof(*p->ctx), 1,
			       "compressor contexts", (void **)&p->ctx, err);
	if (!st)
		st = sd_balloc(p->budget, p->nthreads * sizeof(*p->workers), 1,
			       "worker threads", (void **)&p->workers, err);
	for (t = 0; !st && p->ops && t < p->nthreads; t++)
		st = sd_cctx_init(&p->ctx[t], p->ops, p->page_size, p->budget,
				  err);
	return st;
}

static void
start_workers(struct sd_pipeline *p)
{
	unsigned t;

	if (p->nthreads < 2)
		return;
	for (t = 0; t < p->nthreads; t++) {
		struct sd_pipeline_worker *wa = &p->workers[t];

		wa->p = p;
		wa->t = t;
		if (pthread_create(&wa->tid, NULL, worker, wa))
			break;
	}
	/* fewer threads than asked: each takes more pages; none at all:
	 * the caller compresses (then one batch of slots is used) */
	p->nworkers = t > 1 ? t : 0;
	if (t == 1) {		/* a lone worker would only add latency */
		pthread_mutex_lock(&p->mu);
		p->quit = true;
		pthread_cond_broadcast(&p->go);
		pthread_mutex_unlock(&p->mu);
		pthread_join(p->workers[0].tid, NULL);
		p->quit = false;
	}
}

sd_status
sd_pipeline_init(struct sd_pipeline *p, unsigned nthreads,
		 const struct sd_compressor_ops *ops, size_t page_size,
		 size_t batch, bool zero_check, struct sd_budget *budget,
		 struct sd_err *err)
{
	sd_status st;

	memset(p, 0, sizeof(*p));
	p->nthreads = p->alloc_n = nthreads ? nthreads : 1;
	p->ops = ops;
	p->page_size = page_size;
	p->batch = batch;
	p->zero_check = zero_check;
	p->budget = budget;
	p->nb = nbatches(p->nthreads);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->go, NULL);
	pthread_cond_init(&p->done, NULL);
	st = alloc_parts(p, err);
	if (st) {
		sd_pipeline_fini(p);
		return st;
	}
	start_workers(p);
	return SD_OK;
}

void
sd_pipeline_fini(struct sd_pipeline *p)
{
	unsigned t, n = p->alloc_n;

	if (p->nworkers) {
		pthread_mutex_lock(&p->mu);
		p->quit = true;
		pthread_cond_broadcast(&p->go);
		pthread_mutex_unlock(&p->mu);
		for (t = 0; t < p->nworkers; t++)
			pthread_join(p->workers[t].tid, NULL);
	}
	if (p->ctx)
		for (t = 0; t < n; t++)
			if (p->ctx[t].ops)
				sd_cctx_fini(&p->ctx[t]);
	for (t = 0; t < 2; t++)
		free_batch(p, &p->b[t]);
	sd_bfree(p->budget, p->workers, n * sizeof(*p->workers));
	sd_bfree(p->budget, p->ctx, p->ctx ? n * sizeof(*p->ctx) : 0);
	pthread_cond_destroy(&p->done);
	pthread_cond_destroy(&p->go);
	pthread_mutex_destroy(&p->mu);
	memset(p, 0, sizeof(*p));
}
