// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The memory-budget planner: a pure function from what we know about the
 * machine (size, a sample of the page scan, CPUs, compressor, budget) to
 * the page-set backend, cycles, threads and buffers, with predicted peak
 * memory, output size and time.  The model: doc/planner.md
 * (sections 4 and 6): unbiased estimators from systematically sampled
 * chunks, budgeted at upper confidence bounds.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sievedump/compress.h"
#include "sievedump/features.h"
#include "sievedump/memmap.h"
#include "sievedump/pageset.h"
#include "sievedump/pipeline.h"
#include "sievedump/plan.h"

#define SD_PLAN_MIN(a, b) ((a) < (b) ? (a) : (b))
#define SD_PLAN_MAX(a, b) ((a) > (b) ? (a) : (b))

enum {
	CHUNK_PFNS = 65536,
	/*
	 * RSS that no allocation of ours accounts for: the binary and its
	 * libraries as far as they are paged in, the main stack, stdio and
	 * malloc's own bookkeeping.  Measured as peak RSS minus what the
	 * accountant held, over every writer and compressor (doc/testing.md,
	 * "Budget floor"): 2.4-2.9 MiB with all optional libraries linked
	 * (snappy, dlopen()ed, is charged with its context), 0.1 MiB more or
	 * less from run to run, plus the compression library's code
	 * (lib_text); the budget grid checks that peak RSS stays within the
	 * budget with it.  Without libm mapped (the binary no longer links
	 * it) the base is about 0.35 MiB smaller: BASE_TYPICAL follows (the
	 * budget grid's predictions moved by 355 KiB on average), BASE_RSS
	 * stays an upper bound.
	 */
	BASE_RSS = 3328 << 10,
	BASE_TYPICAL = 2208 << 10,	/* ... and what it usually is, for the prediction */
	MMAP_WINDOW = 4 << 20,		/* source read window */
	READ_BATCH = 256,		/* pages per copy read with workers ... */
	ONE_BATCH = 32,			/* ... alone (no gain from more) ... */
	MIN_BATCH = 16,			/* ... and the least, at the floor */
	SPLIT_BATCH = 32,		/* --split: pages per read, shared by the parts */
	SPLIT_PART_EXTRA = 4096,	/* a part's (or -E's) own small tables */
	BITMAP_PIECE = 256 << 10,	/* the writer's bitmap buffer */
	BITMAP_MIN = 4096,		/* ... and its smallest size */
	/*
	 * Room the page set needs beyond its estimate: lists grow by
	 * doubling, and the smallest cycle of a sparse set still allocates.
	 */
	SET_SLACK = 32 << 10,
	THREAD_STACK = 256 << 10,	/* a worker's stack and TLS as touched: 0.2-0.4 MiB measured */
	VMEMMAP_SHARED = 4096,		/* -e: pages mapped twice (src/vmemmap.c) */
	PAGE_DESC = 24,			/* a kept page's descriptor in the dump */
	PLAIN_SMALL = 1 << 20,		/* the exact bitmap without a sample:
					   up to 2^23 pfns (32 GiB) */
};

struct comp_cost {
	double ratio;			/* output/input for ordinary pages */
	double rate;			/* bytes/s, one thread */
};

static const struct comp_cost comp_default[] = {
	[SD_COMPRESS_NONE] = { 1.0, 0 },
	[SD_COMPRESS_ZLIB] = { 0.40, 60e6 },
	[SD_COMPRESS_LZO] = { 0.50, 400e6 },
	[SD_COMPRESS_SNAPPY] = { 0.50, 500e6 },
	[SD_COMPRESS_ZSTD] = { 0.35, 140e6 },
};

/* -c by --zlib-engine: zlib's row scaled as bench/README.md ("-c
 * engines") measured: libdeflate 1.8x as fast, 2% larger; ISA-L 2.5x, 4% */
static const struct comp_cost zlib_engine_cost[] = {
	[SD_ZLIB_ENGINE_AUTO] = { 0.40, 60e6 },	/* resolved first */
	[SD_ZLIB_ENGINE_ZLIB] = { 0.40, 60e6 },
	[SD_ZLIB_ENGINE_LIBDEFLATE] = { 0.41, 108e6 },
	[SD_ZLIB_ENGINE_ISAL] = { 0.415, 150e6 },
};

static struct comp_cost
comp_cost(const struct sd_plan_input *in)
{
	if (in->compress == SD_COMPRESS_ZLIB)
		return zlib_engine_cost[sd_zlib_engine_resolve(in->zlib_engine)];
	return comp_default[in->compress];
}

/* Resident code of the compression library (libzstd is the big one). */
static uint64_t
lib_text(enum sd_compress c)
{
	return c == SD_COMPRESS_NONE ? 0 :
	       c == SD_COMPRESS_ZSTD ? 448 << 10 : 64 << 10;
}

static unsigned long long
kib(uint64_t b)
{
	return (unsigned long long)((b + 1023) / 1024);
}

uint64_t
sd_plan_uncharged(const struct sd_plan_input *in, unsigned threads)
{
	return BASE_RSS + lib_text(in->compress) +
	       (threads > 1 ? threads : 0) * (uint64_t)THREAD_STACK;
}

sd_status
sd_plan_open_limit(uint64_t budget, enum sd_compress c, uint64_t *limit,
		   struct sd_err *err)
{
	struct sd_plan_input in = { .compress = c };
	uint64_t base = sd_plan_uncharged(&in, 1);

	if (budget <= base)
		return sd_fail(err, SD_ERR_BUDGET,
			       "cannot dump within the memory budget: the program and its libraries alone take %llu KiB, more than the %llu KiB budget",
			       kib(base), kib(budget));
	*limit = budget - base;
	return SD_OK;
}

static unsigned
batches(unsigned threads)
{
	return threads > 1 ? 2 : 1;	/* workers compress one, the next is read */
}

/* Caches, bitmap piece, read batches and pipeline of one kdump writer. */
static uint64_t
kdump_writer(const struct sd_plan_input *in, unsigned threads, unsigned batch,
	     bool borrowed_batch)
{
	uint64_t psz = in->page_size;
	uint64_t caches = 2 * ((psz << in->block_order) + psz);
	uint64_t bitmap = (in->max_pfn + 7) / 8;
	uint64_t reads = batches(threads) * batch * (psz + 1);

	if (bitmap > BITMAP_PIECE)
		bitmap = BITMAP_PIECE;
	if (bitmap < BITMAP_MIN)
		bitmap = BITMAP_MIN;
	if (borrowed_batch)	/* --split: the first batch is shared */
		reads -= batch * psz;
	return caches + bitmap + reads +
	       sd_pipeline_estimate(threads ? threads : 1,
				    sd_compressor_pick(in->compress, in->zlib_engine), psz,
				    batch);
}

uint64_t
sd_plan_writer_bytes(const struct sd_plan_input *in, unsigned threads,
		     unsigned batch)
{
	uint64_t psz = in->page_size;

	if (in->elf_output)	/* two caches and the read batch */
		return 2 * ((psz << in->block_order) + psz) + batch * psz +
		       SPLIT_PART_EXTRA;
	if (in->split_parts)	/* a writer per part, one shared batch */
		return in->split_parts *
		       (kdump_writer(in, threads, SPLIT_BATCH, true) +
			SPLIT_PART_EXTRA) + SPLIT_BATCH * psz;
	return kdump_writer(in, threads, batch, false);
}

uint64_t
sd_plan_fixed_bytes(const struct sd_plan_input *in, unsigned threads,
		    unsigned batch)
{
	uint64_t scan = in->need_scan ?
			sd_memmap_scan_bytes(in->struct_page_size) : 0;

	return sd_plan_uncharged(in, threads) + in->open_bytes + scan +
	       sd_plan_writer_bytes(in, threads, batch) +
	       (in->exclude_vmemmap ? sd_plan_vmemmap_bytes(in) : 0);
}

/*
 * A sample variance rounded below zero is zero.  Not fmax(): with sqrt
 * open-coded (configure's -fno-math-errno) the binary needs nothing from
 * libm, which a minimal capture initramfs would otherwise carry for these
 * two functions (doc/install.md, "What sievedump costs in the capture
 * initramfs").
 */
static double
nonneg(double v)
{
	return v > 0 ? v : 0;
}

/*
 * -e: a sum over the sampled chunks scaled to the machine (K / k), with an
 * upper bound made as estimate_set makes the set's.
 */
static void
scale_vm(const struct sd_plan_input *in, bool ranges, double *est,
	 double *ucb)
{
	double k = in->nsample, K = (double)in->chunks_total, sum = 0, sq = 0;
	double fpc = K > k ? sqrt((K - k) / K) : 0, se;
	uint32_t i;

	for (i = 0; i < in->nsample; i++) {
		double v = ranges ? in->sample[i].vm_ranges
				  : in->sample[i].vm_pages;

		sum += v;
		sq += v * v;
	}
	*est = k ? sum * K / k : 0;
	se = k > 1 ? sqrt(nonneg((sq - sum * sum / k) / (k - 1))) * K /
		     sqrt(k) * fpc : 0;
	*ucb = *est + 2 * se + (fpc ? 3 * K / k : 0);
}

uint64_t
sd_plan_vmemmap_pages(const struct sd_plan_input *in, uint64_t members)
{
	double est, ucb;
	uint64_t all = in->present_pages * in->struct_page_size /
		       (in->page_size ? in->page_size : 4096);

	if (!in->nsample || !in->need_scan)
		return 0;
	scale_vm(in, false, &est, &ucb);
	return SD_PLAN_MIN(SD_PLAN_MIN((uint64_t)est, all), members);
}

uint64_t
sd_plan_vmemmap_bytes(const struct sd_plan_input *in)
{
	uint64_t map = in->vmemmap_map_bytes ? in->vmemmap_map_bytes : 4096;
	uint64_t maps = in->present_pages * in->struct_page_size / map + 1 +
			in->sections;
	double est, ucb;
	struct sd_pageset_shape drop = { in->max_pfn, 0, 0 };

	scale_vm(in, true, &est, &ucb);
	drop.runs = (uint64_t)ucb;
	drop.members = drop.runs * 2;
	/* the mappings list (24 bytes each, grown by doubling), the drop set,
	 * as many runs again in the dump set, the shared list's first step */
	return 2 * 24 * maps + 2 * sd_pageset_extent_ops.estimate(&drop) +
	       VMEMMAP_SHARED;
}

/*
 * Charged but never touched: compressed slots are written only as far as
 * pages compress.  Predicted RSS leaves that out; the budget does not.
 */
static uint64_t
untouched(const struct sd_plan_input *in, unsigned threads, unsigned batch)
{
	const struct sd_compressor_ops *c = sd_compressor_pick(in->compress, in->zlib_engine);
	double touched;
	uint64_t slot;

	if (!c)
		return 0;
	touched = comp_cost(in).ratio + 0.2;
	slot = (uint64_t)(in->page_size * touched);
	if (slot >= c->bound(in->page_size))
		return 0;
	return batches(threads) * batch *
	       (c->bound(in->page_size) - slot);
}

/* M and R from the sample, with upper confidence bounds (doc/planner.md 2). */
static void
estimate_set(const struct sd_plan_input *in, struct sd_plan *p)
{
	double k = in->nsample, K = (double)in->chunks_total, sm = 0, sr = 0;
	double qm = 0, qr = 0, se_m, se_r, fpc;
	uint32_t i;

	if (!in->nsample || !in->need_scan) {
		/* nothing excluded by a scan: the set is the present pages,
		 * in as many runs as... unknown without a sample: assume the
		 * worst (alternating) unless no scan runs at all */
		p->members = p->members_ucb = in->present_pages;
		p->runs = p->runs_ucb = in->need_scan ?
			(in->present_pages + 1) / 2 : in->sections + 1;
		return;
	}
	for (i = 0; i < in->nsample; i++) {
		/* the mem_map's own pages are known: sample only the rest */
		uint32_t mm = in->memmap_pages ? in->sample[i].memmap_members
					       : 0;
		double m = (double)(in->sample[i].members -
				    SD_PLAN_MIN(mm, in->sample[i].members));

		sm += m;
		sr += in->sample[i].starts;
		qm += m * m;
		qr += (double)in->sample[i].starts * in->sample[i].starts;
	}
	/* standard errors with the finite-population correction: a census
	 * of every chunk has none */
	fpc = K > k ? sqrt((K - k) / K) : 0;
	se_m = k > 1 ? sqrt(nonneg((qm - sm * sm / k) / (k - 1))) * K / sqrt(k) * fpc : 0;
	se_r = k > 1 ? sqrt(nonneg((qr - sr * sr / k) / (k - 1))) * K / sqrt(k) * fpc : 0;
	p->members = (uint64_t)(sm * K / k);
	p->runs = (uint64_t)(sr * K / k);
	p->members_ucb = (uint64_t)(sm * K / k + 2 * se_m + (fpc ? 3 * K / k * 16 : 0));
	p->runs_ucb = (uint64_t)(sr * K / k + 2 * se_r + (fpc ? 3 * K / k : 0));
	p->members += in->memmap_pages;
	p->members_ucb += in->memmap_pages;
	p->runs += in->memmap_ranges;
	p->runs_ucb += in->memmap_ranges;
	if (p->members_ucb > in->present_pages)
		p->members_ucb = in->present_pages;
	if (p->runs_ucb > (in->present_pages + 1) / 2)
		p->runs_ucb = (in->present_pages + 1) / 2;
	if (p->members > p->members_ucb)
		p->members = p->members_ucb;
	/* the first kernel's crashkernel area is RAM there, not in the dump */
	p->members -= SD_PLAN_MIN(p->members, in->reserved_pages);
	p->members_ucb -= SD_PLAN_MIN(p->members_ucb, in->reserved_pages);
	if (p->runs > p->runs_ucb)
		p->runs = p->runs_ucb;
}

static const struct sd_pageset_ops *
backend_ops(enum sd_backend_choice b)
{
	switch (b) {
	case SD_BACKEND_PLAIN:
		return &sd_pageset_plain_ops;
	case SD_BACKEND_EXTENT:
		return &sd_pageset_extent_ops;
	case SD_BACKEND_ROARING:
		return sd_pageset_backend("roaring");
	default:
		return NULL;
	}
}

/*
 * A backend that costs chunk by chunk: the sampled chunks' mean cost
 * times K, with the same kind of upper bound as the set's shape
 * (doc/planner.md 2).
 */
static void
by_chunks(const struct sd_plan_input *in, const struct sd_pageset_ops *ops,
	  struct sd_plan_backend *b)
{
	double k = in->nsample, K = (double)in->chunks_total, s = 0, q = 0;
	double fpc = K > k ? sqrt((K - k) / K) : 0, se;
	uint64_t slack, base = ops->base_bytes(in->max_pfn, &slack);
	uint32_t i;

	for (i = 0; i < in->nsample; i++) {
		double c = (double)ops->chunk_bytes(in->sample[i].members,
						    in->sample[i].runs);
		s += c;
		q += c * c;
	}
	se = k > 1 ? sqrt(nonneg((q - s * s / k) / (k - 1))) * K / sqrt(k) * fpc : 0;
	b->bytes = base + (uint64_t)(s * K / k);
	b->bytes_ucb = b->bytes + slack + (uint64_t)(2 * se) +
		       (fpc ? 3 * (uint64_t)(K / k) * ops->chunk_bytes(64, 64) : 0);
	/* the mem_map's pages, which the sample may have missed: whole
	 * chunks, one more per range */
	if (in->memmap_pages)
		b->bytes_ucb += (in->memmap_pages / 65536 + in->memmap_ranges) *
				ops->chunk_bytes(65536, 1);
}

static void
estimate_backends(const struct sd_plan_input *in, struct sd_plan *p)
{
	static const enum sd_backend_choice order[3] = {
		SD_BACKEND_PLAIN, SD_BACKEND_EXTENT, SD_BACKEND_ROARING };
	struct sd_pageset_shape est = { in->max_pfn, p->members, p->runs };
	struct sd_pageset_shape ucb = { in->max_pfn, p->members_ucb,
					p->runs_ucb };
	int i;

	for (i = 0; i < 3; i++) {
		const struct sd_pageset_ops *ops = backend_ops(order[i]);

		p->est[i].backend = order[i];
		p->est[i].built = ops != NULL;
		if (!ops)
			continue;
		if (ops->chunk_bytes && in->nsample && in->need_scan) {
			by_chunks(in, ops, &p->est[i]);
			continue;
		}
		p->est[i].bytes = ops->estimate(&est);
		p->est[i].bytes_ucb = ops->estimate(&ucb);
	}
}

static bool
allowed(const struct sd_plan_input *in, const struct sd_plan_backend *b)
{
	return b->built &&
	       (in->backend == SD_BACKEND_AUTO || in->backend == b->backend);
}

static const struct sd_plan_backend *
est_of(const struct sd_plan *p, enum sd_backend_choice b)
{
	int i;

	for (i = 0; i < 3; i++)
		if (p->est[i].backend == b)
			return &p->est[i];
	return &p->est[0];
}

bool
sd_plan_plain_is_small(const struct sd_plan_input *in)
{
	uint64_t bytes = (in->max_pfn + 63) / 64 * 8;

	/* beyond PLAIN_SMALL a sampled set is smaller than makedumpfile's
	 * bitmaps, and the sample costs a few chunks of mem_map */
	return in->budget && bytes <= in->budget / 4 && bytes <= PLAIN_SMALL;
}

bool
sd_plan_needs_sample(const struct sd_plan_input *in)
{
	struct sd_pageset_shape all = { in->max_pfn, in->max_pfn, 1 };

	if (!in->need_scan)
		return false;
	/* plain is chosen whenever it is small and fits: no sample needed */
	return !sd_plan_plain_is_small(in) ||
	       sd_plan_fixed_bytes(in, 1, READ_BATCH) +
	       sd_pageset_plain_ops.estimate(&all) > in->budget;
}

/*
 * The smallest allowed backend whose bound fits @share (ties: roaring);
 * but the exact plain bitmap whenever it is small (then a dump takes no
 * sample, and --plan must say what the dump will do).
 */
static const struct sd_plan_backend *
best_fit(const struct sd_plan_input *in, const struct sd_plan *p,
	 uint64_t share)
{
	const struct sd_plan_backend *best = NULL;
	int i;

	best = est_of(p, SD_BACKEND_PLAIN);
	if (sd_plan_plain_is_small(in) && allowed(in, best) &&
	    best->bytes_ucb <= share)
		return best;
	best = NULL;
	for (i = 0; i < 3; i++) {
		const struct sd_plan_backend *b = &p->est[i];

		if (!allowed(in, b) || b->bytes_ucb > share)
			continue;
		if (!best || b->bytes_ucb < best->bytes_ucb ||
		    (b->bytes_ucb == best->bytes_ucb &&
		     b->backend == SD_BACKEND_ROARING))
			best = b;
	}
	return best;
}

/* Cheapest allowed backend per pfn, for cycles (non-plain with a margin). */
static const struct sd_plan_backend *
best_per_pfn(const struct sd_plan_input *in, const struct sd_plan *p)
{
	const struct sd_plan_backend *best = NULL;
	double best_cost = 0;
	int i;

	for (i = 0; i < 3; i++) {
		const struct sd_plan_backend *b = &p->est[i];
		double cost = (double)b->bytes_ucb *
			      (b->backend == SD_BACKEND_PLAIN ? 1.0 : 1.25);

		if (!allowed(in, b))
			continue;
		if (!best || cost < best_cost) {
			best = b;
			best_cost = cost;
		}
	}
	return best;
}


/* --cyclic-buffer: two plain bitmaps of that size, at most the machine's */
static uint64_t
cyclic_bytes(const struct sd_plan_input *in)
{
	uint64_t one = in->cyclic_buffer_kb * 1024, need = (in->max_pfn + 7) / 8;

	return 2 * (one < need ? one : need);
}

static bool
plan_cycles(const struct sd_plan_input *in, struct sd_plan *p, uint64_t share)
{
	const struct sd_plan_backend *b = best_per_pfn(in, p);
	double per_pfn;
	uint64_t cyc;

	if (in->cyclic_buffer_kb) {	/* makedumpfile's override: bitmaps */
		p->backend = SD_BACKEND_PLAIN;
		cyc = in->cyclic_buffer_kb * 1024 * 8;
	} else {
		if (!b || !in->max_pfn)
			return false;
		p->backend = b->backend;
		per_pfn = (double)b->bytes_ucb / (double)in->max_pfn *
			  (b->backend == SD_BACKEND_PLAIN ? 1.0 : 1.25);
		cyc = (uint64_t)((double)share / per_pfn) / CHUNK_PFNS * CHUNK_PFNS;
		if (cyc < CHUNK_PFNS)
			return false;
	}
	p->cycle_pfns = cyc < in->max_pfn ? cyc : in->max_pfn;
	p->cycles = (in->max_pfn + p->cycle_pfns - 1) / p->cycle_pfns;
	p->memmap_passes = in->need_scan ? (p->cycles > 1 ? 2 : 1) : 0;
	return true;
}

/*
 * The mmap window maps the dump itself: in the capture kernel that is the
 * crashed kernel's memory, not memory taken from the capture kernel.  It
 * counts in the predicted RSS but not against the budget.
 */
static uint64_t
window_of(const struct sd_plan_input *in)
{
	return in->non_mmap ? 0 : MMAP_WINDOW;
}

static bool
plan_with_threads(const struct sd_plan_input *in, struct sd_plan *p,
		  unsigned threads)
{
	uint64_t fixed = sd_plan_fixed_bytes(in, threads, p->batch_pages);
	uint64_t rss = fixed - untouched(in, threads, p->batch_pages) -
		       (BASE_RSS - BASE_TYPICAL) + window_of(in), share;
	const struct sd_plan_backend *b;

	if (in->budget && fixed + SET_SLACK >= in->budget)
		return false;
	share = in->budget ? in->budget - fixed - SET_SLACK : UINT64_MAX;
	p->threads = threads;
	p->fixed_bytes = fixed;
	p->set_share = share;
	b = in->cyclic_buffer_kb ? NULL : best_fit(in, p, share);
	if (b) {
		p->backend = b->backend;
		p->cycle_pfns = in->max_pfn;
		p->cycles = 1;
		p->memmap_passes = in->need_scan ? 1 : 0;
		p->budget_bytes = fixed + SET_SLACK + b->bytes_ucb;
		p->peak_bytes = rss + b->bytes;
		return true;
	}
	if (!plan_cycles(in, p, share))
		return false;
	b = est_of(p, p->backend);
	p->budget_bytes = fixed + SET_SLACK + (in->cyclic_buffer_kb ?
		cyclic_bytes(in) :
		(uint64_t)((double)p->cycle_pfns / in->max_pfn * b->bytes_ucb));
	p->peak_bytes = rss + (in->cyclic_buffer_kb ?
		cyclic_bytes(in) :
		(uint64_t)((double)p->cycle_pfns / in->max_pfn * b->bytes));
	return !in->budget || p->budget_bytes <= in->budget;
}

/*
 * Dump sizes: the sample's ratio is of all kept pages, vmemmap ones among
 * them; -e takes away the vmemmap pages it leaves out (never zero pages)
 * at their own ratio.
 */
static void
predict_sizes(const struct sd_plan_input *in, struct sd_plan *p,
	      double ratio, double vm_ratio)
{
	double psz = in->page_size;
	double nonzero = (double)p->members * psz * (1.0 - in->zero_fraction);
	double vm = SD_PLAN_MIN((double)p->vmemmap_pages * psz * vm_ratio,
				nonzero * ratio);
	uint64_t bitmap = (in->max_pfn + 8ULL * in->page_size - 1) /
			  (8ULL * in->page_size) * in->page_size;

	p->output_plain_bytes = (uint64_t)(nonzero * ratio) +
				p->members * PAGE_DESC + 2 * bitmap +
				4ULL * in->page_size;
	p->output_e_bytes = p->output_plain_bytes - (uint64_t)vm -
			    p->vmemmap_pages * PAGE_DESC;
}

static void
predict_output(const struct sd_plan_input *in, struct sd_plan *p)
{
	double ratio = in->compress_ratio > 0 ? in->compress_ratio
					      : comp_cost(in).ratio;
	double vm_ratio = in->vmemmap_ratio > 0 ? in->vmemmap_ratio : ratio;
	double rate = in->compress_rate > 0 ? in->compress_rate
					    : comp_cost(in).rate;
	double scan = in->scan_rate > 0 ? in->scan_rate : 1.5e9;
	double rd = in->read_rate > 0 ? in->read_rate : 1.0e9;
	uint64_t left;
	double data, nonzero, copy, squeeze;

	p->vmemmap_pages = sd_plan_vmemmap_pages(in, p->members);
	predict_sizes(in, p, ratio, vm_ratio);
	left = in->exclude_vmemmap ? p->vmemmap_pages : 0;
	p->output_bytes = left ? p->output_e_bytes : p->output_plain_bytes;
	/* -e: fewer pages to read and compress */
	data = (double)(p->members - left) * in->page_size;
	nonzero = SD_PLAN_MIN(data, (double)p->members * in->page_size *
				    (1.0 - in->zero_fraction));
	copy = data / rd;
	squeeze = rate > 0 ? nonzero / (rate * (p->threads ? p->threads : 1)) : 0;
	p->seconds = p->memmap_passes * (double)in->present_pages *
		     in->struct_page_size / scan;
	/* workers compress while the main thread reads; alone, it does both */
	p->seconds += p->threads > 1 ? SD_PLAN_MAX(copy, squeeze)
				     : copy + squeeze;
}

/* What the cheapest backend needs for one cycle of CHUNK_PFNS (plan_cycles). */
static uint64_t
smallest_cycle(const struct sd_plan_input *in, const struct sd_plan *p)
{
	const struct sd_plan_backend *b = best_per_pfn(in, p);
	double per_pfn;

	if (!b)
		return 0;
	per_pfn = (double)b->bytes_ucb / (double)in->max_pfn *
		  (b->backend == SD_BACKEND_PLAIN ? 1.0 : 1.25);
	return (uint64_t)(per_pfn * CHUNK_PFNS) + 1;
}

/* Bytes of the cheapest built page set for the whole machine. */
static uint64_t
smallest_set(const struct sd_plan_input *in, const struct sd_plan *p)
{
	uint64_t best = UINT64_MAX;
	int i;

	for (i = 0; i < 3; i++)
		if (allowed(in, &p->est[i]) && p->est[i].bytes_ucb < best)
			best = p->est[i].bytes_ucb;
	return best == UINT64_MAX ? 0 : best;
}

static double
mib(uint64_t b)
{
	return (double)b / 1048576.0;
}

static void
explain(const struct sd_plan_input *in, struct sd_plan *p)
{
	const struct sd_plan_backend *b = est_of(p, p->backend);

	if (!p->fits && in->cyclic_buffer_kb)
		snprintf(p->reason, sizeof(p->reason),
			 "--cyclic-buffer %llu KiB takes two bitmaps of that size, %llu KiB with %llu KiB of fixed costs, more than the %llu KiB budget",
			 (unsigned long long)in->cyclic_buffer_kb,
			 kib(p->budget_bytes), kib(p->fixed_bytes),
			 kib(in->budget));
	else if (!p->fits)
		snprintf(p->reason, sizeof(p->reason),
			 "even %llu-pfn cycles with one thread need %llu KiB (%llu KiB fixed: %llu KiB program and libraries, %llu KiB input tables, %llu KiB mem_map buffer, %llu KiB writer buffers), more than the %llu KiB budget",
			 (unsigned long long)p->cycle_pfns,
			 kib(p->budget_bytes), kib(p->fixed_bytes),
			 kib(sd_plan_uncharged(in, 1)), kib(in->open_bytes),
			 kib(in->need_scan ? sd_memmap_scan_bytes(in->struct_page_size) : 0),
			 kib(sd_plan_writer_bytes(in, 1, MIN_BATCH)),
			 kib(in->budget));
	else if (in->cyclic_buffer_kb)
		snprintf(p->reason, sizeof(p->reason),
			 "--cyclic-buffer %llu KiB given: plain bitmaps in %llu cycles",
			 (unsigned long long)in->cyclic_buffer_kb,
			 (unsigned long long)p->cycles);
	else if (p->cycles == 1)
		snprintf(p->reason, sizeof(p->reason),
			 "%s holds the whole set in %.1f MiB (bound %.1f MiB), within the %.1f MiB left after %.1f MiB of fixed costs: one pass over mem_map",
			 sd_backend_name(p->backend), mib(b->bytes),
			 mib(b->bytes_ucb), mib(p->set_share),
			 mib(p->fixed_bytes));
	else
		snprintf(p->reason, sizeof(p->reason),
			 "no backend holds the whole set (smallest bound %.1f MiB) in the %.1f MiB left: %s in %llu cycles, two passes over mem_map",
			 mib(b->bytes_ucb), mib(p->set_share),
			 sd_backend_name(p->backend),
			 (unsigned long long)p->cycles);
}

/*
 * -e decides on the page set of the whole machine: a plan in cycles does
 * not fit it (src/job_vmemmap.c refuses it the same way).
 */
static void
vmemmap_needs_one_cycle(const struct sd_plan_input *in, struct sd_plan *p)
{
	p->vmemmap_bytes = sd_plan_vmemmap_bytes(in);
	if (!p->fits || p->cycles <= 1)
		return;
	p->fits = false;
	if (in->cyclic_buffer_kb)
		snprintf(p->reason, sizeof(p->reason),
			 "-e needs the page set of the whole dump at once, and --cyclic-buffer %llu KiB allows cycles of %llu pfns only (of %llu)",
			 (unsigned long long)in->cyclic_buffer_kb,
			 (unsigned long long)p->cycle_pfns,
			 (unsigned long long)in->max_pfn);
	else
		snprintf(p->reason, sizeof(p->reason),
			 "-e needs the page set of the whole dump at once, and the memory budget allows cycles of %llu pfns only (of %llu)",
			 (unsigned long long)p->cycle_pfns,
			 (unsigned long long)in->max_pfn);
}

static bool
one_pass(const struct sd_plan_input *in, struct sd_plan *p, unsigned threads)
{
	return plan_with_threads(in, p, threads) &&
	       (p->cycles == 1 || in->cyclic_buffer_kb);
}

/*
 * Pages per read batch for @threads.  Workers need large batches to share;
 * one thread reads, compresses and writes each batch in turn, and larger
 * batches than ONE_BATCH only cost memory (measured: bench/README.md).
 */
static unsigned
full_batch(unsigned threads)
{
	return threads > 1 ? READ_BATCH : ONE_BATCH;
}

/* @threads with full batches (sets the plan's batch size). */
static bool
with_threads(const struct sd_plan_input *in, struct sd_plan *p,
	     unsigned threads)
{
	p->batch_pages = full_batch(threads);
	return plan_with_threads(in, p, threads);
}

/* One thread with ever smaller batches, in one pass or in cycles. */
static bool
smaller_batches(const struct sd_plan_input *in, struct sd_plan *p,
		bool need_one_pass)
{
	for (p->batch_pages = ONE_BATCH / 2; p->batch_pages >= MIN_BATCH;
	     p->batch_pages /= 2)
		if (need_one_pass ? one_pass(in, p, 1) :
				    plan_with_threads(in, p, 1))
			return true;
	p->batch_pages = ONE_BATCH;
	return false;
}

/*
 * In this order: the most threads whose buffers still leave the whole set
 * one pass with full read batches; one thread with smaller batches in one
 * pass (a batch and its compressed slots are the largest fixed cost, and
 * a second pass over mem_map costs more than short reads); then cycles,
 * with the most threads that keep them within twice those of one thread;
 * at last one thread with smaller batches in cycles.
 */
static bool
pick_batch(const struct sd_plan_input *in, struct sd_plan *p, unsigned want)
{
	uint64_t one_thread_cycles;
	unsigned t;

	for (t = want; t >= 1; t--) {
		p->batch_pages = full_batch(t);
		if (one_pass(in, p, t))
			return true;
	}
	if (smaller_batches(in, p, true))
		return true;
	if (!with_threads(in, p, 1))
		return smaller_batches(in, p, false);
	one_thread_cycles = p->cycles;
	for (t = want; t > 1; t--)
		if (with_threads(in, p, t) &&
		    p->cycles <= 2 * one_thread_cycles)
			return true;
	return with_threads(in, p, 1);
}

sd_status
sd_plan_compute(const struct sd_plan_input *in, struct sd_plan *p,
		struct sd_err *err)
{
	unsigned want;

	memset(p, 0, sizeof(*p));
	if (!in->max_pfn || !in->page_size)
		return sd_fail(err, SD_ERR_INVALID, "plan: empty machine");
	if (in->nsample > SD_PLAN_MAX_SAMPLE)
		return sd_fail(err, SD_ERR_INVALID, "plan: sample too large");
	estimate_set(in, p);
	estimate_backends(in, p);
	want = in->threads_req >= 0 ? (unsigned)in->threads_req
				    : (in->cpus ? in->cpus : 1);
	if (!want || in->elf_output)	/* the ELF writer has no workers */
		want = 1;
	p->fits = pick_batch(in, p, want);
	if (!p->fits) {		/* report the smallest plan there is */
		struct sd_plan_input one = *in;

		one.budget = 0;
		one.cyclic_buffer_kb = 0;
		p->batch_pages = MIN_BATCH;
		plan_with_threads(&one, p, 1);
		p->cycle_pfns = CHUNK_PFNS;
		p->cycles = (in->max_pfn + CHUNK_PFNS - 1) / CHUNK_PFNS;
		p->memmap_passes = in->need_scan ? 2 : 0;
		p->budget_bytes = sd_plan_fixed_bytes(in, 1, MIN_BATCH) +
				  SET_SLACK + (in->cyclic_buffer_kb ?
				   cyclic_bytes(in) :
				   smallest_cycle(in, p));
		p->peak_bytes = p->budget_bytes - untouched(in, 1, MIN_BATCH) -
				(BASE_RSS - BASE_TYPICAL) + window_of(in);
		p->fits = false;
	}
	predict_output(in, p);
	explain(in, p);
	if (in->exclude_vmemmap)
		vmemmap_needs_one_cycle(in, p);
	/* the smallest reservation: what kdump loads and runs (the capture
	 * kernel, its initrd, their runtime), then one pass if possible */
	sd_ck_advise(&in->ck, sd_plan_fixed_bytes(in, 1, READ_BATCH) +
			      smallest_set(in, p), &p->ck);
	p->crashkernel_bytes = p->ck.total_bytes;
	return SD_OK;
}
