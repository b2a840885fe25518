// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Command line parsing, compatible with makedumpfile 1.7.x: getopt_long
 * over tables built from sd_option_table (option_table.c), glibc's
 * complaints rebuilt so that only main prints, then the mode checks
 * (options_modes.c).  See doc/options.md for the rules and how they were
 * checked.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "options_parse.h"

/* getopt_long returns this plus the table index for a long option. */
enum { LONG_VAL_BASE = 256 };

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
	opt->message_level = SD_MSG_LEVEL_DEFAULT;
	opt->block_order = SD_BLOCK_ORDER_DEFAULT;
	opt->splitblock_size_kb = SD_SPLITBLOCK_KB_DEFAULT;
	opt->backend = SD_BACKEND_AUTO;
	opt->dmesg_format = SD_DMESG_FORMAT_175;
}

static int
getopt_has_arg(enum sd_opt_arg arg)
{
	if (arg == SD_OPT_REQUIRED_ARG)
		return required_argument;
	return arg == SD_OPT_OPTIONAL_ARG ? optional_argument : no_argument;
}

/* "b:cD..." */
static void
add_short(struct sd_opt_parse *p, size_t *n, const struct sd_option_entry *e)
{
	p->shorts[(*n)++] = e->short_name;
	if (e->arg != SD_OPT_NO_ARG)
		p->shorts[(*n)++] = ':';
	if (e->arg == SD_OPT_OPTIONAL_ARG)
		p->shorts[(*n)++] = ':';
}

/* getopt_long's option string and long options, from sd_option_table. */
static void
build_getopt_tables(struct sd_opt_parse *p)
{
	const struct sd_option_entry *e;
	struct option *o;
	size_t i, n = 0;

	memset(p->longs, 0, sizeof(p->longs));
	for (i = 0; i < SD_OPTION_COUNT; i++) {
		e = &sd_option_table[i];
		if (e->short_name)
			add_short(p, &n, e);
		if (!e->long_name || e->getopt_pos < 0 ||
		    e->getopt_pos >= SD_OPTION_COUNT)
			continue;	/* test-options refuses a bad place */
		o = &p->longs[e->getopt_pos];
		o->name = e->long_name;
		o->has_arg = getopt_has_arg(e->arg);
		o->val = LONG_VAL_BASE + (int)i;
	}
	p->shorts[n] = '\0';
}

/* The entry getopt_long returned @c for; NULL if none (cannot happen). */
static const struct sd_option_entry *
entry_of(int c)
{
	size_t i;

	if (c >= LONG_VAL_BASE && c < LONG_VAL_BASE + SD_OPTION_COUNT)
		return &sd_option_table[c - LONG_VAL_BASE];
	for (i = 0; c > 0 && i < SD_OPTION_COUNT; i++)
		if (sd_option_table[i].short_name == c)
			return &sd_option_table[i];
	return NULL;
}

/* "--name[=value]" that getopt found no unique match for. */
static void
diag_unknown_long(const struct sd_opt_parse *p, const char *argv0,
		  const char *arg)
{
	char *buf = p->opt->diag;
	size_t size = sizeof(p->opt->diag), len, namelen;
	const struct option *o;
	int matches = 0;

	namelen = strcspn(arg + 2, "=");
	for (o = p->longs; o->name; o++)
		if (strncmp(o->name, arg + 2, namelen) == 0)
			matches++;
	if (matches < 2) {
		snprintf(buf, size, "%s: unrecognized option '%s'", argv0, arg);
		return;
	}
	snprintf(buf, size, "%s: option '%s' is ambiguous; possibilities:",
		 argv0, arg);
	for (o = p->longs; o->name; o++) {
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
make_diag(struct sd_opt_parse *p, int argc, char **argv, int bad, int ind)
{
	const char *argv0 = argc > 0 && argv[0] ? argv[0] : p->opt->progname;
	const struct sd_option_entry *e = entry_of(bad);
	char *buf = p->opt->diag;
	size_t size = sizeof(p->opt->diag);

	if (bad >= LONG_VAL_BASE && e) {
		snprintf(buf, size, e->arg == SD_OPT_REQUIRED_ARG ?
			 "%s: option '--%s' requires an argument" :
			 "%s: option '--%s' doesn't allow an argument",
			 argv0, e->long_name);
	} else if (bad > 0 && bad != ':' && strchr(p->shorts, bad)) {
		snprintf(buf, size, "%s: option requires an argument -- '%c'",
			 argv0, bad);
	} else if (bad > 0) {
		snprintf(buf, size, "%s: invalid option -- '%c'", argv0, bad);
	} else if (ind > 0 && ind <= argc && argv[ind - 1] &&
		   strncmp(argv[ind - 1], "--", 2) == 0) {
		diag_unknown_long(p, argv0, argv[ind - 1]);
	} else {
		snprintf(buf, size, "%s: invalid option", argv0);
	}
}

/* Apply one option as makedumpfile does, and note that it was given. */
static sd_status
apply_option(struct sd_opt_parse *p, int c, const char *arg)
{
	const struct sd_option_entry *e = entry_of(c);

	if (!e)
		return sd_fail(p->err, SD_ERR_INVALID,
			       "internal: unhandled option %d", c);
	if (e->apply(p, e, arg) != SD_OK)
		return SD_ERR_INVALID;
	p->opt->given |= UINT64_C(1) << (e - sd_option_table);
	return SD_OK;
}

/* Run getopt over argv, applying each option as makedumpfile does. */
static sd_status
read_options(struct sd_opt_parse *p, int argc, char **argv)
{
	int c;

	build_getopt_tables(p);
	optind = 0;	/* full re-initialisation of glibc's getopt */
	opterr = 0;
	while ((c = getopt_long(argc, argv, p->shorts, p->longs,
				NULL)) != -1) {
		if (c == '?' || c == ':') {
			make_diag(p, argc, argv, optopt, optind);
			return sd_opt_cmdline_invalid(p, NULL);
		}
		if (apply_option(p, c, optarg) != SD_OK)
			return SD_ERR_INVALID;
	}
	return SD_OK;
}

static sd_status
collect_positionals(struct sd_opt_parse *p, int argc, char **argv)
{
	struct sd_options *opt = p->opt;
	int i;

	for (i = optind; i < argc; i++) {
		if (opt->n_positional >= SD_MAX_POSITIONAL)
			return sd_opt_cmdline_invalid(p,
						      "Too many file names.");
		opt->positional[opt->n_positional++] = argv[i];
	}
	return SD_OK;
}

/* The level as makedumpfile computes it once all options are read. */
static void
finish_message_level(struct sd_options *opt)
{
	if (opt->debug)
		opt->message_level |= SD_MSG_BIT_DEBUG;
	if (opt->show_stats)
		opt->message_level |= SD_MSG_BIT_REPORT;
	if (opt->check_params)
		opt->message_level = SD_MSG_LEVEL_DEFAULT;
}

sd_status
sd_options_parse(int argc, char **argv, struct sd_options *ret,
		 struct sd_err *err)
{
	struct sd_opt_parse p = { .opt = ret, .err = err };

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
	return sd_opt_resolve_mode(&p);
}
