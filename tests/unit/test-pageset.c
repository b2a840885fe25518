// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Conformance suite run over every built page-set backend: random set/clear
 * sequences checked against a byte-per-pfn model (counts, cleared counts,
 * runs, on-disk bits), spans that cross the 2^32-pfn window boundary, the
 * checked (lockstep) backend over every pair, and budget enforcement.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sievedump/pageset.h"

static int failures, checks;

static void
ok(int cond, const char *what, const char *backend)
{
	checks++;
	if (!cond)
		failures++;
	printf("%s %d - %s: %s\n", cond ? "ok" : "not ok", checks, backend,
	       what);
}

static uint64_t rng_state = 88172645463325252ULL;

static uint64_t
rnd(uint64_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return n ? rng_state % n : 0;
}

/* A random range inside [0, span): short runs mostly, some long ones. */
static void
rand_range(uint64_t span, uint64_t *a, uint64_t *b)
{
	uint64_t len = rnd(10) < 8 ? 1 + rnd(80) : 1 + rnd(span / 4 + 1);

	*a = rnd(span);
	*b = *a + len > span ? span : *a + len;
}

static int
check_model(const struct sd_pageset *ps, const uint8_t *model, uint64_t base,
	    uint64_t span)
{
	uint64_t from = base, pfn = base, a, b;
	struct sd_range r;
	uint8_t bits[64];

	/* runs equal the model's runs */
	while (ps->ops->next_run(ps, from, &r)) {
		for (; pfn < r.start; pfn++)
			if (model[pfn - base])
				return 0;
		for (; pfn < r.end; pfn++)
			if (!model[pfn - base])
				return 0;
		if (r.end < base + span && model[r.end - base])
			return 0;	/* run not maximal */
		from = r.end;
	}
	for (; pfn < base + span; pfn++)
		if (model[pfn - base])
			return 0;
	/* counts of random ranges */
	for (int i = 0; i < 20; i++) {
		uint64_t n = 0;

		rand_range(span, &a, &b);
		for (uint64_t p = a; p < b; p++)
			n += model[p];
		if (ps->ops->count(ps, base + a, base + b) != n)
			return 0;
	}
	/* on-disk bits of a random aligned slice */
	a = ((base + rnd(span)) & ~7ULL);	/* absolute, 8-aligned */
	sd_pageset_get_bits(ps, a, bits, sizeof(bits));
	for (uint64_t p = 0; p < 8 * sizeof(bits); p++) {
		uint64_t q = a + p;
		int want = q >= base && q < base + span ? model[q - base] : 0;

		if (!!(bits[p >> 3] & (1 << (p & 7))) != want)
			return 0;
	}
	return 1;
}

static void
random_ops(const struct sd_pageset_ops *ops, uint64_t base, uint64_t span,
	   int nops)
{
	struct sd_budget budget;
	struct sd_pageset ps;
	struct sd_err err;
	uint8_t *model = calloc(1, span);
	int good = 1, counts_good = 1;
	char what[128];

	sd_budget_init(&budget, 0);
	if (sd_pageset_init(&ps, ops, base, base + span, &budget, &err)) {
		ok(0, err.msg, ops->name);
		free(model);
		return;
	}
	for (int i = 0; i < nops && good; i++) {
		uint64_t a, b, cleared = 0, want = 0;
		int set = rnd(3) != 0 || i < 5;

		rand_range(span, &a, &b);
		if (set) {
			good = !ps.ops->set_range(&ps, base + a, base + b, &err);
			memset(model + a, 1, b - a);
		} else {
			for (uint64_t p = a; p < b; p++)
				want += model[p];
			good = !ps.ops->clear_range(&ps, base + a, base + b,
						    &cleared, &err);
			counts_good &= cleared == want;
			memset(model + a, 0, b - a);
		}
		if (good && (i % 50 == 0 || i == nops - 1))
			good = check_model(&ps, model, base, span);
	}
	snprintf(what, sizeof(what), "%d random ops over [%#llx, +%#llx)",
		 nops, (unsigned long long)base, (unsigned long long)span);
	ok(good, what, ops->name);
	ok(counts_good, "clear_range reports the members it removed", ops->name);
	sd_pageset_release(&ps);
	ok(budget.used == 0, "all budget returned on release", ops->name);
	free(model);
}

static void
lockstep(const struct sd_pageset_ops *a, const struct sd_pageset_ops *b)
{
	struct sd_budget budget;
	struct sd_pageset ps;
	struct sd_err err;
	uint64_t base = (1ULL << 32) - (1 << 20), span = 2 << 20;
	int good = 1;
	char name[64];

	snprintf(name, sizeof(name), "checked(%s,%s)", a->name, b->name);
	sd_budget_init(&budget, 0);
	if (sd_pageset_checked_init(&ps, a, b, base, base + span, &budget,
				    &err)) {
		ok(0, err.msg, name);
		return;
	}
	for (int i = 0; i < 3000 && good; i++) {
		uint64_t x, y;
		struct sd_range r;

		rand_range(span, &x, &y);
		if (rnd(3))
			good = !ps.ops->set_range(&ps, base + x, base + y, &err);
		else
			good = !ps.ops->clear_range(&ps, base + x, base + y, NULL,
						    &err);
		if (good && i % 100 == 0) {
			uint64_t from = base;

			while (ps.ops->next_run(&ps, from, &r))
				from = r.end;
			ps.ops->count(&ps, base, base + span);
		}
	}
	ok(good, good ? "3000 random ops in lockstep across 2^32" : err.msg,
	   name);
	sd_pageset_release(&ps);
}

static void
budget_refusal(const struct sd_pageset_ops *ops)
{
	struct sd_budget budget;
	struct sd_pageset ps;
	struct sd_err err;
	sd_status st = SD_OK;

	/* alternating pages: the worst case of every backend */
	sd_budget_init(&budget, 64 * 1024);
	st = sd_pageset_init(&ps, ops, 0, 1 << 22, &budget, &err);
	for (uint64_t p = 0; !st && p < (1 << 22); p += 2)
		st = ps.ops->set_range(&ps, p, p + 1, &err);
	ok(st == SD_ERR_BUDGET, "alternating pages in 64 KiB: SD_ERR_BUDGET",
	   ops->name);
	ok(budget.peak <= budget.limit && !budget.over,
	   "never above the budget", ops->name);
	if (ps.ops)
		sd_pageset_release(&ps);
}

int
main(void)
{
	const struct sd_pageset_ops *ops, *other;

	for (size_t i = 0; (ops = sd_pageset_backend_at(i)); i++) {
		random_ops(ops, 0, 100000, 2000);
		random_ops(ops, 12345, 70000, 2000);
		random_ops(ops, (1ULL << 32) - 50000, 120000, 2000);
		budget_refusal(ops);
		for (size_t j = i + 1; (other = sd_pageset_backend_at(j)); j++)
			lockstep(ops, other);
	}
	printf("1..%d\n", checks);
	return failures ? 1 : 0;
}
