// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests for the page compressors: round trip, incompressible pages
 * stored raw (not strictly smaller), determinism, context reuse, budget
 * accounting, corrupt input, and the registry; every -c engine's streams
 * inflate with zlib's uncompress() and stay within 3% of zlib's size.
 */
#include <malloc.h>
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
	/* -c's engines share zlib's flag, read back by stock zlib */
	ok(sd_compressor_by_flag(ops->dh_flag) &&
	   sd_compressor_by_flag(ops->dh_flag)->id == ops->id,
	   "found by its flag", name);
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
	st = sd_cctx_decompress(&c1, o1, n1, back, PAGE, &err);
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
	st = sd_cctx_decompress(&c1, o1, n1, back, PAGE, &err);
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
	st = sd_cctx_decompress(&c1, o1, 64, back, PAGE, &err);
	ok(st == SD_ERR_CORRUPT, "garbage is refused", name);
	st = sd_cctx_compress(&c1, in, PAGE, o1, cap, &n1);
	st = sd_cctx_decompress(&c1, o1, n1, back, PAGE / 2, &err);
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

/* makedumpfile's framing: compress2() at level 1 (doc/format-kdump.md), byte for
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

/* Kernel-like page kinds for the engines: kind 0-4 are fill_kind's. */
static void
fill_page_kind(uint8_t *p, unsigned kind, unsigned seed)
{
	uint64_t x = seed * 0x9e3779b97f4a7c15ull + 1;
	size_t i;

	if (kind < 5) {
		fill_kind(p, PAGE, kind, seed);
		return;
	}
	for (i = 0; i < PAGE; i += 8) {
		uint64_t v;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		switch (kind) {
		case 5:	/* pointers into the direct map */
			v = 0xffff888000000000ull | ((x & 0xfffffff) << 6);
			break;
		case 6:	/* struct page array: flags, pointers, counts */
			v = (i / 8) % 8 == 0 ? 0x17ffffc0000000ull | (x & 7) :
			    (i / 8) % 8 < 4 ? 0xffffea0000000000ull |
					      ((x & 0xffffff) << 6) :
			    (i / 8) % 8 == 6 ? 1 : 0;
			break;
		case 7:	/* small counters */
			v = x % 300;
			break;
		default:	/* sparse: a few words set */
			v = x % 16 == 0 ? x : 0;
			break;
		}
		memcpy(p + i, &v, 8);
	}
	if (kind == 9) {	/* log text */
		static const char line[] =
			"[    1.234567] usb 1-1: new high-speed USB device number 2\n";

		for (i = 0; i < PAGE; i++)
			p[i] = (uint8_t)line[(i + seed) % (sizeof(line) - 1)];
	}
}

/* Bytes malloc handed out while @ops made one context. */
static uint64_t
ctx_heap(const struct sd_compressor_ops *ops, void **ctx)
{
	struct mallinfo2 a = mallinfo2(), b;
	struct sd_err err = { 0 };

	if (ops->ctx_new(PAGE, ctx, &err) != SD_OK)
		return UINT64_MAX;
	b = mallinfo2();
	return (b.uordblks - a.uordblks) + (b.hblkhd - a.hblkhd);
}

/*
 * Engine @e: each page kind compresses to a zlib stream that zlib's own
 * uncompress() inflates back to the page (what crash, libkdumpfile and
 * makedumpfile do); a page that does not shrink is refused; the context's
 * heap fits ctx_estimate (the budget's promise); for the default engine
 * the output is at most 3% larger than stock zlib's.
 */
static void
test_engine(enum sd_zlib_engine e)
{
	const struct sd_compressor_ops *ops =
		sd_compressor_pick(SD_COMPRESS_ZLIB, e);
	const struct sd_compressor_ops *ref =
		sd_compressor_pick(SD_COMPRESS_ZLIB, SD_ZLIB_ENGINE_ZLIB);
	const char *name = sd_zlib_engine_name(e);
	uint8_t in[PAGE], out[PAGE + 64], back[PAGE];
	unsigned k, inflated = 0, refused = 0, tried = 0;
	uint64_t got = 0, want = 0, heap;
	void *ctx = NULL, *rctx = NULL;
	struct sd_err err = { 0 };

	if (!ops) {
		printf("# engine %s not built: skipped\n", name);
		return;
	}
	ok(ops->engine == e && ops->id == SD_COMPRESS_ZLIB &&
	   ops->dh_flag == SD_DUMP_DH_COMPRESSED_ZLIB, "a -c engine", name);
	heap = ctx_heap(ops, &ctx);
	ok(heap <= ops->ctx_estimate(PAGE),
	   "context heap within ctx_estimate", name);
	if (heap == UINT64_MAX || ref->ctx_new(PAGE, &rctx, &err) != SD_OK) {
		ok(0, "contexts", name);
		return;
	}
	for (k = 0; k < 400; k++) {
		size_t n = 0, rn = 0;
		uLongf blen = PAGE;
		sd_status st;

		fill_page_kind(in, k % 10, k);
		st = ops->compress(ctx, in, PAGE, out, sizeof(out), &n);
		if (st != SD_OK) {
			refused += k % 10 == 1 && st == SD_INCOMPRESSIBLE;
			continue;
		}
		tried++;
		memset(back, 0x5a, sizeof(back));
		inflated += n < PAGE &&
			    uncompress(back, &blen, out, (uLong)n) == Z_OK &&
			    blen == PAGE && memcmp(back, in, PAGE) == 0;
		if (ref->compress(rctx, in, PAGE, out, sizeof(out), &rn) ==
		    SD_OK) {
			got += n;
			want += rn;
		}
	}
	ok(tried == 360 && inflated == tried,
	   "every page kind inflates with zlib's uncompress()", name);
	ok(refused == 40, "random pages are stored raw", name);
	printf("# %s: %llu bytes, stock zlib %llu (%.3f)\n", name,
	       (unsigned long long)got, (unsigned long long)want,
	       want ? (double)got / (double)want : 0);
	if (sd_zlib_engine_resolve(SD_ZLIB_ENGINE_AUTO) == e)
		ok(got * 100 <= want * 103,
		   "the default engine: at most 3% over stock zlib", name);
	ops->ctx_free(ctx);
	ref->ctx_free(rctx);
}

static void
test_engine_registry(void)
{
	static const enum sd_zlib_engine all[] = {
		SD_ZLIB_ENGINE_ZLIB, SD_ZLIB_ENGINE_LIBDEFLATE,
		SD_ZLIB_ENGINE_ISAL };
	enum sd_zlib_engine def = sd_zlib_engine_resolve(SD_ZLIB_ENGINE_AUTO);
	size_t i;

	ok(def != SD_ZLIB_ENGINE_AUTO && sd_zlib_engine_built(def) &&
	   sd_compressor_pick(SD_COMPRESS_ZLIB, SD_ZLIB_ENGINE_AUTO) ==
	   sd_compressor_pick(SD_COMPRESS_ZLIB, def),
	   "auto is a built engine", "registry");
	for (i = 0; i < SD_ARRAY_SIZE(all); i++)
		ok((sd_compressor_pick(SD_COMPRESS_ZLIB, all[i]) != NULL) ==
		   sd_zlib_engine_built(all[i]), "engine agrees with features",
		   sd_zlib_engine_name(all[i]));
	ok(sd_compressor_get(SD_COMPRESS_ZLIB)->engine == SD_ZLIB_ENGINE_ZLIB &&
	   sd_compressor_by_flag(SD_DUMP_DH_COMPRESSED_ZLIB)->engine ==
	   SD_ZLIB_ENGINE_ZLIB, "stock zlib is -c's reference and reader",
	   "registry");
	ok(sd_compressor_pick(SD_COMPRESS_LZO, SD_ZLIB_ENGINE_LIBDEFLATE) ==
	   sd_compressor_get(SD_COMPRESS_LZO), "the engine is for -c only",
	   "registry");
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
	test_engine_registry();
	test_adler32();
	test_zlib_framing();
	test_engine(SD_ZLIB_ENGINE_ZLIB);
	test_engine(SD_ZLIB_ENGINE_LIBDEFLATE);
	test_engine(SD_ZLIB_ENGINE_ISAL);
	for (i = SD_ZLIB_ENGINE_LIBDEFLATE; i <= SD_ZLIB_ENGINE_ISAL; i++)
		if (sd_compressor_pick(SD_COMPRESS_ZLIB, (enum sd_zlib_engine)i))
			test_one(sd_compressor_pick(SD_COMPRESS_ZLIB,
						    (enum sd_zlib_engine)i));
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
