/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_ALLOC_H
#define SIEVEDUMP_ALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sievedump/status.h"

/**
 * The budget accountant.  Every allocation that grows with the machine
 * (pfns, pages in flight, threads) goes through one of these with a hard
 * cap.  Exceeding the cap fails the allocation with SD_ERR_BUDGET; the
 * caller adapts (smaller cycle, other backend) or reports.
 *
 * Not thread-safe by itself: workers get their buffers from the main thread.
 */
struct sd_budget {
	uint64_t limit;		/**< hard cap in bytes; 0 = unlimited */
	uint64_t used;		/**< bytes currently allocated */
	uint64_t peak;		/**< highest value of used */
	uint64_t over;		/**< bytes recorded past the cap (a bug) */
	/** Tests only: fail the Nth allocation from now (0 = never). */
	uint64_t fail_countdown;
	uint64_t charges;	/**< allocations and reserves charged so far */
};

void sd_budget_init(struct sd_budget *b, uint64_t limit);
/**
 * Fault injection for tests: SIEVEDUMP_TEST_FAIL_ALLOC=N makes the Nth
 * charge (sd_balloc, growing sd_brealloc, sd_budget_reserve) fail with
 * SD_ERR_NOMEM.  Returns true when the variable is set (N may be 0: count
 * only), so that main can print b->charges at exit.
 */
bool sd_budget_test_setup(struct sd_budget *b);
/** Bytes still available (UINT64_MAX when unlimited). */
uint64_t sd_budget_left(const struct sd_budget *b);
/** Reserve @n bytes without allocating (e.g. memory a library will take). */
sd_status sd_budget_reserve(struct sd_budget *b, uint64_t n, const char *what,
			    struct sd_err *err) SD_MUST_CHECK;
void sd_budget_release(struct sd_budget *b, uint64_t n);
/**
 * Record @n bytes a library already took beyond what was reserved.  It may
 * pass the cap: that is a bug in a model, and b->over counts it for tests.
 */
void sd_budget_record(struct sd_budget *b, uint64_t n);

/** Allocate @n bytes (zeroed if @zero) charged to @b. */
sd_status sd_balloc(struct sd_budget *b, size_t n, int zero, const char *what,
		    void **ret, struct sd_err *err) SD_MUST_CHECK;
/** Resize; on failure *ptr is unchanged. @old is the charged size. */
sd_status sd_brealloc(struct sd_budget *b, void **ptr, size_t old, size_t n,
		      const char *what, struct sd_err *err) SD_MUST_CHECK;
/** Free a block of charged size @n (NULL is fine). */
void sd_bfree(struct sd_budget *b, void *p, size_t n);

#endif
