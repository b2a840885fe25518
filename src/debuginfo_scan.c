// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The search of the DWARF tree in makedumpfile's order, and the index that
 * makes it fast: each name maps to the first and last compile unit where a
 * lookup could find it, so that a lookup walks only those units instead of
 * the whole .debug_info (doc/debuginfo.md, "Search order", "Memory").
 */
#include <stdlib.h>
#include <string.h>

#include "debuginfo_int.h"

/* The tags a lookup may match; other DIEs are walked but not indexed. */
static bool
indexed_tag(int tag)
{
	switch (tag) {
	case DW_TAG_variable:
	case DW_TAG_structure_type:
	case DW_TAG_union_type:
	case DW_TAG_typedef:
	case DW_TAG_enumeration_type:
	case DW_TAG_enumerator:
	case DW_TAG_base_type:
		return true;
	default:
		return false;
	}
}

static uint64_t
hash_name(const char *s)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static struct sd_dbg_name *
slot(struct sd_dbg_name *tab, size_t cap, const char *name)
{
	size_t i = hash_name(name) & (cap - 1);

	while (tab[i].name && strcmp(tab[i].name, name))
		i = (i + 1) & (cap - 1);
	return &tab[i];
}

static sd_status
grow_names(struct sd_dbg *dbg, struct sd_err *err)
{
	size_t cap = dbg->cap_names ? 2 * dbg->cap_names : 4096, i;
	struct sd_dbg_name *tab;
	sd_status st;

	st = sd_balloc(dbg->budget, cap * sizeof(*tab), 1,
		       "the debug-information name index", (void **)&tab, err);
	if (st)
		return st;
	for (i = 0; i < dbg->cap_names; i++)
		if (dbg->names[i].name)
			*slot(tab, cap, dbg->names[i].name) = dbg->names[i];
	sd_bfree(dbg->budget, dbg->names, dbg->cap_names * sizeof(*tab));
	dbg->names = tab;
	dbg->cap_names = cap;
	return SD_OK;
}

static sd_status
add_name(struct sd_dbg *dbg, const char *name, uint32_t cu,
	 struct sd_err *err)
{
	struct sd_dbg_name *e;
	sd_status st;

	if (2 * (dbg->n_names + 1) > dbg->cap_names) {
		st = grow_names(dbg, err);
		if (st)
			return st;
	}
	e = slot(dbg->names, dbg->cap_names, name);
	if (!e->name) {
		e->name = name;
		e->first_cu = cu;
		dbg->n_names++;
	}
	e->last_cu = cu;
	return SD_OK;
}

static sd_status
index_die(struct sd_dbg *dbg, Dwarf_Die *die, uint32_t cu,
	  struct sd_err *err)
{
	int tag = dbg->dw.dwarf_tag(die);
	const char *name;
	Dwarf_Die e;
	sd_status st = SD_OK;

	if (!indexed_tag(tag))
		return SD_OK;
	name = dbg->dw.dwarf_diename(die);
	if (name)
		st = add_name(dbg, name, cu, err);
	if (st || tag != DW_TAG_enumeration_type ||
	    dbg->dw.dwarf_child(die, &e) != 0)
		return st;
	do {
		name = dbg->dw.dwarf_diename(&e);
		if (name && dbg->dw.dwarf_tag(&e) == DW_TAG_enumerator)
			st = add_name(dbg, name, cu, err);
	} while (!st && dbg->dw.dwarf_siblingof(&e, &e) == 0);
	return st;
}

/* One sibling list, after the chain of first children below it. */
static sd_status
index_level(struct sd_dbg *dbg, Dwarf_Die *first, uint32_t cu, int depth,
	    struct sd_err *err)
{
	Dwarf_Die child, d = *first;
	sd_status st = SD_OK;

	if (depth > SD_DBG_MAX_DEPTH)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: .debug_info offset 0x%llx: DIEs nested more than %d deep",
			       dbg->path,
			       (unsigned long long)dbg->dw.dwarf_dieoffset(first),
			       SD_DBG_MAX_DEPTH);
	if (dbg->dw.dwarf_child(first, &child) == 0)
		st = index_level(dbg, &child, cu, depth + 1, err);
	while (!st) {
		st = index_die(dbg, &d, cu, err);
		if (dbg->dw.dwarf_siblingof(&d, &d) != 0)
			break;
	}
	return st;
}

static sd_status
add_cu(struct sd_dbg *dbg, uint64_t off, struct sd_err *err)
{
	sd_status st;

	if (dbg->n_cu == dbg->cap_cu) {
		size_t cap = dbg->cap_cu ? 2 * dbg->cap_cu : 256;

		st = sd_brealloc(dbg->budget, (void **)&dbg->cu,
				 dbg->cap_cu * sizeof(*dbg->cu),
				 cap * sizeof(*dbg->cu),
				 "the debug-information unit list", err);
		if (st)
			return st;
		dbg->cap_cu = cap;
	}
	dbg->cu[dbg->n_cu++] = off;
	return SD_OK;
}

static const char *
compression_name(uint32_t ch_type)
{
	switch (ch_type) {
	case 1:		return "zlib";	/* ELFCOMPRESS_ZLIB */
	case 2:		return "zstd";	/* ELFCOMPRESS_ZSTD */
	default:	return "an unknown method";
	}
}

sd_status
sd_dbg_index(struct sd_dbg *dbg, struct sd_err *err)
{
	Dwarf_Off off = 0, next;
	size_t hsize;
	Dwarf_Die cu;
	sd_status st = SD_OK;

	while (!st && dbg->dw.dwarf_nextcu(dbg->dwarf, off, &next, &hsize,
					   NULL, NULL, NULL) == 0) {
		if (!dbg->dw.dwarf_offdie(dbg->dwarf, off + hsize, &cu))
			return sd_fail(err, SD_ERR_CORRUPT,
				       "%s: .debug_info offset 0x%llx: no compile unit DIE: %s",
				       dbg->path,
				       (unsigned long long)(off + hsize),
				       dbg->dw.dwarf_errmsg(-1));
		st = add_cu(dbg, off + hsize, err);
		if (!st)
			st = index_level(dbg, &cu, (uint32_t)(dbg->n_cu - 1),
					 0, err);
		off = next;
	}
	if (!st && !dbg->n_cu && dbg->info_compression)
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "%s: .debug_info is compressed (%s) and %s reads no compile unit from it: decompress it first (objcopy --decompress-debug-sections)",
			       dbg->path, compression_name(dbg->info_compression),
			       LIBDW_SONAME);
	if (!st && !dbg->n_cu)
		return sd_fail(err, SD_ERR_INVALID,
			       "%s: .debug_info holds no compile unit",
			       dbg->path);
	return st;
}

static int
scan_enumerators(struct sd_dbg *dbg, Dwarf_Die *en, const char *name,
		 sd_dbg_visit *visit, void *ctx)
{
	Dwarf_Die e;
	const char *n;
	int r, found = SD_DBG_NEXT;

	if (dbg->dw.dwarf_child(en, &e) != 0)
		return SD_DBG_NEXT;
	do {
		n = dbg->dw.dwarf_diename(&e);
		if (!n || strcmp(n, name) ||
		    dbg->dw.dwarf_tag(&e) != DW_TAG_enumerator)
			continue;
		r = visit(dbg, &e, ctx);
		if (r == SD_DBG_STOP)
			return r;
		if (r == SD_DBG_FOUND)
			found = r;
	} while (dbg->dw.dwarf_siblingof(&e, &e) == 0);
	return found;
}

static int
scan_level(struct sd_dbg *dbg, Dwarf_Die *first, const char *name,
	   sd_dbg_visit *visit, void *ctx)
{
	Dwarf_Die child, d = *first;
	const char *n;
	int r, found = SD_DBG_NEXT;

	/* the index walked the same chain: no deeper than SD_DBG_MAX_DEPTH */
	if (dbg->dw.dwarf_child(first, &child) == 0) {
		r = scan_level(dbg, &child, name, visit, ctx);
		if (r != SD_DBG_NEXT)
			return r;
	}
	do {
		n = dbg->dw.dwarf_diename(&d);
		r = n && !strcmp(n, name) ? visit(dbg, &d, ctx) : SD_DBG_NEXT;
		if (r == SD_DBG_NEXT &&
		    dbg->dw.dwarf_tag(&d) == DW_TAG_enumeration_type)
			r = scan_enumerators(dbg, &d, name, visit, ctx);
		if (r == SD_DBG_STOP)
			return r;
		if (r == SD_DBG_FOUND)
			found = r;
	} while (dbg->dw.dwarf_siblingof(&d, &d) == 0);
	return found;
}

sd_status
sd_dbg_scan(struct sd_dbg *dbg, const char *name, sd_dbg_visit *visit,
	    void *ctx, struct sd_err *err)
{
	struct sd_dbg_name *e;
	Dwarf_Die cu;
	size_t i;

	if (!dbg->cap_names)	/* no name at all (fuzz-debuginfo found it) */
		return SD_OK;
	e = slot(dbg->names, dbg->cap_names, name);
	if (!e->name)
		return SD_OK;
	for (i = e->first_cu; i <= e->last_cu; i++) {
		if (!dbg->dw.dwarf_offdie(dbg->dwarf, dbg->cu[i], &cu))
			return sd_fail(err, SD_ERR_CORRUPT,
				       "%s: compile unit at 0x%llx: %s",
				       dbg->path,
				       (unsigned long long)dbg->cu[i],
				       dbg->dw.dwarf_errmsg(-1));
		if (scan_level(dbg, &cu, name, visit, ctx) != SD_DBG_NEXT)
			break;
	}
	return SD_OK;
}

bool
sd_dbg_die_type(struct sd_dbg *dbg, Dwarf_Die *die, Dwarf_Die *ret)
{
	Dwarf_Attribute a;

	return dbg->dw.dwarf_attr(die, DW_AT_type, &a) &&
	       dbg->dw.dwarf_formref_die(&a, ret) != NULL;
}

bool
sd_dbg_udata(struct sd_dbg *dbg, Dwarf_Die *die, unsigned at, uint64_t *ret)
{
	Dwarf_Attribute a;
	Dwarf_Word w;

	if (!dbg->dw.dwarf_attr(die, at, &a) ||
	    dbg->dw.dwarf_formudata(&a, &w) != 0)
		return false;
	*ret = w;
	return true;
}

/*
 * A constant location, or an expression whose first operation carries the
 * offset (DW_OP_plus_uconst: old compilers), as makedumpfile reads it.
 */
bool
sd_dbg_member_location(struct sd_dbg *dbg, Dwarf_Die *die, int64_t *ret)
{
	Dwarf_Attribute a;
	Dwarf_Op *expr;
	size_t n;

	if (!dbg->dw.dwarf_attr(die, DW_AT_data_member_location, &a) ||
	    dbg->dw.dwarf_getlocation(&a, &expr, &n) != 0 || n < 1 ||
	    expr[0].number > SD_DBG_OFFSET_MAX)
		return false;	/* none, or damaged: no struct is 4 GiB */
	*ret = (int64_t)expr[0].number;
	return true;
}
