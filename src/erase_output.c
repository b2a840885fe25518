// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The erase information in the dump, as makedumpfile 1.7.2 writes it
 * (doc/erase-filters.md, "Erase information"): lines "erase EXPR size N"
 * or "erase EXPR nullify" for what one output erased; in a kdump file after
 * the page data, named by the sub-header's offset_eraseinfo and
 * size_eraseinfo (a refiltered input's own lines first); in an ELF file as
 * a note named ERASEINFO after the input's notes, whose size is fixed
 * beforehand from every range of the list.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sievedump/erase.h"
#include "sievedump/job.h"
#include "sievedump/kdump_format.h"
#include "sievedump/options.h"
#include "sievedump/sink.h"
#include "erase_cursor.h"

#define NOTE_NAME "ERASEINFO"
enum { NOTE_NAME_BYTES = sizeof(NOTE_NAME), SIZE_STR_MAX = 32 };

static uint64_t
round4(uint64_t n)
{
	return (n + 3) & ~(uint64_t)3;
}

/*
 * The size part of node @i's slot @j.  A slot that erased nothing (its
 * range's page was left out) repeats the text of the slot before it, as
 * makedumpfile's reused buffer does (doc/erase-filters.md).
 */
static void
size_text(int64_t v, char *size_str)
{
	if (v > 0)
		snprintf(size_str, SIZE_STR_MAX, "size %" PRId64 "\n", v);
	else if (v == -1)
		snprintf(size_str, SIZE_STR_MAX, "nullify\n");
}

/* Put every line of @c's text through @put (NULL: count only). */
static sd_status
each_line(const struct sd_erase *e, const struct sd_erase_cursor *c,
	  sd_status (*put)(void *ctx, const char *s, size_t n, struct sd_err *err),
	  void *ctx, uint64_t *len, struct sd_err *err)
{
	char size_str[SIZE_STR_MAX] = "", line[SIZE_STR_MAX + 16];
	sd_status st = SD_OK;
	size_t i, j;

	*len = 0;
	for (i = 1; !st && i < e->ninfo; i++) {
		const struct sd_erase_info *in = &e->info[i];
		size_t el = strlen(in->expr);

		if (!c->erased[i])
			continue;
		for (j = 0; !st && j < in->num_sizes; j++) {
			size_text(c->sizes[in->first_size + j], size_str);
			*len += 6 + el + 1 + strlen(size_str);
			if (!put)
				continue;
			st = put(ctx, "erase ", 6, err);
			if (!st)
				st = put(ctx, in->expr, el, err);
			snprintf(line, sizeof(line), " %s", size_str);
			if (!st)
				st = put(ctx, line, strlen(line), err);
		}
	}
	return st;
}

struct membuf {
	char *p;
	size_t at;
};

static sd_status
put_mem(void *ctx, const char *s, size_t n, struct sd_err *err)
{
	struct membuf *m = ctx;

	(void)err;
	memcpy(m->p + m->at, s, n);
	m->at += n;
	return SD_OK;
}

sd_status
sd_erase_text(const struct sd_erase *e, uint64_t ks, uint64_t ke, char **out,
	      size_t *len, struct sd_err *err)
{
	const struct sd_erase_cursor *c = sd_erase_cursor_find(e, ks, ke);
	struct membuf m = { NULL, 0 };
	uint64_t n = 0;

	*len = 0;
	if (out)
		*out = NULL;
	if (!c)
		return SD_OK;
	(void)each_line(e, c, NULL, NULL, &n, err);
	*len = (size_t)n;
	if (!out)
		return SD_OK;
	m.p = malloc(n + 1);
	if (!m.p)
		return sd_fail(err, SD_ERR_NOMEM, "erase information: out of memory");
	(void)each_line(e, c, put_mem, &m, &n, err);
	m.p[n] = '\0';
	*out = m.p;
	return SD_OK;
}

uint64_t
sd_erase_elf_size(const struct sd_erase *e)
{
	char size_str[SIZE_STR_MAX];
	uint64_t total = 0;
	size_t i;

	for (i = 0; e && i < e->n; i++) {
		const struct sd_erase_range *r = &e->r[i];

		if (!r->ei)
			continue;
		size_text(r->nullify ? -1 : (int64_t)r->size, size_str);
		total += 6 + strlen(e->info[r->ei].expr) + 1 + strlen(size_str);
	}
	return total;
}

uint64_t
sd_erase_elf_note_grow(const struct sd_erase *e)
{
	uint64_t size = sd_erase_elf_size(e);

	if (!size)
		return 0;
	return sizeof(Elf64_Nhdr) + round4(NOTE_NAME_BYTES) + round4(size);
}

struct cache_put {
	struct sd_sink *sink;
	struct sd_wcache *c;
};

static sd_status
put_cache(void *ctx, const char *s, size_t n, struct sd_err *err)
{
	struct cache_put *cp = ctx;

	return sd_wcache_put(cp->sink, cp->c, s, n, err);
}

/* A refiltered input's erase information, copied as it is. */
static sd_status
copy_input(struct sd_job *job, struct cache_put *cp, uint64_t off,
	   uint64_t size, struct sd_err *err)
{
	const char *path = job->opt->vmcore;
	size_t chunk = cp->c->cache_size ? cp->c->cache_size : 4096, n;
	uint64_t done;
	uint8_t *buf = NULL;
	sd_status st;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return sd_fail_errno(err, errno, "Can't open the dump memory(%s)",
				     path);
	st = sd_balloc(&job->budget, chunk, 0, "erase information copy",
		       (void **)&buf, err);
	for (done = 0; !st && done < size; done += n) {
		ssize_t got;

		n = (size_t)(size - done < chunk ? size - done : chunk);
		got = pread(fd, buf, n, (off_t)(off + done));
		if (got != (ssize_t)n)
			st = got < 0 ? sd_fail_errno(err, errno,
						     "Can't read the dump memory(%s)", path)
				     : sd_fail(err, SD_ERR_CORRUPT,
					       "%s: erase information at offset 0x%" PRIx64 " (%" PRIu64 " bytes) is past the end of the file",
					       path, off, size);
		if (!st)
			st = sd_wcache_put(cp->sink, cp->c, buf, n, err);
	}
	sd_bfree(&job->budget, buf, chunk);
	close(fd);
	return st;
}

sd_status
sd_erase_write_kdump(struct sd_job *job, uint64_t ks, uint64_t ke,
		     struct sd_sink *sink, struct sd_wcache *page,
		     struct sd_kdump_sub_header *kh, struct sd_err *err)
{
	const struct sd_src_kdump *in = job->model.src->kdump;
	const struct sd_erase_cursor *c = sd_erase_cursor_find(job->erase, ks, ke);
	struct cache_put cp = { sink, page };
	uint64_t off = page->offset + page->buf_size, size = 0, mine = 0;
	sd_status st = SD_OK;

	sd_debug(job->log, "Writing erase info...\n");
	if (in && in->kh.size_eraseinfo) {
		size = in->kh.size_eraseinfo;
		st = copy_input(job, &cp, (uint64_t)in->kh.offset_eraseinfo, size,
				err);
	}
	if (!st && c)
		st = each_line(job->erase, c, put_cache, &cp, &mine, err);
	if (!st)
		st = sd_wcache_flush(sink, page, err);
	if (st)
		return st;
	size += mine;
	sd_debug(job->log, "offset_eraseinfo: %" PRIx64 ", size_eraseinfo: %" PRIu64 "\n",
		 off, size);
	if (!size)
		return SD_OK;
	kh->offset_eraseinfo = (int64_t)off;
	kh->size_eraseinfo = size;
	return sd_sink_write(sink, (uint64_t)SD_KDUMP_HEADER_BLOCKS *
			     job->model.src->page_size, kh, sizeof(*kh), err);
}

/* makedumpfile's write_cache_zero: one write of @n zeros at the cache's offset. */
static sd_status
write_zeros(struct sd_job *job, struct sd_sink *sink, struct sd_wcache *c,
	    uint64_t n, struct sd_err *err)
{
	void *z = NULL;
	sd_status st;

	st = sd_balloc(&job->budget, (size_t)n, 1, "erase information padding",
		       &z, err);
	if (!st)
		st = sd_sink_write(sink, c->offset, z, (size_t)n, err);
	if (!st)
		c->offset += n;
	sd_bfree(&job->budget, z, (size_t)n);
	return st;
}

sd_status
sd_erase_write_elf(struct sd_job *job, struct sd_sink *sink,
		   struct sd_wcache *hdr, uint64_t note_off, uint64_t note_len,
		   struct sd_err *err)
{
	const struct sd_erase_cursor *c = sd_erase_cursor_find(job->erase, 0, 0);
	uint64_t size = sd_erase_elf_size(job->erase), written = 0;
	struct cache_put cp = { sink, hdr };
	char name[NOTE_NAME_BYTES + 4];
	Elf64_Nhdr nh;
	sd_status st;

	sd_debug(job->log, "erase info size: %" PRIu64 "\n", size);
	if (!size)
		return SD_OK;
	sd_debug(job->log, "Writing erase info...\n");
	st = sd_wcache_flush(sink, hdr, err);
	if (st)
		return st;
	hdr->offset = note_off + round4(note_len);
	memset(&nh, 0, sizeof(nh));
	nh.n_namesz = NOTE_NAME_BYTES;
	nh.n_descsz = (Elf64_Word)size;
	memset(name, 0, sizeof(name));
	memcpy(name, NOTE_NAME, NOTE_NAME_BYTES);
	st = sd_wcache_put(sink, hdr, &nh, sizeof(nh), err);
	if (!st)
		st = sd_wcache_put(sink, hdr, name, round4(NOTE_NAME_BYTES), err);
	if (!st && c)
		st = each_line(job->erase, c, put_cache, &cp, &written, err);
	if (!st)
		st = sd_wcache_flush(sink, hdr, err);
	if (!st && written < size)
		st = write_zeros(job, sink, hdr, size - written, err);
	sd_debug(job->log, "offset_eraseinfo: %" PRIx64 ", size_eraseinfo: %" PRIu64 "\n",
		 note_off + round4(note_len) + sizeof(nh) + round4(NOTE_NAME_BYTES),
		 size);
	return st;
}
