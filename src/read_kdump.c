// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kdump-compressed reader, for refiltering (doc/format-kdump.md): a file
 * written by makedumpfile or sievedump is dumped again at a higher level.
 *
 * Memory that grows with the machine is one prefix count per 4096 pfns of
 * the 2nd bitmap (8 bytes each), charged to the budget; bitmap bytes,
 * descriptors and page data are read from the file when needed.
 * Excluded pfns and incomplete pages (descriptor offset 0, or past the end
 * of a truncated file marked incomplete) read as zeros and are counted in
 * src->unreadable_pages.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sievedump/arch.h"
#include "sievedump/compiler.h"
#include "sievedump/compress.h"
#include "sievedump/cursor.h"
#include "sievedump/io.h"
#include "sievedump/kdump_format.h"
#include "sievedump/source.h"

enum {
	SECT_PFNS = 4096,		/* BITMAP_SECT_LEN */
	SECT_BYTES = SECT_PFNS / 8,
	DESC_SIZE = 24,
	DESC_BATCH = 512,		/* descriptors read with one pread */
	WINDOW = 1 << 20,		/* page data read-ahead */
	SCAN_CHUNK = 64 << 10,		/* bitmap bytes per read when scanning */
	NT_PRSTATUS_ = 1,
	MAX_NOTE = 64 << 20,
};

struct kd_priv {
	int fd;
	uint64_t file_size;
	struct sd_source src;
	struct sd_src_kdump info;
	uint64_t bitmap1_off;
	uint64_t bitmap2_off;
	uint64_t bitmap_len;		/* bytes in each bitmap */
	uint64_t desc_off;
	uint64_t num_dumpable;
	bool incomplete;		/* status & DUMP_DH_COMPRESSED_INCOMPLETE */
	uint64_t *prefix;		/* set bits before each 4096-pfn section */
	size_t n_sect;
	uint8_t sect_bits[SECT_BYTES];	/* cached 2nd bitmap section */
	uint64_t sect_cached;		/* its index, or UINT64_MAX */
	uint8_t *desc;			/* DESC_BATCH descriptors */
	uint8_t *cbuf;			/* one stored page */
	uint8_t *win;			/* WINDOW bytes of page data */
	uint64_t win_off;
	size_t win_len;
	uint8_t *page;			/* last page read by read_phys */
	uint64_t page_pfn;		/* its pfn, or UINT64_MAX */
	size_t bufs_len;		/* bytes charged for desc+cbuf+win+page */
	struct sd_cctx dctx;		/* a decompressor that needs a context */
};

static inline struct kd_priv *
priv_of(const struct sd_source *src)
{
	return src->priv;
}

/* pread exactly @len bytes at @off; a short read names @what and @off. */
static sd_status
kd_pread(struct kd_priv *kp, uint64_t off, void *buf, size_t len,
	 const char *what, struct sd_err *err)
{
	size_t got;
	int e = sd_io_pread(kp->fd, buf, len, off, &got);
	uint64_t at = off + got;

	kp->src.io.bytes += len;
	kp->src.io.preads++;
	if (e)
		return sd_fail_errno(err, e,
				     "%s: %s: reading 0x%zx bytes at offset 0x%" PRIx64,
				     kp->src.path, what, len - got, at);
	if (got < len)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: %s: truncated at offset 0x%" PRIx64
			       " (file is 0x%" PRIx64 " bytes)",
			       kp->src.path, what, at, kp->file_size);
	return SD_OK;
}

/* ---- headers ---- */

static sd_status
parse_main_header(struct kd_priv *kp, const uint8_t *b,
		  struct sd_disk_dump_header *dh, struct sd_err *err)
{
	char what[256];
	struct sd_cursor c;
	const uint8_t *p;
	uint32_t u;
	uint64_t v;
	sd_status st;

	snprintf(what, sizeof(what), "%s: disk_dump_header", kp->src.path);
	sd_cursor_init(&c, b, sizeof(*dh), 0, what);
	memset(dh, 0, sizeof(*dh));
	st = sd_cursor_bytes(&c, SD_KDUMP_SIG_LEN, &p, err);
	if (st)
		return st;
	memcpy(dh->signature, p, SD_KDUMP_SIG_LEN);
	st = sd_cursor_u32(&c, &u, err);
	dh->header_version = (int32_t)u;
	st = st ? st : sd_cursor_bytes(&c, sizeof(dh->utsname), &p, err);
	if (st)
		return st;
	memcpy(&dh->utsname, p, sizeof(dh->utsname));
	st = sd_cursor_seek(&c, 408, err);
	st = st ? st : sd_cursor_u64(&c, &v, err);
	dh->timestamp.tv_sec = (int64_t)v;
	st = st ? st : sd_cursor_u64(&c, &v, err);
	dh->timestamp.tv_usec = (int64_t)v;
	st = st ? st : sd_cursor_u32(&c, &dh->status, err);
	st = st ? st : sd_cursor_u32(&c, &u, err);
	dh->block_size = (int32_t)u;
	st = st ? st : sd_cursor_u32(&c, &u, err);
	dh->sub_hdr_size = (int32_t)u;
	st = st ? st : sd_cursor_u32(&c, &dh->bitmap_blocks, err);
	st = st ? st : sd_cursor_u32(&c, &dh->max_mapnr, err);
	st = st ? st : sd_cursor_u32(&c, &dh->total_ram_blocks, err);
	st = st ? st : sd_cursor_u32(&c, &dh->device_blocks, err);
	st = st ? st : sd_cursor_u32(&c, &dh->written_blocks, err);
	st = st ? st : sd_cursor_u32(&c, &dh->current_cpu, err);
	st = st ? st : sd_cursor_u32(&c, &u, err);
	dh->nr_cpus = (int32_t)u;
	return st;
}

static sd_status
parse_sub_header(struct kd_priv *kp, const uint8_t *b, uint64_t base,
		 struct sd_kdump_sub_header *kh, struct sd_err *err)
{
	char what[256];
	struct sd_cursor c;
	uint32_t u;
	uint64_t v[11];
	sd_status st;
	int i;

	snprintf(what, sizeof(what), "%s: kdump_sub_header", kp->src.path);
	sd_cursor_init(&c, b, sizeof(*kh), base, what);
	memset(kh, 0, sizeof(*kh));
	st = sd_cursor_u64(&c, &kh->phys_base, err);
	st = st ? st : sd_cursor_u32(&c, &u, err);
	kh->dump_level = (int32_t)u;
	st = st ? st : sd_cursor_u32(&c, &u, err);
	kh->split = (int32_t)u;
	for (i = 0; !st && i < 11; i++)
		st = sd_cursor_u64(&c, &v[i], err);
	if (st)
		return st;
	kh->start_pfn = v[0];
	kh->end_pfn = v[1];
	kh->offset_vmcoreinfo = (int64_t)v[2];
	kh->size_vmcoreinfo = v[3];
	kh->offset_note = (int64_t)v[4];
	kh->size_note = v[5];
	kh->offset_eraseinfo = (int64_t)v[6];
	kh->size_eraseinfo = v[7];
	kh->start_pfn_64 = v[8];
	kh->end_pfn_64 = v[9];
	kh->max_mapnr_64 = v[10];
	return SD_OK;
}

/* The geometry the header claims must fit itself and the file. */
static sd_status
check_geometry(struct kd_priv *kp, const struct sd_disk_dump_header *dh,
	       struct sd_err *err)
{
	const char *path = kp->src.path;
	uint64_t bs = (uint64_t)(uint32_t)dh->block_size;
	uint64_t half;

	if (dh->header_version < 1)
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "%s: header_version %d at offset 0x8: header does not have dump_level member",
			       path, dh->header_version);
	if (dh->block_size < 512 || dh->block_size > (1 << 16) ||
	    (bs & (bs - 1)))
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: block_size %d at offset 0x1ac is not a page size",
			       path, dh->block_size);
	if (dh->sub_hdr_size <= 0 || dh->sub_hdr_size > (1 << 20))
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: sub_hdr_size %d at offset 0x1b0 is invalid",
			       path, dh->sub_hdr_size);
	if (!dh->bitmap_blocks || (dh->bitmap_blocks & 1))
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: bitmap_blocks %u at offset 0x1b4 is not a positive even number",
			       path, dh->bitmap_blocks);
	if (dh->nr_cpus < 0)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: nr_cpus %d at offset 0x1cc is negative",
			       path, dh->nr_cpus);
	half = (uint64_t)dh->bitmap_blocks / 2;
	kp->bitmap_len = half * bs;
	kp->bitmap1_off = (SD_KDUMP_HEADER_BLOCKS +
			   (uint64_t)dh->sub_hdr_size) * bs;
	kp->bitmap2_off = kp->bitmap1_off + kp->bitmap_len;
	kp->desc_off = kp->bitmap2_off + kp->bitmap_len;
	if (kp->desc_off > kp->file_size)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: bitmaps end at offset 0x%" PRIx64
			       " past the end of the file (0x%" PRIx64 " bytes)",
			       path, kp->desc_off, kp->file_size);
	if (kp->src.max_mapnr > kp->bitmap_len * 8)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: max_mapnr 0x%" PRIx64 " does not fit bitmaps of 0x%" PRIx64
			       " bytes at offset 0x%" PRIx64,
			       path, kp->src.max_mapnr, kp->bitmap_len,
			       kp->bitmap1_off);
	return SD_OK;
}

/* The note copy (header_version >= 4): verbatim, as the ELF reader keeps it. */
static sd_status
read_notes(struct kd_priv *kp, const struct sd_kdump_sub_header *kh,
	   struct sd_err *err)
{
	struct sd_source *src = &kp->src;
	uint64_t off = (uint64_t)kh->offset_note, len = kh->size_note;
	sd_status st;

	if (kp->info.header_version < 4 || !kh->offset_note || !len)
		return SD_OK;
	if (kh->offset_note < 0 || len > MAX_NOTE || off > kp->file_size ||
	    len > kp->file_size - off)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: note section at offset 0x%" PRIx64 ", size 0x%" PRIx64
			       ": outside the file (0x%" PRIx64 " bytes; sub-header offset 0x%x)",
			       src->path, off, len, kp->file_size,
			       (unsigned)(src->page_size + 48));
	st = sd_balloc(src->budget, (size_t)len, 0, "kdump notes",
		       (void **)&src->notes, err);
	if (st)
		return st;
	src->notes_len = (size_t)len;
	src->notes_offset = off;
	st = kd_pread(kp, off, src->notes, (size_t)len, "note section", err);
	if (st)
		return st;
	/* nr_cpus comes from the header; the notes give VMCOREINFO */
	st = sd_source_scan_notes(src, "note section", false, err);
	return st;
}

/* ---- 2nd bitmap: prefix counts per 4096 pfns ---- */

static uint64_t
count_bits(const uint8_t *p, size_t n)
{
	uint64_t c = 0;
	size_t i = 0;

	for (; i + 8 <= n; i += 8)
		c += (uint64_t)__builtin_popcountll(sd_le64(p + i));
	for (; i < n; i++)
		c += (uint64_t)__builtin_popcount(p[i]);
	return c;
}

/*
 * Scan bitmap @which (1 or 2) over [0, max_mapnr) in chunks, calling @fn
 * for each chunk (bytes of pfns [first, ...), the last byte masked).
 */
typedef sd_status (*chunk_fn)(struct kd_priv *kp, uint64_t first_pfn,
			      const uint8_t *b, size_t n, void *arg,
			      struct sd_err *err);

static sd_status
scan_bitmap(struct kd_priv *kp, int which, chunk_fn fn, void *arg,
	    struct sd_err *err)
{
	uint64_t base = which == 1 ? kp->bitmap1_off : kp->bitmap2_off;
	uint64_t bytes = SD_DIV_ROUND_UP(kp->src.max_mapnr, 8), pos;
	uint8_t *buf = NULL;
	sd_status st;

	st = sd_balloc(kp->src.budget, SCAN_CHUNK, 0, "bitmap scan buffer",
		       (void **)&buf, err);
	if (st)
		return st;
	for (pos = 0; !st && pos < bytes; pos += SCAN_CHUNK) {
		size_t n = (size_t)SD_MIN((uint64_t)SCAN_CHUNK, bytes - pos);

		st = kd_pread(kp, base + pos, buf, n,
			      which == 1 ? "1st bitmap" : "2nd bitmap", err);
		if (st)
			break;
		if (pos + n == bytes && kp->src.max_mapnr % 8)
			buf[n - 1] &= (uint8_t)((1u << (kp->src.max_mapnr % 8)) - 1);
		st = fn(kp, pos * 8, buf, n, arg, err);
	}
	sd_bfree(kp->src.budget, buf, SCAN_CHUNK);
	return st;
}

static sd_status
prefix_chunk(struct kd_priv *kp, uint64_t first_pfn, const uint8_t *b,
	     size_t n, void *arg, struct sd_err *err)
{
	size_t i;

	(void)arg;
	(void)err;
	/* SCAN_CHUNK is a multiple of SECT_BYTES: sections never straddle */
	for (i = 0; i < n; i += SECT_BYTES) {
		size_t s = (size_t)((first_pfn + i * 8) / SECT_PFNS);

		kp->prefix[s] = kp->num_dumpable;
		kp->num_dumpable += count_bits(b + i, SD_MIN((size_t)SECT_BYTES,
							     n - i));
	}
	return SD_OK;
}

static sd_status
build_prefix(struct kd_priv *kp, struct sd_err *err)
{
	size_t bytes;
	sd_status st;

	kp->n_sect = (size_t)SD_DIV_ROUND_UP(kp->src.max_mapnr, SECT_PFNS);
	bytes = (kp->n_sect + 1) * sizeof(*kp->prefix);
	st = sd_balloc(kp->src.budget, bytes, 1, "kdump descriptor prefix table",
		       (void **)&kp->prefix, err);
	if (st)
		return st;
	st = scan_bitmap(kp, 2, prefix_chunk, NULL, err);
	if (st)
		return st;
	kp->prefix[kp->n_sect] = kp->num_dumpable;
	if (kp->num_dumpable > (kp->file_size - kp->desc_off) / DESC_SIZE &&
	    !kp->incomplete)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: descriptor table at offset 0x%" PRIx64
			       " for %" PRIu64 " pages is truncated at offset 0x%" PRIx64,
			       kp->src.path, kp->desc_off, kp->num_dumpable,
			       kp->file_size);
	return SD_OK;
}

/* ---- ranges (1st and 2nd bitmaps as runs) ---- */

struct run_acc {
	struct sd_src_range *r;
	size_t n, cap;
	bool open;
};

static sd_status
push_bit_run(struct kd_priv *kp, struct run_acc *a, uint64_t s, uint64_t e,
	     struct sd_err *err)
{
	sd_status st;

	if (a->n && a->r[a->n - 1].end == s) {
		a->r[a->n - 1].end = e;
		return SD_OK;
	}
	if (a->n == a->cap) {
		size_t nc = a->cap ? a->cap * 2 : 64;

		st = sd_brealloc(kp->src.budget, (void **)&a->r,
				 a->cap * sizeof(*a->r), nc * sizeof(*a->r),
				 "bitmap ranges", err);
		if (st)
			return st;
		a->cap = nc;
	}
	a->r[a->n++] = (struct sd_src_range){ s, e };
	return SD_OK;
}

static sd_status
runs_chunk(struct kd_priv *kp, uint64_t first_pfn, const uint8_t *b,
	   size_t n, void *arg, struct sd_err *err)
{
	struct run_acc *a = arg;
	uint64_t i = 0, nb = (uint64_t)n * 8;
	sd_status st = SD_OK;

	while (!st && i < nb) {
		uint64_t s;

		if (!(i & 7) && b[i / 8] == 0) {
			i += 8;
			continue;
		}
		if (!(b[i / 8] >> (i & 7) & 1)) {
			i++;
			continue;
		}
		s = i;
		while (i < nb && (!(i & 7) && b[i / 8] == 0xff))
			i += 8;
		while (i < nb && (b[i / 8] >> (i & 7) & 1)) {
			i++;
			while (i < nb && !(i & 7) && b[i / 8] == 0xff)
				i += 8;
		}
		st = push_bit_run(kp, a, first_pfn + s, first_pfn + i, err);
	}
	return st;
}

static sd_status
kd_ranges(const struct sd_source *src, bool data, struct sd_src_range **ret,
	  size_t *n_ret, struct sd_err *err)
{
	struct kd_priv *kp = priv_of(src);
	struct run_acc a = { 0 };
	sd_status st;

	st = scan_bitmap(kp, data ? 2 : 1, runs_chunk, &a, err);
	if (st) {
		sd_bfree(src->budget, a.r, a.cap * sizeof(*a.r));
		return st;
	}
	if (!a.r) {	/* callers free n * sizeof: keep a charged 0-byte block */
		st = sd_balloc(src->budget, sizeof(*a.r), 0, "bitmap ranges",
			       (void **)&a.r, err);
		if (st)
			return st;
		a.cap = 1;
	}
	sd_budget_release(src->budget, (a.cap - a.n) * sizeof(*a.r));
	*ret = a.r;
	*n_ret = a.n;
	return SD_OK;
}

/* ---- pages ---- */

static sd_status
load_section(struct kd_priv *kp, uint64_t sect, struct sd_err *err)
{
	if (kp->sect_cached == sect)
		return SD_OK;
	kp->sect_cached = UINT64_MAX;
	if (kd_pread(kp, kp->bitmap2_off + sect * SECT_BYTES, kp->sect_bits,
		     SECT_BYTES, "2nd bitmap", err))
		return SD_ERR_CORRUPT;
	kp->sect_cached = sect;
	return SD_OK;
}

static inline bool
sect_bit(const struct kd_priv *kp, uint64_t pfn)
{
	uint64_t i = pfn % SECT_PFNS;

	return kp->sect_bits[i / 8] >> (i % 8) & 1;
}

/* Descriptor index of @pfn (the number of dumpable pfns below it). */
static uint64_t
desc_index(const struct kd_priv *kp, uint64_t pfn)
{
	uint64_t i = pfn % SECT_PFNS, idx = kp->prefix[pfn / SECT_PFNS];

	idx += count_bits(kp->sect_bits, (size_t)(i / 8));
	if (i % 8)
		idx += (uint64_t)__builtin_popcount(kp->sect_bits[i / 8] &
						    ((1u << (i % 8)) - 1));
	return idx;
}

/* Point *@ret at @len bytes of page data at @off (window or cbuf). */
static sd_status
fetch_data(struct kd_priv *kp, uint64_t off, size_t len, const uint8_t **ret,
	   struct sd_err *err)
{
	sd_status st;

	if (kp->win_len && off >= kp->win_off &&
	    off + len <= kp->win_off + kp->win_len) {
		*ret = kp->win + (off - kp->win_off);
		return SD_OK;
	}
	if (kp->win_len && off < kp->win_off) {	/* e.g. the shared zero page */
		st = kd_pread(kp, off, kp->cbuf, len, "page data", err);
		*ret = kp->cbuf;
		return st;
	}
	kp->win_len = 0;
	kp->win_off = off;
	len = (size_t)SD_MIN((uint64_t)WINDOW, kp->file_size - off);
	st = kd_pread(kp, off, kp->win, len, "page data", err);
	if (st)
		return st;
	kp->win_len = len;
	*ret = kp->win;
	return SD_OK;
}

/*
 * The method of a page: the first compression bit in makedumpfile's order
 * (zlib, lzo, snappy, zstd), other bits ignored, as its reader does; no
 * such bit: stored raw.  *@missing names a method this build lacks.
 */
static const struct sd_compressor_ops *
method_of(uint32_t flags, const char **missing)
{
	static const struct { uint32_t bit; const char *name; } order[] = {
		{ SD_DUMP_DH_COMPRESSED_ZLIB, "zlib" },
		{ SD_DUMP_DH_COMPRESSED_LZO, "lzo" },
		{ SD_DUMP_DH_COMPRESSED_SNAPPY, "snappy" },
		{ SD_DUMP_DH_COMPRESSED_ZSTD, "zstd" },
	};
	size_t i;

	*missing = NULL;
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (flags & order[i].bit) {
			const struct sd_compressor_ops *c =
				sd_compressor_by_flag(order[i].bit);

			if (!c)
				*missing = order[i].name;
			return c;
		}
	return NULL;
}

/*
 * One stored page decompressed to a page; a decompressor that needs a
 * context (snappy: its library is loaded with it) gets one with the first
 * page, charged to the budget, and keeps it until the source closes.
 */
static sd_status
decompress(struct kd_priv *kp, const struct sd_compressor_ops *c,
	   const void *in, size_t len, void *out, struct sd_err *err)
{
	size_t ps = kp->src.page_size;
	sd_status st;

	if (!c->decompress_ctx) {
		st = sd_compressor_check(c, err);
		return st ? st : c->decompress(NULL, in, len, out, ps, err);
	}
	if (kp->dctx.ops != c) {
		sd_cctx_fini(&kp->dctx);
		st = sd_cctx_init(&kp->dctx, c, ps, kp->src.budget, err);
		if (st)
			return st;
	}
	return sd_cctx_decompress(&kp->dctx, in, len, out, ps, err);
}

/*
 * One page from its descriptor.  A descriptor or data that is wrong for
 * this page alone (size, place, data that does not decompress) makes the
 * page unreadable: the writers leave it out and mark the dump, as for an
 * I/O error (doc/corrupt-input.md).
 */
static sd_status
page_from_desc(struct kd_priv *kp, uint64_t pfn, uint64_t idx,
	       const uint8_t *d, uint8_t *out, struct sd_err *err)
{
	uint64_t dpos = kp->desc_off + idx * DESC_SIZE;
	uint64_t off = sd_le64(d);
	uint32_t size = sd_le32(d + 8), flags = sd_le32(d + 12);
	uint32_t ps = kp->src.page_size;
	const struct sd_compressor_ops *c;
	const char *missing;
	const uint8_t *data;
	sd_status st;

	if (!off || (kp->incomplete && (off >= kp->file_size ||
					size > kp->file_size - off))) {
		memset(out, 0, ps);	/* lost when the dump was cut short */
		kp->src.unreadable_pages++;
		return SD_OK;
	}
	c = method_of(flags, &missing);
	if (missing)
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "%s: pfn 0x%" PRIx64 " (descriptor at offset 0x%" PRIx64
			       ") is compressed with %s, which this sievedump was built without",
			       kp->src.path, pfn, dpos, missing);
	if (!size || size > ps || (!c && size != ps))
		return sd_fail(err, SD_ERR_UNREADABLE,
			       "%s: page descriptor of pfn 0x%" PRIx64
			       " at offset 0x%" PRIx64 ": size %u (flags 0x%x)",
			       kp->src.path, pfn, dpos, size, flags);
	if (off < kp->desc_off || off > kp->file_size ||
	    size > kp->file_size - off)
		return sd_fail(err, SD_ERR_UNREADABLE,
			       "%s: page descriptor of pfn 0x%" PRIx64
			       " at offset 0x%" PRIx64 ": data at 0x%" PRIx64
			       "+0x%x is outside the page data (file is 0x%" PRIx64 " bytes)",
			       kp->src.path, pfn, dpos, off, size,
			       kp->file_size);
	st = fetch_data(kp, off, size, &data, err);
	if (st)
		return st;
	if (!c) {
		memcpy(out, data, ps);
		return SD_OK;
	}
	st = decompress(kp, c, data, size, out, err);
	if (st)
		return sd_wrap(err, SD_ERR_UNREADABLE,
			       "%s: pfn 0x%" PRIx64 ": %s data at offset 0x%" PRIx64
			       " (descriptor at offset 0x%" PRIx64 ") does not decompress",
			       kp->src.path, pfn, c->name, off, dpos);
	return SD_OK;
}

/* Pages [pfn, pfn + n) of one section. */
static sd_status
read_section_pages(struct kd_priv *kp, uint64_t pfn, uint64_t n, uint8_t *buf,
		   struct sd_err *err)
{
	uint32_t ps = kp->src.page_size;
	uint64_t idx, have = 0, next = 0, i;
	sd_status st;

	st = load_section(kp, pfn / SECT_PFNS, err);
	if (st)
		return st;
	idx = desc_index(kp, pfn);
	for (i = 0; i < n; i++, buf += ps) {
		uint64_t p = pfn + i;

		if (!sect_bit(kp, p)) {
			memset(buf, 0, ps);
			kp->src.unreadable_pages++;
			continue;
		}
		if (next == have) {	/* refill the descriptor batch */
			uint64_t total = kp->num_dumpable - idx;
			uint64_t avail = kp->file_size > kp->desc_off + idx * DESC_SIZE ?
				(kp->file_size - kp->desc_off) / DESC_SIZE - idx : 0;
			size_t k = (size_t)SD_MIN(SD_MIN(total, avail),
						  (uint64_t)DESC_BATCH);

			if (!k) {	/* table cut off: incomplete dump */
				memset(kp->desc, 0, DESC_SIZE);
				k = 1;
			} else {
				st = kd_pread(kp, kp->desc_off + idx * DESC_SIZE,
					      kp->desc, k * DESC_SIZE,
					      "page descriptor table", err);
				if (st)
					return st;
			}
			have = k;
			next = 0;
		}
		st = page_from_desc(kp, p, idx, kp->desc + next * DESC_SIZE,
				    buf, err);
		if (st)
			return st;
		next++;
		idx++;
	}
	return SD_OK;
}

static sd_status
kd_read_pages(struct sd_source *src, uint64_t pfn, uint64_t n, void *buf,
	      struct sd_err *err)
{
	struct kd_priv *kp = priv_of(src);
	uint8_t *out = buf;
	sd_status st;

	while (n) {
		uint64_t k;

		if (pfn >= src->max_mapnr) {	/* beyond the dump: a hole */
			memset(out, 0, (size_t)(n * src->page_size));
			return SD_OK;
		}
		k = SD_MIN(n, SECT_PFNS - pfn % SECT_PFNS);
		k = SD_MIN(k, src->max_mapnr - pfn);
		st = read_section_pages(kp, pfn, k, out, err);
		if (st)
			return st;
		pfn += k;
		n -= k;
		out += k * src->page_size;
	}
	return SD_OK;
}

static sd_status
kd_read_phys(struct sd_source *src, uint64_t paddr, void *buf, size_t len,
	     struct sd_err *err)
{
	struct kd_priv *kp = priv_of(src);
	uint8_t *out = buf;
	sd_status st;

	while (len) {
		uint64_t pfn = paddr >> src->page_shift;
		size_t in = (size_t)(paddr & (src->page_size - 1));
		size_t n = SD_MIN(len, (size_t)src->page_size - in);

		if (kp->page_pfn != pfn) {
			kp->page_pfn = UINT64_MAX;
			st = kd_read_pages(src, pfn, 1, kp->page, err);
			if (st)
				return st;
			kp->page_pfn = pfn;
		}
		memcpy(out, kp->page + in, n);
		out += n;
		paddr += n;
		len -= n;
	}
	return SD_OK;
}

static void
kd_close(struct sd_source *src)
{
	struct kd_priv *kp;

	if (!src)
		return;
	kp = priv_of(src);
	if (kp->fd >= 0)
		close(kp->fd);
	sd_bfree(src->budget, src->notes, src->notes_len);
	sd_bfree(src->budget, kp->prefix,
		 kp->prefix ? (kp->n_sect + 1) * sizeof(*kp->prefix) : 0);
	sd_bfree(src->budget, kp->desc, kp->desc ? kp->bufs_len : 0);
	sd_cctx_fini(&kp->dctx);
	free(kp);
}

static const struct sd_source_ops kdump_ops = {
	.version = 1,
	.name = "kdump",
	.read_phys = kd_read_phys,
	.read_pages = kd_read_pages,
	.close = kd_close,
	.ranges = kd_ranges,
};

/* One charged block for the descriptor batch, page buffers and window. */
static sd_status
alloc_buffers(struct kd_priv *kp, struct sd_err *err)
{
	size_t ps = kp->src.page_size;
	uint8_t *p;
	sd_status st;

	kp->bufs_len = DESC_BATCH * DESC_SIZE + 2 * ps + WINDOW;
	kp->src.scratch_bytes = SCAN_CHUNK;	/* scan_bitmap's buffer */
	st = sd_balloc(kp->src.budget, kp->bufs_len, 0, "kdump read buffers",
		       (void **)&p, err);
	if (st)
		return st;
	kp->desc = p;
	kp->cbuf = p + DESC_BATCH * DESC_SIZE;
	kp->page = kp->cbuf + ps;
	kp->win = kp->page + ps;
	return SD_OK;
}

/*
 * The format has no ELF machine: the architecture is utsname's; a header
 * whose utsname was left empty (unreadable in the first kernel) is
 * taken as x86_64's, as before arm64 was known.
 */
static uint16_t
machine_of(const struct sd_new_utsname *uts)
{
	char m[SD_UTS_LEN + 1];
	const struct sd_arch_ops *arch;

	memcpy(m, uts->machine, SD_UTS_LEN);
	m[SD_UTS_LEN] = 0;
	if (!m[0])
		return sd_arch_x86_64.elf_machine;
	arch = sd_arch_by_uts(m);
	return arch ? arch->elf_machine : 0;
}

static sd_status
kd_parse(struct kd_priv *kp, struct sd_err *err)
{
	struct sd_source *src = &kp->src;
	uint8_t hb[sizeof(struct sd_disk_dump_header)] = { 0 };
	uint8_t kb[sizeof(struct sd_kdump_sub_header)] = { 0 };
	struct sd_disk_dump_header dh;
	struct sd_kdump_sub_header kh;
	sd_status st;

	if (kp->file_size < SD_KDUMP_SIG_LEN ||
	    kd_pread(kp, 0, hb, SD_KDUMP_SIG_LEN, "signature", err) ||
	    memcmp(hb, SD_KDUMP_SIGNATURE, SD_KDUMP_SIG_LEN))
		return sd_fail(err, SD_NOPROBE, "%s: not a kdump-compressed file",
			       src->path);
	st = kd_pread(kp, 0, hb, sizeof(hb), "disk_dump_header", err);
	st = st ? st : parse_main_header(kp, hb, &dh, err);
	if (st)
		return st;
	if (dh.header_version < 1)
		return check_geometry(kp, &dh, err);
	if (dh.block_size >= 512 && dh.block_size <= (1 << 16)) {
		st = kd_pread(kp, (uint64_t)dh.block_size, kb, sizeof(kb),
			      "kdump_sub_header", err);
		st = st ? st : parse_sub_header(kp, kb, (uint64_t)dh.block_size,
						&kh, err);
		if (st)
			return st;
	} else {
		memset(&kh, 0, sizeof(kh));
	}
	src->page_size = (uint32_t)dh.block_size;
	src->page_shift = dh.block_size > 0 ?
		(uint32_t)__builtin_ctz((unsigned)dh.block_size) : 0;
	src->max_mapnr = dh.header_version >= 6 ? kh.max_mapnr_64 :
						  dh.max_mapnr;
	st = check_geometry(kp, &dh, err);
	if (st)
		return st;
	if (dh.header_version >= 2 && kh.split)
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "%s: a --split part (pfns 0x%" PRIx64 "-0x%" PRIx64
			       ", split flag at offset 0x%x): join the parts with --reassemble first",
			       src->path, kh.start_pfn_64, kh.end_pfn_64,
			       (unsigned)dh.block_size + 12);
	kp->info.header_version = dh.header_version;
	kp->info.dh = dh;
	kp->info.kh = kh;
	kp->info.dump_level = kh.dump_level;
	kp->info.status = dh.status;
	kp->info.tv_sec = dh.timestamp.tv_sec;
	kp->info.tv_usec = dh.timestamp.tv_usec;
	memcpy(kp->info.utsname, &dh.utsname, sizeof(kp->info.utsname));
	if (dh.header_version >= 5)
		kp->info.size_eraseinfo = kh.size_eraseinfo;
	kp->incomplete = dh.status & SD_DUMP_DH_COMPRESSED_INCOMPLETE;
	src->kdump = &kp->info;
	src->has_phys_base = true;
	src->phys_base = kh.phys_base;
	src->nr_cpus = (unsigned)dh.nr_cpus;
	src->machine = machine_of(&dh.utsname);
	st = read_notes(kp, &kh, err);
	st = st ? st : build_prefix(kp, err);
	st = st ? st : alloc_buffers(kp, err);
	return st;
}

sd_status
sd_source_open_kdump(const char *path, const struct sd_source_opts *opts,
		     struct sd_budget *budget, struct sd_source **ret,
		     struct sd_err *err)
{
	struct kd_priv *kp = calloc(1, sizeof(*kp));
	struct stat sb;
	sd_status st;

	(void)opts;	/* always pread: descriptors lead to scattered data */
	if (!kp)
		return sd_fail(err, SD_ERR_NOMEM, "%s: out of memory", path);
	kp->src.ops = &kdump_ops;
	kp->src.path = path;
	kp->src.budget = budget;
	kp->src.priv = kp;
	kp->sect_cached = UINT64_MAX;
	kp->page_pfn = UINT64_MAX;
	kp->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (kp->fd < 0) {
		st = sd_fail_errno(err, errno, "%s: cannot open", path);
	} else if (fstat(kp->fd, &sb)) {
		st = sd_fail_errno(err, errno, "%s: cannot stat", path);
	} else {
		kp->file_size = (uint64_t)sb.st_size;
		st = kd_parse(kp, err);
	}
	if (st) {
		kd_close(&kp->src);
		return st;
	}
	*ret = &kp->src;
	return SD_OK;
}
