/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by test-options.c and test-options-table.c: the harness and parse. */
#ifndef TEST_OPTIONS_H
#define TEST_OPTIONS_H

#include "sievedump/options.h"

struct harness {
	int n;
	int failed;
};

enum { MAX_ARGS = 64 };

/* A parse of "args" split at spaces, with its own copy of the strings. */
struct run {
	char buf[1024];
	char *argv[MAX_ARGS];
	int argc;
	struct sd_options opt;
	struct sd_err err;
	sd_status st;
};

/* Print "ok N - what [args]" or "not ok ...". */
void check(struct harness *h, int cond, const char *what, const char *args);
/* sd_options_parse of argv0 and args split at spaces (free() the result). */
struct run *parse_as(const char *argv0, const char *args);
struct run *parse(const char *args);

/* test-options-table.c */
void test_table_names(struct harness *h);
void test_table_examples(struct harness *h);
void test_table_refusals(struct harness *h);
void test_table_help(struct harness *h);
void test_table_man(struct harness *h);

#endif
