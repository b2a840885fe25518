/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the libFuzzer targets (tests/fuzz/fuzz-*.c) and the replay
 * driver (replay.c) that runs their corpora in `make check` without
 * libFuzzer.  A target defines LLVMFuzzerTestOneInput and nothing else
 * that is global; it must return 0 and never exit.
 */
#ifndef SIEVEDUMP_TESTS_FUZZ_H
#define SIEVEDUMP_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SD_FUZZ_MIN(a, b) ((a) < (b) ? (a) : (b))

/* A broken invariant: report it and abort, which both drivers count. */
#define FUZZ_CHECK(cond)                                                   \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "%s:%d: invariant failed: %s\n",   \
				__FILE__, __LINE__, #cond);                \
			abort();                                           \
		}                                                          \
	} while (0)

/* Call a function whose status does not matter here (SD_MUST_CHECK). */
#define FUZZ_IGNORE(call)                                                  \
	do {                                                               \
		if (call) {                                                \
		}                                                          \
	} while (0)

/* An anonymous in-memory file holding @n bytes at @p, offset 0; -1 on error. */
static inline int
fuzz_memfd(const char *name, const void *p, size_t n)
{
	const uint8_t *b = p;
	int fd = memfd_create(name, MFD_CLOEXEC);

	if (fd < 0)
		return -1;
	while (n) {
		ssize_t r = write(fd, b, n);

		if (r <= 0) {
			close(fd);
			return -1;
		}
		b += r;
		n -= (size_t)r;
	}
	if (lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* A small reader of the fuzz input that yields zeros once it runs out. */
struct fuzz_in {
	const uint8_t *p;
	size_t len, pos;
};

static inline uint64_t
fuzz_bytes(struct fuzz_in *in, unsigned n)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < n; i++)
		if (in->pos < in->len)
			v |= (uint64_t)in->p[in->pos++] << (8 * i);
	return v;
}

static inline uint8_t
fuzz_u8(struct fuzz_in *in)
{
	return (uint8_t)fuzz_bytes(in, 1);
}

/*
 * A structure offset or size as VMCOREINFO may give it: small normally,
 * near 2^64 ("-8" parsed as 64 bits) for bytes >= 0xf0.
 */
static inline uint64_t
fuzz_offset(struct fuzz_in *in)
{
	uint8_t x = fuzz_u8(in);

	return x >= 0xf0 ? UINT64_MAX - (x & 0xf) : x;
}

/* Fill @n bytes at @dst with the next input bytes, then zeros. */
static inline void
fuzz_fill(struct fuzz_in *in, uint8_t *dst, size_t n)
{
	size_t k = SD_FUZZ_MIN(n, in->len - in->pos);

	memcpy(dst, in->p + in->pos, k);
	memset(dst + k, 0, n - k);
	in->pos += k;
}

#endif
