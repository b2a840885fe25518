/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_WRITE_H
#define SIEVEDUMP_WRITE_H

/*
 * The ELF writer (-E, write_elf.c), the split writer (--split,
 * write_split.c) and --reassemble (reassemble.c).  doc/format-elf-split.md
 * describes the files and how they match makedumpfile 1.7.2 byte for byte.
 */

#include <stdbool.h>
#include <stdint.h>

#include "sievedump/classify.h"
#include "sievedump/status.h"

struct sd_job;
struct sd_sink;
struct sd_log;

/** The numbers of an ELF run's report (doc/options.md, "in ELF format"). */
struct sd_elf_result {
	uint64_t excluded[SD_CAT_COUNT];	/**< per category, as counted */
	uint64_t zero_pages;		/**< zero pages removed before layout */
	uint64_t memhole;		/**< makedumpfile's pfn_memhole */
	uint64_t elf_excluded;		/**< pages really dropped (runs >= 256) */
	uint64_t segments;		/**< PT_LOADs written */
};

/**
 * Write the analysed job as an ELF core through @sink (doc/format-elf-split.md): zero pages
 * are removed first (dump level bit 0), runs of >= 256 excluded pages split
 * the input PT_LOADs.  SD_ERR_NOSPACE when -L or a full device stopped it;
 * with @last_try the ELF header on disk then gets e_flags |= 1.
 */
sd_status sd_write_elf(struct sd_job *job, struct sd_sink *sink, bool last_try,
		       struct sd_elf_result *res, struct sd_err *err)
	SD_MUST_CHECK;
/** The report of an ELF run (bit 16), with its "in ELF format" lines. */
void sd_elf_report(struct sd_job *job, const struct sd_elf_result *res);

/** One output file of --split: its pfn range. */
struct sd_split_part {
	const char *path;
	uint64_t start, end;		/**< [start, end) */
};

/**
 * makedumpfile's split ranges (doc/format-elf-split.md): whole splitblocks of
 * @block_pfns pfns go to each file until it holds num_dumpable / n pages;
 * the last file ends at max_mapnr.  @count_block(@ctx, b) gives the kept
 * pages of whole block b (called for b = 0, 1, ... in order; the last
 * partial block counts 0, as in makedumpfile's table).
 */
sd_status sd_split_ranges(uint64_t block_pfns, uint64_t max_mapnr,
			  uint64_t num_dumpable,
			  sd_status (*count_block)(void *ctx, uint64_t b,
						   uint64_t *ret,
						   struct sd_err *err),
			  void *ctx, struct sd_split_part *parts, int n,
			  struct sd_err *err) SD_MUST_CHECK;

/**
 * --split: the kdump-compressed parts, written in one pass over the cycles
 * (every file gets the full bitmaps and its own pages).  Files are created
 * like dump files (O_EXCL unless -f).  SD_ERR_NOSPACE if a part hit -L or
 * a full device; with @last_try every part is then marked incomplete.
 */
sd_status sd_write_split(struct sd_job *job, bool last_try, struct sd_err *err)
	SD_MUST_CHECK;

/* ---- the kdump writer, one --split part at a time (write_kdump.c) ---- */

/** A part's range, and a read buffer shared by all parts (or NULL). */
struct sd_kdump_part {
	uint64_t start, end;
	unsigned nparts;		/**< files in the split (cycle size) */
	uint8_t *rbuf;
	size_t rbuf_pages;
};

struct sd_kdump_part_writer;

sd_status sd_kdump_part_open(struct sd_job *job, struct sd_sink *sink,
			     const struct sd_kdump_part *part,
			     struct sd_kdump_part_writer **ret,
			     struct sd_err *err) SD_MUST_CHECK;
/** The writer's cycle size (makedumpfile's bitmap slices). */
uint64_t sd_kdump_part_cycle_pfns(const struct sd_kdump_part_writer *pw);
/** Headers, the zero page, the 1st bitmap. */
sd_status sd_kdump_part_begin(struct sd_kdump_part_writer *pw,
			      struct sd_err *err) SD_MUST_CHECK;
/** A cycle whose set job->dump holds: bitmap slice, the part's pages. */
sd_status sd_kdump_part_cycle(struct sd_kdump_part_writer *pw, uint64_t start,
			      uint64_t end, struct sd_err *err) SD_MUST_CHECK;
/** Flush the caches (the caller finishes the sink). */
sd_status sd_kdump_part_end(struct sd_kdump_part_writer *pw,
			    struct sd_err *err) SD_MUST_CHECK;
uint64_t sd_kdump_part_dumped(const struct sd_kdump_part_writer *pw);
/** status |= 0x08 in the header on disk, if the header is there. */
void sd_kdump_part_mark_incomplete(struct sd_kdump_part_writer *pw);
/** Where a signal stopped the part's copy (UINT64_MAX: not there). */
uint64_t sd_kdump_part_stop_pfn(const struct sd_kdump_part_writer *pw);
/**
 * After a signal that stopped the copy at pfn @stop in the cycle
 * [start, end): the pfns from @stop on leave the 2nd bitmap slice, which
 * is written again, and the caches go out.
 */
void sd_kdump_part_flush_partial(struct sd_kdump_part_writer *pw,
				 uint64_t stop, uint64_t start, uint64_t end);
/** The 2nd bitmap slice [start, end) again (unreadable pages left it). */
sd_status sd_kdump_part_rewrite_bitmap(struct sd_kdump_part_writer *pw,
				       uint64_t start, uint64_t end,
				       struct sd_err *err) SD_MUST_CHECK;
void sd_kdump_part_close(struct sd_kdump_part_writer *pw);

/** --reassemble F1 .. Fn OUT (doc/format-elf-split.md). */
sd_status sd_reassemble(const char *const *files, int n, const char *out,
			bool force, struct sd_budget *budget,
			struct sd_log *log, struct sd_err *err)
	SD_MUST_CHECK;

#endif
