/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_KDUMP_FORMAT_H
#define SIEVEDUMP_KDUMP_FORMAT_H

/*
 * On-disk structures of the kdump-compressed ("diskdump") format and of
 * the flattened stream, 64-bit layout (doc/format-kdump.md).  Field
 * names are makedumpfile's, so that its documentation and the readers'
 * (crash, libkdumpfile) can be followed field by field.  Integers are in
 * the byte order of the machine that writes them (little-endian on
 * x86_64); the flattened record headers are big-endian.  doc/format-kdump.md
 * describes the whole file.
 */

#include <stdbool.h>
#include <stdint.h>

#include "sievedump/status.h"

#define SD_KDUMP_SIGNATURE "KDUMP   "	/* 8 bytes, no NUL */
#define SD_KDUMP_SIG_LEN 8
#define SD_KDUMP_HEADER_VERSION 6
#define SD_KDUMP_HEADER_BLOCKS 1	/* DISKDUMP_HEADER_BLOCKS */

/* DUMP_DH_*: header status and page_desc flags (doc/format-kdump.md). */
enum {
	SD_DUMP_DH_COMPRESSED_ZLIB = 0x01,
	SD_DUMP_DH_COMPRESSED_LZO = 0x02,
	SD_DUMP_DH_COMPRESSED_SNAPPY = 0x04,
	SD_DUMP_DH_COMPRESSED_INCOMPLETE = 0x08,
	SD_DUMP_DH_EXCLUDED_VMEMMAP = 0x10,
	SD_DUMP_DH_COMPRESSED_ZSTD = 0x20,
};

enum { SD_UTS_LEN = 65 };	/* __NEW_UTS_LEN + 1 */

/** struct new_utsname: a copy of init_uts_ns.name (390 bytes). */
struct sd_new_utsname {
	char sysname[SD_UTS_LEN];
	char nodename[SD_UTS_LEN];
	char release[SD_UTS_LEN];
	char version[SD_UTS_LEN];
	char machine[SD_UTS_LEN];
	char domainname[SD_UTS_LEN];
};

/** struct timeval as the 64-bit writer lays it out. */
struct sd_kdump_timeval {
	int64_t tv_sec;
	int64_t tv_usec;
};

/** struct disk_dump_header, 464 bytes at offset 0. */
struct sd_disk_dump_header {
	char signature[SD_KDUMP_SIG_LEN];
	int32_t header_version;
	struct sd_new_utsname utsname;
	char pad_[6];			/* compiler alignment in the original */
	struct sd_kdump_timeval timestamp;
	uint32_t status;
	int32_t block_size;
	int32_t sub_hdr_size;		/* in blocks */
	uint32_t bitmap_blocks;
	uint32_t max_mapnr;		/* min(max_mapnr, UINT_MAX) */
	uint32_t total_ram_blocks;
	uint32_t device_blocks;
	uint32_t written_blocks;
	uint32_t current_cpu;
	int32_t nr_cpus;
};

/** struct kdump_sub_header, 104 bytes at offset block_size. */
struct sd_kdump_sub_header {
	uint64_t phys_base;
	int32_t dump_level;
	int32_t split;
	uint64_t start_pfn;
	uint64_t end_pfn;
	int64_t offset_vmcoreinfo;
	uint64_t size_vmcoreinfo;
	int64_t offset_note;
	uint64_t size_note;
	int64_t offset_eraseinfo;
	uint64_t size_eraseinfo;
	uint64_t start_pfn_64;
	uint64_t end_pfn_64;
	uint64_t max_mapnr_64;
};

/** page_desc_t, 24 bytes per dumpable pfn. */
struct sd_page_desc {
	int64_t offset;
	uint32_t size;
	uint32_t flags;
	uint64_t page_flags;
};

/* Flattened format (doc/format-kdump.md). */
#define SD_FLAT_SIGNATURE "makedumpfile"
enum {
	SD_FLAT_SIG_LEN = 16,		/* SIG_LEN_MDF */
	SD_FLAT_HEADER_SIZE = 4096,	/* MAX_SIZE_MDF_HEADER */
	SD_FLAT_TYPE = 1,		/* TYPE_FLAT_HEADER */
	SD_FLAT_VERSION = 1,		/* VERSION_FLAT_HEADER */
	SD_FLAT_RECORD_HEADER = 16,	/* struct makedumpfile_data_header */
};

/** struct makedumpfile_header (start of the 4096-byte block), BE fields. */
struct sd_makedumpfile_header {
	char signature[SD_FLAT_SIG_LEN];
	int64_t type;
	int64_t version;
};

/** struct makedumpfile_data_header, big-endian; {-1, -1} ends the stream. */
struct sd_makedumpfile_data_header {
	int64_t offset;
	int64_t buf_size;
};

_Static_assert(sizeof(struct sd_new_utsname) == 390, "utsname");
_Static_assert(sizeof(struct sd_disk_dump_header) == 464, "disk_dump_header");
_Static_assert(__builtin_offsetof(struct sd_disk_dump_header, timestamp) == 408,
	       "timestamp offset");
_Static_assert(__builtin_offsetof(struct sd_disk_dump_header, nr_cpus) == 460,
	       "nr_cpus offset");
_Static_assert(sizeof(struct sd_kdump_sub_header) == 104, "kdump_sub_header");
_Static_assert(sizeof(struct sd_page_desc) == 24, "page_desc_t");
_Static_assert(sizeof(struct sd_makedumpfile_data_header) == 16,
	       "makedumpfile_data_header");

/* ---- Writers (write_kdump.c, rebuild_flat.c) ---- */
struct sd_job;
struct sd_budget;
struct sd_log;
struct sd_sink;

/**
 * -R: rebuild @path from the flattened stream read on @in_fd (doc/format-kdump.md).
 * @path is created like a dump file (O_EXCL unless @force, mode 0600).
 */
sd_status sd_rebuild_flat(int in_fd, const char *path, bool force,
			  struct sd_budget *budget, struct sd_log *log,
			  struct sd_err *err) SD_MUST_CHECK;

#endif
