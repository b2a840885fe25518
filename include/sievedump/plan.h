/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_PLAN_H
#define SIEVEDUMP_PLAN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sievedump/crashkernel.h"
#include "sievedump/options.h"
#include "sievedump/status.h"

enum { SD_PLAN_MAX_SAMPLE = 256, SD_PLAN_REASON = 512 };

/** Where the budget came from (shown by --plan). */
struct sd_budget_source {
	uint64_t mem_budget;		/**< --mem-budget, 0 if not given */
	uint64_t mem_available;		/**< /proc/meminfo MemAvailable (or MemFree) */
	bool used_memfree;		/**< MemAvailable was missing */
	uint64_t cgroup_limit;		/**< cgroup memory limit, 0 if none */
	uint64_t cgroup_usage;		/**< what the cgroup already uses */
	uint64_t kernel_reserve;	/**< kept for the kernel: I/O, page cache */
	uint64_t budget;		/**< the result */
};

/** One sampled 64 Ki-pfn chunk of the page scan (doc/planner.md 1). */
struct sd_plan_chunk {
	uint32_t members;	/**< kept pfns c_i */
	uint32_t runs;		/**< runs inside the chunk r_i */
	uint32_t starts;	/**< run starts s_i */
	uint32_t vm_pages;	/**< -e: vmemmap pages whose struct pages are all
				     free here (doc/exclude-vmemmap.md rules) */
	uint32_t vm_ranges;	/**< -e: judged ranges of free pfns counted */
	uint32_t memmap_members;	/**< of members, pages of the mem_map */
};

/** What the planner knows; plain data, no I/O. */
struct sd_plan_input {
	uint64_t budget;		/**< hard cap for our memory, bytes */
	uint64_t max_pfn;		/**< pfn span of the dump set */
	uint64_t present_pages;		/**< pfns with RAM (1st bitmap) */
	uint64_t sections;		/**< mem_map ranges (grows with the machine) */
	uint32_t page_size;		/**< 4096 */
	uint32_t struct_page_size;	/**< SIZE(page) */
	unsigned cpus;			/**< CPUs online */
	enum sd_compress compress;
	enum sd_zlib_engine zlib_engine;	/**< -c: --zlib-engine (auto) */
	enum sd_backend_choice backend;	/**< --backend (auto = choose) */
	int threads_req;		/**< --num-threads, -1 if not given */
	uint64_t cyclic_buffer_kb;	/**< --cyclic-buffer, 0 if not given */
	bool need_scan;			/**< the dump level needs the mem_map scan */
	bool first_kernel;		/**< planning from /proc/kcore */
	bool non_mmap;			/**< --non-mmap: no read window */
	uint64_t reserved_pages;	/**< first kernel: the crashkernel area (not dumped) */
	int block_order;		/**< -b: write caches of page_size << order */
	bool elf_output;		/**< -E: the ELF writer, one thread */
	unsigned split_parts;		/**< --split: the number of parts, else 0 */
	uint64_t open_bytes;		/**< charged by opening the input (headers,
					     notes, tables), held for the whole run */
	struct sd_ck_input ck;		/**< first kernel: what kdump will load */
	/* -e (doc/exclude-vmemmap.md) */
	bool exclude_vmemmap;		/**< -e given and there is a vmemmap to judge */
	uint64_t vmemmap_map_bytes;	/**< smallest vmemmap mapping met, 0: unknown */
	double vmemmap_ratio;		/**< output/input of struct pages of free
					     memory (0: as other pages) */
	/* the mem_map's own pages, known exactly (src/sample_memmap.c): the
	 * sample then estimates the other kept pages; 0: not known */
	uint64_t memmap_pages;
	uint64_t memmap_ranges;
	/* the sample */
	uint64_t chunks_total;		/**< K: 65536-pfn chunks that hold RAM */
	uint32_t nsample;		/**< k sampled chunks (0: no sample) */
	struct sd_plan_chunk sample[SD_PLAN_MAX_SAMPLE];
	/* measured speeds, bytes per second (0: use defaults) */
	double scan_rate;		/**< struct page bytes read and judged */
	double read_rate;		/**< page bytes read from the vmcore */
	double compress_rate;		/**< one thread of the chosen compressor */
	double compress_ratio;		/**< output bytes / input bytes */
	double zero_fraction;		/**< kept pages that are all zero */
};

/** Bytes one backend would need for the whole dump set. */
struct sd_plan_backend {
	enum sd_backend_choice backend;
	bool built;
	uint64_t bytes;			/**< predicted peak */
	uint64_t bytes_ucb;		/**< upper confidence bound */
};

/** The decision (what --plan prints and the job follows). */
struct sd_plan {
	uint64_t members, members_ucb;	/**< kept pfns M (estimate, bound) */
	uint64_t runs, runs_ucb;	/**< runs R */
	struct sd_plan_backend est[3];	/**< plain, extent, roaring */
	enum sd_backend_choice backend;
	uint64_t set_share;		/**< budget left for the page set */
	uint64_t fixed_bytes;		/**< everything that is not the set, as charged */
	uint64_t cycle_pfns;		/**< pfns per cycle */
	uint64_t cycles;
	unsigned memmap_passes;
	unsigned threads;
	unsigned batch_pages;		/**< pages per copy read (smaller at the floor) */
	uint64_t peak_bytes;		/**< predicted peak RSS (with the mmap window) */
	uint64_t budget_bytes;		/**< what the budget must hold: the set at its
					     upper bound, no window */
	uint64_t output_bytes;		/**< predicted dump size (with -e if given) */
	uint64_t vmemmap_pages;		/**< vmemmap pages -e would leave out */
	uint64_t vmemmap_bytes;		/**< what -e's lists take (in fixed_bytes with -e) */
	uint64_t output_plain_bytes;	/**< predicted dump size without -e */
	uint64_t output_e_bytes;	/**< predicted dump size with -e */
	double seconds;			/**< predicted wall time */
	bool fits;			/**< false: even the smallest plan exceeds the budget */
	uint64_t crashkernel_bytes;	/**< smallest crashkernel= for this plan */
	struct sd_ck_advice ck;		/**< its parts */
	char reason[SD_PLAN_REASON];
};

/** The pure planner: no I/O, no globals, nothing printed. */
sd_status sd_plan_compute(const struct sd_plan_input *in, struct sd_plan *ret,
			  struct sd_err *err) SD_MUST_CHECK;

/** The plain bitmap of the whole machine takes at most a quarter of the
 * budget: it is chosen, and a dump takes no sample. */
bool sd_plan_plain_is_small(const struct sd_plan_input *in);
/** A dump must sample the scan unless the plain bitmap is small and fits
 * (then the plan is the same whatever the sample says). */
bool sd_plan_needs_sample(const struct sd_plan_input *in);

/**
 * The accountant's cap while the input is opened, before there is a plan:
 * @budget (--mem-budget) less what no allocation accounts for; a budget
 * that does not even hold that is refused.
 */
sd_status sd_plan_open_limit(uint64_t budget, enum sd_compress c,
			     uint64_t *limit, struct sd_err *err) SD_MUST_CHECK;
/** RSS the accountant does not see: binary, libraries, stacks. */
uint64_t sd_plan_uncharged(const struct sd_plan_input *in, unsigned threads);
/**
 * What the writers charge for their buffers (write caches, bitmap piece,
 * read batches, compression pipeline): the planner counts it and the job
 * reserves exactly this before the page set may grow.
 */
uint64_t sd_plan_writer_bytes(const struct sd_plan_input *in, unsigned threads,
			      unsigned batch);
/** Everything that is not the page set: uncharged RSS plus every fixed
 * charge (input tables, mem_map buffer, writer buffers).  The page set
 * gets the budget minus this. */
uint64_t sd_plan_fixed_bytes(const struct sd_plan_input *in, unsigned threads,
			     unsigned batch);

/** -e: the vmemmap pages it would leave out, from the sample, at most
 * the struct pages of the present pages and the kept pages @members. */
uint64_t sd_plan_vmemmap_pages(const struct sd_plan_input *in,
			       uint64_t members);
/** -e: bytes of its lists (mappings, drop set, runs it adds to the set). */
uint64_t sd_plan_vmemmap_bytes(const struct sd_plan_input *in);

/** --plan output, text or JSON. */
void sd_plan_print(FILE *out, const struct sd_plan_input *in,
		   const struct sd_budget_source *src, const struct sd_plan *p,
		   bool json);

/** Measure the budget (meminfo, cgroup) unless @mem_budget is given. */
sd_status sd_budget_measure(uint64_t mem_budget, struct sd_budget_source *ret,
			    struct sd_err *err) SD_MUST_CHECK;

#endif
