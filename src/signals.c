// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The signal flag (include/sievedump/signals.h).  A signal handler can do
 * nothing but set a flag, and a flag a handler sets must be a global: this
 * file holds the program's only mutable global, behind two functions.
 */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "sievedump/signals.h"

static volatile sig_atomic_t caught;

static void
on_signal(int sig)
{
	if (!caught)
		caught = sig;
}

/*
 * /proc/vmcore is read through mmap windows; a page the kernel cannot give
 * (a memory error, a page an encrypted guest hides) faults with SIGBUS,
 * which no code can step over.  Say so plainly and exit 1 instead of
 * dying with "Bus error"; --non-mmap reads with pread, where such a page
 * is an EIO that the writers skip (doc/compat.md).
 */
static void
on_sigbus(int sig)
{
	static const char msg[] =
		"\nsievedump: SIGBUS reading the dump memory through mmap (an unreadable page?); run again with --non-mmap to skip unreadable pages\n";
	ssize_t r = write(STDERR_FILENO, msg, sizeof(msg) - 1);

	(void)r;
	(void)sig;
	_exit(1);
}

void
sd_signals_install(void)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* restart interrupted reads and writes; the second signal kills */
	sa.sa_flags = SA_RESTART | SA_RESETHAND;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction old;

		/* keep a signal ignored if our parent ignored it (nohup) */
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
	sa.sa_handler = on_sigbus;
	sa.sa_flags = 0;
	sigaction(SIGBUS, &sa, NULL);
	/*
	 * kdump scripts pipe our messages to logger or tee: when the reader
	 * goes away, a message write fails with EPIPE and the dump goes on,
	 * instead of dying half-written and unmarked.  A -F stream's own
	 * EPIPE is an error of its sink (sink_flat.c).
	 */
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

int
sd_interrupted(void)
{
	return caught;
}

static const char *
signame(int sig)
{
	switch (sig) {
	case SIGTERM: return "SIGTERM";
	case SIGINT: return "SIGINT";
	case SIGHUP: return "SIGHUP";
	default: return "a signal";
	}
}

sd_status
sd_check_interrupt(struct sd_err *err)
{
	int sig = caught;

	if (!sig)
		return SD_OK;
	return sd_fail(err, SD_ERR_INTERRUPTED, "interrupted by %s",
		       signame(sig));
}
