// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kdump-compressed writer behind the writer ops (include/sievedump/
 * writer.h): one pass over the cycles the driver hands in, and the ends a
 * dump can come to (doc/format-kdump.md): a signal, unreadable pages, a
 * full output.  On the flattened sink (-F) it writes the record stream.
 */
#include <inttypes.h>
#include <string.h>

#include "sievedump/job_analyze.h"
#include "write_kdump.h"

static struct kwriter *
kw_of(struct sd_writer *base)
{
	return (struct kwriter *)base;
}

/*
 * Rewrite the header with status |= 0x08 (doc/format-kdump.md).  A flattened stream
 * gets a later record for offset 0, which -R applies over the first one
 * (makedumpfile does not mark -F streams after ENOSPC; we do it only after
 * a signal or unreadable pages, when the stream itself still works).
 */
sd_status
kw_mark_incomplete(struct kwriter *w, bool stream_too, struct sd_err *err)
{
	struct sd_disk_dump_header dh = w->dh;
	uint64_t end;

	dh.status |= SD_DUMP_DH_COMPRESSED_INCOMPLETE;
	if (!w->sink->seekable && !w->sink->is_null && stream_too)
		return sd_sink_write(w->sink, 0, &dh, sizeof(dh), err);
	if (w->sink->ops->size(w->sink, &end, err) || end < sizeof(dh))
		return SD_ERR_NODATA;	/* not even the header is there */
	return sd_sink_write(w->sink, 0, &dh, sizeof(dh), err);
}

/*
 * Stopped by a signal at pfn @stop: what is in the caches goes out (data
 * before the descriptors that point at it), so every page written so far
 * is readable; the pfns of the cycle from @stop on leave the 2nd bitmap
 * (the written pages keep their ranks), so a reader sees them as not
 * dumped rather than as zero descriptors; later cycles' slices were never
 * written.
 */
void
kw_flush_partial(struct kwriter *w, struct sd_pageset *ps, uint64_t stop)
{
	struct sd_err ignored;
	uint64_t cleared;

	if (stop < w->cycle_end && ps->ops) {
		stop = SD_MAX(stop, w->cycle_start);
		if (ps->ops->clear_range(ps, stop, w->cycle_end, &cleared,
					 &ignored) == SD_OK &&
		    kw_write_bitmap_slice(w, ps, w->offset_bitmap1 +
					  w->len_bitmap / 2, w->cycle_start,
					  w->cycle_end, &ignored) != SD_OK)
			return;
	}
	if (sd_wcache_flush(w->sink, &w->page, &ignored) != SD_OK)
		return;
	if (sd_wcache_flush(w->sink, &w->hdr, &ignored) != SD_OK)
		return;	/* best effort: the dump is marked incomplete */
}

static sd_status
kdump_open(struct sd_job *job, struct sd_sink *sink, struct sd_writer **ret,
	   struct sd_err *err)
{
	struct kwriter *w;
	sd_status st;

	st = sd_balloc(&job->budget, sizeof(*w), 1, "kdump writer",
		       (void **)&w, err);
	if (st)
		return st;
	st = kw_init(w, job, sink, NULL, err);
	if (st) {
		kw_free(w);
		sd_bfree(&job->budget, w, sizeof(*w));
		return st;
	}
	w->base = (struct sd_writer){
		.ops = &sd_writer_kdump_ops, .job = job, .passes = 1,
		.cycle_pfns = w->pfn_cyclic,
	};
	*ret = &w->base;
	return SD_OK;
}

static sd_status
kdump_begin(struct sd_writer *base, unsigned pass, struct sd_err *err)
{
	(void)pass;
	return kw_body_begin(kw_of(base), err);
}

static sd_status
kdump_cycle(struct sd_writer *base, const struct sd_cycle *c,
	    struct sd_pageset *set, struct sd_err *err)
{
	return kw_body_cycle(kw_of(base), c->start, c->end, set, err);
}

static sd_status
kdump_end(struct sd_writer *base, unsigned pass, struct sd_err *err)
{
	(void)pass;
	return kw_body_end(kw_of(base), err);
}

static sd_status
kdump_rewrite_bitmap(struct sd_writer *base, const struct sd_cycle *c,
		     struct sd_pageset *set, struct sd_err *err)
{
	struct kwriter *w = kw_of(base);

	return kw_write_bitmap_slice(w, set, w->offset_bitmap1 +
				     w->len_bitmap / 2, c->start, c->end, err);
}

/* A signal: the caches out, the cycle cut where the copy stopped, the mark. */
static void
kdump_stopped(struct sd_writer *base, const struct sd_cycle *c,
	      struct sd_pageset *set)
{
	struct kwriter *w = kw_of(base);
	struct sd_err ignored;

	(void)c;
	kw_progress_close(w, true);
	kw_flush_partial(w, set, w->stop_pfn);
	if (kw_mark_incomplete(w, true, &ignored) == SD_OK)
		sd_msg(w->job->log,
		       "This is an incomplete dumpfile, but might analyzable.\n");
	(void)w->sink->ops->finish(w->sink, &ignored);	/* -F: end marker */
}

static sd_status
kdump_mark_incomplete(struct sd_writer *base, bool stream_too,
		      struct sd_err *err)
{
	return kw_mark_incomplete(kw_of(base), stream_too, err);
}

static sd_status
kdump_finish(struct sd_writer *base, struct sd_err *err)
{
	struct sd_sink *sink = kw_of(base)->sink;

	return sink->ops->finish(sink, err);
}

/* After SD_ERR_NOSPACE: the message, and on the last try the mark. */
static void
kdump_nospace(struct sd_writer *base, bool last_try, struct sd_err *err)
{
	struct kwriter *w = kw_of(base);

	kw_progress_close(w, true);
	sd_msg(w->job->log, "\n%s\n", err->msg);
	if (last_try)
		sd_writer_last_try_mark(base, w->sink);
}

static uint64_t
kdump_bytes(const struct sd_writer *base)
{
	return ((const struct kwriter *)base)->sink->bytes;
}

static void
kdump_report(struct sd_writer *base, sd_status st)
{
	(void)st;
	sd_job_report(base->job);
}

static void
kdump_close(struct sd_writer *base)
{
	struct kwriter *w = kw_of(base);
	struct sd_budget *b = w->budget;

	kw_progress_close(w, true);
	kw_free(w);
	sd_bfree(b, w, sizeof(*w));
}

const struct sd_writer_ops sd_writer_kdump_ops = {
	.version = 1,
	.name = "kdump",
	.open = kdump_open,
	.begin = kdump_begin,
	.cycle = kdump_cycle,
	.end = kdump_end,
	.rewrite_bitmap = kdump_rewrite_bitmap,
	.stopped = kdump_stopped,
	.mark_incomplete = kdump_mark_incomplete,
	.finish = kdump_finish,
	.nospace = kdump_nospace,
	.bytes = kdump_bytes,
	.report = kdump_report,
	.close = kdump_close,
};
