// SPDX-License-Identifier: GPL-2.0-or-later
/* The compression stage of the copy pipeline (see pipeline.h). */
#include <stdlib.h>
#include <string.h>

#include "sievedump/page.h"
#include "sievedump/pipeline.h"

/* Pages [a, b) of the current batch on thread @t. */
static void
do_slice(struct sd_pipeline *p, unsigned t, size_t a, size_t b)
{
	size_t i;

	for (i = a; i < b; i++) {
		const uint8_t *page = p->in + i * p->page_size;
		struct sd_page_result *r = &p->res[i];
		size_t len = 0;

		r->zero = p->zero_check && sd_page_is_zero(page, p->page_size);
		r->data = page;
		r->size = (uint32_t)p->page_size;
		r->flags = 0;
		if (r->zero || !p->ops)
			continue;
		if (sd_cctx_compress(&p->ctx[t], page, p->page_size,
				     p->out + i * p->cap, p->cap, &len) == SD_OK) {
			r->data = p->out + i * p->cap;
			r->size = (uint32_t)len;
			r->flags = p->ops->dh_flag;
		}
	}
}

static void
slice_of(const struct sd_pipeline *p, unsigned t, size_t *a, size_t *b)
{
	*a = p->n * t / p->nthreads;
	*b = p->n * (t + 1) / p->nthreads;
}

static void *
worker(void *arg)
{
	const struct sd_pipeline_worker *wa = arg;
	struct sd_pipeline *p = wa->p;
	uint64_t seen = 0;
	size_t a, b;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->quit && p->gen == seen)
			pthread_cond_wait(&p->go, &p->mu);
		if (p->quit)
			break;
		seen = p->gen;
		slice_of(p, wa->t, &a, &b);
		pthread_mutex_unlock(&p->mu);
		do_slice(p, wa->t, a, b);
		pthread_mutex_lock(&p->mu);
		if (--p->pending == 0)
			pthread_cond_signal(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

void
sd_pipeline_run(struct sd_pipeline *p, const uint8_t *pages, size_t n)
{
	size_t a, b;

	p->in = pages;
	p->n = n;
	if (p->nthreads > 1) {
		pthread_mutex_lock(&p->mu);
		p->pending = p->nthreads - 1;
		p->gen++;
		pthread_cond_broadcast(&p->go);
		pthread_mutex_unlock(&p->mu);
	}
	slice_of(p, 0, &a, &b);
	do_slice(p, 0, a, b);
	if (p->nthreads > 1) {
		pthread_mutex_lock(&p->mu);
		while (p->pending)
			pthread_cond_wait(&p->done, &p->mu);
		pthread_mutex_unlock(&p->mu);
	}
}

uint64_t
sd_pipeline_estimate(unsigned nthreads, const struct sd_compressor_ops *ops,
		     size_t page_size, size_t batch)
{
	uint64_t n = batch * sizeof(struct sd_page_result) +
		     nthreads * (sizeof(struct sd_cctx) +
				 sizeof(struct sd_pipeline_worker));

	if (ops)
		n += batch * ops->bound(page_size) +
		     nthreads * ops->ctx_estimate(page_size);
	return n;
}

static sd_status
alloc_parts(struct sd_pipeline *p, struct sd_err *err)
{
	sd_status st;
	unsigned t;

	st = sd_balloc(p->budget, p->batch * sizeof(*p->res), 1,
		       "pipeline results", (void **)&p->res, err);
	if (!st)
		st = sd_balloc(p->budget, p->nthreads * sizeof(*p->ctx), 1,
			       "compressor contexts", (void **)&p->ctx, err);
	if (!st)
		st = sd_balloc(p->budget, p->nthreads * sizeof(*p->workers), 1,
			       "worker threads", (void **)&p->workers, err);
	if (st || !p->ops)
		return st;
	p->cap = p->ops->bound(p->page_size);
	st = sd_balloc(p->budget, p->batch * p->cap, 0, "compression buffers",
		       (void **)&p->out, err);
	for (t = 0; !st && t < p->nthreads; t++)
		st = sd_cctx_init(&p->ctx[t], p->ops, p->page_size, p->budget,
				  err);
	return st;
}

static void
start_workers(struct sd_pipeline *p)
{
	unsigned t, started = 1;

	for (t = 1; t < p->nthreads; t++) {
		struct sd_pipeline_worker *wa = &p->workers[t];

		wa->p = p;
		wa->t = t;
		if (pthread_create(&wa->tid, NULL, worker, wa))
			break;
		started++;
	}
	/* fewer threads than asked: the slices simply get bigger */
	p->nthreads = started;
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

	if (p->workers && p->nthreads > 1) {
		pthread_mutex_lock(&p->mu);
		p->quit = true;
		pthread_cond_broadcast(&p->go);
		pthread_mutex_unlock(&p->mu);
		for (t = 1; t < p->nthreads; t++)
			pthread_join(p->workers[t].tid, NULL);
	}
	if (p->ctx)
		for (t = 0; t < n; t++)
			if (p->ctx[t].ops)
				sd_cctx_fini(&p->ctx[t]);
	sd_bfree(p->budget, p->out, p->batch * p->cap);
	sd_bfree(p->budget, p->workers, n * sizeof(*p->workers));
	sd_bfree(p->budget, p->ctx, n * sizeof(*p->ctx));
	sd_bfree(p->budget, p->res, p->batch * sizeof(*p->res));
	pthread_cond_destroy(&p->done);
	pthread_cond_destroy(&p->go);
	pthread_mutex_destroy(&p->mu);
	memset(p, 0, sizeof(*p));
}
