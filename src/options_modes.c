// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Which mode the options ask for, and which file names it takes: the
 * options that go together and those that do not, by makedumpfile's rules
 * and with its messages (doc/options.md, "Modes and file names"); and
 * makedumpfile's "Commandline parameter is invalid." refusal, which the
 * parser (options.c) ends its own refusals with too.
 */
#include <stdio.h>

#include "options_parse.h"

sd_status
sd_opt_cmdline_invalid(struct sd_opt_parse *p, const char *first_line)
{
	const char *prog = p->opt->progname;

	if (first_line)
		return sd_fail(p->err, SD_ERR_INVALID,
			       "%s\nCommandline parameter is invalid.\n"
			       "Try `%s --help' for more information.",
			       first_line, prog);
	return sd_fail(p->err, SD_ERR_INVALID,
		       "Commandline parameter is invalid.\n"
		       "Try `%s --help' for more information.", prog);
}

static bool
reads_vmcoreinfo(const struct sd_options *opt)
{
	return opt->vmcoreinfo_in || opt->xen_vmcoreinfo;
}

/* -g VMCOREINFO: no file names, no dump options, needs -x or --xen-syms. */
static sd_status
check_gen_vmcoreinfo(struct sd_opt_parse *p)
{
	struct sd_options *opt = p->opt;

	if (opt->n_positional != 0 || opt->compress ||
	    sd_options_dump_level(opt) || opt->elf_output ||
	    reads_vmcoreinfo(opt) || opt->flatten || p->rebuild ||
	    opt->exclude_xen_dom || (!opt->vmlinux && !opt->xen_syms))
		return sd_opt_cmdline_invalid(p, NULL);
	if (opt->dry_run)
		return sd_opt_cmdline_invalid(p, "--dry-run cannot be used with -g.");
	opt->mode = SD_MODE_GEN_VMCOREINFO;
	return SD_OK;
}

static bool
has_dump_options(const struct sd_options *opt)
{
	return opt->compress || sd_options_dump_level(opt) ||
	       opt->elf_output || reads_vmcoreinfo(opt) || opt->vmlinux ||
	       opt->xen_syms || opt->flatten || opt->vmcoreinfo_out ||
	       opt->exclude_xen_dom;
}

/* -R DUMPFILE (the flattened stream comes on stdin). */
static sd_status
check_rebuild(struct sd_opt_parse *p)
{
	struct sd_options *opt = p->opt;

	if (opt->n_positional != 1 || has_dump_options(opt))
		return sd_opt_cmdline_invalid(p, NULL);
	opt->dumpfile = opt->positional[0];
	opt->mode = SD_MODE_REBUILD;
	return SD_OK;
}

/* --reassemble DUMPFILE1 .. DUMPFILEn DUMPFILE */
static sd_status
check_reassemble(struct sd_opt_parse *p)
{
	struct sd_options *opt = p->opt;
	int i;

	if (has_dump_options(opt) || p->split)
		return sd_opt_cmdline_invalid(p, NULL);
	if (opt->dry_run)
		return sd_opt_cmdline_invalid(p,
				"--dry-run cannot be used with --reassemble.");
	if (opt->n_positional < 2)
		return sd_opt_cmdline_invalid(p, NULL);
	opt->n_dumpfiles = opt->n_positional - 1;
	for (i = 0; i < opt->n_dumpfiles; i++)
		opt->dumpfiles[i] = opt->positional[i];
	opt->dumpfile = opt->positional[opt->n_positional - 1];
	opt->mode = SD_MODE_REASSEMBLE;
	return SD_OK;
}

static bool
diskset_supported(void)
{
#if defined(__x86_64__) || defined(__i386__)
	return true;
#else
	return false;
#endif
}

/* Option pairs refused when creating a dump (or a dmesg log, or mem-usage). */
static sd_status
check_create_flags(struct sd_opt_parse *p)
{
	struct sd_options *opt = p->opt;

	if ((opt->compress && opt->elf_output) ||
	    (reads_vmcoreinfo(opt) && (opt->vmlinux || opt->xen_syms)))
		return sd_opt_cmdline_invalid(p, NULL);
	if (opt->dry_run && p->dmesg)
		return sd_opt_cmdline_invalid(p,
				"--dry-run cannot be used with --dump-dmesg.");
	if ((opt->flatten && p->split) || (opt->config_file && !opt->vmlinux) ||
	    (opt->n_diskset && !diskset_supported()))
		return sd_opt_cmdline_invalid(p, NULL);
	if (opt->num_threads && p->split)
		return sd_opt_cmdline_invalid(p,
				"--num-threads cannot used with --split.");
	if (opt->num_threads && opt->elf_output)
		return sd_opt_cmdline_invalid(p,
				"--num-threads cannot used with ELF format.");
	if (opt->partial_dmesg && !p->dmesg)
		return sd_opt_cmdline_invalid(p, NULL);
	/* -e needs no --work-dir here (doc/exclude-vmemmap.md) */
	return SD_OK;
}

/* --split [VMCORE] DUMPFILE1 DUMPFILE2 ... (no VMCORE with --diskset) */
static sd_status
take_split_files(struct sd_opt_parse *p)
{
	struct sd_options *opt = p->opt;
	int first = opt->n_diskset ? 0 : 1;
	int i;

	if (opt->elf_output)
		return sd_opt_cmdline_invalid(p, "Options for splitting dumpfile "
				       "cannot be used with Elf format.");
	opt->vmcore = opt->n_diskset ? opt->diskset[0] : opt->positional[0];
	opt->n_dumpfiles = opt->n_positional - first;
	for (i = 0; i < opt->n_dumpfiles; i++)
		opt->dumpfiles[i] = opt->positional[first + i];
	return SD_OK;
}

/* Which file names a dump takes, by makedumpfile's rules. */
static sd_status
take_create_files(struct sd_opt_parse *p)
{
	struct sd_options *opt = p->opt;
	int n = opt->n_positional;

	if (n == 2 && !opt->flatten && !p->split && !opt->n_diskset) {
		opt->vmcore = opt->positional[0];
		opt->dumpfile = opt->positional[1];
	} else if (p->split && (opt->n_diskset ? n >= 2 : n > 2)) {
		return take_split_files(p);
	} else if (n == 1 && !p->split && opt->n_diskset) {
		opt->vmcore = opt->diskset[0];
		opt->dumpfile = opt->positional[0];
	} else if (n == 1 && (opt->flatten || p->mem_usage)) {
		opt->vmcore = opt->positional[0];
	} else {
		return sd_opt_cmdline_invalid(p, NULL);
	}
	return SD_OK;
}

static sd_status
check_create(struct sd_opt_parse *p)
{
	struct sd_options *opt = p->opt;

	if (check_create_flags(p) != SD_OK || take_create_files(p) != SD_OK)
		return SD_ERR_INVALID;
	/* makedumpfile accepts and then ignores these: we refuse them. */
	if (p->split && (p->dmesg || p->mem_usage))
		return sd_opt_cmdline_invalid(p, NULL);
	if (p->dmesg)
		opt->mode = SD_MODE_DMESG;
	else if (p->mem_usage)
		opt->mode = SD_MODE_MEM_USAGE;
	else if (p->split)
		opt->mode = SD_MODE_SPLIT;
	else
		opt->mode = SD_MODE_DUMP;
	return SD_OK;
}

/* --plan[=json] VMCORE [DUMPFILE]: the dump's rules, DUMPFILE optional. */
static sd_status
check_plan(struct sd_opt_parse *p)
{
	struct sd_options *opt = p->opt;
	const char *other = NULL;

	if (opt->vmcoreinfo_out)
		other = "-g";
	else if (p->rebuild)
		other = "-R";
	else if (p->reassemble)
		other = "--reassemble";
	else if (p->dmesg)
		other = "--dump-dmesg";
	else if (p->mem_usage)
		other = "--mem-usage";
	if (other) {
		char line[64];

		snprintf(line, sizeof(line), "--plan cannot be used with %s.",
			 other);
		return sd_opt_cmdline_invalid(p, line);
	}
	if (check_create_flags(p) != SD_OK)
		return SD_ERR_INVALID;
	if (opt->n_positional == 1 && !opt->n_diskset)
		opt->vmcore = opt->positional[0];
	else if (take_create_files(p) != SD_OK)
		return SD_ERR_INVALID;
	opt->mode = SD_MODE_PLAN;
	return SD_OK;
}

/* The mode precedence is makedumpfile's: -g, -R, --reassemble, the rest. */
sd_status
sd_opt_resolve_mode(struct sd_opt_parse *p)
{
	if (p->plan)
		return check_plan(p);
	if (p->opt->vmcoreinfo_out)
		return check_gen_vmcoreinfo(p);
	if (p->rebuild)
		return check_rebuild(p);
	if (p->reassemble)
		return check_reassemble(p);
	return check_create(p);
}
