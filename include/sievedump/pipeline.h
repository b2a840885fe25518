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

/**
 * Compression of a batch of pages on N threads (the caller's thread is one
 * of them).  Each thread takes a contiguous slice of the batch with its own
 * reused compressor context; results come back in page order, so the dump
 * is byte-identical whatever N is.
 */
/** One compression thread: its id and what it is handed at start. */
struct sd_pipeline_worker {
	pthread_t tid;
	struct sd_pipeline *p;
	unsigned t;
};

struct sd_pipeline {
	unsigned nthreads;		/**< threads at work */
	unsigned alloc_n;		/**< threads the arrays were made for */
	const struct sd_compressor_ops *ops;	/**< NULL: store raw */
	size_t page_size, batch, cap;
	bool zero_check;
	struct sd_budget *budget;
	struct sd_cctx *ctx;		/**< one per thread */
	uint8_t *out;			/**< batch slots of cap bytes */
	struct sd_page_result *res;	/**< batch results */
	struct sd_pipeline_worker *workers;	/**< one per thread */
	pthread_mutex_t mu;
	pthread_cond_t go, done;
	uint64_t gen;			/**< batch number, wakes the workers */
	unsigned pending;		/**< workers still busy */
	bool quit;
	const uint8_t *in;		/**< current batch */
	size_t n;
};

sd_status sd_pipeline_init(struct sd_pipeline *p, unsigned nthreads,
			   const struct sd_compressor_ops *ops,
			   size_t page_size, size_t batch, bool zero_check,
			   struct sd_budget *budget,
			   struct sd_err *err) SD_MUST_CHECK;
/** Process @n (<= batch) pages at @pages; results in p->res[0..n). */
void sd_pipeline_run(struct sd_pipeline *p, const uint8_t *pages, size_t n);
void sd_pipeline_fini(struct sd_pipeline *p);
/** Bytes a pipeline of this shape takes (planner). */
uint64_t sd_pipeline_estimate(unsigned nthreads,
			      const struct sd_compressor_ops *ops,
			      size_t page_size, size_t batch);

#endif
