/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_DMESG_PRB_H
#define SIEVEDUMP_DMESG_PRB_H

/* The 5.10+ printk ring walker (dmesg_prb.c; doc/compat-dmesg.md). */

#include <stdbool.h>
#include <stdint.h>

#include "sievedump/alloc.h"
#include "sievedump/dmesg_format.h"
#include "sievedump/status.h"

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

#endif
