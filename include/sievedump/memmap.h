/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_MEMMAP_H
#define SIEVEDUMP_MEMMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sievedump/alloc.h"
#include "sievedump/status.h"
#include "sievedump/vmcoreinfo.h"
#include "sievedump/vtop.h"

struct sd_vmemmap;

/**
 * Where the first kernel's struct pages are (doc/kernel-model.md): the sparsemem
 * section table walked into a sorted list of ranges, each a run of pfns
 * whose struct pages are virtually contiguous.  Adjacent sections whose
 * mem_maps continue each other (always the case with SPARSEMEM_VMEMMAP)
 * are merged, so the list is short; n_sections still counts sections.
 */
struct sd_memmap_range {
	uint64_t pfn_start;
	uint64_t pfn_end;	/**< exclusive, capped at max_mapnr */
	uint64_t mem_map;	/**< kernel vaddr of the struct page of pfn_start */
};

enum sd_mem_model {
	SD_MEM_NONE = 0,
	SD_MEM_SPARSEMEM,
	SD_MEM_SPARSEMEM_EXTREME,
	SD_MEM_FLATMEM,
};

struct sd_memmap {
	struct sd_vtop *vt;
	struct sd_budget *budget;
	enum sd_mem_model model;
	struct sd_memmap_range *ranges;	/**< sorted by pfn; budget-charged */
	size_t n_ranges;
	size_t cap;			/**< allocated entries */
	uint64_t n_sections;		/**< sections with a mem_map */
	uint64_t num_section;		/**< sections examined */
	uint64_t pages_per_section;
	uint64_t page_struct_size;	/**< SIZE(page) */
	uint64_t max_mapnr;		/**< lowered to the last mem_map pfn */
	uint64_t unreadable_blocks;	/**< mem_section blocks we could not read */
	uint64_t pages_read;		/**< struct pages read so far (all passes) */
	uint64_t first_unreadable_block, first_unreadable_addr;
	uint64_t bad_sections;		/**< garbage section_mem_map: skipped */
	uint64_t first_bad_section, first_bad_smm;
	bool mem_section_is_pointer;	/**< validated on the pointer retry */
	/**
	 * Refiltering: count every pfn of an excluded run, as makedumpfile
	 * does, also those the input dump had already left out (else only
	 * the pfns the scan removes from the set are counted).
	 */
	bool count_runs;
	/**
	 * The scan's struct page buffer, when the job holds one for the
	 * whole dump (sd_memmap_scan_buffer); else each scan takes its own.
	 */
	uint8_t *scan_buf;
	size_t scan_buf_bytes;
	/** -e: the scan hands its free runs to it (vmemmap.h); NULL: no -e. */
	struct sd_vmemmap *vmemmap;
};

/**
 * Walk the section table (or SYMBOL(mem_map) for FLATMEM).  @max_mapnr is
 * the source's; mm->max_mapnr is the lowered value (doc/kernel-model.md).
 */
sd_status sd_memmap_init(struct sd_memmap *mm, struct sd_vtop *vt,
			 const struct sd_vmcoreinfo *vi, uint64_t max_mapnr,
			 struct sd_budget *budget, struct sd_err *err)
	SD_MUST_CHECK;
void sd_memmap_fini(struct sd_memmap *mm);

/** Bytes of the scan's struct page buffer for struct pages of @struct_page_size. */
size_t sd_memmap_scan_bytes(uint64_t struct_page_size);
/**
 * Allocate the scan's buffer once for every later scan (a fixed cost of
 * the dump, taken before the page set may grow into the rest); freed by
 * sd_memmap_fini.
 */
sd_status sd_memmap_scan_buffer(struct sd_memmap *mm, struct sd_err *err)
	SD_MUST_CHECK;

/** Index of the range holding @pfn, or -1. */
long sd_memmap_find(const struct sd_memmap *mm, uint64_t pfn);

/**
 * Read the struct pages of pfns [@pfn, @pfn + @n) into @buf
 * (n * page_struct_size bytes), translating once per 2 MiB / 4 KiB
 * mapping.  Pfns with no mem_map read as zeros (use sd_memmap_find to
 * tell them apart); an unmapped vmemmap page is SD_ERR_NODATA.
 */
sd_status sd_memmap_read_pages(struct sd_memmap *mm, uint64_t pfn, uint64_t n,
			       void *buf, struct sd_err *err) SD_MUST_CHECK;

#endif
