/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_JOB_VMEMMAP_H
#define SIEVEDUMP_JOB_VMEMMAP_H

/* job_vmemmap.c: -e around the scan. */

#include <stdbool.h>

#include "sievedump/status.h"

struct sd_job;

sd_status sd_job_vmemmap_begin(struct sd_job *job, struct sd_err *err)
	SD_MUST_CHECK;
sd_status sd_job_vmemmap_end(struct sd_job *job, sd_status st,
			     struct sd_err *err) SD_MUST_CHECK;
void sd_job_vmemmap_report(struct sd_job *job);
/** The dump's DUMP_DH_EXCLUDED_VMEMMAP: -e now, or kept from the input. */
bool sd_job_vmemmap_status(const struct sd_job *job);

#endif
