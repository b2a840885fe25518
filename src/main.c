// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sievedump: a drop-in replacement for makedumpfile built around a memory
 * budget planner.  main is the only place that prints errors and picks the
 * exit code (0 success, 1 failure, 2 VMCOREINFO release mismatch).
 */
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "sievedump/features.h"
#include "sievedump/job.h"
#include "sievedump/job_debug.h"
#include "sievedump/job_open.h"
#include "sievedump/log.h"
#include "sievedump/options.h"

static int
exit_code(sd_status st)
{
	if (st == SD_OK)
		return 0;
	return st == SD_ERR_WRONG_RELEASE ? 2 : 1;
}

/* makedumpfile says where the dump went after dumps, -F, --dry-run, -R */
static bool
prints_saved(const struct sd_options *opt)
{
	return (opt->mode == SD_MODE_DUMP && !opt->vtop_addr) ||
	       opt->mode == SD_MODE_REBUILD;
}

int
main(int argc, char **argv)
{
	static struct sd_options opt;
	static struct sd_job job;
	struct sd_log log;
	struct sd_err err;
	sd_status st;

	/*
	 * Fixed thresholds (glibc otherwise raises them as buffers come and
	 * go): blocks of 128 KiB and more are mapped and given back when
	 * freed, so the peak RSS follows what the budget accountant counts.
	 */
	mallopt(M_MMAP_THRESHOLD, 128 << 10);
	mallopt(M_TRIM_THRESHOLD, 128 << 10);
	sd_err_clear(&err);
	st = sd_options_parse(argc, argv, &opt, &err);
	sd_log_init(&log, &opt);
	if (st) {
		sd_log_cmdline_error(&log, &opt, &err);
		sd_log_finish(&log, false);
		return 1;
	}
	if (opt.mode == SD_MODE_HELP) {
		sd_options_usage(&opt);
		return 0;
	}
	if (opt.mode == SD_MODE_VERSION) {
		FILE *fp = sd_log_msg_stream(&log);

		if (fp)
			sd_features_print(fp, opt.progname);
		return 0;
	}
	if (opt.check_params) {
		/* what the run refuses, with its message (no Failed line) */
		st = sd_job_check_built(&opt, &err);
		if (st)
			sd_log_error(&log, &err);
		sd_log_finish(&log, st == SD_OK);
		return exit_code(st);
	}
	sd_debug_startup(&log, argc, argv);
	job.opt = &opt;
	job.log = &log;
	st = sd_job_run(&job, &err);
	if (st)
		sd_log_error(&log, &err);
	else if (prints_saved(&opt)) {
		const char *where = opt.flatten ? "STDOUT" : opt.dumpfile;

		sd_log_saved(&log, &where, 1);
	}
	if (job.count_allocs)	/* SIEVEDUMP_TEST_FAIL_ALLOC (tests) */
		fprintf(stderr, "%s: test: %llu accounted allocations\n",
			opt.progname, (unsigned long long)job.budget.charges);
	sd_job_release(&job);
	sd_log_finish(&log, st == SD_OK);
	return exit_code(st);
}
