// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the message module (src/log.c): levels, streams (-F), the
 * progress line of makedumpfile with a fake clock, ETA texts, throttling,
 * STEP lines and the end-of-run texts.
 * Prints "ok N - ..." / "not ok N - ..."; exits 1 if any test failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sievedump/log.h"
#include "sievedump/options.h"

struct harness {
	int n;
	int failed;
};

/* A log writing into two memory streams, driven by a fake clock. */
struct cap {
	struct sd_log log;
	struct sd_log_time now;
	char *obuf, *ebuf;
	size_t olen, elen;
};

static void
fake_clock(void *ctx, struct sd_log_time *now)
{
	*now = ((struct cap *)ctx)->now;
}

static void
cap_open(struct cap *c, unsigned int level, bool flatten)
{
	memset(c, 0, sizeof(*c));
	sd_log_init(&c->log, NULL);
	c->log.level = level;
	c->log.flatten = flatten;
	c->log.out = open_memstream(&c->obuf, &c->olen);
	c->log.err = open_memstream(&c->ebuf, &c->elen);
	if (!c->log.out || !c->log.err)
		abort();
	c->log.clock = fake_clock;
	c->log.clock_ctx = c;
	c->now.wall = 1000000;
}

static void
cap_flush(struct cap *c)
{
	fflush(c->log.out);
	fflush(c->log.err);
}

static void
cap_close(struct cap *c)
{
	fclose(c->log.out);
	fclose(c->log.err);
	free(c->obuf);
	free(c->ebuf);
}

static void
check_text(struct harness *h, const char *what, const char *got,
	   const char *want)
{
	int ok = strcmp(got ? got : "", want) == 0;

	h->n++;
	if (!ok) {
		h->failed++;
		fprintf(stderr, "# want '%s'\n#  got '%s'\n", want, got);
	}
	printf("%sok %d - %s\n", ok ? "" : "not ", h->n, what);
}

static void
check(struct harness *h, int cond, const char *what)
{
	h->n++;
	if (!cond)
		h->failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", h->n, what);
}

static void
emit_all(struct cap *c)
{
	sd_msg(&c->log, "msg %d\n", 2);
	sd_errmsg(&c->log, "err %d\n", 4);
	sd_debug(&c->log, "dbg %d\n", 8);
	sd_report(&c->log, "rep %d\n", 16);
	cap_flush(c);
}

static void
test_levels(struct harness *h)
{
	struct cap c;

	cap_open(&c, 31, false);
	emit_all(&c);
	check_text(h, "31: stdout has msg, dbg, rep", c.obuf,
		   "msg 2\ndbg 8\nrep 16\n");
	check_text(h, "31: stderr has err", c.ebuf, "err 4\n");
	cap_close(&c);
	cap_open(&c, 31, true);
	emit_all(&c);
	check_text(h, "-F: stdout empty", c.obuf, "");
	check_text(h, "-F: all on stderr", c.ebuf,
		   "msg 2\nerr 4\ndbg 8\nrep 16\n");
	cap_close(&c);
	cap_open(&c, 7, false);
	emit_all(&c);
	check_text(h, "7: no debug or report", c.obuf, "msg 2\n");
	check(h, sd_log_msg_stream(&c.log) == c.log.out, "7: msg stream stdout");
	c.log.flatten = true;
	check(h, sd_log_msg_stream(&c.log) == c.log.err, "-F: msg stream stderr");
	c.log.level = 5;
	check(h, sd_log_msg_stream(&c.log) == NULL, "no bit 2: no msg stream");
	cap_close(&c);
	cap_open(&c, 0, false);
	emit_all(&c);
	check(h, c.olen == 0 && c.elen == 0, "0: silent");
	cap_close(&c);
	cap_open(&c, 24, false);
	emit_all(&c);
	check_text(h, "24: debug and report only", c.obuf, "dbg 8\nrep 16\n");
	check_text(h, "24: no error", c.ebuf, "");
	cap_close(&c);
}

static void
test_init(struct harness *h)
{
	struct sd_options opt;
	struct sd_log log;

	sd_log_init(&log, NULL);
	check(h, log.level == 7 && strcmp(log.progname, "sievedump") == 0 &&
	      log.out == stdout && log.err == stderr && !log.flatten,
	      "init without options");
	memset(&opt, 0, sizeof(opt));
	opt.progname = "makedumpfile";
	opt.message_level = 31;
	opt.flatten = true;
	opt.check_params = true;
	opt.mode = SD_MODE_MEM_USAGE;
	sd_log_init(&log, &opt);
	check(h, log.level == 31 && strcmp(log.progname, "makedumpfile") == 0 &&
	      log.flatten && log.check_params && log.mem_usage,
	      "init from options");
}

static void
test_errors(struct harness *h)
{
	struct sd_options opt;
	struct sd_err err;
	struct cap c;

	cap_open(&c, 7, false);
	sd_fail(&err, SD_ERR_SYSTEM, "opening %s", "/proc/vmcore");
	sd_log_error(&c.log, &err);
	cap_flush(&c);
	check_text(h, "sd_log_error", c.ebuf, "sievedump: opening /proc/vmcore\n");
	cap_close(&c);

	memset(&opt, 0, sizeof(opt));
	snprintf(opt.diag, sizeof(opt.diag), "x: invalid option -- 'y'");
	sd_fail(&err, SD_ERR_INVALID, "Commandline parameter is invalid.\n"
		"Try `sievedump --help' for more information.");
	cap_open(&c, 7, false);
	sd_log_cmdline_error(&c.log, &opt, &err);
	sd_log_finish(&c.log, false);
	cap_flush(&c);
	check_text(h, "cmdline error: diag on stderr", c.ebuf,
		   "x: invalid option -- 'y'\n");
	check_text(h, "cmdline error: text on stdout", c.obuf,
		   "Commandline parameter is invalid.\n"
		   "Try `sievedump --help' for more information.\n"
		   "\nsievedump Failed.\n");
	cap_close(&c);
	cap_open(&c, 0, false);
	sd_log_cmdline_error(&c.log, &opt, &err);
	sd_log_finish(&c.log, false);
	cap_flush(&c);
	check_text(h, "level 0: getopt's complaint still printed", c.ebuf,
		   "x: invalid option -- 'y'\n");
	check_text(h, "level 0: nothing else", c.obuf, "");
	cap_close(&c);
}

/* One progress call at wall second @wall, @ms after sd_progress_begin. */
static void
progress_at(struct cap *c, time_t wall, long ms, uint64_t cur, uint64_t end)
{
	c->now.wall = wall;
	c->now.mono.tv_sec = 500 + ms / 1000;
	c->now.mono.tv_nsec = (ms % 1000) * 1000000L;
	sd_progress(&c->log, SD_PROGRESS_COPY, cur, end);
}

static void
test_progress_format(struct harness *h)
{
	struct cap c;

	cap_open(&c, 7, false);
	c.now.mono.tv_sec = 500;
	sd_progress_begin(&c.log);
	progress_at(&c, 2000000, 1000, 45, 100);
	cap_flush(&c);
	check_text(h, "facts example: 45% eta 1s", c.ebuf,
		   "\rCopying data                                      : "
		   "[ 45.0 %] /           eta: 1s");
	check_text(h, "progress never on stdout", c.obuf, "");
	cap_close(&c);

	cap_open(&c, 7, true);
	sd_progress(&c.log, SD_PROGRESS_UNN_PAGES, 7, 7);
	sd_progress(&c.log, SD_PROGRESS_UNN_PAGES, 9, 7);
	sd_progress_done(&c.log);
	cap_flush(&c);
	check_text(h, "100% without ETA, spinner advances, newline", c.ebuf,
		   "\rExcluding unnecessary pages                       : "
		   "[100.0 %] /                  "
		   "\rExcluding unnecessary pages                       : "
		   "[100.0 %] |                  \n");
	cap_close(&c);

	cap_open(&c, 7, false);
	sd_progress_begin(&c.log);
	sd_progress(&c.log, SD_PROGRESS_HOLES, 0, 1000);
	sd_progress(&c.log, SD_PROGRESS_HOLES, 1, 3);
	cap_flush(&c);
	check_text(h, "0 % shows no ETA; same second is throttled", c.ebuf,
		   "\rChecking for memory holes                         : "
		   "[  0.0 %] /                  ");
	cap_close(&c);
}

static void
test_throttle(struct harness *h)
{
	struct cap c;

	cap_open(&c, 6, false);
	progress_at(&c, 10, 0, 1, 1000);
	progress_at(&c, 10, 0, 2, 1000);
	check(h, c.log.lapse == 1, "same second: second call dropped");
	progress_at(&c, 11, 0, 3, 1000);
	check(h, c.log.lapse == 2, "next second: printed");
	progress_at(&c, 11, 0, 1000, 1000);
	progress_at(&c, 11, 0, 1000, 1000);
	check(h, c.log.lapse == 4, "100% always printed");
	cap_flush(&c);
	check(h, c.elen == 0, "bit 1 off: nothing written, state still kept");
	cap_close(&c);

	cap_open(&c, 7, false);
	progress_at(&c, 20, 0, 1, 8);
	progress_at(&c, 21, 0, 2, 8);
	progress_at(&c, 22, 0, 3, 8);
	progress_at(&c, 23, 0, 4, 8);
	progress_at(&c, 24, 0, 5, 8);
	cap_flush(&c);
	check(h, strstr(c.ebuf, "[ 12.5 %] /") && strstr(c.ebuf, "[ 25.0 %] |") &&
	      strstr(c.ebuf, "[ 37.5 %] \\") && strstr(c.ebuf, "[ 50.0 %] -") &&
	      strstr(c.ebuf, "[ 62.5 %] /"), "spinner / | \\ - and tenths");
	cap_close(&c);
}

static void
eta_case(struct harness *h, long secs, const char *want)
{
	char expect[128];
	struct cap c;

	cap_open(&c, 7, false);
	c.now.mono.tv_sec = 500;
	sd_progress_begin(&c.log);
	progress_at(&c, 5, secs * 1000, 500, 1000);
	cap_flush(&c);
	snprintf(expect, sizeof(expect), "\r%-50s: [ 50.0 %%] /  %16s",
		 SD_PROGRESS_COPY, want);
	check_text(h, want, c.ebuf, expect);
	cap_close(&c);
}

static void
test_eta(struct harness *h)
{
	/* At 50 % the remaining time equals the elapsed time. */
	eta_case(h, 0, "eta: 0s");
	eta_case(h, 99, "eta: 99s");
	eta_case(h, 100, "eta: 1m40s");
	eta_case(h, 5999, "eta: 99m59s");
	eta_case(h, 6000, "eta: 1h40m");
	eta_case(h, 47 * 3600 + 59 * 60, "eta: 47h59m");
	eta_case(h, 48 * 3600, "eta: 2d0h");
	eta_case(h, 99L * 86400 + 23 * 3600, "eta: 99d23h");
	eta_case(h, 100L * 86400, "eta: >100day");
}

static void
test_step_and_end(struct harness *h)
{
	static const char *const three[] = { "a", "b", "c" };
	struct cap c;

	cap_open(&c, 31, false);
	sd_step_time(&c.log, SD_PROGRESS_COPY, 1500000000ULL);
	sd_step_time(&c.log, SD_PROGRESS_HOLES, 12345678ULL);
	sd_log_saved(&c.log, three, 1);
	sd_log_saved(&c.log, three, 3);
	sd_log_saved(&c.log, three, 2);
	sd_log_saved_as(&c.log, "dmesg log", "log");
	sd_log_finish(&c.log, true);
	cap_flush(&c);
	check_text(h, "STEP lines, saved forms, Completed", c.obuf,
		   "STEP [Copying data               ] : 1.500000 seconds\n"
		   "STEP [Checking for memory holes  ] : 0.012345 seconds\n"
		   "\nThe dumpfile is saved to a.\n"
		   "\nThe dumpfiles are saved to a, b, and c.\n"
		   "\nThe dumpfiles are saved to a, and b.\n"
		   "\nThe dmesg log is saved to log.\n"
		   "\nsievedump Completed.\n");
	cap_close(&c);

	cap_open(&c, 7, true);
	c.log.progname = "makedumpfile";
	sd_step_time(&c.log, SD_PROGRESS_COPY, 1);
	sd_log_finish(&c.log, false);
	cap_flush(&c);
	check_text(h, "-F: Failed on stderr, no STEP at 7", c.ebuf,
		   "\nmakedumpfile Failed.\n");
	cap_close(&c);

	cap_open(&c, 7, false);
	c.log.check_params = true;
	sd_log_finish(&c.log, false);
	sd_log_finish(&c.log, true);
	c.log.check_params = false;
	c.log.mem_usage = true;
	sd_log_finish(&c.log, true);
	cap_flush(&c);
	check_text(h, "--check-params silent; --mem-usage blank line only",
		   c.obuf, "\n");
	cap_close(&c);
}

int
main(void)
{
	struct harness h = { 0, 0 };

	test_levels(&h);
	test_init(&h);
	test_errors(&h);
	test_progress_format(&h);
	test_throttle(&h);
	test_eta(&h);
	test_step_and_end(&h);
	printf("1..%d\n", h.n);
	return h.failed ? 1 : 0;
}
