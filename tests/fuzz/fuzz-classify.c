// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz target: struct page bytes -> verdicts (classify.c) and the mem_map
 * scan that turns them into exclusions (scan.c), with the page rules of
 * Debian's 6.12 kernel (tests/data/vmcoreinfo/debian-6.12.txt).
 *
 * Input: byte 0 = dump level (bits 0-4), "override" (bit 5), page-set
 * backend (bits 6-7); byte 1 = mem_map ranges and present holes; byte 2 =
 * cycle split; byte 3 = first pfn / 8.  With the override bit, text up to
 * a NUL (at most 512 bytes) comes next and is put before the 6.12 text:
 * its keys win, as a hostile VMCOREINFO note's would.  The rest is the
 * struct page array.
 *
 * Each page is judged alone in an exact-size copy (an overread shows under
 * ASan), then the whole array is scanned through a fake source whose page
 * tables map the vmemmap, in two cycles with a carry.  Invariants: every
 * verdict covers >= 1 page; pages removed from the dump set were present,
 * and the per-category counts add up to what was removed.
 */
#include "sievedump/classify.h"
#include "sievedump/memmap.h"
#include "sievedump/pageset.h"
#include "sievedump/scan.h"
#include "sievedump/source.h"
#include "sievedump/vtop.h"
#include "fuzz.h"
#include "../lib/fake_vmemmap.h"

#ifndef FUZZ_VMCI_612
#define FUZZ_VMCI_612 "tests/data/vmcoreinfo/debian-6.12.txt"
#endif

enum { MAX_PAGES = 2048, OVERRIDE_MAX = 512 };

#define VMEMMAP FAKE_VMEMMAP

static char *
base_text(size_t *len)
{
	static char *text;
	static size_t text_len;

	if (!text) {
		FILE *f = fopen(FUZZ_VMCI_612, "rb");

		text = f ? malloc(1 << 16) : NULL;
		if (!text) {
			fprintf(stderr, "fuzz-classify: cannot read %s\n",
				FUZZ_VMCI_612);
			abort();
		}
		text_len = fread(text, 1, (1 << 16) - 1, f);
		fclose(f);
	}
	*len = text_len;
	return text;
}

/* The 6.12 VMCOREINFO with @ovl (NUL-free, @n bytes) in front. */
static struct sd_vmcoreinfo *
make_vmci(const uint8_t *ovl, size_t n)
{
	size_t blen;
	const char *b = base_text(&blen);
	char *t = malloc(n + 1 + blen);
	struct sd_vmcoreinfo *v = NULL;
	struct sd_err err = { 0 };

	if (!t)
		return NULL;
	memcpy(t, ovl, n);
	t[n] = '\n';
	memcpy(t + n + 1, b, blen);
	if (sd_vmci_parse(t, n + 1 + blen, "fuzz VMCOREINFO", &v, &err))
		v = NULL;
	free(t);
	return v;
}

/* What sd_page_rules_init promises: every field read lies in SIZE(page). */
static bool
in_page(const struct sd_page_rules *r, int off, int width)
{
	return off < 0 || (int64_t)off + width <= (int64_t)r->page_size;
}

static void
check_rules(const struct sd_page_rules *r)
{
	FUZZ_CHECK(r->page_size >= 1 && r->page_size <= 4096);
	FUZZ_CHECK(in_page(r, r->off_flags, 8) && in_page(r, r->off_mapping, 8) &&
		   in_page(r, r->off_private, 8) && in_page(r, r->off_head, 8) &&
		   in_page(r, r->off_mapcount, 4));
	FUZZ_CHECK(r->order_src == SD_ORDER_NONE ||
		   r->order_src == SD_ORDER_FLAGS1 ||
		   (in_page(r, r->order_off, r->order_width) &&
		    in_page(r, r->dtor_off, r->dtor_width)));
	FUZZ_CHECK(r->max_order >= 1 && r->max_order <= 64);
}

/* Judge every page alone; tail1 is the next page when there is one. */
static void
judge_pages(const struct sd_page_rules *r, const uint8_t *pages, size_t n,
	    uint64_t base)
{
	uint32_t psz = r->page_size;
	uint8_t *page = malloc(psz), *tail = malloc(psz);
	size_t i;

	for (i = 0; page && tail && i < n; i++) {
		struct sd_page_verdict v;

		memcpy(page, pages + i * psz, psz);
		if (i + 1 < n)
			memcpy(tail, pages + (i + 1) * psz, psz);
		sd_page_classify(r, base + i, page, i + 1 < n ? tail : NULL,
				 &v);
		FUZZ_CHECK(v.nr >= 1 && !(v.nr & (v.nr - 1)));
		FUZZ_CHECK(v.cat < SD_CAT_COUNT);
	}
	free(page);
	free(tail);
}

static const struct sd_pageset_ops *
pick_backend(unsigned k)
{
	size_t n = 0;

	while (sd_pageset_backend_at(n))
		n++;
	return sd_pageset_backend_at(k % n);
}

/* The scan over [base, base + n) through the fake source, two cycles. */
static void
scan(const struct sd_page_rules *r, const uint8_t *pages, size_t n,
     uint64_t base, uint8_t shape, uint8_t split, unsigned backend)
{
	struct fake_vmemmap *f = calloc(1, sizeof(*f));
	struct sd_vtop *vt = malloc(sizeof(*vt));
	struct sd_memmap mm;
	struct sd_memmap_range ranges[2];
	struct sd_pageset present, dump;
	const struct sd_pageset_ops *ops = pick_backend(backend);
	struct sd_scan_carry carry = { 0 };
	struct sd_scan_stats stats = { 0 };
	struct sd_budget b;
	struct sd_err err = { 0 };
	uint64_t end = base + n, cut, removed = 0, before, hole, i;
	sd_status st;

	if (!f || !vt)
		goto out;
	fake_vmemmap_init(f, vt);
	f->mem = pages;
	f->mem_off = base * r->page_size;
	f->mem_len = n * r->page_size;

	memset(&mm, 0, sizeof(mm));
	mm.vt = vt;
	mm.model = SD_MEM_SPARSEMEM;
	mm.page_struct_size = r->page_size;
	mm.max_mapnr = end;
	mm.ranges = ranges;
	hole = shape & 1 ? (shape >> 1 & 7) : 0;
	ranges[0] = (struct sd_memmap_range){ base, end, VMEMMAP + base *
					      r->page_size };
	mm.n_ranges = 1;
	if (hole && n / 2 + hole < n) {	/* a hole in mem_map */
		ranges[0].pfn_end = base + n / 2;
		ranges[1] = (struct sd_memmap_range){ base + n / 2 + hole, end,
			VMEMMAP + (base + n / 2 + hole) * r->page_size };
		mm.n_ranges = 2;
	}
	mm.n_sections = mm.n_ranges;

	sd_budget_init(&b, 64 << 20);
	mm.budget = &b;
	if (sd_pageset_init(&present, ops, 0, end + 1, &b, &err))
		goto out;
	if (sd_pageset_init(&dump, ops, 0, end + 1, &b, &err)) {
		sd_pageset_release(&present);
		goto out;
	}
	st = SD_OK;
	for (i = 0; i < 2 && !st; i++) {	/* present: all but a hole */
		struct sd_pageset *ps = i ? &dump : &present;
		uint64_t h = base + (shape >> 4) * n / 16;

		st = ps->ops->set_range(ps, base, end, &err);
		if (!st && (shape >> 4))
			st = ps->ops->clear_range(ps, h, h + (shape >> 4), NULL,
						  &err);
	}
	before = present.ops->count(&present, 0, end + 1);
	cut = base + split % (n + 1);
	if (!st)
		st = sd_scan_memmap(&mm, r, &present, &dump, 0, cut, &carry,
				    &stats, NULL, NULL, &err);
	if (!st)
		st = sd_scan_memmap(&mm, r, &present, &dump, cut, end + 1,
				    &carry, &stats, NULL, NULL, &err);
	if (!st) {
		struct sd_range run;
		uint64_t from = 0;

		for (i = 0; i < SD_CAT_COUNT; i++)
			removed += stats.excluded[i];
		FUZZ_CHECK(dump.ops->count(&dump, 0, end + 1) + removed ==
			   before);
		/* dump ⊆ present */
		while (dump.ops->next_run(&dump, from, &run)) {
			FUZZ_CHECK(present.ops->count(&present, run.start,
						      run.end) ==
				   run.end - run.start);
			from = run.end;
		}
	}
	sd_pageset_release(&dump);
	sd_pageset_release(&present);
out:
	free(vt);
	free(f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sd_vmcoreinfo *v;
	struct sd_page_rules r;
	struct sd_err err = { 0 };
	size_t hdr = 4, olen = 0, n;
	uint64_t base;
	uint8_t *pages;

	if (size < hdr)
		return 0;
	if (data[0] & 0x20) {
		const uint8_t *nul = memchr(data + hdr, 0, size - hdr);

		olen = nul ? (size_t)(nul - (data + hdr)) : size - hdr;
		if (olen > OVERRIDE_MAX)
			return 0;
		hdr += olen + (nul != NULL);
	}
	v = make_vmci(data + 4, olen);
	if (!v)
		return 0;
	if (sd_page_rules_init(&r, v, data[0] & 31, &err)) {
		sd_vmci_free(v);
		return 0;
	}
	check_rules(&r);
	(void)sd_page_rules_need_scan(&r);
	n = SD_MIN((size - hdr) / r.page_size, (size_t)MAX_PAGES);
	base = (uint64_t)data[3] * 8;
	pages = malloc(n * r.page_size + 1);
	if (pages && n) {
		memcpy(pages, data + hdr, n * r.page_size);
		judge_pages(&r, pages, n, base);
		scan(&r, pages, n, base, data[1], data[2], data[0] >> 6);
	}
	free(pages);
	sd_vmci_free(v);
	return 0;
}
