// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The cycle driver: one try of a dump, any format.  It owns the cycles
 * and builds each cycle's page set (data pfns, the mem_map scan with its
 * carry, -e's cut, the zero-page pass where the format needs it), hands
 * it to the writer (include/sievedump/writer.h) and ends the output after
 * a signal, unreadable pages or a full disk.  Cycles: the plan's when the
 * whole set does not fit (job->plan.cyclic), else the writer's record cuts
 * over the whole set; an ELF writer gets them PT_LOAD by PT_LOAD, in
 * makedumpfile's order (src/mdf_cycle.c).
 */
#include <inttypes.h>
#include <string.h>

#include "sievedump/job.h"
#include "sievedump/job_open.h"
#include "sievedump/mdf_cycle.h"
#include "sievedump/options.h"
#include "sievedump/page.h"
#include "sievedump/signals.h"
#include "sievedump/unreadable.h"
#include "sievedump/writer.h"

sd_status
sd_cycle_build_set(struct sd_job *job, uint64_t start, uint64_t end,
		   struct sd_err *err)
{
	sd_status st;

	st = sd_job_build_dump(job, job->plan.dump_ops ? job->plan.dump_ops :
				    &sd_pageset_plain_ops,
			       start, end, &job->sieve.dump, err);
	if (st || !job->model.vmci ||
	    !sd_page_rules_need_scan(&job->sieve.rules))
		return st;
	return sd_scan_memmap(&job->model.mm, &job->sieve.rules,
			      &job->model.present, &job->sieve.dump, start, end,
			      &job->sieve.carry, &job->sieve.stats, NULL, NULL,
			      err);
}

/* Clear the zero pages among @n pages at @pfn read into @buf. */
static sd_status
clear_zero_runs(struct sd_job *job, struct sd_pageset *ps, uint64_t pfn,
		uint64_t n, const uint8_t *buf, struct sd_err *err)
{
	uint32_t psz = job->model.src->page_size;
	uint64_t i, zs = 0, cleared;
	bool in_zero = false;
	sd_status st = SD_OK;

	for (i = 0; !st && i <= n; i++) {
		bool z = i < n && sd_page_is_zero(buf + i * psz, psz);

		if (z && !in_zero) {
			zs = i;
			in_zero = true;
		} else if (!z && in_zero) {
			in_zero = false;
			st = ps->ops->clear_range(ps, pfn + zs, pfn + i,
						  &cleared, err);
			job->sieve.zero_pages += cleared;
		}
	}
	return st;
}

/*
 * Remove the zero pages of @ps in [start, end) (makedumpfile's
 * exclude_zero_pages), read into the writer's scratch buffer.  An
 * unreadable page is not known to be zero: it is filled with a non-zero
 * byte and kept (the ELF writer stops at it).
 */
static sd_status
exclude_zero(struct sd_writer *w, struct sd_pageset *ps, uint64_t start,
	     uint64_t end, struct sd_err *err)
{
	struct sd_job *job = w->job;
	const uint64_t batch = w->scratch_len / job->model.src->page_size;
	struct sd_range r;
	uint64_t from = start, pfn;
	sd_status st = SD_OK;

	while (!st && from < end && ps->ops->next_run(ps, from, &r)) {
		uint64_t s = SD_MAX(r.start, from), e = SD_MIN(r.end, end);

		if (s >= end)
			break;
		for (pfn = s; !st && pfn < e; pfn += batch) {
			uint64_t n = SD_MIN(e - pfn, batch);

			st = sd_check_interrupt(err);
			if (!st)
				st = sd_read_pages_salvage(job->model.src, pfn,
							   n, w->scratch, 0xff,
							   NULL, NULL, err);
			if (st)
				return sd_wrap(err, st,
					       "reading pfn 0x%" PRIx64 " for the zero-page check",
					       pfn);
			st = clear_zero_runs(job, ps, pfn, n, w->scratch, err);
		}
		from = e;
	}
	return st;
}

/* -D: what one cycle's set came to. */
static void
debug_cycle(struct sd_job *job, uint64_t start, uint64_t end)
{
	const struct sd_pageset *ps = &job->sieve.dump;

	sd_debug(job->log,
		 "cycle %" PRIu64 ": pfn 0x%" PRIx64 "-0x%" PRIx64 ": %" PRIu64
		 " kept, page set %s %.2f MiB, budget %.1f of %.1f MiB in use\n",
		 job->out.cycles_written, start, end,
		 ps->ops->count(ps, start, end), ps->ops->name,
		 ps->ops->mem_used(ps) / 1048576.0,
		 job->budget.used / 1048576.0, job->budget.limit / 1048576.0);
}

static bool
rebuilds(const struct sd_writer *w)
{
	return w->job->plan.cyclic || w->rebuild_sets;
}

/* The set of cycle @c: built now, or the whole one built by the analysis. */
static sd_status
cycle_set(struct sd_writer *w, const struct sd_cycle *c, bool first,
	  struct sd_err *err)
{
	struct sd_job *job = w->job;
	sd_status st;

	if (!rebuilds(w) || c->start >= c->end)
		return SD_OK;
	if (job->sieve.excluded_vmemmap)	/* -e cuts the whole set only */
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "-e in cycles is not implemented yet: add --work-dir");
	if (first)
		memset(&job->sieve.carry, 0, sizeof(job->sieve.carry));
	job->out.cycles_written++;
	st = sd_cycle_build_set(job, c->start, c->end, err);
	if (!st && (job->log->level & SD_LOG_DEBUG))
		debug_cycle(job, c->start, c->end);
	if (!st && w->zero_pass)
		st = exclude_zero(w, &job->sieve.dump, c->start, c->end, err);
	return st;
}

/* Build cycle @c's set and hand it to the writer. */
static sd_status
one_cycle(struct sd_writer *w, const struct sd_cycle *c, bool first,
	  struct sd_err *err)
{
	struct sd_job *job = w->job;
	uint64_t bad = job->sieve.unreadable_pages;
	sd_status st = cycle_set(w, c, first, err);

	if (!st)
		st = w->ops->cycle(w, c, &job->sieve.dump, err);
	if (!st && bad != job->sieve.unreadable_pages && w->ops->rewrite_bitmap)
		st = w->ops->rewrite_bitmap(w, c, &job->sieve.dump, err);
	return st;
}

/* The pfn range in cycles of w->cycle_pfns. */
static sd_status
pass_by_range(struct sd_writer *w, struct sd_cycle *c, struct sd_err *err)
{
	uint64_t max = w->job->model.max_mapnr, start;
	sd_status st = SD_OK;

	/* c stays the cycle that failed: the writer's stop path needs it */
	for (start = 0; !st && !w->pass_done && start < max; start = c->end) {
		c->start = start;
		c->end = SD_MIN(start + w->cycle_pfns, max);
		st = one_cycle(w, c, start == 0, err);
	}
	return st;
}

/* One PT_LOAD: its pfns whole, or in makedumpfile's ELF cycles. */
static sd_status
pass_one_load(struct sd_writer *w, struct sd_cycle *c, struct sd_err *err)
{
	const struct sd_job *job = w->job;
	uint64_t start, end, cs, ce;
	sd_status st = SD_OK;

	sd_mdf_load_pfns(&job->model.src->loads[c->load],
			 job->model.src->page_size, &start, &end);
	c->load_first = true;
	if (!rebuilds(w)) {
		c->start = start;
		c->end = end;
		c->load_last = true;
		return one_cycle(w, c, true, err);
	}
	sd_mdf_elf_first_cycle(start, end, w->cycle_pfns, &cs, &ce);
	do {	/* at least once: the writer closes the PT_LOAD's segment */
		c->start = cs;
		c->end = cs < end ? ce : cs;
		c->load_last = ce >= end || cs >= end;
		st = one_cycle(w, c, c->load_first, err);
		c->load_first = false;
		cs = ce;
		ce = SD_MIN(cs + w->cycle_pfns, end);
	} while (!st && cs < end);
	return st;
}

/* PT_LOAD by PT_LOAD, in file order; loads without a physical address are the writer's. */
static sd_status
pass_by_load(struct sd_writer *w, struct sd_cycle *c, struct sd_err *err)
{
	const struct sd_source *src = w->job->model.src;
	sd_status st = SD_OK;
	size_t i;

	for (i = 0; !st && !w->pass_done && i < src->n_loads; i++) {
		if (src->loads[i].paddr == SD_SRC_NO_PADDR)
			continue;
		c->load = i;
		st = pass_one_load(w, c, err);
	}
	return st;
}

static sd_status
run_passes(struct sd_writer *w, struct sd_cycle *c, struct sd_err *err)
{
	struct sd_job *job = w->job;
	sd_status st = SD_OK;
	unsigned p;

	if (rebuilds(w)) {
		/* the sets are rebuilt per cycle; the whole one is not needed */
		if (!job->plan.cyclic)
			sd_pageset_release(&job->sieve.dump);
	} else if (w->zero_pass) {
		st = exclude_zero(w, &job->sieve.dump, 0, job->model.max_mapnr,
				  err);
	}
	for (p = 0; !st && p < w->passes; p++) {
		if (rebuilds(w)) {	/* each pass counts its exclusions */
			memset(job->sieve.stats.excluded, 0,
			       sizeof(job->sieve.stats.excluded));
			job->sieve.zero_pages = 0;
		}
		memset(c, 0, sizeof(*c));
		c->pass = p;
		w->pass_done = false;
		st = w->ops->begin(w, p, err);
		if (!st)
			st = w->by_load ? pass_by_load(w, c, err) :
					  pass_by_range(w, c, err);
		if (!st)
			st = w->ops->end(w, p, err);
	}
	return st;
}

/* The end of the try: the incomplete mark, the sinks' end, the report. */
static sd_status
conclude(struct sd_writer *w, sd_status st, const struct sd_cycle *c,
	 bool last_try, struct sd_err *err)
{
	struct sd_job *job = w->job;
	struct sd_err e2;

	if (st == SD_ERR_INTERRUPTED ||
	    (st == SD_ERR_UNREADABLE && !w->ops->rewrite_bitmap)) {
		w->ops->stopped(w, c, &job->sieve.dump);
	} else if (!st) {
		if (job->sieve.unreadable_pages &&
		    w->ops->mark_incomplete(w, true, &e2) == SD_OK)
			sd_msg(job->log,
			       "This is an incomplete dumpfile, but might analyzable.\n");
		st = w->ops->finish(w, err);
	}
	if (st == SD_ERR_NOSPACE)
		w->ops->nospace(w, last_try, err);
	if (!st && job->sieve.unreadable_pages)
		st = sd_fail(err, SD_ERR_UNREADABLE,
			     "%s: %" PRIu64 " unreadable page(s) are not in the dump (the first at pfn 0x%" PRIx64 ")",
			     job->opt->vmcore, job->sieve.unreadable_pages,
			     job->sieve.first_unreadable_pfn);
	job->out.write_bytes = w->ops->bytes(w);
	if (!st || st == SD_ERR_UNREADABLE)
		w->ops->report(w, st);
	return st;
}

sd_status
sd_cycle_driver_run(struct sd_job *job, const struct sd_writer_ops *ops,
		    struct sd_sink *sink, bool last_try, struct sd_err *err)
{
	struct sd_writer *w = NULL;
	struct sd_cycle c;
	sd_status st;

	memset(&c, 0, sizeof(c));
	job->sieve.zero_pages = 0;
	job->sieve.unreadable_pages = 0;
	/* the room the plan kept for the writer's buffers is its own now */
	sd_budget_release(&job->budget, job->plan.writer_reserve);
	job->plan.writer_reserve = 0;
	st = ops->open(job, sink, &w, err);
	if (st)
		return st;
	st = run_passes(w, &c, err);
	st = conclude(w, st, &c, last_try, err);
	ops->close(w);
	return st;
}
