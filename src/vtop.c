// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Page-table walks, the architecture-independent part (doc/kernel-model.md):
 * the table cache, the checks every entry read passes, translation and
 * reads of kernel virtual memory.  The walks are in src/vtop_<arch>.c.
 */
#include <inttypes.h>
#include <stddef.h>
#include <string.h>

#include "sievedump/compiler.h"
#include "sievedump/cursor.h"
#include "sievedump/vtop.h"

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
sd_vtop_init(struct sd_vtop *vt, const struct sd_arch_ops *arch,
	     struct sd_source *src, const struct sd_vmcoreinfo *vi,
	     struct sd_err *err)
{
	memset(vt, 0, offsetof(struct sd_vtop, cache));
	vt->src = src;
	vt->arch = arch;
	vt->table_size = SD_VTOP_BLOCK;
	sd_vtop_flush(vt);
	return arch->vtop_init(vt, vi, err);
}

/* The cached copy of the 4 KiB block of a table at @table (aligned). */
static sd_status
table_block(struct sd_vtop *vt, uint64_t table, const uint8_t **ret,
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
				 SD_VTOP_BLOCK, err);
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
check_loop(const struct sd_vtop *vt, uint64_t table, const char *level,
	   uint64_t vaddr, const struct sd_vtop_walk *w, struct sd_err *err)
{
	unsigned int i;

	for (i = 0; i < w->n_steps; i++) {
		const struct sd_vtop_step *s = &w->step[i];

		if ((s->entry_paddr & ~(vt->table_size - 1)) ==
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

sd_status
sd_vtop_entry(struct sd_vtop *vt, uint64_t table, unsigned int index,
	      const char *level, uint64_t vaddr, struct sd_vtop_walk *w,
	      struct sd_err *err)
{
	struct sd_vtop_step *s = &w->step[w->n_steps];
	uint64_t at, block;
	const uint8_t *page;
	sd_status st;

	table &= ~(vt->table_size - 1);
	at = table + index * 8u;
	block = at & ~(uint64_t)(SD_VTOP_BLOCK - 1);
	st = check_loop(vt, table, level, vaddr, w, err);
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
	st = table_block(vt, block, &page, err);
	if (st)
		return sd_wrap(err, st, "vtop 0x%" PRIx64 ": reading %s at 0x%"
			       PRIx64, vaddr, level, at);
	s->level = level;
	s->entry_paddr = at;
	s->entry = sd_le64(page + (at - block));
	w->n_steps++;
	if (!(s->entry & 1))	/* present (x86), valid (arm64) */
		return sd_fail(err, SD_ERR_NODATA,
			       "vtop 0x%" PRIx64 ": %s entry 0x%" PRIx64
			       " at 0x%" PRIx64 " is not present",
			       vaddr, level, s->entry, s->entry_paddr);
	return SD_OK;
}

sd_status
sd_vtop_walk(struct sd_vtop *vt, uint64_t vaddr, struct sd_vtop_walk *w,
	     struct sd_err *err)
{
	w->n_steps = 0;
	w->paddr = UINT64_MAX;
	w->page_size = 0;
	return vt->arch->walk(vt, vaddr, w, err);
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
