// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where the writers are registered: the one the options ask for
 * (include/sievedump/writer.h).  -F is the kdump writer on the flattened
 * sink and --dry-run any writer on the null sink (job.c opens the sink).
 */
#include "sievedump/job.h"
#include "sievedump/log.h"
#include "sievedump/options.h"
#include "sievedump/sink.h"
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

void
sd_writer_last_try_mark(struct sd_writer *w, const struct sd_sink *sink)
{
	struct sd_err e2;
	bool marked = sink->seekable ?
		      w->ops->mark_incomplete(w, false, &e2) == SD_OK :
		      sink->is_null;

	if (marked)
		sd_msg(w->job->log,
		       "This is an incomplete dumpfile, but might analyzable.\n");
}
