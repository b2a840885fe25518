// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * makedumpfile's cycle rules (include/sievedump/mdf_cycle.h): when it
 * keeps its bitmaps in a file, its cyclic buffer, its memory-hole count.
 * The byte-identical writers follow them; sievedump's own cycles are the
 * plan's (job_cycle.c).
 */
#include "sievedump/job.h"
#include "sievedump/mdf_cycle.h"

/*
 * makedumpfile's one-cycle mode, in which it keeps its bitmaps in a file
 * (doc/format-kdump.md): its buffer (both bitmaps, max_mapnr *
 * 2 / 8 bytes, at most 4 MiB, shared by the --split files) holds both
 * bitmaps exactly, or it refilters, or --work-dir is given; never with
 * --cyclic-buffer.  Its 1st bitmap, memory-hole count and bitmap records
 * differ in that mode.
 */
bool
sd_job_mdf_bitmap_file(const struct sd_options *opt)
{
	return opt->work_dir || opt->exclude_vmemmap;
}

bool
sd_job_mdf_one_cycle(const struct sd_job *job)
{
	const struct sd_options *opt = job->opt;
	uint64_t bufsize = sd_job_mdf_cyclic_buffer(job);

	if (job->src->kdump || sd_job_mdf_bitmap_file(opt) ||
	    opt->mode == SD_MODE_MEM_USAGE)
		return true;
	if (opt->cyclic_buffer_kb)
		return false;
	return !bufsize || bufsize * 8 >= job->max_mapnr * 2;
}

/* makedumpfile's cyclic buffer: both bitmaps, at most 4 MiB, per file. */
uint64_t
sd_job_mdf_cyclic_buffer(const struct sd_job *job)
{
	const struct sd_options *opt = job->opt;
	uint64_t bufsize = job->max_mapnr * 2 / 8;

	if (opt->mode == SD_MODE_SPLIT && opt->n_dumpfiles > 1)
		bufsize /= (uint64_t)opt->n_dumpfiles;
	return SD_MIN(bufsize, (uint64_t)4 << 20);
}

/*
 * makedumpfile's memory hole: max_mapnr minus the pfns of every PT_LOAD,
 * overlaps included (it can wrap below zero).  In its one-cycle mode a
 * PT_LOAD whose end is not page-aligned counts its last, partial page.
 */
uint64_t
sd_job_memhole(const struct sd_job *job, bool one_cycle)
{
	uint64_t hole = job->max_mapnr, psz = job->src->page_size;
	size_t i;

	for (i = 0; i < job->src->n_loads; i++) {
		const struct sd_src_load *l = &job->src->loads[i];
		uint64_t s, e, end = l->paddr + l->memsz;

		if (l->paddr == SD_SRC_NO_PADDR)
			continue;
		s = l->paddr / psz;
		e = SD_MIN(end / psz, job->max_mapnr);
		if (one_cycle && s > job->max_mapnr)
			continue;
		if (one_cycle && end % psz)
			e++;
		if (e > s)
			hole -= e - s;
	}
	return hole;
}
