/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_JOB_MEM_USAGE_H
#define SIEVEDUMP_JOB_MEM_USAGE_H

/* job_mem_usage.c: --mem-usage. */

#include "sievedump/status.h"

struct sd_job;

sd_status sd_job_mem_usage(struct sd_job *job, struct sd_err *err) SD_MUST_CHECK;

#endif
