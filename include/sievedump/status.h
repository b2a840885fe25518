/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_STATUS_H
#define SIEVEDUMP_STATUS_H

#include <stddef.h>
#include "sievedump/compiler.h"

/** Result of every fallible function.  The message travels in struct sd_err. */
typedef enum sd_status {
	SD_OK = 0,
	SD_ERR_SYSTEM,		/**< a system call failed; sd_err.errnum holds errno */
	SD_ERR_NOMEM,		/**< allocation failed */
	SD_ERR_BUDGET,		/**< the memory budget would be exceeded */
	SD_ERR_CORRUPT,		/**< input bytes are inconsistent */
	SD_ERR_UNSUPPORTED,	/**< feature not built in or not implemented */
	SD_ERR_INVALID,		/**< bad command line or arguments */
	SD_ERR_NODATA,		/**< nothing found (end of iteration, missing key) */
	SD_ERR_NOSPACE,		/**< output device full or -L limit reached */
	SD_ERR_WRONG_RELEASE,	/**< -i OSRELEASE differs from the vmcore: exit 2 */
	SD_ERR_INTERRUPTED,	/**< a signal asked us to stop */
	SD_ERR_UNREADABLE,	/**< input bytes cannot be read: EIO, or past the
				     end of a truncated file */
	SD_NOPROBE,		/**< internal: "not my format" */
	SD_INCOMPRESSIBLE,	/**< internal: store the page raw */
} sd_status;

enum { SD_ERR_MSG_MAX = 1024 };

/** Error state: the first failure plus the context added on the way up. */
struct sd_err {
	sd_status status;
	int errnum;
	char msg[SD_ERR_MSG_MAX];
};

/** Record a new error (replacing any previous one); returns @status. */
sd_status sd_fail(struct sd_err *err, sd_status status, const char *fmt, ...)
	SD_PRINTF(3, 4);
/** Like sd_fail, with errno captured and its text appended. */
sd_status sd_fail_errno(struct sd_err *err, int errnum, const char *fmt, ...)
	SD_PRINTF(3, 4);
/** Prepend "context: " to the current message; returns @status. */
sd_status sd_wrap(struct sd_err *err, sd_status status, const char *fmt, ...)
	SD_PRINTF(3, 4);
void sd_err_clear(struct sd_err *err);
/**
 * Every plug-in ops table (source, sink, compressor, page set) opens with
 * `unsigned version`; the code that registers or opens a table checks it
 * here against the version this build reads (@want).  A mismatch is
 * SD_ERR_UNSUPPORTED naming the @kind ("source"), the table's @name and
 * both versions.
 */
sd_status sd_ops_version_check(const char *kind, const char *name,
			       unsigned have, unsigned want,
			       struct sd_err *err) SD_MUST_CHECK;

#endif
