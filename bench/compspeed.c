// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * compspeed: single-core speed of each built compressor on real pages.
 *   compspeed FILE [MiB]
 * Reads up to MiB (default 64) of non-zero 4 KiB pages from FILE (skipping
 * the first 64 KiB of headers), compresses each page as the kdump writer
 * does, and prints "name MB/s ratio" per compressor.  Used by bench/run.sh
 * to state the compressor-bound limit of a run.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sievedump/compress.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t
load_pages(const char *path, size_t want, uint8_t *buf)
{
	int fd = open(path, O_RDONLY);
	size_t got = 0;
	off_t off = 65536;
	uint8_t page[4096];

	if (fd < 0)
		return 0;
	while (got + 4096 <= want && pread(fd, page, 4096, off) == 4096) {
		size_t i;

		off += 4096;
		for (i = 0; i < 4096 && !page[i]; i++)
			;
		if (i == 4096)
			continue;
		memcpy(buf + got, page, 4096);
		got += 4096;
	}
	close(fd);
	return got;
}

int
main(int argc, char **argv)
{
	static const enum sd_compress all[] = {
		SD_COMPRESS_ZLIB, SD_COMPRESS_LZO, SD_COMPRESS_SNAPPY,
		SD_COMPRESS_ZSTD };
	size_t want = (argc > 2 ? strtoul(argv[2], NULL, 0) : 64) << 20, n, i;
	uint8_t *buf = malloc(want), out[8192];
	struct sd_budget budget;
	struct sd_err err;

	if (argc < 2 || !buf) {
		fprintf(stderr, "usage: compspeed FILE [MiB]\n");
		return 2;
	}
	n = load_pages(argv[1], want, buf);
	if (!n) {
		fprintf(stderr, "compspeed: no data pages in %s\n", argv[1]);
		return 1;
	}
	sd_budget_init(&budget, 0);
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		const struct sd_compressor_ops *ops = sd_compressor_get(all[i]);
		struct sd_cctx c;
		uint64_t outb = 0;
		double t0;

		if (!ops || sd_cctx_init(&c, ops, 4096, &budget, &err))
			continue;
		t0 = now();
		for (size_t p = 0; p < n; p += 4096) {
			size_t len = 4096;

			if (sd_cctx_compress(&c, buf + p, 4096, out, sizeof(out),
					     &len))
				len = 4096;
			outb += len;
		}
		printf("%s %.1f %.3f\n", ops->name, n / (now() - t0) / 1e6,
		       (double)outb / n);
		sd_cctx_fini(&c);
	}
	free(buf);
	return 0;
}
