// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The planner's known stratum: the physical pages that hold the struct
 * pages (the mem_map, or the vmemmap's backing).  They are kernel data,
 * kept at every dump level, and on a large machine they are most of what
 * a -d 31 dump keeps, yet they sit in a few places of RAM that evenly
 * spaced sample chunks miss or hit by chance (doc/planner.md 1).  So
 * they are found exactly, through the kernel's page tables, and the
 * sample estimates only the rest.
 */
#include <stdlib.h>

#include "sievedump/job.h"
#include "sievedump/sample_memmap.h"
#include "sievedump/vtop.h"

enum {
	PAGE = 4096,
	MAX_RANGES = 4096,		/* more: give up, sample as before */
	MAX_STEPS = 1 << 20,		/* translations: give up beyond */
};

static sd_status
add_range(struct sd_budget *b, struct sd_memmap_phys *mp, uint64_t s,
	  uint64_t e, struct sd_err *err)
{
	struct sd_range *last = mp->n ? &mp->r[mp->n - 1] : NULL;
	sd_status st;

	if (last && s >= last->start && s <= last->end) {
		if (e > last->end)
			last->end = e;
		return SD_OK;
	}
	if (mp->n == MAX_RANGES)
		return SD_ERR_UNSUPPORTED;
	if (mp->n == mp->cap) {
		size_t ncap = mp->cap ? mp->cap * 2 : 16;

		st = sd_brealloc(b, (void **)&mp->r, mp->cap * sizeof(*mp->r),
				 ncap * sizeof(*mp->r), "mem_map's pages", err);
		if (st)
			return st;
		mp->cap = ncap;
	}
	mp->r[mp->n++] = (struct sd_range){ s, e };
	return SD_OK;
}

/* The pages behind the struct pages of one mem_map range. */
static sd_status
walk(struct sd_job *job, const struct sd_memmap_range *r,
     struct sd_memmap_phys *mp, uint64_t *steps, struct sd_err *err)
{
	uint64_t sz = job->mm.page_struct_size;
	uint64_t va = r->mem_map & ~(uint64_t)(PAGE - 1);
	uint64_t end = r->mem_map + (r->pfn_end - r->pfn_start) * sz;
	sd_status st;

	while (va < end) {
		uint64_t pa, msize = PAGE, mstart, mend;
		struct sd_err e = { 0 };

		if (++*steps > MAX_STEPS)
			return SD_ERR_UNSUPPORTED;
		st = sd_vtop(job->mm.vt, va, &pa, &msize, &e);
		if (st == SD_ERR_NODATA || st == SD_ERR_CORRUPT) {
			va += PAGE;	/* a hole: nothing behind it */
			continue;
		}
		if (st)
			return SD_ERR_UNSUPPORTED;
		mstart = va & ~(msize - 1);
		mend = mstart + msize < end ? mstart + msize : end;
		/* [va, mend) is physically [pa, pa + (mend - va)) */
		st = add_range(&job->budget, mp, pa / PAGE,
			       (pa + (mend - va) + PAGE - 1) / PAGE, err);
		if (st)
			return st;
		va = mend;
	}
	return SD_OK;
}

static int
by_start(const void *a, const void *b)
{
	const struct sd_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Sorted, overlaps merged, and the pages counted. */
static void
normalize(struct sd_memmap_phys *mp)
{
	size_t i, n = 0;

	qsort(mp->r, mp->n, sizeof(*mp->r), by_start);
	for (i = 0; i < mp->n; i++) {
		if (n && mp->r[i].start <= mp->r[n - 1].end) {
			if (mp->r[i].end > mp->r[n - 1].end)
				mp->r[n - 1].end = mp->r[i].end;
			continue;
		}
		mp->r[n++] = mp->r[i];
	}
	mp->n = n;
	mp->pages = 0;
	for (i = 0; i < n; i++)
		mp->pages += mp->r[i].end - mp->r[i].start;
}

sd_status
sd_memmap_phys_find(struct sd_job *job, struct sd_memmap_phys *mp,
		    struct sd_err *err)
{
	uint64_t steps = 0;
	sd_status st = SD_OK;
	size_t i;

	mp->known = false;
	if (!job->have_mm || !job->mm.vt || !job->mm.n_ranges)
		return SD_OK;
	for (i = 0; !st && i < job->mm.n_ranges; i++)
		st = walk(job, &job->mm.ranges[i], mp, &steps, err);
	if (st == SD_ERR_UNSUPPORTED) {	/* too scattered: not a stratum */
		sd_memmap_phys_free(job, mp);
		return SD_OK;
	}
	if (st)
		return st;
	normalize(mp);
	mp->known = true;
	return SD_OK;
}

uint64_t
sd_memmap_phys_members(const struct sd_memmap_phys *mp,
		       const struct sd_pageset *set, uint64_t a, uint64_t b)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; mp->known && i < mp->n; i++) {
		uint64_t s = mp->r[i].start > a ? mp->r[i].start : a;
		uint64_t e = mp->r[i].end < b ? mp->r[i].end : b;
		struct sd_range r;

		while (s < e && set->ops->next_run(set, s, &r) && r.start < e) {
			uint64_t re = r.end < e ? r.end : e;

			n += re - r.start;
			s = re;
		}
	}
	return n;
}

void
sd_memmap_phys_free(struct sd_job *job, struct sd_memmap_phys *mp)
{
	sd_bfree(&job->budget, mp->r, mp->cap * sizeof(*mp->r));
	*mp = (struct sd_memmap_phys){ 0 };
}
