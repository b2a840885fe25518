// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What each option stores: the handlers sd_option_table points to.  Values
 * are read as makedumpfile reads them (atoi, strtoul) and refused with its
 * messages; doc/options.md "Values" lists the rules.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "sievedump/features.h"
#include "options_parse.h"

/* The member of struct sd_options (or of the parse) an entry names. */
static void *
options_field(struct sd_opt_parse *p, const struct sd_option_entry *e)
{
	return (char *)p->opt + e->field;
}

sd_status
sd_opt_set_flag(struct sd_opt_parse *p, const struct sd_option_entry *e,
		const char *arg)
{
	*(bool *)options_field(p, e) = true;
	return SD_OK;
}

/* -R, --split, --dump-dmesg ...: a mode request, resolved after argv. */
sd_status
sd_opt_set_request(struct sd_opt_parse *p, const struct sd_option_entry *e,
		   const char *arg)
{
	*(bool *)((char *)p + e->field) = true;
	return SD_OK;
}

sd_status
sd_opt_set_string(struct sd_opt_parse *p, const struct sd_option_entry *e,
		  const char *arg)
{
	*(const char **)options_field(p, e) = arg;
	return SD_OK;
}

/* -c, -l, -p, -z: the last one given counts. */
sd_status
sd_opt_set_compress(struct sd_opt_parse *p, const struct sd_option_entry *e,
		    const char *arg)
{
	p->opt->compress = (enum sd_compress)e->value;
	return SD_OK;
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
sd_status
sd_opt_dump_levels(struct sd_opt_parse *p, const struct sd_option_entry *e,
		   const char *s)
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
		if (level < 0 || level > SD_DUMP_LEVEL_MAX)
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

sd_status
sd_opt_message_level(struct sd_opt_parse *p, const struct sd_option_entry *e,
		     const char *s)
{
	int level = lenient_int(s);

	if (level < 0 || level > SD_MSG_LEVEL_MAX) {
		p->opt->message_level = SD_MSG_LEVEL_DEFAULT;
		return sd_fail(p->err, SD_ERR_INVALID,
			       "Message_level(%d) is invalid.", level);
	}
	p->opt->message_level_set = true;
	if (!p->opt->check_params)
		p->opt->message_level = level;
	return SD_OK;
}

/* --check-params: the level is 7 from here on, whatever else says. */
sd_status
sd_opt_check_params(struct sd_opt_parse *p, const struct sd_option_entry *e,
		    const char *arg)
{
	p->opt->check_params = true;
	p->opt->message_level = SD_MSG_LEVEL_DEFAULT;
	return SD_OK;
}

/* A size with K..E suffixes, above 0; "WHAT(s) is invalid." otherwise. */
static sd_status
positive_size(struct sd_opt_parse *p, const char *s, const char *what,
	      uint64_t *ret)
{
	uint64_t v;

	if (sd_parse_size(s, &v) != SD_OK || v == 0)
		return sd_fail(p->err, SD_ERR_INVALID, "%s(%s) is invalid.",
			       what, s);
	*ret = v;
	return SD_OK;
}

sd_status
sd_opt_limit(struct sd_opt_parse *p, const struct sd_option_entry *e,
	     const char *s)
{
	return positive_size(p, s, "Limit size", &p->opt->size_limit);
}

sd_status
sd_opt_block_order(struct sd_opt_parse *p, const struct sd_option_entry *e,
		   const char *s)
{
	int v = lenient_int(s);

	if (v < 0 || v > SD_BLOCK_ORDER_MAX)
		return sd_fail(p->err, SD_ERR_INVALID,
			       "Block order(%s) is invalid.", s);
	p->opt->block_order = v;
	return SD_OK;
}

/* --cyclic-buffer and --splitblock-size: KiB, 0 means "not given". */
static sd_status
parse_kb(struct sd_opt_parse *p, const char *s, const char *what,
	 uint64_t *ret)
{
	int v = lenient_int(s);

	if (v < 0)
		return sd_fail(p->err, SD_ERR_INVALID, "%s(%s) is invalid.",
			       what, s);
	*ret = (uint64_t)v;
	return SD_OK;
}

sd_status
sd_opt_cyclic_buffer(struct sd_opt_parse *p, const struct sd_option_entry *e,
		     const char *s)
{
	return parse_kb(p, s, "Cyclic buffer size", &p->opt->cyclic_buffer_kb);
}

sd_status
sd_opt_splitblock_size(struct sd_opt_parse *p,
		       const struct sd_option_entry *e, const char *s)
{
	struct sd_options *opt = p->opt;

	opt->splitblock_size_kb = SD_SPLITBLOCK_KB_DEFAULT;
	if (parse_kb(p, s, "Splitblock size", &opt->splitblock_size_kb) != SD_OK)
		return SD_ERR_INVALID;
	opt->splitblock_size_set = opt->splitblock_size_kb != 0;
	if (!opt->splitblock_size_set)
		opt->splitblock_size_kb = SD_SPLITBLOCK_KB_DEFAULT;
	return SD_OK;
}

sd_status
sd_opt_num_threads(struct sd_opt_parse *p, const struct sd_option_entry *e,
		   const char *s)
{
	p->opt->num_threads = SD_MAX(lenient_int(s), 0);
	p->opt->num_threads_set = true;
	return SD_OK;
}

/* --vtop: strtoul(..., 0) and no check, as makedumpfile. */
sd_status
sd_opt_address(struct sd_opt_parse *p, const struct sd_option_entry *e,
	       const char *s)
{
	*(uint64_t *)options_field(p, e) = strtoull(s, NULL, 0);
	return SD_OK;
}

sd_status
sd_opt_xen_phys_start(struct sd_opt_parse *p, const struct sd_option_entry *e,
		      const char *s)
{
	p->opt->xen_phys_start = strtoull(s, NULL, 0);
	p->opt->xen_phys_start_set = true;
	return SD_OK;
}

sd_status
sd_opt_diskset(struct sd_opt_parse *p, const struct sd_option_entry *e,
	       const char *s)
{
	struct sd_options *opt = p->opt;

	if (opt->n_diskset >= SD_MAX_POSITIONAL)
		return sd_fail(p->err, SD_ERR_INVALID,
			       "Too many --diskset options (at most %d).",
			       SD_MAX_POSITIONAL);
	opt->diskset[opt->n_diskset++] = s;
	return SD_OK;
}

sd_status
sd_opt_plan(struct sd_opt_parse *p, const struct sd_option_entry *e,
	    const char *s)
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

sd_status
sd_opt_mem_budget(struct sd_opt_parse *p, const struct sd_option_entry *e,
		  const char *s)
{
	return positive_size(p, s, "Memory budget", &p->opt->mem_budget);
}

sd_status
sd_opt_backend(struct sd_opt_parse *p, const struct sd_option_entry *e,
	       const char *s)
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
sd_status
sd_opt_zlib_engine(struct sd_opt_parse *p, const struct sd_option_entry *e,
		   const char *s)
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
sd_status
sd_opt_dmesg_format(struct sd_opt_parse *p, const struct sd_option_entry *e,
		    const char *s)
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
