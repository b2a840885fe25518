/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kdump-compressed writer's state, shared by its two files:
 * write_kdump.c (layout, headers, bitmaps, cycles, buffers, --split parts)
 * and write_kdump_copy.c (the write caches and the page copy).
 */
#ifndef SIEVEDUMP_WRITE_KDUMP_H
#define SIEVEDUMP_WRITE_KDUMP_H

#include "sievedump/job.h"
#include "sievedump/kdump_format.h"
#include "sievedump/pipeline.h"
#include "sievedump/sink.h"

enum { BITMAP_PIECE = 256 << 10 };	/* bitmap buffer in planned cycles */

enum {
	BUFSIZE_BITMAP = 4096,		/* its bitmap file's records */
	READ_BATCH_BYTES = 1 << 20,	/* source reads per call */
	DESC_SIZE = sizeof(struct sd_page_desc),
};

/* A batch of kept pages read for the pipeline (from several runs). */
struct kbatch {
	uint8_t *buf;
	bool *bad;			/* unreadable: left out */
	size_t n;
};

struct kwriter {
	struct sd_job *job;
	struct sd_sink *sink;
	struct sd_budget *budget;
	uint32_t page_size;
	uint64_t max_mapnr;
	struct sd_disk_dump_header dh;
	struct sd_kdump_sub_header kh;
	uint64_t offset_bitmap1;
	uint64_t len_bitmap;
	uint64_t desc_start;		/* first page descriptor */
	uint64_t num_dumpable;
	uint64_t num_dumped;
	uint64_t per;			/* progress every @per pages */
	uint64_t pfn_cyclic;
	bool bitmap_file;		/* makedumpfile's one-cycle bitmaps */
	struct sd_page_desc pd_zero;
	uint64_t offset_data;
	struct sd_wcache hdr, page;
	const struct sd_compressor_ops *cops;
	struct sd_pipeline pipe;
	uint8_t *rbuf;			/* batch 0's pages (maybe borrowed) */
	size_t rbuf_pages;
	bool *bad;			/* batch 0's unreadable pages */
	struct kbatch bt[2];		/* read batches, used in turn */
	unsigned cur;			/* the batch being filled */
	bool inflight;			/* the other one is compressing */
	uint64_t cycle_bad;		/* left out in the current cycle */
	uint64_t cycle_start, cycle_end;	/* the cycle being written */
	uint64_t stop_pfn;		/* a signal stopped the copy here */
	uint8_t *bm;
	size_t bm_len;
	uint64_t t0;
	/* --split: this file's pfn range; the read buffer may be shared */
	bool split;
	uint64_t split_start, split_end;
	unsigned nparts;		/* number of --split files */
	bool quiet;			/* the split driver prints progress */
	bool rbuf_borrowed;
};


/* The kept pages of [start, end), through the pipeline (write_kdump_copy.c). */
sd_status kw_copy_cycle(struct kwriter *w, uint64_t start, uint64_t end,
			struct sd_err *err);

#endif
