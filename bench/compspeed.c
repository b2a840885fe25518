// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * compspeed: single-core speed of each built compressor on real pages.
 *   compspeed [-e] FILE [MiB]
 * Reads up to MiB (default 64) of non-zero 4 KiB pages from FILE
 * (skipping the first 64 KiB of headers; a larger file is sampled
 * evenly), compresses each page as the kdump writer does, and prints
 * "name MB/s ratio" per compressor ("zlib" is what -c writes by default,
 * the engine --zlib-engine auto picks).  Used by bench/run.sh to state
 * the compressor-bound limit of a run.
 *
 * -e: then sievedump's -c engines as --zlib-engine runs them ("sd-zlib",
 * "sd-libdeflate", "sd-isal"), and every zlib-format library and level
 * built ("zlib-1", "libdeflate-6", "isal-0", ...): each page compressed
 * alone with the zlib wrapper, with "size/zlib-1", its output over stock
 * zlib level 1's (makedumpfile's -c).  Every stream is checked with zlib's
 * uncompress().  Speeds are the best of three passes, in CPU time of the
 * thread (so that other jobs on a shared machine do not count).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#ifdef HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif
#ifdef HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif

#include "sievedump/compress.h"

enum { PAGE = 4096, PASSES = 3, OUT_CAP = 8192 };

static double
now(void)
{
	struct timespec ts;

	/* CPU time of this thread: other jobs on a shared machine take turns
	 * on the core, and would otherwise count as our time */
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Up to @want bytes of non-zero pages, spread evenly over the file (every
 * stride-th page), so that a sample of a large dump is not just its start.
 */
static size_t
load_pages(const char *path, size_t want, uint8_t *buf)
{
	int fd = open(path, O_RDONLY);
	off_t off = 65536, end;
	size_t got = 0, stride;
	uint8_t page[PAGE];

	if (fd < 0)
		return 0;
	end = lseek(fd, 0, SEEK_END);
	stride = end > off ? (size_t)(end - off) / want : 1;
	stride = stride ? stride : 1;
	while (got + PAGE <= want && pread(fd, page, PAGE, off) == PAGE) {
		size_t i;

		off += (off_t)(stride * PAGE);
		for (i = 0; i < PAGE && !page[i]; i++)
			;
		if (i == PAGE)
			continue;
		memcpy(buf + got, page, PAGE);
		got += PAGE;
	}
	close(fd);
	return got;
}

/* One page through a registered compressor: its size, PAGE if stored raw. */
static size_t
one_page(struct sd_cctx *c, const uint8_t *in, uint8_t *out)
{
	size_t len = PAGE;

	if (sd_cctx_compress(c, in, PAGE, out, OUT_CAP, &len))
		len = PAGE;
	return len;
}

static void
run_registered(const char *label, const struct sd_compressor_ops *ops,
	       const uint8_t *buf, size_t n, struct sd_budget *budget)
{
	static uint8_t out[OUT_CAP];
	struct sd_err err;
	struct sd_cctx c;
	uint64_t outb = 0;
	double best = 0;
	int pass;

	if (sd_cctx_init(&c, ops, PAGE, budget, &err))
		return;
	for (pass = 0; pass < PASSES; pass++) {
		double t0 = now(), dt;

		outb = 0;
		for (size_t p = 0; p < n; p += PAGE)
			outb += one_page(&c, buf + p, out);
		dt = now() - t0;
		if (best == 0 || dt < best)
			best = dt;
	}
	printf("%s %.1f %.3f\n", label, n / best / 1e6, (double)outb / n);
	sd_cctx_fini(&c);
}

/* A zlib-format engine at one level, for -e. */
struct engine {
	const char *name;
	int level;
	void *(*make)(int level);
	/* zlib stream of one page into out (OUT_CAP): its size, 0 on failure */
	size_t (*pack)(void *st, const uint8_t *in, uint8_t *out);
	void (*drop)(void *st);
};

static void *
zlib_make(int level)
{
	z_stream *zs = calloc(1, sizeof(*zs));

	if (zs && deflateInit(zs, level) != Z_OK) {
		free(zs);
		return NULL;
	}
	return zs;
}

static size_t
zlib_pack(void *st, const uint8_t *in, uint8_t *out)
{
	z_stream *zs = st;
	size_t n;

	zs->next_in = (Bytef *)in;
	zs->avail_in = PAGE;
	zs->next_out = out;
	zs->avail_out = OUT_CAP;
	n = deflate(zs, Z_FINISH) == Z_STREAM_END ? zs->total_out : 0;
	deflateReset(zs);
	return n;
}

static void
zlib_drop(void *st)
{
	deflateEnd(st);
	free(st);
}

#ifdef HAVE_LIBDEFLATE
static void *
ldf_make(int level)
{
	return libdeflate_alloc_compressor(level);
}

static size_t
ldf_pack(void *st, const uint8_t *in, uint8_t *out)
{
	return libdeflate_zlib_compress(st, in, PAGE, out, OUT_CAP);
}

static void
ldf_drop(void *st)
{
	libdeflate_free_compressor(st);
}
#endif

#ifdef HAVE_ISAL
struct isal_state {
	struct isal_zstream zs;
	int level;
	uint32_t size;
	uint8_t buf[];
};

static void *
isal_make(int level)
{
	static const uint32_t sizes[] = {
		ISAL_DEF_LVL0_SMALL, ISAL_DEF_LVL1_SMALL, ISAL_DEF_LVL2_SMALL,
		ISAL_DEF_LVL3_SMALL };
	struct isal_state *s = calloc(1, sizeof(*s) + sizes[level]);

	if (s) {
		s->level = level;
		s->size = sizes[level];
	}
	return s;
}

static size_t
isal_pack(void *st, const uint8_t *in, uint8_t *out)
{
	struct isal_state *s = st;

	isal_deflate_stateless_init(&s->zs);
	s->zs.level = (uint32_t)s->level;
	s->zs.level_buf = s->size ? s->buf : NULL;
	s->zs.level_buf_size = s->size;
	s->zs.gzip_flag = IGZIP_ZLIB;
	s->zs.end_of_stream = 1;
	s->zs.next_in = (uint8_t *)in;
	s->zs.avail_in = PAGE;
	s->zs.next_out = out;
	s->zs.avail_out = OUT_CAP;
	return isal_deflate_stateless(&s->zs) == COMP_OK ? s->zs.total_out : 0;
}
#endif

/* Pages compressed alone; "raw" when not smaller, as the writer stores them. */
static int
run_engine(const struct engine *e, const uint8_t *buf, size_t n,
	   double zlib_bytes, double *bytes_out)
{
	static uint8_t out[OUT_CAP], back[PAGE];
	void *st = e->make(e->level);
	uint64_t outb = 0;
	double best = 0;
	int pass, bad = 0;

	if (!st)
		return -1;
	for (pass = 0; pass < PASSES; pass++) {
		double t0 = now(), dt;

		outb = 0;
		for (size_t p = 0; p < n; p += PAGE) {
			size_t len = e->pack(st, buf + p, out);

			outb += len && len < PAGE ? len : PAGE;
		}
		dt = now() - t0;
		if (best == 0 || dt < best)
			best = dt;
	}
	for (size_t p = 0; p < n; p += PAGE) {	/* what readers do */
		uLongf got = PAGE;
		size_t len = e->pack(st, buf + p, out);

		if (!len || uncompress(back, &got, out, len) != Z_OK ||
		    got != PAGE || memcmp(back, buf + p, PAGE))
			bad++;
	}
	e->drop(st);
	*bytes_out = (double)outb;
	printf("%s-%d %.1f %.3f %.3f%s\n", e->name, e->level, n / best / 1e6,
	       (double)outb / n, zlib_bytes > 0 ? outb / zlib_bytes : 1.0,
	       bad ? " UNCOMPRESS-FAILED" : "");
	return bad;
}

static int
run_engines(const uint8_t *buf, size_t n)
{
	static const struct engine all[] = {
		{ "zlib", 1, zlib_make, zlib_pack, zlib_drop },
		{ "zlib", 6, zlib_make, zlib_pack, zlib_drop },
#ifdef HAVE_LIBDEFLATE
		{ "libdeflate", 1, ldf_make, ldf_pack, ldf_drop },
		{ "libdeflate", 2, ldf_make, ldf_pack, ldf_drop },
		{ "libdeflate", 3, ldf_make, ldf_pack, ldf_drop },
		{ "libdeflate", 4, ldf_make, ldf_pack, ldf_drop },
		{ "libdeflate", 5, ldf_make, ldf_pack, ldf_drop },
		{ "libdeflate", 6, ldf_make, ldf_pack, ldf_drop },
		{ "libdeflate", 9, ldf_make, ldf_pack, ldf_drop },
#endif
#ifdef HAVE_ISAL
		{ "isal", 0, isal_make, isal_pack, free },
		{ "isal", 1, isal_make, isal_pack, free },
		{ "isal", 2, isal_make, isal_pack, free },
		{ "isal", 3, isal_make, isal_pack, free },
#endif
	};
	double zlib_bytes = 0, b = 0;
	int bad = 0;
	size_t i;

	printf("# engine-level MB/s ratio size/zlib-1 (%zu pages)\n", n / PAGE);
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		bad |= run_engine(&all[i], buf, n, zlib_bytes, &b) != 0;
		if (i == 0)
			zlib_bytes = b;
	}
	return bad;
}

/* -e: sievedump's own -c engines, as the writer runs them ("sd-NAME") */
static void
run_sievedump_engines(const uint8_t *buf, size_t n, struct sd_budget *budget)
{
	static const enum sd_zlib_engine all[] = {
		SD_ZLIB_ENGINE_ZLIB, SD_ZLIB_ENGINE_LIBDEFLATE,
		SD_ZLIB_ENGINE_ISAL };
	char label[64];
	size_t i;

	printf("# sievedump's -c engines: MB/s ratio\n");
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		const struct sd_compressor_ops *ops =
			sd_compressor_pick(SD_COMPRESS_ZLIB, all[i]);

		snprintf(label, sizeof(label), "sd-%s",
			 sd_zlib_engine_name(all[i]));
		if (ops)
			run_registered(label, ops, buf, n, budget);
	}
}

int
main(int argc, char **argv)
{
	static const enum sd_compress all[] = {
		SD_COMPRESS_ZLIB, SD_COMPRESS_LZO, SD_COMPRESS_SNAPPY,
		SD_COMPRESS_ZSTD };
	int engines = argc > 1 && strcmp(argv[1], "-e") == 0;
	size_t want, n, i;
	struct sd_budget budget;
	uint8_t *buf;

	argv += engines;
	argc -= engines;
	if (argc < 2) {
		fprintf(stderr, "usage: compspeed [-e] FILE [MiB]\n");
		return 2;
	}
	want = (argc > 2 ? strtoul(argv[2], NULL, 0) : 64) << 20;
	buf = malloc(want);
	if (!buf)
		return 2;
	n = load_pages(argv[1], want, buf);
	if (!n) {
		fprintf(stderr, "compspeed: no data pages in %s\n", argv[1]);
		free(buf);
		return 1;
	}
	sd_budget_init(&budget, 0);
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		const struct sd_compressor_ops *ops =
			sd_compressor_pick(all[i], SD_ZLIB_ENGINE_AUTO);

		if (ops)
			run_registered(ops->name, ops, buf, n, &budget);
	}
	if (engines)
		run_sievedump_engines(buf, n, &budget);
	if (engines && run_engines(buf, n)) {
		free(buf);
		return 1;
	}
	free(buf);
	return 0;
}
