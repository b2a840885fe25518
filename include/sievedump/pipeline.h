/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_PIPELINE_H
#define SIEVEDUMP_PIPELINE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sievedump/alloc.h"
#include "sievedump/compress.h"

/** What became of one page of a batch. */
struct sd_page_result {
	const uint8_t *data;	/**< bytes to store (compressed, or the page) */
	uint32_t size;		/**< their length */
	uint32_t flags;		/**< DUMP_DH_COMPRESSED_* bit, 0 = raw */
	bool zero;		/**< all zero (only tested when asked) */
};

/** One batch: its pages, compressed slots and results. */
struct sd_pipe_batch {
	const uint8_t *in;		/**< the pages */
	size_t n;
	uint8_t *out;			/**< batch slots of cap bytes */
	struct sd_page_result *res;	/**< results in page order */
	size_t next;			/**< next page a worker takes (atomic) */
	unsigned left;			/**< workers done with it (atomic) */
};

/**
 * Compression of batches of pages.  With one thread the caller compresses
 * each batch when it submits it.  With N > 1, N workers take small groups
 * of pages of the submitted batch in turn (pages differ a lot in cost:
 * zero, text, random), each with its own reused compressor context, while
 * the caller goes on.  Two batches can be submitted at once (two sets of
 * slots, used in turn): the caller submits batch k + 1, then waits for
 * batch k and writes it, so the workers go from one batch to the next
 * without waiting.  Results come back in page order, so the dump is
 * byte-identical whatever N is.
 */
/** One compression thread: its id and what it is handed at start. */
struct sd_pipeline_worker {
	pthread_t tid;
	struct sd_pipeline *p;
	unsigned t;
};

struct sd_pipeline {
	unsigned nthreads;		/**< compressing threads */
	unsigned nworkers;		/**< of them worker threads (0 or N) */
	unsigned alloc_n;		/**< threads the arrays were made for */
	const struct sd_compressor_ops *ops;	/**< NULL: store raw */
	size_t page_size, batch, cap;
	bool zero_check;
	struct sd_budget *budget;
	struct sd_cctx *ctx;		/**< one per thread */
	struct sd_pipe_batch b[2];	/**< used in turn */
	unsigned nb;			/**< of them in use (1 or 2) */
	uint64_t nsub, nwait;		/**< batches submitted, waited for */
	struct sd_pipeline_worker *workers;	/**< one per thread, charged */
	pthread_mutex_t mu;
	pthread_cond_t go, done;
	bool quit;
};

sd_status sd_pipeline_init(struct sd_pipeline *p, unsigned nthreads,
			   const struct sd_compressor_ops *ops,
			   size_t page_size, size_t batch, bool zero_check,
			   struct sd_budget *budget,
			   struct sd_err *err) SD_MUST_CHECK;
/**
 * Start on @n (<= batch) pages at @pages, which must stay untouched until
 * their results are used up (results of raw pages point into them).  At
 * most one batch is in flight, two when sd_pipeline_overlaps(): wait for
 * the oldest before submitting more.
 */
void sd_pipeline_submit(struct sd_pipeline *p, const uint8_t *pages, size_t n);
/**
 * Wait for the oldest submitted batch and return its results (NULL: none
 * in flight).  They stay valid until the next submit, or, when
 * sd_pipeline_overlaps(), the one after: then the caller submits batch
 * k + 1 before it waits for batch k and writes it.
 */
const struct sd_page_result *sd_pipeline_wait(struct sd_pipeline *p);
/** Workers compress while the caller works (two batches of slots). */
static inline bool
sd_pipeline_overlaps(const struct sd_pipeline *p)
{
	return p->nworkers > 0 && p->b[1].res != NULL;
}
/** Submit and wait: results of @n pages at @pages. */
const struct sd_page_result *sd_pipeline_run(struct sd_pipeline *p,
					     const uint8_t *pages, size_t n);
void sd_pipeline_fini(struct sd_pipeline *p);
/** Bytes a pipeline of this shape takes (planner). */
uint64_t sd_pipeline_estimate(unsigned nthreads,
			      const struct sd_compressor_ops *ops,
			      size_t page_size, size_t batch);

#endif
