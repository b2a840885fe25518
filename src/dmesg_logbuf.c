// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel log before the lockless ring buffer (doc/compat-dmesg.md):
 * - 3.5 - 5.9: variable-length records, struct printk_log (struct log
 *   before 3.11), 3.5 commit 7ff9554bb578 "printk: convert byte-buffer to
 *   variable-length record buffer";
 * - < 3.5: a plain character ring indexed by log_end.
 * Walked as makedumpfile 1.7.2's dump_dmesg() walks it, on a copy of the
 * buffer, with every index checked before it is read.
 */
#include <inttypes.h>

#include "sievedump/cursor.h"
#include "sievedump/dmesg_logbuf.h"

/*
 * "OFFSET(printk_log.ts_nsec)=-8" is 2^64 - 8: "off + 8 > hdr_size" wrapped
 * and passed, and the record header was read 8 bytes before the buffer
 * (found by tests/fuzz/fuzz-dmesg).  Compare without adding.
 */
sd_status
sd_logbuf_layout_check(const struct sd_logbuf_layout *l, struct sd_err *err)
{
	if (l->hdr_size < 8 || l->off_ts_nsec > l->hdr_size - 8 ||
	    l->off_len > l->hdr_size - 2 || l->off_text_len > l->hdr_size - 2 ||
	    (l->has_caller_id && l->off_caller_id > l->hdr_size - 4))
		return sd_fail(err, SD_ERR_CORRUPT,
			       "offsets outside its size %" PRIu64, l->hdr_size);
	return SD_OK;
}

/* The caller_id of the record at @rec, or SD_DMESG_NO_CALLER (1.7.2). */
static int64_t
rec_caller(const struct sd_logbuf_layout *l, const uint8_t *buf, uint64_t rec)
{
	if (!l->has_caller_id)
		return SD_DMESG_NO_CALLER;
	return sd_le32(buf + rec + l->off_caller_id);
}

static bool
idx_ok(const struct sd_logbuf_layout *l, uint64_t len, uint64_t idx)
{
	return len >= l->hdr_size && idx <= len - l->hdr_size;
}

static uint64_t
rec_len(const struct sd_logbuf_layout *l, const uint8_t *buf, uint64_t idx)
{
	return sd_le16(buf + idx + l->off_len);
}

/* log_from_ptr(): a len 0 record is the wrap marker: use the one at 0. */
static uint64_t
rec_at(const struct sd_logbuf_layout *l, const uint8_t *buf, uint64_t idx)
{
	return rec_len(l, buf, idx) ? idx : 0;
}

/* log_next(): the index after @idx (which idx_ok() accepted). */
static uint64_t
next_idx(const struct sd_logbuf_layout *l, const uint8_t *buf, uint64_t idx)
{
	uint64_t n = rec_len(l, buf, idx);

	return n ? idx + n : rec_len(l, buf, 0);
}

/*
 * Brent's algorithm exactly as makedumpfile's detect_cycle.c runs it
 * (power starts at 2), so that a corrupt buffer yields the same records.
 */
struct brent {
	uint64_t head, slow, fast, length, power;
	uint64_t cap;		/* more steps than any walk can take */
};

/* dc_find_start(): the first index of the cycle is mu steps from head. */
static uint64_t
cycle_start(const struct sd_logbuf_layout *l, const uint8_t *buf,
	    const struct brent *dc)
{
	uint64_t slow = dc->head, fast = dc->head, k, mu = 0;

	for (k = 0; k < dc->length; k++)
		fast = next_idx(l, buf, fast);
	while (slow != fast && mu < dc->cap) {
		slow = next_idx(l, buf, slow);
		fast = next_idx(l, buf, fast);
		mu++;
	}
	return mu;
}

void
sd_logbuf_plan(const struct sd_logbuf_layout *l, const uint8_t *buf,
	       uint64_t len, uint64_t first, uint64_t next,
	       struct sd_logbuf_walk *w)
{
	/* indexes are <= len: Brent finds any cycle within 3 * len steps */
	struct brent dc = { first, first, first, 0, 2, 4 * len + 8 };
	uint64_t ptr = first, n = 0;

	w->n_records = 0;
	w->end = SD_LOGBUF_DONE;
	w->bad_idx = 0;
	if (ptr == next)
		return;
	/* makedumpfile trusts log_first_idx; we check it like the others */
	if (!idx_ok(l, len, ptr)) {
		w->end = SD_LOGBUF_OUTSIDE;
		w->bad_idx = ptr;
		return;
	}
	while (ptr != next) {
		n++;			/* the record at ptr is printed */
		ptr = next_idx(l, buf, ptr);
		/* dc_next() */
		if (dc.length == dc.power) {
			dc.length = 0;
			dc.power *= 2;
			dc.slow = dc.fast;
		}
		dc.fast = ptr;
		dc.length++;
		if (dc.slow == dc.fast || n > dc.cap) {
			/* one lap of the cycle after the records leading in */
			w->n_records = cycle_start(l, buf, &dc) + dc.length;
			w->end = SD_LOGBUF_CYCLE;
			w->bad_idx = ptr;
			return;
		}
		if (!idx_ok(l, len, ptr)) {
			w->n_records = n;
			w->end = SD_LOGBUF_OUTSIDE;
			w->bad_idx = ptr;
			return;
		}
	}
	w->n_records = n;
}

sd_status
sd_logbuf_dump(const struct sd_logbuf_layout *l, const uint8_t *buf,
	       uint64_t len, uint64_t first, uint64_t n_records,
	       struct sd_dmesg_out *o, struct sd_err *err)
{
	uint64_t ptr = first, k;
	sd_status st = SD_OK;

	for (k = 0; !st && k < n_records; k++) {
		uint64_t rec, text, tlen;

		if (!idx_ok(l, len, ptr))	/* sd_logbuf_plan's walk */
			return sd_fail(err, SD_ERR_CORRUPT,
				       "log_buf index 0x%" PRIx64 " outside the buffer",
				       ptr);
		rec = rec_at(l, buf, ptr);
		text = rec + l->hdr_size;
		tlen = sd_le16(buf + rec + l->off_text_len);
		if (tlen > len - text)	/* makedumpfile would read past it */
			tlen = len - text;
		st = sd_dmesg_record(o, sd_le64(buf + rec + l->off_ts_nsec),
				     rec_caller(l, buf, rec), buf + text,
				     (size_t)tlen, err);
		ptr = next_idx(l, buf, ptr);
	}
	return st;
}

sd_status
sd_plain_ring_dump(const uint8_t *buf, uint64_t len, uint64_t log_end,
		   struct sd_dmesg_out *o, struct sd_err *err)
{
	uint64_t idx;
	sd_status st;

	if (log_end < len)
		return sd_dmesg_put(o, buf, (size_t)log_end, err);
	idx = log_end & (len - 1);
	st = sd_dmesg_put(o, buf + idx, (size_t)(len - idx), err);
	if (!st)
		st = sd_dmesg_put(o, buf, (size_t)idx, err);
	return st;
}
