// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -x VMLINUX in the modes: -g writes makedumpfile's VMCOREINFO text from
 * the vmlinux; a dump takes the vmlinux's keys before the note's, as -i
 * takes a file's (doc/debuginfo.md).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sievedump/debuginfo.h"
#include "sievedump/job.h"
#include "sievedump/job_debuginfo.h"
#include "sievedump/options.h"

/* -x and -g need libdw built in and loadable here. */
sd_status
sd_job_check_debuginfo(const struct sd_options *opt, struct sd_err *err)
{
	const char *lib;

	if (!opt->vmlinux)
		return SD_OK;
	if (!sd_dbg_built())
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "this sievedump was built without libdw (configure with elfutils' libdw-dev): -x needs it");
	lib = sd_dbg_unloadable();
	if (lib)
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "%s (elfutils' libdw) cannot be loaded here (not in this initramfs?): -x needs it",
			       lib);
	return SD_OK;
}

static sd_status
write_text(const char *path, const char *text, size_t len,
	   struct sd_err *err)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return sd_fail_errno(err, errno, "%s", path);
	if (fwrite(text, 1, len, f) != len) {
		int e = errno;

		fclose(f);
		return sd_fail_errno(err, e, "%s", path);
	}
	if (fclose(f))
		return sd_fail_errno(err, errno, "%s", path);
	return SD_OK;
}

/* -g FILE -x VMLINUX: PAGESIZE is this system's, as in makedumpfile. */
sd_status
sd_job_gen_vmcoreinfo(struct sd_job *job, struct sd_err *err)
{
	const struct sd_options *opt = job->opt;
	struct sd_dbg *dbg;
	char *text = NULL;
	size_t len = 0;
	sd_status st;

	st = sd_dbg_open(opt->vmlinux, &job->budget, &dbg, err);
	if (st)
		return st;
	st = sd_dbg_vmcoreinfo(dbg, sysconf(_SC_PAGESIZE), NULL, &text, &len,
			       err);
	sd_dbg_close(dbg);
	if (!st)
		st = write_text(opt->vmcoreinfo_out, text, len, err);
	free(text);
	if (!st)
		sd_log_saved_as(job->log, "vmcoreinfo", opt->vmcoreinfo_out);
	return st;
}

/*
 * -x on a dump: the vmlinux's keys as a -i file would give them, with the
 * note's OSRELEASE and PAGESIZE (makedumpfile takes neither from the
 * vmlinux then); without a note, the image's release and this system's
 * page size.  sd_vmci_merge then puts the note's keys after them.
 */
sd_status
sd_job_vmlinux_vmcoreinfo(struct sd_job *job, struct sd_vmcoreinfo **ret,
			  struct sd_err *err)
{
	const struct sd_vmcoreinfo *note = job->model.vmci_note;
	long page_size = note ? (long)note->page_size : sysconf(_SC_PAGESIZE);
	struct sd_dbg *dbg;
	char *text = NULL;
	size_t len = 0;
	sd_status st;

	st = sd_dbg_open(job->opt->vmlinux, &job->budget, &dbg, err);
	if (st)
		return st;
	st = sd_dbg_vmcoreinfo(dbg, page_size, note ? note->osrelease : NULL,
			       &text, &len, err);
	sd_dbg_close(dbg);
	if (!st)
		st = sd_vmci_parse(text, len, job->opt->vmlinux, ret, err);
	free(text);
	return st;
}
