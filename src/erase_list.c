// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The erase list: byte ranges of physical memory with makedumpfile's
 * insertion rule (a second range at the same physical address only makes
 * the first one longer; ranges that merely overlap are both kept), and its
 * erase information nodes: one per erase command, made when the command
 * adds its first range, with one size slot per range it added.  The list
 * grows with the dumped kernel's lists, so it lives in the budget.
 */
#include <stdlib.h>
#include <string.h>

#include "sievedump/erase.h"

void
sd_erase_init(struct sd_erase *e, struct sd_budget *budget)
{
	memset(e, 0, sizeof(*e));
	e->budget = budget;
}

static size_t
hash_slot(uint64_t paddr, size_t cap)
{
	paddr ^= paddr >> 33;
	paddr *= 0xff51afd7ed558ccdULL;
	paddr ^= paddr >> 33;
	return (size_t)(paddr & (cap - 1));
}

/* The index of the range at @paddr, or SIZE_MAX. */
static size_t
hash_find(const struct sd_erase *e, uint64_t paddr)
{
	size_t i;

	if (!e->hash_cap)
		return SIZE_MAX;
	for (i = hash_slot(paddr, e->hash_cap); e->hash[i];
	     i = (i + 1) & (e->hash_cap - 1))
		if (e->r[e->hash[i] - 1].paddr == paddr)
			return (size_t)(e->hash[i] - 1);
	return SIZE_MAX;
}

static void
hash_put(struct sd_erase *e, size_t idx)
{
	size_t i = hash_slot(e->r[idx].paddr, e->hash_cap);

	while (e->hash[i])
		i = (i + 1) & (e->hash_cap - 1);
	e->hash[i] = idx + 1;
}

/* Room for one more range (and its hash slot, kept under half full). */
static sd_status
grow(struct sd_erase *e, struct sd_err *err)
{
	sd_status st = SD_OK;
	size_t cap, i;

	if (e->n == e->cap) {
		cap = e->cap ? 2 * e->cap : 64;
		st = sd_brealloc(e->budget, (void **)&e->r, e->cap * sizeof(*e->r),
				 cap * sizeof(*e->r), "erase list", err);
		if (st)
			return st;
		e->cap = cap;
	}
	if (2 * (e->n + 1) <= e->hash_cap)
		return SD_OK;
	sd_bfree(e->budget, e->hash, e->hash_cap * sizeof(*e->hash));
	e->hash = NULL;
	cap = e->hash_cap ? 2 * e->hash_cap : 128;
	st = sd_balloc(e->budget, cap * sizeof(*e->hash), 1, "erase list index",
		       (void **)&e->hash, err);
	e->hash_cap = st ? 0 : cap;
	for (i = 0; !st && i < e->n; i++)
		hash_put(e, i);
	return st;
}

static sd_status
new_node(struct sd_erase *e, const char *expr, uint32_t *node,
	 struct sd_err *err)
{
	sd_status st;

	if (*node) {
		e->info[*node].num_sizes++;
		return SD_OK;
	}
	if (e->ninfo == 0)
		e->ninfo = 1;	/* node 0 means "none" */
	if (e->ninfo >= e->info_cap) {
		size_t cap = e->info_cap ? 2 * e->info_cap : 16;

		st = sd_brealloc(e->budget, (void **)&e->info,
				 e->info_cap * sizeof(*e->info),
				 cap * sizeof(*e->info), "erase information", err);
		if (st)
			return st;
		e->info_cap = cap;
	}
	e->info[e->ninfo].expr = expr;
	e->info[e->ninfo].num_sizes = 1;
	e->info[e->ninfo].first_size = 0;
	*node = (uint32_t)e->ninfo++;
	return SD_OK;
}

sd_status
sd_erase_add(struct sd_erase *e, const char *expr, uint32_t *node,
	     uint64_t vaddr, uint64_t paddr, uint64_t size, bool nullify,
	     struct sd_err *err)
{
	size_t idx = hash_find(e, paddr);
	struct sd_erase_range *r;
	sd_status st;

	if (e->finished)
		return sd_fail(err, SD_ERR_INVALID, "erase list already finished");
	if (idx != SIZE_MAX) {
		if (size > e->r[idx].size)
			e->r[idx].size = size;
		return SD_OK;
	}
	st = grow(e, err);
	if (!st)
		st = new_node(e, expr, node, err);
	if (st)
		return st;
	r = &e->r[e->n];
	r->paddr = paddr;
	r->vaddr = vaddr;
	r->size = size;
	r->nullify = nullify;
	r->ei = *node;
	r->size_idx = e->info[*node].num_sizes - 1;
	hash_put(e, e->n++);
	return SD_OK;
}

static int
by_paddr(const void *a, const void *b)
{
	const struct sd_erase_range *x = a, *y = b;

	return x->paddr < y->paddr ? -1 : x->paddr > y->paddr;
}

sd_status
sd_erase_finish(struct sd_erase *e, struct sd_err *err)
{
	size_t i;
	uint64_t total = 0;

	(void)err;
	qsort(e->r, e->n, sizeof(*e->r), by_paddr);
	sd_bfree(e->budget, e->hash, e->hash_cap * sizeof(*e->hash));
	e->hash = NULL;
	e->hash_cap = 0;
	for (i = 1; i < e->ninfo; i++) {
		e->info[i].first_size = (uint32_t)total;
		total += e->info[i].num_sizes;
	}
	e->nsizes = (uint32_t)total;
	e->finished = true;
	return SD_OK;
}
