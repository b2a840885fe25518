// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Page classification, kernel era by kernel era (doc/kernel-rules.md).
 *
 * Each fixture is a VMCOREINFO text with the key set the kernel of that era
 * emits (kernel/kexec.c, kexec_core.c from 4.3, crash_core.c from 4.13,
 * vmcore_info.c from 6.9), trimmed to the keys the mem_map scan reads, and a
 * separate description of the kernel's real struct page (offsets, flag bits,
 * page type values) that the page builder uses.  The builder is deliberately
 * independent of sievedump's rule selection: it writes what the kernel
 * writes, so a wrong rule (wrong offset, width, fallback) shows up as a wrong
 * verdict.  Every fixture page is judged at dump levels 0 1 2 4 8 16 31 and
 * compared with the rule table of doc/kernel-rules.md (makedumpfile HEAD).
 *
 * Sources of the values:
 * - debian-6.1 / debian-6.12: tests/data/vmcoreinfo (real notes);
 * - emitter key sets: the public kernel sources read through the code search
 *   (kexec.c ~4.1, crash_core.c ~4.14, vmcore_info.c 6.16+) and the kernel
 *   commits cited by makedumpfile's fixes (its git log);
 * - struct page layouts and enum pageflags: include/linux/mm_types.h and
 *   page-flags.h of each era (cited per fixture).  Values marked "derived"
 *   were computed from the enum, not read from a real note.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sievedump/classify.h"
#include "sievedump/vmcoreinfo.h"

static int n_test, n_fail;

static void
ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	n_test++;
	if (!cond)
		n_fail++;
	printf("%sok %d - ", cond ? "" : "not ", n_test);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

#include "classify-fixtures.h"
/* ------------------------------------------------------------------ */
/* The kernel's side: what struct page really holds in each era         */
/* ------------------------------------------------------------------ */

enum cmode { CM_LRU, CM_U32, CM_U8, CM_FLAGS1 };
enum hmode { HM_DTOR, HM_FLAG, HM_TYPE };

struct era {
	const char *name;		/* fixture name in doc/kernel-rules.md */
	const char *text;
	unsigned psize;
	int o_flags, o_mapping, o_mapcount, o_private;
	int o_head;			/* -1: tails use PG_tail + first_page */
	bool head_key;			/* VMCOREINFO names the head offset */
	enum cmode cmode;
	int o_order, o_dtor;		/* inside the first tail */
	uint64_t dtor_thp, dtor_huge;
	enum hmode hmode;
	int pg_lru, pg_private, pg_swapcache, pg_swapbacked, pg_slab;
	int pg_hwpoison, pg_head, pg_tail, pg_hugetlb, pg_waiters;
	uint32_t buddy, slab_type, offline, hugetlb_type, unaccepted;
	bool has_offline, has_unaccepted, slabs_on_mapping, file_thp;
	/* the rule sievedump must pick */
	enum sd_order_source want_order;
	enum sd_hugetlb_test want_huge;
	int want_width;
};

#define NEG(x) ((uint32_t)(x))

static const struct era eras[] = {
	{ "2.6.38-g", vmci_2_6_38, 56, 0, 24, 12, 16, -1, false,
	  CM_LRU, 48, 40, 0xffffffff810f8c10ULL, 0xffffffff8111d3a0ULL, HM_DTOR,
	  5, 11, 16, 19, 7, 23, 14, 15, -1, -1,
	  NEG(-2), 0, 0, 0, 0, false, false, false, false,
	  SD_ORDER_LRU, SD_HUGETLB_FUNC, 2 },
	{ "4.1", vmci_4_1, 64, 0, 8, 24, 48, -1, false,
	  CM_LRU, 40, 32, 0xffffffff8117ac50ULL, 0xffffffff811a5e20ULL, HM_DTOR,
	  5, 11, 16, 19, 7, 23, 14, 15, -1, -1,
	  NEG(-128), 0, 0, 0, 0, false, false, false, false,
	  SD_ORDER_LRU, SD_HUGETLB_FUNC, 2 },
	{ "4.9", vmci_4_9, 64, 0, 8, 24, 48, 32, true,
	  CM_U32, 44, 40, 3, 2, HM_DTOR,
	  5, 11, 15, 18, 7, 22, 14, -1, -1, -1,
	  NEG(-128), 0, 0, 0, 0, false, false, false, true,
	  SD_ORDER_PAGE, SD_HUGETLB_DTOR, 2 },
	{ "4.14", vmci_4_14, 64, 0, 8, 24, 48, 32, true,
	  CM_U32, 44, 40, 3, 2, HM_DTOR,
	  5, 12, 9, 18, 8, 22, 15, -1, -1, 7,
	  NEG(-128), 0, 0, 0, 0, false, false, false, true,
	  SD_ORDER_PAGE, SD_HUGETLB_DTOR, 2 },
	{ "4.16", vmci_4_16, 64, 0, 8, 24, 48, 32, true,
	  CM_U8, 41, 40, 3, 2, HM_DTOR,
	  5, 12, 9, 18, 8, 22, 15, -1, -1, 7,
	  NEG(-128), 0, 0, 0, 0, false, false, false, true,
	  SD_ORDER_PAGE, SD_HUGETLB_DTOR, 1 },
	{ "5.10", vmci_5_10, 64, 0, 24, 48, 40, 8, true,
	  CM_U8, 17, 16, 3, 2, HM_DTOR,
	  4, 13, 10, 19, 9, 23, 16, -1, -1, 7,
	  NEG(-129), 0, NEG(-257), 0, 0, true, false, false, true,
	  SD_ORDER_PAGE, SD_HUGETLB_DTOR, 1 },
	{ "6.2", vmci_6_2, 64, 0, 24, 48, 40, 8, true,
	  CM_U8, 17, 16, 3, 2, HM_DTOR,
	  4, 13, 10, 19, 9, 23, 16, -1, -1, 7,
	  NEG(-129), 0, NEG(-257), 0, 0, true, false, true, true,
	  SD_ORDER_PAGE, SD_HUGETLB_DTOR, 1 },
	{ "6.3", vmci_6_3, 64, 0, 24, 48, 40, 8, true,
	  CM_U8, 17, 16, 3, 2, HM_DTOR,
	  4, 13, 10, 19, 9, 23, 16, -1, -1, 7,
	  NEG(-129), 0, NEG(-257), 0, 0, true, false, true, true,
	  SD_ORDER_FOLIO, SD_HUGETLB_DTOR, 1 },
	{ "6.6", vmci_6_6, 64, 0, 24, 48, 40, 8, true,
	  CM_FLAGS1, -1, -1, 0, 0, HM_FLAG,
	  5, 15, 12, 19, 11, 23, 6, -1, 8, 7,
	  NEG(-129), 0, NEG(-257), 0, 0, true, false, true, true,
	  SD_ORDER_FLAGS1, SD_HUGETLB_FLAG, 1 },
	{ "6.9", vmci_6_9, 64, 0, 24, 48, 40, 8, true,
	  CM_FLAGS1, -1, -1, 0, 0, HM_TYPE,
	  5, 15, 12, 19, 11, 23, 6, -1, -1, 7,
	  NEG(-129), 0, NEG(-257), NEG(-2049), 0, true, false, true, true,
	  SD_ORDER_FLAGS1, SD_HUGETLB_TYPE, 1 },
	{ "6.10", vmci_6_10, 64, 0, 24, 48, 40, 8, true,
	  CM_FLAGS1, -1, -1, 0, 0, HM_TYPE,
	  5, 14, 11, 18, -1, 22, 6, -1, -1, 7,
	  NEG(-129), NEG(-4097), NEG(-257), NEG(-2049), 0, true, false, true,
	  true, SD_ORDER_FLAGS1, SD_HUGETLB_TYPE, 1 },
	{ "6.12", vmci_6_12, 64, 0, 24, 48, 40, 8, true,
	  CM_FLAGS1, -1, -1, 0, 0, HM_TYPE,
	  5, 14, 10, 17, -1, 20, 6, -1, -1, 7,
	  0xf0000000u, 0xf5000000u, 0xf1000000u, 0xf4000000u, 0, true, false,
	  true, true, SD_ORDER_FLAGS1, SD_HUGETLB_TYPE, 1 },
	{ "6.16", vmci_6_16, 64, 0, 24, 48, 40, 8, true,
	  CM_FLAGS1, -1, -1, 0, 0, HM_TYPE,
	  5, 14, 10, 17, -1, 20, 6, -1, -1, 7,
	  0xf0000000u, 0xf5000000u, 0xf1000000u, 0xf4000000u, 0xf7000000u,
	  true, true, true, true, SD_ORDER_FLAGS1, SD_HUGETLB_TYPE, 1 },
	{ "7.1", vmci_7_1, 64, 0, 24, 48, 40, 8, true,
	  CM_FLAGS1, -1, -1, 0, 0, HM_TYPE,
	  5, 14, 10, 17, -1, 20, 6, -1, -1, 7,
	  0xf0000000u, 0xf5000000u, 0xf1000000u, 0xf4000000u, 0xf7000000u,
	  true, true, true, true, SD_ORDER_FLAGS1, SD_HUGETLB_TYPE, 1 },
};
#define N_ERAS (sizeof(eras) / sizeof(eras[0]))

/* ------------------------------------------------------------------ */
/* Page builder                                                         */
/* ------------------------------------------------------------------ */

enum kind {
	K_BUDDY0, K_BUDDY10, K_BUDDY_BAD, K_CACHE, K_CACHE_PRIV, K_SWAPCACHE,
	K_ANON, K_KSM, K_SLAB, K_SLAB_BUDDYLIKE, K_THP_ANON, K_THP_FILE,
	K_TAIL, K_HUGETLB, K_HWPOISON, K_OFFLINE, K_UNACCEPTED, K_MOVABLE,
	K_COUNT
};

static const char *const kind_name[K_COUNT] = {
	"buddy order 0", "buddy order 10", "buddy order 11 (invalid)",
	"page cache", "page cache + PG_private", "swap cache", "anon", "KSM",
	"slab", "slab with a buddy-like _mapcount word", "THP anon head",
	"THP file head", "THP tail", "hugetlb head", "hwpoison", "offline",
	"unaccepted", "movable (mapping | 2)",
};

static const char *const cat_name[SD_CAT_COUNT] = {
	"KEEP", "TAIL", "FREE", "CACHE", "CACHE_PRIVATE", "USER", "HWPOISON",
	"OFFLINE",
};

#define HEAD_VA		0xffffea0000400000ULL	/* vmemmap address of the head */
#define ANON_VMA	0xffff888003a1c2d0ULL
#define ADDR_SPACE	0xffff888004b3e8a8ULL
#define KSM_NODE	0xffff888005c0d340ULL
#define KMEM_CACHE	0xffff888001042a00ULL

enum { NPAGES = 4, PAGE_MAX = 64 };

static void
put(uint8_t *p, int off, uint64_t v, int width)
{
	if (off >= 0)
		memcpy(p + off, &v, (size_t)width);	/* little endian */
}

static uint64_t
get(const uint8_t *p, int off)
{
	uint64_t v = 0;

	if (off >= 0)
		memcpy(&v, p + off, 8);
	return v;
}

static uint64_t
bit(int n)
{
	return n < 0 ? 0 : 1ULL << n;
}

static void
set_flags(const struct era *e, uint8_t *p, uint64_t f)
{
	put(p, e->o_flags, get(p, e->o_flags) | f, 8);
}

/* Make the head at @buf a compound page of @order, with tails 1 and 2. */
static void
make_compound(const struct era *e, uint8_t *buf, unsigned order, bool huge)
{
	uint8_t *t1 = buf + e->psize, *t2 = buf + 2 * e->psize;
	uint64_t dtor = huge ? e->dtor_huge : e->dtor_thp;

	set_flags(e, buf, bit(e->pg_head));
	for (uint8_t *t = t1; t <= t2; t += e->psize) {
		if (e->o_head >= 0) {
			put(t, e->o_head, HEAD_VA | 1, 8);
		} else {		/* < 4.4: PG_tail and first_page */
			set_flags(e, t, bit(e->pg_tail));
			put(t, e->o_private, HEAD_VA, 8);
		}
	}
	switch (e->cmode) {
	case CM_LRU:	/* set_compound_order: lru.prev; dtor: lru.next */
		put(t1, e->o_order, order, 8);
		put(t1, e->o_dtor, dtor, 8);
		break;
	case CM_U32:
		put(t1, e->o_order, order, 4);
		put(t1, e->o_dtor, dtor, 4);
		break;
	case CM_U8:
		put(t1, e->o_order, order, 1);
		put(t1, e->o_dtor, dtor, 1);
		if (e->o_order == 17)	/* 4.18+: compound_mapcount = -1 */
			put(t1, 20, 0xffffffff, 4);
		break;
	case CM_FLAGS1:	/* folio_set_order: low byte of _flags_1 */
		set_flags(e, t1, order);
		if (!huge)	/* PG_large_rmappable = PG_workingset (9) */
			set_flags(e, t1, bit(9));
		put(t1, 20, 0xffffffff, 4);	/* _entire_mapcount = -1 */
		break;
	}
	if (huge && e->hmode == HM_FLAG)
		set_flags(e, t1, bit(e->pg_hugetlb));
	if (huge && e->hmode == HM_TYPE)
		put(buf, e->o_mapcount, e->hugetlb_type, 4);
}

/* Build @k; returns the struct page to judge and sets its pfn. */
static const uint8_t *
build(const struct era *e, enum kind k, uint8_t *buf, uint64_t *pfn)
{
	memset(buf, 0, NPAGES * PAGE_MAX);
	put(buf, e->o_mapcount, 0xffffffff, 4);	/* _mapcount = -1 */
	*pfn = 0x1000 + k;
	switch (k) {
	case K_BUDDY0:
	case K_BUDDY10:
	case K_BUDDY_BAD:
		put(buf, e->o_mapcount, e->buddy, 4);
		put(buf, e->o_private, k == K_BUDDY0 ? 0 : k == K_BUDDY10 ? 10
							      : 11, 8);
		*pfn = k == K_BUDDY10 ? 0x400 * 8 : *pfn;
		break;
	case K_CACHE_PRIV:
		set_flags(e, buf, bit(e->pg_private));
		put(buf, e->o_private, 0xffff888006e1d000ULL, 8); /* bh */
		/* fall through */
	case K_CACHE:
		set_flags(e, buf, bit(e->pg_lru));
		put(buf, e->o_mapping, ADDR_SPACE, 8);
		break;
	case K_SWAPCACHE:	/* not mapped, not yet on the LRU */
		set_flags(e, buf, bit(e->pg_swapcache) | bit(e->pg_swapbacked));
		put(buf, e->o_private, 0x3a5c0, 8);	/* swp_entry_t */
		break;
	case K_ANON:
		set_flags(e, buf, bit(e->pg_lru) | bit(e->pg_swapbacked));
		put(buf, e->o_mapping, ANON_VMA | 1, 8);
		put(buf, e->o_mapcount, 0, 4);
		break;
	case K_KSM:
		set_flags(e, buf, bit(e->pg_lru) | bit(e->pg_swapbacked));
		put(buf, e->o_mapping, KSM_NODE | 3, 8);
		put(buf, e->o_mapcount, 1, 4);
		break;
	case K_SLAB:
		set_flags(e, buf, bit(e->pg_slab));
		if (e->slab_type)
			put(buf, e->o_mapcount, e->slab_type, 4);
		/* 6.2+: slab.slabs (an odd count) sits on page.mapping */
		put(buf, e->o_mapping, e->slabs_on_mapping ? 3 : KMEM_CACHE, 8);
		break;
	case K_SLAB_BUDDYLIKE:	/* SLUB counters over _mapcount (< 5.17) */
		set_flags(e, buf, bit(e->pg_slab));
		put(buf, e->o_mapcount, e->buddy, 4);
		put(buf, e->o_private, 0, 8);
		break;
	case K_THP_ANON:
		set_flags(e, buf, bit(e->pg_lru) | bit(e->pg_swapbacked));
		put(buf, e->o_mapping, ANON_VMA | 1, 8);
		make_compound(e, buf, 9, false);
		*pfn = 0x200 * 5;
		break;
	case K_THP_FILE:
		set_flags(e, buf, bit(e->pg_lru));
		put(buf, e->o_mapping, ADDR_SPACE, 8);
		make_compound(e, buf, 9, false);
		*pfn = 0x200 * 6;
		break;
	case K_TAIL:		/* tail 2 of an anon THP */
		make_compound(e, buf, 9, false);
		if (e->o_head >= 0)	/* 4.5+: tails may carry the anon mapping */
			put(buf + 2 * e->psize, e->o_mapping, ANON_VMA | 1, 8);
		*pfn = 0x200 * 7 + 2;
		return buf + 2 * e->psize;
	case K_HUGETLB:		/* hugetlbfs file page: not anon, not LRU */
		put(buf, e->o_mapping, ADDR_SPACE, 8);
		make_compound(e, buf, 9, true);
		*pfn = 0x200 * 8;
		break;
	case K_HWPOISON:
		set_flags(e, buf, bit(e->pg_hwpoison));
		break;
	case K_OFFLINE:
		put(buf, e->o_mapcount, e->has_offline ? e->offline
						       : NEG(-257), 4);
		break;
	case K_UNACCEPTED:
		put(buf, e->o_mapcount, e->has_unaccepted ? e->unaccepted
							  : 0xf7000000u, 4);
		*pfn = 0x400 * 9;
		break;
	case K_MOVABLE:		/* zsmalloc/balloon: PAGE_MAPPING_MOVABLE */
		put(buf, e->o_mapping, KSM_NODE | 2, 8);
		break;
	default:
		break;
	}
	return buf;
}

/* The rule table (doc/kernel-rules.md) applied to what the kernel put there. */
static void
expect(const struct era *e, enum kind k, int dl, enum sd_page_cat *cat,
       uint64_t *nr, bool *bad)
{
	bool free = dl & 16, cache = dl & (2 | 4), priv = dl & 4, user = dl & 8;

	*cat = SD_CAT_KEEP;
	*nr = 1;
	*bad = false;
	switch (k) {
	case K_BUDDY0:
		if (free)
			*cat = SD_CAT_FREE;
		break;
	case K_BUDDY10:
		if (free) {
			*cat = SD_CAT_FREE;
			*nr = 1024;
		}
		break;
	case K_BUDDY_BAD:
		*bad = free;
		break;
	case K_CACHE:
	case K_SWAPCACHE:
		if (cache)
			*cat = SD_CAT_CACHE;
		break;
	case K_CACHE_PRIV:
		if (priv)
			*cat = SD_CAT_CACHE_PRIVATE;
		break;
	case K_ANON:
	case K_KSM:
		if (user)
			*cat = SD_CAT_USER;
		break;
	case K_THP_ANON:
	case K_HUGETLB:
		if (user) {
			*cat = SD_CAT_USER;
			*nr = 512;
		}
		break;
	case K_THP_FILE:
		if (cache) {
			*cat = SD_CAT_CACHE;
			*nr = 512;
		}
		break;
	case K_TAIL:	/* < 4.4 (no compound_head): judged alone, kept */
		if (e->head_key)
			*cat = SD_CAT_TAIL;
		break;
	case K_HWPOISON:
		if (e->pg_hwpoison >= 0)
			*cat = SD_CAT_HWPOISON;
		break;
	case K_OFFLINE:
		if (e->has_offline)
			*cat = SD_CAT_OFFLINE;
		break;
	case K_UNACCEPTED:
		if (e->has_unaccepted && free) {
			*cat = SD_CAT_FREE;
			*nr = 1024;
		}
		break;
	default:
		break;
	}
}

static const int levels[] = { 0, 1, 2, 4, 8, 16, 31 };
#define N_LEVELS (sizeof(levels) / sizeof(levels[0]))

static struct sd_vmcoreinfo *
parse(const char *text, const char *name)
{
	struct sd_err err = { 0 };
	struct sd_vmcoreinfo *v = NULL;

	if (sd_vmci_parse(text, strlen(text), name, &v, &err)) {
		printf("# %s: %s\n", name, err.msg);
		return NULL;
	}
	return v;
}

static bool
rules(const struct sd_vmcoreinfo *v, int dl, struct sd_page_rules *r)
{
	struct sd_err err = { 0 };

	if (sd_page_rules_init(r, v, dl, &err)) {
		printf("# rules: %s\n", err.msg);
		return false;
	}
	return true;
}

/* Judge one struct page; returns the verdict. */
static struct sd_page_verdict
judge(const struct sd_page_rules *r, uint64_t pfn, const uint8_t *page,
      const uint8_t *tail1)
{
	struct sd_page_verdict v;

	sd_page_classify(r, pfn, page, tail1, &v);
	return v;
}

static void
test_era(const struct era *e)
{
	struct sd_vmcoreinfo *v = parse(e->text, e->name);
	struct sd_page_rules r[N_LEVELS];
	uint8_t buf[NPAGES * PAGE_MAX];

	ok(v != NULL, "%s: VMCOREINFO parses", e->name);
	if (!v)
		return;
	for (size_t l = 0; l < N_LEVELS; l++)
		if (!rules(v, levels[l], &r[l])) {
			ok(0, "%s: rules at level %d", e->name, levels[l]);
			sd_vmci_free(v);
			return;
		}
	ok(r[0].order_src == e->want_order && r[0].hugetlb_test == e->want_huge &&
	   r[0].order_width == e->want_width,
	   "%s: compound rule (order %d/%d, hugetlb %d/%d, width %d/%d)",
	   e->name, r[0].order_src, e->want_order, r[0].hugetlb_test,
	   e->want_huge, r[0].order_width, e->want_width);
	ok(r[0].have_buddy_value && r[0].buddy_value == e->buddy &&
	   r[6].can_buddy && sd_page_rules_need_scan(&r[5]),
	   "%s: buddy rule _mapcount == %d", e->name, (int)e->buddy);
	ok(r[0].page_size == e->psize && r[0].max_order == 11,
	   "%s: SIZE(page) %u, LENGTH(zone.free_area) 11", e->name, e->psize);

	for (int k = 0; k < K_COUNT; k++) {
		char why[256] = "";
		size_t wl = 0;
		bool good = true;

		if (k == K_THP_FILE && !e->file_thp)
			continue;	/* file THP since 4.8 */
		if (k == K_SLAB_BUDDYLIKE && e->pg_slab < 0)
			continue;	/* 6.10+: _mapcount is the slab type */
		for (size_t l = 0; l < N_LEVELS; l++) {
			uint64_t pfn, nr;
			const uint8_t *pg = build(e, (enum kind)k, buf, &pfn);
			struct sd_page_verdict got;
			enum sd_page_cat cat;
			bool bad;

			got = judge(&r[l], pfn, pg, pg + e->psize);
			expect(e, (enum kind)k, levels[l], &cat, &nr, &bad);
			if (got.cat == cat && (cat == SD_CAT_KEEP ||
			    cat == SD_CAT_TAIL || got.nr == nr) &&
			    got.bad_order == bad)
				continue;
			good = false;
			if (wl < sizeof(why) - 64)
				wl += (size_t)snprintf(why + wl, sizeof(why) - wl,
					" [-d %d: got %s nr %llu%s, want %s nr %llu%s]",
					levels[l], cat_name[got.cat],
					(unsigned long long)got.nr,
					got.bad_order ? " bad" : "",
					cat_name[cat], (unsigned long long)nr,
					bad ? " bad" : "");
		}
		ok(good, "%s: %s%s", e->name, kind_name[k], why);
	}
	sd_vmci_free(v);
}

/* ------------------------------------------------------------------ */
/* Era-specific rules and makedumpfile's quirks                         */
/* ------------------------------------------------------------------ */

static const struct era *
era(const char *name)
{
	for (size_t i = 0; i < N_ERAS; i++)
		if (!strcmp(eras[i].name, name))
			return &eras[i];
	abort();
}

/* Build a one-page fixture with the given fields and judge it. */
static struct sd_page_verdict
one(const struct era *e, const struct sd_page_rules *r, uint64_t flags,
    uint64_t mapping, uint32_t mapcount, uint64_t priv)
{
	uint8_t buf[NPAGES * PAGE_MAX] = { 0 };

	put(buf, e->o_flags, flags, 8);
	put(buf, e->o_mapping, mapping, 8);
	put(buf, e->o_mapcount, mapcount, 4);
	put(buf, e->o_private, priv, 8);
	return judge(r, 0x1234, buf, buf + e->psize);
}

static void
test_2_6_38_note(void)
{
	struct sd_vmcoreinfo *v = parse(vmci_2_6_38_note, "2.6.38 note");
	struct sd_page_rules r;

	if (!v || !rules(v, 31, &r)) {
		ok(0, "2.6.38 note: rules");
		sd_vmci_free(v);
		return;
	}
	ok(!r.can_buddy && !r.hwpoison && !r.head,
	   "2.6.38 note: no _mapcount/private/PG_head_mask: no buddy marks, "
	   "no hwpoison, no compound heads");
	r.dump_level = 16;
	ok(!sd_page_rules_need_scan(&r),
	   "2.6.38 note: -d 16 needs the free-list walk, not the scan");
	sd_vmci_free(v);
}

/* The -128 fallback of get_value_for_old_linux, and where it stops. */
static void
test_buddy_fallback(void)
{
	static const char t39[] =
		"OSRELEASE=3.10.0\nPAGESIZE=4096\nSIZE(page)=64\n"
		"OFFSET(page.flags)=0\nOFFSET(page.mapping)=8\n"
		"OFFSET(page._mapcount)=24\nOFFSET(page.private)=48\n";
	static const char t518[] =
		"OSRELEASE=5.10.0\nPAGESIZE=4096\nSIZE(page)=64\n"
		"OFFSET(page.flags)=0\nOFFSET(page.mapping)=24\n"
		"OFFSET(page._mapcount)=48\nOFFSET(page.private)=40\n";
	struct sd_vmcoreinfo *v;
	struct sd_page_rules r;

	v = parse(t39, "3.10 -g");
	ok(v && rules(v, 31, &r) && r.have_buddy_value &&
	   r.buddy_value == NEG(-128) && r.can_buddy,
	   "2.6.39-4.17 without the key: PAGE_BUDDY_MAPCOUNT_VALUE -128");
	sd_vmci_free(v);
	v = parse(t518, "5.10 -g");
	ok(v && rules(v, 31, &r) && !r.have_buddy_value && !r.can_buddy,
	   "4.18+ without the key: no guess (makedumpfile would use -128)");
	sd_vmci_free(v);
}

/* 4.9 / 4.14 / 4.16: PG_swapcache before and after the 4.10 alias. */
static void
test_swapcache(void)
{
	const struct era *e9 = era("4.9"), *e14 = era("4.14"), *e16 = era("4.16");
	struct sd_vmcoreinfo *v9 = parse(e9->text, e9->name);
	struct sd_vmcoreinfo *v14 = parse(e14->text, e14->name);
	struct sd_vmcoreinfo *v16 = parse(e16->text, e16->name);
	struct sd_page_rules r9, r14, r16;

	if (!v9 || !v14 || !v16 || !rules(v9, 31, &r9) ||
	    !rules(v14, 31, &r14) || !rules(v16, 31, &r16)) {
		ok(0, "swapcache fixtures");
		goto out;
	}
	ok(one(e9, &r9, bit(e9->pg_swapcache), 0, NEG(-1), 0x3a5c0).cat ==
	   SD_CAT_CACHE,
	   "4.9: PG_swapcache alone (no PG_swapbacked key, < 4.10) is cache");
	ok(!r9.have_swapbacked,
	   "4.9: PG_swapcache (15) > PG_private (11): no swapbacked fallback");
	ok(r14.have_swapbacked && r14.swapbacked == bit(18) &&
	   r16.swapbacked == bit(18),
	   "4.14/4.16: PG_swapbacked = PG_private + 6 = 18 (fallback)");
	ok(one(e14, &r14, bit(9), ADDR_SPACE - 0x100000, NEG(-1), 0).cat ==
	   SD_CAT_KEEP,
	   "4.14: PG_owner_priv_1 without PG_swapbacked (Xen PG_pinned) kept");
	ok(one(e14, &r14, bit(9) | bit(18), 0, NEG(-1), 0x3a5c0).cat ==
	   SD_CAT_CACHE, "4.14: PG_swapcache + PG_swapbacked is cache");
out:
	sd_vmci_free(v9);
	sd_vmci_free(v14);
	sd_vmci_free(v16);
}

/* A buddy page with an order past LENGTH(zone.free_area). */
static void
test_buddy_order_bad(void)
{
	const struct era *e = era("5.10");
	struct sd_vmcoreinfo *v = parse(e->text, e->name);
	struct sd_page_rules r0, r16;
	struct sd_page_verdict got;

	if (!v || !rules(v, 0, &r0) || !rules(v, 16, &r16)) {
		ok(0, "bad order fixtures");
		sd_vmci_free(v);
		return;
	}
	got = one(e, &r16, bit(e->pg_hwpoison), 0, e->buddy, 11);
	ok(got.cat == SD_CAT_KEEP && got.bad_order && got.order == 11,
	   "5.10 -d 16: buddy with order 11 and PG_hwpoison: kept, flagged "
	   "(makedumpfile 'continue's, no later rule)");
	got = one(e, &r0, bit(e->pg_hwpoison), 0, e->buddy, 11);
	ok(got.cat == SD_CAT_HWPOISON && !got.bad_order,
	   "5.10 -d 0: the same page is hwpoison (buddy rule off)");
	sd_vmci_free(v);
}

/* 5.10 built without CONFIG_HUGETLB_PAGE: no HUGETLB_PAGE_DTOR. */
static void
test_no_hugetlb_dtor(void)
{
	const struct era *e = era("5.10");
	char text[4096];
	const char *cut = strstr(e->text, "NUMBER(HUGETLB_PAGE_DTOR)=2\n");
	struct sd_vmcoreinfo *v;
	struct sd_page_rules r;
	uint8_t buf[NPAGES * PAGE_MAX] = { 0 };

	snprintf(text, sizeof(text), "%.*s%s", (int)(cut - e->text), e->text,
		 cut + strlen("NUMBER(HUGETLB_PAGE_DTOR)=2\n"));
	v = parse(text, "5.10 nohuge");
	if (!v || !rules(v, 8, &r)) {
		ok(0, "5.10 without HUGETLB_PAGE_DTOR");
		sd_vmci_free(v);
		return;
	}
	put(buf, e->o_mapcount, NEG(-1), 4);
	make_compound(e, buf, 9, false);
	put(buf + e->psize, e->o_dtor, 0, 1);	/* NULL_COMPOUND_DTOR */
	ok(r.hugetlb_test == SD_HUGETLB_NONE &&
	   judge(&r, 0x200, buf, buf + e->psize).cat == SD_CAT_KEEP,
	   "5.10 without HUGETLB_PAGE_DTOR: a compound head with dtor 0 is "
	   "not hugetlb (was: dtor == 0 matched)");
	sd_vmci_free(v);
}

/* 6.6 with OFFSET(folio._folio_order) still present: PG_hugetlb wins. */
static void
test_6_6_precedence(void)
{
	char text[4096];
	struct sd_vmcoreinfo *v;
	struct sd_page_rules r;

	snprintf(text, sizeof(text), "%sOFFSET(folio._folio_order)=81\n",
		 vmci_6_6);
	v = parse(text, "6.6 + _folio_order");
	ok(v && rules(v, 31, &r) && r.order_src == SD_ORDER_FLAGS1 &&
	   r.hugetlb_test == SD_HUGETLB_FLAG,
	   "6.6 with folio._folio_order left over: order from _flags_1, "
	   "hugetlb from PG_hugetlb (makedumpfile's order of tests)");
	sd_vmci_free(v);
}

/*
 * makedumpfile quirk 1: on 6.10+ get_value_for_old_linux() sets PG_slab = 7
 * (PG_waiters), and isSlab() falls back to the flag when _mapcount is not
 * the slab type, so an anon page with waiters is "slab": kept at -d 8.
 * sievedump follows the kernel: no PG_slab bit exists on 6.10+.
 */
static void
test_quirk_pg_slab_7(void)
{
	static const char *const names[] = { "6.10", "6.12" };

	for (size_t i = 0; i < 2; i++) {
		const struct era *e = era(names[i]);
		struct sd_vmcoreinfo *v = parse(e->text, e->name);
		struct sd_page_rules r;
		uint64_t f = bit(e->pg_lru) | bit(e->pg_swapbacked) |
			     bit(e->pg_waiters);

		ok(v && rules(v, 8, &r) && !r.slab_flag &&
		   one(e, &r, f, ANON_VMA | 1, 0, 0).cat == SD_CAT_USER,
		   "%s: anon page with PG_waiters (bit 7) is user data "
		   "(makedumpfile HEAD: 'slab', kept)", e->name);
		sd_vmci_free(v);
	}
}

/*
 * makedumpfile quirk 2: test_bit() builds an int mask 1 << (nr & 31), so a
 * flag number >= 32 tests bit nr - 32, and bit 31 sign-extends to bits
 * 31..63.  No real x86_64 kernel exports such a number for the flags it
 * tests; sievedump uses the full 64-bit mask.
 */
static void
test_quirk_test_bit(void)
{
	const struct era *e = era("6.12");
	char text[4096];
	struct sd_vmcoreinfo *v;
	struct sd_page_rules r;

	snprintf(text, sizeof(text),
		 "NUMBER(PG_hwpoison)=40\nNUMBER(PG_private)=31\n%s", e->text);
	v = parse(text, "6.12 wide flags");	/* the first line wins */
	if (!v || !rules(v, 31, &r)) {
		ok(0, "wide flag fixture");
		sd_vmci_free(v);
		return;
	}
	ok(one(e, &r, bit(40), 0, NEG(-1), 0).cat == SD_CAT_HWPOISON,
	   "flag 40 tests bit 40 (makedumpfile: never)");
	ok(one(e, &r, bit(8), 0, NEG(-1), 0).cat == SD_CAT_KEEP,
	   "flag 40 does not test bit 8 (makedumpfile: it does)");
	ok(one(e, &r, bit(e->pg_lru) | bit(45), ADDR_SPACE, NEG(-1), 0).cat ==
	   SD_CAT_CACHE,
	   "flag 31: bit 45 is not PG_private (makedumpfile: sign extension "
	   "makes it private cache)");
	sd_vmci_free(v);
}

/* 6.12+: page types compare exactly, like makedumpfile (commit 72c3414). */
static void
test_exact_type(void)
{
	const struct era *e = era("6.12");
	struct sd_vmcoreinfo *v = parse(e->text, e->name);
	struct sd_page_rules r;

	ok(v && rules(v, 31, &r) &&
	   one(e, &r, 0, 0, 0xf0000001u, 0).cat == SD_CAT_KEEP &&
	   one(e, &r, 0, 0, 0xf0000000u, 3).cat == SD_CAT_FREE,
	   "6.12: _mapcount 0xf0000001 is not buddy (exact compare; the kernel "
	   "keeps the low 24 bits 0 for buddy/offline/slab/hugetlb)");
	sd_vmci_free(v);
}

/* 7.1: the head offset comes from compound_info; makedumpfile 1.7.9 and
 * earlier (before f50c015) see no tails and judge them one by one. */
static void
test_7_1_tail(void)
{
	const struct era *e = era("7.1");
	struct sd_vmcoreinfo *v = parse(e->text, e->name);
	struct sd_page_rules r;

	ok(v && rules(v, 31, &r) && r.off_head == 8,
	   "7.1: OFFSET(page.compound_info) gives the tail mark");
	sd_vmci_free(v);
}

/* The real notes in tests/data pick the rules the fixtures assume. */
static void
test_real_notes(void)
{
	static const struct {
		const char *file;
		enum sd_order_source order;
		enum sd_hugetlb_test huge;
		uint32_t buddy;
	} notes[] = {
		{ "debian-6.1.txt", SD_ORDER_PAGE, SD_HUGETLB_DTOR, NEG(-129) },
		{ "debian-6.12.txt", SD_ORDER_FLAGS1, SD_HUGETLB_TYPE,
		  0xf0000000u },
	};
	const char *src = getenv("SRCDIR");

	for (size_t i = 0; i < 2; i++) {
		char path[4096];
		struct sd_err err = { 0 };
		struct sd_vmcoreinfo *v = NULL;
		struct sd_page_rules r;

		snprintf(path, sizeof(path), "%s/tests/data/vmcoreinfo/%s",
			 src ? src : ".", notes[i].file);
		if (sd_vmci_load_file(path, &v, &err)) {
			printf("ok %d - # SKIP %s: %s\n", ++n_test, notes[i].file,
			       err.msg);
			continue;
		}
		ok(rules(v, 31, &r) && r.order_src == notes[i].order &&
		   r.hugetlb_test == notes[i].huge && r.order_width == 1 &&
		   r.buddy_value == notes[i].buddy && r.can_buddy,
		   "%s: rules as the %s fixture", notes[i].file,
		   i ? "6.12" : "5.10/6.2");
		sd_vmci_free(v);
	}
}

int
main(void)
{
	for (size_t i = 0; i < N_ERAS; i++)
		test_era(&eras[i]);
	test_2_6_38_note();
	test_buddy_fallback();
	test_swapcache();
	test_buddy_order_bad();
	test_no_hugetlb_dtor();
	test_6_6_precedence();
	test_quirk_pg_slab_7();
	test_quirk_test_bit();
	test_exact_type();
	test_7_1_tail();
	test_real_notes();
	printf("1..%d\n", n_test);
	return n_fail ? 1 : 0;
}
