// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The page copy of the kdump-compressed writer: kept pages read in batches,
 * compressed by the pipeline, and written through makedumpfile's two write
 * caches (descriptors, data) in pfn order (see write_kdump.c for the
 * layout and doc/format-kdump.md).
 */
#include <inttypes.h>
#include <string.h>

#include "sievedump/erase.h"
#include "write_kdump.h"
#include "sievedump/signals.h"
#include "sievedump/unreadable.h"

/* ---- write caches (makedumpfile's write_cache / write_cache_bufsz) ---- */

/*
 * The data block failed to reach the disk in full: find how many of the
 * buffered descriptors have their data on disk.  makedumpfile's rule
 * (get_nr_pages) adds up descriptor sizes, the shared zero page's too, so
 * it never claims a page that is not there; we use it as is when the
 * descriptor cache starts on a descriptor boundary.  After a flush of a
 * full descriptor cache it starts inside one, where makedumpfile would read
 * sizes from the wrong bytes; we count whole descriptors whose data ends
 * before the end of the file instead.  Returns the bytes of the cache to
 * keep.
 */
static size_t
desc_bytes_on_disk(struct kwriter *w, uint64_t file_end)
{
	struct sd_wcache *h = &w->hdr;
	size_t skew = (size_t)((h->offset - w->desc_start) % DESC_SIZE);
	size_t first = skew ? DESC_SIZE - skew : 0, n = 0, max;
	struct sd_page_desc pd;

	if (first > h->buf_size)
		return h->buf_size;
	max = (h->buf_size - first) / DESC_SIZE;
	if (!skew) {
		uint64_t avail = file_end > w->page.offset ?
				 file_end - w->page.offset : 0;
		uint64_t size;

		if (!max)
			return 0;
		memcpy(&pd, h->buf, DESC_SIZE);
		size = pd.size;
		while (size <= avail && n < max) {
			n++;
			if (n == max)
				break;
			memcpy(&pd, h->buf + n * DESC_SIZE, DESC_SIZE);
			size += pd.size;
		}
		return n * DESC_SIZE;
	}
	for (n = 0; n < max; n++) {
		memcpy(&pd, h->buf + first + n * DESC_SIZE, DESC_SIZE);
		if ((uint64_t)pd.offset + pd.size > file_end)
			break;
	}
	return first + n * DESC_SIZE;
}

/* Zero the descriptors whose data did not reach the disk (doc/format-kdump.md). */
static void
zero_lost_descs(struct kwriter *w, struct sd_err *err)
{
	struct sd_err ignored;
	uint64_t end;
	size_t keep;

	if (w->sink->ops->size(w->sink, &end, &ignored))
		return;
	keep = desc_bytes_on_disk(w, end);
	memset(w->hdr.buf, 0, w->hdr.cache_size);
	w->hdr.offset += keep;
	w->hdr.buf_size -= keep;
	if (sd_wcache_flush(w->sink, &w->hdr, &ignored))
		return;	/* best effort: the disk is full anyway */
	(void)err;
}

/* The descriptor block itself did not fit: zero what of it got out. */
static void
zero_desc_block(struct kwriter *w)
{
	struct sd_err ignored;

	memset(w->hdr.buf, 0, w->hdr.cache_size);
	if (sd_wcache_flush(w->sink, &w->hdr, &ignored))
		return;	/* best effort: the disk is full anyway */
}

/* makedumpfile's write_kdump_page: flush both caches as a pair. */
static sd_status
put_page(struct kwriter *w, const struct sd_page_desc *pd, const void *data,
	 struct sd_err *err)
{
	struct sd_wcache *h = &w->hdr, *p = &w->page;
	sd_status st;

	if (h->buf_size + DESC_SIZE >= h->cache_size ||
	    p->buf_size + pd->size >= p->cache_size) {
		if (h->buf_size) {
			st = sd_sink_write(w->sink, h->offset, h->buf,
					   h->buf_size, err);
			if (st) {
				if (st == SD_ERR_NOSPACE)
					zero_desc_block(w);
				return st;
			}
		}
		if (p->buf_size) {
			st = sd_sink_write(w->sink, p->offset, p->buf,
					   p->buf_size, err);
			if (st) {
				if (st == SD_ERR_NOSPACE)
					zero_lost_descs(w, err);
				return st;
			}
		}
		h->offset += h->buf_size;
		p->offset += p->buf_size;
		h->buf_size = 0;
		p->buf_size = 0;
	}
	st = sd_wcache_put(w->sink, h, pd, DESC_SIZE, err);
	if (!st)
		st = sd_wcache_put(w->sink, p, data, pd->size, err);
	/*
	 * makedumpfile ignores a full device here (cache_size of 1 page,
	 * -b 0): the next pair flush fails again and zeroes the descriptors.
	 * Doing the same keeps truncated files identical.
	 */
	if (st == SD_ERR_NOSPACE)
		st = SD_OK;
	return st;
}


/* ---- pages ---- */

/* Descriptor and data of one page, in pfn order. */
static sd_status
emit_page(struct kwriter *w, const struct sd_page_result *r,
	  struct sd_err *err)
{
	struct sd_job *job = w->job;
	struct sd_page_desc pd;

	if (w->num_dumped % w->per == 0 && !w->quiet)
		sd_progress(job->log, SD_PROGRESS_COPY, w->num_dumped,
			    w->num_dumpable);
	w->num_dumped++;
	if (r->zero) {
		job->sieve.zero_pages++;
		return sd_wcache_put(w->sink, &w->hdr, &w->pd_zero, DESC_SIZE, err);
	}
	memset(&pd, 0, sizeof(pd));
	pd.size = r->size;
	pd.flags = r->flags;
	pd.offset = (int64_t)w->offset_data;
	w->offset_data += pd.size;
	return put_page(w, &pd, r->data, err);
}

/*
 * Unreadable pages leave the 2nd bitmap: their descriptors are never
 * written, so the later pages' ranks (descriptor slots) stay right and the
 * unused slots at the end of the table stay zero.  The cycle's bitmap
 * slice, already written, is written again after its pages.
 */
static sd_status
drop_bad(struct kwriter *w, uint64_t pfn, uint64_t n, const bool *bad,
	 struct sd_err *err)
{
	struct sd_pageset *ps = w->set;
	uint64_t i, cleared;
	sd_status st = SD_OK;

	for (i = 0; !st && i < n; i++) {
		if (!bad[i])
			continue;
		st = ps->ops->clear_range(ps, pfn + i, pfn + i + 1, &cleared,
					  err);
		w->cycle_bad++;
	}
	return st;
}

static sd_status
emit_batch(struct kwriter *w, struct kbatch *b,
	   const struct sd_page_result *res, struct sd_err *err)
{
	double t0 = sd_seconds();
	sd_status st = SD_OK;
	size_t i;

	for (i = 0; !st && i < b->n; i++)
		if (!b->bad[i])
			st = emit_page(w, &res[i], err);
	b->n = 0;
	w->job->out.copy_clock.write += sd_seconds() - t0;
	return st;
}

/*
 * Hand the full batch to the pipeline.  With workers, it is queued behind
 * the batch before it, which this thread then waits for and writes, and
 * reads the next one while the workers go on; the output order (and so
 * every byte) is the same as one batch at a time.
 */
static sd_status
ship(struct kwriter *w, struct sd_err *err)
{
	struct kbatch *b = &w->bt[w->cur], *prev = &w->bt[!w->cur];
	struct sd_copy_clock *clk = &w->job->out.copy_clock;
	const struct sd_page_result *res;
	double t0 = sd_seconds();
	sd_status st = SD_OK;

	if (!sd_pipeline_overlaps(&w->pipe)) {
		res = sd_pipeline_run(&w->pipe, b->buf, b->n);
		clk->compress += sd_seconds() - t0;
		return emit_batch(w, b, res, err);
	}
	sd_pipeline_submit(&w->pipe, b->buf, b->n);
	if (w->inflight) {
		res = sd_pipeline_wait(&w->pipe);
		clk->compress += sd_seconds() - t0;
		st = emit_batch(w, prev, res, err);
	}
	w->inflight = true;
	w->cur = !w->cur;
	return st;
}

/* Write out everything read so far (the end of a cycle, a signal). */
static sd_status
drain(struct kwriter *w, struct sd_err *err)
{
	sd_status st = SD_OK;

	if (w->bt[w->cur].n)
		st = ship(w, err);
	if (w->inflight) {
		double t0 = sd_seconds();
		const struct sd_page_result *res = sd_pipeline_wait(&w->pipe);

		w->job->out.copy_clock.compress += sd_seconds() - t0;
		w->inflight = false;
		if (!st)
			st = emit_batch(w, &w->bt[!w->cur], res, err);
	}
	return st;
}

/* Read [pfn, pfn + n) into the current batch (n fits in it). */
static sd_status
fill(struct kwriter *w, uint64_t pfn, uint64_t n, struct sd_err *err)
{
	struct kbatch *b = &w->bt[w->cur];
	double t0 = sd_seconds();
	uint64_t nbad;
	sd_status st;

	st = sd_job_read_pages(w->job, pfn, n, b->buf + b->n * w->page_size,
			       b->bad + b->n, &nbad, err);
	w->job->out.copy_clock.read += sd_seconds() - t0;
	/*
	 * The one place where kept pages' bytes have been read and are about
	 * to be zero-checked and compressed (the pipeline, in ship): --config
	 * erases here, before the zero-page check, as makedumpfile.
	 */
	if (!st)
		sd_erase_pages(w->job->erase, w->split_start, w->split_end, pfn, n,
			       w->page_size, b->buf + b->n * w->page_size, b->bad + b->n);
	if (!st && nbad)
		st = drop_bad(w, pfn, n, b->bad + b->n, err);
	if (st)
		return sd_wrap(err, st, "copying pfn 0x%" PRIx64 "-0x%" PRIx64,
			       pfn, pfn + n - 1);
	b->n += n;
	return SD_OK;
}

static sd_status
copy_run(struct kwriter *w, uint64_t start, uint64_t end, struct sd_err *err)
{
	uint64_t pfn, n;
	sd_status st = SD_OK;

	for (pfn = start; !st && pfn < end; pfn += n) {
		n = SD_MIN(end - pfn, w->rbuf_pages - w->bt[w->cur].n);
		st = sd_check_interrupt(err);
		if (st) {	/* what was read is written, the rest left */
			struct sd_err e2;

			(void)drain(w, &e2);
			w->stop_pfn = pfn;
			return st;
		}
		st = fill(w, pfn, n, err);
		if (!st && w->bt[w->cur].n == w->rbuf_pages)
			st = ship(w, err);
	}
	return st;
}

/* The kept pages of [start, end), gathered into full batches. */
sd_status
kw_copy_cycle(struct kwriter *w, uint64_t start, uint64_t end, struct sd_err *err)
{
	const struct sd_pageset *ps = w->set;
	struct sd_range r;
	uint64_t from = start;
	sd_status st = SD_OK;

	while (!st && from < end && ps->ops->next_run(ps, from, &r)) {
		if (r.start >= end)
			break;
		st = copy_run(w, SD_MAX(r.start, from), SD_MIN(r.end, end),
			      err);
		from = r.end;
	}
	if (!st)
		st = drain(w, err);
	return st;
}

