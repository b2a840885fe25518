// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * struct page images and page contents.  Field offsets and flag numbers
 * come from the flavour's VMCOREINFO template (struct gen_kconst), so the
 * bytes always agree with what the note tells a reader.
 */
#include <string.h>

#include "gen.h"

static void
put64(uint8_t *p, int off, uint64_t v)
{
	if (off >= 0)
		memcpy(p + off, &v, 8);
}

static void
put32(uint8_t *p, int off, uint32_t v)
{
	if (off >= 0)
		memcpy(p + off, &v, 4);
}

static uint64_t
bit(int nr)
{
	return nr >= 0 ? 1ULL << nr : 0;
}

/* Zone and node bits live at the top of page->flags, as in the kernel. */
static uint64_t
zone_bits(uint64_t pfn)
{
	uint64_t zone = pfn < 4096 ? 0 : pfn < (1ULL << 20) ? 1 : 2;

	return zone << 62;
}

static uint64_t
fake_ptr(const struct gen_machine *m, uint64_t pfn, uint64_t salt)
{
	/* an 8-aligned direct-map pointer: never has the anon bit set */
	return m->page_offset + ((gen_hash(pfn, salt) % (1ULL << 30)) & ~63ULL);
}

static void
compound_tail(struct gen_machine *m, uint64_t pfn, uint64_t head,
	      enum gen_class cls, unsigned order, uint8_t *p)
{
	const struct gen_kconst *k = &m->k;
	uint64_t head_va = m->vmemmap_base + head * GEN_PAGE_STRUCT;

	put64(p, k->off_flags, zone_bits(pfn));
	put64(p, k->off_head, head_va | 1);
	put32(p, k->off_mapcount, 0xffffffff);
	if (pfn != head + 1)
		return;
	if (k->off_order >= 0) {	/* up to 6.5: order/dtor bytes */
		p[k->off_order] = (uint8_t)order;
		p[k->off_dtor] = (uint8_t)(cls == GC_HUGETLB ? k->hugetlb_dtor
							     : k->thp_dtor);
	} else {			/* 6.6+: order in tail1 flags */
		put64(p, k->off_flags, zone_bits(pfn) | order);
	}
}

static void
head_page(struct gen_machine *m, uint64_t pfn, enum gen_class cls,
	  uint8_t *p)
{
	const struct gen_kconst *k = &m->k;
	uint64_t flags = zone_bits(pfn) | bit(k->pg_head);

	switch (cls) {
	case GC_ANON_THP:
		flags |= bit(k->pg_lru) | bit(k->pg_swapbacked) |
			 bit(k->pg_uptodate);
		put64(p, k->off_mapping, fake_ptr(m, pfn, 1) | 1);
		put32(p, k->off_mapcount, 0);
		break;
	case GC_FILE_THP:
		flags |= bit(k->pg_lru) | bit(k->pg_uptodate);
		put64(p, k->off_mapping, fake_ptr(m, pfn, 2));
		put32(p, k->off_mapcount, 0xffffffff);
		break;
	default:	/* GC_HUGETLB */
		put64(p, k->off_mapping, fake_ptr(m, pfn, 3));
		put32(p, k->off_mapcount, k->hugetlb_type ?
			  (uint32_t)k->hugetlb_type : 0xffffffff);
		break;
	}
	put64(p, k->off_flags, flags);
	put32(p, k->off_refcount, 1);
}

static void
small_page(struct gen_machine *m, uint64_t pfn, enum gen_class cls,
	   uint64_t head, unsigned order, uint8_t *p)
{
	const struct gen_kconst *k = &m->k;
	uint64_t flags = zone_bits(pfn);
	uint32_t mapcount = 0xffffffff;

	switch (cls) {
	case GC_HOLE:
	case GC_RESERVED:
		flags |= bit(k->pg_reserved);
		break;
	case GC_SLAB:
		if (k->slab_type) {
			mapcount = (uint32_t)k->slab_type;
			/* 6.2+: slab fields overlay page->mapping */
			put64(p, k->off_mapping, 0x2b);
		} else {
			flags |= bit(k->pg_slab);
		}
		put64(p, k->off_head, fake_ptr(m, pfn, 4));
		break;
	case GC_CACHE:
	case GC_CACHE_PRIVATE:
	case GC_SHMEM:
		flags |= bit(k->pg_lru) | bit(k->pg_uptodate);
		if (cls == GC_CACHE_PRIVATE) {
			flags |= bit(k->pg_private);
			put64(p, k->off_private, fake_ptr(m, pfn, 5));
		}
		if (cls == GC_SHMEM)
			flags |= bit(k->pg_swapbacked);
		put64(p, k->off_mapping, fake_ptr(m, pfn, 6));
		put64(p, k->off_index, pfn & 0xffff);
		break;
	case GC_ANON:
		flags |= bit(k->pg_lru) | bit(k->pg_swapbacked) |
			 bit(k->pg_uptodate);
		put64(p, k->off_mapping, fake_ptr(m, pfn, 7) | 1);
		mapcount = 0;
		break;
	case GC_FREE:
	case GC_FREE_ZERO:
		if (pfn == head) {
			mapcount = (uint32_t)k->buddy;
			put64(p, k->off_private, order);
		}
		break;
	case GC_HWPOISON:
		flags |= bit(k->pg_hwpoison);
		break;
	case GC_OFFLINE:
		mapcount = (uint32_t)k->offline;
		break;
	default:	/* kernel, zero */
		break;
	}
	put64(p, k->off_flags, flags);
	put32(p, k->off_mapcount, mapcount);
	if (cls != GC_FREE && cls != GC_FREE_ZERO && cls != GC_OFFLINE)
		put32(p, k->off_refcount, 1);
}

/* The fake compound unit and the bad buddy order of gen_corrupt.c. */
static void
corrupt_page(struct gen_machine *m, uint64_t pfn, uint8_t *p)
{
	const struct gen_corrupt *c = &m->spec.corrupt;

	if (pfn == m->forced_head) {
		memset(p, 0, 64);
		head_page(m, pfn, GC_ANON_THP, p);
	} else if (m->forced_head != UINT64_MAX && pfn == m->forced_head + 1) {
		memset(p, 0, 64);
		compound_tail(m, pfn, pfn - 1, GC_ANON_THP,
			      (unsigned)c->compound_order, p);
	} else if (pfn == m->buddy_head) {
		put64(p, m->k.off_private, c->buddy_order);
	}
}

static void
struct_page_for(struct gen_machine *m, uint64_t pfn, enum gen_class cls,
		unsigned order, uint64_t head, uint8_t out[64])
{
	bool compound = cls == GC_ANON_THP || cls == GC_FILE_THP ||
			cls == GC_HUGETLB;

	memset(out, 0, 64);
	if (compound && pfn != head)
		compound_tail(m, pfn, head, cls, order, out);
	else if (compound)
		head_page(m, pfn, cls, out);
	else
		small_page(m, pfn, cls, head, order, out);
	corrupt_page(m, pfn, out);
}

void
gen_struct_page(struct gen_machine *m, uint64_t pfn, uint8_t out[64])
{
	unsigned order;
	uint64_t head;
	enum gen_class cls = gen_pfn_class(m, pfn, &order, &head);

	struct_page_for(m, pfn, cls, order, head, out);
}

/* @n struct pages from @pfn, all inside one section: walk its runs. */
void
gen_struct_pages(struct gen_machine *m, uint64_t pfn, uint64_t n,
		 uint8_t *out)
{
	const struct gen_section_layout *l = gen_section(m, pfn / m->pps);
	uint64_t base = pfn / m->pps * m->pps, off = pfn - base, i;
	size_t r = 0, lo = 0, hi = l->nruns;

	while (lo + 1 < hi) {	/* the run holding the first pfn */
		size_t mid = (lo + hi) / 2;

		if (l->runs[mid].start <= off)
			lo = mid;
		else
			hi = mid;
	}
	r = lo;
	for (i = 0; i < n; i++, off++) {
		const struct gen_run *run;

		while (r + 1 < l->nruns && l->runs[r + 1].start <= off)
			r++;
		run = &l->runs[r];
		struct_page_for(m, base + off, run->cls, run->order,
				run->order ? base + run->start : base + off,
				out + i * GEN_PAGE_STRUCT);
	}
}

bool
gen_page_is_zero(struct gen_machine *m, uint64_t pfn)
{
	uint64_t pa = pfn << m->page_shift;
	unsigned order;
	uint64_t head;
	enum gen_class cls;
	const uint64_t *w;
	size_t i;
	bool zero;

	if (pa >= m->kbuf_phys && pa < m->kbuf_phys + m->kbuf_size) {
		w = (const uint64_t *)(m->kbuf + (pa - m->kbuf_phys));
		for (i = 0; i < m->page_size / 8; i++)
			if (w[i])
				return false;
		return true;
	}
	if (gen_memmap_page(m, pfn, NULL, &zero))
		return zero;
	cls = gen_pfn_class(m, pfn, &order, &head);
	return cls == GC_ZERO || cls == GC_FREE_ZERO || cls == GC_HOLE;
}

/* Data that compresses roughly 3:1: a quarter of the words are random. */
static void
pattern_page(uint64_t pfn, uint64_t salt, uint64_t size, uint8_t *out)
{
	uint64_t r = gen_hash(pfn, salt), w;
	size_t i;

	for (i = 0; i < size / 8; i++) {
		if ((i & 3) == 0) {
			r = gen_hash(r, i);
			w = r;
		} else {
			w = 0x2020206567617000ULL + (pfn & 0xff) + i % 7;
		}
		if (i == 0)
			w |= 1;
		memcpy(out + i * 8, &w, 8);
	}
}

void
gen_page_content(struct gen_machine *m, uint64_t pfn, uint8_t *out)
{
	uint64_t pa = pfn << m->page_shift;
	unsigned order;
	uint64_t head;
	enum gen_class cls;

	if (pa >= m->kbuf_phys && pa < m->kbuf_phys + m->kbuf_size) {
		memcpy(out, m->kbuf + (pa - m->kbuf_phys), m->page_size);
		return;
	}
	if (gen_memmap_page(m, pfn, out, NULL))
		return;
	if (gen_page_is_zero(m, pfn)) {
		memset(out, 0, m->page_size);
		return;
	}
	cls = gen_pfn_class(m, pfn, &order, &head);
	pattern_page(pfn, m->spec.seed * 31 + cls, m->page_size, out);
}
