// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the bounds-checked cursor. */
#include <stdio.h>
#include <string.h>

#include "sievedump/cursor.h"
#include "../lib/tap.h"


static void
test_reads(void)
{
	static const uint8_t data[] = { 0x01, 0x34, 0x12, 0x78, 0x56, 0x34,
					0x12, 0xef, 0xcd, 0xab, 0x89, 0x67,
					0x45, 0x23, 0x01 };
	struct sd_err err = { 0 };
	struct sd_cursor c;
	uint8_t b = 0;
	uint16_t h = 0;
	uint32_t w = 0;
	uint64_t q = 0;

	sd_cursor_init(&c, data, sizeof(data), 0x100, "blob");
	ok(!sd_cursor_u8(&c, &b, &err) && b == 0x01, "u8");
	ok(!sd_cursor_u16(&c, &h, &err) && h == 0x1234, "u16 little-endian");
	ok(!sd_cursor_u32(&c, &w, &err) && w == 0x12345678, "u32 little-endian");
	ok(!sd_cursor_u64(&c, &q, &err) && q == 0x0123456789abcdefULL,
	   "u64 little-endian");
	ok(sd_cursor_left(&c) == 0, "all consumed");
	ok(sd_cursor_u8(&c, &b, &err) == SD_ERR_CORRUPT, "read past end fails");
	ok(strstr(err.msg, "blob: truncated at offset 0x10f") == err.msg,
	   "message names what and absolute offset");
	ok(c.pos == sizeof(data), "failed read leaves cursor unchanged");
}

static void
test_moves(void)
{
	uint8_t data[32] = { 0 };
	struct sd_err err = { 0 };
	struct sd_cursor c, sub;
	const uint8_t *p = NULL;
	uint32_t w;

	data[20] = 0xaa;
	sd_cursor_init(&c, data, sizeof(data), 0, "hdr");
	ok(!sd_cursor_skip(&c, 3, &err) && c.pos == 3, "skip");
	ok(!sd_cursor_align(&c, 4, &err) && c.pos == 4, "align to 4");
	ok(!sd_cursor_align(&c, 4, &err) && c.pos == 4, "align when aligned");
	ok(sd_cursor_skip(&c, 29, &err) == SD_ERR_CORRUPT && c.pos == 4,
	   "skip past end fails");
	ok(!sd_cursor_seek(&c, 32, &err) && c.pos == 32, "seek to end");
	ok(sd_cursor_seek(&c, 33, &err) == SD_ERR_CORRUPT, "seek past end");
	ok(!sd_cursor_seek(&c, 16, &err), "seek back");
	ok(!sd_cursor_sub(&c, 8, "inner", &sub, &err) && c.pos == 24 &&
	   sub.len == 8 && sub.base == 16, "sub-cursor carves and advances");
	ok(!sd_cursor_skip(&sub, 4, &err) && !sd_cursor_bytes(&sub, 1, &p, &err)
	   && *p == 0xaa, "sub-cursor reads its bytes");
	ok(sd_cursor_u32(&sub, &w, &err) == SD_ERR_CORRUPT &&
	   strstr(err.msg, "inner: truncated at offset 0x15"),
	   "sub-cursor bounded, offset absolute");
	ok(sd_cursor_sub(&c, 9, NULL, &sub, &err) == SD_ERR_CORRUPT,
	   "sub-cursor larger than the rest fails");
	ok(sd_cursor_bytes(&c, SIZE_MAX, &p, &err) == SD_ERR_CORRUPT,
	   "huge length does not overflow");
}

int
main(void)
{
	test_reads();
	test_moves();
	printf("1..%d\n", n_test);
	return n_fail ? 1 : 0;
}
