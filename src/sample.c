// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The planner's sample: k chunks of 65536 pfns, evenly spaced over memory
 * (systematic sampling, doc roaring-costmodel.md 6), each scanned exactly
 * as the real scan would, into a small temporary set.  Also a few kept pages
 * of each chunk are read to estimate the share of zero pages.
 */
#include <string.h>
#include <time.h>

#include "sievedump/page.h"
#include "sievedump/job.h"
#include "sievedump/plan.h"

enum { CHUNK = 65536, SAMPLE_CHUNKS = 64, PAGES_PER_CHUNK = 8 };

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Members, runs and run starts of @set inside [a, b). */
static void
shape_of(const struct sd_pageset *set, uint64_t a, uint64_t b,
	 struct sd_plan_chunk *c)
{
	struct sd_range r;
	uint64_t from = a;

	memset(c, 0, sizeof(*c));
	while (from < b && set->ops->next_run(set, from, &r) && r.start < b) {
		uint64_t e = r.end < b ? r.end : b;

		c->members += (uint32_t)(e - r.start);
		c->runs++;
		c->starts++;	/* a run entering from the previous chunk counts:
				 * an overestimate of at most one per chunk */
		from = e;
	}
}

/* Read a few kept pages of the chunk; count the zero ones. */
static sd_status
peek_pages(struct sd_job *job, const struct sd_pageset *set, uint64_t a,
	   uint64_t b, uint64_t *read_ret, uint64_t *zero_ret,
	   struct sd_err *err)
{
	uint8_t page[65536];
	uint64_t step = (b - a) / PAGES_PER_CHUNK, pfn;
	struct sd_range r;
	sd_status st;

	if (job->src->page_size > sizeof(page))
		return SD_OK;
	for (pfn = a; pfn < b; pfn += step ? step : 1) {
		if (!set->ops->next_run(set, pfn, &r) || r.start >= b)
			break;
		st = sd_source_read_pages(job->src, r.start, 1, page, err);
		if (st)
			return st;
		(*read_ret)++;
		*zero_ret += sd_page_is_zero(page, job->src->page_size);
		pfn = r.start;
	}
	return SD_OK;
}

static sd_status
sample_chunk(struct sd_job *job, uint64_t a, uint64_t b,
	     struct sd_plan_chunk *c, uint64_t *read, uint64_t *zero,
	     struct sd_err *err)
{
	struct sd_pageset set = { 0 };
	struct sd_scan_carry carry = { 0 };
	struct sd_scan_stats stats = { 0 };
	sd_status st;

	st = sd_job_build_dump(job, &sd_pageset_plain_ops, a, b, &set, err);
	if (!st && job->vmci)
		st = sd_scan_memmap(&job->mm, &job->rules, &job->present, &set,
				    a, b, &carry, &stats, NULL, NULL, err);
	if (!st) {
		shape_of(&set, a, b, c);
		if (job->dump_level & 1)
			st = peek_pages(job, &set, a, b, read, zero, err);
	}
	sd_pageset_release(&set);
	return st;
}

sd_status
sd_job_sample(struct sd_job *job, struct sd_plan_input *in,
	      struct sd_err *err)
{
	uint64_t k, i, read = 0, zero = 0, pages = 0, step;
	double t0 = now(), dt;
	sd_status st = SD_OK;

	in->chunks_total = (job->max_mapnr + CHUNK - 1) / CHUNK;
	k = in->chunks_total < SAMPLE_CHUNKS ? in->chunks_total : SAMPLE_CHUNKS;
	step = in->chunks_total / (k ? k : 1);
	for (i = 0; !st && i < k; i++) {
		/* systematic: every step-th chunk, from the middle of a step */
		uint64_t c = i * step + step / 2;
		uint64_t a = c * CHUNK;
		uint64_t b = a + CHUNK < job->max_mapnr ? a + CHUNK : job->max_mapnr;

		st = sample_chunk(job, a, b, &in->sample[i], &read, &zero, err);
		pages += job->present.ops->count(&job->present, a, b);
	}
	if (st)
		return sd_wrap(err, st, "sampling the page scan");
	in->nsample = (uint32_t)k;
	dt = now() - t0;
	if (dt > 0 && pages > 1000000)	/* enough to be more than noise */
		in->scan_rate = (double)pages * in->struct_page_size / dt;
	in->zero_fraction = read ? (double)zero / (double)read : 0;
	return SD_OK;
}
