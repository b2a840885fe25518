// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --dump-dmesg's records formatted as makedumpfile prints them, through a
 * buffer (include/sievedump/dmesg_format.h; doc/compat-dmesg.md).
 */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "sievedump/dmesg_format.h"

/* ---- buffered output ---- */

void
sd_dmesg_out_init(struct sd_dmesg_out *o, sd_dmesg_write_fn write, void *ctx)
{
	memset(o, 0, sizeof(*o));
	o->write = write;
	o->ctx = ctx;
}

sd_status
sd_dmesg_flush(struct sd_dmesg_out *o, struct sd_err *err)
{
	size_t n = o->used;

	o->used = 0;
	return n ? o->write(o->ctx, o->buf, n, err) : SD_OK;
}

sd_status
sd_dmesg_put(struct sd_dmesg_out *o, const void *p, size_t n,
	     struct sd_err *err)
{
	const uint8_t *b = p;
	sd_status st;

	while (n) {
		size_t k = SD_DMESG_BUF - o->used;

		if (k > n)
			k = n;
		memcpy(o->buf + o->used, b, k);
		o->used += k;
		b += k;
		n -= k;
		if (o->used == SD_DMESG_BUF) {
			st = sd_dmesg_flush(o, err);
			if (st)
				return st;
		}
	}
	return SD_OK;
}

/*
 * makedumpfile prints a plain char with %02x, so the form follows the
 * build's char: signed (x86_64) gives \xffffffNN, unsigned (arm64) \xNN
 * (doc/compat-dmesg.md, "Output format").
 */
static unsigned
escaped_byte(uint8_t c)
{
#if CHAR_MIN < 0
	return (unsigned)(int)(signed char)c;
#else
	return c;
#endif
}

/* isprint() || isspace() in the C locale, for a byte below 0x80. */
static int
plain_ascii(uint8_t c)
{
	return (c >= 0x20 && c < 0x7f) || (c >= 0x09 && c <= 0x0d);
}

/*
 * The record's prefix: "[%5lld.%06lu] ", then for 1.7.5+ the caller-id
 * column "[%8s] " of "T<pid>" or "C<cpu>" (bit 31 of caller_id set, and
 * cleared before printing), as makedumpfile's printk.c prints it.
 */
static int
record_prefix(char *pre, size_t size, uint64_t ts_nsec, int64_t caller_id)
{
	uint64_t sec = ts_nsec / 1000000000ULL;
	unsigned long usec = (unsigned long)(ts_nsec % 1000000000ULL) / 1000;
	int n = snprintf(pre, size, "[%5lld.%06lu] ", (long long)sec, usec);
	uint32_t id = (uint32_t)caller_id;
	char who[16];

	if (caller_id == SD_DMESG_NO_CALLER)
		return n;
	snprintf(who, sizeof(who), "%c%" PRIu32,
		 id & SD_DMESG_CALLER_CPU ? 'C' : 'T', id & ~SD_DMESG_CALLER_CPU);
	return n + snprintf(pre + n, size - (size_t)n, "[%8s] ", who);
}

sd_status
sd_dmesg_record(struct sd_dmesg_out *o, uint64_t ts_nsec, int64_t caller_id,
		const uint8_t *text, size_t len, struct sd_err *err)
{
	char pre[80], esc[16];
	int indent = record_prefix(pre, sizeof(pre), ts_nsec, caller_id);
	size_t i, run = 0;
	sd_status st;

	st = sd_dmesg_put(o, pre, (size_t)indent, err);
	for (i = 0; !st && i < len; i++) {
		uint8_t c = text[i];

		if (c != '\n' && c < 0x80 && plain_ascii(c)) {
			run++;		/* copied in runs, not byte by byte */
			continue;
		}
		st = sd_dmesg_put(o, text + i - run, run, err);
		run = 0;
		if (st)
			break;
		if (c == '\n') {
			pre[0] = '\n';
			memset(pre + 1, ' ', (size_t)indent);
			st = sd_dmesg_put(o, pre, (size_t)indent + 1, err);
		} else {
			int n = snprintf(esc, sizeof(esc), "\\x%02x",
					 escaped_byte(c));

			st = sd_dmesg_put(o, esc, (size_t)n, err);
		}
	}
	if (!st)
		st = sd_dmesg_put(o, text + len - run, run, err);
	if (!st)
		st = sd_dmesg_put(o, "\n", 1, err);
	if (!st)
		o->records++;
	return st;
}
