/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_SAMPLE_H
#define SIEVEDUMP_SAMPLE_H

/* sample.c: sample the dump's pages for the plan. */

#include "sievedump/status.h"

struct sd_job;
struct sd_plan_input;

sd_status sd_job_sample(struct sd_job *job, struct sd_plan_input *in,
			struct sd_err *err) SD_MUST_CHECK;

#endif
