/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_DMESG_FORMAT_H
#define SIEVEDUMP_DMESG_FORMAT_H

/*
 * --dump-dmesg's output (dmesg_format.c): records formatted as makedumpfile
 * prints them, through a buffer, to a write function.  A leaf: the ring
 * walkers (dmesg_prb.c, dmesg_logbuf.c) write through it.
 */

#include <stddef.h>
#include <stdint.h>

#include "sievedump/status.h"

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

#endif
