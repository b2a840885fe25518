// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Types of a vmlinux's DWARF for callers that walk kernel data (the erase
 * filters, -x): named types, the types of global variables, members by
 * dotted path, enumerators (include/sievedump/debuginfo.h).
 */
#include <stdlib.h>
#include <string.h>

#include "debuginfo_int.h"

/* Strip typedefs and qualifiers from @die (in place); the first typedef's
 * name goes to *@td; false when the chain ends in void. */
static bool
resolve(struct sd_dbg *dbg, Dwarf_Die *die, const char **td)
{
	int n;

	for (n = 0; n < SD_DBG_MAX_DEPTH; n++) {
		switch (dbg->dw.dwarf_tag(die)) {
		case DW_TAG_typedef:
			if (td && !*td)
				*td = dbg->dw.dwarf_diename(die);
			/* fall through */
		case DW_TAG_const_type:
		case DW_TAG_volatile_type:
		case DW_TAG_restrict_type:
		case DW_TAG_atomic_type:
			if (!sd_dbg_die_type(dbg, die, die))
				return false;
			break;
		default:
			return true;
		}
	}
	return false;	/* a circle of typedefs: taken as void */
}

static bool
is_declaration(struct sd_dbg *dbg, Dwarf_Die *die)
{
	Dwarf_Attribute a;
	bool flag = false;

	return dbg->dw.dwarf_attr(die, DW_AT_declaration, &a) &&
	       dbg->dw.dwarf_formflag(&a, &flag) == 0 && flag;
}

/* Elements of all dimensions of array @die; -1 when one is not given. */
static int64_t
array_count(struct sd_dbg *dbg, Dwarf_Die *die)
{
	Dwarf_Die sub;
	int64_t count = 1;
	uint64_t v;
	int dims = 0;

	if (dbg->dw.dwarf_child(die, &sub) != 0)
		return -1;
	do {
		if (dbg->dw.dwarf_tag(&sub) != DW_TAG_subrange_type)
			continue;
		dims++;
		if (!sd_dbg_udata(dbg, &sub, DW_AT_count, &v)) {
			if (!sd_dbg_udata(dbg, &sub, DW_AT_upper_bound, &v) ||
			    v >= INT64_MAX)
				return -1;
			v++;
		}
		/* damaged DWARF: a count past int64_t is no count */
		if (v > INT64_MAX ||
		    __builtin_mul_overflow(count, (int64_t)v, &count))
			return -1;
	} while (dbg->dw.dwarf_siblingof(&sub, &sub) == 0);
	return dims ? count : -1;
}

static enum sd_dbg_kind
kind_of(int tag)
{
	switch (tag) {
	case DW_TAG_base_type:		return SD_DBG_BASE;
	case DW_TAG_pointer_type:	return SD_DBG_POINTER;
	case DW_TAG_array_type:		return SD_DBG_ARRAY;
	case DW_TAG_structure_type:	return SD_DBG_STRUCT;
	case DW_TAG_union_type:		return SD_DBG_UNION;
	case DW_TAG_enumeration_type:	return SD_DBG_ENUM;
	case DW_TAG_subroutine_type:	return SD_DBG_FUNC;
	default:			return SD_DBG_OTHER;
	}
}

/* Fill @t from the (unresolved) type DIE @die; @depth bounds arrays of
 * arrays. */
static void
describe_at(struct sd_dbg *dbg, Dwarf_Die *die, struct sd_dbg_type *t,
	    int depth)
{
	Dwarf_Die d = *die, target;
	const char *td = NULL;
	struct sd_dbg_type elem;

	memset(t, 0, sizeof(*t));
	t->size = t->count = -1;
	if (!resolve(dbg, &d, &td)) {
		t->kind = SD_DBG_VOID;
		t->typedef_name = td;
		return;
	}
	t->die = dbg->dw.dwarf_dieoffset(&d);
	t->kind = kind_of(dbg->dw.dwarf_tag(&d));
	t->name = dbg->dw.dwarf_diename(&d);
	t->typedef_name = td;
	if (t->kind != SD_DBG_FUNC && !is_declaration(dbg, &d))
		t->size = dbg->dw.dwarf_bytesize(&d);
	if (t->size < 0)
		t->size = -1;
	if (t->kind == SD_DBG_POINTER || t->kind == SD_DBG_ARRAY ||
	    t->kind == SD_DBG_FUNC || t->kind == SD_DBG_ENUM)
		t->target = sd_dbg_die_type(dbg, &d, &target)
			    ? dbg->dw.dwarf_dieoffset(&target) : 0;
	if (t->kind == SD_DBG_POINTER && t->size < 0)
		t->size = 8;
	if (t->kind != SD_DBG_ARRAY)
		return;
	t->count = array_count(dbg, &d);
	if (t->size < 0 && t->count >= 0 && t->target &&
	    depth < SD_DBG_MAX_DEPTH &&
	    dbg->dw.dwarf_offdie(dbg->dwarf, t->target, &target)) {
		describe_at(dbg, &target, &elem, depth + 1);
		if (elem.size >= 0 &&
		    __builtin_mul_overflow(t->count, elem.size, &t->size))
			t->size = -1;	/* damaged DWARF */
	}
}

static void
describe(struct sd_dbg *dbg, Dwarf_Die *die, struct sd_dbg_type *t)
{
	describe_at(dbg, die, t, 0);
}

sd_status
sd_dbg_type_of(struct sd_dbg *dbg, uint64_t die, struct sd_dbg_type *ret,
	       struct sd_err *err)
{
	Dwarf_Die d;

	if (!die) {
		memset(ret, 0, sizeof(*ret));
		ret->kind = SD_DBG_VOID;
		ret->size = ret->count = -1;
		return SD_OK;
	}
	if (!dbg->dw.dwarf_offdie(dbg->dwarf, die, &d))
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: no DIE at .debug_info offset 0x%llx: %s",
			       dbg->path, (unsigned long long)die,
			       dbg->dw.dwarf_errmsg(-1));
	describe(dbg, &d, ret);
	return SD_OK;
}

struct named {
	int tag;
	bool found;
	struct sd_dbg_type type;
};

static int
visit_named(struct sd_dbg *dbg, Dwarf_Die *die, void *ctx)
{
	struct named *n = ctx;
	int tag = dbg->dw.dwarf_tag(die);

	if (tag != n->tag && !(n->tag == DW_TAG_base_type &&
			       tag == DW_TAG_typedef))
		return SD_DBG_NEXT;
	describe(dbg, die, &n->type);
	if (n->type.size < 0 && n->type.kind != SD_DBG_VOID)
		return SD_DBG_NEXT;	/* a declaration: look on */
	n->found = true;
	return SD_DBG_STOP;
}

sd_status
sd_dbg_type_by_name(struct sd_dbg *dbg, const char *name,
		    struct sd_dbg_type *ret, struct sd_err *err)
{
	static const struct { const char *prefix; int tag; } kw[] = {
		{ "struct ", DW_TAG_structure_type },
		{ "union ", DW_TAG_union_type },
		{ "enum ", DW_TAG_enumeration_type },
	};
	struct named n = { .tag = DW_TAG_base_type };
	const char *bare = name;
	size_t i;
	sd_status st;

	for (i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		if (!strncmp(name, kw[i].prefix, strlen(kw[i].prefix))) {
			n.tag = kw[i].tag;
			bare = name + strlen(kw[i].prefix);
		}
	st = sd_dbg_scan(dbg, bare, visit_named, &n, err);
	if (st)
		return st;
	if (!n.found)
		return sd_fail(err, SD_ERR_NODATA, "%s: no type %s with a size",
			       dbg->path, name);
	*ret = n.type;
	return SD_OK;
}

struct var {
	bool found, complete;
	struct sd_dbg_type type;
};

static int
visit_var(struct sd_dbg *dbg, Dwarf_Die *die, void *ctx)
{
	struct var *v = ctx;
	Dwarf_Die t;
	struct sd_dbg_type type;

	if (dbg->dw.dwarf_tag(die) != DW_TAG_variable ||
	    !sd_dbg_die_type(dbg, die, &t))
		return SD_DBG_NEXT;
	describe(dbg, &t, &type);
	if (!v->found)
		v->type = type;
	v->found = true;
	if (type.size < 0 && type.kind != SD_DBG_VOID)
		return SD_DBG_NEXT;	/* extern T x[]; or incomplete */
	v->type = type;
	v->complete = true;
	return SD_DBG_STOP;
}

sd_status
sd_dbg_var_type(struct sd_dbg *dbg, const char *name, struct sd_dbg_type *ret,
		struct sd_err *err)
{
	struct var v = { 0 };
	sd_status st = sd_dbg_scan(dbg, name, visit_var, &v, err);

	if (st)
		return st;
	if (!v.found)
		return sd_fail(err, SD_ERR_NODATA, "%s: no variable %s",
			       dbg->path, name);
	*ret = v.type;
	return SD_OK;
}

/* Offset of a member DIE in its parent (0 in unions); -1: damaged. */
static int64_t
member_offset(struct sd_dbg *dbg, Dwarf_Die *m)
{
	Dwarf_Attribute a;
	int64_t off;
	uint64_t bits;

	if (dbg->dw.dwarf_attr(m, DW_AT_data_member_location, &a))
		return sd_dbg_member_location(dbg, m, &off) ? off : -1;
	if (sd_dbg_udata(dbg, m, DW_AT_data_bit_offset, &bits))
		return bits / 8 > SD_DBG_OFFSET_MAX ? -1 : (int64_t)(bits / 8);
	return 0;	/* a union's member */
}

/* One step: member @name of the resolved struct/union @c. */
static bool
find_member(struct sd_dbg *dbg, Dwarf_Die *c, const char *name, size_t len,
	    int64_t *off, Dwarf_Die *mtype, int depth)
{
	Dwarf_Die m, t;
	const char *n;

	if (depth > SD_DBG_MAX_DEPTH || dbg->dw.dwarf_child(c, &m) != 0)
		return false;
	do {
		if (dbg->dw.dwarf_tag(&m) != DW_TAG_member)
			continue;
		n = dbg->dw.dwarf_diename(&m);
		if (n && strlen(n) == len && !strncmp(n, name, len)) {
			*off = member_offset(dbg, &m);
			return *off >= 0 && sd_dbg_die_type(dbg, &m, mtype);
		}
		if (n || !sd_dbg_die_type(dbg, &m, &t) || !resolve(dbg, &t, NULL))
			continue;
		if ((dbg->dw.dwarf_tag(&t) == DW_TAG_structure_type ||
		     dbg->dw.dwarf_tag(&t) == DW_TAG_union_type) &&
		    find_member(dbg, &t, name, len, off, mtype, depth + 1)) {
			int64_t outer = member_offset(dbg, &m);

			*off += outer;
			return outer >= 0;
		}
	} while (dbg->dw.dwarf_siblingof(&m, &m) == 0);
	return false;
}

sd_status
sd_dbg_member(struct sd_dbg *dbg, const struct sd_dbg_type *container,
	      const char *path, int64_t *offset, struct sd_dbg_type *type,
	      struct sd_err *err)
{
	struct sd_dbg_type cur = *container;
	const char *p = path;
	int64_t total = 0, off;
	Dwarf_Die c, mt;

	for (;;) {
		size_t len = strcspn(p, ".");

		if ((cur.kind != SD_DBG_STRUCT && cur.kind != SD_DBG_UNION) ||
		    !dbg->dw.dwarf_offdie(dbg->dwarf, cur.die, &c))
			return sd_fail(err, SD_ERR_INVALID,
				       "%s: %.*s of %s: not a struct or union",
				       dbg->path, (int)(p - path), path,
				       container->name ? container->name
						       : "(anonymous)");
		if (!len || !find_member(dbg, &c, p, len, &off, &mt, 0))
			return sd_fail(err, SD_ERR_NODATA,
				       "%s: %s has no member %.*s", dbg->path,
				       cur.name ? cur.name : "(anonymous)",
				       (int)len, p);
		total += off;
		describe(dbg, &mt, &cur);
		if (!p[len])
			break;
		p += len + 1;
	}
	*offset = total;
	*type = cur;
	return SD_OK;
}

struct enum_value {
	bool found;
	int64_t value;
};

static int
visit_enum(struct sd_dbg *dbg, Dwarf_Die *die, void *ctx)
{
	struct enum_value *e = ctx;
	uint64_t v;

	if (dbg->dw.dwarf_tag(die) != DW_TAG_enumerator ||
	    !sd_dbg_udata(dbg, die, DW_AT_const_value, &v))
		return SD_DBG_NEXT;
	e->found = true;
	e->value = (int64_t)v;
	return SD_DBG_FOUND;
}

sd_status
sd_dbg_enum_value(struct sd_dbg *dbg, const char *name, int64_t *value,
		  struct sd_err *err)
{
	struct enum_value e = { 0 };
	sd_status st = sd_dbg_scan(dbg, name, visit_enum, &e, err);

	if (st)
		return st;
	if (!e.found)
		return sd_fail(err, SD_ERR_NODATA, "%s: no enumerator %s",
			       dbg->path, name);
	*value = e.value;
	return SD_OK;
}
