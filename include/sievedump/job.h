/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_JOB_H
#define SIEVEDUMP_JOB_H

#include <stdbool.h>
#include <stdint.h>

#include "sievedump/alloc.h"
#include "sievedump/classify.h"
#include "sievedump/memmap.h"
#include "sievedump/pageset.h"
#include "sievedump/scan.h"
#include "sievedump/source.h"
#include "sievedump/vmemmap.h"

/** Where the page copy's time went, in seconds (the debug report). */
struct sd_copy_clock {
	double read;			/**< reading kept pages from the input */
	double compress;		/**< compressing, or waiting for workers */
	double write;			/**< descriptors and data to the output */
};

/** Crashkernel reservations --mem-usage leaves out (as makedumpfile: 8). */
enum { SD_JOB_MAX_CRASH = 8 };

struct sd_arch_ops;
struct sd_erase;
struct sd_log;
struct sd_options;
struct sd_vmcoreinfo;
struct sd_vtop;

/** The input and the dumped kernel's model: job_open.c fills it. */
struct sd_job_model {
	struct sd_source *src;
	struct sd_vmcoreinfo *vmci;	/**< effective (note, or -i merged) */
	struct sd_vmcoreinfo *vmci_note;
	struct sd_vmcoreinfo *vmci_file;
	const struct sd_arch_ops *arch;	/**< the dumped kernel's architecture */
	struct sd_vtop *vt;
	struct sd_memmap mm;
	bool have_mm;
	struct sd_pageset present;	/**< 1st bitmap */
	uint64_t max_mapnr;
	uint64_t memhole;		/**< as makedumpfile reports it */
	struct sd_src_range crash[SD_JOB_MAX_CRASH];	/**< --mem-usage, bytes */
	unsigned n_crash;
};

/** The plan: job_plan.c sets it, job_cycle.c adapts the cycles. */
struct sd_job_planned {
	const struct sd_pageset_ops *dump_ops;	/**< planned backend (NULL: plain) */
	unsigned threads;		/**< planned compression threads */
	unsigned read_batch;		/**< pages per copy read (the plan's); 0: default */
	uint64_t writer_reserve;	/**< budget held for the writer's buffers */
	uint64_t cycle_pfns;		/**< pfns per cycle; 0 or max_mapnr: one pass */
	bool cyclic;			/**< job->sieve.dump holds one cycle at a time */
	unsigned adaptations;		/**< times the set outgrew its share */
};

/**
 * The analysis: the rules, the dump set and what it left out; filled by
 * job_analyze.c, job_cycle.c, job_vmemmap.c, and per cycle by cycle_driver.c.
 */
struct sd_job_sieve {
	struct sd_page_rules rules;
	struct sd_pageset dump;		/**< 2nd bitmap */
	uint64_t num_dumpable;		/**< kept pfns of the whole dump (cyclic: counted) */
	struct sd_scan_carry carry;	/**< compound/buddy units crossing cycles */
	struct sd_scan_stats stats;
	bool warned_buddy;		/**< the "free pages kept" warning was given */
	uint64_t zero_pages;
	uint64_t unreadable_pages;	/**< input pages left out (unreadable.c) */
	uint64_t first_unreadable_pfn;
	struct sd_vmemmap vmemmap;	/**< -e, during the analysis only */
	struct sd_vmemmap_stats vmemmap_stats;	/**< -e: what it left out */
	bool excluded_vmemmap;		/**< -e took effect: status 0x10 */
};

/** The writer's tallies: cycle_driver.c and the kdump writer fill them. */
struct sd_job_out {
	uint64_t cycles_written;	/**< sets the cycle driver built */
	uint64_t write_bytes;
	struct sd_copy_clock copy_clock;	/**< kdump writer */
};

/**
 * Everything one run of sievedump owns; passed explicitly, never global.
 * Run-wide fields at the top, then one group per stage, in stage order.
 */
struct sd_job {
	const struct sd_options *opt;
	struct sd_log *log;
	struct sd_budget budget;
	bool count_allocs;		/**< tests: main prints budget.charges */
	int dump_level;
	struct sd_erase *erase;		/**< --config's erase list, or NULL */
	struct sd_job_model model;
	struct sd_job_planned plan;
	struct sd_job_sieve sieve;
	struct sd_job_out out;
};

/** Run the mode the options ask for.  Only main prints the error. */
sd_status sd_job_run(struct sd_job *job, struct sd_err *err) SD_MUST_CHECK;
/** What the run would refuse unopened (--check-params shares it). */
sd_status sd_job_check_built(const struct sd_options *opt,
			     struct sd_err *err) SD_MUST_CHECK;

#endif
