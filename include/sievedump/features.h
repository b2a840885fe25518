/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_FEATURES_H
#define SIEVEDUMP_FEATURES_H

#include <stdbool.h>
#include <stdio.h>

#include "sievedump/options.h"

/** Was support for this compressor built in? */
bool sd_compress_built(enum sd_compress c);
/** Was this page-set backend built in? */
bool sd_backend_built(enum sd_backend_choice b);
/** Name of a compressor as on the command line help ("zlib", "lzo", ...). */
const char *sd_compress_name(enum sd_compress c);
const char *sd_backend_name(enum sd_backend_choice b);
/** "-v" output: version line, then one "name<TAB>enabled|disabled" line each. */
void sd_features_print(FILE *out, const char *progname);

#endif
