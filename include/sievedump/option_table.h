/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_OPTION_TABLE_H
#define SIEVEDUMP_OPTION_TABLE_H

#include <stddef.h>
#include <stdio.h>

#include "sievedump/options.h"
#include "sievedump/status.h"

/*
 * The command line options, one entry each (src/option_table.c).  The
 * parser builds getopt_long's tables from it, --help prints it, the run
 * and --check-params refuse what it marks as not built, and
 * tests/unit/test-options checks every entry against the parser, the
 * help and the man page.  doc/options.md says how to add an option.
 */

/** Entries in sd_option_table (option_table.c checks it at compile time). */
enum { SD_OPTION_COUNT = 45 };

enum sd_opt_arg {
	SD_OPT_NO_ARG = 0,
	SD_OPT_REQUIRED_ARG,
	SD_OPT_OPTIONAL_ARG,	/**< long only, attached: --plan=json */
};

/** Where an option comes from. */
enum sd_opt_origin {
	SD_OPT_MAKEDUMPFILE = 0,	/**< makedumpfile 1.7's, same meaning */
	SD_OPT_SIEVEDUMP,		/**< ours (man page: SIEVEDUMP OPTIONS) */
};

/** The --help section an option is listed in, in printing order. */
enum sd_opt_section {
	SD_SEC_FORMAT = 0,	/**< "Output format and filtering:" */
	SD_SEC_FILES,		/**< "Output files:" */
	SD_SEC_RESOURCES,	/**< "Resources:" */
	SD_SEC_OTHER,		/**< "Other uses:" */
	SD_SEC_MESSAGES,	/**< "Messages:" */
	SD_SEC_COUNT,
};

/**
 * Behaviour sievedump reads the options of but has not built.  A run and
 * --check-params refuse the first one given, in this order, with
 * "WHAT is not implemented yet" (sd_options_check_unbuilt).
 */
enum sd_unbuilt {
	SD_BUILT = 0,
	SD_UNBUILT_XEN,			/**< -X, --xen-* */
	SD_UNBUILT_EPPIC,		/**< --eppic */
	SD_UNBUILT_SADUMP,		/**< --diskset */
	SD_UNBUILT_COUNT,
};

/** The parser's state while it reads argv (src/options_parse.h). */
struct sd_opt_parse;
struct sd_option_entry;

/** Store what an option says; a message in p's sd_err when it is wrong. */
typedef sd_status (*sd_option_apply_fn)(struct sd_opt_parse *p,
					const struct sd_option_entry *e,
					const char *arg);

struct sd_option_entry {
	const char *long_name;	/**< "split"; NULL: a short option only */
	char short_name;	/**< 'c'; 0: a long option only */
	enum sd_opt_arg arg;
	/**
	 * Place among the long options given to getopt_long: makedumpfile's
	 * order first, then ours.  getopt lists the candidates of an
	 * ambiguous abbreviation in that order.
	 */
	int getopt_pos;
	sd_option_apply_fn apply;
	size_t field;		/**< offset of the member apply sets, if any */
	int value;		/**< apply's constant (-c: SD_COMPRESS_ZLIB) */
	enum sd_opt_origin origin;
	enum sd_opt_section section;
	/**
	 * --help: the label ("-d DL[,DL...]") and the text, lines split by
	 * '\n'.  A NULL usage: the option is on the line of the nearest
	 * entry before that has one (-l on "-c, -l, -p, -z").
	 */
	const char *usage;
	const char *help;
	enum sd_unbuilt unbuilt;	/**< SD_BUILT, or what a run refuses */
	/** A command line that uses the option and parses (for the tests). */
	const char *example;
};

extern const struct sd_option_entry sd_option_table[SD_OPTION_COUNT];

/** Was this entry of sd_option_table on the command line? */
bool sd_option_given(const struct sd_options *opt,
		     const struct sd_option_entry *e);

/** "WHAT" of "WHAT is not implemented yet" (NULL for SD_BUILT). */
const char *sd_unbuilt_what(enum sd_unbuilt u);

/**
 * Refuse, with SD_ERR_UNSUPPORTED, the first behaviour not built (enum
 * sd_unbuilt order) that a given option asks for.  sd_job_check_built
 * calls it for a run and for --check-params.
 */
sd_status sd_options_check_unbuilt(const struct sd_options *opt,
				   struct sd_err *err) SD_MUST_CHECK;

/** The whole --help text, the synopsis naming @prog. */
void sd_options_help(FILE *fp, const char *prog);

#endif
