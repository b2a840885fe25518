// SPDX-License-Identifier: GPL-2.0-or-later
/* What each mode does, in order.  Errors travel up to main. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sievedump/dmesg.h"
#include "sievedump/erase.h"
#include "sievedump/features.h"
#include "sievedump/job.h"
#include "sievedump/job_analyze.h"
#include "sievedump/job_debuginfo.h"
#include "sievedump/job_mem_usage.h"
#include "sievedump/job_open.h"
#include "sievedump/job_plan.h"
#include "sievedump/kdump_format.h"
#include "sievedump/option_table.h"
#include "sievedump/options.h"
#include "sievedump/plan.h"
#include "sievedump/signals.h"
#include "sievedump/sink.h"
#include "sievedump/write.h"
#include "sievedump/writer.h"

static sd_status
check_compressor(const struct sd_options *opt, struct sd_err *err)
{
	const char *lib;

	if (!sd_compress_built(opt->compress))
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "this sievedump was built without %s (configure --with-%s)",
			       sd_compress_name(opt->compress),
			       sd_compress_name(opt->compress));
	lib = sd_compress_unloadable(opt->compress);
	if (lib)
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "%s cannot be loaded here (not in this initramfs?): %s compression needs it",
			       lib, sd_compress_name(opt->compress));
	if (opt->backend != SD_BACKEND_AUTO && !sd_backend_built(opt->backend))
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "this sievedump was built without the %s backend (configure --with-roaring)",
			       sd_backend_name(opt->backend));
	return SD_OK;
}

/*
 * What a run refuses before it opens anything: an engine or backend not
 * built, an option whose behaviour is not built (marked in the option
 * table, src/option_table.c), -x/-g without libdw (job_debuginfo.c).
 * --check-params calls this too, so that it refuses what the run would.
 */
sd_status
sd_job_check_built(const struct sd_options *opt, struct sd_err *err)
{
	sd_status st = check_compressor(opt, err);

	if (!st)
		st = sd_options_check_unbuilt(opt, err);
	if (!st)
		st = sd_job_check_debuginfo(opt, err);
	return st;
}

/* The 2nd bitmap again from scratch, for a retry at another dump level. */
static sd_status
reanalyze(struct sd_job *job, int level, struct sd_err *err)
{
	sd_pageset_release(&job->sieve.dump);	/* sd_job_analyze rebuilds it */
	memset(&job->sieve.stats, 0, sizeof(job->sieve.stats));
	job->sieve.zero_pages = 0;
	/* a refiltered input keeps what its own level excluded, on every try */
	job->dump_level = level;
	if (job->model.src->kdump && job->model.src->kdump->dump_level >= 0 &&
	    job->model.src->kdump->dump_level <= 31)
		job->dump_level |= job->model.src->kdump->dump_level;
	return sd_job_analyze(job, err);
}

static sd_status
open_sink(struct sd_job *job, struct sd_sink **ret, struct sd_err *err)
{
	const struct sd_options *opt = job->opt;

	if (opt->dry_run)
		return sd_sink_open_null(opt->flatten ? "STDOUT" : opt->dumpfile,
					 opt->flatten, opt->size_limit, ret,
					 err);
	if (opt->flatten)
		return sd_sink_open_flat(STDOUT_FILENO, opt->size_limit, ret,
					 err);
	return sd_sink_open_file(opt->dumpfile, opt->force, opt->size_limit,
				 ret, err);
}

/* A --split part: not the input, not another part, and writable. */
static sd_status
check_part(const struct sd_options *opt, int i, struct sd_err *err)
{
	sd_status st = sd_sink_check_distinct(opt->dumpfiles[i], opt->vmcore,
					      err);
	int j;

	for (j = 0; !st && j < i; j++)
		st = sd_sink_check_distinct(opt->dumpfiles[i],
					    opt->dumpfiles[j], err);
	return st ? st : sd_sink_check_path(opt->dumpfiles[i], opt->force,
					    err);
}

/* The output files: not the input, and writable (-F, --dry-run: none). */
static sd_status
check_outputs(const struct sd_options *opt, struct sd_err *err)
{
	sd_status st = SD_OK;
	int i;

	if (opt->mode == SD_MODE_SPLIT) {
		for (i = 0; !st && i < opt->n_dumpfiles; i++)
			st = check_part(opt, i, err);
		return st;
	}
	if (opt->dumpfile && !opt->flatten)
		st = sd_sink_check_distinct(opt->dumpfile, opt->vmcore, err);
	if (!st && opt->dumpfile && !opt->flatten)
		st = sd_sink_check_path(opt->dumpfile, opt->force, err);
	return st;
}

/* Before another -d level: the output starts again (--split: deleted). */
static sd_status
restart_outputs(struct sd_job *job, struct sd_sink *sink, struct sd_err *err)
{
	const struct sd_options *opt = job->opt;
	int f;

	if (sink)
		return sink->ops->restart(sink, err);
	for (f = 0; f < opt->n_dumpfiles; f++)
		unlink(opt->dumpfiles[f]);
	return SD_OK;
}

/*
 * Write with the -d list: on a full output retry at the next level (for
 * --split all parts are deleted first, as makedumpfile does).  Each try
 * is one run of the cycle driver with the writer the options ask for.
 */
static sd_status
write_with_retries(struct sd_job *job, struct sd_sink *sink,
		   struct sd_err *err)
{
	const struct sd_options *opt = job->opt;
	const struct sd_writer_ops *ops = sd_writer_pick(job);
	int tries = opt->n_dump_levels > 0 ? opt->n_dump_levels : 1, i;
	sd_status st = SD_OK;

	for (i = 0; i < tries; i++) {
		if (i > 0) {
			sd_msg(job->log,
			       "Retry to create a dumpfile by dump_level(%d).\n",
			       opt->dump_levels[i]);
			st = restart_outputs(job, sink, err);
			if (!st)
				st = reanalyze(job, opt->dump_levels[i], err);
			if (st)
				return st;
		}
		st = sd_cycle_driver_run(job, ops, sink, i + 1 == tries, err);
		if (st != SD_ERR_NOSPACE)
			return st;
	}
	return sd_wrap(err, SD_ERR_NOSPACE, "the dump is incomplete");
}

/*
 * A dump: kdump-compressed or ELF (-E) to a file, -F to standard output,
 * --dry-run to nowhere, or --split to several files (the writer opens
 * them).  The writer prints the report when it ends.
 */
static sd_status
run_dump(struct sd_job *job, struct sd_err *err)
{
	const struct sd_options *opt = job->opt;
	struct sd_sink *sink = NULL;
	bool wrote = false;
	sd_status st;

	sd_signals_install();
	st = check_outputs(opt, err);
	if (!st)
		st = sd_job_open(job, err);
	if (!st)
		st = sd_erase_setup(job, err);	/* --config */
	if (!st)
		st = sd_job_prepare(job, err);
	if (!st)
		st = sd_job_analyze(job, err);
	if (!st)	/* a signal before any output: nothing to leave behind */
		st = sd_check_interrupt(err);
	if (!st && opt->mode != SD_MODE_SPLIT)
		st = open_sink(job, &sink, err);
	if (!st) {
		wrote = true;
		st = write_with_retries(job, sink, err);
	}
	if (!wrote && st == SD_ERR_UNREADABLE)
		sd_job_report(job);
	if (!st)
		sd_job_summary(job);
	sd_sink_close(sink);
	if (!st && opt->mode == SD_MODE_SPLIT)
		sd_log_saved(job->log, opt->dumpfiles, opt->n_dumpfiles);
	return st;
}

/* --reassemble F1 .. Fn OUT */
static sd_status
run_reassemble(struct sd_job *job, struct sd_err *err)
{
	const struct sd_options *opt = job->opt;
	sd_status st;

	st = sd_reassemble(opt->dumpfiles, opt->n_dumpfiles, opt->dumpfile,
			   opt->force, &job->budget, job->log, err);
	if (!st)
		sd_log_saved(job->log, &opt->dumpfile, 1);
	return st;
}

static sd_status
run_rebuild(struct sd_job *job, struct sd_err *err)
{
	const struct sd_options *opt = job->opt;
	sd_status st;

	st = sd_sink_check_path(opt->dumpfile, opt->force, err);
	if (!st)
		st = sd_rebuild_flat(STDIN_FILENO, opt->dumpfile, opt->force,
				     &job->budget, job->log, err);
	return st;
}

static sd_status
run_vtop(struct sd_job *job, struct sd_err *err)
{
	sd_status st = sd_job_open(job, err);

	if (st)
		return st;
	if (!job->model.vt)
		return sd_fail(err, SD_ERR_INVALID,
			       "%s: --vtop needs VMCOREINFO", job->opt->vmcore);
	return sd_vtop_print(job->model.vt, job->opt->vtop_addr, job->log->out,
			     err);
}

sd_status
sd_job_run(struct sd_job *job, struct sd_err *err)
{
	const struct sd_options *opt = job->opt;
	sd_status st;

	job->dump_level = sd_options_dump_level(opt);
	sd_budget_init(&job->budget, 0);
	job->count_allocs = sd_budget_test_setup(&job->budget);
	st = sd_job_check_built(opt, err);
	if (st)
		return st;
	if (opt->mem_budget) {
		/* --mem-budget holds from the start: opening is charged too */
		st = sd_plan_open_limit(opt->mem_budget, opt->compress,
					&job->budget.limit, err);
		if (st && opt->mode == SD_MODE_PLAN)
			st = SD_OK;	/* --plan says why it does not fit */
		if (st)
			return opt->vmcore ? sd_wrap(err, st, "%s", opt->vmcore)
					   : st;
	}
	switch (opt->mode) {
	case SD_MODE_DUMP:
		if (opt->vtop_addr)
			return run_vtop(job, err);
		return run_dump(job, err);
	case SD_MODE_VTOP:
		return run_vtop(job, err);
	case SD_MODE_REBUILD:
		return run_rebuild(job, err);
	case SD_MODE_SPLIT:
		return run_dump(job, err);
	case SD_MODE_REASSEMBLE:
		return run_reassemble(job, err);
	case SD_MODE_DMESG:
		return sd_job_dmesg(job, err);
	case SD_MODE_PLAN:
		return sd_job_run_plan(job, err);
	case SD_MODE_MEM_USAGE:
		return sd_job_mem_usage(job, err);
	case SD_MODE_GEN_VMCOREINFO:
		return sd_job_gen_vmcoreinfo(job, err);
	default:
		return sd_fail(err, SD_ERR_INVALID, "unexpected mode");
	}
}
