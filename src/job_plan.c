// SPDX-License-Identifier: GPL-2.0-or-later
/* Gathering the planner's input from the open job, and following the plan. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sievedump/features.h"
#include "sievedump/job.h"
#include "sievedump/plan.h"

enum { UNCHARGED = (6 << 20) + (4 << 20) };	/* base RSS + mmap window */

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

static void
fill_input(struct sd_job *job, const struct sd_budget_source *bs,
	   struct sd_plan_input *in)
{
	const struct sd_options *opt = job->opt;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	memset(in, 0, sizeof(*in));
	in->budget = bs->budget;
	in->max_pfn = job->max_mapnr;
	in->present_pages = job->present.ops->count(&job->present, 0,
						    job->max_mapnr);
	in->sections = job->have_mm ? job->mm.n_sections : 0;
	in->page_size = job->src->page_size;
	in->struct_page_size = job->vmci ? job->rules.page_size : 64;
	in->cpus = cpus > 0 ? (unsigned)cpus : 1;
	in->compress = opt->compress;
	in->backend = opt->backend;
	in->threads_req = opt->num_threads_set ? opt->num_threads : -1;
	in->cyclic_buffer_kb = opt->cyclic_buffer_kb;
	in->need_scan = job->vmci && sd_page_rules_need_scan(&job->rules);
	in->first_kernel = strstr(opt->vmcore, "kcore") != NULL;
}

/* A sample is worth taking only when the plain bitmap might not fit. */
static bool
want_sample(const struct sd_plan_input *in, const struct sd_options *opt)
{
	uint64_t plain = (in->max_pfn + 63) / 64 * 8;

	if (!in->need_scan)
		return false;
	return opt->mode == SD_MODE_PLAN || opt->backend != SD_BACKEND_AUTO ||
	       !in->budget || plain > in->budget / 4;
}

sd_status
sd_job_plan(struct sd_job *job, struct sd_plan_input *in,
	    struct sd_budget_source *bs, struct sd_plan *p,
	    struct sd_err *err)
{
	sd_status st;

	st = sd_budget_measure(job->opt->mem_budget, bs, err);
	if (!st && job->vmci)
		st = sd_page_rules_init(&job->rules, job->vmci,
					job->dump_level, err);
	if (st)
		return st;
	fill_input(job, bs, in);
	if (want_sample(in, job->opt)) {
		st = sd_job_sample(job, in, err);
		if (st)
			return st;
	}
	st = sd_plan_compute(in, p, err);
	if (st)
		return st;
	job->dump_ops = ops_for(p->backend);
	job->threads = p->threads;
	return SD_OK;
}

/* Make the accountant enforce the plan's budget. */
sd_status
sd_job_follow_plan(struct sd_job *job, const struct sd_budget_source *bs,
		   const struct sd_plan *p, struct sd_err *err)
{
	if (!p->fits)
		return sd_fail(err, SD_ERR_BUDGET,
			       "%s: cannot dump within the memory budget: %s",
			       job->opt->vmcore, p->reason);
	if (p->cycles > 1)
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "%s: the plan needs %llu cycles (%s); cyclic processing is not implemented yet",
			       job->opt->vmcore, (unsigned long long)p->cycles,
			       p->reason);
	if (bs->budget > UNCHARGED)
		job->budget.limit = bs->budget - UNCHARGED;
	return SD_OK;
}

/* --plan: open, sample and plan; print; write nothing. */
sd_status
sd_job_run_plan(struct sd_job *job, struct sd_err *err)
{
	struct sd_budget_source bs;
	struct sd_plan_input *in;
	struct sd_plan p;
	sd_status st;

	in = calloc(1, sizeof(*in));
	if (!in)
		return sd_fail(err, SD_ERR_NOMEM, "out of memory");
	st = sd_job_open(job, err);
	if (!st)
		st = sd_job_plan(job, in, &bs, &p, err);
	if (!st)
		sd_plan_print(job->log->out, in, &bs, &p, job->opt->plan_json);
	free(in);
	return st;
}

/* Plan a dump or --dry-run: choose the backend and enforce the budget. */
sd_status
sd_job_prepare(struct sd_job *job, struct sd_err *err)
{
	struct sd_budget_source bs;
	struct sd_plan_input *in;
	struct sd_plan p;
	sd_status st;

	in = calloc(1, sizeof(*in));
	if (!in)
		return sd_fail(err, SD_ERR_NOMEM, "out of memory");
	st = sd_job_plan(job, in, &bs, &p, err);
	if (!st) {
		sd_debug(job->log, "plan: %s\n", p.reason);
		st = sd_job_follow_plan(job, &bs, &p, err);
	}
	free(in);
	return st;
}
