/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_CRASHKERNEL_H
#define SIEVEDUMP_CRASHKERNEL_H

/*
 * What a crashkernel= reservation must hold, from the files kdump will
 * really load: the capture kernel image (its bzImage setup header says how
 * much memory it needs at its load address), the initrd (held packed while
 * the kernel unpacks it into the rootfs), the capture kernel's runtime, the
 * dumper's plan and a margin.  See tests/qemu/crashkernel-results.md.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sievedump/status.h"

enum { SD_CK_PATH = 256, SD_CK_RELEASE = 64, SD_CK_NOTE = 96 };

/**
 * The parts of a kernel image's header the advice needs: an x86 bzImage's
 * setup header, or an arm64 Image's header (then only init_size and
 * payload_bytes, both its image_size; no release string).
 */
struct sd_bzimage {
	uint16_t protocol;		/**< boot protocol, 0x020f for 2.15 */
	uint32_t setup_bytes;		/**< real-mode part: (setup_sects + 1) * 512 */
	uint64_t payload_bytes;		/**< protected-mode part: syssize * 16 */
	uint32_t init_size;		/**< memory needed from the load address on
					     (protocol 2.10+), 0 if older */
	char release[SD_CK_RELEASE];	/**< "6.1.0-50-amd64" (first word of the
					     kernel_version string), "" if none */
};

/** Parse a bzImage or an arm64 Image from its first @len bytes (the setup
 * header lies in the first 1 KiB; the release string in the setup part,
 * 20 KiB for Debian 6.1, so read 64 KiB).  SD_ERR_CORRUPT if it is
 * neither. */
sd_status sd_bzimage_parse(const unsigned char *buf, size_t len,
			   struct sd_bzimage *ret, struct sd_err *err) SD_MUST_CHECK;

/** How one piece of an initrd is stored. */
enum sd_initrd_packing {
	SD_PACK_NONE,			/**< zero padding between pieces */
	SD_PACK_CPIO,			/**< plain newc cpio (early microcode) */
	SD_PACK_GZIP,
	SD_PACK_ZSTD,
	SD_PACK_XZ,
	SD_PACK_LZMA,
	SD_PACK_LZ4,
	SD_PACK_BZIP2,
	SD_PACK_LZO,
	SD_PACK_UNKNOWN,
};

/** The packing of the piece starting at @p (@n bytes available, >= 6
 * for a sure answer). */
enum sd_initrd_packing sd_initrd_packing(const unsigned char *p, size_t n);
const char *sd_initrd_packing_name(enum sd_initrd_packing k);

/**
 * A streaming newc cpio reader that only counts: feed it the archive in
 * pieces of any size.  The rootfs keeps every file's data in whole pages,
 * plus an inode and a dentry per entry (SD_CPIO_ENTRY_BYTES).
 */
enum { SD_CPIO_HEADER = 110, SD_CPIO_ENTRY_BYTES = 1024 };

struct sd_cpio_count {
	uint64_t data_bytes;		/**< file contents */
	uint64_t rootfs_bytes;		/**< what they take unpacked */
	uint32_t entries;		/**< without the trailer */
	bool done;			/**< the TRAILER!!! entry was read */
	bool bad;			/**< not a newc header where one belongs */
	/* private state */
	uint32_t page_size;
	unsigned char hdr[SD_CPIO_HEADER];
	size_t have;			/**< header bytes collected */
	uint64_t skip;			/**< name, data and padding still to pass */
	uint64_t offset;		/**< bytes of this archive seen */
	uint32_t namesize;
	char name[12];			/**< the start of the current name */
	size_t name_have;
};

void sd_cpio_count_init(struct sd_cpio_count *c, uint32_t page_size);
/** Consume up to @n bytes; returns how many were used (less than @n only
 * when the archive ended or is bad: the rest belongs to the next piece). */
size_t sd_cpio_count_feed(struct sd_cpio_count *c, const unsigned char *p,
			  size_t n);

/** The size of an initrd file, packed and unpacked. */
struct sd_initrd_size {
	uint64_t packed_bytes;		/**< the file */
	uint64_t unpacked_bytes;	/**< what its files take in the rootfs */
	uint64_t data_bytes;		/**< their contents */
	uint32_t entries;
	uint32_t pieces;		/**< cpio archives, packed or not */
	enum sd_initrd_packing packing;	/**< of the last (main) piece */
	bool estimated;			/**< a piece we cannot unpack: counted
					     as SD_CK_UNPACK_RATIO times its size */
};

enum { SD_CK_UNPACK_RATIO = 3 };

/** Read and measure an initrd (gzip and, when built with it, zstd pieces
 * are unpacked and counted; others estimated). */
sd_status sd_initrd_measure(const char *path, struct sd_initrd_size *ret,
			    struct sd_err *err) SD_MUST_CHECK;

/** Find KEY=VALUE in a shell defaults file's text (/etc/default/kdump-tools):
 * the last assignment wins; quotes are removed.  false if absent or empty. */
bool sd_ck_defaults_value(const char *text, const char *key, char *out,
			  size_t outlen);

/** What the first kernel found out about the capture kernel to be. */
struct sd_ck_input {
	bool kernel_found;
	char kernel_path[SD_CK_PATH];
	uint64_t kernel_file_bytes;
	struct sd_bzimage kernel;
	bool initrd_found;
	char initrd_path[SD_CK_PATH];
	char initrd_from[SD_CK_NOTE];	/**< "kdump-tools", "dracut kdump" ... */
	struct sd_initrd_size initrd;
};

/** Look for the kdump kernel and initrd of this system (kdump-tools,
 * dracut's kdump image, else the running kernel alone).  Never fails:
 * what is missing stays not found and the advice assumes it. */
void sd_ck_gather(struct sd_ck_input *ret);

/** The parts of the advice, bytes. */
struct sd_ck_advice {
	uint64_t kernel_bytes;		/**< init_size (or the assumption) */
	uint64_t initrd_packed;
	uint64_t initrd_unpacked;
	uint64_t runtime_bytes;		/**< capture kernel's own, nr_cpus=1 */
	uint64_t plan_bytes;		/**< the dumper: fixed costs + smallest set */
	uint64_t margin_bytes;
	uint64_t total_bytes;		/**< the sum rounded up to SD_CK_STEP */
	bool kernel_assumed;
	bool initrd_assumed;
};

enum {
	SD_CK_STEP = 16 << 20,
	/* used when the file cannot be read: Debian 12's 6.1 kernel and
	 * kdump-tools initrd (tests/qemu/crashkernel-results.md) */
	SD_CK_ASSUME_KERNEL = 64 << 20,
	SD_CK_ASSUME_INITRD_PACKED = 8 << 20,
	SD_CK_ASSUME_INITRD_UNPACKED = 24 << 20,
};

/** The pure advice: parts and total for a dump plan needing @plan_bytes. */
void sd_ck_advise(const struct sd_ck_input *in, uint64_t plan_bytes,
		  struct sd_ck_advice *ret);

#endif
