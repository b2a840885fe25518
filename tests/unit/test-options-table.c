// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the option table (src/option_table.c), entry by entry: the
 * names are unique and getopt's order is makedumpfile's first; each
 * example parses and sets its option; a run and --check-params refuse an
 * option not built alike; each option is in --help and in the man page,
 * in the section its origin and its refusal say.  A new entry is checked
 * without a change here.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sievedump/job.h"
#include "sievedump/option_table.h"
#include "sievedump/options.h"
#include "test-options.h"

enum { NAME_MAX_LEN = 40, MAN_MAX = 1 << 17, MAN_ITEMS_MAX = 256 };

/* "-c" and/or "--name"; @roff writes each '-' as "\-", as man pages do. */
static int
entry_names(const struct sd_option_entry *e, bool roff,
	    char names[2][NAME_MAX_LEN])
{
	const char *dash = roff ? "\\-" : "-";
	int n = 0;

	if (e->short_name)
		snprintf(names[n++], NAME_MAX_LEN, "%s%c", dash, e->short_name);
	if (e->long_name) {
		char *out = names[n++];
		const char *c;
		size_t len;

		snprintf(out, NAME_MAX_LEN, "%s%s", dash, dash);
		for (c = e->long_name; *c; c++) {
			len = strlen(out);
			snprintf(out + len, NAME_MAX_LEN - len, "%s",
				 *c == '-' ? dash : (char[]){ *c, '\0' });
		}
	}
	return n;
}

static bool
is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '\\';
}

/* Does @text name @name as a whole word ("-d" is not in "--dump-dmesg")? */
static bool
mentions(const char *text, const char *name)
{
	size_t n = strlen(name);
	const char *s;

	for (s = strstr(text, name); s; s = strstr(s + 1, name))
		if ((s == text || !is_name_char(s[-1])) && !is_name_char(s[n]))
			return true;
	return false;
}

/* Are all names of @e in @text? */
static bool
mentions_all(const char *text, const struct sd_option_entry *e, bool roff)
{
	char names[2][NAME_MAX_LEN];
	int i, n = entry_names(e, roff, names);

	for (i = 0; i < n; i++)
		if (!mentions(text, names[i]))
			return false;
	return n > 0;
}

static const char *
label(const struct sd_option_entry *e)
{
	static char buf[2][NAME_MAX_LEN];
	static int which;
	char names[2][NAME_MAX_LEN];
	int n = entry_names(e, false, names);

	if (n == 0)
		return "(no name)";
	which ^= 1;
	snprintf(buf[which], NAME_MAX_LEN, "%s", names[n - 1]);
	return buf[which];
}

static void
check_getopt_order(struct harness *h)
{
	bool seen[SD_OPTION_COUNT] = { false };
	int n_long = 0, last_mdf = -1, first_ours = SD_OPTION_COUNT;
	bool ok = true;
	size_t i;

	for (i = 0; i < SD_OPTION_COUNT; i++) {
		const struct sd_option_entry *e = &sd_option_table[i];
		int pos = e->getopt_pos;

		if (!e->long_name)
			continue;
		n_long++;
		if (pos < 0 || pos >= SD_OPTION_COUNT || seen[pos])
			ok = false;
		else
			seen[pos] = true;
		if (e->origin == SD_OPT_MAKEDUMPFILE)
			last_mdf = SD_MAX(last_mdf, pos);
		else
			first_ours = SD_MIN(first_ours, pos);
	}
	for (i = 0; i < (size_t)n_long; i++)
		ok = ok && seen[i];
	check(h, ok, "getopt places are 0 .. long options - 1, once each", "");
	check(h, last_mdf < first_ours,
	      "makedumpfile's long options come first in getopt's table", "");
}

void
test_table_names(struct harness *h)
{
	size_t i, j;

	for (i = 0; i < SD_OPTION_COUNT; i++) {
		const struct sd_option_entry *e = &sd_option_table[i];
		bool unique = true;

		for (j = 0; j < i; j++) {
			const struct sd_option_entry *o = &sd_option_table[j];

			if (e->short_name && e->short_name == o->short_name)
				unique = false;
			if (e->long_name && o->long_name &&
			    strcmp(e->long_name, o->long_name) == 0)
				unique = false;
		}
		check(h, (e->short_name || e->long_name) && unique,
		      "named, and no other entry has its names", label(e));
		check(h, e->apply && e->example && e->section < SD_SEC_COUNT &&
		      (e->arg != SD_OPT_OPTIONAL_ARG || !e->short_name) &&
		      (unsigned)e->unbuilt < SD_UNBUILT_COUNT,
		      "has a handler, an example, a section", label(e));
	}
	check_getopt_order(h);
}

/* --diskset is refused off x86 (sadump disks exist there only). */
static bool
parses_here(const struct sd_option_entry *e)
{
#if defined(__x86_64__) || defined(__i386__)
	return true;
#else
	return !e->long_name || strcmp(e->long_name, "diskset") != 0;
#endif
}

void
test_table_examples(struct harness *h)
{
	size_t i;

	for (i = 0; i < SD_OPTION_COUNT; i++) {
		const struct sd_option_entry *e = &sd_option_table[i];
		struct run *r = parse(e->example);

		if (!parses_here(e)) {
			check(h, r->st == SD_ERR_INVALID, "refused here",
			      e->example);
		} else {
			if (r->st != SD_OK)
				fprintf(stderr, "# %s\n", r->err.msg);
			check(h, r->st == SD_OK && sd_option_given(&r->opt, e),
			      "the example parses and sets its option",
			      e->example);
		}
		free(r);
	}
}

/* How many kinds of unbuilt behaviour the options of @opt ask for. */
static int
unbuilt_kinds(const struct sd_options *opt)
{
	bool kind[SD_UNBUILT_COUNT] = { false };
	int n = 0, u;
	size_t i;

	for (i = 0; i < SD_OPTION_COUNT; i++)
		if (sd_option_given(opt, &sd_option_table[i]))
			kind[sd_option_table[i].unbuilt] = true;
	for (u = SD_BUILT + 1; u < SD_UNBUILT_COUNT; u++)
		n += kind[u];
	return n;
}

/* The run's refusal (sd_job_check_built) against the entry's mark. */
static bool
refusal_fits(const struct sd_option_entry *e, const struct run *r,
	     sd_status st, const struct sd_err *err)
{
	char want[SD_ERR_MSG_MAX];
	bool not_impl = st == SD_ERR_UNSUPPORTED &&
			strstr(err->msg, " is not implemented yet");

	if (e->unbuilt == SD_BUILT)
		return !not_impl || unbuilt_kinds(&r->opt) > 0;
	if (!not_impl)
		return false;
	if (unbuilt_kinds(&r->opt) > 1)
		return true;	/* another one is named first */
	snprintf(want, sizeof(want), "%s is not implemented yet",
		 sd_unbuilt_what(e->unbuilt));
	return strcmp(err->msg, want) == 0;
}

void
test_table_refusals(struct harness *h)
{
	char args[1100];
	size_t i;

	for (i = 0; i < SD_OPTION_COUNT; i++) {
		const struct sd_option_entry *e = &sd_option_table[i];
		struct run *run = parse(e->example), *cp;
		struct sd_err run_err, cp_err;
		sd_status run_st, cp_st;

		snprintf(args, sizeof(args), "--check-params %s", e->example);
		cp = parse(args);
		if (run->st == SD_OK && cp->st == SD_OK) {
			sd_err_clear(&run_err);
			sd_err_clear(&cp_err);
			run_st = sd_job_check_built(&run->opt, &run_err);
			cp_st = sd_job_check_built(&cp->opt, &cp_err);
			check(h, run_st == cp_st &&
			      strcmp(run_err.msg, cp_err.msg) == 0,
			      "a run and --check-params refuse alike", args);
			if (!refusal_fits(e, run, run_st, &run_err))
				fprintf(stderr, "# %s\n", run_err.msg);
			check(h, refusal_fits(e, run, run_st, &run_err),
			      e->unbuilt ? "refused: not implemented yet" :
			      "not refused as not implemented", e->example);
		} else {
			check(h, run->st == cp->st && !parses_here(e),
			      "parses with --check-params as without", args);
		}
		free(run);
		free(cp);
	}
}

/* The help text printed to memory; NULL on failure. */
static char *
help_text(void)
{
	char *text = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&text, &size);

	if (!fp)
		return NULL;
	sd_options_help(fp, "sievedump");
	if (fclose(fp) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

static bool
lines_fit(const char *text, size_t width)
{
	size_t len;

	for (; *text; text += len + (text[len] == '\n')) {
		len = strcspn(text, "\n");
		if (len > width)
			return false;
	}
	return true;
}

void
test_table_help(struct harness *h)
{
	char *text = help_text();
	size_t i;

	check(h, text && lines_fit(text, 80), "help lines fit 80 columns", "");
	for (i = 0; text && i < SD_OPTION_COUNT; i++) {
		const struct sd_option_entry *e = &sd_option_table[i];
		const struct sd_option_entry *line = e;

		/* no usage: on the line of the nearest entry before with one */
		while (!line->usage && line > sd_option_table)
			line--;
		check(h, line->usage && line->help &&
		      line->section == e->section &&
		      mentions_all(line->usage, e, false),
		      "its help line names it", label(e));
		check(h, mentions_all(text, e, false), "--help names it",
		      label(e));
	}
	free(text);
}

struct man_item {
	const char *section;	/* the .SH title */
	const char *line;	/* the line after .TP */
};

/* The .TP items of the man page, each with its section. */
static int
man_items(char *page, struct man_item *items, int max)
{
	const char *section = "";
	char *line, *save = NULL;
	bool item_next = false;
	int n = 0;

	for (line = strtok_r(page, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, ".SH ", 4) == 0)
			section = line + 4;
		else if (item_next && n < max)
			items[n++] = (struct man_item){ section, line };
		item_next = strcmp(line, ".TP") == 0;
	}
	return n;
}

static const char *
man_section_of(const struct sd_option_entry *e)
{
	if (e->origin == SD_OPT_SIEVEDUMP)
		return "SIEVEDUMP OPTIONS";
	return e->unbuilt ? "REFUSED OPTIONS" : "OPTIONS";
}

static bool
man_lists(const struct man_item *items, int n,
	  const struct sd_option_entry *e)
{
	const char *want = man_section_of(e);
	char names[2][NAME_MAX_LEN];
	int k = entry_names(e, true, names), i, j;

	for (j = 0; j < k; j++) {
		for (i = 0; i < n; i++)
			if (strcmp(items[i].section, want) == 0 &&
			    mentions(items[i].line, names[j]))
				break;
		if (i == n)
			return false;
	}
	return true;
}

void
test_table_man(struct harness *h)
{
	static char page[MAN_MAX];
	static struct man_item items[MAN_ITEMS_MAX];
	const char *path = SD_TEST_SRCDIR "/man/sievedump.8";
	FILE *fp = fopen(path, "r");
	size_t len = fp ? fread(page, 1, sizeof(page) - 1, fp) : 0;
	int n;
	size_t i;

	if (fp)
		fclose(fp);
	page[len] = '\0';
	check(h, len > 0 && len < sizeof(page) - 1, "man page read", path);
	n = man_items(page, items, MAN_ITEMS_MAX);
	for (i = 0; i < SD_OPTION_COUNT; i++) {
		const struct sd_option_entry *e = &sd_option_table[i];
		char what[80];

		snprintf(what, sizeof(what), "the man page lists it under %s",
			 man_section_of(e));
		check(h, man_lists(items, n, e), what, label(e));
	}
}
