// SPDX-License-Identifier: GPL-2.0-or-later
/* Gathering the planner's input from the open job, and following the plan. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sievedump/compress.h"
#include "sievedump/features.h"
#include "sievedump/job.h"
#include "sievedump/job_open.h"
#include "sievedump/job_plan.h"
#include "sievedump/mdf_cycle.h"
#include "sievedump/options.h"
#include "sievedump/pipeline.h"
#include "sievedump/plan.h"
#include "sievedump/sample.h"

/* binary and libraries: in RSS, not allocated by us (the mmap window maps
 * the dump itself and is not counted against the budget at all) */

static const struct sd_pageset_ops *
ops_for(enum sd_backend_choice b)
{
	switch (b) {
	case SD_BACKEND_EXTENT:
		return &sd_pageset_extent_ops;
	case SD_BACKEND_ROARING:
		return sd_pageset_backend("roaring");
	default:
		return &sd_pageset_plain_ops;
	}
}

/*
 * In the first kernel, /proc/kcore maps the crashkernel reservation as RAM;
 * after a crash it is the capture kernel's, not part of the dump.  The
 * "Crash kernel" lines of /proc/iomem say where it is.
 */
static uint64_t
crashkernel_pages(uint32_t page_size)
{
	FILE *f = fopen("/proc/iomem", "r");
	char line[256];
	uint64_t pages = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long a, b;

		if (strstr(line, "Crash kernel") &&
		    sscanf(line, " %llx-%llx", &a, &b) == 2 && b > a)
			pages += (b + 1 - a) / page_size;
	}
	fclose(f);
	return pages;
}

static void
fill_input(struct sd_job *job, const struct sd_budget_source *bs,
	   struct sd_plan_input *in)
{
	const struct sd_options *opt = job->opt;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	memset(in, 0, sizeof(*in));
	in->budget = bs->budget;
	in->max_pfn = job->model.max_mapnr;
	in->present_pages =
		job->model.present.ops->count(&job->model.present, 0,
					      job->model.max_mapnr);
	in->sections = job->model.have_mm ? job->model.mm.n_sections : 0;
	in->page_size = job->model.src->page_size;
	in->struct_page_size =
		job->model.vmci ? job->sieve.rules.page_size : 64;
	in->cpus = cpus > 0 ? (unsigned)cpus : 1;
	in->compress = opt->compress;
	in->zlib_engine = opt->zlib_engine;
	in->backend = opt->backend;
	in->threads_req = !opt->num_threads_set ? -1 :
			  opt->num_threads < 1 ? 0 : opt->num_threads;
	/* makedumpfile's bitmap file (--work-dir, -e) has no cyclic buffer */
	in->cyclic_buffer_kb = sd_job_mdf_bitmap_file(opt) ? 0 :
			       opt->cyclic_buffer_kb;
	in->need_scan =
		job->model.vmci && sd_page_rules_need_scan(&job->sieve.rules);
	in->first_kernel = strstr(opt->vmcore, "kcore") != NULL;
	if (in->first_kernel) {
		in->reserved_pages = crashkernel_pages(in->page_size);
		in->present_pages -= SD_MIN(in->present_pages,
					    in->reserved_pages);
		sd_ck_gather(&in->ck);
	}
	in->non_mmap = opt->non_mmap || !job->model.src->uses_mmap;
	in->block_order = opt->block_order;
	in->open_bytes = job->budget.used - job->model.mm.scan_buf_bytes +
			 job->model.src->scratch_bytes;
	in->elf_output = opt->elf_output;
	in->split_parts = opt->mode == SD_MODE_SPLIT ?
			  (unsigned)opt->n_dumpfiles : 0;
	/* -e is ignored, with a warning, without a vmemmap (job_vmemmap.c) */
	in->exclude_vmemmap = opt->exclude_vmemmap && job->model.have_mm &&
			      job->model.mm.model != SD_MEM_FLATMEM;
}

/*
 * Fault injection for tests: SIEVEDUMP_TEST_UNDERESTIMATE=N divides the
 * page-set estimates by N before choosing, so a one-pass plan is made that
 * cannot hold, and the adaptation to cycles is exercised.
 */
static void
underestimate_for_tests(const struct sd_plan_input *in, struct sd_plan *p,
			struct sd_err *err)
{
	const char *env = getenv("SIEVEDUMP_TEST_UNDERESTIMATE");
	struct sd_plan_input fake = *in;
	unsigned long n = env ? strtoul(env, NULL, 10) : 0;
	uint32_t i;

	if (n < 2)
		return;
	for (i = 0; i < fake.nsample; i++) {
		fake.sample[i].members /= (uint32_t)n;
		fake.sample[i].runs /= (uint32_t)n;
		fake.sample[i].starts /= (uint32_t)n;
		fake.sample[i].memmap_members /= (uint32_t)n;
	}
	fake.memmap_pages /= n;
	fake.memmap_ranges /= n;
	if (sd_plan_compute(&fake, p, err) == SD_OK)
		p->reason[0] = '\0';
}

/* A sample is worth taking only when the plain bitmap might not fit. */
static bool
want_sample(const struct sd_plan_input *in, const struct sd_options *opt)
{
	if (!in->need_scan)
		return false;
	/* -e: its lists are counted from the sample (plan.c) */
	return opt->mode == SD_MODE_PLAN || opt->backend != SD_BACKEND_AUTO ||
	       in->exclude_vmemmap || sd_plan_needs_sample(in);
}

sd_status
sd_job_plan(struct sd_job *job, struct sd_plan_input *in,
	    struct sd_budget_source *bs, struct sd_plan *p,
	    struct sd_err *err)
{
	sd_status st;

	st = sd_budget_measure(job->opt->mem_budget, bs, err);
	if (!st && job->model.vmci)
		st = sd_page_rules_init(&job->sieve.rules, job->model.vmci,
					job->dump_level, err);
	if (st)
		return st;
	fill_input(job, bs, in);
	if (want_sample(in, job->opt)) {
		/* the sample is charged like the dump: the mem_map buffer it
		 * takes is the dump's; a budget too small for the sample is
		 * too small for the dump, and the plan says why */
		st = sd_memmap_scan_buffer(&job->model.mm, err);
		if (!st)
			st = sd_job_sample(job, in, err);
		if (st == SD_ERR_BUDGET) {
			in->nsample = 0;
			st = SD_OK;
		}
		if (st)
			return st;
	}
	st = sd_plan_compute(in, p, err);
	if (st)
		return st;
	underestimate_for_tests(in, p, err);
	job->plan.dump_ops = ops_for(p->backend);
	job->plan.threads = p->threads;
	if (in->threads_req > 1 && p->fits &&
	    p->threads < (unsigned)in->threads_req)
		sd_msg(job->log,
		       "--num-threads %d: %u thread(s) fit the memory budget of %.1f MiB.\n",
		       in->threads_req, p->threads, bs->budget / 1048576.0);
	return SD_OK;
}

/*
 * Compression threads of the copy: the plan's (--num-threads N, or the
 * CPUs, lowered to what fits the budget); without a plan, --num-threads.
 */
unsigned
sd_job_copy_threads(const struct sd_job *job)
{
	const struct sd_options *opt = job->opt;

	if (job->plan.threads)
		return job->plan.threads;
	if (opt->num_threads_set && opt->num_threads > 0)
		return (unsigned)opt->num_threads;
	return 1;
}

/*
 * Make the accountant enforce the plan: the cap is the budget less what no
 * allocation accounts for; the writer's buffers are reserved and the
 * mem_map buffer taken now, so that what the page set may grow into is
 * exactly the share the plan gave it.
 */
static sd_status
follow_plan(struct sd_job *job, const struct sd_budget_source *bs,
	    const struct sd_plan_input *in, const struct sd_plan *p,
	    struct sd_err *err)
{
	uint64_t uncharged = sd_plan_uncharged(in, p->threads);
	sd_status st;

	if (!p->fits)
		return sd_fail(err, SD_ERR_BUDGET,
			       "%s: cannot dump within the memory budget: %s",
			       job->opt->vmcore, p->reason);
	job->plan.cycle_pfns = p->cycles > 1 ? p->cycle_pfns : 0;
	if (bs->budget > uncharged)
		job->budget.limit = bs->budget - uncharged;
	job->plan.read_batch = p->batch_pages;
	job->plan.writer_reserve = sd_plan_writer_bytes(in, p->threads,
						   p->batch_pages);
	st = sd_budget_reserve(&job->budget, job->plan.writer_reserve,
			       "the writer's buffers", err);
	if (st)
		job->plan.writer_reserve = 0;
	if (!st && in->need_scan && job->model.have_mm)
		st = sd_memmap_scan_buffer(&job->model.mm, err);
	return st;
}

/*
 * Plan (the input is large: its sample) and then either print the plan
 * (--plan) or follow it (a dump or --dry-run).
 */
static sd_status
plan_and(struct sd_job *job, bool print, struct sd_err *err)
{
	struct sd_budget_source bs;
	struct sd_plan_input *in;
	struct sd_plan p;
	sd_status st;

	in = calloc(1, sizeof(*in));
	if (!in)
		return sd_fail(err, SD_ERR_NOMEM, "out of memory");
	st = sd_job_plan(job, in, &bs, &p, err);
	if (!st && print)
		sd_plan_print(job->log->out, in, &bs, &p, job->opt->plan_json);
	if (!st && !print) {
		FILE *fp = sd_log_debug_stream(job->log);

		if (fp)
			sd_plan_print(fp, in, &bs, &p, false);
		sd_debug(job->log, "plan: %s\n", p.reason);
		st = follow_plan(job, &bs, in, &p, err);
	}
	free(in);
	return st;
}

/* --plan: open, sample and plan; print; write nothing. */
sd_status
sd_job_run_plan(struct sd_job *job, struct sd_err *err)
{
	sd_status st = sd_job_open(job, err);

	return st ? st : plan_and(job, true, err);
}

/* Plan a dump or --dry-run: choose the backend and enforce the budget. */
sd_status
sd_job_prepare(struct sd_job *job, struct sd_err *err)
{
	return plan_and(job, false, err);
}
