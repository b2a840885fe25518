/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_JOB_ANALYZE_H
#define SIEVEDUMP_JOB_ANALYZE_H

/* job_analyze.c: the analysis of a job's pages, and its report. */

#include <stdint.h>

#include "sievedump/status.h"

struct sd_job;

sd_status sd_job_analyze(struct sd_job *job, struct sd_err *err) SD_MUST_CHECK;
/** The report's lines of excluded pages by kind (@x per category). */
void sd_job_report_kinds(const struct sd_job *job, const uint64_t *x);
void sd_job_report(struct sd_job *job);
/** Debug level: cycles, mem_map reads and the budget's peak, for tests. */
void sd_job_summary(const struct sd_job *job);

#endif
