// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -e: unused vmemmap pages (doc/exclude-vmemmap.md).  Free runs arrive from
 * the mem_map scan in rising pfn order; each is cut into makedumpfile's
 * 64-pfn words and 32768-pfn blocks, the vmemmap pages wholly inside the
 * struct pages of what remains are translated, and their physical pages,
 * less those the vmemmap maps more than once, go to the drop set.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sievedump/compiler.h"
#include "sievedump/vmemmap.h"

enum { VM_PAGE = 4096, VM_PAGE_SHIFT = 12 };

/* One vmemmap mapping (or several contiguous ones): va -> pa for len. */
struct vm_map {
	uint64_t va, pa, len;
};

struct map_list {
	struct vm_map *v;
	size_t n, cap;
};

struct walk_ctx {
	struct sd_vmemmap *vm;
	struct map_list *l;
};

static sd_status
map_push(struct sd_vmemmap *vm, struct map_list *l, uint64_t va,
	 uint64_t pa, uint64_t len, struct sd_err *err)
{
	struct vm_map *last = l->n ? &l->v[l->n - 1] : NULL;
	sd_status st;

	if (last && last->va + last->len == va && last->pa + last->len == pa) {
		last->len += len;
		return SD_OK;
	}
	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 64;

		st = sd_brealloc(vm->budget, (void **)&l->v,
				 l->cap * sizeof(*l->v), ncap * sizeof(*l->v),
				 "vmemmap mappings", err);
		if (st)
			return st;
		l->cap = ncap;
	}
	l->v[l->n++] = (struct vm_map){ va, pa, len };
	return SD_OK;
}

sd_status
sd_vmemmap_walk(struct sd_vtop *vt, uint64_t struct_size,
		const struct sd_memmap_range *r, sd_vmemmap_map_fn *fn,
		void *ctx, struct sd_err *err)
{
	uint64_t va = r->mem_map & ~(uint64_t)(VM_PAGE - 1);
	uint64_t end = r->mem_map + (r->pfn_end - r->pfn_start) * struct_size;
	sd_status st;

	while (va < end) {
		uint64_t pa, msize = VM_PAGE, mend;
		struct sd_err e = { 0 };

		st = sd_vtop(vt, va, &pa, &msize, &e);
		if (st == SD_ERR_NODATA || st == SD_ERR_CORRUPT) {
			va += VM_PAGE;	/* a hole: nothing mapped, nothing shared */
			continue;
		}
		if (st) {
			*err = e;
			return st;
		}
		mend = SD_MIN((va & ~(msize - 1)) + msize, end);
		st = fn(ctx, va, pa, mend - va, msize, err);
		if (st)
			return st;
		va = mend;
	}
	return SD_OK;
}

/* Record one mapping whole (walk_range's callback). */
static sd_status
record_mapping(void *ctx, uint64_t va, uint64_t pa, uint64_t len,
	       uint64_t msize, struct sd_err *err)
{
	struct walk_ctx *w = ctx;
	uint64_t mstart = va & ~(msize - 1);

	(void)len;
	w->vm->stats.mappings++;
	w->vm->stats.map_4k += msize == VM_PAGE;
	w->vm->stats.map_2m += msize == (2ULL << 20);
	w->vm->stats.map_1g += msize == (1ULL << 30);
	return map_push(w->vm, w->l, mstart, pa - (va - mstart), msize, err);
}

/* Record every mapping that holds struct pages of one mem_map range. */
static sd_status
walk_range(struct sd_vmemmap *vm, const struct sd_memmap_range *r,
	   struct map_list *l, struct sd_err *err)
{
	struct walk_ctx w = { vm, l };

	return sd_vmemmap_walk(vm->mm->vt, vm->mm->page_struct_size, r,
			       record_mapping, &w, err);
}

static int
by_delta_va(const void *a, const void *b)
{
	const struct vm_map *x = a, *y = b;
	uint64_t dx = x->va - x->pa, dy = y->va - y->pa;

	if (dx != dy)
		return dx < dy ? -1 : 1;
	return x->va < y->va ? -1 : x->va > y->va;
}

static int
by_pa(const void *a, const void *b)
{
	const struct vm_map *x = a, *y = b;

	return x->pa < y->pa ? -1 : x->pa > y->pa;
}

/*
 * The same mapping met twice (two mem_map ranges inside one 2 MiB page)
 * has the same va - pa: merge those first, so that any overlap left in pa
 * is one physical page behind two virtual addresses.
 */
static void
merge_same(struct map_list *l)
{
	size_t i, n = 0;

	qsort(l->v, l->n, sizeof(*l->v), by_delta_va);
	for (i = 0; i < l->n; i++) {
		struct vm_map *p = n ? &l->v[n - 1] : NULL;
		struct vm_map *c = &l->v[i];

		if (p && p->va - p->pa == c->va - c->pa &&
		    c->va <= p->va + p->len) {
			if (c->va + c->len > p->va + p->len)
				p->len = c->va + c->len - p->va;
			continue;
		}
		l->v[n++] = *c;
	}
	l->n = n;
}

static sd_status
add_shared(struct sd_vmemmap *vm, size_t *cap, uint64_t pa, uint64_t pa_end,
	   struct sd_err *err)
{
	uint64_t s = pa >> VM_PAGE_SHIFT;
	uint64_t e = (pa_end + VM_PAGE - 1) >> VM_PAGE_SHIFT;
	struct sd_range *last = vm->n_shared ? &vm->shared[vm->n_shared - 1]
					     : NULL;
	sd_status st;

	if (last && s <= last->end) {
		if (e > last->end)
			last->end = e;
		return SD_OK;
	}
	if (vm->n_shared == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;

		st = sd_brealloc(vm->budget, (void **)&vm->shared,
				 *cap * sizeof(*vm->shared),
				 ncap * sizeof(*vm->shared),
				 "shared vmemmap pages", err);
		if (st)
			return st;
		*cap = ncap;
	}
	vm->shared[vm->n_shared++] = (struct sd_range){ s, e };
	return SD_OK;
}

/* Physical ranges behind two or more vmemmap addresses, sorted. */
static sd_status
find_shared(struct sd_vmemmap *vm, struct map_list *l, struct sd_err *err)
{
	uint64_t max_end = 0;
	size_t i, cap = 0;
	sd_status st;

	merge_same(l);
	qsort(l->v, l->n, sizeof(*l->v), by_pa);
	for (i = 0; i < l->n; i++) {
		const struct vm_map *c = &l->v[i];

		if (i && c->pa < max_end) {
			st = add_shared(vm, &cap, c->pa,
					SD_MIN(c->pa + c->len, max_end), err);
			if (st)
				return st;
		}
		if (c->pa + c->len > max_end)
			max_end = c->pa + c->len;
	}
	for (i = 0; i < vm->n_shared; i++)
		vm->stats.shared_frames += vm->shared[i].end - vm->shared[i].start;
	if (vm->n_shared < cap)	/* charge only what is kept */
		return sd_brealloc(vm->budget, (void **)&vm->shared,
				   cap * sizeof(*vm->shared),
				   vm->n_shared * sizeof(*vm->shared),
				   "shared vmemmap pages", err);
	return SD_OK;
}

sd_status
sd_vmemmap_init(struct sd_vmemmap *vm, struct sd_memmap *mm,
		const struct sd_pageset *present, uint64_t max_mapnr,
		struct sd_budget *budget, struct sd_err *err)
{
	struct map_list l = { 0 };
	uint64_t groups = SD_DIV_ROUND_UP(max_mapnr, SD_VMEMMAP_BLOCK);
	sd_status st = SD_OK;
	size_t i;

	memset(vm, 0, sizeof(*vm));
	vm->mm = mm;
	vm->present = present;
	vm->budget = budget;
	vm->limit = groups ? (groups - 1) * SD_VMEMMAP_BLOCK : 0;
	for (i = 0; !st && i < mm->n_ranges; i++)
		st = walk_range(vm, &mm->ranges[i], &l, err);
	if (!st)
		st = find_shared(vm, &l, err);
	sd_bfree(budget, l.v, l.cap * sizeof(*l.v));
	if (!st)
		st = sd_pageset_init(&vm->drop, &sd_pageset_extent_ops, 0,
				     max_mapnr, budget, err);
	if (st)
		sd_vmemmap_fini(vm);
	return st;
}

void
sd_vmemmap_fini(struct sd_vmemmap *vm)
{
	if (!vm->budget)
		return;
	sd_pageset_release(&vm->drop);
	sd_bfree(vm->budget, vm->shared, vm->n_shared * sizeof(*vm->shared));
	vm->shared = NULL;
	vm->n_shared = 0;
}

sd_status
sd_vmemmap_eligible(uint64_t start, uint64_t end, uint64_t limit,
		    sd_status (*fn)(void *arg, uint64_t s, uint64_t e,
				    struct sd_err *err),
		    void *arg, struct sd_err *err)
{
	uint64_t b;
	sd_status st;

	for (b = start / SD_VMEMMAP_BLOCK * SD_VMEMMAP_BLOCK; b < end;
	     b += SD_VMEMMAP_BLOCK) {
		uint64_t bs = SD_MAX(start, b);
		uint64_t be = SD_MIN(end, b + SD_VMEMMAP_BLOCK);
		uint64_t ws = SD_DIV_ROUND_UP(bs, SD_VMEMMAP_WORD);
		uint64_t we = be / SD_VMEMMAP_WORD;
		uint64_t s = ws * SD_VMEMMAP_WORD;
		uint64_t e = SD_MIN(we * SD_VMEMMAP_WORD, limit);

		if (we < ws + 2 || e <= s)
			continue;
		st = fn(arg, s, e, err);
		if (st)
			return st;
	}
	return SD_OK;
}

/* First shared range that ends after @pfn (binary search). */
static size_t
shared_from(const struct sd_vmemmap *vm, uint64_t pfn)
{
	size_t lo = 0, hi = vm->n_shared;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (vm->shared[mid].end <= pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Drop physical pfns [p, p + n) that describe [ps, pe), less the shared. */
static sd_status
drop_phys(struct sd_vmemmap *vm, uint64_t p, uint64_t n, uint64_t ps,
	  uint64_t pe, struct sd_err *err)
{
	uint64_t end = p + n;
	size_t i = shared_from(vm, p);
	sd_status st;

	vm->stats.candidates += n;
	while (p < end) {
		uint64_t stop = end;

		if (i < vm->n_shared && vm->shared[i].start <= p) {
			stop = SD_MIN(vm->shared[i].end, end);
			vm->stats.shared += stop - p;
			p = stop;
			i++;
			continue;
		}
		if (i < vm->n_shared)
			stop = SD_MIN(stop, vm->shared[i].start);
		if (p < pe && ps < stop) {	/* a page describing itself */
			uint64_t a = SD_MAX(p, ps), b = SD_MIN(stop, pe);

			vm->stats.self += b - a;
			if (a > p)
				stop = a;
			else {
				p = b;
				continue;
			}
		}
		st = vm->drop.ops->set_range(&vm->drop, p, stop, err);
		if (st)
			return st;
		p = stop;
	}
	return SD_OK;
}

/* The vmemmap pages wholly inside the struct pages of [ps, pe). */
static sd_status
drop_span(struct sd_vmemmap *vm, const struct sd_memmap_range *r,
	  uint64_t ps, uint64_t pe, struct sd_err *err)
{
	uint64_t sz = vm->mm->page_struct_size;
	uint64_t va = SD_DIV_ROUND_UP(r->mem_map + (ps - r->pfn_start) * sz,
				      VM_PAGE) * VM_PAGE;
	uint64_t va_end = (r->mem_map + (pe - r->pfn_start) * sz) /
			  VM_PAGE * VM_PAGE;
	sd_status st;

	while (va < va_end) {
		uint64_t pa, msize = VM_PAGE, next;
		struct sd_err e = { 0 };

		st = sd_vtop(vm->mm->vt, va, &pa, &msize, &e);
		if (st == SD_ERR_NODATA || st == SD_ERR_CORRUPT) {
			vm->stats.candidates++;
			vm->stats.unmapped++;
			va += VM_PAGE;
			continue;
		}
		if (st) {
			*err = e;
			return st;
		}
		next = SD_MIN((va & ~(msize - 1)) + msize, va_end);
		st = drop_phys(vm, pa >> VM_PAGE_SHIFT, (next - va) / VM_PAGE,
			       ps, pe, err);
		if (st)
			return st;
		va = next;
	}
	return SD_OK;
}

/* Judged pfns [s, e): split by mem_map range. */
static sd_status
drop_eligible(void *arg, uint64_t s, uint64_t e, struct sd_err *err)
{
	struct sd_vmemmap *vm = arg;
	long i = sd_memmap_find(vm->mm, s);
	sd_status st;

	for (; i >= 0 && (size_t)i < vm->mm->n_ranges; i++) {
		const struct sd_memmap_range *r = &vm->mm->ranges[i];

		if (r->pfn_start >= e)
			break;
		st = drop_span(vm, r, SD_MAX(s, r->pfn_start),
			       SD_MIN(e, r->pfn_end), err);
		if (st)
			return st;
	}
	return SD_OK;
}

/*
 * Count mode (the planner's sample): the vmemmap pages wholly inside the
 * struct pages of [s, e), taking the vmemmap as one array from a
 * page-aligned base (SPARSEMEM_VMEMMAP); nothing is translated.
 */
static sd_status
count_eligible(void *arg, uint64_t s, uint64_t e, struct sd_err *err)
{
	struct sd_vmemmap *vm = arg;
	uint64_t first = SD_DIV_ROUND_UP(s * vm->struct_size, VM_PAGE);
	uint64_t last = e * vm->struct_size / VM_PAGE;

	(void)err;
	if (last <= first)
		return SD_OK;
	if (!vm->count_ranges)
		vm->count_first = s;
	vm->count_ranges++;
	vm->stats.candidates += last - first;
	return SD_OK;
}

void
sd_vmemmap_init_count(struct sd_vmemmap *vm, const struct sd_pageset *present,
		      uint64_t max_mapnr, uint32_t struct_size)
{
	uint64_t groups = SD_DIV_ROUND_UP(max_mapnr, SD_VMEMMAP_BLOCK);

	memset(vm, 0, sizeof(*vm));
	vm->present = present;
	vm->limit = groups ? (groups - 1) * SD_VMEMMAP_BLOCK : 0;
	vm->count_only = true;
	vm->struct_size = struct_size;
}

/* A free run, cut to its present runs (makedumpfile's 1st bitmap). */
static sd_status
judge_run(struct sd_vmemmap *vm, uint64_t start, uint64_t end,
	  struct sd_err *err)
{
	struct sd_range r;
	sd_status st;

	while (start < end &&
	       vm->present->ops->next_run(vm->present, start, &r) &&
	       r.start < end) {
		uint64_t a = SD_MAX(r.start, start), b = SD_MIN(r.end, end);

		st = sd_vmemmap_eligible(a, b, vm->limit,
					 vm->count_only ? count_eligible :
							  drop_eligible,
					 vm, err);
		if (st)
			return st;
		start = b;
	}
	return SD_OK;
}

sd_status
sd_vmemmap_note_free(struct sd_vmemmap *vm, uint64_t start, uint64_t end,
		     struct sd_err *err)
{
	sd_status st;

	if (end <= start)
		return SD_OK;
	if (vm->run_end > vm->run_start && vm->run_end == start) {
		vm->run_end = end;
		return SD_OK;
	}
	st = sd_vmemmap_finish(vm, err);
	vm->run_start = start;
	vm->run_end = end;
	return st;
}

sd_status
sd_vmemmap_finish(struct sd_vmemmap *vm, struct sd_err *err)
{
	uint64_t s = vm->run_start, e = vm->run_end;

	vm->run_start = vm->run_end = 0;
	if (e <= s)
		return SD_OK;
	return judge_run(vm, s, e, err);
}

sd_status
sd_vmemmap_apply(struct sd_vmemmap *vm, struct sd_pageset *dump,
		 struct sd_err *err)
{
	struct sd_range r;
	uint64_t from = 0;
	sd_status st;

	while (vm->drop.ops->next_run(&vm->drop, from, &r)) {
		uint64_t cleared = 0;

		st = dump->ops->clear_range(dump, r.start, r.end, &cleared,
					    err);
		if (st)
			return st;
		vm->stats.excluded += r.end - r.start;
		from = r.end;
	}
	return SD_OK;
}
