// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The command line options: one table, in the order --help lists them,
 * that the parser (options.c), --help (options_help.c), the refusal of
 * what is not built (here) and the tests read.  Adding an option is adding
 * an entry (doc/options.md, "The option table").
 */
#include <stddef.h>

#include "sievedump/option_table.h"
#include "options_parse.h"

/*
 * offsetof a member of struct T, which must have type TYPE (a compile
 * error otherwise: _Generic has no association for any other type).
 */
#define MEMBER(T, m, TYPE) \
	(offsetof(T, m) + 0 * sizeof(_Generic(((T *)0)->m, TYPE: 1)))
#define FLAG(m) \
	.apply = sd_opt_set_flag, .field = MEMBER(struct sd_options, m, bool)
#define STRING(m) \
	.apply = sd_opt_set_string, \
	.field = MEMBER(struct sd_options, m, const char *)
#define REQUEST(m) \
	.apply = sd_opt_set_request, \
	.field = MEMBER(struct sd_opt_parse, m, bool)
#define COMPRESS(c) .apply = sd_opt_set_compress, .value = (c)
#define LONG(name, pos) .long_name = (name), .getopt_pos = (pos)
#define VALUE .arg = SD_OPT_REQUIRED_ARG
#define OURS .origin = SD_OPT_SIEVEDUMP

const struct sd_option_entry sd_option_table[] = {
	/* Output format and filtering */
	{ .short_name = 'c', COMPRESS(SD_COMPRESS_ZLIB),
	  .section = SD_SEC_FORMAT, .usage = "-c, -l, -p, -z",
	  .help = "compress each page with zlib, lzo, snappy or zstd\n"
		  "(the last one given counts; not with -E)",
	  .example = "-c a b" },
	{ .short_name = 'l', COMPRESS(SD_COMPRESS_LZO),
	  .section = SD_SEC_FORMAT, .example = "-l a b" },
	{ .short_name = 'p', COMPRESS(SD_COMPRESS_SNAPPY),
	  .section = SD_SEC_FORMAT, .example = "-p a b" },
	{ .short_name = 'z', COMPRESS(SD_COMPRESS_ZSTD),
	  .section = SD_SEC_FORMAT, .example = "-z a b" },
	{ LONG("zlib-engine", 25), VALUE, .apply = sd_opt_zlib_engine, OURS,
	  .section = SD_SEC_FORMAT, .usage = "--zlib-engine NAME",
	  .help = "which library writes -c's zlib data: auto (the\n"
		  "default: the fastest built, see -v), zlib (the\n"
		  "same bytes as makedumpfile), libdeflate or isal",
	  .example = "--zlib-engine zlib -c a b" },
	{ .short_name = 'E', FLAG(elf_output),
	  .section = SD_SEC_FORMAT, .usage = "-E",
	  .help = "write an ELF core file instead of the kdump format",
	  .example = "-E a b" },
	{ .short_name = 'd', VALUE, .apply = sd_opt_dump_levels,
	  .section = SD_SEC_FORMAT, .usage = "-d DL[,DL...]",
	  .help = "dump level 0-31, the sum of the page kinds to leave\n"
		  "out: 1 zero pages, 2 non-private cache, 4 private\n"
		  "cache, 8 user data, 16 free pages; further levels\n"
		  "are tried in turn when the output does not fit",
	  .example = "-d 31,1 a b" },
	{ .short_name = 'x', VALUE, STRING(vmlinux),
	  .section = SD_SEC_FORMAT, .usage = "-x VMLINUX",
	  .help = "read symbols and types from a kernel with debug info",
	  .example = "-x vmlinux a b" },
	{ .short_name = 'i', VALUE, STRING(vmcoreinfo_in),
	  .section = SD_SEC_FORMAT, .usage = "-i VMCOREINFO",
	  .help = "read symbols and types from a VMCOREINFO file",
	  .example = "-i vmcoreinfo a b" },
	{ .short_name = 'L', VALUE, .apply = sd_opt_limit,
	  .section = SD_SEC_FORMAT, .usage = "-L SIZE",
	  .help = "stop writing at SIZE bytes (K, M, G, T, P, E suffixes)",
	  .example = "-L 100M a b" },
	{ LONG("config", 9), VALUE, STRING(config_file),
	  .section = SD_SEC_FORMAT, .usage = "--config FILE",
	  .help = "erase the data named in a filter file (needs -x)",
	  .example = "--config filter.conf -x vmlinux a b" },
	{ LONG("eppic", 13), VALUE, STRING(eppic),
	  .section = SD_SEC_FORMAT, .usage = "--eppic FILE|DIR",
	  .help = "run eppic filter macros",
	  .unbuilt = SD_UNBUILT_EPPIC,
	  .example = "--eppic macros.c a b" },
	{ .short_name = 'e', FLAG(exclude_vmemmap),
	  .section = SD_SEC_FORMAT, .usage = "-e",
	  .help = "leave out struct pages that only describe free pages\n"
		  "(x86_64; --work-dir is accepted, not needed)",
	  .example = "-e -d 31 a b" },
	{ .short_name = 'X', FLAG(exclude_xen_dom),
	  .section = SD_SEC_FORMAT, .usage = "-X",
	  .help = "Xen: leave out the pages of user domains",
	  .unbuilt = SD_UNBUILT_XEN,
	  .example = "-X a b" },

	/* Output files */
	{ .short_name = 'F', FLAG(flatten),
	  .section = SD_SEC_FILES, .usage = "-F",
	  .help = "flattened stream on standard output (for ssh or a pipe)",
	  .example = "-F -c a" },
	{ .short_name = 'R', REQUEST(rebuild),
	  .section = SD_SEC_FILES, .usage = "-R",
	  .help = "rebuild a DUMPFILE from a flattened stream on stdin",
	  .example = "-R dump" },
	{ LONG("split", 0), REQUEST(split),
	  .section = SD_SEC_FILES, .usage = "--split",
	  .help = "write several DUMPFILEs in parallel (kdump format only)",
	  .example = "--split a b c" },
	{ LONG("splitblock-size", 16), VALUE, .apply = sd_opt_splitblock_size,
	  .section = SD_SEC_FILES, .usage = "--splitblock-size KB",
	  .help = "balance --split files to within KB kilobytes",
	  .example = "--splitblock-size 4096 --split a b c" },
	{ LONG("reassemble", 1), REQUEST(reassemble),
	  .section = SD_SEC_FILES, .usage = "--reassemble",
	  .help = "join the files of --split into the last DUMPFILE",
	  .example = "--reassemble b c dump" },
	{ .short_name = 'f', FLAG(force),
	  .section = SD_SEC_FILES, .usage = "-f",
	  .help = "overwrite an existing DUMPFILE",
	  .example = "-f a b" },
	{ LONG("dry-run", 20), FLAG(dry_run),
	  .section = SD_SEC_FILES, .usage = "--dry-run",
	  .help = "do all the work but write nothing",
	  .example = "--dry-run a b" },

	/* Resources */
	{ LONG("num-threads", 18), VALUE, .apply = sd_opt_num_threads,
	  .section = SD_SEC_RESOURCES, .usage = "--num-threads N",
	  .help = "compress on N threads (kdump format, no --split)",
	  .example = "--num-threads 2 a b" },
	{ LONG("cyclic-buffer", 12), VALUE, .apply = sd_opt_cyclic_buffer,
	  .section = SD_SEC_RESOURCES, .usage = "--cyclic-buffer KB",
	  .help = "size of the page-set buffer, in kilobytes",
	  .example = "--cyclic-buffer 1024 a b" },
	{ LONG("work-dir", 17), VALUE, STRING(work_dir),
	  .section = SD_SEC_RESOURCES, .usage = "--work-dir DIR",
	  .help = "directory for a page-set file",
	  .example = "--work-dir /tmp a b" },
	{ LONG("non-mmap", 14), FLAG(non_mmap),
	  .section = SD_SEC_RESOURCES, .usage = "--non-mmap",
	  .help = "read VMCORE with read(2), never with mmap(2)",
	  .example = "--non-mmap a b" },
	{ .short_name = 'b', VALUE, .apply = sd_opt_block_order,
	  .section = SD_SEC_RESOURCES, .usage = "-b ORDER",
	  .help = "write cache of 2^ORDER pages (default 4)",
	  .example = "-b 6 a b" },
	{ LONG("mem-budget", 23), VALUE, .apply = sd_opt_mem_budget, OURS,
	  .section = SD_SEC_RESOURCES, .usage = "--mem-budget SIZE",
	  .help = "memory this program may use (K, M, G suffixes);\n"
		  "by default derived from free memory",
	  .example = "--mem-budget 64M a b" },
	{ LONG("backend", 24), VALUE, .apply = sd_opt_backend, OURS,
	  .section = SD_SEC_RESOURCES, .usage = "--backend NAME",
	  .help = "how to hold the page set: plain, roaring, extent\n"
		  "or auto (the default: chosen by the planner)",
	  .example = "--backend plain a b" },
	{ LONG("plan", 22), .arg = SD_OPT_OPTIONAL_ARG, .apply = sd_opt_plan,
	  OURS, .section = SD_SEC_RESOURCES, .usage = "--plan[=json]",
	  .help = "print the plan (text, or JSON) and stop",
	  .example = "--plan=json a" },

	/* Other uses */
	{ LONG("dump-dmesg", 7), REQUEST(dmesg),
	  .section = SD_SEC_OTHER, .usage = "--dump-dmesg",
	  .help = "save the kernel log of VMCORE to LOGFILE",
	  .example = "--dump-dmesg a log" },
	{ LONG("partial-dmesg", 8), FLAG(partial_dmesg),
	  .section = SD_SEC_OTHER, .usage = "--partial-dmesg",
	  .help = "with --dump-dmesg: only what followed the last dmesg -c",
	  .example = "--dump-dmesg --partial-dmesg a log" },
	{ LONG("dmesg-format", 26), VALUE, .apply = sd_opt_dmesg_format, OURS,
	  .section = SD_SEC_OTHER, .usage = "--dmesg-format VER",
	  .help = "the log as makedumpfile VER writes it: 1.7.5 (the\n"
		  "default: a caller-id column when the kernel\n"
		  "records it) or 1.7.2 (Debian 12: no such column)",
	  .example = "--dmesg-format 1.7.2 --dump-dmesg a log" },
	{ LONG("mem-usage", 15), REQUEST(mem_usage),
	  .section = SD_SEC_OTHER, .usage = "--mem-usage",
	  .help = "count pages by kind in /proc/kcore (first kernel)",
	  .example = "--mem-usage /proc/kcore" },
	{ LONG("vtop", 6), VALUE, .apply = sd_opt_address,
	  .field = MEMBER(struct sd_options, vtop_addr, uint64_t),
	  .section = SD_SEC_OTHER, .usage = "--vtop VADDR",
	  .help = "also print the physical address of VADDR",
	  .example = "--vtop 0xffffffff81000000 a b" },
	{ .short_name = 'g', VALUE, STRING(vmcoreinfo_out),
	  .section = SD_SEC_OTHER, .usage = "-g VMCOREINFO",
	  .help = "write a VMCOREINFO file (with -x or --xen-syms)",
	  .example = "-g vmcoreinfo -x vmlinux" },
	{ LONG("xen-syms", 2), VALUE, STRING(xen_syms),
	  .section = SD_SEC_OTHER, .usage = "--xen-syms FILE",
	  .help = "Xen hypervisor symbols",
	  .unbuilt = SD_UNBUILT_XEN,
	  .example = "--xen-syms xen-syms a b" },
	{ LONG("xen-vmcoreinfo", 3), VALUE, STRING(xen_vmcoreinfo),
	  .section = SD_SEC_OTHER, .usage = "--xen-vmcoreinfo FILE",
	  .help = "Xen VMCOREINFO",
	  .unbuilt = SD_UNBUILT_XEN,
	  .example = "--xen-vmcoreinfo vmcoreinfo a b" },
	{ LONG("xen_phys_start", 4), VALUE, .apply = sd_opt_xen_phys_start,
	  .section = SD_SEC_OTHER, .usage = "--xen_phys_start ADDR",
	  .help = "Xen code and data start address (x86_64)",
	  .unbuilt = SD_UNBUILT_XEN,
	  .example = "--xen_phys_start 0x1000000 a b" },
	{ LONG("diskset", 11), VALUE, .apply = sd_opt_diskset,
	  .section = SD_SEC_OTHER, .usage = "--diskset=VMCORE",
	  .help = "one disk of a sadump diskset (repeat, in order)",
	  .unbuilt = SD_UNBUILT_SADUMP,
	  .example = "--diskset=d1 --diskset=d2 dump" },

	/* Messages */
	{ LONG("message-level", 5), VALUE, .apply = sd_opt_message_level,
	  .section = SD_SEC_MESSAGES, .usage = "--message-level ML",
	  .help = "which messages to print, the sum of: 1 progress,\n"
		  "2 common messages, 4 errors, 8 debug, 16 report\n"
		  "(default 7, at most 31)",
	  .example = "--message-level 31 a b" },
	{ .short_name = 'D', FLAG(debug),
	  .section = SD_SEC_MESSAGES, .usage = "-D",
	  .help = "add debug messages (8)",
	  .example = "-D a b" },
	{ LONG("show-stats", 21), FLAG(show_stats),
	  .section = SD_SEC_MESSAGES, .usage = "--show-stats",
	  .help = "add the report (16)",
	  .example = "--show-stats a b" },
	{ LONG("check-params", 19), .apply = sd_opt_check_params,
	  .section = SD_SEC_MESSAGES, .usage = "--check-params",
	  .help = "check the command line only, then exit",
	  .example = "--check-params a b" },
	{ LONG("help", 10), .short_name = 'h', REQUEST(help),
	  .section = SD_SEC_MESSAGES, .usage = "-h, --help",
	  .help = "print this help",
	  .example = "--help" },
	{ .short_name = 'v', REQUEST(version),
	  .section = SD_SEC_MESSAGES, .usage = "-v",
	  .help = "print the version and the compressors built in",
	  .example = "-v" },
};

_Static_assert(SD_ARRAY_SIZE(sd_option_table) == SD_OPTION_COUNT,
	       "SD_OPTION_COUNT is the number of entries");
_Static_assert(SD_OPTION_COUNT <= 64, "sd_options.given has 64 bits");

bool
sd_option_given(const struct sd_options *opt, const struct sd_option_entry *e)
{
	size_t i = (size_t)(e - sd_option_table);

	return i < SD_OPTION_COUNT && (opt->given >> i & 1);
}

const char *
sd_unbuilt_what(enum sd_unbuilt u)
{
	static const char *const what[SD_UNBUILT_COUNT] = {
		[SD_UNBUILT_XEN] = "Xen dump support",
		[SD_UNBUILT_EPPIC] = "--eppic",
		[SD_UNBUILT_SADUMP] = "--diskset (sadump)",
	};

	return (unsigned)u < SD_UNBUILT_COUNT ? what[u] : NULL;
}

/* Was an option that needs @u on the command line? */
static bool
asks_for(const struct sd_options *opt, enum sd_unbuilt u)
{
	size_t i;

	for (i = 0; i < SD_OPTION_COUNT; i++)
		if (sd_option_table[i].unbuilt == u &&
		    sd_option_given(opt, &sd_option_table[i]))
			return true;
	return false;
}

sd_status
sd_options_check_unbuilt(const struct sd_options *opt, struct sd_err *err)
{
	int u;

	for (u = SD_BUILT + 1; u < SD_UNBUILT_COUNT; u++)
		if (asks_for(opt, (enum sd_unbuilt)u))
			return sd_fail(err, SD_ERR_UNSUPPORTED,
				       "%s is not implemented yet",
				       sd_unbuilt_what((enum sd_unbuilt)u));
	return SD_OK;
}
