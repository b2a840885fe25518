// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * arm64 page-table walk and translation facts (doc/architectures.md):
 * 4, 16 and 64 KiB granules, 2 to 5 levels from VA_BITS, block entries at
 * every level above the last, 52-bit output addresses (LPA with 64 KiB
 * pages, LPA2 with 4 and 16 KiB pages), the root from swapper_pg_dir
 * through kimage_voffset.
 */
#include <inttypes.h>
#include <string.h>

#include "sievedump/compiler.h"
#include "sievedump/log.h"
#include "sievedump/vtop.h"

enum { ARM64_BLOCK = 1, ARM64_TYPE_MASK = 3 };

static int64_t
number_or(const struct sd_vmcoreinfo *vi, const char *name, int64_t dflt)
{
	int64_t v;

	return sd_vmci_number(vi, name, &v) ? dflt : v;
}

/* Levels a walk of @va_bits takes with 2^@shift-byte pages. */
static unsigned int
levels_for(unsigned int va_bits, unsigned int shift)
{
	unsigned int per = shift - 3;

	return (va_bits - shift + per - 1) / per;
}

/* Physical address of a kernel-image symbol (swapper_pg_dir). */
static sd_status
image_pa(const struct sd_vtop *vt, uint64_t sym, uint64_t *pa)
{
	const struct sd_source *src = vt->src;
	size_t i;

	if (vt->a.arm64.kimage_voffset) {
		*pa = sym - vt->a.arm64.kimage_voffset;
		return SD_OK;
	}
	for (i = 0; i < src->n_loads; i++) {	/* the kernel-text PT_LOAD */
		const struct sd_src_load *l = &src->loads[i];

		if (l->paddr != SD_SRC_NO_PADDR && sym >= l->vaddr &&
		    sym - l->vaddr < l->memsz) {
			*pa = l->paddr + (sym - l->vaddr);
			return SD_OK;
		}
	}
	return SD_ERR_NODATA;
}

static sd_status
geometry(struct sd_vtop *vt, const struct sd_vmcoreinfo *vi,
	 struct sd_err *err)
{
	struct sd_vtop_arm64 *a = &vt->a.arm64;
	int64_t va = number_or(vi, "VA_BITS", 0);
	int64_t t1sz = number_or(vi, "TCR_EL1_T1SZ", 0);

	a->page_shift = vi->page_shift;
	if (a->page_shift != 12 && a->page_shift != 14 && a->page_shift != 16)
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "%s: arm64 PAGESIZE=%u is not a 4, 16 or 64 KiB granule",
			       vi->origin, vi->page_size);
	if (va < 36 || va > 52)
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "%s: arm64 NUMBER(VA_BITS)=%" PRId64 " %s (36 to 52 bits are supported)",
			       vi->origin, va, va ? "is out of range" : "is missing");
	a->va_bits = (unsigned int)va;
	a->vabits_actual = t1sz > 0 && t1sz < 64 - 35 ? (unsigned int)(64 - t1sz)
						      : a->va_bits;
	if (a->vabits_actual > a->va_bits)
		a->vabits_actual = a->va_bits;
	/*
	 * A 4/16 KiB kernel built for 52 bits runs with 48 when the CPU has
	 * no LPA2, and then its top level is folded away: swapper_pg_dir is
	 * the next level's table.  64 KiB kernels keep their levels (the
	 * hardware is pointed into the larger top table instead).
	 */
	a->walk_bits = a->page_shift == 16 ? a->va_bits : a->vabits_actual;
	a->levels = levels_for(a->walk_bits, a->page_shift);
	vt->physmem_bits = (unsigned int)number_or(vi, "MAX_PHYSMEM_BITS",
						   a->va_bits == 52 ? 52 : 48);
	a->lpa = vt->physmem_bits == 52 && a->page_shift == 16;
	a->lpa2 = vt->physmem_bits == 52 && a->page_shift != 16 &&
		  a->vabits_actual == 52;
	vt->section_bits = 30;	/* before 5.12; newer kernels export it */
	vt->table_size = (uint64_t)1 << a->page_shift;
	return SD_OK;
}

static void
pick_phys_base(struct sd_vtop *vt, const struct sd_vmcoreinfo *vi)
{
	int64_t po;

	if (vt->src->has_phys_base) {	/* refiltering: the sub-header's */
		vt->phys_base = vt->src->phys_base;
	} else if (!sd_vmci_number(vi, "PHYS_OFFSET", &po)) {
		vt->phys_base = (uint64_t)po;
	} else {
		vt->phys_base = 0;
		vt->phys_base_from_loads = true;
	}
}

static sd_status
arm64_init(struct sd_vtop *vt, const struct sd_vmcoreinfo *vi,
	   struct sd_err *err)
{
	struct sd_vtop_arm64 *a = &vt->a.arm64;
	uint64_t sym, page_end;
	sd_status st = geometry(vt, vi, err);

	if (st)
		return st;
	a->kimage_voffset = (uint64_t)number_or(vi, "kimage_voffset", 0);
	if (sd_vmci_symbol(vi, "swapper_pg_dir", &sym))
		return sd_fail(err, SD_ERR_CORRUPT, "%s: no SYMBOL(swapper_pg_dir)",
			       vi->origin);
	if (image_pa(vt, sym, &vt->root))
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: SYMBOL(swapper_pg_dir)=0x%" PRIx64
			       " has no physical address (no NUMBER(kimage_voffset), no PT_LOAD holds it)",
			       vi->origin, sym);
	/* the kernel image sits above the linear map since 5.4 */
	page_end = -((uint64_t)1 << ((a->va_bits > 48 ? 48 : a->va_bits) - 1));
	a->flipped = sym > page_end;
	vt->page_offset = a->flipped ? -((uint64_t)1 << a->vabits_actual)
				     : -((uint64_t)1 << (a->vabits_actual - 1));
	pick_phys_base(vt, vi);
	return SD_OK;
}

/* The output address of descriptor @e (table, block or page). */
static uint64_t
out_addr(const struct sd_vtop_arm64 *a, uint64_t e)
{
	uint64_t top = a->lpa2 ? 50 : 48;
	uint64_t pa = e & ((((uint64_t)1 << top) - 1) &
			   ~(((uint64_t)1 << a->page_shift) - 1));

	if (a->lpa)
		pa |= ((e >> 12) & 0xf) << 48;
	if (a->lpa2)
		pa |= ((e >> 8) & 0x3) << 50;
	return pa;
}

static const char *
level_name(const struct sd_vtop_arm64 *a, unsigned int lvl)
{
	static const char *const names[] = { "", "PTE", "PMD", "PUD", "P4D" };

	return lvl == a->levels ? "PGD" : names[lvl];
}

static sd_status
arm64_walk(struct sd_vtop *vt, uint64_t vaddr, struct sd_vtop_walk *w,
	   struct sd_err *err)
{
	const struct sd_vtop_arm64 *a = &vt->a.arm64;
	unsigned int per = a->page_shift - 3, lvl;
	uint64_t table = vt->root;

	if (!(vaddr >> 55 & 1))
		return sd_fail(err, SD_ERR_NODATA,
			       "vtop 0x%" PRIx64 ": not a kernel (TTBR1) address",
			       vaddr);
	vaddr |= (uint64_t)0xff << 56;	/* a tag (MTE, TBI) is not address */
	for (lvl = a->levels; lvl >= 1; lvl--) {
		unsigned int shift = a->page_shift + (lvl - 1) * per;
		unsigned int bits = lvl == a->levels ? a->walk_bits - shift : per;
		uint64_t size = (uint64_t)1 << shift, e;
		sd_status st = sd_vtop_entry(vt, table,
					     (unsigned int)((vaddr >> shift) &
							    (((uint64_t)1 << bits) - 1)),
					     level_name(a, lvl), vaddr, w, err);

		if (st)
			return st;
		e = w->step[w->n_steps - 1].entry;
		if (lvl == 1 || (e & ARM64_TYPE_MASK) == ARM64_BLOCK) {
			w->page_size = size;
			w->paddr = (out_addr(a, e) & ~(size - 1)) +
				   (vaddr & (size - 1));
			return SD_OK;
		}
		table = out_addr(a, e);
	}
	return SD_ERR_NODATA;	/* not reached: levels >= 1 */
}

static void
arm64_debug(const struct sd_vtop *vt, struct sd_log *log)
{
	const struct sd_vtop_arm64 *a = &vt->a.arm64;

	sd_debug(log, "sievedump: arm64 %u KiB pages, VA_BITS %u (%u in use), %u levels, top table at paddr 0x%"
		 PRIx64 ", kimage_voffset 0x%" PRIx64 ", page_offset 0x%" PRIx64
		 ", %u-bit physical addresses%s, phys_base 0x%" PRIx64 " (%s)\n",
		 (1u << a->page_shift) >> 10, a->va_bits, a->vabits_actual,
		 a->levels, vt->root, a->kimage_voffset, vt->page_offset,
		 vt->physmem_bits, a->lpa ? " (LPA)" : a->lpa2 ? " (LPA2)" : "",
		 vt->phys_base, vt->src->has_phys_base ? "kdump sub-header" :
		 vt->phys_base_from_loads ? "unknown" : "PHYS_OFFSET");
}

/* Without VMCOREINFO the linear map's offset cannot be told apart. */
static sd_status
arm64_phys_base_from_loads(const struct sd_source *src, uint64_t *ret)
{
	if (!src->has_phys_base)
		return SD_ERR_NODATA;
	*ret = src->phys_base;
	return SD_OK;
}

const struct sd_arch_ops sd_arch_arm64 = {
	.name = "arm64",
	.uts_machine = "aarch64",
	.elf_machine = 183,		/* EM_AARCH64 */
	.exclude_vmemmap = false,
	.vtop_init = arm64_init,
	.walk = arm64_walk,
	.phys_base_from_loads = arm64_phys_base_from_loads,
	.debug = arm64_debug,
};
