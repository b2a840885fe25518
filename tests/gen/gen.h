/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sdgen: synthetic x86_64 and arm64 vmcores whose every page's truth is
 * known.
 *
 * The machine is described by a small text spec (see gen_spec.c).  The
 * generator keeps only small tables in memory (page tables, mem_section,
 * printk ring: "kbuf") and computes every other byte of the vmcore on demand
 * from the spec and seed, so the same core serves a sparse file or a FUSE
 * file of many TiB.
 */
#ifndef SDGEN_GEN_H
#define SDGEN_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Page geometry is the machine's (struct gen_machine page_size, page_shift,
 * pps): 4 KiB on x86_64, 4, 16 or 64 KiB on arm64.  Buffers that must hold
 * any page use GEN_MAX_PAGE_SIZE.
 */
#define GEN_MAX_PAGE_SIZE ((uint64_t)65536)
#define GEN_PAGE_STRUCT ((uint64_t)64)	/* SIZE(page) */
#define GEN_MAX_RANGES 64
#define SD_GEN_MIN(a, b) ((a) < (b) ? (a) : (b))

enum gen_flavour { GEN_FLAVOUR_61, GEN_FLAVOUR_612 };
enum gen_arch { GEN_ARCH_X86_64, GEN_ARCH_ARM64 };

/* What a pfn is; the truth file and the report use these names. */
enum gen_class {
	GC_HOLE = 0,		/* not RAM (no PT_LOAD covers it) */
	GC_RESERVED,		/* kernel image, page tables, memmap backing */
	GC_KERNEL,		/* ordinary kernel allocation, kept */
	GC_ZERO,		/* kernel page whose content is all zero */
	GC_SLAB,		/* slab page (kept; 6.12: odd "mapping" word) */
	GC_CACHE,		/* page cache, no PG_private */
	GC_CACHE_PRIVATE,	/* page cache with PG_private */
	GC_SHMEM,		/* tmpfs/shmem: swapbacked, not anon: cache */
	GC_ANON,		/* anonymous */
	GC_ANON_THP,		/* anonymous THP (compound order 9) */
	GC_FILE_THP,		/* page-cache THP (compound order 9) */
	GC_HUGETLB,		/* hugetlbfs page (compound order 9) */
	GC_FREE,		/* buddy free block */
	GC_FREE_ZERO,		/* buddy free block with zeroed content */
	GC_HWPOISON,
	GC_OFFLINE,
	GC_NCLASS
};

enum gen_pattern { GEN_PAT_REALISTIC, GEN_PAT_ALTERNATING, GEN_PAT_CLUSTERED };

struct gen_range { uint64_t start, end; };	/* half-open, bytes or pfns */

/* Corruption knobs (spec key "corrupt", see gen_corrupt.c). */
enum gen_pt_level { GEN_PT_NONE, GEN_PT_PGD, GEN_PT_PUD, GEN_PT_PMD };
enum { GEN_MAX_VMCI_EDITS = 8 };

struct gen_vmci_edit {
	char op;			/* 'd' drop, 's' set, 'u' duplicate */
	char key[64], val[64];
};

struct gen_corrupt {
	bool ms_root;			/* root entry of ms_section's block: bad */
	bool ms_entry;			/* section_mem_map of ms_section: garbage */
	bool ms_map;			/* ... a mem_map in unmapped space */
	uint64_t ms_section;		/* UINT64_MAX = the last present one */
	enum gen_pt_level pt_loop, pt_garbage;	/* vmemmap entry of pt_section */
	uint64_t pt_section;
	bool buddy;			/* first free block: private = buddy_order */
	uint64_t buddy_order;
	bool prb_loop;			/* printk ring head_id = tail_id - 1 */
	bool compound;			/* forced THP head near the end of RAM */
	uint64_t compound_order;
	struct gen_vmci_edit vmci[GEN_MAX_VMCI_EDITS];
	int nvmci;
};

struct gen_spec {
	enum gen_flavour flavour;
	enum gen_arch arch;
	int paging;			/* 4 or 5 (x86_64) */
	/* arm64 (gen_arm64.c): page size, VA_BITS, bits in use (TCR T1SZ) */
	uint64_t page_size;		/* 0 = the architecture's default */
	int va_bits, va_actual;		/* va_actual 0 = va_bits */
	uint64_t mem;			/* last mem= (RAM ranges of the arch) */
	bool ram_given;			/* ram= after the last mem= */
	uint64_t seed;
	bool kaslr;
	int cpus;
	enum gen_pattern pattern;
	double mix[GC_NCLASS];		/* weights of workload classes */
	double run_mean;		/* mean run length in pages */
	uint64_t crashtime;
	char osrelease[65];
	struct gen_range ram[GEN_MAX_RANGES];	/* bytes, sorted */
	int nram;
	const char *template_dir;	/* VMCOREINFO templates */
	struct gen_corrupt corrupt;
	/* vmemmap layout (gen_vmemmap.c; doc/testing.md) */
	uint64_t vmemmap_map;		/* page size of its mappings */
	uint64_t hvo;			/* hugetlb pages with optimised vmemmap */
	uint64_t mom;			/* last sections hosting their own memmap */
	bool mom_reserved;		/* ... whose hosting pfns say reserved */
};

/* One run of pfns inside a section, all of one class. */
struct gen_run {
	uint32_t start;			/* pfn offset within the section */
	uint32_t len;
	uint8_t cls;
	uint8_t order;			/* buddy or compound order (0 otherwise) */
};

struct gen_section_layout {
	uint64_t nr;			/* section number, UINT64_MAX = empty slot */
	struct gen_run *runs;
	size_t nruns, cap;
};

struct gen_load {			/* one PT_LOAD of the vmcore */
	uint64_t paddr, vaddr, size, offset;
};

enum { GEN_LAYOUT_CACHE = 8, GEN_MAX_LOADS = GEN_MAX_RANGES + 1 };

/* Kernel constants, read from the flavour's VMCOREINFO template. */
struct gen_kconst {
	int pg_lru, pg_private, pg_swapcache, pg_swapbacked, pg_slab;
	int pg_hwpoison, pg_head, pg_reserved, pg_uptodate, pg_waiters;
	int32_t buddy, offline, slab_type, hugetlb_type;	/* 0 = not a type */
	int hugetlb_dtor, thp_dtor;			/* 6.1: compound_dtor ids */
	int off_flags, off_head, off_mapping, off_index, off_private;
	int off_mapcount, off_refcount, off_dtor, off_order;	/* -1 = absent */
	int off_uts_name;
	int max_order;					/* LENGTH(zone.free_area) */
};

struct gen_machine {
	struct gen_spec spec;
	struct gen_kconst k;
	char *template_text;
	/* page geometry */
	uint64_t page_size, pps;	/* bytes per page, pfns per section */
	unsigned page_shift, section_bits;
	uint64_t slot;			/* bytes of one section's struct pages */
	unsigned compound_order;	/* THP and hugetlb units: 2 MiB */
	/* arm64 (gen_arm64.c) */
	uint64_t kimage_voffset, phys_offset;
	unsigned a64_levels, a64_walk_bits;
	bool a64_lpa2;
	/* derived layout */
	uint64_t max_pfn;		/* end of highest RAM pfn */
	uint64_t nsections;		/* ceil(max_pfn / PPS) */
	uint8_t *present;		/* per section: has RAM */
	uint64_t *memmap_index;		/* per section: index in memmap backing, or UINT64_MAX */
	uint64_t *memmap_sec;		/* per backing index: its section */
	uint64_t npresent;
	uint64_t page_offset, vmemmap_base, kernel_offset, phys_base;
	uint64_t kernel_phys, kernel_size;	/* kernel image (text PT_LOAD) */
	uint64_t kbuf_phys, kbuf_size;	/* image + page tables + kernel data */
	uint8_t *kbuf;
	uint64_t kbuf_used;
	uint64_t memmap_phys, memmap_size;	/* struct page backing (top of RAM) */
	uint64_t *memmap_pa;		/* per section: its struct pages, or UINT64_MAX */
	bool memmap_by_section;		/* backing slot = section number (1g) */
	uint64_t mom_first;		/* first self-hosting section, or nsections */
	uint64_t *hvo_head;		/* heads of the optimised hugetlb pages */
	size_t nhvo;
	uint64_t pgd_phys;		/* init_top_pgt */
	/* ELF */
	uint8_t *head;			/* Ehdr + phdrs + notes, padded */
	uint64_t head_size;
	uint64_t note_offset, note_size;
	struct gen_load loads[GEN_MAX_LOADS];
	int nloads;
	uint64_t file_size;
	char *vmcoreinfo;		/* final text */
	/* symbols (virtual addresses) */
	uint64_t sym_uts, sym_node_online_map, sym_prb, sym_printk_rb_static;
	uint64_t sym_clear_seq, sym_node_data, sym_vmap_area_list, sym_stext;
	uint64_t sym_mem_section;	/* root array (direct map) */
	uint64_t sym_mem_section_ptr;	/* the pointer variable in the image */
	uint64_t sym_init_top_pgt;
	/* corruption targets (gen_corrupt.c); pfns, half-open */
	struct gen_range unknown[4];	/* struct pages a tool cannot trust */
	int nunknown;
	uint64_t forced_head;		/* fake compound head, UINT64_MAX = none */
	uint64_t buddy_head;		/* free block with a bad order */
	/* cache of generated section layouts */
	struct gen_section_layout cache[GEN_LAYOUT_CACHE];
	unsigned cache_next;
};

/* gen_spec.c */
int gen_spec_parse(struct gen_spec *spec, const char *text, char *errbuf,
		   size_t errlen);
int gen_spec_load(struct gen_spec *spec, const char *path, char *errbuf,
		  size_t errlen);
const char *gen_class_name(enum gen_class c);
uint64_t gen_parse_size(const char *s, int *ok);

/* gen_layout.c */
const struct gen_section_layout *gen_section(struct gen_machine *m,
					     uint64_t nr);
/* Class of @pfn; *order_ret and *head_ret describe its buddy/compound unit. */
enum gen_class gen_pfn_class(struct gen_machine *m, uint64_t pfn,
			     unsigned *order_ret, uint64_t *head_ret);
bool gen_pfn_is_ram(const struct gen_machine *m, uint64_t pfn);
uint64_t gen_hash(uint64_t a, uint64_t b);

/* gen_page.c */
void gen_struct_page(struct gen_machine *m, uint64_t pfn, uint8_t out[64]);
/* @n struct pages from @pfn, all inside one section. */
void gen_struct_pages(struct gen_machine *m, uint64_t pfn, uint64_t n,
		      uint8_t *out);
void gen_page_content(struct gen_machine *m, uint64_t pfn, uint8_t *out);
bool gen_page_is_zero(struct gen_machine *m, uint64_t pfn);

/* gen_vmemmap.c */
enum { GEN_MOM_PAGES = 512 };	/* pages of one section's struct pages */
int gen_vmemmap_place(struct gen_machine *m, char *err, size_t errlen);
int gen_vmemmap_find_hvo(struct gen_machine *m, char *err, size_t errlen);
uint64_t gen_vmemmap_pt_pages(const struct gen_machine *m);
void gen_vmemmap_map(struct gen_machine *m);
uint64_t gen_vmemmap_pa(const struct gen_machine *m, uint64_t vpage);
uint64_t gen_mom_hosted(const struct gen_machine *m, uint64_t section);
/* Struct pages held by physical page @pfn: true and @out filled, or false. */
bool gen_memmap_page(struct gen_machine *m, uint64_t pfn, uint8_t *out,
		     bool *zero);
int gen_vmemmap_write(const struct gen_machine *m, FILE *out);

/* gen_arm64.c */
int gen_arm64_check(struct gen_spec *spec, char *err, size_t errlen);
void gen_arm64_geometry(struct gen_machine *m);
void gen_arm64_place(struct gen_machine *m, uint64_t r);
void gen_arm64_map(struct gen_machine *m, uint64_t va, uint64_t pa,
		   uint64_t size, uint64_t nx);
void gen_arm64_map_range(struct gen_machine *m, uint64_t va, uint64_t pa,
			 uint64_t len, uint64_t nx);
uint64_t gen_arm64_pt_pages(const struct gen_machine *m);
int gen_arm64_placeholder(const struct gen_machine *m, const char *name,
			  char *out, size_t outlen);
uint64_t gen_arm64_max_physmem_bits(const struct gen_machine *m);

/* gen_kernel.c */
void gen_map_page(struct gen_machine *m, uint64_t va, uint64_t pa,
		  uint64_t size, uint64_t nx);
int gen_kernel_build(struct gen_machine *m, char *errbuf, size_t errlen);
uint64_t gen_kbuf_alloc(struct gen_machine *m, uint64_t size);
void *gen_kbuf_ptr(struct gen_machine *m, uint64_t phys);
uint64_t gen_virt_direct(const struct gen_machine *m, uint64_t phys);
uint64_t gen_virt_kernel(const struct gen_machine *m, uint64_t phys);

/* gen_corrupt.c */
int gen_corrupt_parse(struct gen_spec *spec, char *value, char *err,
		      size_t errlen);
/* Apply the knobs to the built kernel data and VMCOREINFO text. */
int gen_corrupt_apply(struct gen_machine *m, char *err, size_t errlen);
/* Overwrite the struct page of @pfn if a knob targets it. */
void gen_corrupt_page(struct gen_machine *m, uint64_t pfn, uint8_t out[64]);
/* The class a correct tool sees for @pfn of true class @cls. */
enum gen_class gen_truth_class(const struct gen_machine *m, uint64_t pfn,
			       enum gen_class cls);
/* Does [start, end) hold a pfn whose truth class differs? */
bool gen_corrupt_touches(const struct gen_machine *m, uint64_t start,
			 uint64_t end);
void gen_corrupt_info(const struct gen_machine *m, FILE *out);

/* gen_elf.c */
int gen_machine_init(struct gen_machine *m, const struct gen_spec *spec,
		     char *errbuf, size_t errlen);
void gen_machine_free(struct gen_machine *m);
/* Bytes [off, off+len) of the vmcore file. */
void gen_read(struct gen_machine *m, uint64_t off, uint64_t len, uint8_t *buf);
/* Physical memory bytes (0 outside RAM). */
void gen_read_phys(struct gen_machine *m, uint64_t paddr, uint64_t len,
		   uint8_t *buf);

/* gen_truth.c */
struct gen_counts {
	uint64_t max_mapnr, memhole;	/* memhole as makedumpfile counts it */
	uint64_t true_hole;		/* pfns below max_mapnr that are not RAM */
	uint64_t zero, cache, cache_private, user, free, hwpoison, offline;
	uint64_t kept;
};
/* What makedumpfile-style filtering at @level gives on this machine. */
void gen_counts(struct gen_machine *m, int level, struct gen_counts *c);
/* Is @pfn kept (written) at @level? */
bool gen_kept(struct gen_machine *m, uint64_t pfn, int level);
/* Run-length listing "start count class" of every pfn up to max_pfn. */
int gen_truth_write(struct gen_machine *m, FILE *out);
void gen_report_print(const struct gen_counts *c, FILE *out);

#endif
