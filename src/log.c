// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Messages with makedumpfile's levels, streams and texts.  All state lives
 * in struct sd_log; the clock is a function pointer so that tests can drive
 * the progress throttle and the ETA.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sievedump/log.h"
#include "sievedump/options.h"

#define NSEC_PER_SEC 1000000000L

static void
real_clock(void *ctx, struct sd_log_time *now)
{
	(void)ctx;
	now->wall = time(NULL);
	clock_gettime(CLOCK_MONOTONIC, &now->mono);
}

double
sd_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / NSEC_PER_SEC;
}

void
sd_log_init(struct sd_log *log, const struct sd_options *opt)
{
	memset(log, 0, sizeof(*log));
	log->level = SD_LOG_DEFAULT;
	log->progname = "sievedump";
	log->out = stdout;
	log->err = stderr;
	log->clock = real_clock;
	if (!opt)
		return;
	log->level = (unsigned int)opt->message_level;
	if (opt->progname)
		log->progname = opt->progname;
	/* -F streams the dump, --plan=json its JSON: text goes to stderr */
	log->flatten = opt->flatten ||
		       (opt->mode == SD_MODE_PLAN && opt->plan_json);
	log->check_params = opt->check_params;
	log->mem_usage = opt->mode == SD_MODE_MEM_USAGE;
}

/* Where common, debug and report messages go. */
static FILE *
text_stream(const struct sd_log *log)
{
	return log->flatten ? log->err : log->out;
}

FILE *
sd_log_msg_stream(const struct sd_log *log)
{
	return (log->level & SD_LOG_COMMON) ? text_stream(log) : NULL;
}

FILE *
sd_log_debug_stream(const struct sd_log *log)
{
	return (log->level & SD_LOG_DEBUG) ? text_stream(log) : NULL;
}

static void
vprint(struct sd_log *log, unsigned int bit, FILE *fp, const char *fmt,
       va_list ap) SD_PRINTF(4, 0);

static void
vprint(struct sd_log *log, unsigned int bit, FILE *fp, const char *fmt,
       va_list ap)
{
	if (log->level & bit)
		vfprintf(fp, fmt, ap);
}

void
sd_msg(struct sd_log *log, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(log, SD_LOG_COMMON, text_stream(log), fmt, ap);
	va_end(ap);
}

void
sd_errmsg(struct sd_log *log, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(log, SD_LOG_ERROR, log->err, fmt, ap);
	va_end(ap);
}

void
sd_debug(struct sd_log *log, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(log, SD_LOG_DEBUG, text_stream(log), fmt, ap);
	va_end(ap);
}

void
sd_report(struct sd_log *log, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(log, SD_LOG_REPORT, text_stream(log), fmt, ap);
	va_end(ap);
}

void
sd_log_error(struct sd_log *log, const struct sd_err *err)
{
	if (!err->msg[0])	/* told already, in makedumpfile's words */
		return;
	sd_errmsg(log, "%s: %s\n", log->progname, err->msg);
}

void
sd_log_cmdline_error(struct sd_log *log, const struct sd_options *opt,
		     const struct sd_err *err)
{
	if (opt && opt->diag[0])
		fprintf(log->err, "%s\n", opt->diag);
	if (err->msg[0])
		sd_msg(log, "%s\n", err->msg);
}

static void
log_now(struct sd_log *log, struct sd_log_time *now)
{
	log->clock(log->clock_ctx, now);
}

uint64_t
sd_log_mono_ns(struct sd_log *log)
{
	struct sd_log_time now;

	log_now(log, &now);
	return (uint64_t)now.mono.tv_sec * NSEC_PER_SEC +
	       (uint64_t)now.mono.tv_nsec;
}

void
sd_progress_begin(struct sd_log *log)
{
	struct sd_log_time now;

	log_now(log, &now);
	log->eta_start = now.mono;
	log->eta_on = true;
}

/* makedumpfile's short ETA forms. */
static void
format_eta(char *buf, size_t size, unsigned long secs)
{
	unsigned long minutes = secs / 60;
	unsigned long hours = minutes / 60;
	unsigned long days = hours / 24;

	if (secs < 100)
		snprintf(buf, size, "eta: %lus", secs);
	else if (minutes < 100)
		snprintf(buf, size, "eta: %lum%lus", minutes, secs % 60);
	else if (hours < 48)
		snprintf(buf, size, "eta: %luh%lum", hours, minutes % 60);
	else if (days < 100)
		snprintf(buf, size, "eta: %lud%luh", days, hours % 24);
	else
		snprintf(buf, size, "eta: >100day");
}

/* Remaining seconds = total estimated from elapsed/permille, minus elapsed. */
static unsigned long
eta_seconds(const struct timespec *start, const struct timespec *now,
	    unsigned int permille)
{
	long sec = now->tv_sec - start->tv_sec;
	long nsec = now->tv_nsec - start->tv_nsec;
	unsigned long ms;

	if (nsec < 0) {
		sec--;
		nsec += NSEC_PER_SEC;
	}
	if (sec < 0)
		return 0;
	ms = 1000UL * (unsigned long)sec + (unsigned long)nsec / 1000000UL;
	return ms / permille - (unsigned long)sec;
}

void
sd_progress(struct sd_log *log, const char *msg27, uint64_t current,
	    uint64_t end)
{
	static const char spinner[] = "/|\\-";
	struct sd_log_time now;
	unsigned int permille;
	char eta[32] = " ";

	log_now(log, &now);
	if (current < end) {
		if (now.wall - log->last_wall < 1)
			return;
		log->last_wall = now.wall;
		permille = (unsigned int)(current * 1000 / end);
	} else {
		permille = 1000;
	}
	if (log->eta_on && permille != 0)
		format_eta(eta, sizeof(eta),
			   eta_seconds(&log->eta_start, &now.mono, permille));
	if (log->level & SD_LOG_PROGRESS)
		fprintf(log->err, "\r%-50s: [%3u.%u %%] %c  %16s", msg27,
			permille / 10, permille % 10,
			spinner[log->lapse % 4], eta);
	log->lapse++;
}

void
sd_progress_done(struct sd_log *log)
{
	if (log->level & SD_LOG_PROGRESS)
		fputc('\n', log->err);
	log->eta_on = false;
}

void
sd_progress_text(struct sd_log *log, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(log, SD_LOG_PROGRESS, log->err, fmt, ap);
	va_end(ap);
}

void
sd_step_time(struct sd_log *log, const char *msg27, uint64_t elapsed_ns)
{
	sd_report(log, "STEP [%s] : %ld.%06ld seconds\n", msg27,
		  (long)(elapsed_ns / NSEC_PER_SEC),
		  (long)(elapsed_ns % NSEC_PER_SEC / 1000));
}

void
sd_log_saved(struct sd_log *log, const char *const *files, int n)
{
	int i;

	if (n <= 0)
		return;
	sd_msg(log, "\n");
	if (n == 1) {
		sd_msg(log, "The dumpfile is saved to %s.\n", files[0]);
		return;
	}
	sd_msg(log, "The dumpfiles are saved to ");
	for (i = 0; i < n - 1; i++)
		sd_msg(log, "%s, ", files[i]);
	sd_msg(log, "and %s.\n", files[n - 1]);
}

void
sd_log_saved_as(struct sd_log *log, const char *what, const char *file)
{
	sd_msg(log, "\nThe %s is saved to %s.\n", what, file);
}

void
sd_log_finish(struct sd_log *log, bool ok)
{
	if (log->check_params)
		return;
	sd_msg(log, "\n");
	if (!ok)
		sd_msg(log, "%s Failed.\n", log->progname);
	else if (!log->mem_usage)
		sd_msg(log, "%s Completed.\n", log->progname);
}
