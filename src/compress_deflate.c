// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -c written by libdeflate (--zlib-engine libdeflate): one zlib (RFC 1950)
 * stream per page, header, raw deflate and Adler-32 trailer all written by
 * libdeflate_zlib_compress().  The bytes are not compress2()'s, but every
 * reader of the format inflates them with zlib's uncompress(), which takes
 * any valid stream.  Pages are read back with stock zlib (compress_zlib.c).
 *
 * The level is fixed (bench/README.md, "-c engines", has the numbers that
 * chose it), so the same page always gives the same bytes.  libdeflate is
 * dlopen()ed with each context (LIBDEFLATE_SONAME, from configure): runs
 * that do not write -c with it do not map it.
 */
#include <stdlib.h>
#include <libdeflate.h>
#include <zlib.h>

#include "sievedump/compress.h"
#include "sievedump/kdump_format.h"

enum { LEVEL = 1 };

/* The functions used, with the header's types. */
enum { F_ALLOC, F_ZLIB, F_FREE, NFN };
static const char *const fn_names[NFN] = {
	"libdeflate_alloc_compressor", "libdeflate_zlib_compress",
	"libdeflate_free_compressor" };
typedef struct libdeflate_compressor *alloc_fn(int level);
typedef size_t zlib_fn(struct libdeflate_compressor *c, const void *in,
		       size_t n, void *out, size_t cap);
typedef void free_fn(struct libdeflate_compressor *c);

struct ldf_ctx {
	void *lib;
	sd_lib_fn *fn[NFN];
	struct libdeflate_compressor *c;
};

static size_t
ldf_bound(size_t len)
{
	return compressBound((uLong)len);
}

/*
 * libdeflate's compressor by level, as measured (mallinfo2 around
 * libdeflate_alloc_compressor, libdeflate 1.14 on x86_64): level 1 200 KiB
 * (hash table), 2-9 656 KiB (hash chains), 10-12 8.6 MiB (binary trees);
 * rounded up, with the allocator's overhead; plus the library once loaded
 * (88 KiB resident, and the loader's records): 128 KiB.
 */
static uint64_t
ldf_ctx_estimate(size_t page_size)
{
	uint64_t lib = 128u << 10;

	(void)page_size;
	if (LEVEL <= 1)
		return lib + (212u << 10);
	if (LEVEL <= 9)
		return lib + (672u << 10);
	return lib + (9u << 20);
}

static void
ldf_ctx_free(void *ctx)
{
	struct ldf_ctx *x = ctx;

	if (!x)
		return;
	if (x->c)
		((free_fn *)x->fn[F_FREE])(x->c);
	sd_lib_unload(x->lib);
	free(x);
}

static sd_status
ldf_ctx_new(size_t page_size, void **ret, struct sd_err *err)
{
	struct ldf_ctx *x = calloc(1, sizeof(*x));
	sd_status st;

	(void)page_size;
	if (!x)
		return sd_fail(err, SD_ERR_NOMEM, "out of memory");
	st = sd_lib_load(LIBDEFLATE_SONAME, fn_names, NFN, x->fn, &x->lib,
			 err);
	if (st) {
		free(x);
		return st;
	}
	x->c = ((alloc_fn *)x->fn[F_ALLOC])(LEVEL);
	if (!x->c) {
		ldf_ctx_free(x);
		return sd_fail(err, SD_ERR_NOMEM,
			       "libdeflate: cannot allocate a level %d compressor",
			       LEVEL);
	}
	*ret = x;
	return SD_OK;
}

/* Room for len - 1 bytes at most: a page that does not shrink is raw. */
static sd_status
ldf_compress(void *ctx, const void *in, size_t len, void *out, size_t cap,
	     size_t *out_len)
{
	struct ldf_ctx *x = ctx;
	size_t room = cap < len ? cap : len - 1;
	size_t n;

	if (len == 0)
		return SD_INCOMPRESSIBLE;
	n = ((zlib_fn *)x->fn[F_ZLIB])(x->c, in, len, out, room);
	if (n == 0)
		return SD_INCOMPRESSIBLE;
	*out_len = n;
	return SD_OK;
}

const struct sd_compressor_ops sd_compress_libdeflate_ops = {
	.version = 1,
	.id = SD_COMPRESS_ZLIB,
	.name = "zlib",
	.engine = SD_ZLIB_ENGINE_LIBDEFLATE,
	.dh_flag = SD_DUMP_DH_COMPRESSED_ZLIB,
	.bound = ldf_bound,
	.ctx_estimate = ldf_ctx_estimate,
	.ctx_new = ldf_ctx_new,
	.ctx_free = ldf_ctx_free,
	.compress = ldf_compress,
	.decompress = sd_zlib_decompress,
};
