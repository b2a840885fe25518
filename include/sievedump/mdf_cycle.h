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

#endif
