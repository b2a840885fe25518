// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz target: the flattened stream of -F, as -R reads it from standard
 * input (sd_rebuild_flat on an fd).  A model of the format, written here
 * from doc/format-kdump.md independently of rebuild_flat.c, says whether the stream
 * is well formed and what the rebuilt file holds; the rebuild must agree.
 * Streams whose records stay below 4 MiB are rebuilt into a memfd and
 * compared byte for byte; others go to /dev/null (status only).
 */
#include <endian.h>
#include <fcntl.h>
#include <stdbool.h>
#include <sys/stat.h>

#include "sievedump/alloc.h"
#include "sievedump/kdump_format.h"
#include "fuzz.h"

enum { MODEL_MAX = 4 << 20 };

struct model {
	bool ok;		/* the stream is well formed */
	uint64_t end;		/* highest record end */
	uint8_t *img;		/* expected file, when end <= MODEL_MAX */
};

static uint64_t
be64_at(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return be64toh(v);
}

/* Walk the stream; with @img, apply the records to it. */
static void
walk(const uint8_t *d, size_t n, struct model *m, uint8_t *img)
{
	size_t pos = SD_FLAT_HEADER_SIZE;

	m->ok = false;
	m->end = 0;
	if (n < SD_FLAT_HEADER_SIZE || memcmp(d, "makedumpfile", 13) ||
	    be64_at(d + 16) != SD_FLAT_TYPE)
		return;
	for (;;) {
		int64_t off, size;

		if (n - pos < 16)
			return;
		off = (int64_t)be64_at(d + pos);
		size = (int64_t)be64_at(d + pos + 8);
		pos += 16;
		if (off < 0 || size <= 0) {
			m->ok = off == -1 && size == -1;
			return;
		}
		if (size > INT64_MAX - off || (uint64_t)size > n - pos)
			return;
		if (img)
			memcpy(img + off, d + pos, (size_t)size);
		if ((uint64_t)(off + size) > m->end)
			m->end = (uint64_t)(off + size);
		pos += (size_t)size;
	}
}

/* The rebuilt file must be the model's image (holes read as zeros). */
static void
compare(int fd, const struct model *m)
{
	struct stat sb;
	uint8_t *got;

	FUZZ_CHECK(!fstat(fd, &sb));
	FUZZ_CHECK((uint64_t)sb.st_size == m->end);
	got = malloc(m->end ? m->end : 1);
	if (!got)
		return;
	FUZZ_CHECK(pread(fd, got, m->end, 0) == (ssize_t)m->end);
	FUZZ_CHECK(!memcmp(got, m->img, m->end));
	free(got);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model m = { 0 };
	struct sd_budget budget;
	struct sd_err err = { 0 };
	char path[64] = "/dev/null";
	int in = fuzz_memfd("fuzz-flat-in", data, size), out = -1;
	sd_status st;

	if (in < 0)
		return 0;
	walk(data, size, &m, NULL);
	if (m.ok && m.end <= MODEL_MAX) {
		m.img = calloc(1, m.end ? m.end : 1);
		out = memfd_create("fuzz-flat-out", MFD_CLOEXEC);
		if (!m.img || out < 0) {
			free(m.img);
			if (out >= 0)
				close(out);
			close(in);
			return 0;
		}
		walk(data, size, &m, m.img);
		snprintf(path, sizeof(path), "/proc/self/fd/%d", out);
	}
	sd_budget_init(&budget, 0);
	st = sd_rebuild_flat(in, path, true, &budget, NULL, &err);
	FUZZ_CHECK((st == SD_OK) == m.ok);
	FUZZ_CHECK(st == SD_OK || err.msg[0]);
	if (out >= 0) {
		compare(out, &m);
		close(out);
	}
	free(m.img);
	close(in);
	return 0;
}
