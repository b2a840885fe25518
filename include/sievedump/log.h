/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_LOG_H
#define SIEVEDUMP_LOG_H

/*
 * Messages, as makedumpfile prints them.  The level is a bitmask
 * (--message-level): each kind of message is printed only if its bit is set.
 * Common, debug and report messages go to standard output, or to standard
 * error with -F (standard output then carries the dump); progress lines and
 * errors always go to standard error.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "sievedump/compiler.h"
#include "sievedump/status.h"

struct sd_options;

enum sd_log_bit {
	SD_LOG_PROGRESS = 1,	/**< progress line, stderr */
	SD_LOG_COMMON = 2,	/**< common messages (MSG) */
	SD_LOG_ERROR = 4,	/**< error messages, stderr */
	SD_LOG_DEBUG = 8,	/**< debug messages */
	SD_LOG_REPORT = 16,	/**< report and STEP timings */
	SD_LOG_DEFAULT = 7,
};

/** One reading of the clocks: wall seconds (throttle) and monotonic (ETA). */
struct sd_log_time {
	time_t wall;
	struct timespec mono;
};

/** Clock source; tests install a fake one. */
typedef void (*sd_log_clock_fn)(void *ctx, struct sd_log_time *now);

struct sd_log {
	unsigned int level;		/**< enum sd_log_bit mask */
	const char *progname;		/**< "sievedump" or "makedumpfile" */
	bool flatten;			/**< -F, --plan=json: all text to @err */
	bool check_params;		/**< --check-params: no Completed/Failed */
	bool mem_usage;			/**< --mem-usage: no "Completed" */
	FILE *out;			/**< standard output (tests may replace) */
	FILE *err;			/**< standard error (tests may replace) */
	sd_log_clock_fn clock;		/**< time source (default: the real clocks) */
	void *clock_ctx;
	/* Progress state. */
	time_t last_wall;		/**< wall second of the last line printed */
	unsigned int lapse;		/**< lines printed so far (spinner) */
	bool eta_on;			/**< sd_progress_begin was called */
	struct timespec eta_start;	/**< monotonic start for the ETA */
};

/**
 * Set up from the (possibly partly) parsed options: level, progname, -F,
 * --check-params, --mem-usage.  @opt may be NULL (level 7, "sievedump").
 * Streams are stdout and stderr and the clock is the real one.
 */
void sd_log_init(struct sd_log *log, const struct sd_options *opt);
/** Monotonic seconds, for the phase timers of the debug report. */
double sd_seconds(void);

/** Common message (bit 2). */
void sd_msg(struct sd_log *log, const char *fmt, ...) SD_PRINTF(2, 3);
/** Error message (bit 4), always to stderr, printed as given. */
void sd_errmsg(struct sd_log *log, const char *fmt, ...) SD_PRINTF(2, 3);
/** Debug message (bit 8). */
/** Where debug messages go, or NULL when they are off. */
FILE *sd_log_debug_stream(const struct sd_log *log);
void sd_debug(struct sd_log *log, const char *fmt, ...) SD_PRINTF(2, 3);
/** Report message (bit 16). */
void sd_report(struct sd_log *log, const char *fmt, ...) SD_PRINTF(2, 3);

/**
 * The stream common messages go to (stdout, or stderr with -F), or NULL when
 * bit 2 is off: for text printed by other modules, such as the -v feature
 * list (makedumpfile prints -v and -h as common messages).
 */
FILE *sd_log_msg_stream(const struct sd_log *log);

/** "<progname>: <err->msg>\n" to stderr at bit 4. */
void sd_log_error(struct sd_log *log, const struct sd_err *err);

/**
 * A command line refused by sd_options_parse: @opt->diag (getopt's
 * complaint) to stderr whatever the level, then @err->msg as a common
 * message.  Follow with sd_log_finish(log, false).
 */
void sd_log_cmdline_error(struct sd_log *log, const struct sd_options *opt,
			  const struct sd_err *err);

/** Start timing a phase for the ETA of the following progress lines. */
void sd_progress_begin(struct sd_log *log);
/**
 * Progress line (bit 1, stderr), makedumpfile's format: @msg27 is one of the
 * 27-column phase texts.  Printed at most once per wall-clock second, except
 * when @current >= @end.  Shows an ETA only after sd_progress_begin.
 */
void sd_progress(struct sd_log *log, const char *msg27, uint64_t current,
		 uint64_t end);
/** End the progress line with a newline (bit 1) and forget the ETA start. */
void sd_progress_done(struct sd_log *log);
/** A line of the progress level (bit 1, stderr), e.g. -e's count. */
void sd_progress_text(struct sd_log *log, const char *fmt, ...) SD_PRINTF(2, 3);
/** "STEP [<msg27>] : S.UUUUUU seconds" at bit 16. */
void sd_step_time(struct sd_log *log, const char *msg27, uint64_t elapsed_ns);
/** Monotonic time from the log's clock, in ns (for sd_step_time). */
uint64_t sd_log_mono_ns(struct sd_log *log);

/** "\nThe dumpfile is saved to F.\n", or the --split form for @n > 1. */
void sd_log_saved(struct sd_log *log, const char *const *files, int n);
/** "\nThe <what> is saved to F.\n" ("dmesg log", "vmcoreinfo"). */
void sd_log_saved_as(struct sd_log *log, const char *what, const char *file);
/**
 * "\n<progname> Completed.\n" or "\n<progname> Failed.\n" (bit 2).  Nothing
 * with --check-params; only the blank line after a successful --mem-usage.
 */
void sd_log_finish(struct sd_log *log, bool ok);

/* Phase texts of the progress line (27 columns). */
#define SD_PROGRESS_HOLES	"Checking for memory holes  "
#define SD_PROGRESS_UNN_PAGES	"Excluding unnecessary pages"
#define SD_PROGRESS_FREE_PAGES	"Excluding free pages       "
#define SD_PROGRESS_ZERO_PAGES	"Excluding zero pages       "
#define SD_PROGRESS_XEN_DOMAIN	"Excluding xen user domain  "
#define SD_PROGRESS_COPY	"Copying data               "

#endif
