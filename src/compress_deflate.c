// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -c written by libdeflate (--zlib-engine libdeflate): one zlib (RFC 1950)
 * stream per page, header, raw deflate and Adler-32 trailer all written by
 * libdeflate_zlib_compress().  The bytes are not compress2()'s, but every
 * reader of the format inflates them with zlib's uncompress(), which takes
 * any valid stream.  Pages are read back with stock zlib (compress_zlib.c).
 *
 * The level is fixed (bench/README.md, "-c engines", has the numbers that
 * chose it), so the same page always gives the same bytes.
 */
#include <libdeflate.h>
#include <zlib.h>

#include "sievedump/compress.h"
#include "sievedump/kdump_format.h"

enum { LEVEL = 1 };

static size_t
ldf_bound(size_t len)
{
	return compressBound((uLong)len);
}

/*
 * libdeflate's compressor by level, as measured (mallinfo2 around
 * libdeflate_alloc_compressor, libdeflate 1.14 on x86_64): level 1 200 KiB
 * (hash table), 2-9 656 KiB (hash chains), 10-12 8.6 MiB (binary trees);
 * rounded up, with the allocator's overhead.
 */
static uint64_t
ldf_ctx_estimate(size_t page_size)
{
	(void)page_size;
	if (LEVEL <= 1)
		return 212u << 10;
	if (LEVEL <= 9)
		return 672u << 10;
	return 9u << 20;
}

static sd_status
ldf_ctx_new(size_t page_size, void **ret, struct sd_err *err)
{
	struct libdeflate_compressor *c = libdeflate_alloc_compressor(LEVEL);

	(void)page_size;
	if (!c)
		return sd_fail(err, SD_ERR_NOMEM,
			       "libdeflate: cannot allocate a level %d compressor",
			       LEVEL);
	*ret = c;
	return SD_OK;
}

static void
ldf_ctx_free(void *ctx)
{
	libdeflate_free_compressor(ctx);
}

/* Room for len - 1 bytes at most: a page that does not shrink is raw. */
static sd_status
ldf_compress(void *ctx, const void *in, size_t len, void *out, size_t cap,
	     size_t *out_len)
{
	size_t room = cap < len ? cap : len - 1;
	size_t n;

	if (len == 0)
		return SD_INCOMPRESSIBLE;
	n = libdeflate_zlib_compress(ctx, in, len, out, room);
	if (n == 0)
		return SD_INCOMPRESSIBLE;
	*out_len = n;
	return SD_OK;
}

const struct sd_compressor_ops sd_compress_libdeflate_ops = {
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
