/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A fake source for mem_map scans (tests/unit/test-scan-corrupt.c,
 * tests/fuzz/fuzz-classify.c): its page tables map the vmemmap at
 * FAKE_VMEMMAP with one 1 GiB page at FAKE_MEM_PA, where @mem (struct
 * pages, @mem_len bytes) sits @mem_off bytes in; all else reads as zeros,
 * and physical reads touching [bad_start, bad_end) fail.
 */
#ifndef SIEVEDUMP_TESTS_FAKE_VMEMMAP_H
#define SIEVEDUMP_TESTS_FAKE_VMEMMAP_H

#include <stddef.h>
#include <string.h>

#include "sievedump/source.h"
#include "sievedump/vtop.h"

#define FAKE_PGD_PA 0x1000ULL
#define FAKE_PUD_PA 0x2000ULL
#define FAKE_MEM_PA 0x40000000ULL
#define FAKE_VMEMMAP 0xffffea0000000000ULL

struct fake_vmemmap {
	struct sd_source src;
	uint8_t pgd[4096], pud[4096];
	const uint8_t *mem;
	uint64_t mem_off, mem_len;
	uint64_t bad_start, bad_end;
};

/* Copy what of [at, at + n) (bytes @from) falls in [pa, pa + len). */
static inline void
fake_overlap(uint64_t pa, uint8_t *buf, size_t len, uint64_t at,
	     const uint8_t *from, uint64_t n)
{
	uint64_t s = pa > at ? pa : at;
	uint64_t e = pa + len < at + n ? pa + len : at + n;

	if (s < e)
		memcpy(buf + (s - pa), from + (s - at), (size_t)(e - s));
}

static inline sd_status
fake_read_phys(struct sd_source *src, uint64_t pa, void *buf, size_t len,
	       struct sd_err *err)
{
	struct fake_vmemmap *f = src->priv;

	if (pa < f->bad_end && f->bad_start < pa + len)
		return sd_fail(err, SD_ERR_CORRUPT, "fake: bad read at 0x%llx",
			       (unsigned long long)pa);
	memset(buf, 0, len);
	fake_overlap(pa, buf, len, FAKE_PGD_PA, f->pgd, 4096);
	fake_overlap(pa, buf, len, FAKE_PUD_PA, f->pud, 4096);
	fake_overlap(pa, buf, len, FAKE_MEM_PA + f->mem_off, f->mem,
		     f->mem_len);
	return SD_OK;
}

static inline sd_status
fake_read_pages(struct sd_source *src, uint64_t pfn, uint64_t n, void *buf,
		struct sd_err *err)
{
	return fake_read_phys(src, pfn << 12, buf, (size_t)(n << 12), err);
}

static inline void
fake_close(struct sd_source *src)
{
	(void)src;
}

static const struct sd_source_ops fake_vmemmap_ops = {
	.version = 1,
	.name = "fake", .read_phys = fake_read_phys,
	.read_pages = fake_read_pages, .close = fake_close,
};

static inline void
fake_put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

/* The source, its page tables, and @vt walking them (4-level paging). */
static inline void
fake_vmemmap_init(struct fake_vmemmap *f, struct sd_vtop *vt)
{
	f->src.ops = &fake_vmemmap_ops;
	f->src.path = "fake";
	f->src.page_size = 4096;
	f->src.page_shift = 12;
	f->src.priv = f;
	fake_put64(f->pgd + 8 * ((FAKE_VMEMMAP >> 39) & 511),
		   FAKE_PUD_PA | 0x1);
	fake_put64(f->pud + 8 * ((FAKE_VMEMMAP >> 30) & 511),
		   FAKE_MEM_PA | 0x80 | 0x1);	/* present, 1 GiB page */
	memset(vt, 0, offsetof(struct sd_vtop, cache));
	sd_vtop_flush(vt);
	vt->src = &f->src;
	vt->arch = &sd_arch_x86_64;
	vt->table_size = SD_VTOP_BLOCK;
	vt->root = FAKE_PGD_PA;
	vt->a.x86.entry_mask = ~0xfff0000000000fffULL;
}

#endif
