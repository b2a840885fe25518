// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * readcount.so: an LD_PRELOAD shim for the scaling benchmark.  It counts the
 * bytes a program reads from one file with read/pread, in total and inside
 * one byte range of it (the mem_map), and writes the two numbers at exit:
 *
 *   READCOUNT_FILE=vmcore READCOUNT_RANGE=START:LEN READCOUNT_OUT=counts \
 *   LD_PRELOAD=bench/readcount.so PROGRAM ...
 *
 * Processes that read nothing from the file (a wrapper such as
 * /usr/bin/time) leave the file alone.  Both programs measured run with preads/reads only (makedumpfile with
 * --non-mmap), so every byte they take from the file passes through here.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static dev_t want_dev;
static ino_t want_ino;
static int active;
static uint64_t range_start, range_len;
static uint64_t total, in_range;

__attribute__((constructor)) static void
setup(void)
{
	const char *f = getenv("READCOUNT_FILE"), *r = getenv("READCOUNT_RANGE");
	struct stat st;

	if (!f || stat(f, &st))
		return;
	want_dev = st.st_dev;
	want_ino = st.st_ino;
	if (r)
		sscanf(r, "%" SCNu64 ":%" SCNu64, &range_start, &range_len);
	active = 1;
}

__attribute__((destructor)) static void
report(void)
{
	const char *out = getenv("READCOUNT_OUT");
	FILE *fp;

	if (!active || !total || !out || !(fp = fopen(out, "w")))
		return;
	fprintf(fp, "total %" PRIu64 "\nrange %" PRIu64 "\n", total, in_range);
	fclose(fp);
}

static int
is_target(int fd)
{
	struct stat st;

	return active && !fstat(fd, &st) && st.st_dev == want_dev &&
	       st.st_ino == want_ino;
}

static void
count(uint64_t off, ssize_t n)
{
	uint64_t s, e;

	if (n <= 0)
		return;
	__atomic_add_fetch(&total, (uint64_t)n, __ATOMIC_RELAXED);
	s = off > range_start ? off : range_start;
	e = off + (uint64_t)n < range_start + range_len ?
	    off + (uint64_t)n : range_start + range_len;
	if (e > s)
		__atomic_add_fetch(&in_range, e - s, __ATOMIC_RELAXED);
}

ssize_t
pread64(int fd, void *buf, size_t n, off_t off)
{
	static ssize_t (*real)(int, void *, size_t, off_t);
	ssize_t r;

	if (!real)
		real = (ssize_t (*)(int, void *, size_t, off_t))dlsym(RTLD_NEXT, "pread64");
	r = real(fd, buf, n, off);
	if (is_target(fd))
		count((uint64_t)off, r);
	return r;
}

ssize_t
pread(int fd, void *buf, size_t n, off_t off)
{
	return pread64(fd, buf, n, off);
}

ssize_t
read(int fd, void *buf, size_t n)
{
	static ssize_t (*real)(int, void *, size_t);
	off_t off = -1;
	ssize_t r;
	int target;

	if (!real)
		real = (ssize_t (*)(int, void *, size_t))dlsym(RTLD_NEXT, "read");
	target = is_target(fd);
	if (target)
		off = lseek(fd, 0, SEEK_CUR);
	r = real(fd, buf, n);
	if (target && off >= 0)
		count((uint64_t)off, r);
	return r;
}
