// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * makedumpfile's own DWARF lookups, with their quirks (structures only,
 * typedefs of structures, the first union of struct page, array lengths
 * from DW_AT_upper_bound only), so that -g and -x find exactly the values
 * makedumpfile 1.7.2 finds (doc/debuginfo.md, "makedumpfile's lookups").
 * Each returns -1 for "not found", as makedumpfile's tables hold.
 */
#include <limits.h>
#include <string.h>

#include "debuginfo_mdf.h"

struct q {
	enum sd_mdf_member mode;
	const char *member;
	int depth;	/* of search_member's descent into members */
	bool found;
	long value;
	const char *str;
};

/* Array length of the type of @die: upper bound + 1, through one const. */
static bool
array_length(struct sd_dbg *dbg, Dwarf_Die *die, long *len)
{
	Dwarf_Die t, sub;
	uint64_t ub;

	if (!sd_dbg_die_type(dbg, die, &t))
		return false;
	if (dbg->dw.dwarf_tag(&t) == DW_TAG_const_type &&
	    !sd_dbg_die_type(dbg, &t, &t))
		return false;
	if (dbg->dw.dwarf_tag(&t) != DW_TAG_array_type)
		return true;	/* not an array: found, no length */
	if (dbg->dw.dwarf_child(&t, &sub) != 0)
		return false;
	while (dbg->dw.dwarf_tag(&sub) != DW_TAG_subrange_type)
		if (dbg->dw.dwarf_siblingof(&sub, &sub) != 0)
			return false;
	if (!sd_dbg_udata(dbg, &sub, DW_AT_upper_bound, &ub))
		return false;
	*len = (long)(ub + 1);
	return true;
}

/* The DIE offset of @die's DW_AT_type, 0 when it has none. */
static long
type_die(struct sd_dbg *dbg, Dwarf_Die *die)
{
	Dwarf_Die t;

	return sd_dbg_die_type(dbg, die, &t) ? (long)dbg->dw.dwarf_dieoffset(&t)
					     : 0;
}

static bool
is_container(struct sd_dbg *dbg, Dwarf_Die *t, enum sd_mdf_member mode)
{
	int tag = dbg->dw.dwarf_tag(t);

	return tag == DW_TAG_structure_type ||
	       (mode != SD_MDF_FIRST_UNION && tag == DW_TAG_union_type);
}

static bool search_member(struct sd_dbg *dbg, Dwarf_Die *s, struct q *q);

/* What @mode wants of member @m (named @name) of @s; true when done. */
static bool
member_hit(struct sd_dbg *dbg, Dwarf_Die *s, Dwarf_Die *m, const char *name,
	   struct q *q)
{
	Dwarf_Die t;
	int64_t off;
	long len = -1;

	if (q->mode == SD_MDF_FIRST_UNION) {
		if (!sd_dbg_die_type(dbg, m, &t) ||
		    dbg->dw.dwarf_tag(&t) != DW_TAG_union_type ||
		    !sd_dbg_member_location(dbg, m, &off))
			return false;
		q->value = (long)off;
		return true;
	}
	if (!name || strcmp(name, q->member))
		return false;
	if (q->mode == SD_MDF_TYPE) {
		q->value = type_die(dbg, m);
		return true;
	}
	if (q->mode == SD_MDF_LENGTH) {
		if (!array_length(dbg, m, &len))
			return false;
		q->value = len;
		return true;
	}
	if (dbg->dw.dwarf_tag(s) == DW_TAG_union_type)
		off = 0;
	else if (!sd_dbg_member_location(dbg, m, &off))
		return false;
	q->value = (long)off;
	return true;
}

static bool
search_member(struct sd_dbg *dbg, Dwarf_Die *s, struct q *q)
{
	Dwarf_Die m, t;
	const char *name;
	int64_t off;

	if (q->depth > SD_DBG_MAX_DEPTH || dbg->dw.dwarf_child(s, &m) != 0)
		return false;
	do {
		bool hit;

		if (dbg->dw.dwarf_tag(&m) != DW_TAG_member)
			continue;
		name = dbg->dw.dwarf_diename(&m);
		q->depth++;
		hit = (!name || strcmp(name, q->member)) &&
		      sd_dbg_die_type(dbg, &m, &t) &&
		      is_container(dbg, &t, q->mode) && search_member(dbg, &t, q);
		q->depth--;
		if (hit) {
			if (q->mode != SD_MDF_LENGTH &&
			    q->mode != SD_MDF_TYPE && q->value != -1 &&
			    sd_dbg_member_location(dbg, &m, &off))
				q->value += (long)off;
			return true;
		}
		if (member_hit(dbg, s, &m, name, q))
			return true;
	} while (dbg->dw.dwarf_siblingof(&m, &m) == 0);
	return false;
}

/* makedumpfile's structure search: a struct, or a typedef of one, sized. */
static int
visit_struct(struct sd_dbg *dbg, Dwarf_Die *die, void *ctx)
{
	struct q *q = ctx;
	Dwarf_Die d = *die;
	int tag = dbg->dw.dwarf_tag(&d), n = 0;

	if (tag == DW_TAG_typedef) {
		if (!sd_dbg_die_type(dbg, die, &d))
			return SD_DBG_STOP;
		while ((tag = dbg->dw.dwarf_tag(&d)) == DW_TAG_typedef)
			if (++n > SD_DBG_MAX_DEPTH ||
			    !sd_dbg_die_type(dbg, &d, &d))
				return SD_DBG_STOP;
	}
	if (tag != DW_TAG_structure_type || dbg->dw.dwarf_bytesize(&d) <= 0)
		return SD_DBG_NEXT;
	q->found = true;
	if (!q->member)
		q->value = dbg->dw.dwarf_bytesize(&d);
	else
		search_member(dbg, &d, q);
	return SD_DBG_STOP;
}

static long
run(struct sd_dbg *dbg, const char *name, sd_dbg_visit *visit, struct q *q,
    struct sd_err *err)
{
	q->value = -1;
	if (sd_dbg_scan(dbg, name, visit, q, err))
		return -2;
	return q->value;
}

long
sd_mdf_struct_size(struct sd_dbg *dbg, const char *name, struct sd_err *err)
{
	struct q q = { 0 };

	return run(dbg, name, visit_struct, &q, err);
}

long
sd_mdf_member(struct sd_dbg *dbg, const char *sname, const char *member,
	      enum sd_mdf_member mode, struct sd_err *err)
{
	struct q q = { .mode = mode, .member = member ? member : "" };

	return run(dbg, sname, visit_struct, &q, err);
}

static int
visit_typedef(struct sd_dbg *dbg, Dwarf_Die *die, void *ctx)
{
	struct q *q = ctx;
	Dwarf_Die t;
	int n = 0;

	if (dbg->dw.dwarf_tag(die) != DW_TAG_typedef)
		return SD_DBG_NEXT;
	if (q->member) {	/* the source file */
		q->str = dbg->dw.dwarf_decl_file(die);
		return q->str ? SD_DBG_STOP : SD_DBG_NEXT;
	}
	if (!sd_dbg_die_type(dbg, die, &t))
		return SD_DBG_STOP;
	while (dbg->dw.dwarf_tag(&t) == DW_TAG_typedef)
		if (++n > SD_DBG_MAX_DEPTH || !sd_dbg_die_type(dbg, &t, &t))
			return SD_DBG_STOP;
	if (dbg->dw.dwarf_bytesize(&t) <= 0)
		return SD_DBG_NEXT;
	q->value = dbg->dw.dwarf_bytesize(&t);
	return SD_DBG_STOP;
}

long
sd_mdf_typedef_size(struct sd_dbg *dbg, const char *name, struct sd_err *err)
{
	struct q q = { 0 };

	return run(dbg, name, visit_typedef, &q, err);
}

const char *
sd_mdf_srcfile(struct sd_dbg *dbg, const char *name, struct sd_err *err)
{
	struct q q = { .member = "" };

	run(dbg, name, visit_typedef, &q, err);
	return q.str;
}

/* The first variable named so in its list decides, whatever its type. */
static int
visit_symbol(struct sd_dbg *dbg, Dwarf_Die *die, void *ctx)
{
	struct q *q = ctx;
	Dwarf_Die t;
	long len = -1;

	if (dbg->dw.dwarf_tag(die) != DW_TAG_variable)
		return SD_DBG_NEXT;
	if (q->mode == SD_MDF_ARRAY_TYPE) {
		if (sd_dbg_die_type(dbg, die, &t) &&
		    dbg->dw.dwarf_tag(&t) == DW_TAG_array_type)
			q->value = LONG_MAX - 1;
	} else if (q->mode == SD_MDF_TYPE) {
		q->value = type_die(dbg, die);
	} else if (array_length(dbg, die, &len)) {
		q->value = len;
	}
	return SD_DBG_STOP;
}

long
sd_mdf_symbol_array(struct sd_dbg *dbg, const char *name,
		    enum sd_mdf_member mode, struct sd_err *err)
{
	struct q q = { .mode = mode };

	return run(dbg, name, visit_symbol, &q, err);
}

long
sd_mdf_enum(struct sd_dbg *dbg, const char *name, struct sd_err *err)
{
	int64_t v;
	sd_status st = sd_dbg_enum_value(dbg, name, &v, err);

	if (st == SD_ERR_NODATA)
		return -1;
	return st ? -2 : (long)v;
}

/* ---- the erase filters' lookups (include/sievedump/debuginfo.h) ---- */

/* -1: not found, -2: an error; else SD_OK with *@out = @v. */
static sd_status
answer(long v, int64_t *out, const char *what, const char *name,
       struct sd_err *err)
{
	if (v == -2)
		return SD_ERR_CORRUPT;	/* err set by the scan */
	if (v == -1)
		return sd_fail(err, SD_ERR_NODATA, "no %s %s", what, name);
	*out = v;
	return SD_OK;
}

sd_status
sd_dbg_mdf_variable(struct sd_dbg *dbg, const char *name, uint64_t *type,
		    int64_t *length, struct sd_err *err)
{
	int64_t t = 0;
	sd_status st = answer(sd_mdf_symbol_array(dbg, name, SD_MDF_TYPE, err),
			      &t, "variable", name, err);

	if (st)
		return st;
	*type = (uint64_t)t;
	*length = sd_mdf_symbol_array(dbg, name, SD_MDF_LENGTH, err);
	return *length == -2 ? SD_ERR_CORRUPT : SD_OK;
}

sd_status
sd_dbg_mdf_member(struct sd_dbg *dbg, const char *sname, const char *member,
		  int64_t *offset, uint64_t *type, int64_t *length,
		  struct sd_err *err)
{
	int64_t t = 0;
	sd_status st = answer(sd_mdf_member(dbg, sname, member, SD_MDF_OFFSET,
					    err), offset, "member", member, err);

	if (!st)
		st = answer(sd_mdf_member(dbg, sname, member, SD_MDF_TYPE, err),
			    &t, "member", member, err);
	if (st)
		return st;
	*type = (uint64_t)t;
	*length = sd_mdf_member(dbg, sname, member, SD_MDF_LENGTH, err);
	return *length == -2 ? SD_ERR_CORRUPT : SD_OK;
}

sd_status
sd_dbg_mdf_struct_size(struct sd_dbg *dbg, const char *sname, int64_t *size,
		       struct sd_err *err)
{
	return answer(sd_mdf_struct_size(dbg, sname, err), size, "structure",
		      sname, err);
}
