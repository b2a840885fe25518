/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_DMESG_LOGBUF_H
#define SIEVEDUMP_DMESG_LOGBUF_H

/*
 * The log_buf walkers of kernels before 5.10 (dmesg_logbuf.c;
 * doc/compat-dmesg.md): struct printk_log records (3.5 - 5.9) and the
 * plain character ring (< 3.5).
 */

#include <stdbool.h>
#include <stdint.h>

#include "sievedump/dmesg_format.h"
#include "sievedump/status.h"

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

#endif
