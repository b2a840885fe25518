// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The roaring backend (CRoaring 0.2.66 as Debian ships it): one 32-bit
 * roaring bitmap per 2^32-pfn window.  Built only with add_range and
 * remove_range, never add() (doc/planner.md 3).
 *
 * CRoaring cannot report allocation failure and has no allocator hook, so
 * its memory is accounted here: before every operation the worst growth it
 * can cause is reserved in the budget (refused with SD_ERR_BUDGET before
 * the library runs), and afterwards the exact bytes of the containers it
 * touched are measured and the reservation corrected.
 */
#include <roaring/roaring.h>
#include <string.h>

#include "sievedump/pageset.h"

enum {
	MALLOC_OVERHEAD = 16,
	STRUCT_BYTES = 16 + MALLOC_OVERHEAD,
	BITSET_BYTES = 8192 + 32 + MALLOC_OVERHEAD,
	/* largest a container can get from add/remove_range: a run
	 * container of 2047 runs with 1.25x capacity slack */
	WORST_CONTAINER = STRUCT_BYTES + 2560 * 4 + MALLOC_OVERHEAD,
	BITMAP_BYTES = 64,
	OPTIMIZE_EVERY = 1 << 20,	/* bytes of growth between compactions */
};

struct rwin {
	roaring_bitmap_t *r;
	uint64_t bytes;			/* modelled heap bytes of this window */
	uint64_t grown;			/* growth since the last compaction */
};

struct roar {
	struct rwin *w;
	uint64_t nwin;
};

static uint64_t
container_bytes(uint8_t type, const void *c)
{
	switch (type) {
	case BITSET_CONTAINER_TYPE_CODE:
		return STRUCT_BYTES + BITSET_BYTES;
	case ARRAY_CONTAINER_TYPE_CODE:
		return STRUCT_BYTES + MALLOC_OVERHEAD +
		       2 * (uint64_t)((const array_container_t *)c)->capacity;
	case RUN_CONTAINER_TYPE_CODE:
		return STRUCT_BYTES + MALLOC_OVERHEAD +
		       4 * (uint64_t)((const run_container_t *)c)->capacity;
	default:
		return STRUCT_BYTES + BITSET_BYTES;
	}
}

/* Index of the first container with key >= @key. */
static int32_t
key_index(const roaring_array_t *ra, uint16_t key)
{
	int32_t lo = 0, hi = ra->size;

	while (lo < hi) {
		int32_t mid = lo + (hi - lo) / 2;

		if (ra->keys[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Bytes of the containers with keys in [k0, k1] plus the key arrays. */
static uint64_t
span_bytes(const roaring_bitmap_t *r, uint32_t k0, uint32_t k1)
{
	const roaring_array_t *ra = &r->high_low_container;
	uint64_t n = (uint64_t)ra->allocation_size * 11 + 3 * MALLOC_OVERHEAD;
	int32_t i;

	for (i = key_index(ra, (uint16_t)k0); i < ra->size && ra->keys[i] <= k1;
	     i++)
		n += container_bytes(ra->typecodes[i], ra->containers[i]);
	return n;
}

static uint64_t
window_bytes(const roaring_bitmap_t *r)
{
	return BITMAP_BYTES + span_bytes(r, 0, 0xffff);
}

/*
 * One container: its key entry, the struct and the container a set built
 * from ranges has (compaction is rare): a run container with CRoaring's
 * 1.25x capacity slack, or a bitmap above 2047 runs.
 */
static uint64_t
roaring_chunk_bytes(uint64_t members, uint64_t runs)
{
	uint64_t c = runs < 2048 ? 5 * runs : (uint64_t)BITSET_BYTES;

	if (!members)
		return 0;
	return 14 + STRUCT_BYTES + MALLOC_OVERHEAD + c;
}

static uint64_t
roaring_base_bytes(uint64_t span, uint64_t *slack)
{
	uint64_t windows = (span + (1ULL << 32) - 1) >> 32;

	*slack = OPTIMIZE_EVERY + 2 * WORST_CONTAINER;
	return sizeof(struct roar) +
	       windows * (sizeof(struct rwin) + BITMAP_BYTES + 3 * MALLOC_OVERHEAD);
}

static uint64_t
roaring_estimate(const struct sd_pageset_shape *s)
{
	/* without a sample: every chunk of the average shape
	 * (doc/planner.md 3), an upper bound when density varies */
	uint64_t k = (s->span + 65535) / 65536, slack;
	uint64_t base = roaring_base_bytes(s->span, &slack);

	if (!k)
		return base + slack;
	return base + slack + k * roaring_chunk_bytes(
		SD_DIV_ROUND_UP(s->members, k), SD_DIV_ROUND_UP(s->runs, k));
}

static sd_status
roaring_init_set(struct sd_pageset *ps, struct sd_err *err)
{
	struct roar *ro;
	sd_status st;

	st = sd_balloc(ps->budget, sizeof(*ro), 1, "roaring page set",
		       (void **)&ro, err);
	if (st)
		return st;
	ro->nwin = ((ps->end - 1) >> 32) - (ps->start >> 32) + 1;
	st = sd_balloc(ps->budget, ro->nwin * sizeof(*ro->w), 1,
		       "roaring windows", (void **)&ro->w, err);
	if (st) {
		sd_bfree(ps->budget, ro, sizeof(*ro));
		return st;
	}
	ps->priv = ro;
	return SD_OK;
}

static void
roaring_release(struct sd_pageset *ps)
{
	struct roar *ro = ps->priv;
	uint64_t i;

	if (!ro)
		return;
	for (i = 0; i < ro->nwin; i++) {
		if (!ro->w[i].r)
			continue;
		roaring_bitmap_free(ro->w[i].r);
		sd_budget_release(ps->budget, ro->w[i].bytes);
	}
	sd_bfree(ps->budget, ro->w, ro->nwin * sizeof(*ro->w));
	sd_bfree(ps->budget, ro, sizeof(*ro));
	ps->priv = NULL;
}

/* Correct a reservation of @reserved bytes to the measured @delta. */
static void
settle(struct sd_budget *b, uint64_t reserved, int64_t delta)
{
	if (delta < 0) {
		sd_budget_release(b, reserved + (uint64_t)-delta);
	} else if ((uint64_t)delta <= reserved) {
		sd_budget_release(b, reserved - (uint64_t)delta);
	} else {
		sd_budget_release(b, reserved);
		sd_budget_record(b, (uint64_t)delta);
	}
}

static void
compact(struct sd_pageset *ps, struct rwin *w)
{
	uint64_t before = w->bytes, after;

	roaring_bitmap_run_optimize(w->r);
	roaring_bitmap_shrink_to_fit(w->r);
	after = window_bytes(w->r);
	w->bytes = after;
	w->grown = 0;
	settle(ps->budget, 0, (int64_t)after - (int64_t)before);
}

static sd_status
get_window(struct sd_pageset *ps, uint64_t idx, struct rwin **ret,
	   struct sd_err *err)
{
	struct roar *ro = ps->priv;
	struct rwin *w = &ro->w[idx];
	sd_status st;

	if (!w->r) {
		st = sd_budget_reserve(ps->budget, BITMAP_BYTES, "roaring bitmap",
				       err);
		if (st)
			return st;
		w->r = roaring_bitmap_create();
		if (!w->r) {
			sd_budget_release(ps->budget, BITMAP_BYTES);
			return sd_fail(err, SD_ERR_NOMEM,
				       "roaring bitmap: out of memory");
		}
		w->bytes = BITMAP_BYTES;
	}
	*ret = w;
	return SD_OK;
}

/* The most one add/remove_range over keys [k0, k1] can make memory grow. */
static uint64_t
worst_growth(const roaring_bitmap_t *r, uint32_t k0, uint32_t k1, bool add)
{
	const roaring_array_t *ra = &r->high_low_container;
	uint64_t keys = (uint64_t)k1 - k0 + 1, grow = 2 * WORST_CONTAINER;

	if (add) {
		grow += keys * (STRUCT_BYTES + MALLOC_OVERHEAD + 16);
		if (ra->size + keys > (uint64_t)ra->allocation_size)
			grow += 2 * (ra->size + keys) * 11 +
				(uint64_t)ra->allocation_size * 11;
	}
	return grow;
}

/* add (or remove) window-relative [lo, hi); *changed_ret = pfns changed */
static sd_status
mutate(struct sd_pageset *ps, struct rwin *w, uint64_t lo, uint64_t hi,
       bool add, uint64_t *changed_ret, struct sd_err *err)
{
	uint32_t k0 = (uint32_t)(lo >> 16), k1 = (uint32_t)((hi - 1) >> 16);
	uint64_t worst = worst_growth(w->r, k0, k1, add), before, after, had;
	sd_status st;

	st = sd_budget_reserve(ps->budget, worst, "roaring page set growth",
			       err);
	if (st)
		return st;
	before = span_bytes(w->r, k0, k1);
	had = roaring_bitmap_range_cardinality(w->r, lo, hi);
	if (add)
		roaring_bitmap_add_range(w->r, lo, hi);
	else
		roaring_bitmap_remove_range(w->r, lo, hi);
	after = span_bytes(w->r, k0, k1);
	w->bytes += after - before;
	settle(ps->budget, worst, (int64_t)after - (int64_t)before);
	*changed_ret = add ? (hi - lo) - had : had;
	if (after > before)
		w->grown += after - before;
	if (w->grown > OPTIMIZE_EVERY)
		compact(ps, w);
	return SD_OK;
}

static sd_status
apply(struct sd_pageset *ps, uint64_t start, uint64_t end, bool add,
      uint64_t *changed_ret, struct sd_err *err)
{
	uint64_t changed = 0, base = ps->start >> 32;
	sd_status st = SD_OK;

	sd_pageset_clip(ps, &start, &end);
	while (start < end) {
		uint64_t wend = ((start >> 32) + 1) << 32, n = 0;
		uint64_t e = end < wend ? end : wend;
		struct roar *ro = ps->priv;
		struct rwin *w = &ro->w[(start >> 32) - base];

		if (add || w->r) {
			st = get_window(ps, (start >> 32) - base, &w, err);
			if (!st)
				st = mutate(ps, w, start & 0xffffffffULL,
					    e - (start & ~0xffffffffULL), add, &n,
					    err);
			if (st)
				break;
		}
		changed += n;
		start = e;
	}
	if (changed_ret)
		*changed_ret = changed;
	return st;
}

static sd_status
roaring_set_range(struct sd_pageset *ps, uint64_t start, uint64_t end,
		  struct sd_err *err)
{
	return apply(ps, start, end, true, NULL, err);
}

static sd_status
roaring_clear_range(struct sd_pageset *ps, uint64_t start, uint64_t end,
		    uint64_t *cleared_ret, struct sd_err *err)
{
	return apply(ps, start, end, false, cleared_ret, err);
}

/*
 * Is [lo, hi) all members?  (roaring_bitmap_contains_range of 0.2.66
 * asserts when the range ends past the last container, so count instead.)
 */
static bool
all_members(const roaring_bitmap_t *r, uint64_t lo, uint64_t hi)
{
	return roaring_bitmap_range_cardinality(r, lo, hi) == hi - lo;
}

/* Largest x in [lo, hi] with [lo, x) all members ([lo, lo) always is). */
static uint64_t
contained_until(const roaring_bitmap_t *r, uint64_t lo, uint64_t hi)
{
	uint64_t good = lo, bad = hi;

	if (all_members(r, lo, hi))
		return hi;
	while (bad - good > 1) {
		uint64_t mid = good + (bad - good) / 2;

		if (all_members(r, lo, mid))
			good = mid;
		else
			bad = mid;
	}
	return good;
}

/* End (window-relative, exclusive) of the run starting at the iterator. */
static uint64_t
run_end(const roaring_bitmap_t *r, roaring_uint32_iterator_t *it)
{
	const uint64_t lim = 1ULL << 32;
	uint32_t buf[256];
	uint64_t e = it->current_value, step = 256;
	uint32_t n = roaring_read_uint32_iterator(it, buf, 256), i;

	for (i = 0; i < n; i++, e++)
		if (buf[i] != e)
			return e;
	if (n < 256)
		return e;
	/* a long run: gallop with range queries instead of values */
	while (e + step <= lim && all_members(r, e, e + step)) {
		e += step;
		step *= 2;
	}
	return contained_until(r, e, e + step < lim ? e + step : lim);
}

static bool
roaring_next_run(const struct sd_pageset *ps, uint64_t from,
		 struct sd_range *ret)
{
	const struct roar *ro = ps->priv;
	uint64_t base = ps->start >> 32, pfn = from > ps->start ? from : ps->start;
	bool found = false;

	while (pfn < ps->end) {
		const struct rwin *w = &ro->w[(pfn >> 32) - base];
		uint64_t wbase = pfn & ~0xffffffffULL, e;
		roaring_uint32_iterator_t it;

		if (w->r) {
			roaring_init_iterator(w->r, &it);
			if (roaring_move_uint32_iterator_equalorlarger(
				    &it, (uint32_t)(pfn & 0xffffffffULL))) {
				uint64_t s = wbase + it.current_value;

				if (found && s != pfn)
					break;	/* the run ended at the window end */
				if (!found)
					ret->start = s;
				e = wbase + run_end(w->r, &it);
				ret->end = e < ps->end ? e : ps->end;
				found = true;
				if (e < wbase + (1ULL << 32))
					break;
				pfn = e;
				continue;
			}
		}
		if (found)
			break;
		pfn = wbase + (1ULL << 32);
	}
	return found;
}

static uint64_t
roaring_count(const struct sd_pageset *ps, uint64_t start, uint64_t end)
{
	const struct roar *ro = ps->priv;
	uint64_t base = ps->start >> 32, n = 0;

	sd_pageset_clip(ps, &start, &end);
	while (start < end) {
		uint64_t wend = ((start >> 32) + 1) << 32;
		uint64_t e = end < wend ? end : wend;
		const struct rwin *w = &ro->w[(start >> 32) - base];

		if (w->r)
			n += roaring_bitmap_range_cardinality(
				w->r, start & 0xffffffffULL,
				e - (start & ~0xffffffffULL));
		start = e;
	}
	return n;
}

static uint64_t
roaring_mem_used(const struct sd_pageset *ps)
{
	const struct roar *ro = ps->priv;
	uint64_t n, i;

	if (!ro)
		return 0;
	n = sizeof(*ro) + ro->nwin * sizeof(*ro->w);
	for (i = 0; i < ro->nwin; i++)
		n += ro->w[i].bytes;
	return n;
}

const struct sd_pageset_ops sd_pageset_roaring_ops = {
	.version = 1,
	.name = "roaring",
	.estimate = roaring_estimate,
	.init = roaring_init_set,
	.release = roaring_release,
	.set_range = roaring_set_range,
	.clear_range = roaring_clear_range,
	.next_run = roaring_next_run,
	.count = roaring_count,
	.mem_used = roaring_mem_used,
	.chunk_bytes = roaring_chunk_bytes,
	.base_bytes = roaring_base_bytes,
};
