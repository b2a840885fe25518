// SPDX-License-Identifier: GPL-2.0-or-later
/* What each mode does, in order.  Errors travel up to main. */
#include <stdio.h>
#include <string.h>

#include "sievedump/features.h"
#include "sievedump/job.h"

static sd_status
not_implemented(const char *what, struct sd_err *err)
{
	return sd_fail(err, SD_ERR_UNSUPPORTED, "%s is not implemented yet",
		       what);
}

static sd_status
check_compressor(const struct sd_options *opt, struct sd_err *err)
{
	if (!sd_compress_built(opt->compress))
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "this sievedump was built without %s (configure --with-%s)",
			       sd_compress_name(opt->compress),
			       sd_compress_name(opt->compress));
	if (opt->backend != SD_BACKEND_AUTO && !sd_backend_built(opt->backend))
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "this sievedump was built without the %s backend (configure --with-roaring)",
			       sd_backend_name(opt->backend));
	return SD_OK;
}

/* Options that are accepted but whose behaviour is not built yet. */
static sd_status
check_unbuilt(const struct sd_options *opt, struct sd_err *err)
{
	if (opt->vmlinux)
		return not_implemented("-x (reading debug information from vmlinux)", err);
	if (opt->exclude_vmemmap)
		return not_implemented("-e", err);
	if (opt->exclude_xen_dom || opt->xen_syms || opt->xen_vmcoreinfo ||
	    opt->xen_phys_start_set)
		return not_implemented("Xen dump support", err);
	if (opt->config_file)
		return not_implemented("--config", err);
	if (opt->eppic)
		return not_implemented("--eppic", err);
	if (opt->n_diskset)
		return not_implemented("--diskset (sadump)", err);
	if (opt->backend != SD_BACKEND_AUTO && opt->backend != SD_BACKEND_PLAIN)
		return not_implemented("--backend roaring|extent", err);
	if (opt->mem_budget)
		return not_implemented("--mem-budget", err);
	return SD_OK;
}

static sd_status
run_dry(struct sd_job *job, struct sd_err *err)
{
	sd_status st;

	st = sd_job_open(job, err);
	if (!st)
		st = sd_job_analyze(job, err);
	if (!st)
		st = sd_job_count_zero(job, err);
	if (!st)
		sd_job_report(job);
	return st;
}

static sd_status
run_vtop(struct sd_job *job, struct sd_err *err)
{
	sd_status st = sd_job_open(job, err);

	if (st)
		return st;
	if (!job->vt)
		return sd_fail(err, SD_ERR_INVALID,
			       "%s: --vtop needs VMCOREINFO", job->opt->vmcore);
	return sd_vtop_print(job->vt, job->opt->vtop_addr, job->log->out, err);
}

sd_status
sd_job_run(struct sd_job *job, struct sd_err *err)
{
	const struct sd_options *opt = job->opt;
	sd_status st;

	job->dump_level = sd_options_dump_level(opt);
	sd_budget_init(&job->budget, 0);
	st = check_compressor(opt, err);
	if (!st)
		st = check_unbuilt(opt, err);
	if (st)
		return st;
	switch (opt->mode) {
	case SD_MODE_DUMP:
		if (opt->vtop_addr)
			return run_vtop(job, err);
		if (opt->dry_run)
			return run_dry(job, err);
		if (opt->elf_output)
			return not_implemented("ELF output (-E)", err);
		if (opt->flatten)
			return not_implemented("flattened output (-F)", err);
		return not_implemented("writing kdump-compressed dump files", err);
	case SD_MODE_VTOP:
		return run_vtop(job, err);
	case SD_MODE_REBUILD:
		return not_implemented("-R", err);
	case SD_MODE_SPLIT:
		return not_implemented("--split", err);
	case SD_MODE_REASSEMBLE:
		return not_implemented("--reassemble", err);
	case SD_MODE_DMESG:
		return not_implemented("--dump-dmesg", err);
	case SD_MODE_GEN_VMCOREINFO:
		return not_implemented("-g", err);
	case SD_MODE_MEM_USAGE:
		return not_implemented("--mem-usage", err);
	case SD_MODE_PLAN:
		return not_implemented("--plan", err);
	default:
		return sd_fail(err, SD_ERR_INVALID, "unexpected mode");
	}
}
