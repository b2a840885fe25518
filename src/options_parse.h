/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside the command line parser: its state, the handlers the option
 * table points to (option_values.c) and the mode checks
 * (options_modes.c).  Not for use outside src/option*.c.
 */
#ifndef SIEVEDUMP_OPTIONS_PARSE_H
#define SIEVEDUMP_OPTIONS_PARSE_H

#include <getopt.h>
#include <stdbool.h>

#include "sievedump/option_table.h"
#include "sievedump/options.h"

enum {
	SD_MSG_LEVEL_DEFAULT = 7,
	SD_MSG_LEVEL_MAX = 31,
	SD_MSG_BIT_COMMON = 2,
	SD_MSG_BIT_DEBUG = 8,
	SD_MSG_BIT_REPORT = 16,
	SD_DUMP_LEVEL_MAX = 31,
	SD_BLOCK_ORDER_DEFAULT = 4,
	SD_BLOCK_ORDER_MAX = 30,
};

#define SD_SPLITBLOCK_KB_DEFAULT 1048576ULL	/* 1 GiB */

/* Mode requests collected while reading options; resolved afterwards. */
struct sd_opt_parse {
	struct sd_options *opt;
	struct sd_err *err;
	bool help, version, rebuild, split, reassemble, dmesg, mem_usage, plan;
	/* getopt_long's tables, built from sd_option_table */
	struct option longs[SD_OPTION_COUNT + 1];
	char shorts[3 * SD_OPTION_COUNT + 1];
};

/* "FIRST_LINE\nCommandline parameter is invalid.\nTry ..." (options_modes.c) */
sd_status sd_opt_cmdline_invalid(struct sd_opt_parse *p,
				 const char *first_line);

/* Which mode the options ask for, and its file names (options_modes.c). */
sd_status sd_opt_resolve_mode(struct sd_opt_parse *p);

/* Handlers of sd_option_table (option_values.c). */
sd_status sd_opt_set_flag(struct sd_opt_parse *p,
			  const struct sd_option_entry *e, const char *arg);
sd_status sd_opt_set_request(struct sd_opt_parse *p,
			     const struct sd_option_entry *e, const char *arg);
sd_status sd_opt_set_string(struct sd_opt_parse *p,
			    const struct sd_option_entry *e, const char *arg);
sd_status sd_opt_set_compress(struct sd_opt_parse *p,
			      const struct sd_option_entry *e, const char *arg);
sd_status sd_opt_dump_levels(struct sd_opt_parse *p,
			     const struct sd_option_entry *e, const char *arg);
sd_status sd_opt_message_level(struct sd_opt_parse *p,
			       const struct sd_option_entry *e,
			       const char *arg);
sd_status sd_opt_check_params(struct sd_opt_parse *p,
			      const struct sd_option_entry *e, const char *arg);
sd_status sd_opt_limit(struct sd_opt_parse *p, const struct sd_option_entry *e,
		       const char *arg);
sd_status sd_opt_block_order(struct sd_opt_parse *p,
			     const struct sd_option_entry *e, const char *arg);
sd_status sd_opt_cyclic_buffer(struct sd_opt_parse *p,
			       const struct sd_option_entry *e,
			       const char *arg);
sd_status sd_opt_splitblock_size(struct sd_opt_parse *p,
				 const struct sd_option_entry *e,
				 const char *arg);
sd_status sd_opt_num_threads(struct sd_opt_parse *p,
			     const struct sd_option_entry *e, const char *arg);
sd_status sd_opt_address(struct sd_opt_parse *p,
			 const struct sd_option_entry *e, const char *arg);
sd_status sd_opt_xen_phys_start(struct sd_opt_parse *p,
				const struct sd_option_entry *e,
				const char *arg);
sd_status sd_opt_diskset(struct sd_opt_parse *p,
			 const struct sd_option_entry *e, const char *arg);
sd_status sd_opt_plan(struct sd_opt_parse *p, const struct sd_option_entry *e,
		      const char *arg);
sd_status sd_opt_mem_budget(struct sd_opt_parse *p,
			    const struct sd_option_entry *e, const char *arg);
sd_status sd_opt_backend(struct sd_opt_parse *p,
			 const struct sd_option_entry *e, const char *arg);
sd_status sd_opt_zlib_engine(struct sd_opt_parse *p,
			     const struct sd_option_entry *e, const char *arg);
sd_status sd_opt_dmesg_format(struct sd_opt_parse *p,
			      const struct sd_option_entry *e,
			      const char *arg);

#endif
