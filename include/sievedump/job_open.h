/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_JOB_OPEN_H
#define SIEVEDUMP_JOB_OPEN_H

/*
 * job_open.c: open the input and build the kernel model of a job; build
 * the dump set of a pfn range; release everything a job holds.
 */

#include <stdint.h>

#include "sievedump/status.h"

struct sd_job;
struct sd_pageset;
struct sd_pageset_ops;

sd_status sd_job_open(struct sd_job *job, struct sd_err *err) SD_MUST_CHECK;
sd_status sd_job_build_dump(struct sd_job *job,
			    const struct sd_pageset_ops *ops, uint64_t start,
			    uint64_t end, struct sd_pageset *set,
			    struct sd_err *err) SD_MUST_CHECK;
void sd_job_release(struct sd_job *job);

#endif
