// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --mem-usage VMCORE: count the pages of each kind, as a dump at level 31
 * would exclude them, and print makedumpfile's table (doc/options.md,
 * "--mem-usage").  Only counts are kept: the page set is built one cycle
 * at a time, so the memory needed does not grow with the machine.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "sievedump/job.h"
#include "sievedump/job_mem_usage.h"
#include "sievedump/job_open.h"
#include "sievedump/options.h"
#include "sievedump/page.h"
#include "sievedump/signals.h"
#include "sievedump/unreadable.h"

enum {
	CYCLE_PFNS = 1 << 20,		/* 128 KiB of plain bitmap */
	READ_BYTES = 1 << 20,		/* pages read at once for the zero test */
	MEM_USAGE_LEVEL = 31,		/* makedumpfile classifies at 31 */
};

/* What the counting found, besides the scan's stats. */
struct usage {
	uint64_t zero;
	uint64_t unreadable, first_unreadable;
	uint64_t batch_pfn;		/* the batch read_batch reads */
	uint8_t *buf;
	size_t buf_pages;
};

/* The file that lists the crashkernel reservation (tests point elsewhere). */
static const char *
iomem_path(void)
{
	const char *p = getenv("SIEVEDUMP_TEST_IOMEM");

	return p && *p ? p : "/proc/iomem";
}

/* The "Crash kernel" lines of /proc/iomem, as byte ranges [start, end). */
static void
read_crash_ranges(struct sd_job *job)
{
	FILE *f = fopen(iomem_path(), "r");
	char line[256];

	job->model.n_crash = 0;
	if (!f)
		return;
	while (fgets(line, sizeof(line), f) &&
	       job->model.n_crash < SD_JOB_MAX_CRASH) {
		unsigned long long a, b;
		int at = 0;

		if (sscanf(line, "%llx-%llx : %n", &a, &b, &at) != 2 || !at ||
		    strncmp(line + at, "Crash kernel\n", 13))
			continue;
		job->model.crash[job->model.n_crash].start = a;
		job->model.crash[job->model.n_crash].end = b + 1;
		job->model.n_crash++;
	}
	fclose(f);
}

/*
 * Before Linux 4.11 the PT_LOADs of /proc/kcore had no physical address;
 * makedumpfile then asks for -f.  The running kernel is the one asked.
 */
static sd_status
check_kernel(struct sd_job *job, struct sd_err *err)
{
	struct utsname u;
	long maj = 0, min = 0;

	if (job->opt->force || uname(&u) ||
	    sscanf(u.release, "%ld.%ld", &maj, &min) != 2 ||
	    maj > 4 || (maj == 4 && min >= 11))
		return SD_OK;
	sd_msg(job->log, "mem-usage not supported for this kernel.\n");
	sd_msg(job->log,
	       "You can try with -f if your kernel's kcore has valid p_paddr\n");
	return sd_fail(err, SD_ERR_UNSUPPORTED, "%s", "");
}

static void
usage_bad_page(void *ctx, uint64_t i, const struct sd_err *why)
{
	struct usage *u = ctx;

	(void)why;
	if (!u->unreadable++)
		u->first_unreadable = u->batch_pfn + i;
}

/* Read @n pages at @pfn; an unreadable page is counted and reads non-zero. */
static sd_status
read_batch(struct sd_job *job, struct usage *u, uint64_t pfn, uint64_t n,
	   struct sd_err *err)
{
	u->batch_pfn = pfn;
	return sd_read_pages_salvage(job->model.src, pfn, n, u->buf, 0xff,
				     usage_bad_page, u, err);
}

/* Count the zero pages among the members of job->sieve.dump in [start, end). */
static sd_status
count_zero(struct sd_job *job, struct usage *u, uint64_t start, uint64_t end,
	   struct sd_err *err)
{
	const struct sd_pageset *ps = &job->sieve.dump;
	size_t psz = job->model.src->page_size;
	struct sd_range r;
	uint64_t from = start;
	sd_status st = SD_OK;

	while (!st && from < end && ps->ops->next_run(ps, from, &r) &&
	       r.start < end) {
		uint64_t pfn, e = SD_MIN(r.end, end);

		for (pfn = SD_MAX(r.start, from); !st && pfn < e;
		     pfn += u->buf_pages) {
			uint64_t n = SD_MIN(e - pfn, (uint64_t)u->buf_pages), i;

			st = sd_check_interrupt(err);
			if (!st)
				st = read_batch(job, u, pfn, n, err);
			for (i = 0; !st && i < n; i++)
				u->zero += sd_page_is_zero(u->buf + i * psz, psz);
		}
		from = e;
	}
	return st;
}

/* One cycle: the present pfns, less what the mem_map scan excludes. */
static sd_status
count_cycle(struct sd_job *job, struct usage *u, uint64_t start, uint64_t end,
	    struct sd_err *err)
{
	const struct sd_pageset *pr = &job->model.present;
	struct sd_range r;
	uint64_t from = start;
	sd_status st;

	sd_pageset_release(&job->sieve.dump);
	st = sd_pageset_init(&job->sieve.dump, &sd_pageset_plain_ops, start,
			     end, &job->budget, err);
	while (!st && from < end && pr->ops->next_run(pr, from, &r) &&
	       r.start < end) {
		st = job->sieve.dump.ops->set_range(&job->sieve.dump, r.start,
					      SD_MIN(r.end, end), err);
		from = r.end;
	}
	if (!st && job->model.vmci &&
	    sd_page_rules_need_scan(&job->sieve.rules))
		st = sd_scan_memmap(&job->model.mm, &job->sieve.rules,
				    &job->model.present, &job->sieve.dump,
				    start, end, &job->sieve.carry,
				    &job->sieve.stats, NULL, NULL, err);
	if (!st)
		st = count_zero(job, u, start, end, err);
	return st;
}

/* Pfns per cycle: --cyclic-buffer's (its bitmap bytes) or 1 Mi pfns. */
static uint64_t
cycle_pfns(const struct sd_job *job)
{
	uint64_t kb = (uint64_t)job->opt->cyclic_buffer_kb;
	uint64_t n = kb ? kb * 1024 * 8 : CYCLE_PFNS;

	return n < 64 ? 64 : n / 64 * 64;
}

static sd_status
count_all(struct sd_job *job, struct usage *u, struct sd_err *err)
{
	uint64_t cyc = cycle_pfns(job), start, end;
	size_t bytes;
	sd_status st;

	u->buf_pages = READ_BYTES / job->model.src->page_size;
	if (!u->buf_pages)
		u->buf_pages = 1;
	bytes = u->buf_pages * job->model.src->page_size;
	st = sd_balloc(&job->budget, bytes, 0, "the zero-page test's buffer",
		       (void **)&u->buf, err);
	if (!st && job->model.have_mm && job->model.vmci &&
	    sd_page_rules_need_scan(&job->sieve.rules))
		st = sd_memmap_scan_buffer(&job->model.mm, err);
	for (start = 0; !st && start < job->model.max_mapnr; start = end) {
		end = SD_MIN(start + cyc, job->model.max_mapnr);
		st = count_cycle(job, u, start, end, err);
	}
	sd_pageset_release(&job->sieve.dump);
	sd_bfree(&job->budget, u->buf, bytes);
	u->buf = NULL;
	return st;
}

/* makedumpfile's table, word for word (doc/options.md). */
static void
print_usage(struct sd_job *job, const struct usage *u)
{
	const uint64_t *x = job->sieve.stats.excluded;
	struct sd_log *l = job->log;
	uint64_t total = job->model.max_mapnr - job->model.memhole;
	uint64_t excl = u->zero + x[SD_CAT_CACHE] + x[SD_CAT_CACHE_PRIVATE] +
			x[SD_CAT_USER] + x[SD_CAT_FREE] + x[SD_CAT_HWPOISON] +
			x[SD_CAT_OFFLINE];

	sd_msg(l, "\n");
	sd_msg(l, "TYPE\t\tPAGES\t\t\tEXCLUDABLE\tDESCRIPTION\n");
	sd_msg(l, "----------------------------------------------------------------------\n");
	sd_msg(l, "ZERO\t\t%-16" PRIu64 "\tyes\t\tPages filled with zero\n",
	       u->zero);
	sd_msg(l, "NON_PRI_CACHE\t%-16" PRIu64 "\tyes\t\tCache pages without private flag\n",
	       x[SD_CAT_CACHE]);
	sd_msg(l, "PRI_CACHE\t%-16" PRIu64 "\tyes\t\tCache pages with private flag\n",
	       x[SD_CAT_CACHE_PRIVATE]);
	sd_msg(l, "USER\t\t%-16" PRIu64 "\tyes\t\tUser process pages\n",
	       x[SD_CAT_USER]);
	sd_msg(l, "FREE\t\t%-16" PRIu64 "\tyes\t\tFree pages\n", x[SD_CAT_FREE]);
	sd_msg(l, "KERN_DATA\t%-16" PRIu64 "\tno\t\tDumpable kernel data \n",
	       total - excl);
	sd_msg(l, "\n");
	sd_msg(l, "page size:\t\t%-16" PRIu32 "\n", job->model.src->page_size);
	sd_msg(l, "Total pages on system:\t%-16" PRIu64 "\n", total);
	sd_msg(l, "Total size on system:\t%-16" PRIu64 " Byte\n",
	       total * job->model.src->page_size);
}

/* Warnings the counts need: what could not be judged or read. */
static void
warn_counts(struct sd_job *job, const struct usage *u)
{
	if (job->model.vmci && !job->sieve.rules.can_buddy)
		sd_msg(job->log,
		       "WARNING: %s: VMCOREINFO has no %s: free pages cannot be told apart in mem_map and are counted as kernel data.\n",
		       job->opt->vmcore,
		       sd_page_rules_buddy_missing(&job->sieve.rules));
	if (u->unreadable)
		sd_msg(job->log,
		       "WARNING: %s: %" PRIu64 " page(s) could not be read, first at pfn 0x%" PRIx64 "; counted as kernel data\n",
		       job->opt->vmcore, u->unreadable, u->first_unreadable);
}

sd_status
sd_job_mem_usage(struct sd_job *job, struct sd_err *err)
{
	struct usage u = { 0 };
	sd_status st;

	st = check_kernel(job, err);
	if (st)
		return st;
	read_crash_ranges(job);
	if (!job->model.n_crash)
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "No memory is reserved for crashkernel! (--mem-usage leaves the \"Crash kernel\" ranges of %s out; there are none)",
			       iomem_path());
	sd_signals_install();
	job->dump_level = MEM_USAGE_LEVEL;
	st = sd_job_open(job, err);
	if (!st && job->model.vmci)
		st = sd_page_rules_init(&job->sieve.rules, job->model.vmci,
					job->dump_level, err);
	if (!st)
		st = count_all(job, &u, err);
	if (st)
		return st;
	warn_counts(job, &u);
	print_usage(job, &u);
	return SD_OK;
}
