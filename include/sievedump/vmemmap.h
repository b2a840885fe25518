/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_VMEMMAP_H
#define SIEVEDUMP_VMEMMAP_H

#include <stdbool.h>
#include <stdint.h>

#include "sievedump/alloc.h"
#include "sievedump/memmap.h"
#include "sievedump/pageset.h"
#include "sievedump/status.h"

/**
 * -e: which pages of vmemmap (the struct page array) the dump can leave
 * out (doc/exclude-vmemmap.md).  The mem_map scan hands over its runs of
 * free pfns in order (sd_vmemmap_note_free); a vmemmap page is a
 * candidate when every struct page on it describes a present free pfn,
 * under makedumpfile's word and block rules.  Its physical page is left
 * out unless the vmemmap maps that page more than once (hugetlb vmemmap
 * optimisation, shared ZONE_DEVICE tails) or it lies in the pfns it
 * describes.  All memory is charged to the budget.
 */
enum {
	SD_VMEMMAP_WORD = 64,		/**< pfns per bitmap word */
	SD_VMEMMAP_BLOCK = 32768,	/**< pfns per bitmap block (4 KiB) */
};

struct sd_vmemmap_stats {
	uint64_t candidates;	/**< vmemmap pages whose struct pages are all free */
	uint64_t shared;	/**< of those, kept: mapped more than once */
	uint64_t self;		/**< of those, kept: describe their own pfn */
	uint64_t unmapped;	/**< of those, not mapped (nothing to leave out) */
	uint64_t shared_frames;	/**< physical pages behind two or more vmemmap pages */
	uint64_t excluded;	/**< physical pages cleared from the dump */
	uint64_t mappings;	/**< vmemmap mappings walked (all sizes) */
	uint64_t map_4k, map_2m, map_1g;
};

struct sd_vmemmap {
	struct sd_memmap *mm;
	const struct sd_pageset *present;
	struct sd_budget *budget;
	uint64_t limit;			/**< pfns from here on are never judged */
	uint64_t run_start, run_end;	/**< pending run of free pfns */
	struct sd_range *shared;	/**< physical pfns mapped twice or more */
	size_t n_shared;
	struct sd_pageset drop;		/**< physical pfns to leave out */
	struct sd_vmemmap_stats stats;
	/* count mode (sd_vmemmap_init_count): stats.candidates only */
	bool count_only;
	uint32_t struct_size;		/**< SIZE(page) */
	uint64_t count_ranges;		/**< judged ranges counted */
	uint64_t count_first;		/**< first pfn of the first one */
};

/**
 * Walk the vmemmap mappings of every mem_map range (shared pages) and
 * make the empty drop set over [0, @max_mapnr).  The last 2 MiB of
 * vmemmap up to @max_mapnr is never judged (makedumpfile's last group).
 */
sd_status sd_vmemmap_init(struct sd_vmemmap *vm, struct sd_memmap *mm,
			  const struct sd_pageset *present, uint64_t max_mapnr,
			  struct sd_budget *budget, struct sd_err *err)
	SD_MUST_CHECK;
void sd_vmemmap_fini(struct sd_vmemmap *vm);
/**
 * Count mode, for the planner's sample: free runs handed over as in a run
 * are judged by the same rules, and the vmemmap pages wholly inside their
 * struct pages (@struct_size bytes each, from a page-aligned base) are
 * counted in stats.candidates; nothing is translated, allocated or left
 * out.  No sd_vmemmap_fini needed; call sd_vmemmap_finish at the end.
 */
void sd_vmemmap_init_count(struct sd_vmemmap *vm,
			   const struct sd_pageset *present,
			   uint64_t max_mapnr, uint32_t struct_size);
/**
 * The scan left out [start, end) as free or offline (PageOffline: memory
 * logically given away); runs come in rising order.
 */
sd_status sd_vmemmap_note_free(struct sd_vmemmap *vm, uint64_t start,
			       uint64_t end, struct sd_err *err) SD_MUST_CHECK;
/** Judge the pending run (call once after the scan). */
sd_status sd_vmemmap_finish(struct sd_vmemmap *vm, struct sd_err *err)
	SD_MUST_CHECK;
/** Clear the drop set from @dump; stats.excluded counts what was cleared. */
sd_status sd_vmemmap_apply(struct sd_vmemmap *vm, struct sd_pageset *dump,
			   struct sd_err *err) SD_MUST_CHECK;
/**
 * Told of each vmemmap mapping met: @va (page-aligned) translates to @pa
 * in a mapping of @msize bytes (4 KiB, 2 MiB, 1 GiB), of which the range's
 * struct pages use @len bytes from @va.  A status other than SD_OK stops
 * the walk and is returned.
 */
typedef sd_status sd_vmemmap_map_fn(void *ctx, uint64_t va, uint64_t pa,
				    uint64_t len, uint64_t msize,
				    struct sd_err *err);
struct sd_vtop;
/**
 * Translate the struct pages of mem_map range @r (@struct_size bytes
 * each) through @vt, once per mapping; unmapped pages are skipped.
 */
sd_status sd_vmemmap_walk(struct sd_vtop *vt, uint64_t struct_size,
			  const struct sd_memmap_range *r,
			  sd_vmemmap_map_fn *fn, void *ctx, struct sd_err *err)
	SD_MUST_CHECK;
/**
 * The judged pfns of a free run [start, end): whole 64-pfn words inside
 * one 32768-pfn block, at least two of them, below @limit; calls @fn on
 * each such range.  Exposed for the unit tests.
 */
sd_status sd_vmemmap_eligible(uint64_t start, uint64_t end, uint64_t limit,
			      sd_status (*fn)(void *arg, uint64_t s, uint64_t e,
					      struct sd_err *err),
			      void *arg, struct sd_err *err) SD_MUST_CHECK;

#endif
