// SPDX-License-Identifier: GPL-2.0-or-later
/* Analysis: which pages go in (the 2nd bitmap), and the report. */
#include <inttypes.h>
#include <string.h>

#include "sievedump/job.h"
#include "sievedump/job_analyze.h"
#include "sievedump/job_cycle.h"
#include "sievedump/job_open.h"
#include "sievedump/job_vmemmap.h"
#include "sievedump/options.h"

static void
scan_progress(void *arg, uint64_t pfn)
{
	struct sd_job *job = arg;

	sd_progress(job->log, SD_PROGRESS_UNN_PAGES, pfn, job->model.max_mapnr);
}

sd_status
sd_job_analyze(struct sd_job *job, struct sd_err *err)
{
	struct sd_scan_carry carry = { 0 };
	uint64_t t0;
	sd_status st = SD_OK;

	if (job->model.vmci) {
		st = sd_page_rules_init(&job->sieve.rules, job->model.vmci,
					job->dump_level, err);
		if (st)
			return st;
		/* keep free pages rather than lose the dump (doc/compat.md) */
		if ((job->dump_level & 16) && !job->sieve.rules.can_buddy &&
		    !job->sieve.warned_buddy) {
			sd_msg(job->log,
			       "WARNING: %s: VMCOREINFO has no %s: free pages cannot be told apart in mem_map and are kept in the dump.\n",
			       job->opt->vmcore,
			       sd_page_rules_buddy_missing(&job->sieve.rules));
			job->sieve.warned_buddy = true;
		}
	}
	t0 = sd_log_mono_ns(job->log);
	sd_progress_begin(job->log);
	if (job->plan.cycle_pfns &&
	    job->plan.cycle_pfns < job->model.max_mapnr) {
		st = sd_job_vmemmap_begin(job, err);	/* -e fails here */
		if (!st)
			st = sd_job_go_cyclic(job, err);	/* planned cycles */
		goto done;
	}
	if (!job->sieve.dump.ops) {
		st = sd_job_build_dump(job, job->plan.dump_ops ?
					    job->plan.dump_ops :
					    &sd_pageset_plain_ops,
				       0, job->model.max_mapnr,
				       &job->sieve.dump, err);
		if (st)
			return st;
	}
	st = sd_job_vmemmap_begin(job, err);
	if (!st && job->model.vmci &&
	    sd_page_rules_need_scan(&job->sieve.rules))
		st = sd_scan_memmap(&job->model.mm, &job->sieve.rules,
				    &job->model.present, &job->sieve.dump, 0,
				    job->model.max_mapnr, &carry,
				    &job->sieve.stats, scan_progress, job, err);
	st = sd_job_vmemmap_end(job, st, err);
	if (st == SD_ERR_BUDGET && job->budget.limit && !job->opt->exclude_vmemmap)
		st = sd_job_go_cyclic(job, err);	/* the sample was wrong */
	else if (!st) {
		job->sieve.num_dumpable =
			job->sieve.dump.ops->count(&job->sieve.dump, 0,
						   job->model.max_mapnr);
		sd_debug(job->log,
			 "one pass: pfn 0x0-0x%" PRIx64 ": %" PRIu64
			 " kept, page set %s %.2f MiB\n",
			 job->model.max_mapnr, job->sieve.num_dumpable,
			 job->sieve.dump.ops->name,
			 job->sieve.dump.ops->mem_used(&job->sieve.dump) /
				 1048576.0);
	}
done:
	if (st)
		return st;
	sd_progress(job->log, SD_PROGRESS_UNN_PAGES, 1, 1);
	sd_progress_done(job->log);
	sd_job_vmemmap_report(job);
	sd_step_time(job->log, SD_PROGRESS_UNN_PAGES,
		     sd_log_mono_ns(job->log) - t0);
	if (job->sieve.stats.bad_orders)
		sd_msg(job->log,
		       "WARNING: Invalid free page order: pfn=%" PRIx64
		       ", order=%" PRIu64 ", max order=%u (%" PRIu64
		       " such pages kept)\n",
		       job->sieve.stats.first_bad_pfn,
		       job->sieve.stats.first_bad_order,
		       job->sieve.rules.max_order, job->sieve.stats.bad_orders);
	if (job->sieve.stats.bad_compounds)
		sd_msg(job->log,
		       "WARNING: Invalid compound page order: pfn=%" PRIx64 ", order=%" PRIu64
		       " runs past the struct pages of its range or above order 18 (%" PRIu64
		       " such heads judged alone, their tails kept)\n",
		       job->sieve.stats.first_bad_compound_pfn,
		       job->sieve.stats.first_bad_compound_order,
		       job->sieve.stats.bad_compounds);
	if (job->sieve.stats.unreadable)
		sd_msg(job->log,
		       "WARNING: %s: struct page of %" PRIu64 " page(s) could not be read, first at pfn 0x%" PRIx64
		       " (%s); those pages are kept\n",
		       job->opt->vmcore, job->sieve.stats.unreadable,
		       job->sieve.stats.first_unreadable_pfn,
		       job->sieve.stats.unreadable_why);
	return SD_OK;
}

/* The report's lines of excluded pages by kind (@x: counts per category). */
void
sd_job_report_kinds(const struct sd_job *job, const uint64_t *x)
{
	struct sd_log *l = job->log;

	sd_report(l, "    Pages filled with zero  : 0x%016" PRIx64 "\n",
		  job->sieve.zero_pages);
	sd_report(l, "    Non-private cache pages : 0x%016" PRIx64 "\n", x[SD_CAT_CACHE]);
	sd_report(l, "    Private cache pages     : 0x%016" PRIx64 "\n", x[SD_CAT_CACHE_PRIVATE]);
	sd_report(l, "    User process data pages : 0x%016" PRIx64 "\n", x[SD_CAT_USER]);
	sd_report(l, "    Free pages              : 0x%016" PRIx64 "\n", x[SD_CAT_FREE]);
	sd_report(l, "    Hwpoison pages          : 0x%016" PRIx64 "\n", x[SD_CAT_HWPOISON]);
	sd_report(l, "    Offline pages           : 0x%016" PRIx64 "\n", x[SD_CAT_OFFLINE]);
}

void
sd_job_report(struct sd_job *job)
{
	const uint64_t *x = job->sieve.stats.excluded;
	uint64_t orig = job->model.max_mapnr - job->model.memhole;
	uint64_t excl = job->sieve.zero_pages + x[SD_CAT_CACHE] +
			x[SD_CAT_CACHE_PRIVATE] + x[SD_CAT_USER] +
			x[SD_CAT_FREE] + x[SD_CAT_HWPOISON] + x[SD_CAT_OFFLINE];
	uint64_t remain = orig - excl;
	uint64_t hits = job->model.vt ? job->model.vt->hits : 0;
	uint64_t miss = job->model.vt ? job->model.vt->misses : 0;
	struct sd_log *l = job->log;

	if (job->model.src && job->model.src->kdump &&
	    job->model.src->unreadable_pages)
		sd_msg(l, "%s: %" PRIu64 " page(s) excluded or lost (incomplete dump) in the input were read as zeros\n",
		       job->model.src->path, job->model.src->unreadable_pages);
	sd_report(l, "\nOriginal pages  : 0x%016" PRIx64 "\n", orig);
	sd_report(l, "  Excluded pages   : 0x%016" PRIx64 "\n", excl);
	sd_job_report_kinds(job, x);
	sd_report(l, "  Remaining pages  : 0x%016" PRIx64 "\n", remain);
	if (job->sieve.unreadable_pages) /* ours: left out, not in Remaining */
		sd_report(l, "  Unreadable pages : 0x%016" PRIx64 "\n",
			  job->sieve.unreadable_pages);
	sd_report(l, "  (The number of pages is reduced to %" PRIu64 "%%.)\n",
		  orig ? remain * 100 / orig : 0);
	sd_report(l, "Memory Hole     : 0x%016" PRIx64 "\n",
		  job->model.memhole);
	sd_report(l, "--------------------------------------------------\n");
	sd_report(l, "Total pages     : 0x%016" PRIx64 "\n",
		  job->model.max_mapnr);
	sd_report(l, "Write bytes     : %" PRIu64 "\n", job->out.write_bytes);
	sd_report(l, "\n");
	sd_report(l, "Cache hit: %" PRIu64 ", miss: %" PRIu64 ", hit rate: %.1f%%\n",
		  hits, miss, hits + miss ? 100.0 * hits / (hits + miss) : 0.0);
	sd_report(l, "\n");
}

void
sd_job_summary(const struct sd_job *job)
{
	const struct sd_pageset *pr = &job->model.present;
	uint64_t present = pr->ops ?
			   pr->ops->count(pr, 0, job->model.max_mapnr) : 0;
	uint64_t cycles = job->plan.cyclic ? job->out.cycles_written : 1;

	uint64_t set = job->sieve.dump.ops ?
			       job->sieve.dump.ops->mem_used(&job->sieve.dump) :
			       0;

	sd_debug(job->log,
		 "sievedump: %" PRIu64 " cycle(s), %u adaptation(s); mem_map: %" PRIu64 " struct pages read (%.2f passes over %" PRIu64 " present pfns); page set %.2f MiB (%s); budget peak %.1f MiB of %.1f MiB\n",
		 cycles, job->plan.adaptations, job->model.mm.pages_read,
		 present ? (double)job->model.mm.pages_read / (double)present :
			   0.0,
		 present, set / 1048576.0,
		 job->sieve.dump.ops ? job->sieve.dump.ops->name : "released",
		 job->budget.peak / 1048576.0,
		 job->budget.limit / 1048576.0);
	if (job->model.src)
		sd_debug(job->log,
			 "sievedump: input %.1f MiB read (%" PRIu64 " mmap window(s), %" PRIu64 " pread(s)); copy: read %.2f s, compress %.2f s, write %.2f s\n",
			 job->model.src->io.bytes / 1048576.0,
			 job->model.src->io.maps, job->model.src->io.preads,
			 job->out.copy_clock.read, job->out.copy_clock.compress,
			 job->out.copy_clock.write);
}
