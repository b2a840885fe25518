/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_SOURCE_H
#define SIEVEDUMP_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sievedump/alloc.h"
#include "sievedump/kdump_format.h"
#include "sievedump/status.h"

/**
 * A dump source: where the first kernel's physical memory is read from.
 * One ops table per format; the ELF core reader (/proc/vmcore, saved ELF
 * vmcores) is in read_elf.c.  A kdump-compressed reader can fill the same
 * struct (no loads, its own read_phys).
 */

/** One ELF PT_LOAD segment, as in the program header. */
struct sd_src_load {
	uint64_t paddr;		/**< p_paddr; SD_SRC_NO_PADDR if invalid */
	uint64_t vaddr;		/**< p_vaddr (0 if none) */
	uint64_t memsz;		/**< p_memsz */
	uint64_t filesz;	/**< p_filesz (<= memsz) */
	uint64_t offset;	/**< p_offset */
};

#define SD_SRC_NO_PADDR UINT64_MAX

/** A range of page frame numbers [start, end). */
struct sd_src_range {
	uint64_t start;
	uint64_t end;
};

struct sd_source_opts {
	bool non_mmap;		/**< --non-mmap: pread only */
	size_t window;		/**< mmap window bytes; 0 = 4 MiB (min 64 KiB) */
};

struct sd_source;

/** The version of struct sd_source_ops this build reads. */
#define SD_SOURCE_OPS_VERSION 1

struct sd_source_ops {
	unsigned version;	/**< 1 */
	const char *name;
	/** Read @len bytes at physical @paddr; holes read as zeros. */
	sd_status (*read_phys)(struct sd_source *src, uint64_t paddr,
			       void *buf, size_t len, struct sd_err *err);
	/** Read @n whole pages starting at @pfn (page_size each). */
	sd_status (*read_pages)(struct sd_source *src, uint64_t pfn,
				uint64_t n, void *buf, struct sd_err *err);
	void (*close)(struct sd_source *src);
	/**
	 * Optional: the source's own pfn ranges (@data false: present, the
	 * 1st bitmap; true: with data, the 2nd bitmap), allocated like
	 * sd_source_present_ranges.  NULL: computed from the PT_LOADs.
	 */
	sd_status (*ranges)(const struct sd_source *src, bool data,
			    struct sd_src_range **ret, size_t *n_ret,
			    struct sd_err *err);
};

/** What a kdump-compressed input carries besides memory (refiltering). */
struct sd_src_kdump {
	int header_version;
	int dump_level;			/**< sub-header dump_level */
	uint32_t status;		/**< DUMP_DH_* of the input */
	int64_t tv_sec, tv_usec;	/**< header timestamp */
	char utsname[390];		/**< struct new_utsname, verbatim */
	uint64_t size_eraseinfo;	/**< erase info the input carries */
	struct sd_disk_dump_header dh;	/**< both headers as read (-D prints them) */
	struct sd_kdump_sub_header kh;
};

/**
 * What an ELF input's headers are, verbatim (little-endian, as in the
 * file): the ELF writer copies them (doc/format-elf-split.md).
 */
struct sd_src_elf {
	uint8_t ehdr[64];		/**< the ELF header */
	uint8_t *phdrs;			/**< phnum program headers of 56 bytes */
	size_t phnum;			/**< PN_XNUM resolved */
};

/** What the reader did to get the bytes asked for (the debug report). */
struct sd_src_io {
	uint64_t bytes;			/**< bytes of the file read */
	uint64_t maps;			/**< mmap windows mapped */
	uint64_t preads;		/**< pread calls */
};

struct sd_source {
	const struct sd_source_ops *ops;
	const char *path;		/**< as given to open (borrowed) */
	struct sd_budget *budget;
	uint32_t page_size;		/**< 4096 until sd_source_set_page_size */
	uint32_t page_shift;
	uint16_t machine;		/**< e_machine (62 = EM_X86_64) */
	struct sd_src_load *loads;	/**< PT_LOADs in file order */
	size_t n_loads;
	uint8_t *notes;			/**< the whole PT_NOTE segment, verbatim */
	size_t notes_len;		/**< p_filesz of PT_NOTE */
	uint64_t notes_offset;		/**< p_offset of PT_NOTE */
	bool has_vmcoreinfo;
	size_t vmcoreinfo_off;		/**< descriptor offset inside notes[] */
	size_t vmcoreinfo_len;		/**< n_descsz */
	unsigned int nr_cpus;		/**< "CORE" NT_PRSTATUS notes */
	uint64_t max_mapnr;		/**< doc/kernel-model.md, from PT_LOADs */
	bool uses_mmap;			/**< pages come through an mmap window */
	/** Bytes a range query (ops->ranges) allocates while it runs, for the plan. */
	uint64_t scratch_bytes;
	bool has_phys_base;		/**< phys_base known from the format */
	uint64_t phys_base;		/**< kdump sub-header phys_base */
	const struct sd_src_kdump *kdump; /**< kdump-compressed input, or NULL */
	const struct sd_src_elf *elf;	/**< ELF input's headers, or NULL */
	uint64_t unreadable_pages;	/**< excluded/incomplete pages read as zeros */
	char warning[256];		/**< a header fault read around, or "" */
	struct sd_src_io io;		/**< counted by the reader */
	void *priv;			/**< reader-private state */
};

/**
 * Open an ELF64 little-endian core file (e.g. /proc/vmcore).  Program
 * headers are read at e_phoff (makedumpfile ignores e_phoff; see
 * doc/kernel-model.md).  Needs a PT_NOTE and at least one PT_LOAD.
 * Returns SD_NOPROBE (with a message) if the file is not ELF.
 * @path is borrowed and must outlive the source.
 */
sd_status sd_source_open_elf(const char *path,
			     const struct sd_source_opts *opts,
			     struct sd_budget *budget, struct sd_source **ret,
			     struct sd_err *err) SD_MUST_CHECK;

/**
 * Open a kdump-compressed file ("KDUMP   ", header_version >= 1) for
 * refiltering (read_kdump.c).  SD_NOPROBE if the signature differs.
 */
sd_status sd_source_open_kdump(const char *path,
			       const struct sd_source_opts *opts,
			       struct sd_budget *budget,
			       struct sd_source **ret,
			       struct sd_err *err) SD_MUST_CHECK;

/**
 * One kind of input file in the source registry (source_registry.c):
 * which first bytes are its own, and how it is opened.
 */
struct sd_source_kind {
	unsigned version;	/**< 1 (SD_SOURCE_OPS_VERSION) */
	const char *name;	/**< "elf", "kdump", "flat" */
	/** Whether @head (the file's first @len bytes, len <= 16) is this kind. */
	bool (*probe)(const uint8_t *head, size_t len);
	/** Open @path as this kind (sd_source_open_elf's contract). */
	sd_status (*open)(const char *path, const struct sd_source_opts *opts,
			  struct sd_budget *budget, struct sd_source **ret,
			  struct sd_err *err);
};

/** Bytes of the file's head the probes see. */
#define SD_SOURCE_PROBE_BYTES 16

/**
 * Open the input @path with the first registered kind whose probe claims
 * its first bytes; a file no probe claims (or that cannot be read) goes to
 * the ELF reader, whose error names the problem.  The kind's table and the
 * opened source's ops are checked for SD_SOURCE_OPS_VERSION.
 */
sd_status sd_source_open(const char *path, const struct sd_source_opts *opts,
			 struct sd_budget *budget, struct sd_source **ret,
			 struct sd_err *err) SD_MUST_CHECK;
/** The @i-th registered kind, NULL past the end (tests, debug output). */
const struct sd_source_kind *sd_source_kind_at(size_t i);

static inline sd_status SD_MUST_CHECK
sd_source_read_phys(struct sd_source *src, uint64_t paddr, void *buf,
		    size_t len, struct sd_err *err)
{
	return src->ops->read_phys(src, paddr, buf, len, err);
}

/** Read @n pages from @pfn with large reads (never one call per page). */
static inline sd_status SD_MUST_CHECK
sd_source_read_pages(struct sd_source *src, uint64_t pfn, uint64_t n,
		     void *buf, struct sd_err *err)
{
	return src->ops->read_pages(src, pfn, n, buf, err);
}

static inline void
sd_source_close(struct sd_source *src)
{
	if (src)
		src->ops->close(src);
}

/**
 * Walk src->notes (an ELF note section, at file offset src->notes_offset):
 * find the VMCOREINFO descriptor and, with @count_cpus, count "CORE"
 * NT_PRSTATUS notes.  @where names the section in errors.
 */
sd_status sd_source_scan_notes(struct sd_source *src, const char *where,
			       bool count_cpus, struct sd_err *err) SD_MUST_CHECK;

/**
 * ELF input only: @len bytes of the file at offset @off (the ELF writer
 * copies each PT_LOAD from its own file range), through the same mmap
 * windows or preads as the pages.  EIO and a truncated file give
 * SD_ERR_UNREADABLE; other inputs SD_ERR_UNSUPPORTED.
 */
sd_status sd_source_elf_read(struct sd_source *src, uint64_t off, void *buf,
			     size_t len, struct sd_err *err) SD_MUST_CHECK;

/** Set the first kernel's page size (PAGESIZE) and recompute max_mapnr. */
sd_status sd_source_set_page_size(struct sd_source *src, uint32_t page_size,
				  struct sd_err *err) SD_MUST_CHECK;

/** Pointer to the VMCOREINFO text inside notes[], or NULL. */
const char *sd_source_vmcoreinfo(const struct sd_source *src, size_t *len);

/**
 * Present pfn ranges for the 1st bitmap: the union over PT_LOADs of
 * [paddr >> shift, (paddr + memsz) >> shift), sorted and merged.  With
 * @round_up_end the end is rounded up (makedumpfile's single-cycle quirk:
 * a trailing partial page is marked).  *@ret is charged to the budget:
 * free with sd_bfree(budget, *ret, *n_ret * sizeof(**ret)).
 */
sd_status sd_source_present_ranges(const struct sd_source *src,
				   bool round_up_end,
				   struct sd_src_range **ret, size_t *n_ret,
				   struct sd_err *err) SD_MUST_CHECK;
/**
 * Pfns with data: present ranges (rounded down) minus, for every PT_LOAD,
 * [roundup(paddr + filesz), roundup(paddr + memsz)) in pfns (doc/kernel-rules.md
 * step 2, exclude_nodata_pages).  Same allocation rule.
 */
sd_status sd_source_data_ranges(const struct sd_source *src,
				struct sd_src_range **ret, size_t *n_ret,
				struct sd_err *err) SD_MUST_CHECK;

/** x86_64 kernel text mapping base (__START_KERNEL_map). */
#define SD_X86_64_START_KERNEL_MAP 0xffffffff80000000ULL

/**
 * phys_base from the PT_LOADs (doc/kernel-model.md): the first PT_LOAD with
 * vaddr >= __START_KERNEL_map gives paddr - (vaddr - __START_KERNEL_map).
 * SD_ERR_NODATA if there is none.
 */
sd_status sd_source_phys_base_x86_64(const struct sd_source *src,
				     uint64_t *ret);
/**
 * --mem-usage: leave the physical range [@start, @end) (the crashkernel
 * reservation) out of every direct-map PT_LOAD (vaddr = paddr + the
 * page offset), splitting one that holds it inside; the kernel-text
 * PT_LOAD stays whole.  max_mapnr follows.  Other formats: nothing done.
 */
sd_status sd_source_cut_phys(struct sd_source *src, uint64_t start,
			     uint64_t end, struct sd_err *err) SD_MUST_CHECK;
/**
 * PAGE_OFFSET from the PT_LOADs: vaddr - paddr of the last PT_LOAD with a
 * valid vaddr below __START_KERNEL_map and a valid paddr (KASLR-correct).
 * SD_ERR_NODATA if there is none (use the constants then).
 */
sd_status sd_source_page_offset_x86_64(const struct sd_source *src,
				       uint64_t *ret);

#endif
