// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The erase list (makedumpfile's insertion rule), its application to
 * buffers (ranges across pages, left-out pages, overlaps, one cursor per
 * output), the erase information text, and the resolver over fake debug
 * information and memory (members, pointers, char *, nullify, size
 * symbols, arrays, 'via' and 'within' lists, a looping list).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sievedump/erase.h"
#include "../lib/tap.h"

enum { PS = 4096 };

static struct sd_budget budget;

static void
add(struct sd_erase *e, const char *expr, uint32_t *node, uint64_t paddr,
    uint64_t size, bool nullify)
{
	struct sd_err err;

	if (sd_erase_add(e, expr, node, paddr, paddr, size, nullify, &err))
		printf("# add failed: %s\n", err.msg);
}

static int
count(const uint8_t *b, size_t n, int ch)
{
	size_t i;
	int c = 0;

	for (i = 0; i < n; i++)
		c += b[i] == ch;
	return c;
}

static char *
text(struct sd_erase *e, uint64_t ks, uint64_t ke)
{
	struct sd_err err;
	char *t = NULL;
	size_t len;

	if (sd_erase_text(e, ks, ke, &t, &len, &err))
		return NULL;
	return t;
}

static void
test_list_and_apply(void)
{
	struct sd_erase e;
	struct sd_err err;
	uint32_t n1 = 0, n2 = 0, n3 = 0;
	static uint8_t pages[3 * PS];
	bool bad[3] = { false, false, false };
	char *t;

	sd_erase_init(&e, &budget);
	add(&e, "a", &n1, 100, 10, false);
	add(&e, "b", &n2, 100, 20, false);	/* same paddr: a widened */
	add(&e, "c", &n3, PS - 4, 8, false);	/* across pages 0 and 1 */
	add(&e, "c", &n3, 2 * PS + 10, 4, true);
	add(&e, "b", &n2, 104, 2, true);	/* overlaps a: both kept */
	ok(e.n == 4 && e.ninfo == 4, "a range at a listed paddr only widens it");
	ok(!sd_erase_finish(&e, &err) && e.r[0].paddr == 100 &&
	   e.r[0].size == 20 && e.r[1].paddr == 104, "sorted by paddr");
	ok(e.info[1].num_sizes == 1 && e.info[2].num_sizes == 2 &&
	   e.info[3].num_sizes == 1 && !strcmp(e.info[3].expr, "b"),
	   "a node per command at its first new range (b's widening made none), a slot per range");
	ok(sd_erase_elf_size(&e) ==
	   strlen("erase a size 20\nerase b nullify\nerase c size 8\nerase c nullify\n"),
	   "the ELF note size counts every range");

	ok(!sd_erase_begin(&e, 0, 0, &err), "begin an output");
	memset(pages, 0x11, sizeof(pages));
	sd_erase_pages(&e, 0, 0, 0, 3, PS, pages, bad);
	ok(count(pages + 100, 20, 'X') == 18 && pages[104] == 0 &&
	   pages[105] == 0, "the later range of the list writes last (nullify over X)");
	ok(count(pages + PS - 4, 8, 'X') == 8, "a range across two pages is written in both");
	ok(count(pages + 2 * PS + 10, 4, 0) == 4, "nullify writes zeros");
	t = text(&e, 0, 0);
	ok(t && !strcmp(t, "erase a size 20\nerase c size 8\nerase c nullify\nerase b nullify\n"),
	   "the erase information of the output, in node order");
	free(t);

	/* page 0 left out: its ranges and the rest of "c" never written */
	ok(!sd_erase_begin(&e, 0, 0, &err), "begin again (a retry)");
	memset(pages, 0x11, sizeof(pages));
	sd_erase_pages(&e, 0, 0, 1, 2, PS, pages + PS, NULL);
	ok(count(pages, 3 * PS, 'X') == 0,
	   "a range that starts in a left-out page is not written at all");
	t = text(&e, 0, 0);
	ok(t && !strcmp(t, "erase c erase c nullify\n"),
	   "a first slot that erased nothing has no size text");
	free(t);

	/* two --split parts: each its own pass */
	ok(!sd_erase_begin(&e, 0, 1, &err) && !sd_erase_begin(&e, 1, 3, &err),
	   "two parts");
	memset(pages, 0x11, sizeof(pages));
	sd_erase_pages(&e, 0, 1, 0, 1, PS, pages, NULL);
	sd_erase_pages(&e, 1, 3, 1, 2, PS, pages + PS, NULL);
	ok(count(pages + PS - 4, 4, 'X') == 4 && count(pages + PS, 4, 'X') == 0,
	   "a range begun in part 1 is not continued by part 2");
	t = text(&e, 1, 3);
	ok(t && !strcmp(t, "erase c erase c nullify\n"), "part 2's information");
	free(t);
	t = text(&e, 0, 1);
	ok(t && !strcmp(t, "erase a size 20\nerase c size 4\nerase c size 4\nerase b nullify\n"),
	   "part 1's: the bytes it wrote; an unused slot repeats the one before");
	free(t);
	sd_erase_fini(&e);
	ok(budget.used == 0, "everything given back to the budget");
}

static void
test_unaligned(void)
{
	struct sd_erase e;
	struct sd_err err;
	uint32_t n = 0;
	uint8_t buf[300];

	sd_erase_init(&e, &budget);
	add(&e, "x", &n, 1000, 500, false);
	ok(!sd_erase_finish(&e, &err) && !sd_erase_begin(&e, 0, 0, &err),
	   "one range of 500 bytes");
	memset(buf, 0, sizeof(buf));
	sd_erase_buffer(&e, 0, 0, 900, buf, 300);	/* [900, 1200) */
	ok(count(buf, 300, 'X') == 200 && buf[99] == 0 && buf[100] == 'X',
	   "a buffer not at a page boundary (an ELF segment's tail)");
	memset(buf, 0, sizeof(buf));
	sd_erase_buffer(&e, 0, 0, 1200, buf, 300);
	ok(count(buf, 300, 'X') == 300, "the rest goes on in the next buffer");
	sd_erase_fini(&e);
}

int test_resolve(void);

int
main(void)
{
	sd_budget_init(&budget, 0);
	test_list_and_apply();
	test_unaligned();
	test_resolve();
	return tap_done();
}
