// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The --help text: the synopsis of each mode, then the options of
 * sd_option_table section by section, each label in a column of its own.
 */
#include <stdio.h>
#include <string.h>

#include "sievedump/option_table.h"
#include "options_parse.h"

/* The help text of an option starts in this column, after "  LABEL". */
enum { LABEL_WIDTH = 18 };

/* A line starting with '@' names the program in place of the '@'. */
static const char *const synopsis[] = {
	"",
	"Usage:",
	"  Filter and compress a crash dump into DUMPFILE:",
	"@ [-c|-l|-p|-z|-E] [-d DL[,DL...]] [-x VMLINUX|-i VMCOREINFO]",
	"      VMCORE DUMPFILE",
	"  Write it as a flattened stream on standard output:",
	"@ -F [-c|-l|-p|-z|-E] [-d DL] [-x VMLINUX|-i VMCOREINFO] VMCORE",
	"  Turn a flattened stream read from standard input back into a DUMPFILE:",
	"@ -R DUMPFILE",
	"  Write the dump as several DUMPFILEs at once:",
	"@ --split [OPTION]... VMCORE DUMPFILE1 DUMPFILE2 [DUMPFILE3...]",
	"  Join DUMPFILEs written with --split into one:",
	"@ --reassemble DUMPFILE1 DUMPFILE2 [DUMPFILE3...] DUMPFILE",
	"  Save the kernel log (dmesg) found in a VMCORE:",
	"@ --dump-dmesg [--partial-dmesg] [-x VMLINUX|-i VMCOREINFO]",
	"      VMCORE LOGFILE",
	"  Write a VMCOREINFO file from kernel debug information:",
	"@ -g VMCOREINFO -x VMLINUX",
	"  Count pages by kind on the running system (first kernel):",
	"@ --mem-usage /proc/kcore",
	"  Show the memory plan for a dump without writing it:",
	"@ --plan[=json] [OPTION]... VMCORE [DUMPFILE]",
	"  Xen and sadump:",
	"@ [--xen-syms XEN-SYMS|--xen-vmcoreinfo VMCOREINFO] [-X]",
	"      VMCORE DUMPFILE",
	"@ -g VMCOREINFO --xen-syms XEN-SYMS",
	"@ [-d DL] -x VMLINUX --diskset=VMCORE1 --diskset=VMCORE2 [...]",
	"      DUMPFILE",
	"",
	NULL,
};

static const char *const section_title[SD_SEC_COUNT] = {
	[SD_SEC_FORMAT] = "Output format and filtering:",
	[SD_SEC_FILES] = "Output files:",
	[SD_SEC_RESOURCES] = "Resources:",
	[SD_SEC_OTHER] = "Other uses:",
	[SD_SEC_MESSAGES] = "Messages:",
};

static const char *const closing[] = {
	"With -F every message goes to standard error.",
	"Exit status: 0 success, 1 failure, 2 VMCOREINFO from another kernel.",
	NULL,
};

static void
print_lines(FILE *fp, const char *prog, const char *const *lines)
{
	for (; *lines; lines++) {
		if ((*lines)[0] == '@')
			fprintf(fp, "  # %s%s\n", prog, *lines + 1);
		else
			fprintf(fp, "%s\n", *lines);
	}
}

/*
 * "  LABEL   TEXT": the text in the column after LABEL_WIDTH, or two
 * spaces after a longer label; its further lines in the same column.
 */
static void
print_entry(FILE *fp, const struct sd_option_entry *e)
{
	const char *line = e->help, *nl;
	int width = (int)strlen(e->usage) > LABEL_WIDTH ? 0 : LABEL_WIDTH;

	fprintf(fp, "  %-*s %s", width, e->usage, width ? "" : " ");
	for (;;) {
		nl = strchr(line, '\n');
		fprintf(fp, "%.*s\n", nl ? (int)(nl - line) : (int)strlen(line),
			line);
		if (!nl)
			break;
		line = nl + 1;
		fprintf(fp, "  %-*s ", LABEL_WIDTH, "");
	}
}

static void
print_section(FILE *fp, enum sd_opt_section s)
{
	size_t i;

	fprintf(fp, "%s\n", section_title[s]);
	for (i = 0; i < SD_OPTION_COUNT; i++)
		if (sd_option_table[i].section == s && sd_option_table[i].usage)
			print_entry(fp, &sd_option_table[i]);
	fprintf(fp, "\n");
}

void
sd_options_help(FILE *fp, const char *prog)
{
	int s;

	print_lines(fp, prog, synopsis);
	for (s = 0; s < SD_SEC_COUNT; s++)
		print_section(fp, (enum sd_opt_section)s);
	print_lines(fp, prog, closing);
}

void
sd_options_usage(const struct sd_options *opt)
{
	if (!(opt->message_level & SD_MSG_BIT_COMMON))
		return;
	sd_options_help(opt->flatten ? stderr : stdout, opt->progname);
}
