// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -D (message level bit 8): the facts makedumpfile 1.7.2 prints with -D,
 * in its order and line formats, taken from our own parsed state; then
 * sievedump's own.  doc/debug-output.md lists every line.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sievedump/features.h"
#include "sievedump/job.h"
#include "sievedump/job_debug.h"

static bool
debug_on(const struct sd_job *job)
{
	return job->log->level & SD_LOG_DEBUG;
}

void
sd_debug_startup(struct sd_log *log, int argc, char **argv)
{
	int i;

	if (!(log->level & SD_LOG_DEBUG))
		return;
	sd_debug(log, "%s: version %s (sievedump, released on %s)\n",
		 log->progname, PACKAGE_VERSION, sd_release_date());
	sd_debug(log, "command line: ");
	for (i = 0; i < argc; i++)
		sd_debug(log, "%s ", argv[i]);
	sd_debug(log, "\n\n");
}

/* The PT_LOAD table: physical and virtual start and end of each. */
static void
debug_loads(struct sd_job *job)
{
	const struct sd_source *src = job->model.src;
	size_t i;

	sd_debug(job->log, "%8s %16s %16s %16s %16s\n", "", "phys_start",
		 "phys_end", "virt_start", "virt_end");
	for (i = 0; i < src->n_loads; i++) {
		const struct sd_src_load *l = &src->loads[i];

		sd_debug(job->log, "LOAD[%2zu] %16" PRIx64 " %16" PRIx64
			 " %16" PRIx64 " %16" PRIx64 "\n", i, l->paddr,
			 l->paddr + l->memsz, l->vaddr, l->vaddr + l->memsz);
	}
	sd_debug(job->log, "Linux kdump\n");
}

static void
debug_main_header(struct sd_log *log, const struct sd_disk_dump_header *dh)
{
	sd_debug(log, "diskdump main header\n");
	sd_debug(log, "  signature        : %.8s\n", dh->signature);
	sd_debug(log, "  header_version   : %d\n", dh->header_version);
	sd_debug(log, "  status           : %u\n", dh->status);
	sd_debug(log, "  block_size       : %d\n", dh->block_size);
	sd_debug(log, "  sub_hdr_size     : %d\n", dh->sub_hdr_size);
	sd_debug(log, "  bitmap_blocks    : %u\n", dh->bitmap_blocks);
	sd_debug(log, "  max_mapnr        : 0x%x\n", dh->max_mapnr);
	sd_debug(log, "  total_ram_blocks : %u\n", dh->total_ram_blocks);
	sd_debug(log, "  device_blocks    : %u\n", dh->device_blocks);
	sd_debug(log, "  written_blocks   : %u\n", dh->written_blocks);
	sd_debug(log, "  current_cpu      : %u\n", dh->current_cpu);
	sd_debug(log, "  nr_cpus          : %d\n", dh->nr_cpus);
}

/* Sizes in hex with 0x (makedumpfile prints them in decimal after 0x). */
static void
debug_sub_header(struct sd_log *log, int version,
		 const struct sd_kdump_sub_header *kh)
{
	sd_debug(log, "kdump sub header\n");
	sd_debug(log, "  phys_base        : 0x%" PRIx64 "\n", kh->phys_base);
	sd_debug(log, "  dump_level       : %d\n", kh->dump_level);
	sd_debug(log, "  split            : %d\n", kh->split);
	sd_debug(log, "  start_pfn        : 0x%" PRIx64 "\n", kh->start_pfn);
	sd_debug(log, "  end_pfn          : 0x%" PRIx64 "\n", kh->end_pfn);
	if (version >= 6) {
		sd_debug(log, "  start_pfn_64     : 0x%" PRIx64 "\n", kh->start_pfn_64);
		sd_debug(log, "  end_pfn_64       : 0x%" PRIx64 "\n", kh->end_pfn_64);
		sd_debug(log, "  max_mapnr_64     : 0x%" PRIx64 "\n", kh->max_mapnr_64);
	}
	if (version >= 3) {
		sd_debug(log, "  offset_vmcoreinfo: 0x%" PRIx64 "\n",
			 (uint64_t)kh->offset_vmcoreinfo);
		sd_debug(log, "  size_vmcoreinfo  : 0x%" PRIx64 "\n", kh->size_vmcoreinfo);
	}
	if (version >= 4) {
		sd_debug(log, "  offset_note      : 0x%" PRIx64 "\n",
			 (uint64_t)kh->offset_note);
		sd_debug(log, "  size_note        : 0x%" PRIx64 "\n", kh->size_note);
	}
	if (version >= 5) {
		sd_debug(log, "  offset_eraseinfo : 0x%" PRIx64 "\n",
			 (uint64_t)kh->offset_eraseinfo);
		sd_debug(log, "  size_eraseinfo   : 0x%" PRIx64 "\n", kh->size_eraseinfo);
	}
}

void
sd_job_debug_source(struct sd_job *job)
{
	const struct sd_src_kdump *k = job->model.src->kdump;

	if (!debug_on(job))
		return;
	if (!k) {
		debug_loads(job);
		return;
	}
	debug_main_header(job->log, &k->dh);
	debug_sub_header(job->log, k->dh.header_version, &k->kh);
}

void
sd_vmci_debug(struct sd_log *log, const struct sd_vmcoreinfo *vi)
{
	const char *p = vi->raw, *end = vi->raw + vi->raw_len;

	if (!(log->level & SD_LOG_DEBUG))
		return;
	sd_debug(log, "VMCOREINFO   :\n");
	while (p < end && *p) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *z = memchr(p, '\0', (size_t)(end - p));
		const char *e = nl ? nl : end;

		if (z && z < e)
			e = z;
		sd_debug(log, "  %.*s\n", (int)(e - p), p);
		if (!strncmp(p, "PAGESIZE=", 9) && e - p > 9)
			sd_debug(log, "page_size    : %ld\n",
				 strtol(p + 9, NULL, 10));
		if (e == z || !nl)
			break;
		p = nl + 1;
	}
	sd_debug(log, "\n");
}
