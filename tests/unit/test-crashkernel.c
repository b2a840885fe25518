// SPDX-License-Identifier: GPL-2.0-or-later
/* The pieces of the crashkernel= advice: bzImage header, cpio counting,
 * initrd files made of plain and packed pieces, the defaults file, the sum. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#ifdef HAVE_ZSTD
#include <zstd.h>
#endif

#include "sievedump/crashkernel.h"
#include "../lib/tap.h"

enum { HEAD = 16384, ARCHIVE = 65536 };

static void
put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void
put32(unsigned char *p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}

/* A bzImage head as a Debian 6.1 kernel has it. */
static void
make_head(unsigned char *b, unsigned protocol)
{
	static const char rel[] = "6.1.0-50-amd64 (debian-kernel@lists.debian.org) #1 SMP";

	memset(b, 0, HEAD);
	b[0x1f1] = 39;			/* setup_sects */
	put32(b + 0x1f4, 512544);	/* syssize, 16-byte units */
	put16(b + 0x1fe, 0xaa55);
	memcpy(b + 0x202, "HdrS", 4);
	put16(b + 0x206, protocol);
	put16(b + 0x20e, 0x3000);	/* kernel_version - 0x200 */
	memcpy(b + 0x3200, rel, sizeof(rel));
	put32(b + 0x260, 0x3f97000);	/* init_size */
}

static void
test_bzimage(void)
{
	unsigned char b[HEAD];
	struct sd_bzimage bz;
	struct sd_err err = { 0 };

	make_head(b, 0x020f);
	ok(sd_bzimage_parse(b, sizeof(b), &bz, &err) == SD_OK, "bzImage: parsed");
	ok(bz.init_size == 0x3f97000, "bzImage: init_size at 0x260");
	ok(bz.protocol == 0x020f, "bzImage: protocol 2.15");
	ok(bz.setup_bytes == 40 * 512, "bzImage: setup part (setup_sects + 1) sectors");
	ok(bz.payload_bytes == 512544ull * 16, "bzImage: syssize in 16-byte units");
	ok(!strcmp(bz.release, "6.1.0-50-amd64"), "bzImage: release is the first word");
	{	/* an arm64 Image header: image_size at 16, magic at 56 */
		unsigned char a[64] = { 0 };

		a[16] = 0x00; a[17] = 0x10; a[18] = 0x2b; a[19] = 0x02;
		memcpy(a + 56, "ARM\x64", 4);
		ok(sd_bzimage_parse(a, sizeof(a), &bz, &err) == SD_OK &&
		   bz.init_size == 0x22b1000 && bz.release[0] == 0,
		   "arm64 Image: image_size at offset 16");
		a[59] = 0;
		ok(sd_bzimage_parse(a, sizeof(a), &bz, &err) != SD_OK,
		   "arm64 Image: no magic, not a kernel");
	}
	ok(sd_bzimage_parse(b, 0x1000, &bz, &err) == SD_OK && bz.release[0] == 0 &&
	   bz.init_size == 0x3f97000, "bzImage: release outside the head read: empty");
	make_head(b, 0x0209);
	ok(sd_bzimage_parse(b, sizeof(b), &bz, &err) == SD_OK && bz.init_size == 0,
	   "bzImage: protocol 2.09 has no init_size");
	make_head(b, 0x020f);
	memcpy(b + 0x202, "HdrX", 4);
	ok(sd_bzimage_parse(b, sizeof(b), &bz, &err) == SD_ERR_CORRUPT,
	   "bzImage: no HdrS magic is an error");
	ok(strstr(err.msg, "HdrS") != NULL, "bzImage: the error says why");
	make_head(b, 0x020f);
	ok(sd_bzimage_parse(b, 0x200, &bz, &err) == SD_ERR_CORRUPT,
	   "bzImage: a short file is an error");
}

/* Append one newc entry; returns the new length. */
static size_t
cpio_add(unsigned char *a, size_t len, const char *name, uint32_t mode,
	 uint32_t size)
{
	size_t nlen = strlen(name) + 1;
	int n = snprintf((char *)a + len, ARCHIVE - len,
			 "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
			 1u, mode, 0u, 0u, 1u, 0u, size, 0u, 0u, 0u, 0u,
			 (unsigned)nlen, 0u);

	len += (size_t)n;
	memcpy(a + len, name, nlen);
	len += nlen;
	while (len % 4)
		a[len++] = 0;
	memset(a + len, 'x', size);
	len += size;
	while (len % 4)
		a[len++] = 0;
	return len;
}

/* ".", "init" (5000 bytes), "bin/sh" (10 bytes), trailer. */
static size_t
make_archive(unsigned char *a)
{
	size_t len = 0;

	memset(a, 0, ARCHIVE);
	len = cpio_add(a, len, ".", 040755, 0);
	len = cpio_add(a, len, "init", 0100755, 5000);
	len = cpio_add(a, len, "bin/sh", 0100755, 10);
	len = cpio_add(a, len, "TRAILER!!!", 0, 0);
	return len;
}

static const uint64_t ARCHIVE_ROOTFS = 8192 + 4096 + 3 * SD_CPIO_ENTRY_BYTES;

static void
test_cpio(void)
{
	static unsigned char a[ARCHIVE];
	size_t len = make_archive(a), used = 0, i;
	struct sd_cpio_count c;

	sd_cpio_count_init(&c, 4096);
	used = sd_cpio_count_feed(&c, a, len + 16);	/* 16 bytes of padding after */
	ok(c.done && !c.bad, "cpio: the trailer ends the archive");
	ok(used == len, "cpio: stops right after the trailer");
	ok(c.entries == 3, "cpio: three entries without the trailer");
	ok(c.data_bytes == 5010, "cpio: file data counted");
	ok(c.rootfs_bytes == ARCHIVE_ROOTFS, "cpio: whole pages plus an inode each");

	sd_cpio_count_init(&c, 4096);
	for (i = 0; i < len; i++)
		used = sd_cpio_count_feed(&c, a + i, 1);
	ok(c.done && c.entries == 3 && c.rootfs_bytes == ARCHIVE_ROOTFS,
	   "cpio: one byte at a time gives the same count");

	sd_cpio_count_init(&c, 4096);
	a[1] = 'X';
	sd_cpio_count_feed(&c, a, len);
	ok(c.bad && c.entries == 0, "cpio: a bad magic is flagged");
}

static void
test_packing(void)
{
	static const struct {
		const char *bytes;
		enum sd_initrd_packing k;
	} t[] = {
		{ "070701", SD_PACK_CPIO }, { "\x1f\x8b\x08\0\0\0", SD_PACK_GZIP },
		{ "\x28\xb5\x2f\xfd\0\0", SD_PACK_ZSTD },
		{ "\xfd" "7zXZ\0", SD_PACK_XZ }, { "BZh91A", SD_PACK_BZIP2 },
		{ "\x02\x21\x4c\x18\0\0", SD_PACK_LZ4 }, { "hello!", SD_PACK_UNKNOWN },
	};
	unsigned char zero[6] = { 0 };
	size_t i;
	int good = 1;

	for (i = 0; i < SD_ARRAY_SIZE(t); i++)
		good &= sd_initrd_packing((const unsigned char *)t[i].bytes, 6) == t[i].k;
	ok(good, "packing: magic numbers");
	ok(sd_initrd_packing(zero, 6) == SD_PACK_NONE, "packing: zeros are padding");
	ok(!strcmp(sd_initrd_packing_name(SD_PACK_ZSTD), "zstd"), "packing: names");
}

static size_t
gzip_of(const unsigned char *in, size_t len, unsigned char *out, size_t cap)
{
	z_stream z;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return 0;
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	deflate(&z, Z_FINISH);
	deflateEnd(&z);
	return cap - z.avail_out;
}

static int
write_file(const char *path, const unsigned char *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	int good = f && fwrite(p, 1, n, f) == n;

	if (f && fclose(f) != 0)
		good = 0;
	return good;
}

/* early cpio as is + padding + a packed main cpio, like Debian's images */
static void
test_initrd(void)
{
	static unsigned char a[ARCHIVE], img[4 * ARCHIVE];
	char path[] = "/tmp/sd-test-initrd-XXXXXX";
	size_t len = make_archive(a), n;
	struct sd_initrd_size s;
	struct sd_err err = { 0 };
	int fd = mkstemp(path);

	ok(fd >= 0, "initrd: temporary file");
	if (fd < 0)
		return;
	close(fd);
	memcpy(img, a, len);
	n = len + 512;				/* zero padding */
	memset(img + len, 0, 512);
	n += gzip_of(a, len, img + n, sizeof(img) - n);
	ok(write_file(path, img, n), "initrd: written");
	ok(sd_initrd_measure(path, &s, &err) == SD_OK, "initrd: measured (gzip)");
	ok(s.packed_bytes == n, "initrd: packed size is the file");
	ok(s.pieces == 2 && s.packing == SD_PACK_GZIP, "initrd: plain and gzip pieces");
	ok(s.entries == 6 && s.unpacked_bytes == 2 * ARCHIVE_ROOTFS && !s.estimated,
	   "initrd: both archives counted");
#ifdef HAVE_ZSTD
	n = len + ZSTD_compress(img + len, sizeof(img) - len, a, len, 3);
	ok(write_file(path, img, n), "initrd: written (zstd)");
	ok(sd_initrd_measure(path, &s, &err) == SD_OK && s.packing == SD_PACK_ZSTD &&
	   s.entries == 6 && s.unpacked_bytes == 2 * ARCHIVE_ROOTFS,
	   "initrd: zstd piece unpacked and counted");
#endif
	memcpy(img + len, "\xfd" "7zXZ\0", 6);
	memset(img + len + 6, 1, 1000);
	ok(write_file(path, img, len + 1006), "initrd: written (xz)");
	ok(sd_initrd_measure(path, &s, &err) == SD_OK && s.estimated &&
	   s.unpacked_bytes == ARCHIVE_ROOTFS + 1006 * SD_CK_UNPACK_RATIO,
	   "initrd: an xz piece is estimated from its size");
	n = len + gzip_of(a, len, img + len, sizeof(img) - len);
	ok(write_file(path, img, n - 20), "initrd: written (truncated gzip)");
	ok(sd_initrd_measure(path, &s, &err) == SD_ERR_CORRUPT &&
	   strstr(err.msg, path) != NULL, "initrd: a truncated piece is an error naming the file");
	unlink(path);
	ok(sd_initrd_measure(path, &s, &err) == SD_ERR_SYSTEM, "initrd: a missing file is an error");
}

static void
test_defaults(void)
{
	static const char text[] =
		"# KDUMP_KERNEL=/boot/nothing\n"
		"USE_KDUMP=1\n"
		"KDUMP_KERNEL=/var/lib/kdump/vmlinuz\n"
		"  KDUMP_INITRD=\"/var/lib/kdump/initrd.img\"  \n"
		"KDUMP_INITRD_X=/no\n"
		"KDUMP_COREDIR='/var/crash'\n"
		"KDUMP_KERNEL=/boot/vmlinuz-later";
	char v[64];

	ok(sd_ck_defaults_value(text, "KDUMP_INITRD", v, sizeof(v)) &&
	   !strcmp(v, "/var/lib/kdump/initrd.img"), "defaults: quoted value, blanks around");
	ok(sd_ck_defaults_value(text, "KDUMP_KERNEL", v, sizeof(v)) &&
	   !strcmp(v, "/boot/vmlinuz-later"), "defaults: the last assignment wins, comments ignored");
	ok(sd_ck_defaults_value(text, "KDUMP_COREDIR", v, sizeof(v)) &&
	   !strcmp(v, "/var/crash"), "defaults: single quotes");
	ok(!sd_ck_defaults_value(text, "KDUMP_CMDLINE", v, sizeof(v)), "defaults: absent key");
	ok(sd_ck_defaults_value(text, "KDUMP_KERNEL", v, 6) && !strcmp(v, "/boot"),
	   "defaults: cut to the buffer");
}

static void
test_advise(void)
{
	struct sd_ck_input in;
	struct sd_ck_advice a;
	uint64_t sum;

	memset(&in, 0, sizeof(in));
	sd_ck_advise(&in, 10 << 20, &a);
	ok(a.kernel_assumed && a.initrd_assumed, "advice: nothing found, all assumed");
	ok(a.kernel_bytes == SD_CK_ASSUME_KERNEL &&
	   a.initrd_packed == SD_CK_ASSUME_INITRD_PACKED &&
	   a.initrd_unpacked == SD_CK_ASSUME_INITRD_UNPACKED, "advice: the assumed sizes");
	in.kernel_found = in.initrd_found = true;
	in.kernel.init_size = 0x3f97000;
	in.initrd.packed_bytes = 30 << 20;
	in.initrd.unpacked_bytes = 70 << 20;
	sd_ck_advise(&in, 10 << 20, &a);
	sum = a.kernel_bytes + a.initrd_packed + a.initrd_unpacked +
	      a.runtime_bytes + a.plan_bytes + a.margin_bytes;
	ok(!a.kernel_assumed && a.kernel_bytes == 0x3f97000, "advice: init_size is the kernel's part");
	ok(a.total_bytes >= sum && a.total_bytes - sum < SD_CK_STEP &&
	   a.total_bytes % SD_CK_STEP == 0, "advice: the sum rounded up to 16 MiB");
	in.initrd.unpacked_bytes += 64 << 20;
	sd_ck_advise(&in, 10 << 20, &a);
	ok(a.total_bytes >= sum + (64 << 20), "advice: a bigger initrd asks for more");
}

int
main(void)
{
	test_bzimage();
	test_cpio();
	test_packing();
	test_initrd();
	test_defaults();
	test_advise();
	return tap_done();
}
