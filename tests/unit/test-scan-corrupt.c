// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The mem_map scan on corrupt struct pages (doc/corrupt-input.md): units
 * that run past their mem_map range or have an order above 18 are not
 * trusted, and pfns whose struct pages cannot be read are kept.  A fake
 * source maps the vmemmap with one 1 GiB page; every case also has an
 * intact unit that must be excluded, so the test can fail both ways.
 */
#include <stdlib.h>
#include <string.h>

#include "sievedump/classify.h"
#include "sievedump/memmap.h"
#include "sievedump/pageset.h"
#include "sievedump/scan.h"
#include "sievedump/source.h"
#include "sievedump/vtop.h"
#include "../lib/fake_vmemmap.h"
#include "../lib/tap.h"

#define VMEMMAP FAKE_VMEMMAP
#define MEM_PA FAKE_MEM_PA
#define PSZ 64

enum { NPAGES = 4096 };

/* 6.9-style rules: buddy and hugetlb page types, order in tail1 flags. */
static const char vmci_text[] =
	"OSRELEASE=6.9.0\nPAGESIZE=4096\nSIZE(page)=64\nOFFSET(page.flags)=0\n"
	"OFFSET(page.compound_head)=8\nOFFSET(page.mapping)=24\n"
	"OFFSET(page.private)=40\nOFFSET(page._mapcount)=48\n"
	"NUMBER(PG_head_mask)=65536\nNUMBER(PG_lru)=4\n"
	"NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-129\n"
	"NUMBER(PAGE_HUGETLB_MAPCOUNT_VALUE)=-2049\n"
	"LENGTH(zone.free_area)=11\n";

struct fake {
	struct fake_vmemmap v;		/* serves mem */
	uint8_t mem[NPAGES * PSZ];	/* struct pages of pfns 0.. */
};

static void
put(uint8_t *p, int off, uint64_t v, size_t width)
{
	memcpy(p + off, &v, width);
}

static uint8_t *
page(struct fake *f, uint64_t pfn)
{
	return f->mem + pfn * PSZ;
}

static void
buddy(struct fake *f, uint64_t pfn, uint64_t order)
{
	put(page(f, pfn), 48, (uint32_t)-129, 4);
	put(page(f, pfn), 40, order, 8);
}

/* An anonymous compound page: head flags, tails pointing at the head. */
static void
anon_thp(struct fake *f, uint64_t pfn, uint64_t order, uint64_t n_tails)
{
	uint64_t i;

	put(page(f, pfn), 0, 65536, 8);
	put(page(f, pfn), 24, 0xffff888000001001ULL, 8);
	for (i = 1; i <= n_tails; i++)
		put(page(f, pfn + i), 8, (VMEMMAP + pfn * PSZ) | 1, 8);
	put(page(f, pfn + 1), 0, order, 8);	/* tail1 flags: the order */
}

struct result {
	struct sd_scan_stats stats;
	uint64_t kept;			/* pfns still in the dump set */
	sd_status st;
};

/* Scan pfns [0, end) with ranges ending at @rend; -d 31. */
static void
run(struct fake *f, uint64_t end, uint64_t rend, struct result *res)
{
	struct sd_vmcoreinfo *v = NULL;
	struct sd_page_rules r;
	struct sd_vtop *vt = calloc(1, sizeof(*vt));
	struct sd_memmap mm;
	struct sd_memmap_range range = { 0, rend, VMEMMAP };
	struct sd_pageset present = { 0 }, dump = { 0 };
	struct sd_scan_carry carry = { 0 };
	struct sd_budget b;
	struct sd_err err = { 0 };

	memset(res, 0, sizeof(*res));
	fake_vmemmap_init(&f->v, vt);
	f->v.mem = f->mem;
	f->v.mem_len = sizeof(f->mem);
	memset(&mm, 0, sizeof(mm));
	mm.vt = vt;
	mm.model = SD_MEM_SPARSEMEM;
	mm.page_struct_size = PSZ;
	mm.max_mapnr = end;
	mm.ranges = &range;
	mm.n_ranges = mm.n_sections = 1;
	sd_budget_init(&b, 64 << 20);
	mm.budget = &b;
	res->st = sd_vmci_parse(vmci_text, sizeof(vmci_text) - 1, "test", &v,
				&err);
	if (!res->st)
		res->st = sd_page_rules_init(&r, v, 31, &err);
	if (!res->st)
		res->st = sd_pageset_init(&present, &sd_pageset_plain_ops, 0,
					  end, &b, &err);
	if (!res->st && sd_pageset_init(&dump, &sd_pageset_plain_ops, 0, end,
					&b, &err) == SD_OK) {
		res->st = present.ops->set_range(&present, 0, end, &err);
		if (!res->st)
			res->st = dump.ops->set_range(&dump, 0, end, &err);
		if (!res->st)
			res->st = sd_scan_memmap(&mm, &r, &present, &dump, 0,
						 end, &carry, &res->stats,
						 NULL, NULL, &err);
		res->kept = dump.ops->count(&dump, 0, end);
		sd_pageset_release(&dump);
	}
	if (res->st)
		printf("# %s\n", err.msg);
	if (present.ops)
		sd_pageset_release(&present);
	sd_vmci_free(v);
	free(vt);
}

int
main(void)
{
	struct fake *f = calloc(1, sizeof(*f));
	struct result res;

	/* a buddy block of a valid order that runs past the range end */
	buddy(f, 0, 6);
	buddy(f, 2944, 7);		/* 2944 + 128 > 3000 */
	run(f, 3000, 3000, &res);
	ok(!res.st, "buddy past the range: scan succeeds");
	ok(res.stats.excluded[SD_CAT_FREE] == 64,
	   "buddy past the range: the intact block is excluded, not the bad one");
	ok(res.stats.bad_orders == 1 && res.stats.first_bad_pfn == 2944,
	   "buddy past the range: counted as an invalid order at its pfn");
	ok(res.kept == 3000 - 64, "buddy past the range: its pages are kept");

	/* compound heads: order 11 past a range end at 3000, order 19 */
	memset(f->mem, 0, sizeof(f->mem));
	anon_thp(f, 0, 9, 511);
	anon_thp(f, 2048, 11, 951);
	run(f, 3000, 3000, &res);
	ok(!res.st && res.stats.excluded[SD_CAT_USER] == 512 + 1,
	   "compound past the range: intact THP excluded, bad head alone");
	ok(res.stats.bad_compounds == 1 &&
	   res.stats.first_bad_compound_pfn == 2048 &&
	   res.stats.first_bad_compound_order == 11,
	   "compound past the range: counted with pfn and order");
	memset(f->mem, 0, sizeof(f->mem));
	anon_thp(f, 0, 19, 3);
	run(f, 1 << 20, 1 << 20, &res);
	ok(!res.st && res.stats.excluded[SD_CAT_USER] == 1 &&
	   res.stats.bad_compounds == 1,
	   "compound order 19 (above a 1 GiB page): head judged alone");

	/* unreadable struct pages of pfns [128, 192): kept, the rest judged */
	memset(f->mem, 0, sizeof(f->mem));
	for (uint64_t p = 0; p < 512; p++)
		put(page(f, p), 24, 0xffff888000002001ULL, 8);	/* anon */
	f->v.bad_start = MEM_PA + 128 * PSZ;
	f->v.bad_end = MEM_PA + 192 * PSZ;
	run(f, 512, 512, &res);
	ok(!res.st, "unreadable struct pages: scan succeeds");
	ok(res.stats.excluded[SD_CAT_USER] == 512 - 64 && res.kept == 64,
	   "unreadable struct pages: exactly those 64 pfns are kept");
	ok(res.stats.unreadable == 64 && res.stats.first_unreadable_pfn == 128 &&
	   strstr(res.stats.unreadable_why, "fake: bad read at 0x40002000"),
	   "unreadable struct pages: count, first pfn and reason recorded");
	free(f);
	return tap_done();
}
