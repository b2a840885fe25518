// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests for x86_64 vtop and the sparsemem walk, over a synthetic
 * physical memory served by an in-memory source (its own ops table).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sievedump/memmap.h"
#include "sievedump/source.h"
#include "sievedump/vmcoreinfo.h"
#include "sievedump/vtop.h"
#include "../lib/tap.h"


enum { MEM_SIZE = 4 << 20 };

#define SME (1ULL << 47)
#define VD 0xffff888000000000ULL	/* direct map, 2 MiB pages */
#define V4K 0xffffc90000001000ULL	/* 4 KiB pages */
#define V5 0xff11000000201234ULL	/* 5-level walk */

struct memsrc {
	struct sd_source src;
	uint8_t *mem;
};

static sd_status
mem_read_phys(struct sd_source *s, uint64_t pa, void *buf, size_t len,
	      struct sd_err *err)
{
	struct memsrc *m = (struct memsrc *)s;
	uint8_t *out = buf;
	size_t i;

	(void)err;
	for (i = 0; i < len; i++)
		out[i] = pa + i < MEM_SIZE ? m->mem[pa + i] : 0;
	return SD_OK;
}

static sd_status
mem_read_pages(struct sd_source *s, uint64_t pfn, uint64_t n, void *buf,
	       struct sd_err *err)
{
	return mem_read_phys(s, pfn << 12, buf, (size_t)(n << 12), err);
}

static void
mem_close(struct sd_source *s)
{
	(void)s;
}

static const struct sd_source_ops mem_ops = {
	.version = 1,
	.name = "memory",
	.read_phys = mem_read_phys,
	.read_pages = mem_read_pages,
	.close = mem_close,
};

static void
put64(uint8_t *mem, uint64_t pa, uint64_t v)
{
	memcpy(mem + pa, &v, 8);	/* the tests run on little-endian x86_64 */
}

static void
build_tables(uint8_t *mem)
{
	/* 4-level root at 0x1000; entries carry the SME bit. */
	put64(mem, 0x1000 + ((V4K >> 39) & 511) * 8, 0x2000 | 0x63 | SME);
	put64(mem, 0x2000, 0x3000 | 0x63 | SME);
	put64(mem, 0x3000, 0x4000 | 0x63 | SME);
	put64(mem, 0x4000 + 1 * 8, 0x10000 | 0x63 | SME);
	put64(mem, 0x4000 + 2 * 8, 0x7000 | 0x63 | SME);
	/* Direct map: PGD -> PUD 0x5000 -> PMD 0x6000 (2 MiB); 1 GiB at PUD 1. */
	put64(mem, 0x1000 + ((VD >> 39) & 511) * 8, 0x5000 | 0x63);
	put64(mem, 0x5000, 0x6000 | 0x63);
	put64(mem, 0x5000 + 8, 0x40000000 | 0xe3 | SME);
	put64(mem, 0x6000, 0x0 | 0xe3);
	put64(mem, 0x6000 + 8, 0x200000 | 0xe3);
	/* 5-level root at 0x8000 -> P4D 0x9000 -> the same PUD 0x5000. */
	put64(mem, 0x8000 + ((V5 >> 48) & 511) * 8, 0x9000 | 0x63);
	put64(mem, 0x9000 + ((V5 >> 39) & 511) * 8, 0x5000 | 0x63);
	memcpy(mem + 0x10010, "hello", 6);
	memcpy(mem + 0x10ff8, "ABCDEFGH", 8);
	memcpy(mem + 0x7000, "IJKLMNOP", 8);
	memcpy(mem + 0x201234, "five", 5);
}

static struct sd_vmcoreinfo *
make_vi(const char *extra)
{
	char text[2048];
	struct sd_vmcoreinfo *v = NULL;
	struct sd_err err = { 0 };

	snprintf(text, sizeof(text),
		 "OSRELEASE=6.12.0\nPAGESIZE=4096\nSIZE(page)=64\n%s", extra);
	if (sd_vmci_parse(text, strlen(text), "test", &v, &err))
		printf("# %s\n", err.msg);
	return v;
}

#define VI4 "SYMBOL(init_top_pgt)=ffffffff80002000\nNUMBER(phys_base)=-4096\n" \
	    "NUMBER(sme_mask)=140737488355328\nNUMBER(pgtable_l5_enabled)=0\n"
#define VI5 "SYMBOL(init_top_pgt)=ffffffff80009000\nNUMBER(phys_base)=-4096\n" \
	    "NUMBER(pgtable_l5_enabled)=1\n"

static const char expect_print[] =
	"\n"
	"Translating virtual address ffffc90000001010 to physical address.\n"
	"  PGD :             1c90 =>     800000002063\n"
	"  PUD :             2000 =>     800000003063\n"
	"  PMD :             3000 =>     800000004063\n"
	"  PTE :             4008 =>     800000010063\n"
	"VIRTUAL           PHYSICAL\n"
	"ffffc90000001010  10010\n"
	"\n";

static void
test_print(struct sd_vtop *vt)
{
	char buf[1024] = { 0 };
	struct sd_err err = { 0 };
	FILE *f = fmemopen(buf, sizeof(buf) - 1, "w");
	sd_status st;

	if (!f)
		return;
	st = sd_vtop_print(vt, V4K + 0x10, f, &err);
	fclose(f);
	ok(!st && !strcmp(buf, expect_print), "--vtop output format");
	if (strcmp(buf, expect_print))
		printf("# got:\n%s", buf);
	memset(buf, 0, sizeof(buf));
	f = fmemopen(buf, sizeof(buf) - 1, "w");
	st = sd_vtop_print(vt, V4K + 0x2000, f, &err);
	fclose(f);
	ok(st == SD_ERR_NODATA &&
	   strstr(buf, "  PTE :             4018 =>                0\n") &&
	   strstr(buf, "ffffc90000003000  ffffffffffffffff\n"),
	   "--vtop of an unmapped address prints all-ones");
}

static void
test_vtop4(struct sd_source *src)
{
	struct sd_vmcoreinfo *vi = make_vi(VI4);
	struct sd_vtop *vt = malloc(sizeof(*vt));
	struct sd_err err = { 0 };
	uint64_t pa = 0, size = 0;
	char buf[32] = { 0 };

	if (!vi || !vt || sd_vtop_init(vt, &sd_arch_x86_64, src, vi, &err)) {
		ok(0, "vtop init (4-level)");
		goto out;
	}
	ok(vt->root == 0x1000 && !vt->a.x86.l5 && vt->a.x86.sme_mask == SME,
	   "root = init_top_pgt - __START_KERNEL_map + negative phys_base");
	ok(vt->page_offset == 0xffff880000000000ULL,
	   "no PT_LOADs: constant PAGE_OFFSET");
	ok(!sd_vtop(vt, V4K + 0x10, &pa, &size, &err) && pa == 0x10010 &&
	   size == 4096, "4 KiB page, SME bit stripped");
	ok(!sd_vtop(vt, VD + 0x201234, &pa, &size, &err) && pa == 0x201234 &&
	   size == 2 << 20, "2 MiB page");
	ok(!sd_vtop(vt, VD + (1ULL << 30) + 0x12345678, &pa, &size, &err) &&
	   pa == 0x52345678 && size == 1 << 30, "1 GiB page, SME bit stripped");
	ok(sd_vtop(vt, V4K + 0x2000, &pa, NULL, &err) == SD_ERR_NODATA &&
	   strstr(err.msg, "PTE entry 0x0 at 0x4018 is not present"),
	   "not-present PTE");
	ok(sd_vtop(vt, 0xffffffffff000000ULL, &pa, NULL, &err) == SD_ERR_NODATA
	   && strstr(err.msg, "PGD entry"), "not-present PGD");
	ok(!sd_read_virt(vt, V4K + 0x10, buf, 6, &err) && !strcmp(buf, "hello"),
	   "read_virt");
	ok(!sd_read_virt(vt, V4K + 0xff8, buf, 16, &err) &&
	   !memcmp(buf, "ABCDEFGHIJKLMNOP", 16), "read_virt across 4 KiB pages");
	ok(sd_read_virt(vt, V4K + 0x1ff8, buf, 16, &err) == SD_ERR_NODATA,
	   "read_virt into an unmapped page fails");
	ok(vt->hits > 0 && vt->misses <= SD_VTOP_CACHE_PAGES, "table cache used");
	test_print(vt);
out:
	free(vt);
	sd_vmci_free(vi);
}

static void
test_vtop5(struct sd_source *src)
{
	struct sd_vmcoreinfo *vi = make_vi(VI5);
	struct sd_vtop *vt = malloc(sizeof(*vt));
	struct sd_vtop_walk w;
	struct sd_err err = { 0 };
	char buf[8] = { 0 };

	if (!vi || !vt || sd_vtop_init(vt, &sd_arch_x86_64, src, vi, &err)) {
		ok(0, "vtop init (5-level)");
		goto out;
	}
	ok(vt->a.x86.l5 && vt->root == 0x8000 &&
	   vt->page_offset == 0xff10000000000000ULL, "5-level setup");
	ok(!sd_vtop_walk(vt, V5, &w, &err) && w.n_steps == 4 &&
	   !strcmp(w.step[1].level, "P4D") && w.paddr == 0x201234,
	   "5-level walk: PGD, P4D, PUD, PMD (2 MiB)");
	ok(!sd_read_virt(vt, V5, buf, 5, &err) && !strcmp(buf, "five"),
	   "5-level read_virt");
out:
	free(vt);
	sd_vmci_free(vi);
}

/* Sparsemem: 8 pfns per section (SECTION_SIZE_BITS=15), SIZE(mem_section)=16. */
#define SPARSE "SYMBOL(init_top_pgt)=ffffffff80002000\nNUMBER(phys_base)=-4096\n" \
	       "SIZE(mem_section)=16\nOFFSET(mem_section.section_mem_map)=0\n" \
	       "NUMBER(SECTION_SIZE_BITS)=15\nNUMBER(MAX_PHYSMEM_BITS)=46\n" \
	       "LENGTH(mem_section)=8388608\n"
#define MM_A 0x100000ULL	/* struct pages of pfns 0-15 */
#define MM_B 0x180000ULL	/* struct pages of pfns 24-39 */

static void
build_sections(uint8_t *mem)
{
	uint64_t pfn;

	put64(mem, 0x20000, VD + 0x21000);		/* roots[0] */
	put64(mem, 0x21000 + 0 * 16, (VD + MM_A - 0 * 8 * 64) | 3);
	put64(mem, 0x21000 + 1 * 16, (VD + MM_A - 0 * 8 * 64) | 3);
	put64(mem, 0x21000 + 2 * 16, 0);		/* no memory */
	put64(mem, 0x21000 + 3 * 16, (VD + MM_B - 3 * 8 * 64) | 3);
	put64(mem, 0x21000 + 4 * 16, (VD + MM_B - 3 * 8 * 64) | 3);
	/* Has a mem_map but not SECTION_MARKED_PRESENT (hot-removed). */
	put64(mem, 0x21000 + 5 * 16, (VD + MM_B - 3 * 8 * 64) | 2);
	for (pfn = 0; pfn < 16; pfn++)
		put64(mem, MM_A + pfn * 64, 0x1000 + pfn);
	for (pfn = 24; pfn < 40; pfn++)
		put64(mem, MM_B + (pfn - 24) * 64, 0x1000 + pfn);
	put64(mem, 0x22000, VD + 0x20000);	/* a pointer to the roots */
	put64(mem, 0x23000, VD + 0x24000);	/* roots of a broken table */
	put64(mem, 0x24000, 0x1000 | 3);	/* mem_map below PAGE_OFFSET */
	put64(mem, 0x25000, VD + MM_A);		/* FLATMEM mem_map */
	put64(mem, 0x26000, V4K + 0x2000);	/* a mem_map that is not mapped */
}

static sd_status
walk(struct sd_source *src, const char *extra, struct sd_memmap *mm,
     struct sd_budget *b, struct sd_vtop **vtp, struct sd_err *err)
{
	char text[1024];
	struct sd_vmcoreinfo *vi;
	sd_status st;

	snprintf(text, sizeof(text), "%s%s", extra[0] == 'F' ? "" : SPARSE,
		 extra[0] == 'F' ? extra + 1 : extra);
	vi = make_vi(text);
	*vtp = malloc(sizeof(**vtp));
	if (!vi || !*vtp)
		return sd_fail(err, SD_ERR_NOMEM, "setup");
	st = sd_vtop_init(*vtp, &sd_arch_x86_64, src, vi, err);
	if (!st)
		st = sd_memmap_init(mm, *vtp, vi, 44, b, err);
	sd_vmci_free(vi);
	return st;
}

static void
test_sparse_walk(struct sd_source *src, struct sd_budget *b)
{
	struct sd_memmap mm;
	struct sd_vtop *vt = NULL;
	struct sd_err err = { 0 };
	uint64_t buf[30 * 8];
	int good = 1, i;

	ok(!walk(src, "SYMBOL(mem_section)=ffff888000020000\n", &mm, b, &vt,
		 &err), "sparsemem EXTREME walk");
	ok(mm.model == SD_MEM_SPARSEMEM_EXTREME && mm.n_sections == 4 &&
	   mm.num_section == 6 && mm.n_ranges == 2, "4 sections, 2 ranges");
	ok(mm.ranges[0].pfn_start == 0 && mm.ranges[0].pfn_end == 16 &&
	   mm.ranges[0].mem_map == VD + MM_A && mm.ranges[1].pfn_start == 24 &&
	   mm.ranges[1].pfn_end == 40 && mm.ranges[1].mem_map == VD + MM_B,
	   "contiguous sections merged, mem_map decoded");
	ok(mm.max_mapnr == 40, "max_mapnr lowered to the last mem_map");
	ok(sd_memmap_find(&mm, 15) == 0 && sd_memmap_find(&mm, 16) == -1 &&
	   sd_memmap_find(&mm, 39) == 1 && sd_memmap_find(&mm, 40) == -1,
	   "find");
	ok(!sd_memmap_read_pages(&mm, 10, 30, buf, &err), "read_pages");
	for (i = 0; i < 30; i++) {
		uint64_t pfn = 10 + (uint64_t)i;
		uint64_t want = (pfn < 16 || pfn >= 24) ? 0x1000 + pfn : 0;

		good &= buf[i * 8] == want;
	}
	ok(good, "struct pages across ranges, gap zero-filled");
	sd_memmap_fini(&mm);
	ok(b->used == 0, "ranges freed to the budget");
	free(vt);
}

static void
test_sparse_retry(struct sd_source *src, struct sd_budget *b)
{
	struct sd_memmap mm;
	struct sd_vtop *vt = NULL;
	struct sd_err err = { 0 };
	uint8_t buf[4 * 64];

	ok(!walk(src, "SYMBOL(mem_section)=ffff888000022000\n", &mm, b, &vt,
		 &err) && mm.mem_section_is_pointer && mm.n_sections == 4,
	   "mem_section as a pointer: validated on the retry");
	sd_memmap_fini(&mm);
	free(vt);
	ok(walk(src, "SYMBOL(mem_section)=ffff888000023000\n", &mm, b, &vt,
		&err) == SD_ERR_CORRUPT &&
	   strstr(err.msg, "Could not validate mem_section"),
	   "invalid mem_map: Could not validate mem_section");
	free(vt);
	ok(!walk(src, "FSYMBOL(init_top_pgt)=ffffffff80002000\nNUMBER(phys_base)=-4096\n"
		 "SYMBOL(mem_map)=ffff888000025000\n", &mm, b, &vt, &err) &&
	   mm.model == SD_MEM_FLATMEM && mm.n_ranges == 1 &&
	   mm.ranges[0].pfn_end == 44 && mm.ranges[0].mem_map == VD + MM_A,
	   "FLATMEM via SYMBOL(mem_map)");
	sd_memmap_fini(&mm);
	free(vt);
	ok(!walk(src, "FSYMBOL(init_top_pgt)=ffffffff80002000\nNUMBER(phys_base)=-4096\n"
		 "SYMBOL(mem_map)=ffff888000026000\n", &mm, b, &vt, &err) &&
	   sd_memmap_read_pages(&mm, 0, 4, buf, &err) == SD_ERR_NODATA &&
	   strstr(err.msg, "struct page of pfn 0x0-0x4: vtop 0xffffc90000003000"),
	   "unmapped struct pages: error names pfns and address");
	if (!strstr(err.msg, "struct page of pfn 0x0-0x4"))
		printf("# %s\n", err.msg);
	sd_memmap_fini(&mm);
	free(vt);
	ok(b->used == 0, "budget balanced");
}

int
main(void)
{
	struct memsrc m = { .src = { .ops = &mem_ops, .path = "memory",
				     .page_size = 4096, .page_shift = 12 } };
	struct sd_budget b;

	m.mem = calloc(1, MEM_SIZE);
	if (!m.mem)
		return 99;
	m.src.priv = &m;
	sd_budget_init(&b, 1 << 20);
	build_tables(m.mem);
	build_sections(m.mem);
	test_vtop4(&m.src);
	test_vtop5(&m.src);
	test_sparse_walk(&m.src, &b);
	test_sparse_retry(&m.src, &b);
	free(m.mem);
	printf("1..%d\n", n_test);
	return n_fail ? 1 : 0;
}
