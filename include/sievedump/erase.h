/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_ERASE_H
#define SIEVEDUMP_ERASE_H
/*
 * --config FILE: makedumpfile's erase filters (doc/erase-filters.md).
 *
 *   erase_config.c   the filter file into statements (syntax errors name
 *                    the file and line)
 *   erase_resolve.c  statements into physical byte ranges of the dumped
 *                    kernel (debug information + the kernel's memory)
 *   erase_list.c     the range list: makedumpfile's insertion rules, the
 *                    erase information nodes
 *   erase_apply.c    the ranges applied to page buffers, once per output
 *   erase_output.c   the erase information in the dump (kdump blob and
 *                    sub-header, ELF ERASEINFO note)
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sievedump/alloc.h"
#include "sievedump/status.h"

/* ---- the filter file (erase_config.c) ---- */

/** SYM.member.member as written, split at the dots (empty parts dropped). */
struct sd_erase_path {
	char *buf;			/**< the copy the parts point into */
	char **part;
	unsigned n;
};

enum sd_erase_size_kind {
	SD_ERASE_SIZE_TYPE,	/**< no size: the size its type gives */
	SD_ERASE_SIZE_VALUE,	/**< size N[K|M] */
	SD_ERASE_SIZE_EXPR,	/**< size SYMBOL[.member...] (or ID.member) */
	SD_ERASE_NULLIFY,	/**< nullify: the pointer itself set to 0 */
};

/** One erase command. */
struct sd_erase_cmd {
	int line;
	char *expr;			/**< the symbol expression as written */
	struct sd_erase_path target;
	enum sd_erase_size_kind size_kind;
	long size_value;
	struct sd_erase_path size_expr;
	bool size_is_var;		/**< size_expr starts with the loop's id */
};

enum sd_erase_loop_kind {
	SD_ERASE_PLAIN,		/**< a lone erase command */
	SD_ERASE_FOR,		/**< for ID in LIST (array or struct list) */
	SD_ERASE_FOR_VIA,	/**< for ID in LIST via MEMBER */
	SD_ERASE_FOR_WITHIN,	/**< for ID in LIST within STRUCT[:MEMBER] */
};

/** A statement: one erase command, or a for loop of them. */
struct sd_erase_stmt {
	int line;
	enum sd_erase_loop_kind kind;
	char *id;			/**< loops: the iteration variable */
	struct sd_erase_path list;	/**< loops: the LIST expression */
	char *via;			/**< FOR_VIA: the next member */
	char *within_struct;		/**< FOR_WITHIN */
	char *within_member;		/**< FOR_WITHIN: NULL if no ':' part */
	struct sd_erase_cmd *cmd;
	unsigned ncmd;
};

struct sd_erase_config {
	char *path;
	char *text;			/**< the file, cut into tokens in place */
	struct sd_erase_stmt *stmt;
	unsigned nstmt;
};

/** Read and parse @path; errors are "PATH:LINE: what". */
sd_status sd_erase_config_read(const char *path, struct sd_erase_config **ret,
			       struct sd_err *err) SD_MUST_CHECK;
/** Parse @len bytes of filter text (@path only names it in errors). */
sd_status sd_erase_config_parse(const char *path, const char *text,
				size_t len, struct sd_erase_config **ret,
				struct sd_err *err) SD_MUST_CHECK;
void sd_erase_config_free(struct sd_erase_config *c);

/* ---- the range list (erase_list.c) ---- */

/** One byte range to erase, as makedumpfile's filter list holds it. */
struct sd_erase_range {
	uint64_t paddr;			/**< UINT64_MAX: the address had no mapping */
	uint64_t vaddr;
	uint64_t size;
	uint32_t ei;			/**< its erase information node (1-based) */
	uint32_t size_idx;		/**< its slot in that node's sizes */
	bool nullify;			/**< written with 0, not 'X' */
};

/** An erase information node: one per erase command that erased. */
struct sd_erase_info {
	const char *expr;		/**< points into the config */
	uint32_t num_sizes;
	uint32_t first_size;		/**< its sizes in the cursor's array */
};

/** Where one output stands in the list (erase_apply.c). */
struct sd_erase_cursor;

struct sd_erase {
	struct sd_budget *budget;
	struct sd_erase_config *config;
	struct sd_erase_range *r;	/**< sorted by paddr once finished */
	size_t n, cap;
	uint64_t *hash;			/**< paddr -> index + 1 while building */
	size_t hash_cap;
	struct sd_erase_info *info;	/**< [0] unused, as in makedumpfile */
	size_t ninfo, info_cap;
	uint32_t nsizes;		/**< all nodes' sizes together */
	bool finished;
	struct sd_erase_cursor **cur;	/**< one per output being written */
	size_t ncur, cur_cap;
};

void sd_erase_init(struct sd_erase *e, struct sd_budget *budget);
void sd_erase_fini(struct sd_erase *e);
/**
 * Add a range for erase command @cmd (its node made on its first range):
 * a range at a paddr already listed only widens it.  @node is the
 * command's node, 0 before its first range; updated.
 */
sd_status sd_erase_add(struct sd_erase *e, const char *expr, uint32_t *node,
		       uint64_t vaddr, uint64_t paddr, uint64_t size,
		       bool nullify, struct sd_err *err) SD_MUST_CHECK;
/** Sort the list and lay out the sizes; no sd_erase_add after this. */
sd_status sd_erase_finish(struct sd_erase *e, struct sd_err *err) SD_MUST_CHECK;

/* ---- applying it (erase_apply.c) ---- */

/**
 * Start an output (a dump file, one --split part, a retry): its own copy
 * of the list, as makedumpfile's forked children each have theirs.  @key
 * names the output (the part's first and last pfn; 0 and UINT64_MAX
 * otherwise).  Nothing happens when @e is NULL.
 */
sd_status sd_erase_begin(struct sd_erase *e, uint64_t key_start,
			 uint64_t key_end, struct sd_err *err) SD_MUST_CHECK;
/**
 * makedumpfile's filter_data_buffer: the ranges that start inside
 * [@paddr, @paddr + @len) (or whose rest does) are written into @buf.
 */
void sd_erase_buffer(struct sd_erase *e, uint64_t key_start, uint64_t key_end,
		     uint64_t paddr, uint8_t *buf, size_t len);
/** The same for @n pages of @page_size at @pfn; pages with @bad set skipped. */
void sd_erase_pages(struct sd_erase *e, uint64_t key_start, uint64_t key_end,
		    uint64_t pfn, uint64_t n, size_t page_size, uint8_t *buf,
		    const bool *bad);

/* ---- the erase information (erase_output.c) ---- */

struct sd_sink;
struct sd_wcache;
struct sd_kdump_sub_header;

/**
 * The text makedumpfile writes for what an output erased: "erase EXPR
 * size N\n" or "erase EXPR nullify\n" per node and size.  @out NULL:
 * only *@len.
 */
sd_status sd_erase_text(const struct sd_erase *e, uint64_t key_start,
			uint64_t key_end, char **out, size_t *len,
			struct sd_err *err) SD_MUST_CHECK;
/** The size makedumpfile reserves for the ELF note text (every range). */
uint64_t sd_erase_elf_size(const struct sd_erase *e);
/** Bytes the PT_NOTE grows by for the ERASEINFO note (0: none). */
uint64_t sd_erase_elf_note_grow(const struct sd_erase *e);
struct sd_job;
/**
 * The kdump file's erase information at the page cache's offset (after
 * the page data, the cache flushed): the input's own when refiltering,
 * then what this output erased; if there is any, the sub-header gets its
 * offset and size and is written again.  job->erase may be NULL.
 */
sd_status sd_erase_write_kdump(struct sd_job *job, uint64_t key_start,
			       uint64_t key_end, struct sd_sink *sink,
			       struct sd_wcache *page,
			       struct sd_kdump_sub_header *kh,
			       struct sd_err *err) SD_MUST_CHECK;
/**
 * The ELF ERASEINFO note after the input's notes (@note_off: the output's
 * PT_NOTE offset, @note_len: the input's note bytes), through @hdr.
 */
sd_status sd_erase_write_elf(struct sd_job *job, struct sd_sink *sink,
			     struct sd_wcache *hdr, uint64_t note_off,
			     uint64_t note_len, struct sd_err *err) SD_MUST_CHECK;

/* ---- resolving (erase_resolve.c) ---- */

/** Type flags gathered along a type's chain, as makedumpfile gathers them. */
enum {
	SD_ET_BASE = 1,		/**< ends in a base type */
	SD_ET_PTR = 2,		/**< a pointer somewhere in the chain */
	SD_ET_ARRAY = 4,	/**< an array somewhere in the chain */
	SD_ET_STRUCT = 8,	/**< ends in a struct */
	SD_ET_LIST_HEAD = 16,	/**< the struct is list_head */
};

enum { SD_ERASE_NAME_MAX = 128 };

/**
 * What the debug information says of a variable's or member's type
 * (doc/erase-filters.md, "Types"): the chain of DW_AT_type is followed to
 * its end, collecting flags; name and size are the last type's.
 */
struct sd_erase_type {
	char name[SD_ERASE_NAME_MAX];	/**< "" if the last type has none */
	long size;			/**< its byte size; -1 unknown */
	unsigned flags;			/**< SD_ET_* */
	long array_length;		/**< first dimension, when the type
					     itself (or const of it) is an array */
};

/** The debug information the resolver asks (erase_dwarf.c; fakes in tests). */
struct sd_erase_types_ops {
	/** A global variable: its address (KASLR applied) and type. */
	sd_status (*symbol)(void *ctx, const char *name, uint64_t *addr,
			    struct sd_erase_type *t);
	/** Member @member of struct @sname (searched into nested structs). */
	sd_status (*member)(void *ctx, const char *sname, const char *member,
			    long *offset, struct sd_erase_type *t);
	/** sizeof(struct @sname). */
	sd_status (*struct_size)(void *ctx, const char *sname, long *size);
};

/** The dumped kernel's memory (the job's vtop; fakes in tests). */
struct sd_erase_mem_ops {
	sd_status (*read)(void *ctx, uint64_t vaddr, void *buf, size_t len);
	/** UINT64_MAX when @vaddr has no mapping. */
	uint64_t (*vtop)(void *ctx, uint64_t vaddr);
};

struct sd_erase_resolver {
	const struct sd_erase_types_ops *types;
	void *types_ctx;
	const struct sd_erase_mem_ops *mem;
	void *mem_ctx;
	void (*warn)(void *ctx, const char *msg);	/**< what makedumpfile prints */
	void *warn_ctx;
	uint64_t max_iterations;	/**< a list longer than this stops */
};

/**
 * Every statement of @c into ranges of @e (then sd_erase_finish).  As in
 * makedumpfile, a command whose symbol, member or memory cannot be had is
 * left out with a warning; only running out of memory fails.
 */
sd_status sd_erase_resolve(const struct sd_erase_resolver *rv,
			   const struct sd_erase_config *c, struct sd_erase *e,
			   struct sd_err *err) SD_MUST_CHECK;

/* ---- the run (erase_job.c) ---- */

/** --config: parse, resolve against -x's debug information, job->erase. */
sd_status sd_erase_setup(struct sd_job *job, struct sd_err *err) SD_MUST_CHECK;
void sd_erase_release(struct sd_job *job);

#endif
