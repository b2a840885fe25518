// SPDX-License-Identifier: GPL-2.0-or-later
/* Opening the input: source, VMCOREINFO, address translation, mem_map. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sievedump/erase.h"
#include "sievedump/job.h"
#include "sievedump/job_debug.h"
#include "sievedump/job_debuginfo.h"
#include "sievedump/job_open.h"
#include "sievedump/kdump_format.h"
#include "sievedump/mdf_cycle.h"
#include "sievedump/options.h"

static void
warn_conflicts(struct sd_job *job, const struct sd_vmcoreinfo *v)
{
	if (v && v->n_conflicts)
		sd_msg(job->log,
		       "WARNING: %s: VMCOREINFO key repeated with another value (%u such key(s)): %s\n",
		       v->origin, v->n_conflicts, v->conflict);
}

static sd_status
load_vmcoreinfo(struct sd_job *job, struct sd_err *err)
{
	const char *text;
	size_t len;
	sd_status st;

	text = sd_source_vmcoreinfo(job->model.src, &len);
	if (text) {
		st = sd_vmci_parse(text, len, job->model.src->path,
				   &job->model.vmci_note, err);
		if (st)
			return st;
		warn_conflicts(job, job->model.vmci_note);
	}
	if (job->opt->vmcoreinfo_in || job->opt->vmlinux) {
		/* -x: the vmlinux's keys, merged as -i's (doc/debuginfo.md) */
		st = job->opt->vmlinux ?
			     sd_job_vmlinux_vmcoreinfo(job,
						       &job->model.vmci_file,
						       err) :
			     sd_vmci_load_file(job->opt->vmcoreinfo_in,
					       &job->model.vmci_file, err);
		if (st)
			return st;
		warn_conflicts(job, job->model.vmci_file);
		st = sd_vmci_merge(job->model.vmci_file, job->model.vmci_note,
				   &job->model.vmci, err);
		if (st)
			return st;
	} else if (job->model.vmci_note) {
		job->model.vmci = job->model.vmci_note;
		job->model.vmci_note = NULL;
	}
	if (!job->model.vmci && job->dump_level > 1)
		return sd_fail(err, SD_ERR_INVALID,
			       "VMCORE doesn't contain vmcoreinfo.\n"
			       "Specify '-x' option or '-i' option.");
	return SD_OK;
}

/*
 * The 1st bitmap: every pfn some PT_LOAD covers; in makedumpfile's
 * one-cycle mode (kdump format) also a PT_LOAD's partial last page.
 */
static sd_status
build_present(struct sd_job *job, struct sd_err *err)
{
	bool one_cycle = !job->opt->elf_output && sd_job_mdf_one_cycle(job);
	struct sd_src_range *r = NULL;
	size_t n = 0, i;
	sd_status st;

	/* a handful of PT_LOAD ranges: the extent list holds them in bytes */
	st = sd_pageset_init(&job->model.present, &sd_pageset_extent_ops, 0,
			     job->model.max_mapnr, &job->budget, err);
	if (st)
		return st;
	st = sd_source_present_ranges(job->model.src, one_cycle, &r, &n, err);
	if (st)
		return st;
	for (i = 0; !st && i < n; i++)
		st = job->model.present.ops
			     ->set_range(&job->model.present, r[i].start,
					 SD_MIN(r[i].end, job->model.max_mapnr),
					 err);
	if (!job->model.src->kdump) {
		job->model.memhole = sd_job_memhole(job, one_cycle);
	} else {	/* refiltering: max_mapnr minus the 1st bitmap's bits */
		job->model.memhole = job->model.max_mapnr;
		for (i = 0; i < n; i++)
			job->model.memhole -=
				SD_MIN(r[i].end, job->model.max_mapnr) -
				SD_MIN(r[i].start, job->model.max_mapnr);
	}
	sd_bfree(&job->budget, r, n * sizeof(*r));
	return st;
}

/*
 * The 2nd bitmap over [start, end) starts as the pfns that have data; the
 * scan then removes what the dump level excludes.  Any previous set is
 * released first.
 */
sd_status
sd_job_build_dump(struct sd_job *job, const struct sd_pageset_ops *ops,
		  uint64_t start, uint64_t end, struct sd_pageset *set,
		  struct sd_err *err)
{
	struct sd_src_range *r = NULL;
	size_t n = 0, i;
	sd_status st;

	sd_pageset_release(set);
	st = sd_pageset_init(set, ops, start, end, &job->budget, err);
	if (st)
		return st;
	st = sd_source_data_ranges(job->model.src, &r, &n, err);
	for (i = 0; !st && i < n; i++)
		if (r[i].end > start && r[i].start < end)
			st = set->ops->set_range(set, r[i].start, r[i].end, err);
	sd_bfree(&job->budget, r, n * sizeof(*r));
	return st;
}

static sd_status
open_model(struct sd_job *job, struct sd_err *err)
{
	sd_status st;

	job->model.vt = calloc(1, sizeof(*job->model.vt));
	if (!job->model.vt)
		return sd_fail(err, SD_ERR_NOMEM, "out of memory");
	st = sd_vtop_init(job->model.vt, job->model.arch, job->model.src,
			  job->model.vmci, err);
	if (st)
		return st;
	st = sd_memmap_init(&job->model.mm, job->model.vt, job->model.vmci,
			    job->model.src->max_mapnr, &job->budget, err);
	if (st)
		return st;
	job->model.have_mm = true;
	/* makedumpfile's bitmap file counts every pfn it clears */
	job->model.mm.count_runs = job->model.src->kdump != NULL ||
			     job->opt->mode == SD_MODE_MEM_USAGE;
	job->model.max_mapnr = job->model.mm.max_mapnr;
	if (job->model.mm.unreadable_blocks)
		sd_msg(job->log,
		       "WARNING: %s: mem_section root %" PRIu64 " (0x%" PRIx64
		       ") cannot be read (%" PRIu64
		       " such root(s)); the pages of its sections are kept\n",
		       job->opt->vmcore, job->model.mm.first_unreadable_block,
		       job->model.mm.first_unreadable_addr,
		       job->model.mm.unreadable_blocks);
	if (job->model.mm.bad_sections)
		sd_msg(job->log,
		       "WARNING: %s: mem_section %" PRIu64 " has an invalid section_mem_map 0x%" PRIx64
		       " (%" PRIu64 " such section(s)); the pages of those sections are kept\n",
		       job->opt->vmcore, job->model.mm.first_bad_section,
		       job->model.mm.first_bad_smm, job->model.mm.bad_sections);
	return SD_OK;
}

/*
 * With -i, the file must describe the dumped kernel: its OSRELEASE must
 * equal the release in the dump's own utsname (makedumpfile exits 2).
 */
static sd_status
check_release(struct sd_job *job, struct sd_err *err)
{
	char name[6 * 65];
	uint64_t uts;
	int64_t off;
	sd_status st;

	if (!job->opt->vmcoreinfo_in || !job->model.vt)	/* not with -x */
		return SD_OK;
	if (sd_vmci_symbol(job->model.vmci, "init_uts_ns", &uts))
		return sd_fail(err, SD_ERR_INVALID,
			       "%s: no SYMBOL(init_uts_ns) to check the release",
			       job->opt->vmcoreinfo_in);
	if (sd_vmci_offset(job->model.vmci, "uts_namespace.name", &off))
		off = 4;	/* before 4.x: name follows the kref */
	st = sd_read_virt(job->model.vt, uts + (uint64_t)off, name,
			  sizeof(name), err);
	if (st)
		return sd_wrap(err, st, "%s: reading the kernel release",
			       job->opt->vmcore);
	name[2 * 65 + 64] = '\0';
	if (!job->model.vmci_file->osrelease ||
	    strcmp(name + 2 * 65, job->model.vmci_file->osrelease))
		return sd_fail(err, SD_ERR_WRONG_RELEASE,
			       "%s and %s don't match.",
			       job->opt->vmcoreinfo_in, job->opt->vmcore);
	return SD_OK;
}

/* Which reader: the source registry probes the first bytes. */
static sd_status
open_source(struct sd_job *job, struct sd_err *err)
{
	struct sd_source_opts so = { .non_mmap = job->opt->non_mmap };

	return sd_source_open(job->opt->vmcore, &so, &job->budget,
			      &job->model.src, err);
}

/* Refiltering a kdump-compressed input (doc/format-kdump.md). */
static sd_status
open_refilter(struct sd_job *job, struct sd_err *err)
{
	const struct sd_src_kdump *k = job->model.src->kdump;
	int level = job->dump_level | (k->dump_level & 31);

	if (job->opt->elf_output)
		return sd_fail(err, SD_ERR_INVALID,
			       "'-E' option is disabled, because %s is kdump compressed format.",
			       job->opt->vmcore);
	if (job->opt->mode == SD_MODE_SPLIT)
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "%s: --split of a kdump-compressed input is not implemented yet",
			       job->opt->vmcore);
	if (k->dump_level < 0 || k->dump_level > 31) {
		/* the bitmaps, not this field, say what the input holds */
		sd_msg(job->log,
		       "WARNING: %s: dump_level %d in the sub-header at offset 0x%x is not 0-31; ignored (the input's bitmaps say which pages it holds)\n",
		       job->opt->vmcore, k->dump_level,
		       (unsigned)job->model.src->page_size + 8);
		level = job->dump_level;
	}
	if (level != job->dump_level) {
		sd_msg(job->log,
		       "dump_level is changed to %d, because %s was created by dump_level(%d).",
		       level, job->opt->vmcore, k->dump_level);
		job->dump_level = level;
	}
	if (k->size_eraseinfo && job->opt->elf_output)	/* as makedumpfile */
		sd_msg(job->log,
		       "%s: its erase information (%" PRIu64 " bytes) is not copied to the ELF dump\n",
		       job->opt->vmcore, k->size_eraseinfo);
	return SD_OK;
}

/* --mem-usage reads an ELF core, less the crashkernel reservation. */
static sd_status
open_mem_usage(struct sd_job *job, struct sd_err *err)
{
	sd_status st = SD_OK;
	unsigned i;

	if (job->model.src->kdump)
		return sd_fail(err, SD_ERR_INVALID,
			       "%s: --mem-usage reads an ELF core such as /proc/kcore, not a kdump-compressed file",
			       job->opt->vmcore);
	/* the crashkernel reservations job_mem_usage.c found in iomem */
	for (i = 0; !st && i < job->model.n_crash; i++)
		st = sd_source_cut_phys(job->model.src,
					job->model.crash[i].start,
					job->model.crash[i].end, err);
	return st;
}

/* NUMBER(phys_base) of the copied note must agree with the sub-header's. */
static void
check_phys_base(struct sd_job *job)
{
	int64_t pb;

	if (!job->model.src->kdump || !job->model.vmci ||
	    sd_vmci_number(job->model.vmci, "phys_base", &pb) ||
	    (uint64_t)pb == job->model.src->phys_base)
		return;
	sd_msg(job->log,
	       "%s: phys_base 0x%" PRIx64 " of the sub-header differs from NUMBER(phys_base)=0x%" PRIx64
	       " in VMCOREINFO; using the sub-header's, as makedumpfile does\n",
	       job->opt->vmcore, job->model.src->phys_base, (uint64_t)pb);
}

sd_status
sd_job_open(struct sd_job *job, struct sd_err *err)
{
	sd_status st;

	st = open_source(job, err);
	if (!st)
		sd_job_debug_source(job);
	if (!st && job->model.src->warning[0])
		sd_msg(job->log, "WARNING: %s: %s\n", job->opt->vmcore,
		       job->model.src->warning);
	if (!st && job->model.src->kdump)
		st = open_refilter(job, err);
	if (!st && job->opt->mode == SD_MODE_MEM_USAGE)
		st = open_mem_usage(job, err);
	if (st)
		return st;
	job->model.arch = sd_arch_by_elf(job->model.src->machine);
	if (!job->model.arch)
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "%s: ELF machine %u: sievedump dumps %s kernels only",
			       job->opt->vmcore, job->model.src->machine,
			       sd_arch_names());
	if (job->opt->exclude_vmemmap && !job->model.arch->exclude_vmemmap)
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "%s: -e (exclude unused vmemmap pages) is not supported on %s dumps (x86_64 only; doc/architectures.md)",
			       job->opt->vmcore, job->model.arch->name);
	st = load_vmcoreinfo(job, err);
	if (st)
		return st;
	check_phys_base(job);
	if (job->model.vmci)
		sd_vmci_debug(job->log, job->model.vmci_file ?
						job->model.vmci_file :
						job->model.vmci);
	if (job->model.vmci) {
		st = sd_source_set_page_size(job->model.src,
					     job->model.vmci->page_size, err);
		if (!st)
			st = open_model(job, err);
		if (!st)
			st = check_release(job, err);
	} else {
		job->model.max_mapnr = job->model.src->max_mapnr;
	}
	if (!st)
		st = build_present(job, err);
	if (!st)
		sd_job_debug_model(job);
	return st;
}

void
sd_job_release(struct sd_job *job)
{
	sd_erase_release(job);
	sd_pageset_release(&job->sieve.dump);
	sd_pageset_release(&job->model.present);
	if (job->model.have_mm)
		sd_memmap_fini(&job->model.mm);
	free(job->model.vt);
	sd_vmci_free(job->model.vmci);
	sd_vmci_free(job->model.vmci_note);
	sd_vmci_free(job->model.vmci_file);
	sd_source_close(job->model.src);
	memset(job, 0, sizeof(*job));
}
