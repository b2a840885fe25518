// SPDX-License-Identifier: GPL-2.0-or-later
/* The --config filter file parser: what it reads, and every syntax error. */
#include <stdio.h>
#include <string.h>

#include "sievedump/erase.h"
#include "../lib/tap.h"

static struct sd_erase_config *
parse(const char *text, struct sd_err *err)
{
	struct sd_erase_config *c = NULL;

	if (sd_erase_config_parse("f.conf", text, strlen(text), &c, err))
		return NULL;
	return c;
}

/* @text must fail with a message holding @want ("f.conf:LINE: ..."). */
static void
bad(const char *text, const char *want)
{
	struct sd_err err;
	struct sd_erase_config *c;
	char what[1400];

	memset(&err, 0, sizeof(err));
	c = parse(text, &err);
	snprintf(what, sizeof(what), "refused with \"%s\" (got \"%s\")", want,
		 c ? "accepted" : err.msg);
	ok(!c && err.status == SD_ERR_INVALID && strstr(err.msg, want), what);
	sd_erase_config_free(c);
}

static void
test_plain(void)
{
	struct sd_err err;
	struct sd_erase_config *c = parse(
		"# comment\n"
		"erase linux_banner size 32\n"
		"[vmlinux]\n"
		"erase\tinit_uts_ns.name.nodename   # trailing\n"
		"erase a..b.c size 2K\n"
		"erase p nullify erase q size 3m\n"
		"erase s size t.len\n"
		"erase v size 10x\n"
		"erase\n  multi\n  size\n  7\n", &err);
	const struct sd_erase_stmt *s;

	ok(c != NULL, "a file of plain erase commands parses");
	if (!c)
		return;
	ok(c->nstmt == 8, "eight statements");
	s = c->stmt;
	ok(s[0].kind == SD_ERASE_PLAIN && s[0].ncmd == 1 && s[0].line == 2,
	   "a plain command, its line");
	ok(!strcmp(s[0].cmd[0].expr, "linux_banner") &&
	   s[0].cmd[0].size_kind == SD_ERASE_SIZE_VALUE &&
	   s[0].cmd[0].size_value == 32, "size 32");
	ok(s[1].cmd[0].target.n == 3 &&
	   !strcmp(s[1].cmd[0].target.part[2], "nodename") &&
	   s[1].cmd[0].size_kind == SD_ERASE_SIZE_TYPE && s[1].line == 4,
	   "members split at the dots, no size, tabs and comments");
	ok(s[2].cmd[0].target.n == 3 && !strcmp(s[2].cmd[0].expr, "a..b.c") &&
	   s[2].cmd[0].size_value == 2048, "empty parts dropped, expression kept as written, K");
	ok(s[3].cmd[0].size_kind == SD_ERASE_NULLIFY, "nullify");
	ok(s[4].cmd[0].size_value == 3 << 20 && s[4].line == 6,
	   "two commands on one line, m");
	ok(s[5].cmd[0].size_kind == SD_ERASE_SIZE_EXPR &&
	   s[5].cmd[0].size_expr.n == 2 && !s[5].cmd[0].size_is_var,
	   "size SYMBOL.member");
	ok(s[6].cmd[0].size_value == 10, "a character after the number is ignored");
	ok(s[7].cmd[0].size_value == 7 && s[7].line == 9,
	   "a command over several lines");
	sd_erase_config_free(c);
}

static void
test_loops(void)
{
	struct sd_err err;
	struct sd_erase_config *c = parse(
		"for m in modules within module:list\n"
		"  erase m.name\n"
		"  erase m.args size m.args_len\n"
		"endfor\n"
		"for s in mystruct1 via next\n erase s.private\nendfor\n"
		"for x in myarray\nendfor\n"
		"for y in lh within s1\n erase y nullify\nendfor\n", &err);
	const struct sd_erase_stmt *s;

	ok(c != NULL, "for loops parse");
	if (!c)
		return;
	s = c->stmt;
	ok(c->nstmt == 4, "four loops");
	ok(s[0].kind == SD_ERASE_FOR_WITHIN && !strcmp(s[0].id, "m") &&
	   !strcmp(s[0].within_struct, "module") &&
	   !strcmp(s[0].within_member, "list") && s[0].ncmd == 2,
	   "within STRUCT:MEMBER with two commands");
	ok(s[0].cmd[1].size_is_var && s[0].cmd[1].line == 3,
	   "a size that starts with the iteration variable");
	ok(s[1].kind == SD_ERASE_FOR_VIA && !strcmp(s[1].via, "next"), "via");
	ok(s[2].kind == SD_ERASE_FOR && s[2].ncmd == 0, "an array, no commands");
	ok(s[3].kind == SD_ERASE_FOR_WITHIN && !s[3].within_member,
	   "within STRUCT without a member (makedumpfile's default: list)");
	sd_erase_config_free(c);
}

static void
test_errors(void)
{
	bad("hello\n", "f.conf:1: invalid token 'hello'");
	bad("erase\n", "f.conf:1: expected a kernel symbol after 'erase'");
	bad("erase size\n", "expected a kernel symbol after 'erase'");
	bad("erase .\n", "f.conf:1: '.' names no symbol");
	bad("erase x size\n", "expected a size or size symbol after 'size'");
	bad("erase x size nullify\n", "expected a size or size symbol");
	bad("erase x size -3\n", "size '-3' must be a positive number");
	bad("erase x size 99999999999999999999\n", "must be a positive number");
	bad("erase x size 9999999999999999M\n", "size '9999999999999999M' is too large");
	bad("erase x nullify size 3\n", "invalid token 'size'");
	bad("\n\nfor\n", "f.conf:3: expected an iteration variable after 'for'");
	bad("for in x\n", "expected an iteration variable after 'for'");
	bad("for a.b in x\nendfor\n", "invalid iteration variable 'a.b'");
	bad("for a on x\nendfor\n", "expected 'in' after the iteration variable, found 'on'");
	bad("for a\n", "expected 'in' after the iteration variable, found 'nothing'");
	bad("for a in\n", "expected a list symbol after 'in'");
	bad("for a in endfor\n", "expected a list symbol after 'in'");
	bad("for a in x via\n", "expected a member name after 'via'");
	bad("for a in x via n.m\nendfor\n", "the 'via' member 'n.m' must be one name");
	bad("for a in x within\n", "expected a struct name after 'within'");
	bad("for a in x within :list\nendfor\n", "expected a struct name after 'within'");
	bad("for a in x within s:\nendfor\n", "expected a list_head member after ':'");
	bad("for a in x within s:l.m\nendfor\n", "the list_head member 'l.m' must be one name");
	bad("for a in x\n erase b.c\nendfor\n",
	    "f.conf:2: the erase command does not use the iteration variable 'a'");
	bad("for a in x\n size 3\nendfor\n", "f.conf:2: invalid token 'size' in a for loop");
	bad("for a in x\n erase a.b\n", "no 'endfor' for the 'for' of line 1");
	bad("for a in x\n erase a.b\n[vmlinux]\nendfor\n",
	    "no 'endfor' for the 'for' of line 1");
	bad("erase x\n[vmlinux\n", "f.conf:2: invalid module section entry (no ']')");
	bad("[mymodule]\nerase x\n",
	    "f.conf:1: module section [mymodule]: erasing kernel module data is not supported");
	bad(" [vmlinux]\n", "invalid token '[vmlinux]'");
	bad("endfor\n", "invalid token 'endfor'");
}

static void
test_nul(void)
{
	struct sd_err err;
	struct sd_erase_config *c = NULL;

	ok(sd_erase_config_parse("f.conf", "erase x\0y", 9, &c, &err) ==
	   SD_ERR_INVALID && strstr(err.msg, "offset 7"),
	   "a NUL byte: not a filter file, its offset named");
	ok(sd_erase_config_read("/nonexistent/f.conf", &c, &err) &&
	   strstr(err.msg, "/nonexistent/f.conf"), "a missing file is named");
	c = parse("", &err);
	ok(c && c->nstmt == 0, "an empty file has no statements");
	sd_erase_config_free(c);
}

int
main(void)
{
	test_plain();
	test_loops();
	test_errors();
	test_nul();
	return tap_done();
}
