// SPDX-License-Identifier: GPL-2.0-or-later
/* snappy (snappy_compress from snappy-c), as makedumpfile -p. */
#include <snappy-c.h>
#include <stdlib.h>

#include "sievedump/compress.h"
#include "sievedump/kdump_format.h"

static size_t
snappy_bound(size_t len)
{
	return snappy_max_compressed_length(len);
}

/* The library allocates its hash table (at most 16 KiB) per call. */
static uint64_t
snappy_ctx_estimate(size_t page_size)
{
	return (16u << 10) + snappy_max_compressed_length(page_size);
}

static sd_status
snappy_ctx_new(size_t page_size, void **ret, struct sd_err *err)
{
	(void)page_size;
	(void)err;
	*ret = NULL;	/* snappy-c keeps no state between calls */
	return SD_OK;
}

static void
snappy_ctx_free(void *ctx)
{
	(void)ctx;
}

static sd_status
snappy_page_compress(void *ctx, const void *in, size_t len, void *out,
		     size_t cap, size_t *out_len)
{
	size_t got = cap;
	snappy_status rc = snappy_compress(in, len, out, &got);

	(void)ctx;
	*out_len = got;
	if (rc != SNAPPY_OK || got >= len)
		return SD_INCOMPRESSIBLE;
	return SD_OK;
}

static sd_status
snappy_page_decompress(const void *in, size_t in_len, void *out,
		       size_t out_len, struct sd_err *err)
{
	size_t need = 0, got = out_len;

	if (snappy_uncompressed_length(in, in_len, &need) != SNAPPY_OK ||
	    need != out_len || snappy_uncompress(in, in_len, out, &got) !=
	    SNAPPY_OK || got != out_len)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "snappy data does not decompress to %zu bytes",
			       out_len);
	return SD_OK;
}

const struct sd_compressor_ops sd_compress_snappy_ops = {
	.id = SD_COMPRESS_SNAPPY,
	.name = "snappy",
	.dh_flag = SD_DUMP_DH_COMPRESSED_SNAPPY,
	.bound = snappy_bound,
	.ctx_estimate = snappy_ctx_estimate,
	.ctx_new = snappy_ctx_new,
	.ctx_free = snappy_ctx_free,
	.compress = snappy_page_compress,
	.decompress = snappy_page_decompress,
};
