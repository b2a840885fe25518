/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_JOB_DEBUGINFO_H
#define SIEVEDUMP_JOB_DEBUGINFO_H

/* job_debuginfo.c: -x VMLINUX, -g. */

#include "sievedump/status.h"

struct sd_job;
struct sd_options;
struct sd_vmcoreinfo;

sd_status sd_job_check_debuginfo(const struct sd_options *opt,
				 struct sd_err *err) SD_MUST_CHECK;
sd_status sd_job_gen_vmcoreinfo(struct sd_job *job, struct sd_err *err)
	SD_MUST_CHECK;
/** -x on a dump: the vmlinux's VMCOREINFO keys, to merge as -i's. */
sd_status sd_job_vmlinux_vmcoreinfo(struct sd_job *job,
				    struct sd_vmcoreinfo **ret,
				    struct sd_err *err) SD_MUST_CHECK;

#endif
