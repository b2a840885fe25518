/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_JOB_CYCLE_H
#define SIEVEDUMP_JOB_CYCLE_H

/* job_cycle.c: the counting pass of planned or adapted cycles. */

#include "sievedump/status.h"

struct sd_job;

sd_status sd_job_go_cyclic(struct sd_job *job, struct sd_err *err) SD_MUST_CHECK;

#endif
