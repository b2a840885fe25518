/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_JOB_H
#define SIEVEDUMP_JOB_H

#include <stdint.h>

#include "sievedump/alloc.h"
#include "sievedump/classify.h"
#include "sievedump/log.h"
#include "sievedump/memmap.h"
#include "sievedump/options.h"
#include "sievedump/pageset.h"
#include "sievedump/scan.h"
#include "sievedump/source.h"
#include "sievedump/vmcoreinfo.h"
#include "sievedump/vmemmap.h"
#include "sievedump/vtop.h"

/** Where the page copy's time went, in seconds (the debug report). */
struct sd_copy_clock {
	double read;			/**< reading kept pages from the input */
	double compress;		/**< compressing, or waiting for workers */
	double write;			/**< descriptors and data to the output */
};

/** Crashkernel reservations --mem-usage leaves out (as makedumpfile: 8). */
enum { SD_JOB_MAX_CRASH = 8 };

struct sd_erase;

/** Everything one run of sievedump owns; passed explicitly, never global. */
struct sd_job {
	const struct sd_options *opt;
	struct sd_log *log;
	struct sd_budget budget;
	bool count_allocs;		/**< tests: main prints budget.charges */
	int dump_level;
	struct sd_source *src;
	struct sd_vmcoreinfo *vmci;	/**< effective (note, or -i merged) */
	struct sd_vmcoreinfo *vmci_note;
	struct sd_vmcoreinfo *vmci_file;
	const struct sd_arch_ops *arch;	/**< the dumped kernel's architecture */
	struct sd_vtop *vt;
	struct sd_memmap mm;
	bool have_mm;
	struct sd_page_rules rules;
	struct sd_pageset present;	/**< 1st bitmap */
	struct sd_pageset dump;		/**< 2nd bitmap */
	const struct sd_pageset_ops *dump_ops;	/**< planned backend (NULL: plain) */
	unsigned threads;		/**< planned compression threads */
	uint64_t cycle_pfns;		/**< pfns per cycle; 0 or max_mapnr: one pass */
	bool cyclic;			/**< job->dump holds one cycle at a time */
	uint64_t num_dumpable;		/**< kept pfns of the whole dump (cyclic: counted) */
	struct sd_scan_carry carry;	/**< compound/buddy units crossing cycles */
	unsigned adaptations;		/**< times the set outgrew its share */
	uint64_t cycles_written;	/**< sets the cycle driver built */
	uint64_t writer_reserve;	/**< budget held for the writer's buffers */
	bool warned_buddy;		/**< the "free pages kept" warning was given */
	unsigned read_batch;		/**< pages per copy read (the plan's); 0: default */
	struct sd_scan_stats stats;
	uint64_t max_mapnr;
	uint64_t memhole;		/**< as makedumpfile reports it */
	uint64_t zero_pages;
	uint64_t write_bytes;
	uint64_t unreadable_pages;	/**< input pages left out (unreadable.c) */
	uint64_t first_unreadable_pfn;
	struct sd_vmemmap vmemmap;	/**< -e, during the analysis only */
	struct sd_vmemmap_stats vmemmap_stats;	/**< -e: what it left out */
	bool excluded_vmemmap;		/**< -e took effect: status 0x10 */
	struct sd_copy_clock copy_clock;	/**< kdump writer */
	struct sd_src_range crash[SD_JOB_MAX_CRASH];	/**< --mem-usage, bytes */
	struct sd_erase *erase;		/**< --config's erase list, or NULL */
	unsigned n_crash;
};

/** Run the mode the options ask for.  Only main prints the error. */
sd_status sd_job_run(struct sd_job *job, struct sd_err *err) SD_MUST_CHECK;
/** What the run would refuse unopened (--check-params shares it). */
sd_status sd_job_check_built(const struct sd_options *opt,
			     struct sd_err *err) SD_MUST_CHECK;

#endif
