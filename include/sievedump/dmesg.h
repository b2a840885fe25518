/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_DMESG_H
#define SIEVEDUMP_DMESG_H

/*
 * --dump-dmesg: the crashed kernel's log (doc/compat-dmesg.md).
 *
 * Three layouts, chosen as makedumpfile 1.7.2 chooses them:
 * - 5.10+: the lockless printk_ringbuffer (SYMBOL(prb) exists), dmesg_prb.c;
 * - 3.5 - 5.9: the structured log_buf of struct printk_log, dmesg_logbuf.c;
 * - < 3.5: a plain character ring (SYMBOL(log_end) exists), dmesg_logbuf.c.
 *
 * The walkers work on copies of the rings held in memory: everything they
 * read is bounds-checked against those copies, every walk is bounded by the
 * ring's size, and a corrupt ring yields the records before the corruption
 * and an error (SD_ERR_CORRUPT) saying where.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sievedump/alloc.h"
#include "sievedump/status.h"

struct sd_job;

/* ---- output: a buffered byte sink with makedumpfile's -L rule ---- */

enum { SD_DMESG_BUF = 4096 };

typedef sd_status (*sd_dmesg_write_fn)(void *ctx, const void *buf,
				       size_t len, struct sd_err *err);

struct sd_dmesg_out {
	sd_dmesg_write_fn write;	/**< stores bytes (file, stdout, test) */
	void *ctx;
	uint8_t buf[SD_DMESG_BUF];
	size_t used;
	uint64_t records;		/**< records formatted so far */
};

void sd_dmesg_out_init(struct sd_dmesg_out *o, sd_dmesg_write_fn write,
		       void *ctx);
sd_status sd_dmesg_put(struct sd_dmesg_out *o, const void *p, size_t n,
		       struct sd_err *err) SD_MUST_CHECK;
sd_status sd_dmesg_flush(struct sd_dmesg_out *o, struct sd_err *err)
	SD_MUST_CHECK;

/** @caller_id of sd_dmesg_record(): no caller-id column (1.7.2's format). */
#define SD_DMESG_NO_CALLER (-1)
/** Bit 31 of a caller_id: the id is a CPU number, not a task's pid. */
#define SD_DMESG_CALLER_CPU 0x80000000U

/**
 * One record as makedumpfile prints it: "[%5llu.%06lu] ", then, when
 * @caller_id is not SD_DMESG_NO_CALLER (1.7.5+ on kernels that export the
 * caller_id offset), "[%8s] " of "T<pid>" or, bit 31 set, "C<cpu>"; then
 * the text with each '\n' followed by spaces as wide as that prefix,
 * printable ASCII and whitespace as is, other bytes as "\x%02x" of a signed
 * char (so 0x80-0xff print as "\xffffffNN"), then '\n'.
 */
sd_status sd_dmesg_record(struct sd_dmesg_out *o, uint64_t ts_nsec,
			  int64_t caller_id, const uint8_t *text, size_t len,
			  struct sd_err *err) SD_MUST_CHECK;

/* ---- 5.10+: printk_ringbuffer (kernel/printk/printk_ringbuffer.h) ---- */

#define SD_PRB_ID_MASK (~(3ULL << 62))	/* DESC_ID_MASK */
enum { SD_PRB_MAX_BITS = 31 };		/* LOG_BUF_LEN_MAX is 1 << 31 */
enum { SD_PRB_RECORD_MAX = 4096 };	/* prb_desc, printk_info: far less */

/** Byte offsets and sizes from VMCOREINFO (doc/compat-dmesg.md). */
struct sd_prb_layout {
	uint64_t desc_size;		/**< SIZE(prb_desc) */
	uint64_t off_state_var;		/**< state_var + atomic_long_t.counter */
	uint64_t off_begin;		/**< text_blk_lpos + prb_data_blk_lpos.begin */
	uint64_t off_next;		/**< text_blk_lpos + prb_data_blk_lpos.next */
	uint64_t info_size;		/**< SIZE(printk_info) */
	uint64_t off_ts_nsec;		/**< printk_info.ts_nsec */
	uint64_t off_text_len;		/**< printk_info.text_len */
	bool has_caller_id;		/**< print the caller-id column (1.7.5+) */
	uint64_t off_caller_id;		/**< printk_info.caller_id (u32) */
};

/** Copies of the rings, as read from the dump. */
struct sd_prb_ring {
	const uint8_t *descs;		/**< count * desc_size bytes */
	const uint8_t *infos;		/**< count * info_size bytes */
	const uint8_t *data;		/**< data_size bytes */
	uint64_t count;			/**< 1 << count_bits */
	uint64_t data_size;		/**< 1 << size_bits */
	uint64_t tail_id;		/**< first id to print */
	uint64_t head_id;		/**< last id to print */
};

struct sd_prb_stats {
	uint64_t printed;		/**< committed/finalized records written */
	uint64_t skipped;		/**< ids in range not printable */
	uint64_t clamped;		/**< records whose text was cut to the ring */
	bool scanned;			/**< head - tail >= count: slots scanned */
};

/**
 * Check that the record sizes are at most SD_PRB_RECORD_MAX and that the
 * fields fit in them, without wrapping (else SD_ERR_CORRUPT).
 */
sd_status sd_prb_layout_check(const struct sd_prb_layout *l,
			      struct sd_err *err) SD_MUST_CHECK;
/**
 * --partial-dmesg: makedumpfile's tail for a clear_seq,
 * head - head % count + clear_seq % count (masked to an id).
 */
uint64_t sd_prb_partial_tail(uint64_t head_id, uint64_t count,
			     uint64_t clear_seq);
/**
 * Print the records with ids tail..head (stepping id + 1 within the 62-bit
 * id space) that are committed or finalized, as makedumpfile 1.7.2 does.
 * At most @count records: when head - tail >= count (a corrupt ring) the
 * slots are scanned instead and the printable ones sorted by id distance,
 * which prints what makedumpfile's 2^62-step loop would.  @b pays for that
 * scan's index.
 */
sd_status sd_prb_dump(const struct sd_prb_layout *l,
		      const struct sd_prb_ring *r, struct sd_budget *b,
		      struct sd_dmesg_out *o, struct sd_prb_stats *stats,
		      struct sd_err *err) SD_MUST_CHECK;

/* ---- 3.5 - 5.9: structured log_buf (struct printk_log) ---- */

struct sd_logbuf_layout {
	uint64_t hdr_size;		/**< SIZE(printk_log) (SIZE(log) < 3.11) */
	uint64_t off_ts_nsec;		/**< u64 */
	uint64_t off_len;		/**< u16: whole record; 0 = wrap marker */
	uint64_t off_text_len;		/**< u16 */
	bool has_caller_id;		/**< print the caller-id column (1.7.5+) */
	uint64_t off_caller_id;		/**< printk_log.caller_id (u32) */
};

/** Check that the fields fit in the record header (else SD_ERR_CORRUPT). */
sd_status sd_logbuf_layout_check(const struct sd_logbuf_layout *l,
				 struct sd_err *err) SD_MUST_CHECK;

enum sd_logbuf_end {
	SD_LOGBUF_DONE = 0,		/**< reached log_next_idx */
	SD_LOGBUF_CYCLE,		/**< "Cycle when parsing dmesg detected." */
	SD_LOGBUF_OUTSIDE,		/**< "Index outside log_buf detected." */
};

/** Where the walk goes, computed before anything is written. */
struct sd_logbuf_walk {
	uint64_t n_records;		/**< records to print */
	enum sd_logbuf_end end;
	uint64_t bad_idx;		/**< the index that stopped the walk */
};

/**
 * Follow the records from @first to @next in @buf of @len bytes with
 * makedumpfile's rules (a len 0 record means: the record at offset 0).
 * A cycle (Brent's algorithm, as makedumpfile's detect_cycle.c) gives
 * the records up to and including one lap of the cycle; an index outside
 * [0, len - hdr_size] gives the records before it.  Never reads outside
 * @buf and ends within @len + 2 steps.
 */
void sd_logbuf_plan(const struct sd_logbuf_layout *l, const uint8_t *buf,
		    uint64_t len, uint64_t first, uint64_t next,
		    struct sd_logbuf_walk *w);
/** Print the first @n_records records of that walk. */
sd_status sd_logbuf_dump(const struct sd_logbuf_layout *l, const uint8_t *buf,
			 uint64_t len, uint64_t first, uint64_t n_records,
			 struct sd_dmesg_out *o, struct sd_err *err)
	SD_MUST_CHECK;

/* ---- < 3.5: plain character ring ---- */

/** buf[0, log_end) if log_end < len, else the ring from log_end & (len-1). */
sd_status sd_plain_ring_dump(const uint8_t *buf, uint64_t len,
			     uint64_t log_end, struct sd_dmesg_out *o,
			     struct sd_err *err) SD_MUST_CHECK;

/* ---- the mode ---- */

/**
 * --dump-dmesg [--partial-dmesg] VMCORE LOGFILE (or -F: standard output).
 * Prints "The dmesg log is saved to F." itself; main prints no saved line.
 */
sd_status sd_job_dmesg(struct sd_job *job, struct sd_err *err) SD_MUST_CHECK;

#endif
