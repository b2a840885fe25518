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
	uint64_t bad_compounds;		/**< compound heads whose order was refused */
	uint64_t first_bad_compound_pfn, first_bad_compound_order;
	uint64_t unreadable;		/**< pfns kept: struct page unreadable */
	uint64_t first_unreadable_pfn;
	char unreadable_why[256];	/**< the first read error */
	uint64_t pages_read;		/**< struct pages read */
	uint64_t passes;		/**< scans of mem_map started */
	uint64_t reached;		/**< pfn the scan had reached (for adapting) */
};

/** Called now and then with the pfn reached, for progress lines. */
typedef void sd_scan_progress_fn(void *arg, uint64_t pfn);

/**
 * Scan the struct pages of the pfns in @present ∩ [start, end) and remove
 * what @rules exclude from @dump.  Exclusions of compound or buddy units
 * that run past @end are clipped there and remembered in *@carry (the
 * pfns [start, end) still to exclude and their category; all zero at
 * first), which the next call over the following range applies first.
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
