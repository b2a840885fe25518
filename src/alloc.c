// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The budget accountant (include/sievedump/alloc.h): every allocation that
 * grows with the machine is charged here against the memory budget, and a
 * request that would pass it fails with what was asked for and what is
 * left.  Also the test hook that makes the Nth allocation fail.
 */
#include <stdlib.h>
#include <string.h>

#include "sievedump/alloc.h"

void
sd_budget_init(struct sd_budget *b, uint64_t limit)
{
	memset(b, 0, sizeof(*b));
	b->limit = limit;
}

bool
sd_budget_test_setup(struct sd_budget *b)
{
	const char *env = getenv("SIEVEDUMP_TEST_FAIL_ALLOC");

	if (!env)
		return false;
	b->fail_countdown = strtoull(env, NULL, 10);
	return true;
}

uint64_t
sd_budget_left(const struct sd_budget *b)
{
	if (!b->limit)
		return UINT64_MAX;
	return b->used >= b->limit ? 0 : b->limit - b->used;
}

static sd_status
charge(struct sd_budget *b, uint64_t n, const char *what, struct sd_err *err)
{
	b->charges++;
	if (b->fail_countdown && --b->fail_countdown == 0)
		return sd_fail(err, SD_ERR_NOMEM,
			       "allocating %llu bytes for %s: injected failure",
			       (unsigned long long)n, what);
	if (b->limit && n > sd_budget_left(b))
		return sd_fail(err, SD_ERR_BUDGET,
			       "allocating %llu bytes for %s would exceed the memory budget (%llu of %llu bytes in use)",
			       (unsigned long long)n, what,
			       (unsigned long long)b->used,
			       (unsigned long long)b->limit);
	b->used += n;
	if (b->used > b->peak)
		b->peak = b->used;
	return SD_OK;
}

sd_status
sd_budget_reserve(struct sd_budget *b, uint64_t n, const char *what,
		  struct sd_err *err)
{
	return charge(b, n, what, err);
}

void
sd_budget_release(struct sd_budget *b, uint64_t n)
{
	b->used = n > b->used ? 0 : b->used - n;
}

void
sd_budget_record(struct sd_budget *b, uint64_t n)
{
	b->used += n;
	if (b->used > b->peak)
		b->peak = b->used;
	if (b->limit && b->used > b->limit && b->used - b->limit > b->over)
		b->over = b->used - b->limit;
}

sd_status
sd_balloc(struct sd_budget *b, size_t n, int zero, const char *what,
	  void **ret, struct sd_err *err)
{
	sd_status st;
	void *p;

	st = charge(b, n, what, err);
	if (st)
		return st;
	p = zero ? calloc(1, n ? n : 1) : malloc(n ? n : 1);
	if (!p) {
		sd_budget_release(b, n);
		return sd_fail(err, SD_ERR_NOMEM,
			       "allocating %zu bytes for %s: out of memory",
			       n, what);
	}
	*ret = p;
	return SD_OK;
}

sd_status
sd_brealloc(struct sd_budget *b, void **ptr, size_t old, size_t n,
	    const char *what, struct sd_err *err)
{
	sd_status st;
	void *p;

	if (n > old) {
		st = charge(b, n - old, what, err);
		if (st)
			return st;
	}
	p = realloc(*ptr, n ? n : 1);
	if (!p) {
		if (n > old)
			sd_budget_release(b, n - old);
		return sd_fail(err, SD_ERR_NOMEM,
			       "growing %s to %zu bytes: out of memory",
			       what, n);
	}
	if (n < old)
		sd_budget_release(b, old - n);
	*ptr = p;
	return SD_OK;
}

void
sd_bfree(struct sd_budget *b, void *p, size_t n)
{
	if (!p)
		return;
	free(p);
	sd_budget_release(b, n);
}
