// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests for the signal flag (src/signals.c): a caught SIGTERM, SIGINT
 * or SIGHUP is recorded and turns into SD_ERR_INTERRUPTED; the second one
 * gets the default action; an ignored signal stays ignored; SIGBUS ends
 * the process with exit 1 and a message.  Each case runs in a child.
 */
#include <signal.h>
#include <string.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sievedump/signals.h"
#include "../lib/tap.h"

/* Run @fn in a child; its wait status. */
static int
in_child(int (*fn)(void))
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn());
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static int
caught_once(void)
{
	struct sd_err err = { 0 };

	sd_signals_install();
	if (sd_interrupted() || sd_check_interrupt(&err) != SD_OK)
		return 10;
	raise(SIGTERM);
	if (sd_interrupted() != SIGTERM)
		return 11;
	if (sd_check_interrupt(&err) != SD_ERR_INTERRUPTED ||
	    strcmp(err.msg, "interrupted by SIGTERM"))
		return 12;
	raise(SIGINT);		/* the first signal is the one reported */
	if (sd_interrupted() != SIGTERM)
		return 13;
	return 0;
}

static int
second_kills(void)
{
	sd_signals_install();
	raise(SIGHUP);
	if (sd_interrupted() != SIGHUP)
		return 20;
	raise(SIGHUP);		/* default action now: killed */
	return 21;
}

static int
ignored_stays(void)
{
	signal(SIGINT, SIG_IGN);
	sd_signals_install();
	raise(SIGINT);
	return sd_interrupted() ? 30 : 0;
}

static int
sigbus_exits(void)
{
	int fd = open("/dev/null", O_WRONLY);

	if (fd >= 0)
		dup2(fd, STDERR_FILENO);	/* the message is not ours to see */
	sd_signals_install();
	raise(SIGBUS);
	return 40;
}

int
main(void)
{
	int st;

	st = in_child(caught_once);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "SIGTERM recorded, reported as interrupted; the first one wins");
	st = in_child(second_kills);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGHUP,
	   "a second SIGHUP gets the default action");
	st = in_child(ignored_stays);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "an ignored SIGINT stays ignored");
	st = in_child(sigbus_exits);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 1, "SIGBUS: exit 1, not a crash");
	return tap_done();
}
