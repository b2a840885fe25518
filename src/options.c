// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Command line parsing, compatible with makedumpfile 1.7.x: the same short
 * and long options, the same rules about which options go together and how
 * many file names each mode takes, and the same messages when they do not.
 * See doc/options.md for the rules and how they were checked.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sievedump/features.h"
#include "sievedump/options.h"

enum {
	MSG_LEVEL_DEFAULT = 7,
	MSG_LEVEL_MAX = 31,
	MSG_BIT_COMMON = 2,
	MSG_BIT_DEBUG = 8,
	MSG_BIT_REPORT = 16,
	DUMP_LEVEL_MAX = 31,
	BLOCK_ORDER_DEFAULT = 4,
	BLOCK_ORDER_MAX = 30,
};

#define SPLITBLOCK_KB_DEFAULT 1048576ULL	/* 1 GiB */
#define OPTSTRING "b:cDd:eEFfg:hi:lL:pRvXx:z"

/* Long options get values above any char so that errors can name them. */
enum long_id {
	LO_SPLIT = 256,
	LO_REASSEMBLE,
	LO_XEN_SYMS,
	LO_XEN_VMCOREINFO,
	LO_XEN_PHYS_START,
	LO_MESSAGE_LEVEL,
	LO_VTOP,
	LO_DUMP_DMESG,
	LO_PARTIAL_DMESG,
	LO_CONFIG,
	LO_HELP,
	LO_DISKSET,
	LO_CYCLIC_BUFFER,
	LO_EPPIC,
	LO_NON_MMAP,
	LO_MEM_USAGE,
	LO_SPLITBLOCK_SIZE,
	LO_WORK_DIR,
	LO_NUM_THREADS,
	LO_CHECK_PARAMS,
	LO_DRY_RUN,
	LO_SHOW_STATS,
	LO_PLAN,
	LO_MEM_BUDGET,
	LO_BACKEND,
	LO_ZLIB_ENGINE,
	LO_DMESG_FORMAT,
};

/*
 * makedumpfile's table first, in its order (the order decides how getopt
 * lists the candidates of an ambiguous abbreviation), then ours.
 */
static const struct option long_options[] = {
	{ "split", no_argument, NULL, LO_SPLIT },
	{ "reassemble", no_argument, NULL, LO_REASSEMBLE },
	{ "xen-syms", required_argument, NULL, LO_XEN_SYMS },
	{ "xen-vmcoreinfo", required_argument, NULL, LO_XEN_VMCOREINFO },
	{ "xen_phys_start", required_argument, NULL, LO_XEN_PHYS_START },
	{ "message-level", required_argument, NULL, LO_MESSAGE_LEVEL },
	{ "vtop", required_argument, NULL, LO_VTOP },
	{ "dump-dmesg", no_argument, NULL, LO_DUMP_DMESG },
	{ "partial-dmesg", no_argument, NULL, LO_PARTIAL_DMESG },
	{ "config", required_argument, NULL, LO_CONFIG },
	{ "help", no_argument, NULL, LO_HELP },
	{ "diskset", required_argument, NULL, LO_DISKSET },
	{ "cyclic-buffer", required_argument, NULL, LO_CYCLIC_BUFFER },
	{ "eppic", required_argument, NULL, LO_EPPIC },
	{ "non-mmap", no_argument, NULL, LO_NON_MMAP },
	{ "mem-usage", no_argument, NULL, LO_MEM_USAGE },
	{ "splitblock-size", required_argument, NULL, LO_SPLITBLOCK_SIZE },
	{ "work-dir", required_argument, NULL, LO_WORK_DIR },
	{ "num-threads", required_argument, NULL, LO_NUM_THREADS },
	{ "check-params", no_argument, NULL, LO_CHECK_PARAMS },
	{ "dry-run", no_argument, NULL, LO_DRY_RUN },
	{ "show-stats", no_argument, NULL, LO_SHOW_STATS },
	{ "plan", optional_argument, NULL, LO_PLAN },
	{ "mem-budget", required_argument, NULL, LO_MEM_BUDGET },
	{ "backend", required_argument, NULL, LO_BACKEND },
	{ "zlib-engine", required_argument, NULL, LO_ZLIB_ENGINE },
	{ "dmesg-format", required_argument, NULL, LO_DMESG_FORMAT },
	{ NULL, 0, NULL, 0 },
};

/* Mode requests collected while reading options; resolved afterwards. */
struct parse {
	struct sd_options *opt;
	struct sd_err *err;
	bool help, version, rebuild, split, reassemble, dmesg, mem_usage, plan;
};

static sd_status
cmdline_invalid(struct parse *p, const char *first_line)
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

/* atoi() without its undefined behaviour on overflow. */
static int
lenient_int(const char *s)
{
	long v;

	errno = 0;
	v = strtol(s, NULL, 10);
	if (v > INT_MAX)
		return INT_MAX;
	if (v < INT_MIN)
		return INT_MIN;
	return (int)v;
}

static const char *
progname_of(const char *argv0)
{
	const char *base;

	if (!argv0)
		return "sievedump";
	base = strrchr(argv0, '/');
	base = base ? base + 1 : argv0;
	return strcmp(base, "makedumpfile") == 0 ? "makedumpfile" : "sievedump";
}

static void
set_defaults(struct sd_options *opt, const char *argv0)
{
	memset(opt, 0, sizeof(*opt));
	opt->progname = progname_of(argv0);
	opt->mode = SD_MODE_DUMP;
	opt->compress = SD_COMPRESS_NONE;
	opt->message_level = MSG_LEVEL_DEFAULT;
	opt->block_order = BLOCK_ORDER_DEFAULT;
	opt->splitblock_size_kb = SPLITBLOCK_KB_DEFAULT;
	opt->backend = SD_BACKEND_AUTO;
	opt->dmesg_format = SD_DMESG_FORMAT_175;
}

sd_status
sd_parse_size(const char *s, uint64_t *ret)
{
	static const char units[] = "kmgtpe";
	unsigned long long v;
	const char *u;
	char *end;
	int shift;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '-')		/* strtoull would wrap -1 to 16 EiB */
		return SD_ERR_INVALID;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno == ERANGE || end == s)
		return SD_ERR_INVALID;
	shift = 0;
	if (*end && (u = strchr(units, *end | 0x20)) != NULL) {
		shift = 10 * (int)(u - units + 1);
		end++;
	}
	if (*end)
		return SD_ERR_INVALID;
	if (shift && v > (UINT64_MAX >> shift))
		return SD_ERR_INVALID;
	*ret = (uint64_t)v << shift;
	return SD_OK;
}

/* -d A,B,C: like makedumpfile, empty items are skipped and each is atoi'd. */
static sd_status
parse_dump_levels(struct parse *p, const char *s)
{
	struct sd_options *opt = p->opt;
	int level;

	opt->n_dump_levels = 0;
	while (*s) {
		if (*s == ',') {
			s++;
			continue;
		}
		level = lenient_int(s);
		if (level < 0 || level > DUMP_LEVEL_MAX)
			return sd_fail(p->err, SD_ERR_INVALID,
				       "Dump_level(%d) is invalid.", level);
		if (opt->n_dump_levels >= SD_MAX_DUMP_LEVELS)
			return sd_fail(p->err, SD_ERR_INVALID,
				       "Dump_level is invalid.");
		opt->dump_levels[opt->n_dump_levels++] = level;
		while (*s && *s != ',')
			s++;
	}
	return SD_OK;
}

static sd_status
parse_message_level(struct parse *p, const char *s)
{
	int level = lenient_int(s);

	if (level < 0 || level > MSG_LEVEL_MAX) {
		p->opt->message_level = MSG_LEVEL_DEFAULT;
		return sd_fail(p->err, SD_ERR_INVALID,
			       "Message_level(%d) is invalid.", level);
	}
	p->opt->message_level_set = true;
	if (!p->opt->check_params)
		p->opt->message_level = level;
	return SD_OK;
}

static sd_status
parse_limit(struct parse *p, const char *s)
{
	uint64_t v;

	if (sd_parse_size(s, &v) != SD_OK || v == 0)
		return sd_fail(p->err, SD_ERR_INVALID,
			       "Limit size(%s) is invalid.", s);
	p->opt->size_limit = v;
	return SD_OK;
}

static sd_status
parse_block_order(struct parse *p, const char *s)
{
	int v = lenient_int(s);

	if (v < 0 || v > BLOCK_ORDER_MAX)
		return sd_fail(p->err, SD_ERR_INVALID,
			       "Block order(%s) is invalid.", s);
	p->opt->block_order = v;
	return SD_OK;
}

/* --cyclic-buffer and --splitblock-size: KiB, 0 means "not given". */
static sd_status
parse_kb(struct parse *p, const char *s, const char *what, uint64_t *ret)
{
	int v = lenient_int(s);

	if (v < 0)
		return sd_fail(p->err, SD_ERR_INVALID, "%s(%s) is invalid.",
			       what, s);
	*ret = (uint64_t)v;
	return SD_OK;
}

static sd_status
parse_plan(struct parse *p, const char *s)
{
	p->plan = true;
	p->opt->plan_json = false;
	if (!s || strcmp(s, "text") == 0)
		return SD_OK;
	if (strcmp(s, "json") == 0) {
		p->opt->plan_json = true;
		return SD_OK;
	}
	return sd_fail(p->err, SD_ERR_INVALID, "Plan format(%s) is invalid.",
		       s);
}

static sd_status
parse_backend(struct parse *p, const char *s)
{
	static const char *const names[] = {
		[SD_BACKEND_AUTO] = "auto",
		[SD_BACKEND_PLAIN] = "plain",
		[SD_BACKEND_ROARING] = "roaring",
		[SD_BACKEND_EXTENT] = "extent",
	};
	size_t i;

	for (i = 0; i < SD_ARRAY_SIZE(names); i++) {
		if (strcmp(s, names[i]) == 0) {
			p->opt->backend = (enum sd_backend_choice)i;
			return SD_OK;
		}
	}
	return sd_fail(p->err, SD_ERR_INVALID, "Backend(%s) is invalid.", s);
}

/*
 * --zlib-engine NAME: refused here, not when the dump starts, when NAME
 * was not built or its library cannot be loaded (an initramfs that lacks
 * it), so --check-params says what the run would and no output is made.
 */
static sd_status
parse_zlib_engine(struct parse *p, const char *s)
{
	static const enum sd_zlib_engine all[] = {
		SD_ZLIB_ENGINE_AUTO, SD_ZLIB_ENGINE_ZLIB,
		SD_ZLIB_ENGINE_LIBDEFLATE, SD_ZLIB_ENGINE_ISAL };
	size_t i;

	for (i = 0; i < SD_ARRAY_SIZE(all); i++) {
		if (strcmp(s, sd_zlib_engine_name(all[i])) != 0)
			continue;
		if (!sd_zlib_engine_built(all[i]))
			return sd_fail(p->err, SD_ERR_INVALID,
				       "Zlib engine(%s) is not built in (configure --with-%s).",
				       s, s);
		if (!sd_zlib_engine_loadable(all[i]))
			return sd_fail(p->err, SD_ERR_INVALID,
				       "Zlib engine(%s): its library cannot be loaded.",
				       s);
		p->opt->zlib_engine = all[i];
		return SD_OK;
	}
	return sd_fail(p->err, SD_ERR_INVALID, "Zlib engine(%s) is invalid.",
		       s);
}

/* --dmesg-format 1.7.5|1.7.2: which makedumpfile's log --dump-dmesg writes. */
static sd_status
parse_dmesg_format(struct parse *p, const char *s)
{
	if (strcmp(s, "1.7.5") == 0)
		p->opt->dmesg_format = SD_DMESG_FORMAT_175;
	else if (strcmp(s, "1.7.2") == 0)
		p->opt->dmesg_format = SD_DMESG_FORMAT_172;
	else
		return sd_fail(p->err, SD_ERR_INVALID,
			       "Dmesg format(%s) is invalid.", s);
	return SD_OK;
}

static sd_status
parse_mem_budget(struct parse *p, const char *s)
{
	uint64_t v;

	if (sd_parse_size(s, &v) != SD_OK || v == 0)
		return sd_fail(p->err, SD_ERR_INVALID,
			       "Memory budget(%s) is invalid.", s);
	p->opt->mem_budget = v;
	return SD_OK;
}

static sd_status
add_diskset(struct parse *p, const char *s)
{
	struct sd_options *opt = p->opt;

	if (opt->n_diskset >= SD_MAX_POSITIONAL)
		return sd_fail(p->err, SD_ERR_INVALID,
			       "Too many --diskset options (at most %d).",
			       SD_MAX_POSITIONAL);
	opt->diskset[opt->n_diskset++] = s;
	return SD_OK;
}

/* Short options that only set a flag or a string. */
static sd_status
apply_short(struct parse *p, int c, const char *arg)
{
	struct sd_options *opt = p->opt;

	switch (c) {
	case 'b': return parse_block_order(p, arg);
	case 'c': opt->compress = SD_COMPRESS_ZLIB; break;
	case 'l': opt->compress = SD_COMPRESS_LZO; break;
	case 'p': opt->compress = SD_COMPRESS_SNAPPY; break;
	case 'z': opt->compress = SD_COMPRESS_ZSTD; break;
	case 'D': opt->debug = true; break;
	case 'd': return parse_dump_levels(p, arg);
	case 'e': opt->exclude_vmemmap = true; break;
	case 'E': opt->elf_output = true; break;
	case 'F': opt->flatten = true; break;
	case 'f': opt->force = true; break;
	case 'g': opt->vmcoreinfo_out = arg; break;
	case 'h': p->help = true; break;
	case 'i': opt->vmcoreinfo_in = arg; break;
	case 'L': return parse_limit(p, arg);
	case 'R': p->rebuild = true; break;
	case 'v': p->version = true; break;
	case 'X': opt->exclude_xen_dom = true; break;
	case 'x': opt->vmlinux = arg; break;
	default:
		return sd_fail(p->err, SD_ERR_INVALID,
			       "internal: unhandled option %d", c);
	}
	return SD_OK;
}

/* Long options that take a value. */
static sd_status
apply_long_value(struct parse *p, int c, const char *arg)
{
	struct sd_options *opt = p->opt;

	switch (c) {
	case LO_XEN_SYMS: opt->xen_syms = arg; break;
	case LO_XEN_VMCOREINFO: opt->xen_vmcoreinfo = arg; break;
	case LO_XEN_PHYS_START:
		opt->xen_phys_start = strtoull(arg, NULL, 0);
		opt->xen_phys_start_set = true;
		break;
	case LO_MESSAGE_LEVEL: return parse_message_level(p, arg);
	case LO_VTOP: opt->vtop_addr = strtoull(arg, NULL, 0); break;
	case LO_CONFIG: opt->config_file = arg; break;
	case LO_DISKSET: return add_diskset(p, arg);
	case LO_CYCLIC_BUFFER:
		return parse_kb(p, arg, "Cyclic buffer size",
				&opt->cyclic_buffer_kb);
	case LO_EPPIC: opt->eppic = arg; break;
	case LO_SPLITBLOCK_SIZE:
		opt->splitblock_size_kb = SPLITBLOCK_KB_DEFAULT;
		if (parse_kb(p, arg, "Splitblock size",
			     &opt->splitblock_size_kb) != SD_OK)
			return SD_ERR_INVALID;
		opt->splitblock_size_set = opt->splitblock_size_kb != 0;
		if (!opt->splitblock_size_set)
			opt->splitblock_size_kb = SPLITBLOCK_KB_DEFAULT;
		break;
	case LO_WORK_DIR: opt->work_dir = arg; break;
	case LO_NUM_THREADS:
		opt->num_threads = SD_MAX(lenient_int(arg), 0);
		opt->num_threads_set = true;
		break;
	case LO_PLAN: return parse_plan(p, arg);
	case LO_MEM_BUDGET: return parse_mem_budget(p, arg);
	case LO_BACKEND: return parse_backend(p, arg);
	case LO_ZLIB_ENGINE: return parse_zlib_engine(p, arg);
	case LO_DMESG_FORMAT: return parse_dmesg_format(p, arg);
	default: return apply_short(p, c, arg);
	}
	return SD_OK;
}

static sd_status
apply_option(struct parse *p, int c, const char *arg)
{
	struct sd_options *opt = p->opt;

	switch (c) {
	case LO_SPLIT: p->split = true; break;
	case LO_REASSEMBLE: p->reassemble = true; break;
	case LO_DUMP_DMESG: p->dmesg = true; break;
	case LO_PARTIAL_DMESG: opt->partial_dmesg = true; break;
	case LO_HELP: p->help = true; break;
	case LO_NON_MMAP: opt->non_mmap = true; break;
	case LO_MEM_USAGE: p->mem_usage = true; break;
	case LO_CHECK_PARAMS:
		opt->check_params = true;
		opt->message_level = MSG_LEVEL_DEFAULT;
		break;
	case LO_DRY_RUN: opt->dry_run = true; break;
	case LO_SHOW_STATS: opt->show_stats = true; break;
	default: return apply_long_value(p, c, arg);
	}
	return SD_OK;
}

static const struct option *
long_option_by_val(int val)
{
	const struct option *o;

	for (o = long_options; o->name; o++)
		if (o->val == val)
			return o;
	return NULL;
}

/* "--name[=value]" that getopt found no unique match for. */
static void
diag_unknown_long(char *buf, size_t size, const char *argv0, const char *arg)
{
	const struct option *o;
	size_t len, namelen;
	int matches = 0;

	namelen = strcspn(arg + 2, "=");
	for (o = long_options; o->name; o++)
		if (strncmp(o->name, arg + 2, namelen) == 0)
			matches++;
	if (matches < 2) {
		snprintf(buf, size, "%s: unrecognized option '%s'", argv0, arg);
		return;
	}
	snprintf(buf, size, "%s: option '%s' is ambiguous; possibilities:",
		 argv0, arg);
	for (o = long_options; o->name; o++) {
		len = strlen(buf);
		if (strncmp(o->name, arg + 2, namelen) == 0 && len < size)
			snprintf(buf + len, size - len, " '--%s'", o->name);
	}
}

/*
 * Rebuild the complaint glibc's getopt would have printed (we run it with
 * opterr = 0 so that only main prints).  The texts are glibc's.
 */
static void
make_diag(struct sd_options *opt, int argc, char **argv, int bad, int ind)
{
	const char *argv0 = argc > 0 && argv[0] ? argv[0] : opt->progname;
	const struct option *o;
	char *buf = opt->diag;
	size_t size = sizeof(opt->diag);

	if (bad >= LO_SPLIT && (o = long_option_by_val(bad)) != NULL) {
		snprintf(buf, size, o->has_arg == required_argument ?
			 "%s: option '--%s' requires an argument" :
			 "%s: option '--%s' doesn't allow an argument",
			 argv0, o->name);
	} else if (bad > 0 && bad != ':' && strchr(OPTSTRING, bad)) {
		snprintf(buf, size, "%s: option requires an argument -- '%c'",
			 argv0, bad);
	} else if (bad > 0) {
		snprintf(buf, size, "%s: invalid option -- '%c'", argv0, bad);
	} else if (ind > 0 && ind <= argc && argv[ind - 1] &&
		   strncmp(argv[ind - 1], "--", 2) == 0) {
		diag_unknown_long(buf, size, argv0, argv[ind - 1]);
	} else {
		snprintf(buf, size, "%s: invalid option", argv0);
	}
}

/* Run getopt over argv, applying each option as makedumpfile does. */
static sd_status
read_options(struct parse *p, int argc, char **argv)
{
	int c;

	optind = 0;	/* full re-initialisation of glibc's getopt */
	opterr = 0;
	while ((c = getopt_long(argc, argv, OPTSTRING, long_options,
				NULL)) != -1) {
		if (c == '?' || c == ':') {
			make_diag(p->opt, argc, argv, optopt, optind);
			return cmdline_invalid(p, NULL);
		}
		if (apply_option(p, c, optarg) != SD_OK)
			return SD_ERR_INVALID;
	}
	return SD_OK;
}

static sd_status
collect_positionals(struct parse *p, int argc, char **argv)
{
	struct sd_options *opt = p->opt;
	int i;

	for (i = optind; i < argc; i++) {
		if (opt->n_positional >= SD_MAX_POSITIONAL)
			return cmdline_invalid(p, "Too many file names.");
		opt->positional[opt->n_positional++] = argv[i];
	}
	return SD_OK;
}

static bool
reads_vmcoreinfo(const struct sd_options *opt)
{
	return opt->vmcoreinfo_in || opt->xen_vmcoreinfo;
}

/* -g VMCOREINFO: no file names, no dump options, needs -x or --xen-syms. */
static sd_status
check_gen_vmcoreinfo(struct parse *p)
{
	struct sd_options *opt = p->opt;

	if (opt->n_positional != 0 || opt->compress ||
	    sd_options_dump_level(opt) || opt->elf_output ||
	    reads_vmcoreinfo(opt) || opt->flatten || p->rebuild ||
	    opt->exclude_xen_dom || (!opt->vmlinux && !opt->xen_syms))
		return cmdline_invalid(p, NULL);
	if (opt->dry_run)
		return cmdline_invalid(p, "--dry-run cannot be used with -g.");
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
check_rebuild(struct parse *p)
{
	struct sd_options *opt = p->opt;

	if (opt->n_positional != 1 || has_dump_options(opt))
		return cmdline_invalid(p, NULL);
	opt->dumpfile = opt->positional[0];
	opt->mode = SD_MODE_REBUILD;
	return SD_OK;
}

/* --reassemble DUMPFILE1 .. DUMPFILEn DUMPFILE */
static sd_status
check_reassemble(struct parse *p)
{
	struct sd_options *opt = p->opt;
	int i;

	if (has_dump_options(opt) || p->split)
		return cmdline_invalid(p, NULL);
	if (opt->dry_run)
		return cmdline_invalid(p,
				"--dry-run cannot be used with --reassemble.");
	if (opt->n_positional < 2)
		return cmdline_invalid(p, NULL);
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
check_create_flags(struct parse *p)
{
	struct sd_options *opt = p->opt;

	if ((opt->compress && opt->elf_output) ||
	    (reads_vmcoreinfo(opt) && (opt->vmlinux || opt->xen_syms)))
		return cmdline_invalid(p, NULL);
	if (opt->dry_run && p->dmesg)
		return cmdline_invalid(p,
				"--dry-run cannot be used with --dump-dmesg.");
	if ((opt->flatten && p->split) || (opt->config_file && !opt->vmlinux) ||
	    (opt->n_diskset && !diskset_supported()))
		return cmdline_invalid(p, NULL);
	if (opt->num_threads && p->split)
		return cmdline_invalid(p,
				"--num-threads cannot used with --split.");
	if (opt->num_threads && opt->elf_output)
		return cmdline_invalid(p,
				"--num-threads cannot used with ELF format.");
	if (opt->partial_dmesg && !p->dmesg)
		return cmdline_invalid(p, NULL);
	/* -e needs no --work-dir here (doc/exclude-vmemmap.md) */
	return SD_OK;
}

/* --split [VMCORE] DUMPFILE1 DUMPFILE2 ... (no VMCORE with --diskset) */
static sd_status
take_split_files(struct parse *p)
{
	struct sd_options *opt = p->opt;
	int first = opt->n_diskset ? 0 : 1;
	int i;

	if (opt->elf_output)
		return cmdline_invalid(p, "Options for splitting dumpfile "
				       "cannot be used with Elf format.");
	opt->vmcore = opt->n_diskset ? opt->diskset[0] : opt->positional[0];
	opt->n_dumpfiles = opt->n_positional - first;
	for (i = 0; i < opt->n_dumpfiles; i++)
		opt->dumpfiles[i] = opt->positional[first + i];
	return SD_OK;
}

/* Which file names a dump takes, by makedumpfile's rules. */
static sd_status
take_create_files(struct parse *p)
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
		return cmdline_invalid(p, NULL);
	}
	return SD_OK;
}

static sd_status
check_create(struct parse *p)
{
	struct sd_options *opt = p->opt;

	if (check_create_flags(p) != SD_OK || take_create_files(p) != SD_OK)
		return SD_ERR_INVALID;
	/* makedumpfile accepts and then ignores these: we refuse them. */
	if (p->split && (p->dmesg || p->mem_usage))
		return cmdline_invalid(p, NULL);
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
check_plan(struct parse *p)
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
		return cmdline_invalid(p, line);
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
static sd_status
resolve_mode(struct parse *p)
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

/* The level as makedumpfile computes it once all options are read. */
static void
finish_message_level(struct sd_options *opt)
{
	if (opt->debug)
		opt->message_level |= MSG_BIT_DEBUG;
	if (opt->show_stats)
		opt->message_level |= MSG_BIT_REPORT;
	if (opt->check_params)
		opt->message_level = MSG_LEVEL_DEFAULT;
}

sd_status
sd_options_parse(int argc, char **argv, struct sd_options *ret,
		 struct sd_err *err)
{
	struct parse p = { .opt = ret, .err = err };

	sd_err_clear(err);
	set_defaults(ret, argc > 0 ? argv[0] : NULL);
	if (read_options(&p, argc, argv) != SD_OK)
		return SD_ERR_INVALID;
	finish_message_level(ret);
	if (p.help) {
		ret->mode = SD_MODE_HELP;
		return SD_OK;
	}
	if (p.version) {
		ret->mode = SD_MODE_VERSION;
		return SD_OK;
	}
	if (collect_positionals(&p, argc, argv) != SD_OK)
		return SD_ERR_INVALID;
	return resolve_mode(&p);
}

int
sd_options_dump_level(const struct sd_options *opt)
{
	return opt->n_dump_levels ? opt->dump_levels[0] : 0;
}

/*
 * Help text.  A line starting with '@' is a synopsis: the program name is
 * printed in place of the '@'.
 */
static const char *const usage_synopsis[] = {
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

static const char *const usage_options[] = {
	"Output format and filtering:",
	"  -c, -l, -p, -z     compress each page with zlib, lzo, snappy or zstd",
	"                     (the last one given counts; not with -E)",
	"  --zlib-engine NAME which library writes -c's zlib data: auto (the",
	"                     default: the fastest built, see -v), zlib (the",
	"                     same bytes as makedumpfile), libdeflate or isal",
	"  -E                 write an ELF core file instead of the kdump format",
	"  -d DL[,DL...]      dump level 0-31, the sum of the page kinds to leave",
	"                     out: 1 zero pages, 2 non-private cache, 4 private",
	"                     cache, 8 user data, 16 free pages; further levels",
	"                     are tried in turn when the output does not fit",
	"  -x VMLINUX         read symbols and types from a kernel with debug info",
	"  -i VMCOREINFO      read symbols and types from a VMCOREINFO file",
	"  -L SIZE            stop writing at SIZE bytes (K, M, G, T, P, E suffixes)",
	"  --config FILE      erase the data named in a filter file (needs -x)",
	"  --eppic FILE|DIR   run eppic filter macros",
	"  -e                 leave out struct pages that only describe free pages",
	"                     (x86_64; --work-dir is accepted, not needed)",
	"  -X                 Xen: leave out the pages of user domains",
	"",
	"Output files:",
	"  -F                 flattened stream on standard output (for ssh or a pipe)",
	"  -R                 rebuild a DUMPFILE from a flattened stream on stdin",
	"  --split            write several DUMPFILEs in parallel (kdump format only)",
	"  --splitblock-size KB  balance --split files to within KB kilobytes",
	"  --reassemble       join the files of --split into the last DUMPFILE",
	"  -f                 overwrite an existing DUMPFILE",
	"  --dry-run          do all the work but write nothing",
	"",
	NULL,
};

static const char *const usage_tuning[] = {
	"Resources:",
	"  --num-threads N    compress on N threads (kdump format, no --split)",
	"  --cyclic-buffer KB size of the page-set buffer, in kilobytes",
	"  --work-dir DIR     directory for a page-set file",
	"  --non-mmap         read VMCORE with read(2), never with mmap(2)",
	"  -b ORDER           write cache of 2^ORDER pages (default 4)",
	"  --mem-budget SIZE  memory this program may use (K, M, G suffixes);",
	"                     by default derived from free memory",
	"  --backend NAME     how to hold the page set: plain, roaring, extent",
	"                     or auto (the default: chosen by the planner)",
	"  --plan[=json]      print the plan (text, or JSON) and stop",
	"",
	"Other uses:",
	"  --dump-dmesg       save the kernel log of VMCORE to LOGFILE",
	"  --partial-dmesg    with --dump-dmesg: only what followed the last dmesg -c",
	"  --dmesg-format VER the log as makedumpfile VER writes it: 1.7.5 (the",
	"                     default: a caller-id column when the kernel",
	"                     records it) or 1.7.2 (Debian 12: no such column)",
	"  --mem-usage        count pages by kind in /proc/kcore (first kernel)",
	"  --vtop VADDR       also print the physical address of VADDR",
	"  -g VMCOREINFO      write a VMCOREINFO file (with -x or --xen-syms)",
	"  --xen-syms FILE    Xen hypervisor symbols",
	"  --xen-vmcoreinfo FILE  Xen VMCOREINFO",
	"  --xen_phys_start ADDR  Xen code and data start address (x86_64)",
	"  --diskset=VMCORE   one disk of a sadump diskset (repeat, in order)",
	"",
	NULL,
};

static const char *const usage_messages[] = {
	"Messages:",
	"  --message-level ML which messages to print, the sum of: 1 progress,",
	"                     2 common messages, 4 errors, 8 debug, 16 report",
	"                     (default 7, at most 31)",
	"  -D                 add debug messages (8)",
	"  --show-stats       add the report (16)",
	"  --check-params     check the command line only, then exit",
	"  -h, --help         print this help",
	"  -v                 print the version and the compressors built in",
	"",
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

void
sd_options_usage(const struct sd_options *opt)
{
	FILE *fp = opt->flatten ? stderr : stdout;

	if (!(opt->message_level & MSG_BIT_COMMON))
		return;
	print_lines(fp, opt->progname, usage_synopsis);
	print_lines(fp, opt->progname, usage_options);
	print_lines(fp, opt->progname, usage_tuning);
	print_lines(fp, opt->progname, usage_messages);
}
