/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One output's place in the erase list (erase_apply.c, erase_output.c). */
#ifndef SIEVEDUMP_ERASE_CURSOR_H
#define SIEVEDUMP_ERASE_CURSOR_H

#include <stdint.h>

#include "sievedump/erase.h"

/** The rest of a range that ran past the end of a buffer. */
struct sd_erase_pending {
	size_t idx;
	uint64_t pos, left;
};

struct sd_erase_cursor {
	uint64_t key_start, key_end;	/**< the output it belongs to */
	uint8_t *state;			/**< per range: untouched, pending, done */
	int64_t *sizes;			/**< per node and slot: bytes, -1 nullify */
	uint8_t *erased;		/**< per node: something was erased */
	struct sd_erase_pending *pend;	/**< sorted by range index */
	size_t npend, pend_cap;
};

struct sd_erase_cursor *sd_erase_cursor_find(const struct sd_erase *e,
					     uint64_t ks, uint64_t ke);

#endif
