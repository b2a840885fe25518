/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_PAGESET_H
#define SIEVEDUMP_PAGESET_H

#include <stdbool.h>
#include <stdint.h>

#include "sievedump/alloc.h"
#include "sievedump/status.h"

/** Half-open pfn range [start, end). */
struct sd_range {
	uint64_t start, end;
};

/** Shape of a set, for estimates before it exists (planner input). */
struct sd_pageset_shape {
	uint64_t span;		/**< pfns covered (end - start) */
	uint64_t members;	/**< set pfns (M) */
	uint64_t runs;		/**< maximal runs of set pfns (R) */
};

struct sd_pageset;

/** The version of struct sd_pageset_ops this build reads. */
#define SD_PAGESET_OPS_VERSION 1

/**
 * A page-set backend.  Range oriented: no per-pfn indirect call is needed
 * in hot loops.  All memory goes through the budget given to init.
 */

struct sd_pageset_ops {
	unsigned version;	/**< 1 */
	const char *name;	/**< "plain", "extent", "roaring" */
	/** Bytes an instance of this shape needs at its peak; pure. */
	uint64_t (*estimate)(const struct sd_pageset_shape *shape);
	/** Empty set over [start, end); SD_ERR_BUDGET if it cannot fit. */
	sd_status (*init)(struct sd_pageset *ps, struct sd_err *err);
	void (*release)(struct sd_pageset *ps);
	/** Add [start, end). */
	sd_status (*set_range)(struct sd_pageset *ps, uint64_t start,
			       uint64_t end, struct sd_err *err);
	/** Remove [start, end); *cleared_ret = members that were removed. */
	sd_status (*clear_range)(struct sd_pageset *ps, uint64_t start,
				 uint64_t end, uint64_t *cleared_ret,
				 struct sd_err *err);
	/** First run of members at or after @from; false when none. */
	bool (*next_run)(const struct sd_pageset *ps, uint64_t from,
			 struct sd_range *ret);
	/** Members in [start, end). */
	uint64_t (*count)(const struct sd_pageset *ps, uint64_t start,
			  uint64_t end);
	/** Bytes currently used. */
	uint64_t (*mem_used)(const struct sd_pageset *ps);
	/**
	 * Optional, pure: bytes one chunk of 65536 pfns costs holding
	 * @members in @runs, so that a sample of chunks estimates the set
	 * chunk by chunk (a set whose density varies costs less than its
	 * average shape); the whole set over @span pfns is
	 * base_bytes() plus the sum over its chunks, and *@slack is what
	 * the budget must hold on top while the set grows.
	 */
	uint64_t (*chunk_bytes)(uint64_t members, uint64_t runs);
	uint64_t (*base_bytes)(uint64_t span, uint64_t *slack);
};

struct sd_pageset {
	const struct sd_pageset_ops *ops;
	uint64_t start, end;	/**< pfn span */
	struct sd_budget *budget;
	void *priv;
};

/** Clip [*start, *end) to the set's span (backends call it first). */
static inline void
sd_pageset_clip(const struct sd_pageset *ps, uint64_t *start, uint64_t *end)
{
	if (*start < ps->start)
		*start = ps->start;
	if (*end > ps->end)
		*end = ps->end;
	if (*end < *start)
		*end = *start;
}

extern const struct sd_pageset_ops sd_pageset_plain_ops;
extern const struct sd_pageset_ops sd_pageset_extent_ops;
extern const struct sd_pageset_ops sd_pageset_roaring_ops;	/* HAVE_ROARING */
extern const struct sd_pageset_ops sd_pageset_checked_ops;

/** Two backends in lockstep; any divergence fails or traps. */
sd_status sd_pageset_checked_init(struct sd_pageset *ps,
				  const struct sd_pageset_ops *a,
				  const struct sd_pageset_ops *b,
				  uint64_t start, uint64_t end,
				  struct sd_budget *budget,
				  struct sd_err *err) SD_MUST_CHECK;

/** Create a set of backend @ops over [start, end). */
sd_status sd_pageset_init(struct sd_pageset *ps,
			  const struct sd_pageset_ops *ops, uint64_t start,
			  uint64_t end, struct sd_budget *budget,
			  struct sd_err *err) SD_MUST_CHECK;
void sd_pageset_release(struct sd_pageset *ps);
/** The i-th built backend, NULL past the end (tests iterate them all). */
const struct sd_pageset_ops *sd_pageset_backend_at(size_t i);
/** Backend by name ("plain", ...); NULL if unknown or not built. */
const struct sd_pageset_ops *sd_pageset_backend(const char *name);

/**
 * Raw on-disk bits (bit p&7 of byte p>>3, LSB first) for pfns; @first
 * must be a multiple of 8.  Fills
 * [first, first + 8*len) into @out; bits outside the span are 0.
 */
void sd_pageset_get_bits(const struct sd_pageset *ps, uint64_t first,
			 uint8_t *out, uint64_t len);

#endif
