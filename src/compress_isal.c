// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -c written by ISA-L's igzip (--zlib-engine isal): one zlib (RFC 1950)
 * stream per page from isal_deflate_stateless() with the zlib wrapper
 * (IGZIP_ZLIB), read back with stock zlib's uncompress() like any other.
 *
 * The level is fixed (bench/README.md, "-c engines").  igzip picks its
 * code for the CPU at run time; one machine always writes the same bytes
 * for the same page, whatever the threads, but another CPU generation may
 * write other (equally valid) bytes.  libisal is dlopen()ed with each
 * context (ISAL_SONAME, from configure): runs that do not use it do not
 * map it.
 */
#include <stdlib.h>
#include <isa-l/igzip_lib.h>
#include <zlib.h>

#include "sievedump/compress.h"
#include "sievedump/kdump_format.h"

enum { LEVEL = 1 };

/* The functions used, with the header's types. */
enum { F_INIT, F_DEFLATE, NFN };
static const char *const fn_names[NFN] = {
	"isal_deflate_stateless_init", "isal_deflate_stateless" };
typedef void init_fn(struct isal_zstream *zs);
typedef int deflate_fn(struct isal_zstream *zs);

struct isal_ctx {
	struct isal_zstream zs;
	void *lib;
	sd_lib_fn *fn[NFN];
	uint8_t *level_buf;
	uint32_t level_buf_size;
};

static size_t
isal_bound(size_t len)
{
	return compressBound((uLong)len);
}

/*
 * Level buffer: its hash tables and one 4-byte token per input byte at
 * most (a page of 16 KiB or less: the "small" size of 16 Ki tokens).
 */
static uint32_t
level_buf_size(size_t page_size)
{
	static const uint32_t small[] = {
		ISAL_DEF_LVL0_SMALL, ISAL_DEF_LVL1_SMALL, ISAL_DEF_LVL2_SMALL,
		ISAL_DEF_LVL3_SMALL };
	static const uint32_t large[] = {
		ISAL_DEF_LVL0_EXTRA_LARGE, ISAL_DEF_LVL1_EXTRA_LARGE,
		ISAL_DEF_LVL2_EXTRA_LARGE, ISAL_DEF_LVL3_EXTRA_LARGE };

	return page_size <= (16u << 10) ? small[LEVEL] : large[LEVEL];
}

/*
 * The stream with its state, the level buffer, malloc's headers, and the
 * library once loaded (184 KiB resident measured, the loader's records).
 */
static uint64_t
isal_ctx_estimate(size_t page_size)
{
	return sizeof(struct isal_ctx) + level_buf_size(page_size) + 4096 +
	       (224u << 10);
}

static void
isal_ctx_free(void *ctx)
{
	struct isal_ctx *c = ctx;

	if (!c)
		return;
	sd_lib_unload(c->lib);
	free(c->level_buf);
	free(c);
}

static sd_status
isal_ctx_new(size_t page_size, void **ret, struct sd_err *err)
{
	struct isal_ctx *c = calloc(1, sizeof(*c));
	sd_status st;

	if (!c)
		return sd_fail(err, SD_ERR_NOMEM, "out of memory");
	st = sd_lib_load(ISAL_SONAME, fn_names, NFN, c->fn, &c->lib, err);
	if (st) {
		free(c);
		return st;
	}
	c->level_buf_size = level_buf_size(page_size);
	if (c->level_buf_size) {
		c->level_buf = malloc(c->level_buf_size);
		if (!c->level_buf) {
			isal_ctx_free(c);
			return sd_fail(err, SD_ERR_NOMEM,
				       "ISA-L: no memory for a level %d buffer",
				       LEVEL);
		}
	}
	*ret = c;
	return SD_OK;
}

/* Room for len - 1 bytes at most: a page that does not shrink is raw. */
static sd_status
isal_compress(void *ctx, const void *in, size_t len, void *out, size_t cap,
	      size_t *out_len)
{
	struct isal_ctx *c = ctx;
	struct isal_zstream *zs = &c->zs;
	size_t room = cap < len ? cap : len - 1;
	int rc;

	if (len == 0 || len > UINT32_MAX)
		return SD_INCOMPRESSIBLE;
	((init_fn *)c->fn[F_INIT])(zs);
	zs->level = LEVEL;
	zs->level_buf = c->level_buf;
	zs->level_buf_size = c->level_buf_size;
	zs->gzip_flag = IGZIP_ZLIB;
	zs->end_of_stream = 1;
	zs->flush = NO_FLUSH;
	zs->next_in = (uint8_t *)in;
	zs->avail_in = (uint32_t)len;
	zs->next_out = out;
	zs->avail_out = (uint32_t)room;
	rc = ((deflate_fn *)c->fn[F_DEFLATE])(zs);
	if (rc != COMP_OK || zs->avail_in != 0 ||
	    zs->internal_state.state != ZSTATE_END)
		return SD_INCOMPRESSIBLE;
	*out_len = zs->total_out;
	return SD_OK;
}

const struct sd_compressor_ops sd_compress_isal_ops = {
	.version = 1,
	.id = SD_COMPRESS_ZLIB,
	.name = "zlib",
	.engine = SD_ZLIB_ENGINE_ISAL,
	.dh_flag = SD_DUMP_DH_COMPRESSED_ZLIB,
	.bound = isal_bound,
	.ctx_estimate = isal_ctx_estimate,
	.ctx_new = isal_ctx_new,
	.ctx_free = isal_ctx_free,
	.compress = isal_compress,
	.decompress = sd_zlib_decompress,
};
