// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --split VMCORE F1 .. Fn (doc/format-elf-split.md).
 *
 * Each file is a complete kdump-compressed file: the same main header, the
 * full 1st and 2nd bitmaps, a descriptor area sized for every kept page of
 * the whole dump, its own shared zero page, and only the pages of its pfn
 * range.  The ranges come from makedumpfile's splitblock rule, so the files
 * are byte-identical to makedumpfile 1.7.2's.
 *
 * makedumpfile forks one child per file and every child scans the whole
 * mem_map again to write its bitmaps.  We write all files in one pass over
 * the cycles instead: each cycle's set is built once, its 2nd-bitmap slice
 * goes to every file, its pages to the file whose range holds them.  So the
 * memory plan holds (one cycle's set at a time when cyclic), and the dump
 * costs one mem_map scan whatever the number of files.  Every file has its
 * own writer (caches, compressor); the page read buffer is shared.
 */
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "sievedump/job.h"
#include "sievedump/sink.h"
#include "sievedump/write.h"

enum { READ_BATCH_BYTES = 128 << 10 };	/* shared by the parts; keeps each part's compression buffers small */

sd_status
sd_split_ranges(uint64_t block_pfns, uint64_t max_mapnr, uint64_t num_dumpable,
		sd_status (*count_block)(void *ctx, uint64_t b, uint64_t *ret,
					 struct sd_err *err),
		void *ctx, struct sd_split_part *parts, int n,
		struct sd_err *err)
{
	uint64_t nblocks = SD_DIV_ROUND_UP(max_mapnr, block_pfns), cur = 0;
	uint64_t start, end = 0;
	int i;

	for (i = 0; i < n - 1; i++) {
		/* calculate_end_pfn_by_splitblock */
		int64_t needed = (int64_t)(num_dumpable / (uint64_t)n);

		start = end;
		if (start >= max_mapnr) {
			end = max_mapnr;
		} else {
			while (cur < nblocks && needed > 0) {
				uint64_t c = 0;
				sd_status st = SD_OK;

				/* the table has no entry for a partial block */
				if ((cur + 1) * block_pfns <= max_mapnr)
					st = count_block(ctx, cur, &c, err);
				if (st)
					return st;
				needed -= (int64_t)c;
				cur++;
			}
			end = SD_MIN(cur * block_pfns, max_mapnr);
		}
		parts[i].start = start;
		parts[i].end = end;
	}
	parts[n - 1].start = end;
	parts[n - 1].end = max_mapnr;
	return SD_OK;
}

/* Kept pages per splitblock, from the whole set or cycle by cycle. */
struct block_counter {
	struct sd_job *job;
	uint64_t block_pfns;
	uint64_t cs, ce;	/* the cycle job->dump holds (cyclic) */
};

static sd_status
count_block(void *ctx, uint64_t b, uint64_t *ret, struct sd_err *err)
{
	struct block_counter *bc = ctx;
	struct sd_job *job = bc->job;
	uint64_t s = b * bc->block_pfns, e = s + bc->block_pfns, n = 0;
	sd_status st;

	if (!job->cyclic) {
		*ret = job->dump.ops->count(&job->dump, s, e);
		return SD_OK;
	}
	while (s < e) {
		if (s >= bc->ce) {
			bc->cs = bc->ce;
			bc->ce = SD_MIN(bc->cs + job->cycle_pfns, job->max_mapnr);
			st = sd_job_cycle_set(job, bc->cs, bc->ce, err);
			if (st)
				return st;
			continue;
		}
		n += job->dump.ops->count(&job->dump, s, SD_MIN(e, bc->ce));
		s = SD_MIN(e, bc->ce);
	}
	*ret = n;
	return SD_OK;
}

static sd_status
plan_parts(struct sd_job *job, struct sd_split_part *parts,
	   uint64_t *num_dumpable, struct sd_err *err)
{
	const struct sd_options *opt = job->opt;
	uint64_t bytes = opt->splitblock_size_kb << 10;
	uint32_t psz = job->src->page_size;
	struct block_counter bc = { .job = job };
	struct sd_scan_stats keep = job->stats;
	int i;
	sd_status st;

	if (!bytes)
		return sd_fail(err, SD_ERR_INVALID,
			       "The splitblock size could not be 0.");
	if (bytes % psz)
		return sd_fail(err, SD_ERR_INVALID,
			       "The splitblock size must be align to page_size.");
	bc.block_pfns = bytes / psz;
	*num_dumpable = job->cyclic ? job->num_dumpable :
			job->dump.ops->count(&job->dump, 0, job->max_mapnr);
	for (i = 0; i < opt->n_dumpfiles; i++)
		parts[i].path = opt->dumpfiles[i];
	st = sd_split_ranges(bc.block_pfns, job->max_mapnr, *num_dumpable,
			     count_block, &bc, parts, opt->n_dumpfiles, err);
	/* the writing pass counts the exclusions again */
	job->stats = keep;
	for (i = 0; !st && i < opt->n_dumpfiles; i++)
		sd_debug(job->log, "split %d: %s pfn 0x%" PRIx64 "-0x%" PRIx64 "\n",
			 i, parts[i].path, parts[i].start, parts[i].end);
	return st;
}

struct split_out {
	struct sd_sink *sink;
	struct sd_kdump_part_writer *pw;
	bool failed;		/* stopped by -L or a full device */
};

/* The cycle being written, for the incomplete mark after a signal. */
struct split_cycle {
	uint64_t start, end;
};

/* A part's error: a full output stops that part only (a child's exit 2). */
static sd_status
part_status(struct sd_job *job, struct split_out *o, sd_status st,
	    bool *nospace, struct sd_err *first, struct sd_err *err)
{
	if (st != SD_ERR_NOSPACE)
		return st;
	o->failed = true;
	if (!*nospace) {
		*first = *err;
		sd_msg(job->log, "\n%s\n", err->msg);
	}
	*nospace = true;
	return SD_OK;
}

static sd_status
write_parts(struct sd_job *job, struct split_out *out, int n,
	    uint64_t num_dumpable, bool *nospace, struct sd_err *first,
	    struct split_cycle *cur, struct sd_err *err)
{
	struct sd_log *log = job->log;
	uint64_t start, end, cyc, done, t0;
	int i;
	sd_status st = SD_OK;

	for (i = 0; !st && i < n; i++)
		st = part_status(job, &out[i], sd_kdump_part_begin(out[i].pw, err),
				 nospace, first, err);
	if (st)
		return st;
	cyc = sd_kdump_part_cycle_pfns(out[0].pw);
	sd_progress_begin(log);
	t0 = sd_log_mono_ns(log);
	for (start = 0; !st && start < job->max_mapnr; start = end) {
		uint64_t bad = job->unreadable_pages;

		end = SD_MIN(start + cyc, job->max_mapnr);
		cur->start = start;
		cur->end = end;
		st = sd_job_cycle_set(job, start, end, err);
		for (i = 0, done = 0; !st && i < n; i++) {
			if (!out[i].failed)
				st = part_status(job, &out[i],
						 sd_kdump_part_cycle(out[i].pw,
								     start, end,
								     err),
						 nospace, first, err);
			done += sd_kdump_part_dumped(out[i].pw);
		}
		/* unreadable pages left the set: every part's slice again */
		for (i = 0; !st && bad != job->unreadable_pages && i < n; i++)
			if (!out[i].failed)
				st = part_status(job, &out[i],
						 sd_kdump_part_rewrite_bitmap(out[i].pw,
									      start, end,
									      err),
						 nospace, first, err);
		sd_progress(log, SD_PROGRESS_COPY, done, num_dumpable);
	}
	for (i = 0; !st && i < n; i++)
		if (!out[i].failed)
			st = part_status(job, &out[i],
					 sd_kdump_part_end(out[i].pw, err),
					 nospace, first, err);
	if (!st) {
		sd_progress(log, SD_PROGRESS_COPY, num_dumpable, num_dumpable);
		sd_step_time(log, SD_PROGRESS_COPY, sd_log_mono_ns(log) - t0);
	}
	sd_progress_done(log);
	return st;
}

/* After a signal (@flush: the caches out first) or unreadable pages. */
static void
mark_all_incomplete(struct sd_job *job, struct split_out *out, int n,
		    bool flush, const struct split_cycle *cur)
{
	uint64_t stop = UINT64_MAX;
	int i;

	for (i = 0; flush && i < n; i++)
		if (out[i].pw)
			stop = SD_MIN(stop, sd_kdump_part_stop_pfn(out[i].pw));
	for (i = 0; i < n; i++) {
		if (!out[i].pw)
			continue;
		if (flush && !out[i].failed)
			sd_kdump_part_flush_partial(out[i].pw, stop,
						    cur->start, cur->end);
		sd_kdump_part_mark_incomplete(out[i].pw);
	}
	sd_msg(job->log,
	       "This is an incomplete dumpfile, but might analyzable.\n");
}

sd_status
sd_write_split(struct sd_job *job, bool last_try, struct sd_err *err)
{
	const struct sd_options *opt = job->opt;
	int n = opt->n_dumpfiles, i;
	struct sd_split_part *parts = NULL;
	struct split_out *out = NULL;
	struct sd_kdump_part kp;
	struct sd_err first;
	struct split_cycle cur = { 0, 0 };
	uint64_t num_dumpable = 0;
	bool nospace = false;
	size_t rbuf_len;
	sd_status st;

	memset(&kp, 0, sizeof(kp));
	job->zero_pages = 0;
	job->unreadable_pages = 0;
	sd_budget_release(&job->budget, job->writer_reserve);
	job->writer_reserve = 0;
	st = sd_balloc(&job->budget, n * sizeof(*parts), 1, "split ranges",
		       (void **)&parts, err);
	if (!st)
		st = sd_balloc(&job->budget, n * sizeof(*out), 1, "split outputs",
			       (void **)&out, err);
	if (!st)
		st = plan_parts(job, parts, &num_dumpable, err);
	kp.rbuf_pages = SD_MAX(READ_BATCH_BYTES / job->src->page_size, 1u);
	rbuf_len = kp.rbuf_pages * job->src->page_size;
	if (!st)
		st = sd_balloc(&job->budget, rbuf_len, 0, "page read buffer",
			       (void **)&kp.rbuf, err);
	for (i = 0; !st && i < n; i++) {
		st = sd_sink_open_file(parts[i].path, opt->force,
				       opt->size_limit, &out[i].sink, err);
		kp.start = parts[i].start;
		kp.nparts = (unsigned)n;
		kp.end = parts[i].end;
		if (!st)
			st = sd_kdump_part_open(job, out[i].sink, &kp,
						&out[i].pw, err);
	}
	if (!st)
		st = write_parts(job, out, n, num_dumpable, &nospace, &first,
				 &cur, err);
	if (!st && nospace) {
		*err = first;
		st = SD_ERR_NOSPACE;
		if (last_try) {
			/* check_and_modify_multiple_kdump_headers: all of them */
			for (i = 0; i < n; i++)
				sd_kdump_part_mark_incomplete(out[i].pw);
			sd_msg(job->log,
			       "This is an incomplete dumpfile, but might analyzable.\n");
		}
	}
	if (st == SD_ERR_INTERRUPTED || (!st && job->unreadable_pages))
		mark_all_incomplete(job, out, n, st == SD_ERR_INTERRUPTED,
				    &cur);
	for (i = 0; !st && i < n; i++)
		st = out[i].sink->ops->finish(out[i].sink, err);
	if (!st && job->unreadable_pages)
		st = sd_fail(err, SD_ERR_UNREADABLE,
			     "%s: %" PRIu64 " unreadable page(s) are not in the dump (the first at pfn 0x%" PRIx64 ")",
			     opt->vmcore, job->unreadable_pages,
			     job->first_unreadable_pfn);
	job->write_bytes = 0;
	for (i = 0; out && i < n; i++) {
		if (out[i].sink)
			job->write_bytes += out[i].sink->bytes;
		sd_kdump_part_close(out[i].pw);
		sd_sink_close(out[i].sink);
	}
	sd_bfree(&job->budget, kp.rbuf, kp.rbuf ? rbuf_len : 0);
	sd_bfree(&job->budget, out, n * sizeof(*out));
	sd_bfree(&job->budget, parts, n * sizeof(*parts));
	return st;
}
