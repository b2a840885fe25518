/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kdump-compressed writer's state, shared by its files: write_kdump.c
 * (layout, headers, bitmaps, cycles, buffers), write_kdump_copy.c (the
 * write caches and the page copy), write_kdump_ops.c (its writer ops, the
 * incomplete mark) and write_split.c (--split: one kwriter per part).
 */
#ifndef SIEVEDUMP_WRITE_KDUMP_H
#define SIEVEDUMP_WRITE_KDUMP_H

#include "sievedump/job.h"
#include "sievedump/kdump_format.h"
#include "sievedump/pipeline.h"
#include "sievedump/sink.h"
#include "sievedump/writer.h"

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
	struct sd_writer base;		/* the cycle driver's view (whole file) */
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
	bool progress_on;		/* the copy's progress line is open */
	struct sd_pageset *set;		/* the cycle's set, from the driver */
	/* --split: this file's pfn range; the read buffer may be shared */
	bool split;
	uint64_t split_start, split_end;
	unsigned nparts;		/* number of --split files */
	bool quiet;			/* the split driver prints progress */
	bool rbuf_borrowed;
};


/** A --split part's range, and a read buffer shared by all parts (or NULL). */
struct kw_part {
	uint64_t start, end;
	unsigned nparts;		/* files in the split (cycle size) */
	uint8_t *rbuf;
	size_t rbuf_pages;
};

/* write_kdump.c */
/* Set up a writer for the whole file (@part NULL) or one --split part. */
sd_status kw_init(struct kwriter *w, struct sd_job *job, struct sd_sink *sink,
		  const struct kw_part *part, struct sd_err *err);
void kw_free(struct kwriter *w);
/* Headers, the shared zero page, the 1st bitmap. */
sd_status kw_body_begin(struct kwriter *w, struct sd_err *err);
/* One cycle: its 2nd bitmap slice, its pages (of the part's range). */
sd_status kw_body_cycle(struct kwriter *w, uint64_t start, uint64_t end,
			struct sd_pageset *set, struct sd_err *err);
/* The caches out. */
sd_status kw_body_end(struct kwriter *w, struct sd_err *err);
sd_status kw_write_bitmap_slice(struct kwriter *w, const struct sd_pageset *ps,
				uint64_t base, uint64_t start, uint64_t end,
				struct sd_err *err);
void kw_progress_close(struct kwriter *w, bool step);

/* write_kdump_ops.c */
/* status |= 0x08 on the header written (SD_ERR_NODATA: not there). */
sd_status kw_mark_incomplete(struct kwriter *w, bool stream_too,
			     struct sd_err *err);
/* After a signal at pfn @stop of the cycle [w->cycle_start, cycle_end). */
void kw_flush_partial(struct kwriter *w, struct sd_pageset *set,
		      uint64_t stop);

/* write_kdump_copy.c: the kept pages of [start, end), through the pipeline */
sd_status kw_copy_cycle(struct kwriter *w, uint64_t start, uint64_t end,
			struct sd_err *err);

#endif
