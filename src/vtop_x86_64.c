// SPDX-License-Identifier: GPL-2.0-or-later
/* x86_64 page-table walk (doc/kernel-model.md). */
#include <inttypes.h>
#include <stddef.h>
#include <string.h>

#include "sievedump/compiler.h"
#include "sievedump/cursor.h"
#include "sievedump/vtop.h"

#define X86_ENTRY_MASK (~0xfff0000000000fffULL)
#define X86_PAGE_PRESENT 0x001ULL
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

void
sd_vtop_flush(struct sd_vtop *vt)
{
	unsigned int i;

	for (i = 0; i < SD_VTOP_CACHE_PAGES; i++) {
		vt->cache[i].paddr = UINT64_MAX;
		vt->cache[i].stamp = 0;
	}
}

sd_status
sd_vtop_init(struct sd_vtop *vt, struct sd_source *src,
	     const struct sd_vmcoreinfo *vi, struct sd_err *err)
{
	int64_t num;
	sd_status st;

	memset(vt, 0, offsetof(struct sd_vtop, cache));
	vt->src = src;
	sd_vtop_flush(vt);
	if (!sd_vmci_number(vi, "sme_mask", &num))
		vt->sme_mask = (uint64_t)num;
	vt->entry_mask = X86_ENTRY_MASK & ~vt->sme_mask;
	vt->l5 = !sd_vmci_number(vi, "pgtable_l5_enabled", &num) && num;
	st = pick_root(vt, vi, err);
	if (st)
		return st;
	if (!sd_source_page_offset_x86_64(src, &vt->page_offset))
		vt->page_offset_from_loads = true;
	else
		vt->page_offset = vt->l5 ? X86_PAGE_OFFSET_5L
					 : X86_PAGE_OFFSET_4L;
	return SD_OK;
}

/* The cached copy of the table page at @table (4 KiB aligned). */
static sd_status
table_page(struct sd_vtop *vt, uint64_t table, const uint8_t **ret,
	   struct sd_err *err)
{
	struct sd_vtop_cache_ent *victim = &vt->cache[0];
	unsigned int i;
	sd_status st;

	vt->clock++;
	for (i = 0; i < SD_VTOP_CACHE_PAGES; i++) {
		struct sd_vtop_cache_ent *c = &vt->cache[i];

		if (c->paddr == table) {
			c->stamp = vt->clock;
			vt->hits++;
			*ret = c->data;
			return SD_OK;
		}
		if (c->stamp < victim->stamp)
			victim = c;
	}
	vt->misses++;
	victim->paddr = UINT64_MAX;
	st = sd_source_read_phys(vt->src, table, victim->data,
				 SD_VTOP_TABLE_SIZE, err);
	if (st)
		return st;
	victim->paddr = table;
	victim->stamp = vt->clock;
	*ret = victim->data;
	return SD_OK;
}

/*
 * A table the walk has already read: an entry that points back to its own
 * table or to a table above it (a self-referencing PGD/PUD/PMD, as a
 * corrupt or hostile dump can hold) would make the next level read the
 * upper table as if it were the lower one and give a wrong address.  The
 * walk has a fixed depth, so it cannot loop; it fails instead.
 */
static sd_status
check_loop(uint64_t table, const char *level, uint64_t vaddr,
	   const struct sd_vtop_walk *w, struct sd_err *err)
{
	unsigned int i;

	for (i = 0; i < w->n_steps; i++) {
		const struct sd_vtop_step *s = &w->step[i];

		if ((s->entry_paddr & ~(uint64_t)(SD_VTOP_TABLE_SIZE - 1)) ==
		    table)
			return sd_fail(err, SD_ERR_CORRUPT,
				       "vtop 0x%" PRIx64 ": page-table loop: %s entry 0x%" PRIx64
				       " at 0x%" PRIx64 " points back to the %s table at 0x%" PRIx64
				       " instead of a %s table",
				       vaddr, w->step[w->n_steps - 1].level,
				       w->step[w->n_steps - 1].entry,
				       w->step[w->n_steps - 1].entry_paddr,
				       s->level, table, level);
	}
	return SD_OK;
}

/* Read the entry for @index of the table at @table and record the step. */
static sd_status
read_entry(struct sd_vtop *vt, uint64_t table, unsigned int index,
	   const char *level, uint64_t vaddr, struct sd_vtop_walk *w,
	   struct sd_err *err)
{
	struct sd_vtop_step *s = &w->step[w->n_steps];
	const uint8_t *page;
	sd_status st;

	table &= ~(uint64_t)(SD_VTOP_TABLE_SIZE - 1);
	st = check_loop(table, level, vaddr, w, err);
	if (st)
		return st;
	if (w->n_steps && vt->src->max_mapnr &&
	    table >> vt->src->page_shift >= vt->src->max_mapnr)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "vtop 0x%" PRIx64 ": %s entry 0x%" PRIx64 " at 0x%" PRIx64
			       " points to a %s table at 0x%" PRIx64
			       ", beyond the end of memory (0x%" PRIx64 ")",
			       vaddr, w->step[w->n_steps - 1].level,
			       w->step[w->n_steps - 1].entry,
			       w->step[w->n_steps - 1].entry_paddr, level, table,
			       vt->src->max_mapnr << vt->src->page_shift);
	st = table_page(vt, table, &page, err);
	if (st)
		return sd_wrap(err, st, "vtop 0x%" PRIx64 ": reading %s at 0x%"
			       PRIx64, vaddr, level, table + index * 8u);
	s->level = level;
	s->entry_paddr = table + index * 8u;
	s->entry = sd_le64(page + index * 8u);
	w->n_steps++;
	if (!(s->entry & X86_PAGE_PRESENT))
		return sd_fail(err, SD_ERR_NODATA,
			       "vtop 0x%" PRIx64 ": %s entry 0x%" PRIx64
			       " at 0x%" PRIx64 " is not present",
			       vaddr, level, s->entry, s->entry_paddr);
	return SD_OK;
}

static inline unsigned int
idx(uint64_t vaddr, unsigned int shift)
{
	return (unsigned int)((vaddr >> shift) & 511);
}

/* Large page at the level whose entry is @e, covering 2^@shift bytes. */
static void
large_page(struct sd_vtop *vt, uint64_t e, uint64_t vaddr, unsigned int shift,
	   struct sd_vtop_walk *w)
{
	uint64_t size = 1ULL << shift;

	w->page_size = size;
	w->paddr = (e & vt->entry_mask & ~(size - 1)) + (vaddr & (size - 1));
}

sd_status
sd_vtop_walk(struct sd_vtop *vt, uint64_t vaddr, struct sd_vtop_walk *w,
	     struct sd_err *err)
{
	uint64_t table = vt->root, e;
	sd_status st;

	w->n_steps = 0;
	w->paddr = UINT64_MAX;
	w->page_size = 0;
	st = read_entry(vt, table, idx(vaddr, vt->l5 ? 48 : 39), "PGD", vaddr,
			w, err);
	if (st)
		return st;
	table = w->step[0].entry & vt->entry_mask;
	if (vt->l5) {
		st = read_entry(vt, table, idx(vaddr, 39), "P4D", vaddr, w, err);
		if (st)
			return st;
		table = w->step[1].entry & vt->entry_mask;
	}
	st = read_entry(vt, table, idx(vaddr, 30), "PUD", vaddr, w, err);
	if (st)
		return st;
	e = w->step[w->n_steps - 1].entry;
	if (e & X86_PAGE_PSE) {
		large_page(vt, e, vaddr, 30, w);
		return SD_OK;
	}
	st = read_entry(vt, e & vt->entry_mask, idx(vaddr, 21), "PMD", vaddr,
			w, err);
	if (st)
		return st;
	e = w->step[w->n_steps - 1].entry;
	if (e & X86_PAGE_PSE) {
		large_page(vt, e, vaddr, 21, w);
		return SD_OK;
	}
	st = read_entry(vt, e & vt->entry_mask, idx(vaddr, 12), "PTE", vaddr,
			w, err);
	if (st)
		return st;
	e = w->step[w->n_steps - 1].entry;
	w->page_size = 4096;
	w->paddr = (e & vt->entry_mask) + (vaddr & 4095);
	return SD_OK;
}

sd_status
sd_vtop(struct sd_vtop *vt, uint64_t vaddr, uint64_t *paddr,
	uint64_t *map_size, struct sd_err *err)
{
	struct sd_vtop_walk w;
	sd_status st = sd_vtop_walk(vt, vaddr, &w, err);

	if (st)
		return st;
	*paddr = w.paddr;
	if (map_size)
		*map_size = w.page_size;
	return SD_OK;
}

sd_status
sd_read_virt(struct sd_vtop *vt, uint64_t vaddr, void *buf, size_t len,
	     struct sd_err *err)
{
	uint8_t *p = buf;

	while (len) {
		uint64_t pa, size, n;
		sd_status st = sd_vtop(vt, vaddr, &pa, &size, err);

		if (st)
			return st;
		/* a garbage entry: the bytes there are not kernel data */
		if (vt->src->max_mapnr &&
		    pa >> vt->src->page_shift >= vt->src->max_mapnr)
			return sd_fail(err, SD_ERR_CORRUPT,
				       "vtop 0x%" PRIx64 ": translates to physical 0x%" PRIx64
				       ", beyond the end of memory (0x%" PRIx64 ")",
				       vaddr, pa,
				       vt->src->max_mapnr << vt->src->page_shift);
		n = SD_MIN((uint64_t)len, size - (vaddr & (size - 1)));
		st = sd_source_read_phys(vt->src, pa, p, (size_t)n, err);
		if (st)
			return sd_wrap(err, st, "reading 0x%zx bytes at virtual 0x%"
				       PRIx64, (size_t)n, vaddr);
		p += n;
		vaddr += n;
		len -= (size_t)n;
	}
	return SD_OK;
}

sd_status
sd_vtop_print(struct sd_vtop *vt, uint64_t vaddr, FILE *out,
	      struct sd_err *err)
{
	struct sd_vtop_walk w;
	sd_status st;
	unsigned int i;

	fprintf(out, "\n");
	fprintf(out, "Translating virtual address %" PRIx64
		" to physical address.\n", vaddr);
	st = sd_vtop_walk(vt, vaddr, &w, err);
	for (i = 0; i < w.n_steps; i++)
		fprintf(out, "  %s : %16" PRIx64 " => %16" PRIx64 "\n",
			w.step[i].level, w.step[i].entry_paddr, w.step[i].entry);
	fprintf(out, "VIRTUAL           PHYSICAL\n");
	fprintf(out, "%16" PRIx64 "  %" PRIx64 "\n", vaddr,
		st ? UINT64_MAX : w.paddr);
	fprintf(out, "\n");
	return st;
}
