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
 * the cycles instead: the cycle driver builds each cycle's set once, its
 * 2nd-bitmap slice goes to every file, its pages to the file whose range
 * holds them.  So the memory plan holds (one cycle's set at a time when
 * cyclic), and the dump costs one mem_map scan whatever the number of
 * files.  Every file has its own kdump writer (write_kdump.h: caches,
 * compressor); the page read buffer is shared.  A first pass of the
 * driver finds the ranges (split_ranges.c: kept pages per splitblock,
 * counted cycle by cycle until every range is known).
 */
#include <inttypes.h>
#include <string.h>

#include "sievedump/job_analyze.h"
#include "sievedump/options.h"
#include "sievedump/split_ranges.h"
#include "write_kdump.h"

enum { SPLIT_READ_BYTES = 128 << 10 };	/* shared by the parts; keeps each part's compression buffers small */

struct split_out {
	const char *path;
	struct sd_sink *sink;
	struct kwriter *kw;
	bool failed;			/* stopped by -L or a full device */
};

struct split_writer {
	struct sd_writer base;
	struct sd_job *job;
	int n;
	struct split_out *out;
	struct sd_src_range *ranges;	/* each part's [start, end) */
	struct sd_split_ranges r;
	struct kw_part kp;		/* the shared read buffer */
	size_t rbuf_len;
	uint64_t num_dumpable;
	bool nospace;			/* a part hit -L or a full device */
	bool progress_on;
	struct sd_err first;		/* its error */
	uint64_t t0;
};

static struct split_writer *
sw_of(struct sd_writer *base)
{
	return (struct split_writer *)base;
}

/* A part's error: a full output stops that part only (a child's exit 2). */
static sd_status
part_status(struct split_writer *sw, struct split_out *o, sd_status st,
	    struct sd_err *err)
{
	if (st != SD_ERR_NOSPACE)
		return st;
	o->failed = true;
	if (!sw->nospace) {
		sw->first = *err;
		sd_msg(sw->job->log, "\n%s\n", err->msg);
	}
	sw->nospace = true;
	return SD_OK;
}

static void
progress_close(struct split_writer *sw)
{
	if (sw->progress_on)
		sd_progress_done(sw->job->log);
	sw->progress_on = false;
}

static void split_close(struct sd_writer *base);

/* The writer and its parts' places; the ranges come in the first pass. */
static sd_status
split_open(struct sd_job *job, struct sd_sink *sink, struct sd_writer **ret,
	   struct sd_err *err)
{
	const struct sd_options *opt = job->opt;
	uint64_t bytes = opt->splitblock_size_kb << 10;
	struct split_writer *sw;
	sd_status st;
	int i;

	(void)sink;	/* every part opens its own */
	st = sd_balloc(&job->budget, sizeof(*sw), 1, "split writer",
		       (void **)&sw, err);
	if (st)
		return st;
	sw->job = job;
	sw->n = opt->n_dumpfiles;
	sw->base = (struct sd_writer){
		.ops = &sd_writer_split_ops,
		.job = job,
		.passes = 2,
		.cycle_pfns = job->plan.cyclic ? job->plan.cycle_pfns :
						 job->model.max_mapnr,
	};
	st = sd_balloc(&job->budget, sw->n * sizeof(*sw->ranges), 1,
		       "split ranges", (void **)&sw->ranges, err);
	if (!st)
		st = sd_balloc(&job->budget, sw->n * sizeof(*sw->out), 1,
			       "split outputs", (void **)&sw->out, err);
	if (!st && !bytes)
		st = sd_fail(err, SD_ERR_INVALID,
			     "The splitblock size could not be 0.");
	else if (!st && bytes % job->model.src->page_size)
		st = sd_fail(err, SD_ERR_INVALID,
			     "The splitblock size must be align to page_size.");
	if (st) {
		split_close(&sw->base);
		return st;
	}
	sw->num_dumpable =
		job->plan.cyclic ?
			job->sieve.num_dumpable :
			job->sieve.dump.ops->count(&job->sieve.dump, 0,
						   job->model.max_mapnr);
	sd_split_ranges_init(&sw->r, bytes / job->model.src->page_size,
			     job->model.max_mapnr, sw->num_dumpable, sw->n,
			     sw->ranges);
	for (i = 0; i < sw->n; i++)
		sw->out[i].path = opt->dumpfiles[i];
	*ret = &sw->base;
	return SD_OK;
}

/* Pass 2 begins: every part's file and writer, its headers and 1st bitmap. */
static sd_status
open_parts(struct split_writer *sw, struct sd_err *err)
{
	struct sd_job *job = sw->job;
	const struct sd_options *opt = job->opt;
	sd_status st;
	int i;

	sw->kp.rbuf_pages =
		SD_MAX(SPLIT_READ_BYTES / job->model.src->page_size, 1u);
	sw->rbuf_len = sw->kp.rbuf_pages * job->model.src->page_size;
	st = sd_balloc(&job->budget, sw->rbuf_len, 0, "page read buffer",
		       (void **)&sw->kp.rbuf, err);
	for (i = 0; !st && i < sw->n; i++) {
		struct split_out *o = &sw->out[i];

		st = sd_sink_open_file(o->path, opt->force, opt->size_limit,
				       &o->sink, err);
		sw->kp.start = sw->ranges[i].start;
		sw->kp.end = sw->ranges[i].end;
		sw->kp.nparts = (unsigned)sw->n;
		if (!st)
			st = sd_balloc(&job->budget, sizeof(*o->kw), 1,
				       "split part writer", (void **)&o->kw, err);
		if (!st)
			st = kw_init(o->kw, job, o->sink, &sw->kp, err);
	}
	for (i = 0; !st && i < sw->n; i++)
		st = part_status(sw, &sw->out[i], kw_body_begin(sw->out[i].kw, err),
				 err);
	return st;
}

static sd_status
split_begin(struct sd_writer *base, unsigned pass, struct sd_err *err)
{
	struct split_writer *sw = sw_of(base);
	struct sd_log *log = sw->job->log;
	sd_status st;

	if (pass == 0) {	/* the ranges: counts only while needed */
		base->pass_done = sd_split_ranges_settle(&sw->r);
		return SD_OK;
	}
	st = open_parts(sw, err);
	if (st)
		return st;
	base->cycle_pfns = sw->out[0].kw->pfn_cyclic;
	sd_progress_begin(log);
	sw->progress_on = true;
	sw->t0 = sd_log_mono_ns(log);
	return SD_OK;
}

static sd_status
split_cycle(struct sd_writer *base, const struct sd_cycle *c,
	    struct sd_pageset *set, struct sd_err *err)
{
	struct split_writer *sw = sw_of(base);
	uint64_t done = 0;
	sd_status st = SD_OK;
	int i;

	if (c->pass == 0) {
		base->pass_done = sd_split_ranges_feed(&sw->r, set, c->start,
						       c->end);
		return SD_OK;
	}
	for (i = 0; !st && i < sw->n; i++) {
		struct split_out *o = &sw->out[i];

		if (!o->failed)
			st = part_status(sw, o, kw_body_cycle(o->kw, c->start,
							      c->end, set, err),
					 err);
		done += o->kw->num_dumped;
	}
	sd_progress(sw->job->log, SD_PROGRESS_COPY, done, sw->num_dumpable);
	return st;
}

static sd_status
split_end(struct sd_writer *base, unsigned pass, struct sd_err *err)
{
	struct split_writer *sw = sw_of(base);
	struct sd_log *log = sw->job->log;
	sd_status st = SD_OK;
	int i;

	if (pass == 0) {
		for (i = 0; i < sw->n; i++)
			sd_debug(log, "split %d: %s pfn 0x%" PRIx64 "-0x%" PRIx64 "\n",
				 i, sw->out[i].path, sw->ranges[i].start,
				 sw->ranges[i].end);
		return SD_OK;
	}
	for (i = 0; !st && i < sw->n; i++)
		if (!sw->out[i].failed)
			st = part_status(sw, &sw->out[i],
					 kw_body_end(sw->out[i].kw, err), err);
	if (!st) {
		sd_progress(log, SD_PROGRESS_COPY, sw->num_dumpable,
			    sw->num_dumpable);
		sd_step_time(log, SD_PROGRESS_COPY, sd_log_mono_ns(log) - sw->t0);
	}
	progress_close(sw);
	if (!st && sw->nospace) {
		*err = sw->first;
		st = SD_ERR_NOSPACE;
	}
	return st;
}

/* Unreadable pages left the set: every part's slice again. */
static sd_status
split_rewrite_bitmap(struct sd_writer *base, const struct sd_cycle *c,
		     struct sd_pageset *set, struct sd_err *err)
{
	struct split_writer *sw = sw_of(base);
	sd_status st = SD_OK;
	int i;

	for (i = 0; !st && i < sw->n; i++) {
		struct kwriter *w = sw->out[i].kw;

		if (!sw->out[i].failed)
			st = part_status(sw, &sw->out[i],
					 kw_write_bitmap_slice(w, set,
							       w->offset_bitmap1 + w->len_bitmap / 2,
							       c->start, c->end, err),
					 err);
	}
	return st;
}

/* check_and_modify_multiple_kdump_headers: every part written to. */
static sd_status
split_mark_incomplete(struct sd_writer *base, bool stream_too,
		      struct sd_err *err)
{
	struct split_writer *sw = sw_of(base);
	struct sd_err ignored;
	int i;

	(void)stream_too;	/* the parts are files */
	(void)err;
	for (i = 0; i < sw->n; i++)
		if (sw->out[i].kw)
			(void)kw_mark_incomplete(sw->out[i].kw, false, &ignored);
	return SD_OK;
}

/*
 * A signal in cycle @c: every part that was still writing flushes its
 * caches and leaves the pfns from the first stop on out of the slice of
 * @c (a part that had not reached @c gets that slice too); all are marked.
 */
static void
split_stopped(struct sd_writer *base, const struct sd_cycle *c,
	      struct sd_pageset *set)
{
	struct split_writer *sw = sw_of(base);
	uint64_t stop = UINT64_MAX;
	struct sd_err ignored;
	int i;

	progress_close(sw);
	for (i = 0; i < sw->n; i++)
		if (sw->out[i].kw)
			stop = SD_MIN(stop, sw->out[i].kw->stop_pfn);
	for (i = 0; i < sw->n; i++) {
		struct kwriter *w = sw->out[i].kw;

		if (!w || sw->out[i].failed)
			continue;
		w->cycle_start = c->start;
		w->cycle_end = c->end;
		kw_flush_partial(w, set, stop);
	}
	(void)split_mark_incomplete(base, false, &ignored);
	sd_msg(sw->job->log,
	       "This is an incomplete dumpfile, but might analyzable.\n");
}

static sd_status
split_finish(struct sd_writer *base, struct sd_err *err)
{
	struct split_writer *sw = sw_of(base);
	sd_status st = SD_OK;
	int i;

	for (i = 0; !st && i < sw->n; i++)
		st = sw->out[i].sink->ops->finish(sw->out[i].sink, err);
	return st;
}

/* A part hit -L or a full device: on the last try all parts are marked. */
static void
split_nospace(struct sd_writer *base, bool last_try, struct sd_err *err)
{
	struct split_writer *sw = sw_of(base);

	progress_close(sw);
	if (!sw->nospace || !last_try)
		return;
	(void)split_mark_incomplete(base, false, err);
	sd_msg(sw->job->log,
	       "This is an incomplete dumpfile, but might analyzable.\n");
}

static uint64_t
split_bytes(const struct sd_writer *base)
{
	const struct split_writer *sw = (const struct split_writer *)base;
	uint64_t n = 0;
	int i;

	for (i = 0; sw->out && i < sw->n; i++)
		if (sw->out[i].sink)
			n += sw->out[i].sink->bytes;
	return n;
}

static void
split_report(struct sd_writer *base, sd_status st)
{
	(void)st;
	sd_job_report(base->job);
}

static void
split_close(struct sd_writer *base)
{
	struct split_writer *sw = sw_of(base);
	struct sd_budget *b = &sw->job->budget;
	int i;

	progress_close(sw);
	for (i = 0; sw->out && i < sw->n; i++) {
		if (sw->out[i].kw) {
			kw_free(sw->out[i].kw);
			sd_bfree(b, sw->out[i].kw, sizeof(*sw->out[i].kw));
		}
		sd_sink_close(sw->out[i].sink);
	}
	sd_bfree(b, sw->kp.rbuf, sw->kp.rbuf ? sw->rbuf_len : 0);
	sd_bfree(b, sw->out, sw->out ? sw->n * sizeof(*sw->out) : 0);
	sd_bfree(b, sw->ranges, sw->ranges ? sw->n * sizeof(*sw->ranges) : 0);
	sd_bfree(b, sw, sizeof(*sw));
}

const struct sd_writer_ops sd_writer_split_ops = {
	.version = 1,
	.name = "split",
	.open = split_open,
	.begin = split_begin,
	.cycle = split_cycle,
	.end = split_end,
	.rewrite_bitmap = split_rewrite_bitmap,
	.stopped = split_stopped,
	.mark_incomplete = split_mark_incomplete,
	.finish = split_finish,
	.nospace = split_nospace,
	.bytes = split_bytes,
	.report = split_report,
	.close = split_close,
};
