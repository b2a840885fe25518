// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The mem_map scan: struct pages are read in large batches, judged by
 * sd_page_classify(), and the verdicts are merged into runs before they
 * reach the page set, so the set sees one call per run, not per page.
 */
#include <stdio.h>
#include <string.h>

#include "sievedump/compiler.h"
#include "sievedump/scan.h"
#include "sievedump/vmemmap.h"

enum {
	SCAN_BATCH = 8192,	/* pfns per struct page read */
	SCAN_CHUNK = 64,	/* pfns per read when a batch read failed */
	/*
	 * The largest compound page on x86_64 is a 1 GiB gigantic hugetlb
	 * page (PUD_SHIFT - PAGE_SHIFT = 18); a larger order in a first tail
	 * is corrupt and would exclude pages the head does not own.
	 */
	MAX_COMPOUND_ORDER = 18,
};

struct scan_state {
	struct sd_memmap *mm;
	const struct sd_page_rules *rules;
	struct sd_pageset *dump;
	struct sd_scan_stats *stats;
	uint64_t end;			/* cycle end */
	uint64_t range_end;		/* end of the mem_map range scanned */
	struct sd_scan_carry *carry;
	/* pending run of one category */
	enum sd_page_cat run_cat;
	uint64_t run_start, run_end;
	uint8_t *buf;			/* SCAN_BATCH + 1 struct pages */
};

static sd_status
flush_run(struct scan_state *s, struct sd_err *err)
{
	uint64_t cleared = 0;
	sd_status st;

	if (s->run_end <= s->run_start)
		return SD_OK;
	st = s->dump->ops->clear_range(s->dump, s->run_start, s->run_end,
				       &cleared, err);
	/* -e: struct pages of free and logically offline pages are unused */
	if (!st && (s->run_cat == SD_CAT_FREE || s->run_cat == SD_CAT_OFFLINE) &&
	    s->mm->vmemmap)
		st = sd_vmemmap_note_free(s->mm->vmemmap, s->run_start,
					  s->run_end, err);
	if (st)
		return st;
	s->stats->excluded[s->run_cat] += s->mm->count_runs ?
					  s->run_end - s->run_start : cleared;
	s->run_start = s->run_end = 0;
	return SD_OK;
}

/* Exclude [start, start + nr) as @cat, clipped to the cycle end. */
static sd_status
exclude(struct scan_state *s, enum sd_page_cat cat, uint64_t start,
	uint64_t nr, struct sd_err *err)
{
	uint64_t end = start + nr;
	sd_status st;

	if (end > s->end) {
		s->carry->start = s->end;
		s->carry->end = end;
		s->carry->cat = cat;
		end = s->end;
	}
	if (s->run_end == start && s->run_cat == cat && s->run_end) {
		s->run_end = end;
		return SD_OK;
	}
	st = flush_run(s, err);
	if (st)
		return st;
	s->run_cat = cat;
	s->run_start = start;
	s->run_end = end;
	return SD_OK;
}

static unsigned
log2_of(uint64_t nr)
{
	unsigned o = 0;

	while (nr > 1) {
		nr >>= 1;
		o++;
	}
	return o;
}

/*
 * A unit (compound page or buddy block) must fit in the struct pages that
 * describe it: a larger order, or one that runs past the end of the
 * mem_map range (a hole, an absent section or the end of memory), makes
 * no sense, and trusting it would drop pages the head does not own.  The
 * head is judged alone then and the rest judged page by page (tails are
 * kept).
 */
static void
check_unit(struct scan_state *s, uint64_t pfn, const uint8_t *page,
	   struct sd_page_verdict *v)
{
	unsigned order = log2_of(v->nr);

	if (v->nr <= 1 || (pfn + v->nr <= s->range_end &&
			   (v->cat == SD_CAT_FREE || order <= MAX_COMPOUND_ORDER)))
		return;
	if (v->cat == SD_CAT_FREE) {	/* a buddy block past the range */
		v->cat = SD_CAT_KEEP;
		v->bad_order = true;
		v->order = order;
		v->nr = 1;
		return;
	}
	if (!s->stats->bad_compounds++) {
		s->stats->first_bad_compound_pfn = pfn;
		s->stats->first_bad_compound_order = order;
	}
	sd_page_classify(s->rules, pfn, page, NULL, v);
}

/* Judge pfns [pfn, pfn + n) whose struct pages are in s->buf. */
static sd_status
judge_batch(struct scan_state *s, uint64_t pfn, uint64_t n, bool have_next,
	    uint64_t *next_pfn, struct sd_err *err)
{
	const uint32_t sz = s->rules->page_size;
	uint64_t i = 0;
	sd_status st;

	while (i < n) {
		struct sd_page_verdict v;
		const uint8_t *tail1 = (i + 1 < n || have_next) ?
				       s->buf + (i + 1) * sz : NULL;

		sd_page_classify(s->rules, pfn + i, s->buf + i * sz, tail1, &v);
		check_unit(s, pfn + i, s->buf + i * sz, &v);
		if (v.bad_order && !s->stats->bad_orders++) {
			s->stats->first_bad_pfn = pfn + i;
			s->stats->first_bad_order = v.order;
		}
		if (v.cat == SD_CAT_KEEP || v.cat == SD_CAT_TAIL) {
			i++;
			continue;
		}
		st = exclude(s, v.cat, pfn + i, v.nr, err);
		if (st)
			return st;
		i += v.nr;
	}
	*next_pfn = pfn + i;
	return SD_OK;
}

/* A read error that says the struct pages are not there (not I/O). */
static bool
unreadable(sd_status st)
{
	return st == SD_ERR_CORRUPT || st == SD_ERR_NODATA ||
	       st == SD_ERR_UNREADABLE;
}

static void
note_unreadable(struct scan_state *s, uint64_t pfn, uint64_t n,
		const struct sd_err *e)
{
	char *why = s->stats->unreadable_why;

	if (!s->stats->unreadable) {
		size_t len = strnlen(e->msg, sizeof(s->stats->unreadable_why) - 1);

		s->stats->first_unreadable_pfn = pfn;
		memcpy(why, e->msg, len);
		why[len] = '\0';
	}
	s->stats->unreadable += n;
}

/*
 * The struct pages of [pfn, end) could not be read in one go: read them
 * in small chunks and keep the pfns of every chunk that cannot be read (a
 * page whose struct page is unknown is never dropped).
 */
static sd_status
scan_chunks(struct scan_state *s, uint64_t pfn, uint64_t end,
	    uint64_t *next_pfn, struct sd_err *err)
{
	sd_status st;

	while (pfn < end) {
		uint64_t n = SD_MIN(SCAN_CHUNK - pfn % SCAN_CHUNK, end - pfn);
		struct sd_err e = { 0 };

		st = sd_memmap_read_pages(s->mm, pfn, n, s->buf, &e);
		if (st && !unreadable(st)) {
			*err = e;
			return st;
		}
		if (st) {
			note_unreadable(s, pfn, n, &e);
			pfn += n;
			continue;
		}
		s->stats->pages_read += n;
		st = judge_batch(s, pfn, n, false, &pfn, err);
		if (st)
			return st;
	}
	*next_pfn = pfn;
	return SD_OK;
}

/* Scan [start, end) that lies inside one mem_map range ending at @rend. */
static sd_status
scan_span(struct scan_state *s, uint64_t start, uint64_t end, uint64_t rend,
	  struct sd_err *err)
{
	uint64_t pfn = start;
	sd_status st;

	s->range_end = rend;
	while (pfn < end) {
		uint64_t n = end - pfn < SCAN_BATCH ? end - pfn : SCAN_BATCH;
		bool more = pfn + n < rend;

		st = sd_memmap_read_pages(s->mm, pfn, n + more, s->buf, err);
		if (unreadable(st)) {
			s->stats->reached = pfn;
			st = scan_chunks(s, pfn, pfn + n, &pfn, err);
			if (st)
				return st;
			continue;
		}
		if (st)
			return sd_wrap(err, st, "reading struct pages of pfn 0x%llx-0x%llx",
				       (unsigned long long)pfn,
				       (unsigned long long)(pfn + n));
		s->stats->pages_read += n;
		s->stats->reached = pfn;
		st = judge_batch(s, pfn, n, more, &pfn, err);
		if (st)
			return st;
	}
	return SD_OK;
}

static sd_status
apply_carry(struct scan_state *s, uint64_t start, struct sd_err *err)
{
	struct sd_scan_carry c = *s->carry;

	memset(s->carry, 0, sizeof(*s->carry));
	if (c.end <= c.start || c.end <= start)
		return SD_OK;
	if (c.start < start)
		c.start = start;
	return exclude(s, c.cat, c.start, c.end - c.start, err);
}

/* Scan one mem_map range clipped to [start, end), present pfns only. */
static sd_status
scan_range(struct scan_state *s, const struct sd_memmap_range *mr,
	   const struct sd_pageset *present, uint64_t start,
	   struct sd_err *err)
{
	uint64_t from = mr->pfn_start > start ? mr->pfn_start : start;
	uint64_t to = mr->pfn_end < s->end ? mr->pfn_end : s->end;
	struct sd_range r;
	sd_status st;

	while (from < to && present->ops->next_run(present, from, &r) &&
	       r.start < to) {
		uint64_t a = r.start > from ? r.start : from;
		uint64_t b = r.end < to ? r.end : to;

		/* pages already excluded by a unit that covers them */
		if (s->run_end > a && s->run_end <= b)
			a = s->run_end;
		if (a < b) {
			st = scan_span(s, a, b, mr->pfn_end, err);
			if (st)
				return st;
		}
		from = b > s->run_end ? b : s->run_end;
	}
	return SD_OK;
}

size_t
sd_memmap_scan_bytes(uint64_t struct_page_size)
{
	return (SCAN_BATCH + 1) * (size_t)struct_page_size;
}

sd_status
sd_memmap_scan_buffer(struct sd_memmap *mm, struct sd_err *err)
{
	size_t bytes = sd_memmap_scan_bytes(mm->page_struct_size);
	sd_status st;

	if (mm->scan_buf)
		return SD_OK;
	st = sd_balloc(mm->budget, bytes, 0, "struct page buffer",
		       (void **)&mm->scan_buf, err);
	if (!st)
		mm->scan_buf_bytes = bytes;
	return st;
}

sd_status
sd_scan_memmap(struct sd_memmap *mm, const struct sd_page_rules *rules,
	       const struct sd_pageset *present, struct sd_pageset *dump,
	       uint64_t start, uint64_t end, struct sd_scan_carry *carry,
	       struct sd_scan_stats *stats, sd_scan_progress_fn *progress,
	       void *progress_arg, struct sd_err *err)
{
	struct scan_state s = { .mm = mm, .rules = rules, .dump = dump,
				.stats = stats, .end = end, .carry = carry };
	size_t bytes = sd_memmap_scan_bytes(rules->page_size), i;
	bool own = !(mm->scan_buf && mm->scan_buf_bytes >= bytes);
	sd_status st = SD_OK;

	if (own)
		st = sd_balloc(dump->budget, bytes, 0, "struct page buffer",
			       (void **)&s.buf, err);
	else
		s.buf = mm->scan_buf;
	if (st)
		return st;
	stats->passes++;
	st = apply_carry(&s, start, err);
	for (i = 0; !st && i < mm->n_ranges; i++) {
		const struct sd_memmap_range *mr = &mm->ranges[i];

		if (mr->pfn_end <= start || mr->pfn_start >= end)
			continue;
		st = scan_range(&s, mr, present, start, err);
		if (progress)
			progress(progress_arg, mr->pfn_end);
	}
	if (!st)
		st = flush_run(&s, err);
	if (own)
		sd_bfree(dump->budget, s.buf, bytes);
	return st;
}
