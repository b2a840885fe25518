// SPDX-License-Identifier: GPL-2.0-or-later
/* The erase resolver over a fake kernel (part of test-erase-apply). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sievedump/erase.h"
#include "../lib/tap.h"

#define V 0xffff888000000000ULL
enum { MEM = 64 << 10 };

static uint8_t mem[MEM];
static int warnings;

struct fsym {
	const char *name;
	uint64_t off;
	struct sd_erase_type t;
};

struct fmem {
	const char *s, *m;
	long off;
	struct sd_erase_type t;
};

#define T(n, sz, f, len) { n, sz, f, len }
static const struct fsym syms[] = {
	{ "banner", 0x100, T("char", 1, SD_ET_ARRAY | SD_ET_BASE, 64) },
	{ "mystruct", 0x200, T("s1", 64, SD_ET_STRUCT, -1) },
	{ "ptr", 0x300, T("s1", 64, SD_ET_PTR | SD_ET_STRUCT, -1) },
	{ "arr", 0x1000, T("s1", 64, SD_ET_ARRAY | SD_ET_STRUCT, 3) },
	{ "parr", 0x2000, T("char", 1, SD_ET_ARRAY | SD_ET_PTR | SD_ET_BASE, 4) },
	{ "head", 0x3000, T("list_head", 16, SD_ET_STRUCT, -1) },
	{ "loopp", 0x6000, T("s1", 64, SD_ET_PTR | SD_ET_STRUCT, -1) },
};

static const struct fmem members[] = {
	{ "s1", "next", 0, T("s1", 64, SD_ET_PTR | SD_ET_STRUCT, -1) },
	{ "s1", "list", 8, T("list_head", 16, SD_ET_STRUCT, -1) },
	{ "s1", "priv", 24, T("char", 1, SD_ET_ARRAY | SD_ET_BASE, 16) },
	{ "s1", "key", 40, T("void", 8, SD_ET_PTR, -1) },
	{ "s1", "key_size", 48, T("long int", 8, SD_ET_BASE, -1) },
	{ "s1", "name", 56, T("char", 1, SD_ET_PTR | SD_ET_BASE, -1) },
	{ "list_head", "next", 0, T("list_head", 16, SD_ET_PTR | SD_ET_STRUCT, -1) },
	{ "list_head", "prev", 8, T("list_head", 16, SD_ET_PTR | SD_ET_STRUCT, -1) },
};

static sd_status
f_symbol(void *ctx, const char *name, uint64_t *addr, struct sd_erase_type *t)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < sizeof(syms) / sizeof(syms[0]); i++)
		if (!strcmp(syms[i].name, name)) {
			*addr = V + syms[i].off;
			*t = syms[i].t;
			return SD_OK;
		}
	return SD_ERR_NODATA;
}

static sd_status
f_member(void *ctx, const char *s, const char *m, long *off,
	 struct sd_erase_type *t)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < sizeof(members) / sizeof(members[0]); i++)
		if (!strcmp(members[i].s, s) && !strcmp(members[i].m, m)) {
			*off = members[i].off;
			*t = members[i].t;
			return SD_OK;
		}
	return SD_ERR_NODATA;
}

static sd_status
f_size(void *ctx, const char *s, long *size)
{
	(void)ctx;
	if (strcmp(s, "s1"))
		return SD_ERR_NODATA;
	*size = 64;
	return SD_OK;
}

static sd_status
f_read(void *ctx, uint64_t vaddr, void *buf, size_t len)
{
	(void)ctx;
	if (vaddr < V || vaddr - V > MEM || len > MEM - (vaddr - V))
		return SD_ERR_UNREADABLE;
	memcpy(buf, mem + (vaddr - V), len);
	return SD_OK;
}

static uint64_t
f_vtop(void *ctx, uint64_t vaddr)
{
	(void)ctx;
	return vaddr >= V && vaddr - V < MEM ? vaddr - V : UINT64_MAX;
}

static void
f_warn(void *ctx, const char *msg)
{
	(void)ctx;
	printf("# warning: %s\n", msg);
	warnings++;
}

static const struct sd_erase_types_ops ftypes = { f_symbol, f_member, f_size };
static const struct sd_erase_mem_ops fmemops = { f_read, f_vtop };

static void
put64(uint64_t off, uint64_t v)
{
	memcpy(mem + off, &v, 8);
}

static void
build(void)
{
	put64(0x200 + 0, V + 0x400);		/* mystruct.next */
	put64(0x200 + 56, V + 0x800);		/* mystruct.name */
	strcpy((char *)mem + 0x800, "hello");
	put64(0x200 + 40, V + 0x900);		/* mystruct.key */
	put64(0x200 + 48, 12);			/* mystruct.key_size */
	put64(0x300, V + 0x400);		/* ptr */
	put64(0x2000, V + 0x2100);		/* parr[0] */
	put64(0x2010, V + 0x2200);		/* parr[2]; [1] and [3] NULL */
	strcpy((char *)mem + 0x2100, "ab");
	strcpy((char *)mem + 0x2200, "cdef");
	put64(0x3000, V + 0x4008);		/* head.next */
	put64(0x4008, V + 0x5008);
	put64(0x5008, V + 0x3000);
	put64(0x6000, V + 0x6100);		/* loopp -> A -> B -> B ... */
	put64(0x6100, V + 0x6200);
	put64(0x6200, V + 0x6200);
}

/* The range at @paddr: its size (0 if none), *@nullify. */
static uint64_t
range(const struct sd_erase *e, uint64_t paddr, bool *nullify)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		if (e->r[i].paddr == paddr) {
			if (nullify)
				*nullify = e->r[i].nullify;
			return e->r[i].size;
		}
	return 0;
}

static const char conf[] =
	"erase banner\n"					/* 1 */
	"erase mystruct.priv size 4\n"
	"erase mystruct.name\n"
	"erase mystruct.key nullify\n"
	"erase mystruct.key size mystruct.key_size\n"		/* 5 */
	"erase mystruct.key\n"
	"erase ptr.priv\n"
	"erase nosuch\n"
	"erase mystruct.nosuch\n"
	"for x in arr\n erase x.priv size 2\nendfor\n"		/* 10 */
	"for p in parr\n erase p\nendfor\n"
	"for m in mystruct via next\n erase m.key_size\nendfor\n"
	"for m in head within s1:list\n erase m.key_size\nendfor\n"
	"for m in loopp via next\n erase m.key_size\nendfor\n";

int test_resolve(void);

int
test_resolve(void)
{
	struct sd_budget b;
	struct sd_erase e;
	struct sd_erase_config *c = NULL;
	struct sd_erase_resolver rv = { &ftypes, NULL, &fmemops, NULL, f_warn,
					NULL, 10 };
	struct sd_err err;
	bool nul = false;
	sd_status st;

	build();
	sd_budget_init(&b, 0);
	sd_erase_init(&e, &b);
	st = sd_erase_config_parse("t.conf", conf, sizeof(conf) - 1, &c, &err);
	ok(!st, "the test filter parses");
	if (st)
		return 1;
	st = sd_erase_resolve(&rv, c, &e, &err);
	ok(!st && !sd_erase_finish(&e, &err), "it resolves");
	ok(range(&e, 0x100, NULL) == 64, "an array symbol: length x element size");
	ok(range(&e, 0x200 + 24, NULL) == 4, "a member with size N");
	ok(range(&e, 0x800, NULL) == 5, "a char * member: the string, its length");
	ok(range(&e, 0x200 + 40, &nul) == 8 && nul, "nullify: the pointer itself, 8 bytes");
	ok(range(&e, 0x900, NULL) == 12, "size SYMBOL: the integer it holds");
	ok(range(&e, 0x400 + 24, NULL) == 16, "a pointer on the way is followed");
	ok(warnings >= 3, "unknown symbol, unknown member and the looping list warned");
	ok(range(&e, 0x1000 + 24, NULL) == 2 && range(&e, 0x1040 + 24, NULL) == 2 &&
	   range(&e, 0x1080 + 24, NULL) == 2, "for in an array of structs");
	ok(range(&e, 0x2100, NULL) == 2 && range(&e, 0x2200, NULL) == 4,
	   "for in an array of char *: NULL slots skipped, string lengths");
	ok(range(&e, 0x200 + 48, NULL) == 8 && range(&e, 0x400 + 48, NULL) == 8,
	   "via: the struct itself, then where next leads, until NULL");
	ok(range(&e, 0x4000 + 48, NULL) == 8 && range(&e, 0x5000 + 48, NULL) == 8 &&
	   range(&e, 0x3000 - 8 + 48, NULL) == 0, "within: container_of each node, the head left out");
	ok(range(&e, 0x6100 + 48, NULL) == 8 && range(&e, 0x6200 + 48, NULL) == 8,
	   "a list looping past its start stops at the limit");
	ok(e.n == 17, "no range for a void * without size, nor for what warned");
	sd_erase_fini(&e);
	ok(b.used == 0, "the resolver's list given back to the budget");
	return 0;
}
