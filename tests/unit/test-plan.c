// SPDX-License-Identifier: GPL-2.0-or-later
/* Table tests of the planner: a pure function, so no vmcore is needed. */
#include <stdio.h>
#include <string.h>

#include "sievedump/features.h"
#include "sievedump/plan.h"

static int failures, checks;

static void
ok(int cond, const char *name, const char *what, const struct sd_plan *p)
{
	checks++;
	if (!cond)
		failures++;
	printf("%s %d - %s: %s\n", cond ? "ok" : "not ok", checks, name, what);
	if (!cond && p)
		printf("# backend %s cycles %llu threads %u peak %llu fits %d: %s\n",
		       sd_backend_name(p->backend),
		       (unsigned long long)p->cycles, p->threads,
		       (unsigned long long)p->peak_bytes, p->fits, p->reason);
}

enum pattern { REALISTIC, ALTERNATING, CLUSTERED, EMPTY };

static void
machine(struct sd_plan_input *in, uint64_t tib_x16, uint64_t budget_mib,
	enum pattern pat)
{
	uint32_t i;

	memset(in, 0, sizeof(*in));
	in->max_pfn = tib_x16 << 24;		/* sixteenths of a TiB */
	in->present_pages = in->max_pfn - in->max_pfn / 64;
	in->sections = in->max_pfn >> 15;
	in->page_size = 4096;
	in->struct_page_size = 64;
	in->cpus = 2;
	in->compress = SD_COMPRESS_ZLIB;
	in->block_order = 4;
	in->threads_req = -1;
	in->budget = budget_mib << 20;
	in->need_scan = true;
	in->chunks_total = (in->max_pfn + 65535) / 65536;
	in->nsample = pat == EMPTY ? 0 : 64;
	for (i = 0; i < in->nsample; i++) {
		struct sd_plan_chunk *c = &in->sample[i];

		switch (pat) {
		case ALTERNATING:	/* every other page kept */
			c->members = c->runs = c->starts = 32768;
			break;
		case CLUSTERED:		/* one long run in some chunks */
			c->members = i % 8 ? 0 : 65536;
			c->runs = c->starts = i % 8 ? 0 : 1;
			break;
		default:		/* 15% kept in runs of ~64 */
			c->members = 9830;
			c->runs = c->starts = 154;
			break;
		}
	}
}

static void
invariants(const char *name, const struct sd_plan_input *in,
	   const struct sd_plan *p)
{
	ok(p->cycles * p->cycle_pfns >= in->max_pfn, name,
	   "cycles cover memory", p);
	if (p->fits && in->budget)
		ok(p->budget_bytes <= in->budget, name, "budgeted part within budget", p);
	ok(p->threads >= 1, name, "at least one thread", p);
}

static struct sd_plan
plan(const char *name, const struct sd_plan_input *in)
{
	struct sd_plan p;
	struct sd_err err;

	ok(sd_plan_compute(in, &p, &err) == SD_OK, name, "computes", NULL);
	invariants(name, in, &p);
	return p;
}

/*
 * -e on a mostly free machine: each sampled chunk keeps 1311 pages (2%)
 * and its free runs cover 1000 vmemmap pages (64000 free pfns of 64-byte
 * struct pages) in 2 judged ranges.
 */
static void
mostly_free(struct sd_plan_input *in, uint64_t budget_mib, bool e)
{
	uint32_t i;

	machine(in, 4 * 16, budget_mib, REALISTIC);	/* 4 TiB */
	in->exclude_vmemmap = e;
	in->vmemmap_map_bytes = 2 << 20;
	in->compress_ratio = 0.40;	/* as the sample would measure it */
	for (i = 0; i < in->nsample; i++) {
		in->sample[i].members = 1311;
		in->sample[i].runs = in->sample[i].starts = 20;
		in->sample[i].vm_pages = 1000;
		in->sample[i].vm_ranges = 2;
	}
}

static void
exclude_vmemmap(void)
{
	struct sd_plan_input in;
	struct sd_plan p, e;
	uint64_t v, saved;

	mostly_free(&in, 0, false);
	p = plan("-e estimate", &in);
	v = 1000 * in.chunks_total;
	ok(p.vmemmap_pages == v, "-e estimate",
	   "vmemmap pages: the sample's mean times the chunks", &p);
	saved = (uint64_t)((double)v * 4096 * 0.40) + v * 24;
	ok(p.output_plain_bytes - p.output_e_bytes <= saved + 1 &&
	   p.output_plain_bytes - p.output_e_bytes + 1 >= saved,
	   "-e estimate", "saves its pages at the ratio plus descriptors", &p);
	ok(p.output_bytes == p.output_plain_bytes, "-e estimate",
	   "without -e the output is the size without", &p);
	mostly_free(&in, 0, true);
	e = plan("-e given", &in);
	ok(e.output_bytes == e.output_e_bytes &&
	   e.output_e_bytes == p.output_e_bytes, "-e given",
	   "the output is the size with -e", &e);
	ok(e.seconds < p.seconds, "-e given", "less to copy, less time", &e);
	ok(e.fixed_bytes == p.fixed_bytes + sd_plan_vmemmap_bytes(&in) &&
	   e.vmemmap_bytes > 0, "-e given", "its lists are fixed costs", &e);
	in.vmemmap_ratio = 0.02;	/* struct pages of free memory squeeze */
	e = plan("-e ratio", &in);
	ok(e.output_plain_bytes - e.output_e_bytes <
	   (uint64_t)((double)v * 4096 * 0.03) + v * 24, "-e ratio",
	   "the saving follows the ratio of the struct pages", &e);

	/* bounds: never more than the kept pages, nor all struct pages */
	mostly_free(&in, 0, true);
	in.sample[0].vm_pages = 60000;
	in.sample[1].vm_pages = 60000;
	ok(sd_plan_vmemmap_pages(&in, 1000) == 1000, "-e bounds",
	   "at most the kept pages", NULL);
	ok(sd_plan_vmemmap_pages(&in, UINT64_MAX) <=
	   in.present_pages * 64 / 4096, "-e bounds",
	   "at most the struct pages of the present pages", NULL);
	in.nsample = 0;
	ok(sd_plan_vmemmap_pages(&in, UINT64_MAX) == 0, "-e bounds",
	   "nothing sampled, nothing claimed", NULL);

	/* a budget that allows cycles only: -e cannot take it */
	mostly_free(&in, 12, true);
	in.sample[0].members = 65536;	/* a denser set: cycles */
	for (uint32_t i = 0; i < in.nsample; i++)
		in.sample[i].runs = in.sample[i].starts = 600;
	e = plan("-e cycles", &in);
	ok(!e.fits && strstr(e.reason, "-e needs the page set") != NULL,
	   "-e cycles", "refused: -e needs one cycle", &e);
	in.exclude_vmemmap = false;
	p = plan("-e cycles", &in);
	ok(p.fits && p.cycles > 1, "-e cycles", "without -e: cycles fit", &p);
}

/*
 * Time: alone, the main thread reads and then compresses each batch (the
 * sum); with workers the two overlap (the larger).  The measured rates
 * replace the built-in ones.
 */
static void
time_model(void)
{
	struct sd_plan_input in;
	struct sd_plan one, two, slow;
	double scan, copy, squeeze;

	machine(&in, 1, 0, REALISTIC);			/* 64 GiB */
	in.scan_rate = 400e6;
	in.read_rate = 400e6;
	in.compress_rate = 100e6;
	in.zero_fraction = 0;
	in.threads_req = 1;
	one = plan("time", &in);
	scan = (double)in.present_pages * in.struct_page_size / 400e6;
	copy = (double)one.members * in.page_size / 400e6;
	squeeze = (double)one.members * in.page_size / 100e6;
	ok(one.threads == 1 && one.seconds > scan + copy + squeeze - 0.01 &&
	   one.seconds < scan + copy + squeeze + 0.01, "time",
	   "one thread: scan, then read plus compress", &one);
	in.threads_req = 2;
	in.cpus = 2;
	two = plan("time", &in);
	ok(two.threads == 2 && two.seconds < one.seconds &&
	   two.seconds > scan + squeeze / 2 - 0.01, "time",
	   "two threads: reading and compressing overlap", &two);
	in.threads_req = 1;
	in.compress_rate = 10e6;
	slow = plan("time", &in);
	ok(slow.seconds > one.seconds * 5, "time",
	   "a slower measured compressor is a longer predicted run", &slow);
}

int
main(void)
{
	struct sd_plan_input in;
	struct sd_plan p;
	bool roaring = sd_backend_built(SD_BACKEND_ROARING);

	time_model();
	machine(&in, 16 * 16, 4, REALISTIC);		/* 16 TiB, 4 MiB */
	p = plan("tiny crashkernel", &in);
	ok(!p.fits, "tiny crashkernel", "does not fit and says so", &p);
	ok(strstr(p.reason, "budget") != NULL, "tiny crashkernel",
	   "reason names the budget", &p);
	ok(strstr(p.reason, "KiB writer buffers") != NULL, "tiny crashkernel",
	   "reason names the fixed costs", &p);

	machine(&in, 4 * 16, 64, REALISTIC);		/* 4 TiB, 64 MiB */
	in.cyclic_buffer_kb = 1 << 20;			/* two 1 GiB bitmaps */
	p = plan("cyclic buffer", &in);
	ok(!p.fits && strstr(p.reason, "--cyclic-buffer 1048576 KiB") != NULL,
	   "cyclic buffer", "a buffer over the budget is named", &p);
	machine(&in, 1, 64, REALISTIC);			/* 64 GiB: 2 MiB bitmaps */
	in.cyclic_buffer_kb = 1 << 20;
	p = plan("cyclic buffer", &in);
	ok(p.fits && p.cycles == 1, "cyclic buffer",
	   "a buffer over the machine's bitmap is cut to it", &p);

	machine(&in, 16 * 16, 6, REALISTIC);		/* 16 TiB, 6 MiB */
	p = plan("floor", &in);
	ok(p.fits && p.threads == 1 && p.batch_pages < 256, "floor",
	   "smaller read batches before giving up", &p);
	ok(p.budget_bytes <= in.budget &&
	   p.fixed_bytes == sd_plan_fixed_bytes(&in, 1, p.batch_pages),
	   "floor", "the fixed costs are the writers' and the scan's", &p);

	machine(&in, 16 * 16, 64, REALISTIC);	/* 16 TiB (2^32 pfns) */
	p = plan("huge max pfn", &in);
	if (roaring)
		ok(p.fits && p.cycles == 1 && p.memmap_passes == 1,
		   "huge max pfn", "one pass", &p);
	else	/* extents of 16 TiB need ~300 MiB: cycles */
		ok(p.fits && p.cycles > 1, "huge max pfn",
		   "cycles without roaring", &p);
	ok(!roaring || p.backend == SD_BACKEND_ROARING, "huge max pfn",
	   "roaring chosen", &p);

	machine(&in, 4 * 16, 32, REALISTIC);
	in.cpus = 64;
	p = plan("many threads", &in);
	ok(p.fits && p.threads < 64 && p.threads >= 1, "many threads",
	   "threads cut to fit the budget", &p);
	if (roaring)
		ok(p.cycles == 1, "many threads",
		   "threads cut further to keep one pass over mem_map", &p);
	else	/* extents need cycles: not many more than with one thread */
		ok(p.cycles <= 8, "many threads",
		   "threads cut to keep the cycles few", &p);

	machine(&in, 1, 64, REALISTIC);		/* 64 GiB: plain is 2 MiB */
	in.max_pfn = 1 << 23;			/* 32 GiB: 1 MiB */
	p = plan("small plain", &in);
	ok(p.fits && p.backend == SD_BACKEND_PLAIN && p.cycles == 1,
	   "small plain", "the exact bitmap when it takes <= 1/4 of the budget "
	   "and at most 1 MiB", &p);
	ok(sd_plan_plain_is_small(&in), "small plain", "no sample needed",
	   NULL);
	machine(&in, 1, 64, REALISTIC);
	ok(!sd_plan_plain_is_small(&in), "small plain",
	   "64 GiB (2 MiB of bitmap) is sampled: the set may be smaller", NULL);
	machine(&in, 1, 6, REALISTIC);		/* ... but not in 6 MiB */
	in.threads_req = 1;
	p = plan("small budget", &in);
	ok(p.backend != SD_BACKEND_PLAIN, "small budget",
	   "a compressed set when plain takes > 1/4 of the budget", &p);

	machine(&in, 4 * 16, 64, ALTERNATING);	/* 4 TiB alternating */
	p = plan("alternating", &in);
	ok(p.fits && p.cycles > 1 && p.memmap_passes == 2, "alternating",
	   "cycles with two passes", &p);
	ok(p.cycle_pfns % 65536 == 0, "alternating", "cycles of whole chunks",
	   &p);

	machine(&in, 4 * 16, 32, CLUSTERED);
	p = plan("clustered", &in);
	ok(p.fits && p.cycles == 1 && p.backend != SD_BACKEND_PLAIN,
	   "clustered", "a compressed set in one pass", &p);

	machine(&in, 1 * 16, 256, REALISTIC);
	in.cyclic_buffer_kb = 1024;
	p = plan("cyclic-buffer", &in);
	ok(p.backend == SD_BACKEND_PLAIN && p.cycle_pfns == 1024 * 1024 * 8 &&
	   p.cycles == in.max_pfn / p.cycle_pfns, "cyclic-buffer",
	   "makedumpfile's override is honoured", &p);

	machine(&in, 4 * 16, 64, REALISTIC);
	in.backend = SD_BACKEND_PLAIN;
	p = plan("forced plain", &in);
	ok(p.backend == SD_BACKEND_PLAIN && p.cycles > 1, "forced plain",
	   "128 MiB of bitmap in a 64 MiB budget: cycles", &p);

	machine(&in, 1, 64, EMPTY);		/* 64 GiB, no sample */
	in.need_scan = false;
	p = plan("no scan", &in);
	ok(p.fits && p.memmap_passes == 0, "no scan", "no mem_map pass", &p);

	machine(&in, 1 * 16, 0, REALISTIC);	/* no budget at all */
	in.threads_req = 0;
	p = plan("unlimited", &in);
	ok(p.fits && p.cycles == 1 && p.threads == 1, "unlimited",
	   "--num-threads 0 means one (serial) thread", &p);
	exclude_vmemmap();
	printf("1..%d\n", checks);
	return failures ? 1 : 0;
}
