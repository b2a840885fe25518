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
 * Two passes of the cycle driver (cycle_driver.c): the first counts the
 * segments (the data starts after the program headers), the second
 * writes.  The driver hands the cycles in PT_LOAD by PT_LOAD, each with
 * its set, zero pages (dump level bit 0) already removed; whether it
 * rebuilds a set per (PT_LOAD, cycle), as makedumpfile does in its cyclic
 * mode, is makedumpfile's rule (sd_job_mdf_elf_cycles).  The input's
 * headers and bytes come from the source (src->elf, sd_source_elf_read).
 * The writer ops, the ends of a run and the report: write_elf_ops.c.
 */
#include <elf.h>
#include <inttypes.h>
#include <string.h>

#include "sievedump/erase.h"
#include "sievedump/job.h"
#include "sievedump/mdf_cycle.h"
#include "sievedump/options.h"
#include "sievedump/signals.h"
#include "write_elf.h"

/* ---- segments ---- */

/*
 * The one place where a segment's bytes, read from the input (@n bytes of
 * physical memory from @paddr in @buf), go out: into the data cache, a
 * page at a time (makedumpfile's write_cache records).
 */
static sd_status
put_read(struct ewriter *w, uint64_t paddr, uint8_t *buf, size_t n,
	 struct sd_err *err)
{
	size_t i, len;
	sd_status st = SD_OK;

	for (i = 0; !st && i < n; i += len) {
		len = SD_MIN((size_t)w->psz, n - i);
		/* --config: page by page, as makedumpfile's segment copy */
		sd_erase_buffer(w->job->erase, 0, 0, paddr + i, buf + i, len);
		st = sd_wcache_put(w->sink, &w->page, buf + i, len, err);
	}
	return st;
}

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
		st = sd_source_elf_read(w->job->model.src, off + done + i,
					w->rbuf, len, err);
		if (!st)
			st = put_read(w, lw->paddr + done + i, w->rbuf, len,
				      err);
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
	const Elf64_Phdr *in = &lw->in;
	uint64_t size = lw->load.p_filesz, done = 0, off;
	sd_status st = SD_OK;

	if (lw->paddr < in->p_paddr || lw->paddr >= in->p_paddr + in->p_filesz)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "Can't convert physaddr(%" PRIx64 ") to an offset.",
			       lw->paddr);
	off = in->p_offset + (lw->paddr - in->p_paddr);
	while (!st && done < size) {
		size_t n = (size_t)SD_MIN(size - done, (uint64_t)w->rbuf_len);

		st = sd_check_interrupt(err);
		if (!st)
			st = sd_source_elf_read(w->job->model.src, off + done,
						w->rbuf, n, err);
		if (st == SD_ERR_UNREADABLE)
			return salvage(w, lw, off, done, n, err);
		if (st)
			return st;
		st = put_read(w, lw->paddr + done, w->rbuf, n, err);
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

	if (w->base.rebuild_sets && w->writing)
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

/* The phdr of src->loads[@k] (the k-th PT_LOAD of the table, in order). */
static void
load_phdr(struct ewriter *w, size_t k, Elf64_Phdr *ph)
{
	const struct sd_src_elf *e = w->job->model.src->elf;

	for (; w->ph_at < e->phnum; w->ph_at++) {
		memcpy(ph, e->phdrs + w->ph_at * sizeof(*ph), sizeof(*ph));
		if (ph->p_type != PT_LOAD)
			continue;
		if (w->loads_seen++ == k) {
			w->ph_at++;
			return;
		}
	}
	memset(ph, 0, sizeof(*ph));	/* not reached: the source counted them */
}

/* A PT_LOAD's walk begins: its first segment starts at its first byte. */
static void
start_load(struct ewriter *w, size_t k)
{
	struct lwalk *lw = &w->lw;
	uint64_t frac_head;

	memset(lw, 0, sizeof(*lw));
	load_phdr(w, k, &lw->in);
	lw->load = lw->in;
	lw->paddr = lw->in.p_paddr;
	sd_mdf_load_pfns(&w->job->model.src->loads[k], w->psz, &lw->pfn_start,
			 &lw->pfn_end);
	frac_head = lw->in.p_paddr % w->psz;
	if (frac_head)
		lw->memsz = lw->filesz = w->psz - frac_head;
	lw->frac_tail = (lw->in.p_paddr + lw->in.p_memsz) % w->psz;
}

/* One cycle of a PT_LOAD, against its set; the last closes its segment. */
sd_status
ew_cycle(struct ewriter *w, const struct sd_cycle *c,
	 const struct sd_pageset *set, struct sd_err *err)
{
	struct lwalk *lw = &w->lw;
	sd_status st;

	if (c->load_first)
		start_load(w, c->load);
	st = walk_range(w, lw, set, SD_MAX(lw->pfn_start, c->start), c->end,
			err);
	if (st || !c->load_last)
		return st;
	w->elf_excluded += lw->num_excluded;
	return emit(w, lw, true, err);
}

/* A pass begins: the counters, and loads without a physical address. */
void
ew_pass_begin(struct ewriter *w)
{
	const struct sd_source *src = w->job->model.src;
	size_t i;

	w->segments = 0;
	w->elf_excluded = 0;
	w->num_dumped = 0;
	w->ph_at = 0;
	w->loads_seen = 0;
	/* get_loads_dumpfile_cyclic counts NOT_PADDR loads, the writer skips them */
	for (i = 0; !w->writing && i < src->n_loads; i++)
		if (src->loads[i].paddr == SD_SRC_NO_PADDR)
			w->segments++;
}

/* ---- headers ---- */

sd_status
ew_write_headers(struct ewriter *w, uint64_t *offset_load, struct sd_err *err)
{
	uint64_t num = w->segments + 1;	/* PT_NOTE first */
	uint64_t off_note = sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr) * num;
	uint64_t off, chunk, left;
	Elf64_Phdr note = w->note;
	sd_status st = SD_OK;

	note.p_filesz += sd_erase_elf_note_grow(w->job->erase);	/* --config */

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
	w->off_note = off_note;
	w->hdr.offset = sizeof(Elf64_Ehdr);
	st = sd_wcache_put(w->sink, &w->hdr, &note, sizeof(note), err);
	if (!st)
		st = sd_sink_write(w->sink, 0, &w->eh, sizeof(w->eh), err);
	if (!st) {
		const struct sd_source *src = w->job->model.src;
		uint64_t len = w->note.p_filesz, done;

		if (src->notes && src->notes_len == len &&
		    src->notes_offset == w->note.p_offset) {
			st = sd_sink_write(w->sink, off_note, src->notes,
					   (size_t)len, err);
		} else {
			for (done = 0; !st && done < len; done += chunk) {
				chunk = SD_MIN(len - done, (uint64_t)w->rbuf_len);
				st = sd_source_elf_read(w->job->model.src,
							w->note.p_offset + done,
							w->rbuf, (size_t)chunk,
							err);
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

