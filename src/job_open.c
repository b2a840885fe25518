// SPDX-License-Identifier: GPL-2.0-or-later
/* Opening the input: source, VMCOREINFO, address translation, mem_map. */
#include <stdlib.h>
#include <string.h>

#include "sievedump/job.h"

static sd_status
load_vmcoreinfo(struct sd_job *job, struct sd_err *err)
{
	const char *text;
	size_t len;
	sd_status st;

	text = sd_source_vmcoreinfo(job->src, &len);
	if (text) {
		st = sd_vmci_parse(text, len, job->src->path, &job->vmci_note,
				   err);
		if (st)
			return st;
	}
	if (job->opt->vmcoreinfo_in) {
		st = sd_vmci_load_file(job->opt->vmcoreinfo_in,
				       &job->vmci_file, err);
		if (st)
			return st;
		st = sd_vmci_merge(job->vmci_file, job->vmci_note, &job->vmci,
				   err);
		if (st)
			return st;
	} else if (job->vmci_note) {
		job->vmci = job->vmci_note;
		job->vmci_note = NULL;
	}
	if (!job->vmci && job->dump_level > 1)
		return sd_fail(err, SD_ERR_INVALID,
			       "VMCORE doesn't contain vmcoreinfo.\n"
			       "Specify '-x' option or '-i' option.");
	return SD_OK;
}

/* The 1st bitmap: every pfn some PT_LOAD covers. */
static sd_status
build_present(struct sd_job *job, struct sd_err *err)
{
	struct sd_src_range *r = NULL;
	size_t n = 0, i;
	sd_status st;

	/* a handful of PT_LOAD ranges: the extent list holds them in bytes */
	st = sd_pageset_init(&job->present, &sd_pageset_extent_ops, 0,
			     job->max_mapnr, &job->budget, err);
	if (st)
		return st;
	st = sd_source_present_ranges(job->src, false, &r, &n, err);
	if (st)
		return st;
	job->memhole = job->max_mapnr;
	for (i = 0; !st && i < n; i++)
		st = job->present.ops->set_range(&job->present, r[i].start,
						 r[i].end, err);
	sd_bfree(&job->budget, r, n * sizeof(*r));
	/* makedumpfile subtracts every PT_LOAD's pfns, overlaps included */
	for (i = 0; i < job->src->n_loads; i++) {
		const struct sd_src_load *l = &job->src->loads[i];
		uint64_t s, e;

		if (l->paddr == SD_SRC_NO_PADDR)
			continue;
		s = l->paddr >> job->src->page_shift;
		e = (l->paddr + l->memsz) >> job->src->page_shift;
		if (e > job->max_mapnr)
			e = job->max_mapnr;
		if (e > s)
			job->memhole -= e - s;
	}
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
	st = sd_source_data_ranges(job->src, &r, &n, err);
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

	job->vt = calloc(1, sizeof(*job->vt));
	if (!job->vt)
		return sd_fail(err, SD_ERR_NOMEM, "out of memory");
	st = sd_vtop_init(job->vt, job->src, job->vmci, err);
	if (st)
		return st;
	st = sd_memmap_init(&job->mm, job->vt, job->vmci, job->src->max_mapnr,
			    &job->budget, err);
	if (st)
		return st;
	job->have_mm = true;
	job->max_mapnr = job->mm.max_mapnr;
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

	if (!job->vmci_file || !job->vt)
		return SD_OK;
	if (sd_vmci_symbol(job->vmci, "init_uts_ns", &uts))
		return sd_fail(err, SD_ERR_INVALID,
			       "%s: no SYMBOL(init_uts_ns) to check the release",
			       job->opt->vmcoreinfo_in);
	if (sd_vmci_offset(job->vmci, "uts_namespace.name", &off))
		off = 4;	/* before 4.x: name follows the kref */
	st = sd_read_virt(job->vt, uts + (uint64_t)off, name, sizeof(name), err);
	if (st)
		return sd_wrap(err, st, "%s: reading the kernel release",
			       job->opt->vmcore);
	name[2 * 65 + 64] = '\0';
	if (!job->vmci_file->osrelease ||
	    strcmp(name + 2 * 65, job->vmci_file->osrelease))
		return sd_fail(err, SD_ERR_WRONG_RELEASE,
			       "%s and %s don't match.",
			       job->opt->vmcoreinfo_in, job->opt->vmcore);
	return SD_OK;
}

sd_status
sd_job_open(struct sd_job *job, struct sd_err *err)
{
	struct sd_source_opts so = { .non_mmap = job->opt->non_mmap };
	sd_status st;

	st = sd_source_open_elf(job->opt->vmcore, &so, &job->budget, &job->src,
				err);
	if (st)
		return st;
	if (job->src->machine != 62)	/* EM_X86_64 */
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "%s: ELF machine %u: only x86_64 dumps are supported yet",
			       job->opt->vmcore, job->src->machine);
	st = load_vmcoreinfo(job, err);
	if (st)
		return st;
	if (job->vmci) {
		st = sd_source_set_page_size(job->src, job->vmci->page_size,
					     err);
		if (!st)
			st = open_model(job, err);
		if (!st)
			st = check_release(job, err);
	} else {
		job->max_mapnr = job->src->max_mapnr;
	}
	if (!st)
		st = build_present(job, err);
	return st;
}

void
sd_job_release(struct sd_job *job)
{
	sd_pageset_release(&job->dump);
	sd_pageset_release(&job->present);
	if (job->have_mm)
		sd_memmap_fini(&job->mm);
	free(job->vt);
	sd_vmci_free(job->vmci);
	sd_vmci_free(job->vmci_note);
	sd_vmci_free(job->vmci_file);
	sd_source_close(job->src);
	memset(job, 0, sizeof(*job));
}
