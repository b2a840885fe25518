// SPDX-License-Identifier: GPL-2.0-or-later
/* The plain backend: one bit per pfn of the span, 64-bit words. */
#include <string.h>

#include "sievedump/pageset.h"

struct plain {
	uint64_t *words;
	uint64_t nwords;
};

static uint64_t
plain_estimate(const struct sd_pageset_shape *shape)
{
	return (shape->span + 63) / 64 * 8 + sizeof(struct plain);
}

static sd_status
plain_init(struct sd_pageset *ps, struct sd_err *err)
{
	struct plain *p;
	sd_status st;

	st = sd_balloc(ps->budget, sizeof(*p), 1, "plain page set", (void **)&p,
		       err);
	if (st)
		return st;
	p->nwords = (ps->end - ps->start + 63) / 64;
	st = sd_balloc(ps->budget, p->nwords * 8, 1, "plain page set bitmap",
		       (void **)&p->words, err);
	if (st) {
		sd_bfree(ps->budget, p, sizeof(*p));
		return st;
	}
	ps->priv = p;
	return SD_OK;
}

static void
plain_release(struct sd_pageset *ps)
{
	struct plain *p = ps->priv;

	if (!p)
		return;
	sd_bfree(ps->budget, p->words, p->nwords * 8);
	sd_bfree(ps->budget, p, sizeof(*p));
	ps->priv = NULL;
}

static uint64_t
mask_for(uint64_t lo, uint64_t hi)	/* bits [lo, hi) of one word, hi <= 64 */
{
	uint64_t m = hi == 64 ? ~0ULL : (1ULL << hi) - 1;

	return m & ~((1ULL << lo) - 1);
}

/* Apply @set (or clear) to [a, b) relative to the span; return bits changed. */
static uint64_t
plain_apply(struct plain *p, uint64_t a, uint64_t b, bool set)
{
	uint64_t changed = 0;

	while (a < b) {
		uint64_t w = a / 64, lo = a % 64;
		uint64_t hi = (b - w * 64) < 64 ? b - w * 64 : 64;
		uint64_t m = mask_for(lo, hi), old = p->words[w];

		if (set)
			p->words[w] = old | m;
		else
			p->words[w] = old & ~m;
		changed += (uint64_t)__builtin_popcountll(
			set ? (m & ~old) : (m & old));
		a = w * 64 + hi;
	}
	return changed;
}

static sd_status
plain_set_range(struct sd_pageset *ps, uint64_t start, uint64_t end,
		struct sd_err *err)
{
	sd_pageset_clip(ps, &start, &end);
	plain_apply(ps->priv, start - ps->start, end - ps->start, true);
	return SD_OK;
}

static sd_status
plain_clear_range(struct sd_pageset *ps, uint64_t start, uint64_t end,
		  uint64_t *cleared_ret, struct sd_err *err)
{
	uint64_t n;

	sd_pageset_clip(ps, &start, &end);
	n = plain_apply(ps->priv, start - ps->start, end - ps->start, false);
	if (cleared_ret)
		*cleared_ret = n;
	return SD_OK;
}

/* First bit equal to @want at or after @pos (relative); nbits if none. */
static uint64_t
find_bit(const struct plain *p, uint64_t pos, uint64_t nbits, bool want)
{
	uint64_t w, word;

	if (pos >= nbits)
		return nbits;
	w = pos / 64;
	word = (want ? p->words[w] : ~p->words[w]) & ~((1ULL << (pos % 64)) - 1);
	while (!word) {
		if (++w >= p->nwords)
			return nbits;
		word = want ? p->words[w] : ~p->words[w];
	}
	pos = w * 64 + (uint64_t)__builtin_ctzll(word);
	return pos < nbits ? pos : nbits;
}

static bool
plain_next_run(const struct sd_pageset *ps, uint64_t from,
	       struct sd_range *ret)
{
	const struct plain *p = ps->priv;
	uint64_t nbits = ps->end - ps->start, s, e;

	if (from < ps->start)
		from = ps->start;
	if (from >= ps->end)
		return false;
	s = find_bit(p, from - ps->start, nbits, true);
	if (s >= nbits)
		return false;
	e = find_bit(p, s, nbits, false);
	ret->start = ps->start + s;
	ret->end = ps->start + e;
	return true;
}

static uint64_t
plain_count(const struct sd_pageset *ps, uint64_t start, uint64_t end)
{
	const struct plain *p = ps->priv;
	uint64_t n = 0, a, b;

	sd_pageset_clip(ps, &start, &end);
	a = start - ps->start;
	b = end - ps->start;
	while (a < b) {
		uint64_t w = a / 64, lo = a % 64;
		uint64_t hi = (b - w * 64) < 64 ? b - w * 64 : 64;

		n += (uint64_t)__builtin_popcountll(p->words[w] &
						    mask_for(lo, hi));
		a = w * 64 + hi;
	}
	return n;
}

static uint64_t
plain_mem_used(const struct sd_pageset *ps)
{
	const struct plain *p = ps->priv;

	return p ? p->nwords * 8 + sizeof(*p) : 0;
}

const struct sd_pageset_ops sd_pageset_plain_ops = {
	.version = 1,
	.name = "plain",
	.estimate = plain_estimate,
	.init = plain_init,
	.release = plain_release,
	.set_range = plain_set_range,
	.clear_range = plain_clear_range,
	.next_run = plain_next_run,
	.count = plain_count,
	.mem_used = plain_mem_used,
};
