/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_MDF_CYCLE_H
#define SIEVEDUMP_MDF_CYCLE_H

/*
 * makedumpfile's cycle rules (mdf_cycle.c; doc/format-kdump.md), which
 * decide bytes of its files: the writers that are byte-identical to it
 * ask here.
 */

#include <stdbool.h>
#include <stdint.h>

struct sd_job;
struct sd_options;
struct sd_src_load;

/**
 * makedumpfile keeps its bitmaps in a file, with no cyclic buffer: with
 * --work-dir, and so with -e, which it runs only with --work-dir.
 */
bool sd_job_mdf_bitmap_file(const struct sd_options *opt);
/** makedumpfile's one-cycle (bitmap file) mode for this job. */
bool sd_job_mdf_one_cycle(const struct sd_job *job);
/** makedumpfile's cyclic buffer in bytes (doc/format-kdump.md, without MemFree). */
uint64_t sd_job_mdf_cyclic_buffer(const struct sd_job *job);
/** makedumpfile's memory-hole count, in its one-cycle mode or not. */
uint64_t sd_job_memhole(const struct sd_job *job, bool one_cycle);

/**
 * makedumpfile's ELF cycles: whether it rebuilds its set for every
 * (PT_LOAD, cycle) pair (*@rebuild; also when the plan is cyclic), and
 * their size (doc/format-elf-split.md).
 */
void sd_job_mdf_elf_cycles(const struct sd_job *job, bool *rebuild,
			   uint64_t *cycle_pfns);
/** The pfns [*start, *end) its ELF writer walks for PT_LOAD @l. */
void sd_mdf_load_pfns(const struct sd_src_load *l, uint32_t psz,
		      uint64_t *start, uint64_t *end);
/** Its first ELF cycle [*cs, *ce) of a PT_LOAD's pfns [pfn_start, pfn_end). */
void sd_mdf_elf_first_cycle(uint64_t pfn_start, uint64_t pfn_end,
			    uint64_t cycle_pfns, uint64_t *cs, uint64_t *ce);

#endif
