// SPDX-License-Identifier: GPL-2.0-or-later
/* x86_64 page-table walk and translation facts (doc/kernel-model.md). */
#include <inttypes.h>
#include <stddef.h>
#include <string.h>

#include "sievedump/compiler.h"
#include "sievedump/cursor.h"
#include "sievedump/log.h"
#include "sievedump/vtop.h"

#define X86_ENTRY_MASK (~0xfff0000000000fffULL)
#define X86_PAGE_PSE 0x080ULL
#define X86_PAGE_OFFSET_4L 0xffff880000000000ULL
#define X86_PAGE_OFFSET_5L 0xff10000000000000ULL

static sd_status
pick_root(struct sd_vtop *vt, const struct sd_vmcoreinfo *vi,
	  struct sd_err *err)
{
	uint64_t sym;
	int64_t pb;

	if (sd_vmci_symbol(vi, "init_level4_pgt", &sym) &&
	    sd_vmci_symbol(vi, "init_top_pgt", &sym))
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: no SYMBOL(init_top_pgt) or SYMBOL(init_level4_pgt)",
			       vi->origin);
	if (vt->src->has_phys_base) {	/* refiltering: the sub-header's */
		vt->phys_base = vt->src->phys_base;
	} else if (!sd_vmci_number(vi, "phys_base", &pb)) {
		vt->phys_base = (uint64_t)pb;
	} else if (!sd_source_phys_base_x86_64(vt->src, &vt->phys_base)) {
		vt->phys_base_from_loads = true;
	} else {
		vt->phys_base = 0;
	}
	vt->root = sym - SD_X86_64_START_KERNEL_MAP + vt->phys_base;
	return SD_OK;
}

static sd_status
x86_init(struct sd_vtop *vt, const struct sd_vmcoreinfo *vi,
	 struct sd_err *err)
{
	struct sd_vtop_x86_64 *x = &vt->a.x86;
	int64_t num;
	sd_status st;

	if (!sd_vmci_number(vi, "sme_mask", &num))
		x->sme_mask = (uint64_t)num;
	x->entry_mask = X86_ENTRY_MASK & ~x->sme_mask;
	x->l5 = !sd_vmci_number(vi, "pgtable_l5_enabled", &num) && num;
	vt->physmem_bits = x->l5 ? 52 : 46;
	vt->section_bits = 27;
	st = pick_root(vt, vi, err);
	if (st)
		return st;
	if (!sd_source_page_offset_x86_64(vt->src, &vt->page_offset))
		vt->page_offset_from_loads = true;
	else
		vt->page_offset = x->l5 ? X86_PAGE_OFFSET_5L
					: X86_PAGE_OFFSET_4L;
	return SD_OK;
}

static inline unsigned int
idx(uint64_t vaddr, unsigned int shift)
{
	return (unsigned int)((vaddr >> shift) & 511);
}

/* Large page at the level whose entry is @e, covering 2^@shift bytes. */
static void
large_page(const struct sd_vtop_x86_64 *x, uint64_t e, uint64_t vaddr,
	   unsigned int shift, struct sd_vtop_walk *w)
{
	uint64_t size = 1ULL << shift;

	w->page_size = size;
	w->paddr = (e & x->entry_mask & ~(size - 1)) + (vaddr & (size - 1));
}

static sd_status
x86_walk(struct sd_vtop *vt, uint64_t vaddr, struct sd_vtop_walk *w,
	 struct sd_err *err)
{
	const struct sd_vtop_x86_64 *x = &vt->a.x86;
	uint64_t table = vt->root, e;
	sd_status st;

	st = sd_vtop_entry(vt, table, idx(vaddr, x->l5 ? 48 : 39), "PGD",
			   vaddr, w, err);
	if (st)
		return st;
	table = w->step[0].entry & x->entry_mask;
	if (x->l5) {
		st = sd_vtop_entry(vt, table, idx(vaddr, 39), "P4D", vaddr, w,
				   err);
		if (st)
			return st;
		table = w->step[1].entry & x->entry_mask;
	}
	st = sd_vtop_entry(vt, table, idx(vaddr, 30), "PUD", vaddr, w, err);
	if (st)
		return st;
	e = w->step[w->n_steps - 1].entry;
	if (e & X86_PAGE_PSE) {
		large_page(x, e, vaddr, 30, w);
		return SD_OK;
	}
	st = sd_vtop_entry(vt, e & x->entry_mask, idx(vaddr, 21), "PMD",
			   vaddr, w, err);
	if (st)
		return st;
	e = w->step[w->n_steps - 1].entry;
	if (e & X86_PAGE_PSE) {
		large_page(x, e, vaddr, 21, w);
		return SD_OK;
	}
	st = sd_vtop_entry(vt, e & x->entry_mask, idx(vaddr, 12), "PTE",
			   vaddr, w, err);
	if (st)
		return st;
	e = w->step[w->n_steps - 1].entry;
	w->page_size = 4096;
	w->paddr = (e & x->entry_mask) + (vaddr & 4095);
	return SD_OK;
}

static void
x86_debug(const struct sd_vtop *vt, struct sd_log *log)
{
	sd_debug(log, "sievedump: paging %d levels, top table at paddr 0x%"
		 PRIx64 ", sme_mask 0x%" PRIx64 ", phys_base 0x%" PRIx64 " (%s)\n",
		 vt->a.x86.l5 ? 5 : 4, vt->root, vt->a.x86.sme_mask,
		 vt->phys_base, vt->src->has_phys_base ? "kdump sub-header" :
		 vt->phys_base_from_loads ? "pt_load" : "vmcoreinfo");
}

const struct sd_arch_ops sd_arch_x86_64 = {
	.name = "x86_64",
	.uts_machine = "x86_64",
	.elf_machine = 62,		/* EM_X86_64 */
	.exclude_vmemmap = true,
	.vtop_init = x86_init,
	.walk = x86_walk,
	.phys_base_from_loads = sd_source_phys_base_x86_64,
	.debug = x86_debug,
};
