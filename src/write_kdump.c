// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kdump-compressed writer (doc/format-kdump.md): layout,
 * headers, bitmaps, cycles and buffers here; the write caches and the page
 * copy in write_kdump_copy.c.  It follows
 * makedumpfile's write order and its two write caches exactly, so that a
 * file is byte-identical and a -F record stream is record-identical to
 * makedumpfile 1.7.2's for the same input and options:
 *
 *   (0, 464) header; note copy; (block, 104) sub-header; the shared zero
 *   page goes into the data cache; per cycle the 1st bitmap slice; per
 *   cycle the 2nd bitmap slice followed by that cycle's pages through the
 *   descriptor cache and the data cache; last the data cache, then the
 *   descriptor cache.
 *
 * Cycles: makedumpfile writes the bitmaps in slices of its cyclic buffer
 * (at most 4 MiB, i.e. 32 Mi pfns per cycle); we hold the whole page set,
 * so cycles only decide where records are cut.
 */
#include <inttypes.h>
#include <string.h>

#include "sievedump/compress.h"
#include "sievedump/erase.h"
#include "sievedump/features.h"
#include "sievedump/job.h"
#include "sievedump/job_plan.h"
#include "sievedump/job_vmemmap.h"
#include "sievedump/kdump_format.h"
#include "sievedump/mdf_cycle.h"
#include "sievedump/options.h"
#include "sievedump/pipeline.h"
#include "sievedump/signals.h"
#include "write_kdump.h"

/* ---- layout and headers ---- */

static void
read_utsname(struct kwriter *w, struct sd_new_utsname *uts)
{
	const struct sd_vmcoreinfo *vi = w->job->model.vmci;
	uint64_t addr;
	int64_t off;
	struct sd_err ignored;

	memset(uts, 0, sizeof(*uts));
	if (!vi || !w->job->model.vt)
		return;
	if (sd_vmci_symbol(vi, "system_utsname", &addr) == SD_OK) {
		/* kernels before 2.6.19 */
	} else if (sd_vmci_symbol(vi, "init_uts_ns", &addr) == SD_OK) {
		if (sd_vmci_offset(vi, "uts_namespace.name", &off) == SD_OK)
			addr += (uint64_t)off;
		else
			addr += sizeof(int);	/* struct kref comes first */
	} else {
		return;
	}
	if (sd_read_virt(w->job->model.vt, addr, uts, sizeof(*uts), &ignored)) {
		memset(uts, 0, sizeof(*uts));
		sd_debug(w->job->log,
			 "utsname at 0x%" PRIx64 " is unreadable; the header keeps zeros\n",
			 addr);
	}
}

static uint64_t
phys_base_of(const struct sd_job *job)
{
	uint64_t pb = 0;

	if (job->model.vt)
		return job->model.vt->phys_base;
	if (!job->model.arch ||
	    job->model.arch->phys_base_from_loads(job->model.src, &pb))
		return 0;
	return pb;
}

static void
fill_headers(struct kwriter *w)
{
	struct sd_job *job = w->job;
	const struct sd_source *src = job->model.src;
	struct sd_disk_dump_header *dh = &w->dh;
	struct sd_kdump_sub_header *kh = &w->kh;
	const struct sd_compressor_ops *c =
		sd_compressor_pick(job->opt->compress, job->opt->zlib_engine);
	uint64_t bm_bytes = SD_DIV_ROUND_UP(w->max_mapnr, 8);

	memset(dh, 0, sizeof(*dh));
	memcpy(dh->signature, SD_KDUMP_SIGNATURE, SD_KDUMP_SIG_LEN);
	dh->header_version = SD_KDUMP_HEADER_VERSION;
	dh->block_size = (int32_t)w->page_size;
	dh->sub_hdr_size = (int32_t)SD_DIV_ROUND_UP(sizeof(*kh) +
						     src->notes_len,
						     w->page_size);
	dh->max_mapnr = (uint32_t)SD_MIN(w->max_mapnr, UINT32_MAX);
	dh->nr_cpus = (int32_t)src->nr_cpus;
	w->len_bitmap = 2 * SD_DIV_ROUND_UP(bm_bytes, w->page_size) *
			w->page_size;
	dh->bitmap_blocks = (uint32_t)(w->len_bitmap / w->page_size);
	if (job->model.vmci && job->model.vmci->has_crashtime) {
		dh->timestamp.tv_sec = job->model.vmci->crashtime;
	} else if (src->kdump) {	/* refiltering: the input's (doc/format-kdump.md) */
		dh->timestamp.tv_sec = src->kdump->tv_sec;
		dh->timestamp.tv_usec = src->kdump->tv_usec;
	}
	read_utsname(w, &dh->utsname);
	if (src->kdump && !job->model.vt)
		memcpy(&dh->utsname, src->kdump->utsname, sizeof(dh->utsname));
	if (c)
		dh->status |= c->dh_flag;
	if (sd_job_vmemmap_status(job))
		dh->status |= SD_DUMP_DH_EXCLUDED_VMEMMAP;

	memset(kh, 0, sizeof(*kh));
	kh->max_mapnr_64 = w->max_mapnr;
	kh->phys_base = phys_base_of(job);
	kh->dump_level = job->dump_level;
	if (w->split) {
		kh->split = 1;
		kh->start_pfn = SD_MIN(w->split_start, UINT32_MAX);
		kh->end_pfn = SD_MIN(w->split_end, UINT32_MAX);
		kh->start_pfn_64 = w->split_start;
		kh->end_pfn_64 = w->split_end;
	}
	if (src->notes && src->notes_len) {
		kh->offset_note = (int64_t)(SD_KDUMP_HEADER_BLOCKS *
					    w->page_size + sizeof(*kh));
		kh->size_note = src->notes_len;
		if (src->has_vmcoreinfo) {
			kh->offset_vmcoreinfo = kh->offset_note +
						(int64_t)src->vmcoreinfo_off;
			kh->size_vmcoreinfo = src->vmcoreinfo_len;
		}
	}
	w->offset_bitmap1 = (uint64_t)(SD_KDUMP_HEADER_BLOCKS +
				       dh->sub_hdr_size) * w->page_size;
	w->desc_start = w->offset_bitmap1 + w->len_bitmap;
}

/* makedumpfile's cycle size with its 4 MiB cap (doc/format-kdump.md). */
static void
plan_cycles(struct kwriter *w)
{
	uint64_t bufsize = sd_job_mdf_cyclic_buffer(w->job);

	if (w->job->plan.cyclic) {	/* the planner's cycles */
		w->pfn_cyclic = w->job->plan.cycle_pfns;
		return;
	}
	/*
	 * One cycle: makedumpfile keeps its bitmaps in a temporary file and
	 * copies each into the dump in BUFSIZE_BITMAP records.  So it does
	 * when refiltering and with --work-dir (doc/format-kdump.md).
	 */
	w->bitmap_file = sd_job_mdf_one_cycle(w->job);
	if (w->bitmap_file)
		w->pfn_cyclic = w->max_mapnr;	/* one cycle */
	else
		w->pfn_cyclic = bufsize * 8;
	if (!w->pfn_cyclic)
		w->pfn_cyclic = 1;
}

static sd_status
write_headers(struct kwriter *w, struct sd_err *err)
{
	const struct sd_source *src = w->job->model.src;
	sd_status st;

	st = sd_sink_write(w->sink, 0, &w->dh, sizeof(w->dh), err);
	if (!st && w->kh.size_note)
		st = sd_sink_write(w->sink, (uint64_t)w->kh.offset_note,
				   src->notes, src->notes_len, err);
	if (!st)
		st = sd_sink_write(w->sink, w->page_size, &w->kh,
				   sizeof(w->kh), err);
	return st;
}

/*
 * A whole bitmap as makedumpfile copies it from its bitmap file: records
 * of BUFSIZE_BITMAP bytes up to the block-rounded half of len_bitmap (the
 * bytes past max_mapnr are zero).
 */
static sd_status
write_bitmap_file(struct kwriter *w, const struct sd_pageset *ps,
		  uint64_t base, struct sd_err *err)
{
	uint64_t off, len = w->len_bitmap / 2;
	sd_status st = SD_OK;

	for (off = 0; !st && off < len; off += BUFSIZE_BITMAP) {
		size_t n = (size_t)SD_MIN(len - off, (uint64_t)BUFSIZE_BITMAP);

		sd_pageset_get_bits(ps, off * 8, w->bm, n);
		st = sd_sink_write(w->sink, base + off, w->bm, n, err);
	}
	return st;
}

/*
 * A bitmap slice [start, end) at its place in the file: one record when it
 * fits the buffer (always, unless the planner chose cycles), else pieces;
 * in makedumpfile's one-cycle mode, the whole bitmap as it copies it.
 */
sd_status
kw_write_bitmap_slice(struct kwriter *w, const struct sd_pageset *ps,
		   uint64_t base, uint64_t start, uint64_t end,
		   struct sd_err *err)
{
	sd_status st = SD_OK;

	if (w->bitmap_file)
		return write_bitmap_file(w, ps, base, err);
	if (!w->job->plan.cyclic) /* one record, as makedumpfile writes it */
		st = sd_sink_begin(w->sink, base + start / 8,
				   SD_DIV_ROUND_UP(end - start, 8), err);
	while (!st && start < end) {
		uint64_t n = SD_MIN(end - start, (uint64_t)w->bm_len * 8);
		size_t len = (size_t)SD_DIV_ROUND_UP(n, 8);

		sd_pageset_get_bits(ps, start, w->bm, len);
		st = w->job->plan.cyclic ?
		     sd_sink_write(w->sink, base + start / 8, w->bm, len, err) :
		     sd_sink_piece(w->sink, base + start / 8, w->bm, len, err);
		start += n;
	}
	return st;
}

static void
copy_step_done(struct kwriter *w)
{
	struct sd_log *log = w->job->log;

	if (w->quiet)
		return;
	sd_progress(log, SD_PROGRESS_COPY, w->num_dumped, w->num_dumpable);
	sd_step_time(log, SD_PROGRESS_COPY, sd_log_mono_ns(log) - w->t0);
}

/* Headers, the shared zero page, the 1st bitmap (every file of a split). */
sd_status
kw_body_begin(struct kwriter *w, struct sd_err *err)
{
	uint64_t start, end;
	sd_status st;

	st = write_headers(w, err);
	if (!st)	/* --config: this output's own pass over the erase list */
		st = sd_erase_begin(w->job->erase, w->split_start, w->split_end, err);
	if (st)
		return st;
	w->offset_data = w->desc_start + DESC_SIZE * w->num_dumpable;
	w->hdr.offset = w->desc_start;
	w->page.offset = w->offset_data;
	if (w->job->dump_level & 1) {
		memset(&w->pd_zero, 0, sizeof(w->pd_zero));
		w->pd_zero.size = w->page_size;
		w->pd_zero.offset = (int64_t)w->offset_data;
		memset(w->rbuf, 0, w->page_size);
		st = sd_wcache_put(w->sink, &w->page, w->rbuf, w->page_size, err);
		if (st)
			return st;
		w->offset_data += w->page_size;
	}
	for (start = 0; start < w->max_mapnr; start = end) {
		end = SD_MIN(start + w->pfn_cyclic, w->max_mapnr);
		st = kw_write_bitmap_slice(w, &w->job->model.present,
					   w->offset_bitmap1, start, end, err);
		if (st)
			return st;
	}
	if (!w->quiet) {
		sd_progress_begin(w->job->log);
		w->progress_on = true;
	}
	w->t0 = sd_log_mono_ns(w->job->log);
	return SD_OK;
}

/* The copy's progress line ends (with its step time if @step). */
void
kw_progress_close(struct kwriter *w, bool step)
{
	if (!w->progress_on)
		return;
	if (step)
		copy_step_done(w);
	sd_progress_done(w->job->log);
	w->progress_on = false;
}

/*
 * One cycle, its set @set built by the cycle driver: the 2nd bitmap
 * slice, then its pages (the driver has the slice written again if
 * unreadable pages left the set).
 */
sd_status
kw_body_cycle(struct kwriter *w, uint64_t start, uint64_t end,
	      struct sd_pageset *set, struct sd_err *err)
{
	sd_status st;

	w->set = set;
	w->cycle_start = start;
	w->cycle_end = end;
	w->stop_pfn = UINT64_MAX;
	st = kw_write_bitmap_slice(w, set, w->offset_bitmap1 +
				w->len_bitmap / 2, start, end, err);
	if (w->split) {
		start = SD_MAX(start, w->split_start);
		end = SD_MIN(end, w->split_end);
	}
	if (!st && start < end)
		st = kw_copy_cycle(w, start, end, err);
	copy_step_done(w);
	if (st)
		kw_progress_close(w, false);
	return st;
}

sd_status
kw_body_end(struct kwriter *w, struct sd_err *err)
{
	sd_status st;

	w->t0 = sd_log_mono_ns(w->job->log);
	st = sd_wcache_flush(w->sink, &w->page, err);
	if (!st)
		st = sd_wcache_flush(w->sink, &w->hdr, err);
	if (st)
		return st;
	/* makedumpfile writes its erase info at the end of the data */
	st = sd_erase_write_kdump(w->job, w->split_start, w->split_end, w->sink,
				  &w->page, &w->kh, err);
	if (st)
		return st;
	kw_progress_close(w, true);
	return SD_OK;
}

/* ---- buffers ---- */

static sd_status
alloc_buffers(struct kwriter *w, struct sd_err *err)
{
	struct sd_budget *b = w->budget;
	size_t cache = (size_t)w->page_size << w->job->opt->block_order;
	sd_status st;

	w->hdr.cache_size = w->page.cache_size = cache;
	st = sd_balloc(b, cache + w->page_size, 0, "descriptor write cache",
		       (void **)&w->hdr.buf, err);
	if (!st)
		st = sd_balloc(b, cache + w->page_size, 0, "data write cache",
			       (void **)&w->page.buf, err);
	if (!w->rbuf_borrowed) {
		w->rbuf_pages =
			w->job->plan.read_batch ?
				w->job->plan.read_batch :
				SD_MAX(READ_BATCH_BYTES / w->page_size, 1u);
		if (!st)
			st = sd_balloc(b, w->rbuf_pages * w->page_size, 0,
				       "page read buffer", (void **)&w->rbuf,
				       err);
	}
	if (!st)
		st = sd_balloc(b, w->rbuf_pages * sizeof(*w->bad), 0,
			       "unreadable page flags", (void **)&w->bad, err);
	/*
	 * makedumpfile writes a bitmap slice (<= 4 MiB) as one record; we
	 * make the same record from pieces of a small buffer (see
	 * write_bitmap_slice).
	 */
	w->bm_len = (size_t)SD_DIV_ROUND_UP(SD_MIN(w->pfn_cyclic, w->max_mapnr), 8);
	if (w->bm_len > BITMAP_PIECE)
		w->bm_len = BITMAP_PIECE;
	if (w->bitmap_file && w->bm_len < BUFSIZE_BITMAP)
		w->bm_len = BUFSIZE_BITMAP;
	if (!st)
		st = sd_balloc(b, w->bm_len, 0, "bitmap slice", (void **)&w->bm,
			       err);
	if (!st)
		st = sd_pipeline_init(&w->pipe, sd_job_copy_threads(w->job), w->cops,
				      w->page_size, w->rbuf_pages,
				      (w->job->dump_level & 1) != 0, b, err);
	w->bt[0] = (struct kbatch){ .buf = w->rbuf, .bad = w->bad };
	if (!st && sd_pipeline_overlaps(&w->pipe))	/* a second batch */
		st = sd_balloc(b, w->rbuf_pages * (w->page_size + sizeof(bool)),
			       0, "second read batch", (void **)&w->bt[1].buf,
			       err);
	if (w->bt[1].buf)
		w->bt[1].bad = (bool *)(w->bt[1].buf +
					w->rbuf_pages * w->page_size);
	return st;
}

void
kw_free(struct kwriter *w)
{
	struct sd_budget *b = w->budget;

	if (w->pipe.b[0].res)
		sd_pipeline_fini(&w->pipe);
	sd_bfree(b, w->bt[1].buf,
		 w->rbuf_pages * (w->page_size + sizeof(bool)));
	sd_bfree(b, w->bm, w->bm_len);
	sd_bfree(b, w->bad, w->bad ? w->rbuf_pages * sizeof(*w->bad) : 0);
	if (!w->rbuf_borrowed)
		sd_bfree(b, w->rbuf, w->rbuf_pages * w->page_size);
	sd_bfree(b, w->page.buf, w->page.cache_size + w->page_size);
	sd_bfree(b, w->hdr.buf, w->hdr.cache_size + w->page_size);
}

/* Set up a writer for the whole file (@part NULL) or one --split part. */
sd_status
kw_init(struct kwriter *w, struct sd_job *job, struct sd_sink *sink,
	     const struct kw_part *part, struct sd_err *err)
{
	memset(w, 0, sizeof(*w));
	w->stop_pfn = UINT64_MAX;
	w->job = job;
	w->sink = sink;
	w->budget = &job->budget;
	w->page_size = job->model.src->page_size;
	w->max_mapnr = job->model.max_mapnr;
	w->cops = sd_compressor_pick(job->opt->compress,
				     job->opt->zlib_engine);
	if (job->opt->compress != SD_COMPRESS_NONE && !w->cops)
		return sd_compressor_missing(sd_compress_name(job->opt->compress),
					     err);
	if (!part && job->opt->compress == SD_COMPRESS_ZLIB &&
	    job->opt->zlib_engine == SD_ZLIB_ENGINE_AUTO &&
	    sd_zlib_engine_built(SD_ZLIB_ENGINE_LIBDEFLATE) &&
	    w->cops->engine == SD_ZLIB_ENGINE_ZLIB)
		sd_msg(job->log,
		       "WARNING: libdeflate cannot be loaded here (not in this initramfs?): -c pages are compressed by stock zlib, as valid but slower.\n");
	if (part) {
		w->split = true;
		w->split_start = part->start;
		w->split_end = part->end;
		w->nparts = part->nparts;
		w->quiet = true;
		w->rbuf = part->rbuf;
		w->rbuf_pages = part->rbuf_pages;
		w->rbuf_borrowed = part->rbuf != NULL;
	}
	w->num_dumpable = job->plan.cyclic ?
				  job->sieve.num_dumpable :
				  job->sieve.dump.ops->count(&job->sieve.dump,
							     0, w->max_mapnr);
	w->per = w->num_dumpable / 10000 ? w->num_dumpable / 10000 : 1;
	fill_headers(w);
	plan_cycles(w);
	return alloc_buffers(w, err);
}
