// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * snappy (snappy-c's snappy_compress), as makedumpfile -p.  libsnappy is
 * C++ and brings libstdc++ and libgcc_s with it (about 2.3 MiB that every
 * capture initramfs would carry), so it is dlopen()ed with each context
 * (SNAPPY_SONAME, from configure), like the -c engines: a run that does not
 * write or read snappy pages does not map it, and an initramfs that lacks
 * it refuses -p when the options are read (features.c).
 */
#include <snappy-c.h>
#include <stdlib.h>

#include "sievedump/compress.h"
#include "sievedump/kdump_format.h"

/* The functions used, with snappy-c.h's types. */
enum { F_COMPRESS, F_ULEN, F_UNCOMPRESS, NFN };
static const char *const fn_names[NFN] = {
	"snappy_compress", "snappy_uncompressed_length", "snappy_uncompress" };
typedef snappy_status compress_fn(const char *in, size_t n, char *out,
				  size_t *out_len);
typedef snappy_status ulen_fn(const char *in, size_t n, size_t *ret);
typedef snappy_status uncompress_fn(const char *in, size_t n, char *out,
				    size_t *out_len);

struct snappy_ctx {
	void *lib;
	sd_lib_fn *fn[NFN];
};

/*
 * snappy's worst case for @len input bytes is 32 + len + len / 6
 * (doc/format-kdump.md, "snappy"), computed here so that the bound needs
 * no library.
 */
static size_t
snappy_bound(size_t len)
{
	return 32 + len + len / 6;
}

/*
 * The library allocates its hash table (at most 16 KiB) per call.  Loaded
 * and used once, libsnappy with libstdc++, libgcc_s and libm (sievedump
 * itself does not link libm) adds 1.5-1.6 MiB to VmRSS (Debian 12 x86_64;
 * 1.2 MiB when libm was mapped already): 1.75 MiB is charged for it with
 * each context; the loader maps the libraries once, so a second context
 * overstates, safely.
 */
static uint64_t
snappy_ctx_estimate(size_t page_size)
{
	return (1792u << 10) + (16u << 10) + snappy_bound(page_size);
}

static void
snappy_ctx_free(void *ctx)
{
	struct snappy_ctx *c = ctx;

	if (!c)
		return;
	sd_lib_unload(c->lib);
	free(c);
}

static sd_status
snappy_ctx_new(size_t page_size, void **ret, struct sd_err *err)
{
	struct snappy_ctx *c = calloc(1, sizeof(*c));
	sd_status st;

	(void)page_size;
	if (!c)
		return sd_fail(err, SD_ERR_NOMEM, "out of memory");
	st = sd_lib_load(SNAPPY_SONAME, fn_names, NFN, c->fn, &c->lib, err);
	if (st) {
		free(c);
		return st;
	}
	*ret = c;
	return SD_OK;
}

static sd_status
snappy_page_compress(void *ctx, const void *in, size_t len, void *out,
		     size_t cap, size_t *out_len)
{
	struct snappy_ctx *c = ctx;
	size_t got = cap;
	snappy_status rc = ((compress_fn *)c->fn[F_COMPRESS])(in, len, out,
							      &got);

	*out_len = got;
	if (rc != SNAPPY_OK || got >= len)
		return SD_INCOMPRESSIBLE;
	return SD_OK;
}

static sd_status
snappy_page_decompress(void *ctx, const void *in, size_t in_len, void *out,
		       size_t out_len, struct sd_err *err)
{
	struct snappy_ctx *c = ctx;
	size_t need = 0, got = out_len;

	if (((ulen_fn *)c->fn[F_ULEN])(in, in_len, &need) != SNAPPY_OK ||
	    need != out_len ||
	    ((uncompress_fn *)c->fn[F_UNCOMPRESS])(in, in_len, out, &got) !=
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
	.decompress_ctx = true,
};
