// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The extent backend: a sorted array of disjoint, non-adjacent runs
 * [start, end).  16 bytes per run; tiny for clustered sets, hopeless for
 * alternating pages (the planner knows).  Clearing in increasing pfn order,
 * as the mem_map scan does, splits the run at the end of the array, so the
 * memmove per split stays short.
 */
#include <string.h>

#include "sievedump/pageset.h"

struct extents {
	struct sd_range *r;
	uint64_t n, cap;
};

static uint64_t
extent_estimate(const struct sd_pageset_shape *shape)
{
	/* growth by doubling may briefly hold twice the runs */
	return 2 * 16 * (shape->runs + 1) + sizeof(struct extents);
}

static sd_status
extent_init(struct sd_pageset *ps, struct sd_err *err)
{
	struct extents *e;
	sd_status st;

	st = sd_balloc(ps->budget, sizeof(*e), 1, "extent page set",
		       (void **)&e, err);
	if (st)
		return st;
	ps->priv = e;
	return SD_OK;
}

static void
extent_release(struct sd_pageset *ps)
{
	struct extents *e = ps->priv;

	if (!e)
		return;
	sd_bfree(ps->budget, e->r, e->cap * sizeof(*e->r));
	sd_bfree(ps->budget, e, sizeof(*e));
	ps->priv = NULL;
}

/* Index of the first run with end > pfn (n if none). */
static uint64_t
first_ending_after(const struct extents *e, uint64_t pfn)
{
	uint64_t lo = 0, hi = e->n;

	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (e->r[mid].end > pfn)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static sd_status
reserve(struct sd_pageset *ps, struct extents *e, uint64_t need,
	struct sd_err *err)
{
	uint64_t cap = e->cap ? e->cap : 16;
	sd_status st;

	if (e->n + need <= e->cap)
		return SD_OK;
	while (cap < e->n + need)
		cap *= 2;
	st = sd_brealloc(ps->budget, (void **)&e->r, e->cap * sizeof(*e->r),
			 cap * sizeof(*e->r), "extent list", err);
	if (st)
		return st;
	e->cap = cap;
	return SD_OK;
}

static void
splice(struct extents *e, uint64_t at, uint64_t remove, const struct sd_range *add,
       uint64_t nadd)
{
	memmove(e->r + at + nadd, e->r + at + remove,
		(e->n - at - remove) * sizeof(*e->r));
	memcpy(e->r + at, add, nadd * sizeof(*e->r));
	e->n = e->n - remove + nadd;
}

static sd_status
extent_set_range(struct sd_pageset *ps, uint64_t start, uint64_t end,
		 struct sd_err *err)
{
	struct extents *e = ps->priv;
	struct sd_range m;
	uint64_t i, j;
	sd_status st;

	sd_pageset_clip(ps, &start, &end);
	if (start == end)
		return SD_OK;
	/* first run that touches or follows [start, end) */
	i = start ? first_ending_after(e, start - 1) : 0;
	if (i < e->n && e->r[i].end < start)
		i++;
	j = i;
	m = (struct sd_range){ start, end };
	while (j < e->n && e->r[j].start <= end) {
		if (e->r[j].start < m.start)
			m.start = e->r[j].start;
		if (e->r[j].end > m.end)
			m.end = e->r[j].end;
		j++;
	}
	if (j == i) {
		st = reserve(ps, e, 1, err);
		if (st)
			return st;
	}
	splice(e, i, j - i, &m, 1);
	return SD_OK;
}

static sd_status
extent_clear_range(struct sd_pageset *ps, uint64_t start, uint64_t end,
		   uint64_t *cleared_ret, struct sd_err *err)
{
	struct extents *e = ps->priv;
	struct sd_range keep[2];
	uint64_t i, j, nkeep = 0, cleared = 0;
	sd_status st;

	sd_pageset_clip(ps, &start, &end);
	i = first_ending_after(e, start);
	for (j = i; j < e->n && e->r[j].start < end; j++) {
		uint64_t a = e->r[j].start > start ? e->r[j].start : start;
		uint64_t b = e->r[j].end < end ? e->r[j].end : end;

		cleared += b - a;
	}
	if (j > i && e->r[i].start < start)
		keep[nkeep++] = (struct sd_range){ e->r[i].start, start };
	if (j > i && e->r[j - 1].end > end)
		keep[nkeep++] = (struct sd_range){ end, e->r[j - 1].end };
	if (nkeep > j - i) {
		st = reserve(ps, e, nkeep - (j - i), err);
		if (st)
			return st;
	}
	if (j > i)
		splice(e, i, j - i, keep, nkeep);
	if (cleared_ret)
		*cleared_ret = cleared;
	return SD_OK;
}

static bool
extent_next_run(const struct sd_pageset *ps, uint64_t from,
		struct sd_range *ret)
{
	const struct extents *e = ps->priv;
	uint64_t i = first_ending_after(e, from);

	if (i >= e->n)
		return false;
	ret->start = e->r[i].start > from ? e->r[i].start : from;
	ret->end = e->r[i].end;
	return true;
}

static uint64_t
extent_count(const struct sd_pageset *ps, uint64_t start, uint64_t end)
{
	const struct extents *e = ps->priv;
	uint64_t i, n = 0;

	for (i = first_ending_after(e, start); i < e->n && e->r[i].start < end;
	     i++) {
		uint64_t a = e->r[i].start > start ? e->r[i].start : start;
		uint64_t b = e->r[i].end < end ? e->r[i].end : end;

		n += b - a;
	}
	return n;
}

static uint64_t
extent_mem_used(const struct sd_pageset *ps)
{
	const struct extents *e = ps->priv;

	return e ? e->cap * sizeof(*e->r) + sizeof(*e) : 0;
}

const struct sd_pageset_ops sd_pageset_extent_ops = {
	.version = 1,
	.name = "extent",
	.estimate = extent_estimate,
	.init = extent_init,
	.release = extent_release,
	.set_range = extent_set_range,
	.clear_range = extent_clear_range,
	.next_run = extent_next_run,
	.count = extent_count,
	.mem_used = extent_mem_used,
};
