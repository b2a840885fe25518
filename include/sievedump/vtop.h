/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_VTOP_H
#define SIEVEDUMP_VTOP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sievedump/source.h"
#include "sievedump/status.h"
#include "sievedump/vmcoreinfo.h"

/**
 * x86_64 virtual-to-physical translation through the first kernel's page
 * tables (doc/kernel-model.md): 4- or 5-level, 1 GiB and 2 MiB pages, ENTRY_MASK
 * (bits 12–51) minus NUMBER(sme_mask).  Root = SYMBOL(init_level4_pgt) or
 * SYMBOL(init_top_pgt) − __START_KERNEL_map + phys_base.
 *
 * A small LRU cache of page-table pages avoids re-reading the upper levels.
 * Not thread-safe: one per thread.
 */
enum { SD_VTOP_CACHE_PAGES = 16, SD_VTOP_TABLE_SIZE = 4096 };

struct sd_vtop_cache_ent {
	uint64_t paddr;		/**< table page address; UINT64_MAX = empty */
	uint64_t stamp;
	uint8_t data[SD_VTOP_TABLE_SIZE];
};

struct sd_vtop {
	struct sd_source *src;
	uint64_t root;		/**< physical address of the top table */
	uint64_t entry_mask;	/**< ENTRY_MASK & ~sme_mask */
	uint64_t sme_mask;
	uint64_t phys_base;
	uint64_t page_offset;	/**< lower bound of kernel virtual addresses */
	bool l5;		/**< NUMBER(pgtable_l5_enabled) != 0 */
	bool phys_base_from_loads;	/**< NUMBER(phys_base) was missing */
	bool page_offset_from_loads;	/**< else the constant */
	uint64_t clock;
	uint64_t hits, misses;
	struct sd_vtop_cache_ent cache[SD_VTOP_CACHE_PAGES];
};

/** One level of a walk, for --vtop. */
struct sd_vtop_step {
	const char *level;	/**< "PGD", "P4D", "PUD", "PMD", "PTE" */
	uint64_t entry_paddr;	/**< where the entry was read */
	uint64_t entry;		/**< its value */
};

struct sd_vtop_walk {
	unsigned int n_steps;
	struct sd_vtop_step step[5];
	uint64_t paddr;		/**< result, or UINT64_MAX on failure */
	uint64_t page_size;	/**< 4 KiB, 2 MiB or 1 GiB mapping */
};

/**
 * Set up from VMCOREINFO (init_top_pgt/init_level4_pgt, phys_base,
 * pgtable_l5_enabled, sme_mask) and the source's PT_LOADs (phys_base
 * fallback, PAGE_OFFSET).  @vt is caller-owned (it is ~65 KiB: allocate
 * it, do not put it on a small stack).
 */
sd_status sd_vtop_init(struct sd_vtop *vt, struct sd_source *src,
		       const struct sd_vmcoreinfo *vi, struct sd_err *err)
	SD_MUST_CHECK;
/** Forget cached page-table pages. */
void sd_vtop_flush(struct sd_vtop *vt);

/**
 * Translate @vaddr.  *@map_size (optional) receives the size of the
 * mapping that holds it (4 KiB, 2 MiB, 1 GiB), so that callers can
 * translate once per mapping.  A not-present entry is SD_ERR_NODATA.
 */
sd_status sd_vtop(struct sd_vtop *vt, uint64_t vaddr, uint64_t *paddr,
		  uint64_t *map_size, struct sd_err *err) SD_MUST_CHECK;
/** Same, recording every level. */
sd_status sd_vtop_walk(struct sd_vtop *vt, uint64_t vaddr,
		       struct sd_vtop_walk *walk, struct sd_err *err)
	SD_MUST_CHECK;
/** Read @len bytes of kernel virtual memory (may span mappings). */
sd_status sd_read_virt(struct sd_vtop *vt, uint64_t vaddr, void *buf,
		       size_t len, struct sd_err *err) SD_MUST_CHECK;
/**
 * --vtop ADDR output, like makedumpfile's print_vtop: a blank line,
 * "Translating virtual address %lx to physical address.", one
 * "  PGD : %16lx => %16lx" line per level read, then "VIRTUAL
 * PHYSICAL", "%16lx  %llx" and a blank line.  On failure the physical
 * address prints as ffffffffffffffff and the error is returned too.
 */
sd_status sd_vtop_print(struct sd_vtop *vt, uint64_t vaddr, FILE *out,
			struct sd_err *err);

#endif
