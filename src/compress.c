// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The compressor registry: the only file (with features.c) that knows
 * which optional compression libraries were built in.
 */
#include <dlfcn.h>
#include <stddef.h>
#include <string.h>

#include "sievedump/compress.h"
#include "sievedump/features.h"

/* Stock zlib first: it is -c's reference and reads every zlib stream. */
static const struct sd_compressor_ops *const registry[] = {
	&sd_compress_zlib_ops,
#ifdef HAVE_LIBDEFLATE
	&sd_compress_libdeflate_ops,
#endif
#ifdef HAVE_ISAL
	&sd_compress_isal_ops,
#endif
#ifdef HAVE_LZO
	&sd_compress_lzo_ops,
#endif
#ifdef HAVE_SNAPPY
	&sd_compress_snappy_ops,
#endif
#ifdef HAVE_ZSTD
	&sd_compress_zstd_ops,
#endif
};

const struct sd_compressor_ops *
sd_compressor_get(enum sd_compress c)
{
	size_t i;

	for (i = 0; i < sizeof(registry) / sizeof(registry[0]); i++)
		if (registry[i]->id == c)
			return registry[i];
	return NULL;
}

const struct sd_compressor_ops *
sd_compressor_pick(enum sd_compress c, enum sd_zlib_engine e)
{
	enum sd_zlib_engine want = sd_zlib_engine_resolve(e);
	size_t i;

	if (c != SD_COMPRESS_ZLIB)
		return sd_compressor_get(c);
	for (i = 0; i < sizeof(registry) / sizeof(registry[0]); i++)
		if (registry[i]->id == c && registry[i]->engine == want)
			return registry[i];
	return NULL;
}

const struct sd_compressor_ops *
sd_compressor_by_flag(uint32_t flag)
{
	size_t i;

	for (i = 0; i < sizeof(registry) / sizeof(registry[0]); i++)
		if (registry[i]->dh_flag == flag)
			return registry[i];
	return NULL;
}

sd_status
sd_compressor_missing(const char *name, struct sd_err *err)
{
	return sd_fail(err, SD_ERR_UNSUPPORTED,
		       "this sievedump was built without %s (configure --with-%s)",
		       name, name);
}

sd_status
sd_compressor_check(const struct sd_compressor_ops *ops, struct sd_err *err)
{
	return sd_ops_version_check("compressor", ops->name, ops->version,
				    SD_COMPRESSOR_OPS_VERSION, err);
}

sd_status
sd_cctx_init(struct sd_cctx *c, const struct sd_compressor_ops *ops,
	     size_t page_size, struct sd_budget *budget, struct sd_err *err)
{
	uint64_t need;
	sd_status st;

	/* on failure, as if never made: fini does nothing, init may retry */
	c->ops = NULL;
	c->priv = NULL;
	c->budget = budget;
	c->reserved = 0;
	st = sd_compressor_check(ops, err);
	if (st)
		return st;
	need = ops->ctx_estimate(page_size);
	st = sd_budget_reserve(budget, need, "compression context", err);
	if (st)
		return st;
	st = ops->ctx_new(page_size, &c->priv, err);
	if (st) {
		sd_budget_release(budget, need);
		return st;
	}
	c->ops = ops;
	c->reserved = need;
	return SD_OK;
}

void
sd_cctx_fini(struct sd_cctx *c)
{
	if (!c->ops)
		return;
	c->ops->ctx_free(c->priv);
	sd_budget_release(c->budget, c->reserved);
	c->ops = NULL;
	c->priv = NULL;
	c->reserved = 0;
}

sd_status
sd_lib_load(const char *soname, const char *const *names, size_t n,
	     sd_lib_fn **fns, void **handle, struct sd_err *err)
{
	void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	size_t i;

	if (!lib)
		return sd_fail(err, SD_ERR_UNSUPPORTED, "cannot load %s: %s",
			       soname, dlerror());
	for (i = 0; i < n; i++) {
		void *p = dlsym(lib, names[i]);

		if (!p) {
			dlclose(lib);
			return sd_fail(err, SD_ERR_UNSUPPORTED,
				       "%s has no %s", soname, names[i]);
		}
		/* POSIX: a data pointer from dlsym holds a function's address */
		memcpy(&fns[i], &p, sizeof(fns[i]));
	}
	*handle = lib;
	return SD_OK;
}

void
sd_lib_unload(void *handle)
{
	if (handle)
		dlclose(handle);
}
