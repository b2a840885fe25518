// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests for the page compressors: round trip, incompressible pages
 * stored raw (not strictly smaller), determinism, context reuse, budget
 * accounting, corrupt input, and the registry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "sievedump/compress.h"
#include "sievedump/features.h"
#include "sievedump/kdump_format.h"

enum { PAGE = 4096 };

static int n_test, n_fail;

static void
ok(int cond, const char *what, const char *name)
{
	n_test++;
	if (!cond)
		n_fail++;
	printf("%sok %d - %s: %s\n", cond ? "" : "not ", n_test, name, what);
}

/* xorshift: reproducible noise without libc's rand state */
static void
fill_random(uint8_t *p, size_t n, uint64_t seed)
{
	uint64_t x = seed | 1;
	size_t i;

	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		p[i] = (uint8_t)x;
	}
}

static void
fill_text(uint8_t *p, size_t n)
{
	static const char words[] = "struct page mapping lru private flags ";
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)words[(i * 7 + i / 64) % (sizeof(words) - 1)];
}

static void
test_one(const struct sd_compressor_ops *ops)
{
	struct sd_budget budget;
	struct sd_err err = { 0 };
	struct sd_cctx c1, c2;
	uint8_t in[PAGE], back[PAGE];
	size_t cap = ops->bound(PAGE), n1 = 0, n2 = 0, n3 = 0;
	uint8_t *o1 = malloc(cap), *o2 = malloc(cap), *o3 = malloc(cap);
	const char *name = ops->name;
	sd_status st;

	sd_budget_init(&budget, 0);
	ok(cap >= PAGE, "bound covers a page", name);
	ok(ops->ctx_estimate(PAGE) > 0, "ctx_estimate is positive", name);
	ok(sd_compressor_by_flag(ops->dh_flag) == ops, "found by its flag",
	   name);
	st = sd_cctx_init(&c1, ops, PAGE, &budget, &err);
	ok(st == SD_OK, "context", name);
	ok(budget.used == ops->ctx_estimate(PAGE),
	   "context memory reserved in the budget", name);
	st = sd_cctx_init(&c2, ops, PAGE, &budget, &err);
	ok(st == SD_OK, "second context", name);

	/* compressible text: round trip */
	fill_text(in, PAGE);
	st = sd_cctx_compress(&c1, in, PAGE, o1, cap, &n1);
	ok(st == SD_OK && n1 > 0 && n1 < PAGE, "text compresses", name);
	memset(back, 0xaa, sizeof(back));
	st = ops->decompress(o1, n1, back, PAGE, &err);
	ok(st == SD_OK && memcmp(in, back, PAGE) == 0, "text round trip",
	   name);

	/* determinism: same bytes from a reused context and from another */
	st = sd_cctx_compress(&c1, in, PAGE, o2, cap, &n2);
	ok(st == SD_OK && n2 == n1 && memcmp(o1, o2, n1) == 0,
	   "reused context gives the same bytes", name);
	st = sd_cctx_compress(&c2, in, PAGE, o3, cap, &n3);
	ok(st == SD_OK && n3 == n1 && memcmp(o1, o3, n1) == 0,
	   "another context gives the same bytes", name);

	/* zeros: tiny output, round trip */
	memset(in, 0, PAGE);
	st = sd_cctx_compress(&c1, in, PAGE, o1, cap, &n1);
	ok(st == SD_OK && n1 < 256, "zero page compresses well", name);
	st = ops->decompress(o1, n1, back, PAGE, &err);
	ok(st == SD_OK && memcmp(in, back, PAGE) == 0, "zero round trip",
	   name);

	/* noise: not strictly smaller, so the page is stored raw */
	fill_random(in, PAGE, 0x5eed);
	st = sd_cctx_compress(&c1, in, PAGE, o1, cap, &n1);
	ok(st == SD_INCOMPRESSIBLE, "random page is incompressible", name);
	/* the context still works after an incompressible page */
	fill_text(in, PAGE);
	st = sd_cctx_compress(&c1, in, PAGE, o2, cap, &n2);
	ok(st == SD_OK && n2 == n3 && memcmp(o2, o3, n2) == 0,
	   "context usable after an incompressible page", name);

	/* corrupt and wrong-size input is refused */
	memset(o1, 0xff, 64);
	st = ops->decompress(o1, 64, back, PAGE, &err);
	ok(st == SD_ERR_CORRUPT, "garbage is refused", name);
	st = sd_cctx_compress(&c1, in, PAGE, o1, cap, &n1);
	st = ops->decompress(o1, n1, back, PAGE / 2, &err);
	ok(st == SD_ERR_CORRUPT, "wrong output size is refused", name);

	sd_cctx_fini(&c1);
	sd_cctx_fini(&c2);
	ok(budget.used == 0, "budget released", name);
	free(o1);
	free(o2);
	free(o3);
}

/* Pages of every kind: text, random, zero, half and half, repeats. */
static void
fill_kind(uint8_t *p, size_t len, unsigned kind, unsigned seed)
{
	size_t i;

	srand(seed);
	for (i = 0; i < len; i++)
		switch (kind % 5) {
		case 0: p[i] = "the quick brown fox "[(i + seed) % 20]; break;
		case 1: p[i] = (uint8_t)rand(); break;
		case 2: p[i] = 0; break;
		case 3: p[i] = i < len / 2 ? (uint8_t)rand() : 0; break;
		default: p[i] = (uint8_t)(rand() % 4); break;
		}
}

/* Our Adler-32 is zlib's for any length, alignment and start value. */
static void
test_adler32(void)
{
	static uint8_t buf[3 * 16384 + 100];
	size_t i, bad = 0;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 7 + (i >> 9)) | (i % 97 == 0 ? 0xff : 0);
	for (i = 0; i < 400; i++) {
		size_t off = (size_t)rand() % 64;
		size_t len = i < 100 ? i : (size_t)rand() % (sizeof(buf) - 64);
		uint32_t start = i % 3 ? (uint32_t)rand() % 65521 |
				 ((uint32_t)rand() % 65521) << 16 : 1;

		if (sd_adler32(start, buf + off, len) !=
		    (uint32_t)adler32(start, buf + off, (uInt)len))
			bad++;
	}
	memset(buf, 0xff, sizeof(buf));	/* the largest sums */
	if (sd_adler32(0xfff0fff0, buf, sizeof(buf)) !=
	    (uint32_t)adler32(0xfff0fff0, buf, sizeof(buf)))
		bad++;
	ok(bad == 0, "Adler-32 equals zlib's", "zlib");
}

/* makedumpfile's framing: compress2() at level 1 (facts 1.7), byte for
 * byte, for every kind of page; an incompressible one is refused. */
static void
test_zlib_framing(void)
{
	const struct sd_compressor_ops *z = sd_compressor_get(SD_COMPRESS_ZLIB);
	struct sd_budget budget;
	struct sd_err err = { 0 };
	struct sd_cctx c;
	uint8_t in[PAGE], ref[PAGE + 64], out[PAGE + 64];
	unsigned k, same = 0, refused = 0, header = 0;

	sd_budget_init(&budget, 0);
	if (sd_cctx_init(&c, z, PAGE, &budget, &err)) {
		ok(0, "context", "zlib");
		return;
	}
	for (k = 0; k < 200; k++) {
		uLongf rlen = sizeof(ref);
		size_t n = 0;
		sd_status st;
		int rc;

		fill_kind(in, PAGE, k, k);
		st = sd_cctx_compress(&c, in, PAGE, out, sizeof(out), &n);
		rc = compress2(ref, &rlen, in, PAGE, Z_BEST_SPEED);
		if (rc == Z_OK && rlen < PAGE)
			same += st == SD_OK && rlen == n && !memcmp(ref, out, n);
		else
			refused += st == SD_INCOMPRESSIBLE;
		header += st != SD_OK || (out[0] == 0x78 && out[1] == 0x01);
	}
	ok(same + refused == 200 && refused == 40,
	   "same bytes as compress2(level 1), random pages refused", "zlib");
	ok(header == 200, "zlib header of level 1", "zlib");
	fill_kind(in, PAGE, 0, 1);
	{
		size_t n = 0;

		ok(sd_cctx_compress(&c, in, PAGE, out, 20, &n) ==
		   SD_INCOMPRESSIBLE && sd_cctx_compress(&c, in, PAGE, out,
							 sizeof(out), &n) ==
		   SD_OK, "a short buffer is refused, the next page is whole",
		   "zlib");
	}
	sd_cctx_fini(&c);
}

static void
test_registry(void)
{
	static const enum sd_compress all[] = {
		SD_COMPRESS_ZLIB, SD_COMPRESS_LZO, SD_COMPRESS_SNAPPY,
		SD_COMPRESS_ZSTD };
	static const uint32_t flags[] = {
		SD_DUMP_DH_COMPRESSED_ZLIB, SD_DUMP_DH_COMPRESSED_LZO,
		SD_DUMP_DH_COMPRESSED_SNAPPY, SD_DUMP_DH_COMPRESSED_ZSTD };
	struct sd_err err = { 0 };
	size_t i;

	ok(sd_compressor_get(SD_COMPRESS_NONE) == NULL, "none has no ops",
	   "registry");
	for (i = 0; i < 4; i++) {
		const struct sd_compressor_ops *o = sd_compressor_get(all[i]);

		ok((o != NULL) == sd_compress_built(all[i]),
		   "agrees with features", sd_compress_name(all[i]));
		if (o)
			ok(o->dh_flag == flags[i] && o->id == all[i],
			   "flag and id", o->name);
	}
	ok(sd_compressor_missing("zstd", &err) == SD_ERR_UNSUPPORTED &&
	   strstr(err.msg, "built without zstd") != NULL,
	   "missing compressor message", "registry");
}

int
main(void)
{
	static const enum sd_compress all[] = {
		SD_COMPRESS_ZLIB, SD_COMPRESS_LZO, SD_COMPRESS_SNAPPY,
		SD_COMPRESS_ZSTD };
	size_t i;

	test_registry();
	test_adler32();
	test_zlib_framing();
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		const struct sd_compressor_ops *o = sd_compressor_get(all[i]);

		if (o)
			test_one(o);
		else
			printf("# %s not built: skipped\n",
			       sd_compress_name(all[i]));
	}
	printf("1..%d\n", n_test);
	return n_fail ? 1 : 0;
}
