// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ELF writer (-E; doc/format-elf-split.md).  It follows
 * makedumpfile 1.7.2's write_elf_header / write_elf_pages_cyclic so that the
 * file is byte-identical and the -F record stream record-identical:
 *
 *   zeros over the program-header area (reserve_diskspace, page-sized
 *   records); the section header when phnum >= PN_XNUM; the PT_NOTE phdr
 *   into the header cache; the ELF header (copied from the input, e_phnum
 *   replaced); the note segment; then per input PT_LOAD, per segment: the
 *   phdr into the header cache, the segment's bytes (read from that
 *   PT_LOAD's own file range) into the data cache; last the header cache,
 *   then the data cache.
 *
 * Two passes: the first counts the segments (the data starts after the
 * program headers), the second writes.  Zero pages (dump level bit 0) are
 * removed from the page set before either pass, as makedumpfile does while
 * building its 2nd bitmap.
 *
 * Cycles.  makedumpfile works on one bitmap (single-cycle file mode) or,
 * when its cyclic buffer cannot hold both bitmaps, rebuilds the 2nd bitmap
 * for every (PT_LOAD, cycle) pair, counting exclusions again each time and
 * the memory hole as the pfns the PT_LOADs cover (the duplicate kernel-text
 * PT_LOAD counts twice).  Its report numbers depend on that mode, so we
 * decide it with makedumpfile's rule and, in the cyclic case, build per
 * (PT_LOAD, cycle) sets the same way.  When our own plan is cyclic (the
 * whole set does not fit the budget) we do the same with the plan's cycle
 * size: each set is one cycle's, never the whole machine's.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "sievedump/io.h"
#include "sievedump/mdf_cycle.h"
#include "sievedump/page.h"
#include "sievedump/erase.h"
#include "sievedump/job.h"
#include "sievedump/signals.h"
#include "sievedump/sink.h"
#include "sievedump/write.h"

enum {
	PFN_EXCLUDED = 256,		/* makedumpfile's PFN_EXCLUDED */
	READ_BATCH_BYTES = 1 << 20,
	ELF_INCOMPLETE = 0x1,		/* DUMP_ELF_INCOMPLETE */
	MAX_INPUT_PHDRS = 1 << 16,
};

/* makedumpfile's struct cache_data: cache_size plus one page of slack. */
struct ewriter {
	struct sd_job *job;
	struct sd_sink *sink;
	struct sd_budget *budget;
	uint32_t psz;
	int fd;				/* the input, for headers and data */
	Elf64_Ehdr eh;
	Elf64_Phdr note;
	Elf64_Phdr *ph;			/* the input's program headers */
	size_t nph;
	/* page sets */
	bool per_cycle;			/* sets per (PT_LOAD, cycle) */
	uint64_t pfn_cyclic;
	struct sd_pageset cset;
	struct sd_scan_carry carry;
	struct sd_scan_stats stats;	/* per_cycle: exclusions counted */
	uint64_t zero;			/* zero pages removed (counted) */
	uint64_t visited;		/* per_cycle: pfns walked (memhole) */
	/* layout */
	bool writing;			/* pass 2 */
	uint64_t segments;
	uint64_t elf_excluded;
	uint64_t num_dumpable, num_dumped;
	uint64_t off_seg;
	struct sd_wcache hdr, page;
	uint8_t *rbuf;
	size_t rbuf_len;
	uint64_t t0;
	/* the segment being copied, to cut it short after a fault */
	Elf64_Phdr cur;
	uint64_t cur_at;		/* file offset of its phdr */
	uint64_t cur_done;		/* its bytes in the data cache or file */
	bool cur_valid;
};

/* ---- the input's headers ---- */

static sd_status
pread_all(struct ewriter *w, void *buf, size_t len, uint64_t off,
	  struct sd_err *err)
{
	size_t got;
	int e = sd_io_pread(w->fd, buf, len, off, &got);

	off += got;
	len -= got;
	if (e) {
		sd_fail_errno(err, e,
			      "%s: reading 0x%zx bytes at file offset 0x%" PRIx64,
			      w->job->opt->vmcore, len, off);
		if (e == EIO || e == ENXIO || e == EFAULT)
			err->status = SD_ERR_UNREADABLE;
		return err->status;
	}
	if (len)
		return sd_fail(err, SD_ERR_UNREADABLE,
			       "%s: nothing to read at file offset 0x%" PRIx64 ": the file is truncated",
			       w->job->opt->vmcore, off);
	return SD_OK;
}

/* makedumpfile reads the phdrs at sizeof(Ehdr) + i * sizeof(Phdr). */
static sd_status
read_input_headers(struct ewriter *w, struct sd_err *err)
{
	const char *path = w->job->opt->vmcore;
	uint64_t phnum;
	size_t i;
	bool have_note = false;
	sd_status st;

	w->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (w->fd < 0)
		return sd_fail_errno(err, errno, "Can't open the dump memory(%s)",
				     path);
	st = pread_all(w, &w->eh, sizeof(w->eh), 0, err);
	if (st)
		return st;
	if (w->eh.e_ident[EI_CLASS] != ELFCLASS64)
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "%s: ELF output needs an ELF64 input", path);
	phnum = w->eh.e_phnum;
	if (phnum == PN_XNUM) {
		Elf64_Shdr sh;

		st = pread_all(w, &sh, sizeof(sh), w->eh.e_shoff, err);
		if (st)
			return st;
		phnum = sh.sh_info;
	}
	if (!phnum || phnum > MAX_INPUT_PHDRS)
		return sd_fail(err, SD_ERR_CORRUPT, "%s: %" PRIu64 " program headers",
			       path, phnum);
	st = sd_balloc(w->budget, phnum * sizeof(*w->ph), 0,
		       "input program headers", (void **)&w->ph, err);
	if (st)
		return st;
	w->nph = phnum;
	st = pread_all(w, w->ph, phnum * sizeof(*w->ph), sizeof(Elf64_Ehdr), err);
	for (i = 0; !st && i < w->nph && !have_note; i++)
		if (w->ph[i].p_type == PT_NOTE) {
			w->note = w->ph[i];
			have_note = true;
		}
	if (!st && !have_note)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: Can't get a PT_NOTE header.", path);
	return st;
}

/* ---- page sets ---- */

/*
 * makedumpfile's mode (doc/format-kdump.md), with plenty of free memory assumed:
 * single cycle when its buffer holds both bitmaps; --cyclic-buffer keeps
 * it cyclic; --work-dir forces one cycle.
 */
static void
choose_cycles(struct ewriter *w)
{
	const struct sd_job *job = w->job;
	uint64_t max = job->max_mapnr, buf;
	bool cyclic;

	if (sd_job_mdf_bitmap_file(job->opt)) {
		cyclic = false;
		buf = max / 4 + 1;
	} else if (job->opt->cyclic_buffer_kb) {
		cyclic = true;
		buf = job->opt->cyclic_buffer_kb << 10;
	} else {
		buf = sd_job_mdf_cyclic_buffer(job);
		cyclic = !sd_job_mdf_one_cycle(job);
	}
	w->per_cycle = cyclic || job->cyclic;
	w->pfn_cyclic = cyclic ? buf * 8 : max;
	if (job->cyclic && job->cycle_pfns < w->pfn_cyclic)
		w->pfn_cyclic = job->cycle_pfns;
	w->pfn_cyclic &= ~(uint64_t)7;
	if (w->pfn_cyclic < 8)
		w->pfn_cyclic = 8;
}

/*
 * Pages for the zero-page check.  An unreadable page is not known to be
 * zero, so it is filled with a non-zero byte and kept: the write pass
 * stops at it (ELF output cannot leave a single page out).
 */
static sd_status
read_for_zero_check(struct ewriter *w, uint64_t pfn, uint64_t n,
		    struct sd_err *err)
{
	return sd_read_pages_salvage(w->job->src, pfn, n, w->rbuf, 0xff, NULL,
				     NULL, err);
}

/* Remove the zero pages of @ps in [start, end) (exclude_zero_pages). */
static sd_status
exclude_zero(struct ewriter *w, struct sd_pageset *ps, uint64_t start,
	     uint64_t end, uint64_t *count, struct sd_err *err)
{
	const uint64_t batch = w->rbuf_len / w->psz;
	struct sd_range r;
	uint64_t from = start, cleared;
	sd_status st = SD_OK;

	while (!st && from < end && ps->ops->next_run(ps, from, &r)) {
		uint64_t pfn, s = SD_MAX(r.start, from), e = SD_MIN(r.end, end);

		if (s >= end)
			break;
		for (pfn = s; !st && pfn < e; pfn += batch) {
			uint64_t n = SD_MIN(e - pfn, batch), i, zs = 0;
			bool in_zero = false;

			st = sd_check_interrupt(err);
			if (!st)
				st = read_for_zero_check(w, pfn, n, err);
			if (st)
				return sd_wrap(err, st,
					       "reading pfn 0x%" PRIx64 " for the zero-page check",
					       pfn);
			for (i = 0; !st && i <= n; i++) {
				bool z = i < n &&
					 sd_page_is_zero(w->rbuf + i * w->psz, w->psz);

				if (z && !in_zero) {
					zs = i;
					in_zero = true;
				} else if (!z && in_zero) {
					in_zero = false;
					st = ps->ops->clear_range(ps, pfn + zs,
								  pfn + i,
								  &cleared, err);
					*count += cleared;
				}
			}
		}
		from = e;
	}
	return st;
}

/* One cycle's set: data pfns, the mem_map scan, zero pages (create_2nd_bitmap). */
static sd_status
build_cycle(struct ewriter *w, uint64_t start, uint64_t end, bool first,
	    struct sd_err *err)
{
	struct sd_job *job = w->job;
	sd_status st;

	if (first)
		memset(&w->carry, 0, sizeof(w->carry));
	if (job->excluded_vmemmap)	/* not built: cycles rebuild the set */
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "-E -e in cycles is not implemented yet: add --work-dir");
	st = sd_job_build_dump(job, job->dump_ops ? job->dump_ops :
				    &sd_pageset_plain_ops,
			       start, end, &w->cset, err);
	if (!st && job->vmci && sd_page_rules_need_scan(&job->rules))
		st = sd_scan_memmap(&job->mm, &job->rules, &job->present,
				    &w->cset, start, end, &w->carry, &w->stats,
				    NULL, NULL, err);
	if (!st && (job->dump_level & 1))
		st = exclude_zero(w, &w->cset, start, end, &w->zero, err);
	return st;
}

/* ---- segments ---- */

struct lwalk {
	const Elf64_Phdr *in;
	Elf64_Phdr load;	/* the segment being built */
	uint64_t paddr;		/* its first byte */
	uint64_t memsz, filesz;
	uint64_t num_excluded;
	uint64_t pfn_end;	/* includes a partial tail page */
	uint64_t frac_tail;
};

/*
 * A batch of the segment failed: copy its pages up to the bad one, so the
 * segment can be cut short there, and fail with the bad page's place.
 */
static sd_status
salvage(struct ewriter *w, const struct lwalk *lw, uint64_t off,
	uint64_t done, size_t n, struct sd_err *err)
{
	size_t i, len;
	sd_status st = SD_OK;

	for (i = 0; i < n; i += len) {
		len = SD_MIN((size_t)w->psz, n - i);
		st = pread_all(w, w->rbuf, len, off + done + i, err);
		if (!st)	/* --config */
			sd_erase_buffer(w->job->erase, 0, 0, lw->paddr + done + i,
					w->rbuf, len);
		if (!st)
			st = sd_wcache_put(w->sink, &w->page, w->rbuf, len, err);
		if (st)
			break;
		w->cur_done = done + i + len;
	}
	if (st == SD_ERR_UNREADABLE)
		sd_wrap(err, st,
			"pfn 0x%" PRIx64 " is unreadable and ELF output cannot leave out a page (the kdump-compressed format can); the dump stops there",
			(lw->paddr + done + i) / w->psz);
	return st ? st : sd_fail(err, SD_ERR_UNREADABLE,
				 "%s: a read failed that page by page succeeded",
				 w->job->opt->vmcore);
}

/* write_elf_load_segment: @size bytes from the PT_LOAD's own file range. */
static sd_status
copy_segment(struct ewriter *w, const struct lwalk *lw, struct sd_err *err)
{
	const Elf64_Phdr *in = lw->in;
	uint64_t size = lw->load.p_filesz, done = 0, off;
	sd_status st = SD_OK;

	if (lw->paddr < in->p_paddr || lw->paddr >= in->p_paddr + in->p_filesz)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "Can't convert physaddr(%" PRIx64 ") to an offset.",
			       lw->paddr);
	off = in->p_offset + (lw->paddr - in->p_paddr);
	while (!st && done < size) {
		size_t n = (size_t)SD_MIN(size - done, (uint64_t)w->rbuf_len), i;

		st = sd_check_interrupt(err);
		if (!st)
			st = pread_all(w, w->rbuf, n, off + done, err);
		if (st == SD_ERR_UNREADABLE)
			return salvage(w, lw, off, done, n, err);
		if (st)
			return st;
		for (i = 0; !st && i < n; i += w->psz) {
			/* --config: page by page, as write_elf_load_segment */
			sd_erase_buffer(w->job->erase, 0, 0, lw->paddr + done + i,
					w->rbuf + i, SD_MIN((size_t)w->psz, n - i));
			st = sd_wcache_put(w->sink, &w->page, w->rbuf + i,
				       SD_MIN((size_t)w->psz, n - i), err);
		}
		done += n;
		w->cur_done = done;
	}
	return st;
}

static sd_status
emit(struct ewriter *w, struct lwalk *lw, bool last, struct sd_err *err)
{
	sd_status st;

	lw->load.p_memsz = lw->memsz;
	lw->load.p_filesz = lw->filesz;
	lw->load.p_offset = (lw->filesz || last) ? w->off_seg : 0;
	w->segments++;
	if (w->writing) {
		w->cur = lw->load;
		w->cur_at = w->hdr.offset + w->hdr.buf_size;
		w->cur_done = 0;
		w->cur_valid = true;
		st = sd_wcache_put(w->sink, &w->hdr, &lw->load, sizeof(lw->load), err);
		if (!st && lw->filesz)
			st = copy_segment(w, lw, err);
		if (st)
			return st;
		w->cur_valid = false;
	}
	w->off_seg += lw->filesz;
	return SD_OK;
}

/* The byte size of pfn @pfn inside the PT_LOAD (a partial tail page). */
static inline uint64_t
pfn_bytes(const struct ewriter *w, const struct lwalk *lw, uint64_t pfn)
{
	return (pfn == lw->pfn_end - 1 && lw->frac_tail) ? lw->frac_tail :
							   w->psz;
}

/* Excluded pfns [s, e). */
static void
walk_gap(struct ewriter *w, struct lwalk *lw, uint64_t s, uint64_t e)
{
	uint64_t n = e - s;

	if (!n)
		return;
	lw->num_excluded += n;
	lw->memsz += n * w->psz;
	if (lw->frac_tail && s <= lw->pfn_end - 1 && lw->pfn_end - 1 < e)
		lw->memsz -= w->psz - lw->frac_tail;
}

/* Dumpable pfns [s, e): the first one may close a segment. */
static sd_status
walk_run(struct ewriter *w, struct lwalk *lw, uint64_t s, uint64_t e,
	 struct sd_err *err)
{
	uint64_t b = pfn_bytes(w, lw, s), n;
	sd_status st;

	if (w->writing)	/* sd_progress prints at most once a second */
		sd_progress(w->job->log, SD_PROGRESS_COPY, w->num_dumped,
			    w->num_dumpable);
	if (!lw->num_excluded) {
		lw->memsz += b;
		lw->filesz += b;
	} else if (lw->num_excluded < PFN_EXCLUDED) {
		lw->memsz += b;
		lw->filesz += w->psz * lw->num_excluded + b;
		lw->num_excluded = 0;
	} else {
		w->elf_excluded += lw->num_excluded;
		st = emit(w, lw, false, err);
		if (st)
			return st;
		lw->load.p_paddr += lw->memsz;
		lw->load.p_vaddr += lw->memsz;
		lw->paddr = lw->load.p_paddr;
		lw->num_excluded = 0;
		lw->memsz = w->psz;	/* makedumpfile: a whole page, always */
		lw->filesz = w->psz;
	}
	n = e - s - 1;
	if (n) {
		uint64_t bytes = n * w->psz;

		if (lw->frac_tail && e == lw->pfn_end)
			bytes -= w->psz - lw->frac_tail;
		lw->memsz += bytes;
		lw->filesz += bytes;
	}
	w->num_dumped += e - s;
	return SD_OK;
}

/* The pfns [from, end) of one PT_LOAD against the set @ps. */
static sd_status
walk_range(struct ewriter *w, struct lwalk *lw, const struct sd_pageset *ps,
	   uint64_t from, uint64_t end, struct sd_err *err)
{
	struct sd_range r;
	sd_status st = SD_OK;

	if (w->per_cycle && w->writing)
		w->visited += end > from ? end - from : 0;
	while (!st && from < end && ps->ops->next_run(ps, from, &r) &&
	       r.start < end) {
		uint64_t s = SD_MAX(r.start, from), e = SD_MIN(r.end, end);

		walk_gap(w, lw, from, s);
		st = walk_run(w, lw, s, e, err);
		from = e;
	}
	if (!st && from < end)
		walk_gap(w, lw, from, end);
	return st;
}

static sd_status
walk_load(struct ewriter *w, const Elf64_Phdr *in, struct sd_err *err)
{
	struct lwalk lw;
	uint64_t pfn_start, frac_head, cs, ce;
	bool first = true;
	sd_status st = SD_OK;

	memset(&lw, 0, sizeof(lw));
	lw.in = in;
	lw.load = *in;
	lw.paddr = in->p_paddr;
	pfn_start = in->p_paddr / w->psz;
	lw.pfn_end = (in->p_paddr + in->p_memsz) / w->psz;
	frac_head = w->psz - in->p_paddr % w->psz;
	lw.frac_tail = (in->p_paddr + in->p_memsz) % w->psz;
	if (frac_head && frac_head != w->psz) {
		lw.memsz = lw.filesz = frac_head;
		pfn_start++;
	}
	if (lw.frac_tail)
		lw.pfn_end++;
	if (!w->per_cycle) {
		st = walk_range(w, &lw, &w->job->dump, pfn_start, lw.pfn_end,
				err);
	} else {
		/* for_each_cycle(pfn_start, pfn_end), ELF variant */
		cs = pfn_start / w->pfn_cyclic * w->pfn_cyclic;
		ce = SD_MIN(cs + w->pfn_cyclic, lw.pfn_end);
		if (cs < pfn_start)
			cs = pfn_start & ~(uint64_t)7;
		for (; !st && cs < lw.pfn_end; cs = ce,
		     ce = SD_MIN(cs + w->pfn_cyclic, lw.pfn_end)) {
			st = build_cycle(w, cs, ce, first, err);
			first = false;
			if (!st)
				st = walk_range(w, &lw, &w->cset,
						SD_MAX(pfn_start, cs), ce, err);
		}
	}
	if (st)
		return st;
	w->elf_excluded += lw.num_excluded;
	return emit(w, &lw, true, err);
}

static bool
skipped(const Elf64_Phdr *ph, bool writing)
{
	if (ph->p_type != PT_LOAD)
		return true;
	/* get_loads_dumpfile_cyclic counts NOT_PADDR loads, the writer skips them */
	return writing && ph->p_paddr == (Elf64_Addr)-1;
}

static sd_status
walk_loads(struct ewriter *w, struct sd_err *err)
{
	size_t i;
	sd_status st = SD_OK;

	w->segments = 0;
	w->elf_excluded = 0;
	w->num_dumped = 0;
	for (i = 0; !st && i < w->nph; i++) {
		if (skipped(&w->ph[i], w->writing))
			continue;
		if (w->ph[i].p_paddr == (Elf64_Addr)-1) {
			w->segments++;	/* counted, never written */
			continue;
		}
		st = walk_load(w, &w->ph[i], err);
	}
	return st;
}

/* ---- headers ---- */

static sd_status
write_headers(struct ewriter *w, uint64_t *offset_load, struct sd_err *err)
{
	uint64_t num = w->segments + 1;	/* PT_NOTE first */
	uint64_t off_note = sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr) * num;
	uint64_t off, chunk, left;
	Elf64_Phdr note = w->note;
	sd_status st = SD_OK;

	w->eh.e_phnum = num >= PN_XNUM ? PN_XNUM : (Elf64_Half)num;
	/* reserve_diskspace: zeros over the program headers */
	memset(w->rbuf, 0, SD_MIN((size_t)w->psz, w->rbuf_len));
	chunk = SD_MIN((uint64_t)w->psz, off_note - sizeof(Elf64_Ehdr));
	for (off = sizeof(Elf64_Ehdr); !st && off < off_note; off += left) {
		left = SD_MIN(chunk, off_note - off);
		st = sd_sink_write(w->sink, off, w->rbuf, (size_t)left, err);
	}
	if (!st && w->eh.e_phnum == PN_XNUM) {
		Elf64_Shdr sh;

		w->eh.e_shoff = off_note;
		w->eh.e_shentsize = sizeof(sh);
		w->eh.e_shnum = 1;
		w->eh.e_shstrndx = SHN_UNDEF;
		memset(&sh, 0, sizeof(sh));
		sh.sh_type = SHT_NULL;
		sh.sh_size = 1;
		sh.sh_link = SHN_UNDEF;
		sh.sh_info = (Elf64_Word)num;
		st = sd_sink_write(w->sink, off_note, &sh, sizeof(sh), err);
		off_note += sizeof(sh);
	}
	if (st)
		return st;
	note.p_offset = off_note;
	note.p_filesz += sd_erase_elf_note_grow(w->job->erase);	/* --config */
	w->hdr.offset = sizeof(Elf64_Ehdr);
	st = sd_wcache_put(w->sink, &w->hdr, &note, sizeof(note), err);
	if (!st)
		st = sd_sink_write(w->sink, 0, &w->eh, sizeof(w->eh), err);
	if (!st) {
		const struct sd_source *src = w->job->src;
		uint64_t len = w->note.p_filesz, done;

		if (src->notes && src->notes_len == len &&
		    src->notes_offset == w->note.p_offset) {
			st = sd_sink_write(w->sink, off_note, src->notes,
					   (size_t)len, err);
		} else {
			for (done = 0; !st && done < len; done += chunk) {
				chunk = SD_MIN(len - done, (uint64_t)w->rbuf_len);
				st = pread_all(w, w->rbuf, (size_t)chunk,
					       w->note.p_offset + done, err);
				if (!st)
					st = sd_sink_write(w->sink, off_note + done,
							   w->rbuf, (size_t)chunk,
							   err);
			}
		}
	}
	*offset_load = off_note + note.p_filesz;
	return st;
}

/* ---- the two passes ---- */

static sd_status
prepare_global_set(struct ewriter *w, struct sd_err *err)
{
	struct sd_job *job = w->job;

	if (w->per_cycle) {
		/* the sets are rebuilt per cycle; the whole one is not needed */
		sd_pageset_release(&job->dump);
		return SD_OK;
	}
	if (!(job->dump_level & 1))
		return SD_OK;
	return exclude_zero(w, &job->dump, 0, job->max_mapnr, &w->zero, err);
}

static sd_status
count_pass(struct ewriter *w, struct sd_err *err)
{
	struct sd_scan_stats keep = w->stats;
	uint64_t zero = w->zero;
	sd_status st;

	w->writing = false;
	st = walk_loads(w, err);
	w->num_dumpable = w->num_dumped;
	/* makedumpfile counts the exclusions of the writing pass only */
	w->stats = keep;
	w->zero = zero;
	return st;
}

static sd_status
write_pass(struct ewriter *w, struct sd_err *err)
{
	struct sd_log *log = w->job->log;
	uint64_t offset_load;
	sd_status st;

	st = write_headers(w, &offset_load, err);
	if (!st)
		st = sd_erase_begin(w->job->erase, 0, 0, err);
	if (st)
		return st;
	w->writing = true;
	w->off_seg = offset_load;
	w->page.offset = offset_load;
	sd_progress_begin(log);
	w->t0 = sd_log_mono_ns(log);
	st = walk_loads(w, err);
	if (!st)
		st = sd_wcache_flush(w->sink, &w->hdr, err);
	if (!st)
		st = sd_wcache_flush(w->sink, &w->page, err);
	if (!st) {
		sd_progress(log, SD_PROGRESS_COPY, w->num_dumpable,
			    w->num_dumpable);
		sd_step_time(log, SD_PROGRESS_COPY,
			     sd_log_mono_ns(log) - w->t0);
	}
	sd_progress_done(log);
	if (!st)	/* --config: the ERASEINFO note after the input's notes */
		st = sd_erase_write_elf(w->job, w->sink, &w->hdr, offset_load -
					w->note.p_filesz -
					sd_erase_elf_note_grow(w->job->erase),
					w->note.p_filesz, err);
	return st;
}

/* ---- buffers ---- */

static sd_status
alloc_buffers(struct ewriter *w, struct sd_err *err)
{
	size_t cache = (size_t)w->psz << w->job->opt->block_order;
	sd_status st;

	w->hdr.cache_size = w->page.cache_size = cache;
	st = sd_balloc(w->budget, cache + w->psz, 0, "ELF header cache",
		       (void **)&w->hdr.buf, err);
	if (!st)
		st = sd_balloc(w->budget, cache + w->psz, 0, "ELF data cache",
			       (void **)&w->page.buf, err);
	w->rbuf_len = (w->job->read_batch ? w->job->read_batch :
		       SD_MAX((size_t)READ_BATCH_BYTES / w->psz, (size_t)1)) *
		      w->psz;
	if (!st)
		st = sd_balloc(w->budget, w->rbuf_len, 0, "page read buffer",
			       (void **)&w->rbuf, err);
	return st;
}

static void
free_buffers(struct ewriter *w)
{
	sd_pageset_release(&w->cset);
	sd_bfree(w->budget, w->rbuf, w->rbuf_len);
	sd_bfree(w->budget, w->page.buf, w->page.cache_size + w->psz);
	sd_bfree(w->budget, w->hdr.buf, w->hdr.cache_size + w->psz);
	sd_bfree(w->budget, w->ph, w->nph * sizeof(*w->ph));
	if (w->fd >= 0)
		close(w->fd);
}

/*
 * check_and_modify_elf_headers: the header on disk gets e_flags |= 1.
 * With @stream_too a flattened stream gets a later record for offset 0
 * (after a signal or an unreadable page; not after ENOSPC, as makedumpfile).
 */
static sd_status
mark_incomplete(struct ewriter *w, bool stream_too, struct sd_err *err)
{
	Elf64_Ehdr eh = w->eh;
	uint64_t end;

	eh.e_flags |= ELF_INCOMPLETE;
	if (!w->sink->seekable && !w->sink->is_null && stream_too)
		return sd_sink_write(w->sink, 0, &eh, sizeof(eh), err);
	if (w->sink->ops->size(w->sink, &end, err) || end < sizeof(eh))
		return SD_ERR_NODATA;
	return sd_sink_write(w->sink, 0, &eh, sizeof(eh), err);
}

/*
 * Stopped by a signal or an unreadable page in the write pass: the data
 * copied so far goes out, the segment being copied is cut to it (its phdr
 * rewritten, memsz = filesz: the rest is absent, not zero), the phdrs of
 * later segments stay zero (PT_NULL), and the header is marked.
 */
static void
stop_partial(struct ewriter *w)
{
	struct sd_err e;

	if (sd_wcache_flush(w->sink, &w->page, &e) ||
	    sd_wcache_flush(w->sink, &w->hdr, &e))
		return;
	if (w->cur_valid) {
		w->cur.p_filesz = w->cur_done;
		w->cur.p_memsz = w->cur_done;
		if (sd_sink_write(w->sink, w->cur_at, &w->cur, sizeof(w->cur),
				  &e))
			return;
	}
	if (mark_incomplete(w, true, &e) == SD_OK)
		sd_msg(w->job->log,
		       "This is an incomplete dumpfile, but might analyzable.\n");
}

static void
fill_result(const struct ewriter *w, struct sd_elf_result *res)
{
	const struct sd_job *job = w->job;

	memset(res, 0, sizeof(*res));
	if (w->per_cycle) {
		memcpy(res->excluded, w->stats.excluded, sizeof(res->excluded));
		res->memhole = job->max_mapnr - w->visited;	/* may wrap */
	} else {
		memcpy(res->excluded, job->stats.excluded,
		       sizeof(res->excluded));
		res->memhole = sd_job_memhole(job, true);
	}
	res->zero_pages = w->zero;
	res->elf_excluded = w->elf_excluded;
	res->segments = w->segments;
}

sd_status
sd_write_elf(struct sd_job *job, struct sd_sink *sink, bool last_try,
	     struct sd_elf_result *res, struct sd_err *err)
{
	struct ewriter w;
	sd_status st;

	memset(&w, 0, sizeof(w));
	w.job = job;
	w.sink = sink;
	w.budget = &job->budget;
	w.psz = job->src->page_size;
	w.fd = -1;
	choose_cycles(&w);
	sd_budget_release(&job->budget, job->writer_reserve);
	job->writer_reserve = 0;
	st = alloc_buffers(&w, err);
	if (!st)
		st = read_input_headers(&w, err);
	if (!st)
		st = prepare_global_set(&w, err);
	if (!st)
		st = count_pass(&w, err);
	if (!st) {
		memset(&w.stats, 0, sizeof(w.stats));
		w.zero = w.per_cycle ? 0 : w.zero;
		st = write_pass(&w, err);
	}
	if (w.writing && (st == SD_ERR_INTERRUPTED || st == SD_ERR_UNREADABLE)) {
		struct sd_err e2;

		stop_partial(&w);
		(void)sink->ops->finish(sink, &e2);	/* -F: end marker */
	} else if (!st) {
		st = sink->ops->finish(sink, err);
	}
	if (st == SD_ERR_NOSPACE) {
		struct sd_err e2;

		sd_msg(job->log, "\n%s\n", err->msg);
		/* write_cache_enospc: the program headers gathered so far */
		if (w.writing && sink->seekable &&
		    sd_wcache_flush(w.sink, &w.hdr, &e2) != SD_OK)
			sd_msg(job->log, "This dumpfile may lost some important data.\n");
		if (last_try && sink->seekable) {
			if (mark_incomplete(&w, false, &e2) == SD_OK)
				sd_msg(job->log,
				       "This is an incomplete dumpfile, but might analyzable.\n");
		} else if (last_try && sink->is_null) {
			sd_msg(job->log,
			       "This is an incomplete dumpfile, but might analyzable.\n");
		}
	}
	fill_result(&w, res);
	job->zero_pages = w.zero;
	job->write_bytes = sink->bytes;
	free_buffers(&w);
	return st;
}

void
sd_elf_report(struct sd_job *job, const struct sd_elf_result *res)
{
	const uint64_t *x = res->excluded;
	uint64_t orig = job->max_mapnr - res->memhole;
	uint64_t excl = res->zero_pages + x[SD_CAT_CACHE] +
			x[SD_CAT_CACHE_PRIVATE] + x[SD_CAT_USER] +
			x[SD_CAT_FREE] + x[SD_CAT_HWPOISON] + x[SD_CAT_OFFLINE];
	uint64_t hits = job->vt ? job->vt->hits : 0;
	uint64_t miss = job->vt ? job->vt->misses : 0;
	struct sd_log *l = job->log;

	sd_report(l, "\nOriginal pages  : 0x%016" PRIx64 "\n", orig);
	sd_report(l, "  Excluded pages   : 0x%016" PRIx64 "\n", excl);
	sd_report(l, "     in ELF format : 0x%016" PRIx64 "\n", res->elf_excluded);
	sd_report(l, "    Pages filled with zero  : 0x%016" PRIx64 "\n", res->zero_pages);
	sd_report(l, "    Non-private cache pages : 0x%016" PRIx64 "\n", x[SD_CAT_CACHE]);
	sd_report(l, "    Private cache pages     : 0x%016" PRIx64 "\n", x[SD_CAT_CACHE_PRIVATE]);
	sd_report(l, "    User process data pages : 0x%016" PRIx64 "\n", x[SD_CAT_USER]);
	sd_report(l, "    Free pages              : 0x%016" PRIx64 "\n", x[SD_CAT_FREE]);
	sd_report(l, "    Hwpoison pages          : 0x%016" PRIx64 "\n", x[SD_CAT_HWPOISON]);
	sd_report(l, "    Offline pages           : 0x%016" PRIx64 "\n", x[SD_CAT_OFFLINE]);
	sd_report(l, "  Remaining pages  : 0x%016" PRIx64 "\n", orig - excl);
	sd_report(l, "     in ELF format : 0x%016" PRIx64 "\n", orig - res->elf_excluded);
	if (orig)
		sd_report(l, "  (The number of pages is reduced to %" PRIu64 "%%.)\n",
			  (orig - res->elf_excluded) * 100 / orig);
	sd_report(l, "Memory Hole     : 0x%016" PRIx64 "\n", res->memhole);
	sd_report(l, "--------------------------------------------------\n");
	sd_report(l, "Total pages     : 0x%016" PRIx64 "\n", job->max_mapnr);
	sd_report(l, "Write bytes     : %" PRIu64 "\n", job->write_bytes);
	sd_report(l, "\n");
	sd_report(l, "Cache hit: %" PRIu64 ", miss: %" PRIu64, hits, miss);
	if (hits + miss)
		sd_report(l, ", hit rate: %.1f%%", 100.0 * hits / (hits + miss));
	sd_report(l, "\n\n");
}
