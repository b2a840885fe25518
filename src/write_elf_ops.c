// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ELF writer behind the writer ops (include/sievedump/writer.h): its
 * two passes, its buffers, the ends a run can come to (a signal or an
 * unreadable page stops it: ELF cannot leave a page out; a full output)
 * and its report with the "in ELF format" lines (doc/format-elf-split.md).
 * The segments themselves: write_elf.c.
 */
#include <elf.h>
#include <inttypes.h>
#include <string.h>

#include "sievedump/erase.h"
#include "sievedump/job.h"
#include "sievedump/job_analyze.h"
#include "sievedump/mdf_cycle.h"
#include "sievedump/options.h"
#include "write_elf.h"

/*
 * check_and_modify_elf_headers: the header on disk gets e_flags |= 1.
 * With @stream_too a flattened stream gets a later record for offset 0
 * (after a signal or an unreadable page; not after ENOSPC, as makedumpfile).
 */
static sd_status
mark_incomplete(struct ewriter *w, bool stream_too, struct sd_err *err)
{
	Elf64_Ehdr eh = w->eh;
	uint64_t end;

	eh.e_flags |= ELF_INCOMPLETE;
	if (!w->sink->seekable && !w->sink->is_null && stream_too)
		return sd_sink_write(w->sink, 0, &eh, sizeof(eh), err);
	if (w->sink->ops->size(w->sink, &end, err) || end < sizeof(eh))
		return SD_ERR_NODATA;
	return sd_sink_write(w->sink, 0, &eh, sizeof(eh), err);
}

/*
 * Stopped by a signal or an unreadable page in the write pass: the data
 * copied so far goes out, the segment being copied is cut to it (its phdr
 * rewritten, memsz = filesz: the rest is absent, not zero), the phdrs of
 * later segments stay zero (PT_NULL), and the header is marked.
 */
static void
stop_partial(struct ewriter *w)
{
	struct sd_err e;

	if (sd_wcache_flush(w->sink, &w->page, &e) ||
	    sd_wcache_flush(w->sink, &w->hdr, &e))
		return;
	if (w->cur_valid) {
		w->cur.p_filesz = w->cur_done;
		w->cur.p_memsz = w->cur_done;
		if (sd_sink_write(w->sink, w->cur_at, &w->cur, sizeof(w->cur),
				  &e))
			return;
	}
	if (mark_incomplete(w, true, &e) == SD_OK)
		sd_msg(w->job->log,
		       "This is an incomplete dumpfile, but might analyzable.\n");
}

/* The report of an ELF run (bit 16), with its "in ELF format" lines. */
static void
elf_report(struct ewriter *w)
{
	struct sd_job *job = w->job;
	const uint64_t *x = job->sieve.stats.excluded;
	/* rebuilt sets: makedumpfile's cyclic hole, the pfns walked (may wrap) */
	uint64_t hole = w->base.rebuild_sets ?
				job->model.max_mapnr - w->visited :
				sd_job_memhole(job, true);
	uint64_t orig = job->model.max_mapnr - hole;
	uint64_t excl = job->sieve.zero_pages + x[SD_CAT_CACHE] +
			x[SD_CAT_CACHE_PRIVATE] + x[SD_CAT_USER] +
			x[SD_CAT_FREE] + x[SD_CAT_HWPOISON] + x[SD_CAT_OFFLINE];
	uint64_t hits = job->model.vt ? job->model.vt->hits : 0;
	uint64_t miss = job->model.vt ? job->model.vt->misses : 0;
	struct sd_log *l = job->log;

	sd_report(l, "\nOriginal pages  : 0x%016" PRIx64 "\n", orig);
	sd_report(l, "  Excluded pages   : 0x%016" PRIx64 "\n", excl);
	sd_report(l, "     in ELF format : 0x%016" PRIx64 "\n", w->elf_excluded);
	sd_job_report_kinds(job, x);
	sd_report(l, "  Remaining pages  : 0x%016" PRIx64 "\n", orig - excl);
	sd_report(l, "     in ELF format : 0x%016" PRIx64 "\n", orig - w->elf_excluded);
	if (orig)
		sd_report(l, "  (The number of pages is reduced to %" PRIu64 "%%.)\n",
			  (orig - w->elf_excluded) * 100 / orig);
	sd_report(l, "Memory Hole     : 0x%016" PRIx64 "\n", hole);
	sd_report(l, "--------------------------------------------------\n");
	sd_report(l, "Total pages     : 0x%016" PRIx64 "\n",
		  job->model.max_mapnr);
	sd_report(l, "Write bytes     : %" PRIu64 "\n", job->out.write_bytes);
	sd_report(l, "\n");
	sd_report(l, "Cache hit: %" PRIu64 ", miss: %" PRIu64, hits, miss);
	if (hits + miss)
		sd_report(l, ", hit rate: %.1f%%", 100.0 * hits / (hits + miss));
	sd_report(l, "\n\n");
}

static struct ewriter *
ew_of(struct sd_writer *base)
{
	return (struct ewriter *)base;
}

static void
progress_close(struct ewriter *w)
{
	if (w->progress_on)
		sd_progress_done(w->job->log);
	w->progress_on = false;
}

/* ---- buffers ---- */

static sd_status
alloc_buffers(struct ewriter *w, struct sd_err *err)
{
	size_t cache = (size_t)w->psz << w->job->opt->block_order;
	sd_status st;

	w->hdr.cache_size = w->page.cache_size = cache;
	st = sd_balloc(w->budget, cache + w->psz, 0, "ELF header cache",
		       (void **)&w->hdr.buf, err);
	if (!st)
		st = sd_balloc(w->budget, cache + w->psz, 0, "ELF data cache",
			       (void **)&w->page.buf, err);
	w->rbuf_len = (w->job->plan.read_batch ? w->job->plan.read_batch :
		       SD_MAX((size_t)READ_BATCH_BYTES / w->psz, (size_t)1)) *
		      w->psz;
	if (!st)
		st = sd_balloc(w->budget, w->rbuf_len, 0, "page read buffer",
			       (void **)&w->rbuf, err);
	return st;
}

static void
elf_close(struct sd_writer *base)
{
	struct ewriter *w = ew_of(base);
	struct sd_budget *b = w->budget;

	progress_close(w);
	sd_bfree(b, w->rbuf, w->rbuf ? w->rbuf_len : 0);
	sd_bfree(b, w->page.buf, w->page.buf ? w->page.cache_size + w->psz : 0);
	sd_bfree(b, w->hdr.buf, w->hdr.buf ? w->hdr.cache_size + w->psz : 0);
	sd_bfree(b, w, sizeof(*w));
}

/* The input's ELF header and its first PT_NOTE (write_elf_header's). */
static sd_status
input_headers(struct ewriter *w, struct sd_err *err)
{
	const struct sd_source *src = w->job->model.src;
	size_t i;

	if (!src->elf)
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "%s: ELF output needs an ELF64 input",
			       w->job->opt->vmcore);
	memcpy(&w->eh, src->elf->ehdr, sizeof(w->eh));
	for (i = 0; i < src->elf->phnum; i++) {
		memcpy(&w->note, src->elf->phdrs + i * sizeof(w->note),
		       sizeof(w->note));
		if (w->note.p_type == PT_NOTE)
			return SD_OK;
	}
	return sd_fail(err, SD_ERR_CORRUPT, "%s: Can't get a PT_NOTE header.",
		       w->job->opt->vmcore);
}

static sd_status
elf_open(struct sd_job *job, struct sd_sink *sink, struct sd_writer **ret,
	 struct sd_err *err)
{
	struct ewriter *w;
	sd_status st;

	st = sd_balloc(&job->budget, sizeof(*w), 1, "ELF writer", (void **)&w,
		       err);
	if (st)
		return st;
	w->base = (struct sd_writer){
		.ops = &sd_writer_elf_ops, .job = job, .passes = 2,
		.by_load = true, .zero_pass = (job->dump_level & 1) != 0,
	};
	sd_job_mdf_elf_cycles(job, &w->base.rebuild_sets, &w->base.cycle_pfns);
	w->job = job;
	w->sink = sink;
	w->budget = &job->budget;
	w->psz = job->model.src->page_size;
	st = alloc_buffers(w, err);
	if (!st)
		st = input_headers(w, err);
	if (st) {
		elf_close(&w->base);
		return st;
	}
	w->base.scratch = w->rbuf;
	w->base.scratch_len = w->rbuf_len;
	*ret = &w->base;
	return SD_OK;
}

/* ---- the two passes: count the segments, then write them ---- */

static sd_status
elf_begin(struct sd_writer *base, unsigned pass, struct sd_err *err)
{
	struct ewriter *w = ew_of(base);
	struct sd_log *log = w->job->log;
	uint64_t offset_load;
	sd_status st;

	if (pass == 1) {
		st = ew_write_headers(w, &offset_load, err);
		if (!st)	/* --config: this output's pass over the list */
			st = sd_erase_begin(w->job->erase, 0, 0, err);
		if (st)
			return st;
		w->writing = true;
		w->off_seg = offset_load;
		w->page.offset = offset_load;
		sd_progress_begin(log);
		w->progress_on = true;
		w->t0 = sd_log_mono_ns(log);
	}
	ew_pass_begin(w);
	return SD_OK;
}

static sd_status
elf_cycle(struct sd_writer *base, const struct sd_cycle *c,
	  struct sd_pageset *set, struct sd_err *err)
{
	return ew_cycle(ew_of(base), c, set, err);
}

static sd_status
elf_end(struct sd_writer *base, unsigned pass, struct sd_err *err)
{
	struct ewriter *w = ew_of(base);
	struct sd_log *log = w->job->log;
	sd_status st;

	if (pass == 0) {
		w->num_dumpable = w->num_dumped;
		return SD_OK;
	}
	st = sd_wcache_flush(w->sink, &w->hdr, err);
	if (!st)
		st = sd_wcache_flush(w->sink, &w->page, err);
	if (!st) {
		sd_progress(log, SD_PROGRESS_COPY, w->num_dumpable,
			    w->num_dumpable);
		sd_step_time(log, SD_PROGRESS_COPY,
			     sd_log_mono_ns(log) - w->t0);
	}
	progress_close(w);
	if (!st)	/* --config: the ERASEINFO note after the input's notes */
		st = sd_erase_write_elf(w->job, w->sink, &w->hdr, w->off_note,
					w->note.p_filesz, err);
	return st;
}

/* A signal or an unreadable page in the write pass: cut, mark, end. */
static void
elf_stopped(struct sd_writer *base, const struct sd_cycle *c,
	    struct sd_pageset *set)
{
	struct ewriter *w = ew_of(base);
	struct sd_err e2;

	(void)c;
	(void)set;
	progress_close(w);
	if (!w->writing)
		return;
	stop_partial(w);
	(void)w->sink->ops->finish(w->sink, &e2);	/* -F: end marker */
}

static sd_status
elf_mark_incomplete(struct sd_writer *base, bool stream_too,
		    struct sd_err *err)
{
	return mark_incomplete(ew_of(base), stream_too, err);
}

static sd_status
elf_finish(struct sd_writer *base, struct sd_err *err)
{
	struct sd_sink *sink = ew_of(base)->sink;

	return sink->ops->finish(sink, err);
}

static void
elf_nospace(struct sd_writer *base, bool last_try, struct sd_err *err)
{
	struct ewriter *w = ew_of(base);
	struct sd_log *log = w->job->log;
	struct sd_err e2;

	progress_close(w);
	sd_msg(log, "\n%s\n", err->msg);
	/* write_cache_enospc: the program headers gathered so far */
	if (w->writing && w->sink->seekable &&
	    sd_wcache_flush(w->sink, &w->hdr, &e2) != SD_OK)
		sd_msg(log, "This dumpfile may lost some important data.\n");
	if (last_try)
		sd_writer_last_try_mark(base, w->sink);
}

static uint64_t
elf_bytes(const struct sd_writer *base)
{
	return ((const struct ewriter *)base)->sink->bytes;
}

/* Stopped at an unreadable page: the plain report (no segment counts). */
static void
elf_report_run(struct sd_writer *base, sd_status st)
{
	if (st)
		sd_job_report(base->job);
	else
		elf_report(ew_of(base));
}

const struct sd_writer_ops sd_writer_elf_ops = {
	.version = 1,
	.name = "elf",
	.open = elf_open,
	.begin = elf_begin,
	.cycle = elf_cycle,
	.end = elf_end,
	.rewrite_bitmap = NULL,		/* ELF cannot leave a page out */
	.stopped = elf_stopped,
	.mark_incomplete = elf_mark_incomplete,
	.finish = elf_finish,
	.nospace = elf_nospace,
	.bytes = elf_bytes,
	.report = elf_report_run,
	.close = elf_close,
};
