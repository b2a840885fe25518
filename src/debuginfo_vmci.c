// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The VMCOREINFO text makedumpfile 1.7.2 derives from a vmlinux (-g, and
 * the keys -x puts before the note's): its keys, in its order, with its
 * fallbacks (doc/debuginfo.md, "-g").
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debuginfo_mdf.h"

struct gen {
	struct sd_dbg *dbg;
	char *text;
	size_t len, cap;
	struct sd_err *err;
	sd_status st;
};

static void SD_PRINTF(2, 3)
line(struct gen *g, const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	if (g->st)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(g->text + g->len, g->cap - g->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n + 1 < g->cap - g->len)
			break;
		p = realloc(g->text, 2 * g->cap);
		if (!p) {
			g->st = sd_fail(g->err, SD_ERR_NOMEM, "out of memory");
			return;
		}
		g->text = p;
		g->cap *= 2;
	}
	g->len += (size_t)n;
	g->text[g->len++] = '\n';
	g->text[g->len] = '\0';
}

/* A lookup's -2 (an error) stops the text. */
static long
check(struct gen *g, long v)
{
	if (v == -2 && !g->st)
		g->st = g->err->status ? g->err->status : SD_ERR_CORRUPT;
	return v;
}

static void
put(struct gen *g, const char *kind, const char *key, long v)
{
	if (check(g, v) != -1 && v != -2)
		line(g, "%s(%s)=%ld", kind, key, v);
}

static uint64_t
symbol(struct gen *g, const char *name)
{
	struct sd_err e;
	uint64_t a = 0;

	if (!strcmp(name, "pkmap_count_next"))
		return sd_dbg_next_symbol(g->dbg, "pkmap_count", &a, &e) ? 0 : a;
	return sd_dbg_symbol(g->dbg, name, &a, &e) ? 0 : a;
}

static const char *const symbols[] = {
	"mem_map", "vmem_map", "mem_section", "pkmap_count",
	"pkmap_count_next", "system_utsname", "init_uts_ns", "_stext",
	"swapper_pg_dir", "init_level4_pgt", "level4_kernel_pgt",
	"init_top_pgt", "vmlist", "vmap_area_list", "node_online_map",
	"node_states", "node_data", "pgdat_list", "contig_page_data", "prb",
	"clear_seq", "log_buf", "log_buf_len", "log_end", "log_first_idx",
	"clear_idx", "log_next_idx", "max_pfn", "high_memory",
	"node_remap_start_vaddr", "node_remap_end_vaddr",
	"node_remap_start_pfn", "vmemmap_list", "mmu_psize_defs",
	"mmu_vmemmap_psize", "cpu_pgd", "demote_segment_4k", "cur_cpu_spec",
	"free_huge_page",
};

static void
put_symbols(struct gen *g)
{
	size_t i;

	for (i = 0; i < sizeof(symbols) / sizeof(symbols[0]); i++) {
		uint64_t a = symbol(g, symbols[i]);

		if (a)
			line(g, "SYMBOL(%s)=%llx", symbols[i],
			     (unsigned long long)a);
	}
}

/* Which printk structures the kernel has: 2 ring buffer, 1 printk_log. */
static int
printk_kind(struct gen *g)
{
	if (check(g, sd_mdf_struct_size(g->dbg, "printk_ringbuffer",
					g->err)) > 0)
		return 2;
	return check(g, sd_mdf_struct_size(g->dbg, "printk_log", g->err)) > 0;
}

static void
put_sizes(struct gen *g, int printk)
{
	static const char *const plain[] = {
		"page", "mem_section", "pglist_data", "zone", "free_area",
		"list_head", "node_memblk_s" };
	static const char *const prb[] = {
		"printk_ringbuffer", "prb_desc", "printk_info", "latched_seq" };
	struct sd_dbg *d = g->dbg;
	size_t i;

	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		put(g, "SIZE", plain[i], sd_mdf_struct_size(d, plain[i], g->err));
	put(g, "SIZE", "nodemask_t", sd_mdf_typedef_size(d, "nodemask_t",
							  g->err));
	/* SIZE(pageflags): 1.7.2 never finds enum sizes, so never written */
	if (printk == 2)
		for (i = 0; i < sizeof(prb) / sizeof(prb[0]); i++)
			put(g, "SIZE", prb[i],
			    sd_mdf_struct_size(d, prb[i], g->err));
	else
		put(g, "SIZE", printk ? "printk_log" : "log",
		    sd_mdf_struct_size(d, printk ? "printk_log" : "log",
				       g->err));
	put(g, "SIZE", "vmemmap_backing",
	    sd_mdf_struct_size(d, "vmemmap_backing", g->err));
	put(g, "SIZE", "mmu_psize_def",
	    sd_mdf_struct_size(d, "mmu_psize_def", g->err));
}

/* "struct.member" keys, looked up under the same names. */
static void
put_offsets(struct gen *g, const char *const *keys, size_t n)
{
	char s[64];
	size_t i, dot;

	for (i = 0; i < n; i++) {
		dot = strcspn(keys[i], ".");
		snprintf(s, sizeof(s), "%.*s", (int)dot, keys[i]);
		put(g, "OFFSET", keys[i],
		    sd_mdf_member(g->dbg, s, keys[i] + dot + 1, SD_MDF_OFFSET,
				  g->err));
	}
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* page._refcount (page._count before 4.6) and page.mapping's fallback. */
static void
put_page_offsets(struct gen *g)
{
	static const char *const rest[] = {
		"page.lru", "page._mapcount", "page.private",
		"page.compound_dtor", "page.compound_order",
		"page.compound_head" };
	struct sd_dbg *d = g->dbg;
	long v;

	put_offsets(g, (const char *const[]){ "page.flags" }, 1);
	v = check(g, sd_mdf_member(d, "page", "_refcount", SD_MDF_OFFSET,
				   g->err));
	if (v == -1)
		put(g, "OFFSET", "page._count",
		    sd_mdf_member(d, "page", "_count", SD_MDF_OFFSET, g->err));
	else
		put(g, "OFFSET", "page._refcount", v);
	v = check(g, sd_mdf_member(d, "page", "mapping", SD_MDF_OFFSET,
				   g->err));
	if (v == -1) {
		/* mapping follows an unsigned long in the first union */
		v = check(g, sd_mdf_member(d, "page", NULL,
					   SD_MDF_FIRST_UNION, g->err));
		if (v >= 0)
			v += 8;
	}
	put(g, "OFFSET", "page.mapping", v);
	put_offsets(g, rest, N(rest));
}

static void
put_printk_offsets(struct gen *g, int printk)
{
	static const char *const prb[] = {
		"printk_ringbuffer.desc_ring", "printk_ringbuffer.text_data_ring",
		"prb_desc_ring.count_bits", "prb_desc_ring.descs",
		"prb_desc_ring.infos", "prb_desc_ring.head_id",
		"prb_desc_ring.tail_id", "prb_desc.state_var",
		"prb_desc.text_blk_lpos", "prb_data_blk_lpos.begin",
		"prb_data_blk_lpos.next", "prb_data_ring.size_bits",
		"prb_data_ring.data", "printk_info.ts_nsec",
		"printk_info.text_len", "atomic_long_t.counter",
		"latched_seq.val" };
	static const char *const plog[] = {
		"printk_log.ts_nsec", "printk_log.len", "printk_log.text_len" };
	static const char *const log[] = {
		"log.ts_nsec", "log.len", "log.text_len" };

	if (printk == 2)
		put_offsets(g, prb, N(prb));
	else if (printk == 1)
		put_offsets(g, plog, N(plog));
	else
		put_offsets(g, log, N(log));
}

static void
put_all_offsets(struct gen *g, int printk)
{
	static const char *const mm[] = {
		"mem_section.section_mem_map", "pglist_data.node_zones",
		"pglist_data.nr_zones", "pglist_data.node_mem_map",
		"pglist_data.node_start_pfn", "pglist_data.node_spanned_pages",
		"pglist_data.pgdat_next", "zone.free_pages", "zone.free_area",
		"zone.vm_stat", "zone.spanned_pages", "free_area.free_list",
		"list_head.next", "list_head.prev", "node_memblk_s.start_paddr",
		"node_memblk_s.size", "node_memblk_s.nid", "vm_struct.addr",
		"vmap_area.va_start", "vmap_area.list" };
	static const char *const tail[] = {
		"vmemmap_backing.phys", "vmemmap_backing.virt_addr",
		"vmemmap_backing.list", "mmu_psize_def.shift",
		"cpu_spec.mmu_features", "uts_namespace.name" };

	put_page_offsets(g);
	put_offsets(g, mm, N(mm));
	put_printk_offsets(g, printk);
	put_offsets(g, tail, N(tail));
}

static void
put_lengths(struct gen *g)
{
	static const char *const arrays[] = {
		"pgdat_list", "mem_section", "node_memblk",
		"node_remap_start_pfn" };
	struct sd_dbg *d = g->dbg;
	size_t i;

	if (symbol(g, "node_data"))
		put(g, "LENGTH", "node_data",
		    sd_mdf_symbol_array(d, "node_data", SD_MDF_ARRAY_TYPE,
					g->err));
	for (i = 0; i < N(arrays); i++)
		if (symbol(g, arrays[i]))
			put(g, "LENGTH", arrays[i],
			    sd_mdf_symbol_array(d, arrays[i], SD_MDF_LENGTH,
						g->err));
	put(g, "LENGTH", "zone.free_area",
	    sd_mdf_member(d, "zone", "free_area", SD_MDF_LENGTH, g->err));
	put(g, "LENGTH", "free_area.free_list",
	    sd_mdf_member(d, "free_area", "free_list", SD_MDF_LENGTH,
			  g->err));
}

/* PG_head_mask: the enumerator, else 1 << PG_head (or PG_compound). */
static long
head_mask(struct gen *g)
{
	long v = check(g, sd_mdf_enum(g->dbg, "PG_head_mask", g->err));

	if (v != -1)
		return v;
	v = check(g, sd_mdf_enum(g->dbg, "PG_head", g->err));
	if (v == -1)
		v = check(g, sd_mdf_enum(g->dbg, "PG_compound", g->err));
	return v < 0 ? v : (long)(1UL << v);
}

static void
put_numbers(struct gen *g)
{
	static const char *const first[] = {
		"NR_FREE_PAGES", "N_ONLINE", "pgtable_l5_enabled",
		"PG_lru", "PG_private" };
	static const char *const pg[] = {
		"PG_swapcache", "PG_swapbacked", "PG_buddy", "PG_slab",
		"PG_hwpoison" };
	size_t i;

	for (i = 0; i < N(first); i++)
		put(g, "NUMBER", first[i], sd_mdf_enum(g->dbg, first[i], g->err));
	put(g, "NUMBER", "PG_head_mask", head_mask(g));
	for (i = 0; i < N(pg); i++)
		put(g, "NUMBER", pg[i], sd_mdf_enum(g->dbg, pg[i], g->err));
	put(g, "NUMBER", "HUGETLB_PAGE_DTOR",
	    sd_mdf_enum(g->dbg, "HUGETLB_PAGE_DTOR", g->err));
}

/*
 * The release in the image's utsname: system_utsname (before 2.6.19) or
 * init_uts_ns's name (4 bytes in before uts_namespace.name was known).
 */
static sd_status
image_release(struct gen *g, char rel[65])
{
	char uts[3 * 65];
	uint64_t a;
	long off;
	sd_status st;

	if (!(a = symbol(g, "system_utsname"))) {
		if (!(a = symbol(g, "init_uts_ns")))
			return sd_fail(g->err, SD_ERR_INVALID,
				       "%s: no symbol system_utsname or init_uts_ns",
				       sd_dbg_path(g->dbg));
		off = check(g, sd_mdf_member(g->dbg, "uts_namespace", "name",
					     SD_MDF_OFFSET, g->err));
		a += off >= 0 ? (uint64_t)off : 4;
	}
	st = sd_dbg_read(g->dbg, a, uts, sizeof(uts), g->err);
	if (st)
		return sd_wrap(g->err, st, "the kernel release (utsname)");
	memcpy(rel, uts + 2 * 65, 64);
	rel[64] = '\0';
	return g->st;
}

/* Does the text hold a line starting with @key ("SIZE(page)=")? */
static bool
has(const struct gen *g, const char *key)
{
	size_t n = strlen(key);
	const char *p = g->text;

	for (; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, n))
			return true;
	return false;
}

/*
 * makedumpfile's memory-model check on what was found (the keys written
 * are exactly the values found): struct page, and a node list, sparse
 * sections or a flat mem_map described.
 */
static sd_status
check_mem_type(struct gen *g)
{
	bool page = has(g, "SIZE(page)=") && has(g, "OFFSET(page.flags)=") &&
		    (has(g, "OFFSET(page._refcount)=") ||
		     has(g, "OFFSET(page._count)=")) &&
		    has(g, "OFFSET(page.mapping)=");
	bool nodes = ((has(g, "SYMBOL(node_data)=") &&
		       has(g, "LENGTH(node_data)=")) ||
		      (has(g, "SYMBOL(pgdat_list)=") &&
		       (has(g, "OFFSET(pglist_data.pgdat_next)=") ||
			has(g, "LENGTH(pgdat_list)=")))) &&
		     has(g, "SIZE(pglist_data)=") &&
		     has(g, "OFFSET(pglist_data.node_mem_map)=") &&
		     has(g, "OFFSET(pglist_data.node_start_pfn)=") &&
		     has(g, "OFFSET(pglist_data.node_spanned_pages)=");
	bool sparse = has(g, "SYMBOL(mem_section)=") &&
		      has(g, "SIZE(mem_section)=") &&
		      has(g, "OFFSET(mem_section.section_mem_map)=");

	if (g->st || (page && (nodes || sparse || has(g, "SYMBOL(mem_map)="))))
		return g->st;
	return sd_fail(g->err, SD_ERR_INVALID,
		       "%s: the memory model is not described (struct page with flags, _refcount, mapping; and mem_section, node data or mem_map)",
		       sd_dbg_path(g->dbg));
}

sd_status
sd_dbg_vmcoreinfo(struct sd_dbg *dbg, long page_size, const char *release,
		  char **text, size_t *len, struct sd_err *err)
{
	struct gen g = { .dbg = dbg, .cap = 8192, .err = err };
	char rel[65];
	const char *src;
	int printk;

	g.text = malloc(g.cap);
	if (!g.text)
		return sd_fail(err, SD_ERR_NOMEM, "out of memory");
	if (!release)
		g.st = image_release(&g, rel);
	line(&g, "OSRELEASE=%s", release ? release : rel);
	line(&g, "PAGESIZE=%ld", page_size);
	put_symbols(&g);
	printk = printk_kind(&g);
	put_sizes(&g, printk);
	put_all_offsets(&g, printk);
	put_lengths(&g);
	put_numbers(&g);
	src = sd_mdf_srcfile(dbg, "pud_t", err);
	if (src && *src)
		line(&g, "SRCFILE(pud_t)=%s", src);
	/* -x: also what 1.7.5 reads for its dmesg caller column */
	if (release && printk)
		put_offsets(&g, printk == 2
			    ? (const char *const[]){ "printk_info.caller_id" }
			    : (const char *const[]){ "printk_log.caller_id" }, 1);
	if (!release)
		g.st = check_mem_type(&g);
	if (g.st) {
		free(g.text);
		return g.st;
	}
	*text = g.text;
	*len = g.len;
	return SD_OK;
}
