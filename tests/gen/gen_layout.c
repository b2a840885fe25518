// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Per-section page layout: which class every pfn of a 128 MiB section has.
 * It is a pure function of (spec, seed, section number), so any section can
 * be regenerated on demand in any order.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

uint64_t
gen_hash(uint64_t a, uint64_t b)
{
	uint64_t x = a * 0x9e3779b97f4a7c15ULL ^ (b + 0x632be59bd9b4e019ULL);

	x ^= x >> 31;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 29;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 32;
	return x;
}

struct rng { uint64_t s; };

static uint64_t
rng_next(struct rng *r)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return r->s * 0x2545f4914f6cdd1dULL;
}

static double
rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) / (double)(1ULL << 53);
}

static uint64_t
rng_geometric(struct rng *r, double mean)
{
	double u = rng_unit(r);

	if (mean <= 1)
		return 1;
	/* inverse CDF of the geometric distribution on {1, 2, ...} */
	if (u <= 0)
		u = 1e-300;
	return 1 + (uint64_t)(log(u) / log1p(-1.0 / mean));
}

bool
gen_pfn_is_ram(const struct gen_machine *m, uint64_t pfn)
{
	uint64_t pa = pfn << m->page_shift;
	int i;

	for (i = 0; i < m->spec.nram; i++)
		if (pa >= m->spec.ram[i].start &&
		    pa + m->page_size <= m->spec.ram[i].end)
			return true;
	return false;
}

static void
emit(struct gen_section_layout *l, uint64_t start, uint64_t len,
     enum gen_class cls, unsigned order)
{
	struct gen_run *last = l->nruns ? &l->runs[l->nruns - 1] : NULL;

	if (!len)
		return;
	if (last && last->cls == cls && !order && !last->order &&
	    last->start + last->len == start) {
		last->len += len;
		return;
	}
	if (l->nruns == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->runs = realloc(l->runs, l->cap * sizeof(*l->runs));
		if (!l->runs)
			abort();
	}
	l->runs[l->nruns++] = (struct gen_run){ (uint32_t)start, (uint32_t)len,
						(uint8_t)cls, (uint8_t)order };
}

static enum gen_class
pick_class(const struct gen_spec *s, struct rng *r)
{
	double total = 0, x;
	int c;

	for (c = GC_KERNEL; c < GC_NCLASS; c++)
		total += s->mix[c];
	if (total <= 0)
		return GC_KERNEL;
	x = rng_unit(r) * total;
	for (c = GC_KERNEL; c < GC_NCLASS; c++) {
		if (x < s->mix[c])
			return c;
		x -= s->mix[c];
	}
	return GC_KERNEL;
}

/* Split [pos, end) (section offsets, with absolute pfn base) in buddy blocks. */
static void
emit_buddies(const struct gen_machine *m, struct gen_section_layout *l,
	     uint64_t base, uint64_t pos, uint64_t end, enum gen_class cls)
{
	while (pos < end) {
		unsigned o = (unsigned)m->k.max_order - 1;

		while (o && (((base + pos) & ((1ULL << o) - 1)) ||
			     pos + (1ULL << o) > end))
			o--;
		emit(l, pos, 1ULL << o, cls, o);
		pos += 1ULL << o;
	}
}

/* Compound pages of 2 MiB (order 9 with 4 KiB pages); returns the new
 * position. */
static uint64_t
emit_compounds(const struct gen_machine *m, struct gen_section_layout *l,
	       uint64_t base, uint64_t pos, uint64_t end, uint64_t len,
	       enum gen_class cls)
{
	const uint64_t nr = 1ULL << m->compound_order;
	uint64_t aligned = ((base + pos + nr - 1) & ~(nr - 1)) - base;
	uint64_t k = len / nr ? len / nr : 1;

	if (aligned + nr > end) {
		emit(l, pos, (len < end - pos ? len : end - pos), GC_KERNEL, 0);
		return pos + (len < end - pos ? len : end - pos);
	}
	emit(l, pos, aligned - pos, GC_KERNEL, 0);
	for (pos = aligned; k && pos + nr <= end; k--, pos += nr)
		emit(l, pos, nr, cls, m->compound_order);
	return pos;
}

static void
fill_interval(struct gen_machine *m, struct gen_section_layout *l,
	      struct rng *r, uint64_t base, uint64_t pos, uint64_t end)
{
	const struct gen_spec *s = &m->spec;
	double mean = s->pattern == GEN_PAT_CLUSTERED ? s->run_mean * 64
						      : s->run_mean;

	while (pos < end) {
		enum gen_class cls;
		uint64_t len;

		if (s->pattern == GEN_PAT_ALTERNATING) {
			cls = ((base + pos) & 1) ? GC_FREE : GC_KERNEL;
			emit(l, pos, 1, cls, 0);
			pos++;
			continue;
		}
		cls = pick_class(s, r);
		len = rng_geometric(r, mean);
		if (len > end - pos)
			len = end - pos;
		if (cls == GC_ANON_THP || cls == GC_FILE_THP ||
		    cls == GC_HUGETLB) {
			pos = emit_compounds(m, l, base, pos, end, len, cls);
		} else if (cls == GC_FREE || cls == GC_FREE_ZERO) {
			emit_buddies(m, l, base, pos, pos + len, cls);
			pos += len;
		} else {
			emit(l, pos, len, cls, 0);
			pos += len;
		}
	}
}

static bool
reserved(const struct gen_machine *m, uint64_t pfn)
{
	uint64_t pa = pfn << m->page_shift;

	return (pa >= m->kbuf_phys && pa < m->kbuf_phys + m->kbuf_size) ||
	       (pa >= m->memmap_phys && pa < m->memmap_phys + m->memmap_size);
}

static void
build_section(struct gen_machine *m, struct gen_section_layout *l, uint64_t nr)
{
	uint64_t base = nr * m->pps, pos = 0, end;
	struct rng r = { gen_hash(m->spec.seed, nr) | 1 };

	l->nr = nr;
	l->nruns = 0;
	pos = gen_mom_hosted(m, nr);	/* its own struct pages first */
	if (pos && m->spec.mom_reserved)
		emit(l, 0, pos, GC_RESERVED, 0);
	else if (pos)
		emit_buddies(m, l, base, 0, pos, GC_FREE);
	while (pos < m->pps) {
		bool ram = gen_pfn_is_ram(m, base + pos);
		bool res = ram && reserved(m, base + pos);

		end = pos + 1;
		while (end < m->pps && gen_pfn_is_ram(m, base + end) == ram &&
		       (ram && reserved(m, base + end)) == res)
			end++;
		if (!ram)
			emit(l, pos, end - pos, GC_HOLE, 0);
		else if (res)
			emit(l, pos, end - pos, GC_RESERVED, 0);
		else
			fill_interval(m, l, &r, base, pos, end);
		pos = end;
	}
}

const struct gen_section_layout *
gen_section(struct gen_machine *m, uint64_t nr)
{
	struct gen_section_layout *l;
	unsigned i;

	for (i = 0; i < GEN_LAYOUT_CACHE; i++)
		if (m->cache[i].runs && m->cache[i].nr == nr)
			return &m->cache[i];
	l = &m->cache[m->cache_next++ % GEN_LAYOUT_CACHE];
	build_section(m, l, nr);
	return l;
}

enum gen_class
gen_pfn_class(struct gen_machine *m, uint64_t pfn, unsigned *order_ret,
	      uint64_t *head_ret)
{
	const struct gen_section_layout *l;
	uint64_t off = pfn % m->pps;
	size_t lo = 0, hi;

	*order_ret = 0;
	*head_ret = pfn;
	if (pfn >= m->nsections * m->pps)
		return GC_HOLE;
	l = gen_section(m, pfn / m->pps);
	hi = l->nruns;
	while (lo + 1 < hi) {
		size_t mid = (lo + hi) / 2;

		if (l->runs[mid].start <= off)
			lo = mid;
		else
			hi = mid;
	}
	*order_ret = l->runs[lo].order;
	if (l->runs[lo].order)
		*head_ret = pfn - (off - l->runs[lo].start);
	return l->runs[lo].cls;
}
