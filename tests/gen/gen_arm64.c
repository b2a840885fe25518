// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * arm64 machines of the generator (spec "arch = arm64"; doc/testing.md,
 * "arm64 machines"): page geometry, the kernel's virtual layout of the
 * flavour's era, translation tables under swapper_pg_dir and the arm64
 * VMCOREINFO numbers.
 *
 * Layout facts used here (the kernel's arch/arm64 memory layout, in our
 * words; doc/architectures.md says what sievedump reads):
 * - the linear map starts at PAGE_OFFSET = -2^VA_BITS; a physical address
 *   pa is at PAGE_OFFSET + (pa - PHYS_OFFSET), PHYS_OFFSET being the
 *   start of RAM rounded down to 1 GiB (512 MiB with 64 KiB pages).  A
 *   52-bit kernel that runs with 48 bits lowers PHYS_OFFSET by
 *   2^52 - 2^48 so that its linear map lands in the 48-bit half;
 * - modules start at -2^(min(VA_BITS, 48) - 1), 128 MiB of them on 6.1
 *   and 2 GiB on 6.12; the image follows at KERNELOFFSET above their end,
 *   and kimage_voffset is the image's virtual minus physical address;
 * - the vmemmap array: on 6.1 at -2^(VA_BITS - (PAGE_SHIFT - 6)), on 6.12
 *   ending 1 GiB below the top, sized for the linear map; struct page of
 *   pfn p at vmemmap + 64 p with vmemmap = start - (PHYS_OFFSET >>
 *   PAGE_SHIFT) * 64;
 * - SECTION_SIZE_BITS is 27 with 4 and 16 KiB pages, 29 with 64 KiB;
 *   zone.free_area has 11, 12 and 14 orders.
 *
 * Descriptors carry realistic attribute bits (AF, inner shareable where
 * it is not address, DBM, the software dirty bit, PXN/UXN), so that a
 * reader must mask them.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "gen.h"

#define A64_VALID 1ULL
#define A64_TABLE 3ULL			/* table (above the last level), page */
#define A64_AF (1ULL << 10)
#define A64_SH_INNER (3ULL << 8)
#define A64_DBM (1ULL << 51)
#define A64_SW_DIRTY (1ULL << 55)
#define A64_PXN (1ULL << 53)
#define A64_UXN (1ULL << 54)
#define SZ_2M ((uint64_t)2 << 20)

static bool
va_pair_ok(uint64_t page, int va)
{
	switch (page) {
	case 4096: return va == 39 || va == 48 || va == 52;
	case 16384: return va == 47 || va == 48 || va == 52;
	case 65536: return va == 42 || va == 48 || va == 52;
	default: return false;
	}
}

static bool
corrupt_set(const struct gen_corrupt *c)
{
	return c->ms_root || c->ms_entry || c->ms_map || c->pt_loop ||
	       c->pt_garbage || c->buddy || c->prb_loop || c->compound ||
	       c->nvmci;
}

int
gen_arm64_check(struct gen_spec *s, char *err, size_t errlen)
{
	if (!s->page_size)
		s->page_size = 4096;
	if (!va_pair_ok(s->page_size, s->va_bits)) {
		snprintf(err, errlen, "arm64: pagesize=%" PRIu64 " with va=%d is "
			 "not a kernel configuration (4096: 39 48 52; 16384: "
			 "47 48 52; 65536: 42 48 52)", s->page_size, s->va_bits);
		return -1;
	}
	if (s->va_bits == 52 && s->page_size != 65536 &&
	    s->flavour == GEN_FLAVOUR_61) {
		snprintf(err, errlen, "arm64: 52-bit VAs with %" PRIu64
			 "-byte pages need LPA2 (kernel 6.9+): use flavour=6.12",
			 s->page_size);
		return -1;
	}
	if (!s->va_actual)
		s->va_actual = s->va_bits;
	if (s->va_actual != s->va_bits &&
	    (s->va_bits != 52 || s->va_actual != 48 || s->page_size == 65536)) {
		snprintf(err, errlen, "arm64: va_actual=48 is only for va=52 "
			 "with 4 or 16 KiB pages (got va=%d va_actual=%d)",
			 s->va_bits, s->va_actual);
		return -1;
	}
	if (corrupt_set(&s->corrupt) || s->hvo || s->mom ||
	    s->vmemmap_map != SZ_2M) {
		snprintf(err, errlen, "arm64: corrupt, vmemmap, hvo and "
			 "memmap_on_memory are implemented for x86_64 only");
		return -1;
	}
	if (s->ram[0].start < 0x40000000ULL) {
		snprintf(err, errlen, "arm64: RAM must start at 1 GiB or above "
			 "(QEMU virt)");
		return -1;
	}
	return 0;
}

void
gen_arm64_geometry(struct gen_machine *m)
{
	const struct gen_spec *s = &m->spec;
	unsigned per;

	m->page_size = s->page_size;
	m->page_shift = m->page_size == 65536 ? 16 :
			m->page_size == 16384 ? 14 : 12;
	m->section_bits = m->page_shift == 16 ? 29 : 27;
	m->pps = 1ULL << (m->section_bits - m->page_shift);
	m->slot = m->pps * GEN_PAGE_STRUCT;
	m->compound_order = 21 - m->page_shift;
	/* 64 KiB kernels keep their levels at 48 bits in use; 4/16 KiB ones
	 * fold the top level away (doc/architectures.md) */
	m->a64_walk_bits = (unsigned)(m->page_shift == 16 ? s->va_bits
							   : s->va_actual);
	per = m->page_shift - 3;
	m->a64_levels = (m->a64_walk_bits - m->page_shift + per - 1) / per;
	m->a64_lpa2 = s->va_actual == 52 && m->page_shift != 16;
	/* the struct pages of a section: one 2 MiB block with 4 KiB pages,
	 * else page entries (a 512 KiB slot is no block size) */
	m->spec.vmemmap_map = m->slot == SZ_2M ? SZ_2M : m->page_size;
}

uint64_t
gen_arm64_max_physmem_bits(const struct gen_machine *m)
{
	return m->spec.va_bits == 52 ? 52 : 48;
}

static unsigned
va_min(const struct gen_machine *m)
{
	return m->spec.va_bits > 48 ? 48 : (unsigned)m->spec.va_bits;
}

static uint64_t
modules_vaddr(const struct gen_machine *m)
{
	return -(1ULL << (va_min(m) - 1));
}

static uint64_t
modules_end(const struct gen_machine *m)
{
	return modules_vaddr(m) +
	       (m->spec.flavour == GEN_FLAVOUR_61 ? 128ULL << 20 : 2ULL << 30);
}

static uint64_t
vmemmap_start(const struct gen_machine *m)
{
	uint64_t range, size;

	if (m->spec.flavour == GEN_FLAVOUR_61)
		return -(1ULL << (m->spec.va_bits - (m->page_shift - 6)));
	range = (1ULL << m->spec.va_bits) - (1ULL << (va_min(m) - 1));
	size = (range >> m->page_shift) * GEN_PAGE_STRUCT;
	return -(1ULL << 30) - size;
}

static uint64_t
vmemmap_end(const struct gen_machine *m)
{
	if (m->spec.flavour == GEN_FLAVOUR_61)
		return vmemmap_start(m) +
		       (((1ULL << m->spec.va_bits) - (1ULL << (va_min(m) - 1))) >>
			(m->page_shift - 6));
	return -(1ULL << 30);
}

static uint64_t
vmalloc_end(const struct gen_machine *m)
{
	return vmemmap_start(m) - (m->spec.flavour == GEN_FLAVOUR_61 ?
				   256ULL << 20 : 8ULL << 20);
}

/*
 * Physical and virtual placement: the image 2 MiB above the start of RAM
 * (plus a random 2 MiB multiple with KASLR), KERNELOFFSET a random 2 MiB
 * multiple within the first eighth of the vmalloc area.
 */
void
gen_arm64_place(struct gen_machine *m, uint64_t r)
{
	const struct gen_spec *s = &m->spec;
	uint64_t align = m->page_shift == 16 ? 512ULL << 20 : 1ULL << 30;
	uint64_t span = 1ULL << (va_min(m) - 3 - 21);

	m->kernel_phys = ((s->ram[0].start + SZ_2M - 1) & ~(SZ_2M - 1)) + SZ_2M;
	if (s->kaslr)
		m->kernel_phys += (r % 24) * SZ_2M;
	m->kernel_offset = s->kaslr ? ((r >> 8) % span) * SZ_2M : 0;
	m->kimage_voffset = modules_end(m) + m->kernel_offset - m->kernel_phys;
	m->phys_offset = s->ram[0].start & ~(align - 1);
	if (s->va_bits == 52 && s->va_actual == 48)
		m->phys_offset -= (1ULL << 52) - (1ULL << 48);
	m->phys_base = m->phys_offset;
	m->page_offset = -(1ULL << s->va_bits);
	m->vmemmap_base = vmemmap_start(m) -
			  (uint64_t)((int64_t)m->phys_offset >> m->page_shift) *
			  GEN_PAGE_STRUCT;
}

/* The output address @pa as a descriptor holds it. */
static uint64_t
out_addr(const struct gen_machine *m, uint64_t pa)
{
	uint64_t low = pa & ((1ULL << (m->a64_lpa2 ? 50 : 48)) - 1);

	if (m->a64_lpa2)
		return low | ((pa >> 50) & 3) << 8;
	if (m->page_shift == 16)
		return low | ((pa >> 48) & 0xf) << 12;
	return low;
}

static uint64_t
in_addr(const struct gen_machine *m, uint64_t e)
{
	uint64_t pa = e & ((1ULL << (m->a64_lpa2 ? 50 : 48)) - 1) &
		      ~(m->page_size - 1);

	if (m->a64_lpa2)
		pa |= ((e >> 8) & 3) << 50;
	else if (m->page_shift == 16)
		pa |= ((e >> 12) & 0xf) << 48;
	return pa;
}

static uint64_t
leaf_attrs(const struct gen_machine *m, uint64_t nx)
{
	uint64_t a = A64_AF | A64_DBM | A64_SW_DIRTY | A64_UXN;

	if (!m->a64_lpa2)	/* with LPA2, bits 9:8 are address */
		a |= A64_SH_INNER;
	return nx ? a | A64_PXN : a;
}

static void
put_entry(struct gen_machine *m, uint64_t table, uint64_t idx, uint64_t v)
{
	memcpy(gen_kbuf_ptr(m, table + idx * 8), &v, 8);
}

/* Map [va, va + size) to pa with one block (or page) entry of that size. */
void
gen_arm64_map(struct gen_machine *m, uint64_t va, uint64_t pa,
	      uint64_t size, uint64_t nx)
{
	unsigned per = m->page_shift - 3, lvl;
	uint64_t table = m->pgd_phys;

	for (lvl = m->a64_levels; lvl >= 1; lvl--) {
		unsigned shift = m->page_shift + (lvl - 1) * per;
		unsigned bits = lvl == m->a64_levels ? m->a64_walk_bits - shift
						     : per;
		uint64_t idx = (va >> shift) & ((1ULL << bits) - 1), e;

		if (size == 1ULL << shift) {
			put_entry(m, table, idx, out_addr(m, pa) |
				  leaf_attrs(m, nx) |
				  (lvl == 1 ? A64_TABLE : A64_VALID));
			return;
		}
		memcpy(&e, gen_kbuf_ptr(m, table + idx * 8), 8);
		if (!e) {
			e = out_addr(m, gen_kbuf_alloc(m, m->page_size)) |
			    A64_TABLE;
			put_entry(m, table, idx, e);
		}
		table = in_addr(m, e);
	}
}

/* Largest entry that maps va/pa here: 1 GiB or 2 MiB blocks with 4 KiB
 * pages, 32 MiB with 16 KiB, 512 MiB with 64 KiB, else a page. */
static uint64_t
entry_size(const struct gen_machine *m, uint64_t va, uint64_t pa,
	   uint64_t left)
{
	unsigned per = m->page_shift - 3;
	uint64_t sizes[2] = { 1ULL << (m->page_shift + 2 * per),
			      1ULL << (m->page_shift + per) };
	unsigned i;

	for (i = m->page_shift == 12 ? 0 : 1; i < 2; i++)
		if (!((va | pa) & (sizes[i] - 1)) && left >= sizes[i] &&
		    m->a64_levels > 2 - i)
			return sizes[i];
	return m->page_size;
}

void
gen_arm64_map_range(struct gen_machine *m, uint64_t va, uint64_t pa,
		    uint64_t len, uint64_t nx)
{
	while (len) {
		uint64_t sz = entry_size(m, va, pa, len);

		gen_arm64_map(m, va, pa, sz, nx);
		va += sz;
		pa += sz;
		len -= sz;
	}
}

/* Table pages the direct map, image and vmemmap may need (generous). */
uint64_t
gen_arm64_pt_pages(const struct gen_machine *m)
{
	uint64_t ptrs = m->page_size / 8;
	uint64_t vpages = m->npresent * (m->slot / m->page_size);

	return m->a64_levels * (8 + 4 * (uint64_t)m->spec.nram) +
	       (m->max_pfn / ptrs + 2) * 2 + vpages / ptrs + m->npresent + 2;
}

int
gen_arm64_placeholder(const struct gen_machine *m, const char *name,
		      char *out, size_t outlen)
{
	const struct gen_spec *s = &m->spec;
	struct { const char *name; uint64_t v; int hex; } vals[] = {
		{ "pagesize", m->page_size, 0 },
		{ "section_size_bits", m->section_bits, 0 },
		{ "free_area_length", (uint64_t)m->k.max_order, 0 },
		{ "va_bits", (uint64_t)s->va_bits, 0 },
		{ "max_physmem_bits", gen_arm64_max_physmem_bits(m), 0 },
		{ "modules_vaddr", modules_vaddr(m), 1 },
		{ "modules_end", modules_end(m), 1 },
		{ "vmalloc_start", modules_end(m), 1 },
		{ "vmalloc_end", vmalloc_end(m), 1 },
		{ "vmemmap_start", vmemmap_start(m), 1 },
		{ "vmemmap_end", vmemmap_end(m), 1 },
		{ "kimage_voffset", m->kimage_voffset, 1 },
		{ "phys_offset", m->phys_offset, 1 },
		{ "tcr_el1_t1sz", 64 - (uint64_t)s->va_actual, 1 },
		{ "kernelpacmask", -(1ULL << s->va_actual), 1 },
	};
	size_t i;

	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
		if (!strcmp(name, vals[i].name)) {
			if (vals[i].hex)
				snprintf(out, outlen, "0x%" PRIx64, vals[i].v);
			else
				snprintf(out, outlen, "%" PRIu64, vals[i].v);
			return 0;
		}
	return -1;
}
