/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The smallest TAP helper for the unit tests: ok() prints one result line,
 * tap_done() prints the plan and gives main's exit code (0 all passed).
 */
#ifndef SIEVEDUMP_TESTS_TAP_H
#define SIEVEDUMP_TESTS_TAP_H

#include <stdio.h>

static int n_test, n_fail;

static void
ok(int cond, const char *what)
{
	n_test++;
	if (!cond)
		n_fail++;
	printf("%sok %d - %s\n", cond ? "" : "not ", n_test, what);
}

static int
tap_done(void)
{
	printf("1..%d\n", n_test);
	return n_fail ? 1 : 0;
}

#endif
