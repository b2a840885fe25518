// SPDX-License-Identifier: GPL-2.0-or-later
/* What this build contains: the only place that tests HAVE_* for features. */
#include <dlfcn.h>

#include "sievedump/debuginfo.h"
#include "sievedump/features.h"

#define SD_RELEASE_DATE "22 Nov 2026"

const char *
sd_release_date(void)
{
	return SD_RELEASE_DATE;
}

bool
sd_compress_built(enum sd_compress c)
{
	switch (c) {
	case SD_COMPRESS_NONE:
	case SD_COMPRESS_ZLIB:
		return true;
	case SD_COMPRESS_LZO:
#ifdef HAVE_LZO
		return true;
#else
		return false;
#endif
	case SD_COMPRESS_SNAPPY:
#ifdef HAVE_SNAPPY
		return true;
#else
		return false;
#endif
	case SD_COMPRESS_ZSTD:
#ifdef HAVE_ZSTD
		return true;
#else
		return false;
#endif
	}
	return false;
}

bool
sd_zlib_engine_built(enum sd_zlib_engine e)
{
	switch (e) {
	case SD_ZLIB_ENGINE_AUTO:
	case SD_ZLIB_ENGINE_ZLIB:
		return true;
	case SD_ZLIB_ENGINE_LIBDEFLATE:
#ifdef HAVE_LIBDEFLATE
		return true;
#else
		return false;
#endif
	case SD_ZLIB_ENGINE_ISAL:
#ifdef HAVE_ISAL
		return true;
#else
		return false;
#endif
	}
	return false;
}

/*
 * Can the dlopen()ed library be loaded here?  A capture initramfs made by
 * copying the binary and what ldd lists (dracut, mkinitramfs hooks, the
 * QEMU harness) lacks it; the dump must not fail for that.
 */
static bool
loads(const char *soname)
{
	void *h = dlopen(soname, RTLD_LAZY | RTLD_LOCAL);

	if (h)
		dlclose(h);
	return h != NULL;
}

const char *
sd_compress_unloadable(enum sd_compress c)
{
#ifdef HAVE_SNAPPY
	if (c == SD_COMPRESS_SNAPPY && !loads(SNAPPY_SONAME))
		return SNAPPY_SONAME;
#endif
	(void)c;
	(void)loads;
	return NULL;
}

/* -x and -g: libdw (debuginfo.c dlopen()s it with each vmlinux). */
bool
sd_dbg_built(void)
{
#ifdef HAVE_LIBDW
	return true;
#else
	return false;
#endif
}

const char *
sd_dbg_unloadable(void)
{
#ifdef HAVE_LIBDW
	if (!loads(LIBDW_SONAME))
		return LIBDW_SONAME;
#endif
	return NULL;
}

bool
sd_zlib_engine_loadable(enum sd_zlib_engine e)
{
	if (!sd_zlib_engine_built(e))
		return false;
#ifdef HAVE_LIBDEFLATE
	if (e == SD_ZLIB_ENGINE_LIBDEFLATE)
		return loads(LIBDEFLATE_SONAME);
#endif
#ifdef HAVE_ISAL
	if (e == SD_ZLIB_ENGINE_ISAL)
		return loads(ISAL_SONAME);
#endif
	(void)loads;
	return true;
}

/*
 * AUTO: the fastest engine built whose output stays within 3% of stock
 * zlib's (bench/README.md, "-c engines"): libdeflate level 1, when it
 * loads.  ISA-L's levels wrote 3.3-4% more on a real dump's -d 31 pages,
 * so it is chosen only by name; without libdeflate, AUTO is stock zlib.
 */
enum sd_zlib_engine
sd_zlib_engine_resolve(enum sd_zlib_engine e)
{
	if (e != SD_ZLIB_ENGINE_AUTO)
		return e;
	if (sd_zlib_engine_loadable(SD_ZLIB_ENGINE_LIBDEFLATE))
		return SD_ZLIB_ENGINE_LIBDEFLATE;
	return SD_ZLIB_ENGINE_ZLIB;
}

const char *
sd_zlib_engine_name(enum sd_zlib_engine e)
{
	static const char *const names[] = { "auto", "zlib", "libdeflate",
					     "isal" };

	return (unsigned)e < 4 ? names[e] : "?";
}

bool
sd_backend_built(enum sd_backend_choice b)
{
	if (b == SD_BACKEND_ROARING) {
#ifdef HAVE_ROARING
		return true;
#else
		return false;
#endif
	}
	return true;
}

const char *
sd_compress_name(enum sd_compress c)
{
	static const char *const names[] = { "none", "zlib", "lzo", "snappy",
					     "zstd" };

	return (unsigned)c < 5 ? names[c] : "?";
}

const char *
sd_backend_name(enum sd_backend_choice b)
{
	static const char *const names[] = { "auto", "plain", "roaring",
					     "extent" };

	return (unsigned)b < 4 ? names[b] : "?";
}

void
sd_features_print(FILE *out, const char *progname)
{
	static const enum sd_compress comp[] = {
		SD_COMPRESS_LZO, SD_COMPRESS_SNAPPY, SD_COMPRESS_ZSTD };
	static const enum sd_backend_choice be[] = {
		SD_BACKEND_PLAIN, SD_BACKEND_EXTENT, SD_BACKEND_ROARING };
	static const enum sd_zlib_engine ze[] = {
		SD_ZLIB_ENGINE_LIBDEFLATE, SD_ZLIB_ENGINE_ISAL };
	size_t i;

	fprintf(out, "%s: version %s (sievedump, released on %s)\n",
		progname, PACKAGE_VERSION, SD_RELEASE_DATE);
	for (i = 0; i < sizeof(comp) / sizeof(comp[0]); i++)
		fprintf(out, "%s\t%s\n", sd_compress_name(comp[i]),
			sd_compress_built(comp[i]) ? "enabled" : "disabled");
	for (i = 0; i < sizeof(ze) / sizeof(ze[0]); i++)
		fprintf(out, "%s\t%s\n", sd_zlib_engine_name(ze[i]),
			sd_zlib_engine_built(ze[i]) ? "enabled" : "disabled");
	fprintf(out, "zlib engine\t%s\n",
		sd_zlib_engine_name(sd_zlib_engine_resolve(SD_ZLIB_ENGINE_AUTO)));
	for (i = 0; i < sizeof(be) / sizeof(be[0]); i++)
		fprintf(out, "backend %s\t%s\n", sd_backend_name(be[i]),
			sd_backend_built(be[i]) ? "enabled" : "disabled");
	/* -x and -g: elfutils' libdw (dlopen()ed; debuginfo.c) */
	fprintf(out, "libdw\t%s\n", sd_dbg_built() ? "enabled" : "disabled");
	fprintf(out, "\n");
}
