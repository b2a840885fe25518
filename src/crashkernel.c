// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * crashkernel= advice from the files kdump will really load: the capture
 * kernel's header (x86 bzImage init_size, arm64 Image image_size), the initrd's packed and unpacked
 * sizes, the measured runtime of a capture kernel, the dump plan and a
 * margin.  Small files only: fixed buffers, no budget accounting needed.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <zlib.h>
#ifdef HAVE_ZSTD
#include <zstd.h>
#endif

#include "sievedump/crashkernel.h"

enum {
	/* x86 boot protocol (Documentation/arch/x86/boot.rst): offsets in
	 * the real-mode header of a bzImage */
	BZ_SETUP_SECTS = 0x1f1,
	BZ_SYSSIZE = 0x1f4,
	BZ_BOOT_FLAG = 0x1fe,		/* 0xaa55 */
	BZ_HEADER = 0x202,		/* "HdrS" */
	BZ_VERSION = 0x206,
	BZ_KERNEL_VERSION = 0x20e,	/* string at this value + 0x200 */
	BZ_INIT_SIZE = 0x260,		/* protocol 2.10+ */
	BZ_HEAD_BYTES = 65536,		/* setup part with the release string */
	/* arm64 Image header (Documentation/arch/arm64/booting.rst) */
	ARM64_IMAGE_SIZE = 16,		/* le64: bytes from the load address */
	ARM64_MAGIC = 56,		/* "ARM\x64" */
	/*
	 * The capture kernel's own runtime with nr_cpus=1 besides its image
	 * and initrd: MemTotal - MemAvailable early in a Debian 12 capture
	 * kernel booted by kdump-tools (systemd, udev, journald, slab, page
	 * tables).  Measured in tests/qemu/crashkernel-results.md.
	 */
	CK_RUNTIME = 48 << 20,
	CK_MARGIN = 16 << 20,
	READ_CHUNK = 64 << 10,
	PAGE = 4096,
};

static uint16_t
le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* The first word of the kernel_version string, if it lies in the buffer. */
static void
bz_release(const unsigned char *buf, size_t len, struct sd_bzimage *bz)
{
	size_t at = (size_t)le16(buf + BZ_KERNEL_VERSION) + 0x200, i;

	bz->release[0] = '\0';
	if (le16(buf + BZ_KERNEL_VERSION) == 0 || at >= len)
		return;
	for (i = 0; i + 1 < sizeof(bz->release) && at + i < len; i++) {
		unsigned char c = buf[at + i];

		if (!isgraph(c))
			break;
		bz->release[i] = (char)c;
	}
	bz->release[i] = '\0';
}

/* An arm64 Image: its image_size is what the capture kernel takes. */
static bool
arm64_image(const unsigned char *buf, size_t len, struct sd_bzimage *bz)
{
	uint64_t size;

	if (len < ARM64_MAGIC + 4 || memcmp(buf + ARM64_MAGIC, "ARM\x64", 4))
		return false;
	size = (uint64_t)le32(buf + ARM64_IMAGE_SIZE) |
	       (uint64_t)le32(buf + ARM64_IMAGE_SIZE + 4) << 32;
	bz->init_size = size > UINT32_MAX ? UINT32_MAX : (uint32_t)size;
	bz->payload_bytes = size;
	return true;
}

sd_status
sd_bzimage_parse(const unsigned char *buf, size_t len, struct sd_bzimage *bz,
		 struct sd_err *err)
{
	unsigned sects;

	memset(bz, 0, sizeof(*bz));
	if (arm64_image(buf, len, bz))
		return SD_OK;
	if (len < BZ_INIT_SIZE + 4)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "bzImage: %zu bytes, too short for a setup header", len);
	if (le16(buf + BZ_BOOT_FLAG) != 0xaa55 ||
	    memcmp(buf + BZ_HEADER, "HdrS", 4) != 0)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "bzImage: no boot-protocol header (no HdrS magic)");
	bz->protocol = le16(buf + BZ_VERSION);
	sects = buf[BZ_SETUP_SECTS] ? buf[BZ_SETUP_SECTS] : 4;
	bz->setup_bytes = (sects + 1) * 512;
	bz->payload_bytes = (uint64_t)le32(buf + BZ_SYSSIZE) * 16;
	if (bz->protocol >= 0x020a)
		bz->init_size = le32(buf + BZ_INIT_SIZE);
	bz_release(buf, len, bz);
	return SD_OK;
}

enum sd_initrd_packing
sd_initrd_packing(const unsigned char *p, size_t n)
{
	static const struct {
		enum sd_initrd_packing kind;
		size_t len;
		const char *magic;
	} magic[] = {
		{ SD_PACK_CPIO, 6, "070701" },
		{ SD_PACK_CPIO, 6, "070702" },
		{ SD_PACK_GZIP, 2, "\x1f\x8b" },
		{ SD_PACK_GZIP, 2, "\x1f\x9e" },
		{ SD_PACK_ZSTD, 4, "\x28\xb5\x2f\xfd" },
		{ SD_PACK_XZ, 6, "\xfd" "7zXZ\0" },
		{ SD_PACK_LZMA, 3, "\x5d\0\0" },
		{ SD_PACK_LZ4, 4, "\x02\x21\x4c\x18" },
		{ SD_PACK_BZIP2, 3, "BZh" },
		{ SD_PACK_LZO, 4, "\x89LZO" },
	};
	size_t i;

	if (n && p[0] == 0)
		return SD_PACK_NONE;
	for (i = 0; i < SD_ARRAY_SIZE(magic); i++)
		if (n >= magic[i].len && !memcmp(p, magic[i].magic, magic[i].len))
			return magic[i].kind;
	return SD_PACK_UNKNOWN;
}

const char *
sd_initrd_packing_name(enum sd_initrd_packing k)
{
	static const char *const names[] = {
		"padding", "cpio", "gzip", "zstd", "xz", "lzma", "lz4",
		"bzip2", "lzo", "unknown",
	};

	return (unsigned)k < SD_ARRAY_SIZE(names) ? names[k] : "unknown";
}

/* ---- the cpio counter -------------------------------------------------- */

void
sd_cpio_count_init(struct sd_cpio_count *c, uint32_t page_size)
{
	memset(c, 0, sizeof(*c));
	c->page_size = page_size ? page_size : PAGE;
}

static bool
hex8(const unsigned char *p, uint32_t *ret)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 8; i++) {
		int d = isdigit(p[i]) ? p[i] - '0' :
			isxdigit(p[i]) ? tolower(p[i]) - 'a' + 10 : -1;

		if (d < 0)
			return false;
		v = v << 4 | (uint32_t)d;
	}
	*ret = v;
	return true;
}

static uint64_t
pad4(uint64_t off)
{
	return (4 - off % 4) % 4;
}

/* A complete header: count the entry, set how much to skip after it. */
static void
cpio_header(struct sd_cpio_count *c)
{
	uint32_t filesize, namesize;

	if (memcmp(c->hdr, "07070", 5) != 0 ||
	    (c->hdr[5] != '1' && c->hdr[5] != '2') ||
	    !hex8(c->hdr + 54, &filesize) || !hex8(c->hdr + 94, &namesize)) {
		c->bad = true;
		return;
	}
	c->namesize = namesize;
	c->name_have = 0;
	c->offset += SD_CPIO_HEADER;
	/* name, pad to 4, data, pad to 4 */
	c->skip = namesize + pad4(c->offset + namesize);
	c->skip += filesize + pad4(c->offset + c->skip + filesize);
	c->data_bytes += filesize;
	c->rootfs_bytes += SD_ROUND_UP((uint64_t)filesize, c->page_size) +
			   SD_CPIO_ENTRY_BYTES;
	c->entries++;
}

/* The start of the name tells the trailer, which ends the archive. */
static void
cpio_name(struct sd_cpio_count *c, const unsigned char *p, size_t n)
{
	size_t want = SD_MIN((size_t)c->namesize, sizeof(c->name));

	if (c->name_have >= want)
		return;
	while (c->name_have < want && n) {
		c->name[c->name_have++] = (char)*p++;
		n--;
	}
	if (c->name_have == want && c->namesize == sizeof("TRAILER!!!") &&
	    !memcmp(c->name, "TRAILER!!!", sizeof("TRAILER!!!"))) {
		c->done = true;
		c->entries--;
		c->rootfs_bytes -= SD_CPIO_ENTRY_BYTES;
	}
}

size_t
sd_cpio_count_feed(struct sd_cpio_count *c, const unsigned char *p, size_t n)
{
	size_t used = 0;

	while (used < n && !c->bad) {
		if (c->skip) {
			size_t k = (size_t)SD_MIN((uint64_t)(n - used), c->skip);

			if (c->name_have < sizeof(c->name))
				cpio_name(c, p + used, k);
			c->skip -= k;
			c->offset += k;
			used += k;
			if (!c->skip && c->done)
				break;
			continue;
		}
		if (c->done)
			break;
		while (c->have < SD_CPIO_HEADER && used < n)
			c->hdr[c->have++] = p[used++];
		if (c->have == SD_CPIO_HEADER) {
			c->have = 0;
			cpio_header(c);
		}
	}
	return used;
}

/* ---- the initrd file ---------------------------------------------------- */

/* A buffered reader over the file. */
struct in_file {
	FILE *f;
	unsigned char buf[READ_CHUNK];
	size_t pos, len;
	bool eof;
};

static bool
in_fill(struct in_file *in)
{
	if (in->pos < in->len)
		return true;
	if (in->eof)
		return false;
	in->pos = 0;
	in->len = fread(in->buf, 1, sizeof(in->buf), in->f);
	if (in->len < sizeof(in->buf))
		in->eof = true;
	return in->len > 0;
}

/* The first bytes of the next piece, at least @want if the file has them. */
static size_t
in_peek(struct in_file *in, size_t want)
{
	if (in->len - in->pos < want && !in->eof) {
		memmove(in->buf, in->buf + in->pos, in->len - in->pos);
		in->len -= in->pos;
		in->pos = 0;
		in->len += fread(in->buf + in->len, 1, sizeof(in->buf) - in->len,
				 in->f);
		if (in->len < sizeof(in->buf))
			in->eof = true;
	}
	return in->len - in->pos;
}

static void
add_count(struct sd_initrd_size *s, const struct sd_cpio_count *c)
{
	s->unpacked_bytes += c->rootfs_bytes;
	s->data_bytes += c->data_bytes;
	s->entries += c->entries;
}

/* A cpio archive stored as is. */
static void
piece_cpio(struct in_file *in, struct sd_initrd_size *s)
{
	struct sd_cpio_count c;

	sd_cpio_count_init(&c, PAGE);
	while (!c.done && !c.bad && in_fill(in))
		in->pos += sd_cpio_count_feed(&c, in->buf + in->pos,
					      in->len - in->pos);
	add_count(s, &c);
}

/* Feed unpacked bytes to the counter; a new archive may follow a trailer
 * inside the same compressed stream (the kernel allows that). */
static void
count_out(struct sd_cpio_count *c, struct sd_initrd_size *s,
	  const unsigned char *p, size_t n)
{
	while (n) {
		size_t k;

		if (c->done) {
			if (*p == 0) {	/* padding between archives */
				p++;
				n--;
				continue;
			}
			add_count(s, c);
			sd_cpio_count_init(c, PAGE);
		}
		if (c->bad)
			return;
		k = sd_cpio_count_feed(c, p, n);
		p += k;
		n -= k;
	}
}

static sd_status
piece_gzip(struct in_file *in, struct sd_initrd_size *s, struct sd_err *err)
{
	unsigned char out[READ_CHUNK];
	struct sd_cpio_count c;
	z_stream z;
	int rc = Z_OK;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return sd_fail(err, SD_ERR_NOMEM, "initrd: inflateInit2 failed");
	sd_cpio_count_init(&c, PAGE);
	while (rc != Z_STREAM_END && in_fill(in)) {
		z.next_in = in->buf + in->pos;
		z.avail_in = (uInt)(in->len - in->pos);
		do {
			z.next_out = out;
			z.avail_out = sizeof(out);
			rc = inflate(&z, Z_NO_FLUSH);
			if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
				break;
			count_out(&c, s, out, sizeof(out) - z.avail_out);
		} while (z.avail_in && rc == Z_OK);
		in->pos = in->len - z.avail_in;
		if (rc != Z_OK && rc != Z_STREAM_END)
			break;
	}
	inflateEnd(&z);
	add_count(s, &c);
	if (rc != Z_STREAM_END)
		return sd_fail(err, SD_ERR_CORRUPT, "initrd: gzip piece: %s",
			       z.msg ? z.msg : "truncated");
	return SD_OK;
}

#ifdef HAVE_ZSTD
static sd_status
piece_zstd(struct in_file *in, struct sd_initrd_size *s, struct sd_err *err)
{
	unsigned char out[READ_CHUNK];
	struct sd_cpio_count c;
	ZSTD_DStream *z = ZSTD_createDStream();
	size_t rc = 1;

	if (!z)
		return sd_fail(err, SD_ERR_NOMEM, "initrd: ZSTD_createDStream failed");
	sd_cpio_count_init(&c, PAGE);
	while (rc != 0 && in_fill(in)) {
		ZSTD_inBuffer ib = { in->buf, in->len, in->pos };

		while (ib.pos < ib.size && rc != 0) {
			ZSTD_outBuffer ob = { out, sizeof(out), 0 };

			rc = ZSTD_decompressStream(z, &ob, &ib);
			if (ZSTD_isError(rc))
				break;
			count_out(&c, s, out, ob.pos);
		}
		in->pos = ib.pos;
		if (ZSTD_isError(rc))
			break;
	}
	ZSTD_freeDStream(z);
	add_count(s, &c);
	if (rc != 0)
		return sd_fail(err, SD_ERR_CORRUPT, "initrd: zstd piece: %s",
			       ZSTD_isError(rc) ? ZSTD_getErrorName(rc) : "truncated");
	return SD_OK;
}
#endif

/* Pieces we cannot unpack: the rest of the file, at a typical ratio. */
static void
piece_rest(struct in_file *in, struct sd_initrd_size *s, uint64_t file_bytes,
	   uint64_t at)
{
	s->unpacked_bytes += (file_bytes - at) * SD_CK_UNPACK_RATIO;
	s->estimated = true;
	in->pos = in->len;
	in->eof = true;
}

/* Offset in the file of the reader's position. */
static uint64_t
in_offset(struct in_file *in)
{
	return (uint64_t)ftello(in->f) - (in->len - in->pos);
}

static sd_status
measure_pieces(struct in_file *in, struct sd_initrd_size *s,
	       struct sd_err *err)
{
	sd_status st = SD_OK;

	while (!st && in_peek(in, 8)) {
		size_t n = in->len - in->pos;
		enum sd_initrd_packing k = sd_initrd_packing(in->buf + in->pos, n);

		if (k == SD_PACK_NONE) {
			in->pos++;
			continue;
		}
		s->pieces++;
		s->packing = k;
		if (k == SD_PACK_CPIO)
			piece_cpio(in, s);
		else if (k == SD_PACK_GZIP)
			st = piece_gzip(in, s, err);
#ifdef HAVE_ZSTD
		else if (k == SD_PACK_ZSTD)
			st = piece_zstd(in, s, err);
#endif
		else
			piece_rest(in, s, s->packed_bytes, in_offset(in));
	}
	return st;
}

sd_status
sd_initrd_measure(const char *path, struct sd_initrd_size *s,
		  struct sd_err *err)
{
	struct in_file file, *in = &file;
	struct stat sb;
	sd_status st;

	memset(s, 0, sizeof(*s));
	memset(in, 0, sizeof(*in));
	in->f = fopen(path, "rb");
	if (!in->f)
		return sd_fail_errno(err, errno, "%s", path);
	if (fstat(fileno(in->f), &sb) != 0) {
		st = sd_fail_errno(err, errno, "%s", path);
		fclose(in->f);
		return st;
	}
	s->packed_bytes = (uint64_t)sb.st_size;
	st = measure_pieces(in, s, err);
	fclose(in->f);
	return st ? sd_wrap(err, st, "%s", path) : SD_OK;
}

/* ---- where kdump's files are ------------------------------------------- */

bool
sd_ck_defaults_value(const char *text, const char *key, char *out,
		     size_t outlen)
{
	size_t klen = strlen(key);
	const char *line = text;
	bool found = false;

	while (line && *line) {
		const char *p = line, *end = strchr(line, '\n');
		size_t n;

		line = end ? end + 1 : NULL;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, key, klen) != 0 || p[klen] != '=')
			continue;
		p += klen + 1;
		n = end ? (size_t)(end - p) : strlen(p);
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' ||
			     p[n - 1] == '\r'))
			n--;
		if (n >= 2 && (p[0] == '"' || p[0] == '\'') && p[n - 1] == p[0]) {
			p++;
			n -= 2;
		}
		if (n >= outlen)
			n = outlen - 1;
		memcpy(out, p, n);
		out[n] = '\0';
		found = n > 0;
	}
	return found;
}

static bool
read_small(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return false;
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
	return true;
}

static bool
exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

static void
load_kernel(struct sd_ck_input *ck)
{
	unsigned char head[BZ_HEAD_BYTES];
	struct sd_err err = { 0 };
	struct stat sb;
	FILE *f = fopen(ck->kernel_path, "rb");
	size_t n;

	if (!f)
		return;
	n = fread(head, 1, sizeof(head), f);
	if (fstat(fileno(f), &sb) == 0)
		ck->kernel_file_bytes = (uint64_t)sb.st_size;
	fclose(f);
	ck->kernel_found = sd_bzimage_parse(head, n, &ck->kernel, &err) == SD_OK &&
			   ck->kernel.init_size > 0;
}

static void
load_initrd(struct sd_ck_input *ck, const char *path, const char *from)
{
	struct sd_err err = { 0 };

	if (!exists(path))
		return;
	snprintf(ck->initrd_path, sizeof(ck->initrd_path), "%s", path);
	snprintf(ck->initrd_from, sizeof(ck->initrd_from), "%s", from);
	ck->initrd_found = sd_initrd_measure(path, &ck->initrd, &err) == SD_OK;
}

void
sd_ck_gather(struct sd_ck_input *ck)
{
	char text[8192], path[SD_CK_PATH];
	struct utsname u;
	bool kdump_tools = read_small("/etc/default/kdump-tools", text,
				      sizeof(text));

	memset(ck, 0, sizeof(*ck));
	if (uname(&u) != 0)
		snprintf(u.release, sizeof(u.release), "unknown");
	snprintf(ck->kernel_path, sizeof(ck->kernel_path), "/boot/vmlinuz-%s",
		 u.release);
	if (kdump_tools && sd_ck_defaults_value(text, "KDUMP_KERNEL", path,
						sizeof(path)) && exists(path))
		snprintf(ck->kernel_path, sizeof(ck->kernel_path), "%s", path);
	else if (!exists(ck->kernel_path) && exists("/boot/vmlinuz"))
		snprintf(ck->kernel_path, sizeof(ck->kernel_path), "/boot/vmlinuz");
	load_kernel(ck);
	if (kdump_tools) {
		if (!sd_ck_defaults_value(text, "KDUMP_INITRD", path, sizeof(path)))
			snprintf(path, sizeof(path), "/var/lib/kdump/initrd.img");
		load_initrd(ck, path, "kdump-tools");
		return;
	}
	snprintf(path, sizeof(path), "/boot/initramfs-%skdump.img", u.release);
	load_initrd(ck, path, "dracut kdump");
}

/* ---- the advice --------------------------------------------------------- */

void
sd_ck_advise(const struct sd_ck_input *in, uint64_t plan_bytes,
	     struct sd_ck_advice *a)
{
	uint64_t sum;

	memset(a, 0, sizeof(*a));
	a->kernel_assumed = !in->kernel_found;
	a->kernel_bytes = in->kernel_found ? in->kernel.init_size :
			  SD_CK_ASSUME_KERNEL;
	a->initrd_assumed = !in->initrd_found;
	a->initrd_packed = in->initrd_found ? in->initrd.packed_bytes :
			   SD_CK_ASSUME_INITRD_PACKED;
	a->initrd_unpacked = in->initrd_found ? in->initrd.unpacked_bytes :
			     SD_CK_ASSUME_INITRD_UNPACKED;
	a->runtime_bytes = CK_RUNTIME;
	a->plan_bytes = plan_bytes;
	a->margin_bytes = CK_MARGIN;
	sum = a->kernel_bytes + a->initrd_packed + a->initrd_unpacked +
	      a->runtime_bytes + a->plan_bytes + a->margin_bytes;
	a->total_bytes = SD_ROUND_UP(sum, (uint64_t)SD_CK_STEP);
}
