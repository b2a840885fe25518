// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --reassemble F1 .. Fn OUT (doc/format-elf-split.md; makedumpfile's reassemble_dumpfile).
 * The parts must carry byte-identical main headers and pfn ranges that are
 * contiguous from 0 to max_mapnr.  OUT gets file 0's header, its sub-header
 * with the split fields cleared, its notes and bitmaps, then one descriptor
 * table and one data area rebuilt from the parts; zero-page descriptors
 * (pointing at the parts' shared zero page) point at OUT's.  The result is
 * byte-identical to a dump written without --split.
 *
 * Memory: the 2nd bitmap and the descriptors are read in pieces as the pfn
 * walk goes (the parts are sorted, so it only moves forward); nothing grows
 * with the machine.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sievedump/alloc.h"
#include "sievedump/io.h"
#include "sievedump/kdump_format.h"
#include "sievedump/log.h"
#include "sievedump/sink.h"
#include "sievedump/write.h"

enum {
	DESC_SIZE = sizeof(struct sd_page_desc),
	BM_CHUNK = 64 << 10,		/* 2nd-bitmap bytes read at a time */
	DESC_CHUNK = 2730,		/* descriptors read at a time (64 KiB) */
	MAX_PAGE_SIZE = 1 << 20,
};

struct part {
	const char *path;
	int fd;
	uint64_t start, end;
	int64_t off_ei;
	uint64_t size_ei;
};

struct rctx {
	struct sd_budget *budget;
	struct sd_log *log;
	struct part *parts;
	int n;
	struct sd_sink *sink;
	struct sd_disk_dump_header dh;
	struct sd_kdump_sub_header kh;
	uint32_t psz;
	uint64_t max_mapnr;
	int dump_level;
	uint64_t bm2_off;		/* 2nd bitmap in file 0 */
	uint8_t *bm;			/* a piece of it */
	uint64_t bm_first, bm_len;	/* pfns [bm_first, bm_first + 8*bm_len) */
	struct sd_page_desc *pds;
	uint8_t *data;
	struct sd_wcache cpd, cdata;
};

static sd_status
pread_full(int fd, const char *path, void *buf, size_t len, uint64_t off,
	   struct sd_err *err)
{
	size_t got;
	int e = sd_io_pread(fd, buf, len, off, &got);

	if (e)
		return sd_fail_errno(err, e, "Can't read a file(%s)", path);
	if (got < len)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "Can't read a file(%s). short file at 0x%" PRIx64,
			       path, off + got);
	return SD_OK;
}

/* store_splitting_info: headers, ranges, erase info of every part. */
static sd_status
read_parts(struct rctx *c, struct sd_err *err)
{
	int i;
	sd_status st;

	for (i = 0; i < c->n; i++) {
		struct part *p = &c->parts[i];
		struct sd_disk_dump_header dh;
		struct sd_kdump_sub_header kh;

		p->fd = open(p->path, O_RDONLY | O_CLOEXEC);
		if (p->fd < 0)
			return sd_fail_errno(err, errno, "Can't open a file(%s)",
					     p->path);
		st = pread_full(p->fd, p->path, &dh, sizeof(dh), 0, err);
		if (st)
			return st;
		if (i == 0) {
			if (memcmp(dh.signature, SD_KDUMP_SIGNATURE,
				   SD_KDUMP_SIG_LEN) ||
			    dh.block_size < 512 || dh.block_size > MAX_PAGE_SIZE ||
			    (dh.block_size & (dh.block_size - 1)) ||
			    dh.sub_hdr_size < 0)
				return sd_fail(err, SD_ERR_CORRUPT,
					       "%s is not a kdump-compressed file",
					       p->path);
			c->dh = dh;
			c->psz = (uint32_t)dh.block_size;
		}
		if (memcmp(&c->dh, &dh, sizeof(dh)))
			return sd_fail(err, SD_ERR_INVALID,
				       "Invalid dumpfile(%s).", p->path);
		st = pread_full(p->fd, p->path, &kh, sizeof(kh), c->psz, err);
		if (st)
			return st;
		if (i == 0) {
			c->kh = kh;
			c->max_mapnr = dh.header_version >= 6 ? kh.max_mapnr_64 :
				       dh.max_mapnr;
			c->dump_level = kh.dump_level;
		}
		p->start = dh.header_version >= 6 ? kh.start_pfn_64 : kh.start_pfn;
		p->end = dh.header_version >= 6 ? kh.end_pfn_64 : kh.end_pfn;
		p->off_ei = kh.offset_eraseinfo;
		p->size_ei = kh.size_eraseinfo;
	}
	return SD_OK;
}

/* sort_splitting_info, then check_splitting_info. */
static sd_status
check_parts(struct rctx *c, struct sd_err *err)
{
	uint64_t end;
	int i, j;

	for (i = 0; i < c->n - 1; i++)
		for (j = i; j < c->n; j++) {
			struct part t;

			if (c->parts[i].start < c->parts[j].start)
				continue;
			t = c->parts[i];
			c->parts[i] = c->parts[j];
			c->parts[j] = t;
		}
	if (c->parts[0].start != 0)
		return sd_fail(err, SD_ERR_INVALID,
			       "There is not dumpfile corresponding to pfn 0x0 - 0x%" PRIx64 ".",
			       c->parts[0].start);
	end = c->parts[0].end;
	for (i = 1; i < c->n; i++) {
		if (end != c->parts[i].start)
			return sd_fail(err, SD_ERR_INVALID,
				       "There is not dumpfile corresponding to pfn 0x%" PRIx64 " - 0x%" PRIx64 ".",
				       end, c->parts[i].start);
		end = c->parts[i].end;
	}
	if (end != c->max_mapnr)
		return sd_fail(err, SD_ERR_INVALID,
			       "There is not dumpfile corresponding to pfn 0x%" PRIx64 " - 0x%" PRIx64 ".",
			       end, c->max_mapnr);
	return SD_OK;
}

/* ---- output caches ---- */

/* Copy [off, off + len) of file 0 to the same place of the output. */
static sd_status
copy_same(struct rctx *c, uint64_t off, uint64_t len, struct sd_err *err)
{
	sd_status st = SD_OK;

	while (!st && len) {
		size_t n = (size_t)SD_MIN(len, (uint64_t)c->cdata.cache_size);

		st = pread_full(c->parts[0].fd, c->parts[0].path,
				c->cdata.buf, n, off, err);
		if (!st)
			st = sd_sink_write(c->sink, off, c->cdata.buf, n, err);
		off += n;
		len -= n;
	}
	return st;
}

/* ---- the 2nd bitmap, read forward in pieces ---- */

static sd_status
is_dumpable(struct rctx *c, uint64_t pfn, bool *ret, struct sd_err *err)
{
	uint64_t byte;

	if (pfn < c->bm_first || pfn >= c->bm_first + 8 * c->bm_len) {
		uint64_t total = SD_DIV_ROUND_UP(c->max_mapnr, 8);

		c->bm_first = pfn & ~(uint64_t)7;
		c->bm_len = SD_MIN((uint64_t)BM_CHUNK, total - c->bm_first / 8);
		sd_status st = pread_full(c->parts[0].fd, c->parts[0].path,
					  c->bm, (size_t)c->bm_len,
					  c->bm2_off + c->bm_first / 8, err);
		if (st)
			return st;
	}
	byte = (pfn - c->bm_first) / 8;
	*ret = (c->bm[byte] >> (pfn & 7)) & 1;
	return SD_OK;
}

static sd_status
count_dumpable(struct rctx *c, uint64_t *ret, struct sd_err *err)
{
	uint64_t pfn, n = 0;
	sd_status st = SD_OK;

	for (pfn = 0; !st && pfn < c->max_mapnr; pfn++) {
		bool d;

		/* whole bytes at once where the byte is inside max_mapnr */
		if (!(pfn & 7) && pfn + 8 <= c->max_mapnr) {
			st = is_dumpable(c, pfn, &d, err);
			if (!st)
				n += (uint64_t)__builtin_popcount(
					c->bm[(pfn - c->bm_first) / 8]);
			pfn += 7;
			continue;
		}
		st = is_dumpable(c, pfn, &d, err);
		n += d;
	}
	*ret = n;
	return st;
}

/* ---- pages ---- */

static sd_status
copy_pages(struct rctx *c, uint64_t num_dumpable, struct sd_err *err)
{
	uint64_t first_ph = (uint64_t)(SD_KDUMP_HEADER_BLOCKS + c->dh.sub_hdr_size +
				       c->dh.bitmap_blocks) * c->psz;
	uint64_t offset_data = first_ph + DESC_SIZE * num_dumpable;
	uint64_t offset_zero = 0, done = 0, t0 = sd_log_mono_ns(c->log);
	struct sd_page_desc pd_zero;
	int i;
	sd_status st = SD_OK;

	c->cpd.offset = first_ph;
	c->cdata.offset = offset_data;
	memset(&pd_zero, 0, sizeof(pd_zero));
	if (c->dump_level & 1) {
		offset_zero = offset_data;
		pd_zero.size = c->psz;
		pd_zero.offset = (int64_t)offset_data;
		memset(c->data, 0, c->psz);
		st = sd_wcache_put(c->sink, &c->cdata, c->data, c->psz, err);
		offset_data += c->psz;
	}
	sd_progress_begin(c->log);
	for (i = 0; !st && i < c->n; i++) {
		const struct part *p = &c->parts[i];
		uint64_t pfn, ph = first_ph, nbuf = 0, ibuf = 0;

		for (pfn = p->start; !st && pfn < p->end; pfn++) {
			struct sd_page_desc pd;
			bool d;

			st = is_dumpable(c, pfn, &d, err);
			if (st || !d)
				continue;
			done++;
			if (done % 4096 == 0)
				sd_progress(c->log, SD_PROGRESS_COPY, done,
					    num_dumpable);
			if (ibuf == nbuf) {	/* the next descriptors */
				nbuf = DESC_CHUNK;
				st = pread_full(p->fd, p->path, c->pds,
						nbuf * DESC_SIZE, ph, err);
				if (st == SD_ERR_CORRUPT) {	/* near the end */
					nbuf = 1;
					st = pread_full(p->fd, p->path, c->pds,
							DESC_SIZE, ph, err);
				}
				if (st)
					break;
				ibuf = 0;
			}
			pd = c->pds[ibuf++];
			ph += DESC_SIZE;
			if (pd.size > c->psz)
				return sd_fail(err, SD_ERR_CORRUPT,
					       "%s: pfn 0x%" PRIx64 ": page size %u > %u",
					       p->path, pfn, pd.size, c->psz);
			if ((c->dump_level & 1) &&
			    (uint64_t)pd.offset == offset_zero) {
				st = sd_wcache_put(c->sink, &c->cpd, &pd_zero, DESC_SIZE, err);
				continue;
			}
			st = pread_full(p->fd, p->path, c->data, pd.size,
					(uint64_t)pd.offset, err);
			if (st)
				break;
			pd.offset = (int64_t)offset_data;
			st = sd_wcache_put(c->sink, &c->cpd, &pd, DESC_SIZE, err);
			if (!st)
				st = sd_wcache_put(c->sink, &c->cdata, c->data, pd.size, err);
			offset_data += pd.size;
		}
	}
	if (!st)
		st = sd_wcache_flush(c->sink, &c->cpd, err);
	if (!st)
		st = sd_wcache_flush(c->sink, &c->cdata, err);
	if (!st) {
		sd_progress(c->log, SD_PROGRESS_COPY, num_dumpable, num_dumpable);
		sd_step_time(c->log, SD_PROGRESS_COPY, sd_log_mono_ns(c->log) - t0);
	}
	sd_progress_done(c->log);
	return st;
}

/* Erase info of every part, one after the other, then the sub-header. */
static sd_status
copy_eraseinfo(struct rctx *c, struct sd_err *err)
{
	uint64_t off = c->cdata.offset, total = 0;
	int i;
	sd_status st = SD_OK;

	for (i = 0; !st && i < c->n; i++) {
		const struct part *p = &c->parts[i];
		uint64_t done = 0;

		while (!st && done < p->size_ei) {
			size_t n = (size_t)SD_MIN(p->size_ei - done,
						  (uint64_t)c->psz);

			st = pread_full(p->fd, p->path, c->data, n,
					(uint64_t)p->off_ei + done, err);
			if (!st)
				st = sd_wcache_put(c->sink, &c->cdata, c->data, n, err);
			done += n;
		}
		total += p->size_ei;
	}
	if (st || !total)
		return st;
	st = sd_wcache_flush(c->sink, &c->cdata, err);
	c->kh.offset_eraseinfo = (int64_t)off;
	c->kh.size_eraseinfo = total;
	if (!st)
		st = sd_sink_write(c->sink, c->psz, &c->kh, sizeof(c->kh), err);
	return st;
}

static sd_status
write_out(struct rctx *c, struct sd_err *err)
{
	struct sd_disk_dump_header dh;
	uint64_t num_dumpable, bm_off, len_bitmap;
	int i;
	sd_status st = SD_OK;

	/* the header of the first incomplete part (they are all the same) */
	for (i = 0; !st && i < c->n; i++) {
		st = pread_full(c->parts[i].fd, c->parts[i].path, &dh,
				sizeof(dh), 0, err);
		if (!st && (dh.status & SD_DUMP_DH_COMPRESSED_INCOMPLETE))
			break;
	}
	if (!st)
		st = sd_sink_write(c->sink, 0, &dh, sizeof(dh), err);
	c->kh.split = 0;
	c->kh.start_pfn = c->kh.end_pfn = 0;
	c->kh.start_pfn_64 = c->kh.end_pfn_64 = 0;
	if (!st)
		st = sd_sink_write(c->sink, c->psz, &c->kh, sizeof(c->kh), err);
	if (!st && c->kh.offset_note && c->kh.size_note)
		st = copy_same(c, (uint64_t)c->kh.offset_note, c->kh.size_note,
			       err);
	bm_off = (uint64_t)(SD_KDUMP_HEADER_BLOCKS + c->dh.sub_hdr_size) * c->psz;
	len_bitmap = (uint64_t)c->dh.bitmap_blocks * c->psz;
	if (len_bitmap / 2 < SD_DIV_ROUND_UP(c->max_mapnr, 8))
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: the bitmaps are smaller than max_mapnr",
			       c->parts[0].path);
	c->bm2_off = bm_off + len_bitmap / 2;
	if (!st)
		st = copy_same(c, bm_off, len_bitmap, err);
	if (!st)
		st = count_dumpable(c, &num_dumpable, err);
	if (!st)
		st = copy_pages(c, num_dumpable, err);
	if (!st)
		st = copy_eraseinfo(c, err);
	return st;
}

static sd_status
alloc_all(struct rctx *c, struct sd_err *err)
{
	struct sd_budget *b = c->budget;
	size_t cache = (size_t)c->psz << 4;
	sd_status st;

	c->cpd.cache_size = c->cdata.cache_size = cache;
	st = sd_balloc(b, cache + c->psz, 0, "descriptor cache",
		       (void **)&c->cpd.buf, err);
	if (!st)
		st = sd_balloc(b, cache + c->psz, 0, "data cache",
			       (void **)&c->cdata.buf, err);
	if (!st)
		st = sd_balloc(b, BM_CHUNK, 0, "bitmap piece", (void **)&c->bm,
			       err);
	if (!st)
		st = sd_balloc(b, DESC_CHUNK * DESC_SIZE, 0, "descriptors",
			       (void **)&c->pds, err);
	if (!st)
		st = sd_balloc(b, c->psz, 0, "page buffer", (void **)&c->data,
			       err);
	c->bm_first = c->bm_len = 0;
	return st;
}

static void
free_all(struct rctx *c)
{
	struct sd_budget *b = c->budget;
	size_t cache = (size_t)c->psz << 4;
	int i;

	sd_bfree(b, c->data, c->psz);
	sd_bfree(b, c->pds, DESC_CHUNK * DESC_SIZE);
	sd_bfree(b, c->bm, BM_CHUNK);
	sd_bfree(b, c->cdata.buf, cache + c->psz);
	sd_bfree(b, c->cpd.buf, cache + c->psz);
	for (i = 0; c->parts && i < c->n; i++)
		if (c->parts[i].fd >= 0)
			close(c->parts[i].fd);
	sd_bfree(b, c->parts, (size_t)c->n * sizeof(*c->parts));
}

sd_status
sd_reassemble(const char *const *files, int n, const char *out, bool force,
	      struct sd_budget *budget, struct sd_log *log, struct sd_err *err)
{
	struct rctx c;
	int i;
	sd_status st;

	memset(&c, 0, sizeof(c));
	c.budget = budget;
	c.log = log;
	c.n = n;
	if (n < 1)
		return sd_fail(err, SD_ERR_INVALID, "--reassemble needs dump files");
	st = sd_balloc(c.budget, (size_t)n * sizeof(*c.parts), 1, "parts",
		       (void **)&c.parts, err);
	if (st)
		return st;
	for (i = 0; i < n; i++) {
		c.parts[i].path = files[i];
		c.parts[i].fd = -1;
	}
	st = read_parts(&c, err);
	if (!st)
		st = check_parts(&c, err);
	if (!st)
		st = alloc_all(&c, err);
	if (!st)
		st = sd_sink_check_path(out, force, err);
	if (!st)
		st = sd_sink_open_file(out, force, 0, &c.sink, err);
	if (!st)
		st = write_out(&c, err);
	if (!st)
		st = c.sink->ops->finish(c.sink, err);
	sd_sink_close(c.sink);
	free_all(&c);
	return st;
}
