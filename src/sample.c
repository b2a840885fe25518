// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The planner's sample: k chunks of 65536 pfns, evenly spaced over the
 * chunks that hold RAM (systematic sampling), each scanned exactly
 * as the real scan would, into a small temporary set.  Also a few kept pages
 * of each chunk are read to estimate the share of zero pages.  The free
 * runs the scan hands over are counted as -e would judge them
 * (doc/exclude-vmemmap.md), and --plan also compresses the pages it reads,
 * and one vmemmap page of free memory per chunk, to measure the ratios.
 */
#include <string.h>
#include <time.h>

#include "sievedump/compress.h"
#include "sievedump/job.h"
#include "sievedump/job_open.h"
#include "sievedump/options.h"
#include "sievedump/page.h"
#include "sievedump/plan.h"
#include "sievedump/sample.h"
#include "sievedump/sample_memmap.h"
#include "sievedump/vtop.h"

/* PAGES_PER_CHUNK kept pages read per chunk, more on a machine of fewer
 * than SAMPLE_CHUNKS chunks (PAGES_READ in all) */
enum { CHUNK = 65536, SAMPLE_CHUNKS = 64, PAGES_PER_CHUNK = 8,
       PAGES_READ = SAMPLE_CHUNKS * PAGES_PER_CHUNK };
/* bytes compressed before the measured speed replaces the built-in one */
#define MIN_METERED (64.0 * 4096)

/* What the pages read by the sample showed. */
struct peek {
	double read, zero;		/* kept pages read, zero ones (weighted) */
	struct sd_cctx cctx;		/* --plan: the dump's compressor */
	uint8_t *out;			/* its output, out_cap bytes */
	size_t out_cap;
	double in, packed;		/* non-zero kept pages: bytes in, out */
	uint64_t vm_in, vm_packed;	/* vmemmap pages of free memory */
	uint64_t map_min;		/* smallest vmemmap mapping met */
	double pack_s, pack_bytes;	/* time in the compressor, bytes fed */
	double peek_s;			/* time in page reads and compression */
	uint64_t per_chunk;		/* kept pages to read per chunk */
	const struct sd_memmap_phys *mp;	/* the mem_map's pages, or NULL */
};

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

/* Bytes @page compresses to with the dump's compressor (raw if it grows). */
static uint64_t
packed_size(struct peek *pk, const uint8_t *page, size_t len)
{
	size_t out = len;
	double t0 = now();

	if (sd_cctx_compress(&pk->cctx, page, len, pk->out, pk->out_cap,
			     &out) != SD_OK)
		out = len;
	pk->pack_s += now() - t0;
	pk->pack_bytes += (double)len;
	return out;
}

/* The @n-th kept pfn of @set from @from (0-based), in *pfn; false: none. */
static bool
nth_kept(const struct sd_pageset *set, uint64_t from, uint64_t b, uint64_t n,
	 uint64_t *pfn)
{
	struct sd_range r;

	while (set->ops->next_run(set, from, &r) && r.start < b) {
		uint64_t e = r.end < b ? r.end : b;

		if (n < e - r.start) {
			*pfn = r.start + n;
			return true;
		}
		n -= e - r.start;
		from = e;
	}
	return false;
}

/* Counts of one read page into the chunk's tallies @t (read, zero, in,
 * packed). */
static void
tally_page(struct peek *pk, const uint8_t *page, size_t len, double *t)
{
	t[0]++;
	if (sd_page_is_zero(page, len))
		t[1]++;
	else if (pk->out) {
		t[2] += (double)len;
		t[3] += (double)packed_size(pk, page, len);
	}
}

/*
 * Read kept pages of the chunk evenly spread over its @members kept pfns
 * (systematic, so that every kept page is as likely); the chunk weighs in
 * by its members, so the shares hold for the whole machine.
 */
static sd_status
peek_pages(struct sd_job *job, const struct sd_pageset *set, uint64_t a,
	   uint64_t b, uint64_t members, struct peek *pk, struct sd_err *err)
{
	uint8_t page[65536];
	uint64_t n = members < pk->per_chunk ? members : pk->per_chunk;
	uint64_t j, pfn, from = a, done = 0;
	double t[4] = { 0 }, w;
	sd_status st;

	if (job->model.src->page_size > sizeof(page) || !n)
		return SD_OK;
	for (j = 0; j < n; j++) {
		uint64_t want = (2 * j + 1) * members / (2 * n);

		if (!nth_kept(set, from, b, want - done, &pfn))
			break;
		st = sd_source_read_pages(job->model.src, pfn, 1, page, err);
		if (st)
			return st;
		tally_page(pk, page, job->model.src->page_size, t);
		from = pfn;
		done = want;
	}
	w = t[0] ? (double)members / t[0] : 0;
	pk->read += w * t[0];
	pk->zero += w * t[1];
	pk->in += w * t[2];
	pk->packed += w * t[3];
	return SD_OK;
}

/*
 * The vmemmap page holding the struct page of @pfn (rounded up to a page):
 * the size of the mapping it is in, and with --plan how it compresses.
 * Unmapped or unreadable: nothing learnt, not an error.
 */
static void
peek_vmemmap(struct sd_job *job, uint64_t pfn, bool pack, struct peek *pk)
{
	long i = sd_memmap_find(&job->model.mm, pfn);
	const struct sd_memmap_range *r;
	uint64_t va, pa, msize = 4096;
	uint8_t page[4096];
	struct sd_err e = { 0 };

	if (i < 0 || (size_t)i >= job->model.mm.n_ranges || !job->model.mm.vt)
		return;
	r = &job->model.mm.ranges[i];
	if (pfn < r->pfn_start || pfn >= r->pfn_end)
		return;
	va = r->mem_map + (pfn - r->pfn_start) * job->model.mm.page_struct_size;
	va = (va + 4095) & ~4095ULL;
	if (sd_vtop(job->model.mm.vt, va, &pa, &msize, &e) != SD_OK)
		return;
	if (!pk->map_min || msize < pk->map_min)
		pk->map_min = msize;
	if (!pack || !pk->out || job->model.src->page_size != sizeof(page) ||
	    sd_source_read_pages(job->model.src, pa / sizeof(page), 1, page,
				 &e))
		return;
	pk->vm_in += sizeof(page);
	pk->vm_packed += packed_size(pk, page, sizeof(page));
}

/* The scan of [a, b) with -e's judge counting its free runs. */
static sd_status
scan_chunk(struct sd_job *job, uint64_t a, uint64_t b, struct sd_pageset *set,
	   struct sd_vmemmap *count, struct sd_err *err)
{
	struct sd_scan_carry carry = { 0 };
	struct sd_scan_stats stats = { 0 };
	bool judge = job->model.have_mm &&
		     job->model.mm.model != SD_MEM_FLATMEM &&
		     !job->model.mm.vmemmap;
	sd_status st;

	sd_vmemmap_init_count(count, &job->model.present, job->model.max_mapnr,
			      (uint32_t)job->model.mm.page_struct_size);
	if (judge)
		job->model.mm.vmemmap = count;
	st = sd_scan_memmap(&job->model.mm, &job->sieve.rules,
			    &job->model.present, set, a, b, &carry, &stats,
			    NULL, NULL, err);
	if (judge) {
		job->model.mm.vmemmap = NULL;
		if (!st)
			st = sd_vmemmap_finish(count, err);
	}
	return st;
}

static sd_status
sample_chunk(struct sd_job *job, uint64_t a, uint64_t b,
	     struct sd_plan_chunk *c, struct peek *pk, struct sd_err *err)
{
	struct sd_pageset set = { 0 };
	struct sd_vmemmap count = { 0 };
	sd_status st;

	st = sd_job_build_dump(job, &sd_pageset_plain_ops, a, b, &set, err);
	if (!st && job->model.vmci)
		st = scan_chunk(job, a, b, &set, &count, err);
	if (!st) {
		shape_of(&set, a, b, c);
		if (pk->mp)
			c->memmap_members = (uint32_t)sd_memmap_phys_members(
				pk->mp, &set, a, b);
		c->vm_pages = (uint32_t)count.stats.candidates;
		c->vm_ranges = (uint32_t)count.count_ranges;
		double t0 = now();

		if (job->model.have_mm && job->model.mm.model != SD_MEM_FLATMEM)
			peek_vmemmap(job, count.count_ranges ?
				     count.count_first : a,
				     count.count_ranges != 0, pk);
		if (job->dump_level & 1)
			st = peek_pages(job, &set, a, b, c->members, pk,
					err);
		pk->peek_s += now() - t0;
	}
	sd_pageset_release(&set);
	return st;
}

/* --plan: a context of the dump's compressor, to measure its ratios. */
static void
meter_begin(struct sd_job *job, struct peek *pk)
{
	const struct sd_compressor_ops *ops =
		sd_compressor_pick(job->opt->compress, job->opt->zlib_engine);
	struct sd_err e = { 0 };

	if (job->opt->mode != SD_MODE_PLAN || !ops)
		return;
	if (sd_cctx_init(&pk->cctx, ops, job->model.src->page_size,
			 &job->budget, &e))
		return;
	pk->out_cap = ops->bound(job->model.src->page_size);
	if (sd_balloc(&job->budget, pk->out_cap, 0, "--plan's compression test",
		      (void **)&pk->out, &e)) {
		pk->out = NULL;
		sd_cctx_fini(&pk->cctx);
	}
}

static void
meter_end(struct sd_job *job, struct peek *pk, struct sd_plan_input *in)
{
	if (pk->out) {
		sd_bfree(&job->budget, pk->out, pk->out_cap);
		sd_cctx_fini(&pk->cctx);
	}
	if (pk->in > 0)
		in->compress_ratio = pk->packed / pk->in;
	/* this machine's speed of the compressor, once enough went through */
	if (pk->pack_bytes >= MIN_METERED && pk->pack_s > 0)
		in->compress_rate = pk->pack_bytes / pk->pack_s;
	if (pk->vm_in)
		in->vmemmap_ratio = (double)pk->vm_packed / (double)pk->vm_in;
	in->vmemmap_map_bytes = pk->map_min;
	in->zero_fraction = pk->read > 0 ? pk->zero / pk->read : 0;
}

/* Pfns with RAM in chunk @c (its end capped at max_mapnr in *@b). */
static uint64_t
chunk_ram(struct sd_job *job, uint64_t c, uint64_t *a, uint64_t *b)
{
	*a = c * CHUNK;
	*b = *a + CHUNK < job->model.max_mapnr ? *a + CHUNK : job->model.max_mapnr;
	return job->model.present.ops->count(&job->model.present, *a, *b);
}

/* Chunks that hold RAM: a hole has nothing to sample. */
static uint64_t
ram_chunks(struct sd_job *job, uint64_t total)
{
	uint64_t c, a, b, n = 0;

	for (c = 0; c < total; c++)
		n += chunk_ram(job, c, &a, &b) != 0;
	return n;
}

/* The mem_map's pages, when not every chunk is sampled (sample_memmap.c). */
static sd_status
find_memmap(struct sd_job *job, uint64_t k, uint64_t K,
	    struct sd_memmap_phys *mp, struct peek *pk, struct sd_err *err)
{
	sd_status st;

	if (k >= K || !job->model.vmci)
		return SD_OK;
	st = sd_memmap_phys_find(job, mp, err);
	if (st)
		return sd_wrap(err, st, "finding the mem_map's pages");
	pk->mp = mp->known ? mp : NULL;
	return SD_OK;
}

/*
 * Systematic over the chunks with RAM: every step-th of them, from the
 * middle of a step; returns the pfns with RAM it scanned.
 */
static sd_status
sample_all(struct sd_job *job, struct sd_plan_input *in, uint64_t k,
	   struct peek *pk, uint64_t *pages, struct sd_err *err)
{
	uint64_t total = (job->model.max_mapnr + CHUNK - 1) / CHUNK;
	uint64_t step = in->chunks_total / (k ? k : 1), c, i = 0, j = 0;
	sd_status st = SD_OK;

	for (c = 0; !st && c < total && i < k; c++) {
		uint64_t a, b, ram = chunk_ram(job, c, &a, &b);

		if (!ram)
			continue;
		if (j++ != i * step + step / 2)
			continue;
		st = sample_chunk(job, a, b, &in->sample[i++], pk, err);
		*pages += ram;
	}
	in->nsample = (uint32_t)i;
	return st;
}

sd_status
sd_job_sample(struct sd_job *job, struct sd_plan_input *in,
	      struct sd_err *err)
{
	uint64_t k, pages = 0;
	double t0, dt;
	struct peek pk = { 0 };
	struct sd_memmap_phys mp = { 0 };
	sd_status st;

	in->chunks_total =
		ram_chunks(job, (job->model.max_mapnr + CHUNK - 1) / CHUNK);
	k = in->chunks_total < SAMPLE_CHUNKS ? in->chunks_total : SAMPLE_CHUNKS;
	pk.per_chunk = k && k < SAMPLE_CHUNKS ? PAGES_READ / k : PAGES_PER_CHUNK;
	st = find_memmap(job, k, in->chunks_total, &mp, &pk, err);
	if (st)
		return st;
	meter_begin(job, &pk);
	t0 = now();
	st = sample_all(job, in, k, &pk, &pages, err);
	dt = now() - t0 - pk.peek_s;	/* the scan alone */
	meter_end(job, &pk, in);
	in->memmap_pages = pk.mp ? mp.pages : 0;
	in->memmap_ranges = pk.mp ? mp.n : 0;
	sd_memmap_phys_free(job, &mp);
	if (st)
		return sd_wrap(err, st, "sampling the page scan");
	if (dt > 0 && pages > 1000000) {	/* enough to be more than noise */
		in->scan_rate = (double)pages * in->struct_page_size / dt;
		/* the copy reads from the same file as the scan, in large
		 * reads too; the scan also judges, so this errs slow */
		in->read_rate = in->scan_rate;
	}
	return SD_OK;
}
