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

#include "sievedump/dmesg_format.h"
#include "sievedump/dmesg_logbuf.h"
#include "sievedump/dmesg_prb.h"
#include "sievedump/status.h"

struct sd_job;

/* ---- the mode ---- */

/**
 * --dump-dmesg [--partial-dmesg] VMCORE LOGFILE (or -F: standard output).
 * Prints "The dmesg log is saved to F." itself; main prints no saved line.
 */
sd_status sd_job_dmesg(struct sd_job *job, struct sd_err *err) SD_MUST_CHECK;

#endif
