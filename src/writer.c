// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where the writers are registered: the one the options ask for
 * (include/sievedump/writer.h).  -F is the kdump writer on the flattened
 * sink and --dry-run any writer on the null sink (job.c opens the sink).
 */
#include "sievedump/job.h"
#include "sievedump/options.h"
#include "sievedump/writer.h"

const struct sd_writer_ops *
sd_writer_pick(const struct sd_job *job)
{
	if (job->opt->mode == SD_MODE_SPLIT)
		return &sd_writer_split_ops;
	if (job->opt->elf_output)
		return &sd_writer_elf_ops;
	return &sd_writer_kdump_ops;
}
