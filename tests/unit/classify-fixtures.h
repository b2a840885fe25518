/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * VMCOREINFO fixtures of each kernel era for test-classify.c (included
 * once, from there); sources are cited per fixture.
 */
#ifndef SIEVEDUMP_TEST_CLASSIFY_FIXTURES_H
#define SIEVEDUMP_TEST_CLASSIFY_FIXTURES_H

/* ------------------------------------------------------------------ */
/* VMCOREINFO fixtures                                                  */
/* ------------------------------------------------------------------ */

/*
 * 2.6.38, the raw note (kernel/kexec.c crash_save_vmcoreinfo_init of
 * 2.6.38): no _mapcount, private, PG_slab, PG_head_mask, buddy value.
 */
static const char vmci_2_6_38_note[] =
	"OSRELEASE=2.6.38\n"
	"PAGESIZE=4096\n"
	"SYMBOL(init_uts_ns)=ffffffff81a0d020\n"
	"SYMBOL(mem_section)=ffff88003fc0a000\n"
	"SIZE(page)=56\n"
	"OFFSET(page.flags)=0\n"
	"OFFSET(page._count)=8\n"
	"OFFSET(page.mapping)=24\n"
	"OFFSET(page.lru)=40\n"
	"OFFSET(list_head.next)=0\n"
	"OFFSET(list_head.prev)=8\n"
	"LENGTH(zone.free_area)=11\n"
	"LENGTH(free_area.free_list)=5\n"
	"NUMBER(NR_FREE_PAGES)=0\n"
	"NUMBER(PG_lru)=5\n"
	"NUMBER(PG_private)=11\n"
	"NUMBER(PG_swapcache)=16\n";

/*
 * 2.6.38 as "makedumpfile -g" writes it from the vmlinux (used with -i):
 * DWARF gives page._mapcount/private and the pageflags enum (PG_slab,
 * PG_head -> PG_head_mask, PG_swapbacked, PG_hwpoison), the symbol table
 * free_huge_page.  PAGE_BUDDY_MAPCOUNT_VALUE is a #define (-2 in 2.6.38,
 * commit ef2b4b95a63a made buddy a _mapcount value), so it is absent.
 * struct page of 2.6.38 x86_64 is 56 bytes: flags 0, _count 8, _mapcount 12,
 * private/first_page 16, mapping 24, index 32, lru 40.
 */
static const char vmci_2_6_38[] =
	"OSRELEASE=2.6.38\n"
	"PAGESIZE=4096\n"
	"SYMBOL(mem_section)=ffffffff81c0b000\n"
	"SYMBOL(free_huge_page)=ffffffff8111d3a0\n"
	"SIZE(page)=56\n"
	"OFFSET(page.flags)=0\n"
	"OFFSET(page._count)=8\n"
	"OFFSET(page._mapcount)=12\n"
	"OFFSET(page.private)=16\n"
	"OFFSET(page.mapping)=24\n"
	"OFFSET(page.lru)=40\n"
	"OFFSET(list_head.next)=0\n"
	"OFFSET(list_head.prev)=8\n"
	"LENGTH(zone.free_area)=11\n"
	"LENGTH(free_area.free_list)=5\n"
	"NUMBER(PG_lru)=5\n"
	"NUMBER(PG_private)=11\n"
	"NUMBER(PG_head_mask)=16384\n"
	"NUMBER(PG_swapcache)=16\n"
	"NUMBER(PG_swapbacked)=19\n"
	"NUMBER(PG_slab)=7\n"
	"NUMBER(PG_hwpoison)=23\n";

/*
 * 4.1: kernel/kexec.c before the 4.3 kexec_core split (public copy read
 * through the code search): _mapcount, private, PG_slab, PG_hwpoison,
 * PG_head_mask, PAGE_BUDDY_MAPCOUNT_VALUE (-128 since 2.6.39) and
 * SYMBOL(free_huge_page); no compound_dtor/order/head offsets, so the
 * order is in the first tail's lru.prev and the dtor (a function pointer)
 * in lru.next.  Layout: flags 0, mapping 8, index 16, _mapcount 24,
 * _count 28, lru 32, private 48.  Flags (CONFIG_PAGEFLAGS_EXTENDED):
 * slab 7, private 11, head 14, tail 15, swapcache 16, swapbacked 19,
 * hwpoison 23.
 */
static const char vmci_4_1[] =
	"OSRELEASE=4.1.0\n"
	"PAGESIZE=4096\n"
	"SYMBOL(vmap_area_list)=ffffffff81c5b2d0\n"
	"SYMBOL(mem_section)=ffff88003ffd6000\n"
	"SIZE(page)=64\n"
	"OFFSET(page.flags)=0\n"
	"OFFSET(page._count)=28\n"
	"OFFSET(page.mapping)=8\n"
	"OFFSET(page.lru)=32\n"
	"OFFSET(page._mapcount)=24\n"
	"OFFSET(page.private)=48\n"
	"OFFSET(list_head.next)=0\n"
	"OFFSET(list_head.prev)=8\n"
	"LENGTH(zone.free_area)=11\n"
	"LENGTH(free_area.free_list)=5\n"
	"NUMBER(NR_FREE_PAGES)=0\n"
	"NUMBER(PG_lru)=5\n"
	"NUMBER(PG_private)=11\n"
	"NUMBER(PG_swapcache)=16\n"
	"NUMBER(PG_slab)=7\n"
	"NUMBER(PG_hwpoison)=23\n"
	"NUMBER(PG_head_mask)=16384\n"
	"NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-128\n"
	"NUMBER(KERNEL_IMAGE_SIZE)=1073741824\n"
	"SYMBOL(free_huge_page)=ffffffff811a5e20\n";

/*
 * 4.9 (kexec_core.c): compound_head/dtor/order offsets (4.4 commit
 * 1d798ca3f164 moved them into the first tail; on 64-bit they are
 * unsigned int at 40/44 until 4.16, makedumpfile reads u16), dtor is an ID:
 * HUGETLB_PAGE_DTOR 2, TRANSHUGE_PAGE_DTOR 3.  PG_tail is gone (4.4):
 * swapcache 15, swapbacked 18 (not exported), hwpoison 22, head 14.
 * PG_swapcache is still a real flag (aliased only in 4.10).
 */
static const char vmci_4_9[] =
	"OSRELEASE=4.9.0\n"
	"PAGESIZE=4096\n"
	"SYMBOL(mem_section)=ffff88003ffd6000\n"
	"SIZE(page)=64\n"
	"OFFSET(page.flags)=0\n"
	"OFFSET(page._refcount)=28\n"
	"OFFSET(page.mapping)=8\n"
	"OFFSET(page.lru)=32\n"
	"OFFSET(page._mapcount)=24\n"
	"OFFSET(page.private)=48\n"
	"OFFSET(page.compound_dtor)=40\n"
	"OFFSET(page.compound_order)=44\n"
	"OFFSET(page.compound_head)=32\n"
	"OFFSET(list_head.next)=0\n"
	"OFFSET(list_head.prev)=8\n"
	"LENGTH(zone.free_area)=11\n"
	"LENGTH(free_area.free_list)=5\n"
	"NUMBER(NR_FREE_PAGES)=0\n"
	"NUMBER(PG_lru)=5\n"
	"NUMBER(PG_private)=11\n"
	"NUMBER(PG_swapcache)=15\n"
	"NUMBER(PG_slab)=7\n"
	"NUMBER(PG_hwpoison)=22\n"
	"NUMBER(PG_head_mask)=16384\n"
	"NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-128\n"
	"NUMBER(HUGETLB_PAGE_DTOR)=2\n";

/*
 * 4.14 (crash_core.c, public copy at 00ed905a): same keys as 4.9.  4.10
 * added PG_waiters (bit 7) and made PG_swapcache an alias of
 * PG_owner_priv_1 (commit 6326fec1122c): slab 8, swapcache 9, private 12,
 * head 15, swapbacked 18 (exported only from 4.17, commit 1cbf29da3628),
 * hwpoison 22.
 */
static const char vmci_4_14[] =
	"OSRELEASE=4.14.0\n"
	"PAGESIZE=4096\n"
	"SYMBOL(mem_section)=ffff88003ffd6000\n"
	"SIZE(page)=64\n"
	"OFFSET(page.flags)=0\n"
	"OFFSET(page._refcount)=28\n"
	"OFFSET(page.mapping)=8\n"
	"OFFSET(page.lru)=32\n"
	"OFFSET(page._mapcount)=24\n"
	"OFFSET(page.private)=48\n"
	"OFFSET(page.compound_dtor)=40\n"
	"OFFSET(page.compound_order)=44\n"
	"OFFSET(page.compound_head)=32\n"
	"OFFSET(list_head.next)=0\n"
	"OFFSET(list_head.prev)=8\n"
	"LENGTH(zone.free_area)=11\n"
	"LENGTH(free_area.free_list)=5\n"
	"NUMBER(NR_FREE_PAGES)=0\n"
	"NUMBER(PG_lru)=5\n"
	"NUMBER(PG_private)=12\n"
	"NUMBER(PG_swapcache)=9\n"
	"NUMBER(PG_slab)=8\n"
	"NUMBER(PG_hwpoison)=22\n"
	"NUMBER(PG_head_mask)=32768\n"
	"NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-128\n"
	"NUMBER(HUGETLB_PAGE_DTOR)=2\n";

/*
 * 4.16: compound_dtor/order became unsigned char (makedumpfile switches
 * to u8 at 4.16), same offsets 40/41; still no PG_swapbacked key and
 * buddy -128 (-129 = ~PG_buddy from 4.18, commit 6e292b9be7f4).
 */
static const char vmci_4_16[] =
	"OSRELEASE=4.16.0\n"
	"PAGESIZE=4096\n"
	"SYMBOL(mem_section)=ffff88003ffd6000\n"
	"SIZE(page)=64\n"
	"OFFSET(page.flags)=0\n"
	"OFFSET(page._refcount)=28\n"
	"OFFSET(page.mapping)=8\n"
	"OFFSET(page.lru)=32\n"
	"OFFSET(page._mapcount)=24\n"
	"OFFSET(page.private)=48\n"
	"OFFSET(page.compound_dtor)=40\n"
	"OFFSET(page.compound_order)=41\n"
	"OFFSET(page.compound_head)=32\n"
	"OFFSET(list_head.next)=0\n"
	"OFFSET(list_head.prev)=8\n"
	"LENGTH(zone.free_area)=11\n"
	"LENGTH(free_area.free_list)=5\n"
	"NUMBER(NR_FREE_PAGES)=0\n"
	"NUMBER(PG_lru)=5\n"
	"NUMBER(PG_private)=12\n"
	"NUMBER(PG_swapcache)=9\n"
	"NUMBER(PG_slab)=8\n"
	"NUMBER(PG_hwpoison)=22\n"
	"NUMBER(PG_head_mask)=32768\n"
	"NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-128\n"
	"NUMBER(HUGETLB_PAGE_DTOR)=2\n";

/*
 * 5.10..6.2: the 4.18 struct page (flags 0, lru/compound_head 8,
 * compound_dtor 16, compound_order 17, mapping 24, private 40, _mapcount
 * 48, _refcount 52) and the 6.1 flag numbers; every value below is the
 * real Debian 6.1 note (tests/data/vmcoreinfo/debian-6.1.txt), which has
 * the 5.10 key set plus BUILD-ID.  PAGE_OFFLINE_MAPCOUNT_VALUE since 5.0.
 */
#define MM_5_10_KEYS \
	"PAGESIZE=4096\n" \
	"SYMBOL(mem_section)=ff49ac467f04f000\n" \
	"SIZE(page)=64\n" \
	"OFFSET(page.flags)=0\n" \
	"OFFSET(page._refcount)=52\n" \
	"OFFSET(page.mapping)=24\n" \
	"OFFSET(page.lru)=8\n" \
	"OFFSET(page._mapcount)=48\n" \
	"OFFSET(page.private)=40\n"
#define MM_5_10_TAIL \
	"OFFSET(list_head.next)=0\n" \
	"OFFSET(list_head.prev)=8\n" \
	"LENGTH(zone.free_area)=11\n" \
	"LENGTH(free_area.free_list)=5\n" \
	"NUMBER(NR_FREE_PAGES)=0\n"

static const char vmci_5_10[] =
	"OSRELEASE=5.10.0\n"
	MM_5_10_KEYS
	"OFFSET(page.compound_dtor)=16\n"
	"OFFSET(page.compound_order)=17\n"
	"OFFSET(page.compound_head)=8\n"
	MM_5_10_TAIL
	"NUMBER(PG_lru)=4\n"
	"NUMBER(PG_private)=13\n"
	"NUMBER(PG_swapcache)=10\n"
	"NUMBER(PG_swapbacked)=19\n"
	"NUMBER(PG_slab)=9\n"
	"NUMBER(PG_hwpoison)=23\n"
	"NUMBER(PG_head_mask)=65536\n"
	"NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-129\n"
	"NUMBER(HUGETLB_PAGE_DTOR)=2\n"
	"NUMBER(PAGE_OFFLINE_MAPCOUNT_VALUE)=-257\n";

/* 6.2: same keys (commit 130d4df57390 put slab.slabs on page.mapping). */
static const char vmci_6_2[] =
	"OSRELEASE=6.2.0\n"
	MM_5_10_KEYS
	"OFFSET(page.compound_dtor)=16\n"
	"OFFSET(page.compound_order)=17\n"
	"OFFSET(page.compound_head)=8\n"
	MM_5_10_TAIL
	"NUMBER(PG_lru)=4\n"
	"NUMBER(PG_private)=13\n"
	"NUMBER(PG_swapcache)=10\n"
	"NUMBER(PG_swapbacked)=19\n"
	"NUMBER(PG_slab)=9\n"
	"NUMBER(PG_hwpoison)=23\n"
	"NUMBER(PG_head_mask)=65536\n"
	"NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-129\n"
	"NUMBER(HUGETLB_PAGE_DTOR)=2\n"
	"NUMBER(PAGE_OFFLINE_MAPCOUNT_VALUE)=-257\n";

/*
 * 6.3..6.5: commit 1c5509be58f6 replaced page.compound_dtor/order by
 * folio._folio_dtor/_folio_order, counted from the head: 64 + 16, 64 + 17.
 */
static const char vmci_6_3[] =
	"OSRELEASE=6.3.0\n"
	MM_5_10_KEYS
	"OFFSET(folio._folio_dtor)=80\n"
	"OFFSET(folio._folio_order)=81\n"
	"OFFSET(page.compound_head)=8\n"
	MM_5_10_TAIL
	"NUMBER(PG_lru)=4\n"
	"NUMBER(PG_private)=13\n"
	"NUMBER(PG_swapcache)=10\n"
	"NUMBER(PG_swapbacked)=19\n"
	"NUMBER(PG_slab)=9\n"
	"NUMBER(PG_hwpoison)=23\n"
	"NUMBER(PG_head_mask)=65536\n"
	"NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-129\n"
	"NUMBER(HUGETLB_PAGE_DTOR)=2\n"
	"NUMBER(PAGE_OFFLINE_MAPCOUNT_VALUE)=-257\n";

/*
 * 6.6..6.8: the "Remove _folio_dtor and _folio_order" series: commit
 * 9c5ccf2db04b (PG_hugetlb = PG_active in the first tail, exported),
 * "mm: Rearrange page flags" (PG_writeback 1, PG_head 6, PG_waiters 7,
 * PG_active 8, ... derived: error 10, slab 11, owner_priv_1 12, private 15,
 * swapbacked 19, hwpoison 23) and ebc1baf5c9b4 (order in the low byte of
 * _flags_1; OFFSET(folio._folio_order) removed).
 */
#define FLAGS_6_6 \
	"NUMBER(PG_lru)=5\n" \
	"NUMBER(PG_private)=15\n" \
	"NUMBER(PG_swapcache)=12\n" \
	"NUMBER(PG_swapbacked)=19\n"
static const char vmci_6_6[] =
	"OSRELEASE=6.6.0\n"
	MM_5_10_KEYS
	"OFFSET(page.compound_head)=8\n"
	MM_5_10_TAIL
	FLAGS_6_6
	"NUMBER(PG_slab)=11\n"
	"NUMBER(PG_hwpoison)=23\n"
	"NUMBER(PG_head_mask)=64\n"
	"NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-129\n"
	"NUMBER(PG_hugetlb)=8\n"
	"NUMBER(PAGE_OFFLINE_MAPCOUNT_VALUE)=-257\n";

/*
 * 6.9: commit d99e3140a4d3 made hugetlb a page type in the head's
 * _mapcount: PAGE_HUGETLB_MAPCOUNT_VALUE = ~PG_hugetlb(0x800) = -2049;
 * NUMBER(PG_hugetlb) gone.  Flags as 6.6.
 */
static const char vmci_6_9[] =
	"OSRELEASE=6.9.0\n"
	MM_5_10_KEYS
	"OFFSET(page.compound_head)=8\n"
	MM_5_10_TAIL
	FLAGS_6_6
	"NUMBER(PG_slab)=11\n"
	"NUMBER(PG_hwpoison)=23\n"
	"NUMBER(PG_head_mask)=64\n"
	"NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-129\n"
	"NUMBER(PAGE_HUGETLB_MAPCOUNT_VALUE)=-2049\n"
	"NUMBER(PAGE_OFFLINE_MAPCOUNT_VALUE)=-257\n";

/*
 * 6.10..6.11: commit 46df8e73a4a3 ("mm: free up PG_slab"): slab is a page
 * type, PAGE_SLAB_MAPCOUNT_VALUE = ~0x1000 = -4097, NUMBER(PG_slab) gone;
 * the flags above PG_slab move down by one (derived: owner_priv_1 11,
 * private 14, swapbacked 18, hwpoison 22).  Buddy still ~PG_buddy = -129.
 */
static const char vmci_6_10[] =
	"OSRELEASE=6.10.0\n"
	MM_5_10_KEYS
	"OFFSET(page.compound_head)=8\n"
	MM_5_10_TAIL
	"NUMBER(PG_lru)=5\n"
	"NUMBER(PG_private)=14\n"
	"NUMBER(PG_swapcache)=11\n"
	"NUMBER(PG_swapbacked)=18\n"
	"NUMBER(PAGE_SLAB_MAPCOUNT_VALUE)=-4097\n"
	"NUMBER(PG_hwpoison)=22\n"
	"NUMBER(PG_head_mask)=64\n"
	"NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-129\n"
	"NUMBER(PAGE_HUGETLB_MAPCOUNT_VALUE)=-2049\n"
	"NUMBER(PAGE_OFFLINE_MAPCOUNT_VALUE)=-257\n";

/*
 * 6.12: commit 4ffca5a96678 ("mm: support only one page_type per page"):
 * PGTY_x << 24.  All values are the real Debian 6.12 note.
 */
#define FLAGS_6_12 \
	"NUMBER(PG_lru)=5\n" \
	"NUMBER(PG_private)=14\n" \
	"NUMBER(PG_swapcache)=10\n" \
	"NUMBER(PG_swapbacked)=17\n" \
	"NUMBER(PAGE_SLAB_MAPCOUNT_VALUE)=-184549376\n" \
	"NUMBER(PG_hwpoison)=20\n" \
	"NUMBER(PG_head_mask)=64\n" \
	"NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-268435456\n" \
	"NUMBER(PAGE_HUGETLB_MAPCOUNT_VALUE)=-201326592\n" \
	"NUMBER(PAGE_OFFLINE_MAPCOUNT_VALUE)=-251658240\n"
static const char vmci_6_12[] =
	"OSRELEASE=6.12.117+deb12-amd64\n"
	MM_5_10_KEYS
	"OFFSET(page.compound_head)=8\n"
	MM_5_10_TAIL
	FLAGS_6_12;

/*
 * 6.16: CONFIG_UNACCEPTED_MEMORY kernels add PAGE_UNACCEPTED_MAPCOUNT_VALUE
 * = PGTY_unaccepted(0xf7) << 24 (vmcore_info.c; makedumpfile c1a9301).
 * Flag numbers copied from the 6.12 note (not checked on a 6.16 build).
 */
static const char vmci_6_16[] =
	"OSRELEASE=6.16.0\n"
	MM_5_10_KEYS
	"OFFSET(page.compound_head)=8\n"
	MM_5_10_TAIL
	FLAGS_6_12
	"NUMBER(PAGE_UNACCEPTED_MAPCOUNT_VALUE)=-150994944\n";

/*
 * 7.1: commit d50569612c29 renamed page.compound_head to compound_info,
 * and its VMCOREINFO key with it (makedumpfile f50c015).
 */
static const char vmci_7_1[] =
	"OSRELEASE=7.1.0\n"
	MM_5_10_KEYS
	"OFFSET(page.compound_info)=8\n"
	MM_5_10_TAIL
	FLAGS_6_12
	"NUMBER(PAGE_UNACCEPTED_MAPCOUNT_VALUE)=-150994944\n";


#endif
