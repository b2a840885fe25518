/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_UNREADABLE_H
#define SIEVEDUMP_UNREADABLE_H

/* unreadable.c: reading pages when some of the input cannot be read. */

#include <stdbool.h>
#include <stdint.h>

#include "sievedump/status.h"

struct sd_job;
struct sd_source;

/** Told of page @i of a salvaged read that the input could not give. */
typedef void sd_bad_page_fn(void *ctx, uint64_t i, const struct sd_err *why);
/**
 * Read @n pages at @pfn; when a page cannot be read (EIO, past the end of
 * a truncated file) the batch is read again page by page, each such page
 * is filled with the byte @fill and passed to @on_bad (may be NULL).  Any
 * other error is returned.
 */
sd_status sd_read_pages_salvage(struct sd_source *src, uint64_t pfn,
				uint64_t n, void *buf, int fill,
				sd_bad_page_fn *on_bad, void *ctx,
				struct sd_err *err) SD_MUST_CHECK;
/**
 * Read @n pages at @pfn; pages the input cannot give (EIO, past the end of
 * a truncated file) are set in @bad[0..n), zero-filled in @buf (never to be
 * written), warned about and counted in job->sieve.unreadable_pages; *@nbad
 * gets their number.  Any other error is returned.
 */
sd_status sd_job_read_pages(struct sd_job *job, uint64_t pfn, uint64_t n,
			    void *buf, bool *bad, uint64_t *nbad,
			    struct sd_err *err) SD_MUST_CHECK;

#endif
