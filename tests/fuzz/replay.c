// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The regression driver: runs a fuzz target's LLVMFuzzerTestOneInput over
 * every regular file of its corpus directories, without libFuzzer, so that
 * `make check` replays the seeds and every crash input ever found.
 *
 *   replay-TARGET [DIR|FILE]...   (default: the FUZZ_CORPUS directory)
 *
 * Each input gets a fresh copy of exactly its size (so an overread shows
 * under ASan/valgrind) and a time limit (a hang fails the test).  Prints
 * TAP; exit 0, 1 when an input could not be read, 77 with no input.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

enum { INPUT_TIME_LIMIT = 60, INPUT_MAX = 16 << 20 };

struct replay {
	unsigned n_run, n_bad;
	const char *current;
};

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
run_file(struct replay *r, const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t n = 0, got;

	if (f) {
		buf = malloc(INPUT_MAX);
		n = buf ? fread(buf, 1, INPUT_MAX, f) : 0;
	}
	if (!f || !buf || ferror(f) || n == INPUT_MAX) {
		printf("not ok %u - %s: cannot read (%s)\n", ++r->n_run, path,
		       f ? "error or too large" : strerror(errno));
		r->n_bad++;
		if (f)
			fclose(f);
		free(buf);
		return;
	}
	fclose(f);
	{
		/* exactly n bytes, as libFuzzer hands them over */
		uint8_t *in = malloc(n ? n : 1);

		if (!in) {
			free(buf);
			r->n_bad++;
			return;
		}
		memcpy(in, buf, n);
		free(buf);
		alarm(INPUT_TIME_LIMIT);
		got = (size_t)LLVMFuzzerTestOneInput(in, n);
		alarm(0);
		free(in);
	}
	printf("ok %u - %s (%zu bytes)%s\n", ++r->n_run, path, n,
	       got ? " # target returned non-zero" : "");
	fflush(stdout);
}

static int
run_dir(struct replay *r, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;

	if (!d) {
		printf("not ok %u - %s: %s\n", ++r->n_run, dir, strerror(errno));
		r->n_bad++;
		return -1;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **nn = realloc(names, (cap = cap ? 2 * cap : 64) *
						   sizeof(*names));

			if (!nn)
				break;
			names = nn;
		}
		names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2);
		if (!names[n])
			break;
		sprintf(names[n], "%s/%s", dir, e->d_name);
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_name);	/* a stable order */
	for (i = 0; i < n; i++) {
		struct stat sb;

		if (!stat(names[i], &sb) && S_ISREG(sb.st_mode))
			run_file(r, names[i]);
		free(names[i]);
	}
	free(names);
	return 0;
}

int
main(int argc, char **argv)
{
	struct replay r = { 0 };
	int i;

	signal(SIGALRM, SIG_DFL);	/* a hang ends the test with SIGALRM */
	if (argc < 2) {
#ifdef FUZZ_CORPUS
		run_dir(&r, FUZZ_CORPUS);
#else
		fprintf(stderr, "usage: %s DIR|FILE...\n", argv[0]);
		return 2;
#endif
	}
	for (i = 1; i < argc; i++) {
		struct stat sb;

		if (!stat(argv[i], &sb) && S_ISDIR(sb.st_mode))
			run_dir(&r, argv[i]);
		else
			run_file(&r, argv[i]);
	}
	printf("1..%u\n", r.n_run);
	if (!r.n_run)
		return 77;
	return r.n_bad ? 1 : 0;
}
