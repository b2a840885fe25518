// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Corruption knobs: the spec key "corrupt" takes a list of words, each
 * breaking one kernel structure after the machine is built.  The ground
 * truth (gen_truth.c) asks gen_truth_class() what a careful tool can still
 * know: a page whose struct page is unreadable or whose unit makes no sense
 * is kept, so its class becomes "kernel" (zero pages still go at -d 1).
 *
 *   ms_root[:S]        the mem_section root entry of section S's block
 *                      points outside RAM (S: last present section)
 *   ms_entry[:S]       section_mem_map of section S is garbage
 *   ms_map[:S]         section_mem_map of section S is well formed but
 *                      its mem_map lies in unmapped kernel space
 *   pt_loop:LEVEL[:S]  the vmemmap entry (pgd, pud or pmd) mapping the
 *                      struct pages of section S points to its own table
 *   pt_garbage:LEVEL[:S]  that entry points outside RAM
 *   buddy_order:N      the first free block of order >= 1 gets order N
 *   compound_order:N   a fake anon THP head near the end of RAM whose
 *                      first tail says order N (0-255, must be invalid)
 *   prb_loop           the printk ring's head_id is tail_id - 1: walking
 *                      from tail to head goes once round the whole id
 *                      space (2^62 ids), a cycle through the descriptors
 *   vmci_drop:KEY      VMCOREINFO loses the line KEY=...
 *   vmci_set:KEY=VAL   the line KEY=... gets the value VAL
 *   vmci_dup:KEY=VAL   a second line KEY=VAL follows the first
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

#define PTE_FLAGS 0x63ULL
#define PSE 0x80ULL
#define GARBAGE_PA 0x3fffffe00000ULL	/* 64 TiB - 2 MiB: never RAM */

static int
parse_level(const char *s, enum gen_pt_level *lvl)
{
	if (!strncmp(s, "pgd", 3))
		*lvl = GEN_PT_PGD;
	else if (!strncmp(s, "pud", 3))
		*lvl = GEN_PT_PUD;
	else if (!strncmp(s, "pmd", 3))
		*lvl = GEN_PT_PMD;
	else
		return -1;
	return 0;
}

static uint64_t
section_arg(const char *s)
{
	return s ? strtoull(s, NULL, 0) : UINT64_MAX;
}

static int
parse_edit(struct gen_corrupt *c, char op, const char *arg)
{
	struct gen_vmci_edit *e;
	const char *eq = strchr(arg, '=');
	size_t klen = eq ? (size_t)(eq - arg) : strlen(arg);

	if (c->nvmci == GEN_MAX_VMCI_EDITS || klen == 0 || klen >= 64 ||
	    (op != 'd' && (!eq || strlen(eq + 1) >= 64)))
		return -1;
	e = &c->vmci[c->nvmci++];
	e->op = op;
	memcpy(e->key, arg, klen);
	e->key[klen] = '\0';
	snprintf(e->val, sizeof(e->val), "%s", eq ? eq + 1 : "");
	return 0;
}

static int
parse_word(struct gen_corrupt *c, char *w)
{
	char *arg = strchr(w, ':'), *arg2;

	if (arg)
		*arg++ = '\0';
	if (!strcmp(w, "prb_loop")) {
		c->prb_loop = true;
		return 0;
	}
	if (!strcmp(w, "ms_root") || !strcmp(w, "ms_entry") ||
	    !strcmp(w, "ms_map")) {
		*(w[3] == 'r' ? &c->ms_root : w[3] == 'e' ? &c->ms_entry
							  : &c->ms_map) = true;
		c->ms_section = section_arg(arg);
		return 0;
	}
	if (!strcmp(w, "pt_loop") || !strcmp(w, "pt_garbage")) {
		enum gen_pt_level lvl;

		if (!arg || parse_level(arg, &lvl))
			return -1;
		*(w[3] == 'l' ? &c->pt_loop : &c->pt_garbage) = lvl;
		arg2 = strchr(arg, ':');
		c->pt_section = section_arg(arg2 ? arg2 + 1 : NULL);
		return 0;
	}
	if (!arg)
		return -1;
	if (!strcmp(w, "buddy_order")) {
		c->buddy = true;
		c->buddy_order = strtoull(arg, NULL, 0);
		return 0;
	}
	if (!strcmp(w, "compound_order")) {
		c->compound = true;
		c->compound_order = strtoull(arg, NULL, 0);
		return c->compound_order > 255 ? -1 : 0;
	}
	if (!strcmp(w, "vmci_drop"))
		return parse_edit(c, 'd', arg);
	if (!strcmp(w, "vmci_set"))
		return parse_edit(c, 's', arg);
	if (!strcmp(w, "vmci_dup"))
		return parse_edit(c, 'u', arg);
	return -1;
}

int
gen_corrupt_parse(struct gen_spec *spec, char *value, char *err,
		  size_t errlen)
{
	char *tok, *save = NULL;

	for (tok = strtok_r(value, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save)) {
		char word[160];

		snprintf(word, sizeof(word), "%s", tok);
		if (parse_word(&spec->corrupt, word)) {
			snprintf(err, errlen, "bad corrupt word '%s'", tok);
			return -1;
		}
	}
	return 0;
}

/* --- targets -------------------------------------------------------- */

static uint64_t
last_present(const struct gen_machine *m)
{
	uint64_t s = m->nsections;

	while (s-- > 0)
		if (m->memmap_index[s] != UINT64_MAX)
			return s;
	return 0;
}

static int
pick_section(const struct gen_machine *m, uint64_t *s, char *err,
	     size_t errlen)
{
	if (*s == UINT64_MAX)
		*s = last_present(m);
	if (*s >= m->nsections || m->memmap_index[*s] == UINT64_MAX) {
		snprintf(err, errlen, "corrupt: section %" PRIu64
			 " has no memory", *s);
		return -1;
	}
	return 0;
}

static void
add_unknown(struct gen_machine *m, uint64_t start, uint64_t end)
{
	if (end > m->max_pfn)
		end = m->max_pfn;
	if (m->nunknown < 4 && start < end)
		m->unknown[m->nunknown++] = (struct gen_range){ start, end };
}

static uint64_t
tmpl(const struct gen_machine *m, const char *key, uint64_t dflt)
{
	const char *p = strstr(m->template_text, key);

	return p ? strtoull(p + strlen(key), NULL, 0) : dflt;
}

static uint64_t
ms_size(const struct gen_machine *m)
{
	return tmpl(m, "SIZE(mem_section)=", 16);
}

static void
break_prb(struct gen_machine *m)
{
	uint64_t rb = m->sym_printk_rb_static - 0xffffffff80000000ULL +
		      m->phys_base;
	uint64_t dr = rb + tmpl(m, "OFFSET(printk_ringbuffer.desc_ring)=", 0);
	uint64_t *head = gen_kbuf_ptr(m, dr + tmpl(m, "OFFSET(prb_desc_ring.head_id)=", 8));
	uint64_t *tail = gen_kbuf_ptr(m, dr + tmpl(m, "OFFSET(prb_desc_ring.tail_id)=", 16));

	*head = (*tail - 1) & ~(3ULL << 62);
}

static void
break_mem_section(struct gen_machine *m, uint64_t s)
{
	uint64_t per_root = m->page_size / ms_size(m);
	uint64_t roots = m->sym_mem_section - m->page_offset;
	uint64_t *root = gen_kbuf_ptr(m, roots + s / per_root * 8);

	uint64_t ms = *root - m->page_offset + s % per_root * ms_size(m);

	if (m->spec.corrupt.ms_entry) {
		/* PRESENT | HAS_MEM_MAP and a map below the direct map */
		*(uint64_t *)gen_kbuf_ptr(m, ms) = 0x00005a5a5a5a5a40ULL | 0x3;
		add_unknown(m, s * m->pps, (s + 1) * m->pps);
	}
	if (m->spec.corrupt.ms_map) {
		/* encoded as the kernel does (map - start pfn), but the map
		 * is 1 TiB below the vmemmap, where nothing is mapped */
		*(uint64_t *)gen_kbuf_ptr(m, ms) =
			(m->vmemmap_base - (1ULL << 40)) | 0x3;
		add_unknown(m, s * m->pps, (s + 1) * m->pps);
	}
	if (m->spec.corrupt.ms_root) {
		*root = m->page_offset + GARBAGE_PA;
		add_unknown(m, s / per_root * per_root * m->pps,
			    (s / per_root + 1) * per_root * m->pps);
	}
}

/* Physical address of the entry for @va at @lvl, or 0 (not mapped). */
static uint64_t
pt_entry(struct gen_machine *m, uint64_t va, enum gen_pt_level lvl)
{
	uint64_t table = m->pgd_phys, e;
	int shift = m->spec.paging == 5 ? 48 : 39;

	for (;;) {
		uint64_t at = table + ((va >> shift) & 511) * 8;
		bool last = (lvl == GEN_PT_PGD && table == m->pgd_phys) ||
			    (lvl == GEN_PT_PUD && shift == 30) ||
			    (lvl == GEN_PT_PMD && shift == 21);

		if (last)
			return at;
		e = *(uint64_t *)gen_kbuf_ptr(m, at);
		if (!(e & 1) || (e & PSE) || shift == 21)
			return 0;
		table = e & 0x000ffffffffff000ULL;
		shift -= 9;
	}
}

static int
break_page_table(struct gen_machine *m, char *err, size_t errlen)
{
	struct gen_corrupt *c = &m->spec.corrupt;
	enum gen_pt_level lvl = c->pt_loop ? c->pt_loop : c->pt_garbage;
	uint64_t s = c->pt_section, at, span;
	uint64_t va;

	if (pick_section(m, &s, err, errlen))
		return -1;
	va = m->vmemmap_base + s * m->pps * GEN_PAGE_STRUCT;
	at = pt_entry(m, va, lvl);
	if (!at) {
		snprintf(err, errlen, "corrupt: no page-table entry to break");
		return -1;
	}
	if (c->pt_loop)
		*(uint64_t *)gen_kbuf_ptr(m, at) = (at & ~0xfffULL) | PTE_FLAGS;
	else
		*(uint64_t *)gen_kbuf_ptr(m, at) = GARBAGE_PA | PTE_FLAGS |
						   (lvl == GEN_PT_PMD ? PSE : 0);
	/* struct pages mapped by the entry: 2 MiB, 1 GiB or the whole map */
	span = lvl == GEN_PT_PMD ? m->pps : lvl == GEN_PT_PUD ? 512 * m->pps
							      : UINT64_MAX;
	if (span == UINT64_MAX)
		add_unknown(m, 0, m->max_pfn);
	else
		add_unknown(m, s / (span / m->pps) * span,
			    (s / (span / m->pps) + 1) * span);
	return 0;
}

/* The first free block of order >= 1 with non-zero content. */
static int
pick_buddy(struct gen_machine *m, char *err, size_t errlen)
{
	uint64_t s, order_pages;

	for (s = 0; s < m->nsections; s++) {
		const struct gen_section_layout *l = gen_section(m, s);
		size_t r;

		for (r = 0; r < l->nruns; r++) {
			const struct gen_run *run = &l->runs[r];

			if (run->cls != GC_FREE || !run->order)
				continue;
			m->buddy_head = s * m->pps + run->start;
			order_pages = 1ULL << run->order;
			add_unknown(m, m->buddy_head, m->buddy_head + order_pages);
			return 0;
		}
	}
	snprintf(err, errlen, "corrupt: no free block of order >= 1");
	return -1;
}

static bool
plain_page(struct gen_machine *m, uint64_t pfn)
{
	unsigned order;
	uint64_t head;
	enum gen_class c;

	if (pfn >= m->max_pfn || !gen_pfn_is_ram(m, pfn))
		return false;
	c = gen_pfn_class(m, pfn, &order, &head);
	return c != GC_HOLE && order == 0 && head == pfn;
}

/*
 * A pfn P aligned to 2^k whose 2^k pages run past the end of RAM, so the
 * knob's order k is aligned but impossible; other orders are misaligned
 * or out of range.  P and P + 1 must be plain order-0 pages.
 */
static int
pick_compound(struct gen_machine *m, char *err, size_t errlen)
{
	uint64_t n = m->spec.corrupt.compound_order, p;
	int k;

	for (k = 20; k >= 9; k--) {
		p = (m->max_pfn - 1) >> k << k;
		if (p && p + (1ULL << k) > m->max_pfn && plain_page(m, p) &&
		    plain_page(m, p + 1))
			break;
	}
	if (k < 9) {
		snprintf(err, errlen, "corrupt: no place for a compound head");
		return -1;
	}
	if (n < 64 && !(p & ((1ULL << n) - 1)) && p + (1ULL << n) <= m->max_pfn &&
	    n <= 18) {
		snprintf(err, errlen, "corrupt: compound order %" PRIu64
			 " is valid at pfn 0x%" PRIx64, n, p);
		return -1;
	}
	m->forced_head = p;
	add_unknown(m, p + 1, p + 2);
	return 0;
}

/* --- VMCOREINFO ----------------------------------------------------- */

static char *
find_line(char *text, const char *key)
{
	size_t klen = strlen(key);
	char *p = text;

	while (p && *p) {
		if (!strncmp(p, key, klen) && p[klen] == '=')
			return p;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

static int
edit_vmcoreinfo(struct gen_machine *m, const struct gen_vmci_edit *e,
		char *err, size_t errlen)
{
	char *line = find_line(m->vmcoreinfo, e->key), *end, *out;
	size_t len = strlen(m->vmcoreinfo), pre, post;

	if (!line) {
		snprintf(err, errlen, "corrupt: no VMCOREINFO key %s", e->key);
		return -1;
	}
	end = strchr(line, '\n');
	end = end ? end + 1 : line + strlen(line);
	pre = (size_t)(line - m->vmcoreinfo);
	post = len - (size_t)(end - m->vmcoreinfo);
	out = malloc(len + 2 * sizeof(e->key) + 2 * sizeof(e->val) + 4);
	memcpy(out, m->vmcoreinfo, pre);
	out[pre] = '\0';
	if (e->op == 'u')
		strncat(out, line, (size_t)(end - line));
	if (e->op != 'd')
		sprintf(out + strlen(out), "%s=%s\n", e->key, e->val);
	memcpy(out + strlen(out), end, post + 1);
	free(m->vmcoreinfo);
	m->vmcoreinfo = out;
	return 0;
}

int
gen_corrupt_apply(struct gen_machine *m, char *err, size_t errlen)
{
	struct gen_corrupt *c = &m->spec.corrupt;
	int i;

	m->forced_head = m->buddy_head = UINT64_MAX;
	m->nunknown = 0;
	if (c->ms_root || c->ms_entry || c->ms_map) {
		if (pick_section(m, &c->ms_section, err, errlen))
			return -1;
		break_mem_section(m, c->ms_section);
	}
	if ((c->pt_loop || c->pt_garbage) && break_page_table(m, err, errlen))
		return -1;
	if (c->buddy && pick_buddy(m, err, errlen))
		return -1;
	if (c->compound && pick_compound(m, err, errlen))
		return -1;
	if (c->prb_loop)
		break_prb(m);
	for (i = 0; i < c->nvmci; i++)
		if (edit_vmcoreinfo(m, &c->vmci[i], err, errlen))
			return -1;
	return 0;
}

/* --- truth ---------------------------------------------------------- */

enum gen_class
gen_truth_class(const struct gen_machine *m, uint64_t pfn, enum gen_class cls)
{
	int i;

	if (cls == GC_HOLE)
		return cls;
	if (pfn == m->forced_head)
		return GC_ANON;
	for (i = 0; i < m->nunknown; i++)
		if (pfn >= m->unknown[i].start && pfn < m->unknown[i].end)
			return GC_KERNEL;
	return cls;
}

bool
gen_corrupt_touches(const struct gen_machine *m, uint64_t start, uint64_t end)
{
	int i;

	if (m->forced_head >= start && m->forced_head < end)
		return true;
	for (i = 0; i < m->nunknown; i++)
		if (m->unknown[i].start < end && start < m->unknown[i].end)
			return true;
	return false;
}

void
gen_corrupt_info(const struct gen_machine *m, FILE *out)
{
	int i;

	if (m->forced_head != UINT64_MAX)
		fprintf(out, "corrupt_head_pfn 0x%" PRIx64 "\n", m->forced_head);
	if (m->buddy_head != UINT64_MAX)
		fprintf(out, "corrupt_buddy_pfn 0x%" PRIx64 "\n", m->buddy_head);
	for (i = 0; i < m->nunknown; i++)
		fprintf(out, "corrupt_kept_pfns 0x%" PRIx64 "-0x%" PRIx64 "\n",
			m->unknown[i].start, m->unknown[i].end);
}
