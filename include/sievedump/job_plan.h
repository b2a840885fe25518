/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_JOB_PLAN_H
#define SIEVEDUMP_JOB_PLAN_H

/* job_plan.c: measure, sample and plan; then enforce the plan's budget. */

#include "sievedump/status.h"

struct sd_job;
struct sd_plan_input;
struct sd_plan;
struct sd_budget_source;

sd_status sd_job_plan(struct sd_job *job, struct sd_plan_input *in,
		      struct sd_budget_source *bs, struct sd_plan *p,
		      struct sd_err *err) SD_MUST_CHECK;
sd_status sd_job_run_plan(struct sd_job *job, struct sd_err *err) SD_MUST_CHECK;
sd_status sd_job_prepare(struct sd_job *job, struct sd_err *err) SD_MUST_CHECK;
/** Compression threads of the copy (the plan's, else --num-threads). */
unsigned sd_job_copy_threads(const struct sd_job *job);

#endif
