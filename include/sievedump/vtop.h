/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_VTOP_H
#define SIEVEDUMP_VTOP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sievedump/arch.h"
#include "sievedump/source.h"
#include "sievedump/status.h"
#include "sievedump/vmcoreinfo.h"

/**
 * Virtual-to-physical translation through the first kernel's page tables
 * (doc/kernel-model.md, doc/architectures.md).  The walk itself is the
 * architecture's (struct sd_arch_ops); the table cache, the loop and
 * range checks and the reads through it are shared (src/vtop.c).
 *
 * A small LRU cache of 4 KiB blocks of page-table pages avoids re-reading
 * the upper levels.  Not thread-safe: one per thread.
 */
enum { SD_VTOP_CACHE_PAGES = 16, SD_VTOP_BLOCK = 4096 };

struct sd_vtop_cache_ent {
	uint64_t paddr;		/**< block address; UINT64_MAX = empty */
	uint64_t stamp;
	uint8_t data[SD_VTOP_BLOCK];
};

/** x86_64's translation facts (src/vtop_x86_64.c). */
struct sd_vtop_x86_64 {
	uint64_t entry_mask;	/**< ENTRY_MASK & ~sme_mask */
	uint64_t sme_mask;
	bool l5;		/**< NUMBER(pgtable_l5_enabled) != 0 */
};

/** arm64's translation facts (src/vtop_arm64.c). */
struct sd_vtop_arm64 {
	unsigned int page_shift;	/**< 12, 14 or 16 (the granule) */
	unsigned int levels;	/**< 2 to 5 */
	unsigned int va_bits;	/**< NUMBER(VA_BITS) */
	unsigned int vabits_actual;	/**< 64 - NUMBER(TCR_EL1_T1SZ) */
	unsigned int walk_bits;	/**< address bits the tables resolve */
	uint64_t kimage_voffset;	/**< NUMBER(kimage_voffset), 0 if none */
	bool lpa;		/**< 52-bit output addresses, 64 KiB pages */
	bool lpa2;		/**< 52-bit output addresses, 4/16 KiB pages */
	bool flipped;		/**< linear map in the lower half (5.4+) */
};

struct sd_vtop {
	struct sd_source *src;
	const struct sd_arch_ops *arch;
	uint64_t root;		/**< physical address of the top table */
	uint64_t table_size;	/**< bytes of one page-table page */
	uint64_t phys_base;	/**< the kdump sub-header's phys_base */
	uint64_t page_offset;	/**< lower bound of kernel virtual addresses */
	unsigned int physmem_bits;	/**< MAX_PHYSMEM_BITS when not exported */
	unsigned int section_bits;	/**< SECTION_SIZE_BITS when not exported */
	bool phys_base_from_loads;	/**< not from VMCOREINFO */
	bool page_offset_from_loads;	/**< else the constant */
	union {
		struct sd_vtop_x86_64 x86;
		struct sd_vtop_arm64 arm64;
	} a;
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
 * Set up for architecture @arch from VMCOREINFO and the source's
 * PT_LOADs.  @vt is caller-owned (it is ~65 KiB: allocate it, do not put
 * it on a small stack).
 */
sd_status sd_vtop_init(struct sd_vtop *vt, const struct sd_arch_ops *arch,
		       struct sd_source *src, const struct sd_vmcoreinfo *vi,
		       struct sd_err *err) SD_MUST_CHECK;
/**
 * For the walks (src/vtop_*.c): read entry @index (8 bytes, little
 * endian) of the table at @table, record it as a step named @level and
 * check that it is valid (bit 0, on every architecture), that the table
 * is inside memory and not one the walk already read.
 */
sd_status sd_vtop_entry(struct sd_vtop *vt, uint64_t table,
			unsigned int index, const char *level,
			uint64_t vaddr, struct sd_vtop_walk *w,
			struct sd_err *err) SD_MUST_CHECK;
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
