/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A fake vmlinux for the -g/-x tests (tests/e2e/0030-debuginfo-gen.sh,
 * tests/unit/test-debuginfo.c): the kernel structures, variables and
 * enumerators makedumpfile -g looks for, laid out like Debian 6.1's.
 * -DOLD_KERNEL gives the older shapes (page._count, printk_log, mapping
 * only findable through the first union, mem_section an array, pgdat_list)
 * that exercise makedumpfile's fallbacks.  Built with
 *   gcc -g -O0 -fno-eliminate-unused-debug-types -c, then linked
 *   -nostdlib -static -no-pie -e 0.
 */
struct list_head { struct list_head *next, *prev; };
typedef struct { long counter; } atomic64_t;
typedef atomic64_t atomic_long_t;
typedef struct { int counter; } atomic_t;
typedef struct { unsigned long bits[16]; } nodemask_t;
typedef struct { unsigned long pud; } pud_t;

struct address_space;
struct page {
	unsigned long flags;
	union {
		struct {
			struct list_head lru;
#ifndef OLD_KERNEL
			struct address_space *mapping;
#else
			void *mapping_hidden;
#endif
			unsigned long index;
			unsigned long private;
		};
		struct {
			unsigned long compound_head;
			unsigned char compound_dtor;
			unsigned char compound_order;
		};
	};
	union {
		atomic_t _mapcount;
		unsigned int page_type;
	};
#ifndef OLD_KERNEL
	atomic_t _refcount;
#else
	atomic_t _count;
#endif
	unsigned long memcg_data;
};

struct mem_section { unsigned long section_mem_map; unsigned long *usage; };
struct free_area { struct list_head free_list[5]; unsigned long nr_free; };
struct zone {
	unsigned long watermark[4];
	unsigned long spanned_pages;
	struct free_area free_area[11];
	atomic_long_t vm_stat[10];
};
typedef struct pglist_data {
	struct zone node_zones[5];
	int nr_zones;
#ifdef OLD_KERNEL
	struct page *node_mem_map;
	struct pglist_data *pgdat_next;
#endif
	unsigned long node_start_pfn;
	unsigned long node_present_pages;
	unsigned long node_spanned_pages;
} pg_data_t;

struct new_utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65],
	     domainname[65];
};
struct uts_namespace { struct new_utsname name; int ns; };
struct vm_struct { struct vm_struct *next; void *addr; unsigned long size; };
struct vmap_area {
	unsigned long va_start, va_end;
	char rb[24];
	struct list_head list;
};

#ifndef OLD_KERNEL
struct prb_data_blk_lpos { unsigned long begin, next; };
struct prb_desc { atomic_long_t state_var; struct prb_data_blk_lpos text_blk_lpos; };
struct printk_info { unsigned long long seq, ts_nsec; unsigned short text_len; };
struct prb_desc_ring {
	unsigned int count_bits;
	struct prb_desc *descs;
	struct printk_info *infos;
	atomic_long_t head_id, tail_id, last_finalized_id;
};
struct prb_data_ring {
	unsigned int size_bits;
	char *data;
	atomic_long_t head_lpos, tail_lpos;
};
struct printk_ringbuffer {
	struct prb_desc_ring desc_ring;
	struct prb_data_ring text_data_ring;
	atomic_long_t fail;
};
struct latched_seq { unsigned long seqcount; unsigned long long val[2]; };
#else
struct printk_log {
	unsigned long long ts_nsec;
	unsigned short len, text_len, dict_len;
	unsigned char facility, flags;
};
#endif

enum pageflags {
	PG_locked, PG_referenced, PG_uptodate, PG_dirty, PG_lru, PG_active,
	PG_workingset, PG_waiters, PG_error, PG_slab, PG_owner_priv_1,
	PG_arch_1, PG_reserved, PG_private, PG_private_2, PG_writeback,
	PG_head, PG_mappedtodisk, PG_reclaim, PG_swapbacked, PG_unevictable,
	PG_mlocked, PG_uncached, PG_hwpoison,
	PG_swapcache = PG_owner_priv_1,
};
enum zone_stat_item { NR_FREE_PAGES, NR_ZONE_LRU_BASE };
enum node_states { N_POSSIBLE, N_ONLINE, N_NORMAL_MEMORY, NR_NODE_STATES };
enum compound_dtor_id { NULL_COMPOUND_DTOR, COMPOUND_PAGE_DTOR, HUGETLB_PAGE_DTOR };

struct uts_namespace init_uts_ns = {
	.name = { .sysname = "Linux", .nodename = "(none)",
		  .release = "6.1.0-fake", .version = "#1 SMP" },
};
unsigned long _stext[4] = { 1 };
unsigned long init_top_pgt[512];
unsigned long level4_kernel_pgt[512];
struct vm_struct *vmlist;
struct list_head vmap_area_list;
nodemask_t node_states[NR_NODE_STATES];
unsigned long max_pfn;
void *high_memory;
unsigned long clear_seq[3];
char *log_buf;
unsigned int log_buf_len;
#ifndef OLD_KERNEL
struct mem_section **mem_section;
extern struct pglist_data *node_data[];	/* as a header declares it */
struct pglist_data *node_data[64];
struct printk_ringbuffer *prb;
#else
struct mem_section *mem_section[2048];
struct pglist_data *pgdat_list;
#endif
void free_huge_page(struct page *page) { (void)page; }

/* uses that keep the enumerations in the debug information */
enum pageflags pageflags_used;
enum zone_stat_item zone_stat_used;
enum compound_dtor_id dtor_used;
pud_t pud_used;

/* for the erase filters' lookups (tests/unit/test-debuginfo.c): function
 * pointers returning a pointer and void, a two-dimensional array */
struct fs_type {
	const char *name;
	struct vmap_area *(*mount)(int flags);
	void (*kill_sb)(int flags);
	struct fs_type *next;
};
struct fs_type fs_types_used;
unsigned int table2d[4][256];
