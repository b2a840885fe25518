// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the ELF core reader, on hand-built ELF files. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sievedump/source.h"
#include "../lib/tap.h"


struct tload {
	uint64_t paddr, memsz, filesz, offset, vaddr;
};

/* Order matters: load 3 sits inside load 4, load 5 duplicates a page of 0. */
static const struct tload loads[] = {
	{ 0x100000, 0x10000, 0x10000, 0x2000, 0xffff888000100000ULL },
	{ 0x110000, 0x8800, 0x4000, 0x12000, 0xffff888000110000ULL },
	{ 0x200000, 0x3000, 0x3000, 0x16000, 0xffffffff81000000ULL },
	{ 0x300000, 0x1000, 0x1000, 0x19000, 0xffff888000300000ULL },
	{ 0x2ff000, 0x3000, 0x3000, 0x1a000, 0xffff8880002ff000ULL },
	{ 0x104000, 0x1000, 0x1000, 0x1d000, 0 },
};
#define N_LOADS (sizeof(loads) / sizeof(loads[0]))
#define FILE_SIZE 0x1e000
#define NOTE_OFF 0x1000
#define PHOFF 0x200

static const char vmci_text[] = "OSRELEASE=6.1.0\nPAGESIZE=4096\n";

static uint8_t
fill(size_t li, uint64_t paddr)
{
	return (uint8_t)((paddr >> 4) ^ (paddr >> 12) ^ (li * 0x3b));
}

/* Expected byte at @pa: the first listed load with file data wins. */
static uint8_t
expect_byte(uint64_t pa)
{
	size_t i;

	for (i = 0; i < N_LOADS; i++)
		if (pa >= loads[i].paddr && pa < loads[i].paddr + loads[i].filesz)
			return fill(i, pa);
	return 0;
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void
put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static size_t
add_note(uint8_t *p, const char *name, uint32_t type, const void *desc,
	 uint32_t descsz)
{
	uint32_t namesz = (uint32_t)strlen(name) + 1;
	size_t n = 12;

	put32(p, namesz);
	put32(p + 4, descsz);
	put32(p + 8, type);
	memcpy(p + n, name, namesz);
	n += (namesz + 3) & ~3u;
	memcpy(p + n, desc, descsz);
	return n + ((descsz + 3) & ~3u);
}

static size_t
build_notes(uint8_t *p, size_t *vmci_off)
{
	uint8_t prstatus[336];
	size_t n = 0;

	memset(prstatus, 0x11, sizeof(prstatus));
	n += add_note(p + n, "CORE", 1, prstatus, sizeof(prstatus));
	n += add_note(p + n, "CORE", 3, prstatus, 100);
	n += add_note(p + n, "CORE", 1, prstatus, sizeof(prstatus));
	*vmci_off = n + 12 + 12;
	n += add_note(p + n, "VMCOREINFO", 0, vmci_text, sizeof(vmci_text) - 1);
	return n;
}

struct build_opts {
	int xnum;		/* use PN_XNUM extended numbering */
	int no_note;		/* leave out the PT_NOTE */
	int bad_note;		/* a note whose descsz runs past the segment */
	int class32;
};

static uint8_t g_notes[2048];
static size_t g_notes_len, g_vmci_off;

static void
build_headers(uint8_t *img, const struct build_opts *o)
{
	uint16_t phnum = (uint16_t)(N_LOADS + !o->no_note);
	uint8_t *ph = img + PHOFF;
	size_t i;

	memcpy(img, "\177ELF", 4);
	img[4] = o->class32 ? 1 : 2;
	img[5] = 1;
	img[6] = 1;
	put16(img + 16, 4);		/* ET_CORE */
	put16(img + 18, 62);		/* EM_X86_64 */
	put32(img + 20, 1);
	put64(img + 32, PHOFF);
	put16(img + 52, 64);
	put16(img + 54, 56);
	put16(img + 56, o->xnum ? 0xffff : phnum);
	if (o->xnum) {
		put64(img + 40, 0x600);		/* e_shoff */
		put32(img + 0x600 + 44, phnum);	/* sh_info */
	}
	if (!o->no_note) {
		put32(ph, 4);
		put64(ph + 8, NOTE_OFF);
		put64(ph + 32, g_notes_len);
		put64(ph + 40, g_notes_len);
		ph += 56;
	}
	for (i = 0; i < N_LOADS; i++, ph += 56) {
		put32(ph, 1);
		put32(ph + 4, 7);
		put64(ph + 8, loads[i].offset);
		put64(ph + 16, loads[i].vaddr);
		put64(ph + 24, loads[i].paddr);
		put64(ph + 32, loads[i].filesz);
		put64(ph + 40, loads[i].memsz);
	}
}

static int
build_file(const char *path, const struct build_opts *o)
{
	uint8_t *img = calloc(1, FILE_SIZE);
	size_t i, j;
	int fd, rc;

	g_notes_len = build_notes(g_notes, &g_vmci_off);
	if (o->bad_note)
		put32(g_notes + 4, 0x10000);
	build_headers(img, o);
	memcpy(img + NOTE_OFF, g_notes, g_notes_len);
	for (i = 0; i < N_LOADS; i++)
		for (j = 0; j < loads[i].filesz; j++)
			img[loads[i].offset + j] = fill(i, loads[i].paddr + j);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	rc = fd >= 0 && write(fd, img, FILE_SIZE) == FILE_SIZE ? 0 : -1;
	if (fd >= 0)
		close(fd);
	free(img);
	return rc;
}

static int
check_phys(struct sd_source *src, uint64_t pa, size_t len)
{
	uint8_t *buf = malloc(len);
	struct sd_err err = { 0 };
	size_t i;
	int good = buf && !sd_source_read_phys(src, pa, buf, len, &err);

	for (i = 0; good && i < len; i++)
		good = buf[i] == expect_byte(pa + i);
	if (!good)
		printf("# read 0x%zx at 0x%llx: %s (byte %zu)\n", len,
		       (unsigned long long)pa, err.msg, i);
	free(buf);
	return good;
}

static void
test_headers(struct sd_source *src)
{
	size_t len = 0;
	const char *t = sd_source_vmcoreinfo(src, &len);

	ok(src->n_loads == N_LOADS && src->loads[1].filesz == 0x4000 &&
	   src->loads[1].memsz == 0x8800 && src->loads[4].offset == 0x1a000,
	   "PT_LOADs read at e_phoff");
	ok(src->machine == 62, "e_machine");
	ok(src->nr_cpus == 2, "two CORE/NT_PRSTATUS notes counted");
	ok(src->notes_len == g_notes_len && src->notes_offset == NOTE_OFF &&
	   !memcmp(src->notes, g_notes, g_notes_len), "PT_NOTE kept verbatim");
	ok(src->has_vmcoreinfo && src->vmcoreinfo_off == g_vmci_off && t &&
	   len == sizeof(vmci_text) - 1 && !memcmp(t, vmci_text, len),
	   "VMCOREINFO descriptor located");
	ok(src->max_mapnr == 0x302, "max_mapnr = roundup(max end) / page");
}

static void
test_reads(struct sd_source *src, const char *mode)
{
	char msg[128];
	uint8_t *pages = malloc(0x203 * 4096);
	struct sd_err err = { 0 };
	size_t i;
	int good;

	snprintf(msg, sizeof(msg), "%s: whole range, holes zero-filled", mode);
	ok(check_phys(src, 0xf0000, 0x240000), msg);
	snprintf(msg, sizeof(msg), "%s: straddling loads 0 and 1", mode);
	ok(check_phys(src, 0x10fff0, 0x20), msg);
	snprintf(msg, sizeof(msg), "%s: filesz < memsz tail reads zeros", mode);
	ok(check_phys(src, 0x113ff8, 0x5000), msg);
	snprintf(msg, sizeof(msg), "%s: earlier load inside a later one wins",
		 mode);
	ok(check_phys(src, 0x2fe800, 0x4000), msg);
	snprintf(msg, sizeof(msg), "%s: duplicate page served by first load",
		 mode);
	ok(check_phys(src, 0x104000, 0x1000), msg);
	good = pages && !sd_source_read_pages(src, 0xff, 0x203, pages, &err);
	for (i = 0; good && i < 0x203 * 4096; i++)
		good = pages[i] == expect_byte(0xff000 + i);
	snprintf(msg, sizeof(msg), "%s: read_pages of 0x203 pages", mode);
	ok(good, msg);
	free(pages);
}

static void
test_ranges(struct sd_source *src, struct sd_budget *b)
{
	struct sd_err err = { 0 };
	struct sd_src_range *r = NULL;
	size_t n = 0;
	uint64_t v = 0;

	ok(!sd_source_present_ranges(src, false, &r, &n, &err) && n == 3 &&
	   r[0].start == 0x100 && r[0].end == 0x118 && r[1].start == 0x200 &&
	   r[1].end == 0x203 && r[2].start == 0x2ff && r[2].end == 0x302,
	   "present ranges merged, partial end page dropped");
	sd_bfree(b, r, n * sizeof(*r));
	ok(!sd_source_present_ranges(src, true, &r, &n, &err) && n == 3 &&
	   r[0].end == 0x119, "present ranges with the round-up quirk");
	sd_bfree(b, r, n * sizeof(*r));
	ok(!sd_source_data_ranges(src, &r, &n, &err) && n == 3 &&
	   r[0].start == 0x100 && r[0].end == 0x114 && r[1].start == 0x200,
	   "data ranges drop the filesz < memsz tail");
	sd_bfree(b, r, n * sizeof(*r));
	ok(!sd_source_phys_base_x86_64(src, &v) &&
	   v == (uint64_t)0x200000 - 0x1000000, "phys_base from kernel text load");
	ok(!sd_source_page_offset_x86_64(src, &v) &&
	   v == 0xffff888000000000ULL, "page_offset from last direct-map load");
}

static sd_status
try_open(const char *path, const struct build_opts *o, struct sd_err *err)
{
	struct sd_budget b;
	struct sd_source *src = NULL;
	sd_status st;

	sd_budget_init(&b, 0);
	if (o && build_file(path, o))
		return sd_fail(err, SD_ERR_SYSTEM, "cannot build %s", path);
	st = sd_source_open_elf(path, NULL, &b, &src, err);
	if (!st)
		sd_source_close(src);
	if (b.used)
		return sd_fail(err, SD_ERR_NOMEM, "budget leak: %llu bytes",
			       (unsigned long long)b.used);
	return st;
}

static void
test_bad_files(const char *dir)
{
	char path[4096];
	struct build_opts o = { 0 };
	struct sd_err err = { 0 };
	int fd;

	snprintf(path, sizeof(path), "%s/bad", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0) {
		ok(write(fd, "#!/bin/sh\n", 10) == 10, "write text file");
		close(fd);
	}
	ok(try_open(path, NULL, &err) == SD_NOPROBE, "text file: not ELF");
	o.class32 = 1;
	ok(try_open(path, &o, &err) == SD_ERR_UNSUPPORTED, "ELF32 refused");
	o.class32 = 0;
	o.no_note = 1;
	ok(try_open(path, &o, &err) == SD_ERR_CORRUPT &&
	   strstr(err.msg, "no PT_NOTE"), "missing PT_NOTE");
	o.no_note = 0;
	o.bad_note = 1;
	ok(try_open(path, &o, &err) == SD_ERR_CORRUPT &&
	   strstr(err.msg, "PT_NOTE: truncated at offset 0x1014"),
	   "note running past its segment: offset named");
	if (!strstr(err.msg, "0x1014"))
		printf("# %s\n", err.msg);
	o.bad_note = 0;
	o.xnum = 1;
	ok(try_open(path, &o, &err) == SD_OK, "PN_XNUM extended numbering");
	ok(try_open("/nonexistent/vmcore", NULL, &err) == SD_ERR_SYSTEM &&
	   strstr(err.msg, "/nonexistent/vmcore: cannot open"), "missing file");
}

static void
test_truncated(const char *path, int non_mmap)
{
	struct sd_source_opts opts = { .non_mmap = non_mmap, .window = 65536 };
	struct sd_budget b;
	struct sd_source *src = NULL;
	struct sd_err err = { 0 };
	uint8_t buf[0x2000];

	sd_budget_init(&b, 0);
	if (truncate(path, 0x17800) || sd_source_open_elf(path, &opts, &b, &src,
							  &err)) {
		ok(0, "open truncated file");
		return;
	}
	ok(!sd_source_read_phys(src, 0x200000, buf, 0x1000, &err),
	   "truncated: data before EOF reads");
	ok(sd_source_read_phys(src, 0x200000, buf, 0x2000, &err) ==
	   SD_ERR_UNREADABLE && strstr(err.msg, ": PT_LOAD 2: nothing to read at file offset 0x17800: the file is truncated (it ends at 0x17800)"),
	   non_mmap ? "truncated (pread): short read names load and offset"
		    : "truncated (mmap): short read names load and offset");
	sd_source_close(src);
}

static void
test_budget(const char *path)
{
	struct sd_budget b;
	struct sd_source *src = NULL;
	struct sd_err err = { 0 };

	sd_budget_init(&b, 100);
	ok(sd_source_open_elf(path, NULL, &b, &src, &err) == SD_ERR_BUDGET &&
	   b.used == 0, "budget too small: clean failure");
}

int
main(void)
{
	char dir[] = "/tmp/sd-test-read-elf-XXXXXX", path[4096];
	struct build_opts o = { 0 };
	struct sd_source_opts opts[2] = { { .window = 65536 },
					  { .non_mmap = 1 } };
	const char *modes[2] = { "mmap 64 KiB window", "pread" };
	int m;

	if (!mkdtemp(dir))
		return 99;
	snprintf(path, sizeof(path), "%s/vmcore", dir);
	if (build_file(path, &o))
		return 99;
	for (m = 0; m < 2; m++) {
		struct sd_budget b;
		struct sd_source *src = NULL;
		struct sd_err err = { 0 };

		sd_budget_init(&b, 0);
		ok(!sd_source_open_elf(path, &opts[m], &b, &src, &err), modes[m]);
		if (!src) {
			printf("# %s\n", err.msg);
			continue;
		}
		test_headers(src);
		test_reads(src, modes[m]);
		test_ranges(src, &b);
		sd_source_close(src);
		ok(b.used == 0, "budget balanced after close");
	}
	test_budget(path);
	test_truncated(path, 0);
	build_file(path, &o);
	test_truncated(path, 1);
	test_bad_files(dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/bad", dir);
	unlink(path);
	rmdir(dir);
	printf("1..%d\n", n_test);
	return n_fail ? 1 : 0;
}
