/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Inside the debug-info module (src/debuginfo*.c): libdw's table, the index. */
#ifndef SIEVEDUMP_DEBUGINFO_INT_H
#define SIEVEDUMP_DEBUGINFO_INT_H

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <gelf.h>

#include "sievedump/debuginfo.h"

/*
 * The libdw and libelf functions used, resolved once per sd_dbg from the
 * dlopen()ed libdw (whose own dependency libelf gives the elf_ ones), so
 * that neither is in sievedump's NEEDED list.
 */
#define SD_DW_FUNCS(X) \
	X(elf_version) X(elf_begin) X(elf_end) X(elf_kind) X(elf_errno) \
	X(elf_errmsg) X(elf_getshdrstrndx) X(elf_getshdrnum) X(elf_nextscn) \
	X(elf_strptr) X(elf_getdata) X(elf_getphdrnum) X(gelf_getehdr) \
	X(gelf_getshdr) X(gelf_getsym) X(gelf_getphdr) \
	X(dwarf_begin_elf) X(dwarf_end) X(dwarf_errmsg) X(dwarf_nextcu) \
	X(dwarf_offdie) X(dwarf_child) X(dwarf_siblingof) X(dwarf_tag) \
	X(dwarf_diename) X(dwarf_dieoffset) X(dwarf_attr) \
	X(dwarf_formref_die) X(dwarf_formudata) X(dwarf_formflag) \
	X(dwarf_bytesize) X(dwarf_getlocation) X(dwarf_decl_file)

struct sd_dw {
#define SD_DW_FIELD(f) __typeof__(&f) f;
	SD_DW_FUNCS(SD_DW_FIELD)
#undef SD_DW_FIELD
};

/*
 * Hostile DWARF may chain typedefs in a circle or nest DIEs without end:
 * every walk along a chain stops after this many steps (real kernels need
 * fewer than 10).
 */
#define SD_DBG_MAX_DEPTH 64

/* A name of the index: the compile units it appears in (first, last). */
struct sd_dbg_name {
	const char *name;	/* libdw's string, valid while open */
	uint32_t first_cu, last_cu;
};

struct sd_dbg {
	const char *path;
	int fd;
	uint64_t file_size;
	Elf *elf;
	Dwarf *dwarf;
	void *lib;
	struct sd_dw dw;
	struct sd_budget *budget;
	uint64_t reserved;	/* held for libdw's heap */
	uint64_t abbrev_size;	/* .debug_abbrev bytes */
	uint32_t info_compression;	/* .debug_info's ch_type (ELFCOMPRESS_*), 0: none */
	uint64_t *cu;		/* CU DIE offsets, file order */
	size_t n_cu, cap_cu;
	struct sd_dbg_name *names;	/* open addressing, power of two */
	size_t n_names, cap_names;
	Elf_Scn *symtab;
	GElf_Shdr symtab_shdr;
};

/*
 * A visit of the scan: SD_DBG_NEXT goes on, SD_DBG_STOP ends the scan,
 * SD_DBG_FOUND ends it after the current sibling list (makedumpfile's
 * enumerator search: the last match in that list wins).
 */
enum { SD_DBG_NEXT, SD_DBG_STOP, SD_DBG_FOUND };
typedef int sd_dbg_visit(struct sd_dbg *dbg, Dwarf_Die *die, void *ctx);

/* Build the name index (sd_dbg_open). */
sd_status sd_dbg_index(struct sd_dbg *dbg, struct sd_err *err);
/*
 * Visit every DIE named @name in makedumpfile's search order
 * (doc/debuginfo.md, "Search order"): compile units in file order; in each,
 * the chain of first children deepest first, each with its siblings;
 * enumerators inside the enumeration types of those lists.
 */
sd_status sd_dbg_scan(struct sd_dbg *dbg, const char *name,
		      sd_dbg_visit *visit, void *ctx, struct sd_err *err);

/* DW_AT_type of @die into @ret; false when absent. */
bool sd_dbg_die_type(struct sd_dbg *dbg, Dwarf_Die *die, Dwarf_Die *ret);
/* Member offsets past this are damaged DWARF (no kernel struct is 4 GiB). */
#define SD_DBG_OFFSET_MAX ((uint64_t)UINT32_MAX)
/* DW_AT_data_member_location as a constant; false when absent or past
 * SD_DBG_OFFSET_MAX. */
bool sd_dbg_member_location(struct sd_dbg *dbg, Dwarf_Die *die,
			    int64_t *ret);
/* Unsigned attribute @at of @die; false when absent. */
bool sd_dbg_udata(struct sd_dbg *dbg, Dwarf_Die *die, unsigned at,
		  uint64_t *ret);

#endif
