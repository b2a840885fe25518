// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz target: the printk rings of --dump-dmesg, as the walkers get them
 * from dmesg.c: copies of the rings read from the dump and a layout taken
 * from VMCOREINFO.  The first byte picks the walker:
 *   0: printk_ringbuffer (5.10+)  1: log_buf of struct printk_log (3.5-5.9)
 *   2: plain character ring (< 3.5)
 * then come the layout and the ring variables, then the ring bytes (the
 * rest of the input in order, zeros past its end).  Offsets may be
 * "negative" (near 2^64), as a hostile VMCOREINFO can make them; the
 * walkers' layout checks must reject what their readers cannot serve.
 * Each ring is its own
 * exact-size allocation, so an overread shows under ASan.
 */
#include "sievedump/dmesg.h"
#include "fuzz.h"

enum { OUT_LIMIT = 1 << 20 };

struct sink {
	uint64_t bytes;
	bool print;		/* FUZZ_DMESG_PRINT set: show the log */
};

static sd_status
sink_write(void *ctx, const void *p, size_t n, struct sd_err *err)
{
	struct sink *s = ctx;

	if (s->print)
		fwrite(p, 1, n, stderr);
	s->bytes += n;
	if (s->bytes > OUT_LIMIT)	/* like -L: the output may fill */
		return sd_fail(err, SD_ERR_NOSPACE, "output full");
	return SD_OK;
}

/* What a passed layout check promises, checked without wrapping. */
static bool
inside(uint64_t off, uint64_t width, uint64_t size)
{
	return (unsigned __int128)off + width <= size;
}

static uint8_t *
ring(struct fuzz_in *in, uint64_t n)
{
	uint8_t *p = malloc(n ? (size_t)n : 1);

	if (p)
		fuzz_fill(in, p, (size_t)n);
	return p;
}

static void
run_prb(struct fuzz_in *in, struct sd_dmesg_out *o)
{
	struct sd_prb_layout l;
	struct sd_prb_ring r = { 0 };
	struct sd_prb_stats stats = { 0 };
	struct sd_budget b;
	struct sd_err err = { 0 };
	uint8_t bits = fuzz_u8(in), *descs, *infos, *data;
	sd_status st;

	l.desc_size = fuzz_offset(in);
	l.off_state_var = fuzz_offset(in);
	l.off_begin = fuzz_offset(in);
	l.off_next = fuzz_offset(in);
	l.info_size = fuzz_offset(in);
	l.off_ts_nsec = fuzz_offset(in);
	l.off_text_len = fuzz_offset(in);
	l.has_caller_id = bits & 0x80;
	l.off_caller_id = fuzz_offset(in);
	r.tail_id = fuzz_bytes(in, 8);
	r.head_id = fuzz_bytes(in, 8);
	/* what dmesg.c allocates once the layout passed its check */
	if (sd_prb_layout_check(&l, &err))
		return;
	FUZZ_CHECK(l.desc_size <= SD_PRB_RECORD_MAX &&
		   l.info_size <= SD_PRB_RECORD_MAX);
	FUZZ_CHECK(inside(l.off_state_var, 8, l.desc_size) &&
		   inside(l.off_begin, 8, l.desc_size) &&
		   inside(l.off_next, 8, l.desc_size) &&
		   inside(l.off_ts_nsec, 8, l.info_size) &&
		   inside(l.off_text_len, 2, l.info_size) &&
		   (!l.has_caller_id || inside(l.off_caller_id, 4, l.info_size)));
	r.count = 1ULL << (bits & 7);
	r.data_size = 1ULL << (4 + (bits >> 4 & 7));
	if (bits & 8)	/* not a power of two: must be refused */
		r.count += 2;
	descs = ring(in, r.count * l.desc_size);
	infos = ring(in, r.count * l.info_size);
	data = ring(in, r.data_size);
	if (descs && infos && data) {
		r.descs = descs;
		r.infos = infos;
		r.data = data;
		sd_budget_init(&b, 1 << 20);
		st = sd_prb_dump(&l, &r, &b, o, &stats, &err);
		FUZZ_CHECK(b.used == 0);
		FUZZ_CHECK(st || stats.printed + stats.skipped <=
					 SD_MIN(r.count, ((r.head_id - r.tail_id) &
							  SD_PRB_ID_MASK) + 1));
		(void)sd_prb_partial_tail(r.head_id, r.count, r.tail_id);
	}
	free(descs);
	free(infos);
	free(data);
}

static void
run_logbuf(struct fuzz_in *in, struct sd_dmesg_out *o)
{
	struct sd_logbuf_layout l;
	struct sd_logbuf_walk w;
	struct sd_err err = { 0 };
	uint64_t len, first, next;
	uint8_t *buf;

	l.hdr_size = fuzz_offset(in);
	l.off_ts_nsec = fuzz_offset(in);
	l.off_len = fuzz_offset(in);
	l.off_text_len = fuzz_offset(in);
	l.off_caller_id = fuzz_offset(in);
	l.has_caller_id = l.off_caller_id & 1;
	len = fuzz_bytes(in, 2) % 8192 + 1;	/* log_buf_len: 1 .. 2^31 */
	first = fuzz_bytes(in, 2);		/* u32 in the kernel */
	next = fuzz_bytes(in, 2);
	if (sd_logbuf_layout_check(&l, &err))
		return;
	FUZZ_CHECK(inside(l.off_ts_nsec, 8, l.hdr_size) &&
		   inside(l.off_len, 2, l.hdr_size) &&
		   inside(l.off_text_len, 2, l.hdr_size) &&
		   (!l.has_caller_id || inside(l.off_caller_id, 4, l.hdr_size)));
	buf = ring(in, len);
	if (!buf)
		return;
	sd_logbuf_plan(&l, buf, len, first, next, &w);
	FUZZ_CHECK(w.n_records <= len + 2);
	FUZZ_IGNORE(sd_logbuf_dump(&l, buf, len, first, w.n_records, o, &err));
	free(buf);
}

static void
run_plain(struct fuzz_in *in, struct sd_dmesg_out *o)
{
	struct sd_err err = { 0 };
	uint64_t len = fuzz_bytes(in, 2) % 8192 + 1;
	uint64_t log_end = fuzz_bytes(in, 8);
	uint8_t *buf = ring(in, len);

	if (buf)
		FUZZ_IGNORE(sd_plain_ring_dump(buf, len, log_end, o, &err));
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size, 0 };
	struct sd_dmesg_out *o = malloc(sizeof(*o));
	struct sink s = { 0, getenv("FUZZ_DMESG_PRINT") != NULL };
	struct sd_err err = { 0 };

	if (!o)
		return 0;
	sd_dmesg_out_init(o, sink_write, &s);
	switch (fuzz_u8(&in) % 3) {
	case 0:
		run_prb(&in, o);
		break;
	case 1:
		run_logbuf(&in, o);
		break;
	default:
		run_plain(&in, o);
		break;
	}
	FUZZ_IGNORE(sd_dmesg_flush(o, &err));
	free(o);
	return 0;
}
