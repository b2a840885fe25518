/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The smallest TAP helper for the unit tests: ok() prints one result line,
 * tap_done() prints the plan and gives main's exit code (0 all passed);
 * tap_rand() is the tests' repeatable random numbers.
 */
#ifndef SIEVEDUMP_TESTS_TAP_H
#define SIEVEDUMP_TESTS_TAP_H

#include <stdint.h>
#include <stdio.h>

#define SD_TAP_UNUSED __attribute__((unused))

static int n_test SD_TAP_UNUSED, n_fail SD_TAP_UNUSED;

static inline void
ok(int cond, const char *what)
{
	n_test++;
	if (!cond)
		n_fail++;
	printf("%sok %d - %s\n", cond ? "" : "not ", n_test, what);
}

static inline int
tap_done(void)
{
	printf("1..%d\n", n_test);
	return n_fail ? 1 : 0;
}

/* xorshift64: a number in [0, n), 0 for n == 0; seeded by the test. */
static uint64_t tap_rng SD_TAP_UNUSED = 0x9e3779b97f4a7c15ULL;

static inline uint64_t
tap_rand(uint64_t n)
{
	tap_rng ^= tap_rng << 13;
	tap_rng ^= tap_rng >> 7;
	tap_rng ^= tap_rng << 17;
	return n ? tap_rng % n : 0;
}

#endif
