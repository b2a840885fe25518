// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the command line parser (src/options*.c); the option table
 * is checked in test-options-table.c.  Expected messages are makedumpfile
 * 1.7.2's, as seen by running it (see doc/options.md).
 * Prints "ok N - ..." / "not ok N - ..."; exits 1 if any test failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-options.h"

#define INVALID_TAIL(prog) \
	"Commandline parameter is invalid.\n" \
	"Try `" prog " --help' for more information."
#define INVALID INVALID_TAIL("sievedump")

void
check(struct harness *h, int cond, const char *what, const char *args)
{
	h->n++;
	if (!cond)
		h->failed++;
	printf("%sok %d - %s [%s]\n", cond ? "" : "not ", h->n, what, args);
}

struct run *
parse_as(const char *argv0, const char *args)
{
	struct run *r = calloc(1, sizeof(*r));
	char *tok, *save = NULL;

	if (!r)
		abort();
	snprintf(r->buf, sizeof(r->buf), "%s", args);
	r->argv[r->argc++] = (char *)argv0;
	for (tok = strtok_r(r->buf, " ", &save); tok && r->argc < MAX_ARGS - 1;
	     tok = strtok_r(NULL, " ", &save))
		r->argv[r->argc++] = tok;
	r->argv[r->argc] = NULL;
	r->st = sd_options_parse(r->argc, r->argv, &r->opt, &r->err);
	return r;
}

struct run *
parse(const char *args)
{
	return parse_as("sievedump", args);
}

/* Parsing must fail with exactly @msg (and @diag, if not NULL). */
static void
expect_invalid(struct harness *h, const char *args, const char *msg,
	       const char *diag)
{
	struct run *r = parse(args);
	int ok = r->st == SD_ERR_INVALID && strcmp(r->err.msg, msg) == 0;

	if (diag)
		ok = ok && strcmp(r->opt.diag, diag) == 0;
	else
		ok = ok && r->opt.diag[0] == '\0';
	if (!ok)
		fprintf(stderr, "# st=%d msg='%s' diag='%s'\n", r->st,
			r->err.msg, r->opt.diag);
	check(h, ok, "refused with makedumpfile's message", args);
	free(r);
}

static struct run *
expect_ok(struct harness *h, const char *args, enum sd_mode mode)
{
	struct run *r = parse(args);
	int ok = r->st == SD_OK && r->opt.mode == mode;

	if (!ok)
		fprintf(stderr, "# st=%d mode=%d msg='%s'\n", r->st,
			r->opt.mode, r->err.msg);
	check(h, ok, "accepted", args);
	return r;
}

static int
streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static void
test_defaults(struct harness *h)
{
	struct run *r = expect_ok(h, "vmcore dump", SD_MODE_DUMP);
	struct sd_options *o = &r->opt;

	check(h, streq(o->vmcore, "vmcore") && streq(o->dumpfile, "dump"),
	      "VMCORE DUMPFILE", "vmcore dump");
	check(h, o->message_level == 7 && o->block_order == 4 &&
	      o->splitblock_size_kb == 1048576 && !o->splitblock_size_set &&
	      o->compress == SD_COMPRESS_NONE && o->n_dump_levels == 0 &&
	      sd_options_dump_level(o) == 0 && o->size_limit == 0 &&
	      o->backend == SD_BACKEND_AUTO && o->mem_budget == 0 &&
	      !o->flatten && !o->elf_output && o->diag[0] == '\0',
	      "defaults", "vmcore dump");
	check(h, streq(o->progname, "sievedump"), "progname sievedump", "");
	free(r);
	r = parse_as("/usr/sbin/makedumpfile", "a b");
	check(h, streq(r->opt.progname, "makedumpfile"),
	      "progname from basename(argv[0])", "/usr/sbin/makedumpfile");
	free(r);
	r = parse_as("./makedumpfile.sh", "a b");
	check(h, streq(r->opt.progname, "sievedump"), "other name: sievedump",
	      "./makedumpfile.sh");
	free(r);
	r = parse_as("makedumpfile", "-y");
	check(h, streq(r->err.msg, INVALID_TAIL("makedumpfile")),
	      "Try line names makedumpfile", "makedumpfile -y");
	free(r);
}

static void
test_compression(struct harness *h)
{
	static const struct {
		const char *args;
		enum sd_compress c;
	} cases[] = {
		{ "-c a b", SD_COMPRESS_ZLIB },
		{ "-l a b", SD_COMPRESS_LZO },
		{ "-p a b", SD_COMPRESS_SNAPPY },
		{ "-z a b", SD_COMPRESS_ZSTD },
		{ "-c -l -z a b", SD_COMPRESS_ZSTD },
		{ "-zc a b", SD_COMPRESS_ZLIB },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run *r = expect_ok(h, cases[i].args, SD_MODE_DUMP);

		check(h, r->opt.compress == cases[i].c, "last one wins",
		      cases[i].args);
		free(r);
	}
}

static void
test_dump_levels(struct harness *h)
{
	struct run *r = expect_ok(h, "-d 11,31 a b", SD_MODE_DUMP);

	check(h, r->opt.n_dump_levels == 2 && r->opt.dump_levels[0] == 11 &&
	      r->opt.dump_levels[1] == 31 && sd_options_dump_level(&r->opt) == 11,
	      "level list", "-d 11,31");
	free(r);
	r = expect_ok(h, "-d 31 -d 1 a b", SD_MODE_DUMP);
	check(h, sd_options_dump_level(&r->opt) == 1, "last -d wins", "");
	free(r);
	r = expect_ok(h, "-d31 a b", SD_MODE_DUMP);
	check(h, sd_options_dump_level(&r->opt) == 31, "attached value", "-d31");
	free(r);
	r = expect_ok(h, "-d ,1,,3, a b", SD_MODE_DUMP);
	check(h, r->opt.n_dump_levels == 2 && r->opt.dump_levels[1] == 3,
	      "empty items skipped", "-d ,1,,3,");
	free(r);
	r = expect_ok(h, "-d abc a b", SD_MODE_DUMP);
	check(h, sd_options_dump_level(&r->opt) == 0, "atoi: abc is 0", "");
	free(r);
	expect_invalid(h, "-d 32 a b", "Dump_level(32) is invalid.", NULL);
	expect_invalid(h, "-d 3,40 a b", "Dump_level(40) is invalid.", NULL);
	expect_invalid(h, "-d -1 a b", "Dump_level(-1) is invalid.", NULL);
	/* makedumpfile keeps at most 32 levels for retries */
	expect_invalid(h, "-d 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,"
		       "19,20,21,22,23,24,25,26,27,28,29,30,31,1 a b",
		       "Dump_level is invalid.", NULL);
	free(expect_ok(h, "-d 1,2,3,4,5,6,7,8,9 a b", SD_MODE_DUMP));
}

static void
test_message_levels(struct harness *h)
{
	struct run *r = expect_ok(h, "--message-level 1 a b", SD_MODE_DUMP);

	check(h, r->opt.message_level == 1 && r->opt.message_level_set,
	      "--message-level N", "");
	free(r);
	r = expect_ok(h, "--message-level=31 a b", SD_MODE_DUMP);
	check(h, r->opt.message_level == 31, "--message-level=N", "");
	free(r);
	r = expect_ok(h, "-D a b", SD_MODE_DUMP);
	check(h, r->opt.message_level == 15 && r->opt.debug, "-D adds 8", "");
	free(r);
	r = expect_ok(h, "--show-stats --message-level 3 a b", SD_MODE_DUMP);
	check(h, r->opt.message_level == 19, "--show-stats adds 16 after", "");
	free(r);
	r = expect_ok(h, "--message-level 4 -D --show-stats a b", SD_MODE_DUMP);
	check(h, r->opt.message_level == 28, "4|8|16", "");
	free(r);
	r = expect_ok(h, "--check-params -D --message-level 31 a b",
		      SD_MODE_DUMP);
	check(h, r->opt.message_level == 7 && r->opt.check_params,
	      "--check-params forces 7", "");
	free(r);
	expect_invalid(h, "--message-level 32", "Message_level(32) is invalid.",
		       NULL);
	expect_invalid(h, "--message-level -1", "Message_level(-1) is invalid.",
		       NULL);
	r = parse("--message-level 1 -d 40");
	check(h, r->st == SD_ERR_INVALID && r->opt.message_level == 1,
	      "level in force at the error is kept (suppresses the text)", "");
	free(r);
	r = parse("--message-level 1 --message-level 99");
	check(h, r->st == SD_ERR_INVALID && r->opt.message_level == 7,
	      "invalid level resets to 7", "");
	free(r);
}

static void
test_sizes(struct harness *h)
{
	static const struct {
		const char *s;
		uint64_t v;
	} good[] = {
		{ "1", 1 }, { "100M", 100ULL << 20 }, { "100m", 100ULL << 20 },
		{ "2k", 2048 }, { "3G", 3ULL << 30 }, { "1t", 1ULL << 40 },
		{ "1P", 1ULL << 50 }, { "15E", 15ULL << 60 }, { "0x10K", 16384 },
	};
	static const char *const bad[] = { "", "x", "10x", "1KB", "16E", "1 K" };
	uint64_t v;
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		check(h, sd_parse_size(good[i].s, &v) == SD_OK &&
		      v == good[i].v, "sd_parse_size", good[i].s);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check(h, sd_parse_size(bad[i], &v) != SD_OK,
		      "sd_parse_size refuses", bad[i]);
	expect_invalid(h, "-L 0 a b", "Limit size(0) is invalid.", NULL);
	expect_invalid(h, "-L 10x a b", "Limit size(10x) is invalid.", NULL);
	struct run *r = expect_ok(h, "-L 100M a b", SD_MODE_DUMP);

	check(h, r->opt.size_limit == 100ULL << 20, "-L 100M", "");
	free(r);
	r = expect_ok(h, "--mem-budget 64M a b", SD_MODE_DUMP);
	check(h, r->opt.mem_budget == 64ULL << 20, "--mem-budget 64M", "");
	free(r);
	expect_invalid(h, "--mem-budget 0 a b", "Memory budget(0) is invalid.",
		       NULL);
	expect_invalid(h, "--mem-budget lots a b",
		       "Memory budget(lots) is invalid.", NULL);
}

static void
test_values(struct harness *h)
{
	struct run *r = expect_ok(h, "-b 6 --cyclic-buffer 1024 --splitblock-size "
				  "4096 --num-threads 4 --work-dir /w --non-mmap "
				  "-f -D -x vml --vtop 0xffffffff81000000 a b",
				  SD_MODE_DUMP);
	struct sd_options *o = &r->opt;

	check(h, o->block_order == 6 && o->cyclic_buffer_kb == 1024 &&
	      o->splitblock_size_kb == 4096 && o->splitblock_size_set &&
	      o->num_threads == 4 && o->num_threads_set &&
	      streq(o->work_dir, "/w") && o->non_mmap && o->force &&
	      o->debug && streq(o->vmlinux, "vml") &&
	      o->vtop_addr == 0xffffffff81000000ULL, "values", "");
	free(r);
	r = expect_ok(h, "--num-threads=3 a b", SD_MODE_DUMP);
	check(h, r->opt.num_threads == 3, "--num-threads=N", "");
	free(r);
	r = expect_ok(h, "--num-threads -2 -E a b", SD_MODE_DUMP);
	check(h, r->opt.num_threads == 0, "negative threads -> 0", "");
	free(r);
	r = expect_ok(h, "--splitblock-size 0 a b", SD_MODE_DUMP);
	check(h, !r->opt.splitblock_size_set &&
	      r->opt.splitblock_size_kb == 1048576, "splitblock 0 = default",
	      "");
	free(r);
	r = expect_ok(h, "--backend roaring --plan=json a", SD_MODE_PLAN);
	check(h, r->opt.backend == SD_BACKEND_ROARING && r->opt.plan_json,
	      "--backend, --plan=json", "");
	free(r);
	r = expect_ok(h, "--backend=extent a b", SD_MODE_DUMP);
	check(h, r->opt.backend == SD_BACKEND_EXTENT, "--backend=extent", "");
	free(r);
	expect_invalid(h, "--backend tree a b", "Backend(tree) is invalid.",
		       NULL);
	expect_invalid(h, "-b 99 a b", "Block order(99) is invalid.", NULL);
	expect_invalid(h, "--cyclic-buffer -5 a b",
		       "Cyclic buffer size(-5) is invalid.", NULL);
	expect_invalid(h, "--plan=xml a", "Plan format(xml) is invalid.", NULL);
	r = expect_ok(h, "--xen_phys_start 0x1000 --xen-syms xs a b",
		      SD_MODE_DUMP);
	check(h, r->opt.xen_phys_start == 0x1000 && r->opt.xen_phys_start_set &&
	      streq(r->opt.xen_syms, "xs"), "xen options", "");
	free(r);
	r = expect_ok(h, "-X --eppic m.c --config f -x v a b", SD_MODE_DUMP);
	check(h, r->opt.exclude_xen_dom && streq(r->opt.eppic, "m.c") &&
	      streq(r->opt.config_file, "f"), "-X --eppic --config", "");
	free(r);
	r = expect_ok(h, "-e --work-dir /w -E -i vi a b", SD_MODE_DUMP);
	check(h, r->opt.exclude_vmemmap && r->opt.elf_output &&
	      streq(r->opt.vmcoreinfo_in, "vi"), "-e -E -i", "");
	free(r);
	r = expect_ok(h, "--dry-run --show-stats a b", SD_MODE_DUMP);
	check(h, r->opt.dry_run && r->opt.show_stats, "--dry-run --show-stats",
	      "");
	free(r);
}

static void
test_modes(struct harness *h)
{
	struct run *r;

	r = expect_ok(h, "-h", SD_MODE_HELP);
	free(r);
	r = expect_ok(h, "--help -c -E", SD_MODE_HELP);
	free(r);
	r = expect_ok(h, "-v -h", SD_MODE_HELP);
	free(r);
	r = expect_ok(h, "-v a b c d", SD_MODE_VERSION);
	free(r);
	r = expect_ok(h, "-F -c a", SD_MODE_DUMP);
	check(h, r->opt.flatten && streq(r->opt.vmcore, "a") &&
	      !r->opt.dumpfile, "-F VMCORE", "");
	free(r);
	r = expect_ok(h, "-R out", SD_MODE_REBUILD);
	check(h, streq(r->opt.dumpfile, "out"), "-R DUMPFILE", "");
	free(r);
	r = expect_ok(h, "-R -d 0 out", SD_MODE_REBUILD);
	free(r);
	r = expect_ok(h, "--split -d 31 a b c d", SD_MODE_SPLIT);
	check(h, streq(r->opt.vmcore, "a") && r->opt.n_dumpfiles == 3 &&
	      streq(r->opt.dumpfiles[0], "b") && streq(r->opt.dumpfiles[2], "d"),
	      "--split VMCORE F1 F2 F3", "");
	free(r);
	r = expect_ok(h, "--reassemble p1 p2 out", SD_MODE_REASSEMBLE);
	check(h, r->opt.n_dumpfiles == 2 && streq(r->opt.dumpfiles[1], "p2") &&
	      streq(r->opt.dumpfile, "out"), "--reassemble F1 F2 OUT", "");
	free(r);
	r = expect_ok(h, "--dump-dmesg --partial-dmesg a log", SD_MODE_DMESG);
	check(h, streq(r->opt.dumpfile, "log") && r->opt.partial_dmesg,
	      "--dump-dmesg VMCORE LOGFILE", "");
	free(r);
	r = expect_ok(h, "-F --dump-dmesg a", SD_MODE_DMESG);
	free(r);
	r = expect_ok(h, "-g vi -x vml", SD_MODE_GEN_VMCOREINFO);
	check(h, streq(r->opt.vmcoreinfo_out, "vi"), "-g", "");
	free(r);
	r = expect_ok(h, "-g vi --xen-syms xs", SD_MODE_GEN_VMCOREINFO);
	free(r);
	r = expect_ok(h, "--mem-usage /proc/kcore", SD_MODE_MEM_USAGE);
	check(h, streq(r->opt.vmcore, "/proc/kcore"), "--mem-usage", "");
	free(r);
#if defined(__x86_64__) || defined(__i386__)
	r = expect_ok(h, "--diskset=d1 --diskset=d2 out", SD_MODE_DUMP);
	check(h, r->opt.n_diskset == 2 && streq(r->opt.vmcore, "d1") &&
	      streq(r->opt.dumpfile, "out"), "--diskset", "");
	free(r);
	r = expect_ok(h, "--diskset=d1 --split o1 o2", SD_MODE_SPLIT);
	check(h, r->opt.n_dumpfiles == 2 && streq(r->opt.vmcore, "d1"),
	      "--diskset --split", "");
	free(r);
#else
	/* sadump disks exist on x86 only: makedumpfile refuses --diskset */
	expect_invalid(h, "--diskset=d1 --diskset=d2 out", INVALID, NULL);
	expect_invalid(h, "--diskset=d1 --split o1 o2", INVALID, NULL);
#endif
	r = expect_ok(h, "--plan a", SD_MODE_PLAN);
	check(h, !r->opt.plan_json && streq(r->opt.vmcore, "a") &&
	      !r->opt.dumpfile, "--plan VMCORE", "");
	free(r);
	r = expect_ok(h, "--plan -c -d 31 a b", SD_MODE_PLAN);
	check(h, streq(r->opt.dumpfile, "b"), "--plan VMCORE DUMPFILE", "");
	free(r);
	/* makedumpfile wants --work-dir with -e; sievedump does not */
	r = expect_ok(h, "-e -d 31 a b", SD_MODE_DUMP);
	check(h, r->opt.exclude_vmemmap && !r->opt.work_dir,
	      "-e without --work-dir", "");
	free(r);
	r = expect_ok(h, "a -c -- -b", SD_MODE_DUMP);
	check(h, streq(r->opt.dumpfile, "-b") && r->opt.compress,
	      "permutation and --", "");
	free(r);
}

static void
test_conflicts(struct harness *h)
{
	static const struct {
		const char *args;
		const char *first;
	} cases[] = {
		{ "", NULL }, { "a", NULL }, { "a b c", NULL },
		{ "-c -E a b", NULL }, { "-z -E a b", NULL },
		{ "-i x -x y a b", NULL }, { "-i x --xen-syms y a b", NULL },
		{ "-F --split a b c", NULL }, { "-F a b", NULL },
		{ "--config f a b", NULL },
		{ "--num-threads 2 --split a b c",
		  "--num-threads cannot used with --split." },
		{ "--num-threads 2 -E a b",
		  "--num-threads cannot used with ELF format." },
		{ "--partial-dmesg a b", NULL },
		{ "--dry-run --dump-dmesg a b",
		  "--dry-run cannot be used with --dump-dmesg." },
		{ "--dry-run --reassemble a b c",
		  "--dry-run cannot be used with --reassemble." },
		{ "--dry-run -g out -x vmlinux",
		  "--dry-run cannot be used with -g." },
		{ "-E --split a b c", "Options for splitting dumpfile cannot be "
		  "used with Elf format." },
		{ "--split a b", NULL }, { "-R a b", NULL }, { "-R", NULL },
		{ "-R -c a", NULL }, { "-R -d 1 a", NULL }, { "-R -F a", NULL },
		{ "-g x a", NULL }, { "-g x", NULL }, { "-g x -x v -d 1", NULL },
		{ "-g x -x v -i y", NULL },
		{ "--reassemble -c a b c", NULL }, { "--reassemble a", NULL },
		{ "--reassemble --split a b c", NULL },
		{ "--mem-usage", NULL }, { "--dump-dmesg a", NULL },
		{ "--diskset=d a b", NULL }, { "--vtop 0x10 a", NULL },
		{ "--plan", NULL }, { "--plan a b c", NULL },
		{ "--plan -c -E a", NULL },
		{ "--plan -R a", "--plan cannot be used with -R." },
		{ "--plan --dump-dmesg a b",
		  "--plan cannot be used with --dump-dmesg." },
	};
	char want[512];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cases[i].first)
			snprintf(want, sizeof(want), "%s\n%s", cases[i].first,
				 INVALID);
		else
			snprintf(want, sizeof(want), "%s", INVALID);
		expect_invalid(h, cases[i].args, want, NULL);
	}
}

static void
test_getopt_diag(struct harness *h)
{
	static const struct {
		const char *args;
		const char *diag;
	} cases[] = {
		{ "-y", "sievedump: invalid option -- 'y'" },
		{ "-cy a b", "sievedump: invalid option -- 'y'" },
		{ "-? a b", "sievedump: invalid option -- '?'" },
		{ "-d", "sievedump: option requires an argument -- 'd'" },
		{ "a b -x", "sievedump: option requires an argument -- 'x'" },
		{ "--bogus", "sievedump: unrecognized option '--bogus'" },
		{ "--bogus=1", "sievedump: unrecognized option '--bogus=1'" },
		{ "--compress a b", "sievedump: unrecognized option '--compress'" },
		{ "--non-cyclic a b",
		  "sievedump: unrecognized option '--non-cyclic'" },
		{ "--vtop", "sievedump: option '--vtop' requires an argument" },
		{ "--split=3 a b c",
		  "sievedump: option '--split' doesn't allow an argument" },
		{ "--help=1",
		  "sievedump: option '--help' doesn't allow an argument" },
		{ "--s a b", "sievedump: option '--s' is ambiguous; possibilities:"
		  " '--split' '--splitblock-size' '--show-stats'" },
		{ "--s=3", "sievedump: option '--s=3' is ambiguous; possibilities:"
		  " '--split' '--splitblock-size' '--show-stats'" },
		{ "--x", "sievedump: option '--x' is ambiguous; possibilities:"
		  " '--xen-syms' '--xen-vmcoreinfo' '--xen_phys_start'" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_invalid(h, cases[i].args, INVALID, cases[i].diag);
	struct run *r = expect_ok(h, "--reas p1 p2 out", SD_MODE_REASSEMBLE);

	free(r);
	r = expect_ok(h, "--check a b", SD_MODE_DUMP);
	check(h, r->opt.check_params, "unique abbreviation", "--check");
	free(r);
	r = parse("-F -y");
	check(h, r->opt.flatten, "-F before the error is kept (stderr)", "");
	free(r);
}

int
main(void)
{
	struct harness h = { 0, 0 };

	test_defaults(&h);
	test_compression(&h);
	test_dump_levels(&h);
	test_message_levels(&h);
	test_sizes(&h);
	test_values(&h);
	test_modes(&h);
	test_conflicts(&h);
	test_getopt_diag(&h);
	test_table_names(&h);
	test_table_examples(&h);
	test_table_refusals(&h);
	test_table_help(&h);
	test_table_man(&h);
	printf("1..%d\n", h.n);
	return h.failed ? 1 : 0;
}
