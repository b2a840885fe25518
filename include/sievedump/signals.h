/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_SIGNALS_H
#define SIEVEDUMP_SIGNALS_H

#include <stdbool.h>

#include "sievedump/status.h"

/*
 * SIGTERM, SIGINT and SIGHUP during a dump (signals.c).  The handler only
 * records the signal; the writers poll sd_interrupted() between batches,
 * stop with SD_ERR_INTERRUPTED, leave the output marked incomplete and
 * main exits 1.  The handler is one-shot: a second signal of the same
 * kind gets the default action (an impatient operator can still kill us).
 * The recorded signal is the one mutable global of the program.
 * SIGBUS (an mmap window of /proc/vmcore over a page the kernel cannot
 * give) ends the run at once with a message and exit 1.  SIGPIPE is
 * ignored: a closed message pipe must not kill the dump.
 */

/** Install the handlers (main, before the job runs). */
void sd_signals_install(void);
/** The first caught signal's number, or 0. */
int sd_interrupted(void);
/** SD_ERR_INTERRUPTED with "interrupted by SIGTERM" when a signal came. */
sd_status sd_check_interrupt(struct sd_err *err) SD_MUST_CHECK;

#endif
