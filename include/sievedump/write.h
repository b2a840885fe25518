/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_WRITE_H
#define SIEVEDUMP_WRITE_H

/*
 * --reassemble (reassemble.c).  The writers (kdump, ELF, --split) are
 * behind include/sievedump/writer.h.  doc/format-elf-split.md describes
 * the files and how they match makedumpfile 1.7.2 byte for byte.
 */

#include <stdbool.h>
#include <stdint.h>

#include "sievedump/status.h"

struct sd_budget;
struct sd_log;

/** --reassemble F1 .. Fn OUT (doc/format-elf-split.md). */
sd_status sd_reassemble(const char *const *files, int n, const char *out,
			bool force, struct sd_budget *budget,
			struct sd_log *log, struct sd_err *err)
	SD_MUST_CHECK;

#endif
