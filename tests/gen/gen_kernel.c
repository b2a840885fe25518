// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel structures of the synthetic machine: the kernel image with its
 * symbols, page tables (direct map, vmemmap, kernel text; 4 or 5 levels),
 * SPARSEMEM_EXTREME mem_section, the printk ring buffer, and the
 * VMCOREINFO text rendered from the flavour's template.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

#define START_KERNEL_MAP 0xffffffff80000000ULL
#define IMAGE_SIZE (16ULL << 20)
#define PTE_FLAGS 0x63ULL		/* present, rw, accessed, dirty */
#define PSE 0x80ULL
#define NX (1ULL << 63)

/* Offsets of static objects inside the kernel image. */
enum {
	IMG_UTS = 0x800000, IMG_NODE_ONLINE = 0x800400,
	IMG_VMAP_LIST = 0x800480, IMG_PRB_PTR = 0x8004c0,
	IMG_CLEAR_SEQ = 0x800500, IMG_RB_STATIC = 0x800600,
	IMG_MEM_SECTION_PTR = 0x800700,	/* the variable `mem_section` (4.15+) */
	IMG_NODE_DATA = 0x801000, IMG_PGDAT = 0x803000,
	IMG_DESCS = 0x840000, IMG_INFOS = 0x850000, IMG_TEXT_RING = 0x870000,
	IMG_PGD = 0xa00000, IMG_BSS_END = 0xc00000,
};
enum { RB_COUNT_BITS = 10, RB_DATA_BITS = 17 };
#define RB_ID_MASK (~(3ULL << 62))	/* DESC_ID_MASK */

static bool
arm64(const struct gen_machine *m)
{
	return m->spec.arch == GEN_ARCH_ARM64;
}

uint64_t
gen_virt_direct(const struct gen_machine *m, uint64_t phys)
{
	if (arm64(m))
		return m->page_offset + (phys - m->phys_offset);
	return m->page_offset + phys;
}

uint64_t
gen_virt_kernel(const struct gen_machine *m, uint64_t phys)
{
	if (arm64(m))
		return phys + m->kimage_voffset;
	return START_KERNEL_MAP + phys - m->phys_base;
}

void *
gen_kbuf_ptr(struct gen_machine *m, uint64_t phys)
{
	return m->kbuf + (phys - m->kbuf_phys);
}

uint64_t
gen_kbuf_alloc(struct gen_machine *m, uint64_t size)
{
	uint64_t phys = m->kbuf_phys + m->kbuf_used;

	size = (size + m->page_size - 1) & ~(m->page_size - 1);
	if (m->kbuf_used + size > m->kbuf_size) {
		fprintf(stderr, "sdgen: kernel data area overflow\n");
		abort();
	}
	m->kbuf_used += size;
	return phys;
}

static void
kput64(struct gen_machine *m, uint64_t phys, uint64_t v)
{
	memcpy(gen_kbuf_ptr(m, phys), &v, 8);
}

/* --- template ------------------------------------------------------- */

static long long
tmpl_num(const char *text, const char *key, long long dflt)
{
	size_t klen = strlen(key);
	const char *p = text;

	while (p && *p) {
		if (!strncmp(p, key, klen) && p[klen] == '=')
			return strtoll(p + klen + 1, NULL, 0);
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return dflt;
}

static int
bit_of_mask(long long mask)
{
	int b;

	for (b = 0; b < 64; b++)
		if (mask == (1LL << b))
			return b;
	return -1;
}

static void
read_kconst(struct gen_machine *m)
{
	struct gen_kconst *k = &m->k;
	const char *t = m->template_text;
	bool is61 = m->spec.flavour == GEN_FLAVOUR_61;

	k->pg_lru = (int)tmpl_num(t, "NUMBER(PG_lru)", -1);
	k->pg_private = (int)tmpl_num(t, "NUMBER(PG_private)", -1);
	k->pg_swapcache = (int)tmpl_num(t, "NUMBER(PG_swapcache)", -1);
	k->pg_swapbacked = (int)tmpl_num(t, "NUMBER(PG_swapbacked)", -1);
	k->pg_slab = (int)tmpl_num(t, "NUMBER(PG_slab)", -1);
	k->pg_hwpoison = (int)tmpl_num(t, "NUMBER(PG_hwpoison)", -1);
	k->pg_head = bit_of_mask(tmpl_num(t, "NUMBER(PG_head_mask)", 0));
	/* not exported: kernel enum pageflags of the flavour */
	k->pg_reserved = is61 ? 12 : 13;
	k->pg_uptodate = is61 ? 2 : 3;
	k->pg_waiters = 7;
	k->buddy = (int32_t)tmpl_num(t, "NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)", -129);
	k->offline = (int32_t)tmpl_num(t, "NUMBER(PAGE_OFFLINE_MAPCOUNT_VALUE)", -257);
	k->slab_type = (int32_t)tmpl_num(t, "NUMBER(PAGE_SLAB_MAPCOUNT_VALUE)", 0);
	k->hugetlb_type = (int32_t)tmpl_num(t, "NUMBER(PAGE_HUGETLB_MAPCOUNT_VALUE)", 0);
	k->hugetlb_dtor = (int)tmpl_num(t, "NUMBER(HUGETLB_PAGE_DTOR)", 2);
	k->thp_dtor = 3;	/* TRANSHUGE_PAGE_DTOR, 4.4 - 6.5 */
	k->off_flags = (int)tmpl_num(t, "OFFSET(page.flags)", 0);
	k->off_head = (int)tmpl_num(t, "OFFSET(page.compound_head)", 8);
	k->off_mapping = (int)tmpl_num(t, "OFFSET(page.mapping)", 24);
	k->off_index = k->off_mapping + 8;
	k->off_private = (int)tmpl_num(t, "OFFSET(page.private)", 40);
	k->off_mapcount = (int)tmpl_num(t, "OFFSET(page._mapcount)", 48);
	k->off_refcount = (int)tmpl_num(t, "OFFSET(page._refcount)", 52);
	k->off_dtor = (int)tmpl_num(t, "OFFSET(page.compound_dtor)", -1);
	k->off_order = (int)tmpl_num(t, "OFFSET(page.compound_order)", -1);
	k->off_uts_name = (int)tmpl_num(t, "OFFSET(uts_namespace.name)", 0);
	k->max_order = (int)tmpl_num(t, "LENGTH(zone.free_area)", 11);
	if (arm64(m))	/* a placeholder there: 11, 12, 14 orders */
		k->max_order = m->page_shift == 16 ? 14 :
			       m->page_shift == 14 ? 12 : 11;
}

static int
load_template(struct gen_machine *m, char *err, size_t errlen)
{
	char path[4096];
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s%s.txt", m->spec.template_dir,
		 m->spec.flavour == GEN_FLAVOUR_61 ? "6.1" : "6.12",
		 arm64(m) ? "-arm64" : "");
	f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	m->template_text = calloc(1, (size_t)n + 1);
	if (fread(m->template_text, 1, (size_t)n, f) != (size_t)n)
		n = -1;
	fclose(f);
	if (n < 0) {
		snprintf(err, errlen, "%s: read error", path);
		return -1;
	}
	read_kconst(m);
	return 0;
}

/* --- page tables ---------------------------------------------------- */

static uint64_t
pt_next(struct gen_machine *m, uint64_t table, unsigned idx)
{
	uint64_t *e = gen_kbuf_ptr(m, table + idx * 8ULL);

	if (!*e)
		*e = gen_kbuf_alloc(m, m->page_size) | PTE_FLAGS;
	return *e & 0x000ffffffffff000ULL;
}

void
gen_map_page(struct gen_machine *m, uint64_t va, uint64_t pa, uint64_t size,
	     uint64_t nx)
{
	uint64_t t = m->pgd_phys;

	if (arm64(m)) {
		gen_arm64_map(m, va, pa, size, nx);
		return;
	}
	if (m->spec.paging == 5)
		t = pt_next(m, t, (va >> 48) & 511);
	t = pt_next(m, t, (va >> 39) & 511);
	if (size == (1ULL << 30)) {
		kput64(m, t + ((va >> 30) & 511) * 8, pa | PTE_FLAGS | PSE | nx);
		return;
	}
	t = pt_next(m, t, (va >> 30) & 511);
	if (size == (2ULL << 20)) {
		kput64(m, t + ((va >> 21) & 511) * 8, pa | PTE_FLAGS | PSE | nx);
		return;
	}
	t = pt_next(m, t, (va >> 21) & 511);
	kput64(m, t + ((va >> 12) & 511) * 8, pa | PTE_FLAGS | nx);
}

static void
map_direct(struct gen_machine *m)
{
	int i;

	for (i = 0; i < m->spec.nram; i++) {
		uint64_t pa = m->spec.ram[i].start, end = m->spec.ram[i].end;

		if (arm64(m)) {
			pa &= ~(m->page_size - 1);
			end = (end + m->page_size - 1) & ~(m->page_size - 1);
			gen_arm64_map_range(m, gen_virt_direct(m, pa), pa,
					    end - pa, NX);
			continue;
		}
		while (pa < end) {
			uint64_t sz = m->page_size;

			if (!(pa & ((1ULL << 30) - 1)) && pa + (1ULL << 30) <= end)
				sz = 1ULL << 30;
			else if (!(pa & ((2ULL << 20) - 1)) &&
				 pa + (2ULL << 20) <= end)
				sz = 2ULL << 20;
			gen_map_page(m, gen_virt_direct(m, pa), pa, sz, NX);
			pa += sz;
		}
	}
}

static void
map_vmemmap_and_text(struct gen_machine *m)
{
	const uint64_t sz = 2ULL << 20;
	uint64_t off;

	gen_vmemmap_map(m);
	if (arm64(m)) {
		gen_arm64_map_range(m, gen_virt_kernel(m, m->kernel_phys),
				    m->kernel_phys, m->kernel_size, 0);
		return;
	}
	for (off = 0; off < m->kernel_size; off += sz)
		gen_map_page(m, gen_virt_kernel(m, m->kernel_phys + off),
			     m->kernel_phys + off, sz, 0);
}

/* --- mem_section ---------------------------------------------------- */

static uint64_t
ms_size(const struct gen_machine *m)
{
	return (uint64_t)tmpl_num(m->template_text, "SIZE(mem_section)", 16);
}

static uint64_t
section_roots(const struct gen_machine *m)
{
	unsigned bits = arm64(m) ? (unsigned)gen_arm64_max_physmem_bits(m) :
			m->spec.paging == 5 ? 52 : 46;

	return (1ULL << (bits - m->section_bits)) / (m->page_size / ms_size(m));
}

static void
build_mem_section(struct gen_machine *m)
{
	const uint64_t per_root = m->page_size / ms_size(m);
	uint64_t roots = gen_kbuf_alloc(m, section_roots(m) * 8);
	uint64_t s, page = 0;

	m->sym_mem_section = gen_virt_direct(m, roots);
	for (s = 0; s < m->nsections; s++) {
		uint64_t ms;

		if (m->memmap_index[s] == UINT64_MAX)
			continue;
		if (!*(uint64_t *)gen_kbuf_ptr(m, roots + (s / per_root) * 8)) {
			page = gen_kbuf_alloc(m, m->page_size);
			kput64(m, roots + (s / per_root) * 8,
			       gen_virt_direct(m, page));
		}
		page = *(uint64_t *)gen_kbuf_ptr(m, roots + (s / per_root) * 8) -
		       m->page_offset + m->phys_offset;	/* x86: 0 */
		ms = page + (s % per_root) * ms_size(m);
		/* encoded mem_map: vmemmap - section start pfn, plus flags
		 * PRESENT | HAS_MEM_MAP | ONLINE | EARLY */
		kput64(m, ms, m->vmemmap_base | 0xf);
		kput64(m, ms + 8, gen_virt_direct(m, roots));	/* usage */
	}
}

/* --- static objects ------------------------------------------------- */

static uint64_t
img(const struct gen_machine *m, uint64_t off)
{
	return m->kernel_phys + off;
}

static void
build_uts(struct gen_machine *m)
{
	const char *const fields[6] = {
		"Linux", "sdgen", m->spec.osrelease,
		"#1 SMP PREEMPT_DYNAMIC Debian",
		arm64(m) ? "aarch64" : "x86_64", "(none)"
	};
	char *name = gen_kbuf_ptr(m, img(m, IMG_UTS) + m->k.off_uts_name);
	int i;

	for (i = 0; i < 6; i++)
		snprintf(name + i * 65, 65, "%s", fields[i]);
}

static void
build_symbols(struct gen_machine *m)
{
	uint64_t pgdat = img(m, IMG_PGDAT);
	const char *t = m->template_text;

	m->sym_uts = gen_virt_kernel(m, img(m, IMG_UTS));
	m->sym_node_online_map = gen_virt_kernel(m, img(m, IMG_NODE_ONLINE));
	m->sym_vmap_area_list = gen_virt_kernel(m, img(m, IMG_VMAP_LIST));
	m->sym_prb = gen_virt_kernel(m, img(m, IMG_PRB_PTR));
	m->sym_clear_seq = gen_virt_kernel(m, img(m, IMG_CLEAR_SEQ));
	m->sym_printk_rb_static = gen_virt_kernel(m, img(m, IMG_RB_STATIC));
	m->sym_node_data = gen_virt_kernel(m, img(m, IMG_NODE_DATA));
	m->sym_init_top_pgt = gen_virt_kernel(m, m->pgd_phys);
	m->sym_stext = gen_virt_kernel(m, m->kernel_phys);
	if (arm64(m))	/* _text is the image's start, _stext 64 KiB on */
		m->sym_stext += 0x10000;
	m->sym_mem_section_ptr = gen_virt_kernel(m, img(m, IMG_MEM_SECTION_PTR));
	kput64(m, img(m, IMG_MEM_SECTION_PTR), m->sym_mem_section);
	build_uts(m);
	kput64(m, img(m, IMG_NODE_ONLINE), 1);
	kput64(m, img(m, IMG_VMAP_LIST), m->sym_vmap_area_list);
	kput64(m, img(m, IMG_VMAP_LIST) + 8, m->sym_vmap_area_list);
	kput64(m, img(m, IMG_PRB_PTR), m->sym_printk_rb_static);
	kput64(m, img(m, IMG_NODE_DATA), gen_virt_kernel(m, pgdat));
	kput64(m, pgdat + tmpl_num(t, "OFFSET(pglist_data.node_start_pfn)", 0),
	       0);
	kput64(m, pgdat + tmpl_num(t, "OFFSET(pglist_data.node_spanned_pages)", 8),
	       m->max_pfn);
}

static const char *const dmesg_lines[] = {
	"Linux version %s (debian-kernel@lists.debian.org) (gcc-12) #1 SMP PREEMPT_DYNAMIC Debian",
	"Command line: BOOT_IMAGE=/vmlinuz root=/dev/vda ro crashkernel=256M",
	"BIOS-provided physical RAM map:",
	"x86/fpu: Supporting XSAVE feature 0x001: 'x87 floating point registers'",
	"Memory: %s available",
	"sdgen: synthetic machine, seed %s",
	"sdgen: bytes \x01\x7f, UTF-8 \xc2\xb0" "C,\ttab",
	"",
	"Freeing unused kernel image (initmem) memory: 2804K",
	"Run /init as init process",
	"sysrq: Trigger a crash",
	"Kernel panic - not syncing: sysrq triggered crash",
	"CPU: 0 PID: 1 Comm: sh Kdump: loaded Not tainted %s #1",
	"Call Trace:\n <TASK>\n dump_stack_lvl+0x44/0x5c\n </TASK>",
};

/* arm64 machines log these instead of lines 2, 3 and the last */
static const char *const dmesg_arm64[] = {
	"Booting Linux on physical CPU 0x0000000000 [0x000f0510]",
	"Machine model: linux,dummy-virt",
	"Call trace:\n dump_backtrace+0xe4/0x140\n show_stack+0x20/0x30\n dump_stack_lvl+0x64/0x80",
};

static const char *
dmesg_line(const struct gen_machine *m, size_t i, size_t n)
{
	if (!arm64(m))
		return dmesg_lines[i];
	return i == 2 ? dmesg_arm64[0] : i == 3 ? dmesg_arm64[1] :
	       i == n - 1 ? dmesg_arm64[2] : dmesg_lines[i];
}

/* Replace the one "%s" of @fmt with @arg (the lines are not formats). */
static void
format_line(char *buf, size_t len, const char *fmt, const char *arg)
{
	const char *at = strstr(fmt, "%s");

	if (!at) {
		snprintf(buf, len, "%s", fmt);
		return;
	}
	snprintf(buf, len, "%.*s%s%s", (int)(at - fmt), fmt, arg, at + 2);
}

static void
rb_put(struct gen_machine *m, uint64_t ring, const char *key, uint64_t v,
       int width)
{
	long long off = tmpl_num(m->template_text, key, -1);
	uint8_t *p;

	if (off < 0)
		return;
	p = gen_kbuf_ptr(m, ring + (uint64_t)off);
	memcpy(p, &v, (size_t)width);
}

/*
 * printk_info.caller_id (kernel/printk/printk.c, printk_caller_id()): a
 * task's pid, or bit 31 and the CPU number in interrupt context.  Pids are
 * spread up to PID_MAX_LIMIT (2^22), every fifth record is a CPU's, so that
 * --dump-dmesg's caller-id column (tests/e2e/4001) has varied widths.
 */
static uint32_t
record_caller(uint64_t seq)
{
	if (seq % 5 == 2)
		return 0x80000000U | (uint32_t)(seq % 8);
	return (uint32_t)(seq * 2654435761ULL % 4194304);
}

/*
 * One record as the kernel's prb_reserve/prb_commit leave it (6.1,
 * kernel/printk/printk_ringbuffer.c): seq is congruent to the descriptor
 * index (desc_reserve adds DESCS_COUNT per lap), the data block is
 * ALIGN(8 + len, 8) bytes starting with the id, a block that would cross
 * the end of the ring stores its id at begin and again, with the text, at
 * offset 0 (data_alloc, get_next_lpos), and an empty text is data-less
 * (begin = next = NO_LPOS).  lpos values are logical (never reduced).
 */
static void
build_record(struct gen_machine *m, uint64_t id, uint64_t *lpos,
	     const char *text)
{
	const char *t = m->template_text;
	uint64_t count = 1ULL << RB_COUNT_BITS, idx = id & (count - 1);
	uint64_t size = 1ULL << RB_DATA_BITS;
	uint64_t desc = img(m, IMG_DESCS) + idx * tmpl_num(t, "SIZE(prb_desc)", 24);
	uint64_t info = img(m, IMG_INFOS) + idx * tmpl_num(t, "SIZE(printk_info)", 88);
	uint64_t lpos_off = tmpl_num(t, "OFFSET(prb_desc.text_blk_lpos)", 8);
	uint64_t seq = (id + count) & RB_ID_MASK;	/* DESC0_ID + 1 has seq 0 */
	size_t len = strlen(text);
	uint64_t blk = (8 + len + 7) & ~7ULL, begin = *lpos, next, at;
	uint8_t *data = gen_kbuf_ptr(m, img(m, IMG_TEXT_RING));

	if (len == 0) {
		begin = next = 3;	/* NO_LPOS: a data-less record */
	} else {
		next = begin + blk;
		at = begin % size;
		memcpy(data + at, &id, 8);
		if (begin / size != next / size) {	/* wraps: data at 0 */
			next = next / size * size + blk;
			at = 0;
			memcpy(data, &id, 8);
		}
		memcpy(data + at + 8, text, len);
		*lpos = next;
	}
	kput64(m, desc + tmpl_num(t, "OFFSET(prb_desc.state_var)", 0),
	       (2ULL << 62) | id);	/* desc_finalized */
	kput64(m, desc + lpos_off + tmpl_num(t, "OFFSET(prb_data_blk_lpos.begin)", 0), begin);
	kput64(m, desc + lpos_off + tmpl_num(t, "OFFSET(prb_data_blk_lpos.next)", 8), next);
	rb_put(m, info, "OFFSET(printk_info.seq)", seq, 8);
	rb_put(m, info, "OFFSET(printk_info.ts_nsec)", seq * 1234567891ULL / 7 + 1000, 8);
	rb_put(m, info, "OFFSET(printk_info.text_len)", len, 2);
	rb_put(m, info, "OFFSET(printk_info.caller_id)", record_caller(seq), 4);
}

/*
 * The ring of a kernel that has logged about a thousand records: the ids
 * cross the 62-bit wrap (DESC_ID_MASK) and the descriptor index wraps,
 * and the text data ring has lapped three times so that one block wraps.
 */
static void
build_prb(struct gen_machine *m)
{
	const char *t = m->template_text;
	uint64_t rb = img(m, IMG_RB_STATIC), seed = m->spec.seed;
	uint64_t desc_ring = rb + tmpl_num(t, "OFFSET(printk_ringbuffer.desc_ring)", 0);
	uint64_t data_ring = rb + tmpl_num(t, "OFFSET(printk_ringbuffer.text_data_ring)", 40);
	uint64_t size = 1ULL << RB_DATA_BITS;
	uint64_t first = RB_ID_MASK - 5, tail_lpos = 3 * size + size - 280;
	uint64_t lpos = tail_lpos, n, i;
	char buf[256], memstr[32], seedstr[32];

	snprintf(memstr, sizeof(memstr), "%" PRIu64 "K",
		 m->max_pfn * (m->page_size >> 10));
	snprintf(seedstr, sizeof(seedstr), "%" PRIu64, seed);
	n = SD_GEN_MIN(sizeof(dmesg_lines) / sizeof(dmesg_lines[0]), 64);
	for (i = 0; i < n; i++) {
		const char *arg = i == 4 ? memstr : i == 5 ? seedstr
						: m->spec.osrelease;

		format_line(buf, sizeof(buf), dmesg_line(m, i, n), arg);
		build_record(m, (first + i) & RB_ID_MASK, &lpos, buf);
	}
	rb_put(m, desc_ring, "OFFSET(prb_desc_ring.count_bits)", RB_COUNT_BITS, 4);
	rb_put(m, desc_ring, "OFFSET(prb_desc_ring.descs)", gen_virt_kernel(m, img(m, IMG_DESCS)), 8);
	rb_put(m, desc_ring, "OFFSET(prb_desc_ring.infos)", gen_virt_kernel(m, img(m, IMG_INFOS)), 8);
	rb_put(m, desc_ring, "OFFSET(prb_desc_ring.head_id)", (first + n - 1) & RB_ID_MASK, 8);
	rb_put(m, desc_ring, "OFFSET(prb_desc_ring.tail_id)", first, 8);
	rb_put(m, data_ring, "OFFSET(prb_data_ring.size_bits)", RB_DATA_BITS, 4);
	rb_put(m, data_ring, "OFFSET(prb_data_ring.data)", gen_virt_kernel(m, img(m, IMG_TEXT_RING)), 8);
	rb_put(m, data_ring, "OFFSET(prb_data_ring.head_lpos)", lpos, 8);
	rb_put(m, data_ring, "OFFSET(prb_data_ring.tail_lpos)", tail_lpos, 8);
	/*
	 * clear_seq is a latched_seq (5.13+): an odd latch count selects
	 * val[1], which holds the seq of record 8 ("dmesg -c" ran before it);
	 * val[0] holds a stale value.
	 */
	kput64(m, img(m, IMG_CLEAR_SEQ), 5);
	kput64(m, img(m, IMG_CLEAR_SEQ) + 8, 1000);
	kput64(m, img(m, IMG_CLEAR_SEQ) + 16,
	       (first + 8 + (1ULL << RB_COUNT_BITS)) & RB_ID_MASK);
}

/* --- VMCOREINFO ----------------------------------------------------- */

static int
placeholder(const struct gen_machine *m, const char *name, char *out,
	    size_t outlen)
{
	struct { const char *name; uint64_t v; int hex; } vals[] = {
		{ "init_uts_ns", m->sym_uts, 1 },
		{ "node_online_map", m->sym_node_online_map, 1 },
		{ "init_top_pgt", m->sym_init_top_pgt, 1 },
		{ "swapper_pg_dir", m->sym_init_top_pgt, 1 },
		{ "vmemmap", m->vmemmap_base, 1 },
		{ "vmalloc_start", m->page_offset + (1ULL << (m->spec.paging == 5 ? 52 : 46)), 2 },
		{ "kallsyms_names", m->sym_stext + 0x400000, 1 },
		{ "kallsyms_num_syms", m->sym_stext + 0x3ffff8, 1 },
		{ "kallsyms_token_table", m->sym_stext + 0x500000, 1 },
		{ "kallsyms_token_index", m->sym_stext + 0x500400, 1 },
		{ "kallsyms_offsets", m->sym_stext + 0x500600, 1 },
		{ "kallsyms_relative_base", m->sym_stext + 0x5a0000, 1 },
		{ "_stext", m->sym_stext, 1 },
		{ "vmap_area_list", m->sym_vmap_area_list, 1 },
		{ "mem_section", m->sym_mem_section, 1 },
		{ "mem_section_length", section_roots(m), 0 },
		{ "max_physmem_bits", m->spec.paging == 5 ? 52 : 46, 0 },
		{ "prb", m->sym_prb, 1 },
		{ "printk_rb_static", m->sym_printk_rb_static, 1 },
		{ "clear_seq", m->sym_clear_seq, 1 },
		{ "node_data", m->sym_node_data, 1 },
		{ "phys_base", m->phys_base, 3 },
		{ "pgtable_l5_enabled", m->spec.paging == 5, 0 },
		{ "kerneloffset", m->kernel_offset, 1 },
		{ "crashtime", m->spec.crashtime, 0 },
	};
	size_t i;

	if (arm64(m) && !gen_arm64_placeholder(m, name, out, outlen))
		return 0;
	if (!strcmp(name, "osrelease")) {
		snprintf(out, outlen, "%s", m->spec.osrelease);
		return 0;
	}
	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		if (strcmp(name, vals[i].name))
			continue;
		if (vals[i].hex == 3)	/* printed signed, as the kernel does */
			snprintf(out, outlen, "%" PRId64, (int64_t)vals[i].v);
		else if (vals[i].hex == 2)
			snprintf(out, outlen, "0x%" PRIx64, vals[i].v);
		else
			snprintf(out, outlen, vals[i].hex ? "%" PRIx64 : "%" PRIu64,
				 vals[i].v);
		return 0;
	}
	return -1;
}

static int
render_vmcoreinfo(struct gen_machine *m, char *err, size_t errlen)
{
	size_t cap = strlen(m->template_text) + 4096, len = 0;
	const char *p = m->template_text;
	char *out = malloc(cap);

	while (*p) {
		const char *at = strchr(p, '@');
		char name[64], val[128];
		size_t n, vl;

		if (!at) {
			n = strlen(p);
			memcpy(out + len, p, n);
			len += n;
			break;
		}
		memcpy(out + len, p, (size_t)(at - p));
		len += (size_t)(at - p);
		for (n = 0; at[1 + n] && at[1 + n] != '\n' && n < 63; n++)
			name[n] = at[1 + n];
		name[n] = '\0';
		if (placeholder(m, name, val, sizeof(val))) {
			snprintf(err, errlen, "template: unknown @%s", name);
			free(out);
			return -1;
		}
		vl = strlen(val);
		memcpy(out + len, val, vl);
		len += vl;
		p = at + 1 + n;
	}
	out[len] = '\0';
	m->vmcoreinfo = out;
	return 0;
}

/* --- layout --------------------------------------------------------- */

static void
find_sections(struct gen_machine *m)
{
	uint64_t s, idx = 0;

	m->max_pfn = m->spec.ram[m->spec.nram - 1].end >> m->page_shift;
	m->nsections = (m->max_pfn + m->pps - 1) / m->pps;
	m->memmap_index = malloc(m->nsections * sizeof(uint64_t));
	m->memmap_sec = malloc(m->nsections * sizeof(uint64_t));
	m->memmap_pa = malloc(m->nsections * sizeof(uint64_t));
	for (s = 0; s < m->nsections; s++) {
		uint64_t pfn, any = 0;
		int i;

		for (i = 0; i < m->spec.nram && !any; i++) {
			pfn = SD_GEN_MIN(m->spec.ram[i].end >> m->page_shift,
					 (s + 1) * m->pps);
			any = (m->spec.ram[i].start >> m->page_shift) < pfn &&
			      (m->spec.ram[i].end >> m->page_shift) > s * m->pps;
		}
		m->memmap_index[s] = any ? idx : UINT64_MAX;
		if (any)
			m->memmap_sec[idx++] = s;
	}
	m->npresent = idx;
	m->memmap_size = idx * m->slot;
}

static uint64_t
kbuf_extra(const struct gen_machine *m)
{
	uint64_t pages = 64 + m->nsections / (m->page_size / ms_size(m)) +
			 m->nsections / 512 +
			 (uint64_t)m->spec.nram * 8 + (m->max_pfn >> 27) +
			 gen_vmemmap_pt_pages(m) +
			 (arm64(m) ? gen_arm64_pt_pages(m) : 0);

	return (section_roots(m) * 8 + pages * m->page_size + (2ULL << 20) - 1) &
	       ~((2ULL << 20) - 1);
}

static int
place(struct gen_machine *m, uint64_t r, char *err, size_t errlen)
{
	const uint64_t two_m = 2ULL << 20;
	int i;

	m->kernel_size = IMAGE_SIZE;
	m->kbuf_size = IMAGE_SIZE + kbuf_extra(m);
	m->kernel_phys = 16ULL << 20;
	if (m->spec.kaslr)
		m->kernel_phys += (r % 24) * two_m;
	if (arm64(m))
		gen_arm64_place(m, r);
	for (i = 0; i < m->spec.nram; i++)
		if (m->spec.ram[i].start <= m->kernel_phys &&
		    m->kernel_phys + m->kbuf_size <= m->spec.ram[i].end)
			break;
	if (gen_vmemmap_place(m, err, errlen))
		return -1;
	if (i == m->spec.nram ||
	    m->memmap_phys < m->kernel_phys + m->kbuf_size) {
		snprintf(err, errlen,
			 "RAM layout too small for kernel image and memmap");
		return -1;
	}
	m->kbuf_phys = m->kernel_phys;
	if (arm64(m))
		return 0;
	/* virtual and physical KASLR are independent: phys_base may be
	 * "negative" (Debian 6.12 printed NUMBER(phys_base)=-448790528) */
	m->kernel_offset = m->spec.kaslr ? ((r >> 8) % 480) * two_m : 0;
	m->phys_base = m->kernel_phys - (16ULL << 20) - m->kernel_offset;
	if (m->spec.paging == 5) {
		m->page_offset = 0xff11000000000000ULL;
		m->vmemmap_base = 0xffd4000000000000ULL;
	} else {
		m->page_offset = 0xffff888000000000ULL;
		m->vmemmap_base = 0xffffe00000000000ULL;
	}
	if (m->spec.kaslr) {
		m->page_offset += ((r >> 16) % 1024) << 30;
		m->vmemmap_base += ((r >> 32) % 256) << 30;
	}
	return 0;
}

static void
fill_image(struct gen_machine *m)
{
	uint64_t *w = (uint64_t *)m->kbuf;
	uint64_t i, n = IMAGE_SIZE / 8;

	for (i = 0; i < n; i++) {
		uint64_t off = i * 8;

		if (off >= 0x800000 && off < IMG_BSS_END)
			continue;
		w[i] = (i & 3) ? 0x9090909090c3c3c3ULL ^ (i & 0xff)
			       : gen_hash(m->spec.seed, i);
	}
}

int
gen_kernel_build(struct gen_machine *m, char *err, size_t errlen)
{
	uint64_t r;

	if (arm64(m)) {
		gen_arm64_geometry(m);
	} else {
		m->page_size = 4096;
		m->page_shift = 12;
		m->section_bits = 27;
		m->pps = 1ULL << (27 - 12);
		m->slot = m->pps * GEN_PAGE_STRUCT;
		m->compound_order = 9;
	}
	if (load_template(m, err, errlen))
		return -1;
	find_sections(m);
	r = gen_hash(m->spec.seed, 0x6b61736c72ULL);
	if (place(m, r, err, errlen))
		return -1;
	m->kbuf = calloc(1, m->kbuf_size);
	if (!m->kbuf) {
		snprintf(err, errlen, "out of memory for kernel data");
		return -1;
	}
	m->kbuf_used = IMAGE_SIZE;
	fill_image(m);
	m->pgd_phys = img(m, IMG_PGD);
	if (gen_vmemmap_find_hvo(m, err, errlen))
		return -1;
	map_direct(m);
	map_vmemmap_and_text(m);
	build_mem_section(m);
	build_symbols(m);
	build_prb(m);
	if (render_vmcoreinfo(m, err, errlen))
		return -1;
	return gen_corrupt_apply(m, err, errlen);
}
