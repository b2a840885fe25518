/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_DEBUGINFO_H
#define SIEVEDUMP_DEBUGINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sievedump/alloc.h"
#include "sievedump/status.h"

/**
 * Debug information of a kernel (-x VMLINUX): symbols from the ELF symbol
 * table, types from DWARF through elfutils' libdw, which is dlopen()ed when
 * a vmlinux is opened (doc/debuginfo.md).
 *
 * Lookups return SD_OK, or SD_ERR_NODATA with a message naming what is
 * missing (callers that probe may ignore it).  Names and types stay valid
 * until sd_dbg_close.  Not thread-safe.
 *
 * The search order is makedumpfile's (compile units in file order, the
 * first definition wins), so that the answers equal those makedumpfile
 * derives from the same file (doc/debuginfo.md, "Search order").
 */
struct sd_dbg;

/** Was libdw support built in (configure found libdw-dev)? */
bool sd_dbg_built(void);
/**
 * The soname of libdw when it cannot be loaded here (an initramfs without
 * it), else NULL (also when not built: sd_dbg_built says that).
 */
const char *sd_dbg_unloadable(void);

/**
 * Open @path: an ELF file with a symbol table and .debug_info.  An index of
 * the names is built once (charged to @budget; libdw's own memory is not:
 * doc/debuginfo.md, "Memory").  Errors name the file.
 */
sd_status sd_dbg_open(const char *path, struct sd_budget *budget,
		      struct sd_dbg **ret, struct sd_err *err) SD_MUST_CHECK;
void sd_dbg_close(struct sd_dbg *dbg);
/** The path given to sd_dbg_open (for messages). */
const char *sd_dbg_path(const struct sd_dbg *dbg);

/** Value (address) of the first symbol-table entry named @name. */
sd_status sd_dbg_symbol(struct sd_dbg *dbg, const char *name,
			uint64_t *addr, struct sd_err *err);
/** The lowest symbol value above @name's (makedumpfile's "next symbol"). */
sd_status sd_dbg_next_symbol(struct sd_dbg *dbg, const char *name,
			     uint64_t *addr, struct sd_err *err);
/**
 * Copy @len bytes the image holds at virtual address @vaddr (a PT_LOAD's
 * file bytes; e.g. init_uts_ns's release string).
 */
sd_status sd_dbg_read(struct sd_dbg *dbg, uint64_t vaddr, void *buf,
		      size_t len, struct sd_err *err);

enum sd_dbg_kind {
	SD_DBG_VOID,		/**< void (pointer target, or no DW_AT_type) */
	SD_DBG_BASE,		/**< int, char, unsigned long, _Bool... */
	SD_DBG_POINTER,
	SD_DBG_ARRAY,
	SD_DBG_STRUCT,
	SD_DBG_UNION,
	SD_DBG_ENUM,
	SD_DBG_FUNC,		/**< a function type (pointer target) */
	SD_DBG_OTHER,
};

/**
 * A type with typedefs and const/volatile qualifiers resolved.  @name is
 * the resolved type's name ("page" for struct page, "long unsigned int"),
 * NULL when anonymous; @typedef_name the outermost typedef's, if any.
 */
struct sd_dbg_type {
	uint64_t die;		/**< DIE offset of the resolved type (0: void) */
	enum sd_dbg_kind kind;
	int64_t size;		/**< bytes; -1 when unknown (void, incomplete,
				     function, flexible array) */
	int64_t count;		/**< ARRAY: elements, all dimensions multiplied
				     (a[2][3]: 6); -1 if one is not given ([],
				     extern declarations) */
	uint64_t target;	/**< POINTER: pointee, ARRAY: element type,
				     FUNC: return type, ENUM: underlying type
				     (a DIE offset for sd_dbg_type_of; 0: void
				     or none given) */
	const char *name;
	const char *typedef_name;
};

/** The type at DIE offset @die (0 gives void). */
sd_status sd_dbg_type_of(struct sd_dbg *dbg, uint64_t die,
			 struct sd_dbg_type *ret, struct sd_err *err);
/**
 * A named type: "struct page", "union x", "enum zone_type", or a typedef
 * or base type name ("nodemask_t", "int").  The first definition with a
 * size wins (declarations are skipped).
 */
sd_status sd_dbg_type_by_name(struct sd_dbg *dbg, const char *name,
			      struct sd_dbg_type *ret, struct sd_err *err);
/**
 * The type of global variable @name.  A definition with a complete type is
 * preferred to an extern declaration (which may say "[]").
 */
sd_status sd_dbg_var_type(struct sd_dbg *dbg, const char *name,
			  struct sd_dbg_type *ret, struct sd_err *err);
/**
 * Member @path ("lru", "list.next": dotted, each step in a struct or union)
 * of struct/union @container: its byte offset from the container's start
 * and its type.  Members of anonymous structs and unions are found as if
 * they were the container's own.  Pointers are not followed: use
 * @type.target and sd_dbg_type_of.  A bit field gives the offset of the
 * byte holding its first bit.
 */
sd_status sd_dbg_member(struct sd_dbg *dbg,
			const struct sd_dbg_type *container, const char *path,
			int64_t *offset, struct sd_dbg_type *type,
			struct sd_err *err);
/** The value of enumerator @name (e.g. "PG_lru", "NR_FREE_PAGES"). */
sd_status sd_dbg_enum_value(struct sd_dbg *dbg, const char *name,
			    int64_t *value, struct sd_err *err);

/*
 * makedumpfile 1.7.2's own answers, as its erase filters get them
 * (doc/erase-filters.md, "Types"; src/debuginfo_mdf.c).  Variable @name:
 * the first one makedumpfile's search meets, whatever it is (an extern
 * declaration too).  Member @member of struct @sname: the struct is the
 * first of that name (or a typedef of one) with a size, and the member is
 * searched depth-first, also inside members that are structs or unions
 * (named or not), adding their offsets.  *@type is the DW_AT_type of the
 * variable or member (a DIE offset for sd_dbg_type_of; 0: none), and
 * *@length its array length: the first dimension (DW_AT_upper_bound + 1,
 * through one const), -1 when it is no array or gives no bound.
 * SD_ERR_NODATA when not found.
 */
sd_status sd_dbg_mdf_variable(struct sd_dbg *dbg, const char *name,
			      uint64_t *type, int64_t *length,
			      struct sd_err *err);
sd_status sd_dbg_mdf_member(struct sd_dbg *dbg, const char *sname,
			    const char *member, int64_t *offset,
			    uint64_t *type, int64_t *length,
			    struct sd_err *err);
sd_status sd_dbg_mdf_struct_size(struct sd_dbg *dbg, const char *sname,
				 int64_t *size, struct sd_err *err);

/**
 * makedumpfile -g: the VMCOREINFO text makedumpfile 1.7.2 writes from this
 * vmlinux, with PAGESIZE=@page_size (doc/debuginfo.md, "-g").  With
 * @release non-NULL, OSRELEASE is @release instead of the image's (the -x
 * dump path, where the note's release stands), and the printk caller_id
 * offset makedumpfile 1.7.5 also reads is added.  *@text is malloc()ed,
 * NUL-terminated, *@len bytes long.
 */
sd_status sd_dbg_vmcoreinfo(struct sd_dbg *dbg, long page_size,
			    const char *release, char **text, size_t *len,
			    struct sd_err *err) SD_MUST_CHECK;

#endif
