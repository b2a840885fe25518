/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_PAGE_H
#define SIEVEDUMP_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** All-zero test of a page (dump level bit 0), a word at a time. */
static inline bool
sd_page_is_zero(const void *page, size_t len)
{
	const uint64_t *w = page;
	size_t i;

	for (i = 0; i < len / 8; i++)
		if (w[i])
			return false;
	return true;
}

#endif
