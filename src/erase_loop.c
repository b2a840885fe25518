// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * for loops of the filter file (doc/erase-filters.md, "Loops"): what the
 * LIST expression can be walked as (an array, a struct list through a
 * next member, a list_head list), and the walk itself, with makedumpfile
 * 1.7.2's element rules; then every statement in file order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sievedump/erase.h"
#include "erase_resolve.h"

/* ---- for loops ---- */

enum shape { EMPTY, ARRAY, STRUCT_LIST, HEAD_LIST };

struct list {
	enum shape shape;
	struct node s;		/* the array, or the node the walk starts at */
	struct node t;		/* the next member, resolved at s.v */
	long t_off;
	struct sd_erase_type out;	/* what the iteration variable is */
};

/* The next member must lead to the same type (resolve_config_entry). */
static sd_status
check_next(struct rctx *cx, const struct node *s, const struct node *t,
	   const char *name)
{
	if (((t->t.flags & (SD_ET_BASE | SD_ET_ARRAY)) == SD_ET_BASE &&
	     strcmp(t->t.name, "void")) || strcmp(s->t.name, t->t.name))
		return er_warn(cx, "member '%s' of '%s' does not lead to another '%s': no list to walk",
			    name, s->t.name, s->t.name);
	if (t->t.flags & SD_ET_ARRAY)
		return er_warn(cx, "member '%s' is an array: no list to walk", name);
	return SD_OK;
}

static sd_status
walk_to(struct rctx *cx, struct list *l, const char *next)
{
	sd_status st;

	if (!l->s.v) {
		l->shape = EMPTY;
		return SD_OK;
	}
	st = er_member_at(cx, &l->s, next, &l->t, &l->t_off);
	if (!st)
		st = check_next(cx, &l->s, &l->t, next);
	l->shape = (l->s.t.flags & SD_ET_LIST_HEAD) ? HEAD_LIST : STRUCT_LIST;
	l->out = l->t.t;
	return st;
}

/* The last node of LIST, without 'via': what it can be walked as. */
static sd_status
list_end(struct rctx *cx, const struct sd_erase_stmt *s, struct list *l,
	 const struct node *nodes)
{
	unsigned k = s->list.n;
	const struct node *last = &nodes[k - 1];
	unsigned f = last->t.flags;

	if (k >= 2 && (nodes[k - 2].t.flags & SD_ET_LIST_HEAD)) {
		l->s = nodes[k - 2];	/* HEAD.next: the member is the walk */
		l->t = *last;
		l->t_off = (long)(last->sym - l->s.v);
		l->shape = HEAD_LIST;
		l->out = last->t;
		return check_next(cx, &l->s, &l->t, s->list.part[k - 1]);
	}
	l->s = *last;
	if ((f & SD_ET_LIST_HEAD) ||
	    (f & (SD_ET_STRUCT | SD_ET_ARRAY)) == SD_ET_STRUCT)
		return walk_to(cx, l, "next");
	if (f & SD_ET_ARRAY) {
		l->shape = ARRAY;
		l->out = last->t;
		return SD_OK;
	}
	return er_warn(cx, "'%s' is not an array, a struct or a list_head: nothing to walk",
		    s->list.part[k - 1]);
}

static sd_status
list_nodes(struct rctx *cx, const struct sd_erase_stmt *s, struct node *nodes,
	   bool *empty)
{
	unsigned k = s->list.n, m = k + (s->via ? 1 : 0), i;
	sd_status st = er_symbol(cx, s->list.part[0], &nodes[0]);

	*empty = false;
	for (i = 0; !st && i < k; i++) {
		if ((nodes[i].t.flags & SD_ET_LIST_HEAD) && i + 2 < m)
			return er_warn(cx, "only one traversal entry is allowed after the list_head '%s'",
				    s->list.part[i]);
		if (i + 1 == k)
			break;
		if (!nodes[i].v) {
			*empty = true;
			break;
		}
		st = er_member(cx, &nodes[i], s->list.part[i + 1], &nodes[i + 1]);
	}
	return st;
}

static sd_status
resolve_list(struct rctx *cx, const struct sd_erase_stmt *s, struct list *l)
{
	struct node *nodes = calloc(s->list.n, sizeof(*nodes));
	bool empty;
	sd_status st;

	if (!nodes)
		return sd_fail(cx->err, SD_ERR_NOMEM, "erase filters: out of memory");
	memset(l, 0, sizeof(*l));
	cx->line = s->line;
	st = list_nodes(cx, s, nodes, &empty);
	if (!st && empty)
		l->shape = EMPTY;
	else if (!st && s->via && (nodes[s->list.n - 1].t.flags & SD_ET_ARRAY)) {
		er_warn(cx, "warning: 'via' is not needed for an array");
		l->s = nodes[s->list.n - 1];
		l->shape = ARRAY;
		l->out = l->s.t;
	} else if (!st && s->via) {
		l->s = nodes[s->list.n - 1];
		st = walk_to(cx, l, s->via);
	} else if (!st) {
		st = list_end(cx, s, l, nodes);
	}
	free(nodes);
	return st;
}

/* The iteration variable: its type, and for list_head lists the member. */
struct iter {
	struct node var;
	bool container;		/* elements are list_heads inside var's struct */
	long member_off;
};

static sd_status
init_container(struct rctx *cx, const struct sd_erase_stmt *s, struct iter *it)
{
	const char *m = s->within_member ? s->within_member : "list";
	struct sd_erase_type t;
	long size = -1;

	if (!s->within_struct)
		return er_warn(cx, "use 'within' to give StructName:ListHeadMember");
	if (cx->rv->types->struct_size(cx->rv->types_ctx, s->within_struct,
				       &size) || size < 0)
		return er_warn(cx, "can't find structure: %s", s->within_struct);
	memset(&t, 0, sizeof(t));
	if (cx->rv->types->member(cx->rv->types_ctx, s->within_struct, m,
				  &it->member_off, &t) || !t.name[0])
		return er_warn(cx, "struct '%s' has no member with name '%s'",
			       s->within_struct, m);
	if (strcmp(t.name, "list_head"))
		return er_warn(cx, "member '%s' is not of 'list_head' type", m);
	it->container = true;
	snprintf(it->var.t.name, sizeof(it->var.t.name), "%s", s->within_struct);
	it->var.t.size = size;
	it->var.t.flags = SD_ET_STRUCT;
	return SD_OK;
}

static sd_status
init_iter(struct rctx *cx, const struct sd_erase_stmt *s, const struct list *l,
	  struct iter *it)
{
	memset(it, 0, sizeof(*it));
	if (l->out.flags & SD_ET_LIST_HEAD)
		return init_container(cx, s, it);
	if (s->within_struct)
		er_warn(cx, "warning: 'within' is not needed for an array or a struct list");
	it->var.t = l->out;
	it->var.t.flags &= ~(unsigned)SD_ET_ARRAY;
	return SD_OK;
}

/* One element: every erase command of the loop, in order. */
static sd_status
element(struct rctx *cx, const struct sd_erase_stmt *s, struct iter *it,
	uint64_t v, uint64_t sym, long size, uint32_t *nodes)
{
	sd_status st = SD_OK;
	unsigned j;

	if (it->container) {
		it->var.v = v - (uint64_t)it->member_off;
	} else {
		it->var.v = v;
		it->var.sym = sym;
		it->var.t.size = size;
	}
	for (j = 0; !st && j < s->ncmd; j++)
		st = er_erase_cmd(cx, &s->cmd[j], &it->var, &nodes[j]);
	return st;
}

static sd_status
walk_array(struct rctx *cx, const struct sd_erase_stmt *s, struct list *l,
	   struct iter *it, uint32_t *nodes)
{
	const struct node *a = &l->s;
	sd_status st = SD_OK;
	long i;

	for (i = 0; !st && i < a->t.array_length; i++) {
		uint64_t slot, v;

		if (!(a->t.flags & SD_ET_PTR)) {
			slot = a->v + (uint64_t)i * (uint64_t)a->t.size;
			st = element(cx, s, it, slot, slot, a->t.size, nodes);
			continue;
		}
		slot = a->v + (uint64_t)i * POINTER_SIZE;
		v = er_read_ptr(cx, slot);
		if (!v)		/* NULL slots are skipped */
			continue;
		st = element(cx, s, it, v, slot,
			     strcmp(a->t.name, "char") ? a->t.size :
			     er_str_len(cx, v), nodes);
	}
	return st;
}

/* The next member again, at the node @base (a pointer is followed). */
static void
step(struct rctx *cx, struct list *l, uint64_t base)
{
	l->t.sym = base + (uint64_t)l->t_off;
	er_finish(cx, &l->t);
}

/* A warning; SKIP: what was erased stays, the rest of the list is left. */
static sd_status
too_long(struct rctx *cx, uint64_t head)
{
	return er_warn(cx, "the list at 0x%llx did not come back to its start after %llu elements (a loop?); the rest is not erased",
		       (unsigned long long)head,
		       (unsigned long long)cx->rv->max_iterations);
}

/* STRUCT via NEXT: until NULL or back at the first element. */
static sd_status
walk_structs(struct rctx *cx, const struct sd_erase_stmt *s, struct list *l,
	     struct iter *it, uint32_t *nodes)
{
	uint64_t v = l->s.v, sym = l->s.sym, first = 0, n = 0;
	sd_status st = SD_OK;

	while (!st && v && v != first) {
		if (n++ == cx->rv->max_iterations)
			return too_long(cx, l->s.v);
		if (!first)
			first = v;
		st = element(cx, s, it, v, sym, l->s.t.size, nodes);
		sym = l->t.sym;
		v = l->t.v;
		if (v)
			step(cx, l, v);
	}
	return st;
}

/* LISTHEAD within STRUCT:MEMBER: until back at the head. */
static sd_status
walk_heads(struct rctx *cx, const struct sd_erase_stmt *s, struct list *l,
	   struct iter *it, uint32_t *nodes)
{
	uint64_t head = l->s.sym, v = l->t.v, n = 0;
	sd_status st = SD_OK;

	while (!st && v != head) {
		if (n++ == cx->rv->max_iterations)
			return too_long(cx, head);
		st = element(cx, s, it, v, 0, it->var.t.size, nodes);
		if (!v)		/* a NULL next ends the walk after it */
			break;
		step(cx, l, v);
		v = l->t.v;
	}
	return st;
}

static sd_status
run_loop(struct rctx *cx, const struct sd_erase_stmt *s, uint32_t *nodes)
{
	struct list l;
	struct iter it;
	sd_status st = resolve_list(cx, s, &l);

	if (!st && l.shape != EMPTY)
		st = init_iter(cx, s, &l, &it);
	if (st || l.shape == EMPTY)
		return st;
	if (l.shape == ARRAY)
		return walk_array(cx, s, &l, &it, nodes);
	if (l.shape == STRUCT_LIST)
		return walk_structs(cx, s, &l, &it, nodes);
	return walk_heads(cx, s, &l, &it, nodes);
}

sd_status
sd_erase_resolve(const struct sd_erase_resolver *rv,
		 const struct sd_erase_config *c, struct sd_erase *e,
		 struct sd_err *err)
{
	struct rctx cx = { rv, c, e, err, 0 };
	sd_status st = SD_OK;
	unsigned i;

	for (i = 0; !st && i < c->nstmt; i++) {
		const struct sd_erase_stmt *s = &c->stmt[i];
		uint32_t *nodes = calloc(s->ncmd + 1, sizeof(*nodes));

		if (!nodes)
			return sd_fail(err, SD_ERR_NOMEM, "erase filters: out of memory");
		if (s->kind == SD_ERASE_PLAIN)
			st = er_erase_cmd(&cx, &s->cmd[0], NULL, &nodes[0]);
		else
			st = run_loop(&cx, s, nodes);
		free(nodes);
		if (st == SKIP)
			st = SD_OK;
	}
	return st;
}
