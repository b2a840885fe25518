// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The erase list applied to page buffers, as makedumpfile's
 * filter_data_buffer does it (doc/erase-filters.md, "Applying"): for a
 * buffer at [paddr, paddr + len), every range whose start lies inside is
 * written ('X', or 0 for nullify) up to the buffer's end and then leaves
 * the list; what passes the end stays behind as a range starting at the
 * buffer's end, for the next buffer.  A range whose start is never in a
 * written buffer (its page left out) is never applied, not even its part in
 * kept pages.  Each output has its own cursor over the list: a --split
 * part sees only its own pages, as makedumpfile's forked child does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sievedump/erase.h"
#include "erase_cursor.h"

enum { UNTOUCHED = 0, PENDING = 1, DONE = 2 };

static void
free_cursor(struct sd_erase *e, struct sd_erase_cursor *c)
{
	if (!c)
		return;
	sd_bfree(e->budget, c->state, e->n + 1);
	sd_bfree(e->budget, c->sizes, (e->nsizes + 1) * sizeof(*c->sizes));
	sd_bfree(e->budget, c->erased, e->ninfo + 1);
	sd_bfree(e->budget, c->pend, c->pend_cap * sizeof(*c->pend));
	sd_bfree(e->budget, c, sizeof(*c));
}

void
sd_erase_fini(struct sd_erase *e)
{
	size_t i;

	for (i = 0; i < e->ncur; i++)
		free_cursor(e, e->cur[i]);
	sd_bfree(e->budget, e->cur, e->cur_cap * sizeof(*e->cur));
	sd_bfree(e->budget, e->r, e->cap * sizeof(*e->r));
	sd_bfree(e->budget, e->hash, e->hash_cap * sizeof(*e->hash));
	sd_bfree(e->budget, e->info, e->info_cap * sizeof(*e->info));
	sd_erase_config_free(e->config);
	memset(e, 0, sizeof(*e));
}

struct sd_erase_cursor *
sd_erase_cursor_find(const struct sd_erase *e, uint64_t ks, uint64_t ke)
{
	size_t i;

	for (i = 0; e && i < e->ncur; i++)
		if (e->cur[i]->key_start == ks && e->cur[i]->key_end == ke)
			return e->cur[i];
	return NULL;
}

static sd_status
new_cursor(struct sd_erase *e, uint64_t ks, uint64_t ke,
	   struct sd_erase_cursor **ret, struct sd_err *err)
{
	struct sd_erase_cursor *c = NULL;
	sd_status st;

	if (e->ncur == e->cur_cap) {
		st = sd_brealloc(e->budget, (void **)&e->cur,
				 e->cur_cap * sizeof(*e->cur),
				 (e->cur_cap + 4) * sizeof(*e->cur), "erase cursors",
				 err);
		if (st)
			return st;
		e->cur_cap += 4;
	}
	st = sd_balloc(e->budget, sizeof(*c), 1, "erase cursor", (void **)&c,
		       err);
	if (!st)
		st = sd_balloc(e->budget, e->n + 1, 1, "erase cursor", (void **)&c->state,
			       err);
	if (!st)
		st = sd_balloc(e->budget, (e->nsizes + 1) * sizeof(*c->sizes), 1,
			       "erase sizes", (void **)&c->sizes, err);
	if (!st)
		st = sd_balloc(e->budget, e->ninfo + 1, 1, "erase sizes",
			       (void **)&c->erased, err);
	if (st) {
		free_cursor(e, c);
		return st;
	}
	c->key_start = ks;
	c->key_end = ke;
	e->cur[e->ncur++] = c;
	*ret = c;
	return SD_OK;
}

sd_status
sd_erase_begin(struct sd_erase *e, uint64_t ks, uint64_t ke, struct sd_err *err)
{
	struct sd_erase_cursor *c = sd_erase_cursor_find(e, ks, ke);
	sd_status st;

	if (!e)
		return SD_OK;
	if (!e->finished)
		return sd_fail(err, SD_ERR_INVALID, "erase list not finished");
	if (!c) {
		st = new_cursor(e, ks, ke, &c, err);
		if (st)
			return st;
	}
	memset(c->state, UNTOUCHED, e->n);
	memset(c->sizes, 0, e->nsizes * sizeof(*c->sizes));
	memset(c->erased, 0, e->ninfo);
	c->npend = 0;
	return SD_OK;
}

/*
 * Keep the rest of range @idx for the next buffer.  The pending array has
 * one slot per range at most; it grows outside the budget's check only if
 * that fails (then the rest is dropped with a message: never silently).
 */
static void
keep_rest(struct sd_erase *e, struct sd_erase_cursor *c, size_t idx,
	  uint64_t pos, uint64_t left)
{
	size_t i;

	if (c->npend == c->pend_cap) {
		size_t cap = c->pend_cap ? 2 * c->pend_cap : 16;
		struct sd_err err;

		if (sd_brealloc(e->budget, (void **)&c->pend,
				c->pend_cap * sizeof(*c->pend),
				cap * sizeof(*c->pend), "erase rests", &err)) {
			fprintf(stderr, "sievedump: %s: the rest of the erase range at 0x%llx is not erased\n",
				err.msg, (unsigned long long)e->r[idx].paddr);
			c->state[idx] = DONE;
			return;
		}
		c->pend_cap = cap;
	}
	/* sorted by index: the list's order, which decides overlaps */
	for (i = c->npend; i > 0 && c->pend[i - 1].idx > idx; i--)
		c->pend[i] = c->pend[i - 1];
	c->pend[i].idx = idx;
	c->pend[i].pos = pos;
	c->pend[i].left = left;
	c->npend++;
	c->state[idx] = PENDING;
}

/* Write range @idx from @pos (@left bytes) into the buffer at @s..@end. */
static void
apply(struct sd_erase *e, struct sd_erase_cursor *c, size_t idx, uint64_t pos,
      uint64_t left, uint64_t s, uint64_t end, uint8_t *buf)
{
	const struct sd_erase_range *r = &e->r[idx];
	uint64_t n = left < end - pos ? left : end - pos;
	int64_t *size = &c->sizes[e->info[r->ei].first_size + r->size_idx];

	memset(buf + (pos - s), r->nullify ? 0 : 'X', (size_t)n);
	c->erased[r->ei] = 1;
	if (r->nullify)
		*size = -1;
	else
		*size += (int64_t)n;
	c->state[idx] = DONE;
	if (left > n)
		keep_rest(e, c, idx, end, left - n);
}

/* The first range at or after @paddr. */
static size_t
lower_bound(const struct sd_erase *e, uint64_t paddr)
{
	size_t lo = 0, hi = e->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (e->r[mid].paddr < paddr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Rests of earlier buffers that start here, in list order; they leave. */
static void
apply_rests(struct sd_erase *e, struct sd_erase_cursor *c, uint64_t s,
	    uint64_t end, uint8_t *buf)
{
	for (;;) {
		struct sd_erase_pending p;
		size_t i, k;

		for (i = 0; i < c->npend; i++)
			if (c->pend[i].pos >= s && c->pend[i].pos < end)
				break;
		if (i == c->npend)
			return;
		p = c->pend[i];
		for (k = i; k + 1 < c->npend; k++)
			c->pend[k] = c->pend[k + 1];
		c->npend--;
		apply(e, c, p.idx, p.pos, p.left, s, end, buf);
	}
}

void
sd_erase_buffer(struct sd_erase *e, uint64_t ks, uint64_t ke, uint64_t paddr,
		uint8_t *buf, size_t len)
{
	struct sd_erase_cursor *c;
	uint64_t end = paddr + len;
	size_t i;

	if (!e || !e->n || !len)
		return;
	c = sd_erase_cursor_find(e, ks, ke);
	if (!c) {	/* a writer that did not call sd_erase_begin: a bug */
		fprintf(stderr, "sievedump: BUG: erase filter used before sd_erase_begin\n");
		abort();
	}
	if (c->npend)
		apply_rests(e, c, paddr, end, buf);
	for (i = lower_bound(e, paddr); i < e->n && e->r[i].paddr < end; i++)
		if (c->state[i] == UNTOUCHED)
			apply(e, c, i, e->r[i].paddr, e->r[i].size, paddr, end, buf);
}

void
sd_erase_pages(struct sd_erase *e, uint64_t ks, uint64_t ke, uint64_t pfn,
	       uint64_t n, size_t page_size, uint8_t *buf, const bool *bad)
{
	uint64_t i;

	if (!e || !e->n)
		return;
	for (i = 0; i < n; i++)
		if (!bad || !bad[i])
			sd_erase_buffer(e, ks, ke, (pfn + i) * page_size,
					buf + i * page_size, page_size);
}
