// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The vmemmap of the synthetic machine (doc/testing.md, "sdgen's vmemmap
 * layouts"): where the struct pages of each section lie physically and
 * how the page tables map them.
 *
 * - The struct pages of a section (32768 of 64 bytes: 2 MiB) lie in one
 *   contiguous array at the top of RAM, one 2 MiB slot per present
 *   section.  With vmemmap=1g the slot is the section number, so that a
 *   1 GiB entry maps the slots of 512 sections; the array is 1 GiB
 *   aligned and slots of absent sections are zero.
 * - memmap_on_memory=N: the last N present sections keep their struct
 *   pages in their own first 512 pfns, as hot-added memory does.
 * - hvo=N: N hugetlb pages of order 9 have their vmemmap optimised as
 *   kernel 6.1 does it: of the 8 vmemmap pages of one such page, the
 *   first keeps its frame and the other 7 map that same frame.  The 7
 *   frames the kernel would free stay reserved here, with their old bytes,
 *   mapped by nothing.  The section's 2 MiB mapping is split into 4 KiB
 *   entries, as the kernel splits it.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

#define SLOT (m->slot)		/* struct pages of one section */
#define VPAGES (m->slot / m->page_size)	/* vmemmap pages per section */
#define PER_PAGE (m->page_size / GEN_PAGE_STRUCT)	/* struct pages/page */
#define GIB ((uint64_t)1 << 30)
enum { HVO_VPAGES = 8 };	/* vmemmap pages of one 2 MiB hugetlb page */

static bool
present(const struct gen_machine *m, uint64_t s)
{
	return s < m->nsections && m->memmap_index[s] != UINT64_MAX;
}

uint64_t
gen_mom_hosted(const struct gen_machine *m, uint64_t section)
{
	return section >= m->mom_first && present(m, section) ? GEN_MOM_PAGES
							      : 0;
}

/* Extra page-table pages the layout needs (0 for the default). */
uint64_t
gen_vmemmap_pt_pages(const struct gen_machine *m)
{
	if (m->spec.vmemmap_map == m->page_size)
		return m->npresent;
	return m->spec.hvo + m->spec.mom;
}

/* The last spec.mom present sections; their hosting pfns must be RAM. */
static int
pick_mom(struct gen_machine *m, char *err, size_t errlen)
{
	uint64_t s = m->nsections, left = m->spec.mom, p;

	m->mom_first = m->nsections;
	if (!left)
		return 0;
	if (left >= m->npresent) {
		snprintf(err, errlen, "memmap_on_memory=%" PRIu64
			 ": the machine has %" PRIu64 " present sections",
			 left, m->npresent);
		return -1;
	}
	while (left && s-- > 0) {
		if (!present(m, s))
			continue;
		for (p = 0; p < GEN_MOM_PAGES; p++)
			if (!gen_pfn_is_ram(m, s * m->pps + p))
				break;
		if (p < GEN_MOM_PAGES) {
			snprintf(err, errlen, "memmap_on_memory: section %"
				 PRIu64 " does not start with 2 MiB of RAM", s);
			return -1;
		}
		m->mom_first = s;
		left--;
	}
	return 0;
}

/* The RAM range holding the byte below @top, or NULL. */
static const struct gen_range *
range_below(const struct gen_machine *m, uint64_t top)
{
	int i;

	for (i = 0; i < m->spec.nram; i++)
		if (m->spec.ram[i].start < top && top <= m->spec.ram[i].end)
			return &m->spec.ram[i];
	return NULL;
}

/* memmap_phys, memmap_size and every section's memmap_pa. */
int
gen_vmemmap_place(struct gen_machine *m, char *err, size_t errlen)
{
	const struct gen_range *r;
	uint64_t top, align, s;

	if (pick_mom(m, err, errlen))
		return -1;
	m->memmap_by_section = m->spec.vmemmap_map == GIB;
	align = m->memmap_by_section ? GIB : SLOT;
	m->memmap_size = m->memmap_by_section ? m->nsections * SLOT
			 : (m->npresent - m->spec.mom) * SLOT;
	top = m->spec.ram[m->spec.nram - 1].end;
	if (m->mom_first < m->nsections)
		top = m->mom_first * m->pps << m->page_shift;
	r = range_below(m, top);
	m->memmap_phys = (top - m->memmap_size) & ~(align - 1);
	if (!r || top < m->memmap_size || m->memmap_phys < r->start) {
		snprintf(err, errlen, m->memmap_by_section ?
			 "vmemmap=1g: no 1 GiB boundary with room for the memmap below the top of RAM" :
			 "RAM layout too small for kernel image and memmap");
		return -1;
	}
	for (s = 0; s < m->nsections; s++) {
		m->memmap_pa[s] = UINT64_MAX;
		if (gen_mom_hosted(m, s))
			m->memmap_pa[s] = s * m->pps << m->page_shift;
		else if (present(m, s))
			m->memmap_pa[s] = m->memmap_phys + SLOT *
				(m->memmap_by_section ? s : m->memmap_index[s]);
		if (m->memmap_by_section)
			m->memmap_sec[s] = present(m, s) ? s : UINT64_MAX;
	}
	return 0;
}

/* The first spec.hvo hugetlb pages of sections with a memmap slot. */
int
gen_vmemmap_find_hvo(struct gen_machine *m, char *err, size_t errlen)
{
	uint64_t s;
	size_t r;

	if (!m->spec.hvo)
		return 0;
	m->hvo_head = calloc(m->spec.hvo, sizeof(*m->hvo_head));
	for (s = 0; s < m->nsections && m->nhvo < m->spec.hvo; s++) {
		const struct gen_section_layout *l;

		if (!present(m, s) || gen_mom_hosted(m, s))
			continue;
		l = gen_section(m, s);
		for (r = 0; r < l->nruns && m->nhvo < m->spec.hvo; r++)
			if (l->runs[r].cls == GC_HUGETLB && l->runs[r].order == 9)
				m->hvo_head[m->nhvo++] = s * m->pps +
							 l->runs[r].start;
	}
	if (m->nhvo < m->spec.hvo) {
		snprintf(err, errlen, "hvo=%" PRIu64 ": only %zu hugetlb pages",
			 m->spec.hvo, m->nhvo);
		return -1;
	}
	return 0;
}

/* The optimised hugetlb page whose vmemmap holds @vpage, or -1. */
static long
hvo_of(const struct gen_machine *m, uint64_t vpage)
{
	size_t i;

	for (i = 0; i < m->nhvo; i++)
		if (vpage / HVO_VPAGES == m->hvo_head[i] / PER_PAGE / HVO_VPAGES)
			return (long)i;
	return -1;
}

/* Physical address behind vmemmap page @vpage (va = vmemmap + vpage * 4K). */
uint64_t
gen_vmemmap_pa(const struct gen_machine *m, uint64_t vpage)
{
	uint64_t s = vpage / VPAGES;

	if (hvo_of(m, vpage) >= 0)
		vpage = vpage / HVO_VPAGES * HVO_VPAGES;
	return m->memmap_pa[s] + vpage % VPAGES * m->page_size;
}

static bool
section_has_hvo(const struct gen_machine *m, uint64_t s)
{
	size_t i;

	for (i = 0; i < m->nhvo; i++)
		if (m->hvo_head[i] / m->pps == s)
			return true;
	return false;
}

/* Page size of the entries that map section @s's struct pages. */
static uint64_t
map_size(const struct gen_machine *m, uint64_t s)
{
	if (m->spec.vmemmap_map == m->page_size || section_has_hvo(m, s))
		return m->page_size;
	return m->spec.vmemmap_map;
}

void
gen_vmemmap_map(struct gen_machine *m)
{
	const uint64_t nx = 1ULL << 63;
	uint64_t s, v, gib = UINT64_MAX;

	for (s = 0; s < m->nsections; s++) {
		uint64_t size = map_size(m, s);

		if (!present(m, s))
			continue;
		if (size == GIB && s * SLOT / GIB != gib) {
			gib = s * SLOT / GIB;
			gen_map_page(m, m->vmemmap_base + gib * GIB,
				     m->memmap_phys + gib * GIB, GIB, nx);
		} else if (size == SLOT) {
			gen_map_page(m, m->vmemmap_base + s * SLOT,
				     m->memmap_pa[s], SLOT, nx);
		} else if (size == m->page_size) {
			for (v = s * VPAGES; v < (s + 1) * VPAGES; v++)
				gen_map_page(m, m->vmemmap_base + v * m->page_size,
					     gen_vmemmap_pa(m, v), m->page_size,
					     nx);
		}
	}
}

/* The section whose struct pages sit at @pfn, and their first pfn. */
static bool
memmap_at(const struct gen_machine *m, uint64_t pfn, uint64_t *sec,
	  uint64_t *first)
{
	uint64_t pa = pfn << m->page_shift, slot;
	uint64_t per_page = m->page_size / GEN_PAGE_STRUCT;

	if (pa >= m->memmap_phys && pa < m->memmap_phys + m->memmap_size) {
		slot = (pa - m->memmap_phys) / SLOT;
		*sec = slot < m->nsections ? m->memmap_sec[slot] : UINT64_MAX;
		if (!m->memmap_by_section && slot >= m->npresent)
			*sec = UINT64_MAX;
		*first = (pa - m->memmap_phys) % SLOT / m->page_size * per_page;
		return true;
	}
	*sec = pfn / m->pps;
	*first = pfn % m->pps * per_page;
	return pfn % m->pps < gen_mom_hosted(m, *sec);
}

bool
gen_memmap_page(struct gen_machine *m, uint64_t pfn, uint8_t *out,
		bool *zero)
{
	uint64_t sec, first;
	bool none;

	if (!memmap_at(m, pfn, &sec, &first))
		return false;
	none = sec == UINT64_MAX || sec >= m->nsections;
	if (zero)
		*zero = none;
	if (out && none)
		memset(out, 0, m->page_size);
	else if (out)
		gen_struct_pages(m, sec * m->pps + first,
				 m->page_size / GEN_PAGE_STRUCT, out);
	return true;
}

static const char *
kind(const struct gen_machine *m, uint64_t vpage)
{
	if (hvo_of(m, vpage) >= 0)
		return "shared";
	return gen_mom_hosted(m, vpage / VPAGES) ? "hosted" : "own";
}

static const char *
size_name(const struct gen_machine *m, uint64_t size)
{
	if (size == GIB)
		return "1g";
	if (size == SLOT && SLOT != m->page_size)
		return "2m";
	return m->page_size == 65536 ? "64k" : m->page_size == 16384 ? "16k"
							      : "4k";
}

/*
 * "pfn count phys_pfn map kind" runs: the struct pages of pfns
 * [pfn, pfn + count) lie on the count / 64 frames from phys_pfn, mapped
 * by entries of size map; kind is own, shared (a frame behind several
 * vmemmap pages) or hosted (memmap_on_memory: inside its own section).
 */
int
gen_vmemmap_write(const struct gen_machine *m, FILE *out)
{
	uint64_t s, v, start = 0, n = 0, pa0 = 0;
	const char *k0 = NULL, *z0 = NULL;

	fprintf(out, "# sdgen vmemmap: pfn count phys_pfn map kind\n");
	for (s = 0; s < m->nsections; s++) {
		if (!present(m, s))
			continue;
		for (v = s * VPAGES; v < (s + 1) * VPAGES; v++) {
			uint64_t pa = gen_vmemmap_pa(m, v);
			const char *k = kind(m, v), *z = size_name(m, map_size(m, s));

			if (n && v == start + n && pa == pa0 + n * m->page_size &&
			    k == k0 && z == z0) {
				n++;
				continue;
			}
			if (n)
				fprintf(out, "0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64
					" %s %s\n", start * PER_PAGE, n * PER_PAGE,
					pa0 >> m->page_shift, z0, k0);
			start = v;
			n = 1;
			pa0 = pa;
			k0 = k;
			z0 = z;
		}
	}
	if (n)
		fprintf(out, "0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64 " %s %s\n",
			start * PER_PAGE, n * PER_PAGE, pa0 >> m->page_shift, z0, k0);
	return ferror(out) ? -1 : 0;
}
