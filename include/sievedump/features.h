/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_FEATURES_H
#define SIEVEDUMP_FEATURES_H

#include <stdbool.h>
#include <stdio.h>

#include "sievedump/options.h"

/** Was support for this compressor built in? */
bool sd_compress_built(enum sd_compress c);
/**
 * The soname of a compressor's library that is dlopen()ed and cannot be
 * loaded here (snappy, in an initramfs that lacks it); NULL when @c can be
 * used (or was not built: sd_compress_built says that).
 */
const char *sd_compress_unloadable(enum sd_compress c);
/** Was this -c engine built in? (AUTO and stock zlib always are.) */
bool sd_zlib_engine_built(enum sd_zlib_engine e);
/** Can its library be loaded (libdeflate is dlopen()ed)? */
bool sd_zlib_engine_loadable(enum sd_zlib_engine e);
/**
 * The engine AUTO stands for in this build and on this system: libdeflate
 * when built and loadable, else stock zlib (others are returned as is).
 */
enum sd_zlib_engine sd_zlib_engine_resolve(enum sd_zlib_engine e);
/** Its --zlib-engine name: "auto", "zlib", "libdeflate", "isal". */
const char *sd_zlib_engine_name(enum sd_zlib_engine e);
/** Was this page-set backend built in? */
bool sd_backend_built(enum sd_backend_choice b);
/** Name of a compressor as on the command line help ("zlib", "lzo", ...). */
const char *sd_compress_name(enum sd_compress c);
const char *sd_backend_name(enum sd_backend_choice b);
/**
 * "-v" output: version line, then one "name<TAB>enabled|disabled" line
 * each, and "zlib engine<TAB>NAME": what -c writes with by default.
 */
void sd_features_print(FILE *out, const char *progname);
/** The release date -v and -D print. */
const char *sd_release_date(void);

#endif
