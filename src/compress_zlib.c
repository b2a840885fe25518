// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * zlib, as makedumpfile uses it: compress2() at level 1 (Z_BEST_SPEED),
 * the zlib (RFC 1950) wrapper around one deflate stream per page; readers
 * call uncompress().  The bytes are compress2()'s, made faster: the
 * context is kept and reset between pages, and the wrapper is written
 * here around a raw deflate stream (level 1 and a 32 KiB window: header
 * 78 01, same as zlib's), with the Adler-32 trailer from sd_adler32().
 */
#include <stdlib.h>
#include <zlib.h>

#include "sievedump/compress.h"
#include "sievedump/kdump_format.h"

enum { HEAD = 2, TAIL = 4 };	/* the zlib wrapper */

static size_t
zlib_bound(size_t len)
{
	return compressBound((uLong)len);
}

/* deflate at level 1: window (1 << 17) + hash/prev (1 << 17) + state */
static uint64_t
zlib_ctx_estimate(size_t page_size)
{
	(void)page_size;
	return (128u << 10) + (128u << 10) + (8u << 10);
}

static sd_status
zlib_ctx_new(size_t page_size, void **ret, struct sd_err *err)
{
	z_stream *zs = calloc(1, sizeof(*zs));
	int rc;

	(void)page_size;
	if (!zs)
		return sd_fail(err, SD_ERR_NOMEM, "out of memory");
	rc = deflateInit2(zs, Z_BEST_SPEED, Z_DEFLATED, -MAX_WBITS, 8,
			  Z_DEFAULT_STRATEGY);
	if (rc != Z_OK) {
		free(zs);
		return sd_fail(err, rc == Z_MEM_ERROR ? SD_ERR_NOMEM :
			       SD_ERR_SYSTEM, "deflateInit failed: %s",
			       zError(rc));
	}
	*ret = zs;
	return SD_OK;
}

static void
zlib_ctx_free(void *ctx)
{
	z_stream *zs = ctx;

	if (!zs)
		return;
	deflateEnd(zs);
	free(zs);
}

static sd_status
zlib_compress(void *ctx, const void *in, size_t len, void *out, size_t cap,
	      size_t *out_len)
{
	z_stream *zs = ctx;
	uint8_t *o = out;
	uint32_t sum;
	int rc;

	if (cap < HEAD + TAIL)
		return SD_INCOMPRESSIBLE;
	zs->next_in = (Bytef *)in;
	zs->avail_in = (uInt)len;
	zs->next_out = o + HEAD;
	zs->avail_out = (uInt)(cap - HEAD - TAIL);
	rc = deflate(zs, Z_FINISH);
	*out_len = HEAD + zs->total_out + TAIL;
	deflateReset(zs);
	if (rc != Z_STREAM_END || *out_len >= len)
		return SD_INCOMPRESSIBLE;
	o[0] = 0x78;	/* CM 8, 32 KiB window */
	o[1] = 0x01;	/* level 1, check bits */
	sum = sd_adler32(1, in, len);
	o += *out_len - TAIL;
	o[0] = (uint8_t)(sum >> 24);
	o[1] = (uint8_t)(sum >> 16);
	o[2] = (uint8_t)(sum >> 8);
	o[3] = (uint8_t)sum;
	return SD_OK;
}

sd_status
sd_zlib_decompress(void *ctx, const void *in, size_t in_len, void *out,
		   size_t out_len, struct sd_err *err)
{
	uLongf got = (uLongf)out_len;
	int rc = uncompress(out, &got, in, (uLong)in_len);

	(void)ctx;
	if (rc != Z_OK || got != out_len)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "zlib data does not decompress to %zu bytes (%s)",
			       out_len, rc != Z_OK ? zError(rc) : "short");
	return SD_OK;
}

const struct sd_compressor_ops sd_compress_zlib_ops = {
	.version = 1,
	.id = SD_COMPRESS_ZLIB,
	.name = "zlib",
	.engine = SD_ZLIB_ENGINE_ZLIB,
	.dh_flag = SD_DUMP_DH_COMPRESSED_ZLIB,
	.bound = zlib_bound,
	.ctx_estimate = zlib_ctx_estimate,
	.ctx_new = zlib_ctx_new,
	.ctx_free = zlib_ctx_free,
	.compress = zlib_compress,
	.decompress = sd_zlib_decompress,
};
