// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ELF64 core reader: /proc/vmcore in the capture kernel, or a saved ELF
 * vmcore.  The layout and its rules: doc/kernel-model.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "sievedump/io.h"
#include "sievedump/compiler.h"
#include "sievedump/cursor.h"
#include "sievedump/source.h"

enum {
	EHDR_SIZE = 64,
	PHDR_SIZE = 56,
	SHDR_SIZE = 64,
	PT_LOAD_ = 1,
	PT_NOTE_ = 4,
	NT_PRSTATUS_ = 1,
	PN_XNUM_ = 0xffff,
	DEFAULT_WINDOW = 4 << 20,
	MIN_WINDOW = 64 << 10,
	/* CPU notes of 8192 CPUs take about 3 MiB; far more is a lie */
	NOTES_MAX = 64 << 20,
};

struct elf_priv {
	int fd;
	bool use_mmap;
	bool regular;		/* a regular file: never map past its end */
	uint64_t file_size;
	size_t window;		/* mmap window, a multiple of the host page */
	size_t loads_cap;	/* entries allocated in src.loads */
	uint8_t *map;		/* current window, or NULL */
	uint64_t map_off;
	size_t map_len;
	struct sd_src_elf elf;	/* the headers as read (src.elf) */
	struct sd_source src;
};

static inline struct elf_priv *
priv_of(struct sd_source *src)
{
	return src->priv;
}

/*
 * pread all of @len bytes at @off; names the PT_LOAD @li in errors
 * (SIZE_MAX: a read by file offset, sd_source_elf_read).
 */
static sd_status
pread_full(struct sd_source *src, size_t li, uint64_t off, void *buf,
	   size_t len, struct sd_err *err)
{
	struct elf_priv *ep = priv_of(src);
	char what[48] = "";
	size_t got;
	int e = sd_io_pread(ep->fd, buf, len, off, &got);

	src->io.preads++;
	off += got;
	len -= got;
	if (li != SIZE_MAX)
		snprintf(what, sizeof(what), " PT_LOAD %zu:", li);
	if (e) {
		sd_fail_errno(err, e,
			      "%s:%s reading 0x%zx bytes at file offset 0x%llx",
			      src->path, what, len, (unsigned long long)off);
		/* a page the kernel or hypervisor will not give */
		if (e == EIO || e == ENXIO || e == EFAULT)
			err->status = SD_ERR_UNREADABLE;
		return err->status;
	}
	if (len)
		return sd_fail(err, SD_ERR_UNREADABLE,
			       "%s:%s nothing to read at file offset 0x%llx: the file is truncated (it ends at 0x%llx)",
			       src->path, what, (unsigned long long)off,
			       (unsigned long long)ep->file_size);
	return SD_OK;
}

/* Make the window cover @off; returns 0 or -1 (then fall back to pread). */
static int
map_window(struct elf_priv *ep, uint64_t off)
{
	uint64_t start = off - off % ep->window;
	size_t len = ep->window;
	void *m;

	if (ep->map && off >= ep->map_off && off < ep->map_off + ep->map_len)
		return 0;
	if (ep->regular) {
		if (off >= ep->file_size)
			return -1;
		len = (size_t)SD_MIN((uint64_t)len, ep->file_size - start);
	}
	if (ep->map)
		munmap(ep->map, ep->map_len);
	ep->map = NULL;
	m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, ep->fd, (off_t)start);
	if (m == MAP_FAILED)
		return -1;
	ep->src.io.maps++;
	ep->map = m;
	ep->map_off = start;
	ep->map_len = len;
	return 0;
}

/* Read file bytes of PT_LOAD @li, through mmap windows when possible. */
static sd_status
read_file(struct sd_source *src, size_t li, uint64_t off, void *buf,
	  size_t len, struct sd_err *err)
{
	struct elf_priv *ep = priv_of(src);
	uint8_t *p = buf;

	src->io.bytes += len;
	while (len && ep->use_mmap) {
		size_t n;

		if (map_window(ep, off)) {
			/* Past EOF of a regular file: let pread report it. */
			if (!ep->regular || off < ep->file_size)
				ep->use_mmap = false;
			break;
		}
		n = (size_t)SD_MIN((uint64_t)len, ep->map_off + ep->map_len - off);
		memcpy(p, ep->map + (off - ep->map_off), n);
		p += n;
		off += n;
		len -= n;
	}
	return len ? pread_full(src, li, off, p, len, err) : SD_OK;
}

static inline bool
load_has_paddr(const struct sd_src_load *l)
{
	return l->paddr != SD_SRC_NO_PADDR;
}

/*
 * How much of [pa, pa + len) the first matching PT_LOAD serves: *li is the
 * load (or SIZE_MAX for a hole) and the return value the byte count.  The
 * first PT_LOAD whose file-backed range holds @pa wins, as in makedumpfile.
 */
static uint64_t
find_chunk(const struct sd_source *src, uint64_t pa, uint64_t len, size_t *li)
{
	uint64_t limit = len;
	size_t i;

	*li = SIZE_MAX;
	for (i = 0; i < src->n_loads; i++) {
		const struct sd_src_load *l = &src->loads[i];

		if (!load_has_paddr(l) || !l->filesz)
			continue;
		if (pa >= l->paddr && pa - l->paddr < l->filesz) {
			*li = i;
			return SD_MIN(limit, l->filesz - (pa - l->paddr));
		}
		/* An earlier-listed load starting inside the chunk wins there. */
		if (l->paddr > pa && l->paddr - pa < limit)
			limit = l->paddr - pa;
	}
	return limit;
}

static sd_status
elf_read_phys(struct sd_source *src, uint64_t paddr, void *buf, size_t len,
	      struct sd_err *err)
{
	uint8_t *p = buf;

	if (len && paddr + len - 1 < paddr)
		return sd_fail(err, SD_ERR_INVALID,
			       "%s: physical read of 0x%zx bytes at 0x%llx wraps",
			       src->path, len, (unsigned long long)paddr);
	while (len) {
		size_t li;
		uint64_t n = find_chunk(src, paddr, len, &li);
		sd_status st;

		if (li == SIZE_MAX) {
			memset(p, 0, (size_t)n);
		} else {
			const struct sd_src_load *l = &src->loads[li];

			st = read_file(src, li, l->offset + (paddr - l->paddr),
				       p, (size_t)n, err);
			if (st)
				return st;
		}
		p += n;
		paddr += n;
		len -= (size_t)n;
	}
	return SD_OK;
}

static sd_status
elf_read_pages(struct sd_source *src, uint64_t pfn, uint64_t n, void *buf,
	       struct sd_err *err)
{
	uint64_t max = (SIZE_MAX >> src->page_shift);

	if (n > max || pfn > (UINT64_MAX >> src->page_shift) - n)
		return sd_fail(err, SD_ERR_INVALID,
			       "%s: reading %llu pages at pfn 0x%llx: too many",
			       src->path, (unsigned long long)n,
			       (unsigned long long)pfn);
	return elf_read_phys(src, pfn << src->page_shift, buf,
			     (size_t)(n << src->page_shift), err);
}

static void
elf_close(struct sd_source *src)
{
	struct elf_priv *ep = priv_of(src);

	if (ep->map)
		munmap(ep->map, ep->map_len);
	if (ep->fd >= 0)
		close(ep->fd);
	sd_bfree(src->budget, src->loads, ep->loads_cap * sizeof(*src->loads));
	sd_bfree(src->budget, src->notes, src->notes_len);
	sd_bfree(src->budget, ep->elf.phdrs, ep->elf.phnum * PHDR_SIZE);
	free(ep);
}

static const struct sd_source_ops elf_ops = {
	.version = 1,
	.name = "elf",
	.read_phys = elf_read_phys,
	.read_pages = elf_read_pages,
	.close = elf_close,
};

struct ehdr_info {
	uint64_t phoff;
	uint64_t shoff;
	uint32_t phnum;
	uint16_t phentsize;
	uint16_t machine;
};

static sd_status
pread_hdr(struct sd_source *src, uint64_t off, void *buf, size_t len,
	  const char *what, struct sd_err *err)
{
	struct elf_priv *ep = priv_of(src);
	size_t got;
	int e = sd_io_pread(ep->fd, buf, len, off, &got);

	if (e)
		return sd_fail_errno(err, e, "%s: reading %s at 0x%llx",
				     src->path, what, (unsigned long long)off);
	if (got != len)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: %s: short read at 0x%llx (0x%zx of 0x%zx bytes): the file is truncated (it ends at 0x%llx)",
			       src->path, what, (unsigned long long)off,
			       got, len, (unsigned long long)(off + got));
	return SD_OK;
}

static sd_status
check_ident(struct sd_source *src, const uint8_t *b, struct sd_err *err)
{
	if (memcmp(b, "\177ELF", 4))
		return sd_fail(err, SD_NOPROBE, "%s: not an ELF file", src->path);
	if (b[4] != 2)
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "%s: ELF class %u: only ELF64 is supported",
			       src->path, b[4]);
	if (b[5] != 1)
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "%s: big-endian ELF is not supported", src->path);
	return SD_OK;
}

/* Ehdr fields after e_ident; e_phnum == PN_XNUM is resolved later. */
static sd_status
parse_ehdr(struct sd_source *src, const uint8_t *b, struct ehdr_info *h,
	   struct sd_err *err)
{
	struct sd_cursor c;
	uint16_t type, phnum;
	uint32_t version;
	sd_status st;

	st = check_ident(src, b, err);
	if (st)
		return st;
	sd_cursor_init(&c, b, EHDR_SIZE, 0, "ELF header");
	st = sd_cursor_seek(&c, 16, err);
	st = st ? st : sd_cursor_u16(&c, &type, err);
	st = st ? st : sd_cursor_u16(&c, &h->machine, err);
	st = st ? st : sd_cursor_u32(&c, &version, err);
	st = st ? st : sd_cursor_skip(&c, 8, err);	/* e_entry */
	st = st ? st : sd_cursor_u64(&c, &h->phoff, err);
	st = st ? st : sd_cursor_u64(&c, &h->shoff, err);
	st = st ? st : sd_cursor_skip(&c, 6, err);	/* e_flags, e_ehsize */
	st = st ? st : sd_cursor_u16(&c, &h->phentsize, err);
	st = st ? st : sd_cursor_u16(&c, &phnum, err);
	if (st)
		return sd_wrap(err, st, "%s", src->path);
	h->phnum = phnum;
	if (h->phentsize != PHDR_SIZE)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: ELF header: e_phentsize %u, expected %u",
			       src->path, h->phentsize, PHDR_SIZE);
	return SD_OK;
}

/* Extended numbering: the real phnum is sh_info of section header 0. */
static sd_status
resolve_phnum(struct sd_source *src, struct ehdr_info *h, struct sd_err *err)
{
	uint8_t sh[SHDR_SIZE];
	sd_status st;

	if (h->phnum != PN_XNUM_)
		return SD_OK;
	st = pread_hdr(src, h->shoff, sh, sizeof(sh), "section header 0", err);
	if (st)
		return st;
	h->phnum = sd_le32(sh + 44);
	return SD_OK;
}

static void
parse_phdr(const uint8_t *p, uint32_t *type, struct sd_src_load *l)
{
	*type = sd_le32(p);
	l->offset = sd_le64(p + 8);
	l->vaddr = sd_le64(p + 16);
	l->paddr = sd_le64(p + 24);
	l->filesz = sd_le64(p + 32);
	l->memsz = sd_le64(p + 40);
}

/*
 * p_filesz above p_memsz: the bytes past p_memsz describe no memory, so
 * only p_memsz of them are read (as makedumpfile reads them); the first
 * such header is named in a warning.
 */
static void
clamp_filesz(struct sd_source *src, size_t i, uint64_t at,
	     struct sd_src_load *l)
{
	if (l->filesz <= l->memsz)
		return;
	if (!src->warning[0])
		snprintf(src->warning, sizeof(src->warning),
			 "PT_LOAD %zu (program header at offset 0x%llx): p_filesz 0x%llx > p_memsz 0x%llx; the 0x%llx bytes past p_memsz are not read",
			 i, (unsigned long long)at,
			 (unsigned long long)l->filesz,
			 (unsigned long long)l->memsz,
			 (unsigned long long)(l->filesz - l->memsz));
	l->filesz = l->memsz;
}

static sd_status
check_load(const struct sd_source *src, size_t i, const struct sd_src_load *l,
	   struct sd_err *err)
{
	if (l->offset + l->filesz < l->offset ||
	    (load_has_paddr(l) && l->paddr + l->memsz < l->paddr))
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: PT_LOAD %zu: segment wraps the address space",
			       src->path, i);
	return SD_OK;
}

/* Fill src->loads and the PT_NOTE location from the raw phdr table. */
static sd_status
collect_phdrs(struct sd_source *src, const uint8_t *tab, uint32_t phnum,
	      uint64_t phoff, uint64_t *note_off, uint64_t *note_len, struct sd_err *err)
{
	size_t i, n = 0;
	bool have_note = false;
	sd_status st;

	for (i = 0; i < phnum; i++)
		n += sd_le32(tab + i * PHDR_SIZE) == PT_LOAD_;
	if (!n)
		return sd_fail(err, SD_ERR_CORRUPT, "%s: no PT_LOAD program header",
			       src->path);
	st = sd_balloc(src->budget, n * sizeof(*src->loads), 1, "PT_LOAD table",
		       (void **)&src->loads, err);
	if (st)
		return st;
	priv_of(src)->loads_cap = n;
	for (i = 0; i < phnum; i++) {
		struct sd_src_load l;
		uint32_t type;

		parse_phdr(tab + i * PHDR_SIZE, &type, &l);
		if (type == PT_NOTE_) {
			/* Like makedumpfile, the last PT_NOTE wins. */
			have_note = true;
			*note_off = l.offset;
			*note_len = l.filesz;
		}
		if (type != PT_LOAD_)
			continue;
		clamp_filesz(src, src->n_loads, phoff + i * PHDR_SIZE, &l);
		st = check_load(src, src->n_loads, &l, err);
		if (st)
			return st;
		src->loads[src->n_loads++] = l;
	}
	if (!have_note)
		return sd_fail(err, SD_ERR_CORRUPT, "%s: no PT_NOTE program header",
			       src->path);
	return SD_OK;
}

static sd_status
load_phdrs(struct sd_source *src, const struct ehdr_info *h,
	   uint64_t *note_off, uint64_t *note_len, struct sd_err *err)
{
	size_t size = (size_t)h->phnum * PHDR_SIZE;
	uint8_t *tab;
	sd_status st;

	if (!h->phnum)
		return sd_fail(err, SD_ERR_CORRUPT, "%s: no program headers",
			       src->path);
	st = sd_balloc(src->budget, size, 0, "ELF program headers",
		       (void **)&tab, err);
	if (st)
		return st;
	/* kept for the ELF writer, which copies them (src->elf) */
	priv_of(src)->elf.phdrs = tab;
	priv_of(src)->elf.phnum = h->phnum;
	st = pread_hdr(src, h->phoff, tab, size, "program headers", err);
	if (!st)
		st = collect_phdrs(src, tab, h->phnum, h->phoff, note_off, note_len, err);
	return st;
}

static bool
note_name_is(const uint8_t *name, uint32_t namesz, const char *want)
{
	size_t wl = strlen(want);

	return namesz >= wl && !memcmp(name, want, wl) &&
	       (namesz == wl || name[wl] == '\0');
}

/* One note at the cursor: classify it and step over it. */
static sd_status
parse_one_note(struct sd_source *src, struct sd_cursor *c, bool count_cpus,
	       struct sd_err *err)
{
	uint32_t namesz, descsz, type;
	const uint8_t *name = NULL;
	size_t desc_off;
	sd_status st;

	st = sd_cursor_u32(c, &namesz, err);
	st = st ? st : sd_cursor_u32(c, &descsz, err);
	st = st ? st : sd_cursor_u32(c, &type, err);
	st = st ? st : sd_cursor_bytes(c, namesz, &name, err);
	st = st ? st : sd_cursor_align(c, 4, err);
	if (st)
		return st;
	desc_off = c->pos;
	st = sd_cursor_skip(c, descsz, err);
	if (st)
		return st;
	/* The last descriptor may lack its padding at the segment end. */
	if (sd_cursor_align(c, 4, err))
		c->pos = c->len;
	if (count_cpus && note_name_is(name, namesz, "CORE") &&
	    type == NT_PRSTATUS_)
		src->nr_cpus++;
	if (note_name_is(name, namesz, "VMCOREINFO") && type == 0) {
		src->has_vmcoreinfo = true;
		src->vmcoreinfo_off = desc_off;
		src->vmcoreinfo_len = descsz;
	}
	return SD_OK;
}

static sd_status
read_notes(struct sd_source *src, uint64_t off, uint64_t len,
	   struct sd_err *err)
{
	sd_status st;

	struct elf_priv *ep = priv_of(src);

	/* a lying header must not make us read (or allocate) past the file */
	if (ep->regular && (off > ep->file_size || len > ep->file_size - off))
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: PT_NOTE at offset 0x%llx, 0x%llx bytes: short read at 0x%llx: the file is truncated (it ends at 0x%llx) or its program header is wrong",
			       src->path, (unsigned long long)off,
			       (unsigned long long)len,
			       (unsigned long long)SD_MAX(off, ep->file_size),
			       (unsigned long long)ep->file_size);
	if (len > NOTES_MAX)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: PT_NOTE at offset 0x%llx: 0x%llx bytes, more than notes of any kernel take (%u MiB)",
			       src->path, (unsigned long long)off,
			       (unsigned long long)len, NOTES_MAX >> 20);
	st = sd_balloc(src->budget, (size_t)len, 0, "ELF notes",
		       (void **)&src->notes, err);
	if (st)
		return st;
	src->notes_len = (size_t)len;
	src->notes_offset = off;
	st = pread_hdr(src, off, src->notes, (size_t)len, "PT_NOTE", err);
	if (st)
		return st;
	return sd_source_scan_notes(src, "PT_NOTE", true, err);
}

sd_status
sd_source_scan_notes(struct sd_source *src, const char *where,
		     bool count_cpus, struct sd_err *err)
{
	char what[256];
	struct sd_cursor c;
	sd_status st = SD_OK;

	snprintf(what, sizeof(what), "%s: %s", src->path, where);
	sd_cursor_init(&c, src->notes, src->notes_len, src->notes_offset, what);
	while (!st && sd_cursor_left(&c) >= 12)
		st = parse_one_note(src, &c, count_cpus, err);
	return st;
}

static void
compute_max_mapnr(struct sd_source *src)
{
	uint64_t max_paddr = 0, ps = src->page_size;
	size_t i;

	for (i = 0; i < src->n_loads; i++) {
		const struct sd_src_load *l = &src->loads[i];

		if (load_has_paddr(l))
			max_paddr = SD_MAX(max_paddr, l->paddr + l->memsz);
	}
	src->max_mapnr = max_paddr / ps + (max_paddr % ps != 0);
}

sd_status
sd_source_set_page_size(struct sd_source *src, uint32_t page_size,
			struct sd_err *err)
{
	if (page_size < 512 || (page_size & (page_size - 1)))
		return sd_fail(err, SD_ERR_INVALID, "%s: page size %u",
			       src->path, page_size);
	if (src->ops->ranges) {	/* the format fixes its own geometry */
		if (page_size != src->page_size)
			return sd_fail(err, SD_ERR_CORRUPT,
				       "%s: block_size %u differs from PAGESIZE %u in VMCOREINFO",
				       src->path, src->page_size, page_size);
		return SD_OK;
	}
	src->page_size = page_size;
	src->page_shift = (uint32_t)__builtin_ctz(page_size);
	compute_max_mapnr(src);
	return SD_OK;
}

static bool
on_procfs(int fd)
{
	struct statfs fs;

	return !fstatfs(fd, &fs) && fs.f_type == 0x9fa0;	/* PROC_SUPER_MAGIC */
}

static sd_status
elf_setup(struct elf_priv *ep, const struct sd_source_opts *opts,
	  struct sd_err *err)
{
	struct sd_source *src = &ep->src;
	long host_page = sysconf(_SC_PAGESIZE);
	size_t win = opts && opts->window ? opts->window : DEFAULT_WINDOW;
	struct stat sb;

	if (host_page <= 0)
		host_page = 4096;
	win = SD_MAX(win, (size_t)MIN_WINDOW);
	ep->window = SD_ROUND_UP(win, (size_t)host_page);
	ep->use_mmap = !(opts && opts->non_mmap);
	ep->fd = open(src->path, O_RDONLY | O_CLOEXEC);
	if (ep->fd < 0)
		return sd_fail_errno(err, errno, "%s: cannot open", src->path);
	if (fstat(ep->fd, &sb))
		return sd_fail_errno(err, errno, "%s: cannot stat", src->path);
	ep->regular = S_ISREG(sb.st_mode);
	/*
	 * mmap pays on /proc/vmcore (the kernel maps the old memory in large
	 * pieces); on a saved vmcore, and above all on a network or FUSE file,
	 * every 4 KiB fault is a round trip, so large preads win there (a
	 * 256 GiB FUSE machine: 34.7 s with mmap, 6.2 s with pread).
	 */
	if (ep->use_mmap && !on_procfs(ep->fd))
		ep->use_mmap = false;
	src->uses_mmap = ep->use_mmap;
	ep->file_size = (uint64_t)sb.st_size;
	src->page_size = 4096;
	src->page_shift = 12;
	return SD_OK;
}

static sd_status
elf_parse(struct sd_source *src, struct sd_err *err)
{
	uint8_t eh[EHDR_SIZE] = { 0 };
	struct ehdr_info h;
	uint64_t note_off = 0, note_len = 0;
	sd_status st;

	st = pread_hdr(src, 0, eh, sizeof(eh), "ELF header", err);
	if (st == SD_ERR_CORRUPT && memcmp(eh, "\177ELF", 4))
		return sd_fail(err, SD_NOPROBE, "%s: not an ELF file",
			       src->path);
	if (st)
		return st;
	st = parse_ehdr(src, eh, &h, err);
	st = st ? st : resolve_phnum(src, &h, err);
	st = st ? st : load_phdrs(src, &h, &note_off, &note_len, err);
	st = st ? st : read_notes(src, note_off, note_len, err);
	if (st)
		return st;
	src->machine = h.machine;
	memcpy(priv_of(src)->elf.ehdr, eh, sizeof(eh));
	src->elf = &priv_of(src)->elf;
	compute_max_mapnr(src);
	return SD_OK;
}

sd_status
sd_source_elf_read(struct sd_source *src, uint64_t off, void *buf, size_t len,
		   struct sd_err *err)
{
	if (src->ops != &elf_ops)
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "%s: not an ELF input", src->path);
	return read_file(src, SIZE_MAX, off, buf, len, err);
}

sd_status
sd_source_open_elf(const char *path, const struct sd_source_opts *opts,
		   struct sd_budget *budget, struct sd_source **ret,
		   struct sd_err *err)
{
	struct elf_priv *ep = calloc(1, sizeof(*ep));
	sd_status st;

	if (!ep)
		return sd_fail(err, SD_ERR_NOMEM, "%s: out of memory", path);
	ep->fd = -1;
	ep->src.ops = &elf_ops;
	ep->src.path = path;
	ep->src.budget = budget;
	ep->src.priv = ep;
	st = elf_setup(ep, opts, err);
	if (!st)
		st = elf_parse(&ep->src, err);
	if (st) {
		elf_close(&ep->src);
		return st;
	}
	*ret = &ep->src;
	return SD_OK;
}

const char *
sd_source_vmcoreinfo(const struct sd_source *src, size_t *len)
{
	if (!src->has_vmcoreinfo) {
		*len = 0;
		return NULL;
	}
	*len = src->vmcoreinfo_len;
	return (const char *)src->notes + src->vmcoreinfo_off;
}

static int
cmp_range(const void *a, const void *b)
{
	const struct sd_src_range *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

/* Sort and merge overlapping or touching ranges in place; drop empty ones. */
static size_t
merge_ranges(struct sd_src_range *r, size_t n)
{
	size_t i, out = 0;

	qsort(r, n, sizeof(*r), cmp_range);
	for (i = 0; i < n; i++) {
		if (r[i].start >= r[i].end)
			continue;
		if (out && r[i].start <= r[out - 1].end) {
			r[out - 1].end = SD_MAX(r[out - 1].end, r[i].end);
			continue;
		}
		r[out++] = r[i];
	}
	return out;
}

static inline uint64_t
pfn_up(const struct sd_source *src, uint64_t addr)
{
	uint64_t mask = src->page_size - 1;

	return (addr >> src->page_shift) + ((addr & mask) != 0);
}

/* PT_LOAD pfn ranges: present ones, or (@nodata) the no-file-data tails. */
static size_t
load_ranges(const struct sd_source *src, bool round_up, bool nodata,
	    struct sd_src_range *r)
{
	size_t i, n = 0;

	for (i = 0; i < src->n_loads; i++) {
		const struct sd_src_load *l = &src->loads[i];
		uint64_t end = l->paddr + l->memsz;

		if (!load_has_paddr(l))
			continue;
		if (nodata) {
			r[n].start = pfn_up(src, l->paddr + l->filesz);
			r[n].end = pfn_up(src, end);
		} else {
			r[n].start = l->paddr >> src->page_shift;
			r[n].end = round_up ? pfn_up(src, end)
					    : end >> src->page_shift;
		}
		n++;
	}
	return merge_ranges(r, n);
}

sd_status
sd_source_present_ranges(const struct sd_source *src, bool round_up_end,
			 struct sd_src_range **ret, size_t *n_ret,
			 struct sd_err *err)
{
	size_t bytes = SD_MAX(src->n_loads, (size_t)1) * sizeof(**ret);
	struct sd_src_range *r;
	sd_status st;

	if (src->ops->ranges)
		return src->ops->ranges(src, false, ret, n_ret, err);
	st = sd_balloc(src->budget, bytes, 0, "present ranges", (void **)&r,
		       err);
	if (st)
		return st;
	*n_ret = load_ranges(src, round_up_end, false, r);
	/* Give back the unused tail so the caller frees n * sizeof. */
	sd_budget_release(src->budget, bytes - *n_ret * sizeof(*r));
	*ret = r;
	return SD_OK;
}

/* out = a − b, both sorted and merged; out has room for na + nb ranges. */
static size_t
subtract_ranges(const struct sd_src_range *a, size_t na,
		const struct sd_src_range *b, size_t nb,
		struct sd_src_range *out)
{
	size_t i, j = 0, n = 0;

	for (i = 0; i < na; i++) {
		uint64_t s = a[i].start;

		while (j < nb && b[j].end <= s)
			j++;
		for (size_t k = j; k < nb && b[k].start < a[i].end; k++) {
			if (b[k].start > s)
				out[n++] = (struct sd_src_range){ s, b[k].start };
			s = SD_MAX(s, b[k].end);
		}
		if (s < a[i].end)
			out[n++] = (struct sd_src_range){ s, a[i].end };
	}
	return n;
}

sd_status
sd_source_data_ranges(const struct sd_source *src, struct sd_src_range **ret,
		      size_t *n_ret, struct sd_err *err)
{
	size_t nl = SD_MAX(src->n_loads, (size_t)1);
	size_t bytes = 4 * nl * sizeof(**ret);
	struct sd_src_range *tmp, *out;
	size_t np, nn;
	sd_status st;

	if (src->ops->ranges)
		return src->ops->ranges(src, true, ret, n_ret, err);
	st = sd_balloc(src->budget, bytes, 0, "data ranges", (void **)&tmp,
		       err);
	if (st)
		return st;
	np = load_ranges(src, false, false, tmp);
	nn = load_ranges(src, false, true, tmp + nl);
	out = tmp + 2 * nl;
	*n_ret = subtract_ranges(tmp, np, tmp + nl, nn, out);
	memmove(tmp, out, *n_ret * sizeof(*out));
	sd_budget_release(src->budget, bytes - *n_ret * sizeof(*out));
	*ret = tmp;
	return SD_OK;
}

sd_status
sd_source_phys_base_x86_64(const struct sd_source *src, uint64_t *ret)
{
	size_t i;

	if (src->has_phys_base) {
		*ret = src->phys_base;
		return SD_OK;
	}
	for (i = 0; i < src->n_loads; i++) {
		const struct sd_src_load *l = &src->loads[i];

		if (l->vaddr >= SD_X86_64_START_KERNEL_MAP && load_has_paddr(l)) {
			*ret = l->paddr - (l->vaddr - SD_X86_64_START_KERNEL_MAP);
			return SD_OK;
		}
	}
	return SD_ERR_NODATA;
}

sd_status
sd_source_page_offset_x86_64(const struct sd_source *src, uint64_t *ret)
{
	uint64_t off = 0;
	size_t i;

	for (i = 0; i < src->n_loads; i++) {
		const struct sd_src_load *l = &src->loads[i];

		if (l->vaddr && l->vaddr < SD_X86_64_START_KERNEL_MAP &&
		    load_has_paddr(l))
			off = l->vaddr - l->paddr;
	}
	if (!off)
		return SD_ERR_NODATA;
	*ret = off;
	return SD_OK;
}

/* Room for one more PT_LOAD entry. */
static sd_status
grow_loads(struct sd_source *src, struct sd_err *err)
{
	struct elf_priv *ep = priv_of(src);
	size_t cap = ep->loads_cap;
	sd_status st;

	if (src->n_loads < cap)
		return SD_OK;
	st = sd_brealloc(src->budget, (void **)&src->loads,
			 cap * sizeof(*src->loads),
			 (cap + 4) * sizeof(*src->loads), "PT_LOAD table", err);
	if (!st)
		ep->loads_cap = cap + 4;
	return st;
}

/* Drop the first @d bytes of @l. */
static void
cut_head(struct sd_src_load *l, uint64_t d)
{
	l->paddr += d;
	l->vaddr += d;
	l->offset += d;
	l->memsz -= d;
	l->filesz = l->filesz > d ? l->filesz - d : 0;
}

/*
 * vaddr - paddr of the linear map: the PT_LOAD with a physical address
 * and the lowest virtual one is in it on every architecture sievedump
 * dumps (the kernel text lies above the linear map on x86_64 and, since
 * 5.4, on arm64).
 */
static sd_status
linear_offset(const struct sd_source *src, uint64_t *ret)
{
	const struct sd_src_load *low = NULL;
	size_t i;

	for (i = 0; i < src->n_loads; i++) {
		const struct sd_src_load *l = &src->loads[i];

		if (l->vaddr && load_has_paddr(l) && (!low || l->vaddr < low->vaddr))
			low = l;
	}
	if (!low)
		return SD_ERR_NODATA;
	*ret = low->vaddr - low->paddr;
	return SD_OK;
}

sd_status
sd_source_cut_phys(struct sd_source *src, uint64_t start, uint64_t end,
		   struct sd_err *err)
{
	uint64_t po;
	size_t i;
	sd_status st;

	if (src->ops != &elf_ops || linear_offset(src, &po))
		return SD_OK;
	for (i = 0; i < src->n_loads; i++) {
		struct sd_src_load *l = &src->loads[i];
		uint64_t lend = l->paddr + l->memsz;

		if (!load_has_paddr(l) || l->vaddr != l->paddr + po ||
		    end <= l->paddr || start >= lend)
			continue;
		if (start > l->paddr && end < lend) {	/* split in two */
			st = grow_loads(src, err);
			if (st)
				return st;
			l = &src->loads[i];
			memmove(l + 2, l + 1,
				(src->n_loads - i - 1) * sizeof(*l));
			src->n_loads++;
			l[1] = l[0];
			cut_head(&l[1], end - l->paddr);
		}
		if (start > l->paddr) {			/* keep the head */
			l->memsz = start - l->paddr;
			l->filesz = SD_MIN(l->filesz, l->memsz);
		} else if (end < lend) {		/* keep the tail */
			cut_head(l, end - l->paddr);
		} else {				/* nothing left */
			l->memsz = l->filesz = 0;
		}
	}
	compute_max_mapnr(src);
	return SD_OK;
}
