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
void sd_job_release(struct sd_job *job);
/** What the run would refuse unopened (--check-params shares it). */
sd_status sd_job_check_built(const struct sd_options *opt,
			     struct sd_err *err) SD_MUST_CHECK;

/* job_open.c */
sd_status sd_job_open(struct sd_job *job, struct sd_err *err) SD_MUST_CHECK;
sd_status sd_job_build_dump(struct sd_job *job,
			    const struct sd_pageset_ops *ops, uint64_t start,
			    uint64_t end, struct sd_pageset *set,
			    struct sd_err *err) SD_MUST_CHECK;
/* job_cycle.c: the counting pass of planned or adapted cycles */
sd_status sd_job_go_cyclic(struct sd_job *job, struct sd_err *err) SD_MUST_CHECK;
/* unreadable.c */
/** Told of page @i of a salvaged read that the input could not give. */
typedef void sd_bad_page_fn(void *ctx, uint64_t i, const struct sd_err *why);
/**
 * Read @n pages at @pfn; when a page cannot be read (EIO, past the end of
 * a truncated file) the batch is read again page by page, each such page
 * is filled with the byte @fill and passed to @on_bad (may be NULL).  Any
 * other error is returned.
 */
sd_status sd_read_pages_salvage(struct sd_source *src, uint64_t pfn,
				uint64_t n, void *buf, int fill,
				sd_bad_page_fn *on_bad, void *ctx,
				struct sd_err *err) SD_MUST_CHECK;
/**
 * Read @n pages at @pfn; pages the input cannot give (EIO, past the end of
 * a truncated file) are set in @bad[0..n), zero-filled in @buf (never to be
 * written), warned about and counted in job->unreadable_pages; *@nbad gets
 * their number.  Any other error is returned.
 */
sd_status sd_job_read_pages(struct sd_job *job, uint64_t pfn, uint64_t n,
			    void *buf, bool *bad, uint64_t *nbad,
			    struct sd_err *err) SD_MUST_CHECK;
/* job_analyze.c */
sd_status sd_job_analyze(struct sd_job *job, struct sd_err *err) SD_MUST_CHECK;
/** The report's lines of excluded pages by kind (@x per category). */
void sd_job_report_kinds(const struct sd_job *job, const uint64_t *x);
void sd_job_report(struct sd_job *job);
/** Debug level: cycles, mem_map reads and the budget's peak, for tests. */
void sd_job_summary(const struct sd_job *job);
/* job_vmemmap.c: -e around the scan */
sd_status sd_job_vmemmap_begin(struct sd_job *job, struct sd_err *err)
	SD_MUST_CHECK;
sd_status sd_job_vmemmap_end(struct sd_job *job, sd_status st,
			     struct sd_err *err) SD_MUST_CHECK;
void sd_job_vmemmap_report(struct sd_job *job);
/** The dump's DUMP_DH_EXCLUDED_VMEMMAP: -e now, or kept from the input. */
bool sd_job_vmemmap_status(const struct sd_job *job);
/* job_plan.c: measure, sample and plan; then enforce the plan's budget */
struct sd_plan_input;
struct sd_plan;
struct sd_budget_source;
sd_status sd_job_plan(struct sd_job *job, struct sd_plan_input *in,
		      struct sd_budget_source *bs, struct sd_plan *p,
		      struct sd_err *err) SD_MUST_CHECK;
sd_status sd_job_run_plan(struct sd_job *job, struct sd_err *err) SD_MUST_CHECK;
sd_status sd_job_prepare(struct sd_job *job, struct sd_err *err) SD_MUST_CHECK;
/** Compression threads of the copy (the plan's, else --num-threads). */
unsigned sd_job_copy_threads(const struct sd_job *job);
/* job_debuginfo.c: -x VMLINUX, -g */
sd_status sd_job_check_debuginfo(const struct sd_options *opt,
				 struct sd_err *err) SD_MUST_CHECK;
sd_status sd_job_gen_vmcoreinfo(struct sd_job *job, struct sd_err *err)
	SD_MUST_CHECK;
/** -x on a dump: the vmlinux's VMCOREINFO keys, to merge as -i's. */
sd_status sd_job_vmlinux_vmcoreinfo(struct sd_job *job,
				    struct sd_vmcoreinfo **ret,
				    struct sd_err *err) SD_MUST_CHECK;
/* job_mem_usage.c */
sd_status sd_job_mem_usage(struct sd_job *job, struct sd_err *err) SD_MUST_CHECK;
/* job_debug.c, job_debug_model.c: -D, makedumpfile's lines then ours */
void sd_debug_startup(struct sd_log *log, int argc, char **argv);
void sd_job_debug_source(struct sd_job *job);
void sd_vmci_debug(struct sd_log *log, const struct sd_vmcoreinfo *vi);
void sd_job_debug_model(struct sd_job *job);
/* sample.c */
sd_status sd_job_sample(struct sd_job *job, struct sd_plan_input *in,
			struct sd_err *err) SD_MUST_CHECK;

#endif
