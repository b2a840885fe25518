// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Page classification for the mem_map scan.  Every rule is selected by the
 * presence of a VMCOREINFO key; the kernel version (from OSRELEASE) is used
 * only where the kernel changed a field width without changing a key, and
 * for the PAGE_BUDDY_MAPCOUNT_VALUE fallback of -i files of old kernels.
 * The era table with the fixture of each rule is doc/kernel-rules.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sievedump/classify.h"

#define KV(a, b, c) (((a) << 16) | ((b) << 8) | (c))

static int
kernel_version(const struct sd_vmcoreinfo *v)
{
	int a = 0, b = 0, c = 0;

	if (v->osrelease)
		sscanf(v->osrelease, "%d.%d.%d", &a, &b, &c);
	return KV(a, b, c);
}

/*
 * OFFSET(name), or @dflt when absent.  A negative value reads as absent
 * (-1); one past any struct becomes OFFSET_BAD, which sums of two offsets
 * cannot overflow and sd_page_rules_init() refuses (never truncated to
 * int: "OFFSET(page.flags)=4294967304" is not offset 8).
 */
enum { OFFSET_BAD = 1 << 20 };

static int
offset_or(const struct sd_vmcoreinfo *v, const char *name, int dflt)
{
	int64_t x;

	if (sd_vmci_offset(v, name, &x))
		return dflt;
	if (x < 0)
		return -1;
	return x < OFFSET_BAD ? (int)x : OFFSET_BAD;
}

/* A field of @width bytes at @off (< 0: not read) inside SIZE(page). */
static bool
field_ok(const struct sd_page_rules *r, int off, int width)
{
	return off < 0 || (uint32_t)off + (uint32_t)width <= r->page_size;
}

/* A flag bit number as a mask; 0 when the kernel does not export it. */
static uint64_t
flag_bit(const struct sd_vmcoreinfo *v, const char *name)
{
	int64_t x;

	if (sd_vmci_number(v, name, &x) || x < 0 || x > 63)
		return 0;
	return 1ULL << x;
}

static bool
number32(const struct sd_vmcoreinfo *v, const char *name, uint32_t *ret)
{
	int64_t x;

	if (sd_vmci_number(v, name, &x))
		return false;
	*ret = (uint32_t)x;
	return true;
}

static void
init_flags(struct sd_page_rules *r, const struct sd_vmcoreinfo *v)
{
	int64_t x;

	r->lru = flag_bit(v, "PG_lru");
	r->private_bit = flag_bit(v, "PG_private");
	r->swapcache = flag_bit(v, "PG_swapcache");
	r->swapbacked = flag_bit(v, "PG_swapbacked");
	r->have_swapbacked = r->swapbacked != 0;
	r->hwpoison = flag_bit(v, "PG_hwpoison");
	r->slab_flag = flag_bit(v, "PG_slab");
	r->buddy_flag = flag_bit(v, "PG_buddy");
	r->hugetlb_flag = flag_bit(v, "PG_hugetlb");
	if (!sd_vmci_number(v, "PG_head_mask", &x))
		r->head = (uint64_t)x;
	else
		r->head = flag_bit(v, "PG_head");
	/*
	 * 4.10 (commit 6326fec1122c) made PG_swapcache an alias of
	 * PG_owner_priv_1, valid only with PG_swapbacked; the key
	 * NUMBER(PG_swapbacked) came only in 4.17 (commit 1cbf29da3628).
	 * On 4.10-4.16 the alias is below PG_private (it was above before
	 * 4.10) and PG_swapbacked is PG_private + 6: makedumpfile's
	 * fallback (its commit ca1f31e).  Without it, Xen PG_pinned and fs
	 * PG_checked pages would count as swap cache.
	 */
	if (!r->swapbacked && r->swapcache && r->private_bit &&
	    r->swapcache < r->private_bit) {
		r->swapbacked = r->private_bit << 6;
		r->have_swapbacked = true;
	}
	r->have_buddy_value = number32(v, "PAGE_BUDDY_MAPCOUNT_VALUE",
				       &r->buddy_value);
	r->have_slab_value = number32(v, "PAGE_SLAB_MAPCOUNT_VALUE",
				      &r->slab_value);
	r->have_offline_value = number32(v, "PAGE_OFFLINE_MAPCOUNT_VALUE",
					 &r->offline_value);
	r->have_hugetlb_value = number32(v, "PAGE_HUGETLB_MAPCOUNT_VALUE",
					 &r->hugetlb_value);
	r->have_unaccepted_value = number32(v, "PAGE_UNACCEPTED_MAPCOUNT_VALUE",
					    &r->unaccepted_value);
}

/*
 * PAGE_BUDDY_MAPCOUNT_VALUE when the text lacks it, as makedumpfile's
 * get_value_for_old_linux(): -2 in 2.6.38 (buddy moved from PG_buddy to
 * _mapcount), -128 from 2.6.39.  Only a -i file made by "makedumpfile -g"
 * from an old vmlinux lacks it while naming page._mapcount.  Unlike
 * makedumpfile we stop at 4.18, which changed it to ~PG_buddy = -129
 * (commit 6e292b9be7f4) and always exports it.
 */
static void
init_buddy_fallback(struct sd_page_rules *r, const struct sd_vmcoreinfo *v)
{
	int kv = kernel_version(v);

	if (r->have_buddy_value)
		return;
	if (kv == KV(2, 6, 38))
		r->buddy_value = (uint32_t)-2;
	else if (kv >= KV(2, 6, 39) && kv < KV(4, 18, 0))
		r->buddy_value = (uint32_t)-128;
	else
		return;
	r->have_buddy_value = true;
}

/* Where a compound page keeps its order and hugetlb mark (doc/kernel-rules.md). */
static void
init_compound(struct sd_page_rules *r, const struct sd_vmcoreinfo *v)
{
	int kv = kernel_version(v);
	int64_t x;

	r->order_width = r->dtor_width = kv >= KV(4, 16, 0) ? 1 : 2;
	if (!sd_vmci_number(v, "HUGETLB_PAGE_DTOR", &x))
		r->hugetlb_dtor = (uint64_t)x;
	if (r->have_hugetlb_value || r->hugetlb_flag) {
		/* 6.9+ page type, or 6.6-6.8 PG_hugetlb (commit 9c5ccf2db04b) */
		r->order_src = SD_ORDER_FLAGS1;
		r->hugetlb_test = r->have_hugetlb_value ? SD_HUGETLB_TYPE
							: SD_HUGETLB_FLAG;
	} else if (sd_vmci_has(v, SD_VMCI_OFFSET, "folio._folio_order")) {
		/* 6.3-6.5: folio fields, offsets counted from the head */
		r->order_src = SD_ORDER_FOLIO;
		r->order_off = offset_or(v, "folio._folio_order", 0) -
			       (int)r->page_size;
		r->dtor_off = offset_or(v, "folio._folio_dtor", -1);
		if (r->dtor_off >= 0)
			r->dtor_off -= (int)r->page_size;
		r->order_width = r->dtor_width = 1;
		r->hugetlb_test = SD_HUGETLB_DTOR;
	} else if (sd_vmci_has(v, SD_VMCI_OFFSET, "page.compound_order")) {
		r->order_src = SD_ORDER_PAGE;	/* 4.4-6.2 */
		r->order_off = offset_or(v, "page.compound_order", 0);
		r->dtor_off = offset_or(v, "page.compound_dtor", -1);
		r->hugetlb_test = SD_HUGETLB_DTOR;
	} else if (kv && kv < KV(4, 4, 0) &&
		   sd_vmci_has(v, SD_VMCI_OFFSET, "page.lru")) {
		int lru = offset_or(v, "page.lru", 0);

		r->order_src = SD_ORDER_LRU;
		r->order_off = lru + offset_or(v, "list_head.prev", 8);
		r->dtor_off = lru + offset_or(v, "list_head.next", 0);
		r->order_width = 2;
		r->dtor_width = 8;
		r->hugetlb_test = SD_HUGETLB_FUNC;
		if (sd_vmci_symbol(v, "free_huge_page", &r->hugetlb_dtor))
			r->hugetlb_dtor = 0;
	}
	/*
	 * Without HUGETLB_PAGE_DTOR (CONFIG_HUGETLB_PAGE=n) or
	 * SYMBOL(free_huge_page) there is nothing to compare with; comparing
	 * with 0 would call every compound head with dtor 0 hugetlb.
	 */
	if (r->hugetlb_test == SD_HUGETLB_DTOR &&
	    (r->dtor_off < 0 || !sd_vmci_has(v, SD_VMCI_NUMBER,
					      "HUGETLB_PAGE_DTOR")))
		r->hugetlb_test = SD_HUGETLB_NONE;
	if (r->hugetlb_test == SD_HUGETLB_FUNC && !r->hugetlb_dtor)
		r->hugetlb_test = SD_HUGETLB_NONE;
}

static bool
fields_ok(const struct sd_page_rules *r, const struct sd_vmcoreinfo *v,
	  struct sd_err *err)
{
	const struct { const char *name; int off, width; } f[] = {
		{ "page.flags", r->off_flags, 8 },
		{ "page.mapping", r->off_mapping, 8 },
		{ "page.private", r->off_private, 8 },
		{ "page.compound_head", r->off_head, 8 },
		{ "page._mapcount", r->off_mapcount, 4 },
		{ "the compound order", r->order_off, r->order_width },
		{ "the compound dtor", r->dtor_off, r->dtor_width },
	};
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (!field_ok(r, f[i].off, f[i].width)) {
			sd_fail(err, SD_ERR_CORRUPT,
				"%s: %s at offset %d lies outside SIZE(page)=%u",
				v->origin, f[i].name, f[i].off, r->page_size);
			return false;
		}
	return true;
}

/* A struct page offset the scan cannot do without is absent or negative. */
static sd_status
need_offset(const struct sd_vmcoreinfo *v, const char *name,
	    struct sd_err *err)
{
	const struct sd_vmci_entry *e = sd_vmci_find(v, SD_VMCI_OFFSET, name);

	if (!e)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: VMCOREINFO has no OFFSET(%s)", v->origin,
			       name);
	return sd_fail(err, SD_ERR_CORRUPT,
		       "%s: line %u: OFFSET(%s)=%s is not a valid offset",
		       v->origin, e->line, name, e->str);
}

sd_status
sd_page_rules_init(struct sd_page_rules *r, const struct sd_vmcoreinfo *v,
		   int dump_level, struct sd_err *err)
{
	int64_t x;

	memset(r, 0, sizeof(*r));
	r->dump_level = dump_level;
	if (sd_vmci_size(v, "page", &x) || x <= 0 || x > 4096)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: SIZE(page) is missing or invalid",
			       v->origin);
	r->page_size = (uint32_t)x;
	r->off_flags = offset_or(v, "page.flags", -1);
	r->off_mapping = offset_or(v, "page.mapping", -1);
	r->off_mapcount = offset_or(v, "page._mapcount", -1);
	r->off_private = offset_or(v, "page.private", -1);
	r->off_head = offset_or(v, "page.compound_head",
				offset_or(v, "page.compound_info", -1));
	if (r->off_flags < 0 || r->off_mapping < 0)
		return need_offset(v, r->off_flags < 0 ? "page.flags"
						       : "page.mapping", err);
	init_flags(r, v);
	init_buddy_fallback(r, v);
	init_compound(r, v);
	/*
	 * Every field is read at its offset from a struct page (or its first
	 * tail) of SIZE(page) bytes: an offset from a hostile VMCOREINFO
	 * must not send the reads past it (found by tests/fuzz/fuzz-classify).
	 */
	if (!fields_ok(r, v, err))
		return err->status;
	r->max_order = sd_vmci_length(v, "zone.free_area", &x) || x <= 0 ||
			       x > 64 ? 11 : (unsigned)x;
	r->can_buddy = r->off_private >= 0 &&
		       ((r->have_buddy_value && r->off_mapcount >= 0) ||
			r->buddy_flag);
	return SD_OK;
}

const char *
sd_page_rules_buddy_missing(const struct sd_page_rules *r)
{
	if (r->can_buddy)
		return NULL;
	if (r->off_private < 0)
		return "OFFSET(page.private)";
	if (!r->have_buddy_value)
		return "NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE) (or NUMBER(PG_buddy))";
	return "OFFSET(page._mapcount)";
}

bool
sd_page_rules_need_scan(const struct sd_page_rules *r)
{
	return (r->dump_level & (2 | 4 | 8)) || r->hwpoison ||
	       ((r->dump_level & 16) && r->can_buddy);
}

static uint64_t
get_n(const uint8_t *p, int off, int width)
{
	uint64_t v = 0;

	if (off < 0)
		return 0;
	memcpy(&v, p + off, (size_t)width);	/* little endian host */
	return v;
}

struct page_fields {
	uint64_t flags, mapping, priv, head;
	uint32_t mapcount;
	bool have_mapcount;
};

static void
read_fields(const struct sd_page_rules *r, const uint8_t *page,
	    struct page_fields *f)
{
	f->flags = get_n(page, r->off_flags, 8);
	f->mapping = get_n(page, r->off_mapping, 8);
	f->priv = get_n(page, r->off_private, 8);
	f->head = get_n(page, r->off_head, 8);
	f->have_mapcount = r->off_mapcount >= 0;
	f->mapcount = (uint32_t)get_n(page, r->off_mapcount, 4);
}

/* Order and hugetlb mark of a compound head (doc/kernel-rules.md). */
static unsigned
compound_order(const struct sd_page_rules *r, uint64_t pfn,
	       const struct page_fields *f, const uint8_t *tail1,
	       bool *hugetlb)
{
	uint64_t order = 0, dtor = 0, t1flags;

	*hugetlb = false;
	if (!tail1 || !(f->flags & r->head) || !r->head)
		return 0;
	t1flags = get_n(tail1, r->off_flags, 8);
	switch (r->order_src) {
	case SD_ORDER_FLAGS1:
		order = t1flags & 0xff;
		break;
	case SD_ORDER_FOLIO:
	case SD_ORDER_PAGE:
	case SD_ORDER_LRU:
		order = get_n(tail1, r->order_off, r->order_width);
		dtor = get_n(tail1, r->dtor_off, r->dtor_width);
		break;
	default:
		return 0;
	}
	switch (r->hugetlb_test) {
	case SD_HUGETLB_TYPE:
		*hugetlb = f->have_mapcount && f->mapcount == r->hugetlb_value;
		break;
	case SD_HUGETLB_FLAG:
		*hugetlb = (t1flags & r->hugetlb_flag) != 0;
		break;
	case SD_HUGETLB_DTOR:
	case SD_HUGETLB_FUNC:
		*hugetlb = dtor == r->hugetlb_dtor;
		break;
	default:
		break;
	}
	if (order >= 64 || (pfn & ((1ULL << order) - 1)))
		return 0;
	return (unsigned)order;
}

static bool
is_slab(const struct sd_page_rules *r, const struct page_fields *f)
{
	if (r->have_slab_value)	/* 6.10+: page type, commit 46df8e73a4a3 */
		return f->have_mapcount && f->mapcount == r->slab_value;
	return (f->flags & r->slab_flag) != 0;
}

static bool
is_buddy(const struct sd_page_rules *r, const struct page_fields *f,
	 bool slab)
{
	if (r->off_private < 0)
		return false;
	if (r->have_buddy_value && f->have_mapcount)
		return !slab && f->mapcount == r->buddy_value;
	return r->buddy_flag && (f->flags & r->buddy_flag);
}

static bool
is_cache(const struct sd_page_rules *r, uint64_t flags)
{
	if (flags & r->lru)
		return true;
	/* PG_swapcache aliases PG_owner_priv_1 since 4.10: needs swapbacked */
	return (flags & r->swapcache) && r->swapcache &&
	       (!r->have_swapbacked || (flags & r->swapbacked));
}

static enum sd_page_cat
judge(const struct sd_page_rules *r, const struct page_fields *f,
      bool hugetlb, struct sd_page_verdict *v)
{
	int dl = r->dump_level;
	bool slab = is_slab(r, f);
	bool anon = (f->mapping & 1) && !slab;
	bool cache = is_cache(r, f->flags) && !anon;

	if ((dl & 16) && is_buddy(r, f, slab)) {
		if (f->priv < r->max_order) {
			v->nr = 1ULL << f->priv;
			return SD_CAT_FREE;
		}
		/* makedumpfile warns and keeps the page ("continue"): no
		 * later rule judges a buddy page with a bad order */
		v->bad_order = true;
		v->order = f->priv;
		v->nr = 1;
		return SD_CAT_KEEP;
	}
	if ((dl & 16) && r->have_unaccepted_value && f->have_mapcount &&
	    f->mapcount == r->unaccepted_value) {
		v->nr = 1ULL << (r->max_order - 1);
		return SD_CAT_FREE;
	}
	if ((dl & 2) && cache && !(f->flags & r->private_bit))
		return SD_CAT_CACHE;
	if ((dl & 4) && cache)
		return (f->flags & r->private_bit) ? SD_CAT_CACHE_PRIVATE
						   : SD_CAT_CACHE;
	if ((dl & 8) && (anon || hugetlb))
		return SD_CAT_USER;
	if (r->hwpoison && (f->flags & r->hwpoison))
		return SD_CAT_HWPOISON;
	if (r->have_offline_value && !slab && f->have_mapcount &&
	    f->mapcount == r->offline_value)
		return SD_CAT_OFFLINE;
	return SD_CAT_KEEP;
}

void
sd_page_classify(const struct sd_page_rules *r, uint64_t pfn,
		 const uint8_t *page, const uint8_t *tail1,
		 struct sd_page_verdict *ret)
{
	struct page_fields f;
	unsigned order;
	bool hugetlb;

	memset(ret, 0, sizeof(*ret));
	read_fields(r, page, &f);
	ret->nr = 1;
	if (f.head & 1) {
		ret->cat = SD_CAT_TAIL;
		return;
	}
	order = compound_order(r, pfn, &f, tail1, &hugetlb);
	ret->nr = 1ULL << order;
	ret->cat = judge(r, &f, hugetlb, ret);
}
