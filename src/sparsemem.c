// SPDX-License-Identifier: GPL-2.0-or-later
/* The struct page array: sparsemem section walk (doc/kernel-model.md), FLATMEM. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sievedump/compiler.h"
#include "sievedump/cursor.h"
#include "sievedump/memmap.h"

#define SECTION_MARKED_PRESENT 0x1ULL
#define SECTION_MAP_MASK (~0x1fULL)

/* Section-table geometry read from VMCOREINFO. */
struct sect_geom {
	uint64_t mem_section;	/* SYMBOL(mem_section) */
	uint64_t ms_size;	/* SIZE(mem_section) */
	uint64_t smm_off;	/* OFFSET(mem_section.section_mem_map) */
	uint64_t per_block;	/* sections read per block */
	bool extreme;
	bool tolerate;		/* skip bad sections instead of failing */
};

static sd_status
add_range(struct sd_memmap *mm, uint64_t start, uint64_t end,
	  uint64_t mem_map, struct sd_err *err)
{
	struct sd_memmap_range *last = mm->n_ranges
				       ? &mm->ranges[mm->n_ranges - 1] : NULL;
	sd_status st;

	if (last && last->pfn_end == start &&
	    last->mem_map + (start - last->pfn_start) * mm->page_struct_size
	    == mem_map) {
		last->pfn_end = end;
		return SD_OK;
	}
	if (mm->n_ranges == mm->cap) {
		size_t ncap = mm->cap ? mm->cap * 2 : 16;

		st = sd_brealloc(mm->budget, (void **)&mm->ranges,
				 mm->cap * sizeof(*mm->ranges),
				 ncap * sizeof(*mm->ranges), "mem_map ranges",
				 err);
		if (st)
			return st;
		mm->cap = ncap;
	}
	mm->ranges[mm->n_ranges++] = (struct sd_memmap_range){
		start, end, mem_map };
	return SD_OK;
}

/*
 * Decode @count mem_section structs at @buf, numbered from @first.
 * Returns SD_ERR_CORRUPT (no message) when a mem_map fails validation.
 */
static sd_status
decode_block(struct sd_memmap *mm, const struct sect_geom *g,
	     const uint8_t *buf, uint64_t first, uint64_t count,
	     struct sd_err *err)
{
	uint64_t pps = mm->pages_per_section, i;
	sd_status st;

	for (i = 0; i < count; i++) {
		uint64_t nr = first + i;
		uint64_t smm = sd_le64(buf + i * g->ms_size + g->smm_off);
		uint64_t mem_map, start = nr * pps;

		if (!(smm & SECTION_MARKED_PRESENT))
			continue;
		mem_map = (smm & SECTION_MAP_MASK) + start * mm->page_struct_size;
		if (mem_map < mm->vt->page_offset ||
		    mem_map < (smm & SECTION_MAP_MASK)) {
			if (!g->tolerate)
				return SD_ERR_CORRUPT;
			/* its pages stay in the dump, unjudged */
			if (!mm->bad_sections++) {
				mm->first_bad_section = nr;
				mm->first_bad_smm = smm;
			}
			continue;
		}
		st = add_range(mm, start, SD_MIN(start + pps, mm->max_mapnr),
			       mem_map, err);
		if (st)
			return st;
		mm->n_sections++;
	}
	return SD_OK;
}

/* A read whose failure is only remembered (the first one) in @rerr. */
static int
read_noted(struct sd_memmap *mm, uint64_t addr, void *buf, size_t len,
	   struct sd_err *rerr)
{
	struct sd_err e = { 0 };

	if (!sd_read_virt(mm->vt, addr, buf, len, &e))
		return 0;
	if (rerr->status == SD_OK)
		*rerr = e;
	return -1;
}

/* Read one block of sections at kernel address @addr and decode it. */
static sd_status
walk_block(struct sd_memmap *mm, const struct sect_geom *g, uint64_t addr,
	   uint64_t first, uint8_t *buf, struct sd_err *rerr,
	   struct sd_err *err)
{
	uint64_t count = SD_MIN(g->per_block, mm->num_section - first);

	if (!addr)
		return SD_OK;	/* no memmap in this block */
	if (addr < mm->vt->page_offset ||
	    read_noted(mm, addr, buf, (size_t)(count * g->ms_size), rerr)) {
		/* makedumpfile treats unreadable sections as absent: their
		 * pages are kept, unjudged */
		if (!mm->unreadable_blocks++) {
			mm->first_unreadable_block = first / g->per_block;
			mm->first_unreadable_addr = addr;
		}
		return SD_OK;
	}
	return decode_block(mm, g, buf, first, count, err);
}

static void
reset_ranges(struct sd_memmap *mm)
{
	mm->n_ranges = 0;
	mm->n_sections = 0;
	mm->unreadable_blocks = 0;
	mm->bad_sections = 0;
}

/* Walk every block; *valid = some section validated and none failed. */
static sd_status
walk_blocks(struct sd_memmap *mm, const struct sect_geom *g,
	    const uint8_t *roots, uint64_t base, uint64_t nblocks,
	    bool *valid, struct sd_err *rerr, struct sd_err *err)
{
	uint8_t *buf = malloc((size_t)(g->per_block * g->ms_size));
	sd_status st = SD_OK;
	uint64_t b;

	if (!buf)
		return sd_fail(err, SD_ERR_NOMEM, "mem_section: out of memory");
	for (b = 0; b < nblocks && !st; b++) {
		uint64_t addr = roots ? sd_le64(roots + b * 8)
				      : base + b * g->per_block * g->ms_size;

		st = walk_block(mm, g, addr, b * g->per_block, buf, rerr, err);
	}
	free(buf);
	*valid = !st && mm->n_sections > 0;
	if (st == SD_ERR_CORRUPT || st == SD_ERR_UNREADABLE)
		st = SD_OK;	/* a validation failure, not an error */
	return st;
}

/* One interpretation of SYMBOL(mem_section): the array (or root array). */
static sd_status
try_walk(struct sd_memmap *mm, const struct sect_geom *g, uint64_t base,
	 bool *valid, struct sd_err *rerr, struct sd_err *err)
{
	uint64_t nblocks = SD_DIV_ROUND_UP(mm->num_section, g->per_block);
	size_t rbytes = (size_t)nblocks * 8;
	uint8_t *roots = NULL;
	sd_status st;

	reset_ranges(mm);
	*valid = false;
	if (!g->extreme)
		return walk_blocks(mm, g, NULL, base, nblocks, valid, rerr, err);
	st = sd_balloc(mm->budget, rbytes, 0, "mem_section roots",
		       (void **)&roots, err);
	if (st)
		return st;
	if (!read_noted(mm, base, roots, rbytes, rerr))
		st = walk_blocks(mm, g, roots, 0, nblocks, valid, rerr, err);
	sd_bfree(mm->budget, roots, rbytes);
	return st;
}

static sd_status
sparse_walk(struct sd_memmap *mm, const struct sect_geom *g,
	    struct sd_err *err)
{
	struct sd_err rerr = { 0 };
	uint8_t ptr[8];
	bool valid;
	sd_status st;

	st = try_walk(mm, g, g->mem_section, &valid, &rerr, err);
	if (st || valid)
		return st;
	if (g->extreme &&
	    !read_noted(mm, g->mem_section, ptr, sizeof(ptr), &rerr)) {
		/* The -x vmlinux case: mem_section is a pointer (4.15+). */
		st = try_walk(mm, g, sd_le64(ptr), &valid, &rerr, err);
		if (st)
			return st;
		mm->mem_section_is_pointer = valid;
	}
	if (!valid) {
		/*
		 * Some sections have a garbage section_mem_map: take the array
		 * reading if most sections make sense, skip the bad ones (their
		 * pages are kept) and let the caller warn.
		 */
		struct sect_geom t = *g;

		t.tolerate = true;
		st = try_walk(mm, &t, g->mem_section, &valid, &rerr, err);
		if (st)
			return st;
		valid = valid && mm->bad_sections < mm->n_sections;
		mm->mem_section_is_pointer = false;
	}
	if (!valid) {
		reset_ranges(mm);
		if (rerr.status)
			return sd_fail(err, SD_ERR_CORRUPT,
				       "%s: Could not validate mem_section (SYMBOL(mem_section)=0x%" PRIx64 "): %s",
				       mm->vt->src->path, g->mem_section, rerr.msg);
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: Could not validate mem_section (SYMBOL(mem_section)=0x%" PRIx64 ")",
			       mm->vt->src->path, g->mem_section);
	}
	return SD_OK;
}

static int64_t
number_or(const struct sd_vmcoreinfo *vi, const char *name, int64_t dflt)
{
	int64_t v;

	return sd_vmci_number(vi, name, &v) ? dflt : v;
}

/* Section geometry; returns SD_ERR_NODATA if the kernel is not sparsemem. */
static sd_status
sparse_geometry(struct sd_memmap *mm, const struct sd_vmcoreinfo *vi,
		struct sect_geom *g, struct sd_err *err)
{
	int64_t ms_size, off, len;
	int64_t ssb = number_or(vi, "SECTION_SIZE_BITS", mm->vt->section_bits);
	int64_t mpb = number_or(vi, "MAX_PHYSMEM_BITS", mm->vt->physmem_bits);
	uint32_t ps = vi->page_size;

	if (sd_vmci_symbol(vi, "mem_section", &g->mem_section) ||
	    sd_vmci_size(vi, "mem_section", &ms_size) ||
	    sd_vmci_offset(vi, "mem_section.section_mem_map", &off))
		return SD_ERR_NODATA;
	if (ssb <= vi->page_shift || ssb >= mpb || mpb > 64 || ms_size < 8 ||
	    ms_size > ps || off < 0 || off + 8 > ms_size)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: bad sparsemem geometry: SECTION_SIZE_BITS=%" PRId64
			       " MAX_PHYSMEM_BITS=%" PRId64 " SIZE(mem_section)=%" PRId64
			       " OFFSET(mem_section.section_mem_map)=%" PRId64,
			       vi->origin, ssb, mpb, ms_size, off);
	mm->pages_per_section = 1ULL << (ssb - vi->page_shift);
	g->ms_size = (uint64_t)ms_size;
	g->smm_off = (uint64_t)off;
	/* EXTREME if LENGTH is unknown or equals the number of roots. */
	g->extreme = sd_vmci_length(vi, "mem_section", &len) ||
		     (uint64_t)len == SD_DIV_ROUND_UP(1ULL << (mpb - ssb),
						      ps / g->ms_size);
	g->per_block = ps / g->ms_size;
	return SD_OK;
}

static sd_status
flatmem(struct sd_memmap *mm, const struct sd_vmcoreinfo *vi,
	struct sd_err *err)
{
	uint8_t ptr[8];
	uint64_t sym;
	sd_status st;

	if (sd_vmci_symbol(vi, "mem_map", &sym))
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "%s: cannot find the struct page array: no SYMBOL(mem_section) or SYMBOL(mem_map)",
			       vi->origin);
	st = sd_read_virt(mm->vt, sym, ptr, sizeof(ptr), err);
	if (st)
		return sd_wrap(err, st, "reading SYMBOL(mem_map)");
	if (!sd_le64(ptr))
		return sd_fail(err, SD_ERR_CORRUPT, "mem_map is NULL");
	mm->model = SD_MEM_FLATMEM;
	mm->n_sections = 1;
	return add_range(mm, 0, mm->max_mapnr, sd_le64(ptr), err);
}

static void
lower_max_mapnr(struct sd_memmap *mm)
{
	/* pages of skipped sections are kept: never cut them off */
	if (mm->n_ranges && !mm->bad_sections && !mm->unreadable_blocks)
		mm->max_mapnr = SD_MIN(mm->max_mapnr,
				       mm->ranges[mm->n_ranges - 1].pfn_end);
}

sd_status
sd_memmap_init(struct sd_memmap *mm, struct sd_vtop *vt,
	       const struct sd_vmcoreinfo *vi, uint64_t max_mapnr,
	       struct sd_budget *budget, struct sd_err *err)
{
	struct sect_geom g = { 0 };
	int64_t page_size;
	sd_status st;

	memset(mm, 0, sizeof(*mm));
	mm->vt = vt;
	mm->budget = budget;
	mm->max_mapnr = max_mapnr;
	if (sd_vmci_size(vi, "page", &page_size))
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: VMCOREINFO has no SIZE(page)", vi->origin);
	if (page_size < 8 || page_size > 4096)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: SIZE(page)=%" PRId64 " is not a struct page size (8-4096)",
			       vi->origin, page_size);
	mm->page_struct_size = (uint64_t)page_size;
	st = sparse_geometry(mm, vi, &g, err);
	if (st == SD_ERR_NODATA) {
		st = flatmem(mm, vi, err);
	} else if (!st) {
		mm->model = g.extreme ? SD_MEM_SPARSEMEM_EXTREME
				      : SD_MEM_SPARSEMEM;
		mm->num_section = SD_DIV_ROUND_UP(max_mapnr,
						  mm->pages_per_section);
		st = sparse_walk(mm, &g, err);
	}
	if (st) {
		sd_memmap_fini(mm);
		return st;
	}
	lower_max_mapnr(mm);
	return SD_OK;
}

void
sd_memmap_fini(struct sd_memmap *mm)
{
	sd_bfree(mm->budget, mm->ranges, mm->cap * sizeof(*mm->ranges));
	sd_bfree(mm->budget, mm->scan_buf, mm->scan_buf_bytes);
	mm->scan_buf = NULL;
	mm->scan_buf_bytes = 0;
	mm->ranges = NULL;
	mm->n_ranges = mm->cap = 0;
}

long
sd_memmap_find(const struct sd_memmap *mm, uint64_t pfn)
{
	size_t lo = 0, hi = mm->n_ranges;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (pfn < mm->ranges[mid].pfn_start)
			hi = mid;
		else if (pfn >= mm->ranges[mid].pfn_end)
			lo = mid + 1;
		else
			return (long)mid;
	}
	return -1;
}

/* First range ending after @pfn (n_ranges if none). */
static size_t
first_range_after(const struct sd_memmap *mm, uint64_t pfn)
{
	size_t lo = 0, hi = mm->n_ranges;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (mm->ranges[mid].pfn_end <= pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

sd_status
sd_memmap_read_pages(struct sd_memmap *mm, uint64_t pfn, uint64_t n,
		     void *buf, struct sd_err *err)
{
	uint64_t sz = mm->page_struct_size, end = pfn + n, cur = pfn;
	size_t i = first_range_after(mm, pfn);
	uint8_t *out = buf;

	for (; i < mm->n_ranges && mm->ranges[i].pfn_start < end; i++) {
		const struct sd_memmap_range *r = &mm->ranges[i];
		uint64_t s = SD_MAX(pfn, r->pfn_start);
		uint64_t e = SD_MIN(end, r->pfn_end);
		sd_status st;

		memset(out + (cur - pfn) * sz, 0, (size_t)((s - cur) * sz));
		st = sd_read_virt(mm->vt, r->mem_map + (s - r->pfn_start) * sz,
				  out + (s - pfn) * sz, (size_t)((e - s) * sz),
				  err);
		if (st)
			return sd_wrap(err, st, "struct page of pfn 0x%" PRIx64
				       "-0x%" PRIx64, s, e);
		cur = e;
	}
	memset(out + (cur - pfn) * sz, 0, (size_t)((end - cur) * sz));
	mm->pages_read += n;
	return SD_OK;
}
