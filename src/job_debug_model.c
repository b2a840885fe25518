// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -D after the input is open: phys_base, max_mapnr, the cyclic buffer,
 * page_offset, nodes, the memory model and the mem_map table as
 * makedumpfile 1.7.2 prints them (doc/debug-output.md), then sievedump's
 * own kernel-model facts.
 */
#include <inttypes.h>
#include <string.h>

#include "sievedump/job.h"
#include "sievedump/job_debug.h"
#include "sievedump/mdf_cycle.h"
#include "sievedump/options.h"

enum { NODEMASK_MAX = 1024 };	/* bytes of node_online_map read at most */

static void
debug_phys_base(struct sd_job *job)
{
	int64_t pb;

	if (job->model.src->kdump) /* refiltering: the sub-header's, no line */
		return;
	if (!sd_vmci_number(job->model.vmci, "phys_base", &pb))
		sd_debug(job->log, "phys_base    : %" PRIx64 " (vmcoreinfo)\n",
			 (uint64_t)pb);
	else if (job->model.vt->phys_base_from_loads)
		sd_debug(job->log, "phys_base    : %" PRIx64 " (pt_load)\n",
			 job->model.vt->phys_base);
}

/* makedumpfile's cyclic buffer line (none when it refilters or -W). */
static void
debug_cyclic_buffer(struct sd_job *job)
{
	const struct sd_options *opt = job->opt;
	uint64_t bufsize;

	if (job->model.src->kdump || sd_job_mdf_bitmap_file(opt))
		return;
	if (opt->cyclic_buffer_kb) {
		bufsize = (uint64_t)opt->cyclic_buffer_kb << 10;
	} else {
		bufsize = sd_job_mdf_cyclic_buffer(job);
		if (bufsize * 8 >= job->model.max_mapnr * 2)
			sd_debug(job->log,
				 "There is enough free memory to be done in one cycle.\n");
	}
	sd_debug(job->log, "\nBuffer size for the cyclic mode: %" PRIu64 "\n",
		 bufsize);
}

/* Online nodes: the bits of node_online_map (1 if it cannot be read). */
static unsigned
count_nodes(struct sd_job *job)
{
	uint8_t mask[NODEMASK_MAX];
	uint64_t addr;
	int64_t size = 8;
	unsigned n = 0;
	struct sd_err ignored;
	int64_t i;

	if (sd_vmci_symbol(job->model.vmci, "node_online_map", &addr))
		return 1;
	if (sd_vmci_size(job->model.vmci, "nodemask_t", &size) || size <= 0 ||
	    size > NODEMASK_MAX)
		size = 8;
	if (sd_read_virt(job->model.vt, addr, mask, (size_t)size, &ignored))
		return 1;
	for (i = 0; i < size; i++)
		n += (unsigned)__builtin_popcount(mask[i]);
	return n ? n : 1;
}

static const char *
model_name(enum sd_mem_model m)
{
	switch (m) {
	case SD_MEM_SPARSEMEM: return "SPARSEMEM";
	case SD_MEM_SPARSEMEM_EXTREME: return "SPARSEMEM_EX";
	case SD_MEM_FLATMEM: return "FLATMEM";
	default: return NULL;
	}
}

/* The struct page address of @pfn, or 0 if no mem_map covers it. */
static uint64_t
mem_map_of(const struct sd_memmap *mm, uint64_t pfn)
{
	long i = sd_memmap_find(mm, pfn);

	if (i < 0)
		return 0;
	return mm->ranges[i].mem_map +
	       (pfn - mm->ranges[i].pfn_start) * mm->page_struct_size;
}

/* One row per section (one for FLATMEM), ends capped at max_mapnr. */
static void
debug_mem_map_table(struct sd_job *job)
{
	const struct sd_memmap *mm = &job->model.mm;
	uint64_t max = job->model.src->max_mapnr, pps = mm->pages_per_section;
	uint64_t n = mm->model == SD_MEM_FLATMEM ? 1 : mm->num_section, i;

	sd_debug(job->log, "%13s %16s %16s %16s\n", "", "mem_map",
		 "pfn_start", "pfn_end");
	for (i = 0; i < n; i++) {
		uint64_t start = mm->model == SD_MEM_FLATMEM ? 0 : i * pps;
		uint64_t end = mm->model == SD_MEM_FLATMEM ? max :
			       SD_MIN(start + pps, max);

		sd_debug(job->log, "mem_map[%4" PRIu64 "] %16" PRIx64 " %16"
			 PRIx64 " %16" PRIx64 "\n", i, mem_map_of(mm, start),
			 start, end);
	}
}

/*
 * makedumpfile maps an ELF input whenever mmap() works on it (any file),
 * never a kdump-compressed one.  What our reader does is our own line.
 */
static void
debug_mmap(struct sd_job *job)
{
	if (job->opt->non_mmap)
		sd_debug(job->log,
			 "mmap() is disabled by specified option '--non-mmap'.\n");
	else if (!job->model.src->kdump)
		sd_debug(job->log, "mmap() is available on the kernel.\n");
	else
		sd_debug(job->log,
			 "The kernel doesn't support mmap(),read() will be used instead.\n");
}

static void
debug_makedumpfile_model(struct sd_job *job)
{
	const char *model = model_name(job->model.mm.model);

	debug_phys_base(job);
	if (!job->model.src->kdump)
		sd_debug(job->log, "\nmax_mapnr    : %" PRIx64 "\n",
			 job->model.src->max_mapnr);
	debug_cyclic_buffer(job);
	sd_debug(job->log, "page_offset  : %" PRIx64 " (%s)\n",
		 job->model.vt->page_offset,
		 job->model.vt->page_offset_from_loads ? "pt_load" :
							 "constant");
	sd_debug(job->log, "num of NODEs : %u\n", count_nodes(job));
	if (model)
		sd_debug(job->log, "Memory type  : %s\n\n", model);
	if (model)
		debug_mem_map_table(job);
	debug_mmap(job);
}

/* sievedump's own: what the PT_LOAD table leaves out, and the model. */
static void
debug_own_source(struct sd_job *job)
{
	const struct sd_source *src = job->model.src;
	size_t i;

	sd_debug(job->log, "sievedump: input %s read with %s, page size %u, max_mapnr 0x%"
		 PRIx64 " (0x%" PRIx64 " after mem_map)\n",
		 src->kdump ? "kdump-compressed (refiltering)" : "ELF",
		 src->uses_mmap ? "mmap windows" : "pread",
		 src->page_size, src->max_mapnr, job->model.max_mapnr);
	for (i = 0; i < src->n_loads; i++)
		sd_debug(job->log,
			 "sievedump: LOAD[%2zu] file_offset %16" PRIx64
			 " file_size %16" PRIx64 " mem_size %16" PRIx64 "\n",
			 i, src->loads[i].offset, src->loads[i].filesz,
			 src->loads[i].memsz);
}

static void
debug_own_model(struct sd_job *job)
{
	const struct sd_vtop *vt = job->model.vt;
	const struct sd_vmcoreinfo *vi = job->model.vmci;
	int64_t vmalloc;
	uint64_t vmemmap;

	vt->arch->debug(vt, job->log);
	if (vi->has_kerneloffset)
		sd_debug(job->log, "sievedump: KASLR offset 0x%" PRIx64
			 " (KERNELOFFSET)\n", vi->kerneloffset);
	else
		sd_debug(job->log, "sievedump: KASLR offset unknown (no KERNELOFFSET)\n");
	if (!sd_vmci_number(vi, "VMALLOC_START", &vmalloc))
		sd_debug(job->log, "sievedump: vmalloc_start 0x%" PRIx64
			 " (NUMBER(VMALLOC_START))\n", (uint64_t)vmalloc);
	if (!sd_vmci_symbol(vi, "vmemmap", &vmemmap))
		sd_debug(job->log, "sievedump: vmemmap_start 0x%" PRIx64
			 " (SYMBOL(vmemmap))\n", vmemmap);
	else if (job->model.mm.n_ranges)
		sd_debug(job->log, "sievedump: vmemmap_start 0x%" PRIx64
			 " (first mem_map)\n", job->model.mm.ranges[0].mem_map);
	sd_debug(job->log, "sievedump: mem_map: %" PRIu64 " of %" PRIu64
		 " sections have one, in %zu contiguous range(s); SIZE(page) %" PRIu64 "\n",
		 job->model.mm.n_sections, job->model.mm.num_section,
		 job->model.mm.n_ranges, job->model.mm.page_struct_size);
}

void
sd_job_debug_model(struct sd_job *job)
{
	if (!(job->log->level & SD_LOG_DEBUG))
		return;
	if (job->model.vt && job->model.have_mm)
		debug_makedumpfile_model(job);
	debug_own_source(job);
	if (job->model.vt && job->model.have_mm)
		debug_own_model(job);
}
