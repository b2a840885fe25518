// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * makedumpfile's --split ranges (calculate_end_pfn_by_splitblock; see
 * include/sievedump/split_ranges.h and doc/format-elf-split.md), worked out
 * from the page sets of the cycle driver's first pass: the kept pages of
 * each splitblock are counted as its cycles go by, and only as far as the
 * ranges still need.
 */
#include "sievedump/split_ranges.h"

void
sd_split_ranges_init(struct sd_split_ranges *r, uint64_t block_pfns,
		     uint64_t max_mapnr, uint64_t num_dumpable, int n,
		     struct sd_src_range *out)
{
	*r = (struct sd_split_ranges){
		.block_pfns = block_pfns, .max_mapnr = max_mapnr, .n = n,
		.share = (int64_t)(num_dumpable / (uint64_t)n), .out = out,
	};
	r->nblocks = SD_DIV_ROUND_UP(max_mapnr, block_pfns);
}

bool
sd_split_ranges_settle(struct sd_split_ranges *r)
{
	while (r->i < r->n - 1) {
		if (!r->open) {
			r->needed = r->share;
			r->out[r->i].start = r->end;
			r->open = true;
			if (r->end >= r->max_mapnr) {
				r->end = r->max_mapnr;
				goto close;
			}
		}
		if (r->cur < r->nblocks && r->needed > 0) {
			if ((r->cur + 1) * r->block_pfns <= r->max_mapnr)
				return false;	/* block cur must be counted */
			r->cur++;	/* the partial block counts 0 */
			continue;
		}
		r->end = SD_MIN(r->cur * r->block_pfns, r->max_mapnr);
close:
		r->out[r->i].end = r->end;
		r->i++;
		r->open = false;
	}
	r->out[r->n - 1].start = r->end;
	r->out[r->n - 1].end = r->max_mapnr;
	return true;
}

bool
sd_split_ranges_feed(struct sd_split_ranges *r, const struct sd_pageset *set,
		     uint64_t start, uint64_t end)
{
	while (!sd_split_ranges_settle(r)) {
		uint64_t bs = r->cur * r->block_pfns, be = bs + r->block_pfns;
		uint64_t s = SD_MAX(SD_MAX(bs, r->counted_to), start);
		uint64_t e = SD_MIN(be, end);

		if (s < e) {
			r->acc += set->ops->count(set, s, e);
			r->counted_to = e;
		}
		if (be > end)
			return false;	/* the block goes on in the next cycle */
		r->needed -= (int64_t)r->acc;
		r->acc = 0;
		r->cur++;
	}
	return true;
}
