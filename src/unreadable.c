// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unreadable pages of the input (EIO from /proc/vmcore or a network or
 * FUSE file, pages past the end of a truncated vmcore).  A large read
 * that spans a bad page fails as a whole, so the batch is read again page
 * by page to isolate the bad ones.  The writers leave a bad page out of
 * the dump: it is never written as zeros as if it were the real content.
 * The first few are named in warnings (file, file offset, pfn), and the
 * count goes into the report; the dump is then marked incomplete and the
 * exit code is 1 (doc/compat.md, "Unreadable pages").
 */
#include <inttypes.h>
#include <string.h>

#include "sievedump/job.h"
#include "sievedump/unreadable.h"

enum { WARN_FIRST = 5 };	/* bad pages named one by one */

static void
note_bad(struct sd_job *job, uint64_t pfn, const struct sd_err *why)
{
	if (!job->sieve.unreadable_pages)
		job->sieve.first_unreadable_pfn = pfn;
	job->sieve.unreadable_pages++;
	if (job->sieve.unreadable_pages <= WARN_FIRST)
		sd_msg(job->log,
		       "WARNING: pfn 0x%" PRIx64 " is unreadable and left out of the dump: %s\n",
		       pfn, why->msg);
	else if (job->sieve.unreadable_pages == WARN_FIRST + 1)
		sd_msg(job->log,
		       "WARNING: more unreadable pages; the count follows at the end\n");
}

sd_status
sd_read_pages_salvage(struct sd_source *src, uint64_t pfn, uint64_t n,
		      void *buf, int fill, sd_bad_page_fn *on_bad, void *ctx,
		      struct sd_err *err)
{
	uint8_t *p = buf;
	size_t psz = src->page_size;
	struct sd_err e1;
	uint64_t i;
	sd_status st;

	st = sd_source_read_pages(src, pfn, n, buf, err);
	if (st != SD_ERR_UNREADABLE)
		return st;
	for (i = 0; i < n; i++) {
		sd_err_clear(&e1);
		st = sd_source_read_pages(src, pfn + i, 1, p + i * psz, &e1);
		if (st == SD_ERR_UNREADABLE) {
			memset(p + i * psz, fill, psz);
			if (on_bad)
				on_bad(ctx, i, &e1);
			continue;
		}
		if (st) {
			*err = e1;
			return st;
		}
	}
	return SD_OK;
}

struct job_bad {
	struct sd_job *job;
	uint64_t pfn;
	bool *bad;
	uint64_t *nbad;
};

static void
job_bad_page(void *ctx, uint64_t i, const struct sd_err *why)
{
	struct job_bad *b = ctx;

	b->bad[i] = true;
	(*b->nbad)++;
	note_bad(b->job, b->pfn + i, why);
}

sd_status
sd_job_read_pages(struct sd_job *job, uint64_t pfn, uint64_t n, void *buf,
		  bool *bad, uint64_t *nbad, struct sd_err *err)
{
	struct job_bad b = { job, pfn, bad, nbad };

	*nbad = 0;
	memset(bad, 0, (size_t)n * sizeof(*bad));
	return sd_read_pages_salvage(job->model.src, pfn, n, buf, 0,
				     job_bad_page, &b, err);
}
