// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The --split ranges found cycle by cycle (src/split_ranges.c) against the
 * rule computed at once over the whole set (the form write_split.c had
 * before the cycle driver fed it): random machines, kept pages, splitblock
 * sizes, file counts and cycle sizes, including partial last blocks, fewer
 * kept pages than files and cycles that cut blocks.  Also: the first pass
 * stops at the cycle that completes the last block the ranges need.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sievedump/split_ranges.h"
#include "../lib/tap.h"

#define rnd tap_rand

/* The rule at once: whole blocks counted from the model, in order. */
static uint64_t
reference(const uint8_t *kept, uint64_t max, uint64_t bp, uint64_t num,
	  int n, struct sd_src_range *out)
{
	uint64_t nblocks = SD_DIV_ROUND_UP(max, bp), cur = 0, end = 0, last = 0;
	int i;

	for (i = 0; i < n - 1; i++) {
		int64_t needed = (int64_t)(num / (uint64_t)n);
		uint64_t start = end;

		if (start >= max) {
			end = max;
		} else {
			while (cur < nblocks && needed > 0) {
				uint64_t c = 0, p;

				if ((cur + 1) * bp <= max) {
					for (p = cur * bp; p < (cur + 1) * bp; p++)
						c += kept[p];
					last = (cur + 1) * bp;
				}
				needed -= (int64_t)c;
				cur++;
			}
			end = SD_MIN(cur * bp, max);
		}
		out[i].start = start;
		out[i].end = end;
	}
	out[n - 1].start = end;
	out[n - 1].end = max;
	return last;	/* the end of the last block counted */
}

static void
one_machine(struct sd_budget *b)
{
	uint64_t max = 1 + rnd(6000), bp = 1 + rnd(rnd(2) ? 64 : 2000);
	uint64_t cyc = 1 + rnd(max + 100), num = 0, p, start, last, need;
	int n = 1 + (int)rnd(7), i;
	uint8_t *kept = calloc(max, 1);
	struct sd_src_range want[8], got[8];
	struct sd_split_ranges r;
	struct sd_pageset set;
	struct sd_err err;
	bool done = false, same = true;
	uint64_t fed_to = 0;
	unsigned dense = (unsigned)rnd(4);

	for (p = 0; p < max; p++) {
		kept[p] = dense == 0 ? rnd(50) == 0 : dense == 3 ? 1 : rnd(3) != 0;
		num += kept[p];
	}
	last = reference(kept, max, bp, num, n, want);
	sd_split_ranges_init(&r, bp, max, num, n, got);
	done = sd_split_ranges_settle(&r);
	for (start = 0; !done && start < max; start += cyc) {
		uint64_t end = SD_MIN(start + cyc, max);

		memset(&set, 0, sizeof(set));
		if (sd_pageset_init(&set, &sd_pageset_plain_ops, start, end, b,
				    &err))
			abort();
		for (p = start; p < end; p++)
			if (kept[p] && set.ops->set_range(&set, p, p + 1, &err))
				abort();
		done = sd_split_ranges_feed(&r, &set, start, end);
		fed_to = end;
		sd_pageset_release(&set);
	}
	ok(done, "every range known after the last cycle");
	for (i = 0; i < n; i++)
		same = same && got[i].start == want[i].start &&
		       got[i].end == want[i].end;
	ok(same, "ranges equal the rule at once");
	/* no cycle past the one that completes the last block needed */
	need = last ? SD_MIN(SD_ROUND_UP(last, cyc), max) : 0;
	ok(fed_to == need, "the first pass stops where the ranges are known");
	if (!same)
		printf("# max %llu block %llu files %d cycle %llu kept %llu\n",
		       (unsigned long long)max, (unsigned long long)bp, n,
		       (unsigned long long)cyc, (unsigned long long)num);
	free(kept);
}

int
main(void)
{
	struct sd_budget b;
	int k;

	sd_budget_init(&b, 0);
	for (k = 0; k < 3000; k++)
		one_machine(&b);
	return tap_done();
}
