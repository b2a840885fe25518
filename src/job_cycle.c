// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Cyclic processing: when the whole 2nd bitmap does not fit the budget, it
 * is built one cycle (pfn range) at a time.  A counting pass first gives the
 * number of kept pages (the kdump format needs it before the first page
 * descriptor); the cycle driver (cycle_driver.c) then builds each cycle's
 * set again for the writer.
 */
#include <inttypes.h>
#include <string.h>

#include "sievedump/job.h"
#include "sievedump/job_cycle.h"
#include "sievedump/job_plan.h"
#include "sievedump/options.h"
#include "sievedump/writer.h"

enum { CHUNK = 65536, MIN_CYCLE = 4096 };

/* The counting pass: every cycle once, to learn num_dumpable. */
static sd_status
count_once(struct sd_job *job, struct sd_err *err)
{
	uint64_t start, end;
	sd_status st = SD_OK;

	job->sieve.num_dumpable = 0;
	memset(&job->sieve.carry, 0, sizeof(job->sieve.carry));
	memset(job->sieve.stats.excluded, 0, sizeof(job->sieve.stats.excluded));
	for (start = 0; !st && start < job->model.max_mapnr; start = end) {
		end = start + job->plan.cycle_pfns < job->model.max_mapnr ?
		      start + job->plan.cycle_pfns : job->model.max_mapnr;
		st = sd_cycle_build_set(job, start, end, err);
		if (!st)
			job->sieve.num_dumpable +=
				job->sieve.dump.ops->count(&job->sieve.dump,
							   start, end);
		sd_progress(job->log, SD_PROGRESS_UNN_PAGES, end,
			    job->model.max_mapnr);
	}
	sd_pageset_release(&job->sieve.dump);
	/* the write pass counts the excluded pages again */
	memset(job->sieve.stats.excluded, 0, sizeof(job->sieve.stats.excluded));
	return st;
}

/*
 * Count, halving the cycle whenever one cycle's set still outgrows the
 * budget: the write pass then meets the very same cycles, which fit.  The
 * fixed buffers are taken before (sd_job_prepare), so what outgrows the
 * budget here is the page set; at the smallest cycle nothing more can help.
 */
static sd_status
count_pass(struct sd_job *job, struct sd_err *err)
{
	uint64_t first = job->plan.cycle_pfns, fixed = job->budget.used;
	sd_status st;

	while ((st = count_once(job, err)) == SD_ERR_BUDGET &&
	       job->plan.cycle_pfns > MIN_CYCLE) {
		job->plan.cycle_pfns =
			job->plan.cycle_pfns / 2 / MIN_CYCLE * MIN_CYCLE;
		if (job->plan.cycle_pfns < MIN_CYCLE)
			job->plan.cycle_pfns = MIN_CYCLE;
		job->plan.adaptations++;
		sd_msg(job->log,
		       "A cycle's page set outgrew the budget; retrying with cycles of %" PRIu64 " pfns.\n",
		       job->plan.cycle_pfns);
	}
	if (st == SD_ERR_BUDGET)
		return sd_wrap(err, st,
			       "%s: the page set of a %" PRIu64 "-pfn cycle outgrew the %" PRIu64 " KiB the memory budget leaves it (%" PRIu64 " KiB charged for buffers of %" PRIu64 " KiB; cycles of %" PRIu64 " down to %" PRIu64 " pfns tried)",
			       job->opt->vmcore, job->plan.cycle_pfns,
			       (job->budget.limit - SD_MIN(fixed, job->budget.limit)) >> 10,
			       fixed >> 10, job->budget.limit >> 10, first,
			       job->plan.cycle_pfns);
	return st;
}

/*
 * Switch to cycles: either planned, or because the one-pass set outgrew its
 * share (the sample mispredicted).  Then the cycle size comes from what the
 * set had cost per pfn when it was stopped, with a 30% margin.
 */
sd_status
sd_job_go_cyclic(struct sd_job *job, struct sd_err *err)
{
	if (!job->plan.cyclic && job->sieve.dump.ops) {
		uint64_t used = job->sieve.dump.ops->mem_used(&job->sieve.dump);
		uint64_t reached =
			job->sieve.stats.reached ? job->sieve.stats.reached : 1;
		uint64_t share = job->budget.limit > job->budget.used - used ?
				 job->budget.limit - (job->budget.used - used) : 0;
		double per_pfn = (double)used / (double)reached;
		uint64_t cyc = per_pfn > 0 ? (uint64_t)(share * 0.7 / per_pfn) : 0;

		cyc = cyc / CHUNK * CHUNK;
		job->plan.cycle_pfns = cyc >= CHUNK ? cyc : CHUNK;
		job->plan.adaptations++;
		sd_msg(job->log,
		       "The page set outgrew its memory share at pfn 0x%" PRIx64 " (%.1f MiB); continuing in cycles of %" PRIu64 " pfns.\n",
		       reached, used / 1048576.0, job->plan.cycle_pfns);
		sd_pageset_release(&job->sieve.dump);
	}
	job->plan.cyclic = true;
	memset(&job->sieve.stats, 0, sizeof(job->sieve.stats));
	return count_pass(job, err);
}
