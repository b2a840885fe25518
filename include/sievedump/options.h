/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_OPTIONS_H
#define SIEVEDUMP_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "sievedump/status.h"

enum { SD_MAX_DUMP_LEVELS = 32, SD_MAX_POSITIONAL = 256 };

/** Room for a getopt-style complaint (see sd_options.diag). */
enum { SD_OPT_DIAG_MAX = 512 };

/** What the command line asks for (one mode per run). */
enum sd_mode {
	SD_MODE_DUMP = 0,	/**< VMCORE DUMPFILE (or -F VMCORE) */
	SD_MODE_HELP,		/**< -h */
	SD_MODE_VERSION,	/**< -v */
	SD_MODE_REBUILD,	/**< -R DUMPFILE < stream */
	SD_MODE_SPLIT,		/**< --split VMCORE F1 F2 ... */
	SD_MODE_REASSEMBLE,	/**< --reassemble F1 .. Fn OUT */
	SD_MODE_DMESG,		/**< --dump-dmesg VMCORE LOGFILE */
	SD_MODE_GEN_VMCOREINFO,	/**< -g VMCOREINFO -x VMLINUX */
	SD_MODE_MEM_USAGE,	/**< --mem-usage /proc/kcore */
	SD_MODE_VTOP,		/**< --vtop VADDR VMCORE */
	SD_MODE_PLAN,		/**< --plan[=json] VMCORE [DUMPFILE] */
};

/** Compression as requested; the last of -c/-l/-p/-z wins. */
enum sd_compress {
	SD_COMPRESS_NONE = 0,
	SD_COMPRESS_ZLIB,
	SD_COMPRESS_LZO,
	SD_COMPRESS_SNAPPY,
	SD_COMPRESS_ZSTD,
};

/**
 * Which library writes -c's zlib streams (--zlib-engine).  Readers inflate
 * any valid zlib stream; only stock zlib writes makedumpfile's exact bytes.
 */
enum sd_zlib_engine {
	SD_ZLIB_ENGINE_AUTO = 0,	/**< the default: the best one built */
	SD_ZLIB_ENGINE_ZLIB,		/**< stock zlib, makedumpfile's bytes */
	SD_ZLIB_ENGINE_LIBDEFLATE,	/**< libdeflate */
	SD_ZLIB_ENGINE_ISAL,		/**< ISA-L igzip */
};

enum sd_backend_choice {
	SD_BACKEND_AUTO = 0,
	SD_BACKEND_PLAIN,
	SD_BACKEND_ROARING,
	SD_BACKEND_EXTENT,
};

/**
 * The --dump-dmesg log's format (--dmesg-format).  makedumpfile 1.7.5 added
 * a caller-id column after the time stamp (doc/compat-dmesg.md).
 */
enum sd_dmesg_format {
	SD_DMESG_FORMAT_175 = 0,	/**< the default: 1.7.5 and later */
	SD_DMESG_FORMAT_172,		/**< 1.7.2 (Debian 12): no caller id */
};

/** The parsed command line. Plain data: no allocation, argv strings are borrowed. */
struct sd_options {
	const char *progname;		/**< "makedumpfile" when invoked so, else "sievedump" */
	enum sd_mode mode;
	enum sd_compress compress;
	enum sd_zlib_engine zlib_engine;	/**< --zlib-engine (auto) */
	int dump_levels[SD_MAX_DUMP_LEVELS];	/**< -d a,b,c: first is used first */
	int n_dump_levels;		/**< 0 when -d was not given (level 0) */
	bool elf_output;		/**< -E */
	bool flatten;			/**< -F */
	bool force;			/**< -f */
	bool exclude_vmemmap;		/**< -e */
	bool exclude_xen_dom;		/**< -X */
	bool debug;			/**< -D */
	bool non_mmap;			/**< --non-mmap */
	bool partial_dmesg;		/**< --partial-dmesg */
	bool check_params;		/**< --check-params */
	bool dry_run;			/**< --dry-run */
	bool show_stats;		/**< --show-stats */
	bool plan_json;			/**< --plan=json */
	int message_level;		/**< effective bitmask (default 7; -D adds 8; --show-stats adds 16) */
	bool message_level_set;
	int block_order;		/**< -b (default 4) */
	uint64_t size_limit;		/**< -L bytes, 0 = none */
	int num_threads;		/**< --num-threads (negative -> 0) */
	bool num_threads_set;
	uint64_t cyclic_buffer_kb;	/**< --cyclic-buffer, 0 = not given */
	uint64_t splitblock_size_kb;	/**< --splitblock-size, default 1048576 */
	bool splitblock_size_set;
	uint64_t mem_budget;		/**< --mem-budget bytes, 0 = auto */
	enum sd_backend_choice backend;	/**< --backend */
	enum sd_dmesg_format dmesg_format;	/**< --dmesg-format (1.7.5) */
	uint64_t vtop_addr;		/**< --vtop */
	const char *vmlinux;		/**< -x */
	const char *vmcoreinfo_in;	/**< -i */
	const char *vmcoreinfo_out;	/**< -g */
	const char *work_dir;		/**< --work-dir */
	const char *config_file;	/**< --config */
	const char *eppic;		/**< --eppic */
	const char *xen_syms;		/**< --xen-syms */
	const char *xen_vmcoreinfo;	/**< --xen-vmcoreinfo */
	uint64_t xen_phys_start;	/**< --xen_phys_start */
	bool xen_phys_start_set;
	const char *diskset[SD_MAX_POSITIONAL];	/**< --diskset=VMCORE (repeatable) */
	int n_diskset;
	const char *positional[SD_MAX_POSITIONAL];	/**< non-option args in order */
	int n_positional;
	const char *vmcore;		/**< input (resolved from positionals by mode) */
	const char *dumpfile;		/**< output (resolved), NULL with -F */
	const char *dumpfiles[SD_MAX_POSITIONAL];	/**< --split outputs / --reassemble inputs */
	int n_dumpfiles;
	/** Bit i: the option sd_option_table[i] was on the command line. */
	uint64_t given;
	/**
	 * getopt-style complaint for stderr, e.g. "argv0: invalid option -- 'y'"
	 * (no newline); "" when none.  Printed whatever the message level.
	 */
	char diag[SD_OPT_DIAG_MAX];
};

/**
 * Parse argv as makedumpfile does.  On success fills @ret and returns SD_OK.
 * Usage errors return SD_ERR_INVALID with the exact makedumpfile message in
 * @err (e.g. "Commandline parameter is invalid."); main prints it followed by
 * "Try `makedumpfile --help' for more information." and exits 1.
 */
sd_status sd_options_parse(int argc, char **argv, struct sd_options *ret,
			   struct sd_err *err) SD_MUST_CHECK;

/** The dump level currently in force (first of -d, or 0). */
static inline int
sd_options_dump_level(const struct sd_options *opt)
{
	return opt->n_dump_levels ? opt->dump_levels[0] : 0;
}

/**
 * Print the --help text (option_table.h) on stdout, or stderr with -F;
 * nothing without message bit 2 (common messages).
 */
void sd_options_usage(const struct sd_options *opt);

/** Parse "100M"-style sizes (K/M/G/T/P/E, powers of 1024, case-insensitive). */
sd_status sd_parse_size(const char *s, uint64_t *ret) SD_MUST_CHECK;

#endif
