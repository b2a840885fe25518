/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_CLASSIFY_H
#define SIEVEDUMP_CLASSIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "sievedump/status.h"
#include "sievedump/vmcoreinfo.h"

/**
 * What the mem_map scan decides for a page (doc/kernel-rules.md, "The
 * order of the rules").
 */
enum sd_page_cat {
	SD_CAT_KEEP = 0,	/**< not excluded by the scan */
	SD_CAT_TAIL,		/**< compound tail: judged with its head */
	SD_CAT_FREE,
	SD_CAT_CACHE,
	SD_CAT_CACHE_PRIVATE,
	SD_CAT_USER,
	SD_CAT_HWPOISON,
	SD_CAT_OFFLINE,
	SD_CAT_COUNT
};

enum sd_order_source {
	SD_ORDER_NONE = 0,
	SD_ORDER_FLAGS1,	/**< 6.6+: low byte of the first tail's flags */
	SD_ORDER_FOLIO,		/**< 6.3-6.5: folio._folio_order/_folio_dtor */
	SD_ORDER_PAGE,		/**< 4.4-6.2: page.compound_order/dtor */
	SD_ORDER_LRU,		/**< < 4.4: in the first tail's lru */
};

enum sd_hugetlb_test {
	SD_HUGETLB_NONE = 0,
	SD_HUGETLB_TYPE,	/**< 6.9+: head page type PAGE_HUGETLB_MAPCOUNT_VALUE */
	SD_HUGETLB_FLAG,	/**< 6.6-6.8: PG_hugetlb in the first tail's flags */
	SD_HUGETLB_DTOR,	/**< 4.4-6.5: compound_dtor == HUGETLB_PAGE_DTOR */
	SD_HUGETLB_FUNC,	/**< < 4.4: dtor == SYMBOL(free_huge_page) */
};

/**
 * The page rules of one kernel, chosen once from which VMCOREINFO keys
 * exist (never from the version string alone), so one binary is right for
 * 4.x, 5.x, 6.1, 6.12 and later kernels.
 */
struct sd_page_rules {
	int dump_level;
	uint32_t page_size;		/**< SIZE(page): struct page stride */
	int off_flags, off_mapping, off_mapcount, off_private, off_head;
	uint64_t lru, private_bit, swapcache, swapbacked, hwpoison, head;
	uint64_t slab_flag, buddy_flag, hugetlb_flag;
	bool have_swapbacked;
	bool have_buddy_value, have_slab_value, have_offline_value;
	bool have_hugetlb_value, have_unaccepted_value;
	uint32_t buddy_value, slab_value, offline_value, hugetlb_value;
	uint32_t unaccepted_value;
	enum sd_order_source order_src;
	enum sd_hugetlb_test hugetlb_test;
	int order_off, dtor_off;	/**< offsets inside the first tail */
	int order_width, dtor_width;	/**< bytes */
	uint64_t hugetlb_dtor;
	unsigned max_order;		/**< LENGTH(zone.free_area) */
	bool can_buddy;			/**< free pages recognisable in mem_map */
};

/** Per-page inputs read from struct page (and its first tail). */
struct sd_page_verdict {
	enum sd_page_cat cat;
	uint64_t nr;			/**< pages the verdict covers (head: 2^order) */
	bool bad_order;			/**< buddy order out of range: kept */
	uint64_t order;
};

sd_status sd_page_rules_init(struct sd_page_rules *r,
			     const struct sd_vmcoreinfo *v, int dump_level,
			     struct sd_err *err) SD_MUST_CHECK;

/** Does the mem_map scan have to run at all (doc/kernel-rules.md)? */
/**
 * Why free pages cannot be told apart in mem_map (the VMCOREINFO key that
 * is missing), or NULL when they can.
 */
const char *sd_page_rules_buddy_missing(const struct sd_page_rules *r);
bool sd_page_rules_need_scan(const struct sd_page_rules *r);

/**
 * Judge the struct page at @page for @pfn.  @tail1 is the next struct page
 * (the first tail of a compound head) or NULL when not available.
 */
void sd_page_classify(const struct sd_page_rules *r, uint64_t pfn,
		      const uint8_t *page, const uint8_t *tail1,
		      struct sd_page_verdict *ret);

#endif
