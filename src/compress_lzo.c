// SPDX-License-Identifier: GPL-2.0-or-later
/* LZO1X-1 (lzo1x_1_compress), as makedumpfile -l; built only with lzo2. */
#include <lzo/lzo1x.h>
#include <stdlib.h>

#include "sievedump/compress.h"
#include "sievedump/kdump_format.h"

static size_t
lzo_bound(size_t len)
{
	return len + len / 16 + 64 + 3;	/* LZO1X worst case */
}

static uint64_t
lzo_ctx_estimate(size_t page_size)
{
	(void)page_size;
	return LZO1X_1_MEM_COMPRESS;
}

static sd_status
lzo_ctx_new(size_t page_size, void **ret, struct sd_err *err)
{
	void *wrkmem;

	(void)page_size;
	if (lzo_init() != LZO_E_OK)
		return sd_fail(err, SD_ERR_SYSTEM, "lzo_init failed");
	wrkmem = malloc(LZO1X_1_MEM_COMPRESS);
	if (!wrkmem)
		return sd_fail(err, SD_ERR_NOMEM, "out of memory");
	*ret = wrkmem;
	return SD_OK;
}

static void
lzo_ctx_free(void *ctx)
{
	free(ctx);
}

static sd_status
lzo_compress(void *ctx, const void *in, size_t len, void *out, size_t cap,
	     size_t *out_len)
{
	lzo_uint got = cap;
	int rc = lzo1x_1_compress(in, len, out, &got, ctx);

	*out_len = got;
	if (rc != LZO_E_OK || got >= len)
		return SD_INCOMPRESSIBLE;
	return SD_OK;
}

static sd_status
lzo_decompress(void *ctx, const void *in, size_t in_len, void *out,
	       size_t out_len, struct sd_err *err)
{
	lzo_uint got = out_len;
	int rc = lzo1x_decompress_safe(in, in_len, out, &got, NULL);

	(void)ctx;
	if (rc != LZO_E_OK || got != out_len)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "LZO data does not decompress to %zu bytes (error %d)",
			       out_len, rc);
	return SD_OK;
}

const struct sd_compressor_ops sd_compress_lzo_ops = {
	.version = 1,
	.id = SD_COMPRESS_LZO,
	.name = "lzo",
	.dh_flag = SD_DUMP_DH_COMPRESSED_LZO,
	.bound = lzo_bound,
	.ctx_estimate = lzo_ctx_estimate,
	.ctx_new = lzo_ctx_new,
	.ctx_free = lzo_ctx_free,
	.compress = lzo_compress,
	.decompress = lzo_decompress,
};
