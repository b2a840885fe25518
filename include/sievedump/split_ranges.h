/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_SPLIT_RANGES_H
#define SIEVEDUMP_SPLIT_RANGES_H

/*
 * makedumpfile's --split ranges (split_ranges.c; doc/format-elf-split.md),
 * found while the page sets go by cycle after cycle: every file but the
 * last takes whole splitblocks until it holds num_dumpable / n kept pages;
 * the last file ends at max_mapnr; a partial last block counts 0.
 */

#include <stdbool.h>
#include <stdint.h>

#include "sievedump/pageset.h"
#include "sievedump/source.h"

struct sd_split_ranges {
	uint64_t block_pfns, nblocks, max_mapnr;
	int64_t share;			/**< num_dumpable / n */
	int n, i;			/**< files; the one being decided */
	bool open;			/**< file i has started */
	int64_t needed;			/**< kept pages file i still wants */
	uint64_t cur;			/**< the block to count next */
	uint64_t acc, counted_to;	/**< block cur: kept pages so far, up to */
	uint64_t end;			/**< the last end decided */
	struct sd_src_range *out;	/**< the n ranges */
};

/** Start: @n files, blocks of @block_pfns (> 0), the ranges into @out[n]. */
void sd_split_ranges_init(struct sd_split_ranges *r, uint64_t block_pfns,
			  uint64_t max_mapnr, uint64_t num_dumpable, int n,
			  struct sd_src_range *out);
/** Decide what needs no more counts: true when every range is known. */
bool sd_split_ranges_settle(struct sd_split_ranges *r);
/**
 * The cycle [start, end) whose kept pfns @set holds (cycles come in pfn
 * order, from 0, without gaps): true when every range is known.
 */
bool sd_split_ranges_feed(struct sd_split_ranges *r,
			  const struct sd_pageset *set, uint64_t start,
			  uint64_t end);

#endif
