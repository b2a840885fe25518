// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests for the arm64 page-table walk (src/vtop_arm64.c) over
 * synthetic tables in an in-memory source: each granule (4, 16, 64 KiB),
 * 3 to 5 levels, block entries, 52-bit output addresses (LPA, LPA2),
 * tagged pointers, user addresses and invalid entries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sievedump/arch.h"
#include "sievedump/source.h"
#include "sievedump/vmcoreinfo.h"
#include "sievedump/vtop.h"
#include "../lib/tap.h"

enum { MEM_SIZE = 4 << 20 };

#define KIMAGE 0xffff800008000000ULL	/* where swapper_pg_dir's page maps */
#define ATTR 0x0060000000000700ULL	/* UXN, PXN, AF, inner shareable */
#define TABLE 3ULL
#define BLOCK 1ULL

static uint8_t mem[MEM_SIZE];

static sd_status
mem_read_phys(struct sd_source *s, uint64_t pa, void *buf, size_t len,
	      struct sd_err *err)
{
	uint8_t *out = buf;
	size_t i;

	(void)s;
	(void)err;
	for (i = 0; i < len; i++)
		out[i] = pa + i < MEM_SIZE ? mem[pa + i] : 0;
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
put64(uint64_t pa, uint64_t v)
{
	memcpy(mem + pa, &v, 8);	/* the tests run on little-endian hosts */
}

/* Index of @va at the level that maps 2^@shift bytes, @bits wide. */
static uint64_t
ix(uint64_t va, unsigned int shift, unsigned int bits)
{
	return (va >> shift) & ((1ULL << bits) - 1);
}

static struct sd_vtop *
setup(struct sd_source *src, unsigned int page, const char *extra,
      uint64_t root)
{
	char text[1024];
	struct sd_vmcoreinfo *vi = NULL;
	struct sd_vtop *vt = malloc(sizeof(*vt));
	struct sd_err err = { 0 };

	snprintf(text, sizeof(text),
		 "OSRELEASE=6.1.0\nPAGESIZE=%u\nSIZE(page)=64\n"
		 "SYMBOL(swapper_pg_dir)=%llx\nNUMBER(kimage_voffset)=0x%llx\n"
		 "NUMBER(PHYS_OFFSET)=0x40000000\n%s",
		 page, (unsigned long long)(KIMAGE + root),
		 (unsigned long long)KIMAGE, extra);
	if (!vt || sd_vmci_parse(text, strlen(text), "test", &vi, &err) ||
	    sd_vtop_init(vt, &sd_arch_arm64, src, vi, &err)) {
		printf("# setup: %s\n", err.msg);
		free(vt);
		vt = NULL;
	}
	sd_vmci_free(vi);
	return vt;
}

/* 4 KiB pages, VA_BITS 48: PGD, PUD, PMD, PTE; 1 GiB and 2 MiB blocks. */
static void
test_4k(struct sd_source *src)
{
	const uint64_t va = 0xffff800010003000ULL, lin = 0xffff000000200000ULL;
	struct sd_vtop *vt;
	struct sd_vtop_walk w;
	struct sd_err err = { 0 };
	uint64_t pa = 0, size = 0;
	char buf[8] = { 0 };

	memset(mem, 0, sizeof(mem));
	put64(0x10000 + ix(va, 39, 9) * 8, 0x13000 | TABLE);
	put64(0x13000 + ix(va, 30, 9) * 8, 0x14000 | TABLE);
	put64(0x14000 + ix(va, 21, 9) * 8, 0x15000 | TABLE);
	put64(0x15000 + ix(va, 12, 9) * 8, 0x20000 | ATTR | TABLE);
	memcpy(mem + 0x20010, "arm64", 6);
	put64(0x10000 + ix(lin, 39, 9) * 8, 0x11000 | TABLE);
	put64(0x11000 + ix(lin, 30, 9) * 8, 0x12000 | TABLE);
	put64(0x12000 + ix(lin, 21, 9) * 8, 0x40200000 | ATTR | BLOCK);
	put64(0x11000 + 1 * 8, 0x80000000ULL | ATTR | BLOCK);	/* 1 GiB */
	vt = setup(src, 4096, "NUMBER(VA_BITS)=48\nNUMBER(TCR_EL1_T1SZ)=16\n",
		   0x10000);
	if (!vt) {
		ok(0, "4 KiB setup");
		return;
	}
	ok(vt->root == 0x10000 && vt->a.arm64.levels == 4 &&
	   vt->phys_base == 0x40000000, "4 KiB/48: root via kimage_voffset, 4 levels, PHYS_OFFSET");
	ok(vt->a.arm64.flipped && vt->page_offset == 0xffff000000000000ULL,
	   "kernel image above the linear map: page_offset -2^48");
	ok(!sd_vtop_walk(vt, va + 0x10, &w, &err) && w.n_steps == 4 &&
	   !strcmp(w.step[0].level, "PGD") && !strcmp(w.step[1].level, "PUD") &&
	   !strcmp(w.step[3].level, "PTE") && w.paddr == 0x20010 &&
	   w.page_size == 4096, "4 KiB page through 4 levels, attributes masked");
	ok(!sd_read_virt(vt, va + 0x10, buf, 6, &err) && !strcmp(buf, "arm64"),
	   "read_virt");
	ok(!sd_vtop(vt, lin + 0x1234, &pa, &size, &err) &&
	   pa == 0x40201234 && size == 2 << 20, "2 MiB block at the PMD");
	ok(!sd_vtop(vt, 0xffff000040001234ULL, &pa, &size, &err) &&
	   pa == 0x80001234ULL && size == 1 << 30, "1 GiB block at the PUD");
	ok(!sd_vtop(vt, ((lin + 0x1234) & ~(0xfULL << 56)) | (0x4ULL << 56), &pa,
		    NULL, &err) && pa == 0x40201234,
	   "a tagged pointer (MTE tag in the top byte) walks as untagged");
	ok(sd_vtop(vt, 0x0000aaaa00001000ULL, &pa, NULL, &err) == SD_ERR_NODATA &&
	   strstr(err.msg, "not a kernel"), "a user address is refused");
	ok(sd_vtop(vt, va + 0x1000, &pa, NULL, &err) == SD_ERR_NODATA &&
	   strstr(err.msg, "PTE entry 0x0"), "an invalid PTE: no data");
	free(vt);
}

/* 64 KiB pages, VA_BITS 52, 52-bit PA (LPA): PGD (1024 entries), PMD, PTE. */
static void
test_64k_lpa(struct sd_source *src)
{
	const uint64_t va = 0xfff0000012340000ULL;
	struct sd_vtop *vt;
	uint64_t pa = 0, size = 0;
	struct sd_err err = { 0 };

	memset(mem, 0, sizeof(mem));
	put64(0x100000 + ix(va, 42, 10) * 8, 0x110000 | TABLE);
	put64(0x110000 + ix(va, 29, 13) * 8, 0x120000 | TABLE);
	put64(0x120000 + ix(va, 16, 13) * 8,
	      0x7650000ULL | (0x5ULL << 12) | ATTR | TABLE);
	vt = setup(src, 65536, "NUMBER(VA_BITS)=52\nNUMBER(TCR_EL1_T1SZ)=12\n"
		   "NUMBER(MAX_PHYSMEM_BITS)=52\n", 0x100000);
	if (!vt) {
		ok(0, "64 KiB setup");
		return;
	}
	ok(vt->a.arm64.levels == 3 && vt->a.arm64.lpa && !vt->a.arm64.lpa2 &&
	   vt->table_size == 65536, "64 KiB/52: 3 levels, LPA, 64 KiB tables");
	ok(!sd_vtop(vt, va + 0x1234, &pa, &size, &err) &&
	   pa == (0x5ULL << 48 | 0x7650000ULL) + 0x1234 && size == 65536,
	   "PA bits 51:48 from entry bits 15:12");
	put64(0x110000 + ix(va, 29, 13) * 8, 0x20000000ULL | ATTR | BLOCK);
	sd_vtop_flush(vt);
	ok(!sd_vtop(vt, va + 0x1234, &pa, &size, &err) &&
	   pa == 0x20000000ULL + (va & ((1ULL << 29) - 1)) + 0x1234 &&
	   size == 1ULL << 29, "512 MiB block at the PMD");
	free(vt);
}

/* 16 KiB pages, VA_BITS 47: PGD (2048 entries), PMD, PTE. */
static void
test_16k(struct sd_source *src)
{
	const uint64_t va = 0xffffc00000404000ULL;
	struct sd_vtop *vt;
	uint64_t pa = 0, size = 0;
	struct sd_err err = { 0 };

	memset(mem, 0, sizeof(mem));
	put64(0x100000 + ix(va, 36, 11) * 8, 0x104000 | TABLE);
	put64(0x104000 + ix(va, 25, 11) * 8, 0x108000 | TABLE);
	put64(0x108000 + ix(va, 14, 11) * 8, 0x44000 | ATTR | TABLE);
	vt = setup(src, 16384, "NUMBER(VA_BITS)=47\n", 0x100000);
	if (!vt) {
		ok(0, "16 KiB setup");
		return;
	}
	ok(vt->a.arm64.levels == 3 && vt->a.arm64.vabits_actual == 47 &&
	   vt->physmem_bits == 48, "16 KiB/47: 3 levels, no T1SZ: VA_BITS in use");
	ok(!sd_vtop(vt, va + 0x2345, &pa, &size, &err) &&
	   pa == 0x44000 + 0x2345 && size == 16384, "16 KiB page");
	free(vt);
}

/* 4 KiB pages, VA_BITS 52 with LPA2 in use: 5 levels, PA bits 51:50. */
static void
test_4k_lpa2(struct sd_source *src)
{
	const uint64_t va = 0xfff8000000005000ULL;
	struct sd_vtop *vt;
	struct sd_vtop_walk w;
	struct sd_err err = { 0 };

	memset(mem, 0, sizeof(mem));
	put64(0x10000 + ix(va, 48, 4) * 8, 0x11000 | TABLE);
	put64(0x11000 + ix(va, 39, 9) * 8, 0x12000 | TABLE);
	put64(0x12000 + ix(va, 30, 9) * 8, 0x13000 | TABLE);
	put64(0x13000 + ix(va, 21, 9) * 8, 0x14000 | TABLE);
	put64(0x14000 + ix(va, 12, 9) * 8,
	      0x3000000000000ULL | 0x9000 | (0x2ULL << 8) | 0x0060000000000400ULL |
	      TABLE);
	vt = setup(src, 4096, "NUMBER(VA_BITS)=52\nNUMBER(TCR_EL1_T1SZ)=12\n"
		   "NUMBER(MAX_PHYSMEM_BITS)=52\n", 0x10000);
	if (!vt) {
		ok(0, "LPA2 setup");
		return;
	}
	ok(vt->a.arm64.levels == 5 && vt->a.arm64.lpa2,
	   "4 KiB/52 with T1SZ 12: 5 levels, LPA2");
	ok(!sd_vtop_walk(vt, va + 8, &w, &err) && w.n_steps == 5 &&
	   !strcmp(w.step[1].level, "P4D") &&
	   w.paddr == (0x2ULL << 50 | 0x3000000000000ULL | 0x9000) + 8,
	   "PA bits 49:12 in place, 51:50 from entry bits 9:8");
	free(vt);
	/* the same kernel on a CPU without LPA2: 48 bits, 4 levels from
	 * swapper_pg_dir, bits 9:8 are shareability */
	memset(mem, 0, sizeof(mem));
	put64(0x10000 + ix(0xffff000000005000ULL, 39, 9) * 8, 0x12000 | TABLE);
	put64(0x12000, 0x13000 | TABLE);
	put64(0x13000, 0x14000 | TABLE);
	put64(0x14000 + 5 * 8, 0x9000 | ATTR | TABLE);
	vt = setup(src, 4096, "NUMBER(VA_BITS)=52\nNUMBER(TCR_EL1_T1SZ)=16\n"
		   "NUMBER(MAX_PHYSMEM_BITS)=52\n", 0x10000);
	if (!vt) {
		ok(0, "52-bit kernel without LPA2: setup");
		return;
	}
	ok(vt->a.arm64.levels == 4 && !vt->a.arm64.lpa2 &&
	   !sd_vtop_walk(vt, 0xffff000000005008ULL, &w, &err) &&
	   w.n_steps == 4 && w.paddr == 0x9008,
	   "VA_BITS 52, T1SZ 16: 4 levels, no LPA2 address bits");
	free(vt);
}

int
main(void)
{
	struct sd_source src = { 0 };

	src.ops = &mem_ops;
	src.path = "memory";
	src.page_size = 4096;
	src.page_shift = 12;
	test_4k(&src);
	test_64k_lpa(&src);
	test_16k(&src);
	test_4k_lpa2(&src);
	return tap_done();
}
