// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The 5.10+ lockless printk ring buffer (kernel/printk/printk_ringbuffer.h,
 * 5.10 commit 896fbe20b4e2 "printk: use the lockless ringbuffer"), walked as
 * makedumpfile 1.7.2's printk.c walks it (doc/compat-dmesg.md), on copies of the
 * descriptor, info and text rings.  Nothing here reads outside those
 * copies, and no walk takes more than `count` steps.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "sievedump/cursor.h"
#include "sievedump/dmesg_prb.h"

enum {
	DESC_COMMITTED = 1,	/* desc_committed */
	DESC_FINALIZED = 2,	/* desc_finalized (5.13+) */
};

/* A field of @width bytes at @off inside a record of @size (no wrap). */
static bool
field_fits(uint64_t off, uint64_t width, uint64_t size)
{
	return size >= width && off <= size - width;
}

/*
 * The offsets come from VMCOREINFO: "OFFSET(x)=-8" is 2^64 - 8, so
 * "off + 8 > size" would wrap and pass (found by tests/fuzz/fuzz-dmesg).
 * The record sizes are bounded so that count * size cannot wrap either
 * (dmesg.c allocates the rings with it): prb_desc is 24 bytes and
 * printk_info 88 in 6.12.
 */
sd_status
sd_prb_layout_check(const struct sd_prb_layout *l, struct sd_err *err)
{
	if (!l->desc_size || l->desc_size > SD_PRB_RECORD_MAX ||
	    !l->info_size || l->info_size > SD_PRB_RECORD_MAX)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "SIZE(prb_desc)=%" PRIu64 " or SIZE(printk_info)=%"
			       PRIu64 " is not a record size",
			       l->desc_size, l->info_size);
	if (!field_fits(l->off_state_var, 8, l->desc_size) ||
	    !field_fits(l->off_begin, 8, l->desc_size) ||
	    !field_fits(l->off_next, 8, l->desc_size))
		return sd_fail(err, SD_ERR_CORRUPT,
			       "prb_desc fields outside SIZE(prb_desc)=%" PRIu64,
			       l->desc_size);
	if (!field_fits(l->off_ts_nsec, 8, l->info_size) ||
	    !field_fits(l->off_text_len, 2, l->info_size) ||
	    (l->has_caller_id && !field_fits(l->off_caller_id, 4, l->info_size)))
		return sd_fail(err, SD_ERR_CORRUPT,
			       "printk_info fields outside SIZE(printk_info)=%" PRIu64,
			       l->info_size);
	return SD_OK;
}

/* The caller_id of a record, or SD_DMESG_NO_CALLER for 1.7.2's format. */
static int64_t
info_caller(const struct sd_prb_layout *l, const uint8_t *info)
{
	if (!l->has_caller_id)
		return SD_DMESG_NO_CALLER;
	return sd_le32(info + l->off_caller_id);
}

uint64_t
sd_prb_partial_tail(uint64_t head_id, uint64_t count, uint64_t clear_seq)
{
	return (head_id - head_id % count + clear_seq % count) & SD_PRB_ID_MASK;
}

static uint64_t
state_var(const struct sd_prb_layout *l, const struct sd_prb_ring *r,
	  uint64_t slot)
{
	return sd_le64(r->descs + slot * l->desc_size + l->off_state_var);
}

static bool
printable(uint64_t sv)
{
	uint64_t state = sv >> 62;

	return state == DESC_COMMITTED || state == DESC_FINALIZED;
}

/* makedumpfile's dump_record(): print id if its descriptor holds it. */
static sd_status
dump_id(const struct sd_prb_layout *l, const struct sd_prb_ring *r,
	uint64_t id, struct sd_dmesg_out *o, struct sd_prb_stats *s,
	struct sd_err *err)
{
	uint64_t slot = id % r->count, sv = state_var(l, r, slot);
	const uint8_t *desc = r->descs + slot * l->desc_size;
	const uint8_t *info = r->infos + slot * l->info_size;
	uint64_t begin, next, text_len, avail;

	if ((sv & SD_PRB_ID_MASK) != id || !printable(sv)) {
		s->skipped++;
		return SD_OK;
	}
	begin = sd_le64(desc + l->off_begin) % r->data_size;
	next = sd_le64(desc + l->off_next) % r->data_size;
	if (begin == next) {		/* data-less record */
		s->skipped++;
		return SD_OK;
	}
	text_len = sd_le16(info + l->off_text_len);
	if (begin > next)		/* a wrapped block: data at 0 */
		begin = 0;
	begin += 8;			/* the block starts with its id */
	/* makedumpfile cuts to the block only when next >= begin */
	if (next >= begin && next - begin < text_len)
		text_len = next - begin;
	/* ... and we never read past the copy of the ring */
	avail = begin < r->data_size ? r->data_size - begin : 0;
	if (text_len > avail) {
		text_len = avail;
		s->clamped++;
	}
	s->printed++;
	return sd_dmesg_record(o, sd_le64(info + l->off_ts_nsec),
			       info_caller(l, info), r->data + (begin < r->data_size ? begin : 0),
			       (size_t)text_len, err);
}

struct slot_ref {
	uint64_t dist;		/* (id - tail) & ID_MASK */
	uint64_t id;
};

static int
cmp_ref(const void *a, const void *b)
{
	const struct slot_ref *x = a, *y = b;

	return x->dist < y->dist ? -1 : x->dist > y->dist;
}

/*
 * head - tail >= count: no kernel leaves this, but makedumpfile would step
 * through every id in between (up to 2^62).  The ids it would print are
 * those held by a slot whose index matches, in [tail, head]: collect them
 * and print them in id order.
 */
static sd_status
dump_scan(const struct sd_prb_layout *l, const struct sd_prb_ring *r,
	  uint64_t span, struct sd_budget *b, struct sd_dmesg_out *o,
	  struct sd_prb_stats *s, struct sd_err *err)
{
	struct slot_ref *refs = NULL;
	uint64_t slot, n = 0, i;
	size_t bytes = (size_t)r->count * sizeof(*refs);
	sd_status st;

	st = sd_balloc(b, bytes, 0, "dmesg slot index", (void **)&refs, err);
	if (st)
		return st;
	for (slot = 0; slot < r->count; slot++) {
		uint64_t sv = state_var(l, r, slot), id = sv & SD_PRB_ID_MASK;
		uint64_t dist = (id - r->tail_id) & SD_PRB_ID_MASK;

		if (id % r->count == slot && dist <= span && printable(sv))
			refs[n++] = (struct slot_ref){ dist, id };
	}
	qsort(refs, (size_t)n, sizeof(*refs), cmp_ref);
	for (i = 0; !st && i < n; i++)
		st = dump_id(l, r, refs[i].id, o, s, err);
	sd_bfree(b, refs, bytes);
	return st;
}

sd_status
sd_prb_dump(const struct sd_prb_layout *l, const struct sd_prb_ring *r,
	    struct sd_budget *b, struct sd_dmesg_out *o,
	    struct sd_prb_stats *s, struct sd_err *err)
{
	uint64_t tail = r->tail_id & SD_PRB_ID_MASK;
	uint64_t head = r->head_id & SD_PRB_ID_MASK;
	uint64_t span = (head - tail) & SD_PRB_ID_MASK, k;
	struct sd_prb_ring rr = *r;
	sd_status st = SD_OK;

	if (!r->count || (r->count & (r->count - 1)) || r->data_size < 16 ||
	    (r->data_size & (r->data_size - 1)))
		return sd_fail(err, SD_ERR_CORRUPT,
			       "printk ring: %" PRIu64 " descriptors, %" PRIu64
			       " data bytes: not powers of two",
			       r->count, r->data_size);
	st = sd_prb_layout_check(l, err);
	if (st)
		return st;
	rr.tail_id = tail;
	rr.head_id = head;
	if (span >= r->count) {
		s->scanned = true;
		return dump_scan(l, &rr, span, b, o, s, err);
	}
	for (k = 0; !st && k <= span; k++)
		st = dump_id(l, &rr, (tail + k) & SD_PRB_ID_MASK, o, s, err);
	return st;
}
