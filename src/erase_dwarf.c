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

/* makedumpfile's get_dwarf_base_type over a resolved type. */
static sd_status
chain(struct sd_dbg *dbg, const struct sd_dbg_type *start,
      struct sd_erase_type *out, struct sd_err *err)
{
	struct sd_dbg_type t = *start;
	unsigned f = 0, i;
	sd_status st = SD_OK;

	for (i = 0; i < MAX_CHAIN; i++) {
		if (t.kind == SD_DBG_POINTER)
			f |= SD_ET_PTR;
		else if (t.kind == SD_DBG_ARRAY)
			f |= SD_ET_ARRAY;
		else if (t.kind == SD_DBG_STRUCT)
			f |= SD_ET_STRUCT;
		else if (t.kind == SD_DBG_BASE)
			f |= SD_ET_BASE;
		if ((t.kind != SD_DBG_POINTER && t.kind != SD_DBG_ARRAY) ||
		    !t.target)
			break;
		st = sd_dbg_type_of(dbg, t.target, &t, err);
		if (st)
			return st;
	}
	out->flags = f;
	out->size = t.size;
	out->name[0] = '\0';
	if (t.kind != SD_DBG_POINTER && t.kind != SD_DBG_ARRAY && t.name)
		snprintf(out->name, sizeof(out->name), "%s", t.name);
	else if (f == SD_ET_PTR)
		snprintf(out->name, sizeof(out->name), "void");
	/* the length is read off the variable's own type (not a typedef's) */
	out->array_length = -1;
	if (start->kind == SD_DBG_ARRAY && !start->typedef_name)
		out->array_length = start->count < 0 ? 0 : start->count;
	return SD_OK;
}

static sd_status
symbol(void *ctx, const char *name, uint64_t *addr, struct sd_erase_type *t)
{
	struct sd_erase_dwarf *d = ctx;
	struct sd_dbg_type vt;
	struct sd_err err;

	if (sd_dbg_symbol(d->dbg, name, addr, &err) || !*addr)
		return SD_ERR_NODATA;
	if (d->arm64 || (*addr >= 0xffffffff80000000ULL &&
			 *addr < 0xffffffff80000000ULL + d->image_size))
		*addr += d->kaslr;
	if (sd_dbg_var_type(d->dbg, name, &vt, &err))
		return SD_OK;	/* no type: t->name stays empty */
	return chain(d->dbg, &vt, t, &err);
}

/* "struct NAME", else a typedef NAME of a struct (search_structure). */
static sd_status
container(struct sd_erase_dwarf *d, const char *sname, struct sd_dbg_type *ct)
{
	char full[SD_ERASE_NAME_MAX + 8];
	struct sd_err err;

	snprintf(full, sizeof(full), "struct %s", sname);
	if (!sd_dbg_type_by_name(d->dbg, full, ct, &err))
		return SD_OK;
	if (!sd_dbg_type_by_name(d->dbg, sname, ct, &err) &&
	    ct->kind == SD_DBG_STRUCT)
		return SD_OK;
	return SD_ERR_NODATA;
}

static sd_status
member(void *ctx, const char *sname, const char *mname, long *offset,
       struct sd_erase_type *t)
{
	struct sd_erase_dwarf *d = ctx;
	struct sd_dbg_type ct, mt;
	int64_t off;
	struct sd_err err;

	if (container(d, sname, &ct) ||
	    sd_dbg_member(d->dbg, &ct, mname, &off, &mt, &err))
		return SD_ERR_NODATA;
	*offset = (long)off;
	if (chain(d->dbg, &mt, t, &err) || t->size < 0)
		return SD_ERR_NODATA;	/* makedumpfile: no size, no member */
	return SD_OK;
}

static sd_status
struct_size(void *ctx, const char *sname, long *size)
{
	struct sd_dbg_type ct;

	if (container(ctx, sname, &ct))
		return SD_ERR_NODATA;
	*size = (long)ct.size;
	return SD_OK;
}

const struct sd_erase_types_ops sd_erase_dwarf_ops = {
	.symbol = symbol,
	.member = member,
	.struct_size = struct_size,
};
