/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_SCAN_H
#define SIEVEDUMP_SCAN_H

#include <stdint.h>

#include "sievedump/classify.h"
#include "sievedump/memmap.h"
#include "sievedump/pageset.h"

/** Counters of the mem_map scan: pages actually removed per category. */
struct sd_scan_stats {
	uint64_t excluded[SD_CAT_COUNT];
	uint64_t bad_orders;		/**< buddy pages with an invalid order */
	uint64_t first_bad_pfn, first_bad_order;
	uint64_t pages_read;		/**< struct pages read */
	uint64_t passes;		/**< scans of mem_map started */
	uint64_t reached;		/**< pfn the scan had reached (for adapting) */
	uint64_t unjudged;		/**< pfns kept because their struct pages are unreadable */
	uint64_t first_unjudged_pfn;
};

/** Called now and then with the pfn reached, for progress lines. */
typedef void sd_scan_progress_fn(void *arg, uint64_t pfn);

/**
 * Scan the struct pages of the pfns in @present ∩ [start, end) and remove
 * what @rules exclude from @dump.  Exclusions of compound or buddy units
 * that run past @end are clipped there and remembered in *@carry_end
 * (UINT64_MAX-free protocol: the caller passes the previous value, 0 at
 * first) together with *@carry_cat, and applied first on the next call.
 */
struct sd_scan_carry {
	uint64_t start, end;
	enum sd_page_cat cat;
};

sd_status sd_scan_memmap(struct sd_memmap *mm, const struct sd_page_rules *rules,
			 const struct sd_pageset *present,
			 struct sd_pageset *dump, uint64_t start, uint64_t end,
			 struct sd_scan_carry *carry,
			 struct sd_scan_stats *stats,
			 sd_scan_progress_fn *progress, void *progress_arg,
			 struct sd_err *err) SD_MUST_CHECK;

#endif
