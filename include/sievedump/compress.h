/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_COMPRESS_H
#define SIEVEDUMP_COMPRESS_H

/*
 * Per-page compressors of the kdump format (doc/format-kdump.md): zlib level 1 (zlib
 * wrapper), LZO1X-1, snappy, zstd level 1 (one frame).  One ops table each;
 * the registry (compress.c) is the only place that knows which were built.
 * -c has several engines (--zlib-engine): stock zlib, which writes
 * makedumpfile's bytes, and faster libraries (libdeflate, ISA-L) that
 * write other, equally valid zlib streams under the same page flag.
 *
 * A compression context is not thread-safe: each worker owns one.  Library
 * memory is reserved in the budget with ctx_estimate() when the context is
 * created (sd_cctx_init), so the planner can predict it.
 */

#include <stddef.h>
#include <stdint.h>

#include "sievedump/alloc.h"
#include "sievedump/features.h"
#include "sievedump/options.h"
#include "sievedump/status.h"

/** The version of struct sd_compressor_ops this build reads. */
#define SD_COMPRESSOR_OPS_VERSION 1

struct sd_compressor_ops {
	unsigned version;	/**< 1 */
	enum sd_compress id;
	const char *name;	/**< "zlib", "lzo", "snappy", "zstd" */
	/** -c: the library that writes the stream; AUTO for the others */
	enum sd_zlib_engine engine;
	uint32_t dh_flag;	/**< DUMP_DH_COMPRESSED_* bit */
	/** Output room compress() needs for @len input bytes. */
	size_t (*bound)(size_t len);
	/** Bytes one context takes (library state included); pure. */
	uint64_t (*ctx_estimate)(size_t page_size);
	sd_status (*ctx_new)(size_t page_size, void **ret, struct sd_err *err);
	void (*ctx_free)(void *ctx);
	/**
	 * Compress @len bytes into @out (@cap >= bound(@len)).  SD_OK only
	 * if the result is strictly smaller than @len (makedumpfile's rule);
	 * SD_INCOMPRESSIBLE otherwise, or if the library failed: the page is
	 * then stored raw.  Deterministic: same input, same bytes.
	 */
	sd_status (*compress)(void *ctx, const void *in, size_t len, void *out,
			      size_t cap, size_t *out_len);
	/**
	 * Decompress to exactly @out_len bytes, else SD_ERR_CORRUPT; @ctx is
	 * one of ctx_new's (sd_cctx_decompress).
	 */
	sd_status (*decompress)(void *ctx, const void *in, size_t in_len,
				void *out, size_t out_len, struct sd_err *err);
	/** decompress() needs a context (else it is given NULL). */
	bool decompress_ctx;
};

/**
 * The reference compressor for @c (stock zlib for -c); NULL for
 * SD_COMPRESS_NONE or when not built.
 */
const struct sd_compressor_ops *sd_compressor_get(enum sd_compress c);
/**
 * The compressor a dump uses for @c: for -c, the one of engine @e (AUTO:
 * sd_zlib_engine_resolve's); NULL for none or when not built.
 */
const struct sd_compressor_ops *sd_compressor_pick(enum sd_compress c,
						   enum sd_zlib_engine e);
/** The compressor whose page_desc flag is @flag; NULL if none or not built. */
const struct sd_compressor_ops *sd_compressor_by_flag(uint32_t flag);
/**
 * SD_OK if @ops has the SD_COMPRESSOR_OPS_VERSION this build reads;
 * checked before a table is used (sd_cctx_init, a kdump input's pages).
 */
sd_status sd_compressor_check(const struct sd_compressor_ops *ops,
			      struct sd_err *err) SD_MUST_CHECK;
/** Error for a compressor that is not in this build (by flag or enum). */
sd_status sd_compressor_missing(const char *name, struct sd_err *err);

/** A context with its memory reserved in a budget. */
struct sd_cctx {
	const struct sd_compressor_ops *ops;
	void *priv;
	struct sd_budget *budget;
	uint64_t reserved;
};

sd_status sd_cctx_init(struct sd_cctx *c, const struct sd_compressor_ops *ops,
		       size_t page_size, struct sd_budget *budget,
		       struct sd_err *err) SD_MUST_CHECK;
void sd_cctx_fini(struct sd_cctx *c);

static inline sd_status
sd_cctx_compress(struct sd_cctx *c, const void *in, size_t len, void *out,
		 size_t cap, size_t *out_len)
{
	return c->ops->compress(c->priv, in, len, out, cap, out_len);
}

static inline sd_status
sd_cctx_decompress(struct sd_cctx *c, const void *in, size_t in_len,
		   void *out, size_t out_len, struct sd_err *err)
{
	return c->ops->decompress(c->priv, in, in_len, out, out_len, err);
}

/** A library's functions, dlopen()ed (sd_lib_load). */
typedef void sd_lib_fn(void);

/**
 * dlopen @soname and look up @n functions named @names into @fns; @handle
 * is for sd_lib_unload.  The -c engines load their library with each
 * context (the loader counts references), so a run that does not use one
 * never maps it.
 */
sd_status sd_lib_load(const char *soname, const char *const *names, size_t n,
		      sd_lib_fn **fns, void **handle, struct sd_err *err)
	SD_MUST_CHECK;
void sd_lib_unload(void *handle);

/** zlib's uncompress() of one page: every -c engine's stream reads so. */
sd_status sd_zlib_decompress(void *ctx, const void *in, size_t in_len,
			     void *out, size_t out_len, struct sd_err *err);

/** Adler-32 of @len bytes, continuing @adler (1 to start): zlib's adler32(). */
uint32_t sd_adler32(uint32_t adler, const uint8_t *p, size_t len);

/* The built-in tables (compress_*.c); use the registry to find them. */
extern const struct sd_compressor_ops sd_compress_zlib_ops;
extern const struct sd_compressor_ops sd_compress_lzo_ops;
extern const struct sd_compressor_ops sd_compress_snappy_ops;
extern const struct sd_compressor_ops sd_compress_zstd_ops;
extern const struct sd_compressor_ops sd_compress_libdeflate_ops;
extern const struct sd_compressor_ops sd_compress_isal_ops;

#endif
