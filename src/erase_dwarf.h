/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The erase resolver's types from -x's debug information (erase_dwarf.c). */
#ifndef SIEVEDUMP_ERASE_DWARF_H
#define SIEVEDUMP_ERASE_DWARF_H

#include <stdbool.h>
#include <stdint.h>

#include "sievedump/erase.h"

struct sd_dbg;

struct sd_erase_dwarf {
	struct sd_dbg *dbg;
	uint64_t kaslr;		/**< KERNELOFFSET */
	uint64_t image_size;	/**< x86_64: the image window KASLR moves */
	bool arm64;		/**< every symbol moves */
};

extern const struct sd_erase_types_ops sd_erase_dwarf_ops;

#endif
