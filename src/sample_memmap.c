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
#include "sievedump/vmemmap.h"

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

struct find_ctx {
	struct sd_job *job;
	struct sd_memmap_phys *mp;
	uint64_t steps;
};

/* One mapping's pages that hold the range's struct pages. */
static sd_status
add_mapping(void *ctx, uint64_t va, uint64_t pa, uint64_t len,
	    uint64_t msize, struct sd_err *err)
{
	struct find_ctx *f = ctx;

	(void)va;
	(void)msize;
	if (++f->steps > MAX_STEPS)
		return SD_ERR_UNSUPPORTED;
	return add_range(&f->job->budget, f->mp, pa / PAGE,
			 (pa + len + PAGE - 1) / PAGE, err);
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
	struct find_ctx f = { job, mp, 0 };
	sd_status st = SD_OK;
	size_t i;

	mp->known = false;
	if (!job->model.have_mm || !job->model.mm.vt || !job->model.mm.n_ranges)
		return SD_OK;
	for (i = 0; !st && i < job->model.mm.n_ranges; i++)
		st = sd_vmemmap_walk(job->model.mm.vt,
				     job->model.mm.page_struct_size,
				     &job->model.mm.ranges[i], add_mapping, &f,
				     err);
	if (st && st != SD_ERR_BUDGET) {	/* not a stratum: too scattered,
						   or the tables cannot be read */
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
