/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The smallest TAP helper for the unit tests: ok() prints one result line,
 * tap_done() prints the plan and gives main's exit code (0 all passed).
 */
#ifndef SIEVEDUMP_TESTS_TAP_H
#define SIEVEDUMP_TESTS_TAP_H

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

#endif
