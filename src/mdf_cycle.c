// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * makedumpfile's cycle rules (include/sievedump/mdf_cycle.h): when it
 * keeps its bitmaps in a file, its cyclic buffer, its memory-hole count.
 * The byte-identical writers follow them; sievedump's own cycles are the
 * plan's (job_cycle.c).
 */
#include "sievedump/job.h"
#include "sievedump/mdf_cycle.h"
#include "sievedump/options.h"

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

	if (job->model.src->kdump || sd_job_mdf_bitmap_file(opt) ||
	    opt->mode == SD_MODE_MEM_USAGE)
		return true;
	if (opt->cyclic_buffer_kb)
		return false;
	return !bufsize || bufsize * 8 >= job->model.max_mapnr * 2;
}

/* makedumpfile's cyclic buffer: both bitmaps, at most 4 MiB, per file. */
uint64_t
sd_job_mdf_cyclic_buffer(const struct sd_job *job)
{
	const struct sd_options *opt = job->opt;
	uint64_t bufsize = job->model.max_mapnr * 2 / 8;

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
	uint64_t hole = job->model.max_mapnr, psz = job->model.src->page_size;
	size_t i;

	for (i = 0; i < job->model.src->n_loads; i++) {
		const struct sd_src_load *l = &job->model.src->loads[i];
		uint64_t s, e, end = l->paddr + l->memsz;

		if (l->paddr == SD_SRC_NO_PADDR)
			continue;
		s = l->paddr / psz;
		e = SD_MIN(end / psz, job->model.max_mapnr);
		if (one_cycle && s > job->model.max_mapnr)
			continue;
		if (one_cycle && end % psz)
			e++;
		if (e > s)
			hole -= e - s;
	}
	return hole;
}

/*
 * makedumpfile's ELF mode (doc/format-elf-split.md), with plenty of free
 * memory assumed: one cycle when its buffer holds both bitmaps;
 * --cyclic-buffer keeps it cyclic; --work-dir forces one cycle.  Cyclic,
 * it rebuilds its set for every (PT_LOAD, cycle) pair; so do we, also
 * when our own plan is cyclic, with the smaller of the two cycles.
 */
void
sd_job_mdf_elf_cycles(const struct sd_job *job, bool *rebuild,
		      uint64_t *cycle_pfns)
{
	uint64_t max = job->model.max_mapnr, buf, pfns;
	bool cyclic;

	if (sd_job_mdf_bitmap_file(job->opt)) {
		cyclic = false;
		buf = max / 4 + 1;
	} else if (job->opt->cyclic_buffer_kb) {
		cyclic = true;
		buf = job->opt->cyclic_buffer_kb << 10;
	} else {
		buf = sd_job_mdf_cyclic_buffer(job);
		cyclic = !sd_job_mdf_one_cycle(job);
	}
	*rebuild = cyclic || job->plan.cyclic;
	pfns = cyclic ? buf * 8 : max;
	if (job->plan.cyclic && job->plan.cycle_pfns < pfns)
		pfns = job->plan.cycle_pfns;
	pfns &= ~(uint64_t)7;
	*cycle_pfns = pfns < 8 ? 8 : pfns;
}

/*
 * The pfns makedumpfile's ELF writer walks for one PT_LOAD: a partial
 * first page is left out (counted by its bytes), a partial last page is in.
 */
void
sd_mdf_load_pfns(const struct sd_src_load *l, uint32_t psz, uint64_t *start,
		 uint64_t *end)
{
	*start = l->paddr / psz + (l->paddr % psz != 0);
	*end = (l->paddr + l->memsz) / psz + ((l->paddr + l->memsz) % psz != 0);
}

/*
 * Its first cycle of a PT_LOAD (for_each_cycle, ELF variant): [*cs, *ce),
 * ending on the cycle grid of @cycle_pfns (or at @pfn_end) but starting no
 * lower than @pfn_start rounded down to 8.
 */
void
sd_mdf_elf_first_cycle(uint64_t pfn_start, uint64_t pfn_end,
		       uint64_t cycle_pfns, uint64_t *cs, uint64_t *ce)
{
	uint64_t grid = pfn_start / cycle_pfns * cycle_pfns;

	*ce = SD_MIN(grid + cycle_pfns, pfn_end);
	*cs = grid < pfn_start ? pfn_start & ~(uint64_t)7 : grid;
}
