/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by erase_resolve.c (expressions) and erase_loop.c (loops). */
#ifndef SIEVEDUMP_ERASE_RESOLVE_H
#define SIEVEDUMP_ERASE_RESOLVE_H

#include "sievedump/erase.h"

enum { POINTER_SIZE = 8 };

/* Resolved: an object's address (sym), and the address it leads to (v). */
struct node {
	uint64_t sym, v;
	struct sd_erase_type t;
};

struct rctx {
	const struct sd_erase_resolver *rv;
	const struct sd_erase_config *c;
	struct sd_erase *e;
	struct sd_err *err;
	int line;
};

#define SKIP SD_ERR_NODATA	/* the command is left out (warned) */

/* A warning naming the file and the current line; returns SKIP. */
sd_status er_warn(struct rctx *cx, const char *fmt, ...) SD_PRINTF(2, 3);
uint64_t er_read_ptr(struct rctx *cx, uint64_t addr);
/* A char * string's length, at most 1024; 0 if unreadable. */
long er_str_len(struct rctx *cx, uint64_t addr);
/* list_head flag, pointer followed, char * length: every resolved node. */
void er_finish(struct rctx *cx, struct node *n);
sd_status er_symbol(struct rctx *cx, const char *name, struct node *n);
sd_status er_member_at(struct rctx *cx, const struct node *base,
		    const char *name, struct node *n, long *off);
sd_status er_member(struct rctx *cx, const struct node *base, const char *name,
		 struct node *n);
/* One erase command for the loop element @var (NULL outside loops). */
sd_status er_erase_cmd(struct rctx *cx, const struct sd_erase_cmd *cmd,
		    const struct node *var, uint32_t *node);

#endif
