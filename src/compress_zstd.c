// SPDX-License-Identifier: GPL-2.0-or-later
/* zstd level 1, one frame per page (ZSTD_compressCCtx), as makedumpfile -z. */
#define ZSTD_STATIC_LINKING_ONLY	/* ZSTD_estimateCCtxSize_usingCParams */
#include <zstd.h>

#include "sievedump/compress.h"
#include "sievedump/kdump_format.h"

enum { ZSTD_PAGE_LEVEL = 1 };

static size_t
zstd_bound(size_t len)
{
	return ZSTD_compressBound(len);
}

static uint64_t
zstd_ctx_estimate(size_t page_size)
{
	ZSTD_compressionParameters cp =
		ZSTD_getCParams(ZSTD_PAGE_LEVEL, page_size, 0);

	return ZSTD_estimateCCtxSize_usingCParams(cp);
}

static sd_status
zstd_ctx_new(size_t page_size, void **ret, struct sd_err *err)
{
	ZSTD_CCtx *cctx = ZSTD_createCCtx();

	(void)page_size;
	if (!cctx)
		return sd_fail(err, SD_ERR_NOMEM, "Can't allocate ZSTD_CCtx");
	*ret = cctx;
	return SD_OK;
}

static void
zstd_ctx_free(void *ctx)
{
	ZSTD_freeCCtx(ctx);
}

static sd_status
zstd_page_compress(void *ctx, const void *in, size_t len, void *out,
		   size_t cap, size_t *out_len)
{
	size_t rc = ZSTD_compressCCtx(ctx, out, cap, in, len, ZSTD_PAGE_LEVEL);

	if (ZSTD_isError(rc) || rc == 0 || rc >= len) {
		*out_len = ZSTD_isError(rc) ? 0 : rc;
		return SD_INCOMPRESSIBLE;
	}
	*out_len = rc;
	return SD_OK;
}

static sd_status
zstd_page_decompress(void *ctx, const void *in, size_t in_len, void *out,
		     size_t out_len, struct sd_err *err)
{
	size_t rc = ZSTD_decompress(out, out_len, in, in_len);

	(void)ctx;
	if (ZSTD_isError(rc) || rc != out_len)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "zstd data does not decompress to %zu bytes (%s)",
			       out_len, ZSTD_isError(rc) ?
			       ZSTD_getErrorName(rc) : "short");
	return SD_OK;
}

const struct sd_compressor_ops sd_compress_zstd_ops = {
	.version = 1,
	.id = SD_COMPRESS_ZSTD,
	.name = "zstd",
	.dh_flag = SD_DUMP_DH_COMPRESSED_ZSTD,
	.bound = zstd_bound,
	.ctx_estimate = zstd_ctx_estimate,
	.ctx_new = zstd_ctx_new,
	.ctx_free = zstd_ctx_free,
	.compress = zstd_page_compress,
	.decompress = zstd_page_decompress,
};
