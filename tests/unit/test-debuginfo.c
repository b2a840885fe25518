// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the debug-info API (include/sievedump/debuginfo.h) on the
 * fake vmlinux built from tests/data/debuginfo/fake-vmlinux.c by make
 * check (FAKE_VMLINUX): symbols, named types, variable types, dotted
 * members through anonymous unions, pointers and arrays, makedumpfile's
 * own lookups (the erase filters'), enumerators, image reads, the -g text,
 * the budget, and errors.
 */
#include <stdlib.h>
#include <string.h>

#include "sievedump/debuginfo.h"
#include "../lib/tap.h"

static void
test_symbols(struct sd_dbg *d)
{
	struct sd_err err = { 0 };
	uint64_t a = 0, b = 0;
	char rel[16] = { 0 };

	ok(!sd_dbg_symbol(d, "init_uts_ns", &a, &err) && a, "init_uts_ns");
	ok(!sd_dbg_read(d, a + 2 * 65, rel, sizeof(rel) - 1, &err) &&
	   !strcmp(rel, "6.1.0-fake"), "read the release from the image");
	ok(sd_dbg_symbol(d, "no_such_symbol", &a, &err) == SD_ERR_NODATA &&
	   strstr(err.msg, "no_such_symbol"), "a missing symbol: NODATA, named");
	ok(!sd_dbg_symbol(d, "max_pfn", &a, &err) &&
	   !sd_dbg_next_symbol(d, "max_pfn", &b, &err) && b > a,
	   "the next symbol lies above");
	ok(sd_dbg_read(d, 0x10, rel, 4, &err) == SD_ERR_NODATA,
	   "an address outside the image");
}

static void
test_types(struct sd_dbg *d)
{
	struct sd_err err = { 0 };
	struct sd_dbg_type t;

	ok(!sd_dbg_type_by_name(d, "struct page", &t, &err) &&
	   t.kind == SD_DBG_STRUCT && t.size == 64 && !strcmp(t.name, "page"),
	   "struct page: 64 bytes");
	ok(!sd_dbg_type_by_name(d, "nodemask_t", &t, &err) &&
	   t.kind == SD_DBG_STRUCT && t.size == 128 && !t.name &&
	   !strcmp(t.typedef_name, "nodemask_t"),
	   "typedef of an anonymous struct");
	ok(!sd_dbg_type_by_name(d, "pg_data_t", &t, &err) &&
	   !strcmp(t.name, "pglist_data"), "typedef resolved to its struct");
	ok(!sd_dbg_type_by_name(d, "enum pageflags", &t, &err) &&
	   t.kind == SD_DBG_ENUM && t.size == 4, "enum pageflags");
	ok(!sd_dbg_type_by_name(d, "unsigned int", &t, &err) &&
	   t.kind == SD_DBG_BASE && t.size == 4, "a base type");
	ok(sd_dbg_type_by_name(d, "struct address_space", &t, &err) ==
	   SD_ERR_NODATA, "a declared-only struct has no size: not found");
	ok(sd_dbg_type_by_name(d, "union page", &t, &err) == SD_ERR_NODATA,
	   "the keyword selects the tag");
	ok(!sd_dbg_var_type(d, "init_uts_ns", &t, &err) &&
	   t.kind == SD_DBG_STRUCT && t.size == 396, "init_uts_ns's type");
}

static void
test_walk(struct sd_dbg *d)
{
	struct sd_err err = { 0 };
	struct sd_dbg_type t, e, p;
	int64_t off = -1;

	ok(!sd_dbg_var_type(d, "node_data", &t, &err) &&
	   t.kind == SD_DBG_ARRAY && t.count == 64 && t.size == 512,
	   "node_data: the definition's 64 pointers, not the extern []");
	ok(!sd_dbg_type_of(d, t.target, &e, &err) && e.kind == SD_DBG_POINTER &&
	   e.size == 8, "its element is a pointer");
	ok(!sd_dbg_type_of(d, e.target, &p, &err) && p.kind == SD_DBG_STRUCT &&
	   !strcmp(p.name, "pglist_data"), "... to struct pglist_data");
	ok(!sd_dbg_member(d, &p, "node_spanned_pages", &off, &e, &err) &&
	   off == 5464 && e.kind == SD_DBG_BASE, "pglist_data.node_spanned_pages");
	ok(!sd_dbg_var_type(d, "mem_section", &t, &err) &&
	   t.kind == SD_DBG_POINTER && !sd_dbg_type_of(d, t.target, &e, &err) &&
	   e.kind == SD_DBG_POINTER, "mem_section: a pointer to pointers");
	ok(!sd_dbg_type_by_name(d, "struct page", &p, &err), "struct page again");
	ok(!sd_dbg_member(d, &p, "mapping", &off, &e, &err) && off == 24 &&
	   e.kind == SD_DBG_POINTER, "page.mapping through anonymous unions");
	ok(!sd_dbg_member(d, &p, "compound_order", &off, &e, &err) &&
	   off == 17 && e.size == 1, "page.compound_order in the second struct");
	ok(!sd_dbg_member(d, &p, "lru.prev", &off, &e, &err) && off == 16 &&
	   e.kind == SD_DBG_POINTER, "a dotted path: page.lru.prev");
	ok(!sd_dbg_member(d, &p, "_refcount.counter", &off, &e, &err) &&
	   off == 52 && e.size == 4, "page._refcount.counter");
	ok(sd_dbg_member(d, &p, "nosuch", &off, &e, &err) == SD_ERR_NODATA &&
	   strstr(err.msg, "nosuch"), "a missing member: NODATA, named");
	ok(sd_dbg_member(d, &p, "lru.next.next", &off, &e, &err) ==
	   SD_ERR_INVALID, "a pointer is not followed by a path");
	ok(!sd_dbg_type_by_name(d, "struct zone", &p, &err) &&
	   !sd_dbg_member(d, &p, "free_area", &off, &t, &err) && off == 40 &&
	   t.kind == SD_DBG_ARRAY && t.count == 11 && t.size == 11 * 88,
	   "zone.free_area: 11 struct free_area");
}

/* The erase filters' lookups, by makedumpfile's rules. */
static void
test_mdf_lookups(struct sd_dbg *d)
{
	struct sd_err err = { 0 };
	struct sd_dbg_type t, f, r;
	uint64_t type = 0;
	int64_t off = -1, len = 0, size = 0;

	ok(!sd_dbg_mdf_member(d, "uts_namespace", "nodename", &off, &type,
			      &len, &err) && off == 65 && len == 65 &&
	   !sd_dbg_type_of(d, type, &t, &err) && t.kind == SD_DBG_ARRAY,
	   "uts_namespace.nodename: found inside the named member 'name'");
	ok(sd_dbg_mdf_member(d, "uts_namespace", "nosuch", &off, &type, &len,
			     &err) == SD_ERR_NODATA, "a missing member: NODATA");
	ok(!sd_dbg_mdf_member(d, "fs_type", "mount", &off, &type, &len, &err) &&
	   off == 8 && len == -1 && !sd_dbg_type_of(d, type, &t, &err) &&
	   t.kind == SD_DBG_POINTER && !sd_dbg_type_of(d, t.target, &f, &err) &&
	   f.kind == SD_DBG_FUNC && f.target &&
	   !sd_dbg_type_of(d, f.target, &r, &err) && r.kind == SD_DBG_POINTER,
	   "fs_type.mount: a pointer to a function returning a pointer");
	ok(!sd_dbg_mdf_member(d, "fs_type", "kill_sb", &off, &type, &len, &err) &&
	   !sd_dbg_type_of(d, type, &t, &err) &&
	   !sd_dbg_type_of(d, t.target, &f, &err) && f.kind == SD_DBG_FUNC &&
	   !f.target, "fs_type.kill_sb: the function returns void");
	ok(!sd_dbg_mdf_variable(d, "table2d", &type, &len, &err) && len == 4 &&
	   !sd_dbg_type_of(d, type, &t, &err) && t.count == 1024,
	   "table2d[4][256]: length 4 (the first dimension), count 1024");
	ok(!sd_dbg_mdf_variable(d, "pageflags_used", &type, &len, &err) &&
	   len == -1 && !sd_dbg_type_of(d, type, &t, &err) &&
	   t.kind == SD_DBG_ENUM && t.target &&
	   !sd_dbg_type_of(d, t.target, &r, &err) && r.kind == SD_DBG_BASE,
	   "an enum variable: no length, the enum's underlying base type");
	ok(sd_dbg_mdf_variable(d, "no_such_var", &type, &len, &err) ==
	   SD_ERR_NODATA, "a missing variable: NODATA");
	ok(!sd_dbg_mdf_struct_size(d, "uts_namespace", &size, &err) &&
	   size == 396, "struct uts_namespace: 396 bytes");
}

static void
test_enums_and_text(struct sd_dbg *d)
{
	struct sd_err err = { 0 };
	int64_t v = -1;
	char *text = NULL;
	size_t len = 0;

	ok(!sd_dbg_enum_value(d, "PG_swapcache", &v, &err) && v == 10,
	   "PG_swapcache = PG_owner_priv_1");
	ok(!sd_dbg_enum_value(d, "HUGETLB_PAGE_DTOR", &v, &err) && v == 2,
	   "HUGETLB_PAGE_DTOR");
	ok(sd_dbg_enum_value(d, "PG_nothing", &v, &err) == SD_ERR_NODATA,
	   "a missing enumerator");
	ok(!sd_dbg_vmcoreinfo(d, 4096, NULL, &text, &len, &err) && text &&
	   len == strlen(text) &&
	   !strncmp(text, "OSRELEASE=6.1.0-fake\nPAGESIZE=4096\n", 35) &&
	   strstr(text, "\nOFFSET(page.mapping)=24\n") &&
	   strstr(text, "\nNUMBER(PG_head_mask)=65536\n") &&
	   strstr(text, "\nLENGTH(node_data)=9223372036854775806\n"),
	   "the -g text");
	free(text);
	text = NULL;
	ok(!sd_dbg_vmcoreinfo(d, 16384, "9.9-note", &text, &len, &err) &&
	   !strncmp(text, "OSRELEASE=9.9-note\nPAGESIZE=16384\n", 34),
	   "the -x text takes the note's release and page size");
	free(text);
}

static void
test_errors(void)
{
	struct sd_err err = { 0 };
	struct sd_budget b;
	struct sd_dbg *d = NULL;

	sd_budget_init(&b, 0);
	ok(sd_dbg_open("/nonexistent/vmlinux", &b, &d, &err) == SD_ERR_SYSTEM &&
	   strstr(err.msg, "/nonexistent/vmlinux"), "a missing file");
	ok(sd_dbg_open(FAKE_VMLINUX_SRC, &b, &d, &err) == SD_ERR_INVALID &&
	   strstr(err.msg, "not an ELF file"), "a text file: not ELF");
	sd_budget_init(&b, 4096);
	ok(sd_dbg_open(FAKE_VMLINUX, &b, &d, &err) == SD_ERR_BUDGET &&
	   b.used == 0, "the index is charged to the budget, and given back");
}

int
main(void)
{
	struct sd_err err = { 0 };
	struct sd_budget b;
	struct sd_dbg *d = NULL;

	if (!sd_dbg_built()) {
		printf("1..0 # SKIP built without libdw\n");
		return 77;
	}
	sd_budget_init(&b, 0);
	ok(!sd_dbg_open(FAKE_VMLINUX, &b, &d, &err), "open the fake vmlinux");
	if (!d) {
		printf("# %s\n", err.msg);
		return tap_done();
	}
	ok(b.used > 0, "the name index is charged");
	test_symbols(d);
	test_types(d);
	test_walk(d);
	test_mdf_lookups(d);
	test_enums_and_text(d);
	sd_dbg_close(d);
	ok(b.used == 0, "close gives the budget back");
	test_errors();
	return tap_done();
}
