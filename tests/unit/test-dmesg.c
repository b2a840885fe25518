// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests for the dmesg walkers: records built in memory for the 5.10+
 * printk_ringbuffer and the 3.5-5.9 log_buf, including wrapped data blocks,
 * data-less and reused descriptors, id wrap, and corrupt states (cycles,
 * indexes outside the buffer, lengths past the ring).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sievedump/dmesg.h"
#include "../lib/tap.h"

/* ---- a memory writer ---- */

struct mem {
	char buf[65536];
	size_t len;
	size_t limit;		/* fail with NOSPACE past this (0 = none) */
};

static sd_status
mem_write(void *ctx, const void *p, size_t n, struct sd_err *err)
{
	struct mem *m = ctx;

	if (m->limit && m->len + n > m->limit)
		return sd_fail(err, SD_ERR_NOSPACE, "full");
	if (m->len + n > sizeof(m->buf))
		return sd_fail(err, SD_ERR_NOSPACE, "test buffer full");
	memcpy(m->buf + m->len, p, n);
	m->len += n;
	return SD_OK;
}

static struct sd_dmesg_out out;
static struct mem mem;

static void
reset(void)
{
	memset(&mem, 0, sizeof(mem));
	sd_dmesg_out_init(&out, mem_write, &mem);
}

static int
got(const char *want)
{
	struct sd_err err = { 0 };

	if (sd_dmesg_flush(&out, &err))
		return 0;
	if (mem.len == strlen(want) && !memcmp(mem.buf, want, mem.len))
		return 1;
	fprintf(stderr, "# want: [%s]\n#  got: [%.*s]\n", want, (int)mem.len,
		mem.buf);
	return 0;
}

static void
put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);	/* the tests run on little-endian x86_64 */
}

static void
put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void
put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, 2);
}

/* ---- formatting ---- */

#define NC SD_DMESG_NO_CALLER

static void
test_format(void)
{
	struct sd_err err = { 0 };
	static const uint8_t esc[] = "a\x01" "b\x7f" "c\xe2\x82\xac" "d\t\fe\0f";
	static char big[6000], want[6100];

	reset();
	ok(!sd_dmesg_record(&out, 1234567891ULL, NC, (const uint8_t *)"hello", 5,
			    &err) && got("[    1.234567] hello\n"),
	   "prefix [%5llu.%06lu] and text");
	reset();
	ok(!sd_dmesg_record(&out, 100000ULL * 1000000000ULL + 999,
			    NC, (const uint8_t *)"x", 1, &err) &&
	   got("[100000.000000] x\n"), "wide seconds, microseconds truncated");
	reset();
	ok(!sd_dmesg_record(&out, 0, NC, (const uint8_t *)"a\nb\n", 4, &err) &&
	   got("[    0.000000] a\n               b\n               \n"),
	   "newline indents by the prefix width");
	reset();
	ok(!sd_dmesg_record(&out, 0, NC, esc, sizeof(esc) - 1, &err) &&
	   got(CHAR_MIN < 0 ?
	       "[    0.000000] a\\x01b\\x7fc\\xffffffe2\\xffffff82\\xffffffac"
	       "d\t\fe\\x00f\n" :
	       "[    0.000000] a\\x01b\\x7fc\\xe2\\x82\\xacd\t\fe\\x00f\n"),
	   "escapes: control as \\xNN, >= 0x80 as the build's char prints it, whitespace kept");
	reset();
	ok(!sd_dmesg_record(&out, 0, NC, (const uint8_t *)"", 0, &err) &&
	   got("[    0.000000] \n"), "empty text");
	memset(big, 'z', sizeof(big));
	snprintf(want, sizeof(want), "[    0.000000] %.*s\n", (int)sizeof(big),
		 big);
	reset();
	ok(!sd_dmesg_record(&out, 0, NC, (const uint8_t *)big, sizeof(big), &err) &&
	   got(want), "a record larger than the output buffer");
	reset();
	mem.limit = 10;
	ok(sd_dmesg_record(&out, 0, NC, (const uint8_t *)big, sizeof(big), &err) ==
	   SD_ERR_NOSPACE, "a full output stops the record");
}

/* ---- the caller-id column of makedumpfile 1.7.5+ ---- */

static int
caller_is(int64_t caller_id, const char *text, const char *want)
{
	struct sd_err err = { 0 };

	reset();
	return !sd_dmesg_record(&out, 1234567891ULL, caller_id,
				(const uint8_t *)text, strlen(text), &err) &&
	       got(want);
}

static void
test_caller(void)
{
	ok(caller_is(1, "init", "[    1.234567] [      T1] init\n"),
	   "task 1: T1 right-aligned in 8 columns");
	ok(caller_is(0, "idle", "[    1.234567] [      T0] idle\n"),
	   "caller_id 0 is task 0");
	ok(caller_is(0x80000000U | 3, "irq", "[    1.234567] [      C3] irq\n"),
	   "bit 31 set: CPU 3, the bit cleared");
	ok(caller_is(0x80000000U | 1023, "x", "[    1.234567] [   C1023] x\n"),
	   "CPU 1023");
	ok(caller_is(4194304, "x", "[    1.234567] [T4194304] x\n"),
	   "pid 4194304 (PID_MAX_LIMIT) fills the 8 columns");
	ok(caller_is(12345678, "x", "[    1.234567] [T12345678] x\n"),
	   "a 9-character id widens the column");
	ok(caller_is(0x7fffffff, "x", "[    1.234567] [T2147483647] x\n"),
	   "largest task id");
	ok(caller_is(0xffffffffU, "x", "[    1.234567] [C2147483647] x\n"),
	   "largest CPU id");
	ok(caller_is(42, "a\nb", "[    1.234567] [     T42] a\n"
		     "                          b\n"),
	   "a newline indents by the prefix with the column (26)");
	ok(caller_is(SD_DMESG_NO_CALLER, "a\nb",
		     "[    1.234567] a\n               b\n"),
	   "SD_DMESG_NO_CALLER: 1.7.2's prefix, no column");
}

/* ---- printk_ringbuffer, 6.1 layout ---- */

enum { COUNT = 16, DATA = 256, DSZ = 24, ISZ = 88 };

static const struct sd_prb_layout L61 = {
	.desc_size = DSZ, .off_state_var = 0, .off_begin = 8, .off_next = 16,
	.info_size = ISZ, .off_ts_nsec = 8, .off_text_len = 16,
};

struct ring {
	uint8_t descs[COUNT * DSZ], infos[COUNT * ISZ], data[DATA];
	uint64_t lpos;		/* logical head of the data ring */
	struct sd_prb_ring r;
};

static void
ring_init(struct ring *g, uint64_t lpos)
{
	memset(g, 0, sizeof(*g));
	g->lpos = lpos;
	g->r.descs = g->descs;
	g->r.infos = g->infos;
	g->r.data = g->data;
	g->r.count = COUNT;
	g->r.data_size = DATA;
}

/* printk_info.caller_id of record @id: task 3 * id, or CPU id % 4 if odd. */
static uint32_t
ring_caller(uint64_t id)
{
	return id & 1 ? SD_DMESG_CALLER_CPU | (uint32_t)(id % 4) :
			(uint32_t)(3 * id);
}

/* What the kernel's prb_reserve/prb_commit leave (state 2 = finalized). */
static void
ring_add(struct ring *g, uint64_t id, unsigned state, const char *text,
	 uint64_t ts)
{
	uint64_t slot = id % COUNT, len = strlen(text);
	uint64_t blk = (8 + len + 7) & ~7ULL, begin = g->lpos, next, at;
	uint8_t *d = g->descs + slot * DSZ, *in = g->infos + slot * ISZ;

	if (!len) {
		begin = next = 3;	/* NO_LPOS */
	} else {
		next = begin + blk;
		at = begin % DATA;
		put64(g->data + at, id);
		if (begin / DATA != next / DATA) {
			next = next / DATA * DATA + blk;
			at = 0;
			put64(g->data, id);
		}
		memcpy(g->data + at + 8, text, len);
		g->lpos = next;
	}
	put64(d, (uint64_t)state << 62 | id);
	put64(d + 8, begin);
	put64(d + 16, next);
	put64(in + 8, ts);
	put16(in + 16, (uint16_t)len);
	put32(in + 20, ring_caller(id));
}

static sd_status
prb(struct ring *g, uint64_t tail, uint64_t head, struct sd_prb_stats *s)
{
	struct sd_budget b;
	struct sd_err err = { 0 };

	sd_budget_init(&b, 1 << 20);
	memset(s, 0, sizeof(*s));
	g->r.tail_id = tail;
	g->r.head_id = head;
	reset();
	return sd_prb_dump(&L61, &g->r, &b, &out, s, &err);
}

static void
test_prb(void)
{
	static struct ring g;
	struct sd_prb_stats s;
	uint64_t top = SD_PRB_ID_MASK;

	ring_init(&g, 0);
	ring_add(&g, 100, 2, "one", 1000000000);
	ring_add(&g, 101, 1, "two", 2000000000);
	ring_add(&g, 102, 2, "three", 3000000000);
	ok(!prb(&g, 100, 102, &s) &&
	   got("[    1.000000] one\n[    2.000000] two\n[    3.000000] three\n") &&
	   s.printed == 3, "committed and finalized records, tail to head");
	ok(!prb(&g, 102, 102, &s) && got("[    3.000000] three\n"),
	   "tail == head prints the head");

	/* a block crossing the end of the data ring is stored at 0 */
	ring_init(&g, 5 * DATA - 16);
	ring_add(&g, 7, 2, "abcdefgh", 0);
	ring_add(&g, 8, 2, "after-wrap", 0);
	ok(!prb(&g, 7, 8, &s) && got("[    0.000000] abcdefgh\n"
				     "[    0.000000] after-wrap\n"),
	   "block ending at the ring's end wraps to 0");
	ring_init(&g, 3 * DATA - 40);
	ring_add(&g, 1, 2, "0123456789", 0);
	ring_add(&g, 2, 2, "this one wraps around the end", 0);
	ring_add(&g, 3, 2, "next", 0);
	ok(!prb(&g, 1, 3, &s) && got("[    0.000000] 0123456789\n"
				     "[    0.000000] this one wraps around the end\n"
				     "[    0.000000] next\n"),
	   "wrapped data block read from offset 0");

	/* skipped: data-less, reserved, reusable, and a reused slot */
	ring_init(&g, 0);
	ring_add(&g, 20, 2, "a", 0);
	ring_add(&g, 21, 2, "", 0);
	ring_add(&g, 22, 0, "reserved", 0);
	ring_add(&g, 23, 3, "reusable", 0);
	ring_add(&g, 24 + COUNT, 2, "newer lap", 0);
	ring_add(&g, 25, 2, "z", 0);
	ok(!prb(&g, 20, 25, &s) && got("[    0.000000] a\n[    0.000000] z\n") &&
	   s.printed == 2 && s.skipped == 4,
	   "data-less, reserved, reusable and reused slots are skipped");

	/* ids wrap at 2^62 */
	ring_init(&g, 0);
	ring_add(&g, top - 1, 2, "m1", 0);
	ring_add(&g, top, 2, "m0", 0);
	ring_add(&g, 0, 2, "p0", 0);
	ring_add(&g, 1, 2, "p1", 0);
	ok(!prb(&g, top - 1, 1, &s) && got("[    0.000000] m1\n[    0.000000] m0\n"
					   "[    0.000000] p0\n[    0.000000] p1\n"),
	   "ids wrap through DESC_ID_MASK");
	ok(!prb(&g, top - 1 + (3ULL << 62), 1 | (1ULL << 63), &s) && s.printed == 4,
	   "state bits in tail/head ids are masked");

	/* --partial-dmesg */
	ok(sd_prb_partial_tail(1000, 16, 37) == 997, "partial tail: same lap");
	ok(sd_prb_partial_tail(5, 16, 3) == 3, "partial tail: small ids");
	ok(sd_prb_partial_tail(1, 16, 20) == 4,
	   "partial tail above head, as makedumpfile computes it");

	/* corrupt: head - tail >= count is bounded to a scan of the slots */
	ring_init(&g, 0);
	ring_add(&g, 40, 2, "forty", 0);
	ring_add(&g, 33, 2, "thirty-three", 0);
	ring_add(&g, 1ULL << 40, 2, "far", 0);
	ok(!prb(&g, 30, 1ULL << 61, &s) && s.scanned &&
	   got("[    0.000000] thirty-three\n[    0.000000] forty\n"
	       "[    0.000000] far\n"),
	   "a huge id range prints the slots' records in id order");
	ok(!prb(&g, 34, 33, &s) && s.scanned &&
	   got("[    0.000000] forty\n[    0.000000] far\n[    0.000000] thirty-three\n"),
	   "tail just past head: almost the whole id space, bounded");

	/* corrupt lengths stay inside the copy of the ring */
	ring_init(&g, 0);
	ring_add(&g, 50, 2, "short", 0);
	put16(g.infos + (50 % COUNT) * ISZ + 16, 60000);
	ok(!prb(&g, 50, 50, &s) && got("[    0.000000] short\\x00\\x00\\x00\n") &&
	   !s.clamped, "text_len cut to the data block (padding included)");
	put64(g.descs + (50 % COUNT) * DSZ + 8, DATA - 4);
	put64(g.descs + (50 % COUNT) * DSZ + 16, 2);
	ok(!prb(&g, 50, 50, &s) && s.printed == 1 && s.clamped == 1,
	   "wrapped block with next < 8: text clamped to the ring");
	put64(g.descs + (50 % COUNT) * DSZ + 8, 100);
	put64(g.descs + (50 % COUNT) * DSZ + 16, 50);
	ok(!prb(&g, 50, 50, &s) && s.printed == 1 && !s.clamped,
	   "garbage begin > next: read from 8, cut at next");

	g.r.count = 12;
	ok(prb(&g, 50, 50, &s) == SD_ERR_CORRUPT, "count not a power of two");
}

/* ---- log_buf, struct printk_log (3.5 - 5.9) ---- */

enum { HDR = 16, LBLEN = 512 };

static const struct sd_logbuf_layout LOG = {
	.hdr_size = HDR, .off_ts_nsec = 0, .off_len = 8, .off_text_len = 10,
};

static uint8_t lb[LBLEN];

/* A record of @len bytes (0 = wrap marker) at @idx. */
static void
lb_rec(uint64_t idx, uint16_t len, const char *text, uint64_t ts)
{
	put64(lb + idx, ts);
	put16(lb + idx + 8, len);
	put16(lb + idx + 10, (uint16_t)(text ? strlen(text) : 0));
	if (text)
		memcpy(lb + idx + HDR, text, strlen(text));
}

static int
walk(uint64_t first, uint64_t next, struct sd_logbuf_walk *w)
{
	struct sd_err err = { 0 };

	sd_logbuf_plan(&LOG, lb, LBLEN, first, next, w);
	reset();
	return sd_logbuf_dump(&LOG, lb, LBLEN, first, w->n_records, &out,
			      &err) == SD_OK;
}

static void
test_logbuf(void)
{
	struct sd_logbuf_walk w;

	memset(lb, 0, sizeof(lb));
	lb_rec(0, 32, "wrapped", 4000000);
	lb_rec(32, 32, "after", 5000000);
	lb_rec(400, 48, "first", 1000000);
	lb_rec(448, 32, "second", 2000000);
	lb_rec(480, 0, NULL, 0);	/* end of buffer: go on at 0 */
	ok(walk(400, 64, &w) && w.end == SD_LOGBUF_DONE && w.n_records == 4 &&
	   got("[    0.001000] first\n[    0.002000] second\n"
	       "[    0.004000] wrapped\n[    0.005000] after\n"),
	   "records from first to next, through the wrap marker");
	ok(walk(448, 448, &w) && w.n_records == 0 && got(""),
	   "first == next: an empty log");

	/* a cycle entered at a normal record after two records */
	memset(lb, 0, sizeof(lb));
	lb_rec(200, 56, "lead-in", 0);
	lb_rec(256, 0, NULL, 0);	/* marker: record 0, then 0 + len */
	lb_rec(0, 32, "zero", 0);
	lb_rec(32, 32, "c32", 0);
	lb_rec(64, 64, "c64", 0);
	lb_rec(128, 0, NULL, 0);	/* marker again: back to 32 */
	ok(walk(200, 400, &w) && w.end == SD_LOGBUF_CYCLE &&
	   w.n_records == 5 &&
	   got("[    0.000000] lead-in\n[    0.000000] zero\n[    0.000000] c32\n"
	       "[    0.000000] c64\n[    0.000000] zero\n"),
	   "cycle: the records leading in and one lap, then stop");
	ok(walk(32, 400, &w) && w.end == SD_LOGBUF_CYCLE && w.n_records == 3,
	   "cycle from its first record: one lap");

	/* a marker pointing at itself: record 0 of length 0 */
	memset(lb, 0, sizeof(lb));
	lb_rec(100, 0, NULL, 0);
	ok(walk(100, 300, &w) && w.end == SD_LOGBUF_CYCLE && w.n_records <= 2,
	   "zero-length record at 0: a cycle, not an endless loop");

	/* an index outside [0, len - hdr] */
	memset(lb, 0, sizeof(lb));
	lb_rec(0, 32, "ok", 0);
	lb_rec(32, 490, "jumps out", 0);
	ok(walk(0, 300, &w) && w.end == SD_LOGBUF_OUTSIDE && w.n_records == 2 &&
	   w.bad_idx == 522 && got("[    0.000000] ok\n[    0.000000] jumps out\n"),
	   "index outside log_buf: the records before it");
	ok(walk(600, 300, &w) && w.end == SD_LOGBUF_OUTSIDE && w.n_records == 0,
	   "log_first_idx outside the buffer");
	ok(walk(LBLEN - HDR + 1, 300, &w) && w.end == SD_LOGBUF_OUTSIDE,
	   "a header that would cross the end");

	/* text_len past the buffer */
	memset(lb, 0, sizeof(lb));
	lb_rec(LBLEN - HDR - 4, 20, NULL, 0);
	put16(lb + LBLEN - HDR - 4 + 10, 9999);
	memcpy(lb + LBLEN - 4, "tail", 4);
	ok(walk(LBLEN - HDR - 4, 0, &w) && w.end == SD_LOGBUF_OUTSIDE &&
	   w.n_records == 1 && got("[    0.000000] tail\n"),
	   "text_len cut to the end of the buffer");
}

/* The 5.10+ ring with OFFSET(printk_info.caller_id) known, and not. */
static void
test_prb_caller(void)
{
	static struct ring g;
	struct sd_prb_layout lc = L61;
	struct sd_prb_stats s;
	struct sd_budget b;
	struct sd_err err = { 0 };

	ring_init(&g, 0);
	ring_add(&g, 100, 2, "one", 1000000000);
	ring_add(&g, 101, 2, "two\nlines", 2000000000);
	ring_add(&g, 102, 1, "three", 3000000000);
	g.r.tail_id = 100;
	g.r.head_id = 102;
	lc.has_caller_id = true;
	lc.off_caller_id = 20;		/* 6.1's printk_info */
	sd_budget_init(&b, 1 << 20);
	memset(&s, 0, sizeof(s));
	reset();
	ok(!sd_prb_dump(&lc, &g.r, &b, &out, &s, &err) &&
	   got("[    1.000000] [    T300] one\n"
	       "[    2.000000] [      C1] two\n"
	       "                          lines\n"
	       "[    3.000000] [    T306] three\n"),
	   "5.10+ ring, caller_id offset known: T<pid> and C<cpu> columns");
	ok(!prb(&g, 100, 102, &s) &&
	   got("[    1.000000] one\n[    2.000000] two\n"
	       "               lines\n[    3.000000] three\n"),
	   "5.10+ ring, caller_id offset not known: no column");
	lc.off_caller_id = ISZ - 2;
	ok(sd_prb_layout_check(&lc, &err) == SD_ERR_CORRUPT,
	   "a caller_id offset past SIZE(printk_info) is refused");
	lc.has_caller_id = false;
	ok(sd_prb_layout_check(&lc, &err) == SD_OK,
	   "... but ignored when the column is not printed");
}

/* 3.5-5.9 log_buf with OFFSET(printk_log.caller_id) (5.1+ kernels). */
static void
test_logbuf_caller(void)
{
	struct sd_logbuf_layout lc = LOG;
	struct sd_logbuf_walk w;
	struct sd_err err = { 0 };

	memset(lb, 0, sizeof(lb));
	lb_rec(0, 32, "task", 1000000);
	put32(lb + 12, 4321);
	lb_rec(32, 32, "cpu", 2000000);
	put32(lb + 32 + 12, SD_DMESG_CALLER_CPU | 7);
	lc.has_caller_id = true;
	lc.off_caller_id = 12;
	sd_logbuf_plan(&lc, lb, LBLEN, 0, 64, &w);
	reset();
	ok(!sd_logbuf_dump(&lc, lb, LBLEN, 0, w.n_records, &out, &err) &&
	   got("[    0.001000] [   T4321] task\n[    0.002000] [      C7] cpu\n"),
	   "log_buf with printk_log.caller_id: the column too");
	ok(walk(0, 64, &w) &&
	   got("[    0.001000] task\n[    0.002000] cpu\n"),
	   "log_buf without it: no column");
	lc.off_caller_id = HDR - 3;
	ok(sd_logbuf_layout_check(&lc, &err) == SD_ERR_CORRUPT,
	   "a caller_id offset past the record header is refused");
}

static void
test_plain(void)
{
	struct sd_err err = { 0 };
	const uint8_t ring[8] = { 'E', 'F', 'G', 'H', 'A', 'B', 'C', 'D' };

	reset();
	ok(!sd_plain_ring_dump(ring, 8, 3, &out, &err) && got("EFG"),
	   "plain ring before it fills: buf[0, log_end)");
	reset();
	ok(!sd_plain_ring_dump(ring, 8, 8 * 5 + 4, &out, &err) &&
	   got("ABCDEFGH"), "plain ring after it wrapped: oldest first");
}

int
main(void)
{
	test_format();
	test_caller();
	test_prb();
	test_prb_caller();
	test_logbuf();
	test_logbuf_caller();
	test_plain();
	return tap_done();
}
