// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The resolver's questions to the debug information, answered through
 * the debuginfo API (include/sievedump/debuginfo.h) the way makedumpfile
 * 1.7.2's own DWARF code answers them (doc/erase-filters.md, "Types"): a
 * type's chain is followed through pointers and arrays to its end; the
 * flags are gathered on the way; the name and size are the end's (a
 * pointer to void ends at the pointer: "void", 8 bytes).  Symbols in the
 * kernel image move by KERNELOFFSET.
 */
#include <stdio.h>
#include <string.h>

#include "sievedump/debuginfo.h"
#include "sievedump/erase.h"
#include "erase_dwarf.h"

enum { MAX_CHAIN = 64 };

/*
 * makedumpfile's get_dwarf_base_type: from DW_AT_type @die, every next
 * DW_AT_type to the end of the chain (pointers, arrays, a function's
 * return type, an enum's underlying type; typedefs and qualifiers are
 * resolved by sd_dbg_type_of), noting pointers, arrays, structs and base
 * types met; the name and size are the end's.  @length: the variable's
 * or member's own array length (-1: none), kept for arrays only.
 */
static sd_status
chain(struct sd_dbg *dbg, uint64_t die, int64_t length,
      struct sd_erase_type *out, struct sd_err *err)
{
	struct sd_dbg_type t;
	unsigned f = 0, i;
	sd_status st = sd_dbg_type_of(dbg, die, &t, err);

	for (i = 0; !st && i < MAX_CHAIN; i++) {
		if (t.kind == SD_DBG_POINTER)
			f |= SD_ET_PTR;
		else if (t.kind == SD_DBG_ARRAY)
			f |= SD_ET_ARRAY;
		else if (t.kind == SD_DBG_STRUCT)
			f |= SD_ET_STRUCT;
		else if (t.kind == SD_DBG_BASE)
			f |= SD_ET_BASE;
		if (!t.target)
			break;
		st = sd_dbg_type_of(dbg, t.target, &t, err);
	}
	if (st)
		return st;
	out->flags = f;
	out->size = t.size;
	out->name[0] = '\0';
	if (t.name)
		snprintf(out->name, sizeof(out->name), "%s", t.name);
	else if (f == SD_ET_PTR)
		snprintf(out->name, sizeof(out->name), "void");
	out->array_length = -1;
	if (f & SD_ET_ARRAY)
		out->array_length = length < 0 ? 0 : length;
	return SD_OK;
}

static sd_status
symbol(void *ctx, const char *name, uint64_t *addr, struct sd_erase_type *t)
{
	struct sd_erase_dwarf *d = ctx;
	uint64_t type;
	int64_t length;
	struct sd_err err;

	if (sd_dbg_symbol(d->dbg, name, addr, &err) || !*addr)
		return SD_ERR_NODATA;
	if (d->arm64 || (*addr >= 0xffffffff80000000ULL &&
			 *addr < 0xffffffff80000000ULL + d->image_size))
		*addr += d->kaslr;
	if (sd_dbg_mdf_variable(d->dbg, name, &type, &length, &err))
		return SD_OK;	/* no type: t->name stays empty */
	return chain(d->dbg, type, length, t, &err);
}

static sd_status
member(void *ctx, const char *sname, const char *mname, long *offset,
       struct sd_erase_type *t)
{
	struct sd_erase_dwarf *d = ctx;
	uint64_t type;
	int64_t off, length;
	struct sd_err err;

	if (sd_dbg_mdf_member(d->dbg, sname, mname, &off, &type, &length,
			      &err))
		return SD_ERR_NODATA;
	*offset = (long)off;
	if (chain(d->dbg, type, length, t, &err) || t->size < 0)
		return SD_ERR_NODATA;	/* makedumpfile: no size, no member */
	return SD_OK;
}

static sd_status
struct_size(void *ctx, const char *sname, long *size)
{
	struct sd_erase_dwarf *d = ctx;
	int64_t sz;
	struct sd_err err;

	if (sd_dbg_mdf_struct_size(d->dbg, sname, &sz, &err))
		return SD_ERR_NODATA;
	*size = (long)sz;
	return SD_OK;
}

const struct sd_erase_types_ops sd_erase_dwarf_ops = {
	.symbol = symbol,
	.member = member,
	.struct_size = struct_size,
};
