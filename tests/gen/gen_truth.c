// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Ground truth: what a correct filter keeps at each dump level, using the
 * makedumpfile rule order (doc/kernel-rules.md, "The order of the
 * rules"): free, cache, private cache,
 * user, hwpoison, offline; zero pages last, at copy time.
 */
#include <inttypes.h>
#include <string.h>

#include "gen.h"

enum cat { CAT_KEPT, CAT_HOLE, CAT_ZERO, CAT_CACHE, CAT_CACHE_PRIVATE,
	   CAT_USER, CAT_FREE, CAT_HWPOISON, CAT_OFFLINE, CAT_MAYBE_ZERO };

static bool
is_cache_class(enum gen_class c)
{
	return c == GC_CACHE || c == GC_SHMEM || c == GC_FILE_THP ||
	       c == GC_CACHE_PRIVATE;
}

/* Category by class; CAT_MAYBE_ZERO means "kept unless the page is zero". */
static enum cat
class_cat(enum gen_class c, int level)
{
	if (c == GC_HOLE)
		return CAT_HOLE;
	if ((level & 16) && (c == GC_FREE || c == GC_FREE_ZERO))
		return CAT_FREE;
	if ((level & 2) && is_cache_class(c) && c != GC_CACHE_PRIVATE)
		return CAT_CACHE;
	if ((level & 4) && is_cache_class(c))
		return c == GC_CACHE_PRIVATE ? CAT_CACHE_PRIVATE : CAT_CACHE;
	if ((level & 8) &&
	    (c == GC_ANON || c == GC_ANON_THP || c == GC_HUGETLB))
		return CAT_USER;
	if (c == GC_HWPOISON)
		return CAT_HWPOISON;
	if (c == GC_OFFLINE)
		return CAT_OFFLINE;
	return (level & 1) ? CAT_MAYBE_ZERO : CAT_KEPT;
}

static enum cat
pfn_cat(struct gen_machine *m, uint64_t pfn, enum gen_class c, int level)
{
	enum cat k = class_cat(c, level);

	if (k == CAT_MAYBE_ZERO)
		k = gen_page_is_zero(m, pfn) ? CAT_ZERO : CAT_KEPT;
	return k;
}

bool
gen_kept(struct gen_machine *m, uint64_t pfn, int level)
{
	unsigned order;
	uint64_t head;
	enum gen_class c = gen_pfn_class(m, pfn, &order, &head);

	return pfn_cat(m, pfn, gen_truth_class(m, pfn, c), level) == CAT_KEPT;
}

static void
add(struct gen_counts *c, enum cat k, uint64_t n)
{
	switch (k) {
	case CAT_KEPT: c->kept += n; break;
	case CAT_HOLE: c->true_hole += n; break;
	case CAT_ZERO: c->zero += n; break;
	case CAT_CACHE: c->cache += n; break;
	case CAT_CACHE_PRIVATE: c->cache_private += n; break;
	case CAT_USER: c->user += n; break;
	case CAT_FREE: c->free += n; break;
	case CAT_HWPOISON: c->hwpoison += n; break;
	case CAT_OFFLINE: c->offline += n; break;
	default: break;
	}
}

/* Classes whose zero-ness is the same for every page of a run. */
static bool
uniform_zero(enum gen_class c)
{
	return c != GC_RESERVED;
}

/*
 * makedumpfile's "Memory Hole" is max_mapnr minus the pfns of every PT_LOAD,
 * so the duplicate kernel-text PT_LOAD is counted twice (it can go below
 * zero on machines without holes).  The report keeps that arithmetic.  In
 * its one-cycle mode (both bitmaps, max_mapnr * 2 / 8 bytes, at most 4 MiB,
 * hold max_mapnr * 2 bits exactly) a PT_LOAD's partial last page counts
 * too (makedumpfile 1.7.2 create_1st_bitmap_file).
 */
static uint64_t
report_memhole(const struct gen_machine *m)
{
	uint64_t hole = m->max_pfn, buf = m->max_pfn * 2 / 8;
	int one_cycle, i;

	if (buf > (4u << 20))
		buf = 4u << 20;
	one_cycle = buf * 8 >= m->max_pfn * 2;
	for (i = 0; i < m->nloads; i++) {
		uint64_t end = m->loads[i].paddr + m->loads[i].size;
		uint64_t s = m->loads[i].paddr >> m->page_shift;
		uint64_t e = end >> m->page_shift;

		if (e > m->max_pfn)
			e = m->max_pfn;
		if (one_cycle && s > m->max_pfn)
			continue;
		if (one_cycle && (end & (m->page_size - 1)))
			e++;
		if (e > s)
			hole -= e - s;
	}
	return hole;
}

void
gen_counts(struct gen_machine *m, int level, struct gen_counts *c)
{
	uint64_t s, i;

	memset(c, 0, sizeof(*c));
	c->max_mapnr = m->max_pfn;
	c->memhole = report_memhole(m);
	for (s = 0; s < m->nsections; s++) {
		const struct gen_section_layout *l = gen_section(m, s);
		size_t r;

		for (r = 0; r < l->nruns; r++) {
			const struct gen_run *run = &l->runs[r];
			uint64_t pfn = s * m->pps + run->start;
			uint64_t n = SD_GEN_MIN((uint64_t)run->len,
						m->max_pfn > pfn ? m->max_pfn - pfn : 0);
			enum cat k = class_cat(run->cls, level);

			if (gen_corrupt_touches(m, pfn, pfn + n)) {
				for (i = 0; i < n; i++)
					add(c, pfn_cat(m, pfn + i, gen_truth_class(
						m, pfn + i, run->cls), level), 1);
			} else if (k != CAT_MAYBE_ZERO) {
				add(c, k, n);
			} else if (uniform_zero(run->cls)) {
				add(c, gen_page_is_zero(m, pfn) ? CAT_ZERO
								: CAT_KEPT, n);
			} else {
				for (i = 0; i < n; i++)
					add(c, gen_page_is_zero(m, pfn + i) ?
						       CAT_ZERO : CAT_KEPT, 1);
			}
		}
	}
}

int
gen_truth_write(struct gen_machine *m, FILE *out)
{
	uint64_t s;

	fprintf(out, "# sdgen truth: start_pfn count class [order]\n");
	fprintf(out, "# max_pfn 0x%" PRIx64 "\n", m->max_pfn);
	for (s = 0; s < m->nsections; s++) {
		const struct gen_section_layout *l = gen_section(m, s);
		size_t r;

		for (r = 0; r < l->nruns; r++) {
			const struct gen_run *run = &l->runs[r];

			fprintf(out, "0x%" PRIx64 " 0x%x %s",
				s * m->pps + run->start, run->len,
				gen_class_name(run->cls));
			if (run->order)
				fprintf(out, " %u", run->order);
			fputc('\n', out);
		}
	}
	return ferror(out) ? -1 : 0;
}

void
gen_report_print(const struct gen_counts *c, FILE *out)
{
	uint64_t orig = c->max_mapnr - c->memhole;
	uint64_t excl = c->zero + c->cache + c->cache_private + c->user +
			c->free + c->hwpoison + c->offline;
	uint64_t remain = orig - excl;

	fprintf(out, "\nOriginal pages  : 0x%016" PRIx64 "\n", orig);
	fprintf(out, "  Excluded pages   : 0x%016" PRIx64 "\n", excl);
	fprintf(out, "    Pages filled with zero  : 0x%016" PRIx64 "\n", c->zero);
	fprintf(out, "    Non-private cache pages : 0x%016" PRIx64 "\n", c->cache);
	fprintf(out, "    Private cache pages     : 0x%016" PRIx64 "\n", c->cache_private);
	fprintf(out, "    User process data pages : 0x%016" PRIx64 "\n", c->user);
	fprintf(out, "    Free pages              : 0x%016" PRIx64 "\n", c->free);
	fprintf(out, "    Hwpoison pages          : 0x%016" PRIx64 "\n", c->hwpoison);
	fprintf(out, "    Offline pages           : 0x%016" PRIx64 "\n", c->offline);
	fprintf(out, "  Remaining pages  : 0x%016" PRIx64 "\n", remain);
	fprintf(out, "  (The number of pages is reduced to %" PRIu64 "%%.)\n",
		orig ? remain * 100 / orig : 0);
	fprintf(out, "Memory Hole     : 0x%016" PRIx64 "\n", c->memhole);
	fprintf(out, "--------------------------------------------------\n");
	fprintf(out, "Total pages     : 0x%016" PRIx64 "\n", c->max_mapnr);
}
