// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Erase statements into physical byte ranges, with makedumpfile 1.7.2's
 * rules (doc/erase-filters.md, "Resolving"): a SYM.member... expression is
 * walked through the debug information, every pointer on the way is
 * followed in the dumped kernel's memory, and the last one names what is
 * erased (the pointed-to data for a pointer, the pointer itself with
 * nullify).  for loops walk arrays, struct lists ('via') and list_head
 * lists ('within').  A symbol, member or pointer that cannot be had leaves
 * the command out with a warning, as makedumpfile does; a list that never
 * comes back to its head stops after rv->max_iterations elements.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sievedump/erase.h"
#include "erase_resolve.h"

enum { STRLEN_MAX = 1024 };

sd_status
er_warn(struct rctx *cx, const char *fmt, ...)
{
	char msg[600], what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(msg, sizeof(msg), "%s:%d: %s", cx->c->path, cx->line, what);
	if (cx->rv->warn)
		cx->rv->warn(cx->rv->warn_ctx, msg);
	return SKIP;
}

uint64_t
er_read_ptr(struct rctx *cx, uint64_t addr)
{
	uint64_t v = 0;

	if (cx->rv->mem->read(cx->rv->mem_ctx, addr, &v, sizeof(v))) {
		er_warn(cx, "can't read the pointer at 0x%llx", (unsigned long long)addr);
		return 0;
	}
	return v;
}

/* A char * string's length, at most 1024; 0 if unreadable. */
long
er_str_len(struct rctx *cx, uint64_t addr)
{
	char buf[STRLEN_MAX + 1];

	if (cx->rv->mem->read(cx->rv->mem_ctx, addr, buf, STRLEN_MAX))
		return 0;
	buf[STRLEN_MAX] = '\0';
	return (long)strlen(buf);
}

/* What every resolved symbol or member gets (resolve_config_entry). */
void
er_finish(struct rctx *cx, struct node *n)
{
	unsigned f = n->t.flags;

	if (!strcmp(n->t.name, "list_head"))
		n->t.flags = f |= SD_ET_LIST_HEAD;
	if (n->t.size < 0)
		n->t.size = 0;
	if ((f & SD_ET_ARRAY) && n->t.array_length < 0)
		n->t.array_length = 0;
	n->v = n->sym;
	if ((f & (SD_ET_ARRAY | SD_ET_PTR)) == SD_ET_PTR) {
		n->v = er_read_ptr(cx, n->sym);
		if (!strcmp(n->t.name, "void"))
			n->t.size = 0;
	}
	if ((f & (SD_ET_BASE | SD_ET_PTR | SD_ET_ARRAY)) ==
	    (SD_ET_BASE | SD_ET_PTR) && !strcmp(n->t.name, "char"))
		n->t.size = er_str_len(cx, n->v);
}

sd_status
er_symbol(struct rctx *cx, const char *name, struct node *n)
{
	memset(n, 0, sizeof(*n));
	if (cx->rv->types->symbol(cx->rv->types_ctx, name, &n->sym, &n->t))
		return er_warn(cx, "can't find symbol '%s'", name);
	if (!n->t.name[0])
		return er_warn(cx, "symbol '%s' has no type in the debug information",
			    name);
	er_finish(cx, n);
	return SD_OK;
}

sd_status
er_member_at(struct rctx *cx, const struct node *base, const char *name,
	  struct node *n, long *off)
{
	memset(n, 0, sizeof(*n));
	*off = 0;
	if (cx->rv->types->member(cx->rv->types_ctx, base->t.name, name, off,
				  &n->t) || !n->t.name[0])
		return er_warn(cx, "struct '%s' has no member with name '%s'",
			    base->t.name, name);
	n->sym = base->v + (uint64_t)*off;
	er_finish(cx, n);
	return SD_OK;
}

sd_status
er_member(struct rctx *cx, const struct node *base, const char *name,
       struct node *n)
{
	long off;

	return er_member_at(cx, base, name, n, &off);
}

/*
 * Walk @p from its symbol (or from @var, the loop's element, when it
 * starts with the iteration variable).  A NULL pointer on the way stops
 * the walk: *@stopped, and *@out is the node that held it.
 */
static sd_status
walk(struct rctx *cx, const struct sd_erase_path *p, const struct node *var,
     struct node *out, bool *stopped)
{
	struct node cur, next;
	sd_status st = SD_OK;
	unsigned i;

	*stopped = false;
	if (var)
		cur = *var;
	else
		st = er_symbol(cx, p->part[0], &cur);
	for (i = 1; !st && i < p->n; i++) {
		if (!cur.v) {
			*stopped = true;
			break;
		}
		st = er_member(cx, &cur, p->part[i], &next);
		cur = next;
	}
	*out = cur;
	return st;
}

/* The size of what a node names (get_config_symbol_size at the end). */
static long
node_size(const struct node *n)
{
	if (n->t.flags & SD_ET_ARRAY)
		return n->t.array_length *
		       ((n->t.flags & SD_ET_PTR) ? POINTER_SIZE : n->t.size);
	return n->t.size;
}

/* size SYMBOL: the integer it holds. */
static long
size_value(struct rctx *cx, const struct sd_erase_cmd *cmd,
	   const struct node *var)
{
	const struct sd_erase_path *p = &cmd->size_expr;
	uint8_t raw[8] = { 0 };
	struct node n;
	bool stopped;

	if (walk(cx, p, cmd->size_is_var ? var : NULL, &n, &stopped))
		return 0;
	if (stopped || (cmd->size_is_var && p->n == 1))
		return node_size(&n);
	if ((n.t.flags & (SD_ET_ARRAY | SD_ET_BASE)) != SD_ET_BASE ||
	    n.t.size > 8) {
		er_warn(cx, "size symbol/member '%s' is not of base type",
		     p->part[p->n - 1]);
		return 0;
	}
	if (n.t.size && cx->rv->mem->read(cx->rv->mem_ctx, n.v, raw,
					  (size_t)n.t.size)) {
		er_warn(cx, "can't read the size '%s' at 0x%llx", p->part[p->n - 1],
		     (unsigned long long)n.v);
		return 0;
	}
	switch (n.t.size) {	/* little-endian machines only */
	case 1: return raw[0];
	case 2: return raw[0] | raw[1] << 8;
	case 4: return (long)((uint32_t)raw[0] | (uint32_t)raw[1] << 8 |
			      (uint32_t)raw[2] << 16 | (uint32_t)raw[3] << 24);
	case 8: {
		uint64_t v;

		memcpy(&v, raw, 8);
		return (long)v;
	}
	default: return n.t.size;
	}
}

/* One erase command (update_filter_info); @node: its information node. */
sd_status
er_erase_cmd(struct rctx *cx, const struct sd_erase_cmd *cmd,
	  const struct node *var, uint32_t *node)
{
	bool nullify = cmd->size_kind == SD_ERASE_NULLIFY, stopped;
	uint64_t addr;
	struct node n;
	long size;
	sd_status st;

	cx->line = cmd->line;
	st = walk(cx, &cmd->target, var, &n, &stopped);
	if (st || stopped)
		return st == SKIP ? SD_OK : st;
	if (nullify)
		addr = (n.t.flags & SD_ET_PTR) ? n.sym : 0;
	else
		addr = n.v;
	if (!addr)
		return SD_OK;
	if (nullify)
		size = POINTER_SIZE;
	else if (cmd->size_kind == SD_ERASE_SIZE_VALUE)
		size = cmd->size_value;
	else if (cmd->size_kind == SD_ERASE_SIZE_EXPR)
		size = size_value(cx, cmd, var);
	else
		size = node_size(&n);
	if (size <= 0)
		return SD_OK;
	return sd_erase_add(cx->e, cmd->expr, node, addr,
			    cx->rv->mem->vtop(cx->rv->mem_ctx, addr),
			    (uint64_t)size, nullify, cx->err);
}

