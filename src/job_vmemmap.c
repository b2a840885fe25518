// SPDX-License-Identifier: GPL-2.0-or-later
/* -e around the mem_map scan: set up, judge, apply (doc/exclude-vmemmap.md). */
#include <inttypes.h>
#include <string.h>

#include "sievedump/job.h"
#include "sievedump/job_vmemmap.h"
#include "sievedump/kdump_format.h"

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

	job->excluded_vmemmap = false;
	memset(&job->vmemmap_stats, 0, sizeof(job->vmemmap_stats));
	if (!job->opt->exclude_vmemmap)
		return SD_OK;
	if (!job->have_mm || job->mm.model == SD_MEM_FLATMEM) {
		sd_msg(job->log,
		       "WARNING: %s: no vmemmap to judge (no VMCOREINFO or no SPARSEMEM); -e is ignored.\n",
		       job->opt->vmcore);
		return SD_OK;
	}
	if (job->cycle_pfns && job->cycle_pfns < job->max_mapnr)
		return sd_fail(err, SD_ERR_BUDGET,
			       "%s: -e needs the page set of the whole dump at once, and the memory budget allows cycles of %" PRIu64 " pfns only (of %" PRIu64 ")",
			       job->opt->vmcore, job->cycle_pfns,
			       job->max_mapnr);
	st = sd_vmemmap_init(&job->vmemmap, &job->mm, &job->present,
			     job->max_mapnr, &job->budget, err);
	if (st)
		return sd_wrap(err, st, "%s: -e", job->opt->vmcore);
	job->mm.vmemmap = &job->vmemmap;
	return SD_OK;
}

/* After the scan (its status @st): judge the last run and apply. */
sd_status
sd_job_vmemmap_end(struct sd_job *job, sd_status st, struct sd_err *err)
{
	if (!job->mm.vmemmap)
		return st;
	if (st == SD_ERR_BUDGET)
		sd_wrap(err, st,
			"-e needs the page set of the whole dump at once");
	if (!st)
		st = sd_vmemmap_finish(&job->vmemmap, err);
	if (!st)
		st = sd_vmemmap_apply(&job->vmemmap, &job->dump, err);
	job->vmemmap_stats = job->vmemmap.stats;
	job->mm.vmemmap = NULL;
	sd_vmemmap_fini(&job->vmemmap);
	if (st)
		return st;
	job->excluded_vmemmap = true;
	sd_debug(job->log,
		 "vmemmap: %" PRIu64 " mapping(s) (4 KiB %" PRIu64 ", 2 MiB %" PRIu64 ", 1 GiB %" PRIu64 "); %" PRIu64 " candidate page(s), %" PRIu64 " shared, %" PRIu64 " self, %" PRIu64 " unmapped; %" PRIu64 " frame(s) mapped more than once\n",
		 job->vmemmap_stats.mappings, job->vmemmap_stats.map_4k,
		 job->vmemmap_stats.map_2m, job->vmemmap_stats.map_1g,
		 job->vmemmap_stats.candidates, job->vmemmap_stats.shared,
		 job->vmemmap_stats.self, job->vmemmap_stats.unmapped,
		 job->vmemmap_stats.shared_frames);
	return SD_OK;
}

/* makedumpfile's count, after the progress line of the scan. */
void
sd_job_vmemmap_report(struct sd_job *job)
{
	if (job->excluded_vmemmap)
		sd_progress_text(job->log,
				 "\nExcluded %" PRIu64 " unused vmemmap pages\n",
				 job->vmemmap_stats.excluded);
}

bool
sd_job_vmemmap_status(const struct sd_job *job)
{
	if (job->excluded_vmemmap)
		return true;
	return job->src && job->src->kdump &&
	       (job->src->kdump->status & SD_DUMP_DH_EXCLUDED_VMEMMAP);
}
