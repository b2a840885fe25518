// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The checked backend: drives two page sets in lockstep and fails on the
 * first divergence (a test and debugging aid, like a shadow oracle).
 */
#include <string.h>

#include "sievedump/pageset.h"

struct checked {
	struct sd_pageset a, b;
};

static uint64_t
checked_estimate(const struct sd_pageset_shape *shape)
{
	return 0;	/* never planned */
}

static sd_status
diverged(const char *what, uint64_t x, uint64_t y, struct sd_err *err)
{
	return sd_fail(err, SD_ERR_CORRUPT,
		       "page set backends diverge on %s: %llu vs %llu", what,
		       (unsigned long long)x, (unsigned long long)y);
}

sd_status
sd_pageset_checked_init(struct sd_pageset *ps, const struct sd_pageset_ops *a,
			const struct sd_pageset_ops *b, uint64_t start,
			uint64_t end, struct sd_budget *budget,
			struct sd_err *err)
{
	struct checked *c;
	sd_status st;

	memset(ps, 0, sizeof(*ps));
	ps->ops = &sd_pageset_checked_ops;
	ps->start = start;
	ps->end = end;
	ps->budget = budget;
	st = sd_balloc(budget, sizeof(*c), 1, "checked page set", (void **)&c,
		       err);
	if (st)
		return st;
	ps->priv = c;
	st = sd_pageset_init(&c->a, a, start, end, budget, err);
	if (!st)
		st = sd_pageset_init(&c->b, b, start, end, budget, err);
	return st;
}

static sd_status
checked_init(struct sd_pageset *ps, struct sd_err *err)
{
	return sd_fail(err, SD_ERR_INVALID,
		       "use sd_pageset_checked_init for the checked backend");
}

static void
checked_release(struct sd_pageset *ps)
{
	struct checked *c = ps->priv;

	if (!c)
		return;
	sd_pageset_release(&c->a);
	sd_pageset_release(&c->b);
	sd_bfree(ps->budget, c, sizeof(*c));
	ps->priv = NULL;
}

static sd_status
checked_set_range(struct sd_pageset *ps, uint64_t start, uint64_t end,
		  struct sd_err *err)
{
	struct checked *c = ps->priv;
	sd_status st = c->a.ops->set_range(&c->a, start, end, err);

	return st ? st : c->b.ops->set_range(&c->b, start, end, err);
}

static sd_status
checked_clear_range(struct sd_pageset *ps, uint64_t start, uint64_t end,
		    uint64_t *cleared_ret, struct sd_err *err)
{
	struct checked *c = ps->priv;
	uint64_t x = 0, y = 0;
	sd_status st;

	st = c->a.ops->clear_range(&c->a, start, end, &x, err);
	if (!st)
		st = c->b.ops->clear_range(&c->b, start, end, &y, err);
	if (!st && x != y)
		st = diverged("cleared count", x, y, err);
	if (cleared_ret)
		*cleared_ret = x;
	return st;
}

static bool
checked_next_run(const struct sd_pageset *ps, uint64_t from,
		 struct sd_range *ret)
{
	const struct checked *c = ps->priv;
	struct sd_range ra = { 0, 0 }, rb = { 0, 0 };
	bool fa = c->a.ops->next_run(&c->a, from, &ra);
	bool fb = c->b.ops->next_run(&c->b, from, &rb);

	if (fa != fb || (fa && (ra.start != rb.start || ra.end != rb.end)))
		__builtin_trap();	/* no error channel here: stop loudly */
	*ret = ra;
	return fa;
}

static uint64_t
checked_count(const struct sd_pageset *ps, uint64_t start, uint64_t end)
{
	const struct checked *c = ps->priv;
	uint64_t x = c->a.ops->count(&c->a, start, end);

	if (x != c->b.ops->count(&c->b, start, end))
		__builtin_trap();
	return x;
}

static uint64_t
checked_mem_used(const struct sd_pageset *ps)
{
	const struct checked *c = ps->priv;

	return c->a.ops->mem_used(&c->a) + c->b.ops->mem_used(&c->b);
}

const struct sd_pageset_ops sd_pageset_checked_ops = {
	.version = 1,
	.name = "checked",
	.estimate = checked_estimate,
	.init = checked_init,
	.release = checked_release,
	.set_range = checked_set_range,
	.clear_range = checked_clear_range,
	.next_run = checked_next_run,
	.count = checked_count,
	.mem_used = checked_mem_used,
};
