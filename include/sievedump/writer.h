/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_WRITER_H
#define SIEVEDUMP_WRITER_H

/*
 * The output formats behind one ops table, fed by one cycle driver
 * (cycle_driver.c; doc/data-flow.md).  The driver owns the cycles: it
 * builds each cycle's page set (data pfns, the mem_map scan with its carry,
 * the zero-page pass where the format needs it) and hands it in.  A writer
 * never opens the input, scans or builds a set; it reads page data through
 * the job's source.  The writers: kdump-compressed (write_kdump.c; on the
 * flattened sink it is -F), ELF (write_elf.c), --split (write_split.c,
 * N kdump writers); sd_writer_pick (writer.c) chooses one.
 */

#include <stdbool.h>
#include <stdint.h>

#include "sievedump/status.h"

struct sd_job;
struct sd_sink;
struct sd_pageset;

/** One cycle as the driver hands it in. */
struct sd_cycle {
	uint64_t start, end;		/**< pfns [start, end) */
	unsigned pass;
	/* by_load writers only */
	size_t load;			/**< index in job->model.src->loads */
	bool load_first, load_last;	/**< first / last cycle of that PT_LOAD */
};

/**
 * What every writer starts with.  The fields after @ops tell the driver
 * how the writer wants its cycles; open sets them, begin may change
 * cycle_pfns (before the cycles of that pass).
 */
struct sd_writer {
	const struct sd_writer_ops *ops;
	struct sd_job *job;
	unsigned passes;		/**< 1; ELF 2 (count, then write) */
	uint64_t cycle_pfns;		/**< cycle size (by_load: per PT_LOAD) */
	bool by_load;			/**< cycles go PT_LOAD by PT_LOAD (ELF) */
	bool rebuild_sets;		/**< a set per cycle even if the whole set fits */
	bool zero_pass;			/**< zero pages leave the set first */
	bool pass_done;			/**< set by cycle: no more cycles this pass */
	/** Lent to the driver between calls (its zero-page reads), or NULL. */
	uint8_t *scratch;
	size_t scratch_len;
};

struct sd_writer_ops {
	unsigned version;		/**< 1 */
	const char *name;
	/** Set up (buffers, layout); @sink may be NULL (--split opens its own). */
	sd_status (*open)(struct sd_job *job, struct sd_sink *sink,
			  struct sd_writer **ret, struct sd_err *err);
	/** Before the cycles of pass @pass (headers, ...). */
	sd_status (*begin)(struct sd_writer *w, unsigned pass,
			   struct sd_err *err);
	/** One cycle; @set holds its kept pfns (the writer may clear some). */
	sd_status (*cycle)(struct sd_writer *w, const struct sd_cycle *c,
			   struct sd_pageset *set, struct sd_err *err);
	/** After the cycles of pass @pass (caches out). */
	sd_status (*end)(struct sd_writer *w, unsigned pass,
			 struct sd_err *err);
	/**
	 * Unreadable pages left @set during cycle @c: its 2nd-bitmap slice
	 * again.  NULL: the format cannot leave a page out (ELF stops).
	 */
	sd_status (*rewrite_bitmap)(struct sd_writer *w,
				    const struct sd_cycle *c,
				    struct sd_pageset *set, struct sd_err *err);
	/**
	 * The copy stopped (a signal; ELF: an unreadable page) in cycle @c:
	 * what was written is made readable (the caches out, the set cut at
	 * the writer's stop pfn), the output marked incomplete and ended.
	 */
	void (*stopped)(struct sd_writer *w, const struct sd_cycle *c,
			struct sd_pageset *set);
	/** The incomplete mark on what was written (SD_ERR_NODATA: no header). */
	sd_status (*mark_incomplete)(struct sd_writer *w, bool stream_too,
				     struct sd_err *err);
	/** The sinks' end (the -F end marker). */
	sd_status (*finish)(struct sd_writer *w, struct sd_err *err);
	/** After SD_ERR_NOSPACE: the format's messages and marks. */
	void (*nospace)(struct sd_writer *w, bool last_try,
			struct sd_err *err);
	/** Bytes written to every output. */
	uint64_t (*bytes)(const struct sd_writer *w);
	/** The report of a run that ended with @st (SD_OK or unreadable pages). */
	void (*report)(struct sd_writer *w, sd_status st);
	void (*close)(struct sd_writer *w);
};

extern const struct sd_writer_ops sd_writer_kdump_ops;
extern const struct sd_writer_ops sd_writer_elf_ops;
extern const struct sd_writer_ops sd_writer_split_ops;

/** The writer the options ask for (writer.c). */
const struct sd_writer_ops *sd_writer_pick(const struct sd_job *job);
/**
 * The last -d level did not fit either: the output on @sink is marked
 * incomplete (a file), and makedumpfile's "incomplete dumpfile" line is
 * printed when that worked or nothing was written (--dry-run).
 */
void sd_writer_last_try_mark(struct sd_writer *w, const struct sd_sink *sink);

/**
 * One try of the dump: the writer @ops on @sink, cycle by cycle
 * (cycle_driver.c).  SD_ERR_NOSPACE when -L or a full device stopped it;
 * with @last_try the output is then marked incomplete.  The report is
 * printed when the run ends (SD_OK, or SD_ERR_UNREADABLE).
 */
sd_status sd_cycle_driver_run(struct sd_job *job,
			      const struct sd_writer_ops *ops,
			      struct sd_sink *sink, bool last_try,
			      struct sd_err *err) SD_MUST_CHECK;

/** Build the set of [start, end) into job->sieve.dump (data pfns, the mem_map scan). */
sd_status sd_cycle_build_set(struct sd_job *job, uint64_t start, uint64_t end,
			     struct sd_err *err) SD_MUST_CHECK;

#endif
