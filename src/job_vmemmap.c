// SPDX-License-Identifier: GPL-2.0-or-later
/* -e around the mem_map scan: set up, judge, apply (doc/exclude-vmemmap.md). */
#include <inttypes.h>
#include <string.h>

#include "sievedump/job.h"
#include "sievedump/job_vmemmap.h"
#include "sievedump/kdump_format.h"
#include "sievedump/options.h"

/*
 * Before the scan.  Without the struct page array (no VMCOREINFO) there is
 * no vmemmap to judge: as makedumpfile does when it cannot find it, the
 * dump goes on without -e, with a warning.  -e decides on the whole page
 * set, so it needs one cycle; a budget that only allows cycles fails here.
 */
sd_status
sd_job_vmemmap_begin(struct sd_job *job, struct sd_err *err)
{
	sd_status st;

	job->sieve.excluded_vmemmap = false;
	memset(&job->sieve.vmemmap_stats, 0, sizeof(job->sieve.vmemmap_stats));
	if (!job->opt->exclude_vmemmap)
		return SD_OK;
	if (!job->model.have_mm || job->model.mm.model == SD_MEM_FLATMEM) {
		sd_msg(job->log,
		       "WARNING: %s: no vmemmap to judge (no VMCOREINFO or no SPARSEMEM); -e is ignored.\n",
		       job->opt->vmcore);
		return SD_OK;
	}
	if (job->plan.cycle_pfns && job->plan.cycle_pfns < job->model.max_mapnr)
		return sd_fail(err, SD_ERR_BUDGET,
			       "%s: -e needs the page set of the whole dump at once, and the memory budget allows cycles of %" PRIu64 " pfns only (of %" PRIu64 ")",
			       job->opt->vmcore, job->plan.cycle_pfns,
			       job->model.max_mapnr);
	st = sd_vmemmap_init(&job->sieve.vmemmap, &job->model.mm,
			     &job->model.present, job->model.max_mapnr,
			     &job->budget, err);
	if (st)
		return sd_wrap(err, st, "%s: -e", job->opt->vmcore);
	job->model.mm.vmemmap = &job->sieve.vmemmap;
	return SD_OK;
}

/* After the scan (its status @st): judge the last run and apply. */
sd_status
sd_job_vmemmap_end(struct sd_job *job, sd_status st, struct sd_err *err)
{
	if (!job->model.mm.vmemmap)
		return st;
	if (st == SD_ERR_BUDGET)
		sd_wrap(err, st,
			"-e needs the page set of the whole dump at once");
	if (!st)
		st = sd_vmemmap_finish(&job->sieve.vmemmap, err);
	if (!st)
		st = sd_vmemmap_apply(&job->sieve.vmemmap, &job->sieve.dump,
				      err);
	job->sieve.vmemmap_stats = job->sieve.vmemmap.stats;
	job->model.mm.vmemmap = NULL;
	sd_vmemmap_fini(&job->sieve.vmemmap);
	if (st)
		return st;
	job->sieve.excluded_vmemmap = true;
	sd_debug(job->log,
		 "vmemmap: %" PRIu64 " mapping(s) (4 KiB %" PRIu64
		 ", 2 MiB %" PRIu64 ", 1 GiB %" PRIu64 "); %" PRIu64
		 " candidate page(s), %" PRIu64 " shared, %" PRIu64
		 " self, %" PRIu64 " unmapped; %" PRIu64
		 " frame(s) mapped more than once\n",
		 job->sieve.vmemmap_stats.mappings,
		 job->sieve.vmemmap_stats.map_4k,
		 job->sieve.vmemmap_stats.map_2m,
		 job->sieve.vmemmap_stats.map_1g,
		 job->sieve.vmemmap_stats.candidates,
		 job->sieve.vmemmap_stats.shared, job->sieve.vmemmap_stats.self,
		 job->sieve.vmemmap_stats.unmapped,
		 job->sieve.vmemmap_stats.shared_frames);
	return SD_OK;
}

/* makedumpfile's count, after the progress line of the scan. */
void
sd_job_vmemmap_report(struct sd_job *job)
{
	if (job->sieve.excluded_vmemmap)
		sd_progress_text(job->log,
				 "\nExcluded %" PRIu64 " unused vmemmap pages\n",
				 job->sieve.vmemmap_stats.excluded);
}

bool
sd_job_vmemmap_status(const struct sd_job *job)
{
	if (job->sieve.excluded_vmemmap)
		return true;
	return job->model.src && job->model.src->kdump &&
	       (job->model.src->kdump->status & SD_DUMP_DH_EXCLUDED_VMEMMAP);
}
