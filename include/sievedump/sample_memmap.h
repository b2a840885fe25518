/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The physical pages that hold the struct pages, found exactly for the
 * planner's sample (src/sample_memmap.c).
 */
#ifndef SIEVEDUMP_SAMPLE_MEMMAP_H
#define SIEVEDUMP_SAMPLE_MEMMAP_H

#include <stdbool.h>
#include <stdint.h>

#include "sievedump/pageset.h"
#include "sievedump/status.h"

struct sd_job;

/** Sorted, merged pfn ranges; budget-charged. */
struct sd_memmap_phys {
	struct sd_range *r;
	size_t n, cap;
	uint64_t pages;		/**< pfns in all ranges */
	bool known;		/**< false: not found (too scattered, no tables) */
};

/**
 * Translate every mem_map range's struct pages to physical page ranges.
 * Not found (no page tables, too many ranges or translations) leaves
 * @mp unknown and is not an error; only the budget's refusal is.
 */
sd_status sd_memmap_phys_find(struct sd_job *job, struct sd_memmap_phys *mp,
			      struct sd_err *err) SD_MUST_CHECK;
/** Members of @set in [a, b) that are mem_map pages. */
uint64_t sd_memmap_phys_members(const struct sd_memmap_phys *mp,
				const struct sd_pageset *set, uint64_t a,
				uint64_t b);
void sd_memmap_phys_free(struct sd_job *job, struct sd_memmap_phys *mp);

#endif
