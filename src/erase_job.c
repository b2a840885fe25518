// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --config in a run: the filter file parsed, the vmlinux of -x opened, the
 * statements resolved against the dumped kernel's memory, the list
 * finished before the analysis (makedumpfile gathers it before it builds
 * its bitmaps).  The writers then apply it (erase_apply.c) and write the
 * erase information (erase_output.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sievedump/arch.h"
#include "sievedump/debuginfo.h"
#include "sievedump/erase.h"
#include "sievedump/job.h"
#include "sievedump/options.h"
#include "sievedump/vtop.h"
#include "erase_dwarf.h"

enum { MAX_LIST_ELEMENTS = 1 << 24, MAX_CONFIG_BYTES = 16 << 20 };

/* The filter file, whole (a filter file is small: 16 MiB at most). */
sd_status
sd_erase_config_read(const char *path, struct sd_erase_config **ret,
		     struct sd_err *err)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t len;
	sd_status st;

	*ret = NULL;
	if (!f)
		return sd_fail_errno(err, errno, "Can't open config file(%s)", path);
	buf = malloc(MAX_CONFIG_BYTES + 1);
	if (!buf) {
		fclose(f);
		return sd_fail(err, SD_ERR_NOMEM, "%s: out of memory", path);
	}
	len = fread(buf, 1, MAX_CONFIG_BYTES + 1, f);
	if (ferror(f))
		st = sd_fail_errno(err, errno, "Can't read config file(%s)", path);
	else if (len > MAX_CONFIG_BYTES)
		st = sd_fail(err, SD_ERR_INVALID,
			     "%s: larger than %d MiB: not a filter file", path,
			     MAX_CONFIG_BYTES >> 20);
	else
		st = sd_erase_config_parse(path, buf, len, ret, err);
	fclose(f);
	free(buf);
	return st;
}

static sd_status
mem_read(void *ctx, uint64_t vaddr, void *buf, size_t len)
{
	struct sd_job *job = ctx;
	struct sd_err err;

	return sd_read_virt(job->model.vt, vaddr, buf, len, &err);
}

static uint64_t
mem_vtop(void *ctx, uint64_t vaddr)
{
	struct sd_job *job = ctx;
	uint64_t paddr;
	struct sd_err err;

	if (sd_vtop(job->model.vt, vaddr, &paddr, NULL, &err))
		return UINT64_MAX;	/* makedumpfile's NOT_PADDR */
	return paddr;
}

static const struct sd_erase_mem_ops job_mem = { mem_read, mem_vtop };

static void
warn(void *ctx, const char *msg)
{
	struct sd_job *job = ctx;

	sd_errmsg(job->log, "%s\n", msg);
}

static void
kaslr(const struct sd_job *job, struct sd_erase_dwarf *d)
{
	int64_t size;

	d->arm64 = job->model.arch && !strcmp(job->model.arch->name, "arm64");
	d->kaslr = job->model.vmci && job->model.vmci->has_kerneloffset ?
		   job->model.vmci->kerneloffset : 0;
	d->image_size = 1ULL << 30;	/* KERNEL_IMAGE_SIZE_KASLR_ORIG */
	if (job->model.vmci &&
	    !sd_vmci_number(job->model.vmci, "KERNEL_IMAGE_SIZE", &size) &&
	    size > 0)
		d->image_size = (uint64_t)size;
}

static sd_status
resolve(struct sd_job *job, struct sd_erase *e, struct sd_err *err)
{
	struct sd_erase_dwarf d;
	struct sd_erase_resolver rv;
	sd_status st;

	memset(&d, 0, sizeof(d));
	st = sd_dbg_open(job->opt->vmlinux, &job->budget, &d.dbg, err);
	if (st)
		return st;
	kaslr(job, &d);
	memset(&rv, 0, sizeof(rv));
	rv.types = &sd_erase_dwarf_ops;
	rv.types_ctx = &d;
	rv.mem = &job_mem;
	rv.mem_ctx = job;
	rv.warn = warn;
	rv.warn_ctx = job;
	rv.max_iterations = MAX_LIST_ELEMENTS;
	st = sd_erase_resolve(&rv, e->config, e, err);
	sd_dbg_close(d.dbg);
	if (!st)
		st = sd_erase_finish(e, err);
	return st;
}

sd_status
sd_erase_setup(struct sd_job *job, struct sd_err *err)
{
	const struct sd_options *opt = job->opt;
	struct sd_erase *e = NULL;
	sd_status st;

	if (!opt->config_file)
		return SD_OK;
	if (!job->model.vt)
		return sd_fail(err, SD_ERR_INVALID,
			       "%s: --config needs VMCOREINFO to read the kernel's memory",
			       opt->vmcore);
	st = sd_balloc(&job->budget, sizeof(*e), 1, "erase list", (void **)&e,
		       err);
	if (st)
		return st;
	sd_erase_init(e, &job->budget);
	job->erase = e;
	st = sd_erase_config_read(opt->config_file, &e->config, err);
	if (!st)
		st = resolve(job, e, err);
	if (!st)
		sd_debug(job->log, "erase filters: %zu range(s), %zu command(s) that erase\n",
			 e->n, e->ninfo ? e->ninfo - 1 : 0);
	return st;
}

void
sd_erase_release(struct sd_job *job)
{
	struct sd_budget *b = &job->budget;

	if (!job->erase)
		return;
	sd_erase_fini(job->erase);
	sd_bfree(b, job->erase, sizeof(*job->erase));
	job->erase = NULL;
}
