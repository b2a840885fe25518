// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for VMCOREINFO parsing and the -i merge rule. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sievedump/vmcoreinfo.h"
#include "../lib/tap.h"


static const char basic[] =
	"OSRELEASE=6.1.0-56-amd64\n"
	"BUILD-ID=eb4fbcd037e7253717950bf2b93bd5566f47c56f\n"
	"PAGESIZE=4096\n"
	"SYMBOL(init_uts_ns)=ffffffff9a3fb000\n"
	"SIZE(page)=64\n"
	"OFFSET(page.flags)=0\n"
	"OFFSET(page._mapcount)=48\n"
	"LENGTH(zone.free_area)=11\n"
	"NUMBER(PG_lru)=4\n"
	"NUMBER(phys_base)=-274726912\n"
	"NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-129\n"
	"NUMBER(VMALLOC_START)=0xffffc90000000000\n"
	"NUMBER(sme_mask)=0\n"
	"SRCFILE(pud_t)=arch/x86/include/asm/pgtable_types.h\n"
	"NUMBER(PG_lru)=99\n"
	"KERNELOFFSET=17800000\n"
	"CRASHTIME=1795327690\n";

static sd_status
parse(const char *text, struct sd_vmcoreinfo **v, struct sd_err *err)
{
	return sd_vmci_parse(text, strlen(text), "test", v, err);
}

static void
test_basic(void)
{
	struct sd_err err = { 0 };
	struct sd_vmcoreinfo *v = NULL;
	uint64_t sym = 0;
	int64_t n = 0;

	ok(!parse(basic, &v, &err), "parse a 6.1-style text");
	if (!v)
		return;
	ok(!strcmp(v->osrelease, "6.1.0-56-amd64"), "OSRELEASE");
	ok(v->page_size == 4096 && v->page_shift == 12, "PAGESIZE");
	ok(v->has_crashtime && v->crashtime == 1795327690, "CRASHTIME");
	ok(v->has_kerneloffset && v->kerneloffset == 0x17800000,
	   "KERNELOFFSET is hex");
	ok(!sd_vmci_symbol(v, "init_uts_ns", &sym) && sym == 0xffffffff9a3fb000,
	   "SYMBOL is hex");
	ok(!sd_vmci_size(v, "page", &n) && n == 64, "SIZE");
	ok(!sd_vmci_offset(v, "page._mapcount", &n) && n == 48, "OFFSET");
	ok(!sd_vmci_offset(v, "page.flags", &n) && n == 0, "OFFSET zero");
	ok(!sd_vmci_length(v, "zone.free_area", &n) && n == 11, "LENGTH");
	ok(!sd_vmci_number(v, "PG_lru", &n) && n == 4, "duplicate: first wins");
	ok(v->n_duplicates == 1, "duplicate counted");
	ok(!sd_vmci_number(v, "phys_base", &n) && n == -274726912,
	   "negative NUMBER");
	ok(!sd_vmci_number(v, "PAGE_BUDDY_MAPCOUNT_VALUE", &n) && n == -129,
	   "negative mapcount value");
	ok(!sd_vmci_number(v, "VMALLOC_START", &n) &&
	   (uint64_t)n == 0xffffc90000000000ULL, "0x value reparsed as base 16");
	ok(sd_vmci_number(v, "PG_slab", &n) == SD_ERR_NODATA, "absent NUMBER");
	ok(sd_vmci_number(v, "PG_lr", &n) == SD_ERR_NODATA &&
	   sd_vmci_number(v, "PG_lru2", &n) == SD_ERR_NODATA,
	   "lookup is exact, not a prefix match");
	ok(sd_vmci_size(v, "PG_lru", &n) == SD_ERR_NODATA, "kinds are separate");
	ok(sd_vmci_has(v, SD_VMCI_OTHER, "SRCFILE(pud_t)"), "other keys kept");
	ok(!strcmp(sd_vmci_string(v, "BUILD-ID"),
		   "eb4fbcd037e7253717950bf2b93bd5566f47c56f"), "BUILD-ID kept");
	ok(v->raw_len == strlen(basic) && !memcmp(v->raw, basic, v->raw_len),
	   "raw text kept verbatim");
	sd_vmci_free(v);
}

static void
expect_error(const char *text, const char *needle, const char *what)
{
	struct sd_err err = { 0 };
	struct sd_vmcoreinfo *v = NULL;
	sd_status st = parse(text, &v, &err);

	ok(st == SD_ERR_CORRUPT && strstr(err.msg, needle), what);
	if (st == SD_OK)
		sd_vmci_free(v);
	else if (!strstr(err.msg, needle))
		printf("# got: %s\n", err.msg);
}

static void
test_errors(void)
{
	expect_error("PAGESIZE=4096\n", "test: no OSRELEASE", "missing OSRELEASE");
	expect_error("OSRELEASE=6.1\n", "test: no PAGESIZE", "missing PAGESIZE");
	expect_error("OSRELEASE=6.1\nPAGESIZE=4000\n", "not a valid page size",
		     "odd PAGESIZE");
	expect_error("OSRELEASE=6.1\nPAGESIZE=4k\n", "line 2", "garbage PAGESIZE");
	expect_error("OSRELEASE=6.1\nPAGESIZE=4096\nSYMBOL(x)=zz\n",
		     "test: line 3: invalid data in SYMBOL(x)=zz",
		     "garbage SYMBOL names the line");
	expect_error("OSRELEASE=6.1\nPAGESIZE=4096\nSYMBOL(x)=0\n",
		     "not a valid address", "SYMBOL 0 is invalid");
	expect_error("OSRELEASE=6.1\nPAGESIZE=4096\nSIZE(page)=\n",
		     "invalid data in SIZE(page)=", "empty SIZE");
	expect_error("OSRELEASE=6.1\nPAGESIZE=4096\nNUMBER(a)=12q\n",
		     "NUMBER(a)=12q", "trailing garbage in NUMBER");
	expect_error("OSRELEASE=6.1\nPAGESIZE=4096\nKERNELOFFSET=xyz\n",
		     "KERNELOFFSET=xyz", "garbage KERNELOFFSET");
}

static void
test_padding(void)
{
	static const char note[] = "OSRELEASE=6.12.1\r\nPAGESIZE=4096\n\n"
				   "no equals sign\n=x\nSIZE(page)=64\0\0\0";
	struct sd_err err = { 0 };
	struct sd_vmcoreinfo *v = NULL;
	int64_t n = 0;

	ok(!sd_vmci_parse(note, sizeof(note) - 1, NULL, &v, &err) &&
	   !strcmp(v->osrelease, "6.12.1") &&
	   !sd_vmci_size(v, "page", &n) && n == 64,
	   "NUL padding, CRLF and junk lines tolerated");
	ok(v && v->raw_len == sizeof(note) - 1, "raw keeps the padding");
	sd_vmci_free(v);
}

static void
test_merge(void)
{
	static const char file[] = "OSRELEASE=6.1.0-56-amd64\nPAGESIZE=4096\n"
				   "SYMBOL(init_uts_ns)=ffffffff82a00000\n"
				   "SIZE(page)=64\n";
	static const char note[] = "OSRELEASE=6.1.0-56-amd64\nPAGESIZE=4096\n"
				   "SYMBOL(init_uts_ns)=ffffffff9a3fb000\n"
				   "SYMBOL(mem_section)=ff22f736bf0f1000\n"
				   "SIZE(page)=80\nOFFSET(page.lru)=8\n"
				   "KERNELOFFSET=17800000\n";
	struct sd_err err = { 0 };
	struct sd_vmcoreinfo *f = NULL, *n = NULL, *m = NULL;
	uint64_t sym = 0;
	int64_t v = 0;

	if (parse(file, &f, &err) || parse(note, &n, &err)) {
		ok(0, "merge inputs parse");
		return;
	}
	ok(!sd_vmci_merge(f, n, &m, &err), "merge -i file with note");
	if (!m)
		goto out;
	ok(!sd_vmci_symbol(m, "init_uts_ns", &sym) &&
	   sym == 0xffffffff82a00000ULL + 0x17800000,
	   "SYMBOL from -i gets KERNELOFFSET added");
	ok(!sd_vmci_symbol(m, "mem_section", &sym) &&
	   sym == 0xff22f736bf0f1000ULL, "SYMBOL from the note is unchanged");
	ok(!sd_vmci_size(m, "page", &v) && v == 64, "-i keys win");
	ok(!sd_vmci_offset(m, "page.lru", &v) && v == 8, "note fills the rest");
	ok(m->raw_len == n->raw_len && !memcmp(m->raw, n->raw, n->raw_len),
	   "merged raw text is the note's");
	sd_vmci_free(m);
	m = NULL;
	ok(!sd_vmci_merge(f, NULL, &m, &err) && m &&
	   !sd_vmci_symbol(m, "init_uts_ns", &sym) &&
	   sym == 0xffffffff82a00000ULL, "merge without a note");
out:
	sd_vmci_free(m);
	sd_vmci_free(f);
	sd_vmci_free(n);
}

/* Real texts from tests/data/vmcoreinfo (skipped when absent). */
static void
test_real(const char *name, const char *release_prefix)
{
	const char *srcdir = getenv("SRCDIR") ? getenv("SRCDIR") : ".";
	char path[4096], msg[256];
	struct sd_err err = { 0 };
	struct sd_vmcoreinfo *v = NULL;
	uint64_t sym;
	int64_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/data/vmcoreinfo/%s", srcdir,
		 name);
	f = fopen(path, "r");
	if (!f) {
		printf("ok %d - # SKIP %s not found\n", ++n_test, path);
		return;
	}
	fclose(f);
	snprintf(msg, sizeof(msg), "%s parses", name);
	ok(!sd_vmci_load_file(path, &v, &err), msg);
	if (!v) {
		printf("# %s\n", err.msg);
		return;
	}
	snprintf(msg, sizeof(msg), "%s: release, page size, keys", name);
	ok(!strncmp(v->osrelease, release_prefix, strlen(release_prefix)) &&
	   v->page_size == 4096 && !sd_vmci_symbol(v, "mem_section", &sym) &&
	   !sd_vmci_size(v, "page", &n) && n == 64 &&
	   !sd_vmci_symbol(v, "init_top_pgt", &sym) && v->n_duplicates == 0,
	   msg);
	sd_vmci_free(v);
}

int
main(void)
{
	test_basic();
	test_errors();
	test_padding();
	test_merge();
	test_real("debian-6.1.txt", "6.1.");
	test_real("debian-6.12.txt", "6.12.");
	printf("1..%d\n", n_test);
	return n_fail ? 1 : 0;
}
